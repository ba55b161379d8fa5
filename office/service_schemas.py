"""The shapes of the administrator's services (office/catalogue.py, office/service_csv.py):
what a service may hold, what the API takes and what it answers. The same ServiceFields
checks a form, a JSON body and each row of an imported CSV, so every door has the same rules.
"""

import re
from typing import Annotated, Any

from pydantic import AfterValidator, ConfigDict, Field, RootModel, StringConstraints

from office.limits import SOURCE_URL_MAX
from office.schemas import Answer, Error, Request

# The columns' sizes (office/models.py: Service) and what an office can sensibly mean.
PREFIX_PATTERN = r"^[A-Z]{1,4}$"  # a ticket number is the prefix and 3 digits: "AB012"
NAME_EN_MAX, NAME_KM_MAX = 300, 500
GROUP_EN_MAX, GROUP_KM_MAX = 200, 300
FEE_MAX = 2**31 - 1  # riel, a 32-bit integer column
PROCESSING_DAYS_MAX = 3650
TARGET_WAIT_MIN_MAX = 600
POSITION_MAX = 100_000
DOCUMENTS_MAX = 30  # items per language
DOCUMENT_MAX = 300  # characters per item
DEFAULT_TARGET_WAIT_MIN = 20


def _one_line(value: str) -> str:
    # Control characters break screens and printers, and PostgreSQL refuses NUL outright.
    if re.search(r"[\x00-\x1f\x7f]", value):
        raise ValueError("must be one line, without control characters")
    return value


def _not_empty(value: str) -> str:
    if not value:
        raise ValueError("must not be empty")
    return value


def _text(max_length: int, what: str = "") -> Any:
    """One line of text: surrounding spaces dropped, not empty, at most `max_length` characters."""
    return Annotated[
        str,
        StringConstraints(strip_whitespace=True, max_length=max_length),
        AfterValidator(_not_empty),
        AfterValidator(_one_line),
        Field(description=what or f"at most {max_length} characters"),
    ]


def _no_separator(value: str) -> str:
    # The CSV keeps a language's documents in one cell, separated by " | " (service_csv.py).
    if "|" in value:
        raise ValueError("must not contain '|' (it separates documents in the CSV)")
    return value


def _prefix(value: str) -> str:
    if not re.fullmatch(PREFIX_PATTERN, value):
        raise ValueError("must be 1 to 4 capital letters A-Z")
    return value


Prefix = Annotated[
    str,
    AfterValidator(_prefix),
    Field(
        json_schema_extra={"pattern": PREFIX_PATTERN},
        description="1 to 4 capital letters A-Z; ticket numbers start with it (A001)",
    ),
]
Document = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=DOCUMENT_MAX),
    AfterValidator(_not_empty),
    AfterValidator(_one_line),
    AfterValidator(_no_separator),
]
Documents = Annotated[list[Document], Field(max_length=DOCUMENTS_MAX)]
Fee = Annotated[int, Field(ge=0, le=FEE_MAX, description="official fee in riel; null: not published")]
Days = Annotated[int, Field(ge=0, le=PROCESSING_DAYS_MAX)]
TargetWait = Annotated[int, Field(ge=1, le=TARGET_WAIT_MIN_MAX, description="minutes a citizen should wait at most")]
Position = Annotated[int, Field(ge=0, le=POSITION_MAX, description="its place on the kiosk (smaller first)")]
NameEn = _text(NAME_EN_MAX)
NameKm = _text(NAME_KM_MAX)
GroupEn = _text(GROUP_EN_MAX, f"the ministry or sector, at most {GROUP_EN_MAX} characters")
GroupKm = _text(GROUP_KM_MAX, f"the ministry or sector, at most {GROUP_KM_MAX} characters")


def _web_address(value: str) -> str:
    if not re.fullmatch(r"https?://[^\s]+", value):
        raise ValueError("must be a web address starting with http:// or https://")
    return value


SourceUrl = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=SOURCE_URL_MAX),
    AfterValidator(_web_address),
    Field(description="where the service and its official fee are published; null: not given"),
]


class ServiceFields(Request):
    """A service as the administrator writes it (POST /admin/services, one CSV row)."""

    prefix: Prefix | None = Field(None, description="null or left out: the first free one (A, B, … Z, AA, AB …)")
    name_en: NameEn
    name_km: NameKm
    group_en: GroupEn
    group_km: GroupKm
    fee_riel: Fee | None = None
    processing_days: Days | None = None
    target_wait_min: TargetWait = DEFAULT_TARGET_WAIT_MIN
    position: Position | None = Field(None, description="null or left out: after every other service")
    active: bool = True
    documents_en: Documents = Field(default_factory=list, description="what to bring, one item each")
    documents_km: Documents = Field(default_factory=list, description="what to bring, in Khmer")
    source_url: SourceUrl | None = None


def _no_defaults(schema: dict) -> None:
    # A left-out field changes nothing: its null default would contradict its type.
    for field in schema.get("properties", {}).values():
        field.pop("default", None)


class ServiceChanges(Request):
    """PATCH /admin/services/<id>: only the fields sent change (fee_riel and processing_days
    may be set to null: not published; the others may be left out, not sent as null)."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True, json_schema_extra=_no_defaults)

    prefix: Prefix = None
    name_en: NameEn = None
    name_km: NameKm = None
    group_en: GroupEn = None
    group_km: GroupKm = None
    fee_riel: Fee | None = None
    processing_days: Days | None = None
    target_wait_min: TargetWait = None
    position: Position = None
    active: bool = Field(None, description="false: off the kiosks, never deleted (its tickets keep it)")
    documents_en: Documents = None
    documents_km: Documents = None
    source_url: SourceUrl | None = None


class ImportQuery(Request):
    model_config = ConfigDict(strict=False, extra="ignore", frozen=True)

    dry_run: bool = Field(False, description="1: say what the import would do, write nothing")


# --- answers -----------------------------------------------------------------------------


class AdminService(Answer):
    id: int
    prefix: str
    name_en: str
    name_km: str
    group_en: str
    group_km: str
    fee_riel: int | None = Field(description="official fee today; each ticket keeps the fee it was issued with")
    processing_days: int | None
    target_wait_min: int
    position: int
    active: bool
    documents_en: list[str]
    documents_km: list[str]
    source_url: str | None = Field(description="where the service and its official fee are published")
    waiting: int = Field(ge=0, description="tickets waiting for it now")


class AdminServices(Answer):
    services: list[AdminService] = Field(description="every service, active or not, in kiosk order")


class AdminServiceOne(Answer):
    service: AdminService


class ImportedService(Answer):
    prefix: str
    name_en: str


class FieldChange(Answer):
    field: str
    before: Any
    after: Any


class ChangedService(Answer):
    prefix: str = Field(description="its prefix after the import")
    name_en: str
    changes: list[FieldChange] = Field(description="each field that changes, before and after")


class ImportProblem(Answer):
    line: int | None = Field(
        description="the file's line (1: the header; a quoted value may span lines: its first); "
        "null for a service of the office that no line names"
    )
    message: str = Field(description="the column at fault and why")


class ServicesImport(Answer):
    """What an import did, or would do (dry run, or any error: nothing is written)."""

    added: list[ImportedService]
    changed: list[ChangedService] = Field(description="deactivation excepted: see deactivated")
    deactivated: list[ImportedService] = Field(
        description="active services the file leaves out or marks active=no: off the kiosks, kept with their tickets"
    )
    errors: list[ImportProblem]


class ImportRefused(RootModel[ServicesImport | Error]):
    """Nothing written: the file's errors (each line and why), or a bad request (an Error)."""
