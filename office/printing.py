"""The print queue's rules: which job prints next, and what a success or a failure does.

A job is claimed (pending -> printing) before its bytes go out and marked done after, each
in its own short transaction with its event row. A failure puts it back as pending with a
growing delay. A job left `printing` by a crash is released at start-up and printed again:
a duplicate slip (same number) is harmless, a citizen without one is not.
"""

from datetime import timedelta

from peewee import fn

from office.clock import Clock, to_millis
from office.db import database
from office.events import EventBus
from office.models import Event, PrintJob, Ticket

# Seconds before retry n (1-based); the last value repeats.
BACKOFF_S = (1, 2, 5, 10, 30, 60)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=BACKOFF_S[min(max(attempts, 1), len(BACKOFF_S)) - 1])


def next_due(now, printers: list[str] | None = None, exclude_printers: list[str] = ()) -> PrintJob | None:
    """The oldest pending job whose time has come (optionally only for some printers, or
    leaving out printers that are busy)."""
    query = PrintJob.select().where((PrintJob.status == PrintJob.PENDING) & (PrintJob.next_attempt_at <= now))
    if printers is not None:
        query = query.where(PrintJob.printer.in_(printers))
    if exclude_printers:
        query = query.where(PrintJob.printer.not_in(list(exclude_printers)))
    return query.order_by(PrintJob.next_attempt_at, PrintJob.id).first()


def seconds_until_next(now) -> float | None:
    """How long until some pending job is due (None if none is pending)."""
    earliest = PrintJob.select(fn.MIN(PrintJob.next_attempt_at)).where(PrintJob.status == PrintJob.PENDING).scalar()
    if earliest is None:
        return None
    earliest_ms = earliest if isinstance(earliest, int) else to_millis(earliest)
    return max(0.0, (earliest_ms - to_millis(now)) / 1000.0)


def claim(job_id: int, now) -> PrintJob | None:
    """Take a pending job for printing; None if another spool took it first."""
    with database.atomic():
        updated = (
            PrintJob.update(status=PrintJob.PRINTING, attempts=PrintJob.attempts + 1)
            .where((PrintJob.id == job_id) & (PrintJob.status == PrintJob.PENDING))
            .execute()
        )
    return PrintJob.get_by_id(job_id) if updated == 1 else None


def mark_printed(job: PrintJob, *, clock: Clock, bus: EventBus) -> None:
    """The slip is out: the job is done."""
    now = clock()
    with database.atomic():
        PrintJob.update(status=PrintJob.DONE, printed_at=now, last_error=None).where(PrintJob.id == job.id).execute()
        event = _log("printed", job, now, {"printer": job.printer, "attempts": job.attempts})
    bus.publish(event)


def mark_failed(job: PrintJob, reason: str, *, clock: Clock, bus: EventBus) -> None:
    """Back to pending, to be retried after a delay that grows with each attempt."""
    reason = (reason or "unknown error")[:300]
    now = clock()
    with database.atomic():
        PrintJob.update(status=PrintJob.PENDING, next_attempt_at=now + backoff(job.attempts), last_error=reason).where(
            PrintJob.id == job.id
        ).execute()
        event = _log("print_failed", job, now, {"printer": job.printer, "attempts": job.attempts, "reason": reason})
    bus.publish(event)


def release_stale() -> int:
    """Jobs a stopped spool left `printing` go back to pending (at start-up)."""
    with database.atomic():
        return PrintJob.update(status=PrintJob.PENDING).where(PrintJob.status == PrintJob.PRINTING).execute()


def printer_health(printer: str) -> dict:
    """Whether a kiosk's printer is working, judged by its queue: a job that has already
    failed and still waits means the printer is down."""
    stuck = (
        PrintJob.select()
        .where((PrintJob.printer == printer) & (PrintJob.status != PrintJob.DONE) & PrintJob.last_error.is_null(False))
        .order_by(PrintJob.id)
    )
    pending = PrintJob.select().where((PrintJob.printer == printer) & (PrintJob.status != PrintJob.DONE)).count()
    first = stuck.first()
    return {
        "printer": printer,
        "ok": first is None,
        "reason": first.last_error if first else None,
        "pending": pending,
    }


def _log(kind: str, job: PrintJob, now, details: dict) -> Event:
    ticket = Ticket.get_by_id(job.ticket_id)
    return Event.create(at=now, kind=kind, ticket=ticket, service=ticket.service_id, details=details)
