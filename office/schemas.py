"""The HTTP contract's shapes, in one place: every request body, query, header and answer of
/api/v1 as a pydantic model, and every limit once.

The same classes validate what comes in (office.contract / onewindow.contract), serialise
what goes out (a view returns one of these), and make /api/v1/openapi.json (their JSON
Schema). Nothing here knows Flask.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, create_model

from office.lifecycle import COUNTER_ACTIONS
from office.limits import (
    FEEDBACK_COMMENT_MAX,
    FIRST_DAY,
    IDEMPOTENCY_KEY_MAX,
    KIOSK_KEY_MAX,
    KIOSK_NAME_PATTERN,
    LAST_DAY,
    MAX_ID,
    PASSWORD_MAX,
    REASON_MAX,
    USERNAME_MAX,
)
from office.models import Ticket as TicketRow
from office.models import User as UserRow

# --- limits: office/limits.py -------------------------------------------------------------

RecordId = Annotated[int, Field(ge=1, le=MAX_ID, strict=True)]
KioskName = Annotated[
    str, StringConstraints(pattern=KIOSK_NAME_PATTERN, strict=True), Field(description="letters, digits, '.', '_', '-'")
]
Status = Literal[TicketRow.STATUSES]
Role = Literal[UserRow.ROLES]
CounterAction = Literal[COUNTER_ACTIONS]
UtcTime = Annotated[str, Field(json_schema_extra={"format": "date-time"}, description="UTC, milliseconds, Z")]
IsoDate = Annotated[str, Field(json_schema_extra={"format": "date"})]


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def _calendar_date(value: str) -> date:
    day = date.fromisoformat(value)  # a ValueError becomes a 400 like any other bad field
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"must be a day from {FIRST_DAY} to {LAST_DAY}")
    return day


NonBlank = Annotated[str, AfterValidator(_not_blank)]
QueryDate = Annotated[
    str,
    StringConstraints(pattern=r"^\d{4}-\d{2}-\d{2}$"),
    AfterValidator(_calendar_date),
    Field(json_schema_extra={"format": "date"}, description="an office-local day, YYYY-MM-DD"),
]


class Request(BaseModel):
    """What a client sends: types are strict ("1" is not a number, true is not 1); unknown
    fields are ignored, so older and newer devices keep working."""

    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class Answer(BaseModel):
    """What the server answers: exactly these fields, in this order."""

    model_config = ConfigDict(
        extra="forbid",
        serialize_by_alias=True,
        validate_by_name=True,
        json_schema_serialization_defaults_required=True,  # every field is always in the answer
    )


# --- requests ----------------------------------------------------------------------------


class TicketRequest(Request):
    service_id: RecordId
    priority: bool | None = Field(
        False,
        description="called before everyone (the elderly, the disabled, pregnant women): only staff "
        "and kiosks enrolled to offer it may ask (else 403 priority_not_allowed)",
    )
    kiosk: KioskName | None = Field(
        None, description="print the ticket on this kiosk's printer: only that enrolled kiosk may (X-Kiosk-Key)"
    )


class FeedbackRequest(Request):
    rating: int = Field(ge=1, le=5, description="overall: 1 very bad, 5 very good")
    payment_asked: bool | None = Field(None, description="was any payment asked beyond the official fee? (optional)")
    comment: str | None = Field(
        None, max_length=FEEDBACK_COMMENT_MAX, description="read by supervisors, never shown to the officer rated"
    )


class KioskFeedbackRequest(FeedbackRequest):
    number: Annotated[str, StringConstraints(min_length=2, max_length=12, strip_whitespace=True)] = Field(
        description="the ticket's number as printed (today's tickets only), e.g. A012"
    )


class KioskKeyHeaders(Request):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True, validate_by_alias=True)

    kiosk_key: Annotated[str, StringConstraints(min_length=1, max_length=KIOSK_KEY_MAX)] | None = Field(
        None, alias="X-Kiosk-Key", description="the device key an enrolled kiosk received when it was enrolled"
    )


class IssueHeaders(KioskKeyHeaders):
    idempotency_key: Annotated[str, StringConstraints(min_length=1, max_length=IDEMPOTENCY_KEY_MAX)] | None = Field(
        None,
        alias="Idempotency-Key",
        description="a retry with the same key, from the same kiosk, staff member or address and within a "
        "day, returns the same ticket (and Idempotent-Replayed: true)",
    )


class LoginRequest(Request):
    username: Annotated[NonBlank, StringConstraints(max_length=USERNAME_MAX)]
    password: Annotated[NonBlank, StringConstraints(max_length=PASSWORD_MAX)]


class TransferRequest(Request):
    service_id: RecordId


class ServicesRequest(Request):
    service_ids: list[RecordId]


class CallRequest(Request):
    ticket_id: RecordId
    reason: Annotated[NonBlank, StringConstraints(max_length=REASON_MAX)] = Field(
        description="why this ticket goes before older ones: it is on the record"
    )


class DateRange(Request):
    """?from=YYYY-MM-DD&to=YYYY-MM-DD, office-local days, each defaulting to today."""

    model_config = ConfigDict(strict=False, extra="ignore", frozen=True, validate_by_alias=True)

    first: QueryDate | None = Field(None, alias="from")
    last: QueryDate | None = Field(None, alias="to")


class KioskPath(Request):
    kiosk: KioskName


# --- answers -----------------------------------------------------------------------------


class ErrorBody(Answer):
    model_config = ConfigDict(json_schema_serialization_defaults_required=False)  # `field` only when known

    code: str = Field(description="stable, machine-readable")
    message: str = Field(description="for people")
    field: str | None = Field(None, description="bad input: the field at fault (a dotted path), when one is")


class Error(Answer):
    error: ErrorBody


class Service(Answer):
    id: int
    prefix: str
    name_en: str
    name_km: str
    group_en: str
    group_km: str
    fee_riel: int | None = Field(description="official fee; null if not published")
    processing_days: int | None
    target_wait_min: int
    documents_en: list[str] = Field(description="what to bring, in English")
    documents_km: list[str] = Field(description="what to bring, in Khmer")
    waiting: int = Field(ge=0)


class Services(Answer):
    services: list[Service]


class CounterSummary(Answer):
    id: int
    name: str
    service_ids: list[int]


class Counters(Answer):
    counters: list[CounterSummary]


class Ticket(Answer):
    id: int
    number: str = Field(pattern=r"^[A-Z]{1,4}[0-9]{3,}$")
    service_id: int
    status: Status
    priority: bool
    fee_riel: int | None = Field(description="the official fee when it was issued; null if not published")
    issued_at: UtcTime
    called_at: UtcTime | None
    started_at: UtcTime | None
    finished_at: UtcTime | None
    counter_id: int | None
    officer_id: int | None
    ahead: int = Field(ge=0, description="people ahead while waiting (method: README)")
    estimated_wait_s: int | None = Field(ge=0, description="expected wait in seconds while waiting (method: README)")
    estimated_wait_min: int | None = Field(
        None, ge=0, description="the same wait in whole minutes, as the citizen is told it"
    )


class IssuedTicket(Ticket):
    token: str = Field(description="the ticket's status page: /t/<token>")
    status_url: str = Field(json_schema_extra={"format": "uri"})


class PrinterHealth(Answer):
    printer: str
    ok: bool
    reason: str | None
    pending: int = Field(ge=0, description="jobs not yet printed")


class TicketIssued(Answer):
    ticket: IssuedTicket
    print: PrinterHealth | None = Field(description="the kiosk's printer, when a kiosk was named")


class TicketOne(Answer):
    ticket: Ticket


class TicketOrNobody(Answer):
    ticket: Ticket | None = Field(description="the called ticket, or null when nobody waits")


class CounterName(Answer):
    id: int
    name: str


class FeedbackState(Answer):
    """Whether the citizen may still rate the service (POST /status/<token>/feedback)."""

    open: bool = Field(description="a rating is accepted now: the ticket is finished, unrated, within the days allowed")
    given: bool = Field(description="the ticket was rated")
    closes_at: UtcTime | None = Field(description="the last moment a rating is accepted (finished tickets)")


class TicketStatus(Answer):
    """What the citizen's phone shows (GET /status/<token>, and the /ticket namespace)."""

    ticket: Ticket
    service: Service
    counter: CounterName | None
    feedback: FeedbackState


class FeedbackGiven(Answer):
    rating: int
    payment_asked: bool | None
    comment: str | None
    at: UtcTime


class Printer(Answer):
    printer: PrinterHealth


class StaffUser(Answer):
    id: int
    username: str
    role: Role


class LoggedIn(Answer):
    token: str
    expires_in: int = Field(description="seconds")
    user: StaffUser


class LoggedOut(Answer):
    logged_out: bool = Field(description="always true: the token (or the page session) no longer works")


class Officer(Answer):
    id: int
    username: str


class CounterState(Answer):
    id: int
    name: str
    paused: bool
    officer: Officer | None
    service_ids: list[int]
    current: Ticket | None
    current_since_s: float | None = Field(
        description="seconds since the current ticket was called (or started, once serving)"
    )
    allowed_actions: list[CounterAction] = Field(
        default_factory=list, description="what the counter may do now, by the path word of its action"
    )


class CounterOne(Answer):
    counter: CounterState


class Today(Answer):
    served: int
    no_show: int
    mean_service_s: float | None


class Me(Answer):
    user: StaffUser
    today: Today


class QueuedTicket(Answer):
    id: int
    number: str
    priority: bool
    issued_at: UtcTime


class Queue(Answer):
    service_id: int
    prefix: str
    name_en: str
    name_km: str
    target_wait_min: int
    waiting: int
    oldest_issued_at: UtcTime | None
    oldest_wait_s: float | None
    tickets: list[QueuedTicket] = Field(description="the first 50 waiting, in calling order")


class Overview(Answer):
    counters: list[CounterState]
    queues: list[Queue]


class PassedOver(Answer):
    ticket_id: int
    number: str


class OutOfOrderCall(Answer):
    event_id: int
    at: UtcTime
    ticket_id: int
    number: str
    service_id: int | None
    counter_id: int
    counter: str
    actor_id: int
    actor: str
    passed_over: list[PassedOver]
    reason: str | None


class PriorityTicket(Answer):
    """A priority ticket: it is called before everyone, so who gave it is on the record."""

    ticket_id: int
    number: str
    service_id: int
    issued_at: UtcTime
    issued_by_id: int | None = Field(description="the staff member who gave it")
    issued_by: str | None
    kiosk_id: int | None = Field(description="or the enrolled kiosk that gave it")
    kiosk: str | None
    status: str


class OutOfOrderReport(Answer):
    first: IsoDate = Field(alias="from")
    last: IsoDate = Field(alias="to")
    calls: list[OutOfOrderCall]
    priority_tickets: list[PriorityTicket] = Field(description="every priority ticket issued in these days")


class Duration(Answer):
    """Seconds; p50 and p90 are nearest-rank percentiles; null when there is no data."""

    mean: float | None
    p50: float | None
    p90: float | None
    max: float | None


def _figures(key: str, doc: str) -> type[Answer]:
    """A row of the statistics: its key first, then the counts and the durations."""
    fields = {
        key: (int, ...),
        "issued": (int, ...),
        "served": (int, ...),
        "no_show": (int, ...),
        "wait_s": (Duration, Field(description="first call - issue")),
        "service_s": (Duration, Field(description="finish - start")),
    }
    return create_model(doc, __base__=Answer, **fields)


ServiceFigures = _figures("service_id", "ServiceFigures")
CounterFigures = _figures("counter_id", "CounterFigures")
OfficerFigures = _figures("officer_id", "OfficerFigures")


class Stats(Answer):
    """Office-local days from..to inclusive (default today)."""

    first: IsoDate = Field(alias="from")
    last: IsoDate = Field(alias="to")
    services: list[ServiceFigures]
    counters: list[CounterFigures]
    officers: list[OfficerFigures]


# --- enrolled kiosks (office/kiosks.py) --------------------------------------------------

KioskState = Literal["pending", "enrolled", "expired", "revoked"]


class EnrolRequest(Request):
    code: Annotated[str, StringConstraints(min_length=1, max_length=KIOSK_KEY_MAX)] = Field(
        description="the one-time code at the end of the enrolment link (/kiosk/enrol/<code>)"
    )


class NewKioskRequest(Request):
    name: KioskName
    offers_priority: bool = Field(False, description="it may give priority tickets (elderly, disabled, pregnant)")


class KioskSelf(Answer):
    name: str
    offers_priority: bool


class KioskMe(Answer):
    kiosk: KioskSelf


class KioskEnrolled(Answer):
    kiosk: KioskSelf
    key: str = Field(description="the device key: keep it, send it as X-Kiosk-Key; it is shown only once")


class KioskRecord(Answer):
    name: str
    offers_priority: bool
    state: KioskState = Field(description="pending: its link not opened yet; expired: never opened in time")
    created_at: UtcTime
    created_by: str | None
    enrolled_at: UtcTime | None
    enrol_expires_at: UtcTime | None = Field(description="until when its pending link works")
    revoked_at: UtcTime | None


class KioskList(Answer):
    kiosks: list[KioskRecord]


class KioskOne(Answer):
    kiosk: KioskRecord


class KioskEnrolment(Answer):
    kiosk: KioskRecord
    link: str = Field(json_schema_extra={"format": "uri"}, description="open it on the kiosk, once; shown only now")
    qr_svg: str = Field(description="the link as a QR code, an SVG data: URL")
    expires_at: UtcTime


# --- login guessing (office/logins.py) ---------------------------------------------------


class LoginAlert(Answer):
    """Guessing at one user's password from many addresses (the event login_guessing)."""

    event_id: int
    at: UtcTime = Field(description="when the per-user limit was passed")
    username: str
    addresses: int = Field(description="addresses with failed logins for this user in the window")
    attempts: int = Field(description="failed or refused logins for this user in the window")
    window_s: int


class LoginAlerts(Answer):
    alerts: list[LoginAlert]
