"""The print spool: prints queued tickets in the background, never in the kiosk's request.

Jobs live in the database (written with their ticket, see office.printing). The spool wakes
when a ticket is issued (or every few seconds), claims due jobs, lays each ticket out and
sends it in a worker thread, and records the result. One printer that is down delays only its
own kiosk's jobs: each printer has its own worker, and a failing job is retried with a
growing delay while the kiosk shows citizens that its printer is down.
"""

import copy
import logging
from dataclasses import dataclass

from office import printing
from office.citizen_view import place_in_line
from office.db import connection_if_closed, database
from office.models import Kiosk, PrintJob, Service, Ticket
from office.printers import kiosk_printer_spec
from office.representation import status_url
from printer.backends import PrinterUnavailable, open_printer, ticket_width
from printer.escpos_job import load_profile, print_ticket, profile_width
from printer.layout import paper_dots, render_ticket
from printer.ticket import TicketPrint

log = logging.getLogger(__name__)

IDLE_POLL_S = 5.0


@dataclass(frozen=True)
class KioskPrinter:
    spec: str  # a printer setting (office/printers.py)
    paper_width_mm: int | None  # None: the printer profile's


def kiosk_printer(config, kiosk: str) -> KioskPrinter:
    """The printer of a kiosk and its paper: the kiosk's own, as the administrator set it in
    the database, else its entry in PRINTERS, else the office's PRINTER. Read at every job,
    so a change in the browser applies to the next ticket."""
    with connection_if_closed():
        row = Kiosk.select(Kiosk.printer, Kiosk.paper_width_mm).where(Kiosk.name == kiosk).first()
    spec = kiosk_printer_spec(row.printer if row else None, config.get("PRINTERS"), config["PRINTER"], kiosk)
    return KioskPrinter(spec, row.paper_width_mm if row else None)


def printer_spec(config, kiosk: str) -> str:
    """The printer setting a kiosk prints with (see kiosk_printer)."""
    return kiosk_printer(config, kiosk).spec


def ticket_print(ticket: Ticket, config) -> TicketPrint:
    """What goes on the slip, read from the database (in the spool's green thread). The people
    ahead and the wait are the citizen's place when it prints (office.citizen_view), as the
    status page shows it."""
    service = Service.get_by_id(ticket.service_id)
    place = place_in_line(ticket, config["CLOCK"]())
    return TicketPrint(
        office_name=config["OFFICE_NAME"],
        office_name_km=config.get("OFFICE_NAME_KM") or "",
        number=ticket.number,
        service_name_km=service.name_km,
        service_name_en=service.name_en,
        fee_riel=ticket.fee_riel,  # as issued, though the fee has changed since
        issued_at=ticket.issued_at,
        people_ahead=place.ahead,
        estimated_wait_s=place.estimated_wait_s,
        status_url=status_url(config["PUBLIC_URL"], ticket.token),
        timezone=config["TIMEZONE"],
    )


def sample_slip(config) -> TicketPrint:
    """A ticket that is clearly a test, for `onewindow printer test`."""
    return TicketPrint(
        office_name=config["OFFICE_NAME"],
        office_name_km=config.get("OFFICE_NAME_KM") or "",
        number="T000",
        service_name_km="សាកល្បងម៉ាស៊ីនបោះពុម្ព",
        service_name_en="Printer test (not a ticket)",
        fee_riel=None,
        issued_at=config["CLOCK"](),
        people_ahead=0,
        estimated_wait_s=None,
        status_url=(config.get("PUBLIC_URL") or "http://127.0.0.1:5000") + "/",
        timezone=config["TIMEZONE"],
    )


def print_slip(
    spec: str, slip: TicketPrint, *, profile: str | None, timeout: float, paper_width_mm: int | None = None
) -> None:
    """Lay out and print one ticket (blocking: run it in a worker thread), as wide as the
    kiosk's paper (80 mm: 576 dots, 58 mm: 384), or as the printer profile says."""
    width = paper_dots(paper_width_mm) if paper_width_mm else ticket_width(profile)
    image = render_ticket(slip, width=width)
    print_ticket(open_printer(spec, timeout=timeout, profile=profile_for_paper(profile, width)), image)


def profile_for_paper(profile: str | None, width: int):
    """The printer profile, told that its head is `width` dots wide: the kiosk's paper, as the
    administrator set it, wins over the office-wide profile's (another model of printer)."""
    loaded = load_profile(profile)
    if profile_width(loaded) != width:
        data = copy.deepcopy(loaded.profile_data)
        data.setdefault("media", {}).setdefault("width", {})["pixels"] = width
        loaded.profile_data = data
    return loaded


class PrintSpool:
    def __init__(self, app, socketio):
        self.app, self.socketio = app, socketio
        self.run_blocking = app.extensions["onewindow.run_blocking"]
        self.wake = socketio.server.eio.create_event()
        self.busy: set[str] = set()  # printers with a job in flight

    def start(self) -> None:
        with self.app.app_context(), database.connection_context():
            released = printing.release_stale()
        if released:
            log.warning("%d print job(s) interrupted by a stop will be printed again", released)
        self.app.extensions["onewindow.events"].subscribe("print-spool", self._on_event)
        self.socketio.start_background_task(self._run)

    def _on_event(self, event) -> None:
        if event.kind == "issued":
            self.wake.set()

    def _run(self) -> None:
        while True:
            try:
                pause = self._dispatch_due()
            except Exception:
                log.exception("print spool: could not read the queue")
                pause = IDLE_POLL_S
            self.wake.wait(timeout=pause)
            self.wake.clear()

    def _dispatch_due(self) -> float:
        """Start a worker for each due job whose printer is free; how long to sleep after."""
        clock = self.app.config["CLOCK"]
        with self.app.app_context(), database.connection_context():
            while True:
                due = printing.next_due(clock(), exclude_printers=sorted(self.busy))
                if due is None:
                    break
                self.busy.add(due.printer)
                self.socketio.start_background_task(self._print, due.id, due.printer)
            pause = printing.seconds_until_next(clock())
        return IDLE_POLL_S if pause is None else min(max(pause, 0.05), IDLE_POLL_S)

    def _print(self, job_id: int, kiosk: str) -> None:
        config, clock = self.app.config, self.app.config["CLOCK"]
        try:
            with self.app.app_context(), database.connection_context():
                job = printing.claim(job_id, clock())
                if job is None:
                    return
                slip = ticket_print(Ticket.get_by_id(job.ticket_id), config)
                printer = kiosk_printer(config, kiosk)
            reason = None
            try:
                self.run_blocking(
                    print_slip,
                    printer.spec,
                    slip,
                    profile=config["PRINTER_PROFILE"],
                    timeout=config["PRINTER_TIMEOUT_S"],
                    paper_width_mm=printer.paper_width_mm,
                )
            except PrinterUnavailable as error:
                reason = error.reason
            except Exception as error:  # a layout bug must not lose the job either
                log.exception("printing ticket %s failed", slip.number)
                reason = f"internal error: {type(error).__name__}"
            bus = self.app.extensions["onewindow.events"]
            with self.app.app_context(), database.connection_context():
                job = PrintJob.get_by_id(job_id)
                if reason is None:
                    printing.mark_printed(job, clock=clock, bus=bus)
                else:
                    log.warning("printer of %s: %s (ticket %s, attempt %d)", kiosk, reason, slip.number, job.attempts)
                    printing.mark_failed(job, reason, clock=clock, bus=bus)
        finally:
            self.busy.discard(kiosk)
            self.wake.set()
