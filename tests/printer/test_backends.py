"""Printer settings, the folder, none and file backends, profiles, and the status query."""

import logging
import os
import threading
import time

import pytest
from PIL import Image

from printer.backends import (
    ACCEPTED_FORMS,
    DeviceFilePrinter,
    FolderPrinter,
    NetworkPrinter,
    NoPrinter,
    PrinterSpec,
    SerialPrinter,
    UsbPrinter,
    open_printer,
    parse_spec,
    printer_status,
    ticket_width,
)
from printer.errors import PrinterUnavailable
from printer.escpos_job import print_ticket, ticket_job_bytes
from printer.layout import render_ticket
from tests.printer.conftest import answer_status, make_ticket
from tests.printer.escpos_decode import decode, raster_image


@pytest.fixture(scope="module")
def image():
    return render_ticket(make_ticket())


@pytest.mark.parametrize(
    ("spec", "parsed"),
    [
        ("network:192.0.2.7", PrinterSpec("network", host="192.0.2.7", port=9100)),
        ("network:192.0.2.7:9101", PrinterSpec("network", host="192.0.2.7", port=9101)),
        ("network:printer-1.office.lan", PrinterSpec("network", host="printer-1.office.lan", port=9100)),
        ("  NETWORK:localhost:1 ", PrinterSpec("network", host="localhost", port=1)),
        ("usb:04b8:0e15", PrinterSpec("usb", vendor_id=0x04B8, product_id=0x0E15)),
        ("usb:0x0416:0x5011", PrinterSpec("usb", vendor_id=0x0416, product_id=0x5011)),
        ("serial:/dev/ttyUSB0", PrinterSpec("serial", path="/dev/ttyUSB0")),
        ("serial:/dev/ttyS0@115200", PrinterSpec("serial", path="/dev/ttyS0", baudrate=115200)),
        ("file:/dev/usb/lp0", PrinterSpec("file", path="/dev/usb/lp0")),
        ("folder:/var/lib/onewindow/tickets", PrinterSpec("folder", path="/var/lib/onewindow/tickets")),
        ("folder:relative/dir", PrinterSpec("folder", path="relative/dir")),
        ("none", PrinterSpec("none")),
        ("None", PrinterSpec("none")),
    ],
)
def test_every_accepted_form_parses(spec, parsed):
    assert parse_spec(spec) == parsed


@pytest.mark.parametrize(
    "spec",
    [
        "",
        "   ",
        "printer",
        "lp0",
        "/dev/usb/lp0",
        "tcp:192.0.2.7",
        "network:",
        "network:192.0.2.7:",
        "network:192.0.2.7:0",
        "network:192.0.2.7:65536",
        "network:192.0.2.7:http",
        "network:192.0.2.7:9100:1",
        "network:bad host",
        "network:[::1]:9100",
        "usb:",
        "usb:04b8",
        "usb:04b8:0e15:1",
        "usb:zzzz:0e15",
        "usb:12345:0e15",
        "usb:0:0",
        "serial:",
        "serial:/dev/ttyS0@fast",
        "file:",
        "folder:",
        "none:x",
    ],
)
def test_bad_specs_are_refused_with_the_accepted_forms(spec):
    with pytest.raises(ValueError) as caught:
        parse_spec(spec)
    assert ACCEPTED_FORMS in str(caught.value)
    assert "network:HOST[:PORT]" in str(caught.value) and "usb:VID:PID" in str(caught.value)


def test_open_printer_builds_the_right_backend_without_connecting():
    assert isinstance(open_printer("network:192.0.2.7", timeout=1), NetworkPrinter)
    assert isinstance(open_printer("usb:04b8:0e15", timeout=1), UsbPrinter)
    assert isinstance(open_printer("serial:/dev/ttyUSB0", timeout=1), SerialPrinter)
    assert isinstance(open_printer("file:/dev/usb/lp0", timeout=1), DeviceFilePrinter)
    assert isinstance(open_printer("folder:/tmp/x", timeout=1), FolderPrinter)
    assert isinstance(open_printer("none", timeout=1), NoPrinter)
    network = open_printer("network:192.0.2.7:9101", timeout=2.5)
    assert (network.host, network.port, network.timeout) == ("192.0.2.7", 9101, 2.5)  # not the 60 s default
    assert network.spec == "network:192.0.2.7:9101"
    assert open_printer("usb:04b8:0e15", timeout=2).timeout == 2000  # python-escpos counts USB in ms
    with pytest.raises(ValueError):
        open_printer("network:192.0.2.7", timeout=0)


def test_profiles_and_widths():
    assert open_printer("none").profile.profile_data["name"] == "TM-T20II"
    assert ticket_width() == 576
    assert ticket_width("TM-T20II") == 576
    assert ticket_width("ZJ-5870") == 384
    assert ticket_width("TM-T88V") == 384  # 512 dots: the 384-dot ticket is the one that fits
    with pytest.raises(ValueError, match="unknown printer profile"):
        open_printer("none", profile="No-Such-Printer")


def test_the_default_profile_prints_no_warning_per_image(capsys, tmp_path, image):
    printer = open_printer(f"folder:{tmp_path}", profile="default")
    print_ticket(printer, image)
    print_ticket(printer, image)
    assert capsys.readouterr().out == ""
    # and only that printer's profile object was given a width
    from escpos.capabilities import get_profile

    assert get_profile("default").profile_data["media"]["width"]["pixels"] == "Unknown"


def test_the_folder_backend_keeps_a_png_and_the_escpos_job(tmp_path, image):
    folder = tmp_path / "tickets"  # created on first use
    printer = open_printer(f"folder:{folder}")
    print_ticket(printer, image)
    print_ticket(printer, render_ticket(make_ticket(number="A013")))
    names = sorted(os.listdir(folder))
    assert len(names) == 4 and not [name for name in names if name.startswith(".")]  # no temporary files left
    first_png, first_bin = folder / names[1], folder / names[0]
    assert first_png.suffix == ".png" and first_bin.suffix == ".bin"
    with Image.open(first_png) as kept:
        assert kept.mode == "1" and kept.tobytes() == image.tobytes()
    job = first_bin.read_bytes()
    assert job == ticket_job_bytes(image)
    assert raster_image(decode(job)).tobytes() == image.tobytes()


def test_the_folder_backend_reports_a_folder_it_cannot_write(tmp_path, image):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(PrinterUnavailable):
        print_ticket(open_printer(f"folder:{blocker}/tickets"), image)


def test_none_prints_nothing_and_says_so(caplog, image, tmp_path):
    caplog.set_level(logging.INFO, logger="printer.backends")
    print_ticket(open_printer("none"), image)
    assert "not printed" in caplog.text
    assert printer_status("none") == {"ok": True, "reason": None, "paper": None}


def test_the_file_backend_appends_the_job_to_an_existing_file(tmp_path, image):
    device = tmp_path / "lp0"
    device.write_bytes(b"")
    printer = open_printer(f"file:{device}", timeout=1)
    print_ticket(printer, image)
    print_ticket(printer, image)
    assert device.read_bytes() == ticket_job_bytes(image) * 2


def test_the_file_backend_never_creates_a_missing_device(tmp_path, image):
    with pytest.raises(PrinterUnavailable) as caught:
        print_ticket(open_printer(f"file:{tmp_path}/lp0", timeout=1), image)
    assert "not found" in caught.value.reason
    assert not (tmp_path / "lp0").exists()
    assert printer_status(f"file:{tmp_path}/lp0")["ok"] is False


def test_the_file_backend_times_out_on_a_device_that_stops_taking_data(tmp_path, image):
    fifo = tmp_path / "lp0"
    os.mkfifo(fifo)
    with pytest.raises(PrinterUnavailable) as caught:  # no reader at all
        print_ticket(open_printer(f"file:{fifo}", timeout=0.3), image)
    assert "no reader" in caught.value.reason
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)  # a reader that never reads
    try:
        started = time.monotonic()
        with pytest.raises(PrinterUnavailable) as caught:
            print_ticket(open_printer(f"file:{fifo}", timeout=0.3), image)
        assert "timed out" in caught.value.reason
        assert 0.3 <= time.monotonic() - started < 2
    finally:
        os.close(reader)


def test_a_missing_usb_or_serial_printer_is_unavailable_not_a_crash(image):
    for spec in ("usb:04b8:0e15", "serial:/dev/ttyNoSuchPort"):
        with pytest.raises(PrinterUnavailable) as caught:
            print_ticket(open_printer(spec, timeout=0.5), image)
        assert caught.value.reason
        assert printer_status(spec, timeout=0.5)["ok"] is False


@pytest.mark.parametrize(
    ("reply", "expected"),
    [
        (b"\x12", {"ok": True, "reason": None, "paper": "ok"}),
        (b"\x1e", {"ok": True, "reason": None, "paper": "near end"}),
        (b"\x72", {"ok": False, "reason": "paper out", "paper": "out"}),
        (b"\xff", {"ok": True, "reason": None, "paper": None}),  # not a status byte
    ],
)
def test_status_reads_the_paper_sensor_where_the_printer_answers(fake_printer, reply, expected):
    printer_on_the_network = fake_printer(answer_status(reply))
    assert printer_status(printer_on_the_network.spec, timeout=1) == expected
    [received] = printer_on_the_network.wait_for_connections(1)
    assert received == b"\x10\x04\x04"  # the query only: nothing printed


def test_status_of_a_folder(tmp_path):
    assert printer_status(f"folder:{tmp_path}")["ok"] is True
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    assert printer_status(f"folder:{blocker}")["ok"] is False


def test_print_ticket_can_be_called_from_several_threads(tmp_path, image):
    printer_kinds = [open_printer(f"folder:{tmp_path / str(n)}") for n in range(4)]
    errors = []

    def job(printer):
        try:
            print_ticket(printer, render_ticket(make_ticket(number="C100")))
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)

    threads = [threading.Thread(target=job, args=(printer,)) for printer in printer_kinds]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert all(len(os.listdir(tmp_path / str(n))) == 2 for n in range(4))


def test_importing_the_printer_leaves_the_applications_logging_alone():
    # python-escpos calls logging.basicConfig() on import; a fresh interpreter shows whether
    # the root logger still has no handler afterwards.
    import subprocess
    import sys

    code = "import logging, printer.backends, printer.layout; print(len(logging.root.handlers))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60)
    assert result.stdout.strip() == "0"
