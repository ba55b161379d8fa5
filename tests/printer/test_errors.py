"""python-escpos's, the socket's and pyusb's errors all read as one short human reason."""

import errno
import socket

import pytest
from escpos.exceptions import DeviceNotFoundError

from printer.errors import PrinterUnavailable, reason_for


def wrapped(os_error: OSError) -> DeviceNotFoundError:
    """As python-escpos raises it: DeviceNotFoundError inside `except OSError`."""
    try:
        try:
            raise os_error
        except OSError as error:
            raise DeviceNotFoundError(f"Could not open socket for printer:\n{error}")  # noqa: B904
    except DeviceNotFoundError as outer:
        return outer


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (wrapped(ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")), "refused"),
        (wrapped(TimeoutError("timed out")), "timed out"),
        (wrapped(socket.gaierror(-2, "Name or service not known")), "unknown host"),
        (ConnectionResetError(errno.ECONNRESET, "Connection reset by peer"), "reset"),
        (BrokenPipeError(errno.EPIPE, "Broken pipe"), "reset"),
        (TimeoutError("timed out"), "timed out"),
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (FileNotFoundError(errno.ENOENT, "No such file"), "not found"),
        (OSError(errno.EBUSY, "Device or resource busy"), "busy"),
        (OSError(errno.EIO, "Input/output error"), "paper out"),
        (DeviceNotFoundError("Device (1208, 3605) not found or cable not plugged in."), "not found"),
    ],
)
def test_reasons(error, words):
    assert words in reason_for(error, 3)


def test_the_timeout_is_in_the_reason():
    assert "within 2.5 s" in reason_for(TimeoutError(), 2.5)


def test_printer_unavailable_names_the_printer_and_the_reason():
    error = PrinterUnavailable("connection refused", spec="network:192.0.2.7:9100")
    assert str(error) == "printer network:192.0.2.7:9100 unavailable: connection refused"
    assert error.reason == "connection refused" and error.spec == "network:192.0.2.7:9100"
