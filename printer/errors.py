"""One exception for every way a printer can fail, with a reason a person can act on.

python-escpos raises its own errors (DeviceNotFoundError, which is not an OSError, wraps a
refused or unanswered connection), the socket and file layers raise OSError subclasses, and
pyusb raises USBError or NoBackendError. The spool should not need to know any of them.
"""

import errno
import socket


class PrinterUnavailable(Exception):
    """The ticket was not printed: the printer is off, unplugged, busy, out of paper, ..."""

    def __init__(self, reason: str, *, spec: str | None = None):
        self.reason = reason
        self.spec = spec
        super().__init__(f"printer {spec} unavailable: {reason}" if spec else f"printer unavailable: {reason}")


_ERRNO_REASONS = {
    errno.ECONNREFUSED: "connection refused (is the printer on, and the address and port right?)",
    errno.ECONNRESET: "connection reset by the printer during the job",
    errno.EPIPE: "connection reset by the printer during the job",
    errno.ECONNABORTED: "connection aborted during the job",
    errno.ETIMEDOUT: "timed out",
    errno.EHOSTUNREACH: "host unreachable (check the network cable and the address)",
    errno.ENETUNREACH: "network unreachable",
    errno.EHOSTDOWN: "host down",
    errno.ENOENT: "not found: no such device or path (unplugged? check the setting)",
    errno.ENODEV: "no such device (unplugged?)",
    errno.ENXIO: "no such device or no reader on the other end",
    errno.EACCES: "permission denied (add the service user to the lp or dialout group)",
    errno.EPERM: "permission denied",
    errno.EBUSY: "device busy (another program has it open)",
    errno.EIO: "input/output error (printer switched off or paper out?)",
    errno.ENOSPC: "no space left on the disk",
    errno.EROFS: "read-only file system",
}


def reason_for(error: BaseException, timeout: float | None = None) -> str:
    """A short human reason for a printing error, looking through python-escpos's wrappers."""
    cause = error
    # DeviceNotFoundError is raised inside `except OSError`: the OSError is its context.
    while not isinstance(cause, OSError) and (cause.__cause__ or cause.__context__):
        cause = cause.__cause__ or cause.__context__
    within = f" within {timeout:g} s" if timeout else ""
    if isinstance(cause, socket.gaierror):
        return f"unknown host name ({cause.strerror or cause})"
    if isinstance(cause, TimeoutError) or (_is_usb_timeout(cause)):
        return f"timed out: no answer{within} (printer off, busy, cover open or out of paper?)"
    if isinstance(cause, OSError) and cause.errno in _ERRNO_REASONS:
        return _ERRNO_REASONS[cause.errno]
    if isinstance(cause, OSError):
        return cause.strerror or str(cause) or type(cause).__name__
    if type(error).__name__ == "NoBackendError":
        return "no USB library: run `apt-get install libusb-1.0-0`"
    message = " ".join(str(getattr(error, "msg", "") or error).split())
    if "not found" in message.lower() or "not plugged" in message.lower():
        return "not found (is it plugged in and switched on?)"
    return message or type(error).__name__


def _is_usb_timeout(error: BaseException) -> bool:
    return type(error).__name__ == "USBTimeoutError" or (
        type(error).__name__ == "USBError" and getattr(error, "backend_error_code", None) == -7
    )
