"""Where tickets go: a kiosk's printer setting (its own, set by the administrator, else
ONEWINDOW_PRINTERS / ONEWINDOW_PRINTER), in one of the forms office/printers.py parses:

    network:HOST[:PORT]   a network printer, raw TCP (port 9100 if omitted)
    usb:VID:PID           a USB printer by vendor and product id, hexadecimal (usb:04b8:0e15)
    serial:DEVICE[@BAUD]  a serial printer (serial:/dev/ttyUSB0, serial:/dev/ttyS0@115200)
    file:PATH             an existing device or file, e.g. file:/dev/usb/lp0
    folder:DIR            no printer: each ticket is kept as DIR/<name>.png and .bin (ESC/POS)
    none                  no printer: tickets are only logged

`open_printer` returns a python-escpos printer object for `print_ticket`; nothing connects until
a job is printed, and every job opens and closes its own connection. `timeout` is the longest
the printer may take to answer a connection or to take more data: a printer that is off,
unplugged or stuck fails in seconds, not after python-escpos's default minute.
"""

import contextlib
import errno
import fcntl
import io
import logging
import os
import select
import socket
import struct
import tempfile
import termios
import time
from datetime import UTC, datetime
from itertools import count

from office.printers import ACCEPTED_FORMS, PrinterSpec, parse_spec
from printer._escpos import Dummy, Escpos, Network, Serial, Usb
from printer.errors import PrinterUnavailable, reason_for
from printer.escpos_job import DEFAULT_PROFILE, DEVICE_ERRORS, close_quietly, load_profile, png_bytes, profile_width

__all__ = [
    "ACCEPTED_FORMS",
    "DEFAULT_PROFILE",
    "DEFAULT_TIMEOUT_S",
    "PrinterSpec",
    "PrinterUnavailable",
    "open_printer",
    "parse_spec",
    "printer_status",
    "ticket_width",
]

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT_S = 5.0
# Data goes out in slices, each with the full timeout: a printer that prints slowly but keeps
# reading is fine, one that stops reading for `timeout` seconds is not.
CHUNK = 4096
# ESC/POS real-time status: DLE EOT 4 asks for the roll paper sensor.
PAPER_STATUS_QUERY = b"\x10\x04\x04"


def ticket_width(profile: str | None = None) -> int:
    """The ticket width to render for a printer with this profile: 576, or 384 for 58 mm paper."""
    dots = profile_width(load_profile(profile))
    if dots >= 576:
        return 576
    if dots >= 384:
        return 384
    raise ValueError(f"printer profile {profile!r} is {dots} dots wide: a ticket needs 384 or more")


def open_printer(spec: str, *, timeout: float = DEFAULT_TIMEOUT_S, profile: str | None = None) -> Escpos:
    """A python-escpos printer for `spec` (see the module's docstring), for print_ticket.

    Nothing connects yet. ValueError for a bad spec or profile name.
    """
    parsed = parse_spec(spec)
    if timeout <= 0:
        raise ValueError(f"printer timeout must be positive, got {timeout!r}")
    escpos_profile = load_profile(profile)
    if parsed.kind == "network":
        printer = NetworkPrinter(parsed.host, parsed.port, timeout=timeout)
    elif parsed.kind == "usb":
        # python-escpos's Usb timeout is in milliseconds.
        printer = UsbPrinter(parsed.vendor_id, parsed.product_id, timeout=int(timeout * 1000))
    elif parsed.kind == "serial":
        baud = {"baudrate": parsed.baudrate} if parsed.baudrate else {}
        printer = SerialPrinter(parsed.path, timeout=timeout, **baud)
    elif parsed.kind == "file":
        printer = DeviceFilePrinter(parsed.path, timeout=timeout)
    elif parsed.kind == "folder":
        printer = FolderPrinter(parsed.path)
    else:
        printer = NoPrinter()
    printer.profile = escpos_profile  # python-escpos only takes a profile's name
    printer.spec = str(parsed)
    printer.timeout_s = timeout
    return printer


def printer_status(spec: str, *, timeout: float = 3.0, profile: str | None = None) -> dict:
    """Whether the printer can take a ticket now: {"ok", "reason", "paper"}.

    Connects (at most `timeout`) and, where the printer answers ESC/POS status queries (network,
    USB, serial), asks for the paper sensor: "paper" is "ok", "near end", "out", or None when
    the printer does not say. Never prints anything.
    """
    printer = open_printer(spec, timeout=timeout, profile=profile)
    paper = None
    try:
        printer.open()
        if isinstance(printer, _StatusReader):
            paper = _paper(printer.read_status(PAPER_STATUS_QUERY, min(timeout, 1.0)))
    except DEVICE_ERRORS as error:
        return {"ok": False, "reason": reason_for(error, timeout), "paper": None}
    finally:
        close_quietly(printer)
    if paper == "out":
        return {"ok": False, "reason": "paper out", "paper": paper}
    return {"ok": True, "reason": None, "paper": paper}


def _paper(reply: bytes) -> str | None:
    # The reply byte has bits 1 and 4 set and bits 0 and 7 clear; anything else is not a reply.
    if not reply or reply[0] & 0x93 != 0x12:
        return None
    if reply[0] & 0x60:
        return "out"
    if reply[0] & 0x0C:
        return "near end"
    return "ok"


def _send_in_chunks(send, data: bytes) -> None:
    view = memoryview(data)
    for start in range(0, len(view), CHUNK):
        send(view[start : start + CHUNK])


class _StatusReader:
    """Marker: a backend whose device answers real-time status queries."""


class NetworkPrinter(Network, _StatusReader):
    """python-escpos's Network with a stall timeout and a clean close after every job."""

    def _raw(self, msg: bytes) -> None:
        _send_in_chunks(self.device.sendall, msg)

    def wait_until_sent(self) -> None:
        """Wait until the printer has acknowledged every byte, or took none for `timeout`.

        sendall() returns once the job is in our kernel's send buffer, which can hold a whole
        ticket: a printer that accepted the connection but stopped reading would look fine.
        """
        sock = self.device
        pending, progress_at = None, time.monotonic()
        while True:
            error = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            if error:
                raise OSError(error, os.strerror(error))
            try:
                unsent = struct.unpack("i", fcntl.ioctl(sock.fileno(), termios.TIOCOUTQ, b"\0\0\0\0"))[0]
            except OSError:
                return  # no SIOCOUTQ here (not Linux): sendall's word has to do
            if unsent == 0:
                return
            if unsent != pending:
                pending, progress_at = unsent, time.monotonic()
            elif time.monotonic() - progress_at > self.timeout:
                raise TimeoutError(f"the printer took none of the last {unsent} bytes for {self.timeout:g} s")
            time.sleep(0.01)

    def read_status(self, query: bytes, wait: float) -> bytes:
        self.device.sendall(query)
        self.device.settimeout(wait)
        try:
            return self.device.recv(16)
        except TimeoutError:
            return b""  # this printer does not answer status queries
        finally:
            self.device.settimeout(self.timeout)

    def close(self) -> None:
        sock = self._device
        self._device = False
        if not sock:
            return
        try:
            sock.shutdown(socket.SHUT_WR)  # the job still in the send buffer goes out, then FIN
            # Bytes the printer sent back and nobody read would make close() reset the
            # connection, and a reset drops the end of the job still in the send buffer.
            sock.setblocking(False)
            while sock.recv(4096):
                pass
        except OSError:
            pass
        finally:
            sock.close()


class UsbPrinter(Usb, _StatusReader):
    """python-escpos's Usb, writing in slices, each with the timeout (in milliseconds)."""

    def _raw(self, msg: bytes) -> None:
        _send_in_chunks(lambda chunk: self.device.write(self.out_ep, chunk, self.timeout), msg)

    def read_status(self, query: bytes, wait: float) -> bytes:
        import usb.core

        self.device.write(self.out_ep, query, self.timeout)
        try:
            return bytes(self.device.read(self.in_ep, 16, int(wait * 1000)))
        except usb.core.USBTimeoutError:
            return b""


class SerialPrinter(Serial, _StatusReader):
    """python-escpos's Serial with a write timeout: pyserial blocks for ever on writes otherwise."""

    def open(self, raise_not_found: bool = True) -> None:
        super().open(raise_not_found)
        if self.device:
            self.device.write_timeout = self.timeout

    def _raw(self, msg: bytes) -> None:
        _send_in_chunks(self.device.write, msg)

    def read_status(self, query: bytes, wait: float) -> bytes:
        self.device.write(query)
        self.device.timeout = wait
        try:
            return self.device.read(1)
        finally:
            self.device.timeout = self.timeout


class DeviceFilePrinter(Escpos):
    """A printer device file such as /dev/usb/lp0, written without ever blocking for good.

    Unlike python-escpos's File, it never creates the file (a missing /dev/usb/lp0 is "not
    found", not a new regular file) and a device that stops taking data times out.
    """

    def __init__(self, path: str, *, timeout: float, **kwargs):
        super().__init__(**kwargs)
        self.path, self.timeout = path, timeout

    def open(self) -> None:
        self.close()
        fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_NONBLOCK | os.O_CLOEXEC)
        self._device = io.FileIO(fd, "wb", closefd=True)

    def _raw(self, msg: bytes) -> None:
        view = memoryview(msg)
        poller = select.poll()
        poller.register(self._device.fileno(), select.POLLOUT)
        while view:
            written = self._device.write(view)  # None: the device is not ready for more
            if written:
                view = view[written:]
            elif not poller.poll(self.timeout * 1000):
                raise TimeoutError(f"{self.path} took no data for {self.timeout:g} s")

    def close(self) -> None:
        device, self._device = self._device, False
        if device:
            device.close()


class FolderPrinter(Dummy):
    """Keeps each ticket as DIR/ticket-<time>-<n>.png and .bin (the ESC/POS job), atomically."""

    _sequence = count(1)

    def __init__(self, folder: str, **kwargs):
        super().__init__(**kwargs)
        self.folder = folder
        self._images: list = []
        self._depth = 0
        self.last_paths: tuple[str, str] | None = None  # (png, bin) of the last ticket

    def open(self) -> None:
        os.makedirs(self.folder, exist_ok=True)
        if not os.access(self.folder, os.W_OK):
            raise PermissionError(errno.EACCES, "cannot write in the folder", self.folder)
        self.clear()
        self._images = []

    def image(self, img_source, *args, **kwargs) -> None:
        self._depth += 1  # python-escpos calls image() again for each slice of a tall image
        try:
            super().image(img_source, *args, **kwargs)
        finally:
            self._depth -= 1
        if self._depth == 0:
            self._images.append(img_source)

    def cut(self, *args, **kwargs) -> None:
        super().cut(*args, **kwargs)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        name = os.path.join(self.folder, f"ticket-{stamp}-{os.getpid()}-{next(self._sequence):04d}")
        # The .bin first: whoever waits for the .png finds both.
        _write_atomically(name + ".bin", self.output)
        _write_atomically(name + ".png", png_bytes(_stacked(self._images)))
        self.last_paths = (name + ".png", name + ".bin")
        log.info("ticket kept as %s.png and .bin", name)
        self.clear()
        self._images = []


class NoPrinter(Dummy):
    """Printing switched off: the job is built (so its faults still show) and dropped."""

    def cut(self, *args, **kwargs) -> None:
        super().cut(*args, **kwargs)
        log.info("no printer configured (none): a ticket of %d bytes was not printed", len(self.output))
        self.clear()


def _stacked(images):
    from PIL import Image

    if len(images) == 1:
        return images[0]
    page = Image.new("1", (max(image.width for image in images), sum(image.height for image in images)), 1)
    y = 0
    for image in images:
        page.paste(image, (0, y))
        y += image.height
    return page


def _write_atomically(path: str, data: bytes) -> None:
    folder = os.path.dirname(path) or "."
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
