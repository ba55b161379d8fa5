"""Every way a network printer fails ends as PrinterUnavailable, within the timeout."""

import select
import socket
import time

import pytest
from PIL import Image

from printer.backends import open_printer, printer_status
from printer.errors import PrinterUnavailable
from printer.escpos_job import print_ticket
from printer.layout import render_ticket
from tests.printer.conftest import make_ticket, never_read, reset_after

TIMEOUT = 0.5
SLACK = 1.5  # scheduling on a busy 2-core machine


@pytest.fixture(scope="module")
def big_job_image():
    """A tall picture (~430 KB of raster), far more than the socket buffers between us hold."""
    stripes = Image.new("1", (576, 6000), 1)
    for y in range(0, 6000, 4):
        stripes.paste(0, (0, y, 576, y + 1))
    return stripes


def fails_within_timeout(spec, image, *, timeout=TIMEOUT) -> tuple[PrinterUnavailable, float]:
    started = time.monotonic()
    with pytest.raises(PrinterUnavailable) as caught:
        print_ticket(open_printer(spec, timeout=timeout), image)
    return caught.value, time.monotonic() - started


def test_connection_refused(unused_port):
    image = render_ticket(make_ticket())
    error, elapsed = fails_within_timeout(f"network:127.0.0.1:{unused_port.getsockname()[1]}", image)
    assert "refused" in error.reason
    assert elapsed < TIMEOUT
    assert error.spec == f"network:127.0.0.1:{unused_port.getsockname()[1]}"
    assert str(error).startswith("printer network:127.0.0.1:")
    assert isinstance(error.__cause__, Exception)  # the original error stays attached for the log


def test_a_printer_that_accepts_but_never_reads_times_out(fake_printer, big_job_image):
    jammed = fake_printer(never_read, rcvbuf=4096)
    error, elapsed = fails_within_timeout(jammed.spec, big_job_image)
    assert "timed out" in error.reason
    assert TIMEOUT <= elapsed < TIMEOUT + SLACK


def test_a_printer_that_never_reads_a_small_ticket_times_out_too(fake_printer):
    # The whole ticket fits in our kernel's send buffer: only waiting for the printer's
    # acknowledgements tells that it never took it. (A printer's network card buffers a few KB.)
    jammed = fake_printer(never_read, rcvbuf=4096)
    error, elapsed = fails_within_timeout(jammed.spec, render_ticket(make_ticket(), width=384))
    assert "timed out" in error.reason
    assert TIMEOUT <= elapsed < TIMEOUT + SLACK


def test_a_reset_in_the_middle_of_the_job(fake_printer, big_job_image):
    resetting = fake_printer(reset_after(20_000), rcvbuf=4096)
    error, elapsed = fails_within_timeout(resetting.spec, big_job_image)
    assert "reset" in error.reason
    assert elapsed < TIMEOUT + SLACK
    [received] = resetting.wait_for_connections(1)
    assert received.startswith(b"\x1b@") and len(received) == 20_000


def test_a_printer_whose_connection_queue_is_full_times_out_connecting(fake_printer):
    # Nobody accepts: listen(0) queues one connection; the fillers take that place and more.
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(0)
    port = server.getsockname()[1]
    fillers = []
    try:
        for _ in range(3):
            filler = socket.socket()
            filler.setblocking(False)
            filler.connect_ex(("127.0.0.1", port))
            fillers.append(filler)
        # the queue is full once a filler's handshake is done (its socket turns writable)
        _, connected, _ = select.select([], fillers, [], 5)
        assert connected, "no filler connection got into the queue"
        error, elapsed = fails_within_timeout(f"network:127.0.0.1:{port}", render_ticket(make_ticket()))
        assert "timed out" in error.reason
        assert TIMEOUT <= elapsed < TIMEOUT + SLACK
    finally:
        for filler in fillers:
            filler.close()
        server.close()


def test_an_unknown_host_name():
    error, _ = fails_within_timeout("network:printer.invalid", render_ticket(make_ticket()), timeout=2)
    assert "unknown host" in error.reason


def test_the_same_printer_object_works_again_once_the_printer_is_back(unused_port):
    import threading

    from tests.printer.conftest import record_until_eof

    image = render_ticket(make_ticket())
    printer = open_printer(f"network:127.0.0.1:{unused_port.getsockname()[1]}", timeout=TIMEOUT)
    with pytest.raises(PrinterUnavailable):
        print_ticket(printer, image)
    unused_port.listen(1)  # the printer is switched on
    received = []
    thread = threading.Thread(target=lambda: received.append(record_until_eof(unused_port.accept()[0], None)))
    thread.start()
    print_ticket(printer, image)
    thread.join(timeout=5)
    assert received and received[0].startswith(b"\x1b@")


def test_status_reports_the_same_faults_without_hanging(unused_port, fake_printer):
    started = time.monotonic()
    status = printer_status(f"network:127.0.0.1:{unused_port.getsockname()[1]}", timeout=TIMEOUT)
    assert status["ok"] is False and "refused" in status["reason"]
    jammed = fake_printer(never_read)
    status = printer_status(jammed.spec, timeout=TIMEOUT)  # connects; the status query gets no answer
    assert status == {"ok": True, "reason": None, "paper": None}
    assert time.monotonic() - started < 2 * TIMEOUT + SLACK
