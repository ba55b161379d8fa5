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
    response = requests.post(f"{server.api}/tickets", json={"service_id": service_id, "kiosk": "hall"}, timeout=5)
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


def test_a_kiosk_ticket_prints_once_with_a_qr_code_of_its_status_page(office, printers, printer_port):
    printer = printers(record_until_eof, printer_port)
    issued = take_at_kiosk(office)
    assert issued["print"]["printer"] == "hall"
    printer.wait_for_connections(1)
    time.sleep(1.0)  # would a second copy come?
    assert len(printer.received) == 1
    [job] = complete_jobs(printer)
    image = raster_image(decode(job))
    assert image.width == 576
    codes = zxingcpp.read_barcodes(image.convert("L"))
    assert [c.text for c in codes] == [issued["ticket"]["status_url"]]
    assert wait_until(lambda: printer_health(office)["pending"] == 0)


def test_a_printer_that_was_off_prints_the_ticket_once_it_is_back(office, printers, printer_port):
    take_at_kiosk(office)  # nobody listens: connection refused
    down = wait_until(lambda: (h := printer_health(office)) and not h["ok"] and h)
    assert "refused" in down["reason"]
    printer = printers(record_until_eof, printer_port)
    printer.wait_for_connections(1, timeout=15)
    assert wait_until(lambda: printer_health(office)["ok"])
    time.sleep(1.5)
    assert len(complete_jobs(printer)) == 1


def test_a_reset_mid_job_prints_the_whole_ticket_again_once(office, printers, printer_port):
    printer = printers(in_turn(reset_after(2000), record_until_eof), printer_port)
    take_at_kiosk(office)
    printer.wait_for_connections(2, timeout=15)
    time.sleep(1.5)
    assert len(printer.received) == 2
    assert len(printer.received[0]) < 2001
    assert len(complete_jobs(printer)) == 1


def test_a_printer_that_never_answers_times_out_and_the_ticket_prints_later(office, printers, printer_port):
    printer = printers(in_turn(never_read, record_until_eof), printer_port)
    take_at_kiosk(office)
    wait_until(lambda: not printer_health(office)["ok"])
    wait_until(lambda: len(complete_jobs(printer)) == 1, timeout=20)
    time.sleep(1.5)
    assert len(complete_jobs(printer)) == 1


def test_issuing_goes_on_while_the_printer_is_stuck(office, printers, printer_port):
    printers(never_read, printer_port)
    numbers = [take_at_kiosk(office)["ticket"]["number"] for _ in range(5)]
    assert numbers == ["A001", "A002", "A003", "A004", "A005"]
    assert printer_health(office)["pending"] >= 1


def test_a_job_pending_when_the_server_dies_prints_once_after_the_restart(office, printers, printer_port):
    take_at_kiosk(office)
    wait_until(lambda: not printer_health(office)["ok"])
    office.kill()
    printer = printers(record_until_eof, printer_port)
    office.restart()
    printer.wait_for_connections(1, timeout=15)
    time.sleep(1.5)
    assert len(complete_jobs(printer)) == 1
