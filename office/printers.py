"""A kiosk's printer, as the office records it: the printer setting's forms (also those of
ONEWINDOW_PRINTER / ONEWINDOW_PRINTERS), which printer a kiosk uses, and its paper.

    network:HOST[:PORT]   a network printer, raw TCP (port 9100 if omitted)
    usb:VID:PID           a USB printer by vendor and product id, hexadecimal (usb:04b8:0e15)
    serial:DEVICE[@BAUD]  a serial printer (serial:/dev/ttyUSB0, serial:/dev/ttyS0@115200)
    file:PATH             an existing device or file, e.g. file:/dev/usb/lp0
    folder:DIR            no printer: each ticket is kept as DIR/<name>.png and .bin (ESC/POS)
    none                  no printer: tickets are only logged

printer/ opens these (printer/backends.py); the administration checks them before they are
stored (admin_printer_spec), so that a bad setting is refused when typed, not when a citizen's
ticket fails to print.
"""

import os
import re
from dataclasses import dataclass

from office.changes import record_change
from office.clock import Clock
from office.db import database
from office.errors import InvalidInput, NotFound
from office.events import EventBus
from office.limits import PRINTER_SPEC_MAX
from office.models import Kiosk

ACCEPTED_FORMS = (
    "network:HOST[:PORT] (port 9100 if omitted), usb:VID:PID (hexadecimal, e.g. usb:04b8:0e15), "
    "serial:DEVICE[@BAUD] (e.g. serial:/dev/ttyUSB0), file:PATH (e.g. file:/dev/usb/lp0), "
    "folder:DIR (keeps each ticket as PNG and ESC/POS .bin), none"
)
DEFAULT_PORT = 9100
# Paper rolls a kiosk's printer may take, in millimetres; None on a kiosk means the printer
# profile's (ONEWINDOW_PRINTER_PROFILE).
PAPER_WIDTHS_MM = (80, 58)
# Where device files are: an administrator in the browser may name a printer device, not any
# file of the server (that would let a web account append to the server's own files).
DEVICE_DIR = "/dev/"


@dataclass(frozen=True)
class PrinterSpec:
    """A parsed printer setting."""

    kind: str  # network, usb, serial, file, folder or none
    host: str | None = None
    port: int | None = None
    vendor_id: int | None = None
    product_id: int | None = None
    path: str | None = None
    baudrate: int | None = None

    def __str__(self) -> str:
        if self.kind == "network":
            return f"network:{self.host}:{self.port}"
        if self.kind == "usb":
            return f"usb:{self.vendor_id:04x}:{self.product_id:04x}"
        if self.kind == "serial" and self.baudrate:
            return f"serial:{self.path}@{self.baudrate}"
        if self.kind in ("serial", "file", "folder"):
            return f"{self.kind}:{self.path}"
        return "none"


def _bad(spec: str, why: str) -> ValueError:
    return ValueError(f"bad printer setting {spec!r}: {why}; accepted forms: {ACCEPTED_FORMS}")


_HEX_ID = re.compile(r"(?:0x)?([0-9a-f]{1,4})", re.IGNORECASE)
_HOST = re.compile(r"[A-Za-z0-9._-]+")


def parse_spec(spec: str) -> PrinterSpec:
    """Parse a printer setting; ValueError (listing the accepted forms) if it is not one."""
    if not isinstance(spec, str) or not spec.strip():
        raise _bad(str(spec), "it is empty")
    text = spec.strip()
    kind, colon, rest = text.partition(":")
    kind = kind.lower()
    if kind == "none" and not colon:
        return PrinterSpec("none")
    if kind not in ("network", "usb", "serial", "file", "folder"):
        raise _bad(spec, f"unknown kind {kind!r}")
    if not rest:
        raise _bad(spec, f"{kind}: needs a value after the colon")
    if kind == "network":
        host, colon, port_text = rest.partition(":")
        if not _HOST.fullmatch(host):
            raise _bad(spec, f"{host!r} is not a host name or IPv4 address")
        port = DEFAULT_PORT
        if colon:
            if not port_text.isdigit() or not 1 <= int(port_text) <= 65535:
                raise _bad(spec, f"port {port_text!r} is not a number from 1 to 65535")
            port = int(port_text)
        return PrinterSpec("network", host=host, port=port)
    if kind == "usb":
        ids = rest.split(":")
        matches = [_HEX_ID.fullmatch(part) for part in ids]
        if len(ids) != 2 or not all(matches):
            raise _bad(spec, "usb: needs a vendor and a product id, hexadecimal, as VID:PID")
        vendor_id, product_id = (int(match.group(1), 16) for match in matches)
        if not vendor_id or not product_id:
            raise _bad(spec, "a USB id of 0 would match any device")
        return PrinterSpec("usb", vendor_id=vendor_id, product_id=product_id)
    if kind == "serial":
        device, at, baud_text = rest.partition("@")
        if not device or (at and not baud_text.isdigit()):
            raise _bad(spec, "serial: needs a device, optionally @BAUD (serial:/dev/ttyUSB0@115200)")
        return PrinterSpec("serial", path=device, baudrate=int(baud_text) if at else None)
    return PrinterSpec(kind, path=rest)


def admin_printer_spec(spec: str | None, *, instance_path: str) -> str | None:
    """A kiosk's printer as an administrator sets it in the browser, checked and written the
    one way it is stored ("network:10.0.0.9" -> "network:10.0.0.9:9100"); None (or blank):
    the kiosk uses ONEWINDOW_PRINTERS / ONEWINDOW_PRINTER.

    Stricter than the environment variables, which only someone with a shell on the server
    sets: devices (serial:, file:) must be under /dev/ and a folder: inside the instance
    folder. InvalidInput (field "printer") says why and lists the accepted forms.
    """
    if spec is None or not spec.strip():
        return None
    if len(spec) > PRINTER_SPEC_MAX:
        raise InvalidInput(f"printer: at most {PRINTER_SPEC_MAX} characters", field="printer")
    if any(ord(ch) < 32 or ord(ch) == 127 for ch in spec):  # no path or host holds one (nor NUL)
        raise InvalidInput("printer: no control characters", field="printer")
    try:
        parsed = parse_spec(spec)
    except ValueError as error:
        raise InvalidInput(f"printer: {error}", field="printer") from None
    if parsed.kind in ("serial", "file") and not _inside(parsed.path, DEVICE_DIR):
        raise InvalidInput(
            f"printer: a {parsed.kind}: printer is a device under {DEVICE_DIR} (e.g. {parsed.kind}:/dev/usb/lp0)",
            field="printer",
        )
    if parsed.kind == "folder":
        folder = os.path.join(instance_path, parsed.path)  # a relative folder is the instance's
        if not _inside(folder, instance_path):
            raise InvalidInput(f"printer: a folder: printer keeps tickets inside {instance_path}", field="printer")
        parsed = PrinterSpec("folder", path=os.path.normpath(folder))
    stored = str(parsed)
    if len(stored) > PRINTER_SPEC_MAX:  # written out in full: a port added, a folder made absolute
        raise InvalidInput(f"printer: {stored[:40]}… is over {PRINTER_SPEC_MAX} characters", field="printer")
    return stored


def check_paper_width(mm) -> int | None:
    """80 or 58 (millimetres), or None for the printer profile's own width."""
    if mm is not None and mm not in PAPER_WIDTHS_MM:
        raise InvalidInput(
            f"paper_width_mm: {' or '.join(map(str, PAPER_WIDTHS_MM))} (mm), or null", field="paper_width_mm"
        )
    return mm


# What change_kiosk may change, and what the history keeps of a kiosk's setting.
KIOSK_SETTINGS = ("printer", "paper_width_mm", "offers_priority")


def kiosk_settings(kiosk: Kiosk) -> dict:
    return {key: getattr(kiosk, key) for key in KIOSK_SETTINGS}


def change_kiosk(
    name: str, changes: dict, *, instance_path: str, actor_id: int | None, clock: Clock, bus: EventBus
) -> Kiosk:
    """Set a kiosk's own printer, its paper width or whether it may give priority tickets
    (`changes` holds only those to change; printer or paper None: the default). The print
    spool reads them at its next ticket. Nothing changed, nothing recorded."""
    unknown = set(changes) - set(KIOSK_SETTINGS)
    if unknown:
        raise InvalidInput(f"{sorted(unknown)[0]}: not a kiosk setting", field=sorted(unknown)[0])
    checked = dict(changes)
    if "printer" in checked:
        checked["printer"] = admin_printer_spec(checked["printer"], instance_path=instance_path)
    if "paper_width_mm" in checked:
        checked["paper_width_mm"] = check_paper_width(checked["paper_width_mm"])
    if checked.get("offers_priority", False) is None:  # it has no default to go back to
        del checked["offers_priority"]
    with database.atomic():
        kiosk = Kiosk.get_or_none(Kiosk.name == name)
        if kiosk is None:
            raise NotFound(f"no kiosk {name!r}", code="kiosk_not_found")
        before = kiosk_settings(kiosk)
        for key, value in checked.items():
            setattr(kiosk, key, value)
        after = kiosk_settings(kiosk)
        if after == before:
            return kiosk
        Kiosk.update(**checked).where(Kiosk.id == kiosk.id).execute()
        event = record_change(
            "kiosk_changed",
            actor_id=actor_id,
            subject=("kiosk", kiosk.id, kiosk.name),
            before=before,
            after=after,
            at=clock(),
        )
    bus.publish(event)
    return kiosk


def kiosk_printer_spec(own: str | None, printers: dict | None, default: str, kiosk: str) -> str:
    """Which printer a kiosk prints on: its own (set by the administrator), else its entry in
    ONEWINDOW_PRINTERS, else the office's ONEWINDOW_PRINTER."""
    return own or (printers or {}).get(kiosk) or default


def _inside(path: str, folder: str) -> bool:
    """Is `path` strictly inside `folder`, once `..` and symbolic links are resolved?"""
    real_path, real_folder = os.path.realpath(path), os.path.realpath(folder)
    return real_path != real_folder and os.path.commonpath([real_path, real_folder]) == real_folder
