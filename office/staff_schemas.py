"""The HTTP contract of the administrator's staff, office settings and history of changes
(/api/v1/admin/users, /settings, /history): their requests and answers, in the style of
office/schemas.py. The rules themselves are office/users.py, office/settings.py and
office/history.py; these only shape what comes in and goes out."""

from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, StringConstraints

from office.changes import CHANGE_KINDS
from office.limits import MAX_ID, PASSWORD_MAX, USERNAME_MAX
from office.schemas import Answer, NonBlank, Request, Role, UtcTime
from office.settings import HOLIDAYS_MAX, LANGUAGES, NAME_MAX, PUBLIC_URL_MAX, TIMEZONE_MAX

Password = Annotated[str, StringConstraints(max_length=PASSWORD_MAX)]
Language = Literal[LANGUAGES]
ChangeKind = Literal[CHANGE_KINDS]
HHMM = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
# One day's hours: [opens, closes], or null when the office is closed that day.
DayHours = Annotated[list[HHMM], Field(min_length=2, max_length=2)] | None
OfficeName = Annotated[str, StringConstraints(max_length=NAME_MAX)]

# --- staff ------------------------------------------------------------------------------


class NewStaffRequest(Request):
    username: Annotated[NonBlank, StringConstraints(max_length=USERNAME_MAX)]
    password: Password = Field(description="at least 8 characters")
    role: Role


class StaffChangeRequest(Request):
    role: Role | None = Field(None, description="the last active admin cannot be demoted (409 last_admin)")
    active: bool | None = Field(
        None,
        description="false: disabled, and logged out at once everywhere (pages, tokens, counter screens); "
        "the last active admin cannot be disabled (409 last_admin)",
    )


class PasswordResetRequest(Request):
    password: Password = Field(description="the new password, at least 8 characters")


class StaffRecord(Answer):
    id: int
    username: str
    role: Role
    active: bool


class StaffList(Answer):
    users: list[StaffRecord]


class StaffOne(Answer):
    user: StaffRecord


# --- office settings -----------------------------------------------------------------------


class OpeningHours(Answer):
    mon: DayHours
    tue: DayHours
    wed: DayHours
    thu: DayHours
    fri: DayHours
    sat: DayHours
    sun: DayHours


class OpeningHoursRequest(Request):
    """Every weekday: [opens, closes] as HH:MM, or null when closed."""

    mon: DayHours
    tue: DayHours
    wed: DayHours
    thu: DayHours
    fri: DayHours
    sat: DayHours
    sun: DayHours


class Holiday(Answer):
    date: str = Field(json_schema_extra={"format": "date"}, description="YYYY-MM-DD, the office's calendar")
    name: str


class HolidayRequest(Request):
    date: Annotated[str, StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$")] = Field(description="YYYY-MM-DD")
    name: Annotated[str, StringConstraints(max_length=NAME_MAX)]


class SettingsChangeRequest(Request):
    """The settings to change; those left out stay as they are."""

    office_name_en: OfficeName | None = None
    office_name_km: OfficeName | None = None
    timezone: Annotated[str, StringConstraints(max_length=TIMEZONE_MAX)] | None = Field(
        None,
        description="an IANA name (Asia/Phnom_Penh). Ticket numbers restart at the office's midnight, so a "
        "change during opening hours can restart today's numbers or carry on yesterday's",
    )
    announce_languages: Annotated[list[Language], Field(min_length=1, max_length=len(LANGUAGES))] | None = Field(
        None, description="the languages the TVs announce calls in, in order"
    )
    public_url: Annotated[str, StringConstraints(max_length=PUBLIC_URL_MAX)] | None = Field(
        None, description="http(s) address phones reach the server at (the QR codes); empty: automatic"
    )
    opening_hours: OpeningHoursRequest | None = None
    holidays: Annotated[list[HolidayRequest], Field(max_length=HOLIDAYS_MAX)] | None = Field(
        None,
        description="the office's public holidays (closed days beyond the weekly hours), the whole list: "
        "cases' due dates count working days",
    )


class OfficeSettings(Answer):
    office_name_en: str
    office_name_km: str
    timezone: str
    announce_languages: list[Language]
    public_url: str = Field(description="as set; empty: automatic")
    public_url_in_use: str | None = Field(description="the address the QR codes use now")
    opening_hours: OpeningHours
    holidays: list[Holiday] = Field(description="sorted by date")


# --- history of changes ----------------------------------------------------------------------


class HistoryQuery(Request):
    """?limit=50&before=<id>&kind=<kind>: a page of changes, newest first."""

    model_config = ConfigDict(strict=False, extra="ignore", frozen=True)

    limit: int = Field(50, ge=1, le=200)
    before: int | None = Field(None, ge=1, le=MAX_ID, description="only changes older than this entry id")
    kind: ChangeKind | None = None


class FieldChange(Answer):
    field: str
    before: Any = Field(description="null: none (added)")
    after: Any = Field(description="null: none (removed)")


class HistoryEntry(Answer):
    id: int
    at: UtcTime
    at_local: str = Field(description="YYYY-MM-DD HH:MM in the office's time zone")
    kind: ChangeKind
    who: str | None = Field(description="the administrator's username; null: the command line or a device")
    what: str = Field(description="service, counter, kiosk, display, user, settings")
    subject_id: int | str | None
    name: str | None
    changes: list[FieldChange]
    notes: dict[str, Any] = Field(description="anything else recorded (tokens revoked, …)")


class History(Answer):
    entries: list[HistoryEntry]
    next_before: int | None = Field(description="pass as ?before= for the next, older page; null: no more")
