"""The print spool in the real server, printing to a fake network printer on 127.0.0.1:
each ticket prints exactly once, whatever the printer does, and issuing never waits for it."""

import time

import pytest
import requests
import zxingcpp

from tests.e2e.conftest import free_port
from tests.printer.conftest import FakePrinter, in_turn, never_read, record_until_eof, reset_after
from tests.printer.escpos_decode import decode, raster_image

pytestmark = pytest.mark.e2e


@pytest.fixture
def printer_port():
    return free_port()


@pytest.fixture
def printers():
    started = []

    def start(behaviour, port: int) -> FakePrinter:
        # A printer's buffer is small; loopback's is megabytes and would swallow a whole job
        # that the "printer" never reads.
        started.append(FakePrinter(behaviour, port=port, rcvbuf=4096))
        return started[-1]

    yield start
    for printer in started:
        printer.close()


@pytest.fixture
def office(start_server, printer_port):
    return start_server(
        extra_env={"ONEWINDOW_PRINTER": f"network:127.0.0.1:{printer_port}", "ONEWINDOW_PRINTER_TIMEOUT_S": "1"}
    )


def take_at_kiosk(server, service_id: int = 1) -> dict:
    """A ticket from the enrolled kiosk "hall" (enrolled at its first ticket)."""
    if not hasattr(server, "hall_key"):
        server.hall_key = server.enrol_kiosk("hall")
    response = requests.post(
        f"{server.api}/tickets",
        json={"service_id": service_id, "kiosk": "hall"},
        headers={"X-Kiosk-Key": server.hall_key},
        timeout=5,
    )
    assert response.status_code == 201, response.text
    return response.json()


def printer_health(server) -> dict:
    return requests.get(f"{server.api}/kiosks/hall/printer", timeout=5).json()["printer"]


def wait_until(condition, timeout: float = 15.0, every: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"not true within {timeout} s: {condition}")


def complete_jobs(printer: FakePrinter) -> list[bytes]:
    """Connections that carried a whole ticket: initialise, the raster image (python-escpos
    sends a tall one in slices), and one cut at the end."""
    jobs = []
    for data in list(printer.received):
        try:
            commands = [c.name for c in decode(data)]
        except ValueError:  # cut short: the printer reset the connection mid-job
            continue
        if commands[:1] == ["init"] and "raster" in commands and commands.count("cut") == 1 and commands[-1] == "cut":
            jobs.append(data)
    return jobs


def qr_code(job: bytes) -> str:
    """The status-page address in the QR code of a printed ticket: which ticket it was."""
    [code] = zxingcpp.read_barcodes(raster_image(decode(job)).convert("L"))
    return code.text


def printed_tickets(printer: FakePrinter) -> list[str]:
    """The status-page address of every whole ticket the printer received, in order."""
    return [qr_code(job) for job in complete_jobs(printer)]


def print_record(server, ticket_id: int) -> dict:
    """What the server's database says about printing a ticket: its print jobs (status,
    attempts) and its print events, in order."""
    jobs = server.rows("SELECT status, attempts FROM print_job WHERE ticket_id = ? ORDER BY id", ticket_id)
    events = server.rows(
        "SELECT kind FROM event WHERE ticket_id = ? AND kind IN ('printed', 'print_failed') ORDER BY id", ticket_id
    )
    return {"jobs": jobs, "events": [kind for (kind,) in events]}


def wait_until_printed(server, ticket_id: int, timeout: float = 15.0) -> dict:
    """Wait until the database records the ticket as printed; its print record then."""

    def printed():
        record = print_record(server, ticket_id)
        return record["jobs"] and all(status == "done" for status, _ in record["jobs"]) and record

    return wait_until(printed, timeout=timeout)


def spool_moved_on(server, printer: FakePrinter) -> dict:
    """Take one more ticket at the same kiosk and wait until it is printed, on paper and in the
    database. The spool prints one job at a time per printer, oldest due first, so by then it
    has finished with every earlier ticket: what they show now is final."""
    marker = take_at_kiosk(server)
    wait_until_printed(server, marker["ticket"]["id"])
    url = marker["ticket"]["status_url"]
    wait_until(lambda: (jobs := complete_jobs(printer)) and qr_code(jobs[-1]) == url)
    return marker


def test_a_kiosk_ticket_prints_once_with_a_qr_code_of_its_status_page(office, printers, printer_port):
    printer = printers(record_until_eof, printer_port)
    issued = take_at_kiosk(office)
    ticket = issued["ticket"]
    assert issued["print"]["printer"] == "hall"
    printed_once = {"jobs": [("done", 1)], "events": ["printed"]}
    assert wait_until_printed(office, ticket["id"]) == printed_once
    marker = spool_moved_on(office, printer)
    assert print_record(office, ticket["id"]) == printed_once
    assert len(printer.received) == 2  # one connection per ticket: no second copy
    image = raster_image(decode(complete_jobs(printer)[0]))
    assert image.width == 576
    assert [c.text for c in zxingcpp.read_barcodes(image.convert("L"))] == [ticket["status_url"]]
    assert printed_tickets(printer) == [ticket["status_url"], marker["ticket"]["status_url"]]
    assert printer_health(office)["pending"] == 0


def test_a_printer_that_was_off_prints_the_ticket_once_it_is_back(office, printers, printer_port):
    ticket = take_at_kiosk(office)["ticket"]  # nobody listens: connection refused
    down = wait_until(lambda: (h := printer_health(office)) and not h["ok"] and h)
    assert "refused" in down["reason"]
    printer = printers(record_until_eof, printer_port)
    record = wait_until_printed(office, ticket["id"])
    *failures, last = record["events"]
    assert failures and set(failures) == {"print_failed"} and last == "printed"
    assert record["jobs"] == [("done", len(record["events"]))]  # one event per attempt
    assert printer_health(office)["ok"]
    marker = spool_moved_on(office, printer)
    assert print_record(office, ticket["id"]) == record
    assert printed_tickets(printer) == [ticket["status_url"], marker["ticket"]["status_url"]]
    assert len(printer.received) == 2


def test_a_reset_mid_job_prints_the_whole_ticket_again_once(office, printers, printer_port):
    printer = printers(in_turn(reset_after(2000), record_until_eof), printer_port)
    ticket = take_at_kiosk(office)["ticket"]
    reset_then_printed = {"jobs": [("done", 2)], "events": ["print_failed", "printed"]}
    assert wait_until_printed(office, ticket["id"]) == reset_then_printed
    marker = spool_moved_on(office, printer)
    assert print_record(office, ticket["id"]) == reset_then_printed
    assert len(printer.received) == 3  # the cut-short job, the whole one, the next ticket
    assert len(printer.received[0]) < 2001
    assert printed_tickets(printer) == [ticket["status_url"], marker["ticket"]["status_url"]]


def test_a_printer_that_never_answers_times_out_and_the_ticket_prints_later(office, printers, printer_port):
    printer = printers(in_turn(never_read, record_until_eof), printer_port)
    ticket = take_at_kiosk(office)["ticket"]
    wait_until(lambda: not printer_health(office)["ok"])
    timed_out_then_printed = {"jobs": [("done", 2)], "events": ["print_failed", "printed"]}
    assert wait_until_printed(office, ticket["id"], timeout=20) == timed_out_then_printed
    marker = spool_moved_on(office, printer)
    assert print_record(office, ticket["id"]) == timed_out_then_printed
    assert printed_tickets(printer) == [ticket["status_url"], marker["ticket"]["status_url"]]


def test_issuing_goes_on_while_the_printer_is_stuck(office, printers, printer_port):
    printers(never_read, printer_port)
    numbers = [take_at_kiosk(office)["ticket"]["number"] for _ in range(5)]
    assert numbers == ["A001", "A002", "A003", "A004", "A005"]
    assert printer_health(office)["pending"] >= 1


def test_a_job_pending_when_the_server_dies_prints_once_after_the_restart(office, printers, printer_port):
    ticket = take_at_kiosk(office)["ticket"]
    wait_until(lambda: not printer_health(office)["ok"])
    office.kill()
    printer = printers(record_until_eof, printer_port)
    office.restart()
    record = wait_until_printed(office, ticket["id"])
    assert record["events"].count("printed") == 1 and record["events"][-1] == "printed"
    assert len(record["jobs"]) == 1
    marker = spool_moved_on(office, printer)
    assert print_record(office, ticket["id"]) == record
    assert printed_tickets(printer) == [ticket["status_url"], marker["ticket"]["status_url"]]
