"""One ticket as one ESC/POS job: initialise, the picture as a GS v 0 raster, feed, cut once."""

import contextlib
import copy
import io

from PIL import Image

from printer._escpos import BaseProfile, Dummy, EscposError, get_profile
from printer.errors import PrinterUnavailable, reason_for

DEFAULT_PROFILE = "TM-T20II"  # Epson TM-T20II: 80 mm paper, 576 dots, cutter

try:  # pyusb is needed for usb: printers only
    from usb.core import NoBackendError
except ImportError:  # pragma: no cover - depends on the installed extras

    class NoBackendError(Exception):
        pass


DEVICE_ERRORS = (EscposError, OSError, NoBackendError)


def print_ticket(printer, image: Image.Image) -> None:
    """Print `image` as one ticket on a python-escpos printer, then close the connection.

    Raises PrinterUnavailable for anything the device or connection does wrong (refused,
    timed out, reset, not found, ...), and ValueError if the image is wider than the printer.
    """
    check_fits(printer.profile, image)
    try:
        printer.open()
        _send_ticket(printer, image)
        if hasattr(printer, "wait_until_sent"):  # a network printer: until it has taken the job
            printer.wait_until_sent()
    except DEVICE_ERRORS as error:
        raise PrinterUnavailable(
            reason_for(error, getattr(printer, "timeout_s", None)), spec=getattr(printer, "spec", None)
        ) from error
    finally:
        close_quietly(printer)


def ticket_job_bytes(image: Image.Image, *, profile=DEFAULT_PROFILE) -> bytes:
    """The exact bytes print_ticket sends for `image` to a printer with this profile."""
    printer = Dummy()
    printer.profile = load_profile(profile)
    check_fits(printer.profile, image)
    _send_ticket(printer, image)
    return printer.output


def png_bytes(image: Image.Image) -> bytes:
    """The ticket picture as PNG (for the folder backend and for looking at a ticket)."""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def load_profile(name: "str | BaseProfile | None" = None) -> BaseProfile:
    """A python-escpos profile by name (TM-T20II if None) that always knows its paper width."""
    if isinstance(name, BaseProfile):
        return name
    try:
        profile = get_profile(name or DEFAULT_PROFILE)
    except KeyError:
        raise ValueError(
            f"unknown printer profile {name!r}: use one of python-escpos's profiles, e.g. "
            "TM-T20II, TM-L90, TSP600 (80 mm, 576 dots) or ZJ-5870, POS-5890 (58 mm, 384 dots)"
        ) from None
    if profile_width(profile) is None:
        # python-escpos prints a warning on every image() for a profile that does not know its
        # paper width (as "default" does): give this one profile object an 80 mm head's width.
        data = copy.deepcopy(profile.profile_data)
        data.setdefault("media", {}).setdefault("width", {})["pixels"] = 576
        profile.profile_data = data
    return profile


def profile_width(profile) -> int | None:
    """The printer head's width in dots according to its profile, or None if unknown."""
    try:
        return int(profile.profile_data["media"]["width"]["pixels"])
    except (KeyError, TypeError, ValueError):
        return None


def check_fits(profile, image: Image.Image) -> None:
    """Refuse an image wider than the printer: it would print cut off, or not at all."""
    dots = profile_width(profile)
    if dots is not None and image.width > dots:
        raise ValueError(
            f"the ticket is {image.width} dots wide but the printer profile allows {dots}: "
            "render it at a width that fits (384 for 58 mm paper)"
        )


def _send_ticket(printer, image: Image.Image) -> None:
    printer.hw("INIT")  # ESC @: forget whatever a previous, interrupted job left set
    printer.image(image, impl="bitImageRaster")  # GS v 0
    printer.cut()  # feeds past the cutter, then one GS V; nothing if the profile has no cutter


def close_quietly(printer) -> None:
    """Close the connection; a failure to close is not news after the job's own outcome."""
    with contextlib.suppress(*DEVICE_ERRORS):
        printer.close()
