"""The HTTP contract of the administrator's devices and desks: counters, kiosks' printers and
TV displays (/api/v1/admin/counters, …/kiosks, …/displays). Same style as office/schemas.py:
strict requests whose limits come from office/limits.py, answers with exactly their fields.

A PATCH changes only the fields it sends; for a kiosk's printer and paper, null means "the
default" (ONEWINDOW_PRINTERS / ONEWINDOW_PRINTER; the printer profile's paper), so sending
null is not the same as leaving the field out.
"""

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from office.counter_setup import NAME_MAX as COUNTER_NAME_MAX
from office.displays import DISPLAY_LANGUAGES
from office.limits import FILTER_IDS_MAX, KIOSK_NAME_PATTERN, PRINTER_SPEC_MAX
from office.printers import ACCEPTED_FORMS
from office.schemas import Answer, KioskRecord, RecordId, Request

# A counter serves a few services; an office has dozens. This only bounds the request.
COUNTER_SERVICES_MAX = 500

CounterName = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=COUNTER_NAME_MAX, strict=True),
    Field(description=f"1 to {COUNTER_NAME_MAX} characters, trimmed; no two counters share one"),
]
DisplayName = Annotated[
    str,
    StringConstraints(pattern=KIOSK_NAME_PATTERN, strict=True),
    Field(description="letters, digits, '.', '_', '-': it goes into the TV's address"),
]
Language = Literal[DISPLAY_LANGUAGES]
PaperWidth = Literal[80, 58]
PrinterSetting = Annotated[
    str,
    StringConstraints(max_length=PRINTER_SPEC_MAX, strict=True),
    Field(description=f"one of: {ACCEPTED_FORMS}; devices under /dev/, folders inside the instance folder"),
]


# --- counters -----------------------------------------------------------------------------


class NewCounterRequest(Request):
    name: CounterName
    service_ids: list[RecordId] = Field(
        default_factory=list, max_length=COUNTER_SERVICES_MAX, description="active services it serves"
    )
    active: bool = True


class CounterChange(Request):
    name: CounterName | None = None
    service_ids: list[RecordId] | None = Field(
        None, max_length=COUNTER_SERVICES_MAX, description="all the services it serves from now (new ones: active)"
    )
    active: bool | None = Field(
        None, description="false is refused (409 counter_in_use) while an officer works there or a citizen is called"
    )


class CounterSetup(Answer):
    id: int
    name: str
    active: bool
    paused: bool
    officer: str | None = Field(description="who works there now")
    current_ticket: str | None = Field(description="the number of the ticket called or served there now")
    service_ids: list[int]


class ServiceChoice(Answer):
    id: int
    prefix: str
    name_en: str
    name_km: str
    group_en: str
    group_km: str
    active: bool = Field(description="an inactive service cannot be added to a counter")


class CounterSetupList(Answer):
    counters: list[CounterSetup]
    services: list[ServiceChoice] = Field(description="every service, by group and position: what a counter can serve")


class CounterSetupOne(Answer):
    counter: CounterSetup


# --- kiosks' printers ---------------------------------------------------------------------


class KioskPrinterChange(Request):
    printer: PrinterSetting | None = Field(None, description="null: ONEWINDOW_PRINTERS, else ONEWINDOW_PRINTER")
    paper_width_mm: PaperWidth | None = Field(None, description="null: the printer profile's")
    offers_priority: bool | None = None


class KioskSetup(KioskRecord):
    printer: str | None = Field(description="its own printer, set here; null: the default")
    paper_width_mm: int | None = Field(description="80 or 58; null: the printer profile's")
    printer_in_use: str = Field(
        description="what it prints on: its own, else ONEWINDOW_PRINTERS, else ONEWINDOW_PRINTER"
    )


class KioskSetupList(Answer):
    kiosks: list[KioskSetup]


class KioskSetupOne(Answer):
    kiosk: KioskSetup


# --- TV displays --------------------------------------------------------------------------


class NewDisplayRequest(Request):
    name: DisplayName
    counter_ids: list[RecordId] = Field(
        default_factory=list, max_length=FILTER_IDS_MAX, description="the calls of these counters; empty: all"
    )
    service_ids: list[RecordId] = Field(
        default_factory=list, max_length=FILTER_IDS_MAX, description="the calls and queues of these services"
    )
    languages: list[Language] = Field(
        default_factory=list, max_length=len(DISPLAY_LANGUAGES), description="in order; empty: the office's"
    )
    active: bool = True


class DisplayChange(Request):
    name: DisplayName | None = None
    counter_ids: list[RecordId] | None = Field(None, max_length=FILTER_IDS_MAX)
    service_ids: list[RecordId] | None = Field(None, max_length=FILTER_IDS_MAX)
    languages: list[Language] | None = Field(None, max_length=len(DISPLAY_LANGUAGES))
    active: bool | None = None


class DisplaySetup(Answer):
    id: int
    name: str
    counter_ids: list[int]
    service_ids: list[int]
    languages: list[str] = Field(description="empty: the office's (ONEWINDOW_ANNOUNCE_LANGUAGES)")
    active: bool
    url: str = Field(json_schema_extra={"format": "uri"}, description="the address to open on the TV")


class DisplaySetupList(Answer):
    displays: list[DisplaySetup]


class DisplaySetupOne(Answer):
    display: DisplaySetup
