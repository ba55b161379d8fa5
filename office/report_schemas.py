"""The shapes of the reports (office/report_figures.py): what GET /api/v1/reports/… take and
what the JSON summary answers. The figures' meanings are in office/report_figures.py and the
README ("Reports")."""

from typing import Annotated, Literal

from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, create_model

from office.limits import FILTER_IDS_MAX, MAX_ID
from office.schemas import Answer, Duration, OutOfOrderCall, QueryDate, Request

SUMMARY_DAYS_MAX = 400  # a summary covers at most this many days (a year and some)
GROUP_MAX = 200  # a service group's English name (office/service_schemas.py GROUP_EN_MAX)


def _ids(value: str) -> tuple[int, ...]:
    ids = tuple(int(part) for part in value.split(","))
    if any(not 1 <= i <= MAX_ID for i in ids):
        raise ValueError(f"ids are 1 to {MAX_ID}")
    return tuple(sorted(set(ids)))


def _one_line(value: str) -> str:
    # PostgreSQL refuses NUL in a query outright; no group name holds a control character.
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("must be one line, without control characters")
    return value


IdList = Annotated[
    str,
    StringConstraints(pattern=rf"^[0-9]{{1,10}}(,[0-9]{{1,10}}){{0,{FILTER_IDS_MAX - 1}}}$"),
    AfterValidator(_ids),
    Field(description=f"comma-separated ids, e.g. 1,4 (at most {FILTER_IDS_MAX})"),
]


class PeriodQuery(Request):
    """?from=YYYY-MM-DD&to=YYYY-MM-DD: office-local days, each defaulting to today."""

    model_config = ConfigDict(strict=False, extra="ignore", frozen=True, validate_by_alias=True)

    first: QueryDate | None = Field(None, alias="from")
    last: QueryDate | None = Field(None, alias="to")


class ReportQuery(PeriodQuery):
    """The period and the filters: a ticket counts if it matches every filter given."""

    group: Annotated[str, StringConstraints(min_length=1, max_length=GROUP_MAX), AfterValidator(_one_line)] | None = (
        Field(None, description="a service group, by its English name (group_en)")
    )
    service: IdList | None = Field(None, description="services (the one a ticket is in now), comma-separated ids")
    counter: IdList | None = Field(None, description="counters (the last that held a ticket), comma-separated ids")
    officer: IdList | None = Field(None, description="officers (the last that held a ticket), comma-separated ids")


class Estimate(Answer):
    """The estimate printed on a ticket against its real wait, over called tickets with one."""

    tickets: int
    mean_abs_error_s: float | None = Field(description="mean of |printed estimate − wait|, seconds")
    within_5min: float | None = Field(description="share (0..1) within ±300 s")


class Satisfaction(Answer):
    """The citizens' ratings of these tickets (office/satisfaction.py)."""

    ratings: int = Field(description="tickets rated")
    mean: float | None = Field(description="mean rating, 1 (very bad) to 5 (very good)")
    payment_asked: int = Field(description="ratings that said a payment was asked beyond the official fee")
    payment_answers: int = Field(description="ratings that answered that question (yes or no)")
    payment_asked_share: float | None = Field(description="payment_asked / payment_answers (0..1)")


_RATED = {"satisfaction": (Satisfaction, ...)}

_FIGURES = {
    "issued": (int, ...),
    "served": (int, Field(description="tickets done")),
    "no_show": (int, ...),
    "cancelled": (int, ...),
    "transferred": (int, Field(description="transfers out of this row (README: Reports)")),
    "wait_s": (Duration, Field(description="first call − issue")),
    "walk_s": (Duration, Field(description="start − latest call")),
    "service_s": (Duration, Field(description="finish − start")),
    "within_target": (
        float | None,
        Field(description="share (0..1) of served tickets whose wait was at most their service's target"),
    ),
}

_TIMES = {
    "signed_in_s": (float, Field(description="seconds signed in at a counter in the period")),
    "paused_s": (float, Field(description="of which the counter was paused")),
    "busy_s": (float, Field(description="of which open and holding a called or serving ticket")),
    "idle_s": (float, Field(description="of which open with no ticket")),
}


def _row(name: str, keys: dict, extra: dict | None = None) -> type[Answer]:
    return create_model(name, __base__=Answer, **keys, **_FIGURES, **(extra or {}))


ServiceRow = _row(
    "ServiceReportRow",
    {
        "service_id": (int, ...),
        "prefix": (str, ...),
        "name_en": (str, ...),
        "name_km": (str, ...),
        "group_en": (str, ...),
        "group_km": (str, ...),
        "target_wait_min": (int, ...),
    },
    {"estimate": (Estimate, ...), **_RATED},
)
CounterRow = _row("CounterReportRow", {"counter_id": (int, ...), "name": (str, ...)}, _RATED)
OfficerRow = _row(
    "OfficerReportRow",
    {"officer_id": (int, ...), "username": (str, ...)},
    {
        "service_time_s": (float, Field(description="the sum of their served tickets' service times")),
        "recalls": (int, ...),
        **_TIMES,
        **_RATED,
    },
)
HourRow = _row("HourReportRow", {"hour": (int, Field(ge=0, le=23, description="office-local hour of issue"))})
WeekdayRow = _row(
    "WeekdayReportRow", {"weekday": (int, Field(ge=1, le=7, description="of issue, ISO: Monday 1 … Sunday 7"))}
)

DayRow = _row(
    "DayReportRow",
    {"day": (str, Field(description="office-local day of issue", json_schema_extra={"format": "date"}))},
)


class ReportFilters(Answer):
    group: str | None
    service_ids: list[int]
    counter_ids: list[int]
    officer_ids: list[int]


class ReportSummary(Answer):
    """The reports' figures for office-local days from..to inclusive (README: Reports)."""

    first: str = Field(alias="from", json_schema_extra={"format": "date"})
    last: str = Field(alias="to", json_schema_extra={"format": "date"})
    timezone: str = Field(description="the office's time zone: hours and weekdays are its local time")
    filters: ReportFilters
    services: list[ServiceRow]
    counters: list[CounterRow]
    officers: list[OfficerRow]
    hours: list[HourRow]
    weekdays: list[WeekdayRow]
    days: list[DayRow] = Field(description="each day of the period with tickets, in order (the chart of waits by day)")
    out_of_order_calls: list[OutOfOrderCall]
    percentiles: Literal["exact", "binned"] = Field(
        description="exact: p50 and p90 read from the tickets themselves (periods of up to 50,000 tickets, and "
        "any report with a filter); binned: from the duration bins kept per day and month, within half a bin "
        "of the exact value (2.5 s under 2 minutes, 7.5 s under 10, 15 s under 30, 30 s under 2 hours)"
    )


# --- the public figures (/office, /api/v1/public/figures) --------------------------------------


class PublicFiguresQuery(Request):
    """?month=YYYY-MM: this month (the default) or one of the last twelve."""

    model_config = ConfigDict(strict=False, extra="ignore", frozen=True)

    month: Annotated[str, StringConstraints(pattern=r"^\d{4}-(0[1-9]|1[0-2])$")] | None = None


class PublicServiceRow(Answer):
    service_id: int
    prefix: str
    name_en: str
    name_km: str
    group_en: str
    group_km: str
    fee_riel: int | None = Field(description="the official fee, riel")
    processing_days: int | None
    shown: bool = Field(description="false: fewer than 5 tickets served this month, so no figures are shown")
    served: int | None = Field(description="tickets served this month (null when not shown)")
    wait_p50_s: float | None = Field(description="median wait (issue → first call), seconds")
    wait_p90_s: float | None = Field(description="90th percentile wait, seconds")
    within_target: float | None = Field(description="share (0..1) served within the service's target wait")
    ratings: int | None = Field(description="tickets rated by their citizen (null under 5 ratings, or when not shown)")
    rating_mean: float | None = Field(description="their mean rating, 1 (very bad) to 5 (very good)")


class PublicFigures(Answer):
    month: str = Field(description="YYYY-MM")
    first: str = Field(alias="from", json_schema_extra={"format": "date"})
    last: str = Field(alias="to", json_schema_extra={"format": "date"}, description="the month's last day, or today")
    services: list[PublicServiceRow]


# --- integrity signals (/api/v1/reports/integrity) ----------------------------------------------


class OfficerCalls(Answer):
    officer_id: int
    officer: str
    calls: int
    reasons: dict[str, int] = Field(description="the reasons given, each with how many calls")


class ReasonCalls(Answer):
    reason: str
    calls: int


class ShortService(Answer):
    ticket_id: int
    number: str
    service_id: int
    counter_id: int | None
    counter: str
    officer_id: int | None
    officer: str
    service_s: float
    finished_at: str = Field(json_schema_extra={"format": "date-time"})


class OfficerRecalls(Answer):
    officer_id: int
    officer: str
    called: int = Field(description="tickets they served or marked no-show")
    no_show: int
    recalls: int


class LongPause(Answer):
    counter_id: int
    counter: str
    officer_id: int | None
    officer: str
    start: str = Field(alias="from", json_schema_extra={"format": "date-time"})
    end: str | None = Field(alias="to", json_schema_extra={"format": "date-time"})
    minutes: float
    ended: Literal["resumed", "signed_out", "still paused"]


class RatedTicket(Answer):
    """A citizen's rating of a ticket, with who served it (supervisors only)."""

    ticket_id: int
    number: str
    day: str = Field(json_schema_extra={"format": "date"}, description="the ticket's office-local day")
    at: str = Field(json_schema_extra={"format": "date-time"}, description="when it was rated")
    service_id: int
    counter_id: int | None
    counter: str
    officer_id: int | None
    officer: str
    rating: int = Field(ge=1, le=5)
    payment_asked: bool | None = Field(description="said a payment was asked beyond the official fee")
    comment: str | None


class FeedbackComments(Answer):
    """The comments citizens left with their ratings in a period, newest first (at most 500)."""

    first: str = Field(alias="from", json_schema_extra={"format": "date"})
    last: str = Field(alias="to", json_schema_extra={"format": "date"})
    comments: list[RatedTicket]


class IntegritySignals(Answer):
    """What a supervisor should look at in a period (README: Reports, Integrity signals)."""

    first: str = Field(alias="from", json_schema_extra={"format": "date"})
    last: str = Field(alias="to", json_schema_extra={"format": "date"})
    min_service_s: int = Field(description="services finished faster than this are listed")
    long_pause_min: int = Field(description="pauses longer than this are listed")
    out_of_order_by_officer: list[OfficerCalls]
    out_of_order_by_reason: list[ReasonCalls]
    short_services: list[ShortService]
    recalls_and_no_shows: list[OfficerRecalls]
    long_pauses: list[LongPause]
    payment_asked: list[RatedTicket] = Field(
        description="ratings whose citizen said a payment was asked beyond the official fee, newest first"
    )


# --- the event log's hash chain (/api/v1/audit) -------------------------------------------------


class ChainHead(Answer):
    seq: int = Field(description="the place of the last event (0: none yet)")
    hash: str = Field(description="its hash (SHA-256, hex)")


class AuditVerdict(Answer):
    """A verification of the chain, as recorded."""

    at: str = Field(json_schema_extra={"format": "date-time"})
    intact: bool
    events: int = Field(description="events checked")
    head: ChainHead | None
    anchors_checked: int
    broken_seq: int | None = Field(description="the place of the first broken link")
    problem: str | None = Field(description="what is wrong there")


class Anchored(Answer):
    at: str = Field(json_schema_extra={"format": "date-time"})
    seq: int
    hash: str


class AuditState(Answer):
    head: ChainHead
    last_verified: AuditVerdict | None
    last_anchor: Anchored | None
