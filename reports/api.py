"""GET /api/v1/reports/summary (JSON), summary.csv, summary.xlsx and tickets.csv, for
supervisors and admins. Each view declares its contract (office.contract.operation); the
application checks the role and the query before it runs.

A summary over a month of a busy office reads seconds of SQL: it runs off the event loop, in
a worker thread with a database connection of its own (app.extensions["onewindow.run_blocking"]),
so the displays and counters go on while it runs. Bad input is refused (400) before that. The
streamed tickets.csv reads and writes each chunk there too.

(GET /api/v1/reports/out-of-order is the counter area's, in counter/api.py.)
"""

from datetime import date

from flask import Blueprint, Response, current_app, stream_with_context

from office import integrity, report_exports, satisfaction
from office import report_schemas as schemas
from office.contract import Media, operation
from office.db import connection_if_closed
from office.errors import InvalidInput
from office.report_figures import Filters, report
from office.roles import SUPERVISORS

bp = Blueprint("reports_api", __name__, url_prefix="/api/v1/reports")  # "_api": CSRF checked by the contract

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PERIOD = (
    "Office-local days from..to inclusive (each defaults to today). A ticket counts in the day it was "
    "issued; the figures are defined in the README (Reports). "
)
FILTERS = (
    "Filters: group (a service group's English name), service, counter, officer (comma-separated ids); a "
    "ticket counts if it matches all of them. "
)
TOO_LONG = f"A summary covers at most {schemas.SUMMARY_DAYS_MAX} days (else 400, field `to`). "


def _clock():
    return current_app.config["CLOCK"]


@bp.get("/summary")
@operation(
    "The reports' figures per service, counter, officer, hour and weekday",
    description=PERIOD + FILTERS + TOO_LONG,
    roles=SUPERVISORS,
    query=schemas.ReportQuery,
    answers={200: schemas.ReportSummary},
)
def summary(query: schemas.ReportQuery):
    first, last, figures = _figures(query)
    return schemas.ReportSummary(
        **{"from": first.isoformat(), "to": last.isoformat()},
        timezone=str(_clock().zone),
        filters=schemas.ReportFilters(
            group=query.group,
            service_ids=list(query.service or ()),
            counter_ids=list(query.counter or ()),
            officer_ids=list(query.officer or ()),
        ),
        **figures,
    )


@bp.get("/summary.csv")
@operation(
    "The same figures as one CSV table",
    description=PERIOD
    + FILTERS
    + TOO_LONG
    + "A row per service, counter, officer, hour and weekday, its `dimension` column saying which; a "
    "figure that does not apply to a dimension is empty. UTF-8 with a BOM (for Excel).",
    roles=SUPERVISORS,
    query=schemas.ReportQuery,
    answers={200: Media(CSV, "the summary, one table")},
)
def summary_csv(query: schemas.ReportQuery):
    first, last, data = _figures(query, report_exports.summary_csv)
    return _file(data, CSV, f"owso-report-{first}-{last}.csv")


@bp.get("/summary.xlsx")
@operation(
    "The same figures as an Excel workbook",
    description=PERIOD
    + FILTERS
    + TOO_LONG
    + "A sheet per dimension (services, counters, officers, hours, weekdays, days) and one of out-of-order calls.",
    roles=SUPERVISORS,
    query=schemas.ReportQuery,
    answers={200: Media(XLSX, "the summary, a sheet per dimension")},
)
def summary_xlsx(query: schemas.ReportQuery):
    first, last, data = _figures(query, report_exports.summary_xlsx)
    return _file(data, XLSX, f"owso-report-{first}-{last}.xlsx")


@bp.get("/tickets.csv")
@operation(
    "Every ticket issued in the period, one a row (streamed)",
    description=PERIOD
    + "Columns: number, service_prefix, service_en, service_km, priority, status, issued_at, first_called_at, "
    "called_at, started_at, finished_at (office-local ISO 8601 with the offset), counter, officer, "
    "estimated_wait_s (as printed), fee_riel; in the order issued. UTF-8 with a BOM (for Excel).",
    roles=SUPERVISORS,
    query=schemas.PeriodQuery,
    answers={200: Media(CSV, "the ticket log")},
)
def tickets_csv(query: schemas.PeriodQuery):
    first, last = _period(query, limit=None)
    run_blocking = current_app.extensions["onewindow.run_blocking"]
    rows = report_exports.ticket_log(
        first, last, _clock().zone, run=lambda fn, *args: run_blocking(_with_own_connection, fn, *args)
    )
    return Response(
        stream_with_context(rows),
        mimetype=CSV,
        headers={"Content-Disposition": f'attachment; filename="owso-tickets-{first}-{last}.csv"'},
    )


@bp.get("/integrity")
@operation(
    "Integrity signals of a period: out-of-order calls, rushed services, recalls and no-shows, long pauses",
    description=PERIOD
    + "Out-of-order calls by officer and by reason; tickets finished less than min_service_s after their "
    "start; recalls and no-shows by officer; pauses longer than long_pause_min (ONEWINDOW_INTEGRITY_MIN_SERVICE_S, "
    "ONEWINDOW_INTEGRITY_LONG_PAUSE_MIN). Facts from the record for a supervisor to look at, not verdicts. " + TOO_LONG,
    roles=SUPERVISORS,
    query=schemas.PeriodQuery,
    answers={200: schemas.IntegritySignals},
)
def integrity_signals(query: schemas.PeriodQuery):
    first, last = _period(query, limit=schemas.SUMMARY_DAYS_MAX)
    config = current_app.config
    limits = {"min_service_s": config["INTEGRITY_MIN_SERVICE_S"], "long_pause_min": config["INTEGRITY_LONG_PAUSE_MIN"]}
    run_blocking = current_app.extensions["onewindow.run_blocking"]
    found = run_blocking(_with_own_connection, integrity.signals, first, last, _clock().zone, **limits)
    return schemas.IntegritySignals(**{"from": first.isoformat(), "to": last.isoformat()}, **found)


@bp.get("/feedback")
@operation(
    "The comments citizens left with their ratings in a period (supervisors: never shown to the officer rated)",
    description=PERIOD + FILTERS + "Newest first, at most 500. " + TOO_LONG,
    roles=SUPERVISORS,
    query=schemas.ReportQuery,
    answers={200: schemas.FeedbackComments},
)
def feedback_comments(query: schemas.ReportQuery):
    first, last = _period(query, limit=schemas.SUMMARY_DAYS_MAX)
    run_blocking = current_app.extensions["onewindow.run_blocking"]
    found = run_blocking(_with_own_connection, satisfaction.comments, first, last, _filters(query))
    return schemas.FeedbackComments(**{"from": first.isoformat(), "to": last.isoformat()}, comments=found)


def _filters(query: schemas.ReportQuery) -> Filters:
    return Filters(
        group=query.group,
        service_ids=query.service or (),
        counter_ids=query.counter or (),
        officer_ids=query.officer or (),
    )


def _figures(query: schemas.ReportQuery, render=None) -> tuple[date, date, object]:
    """The period and its figures (or what `render` makes of them: a file's bytes), computed
    in a worker thread; the period is checked first, on the request's thread."""
    first, last = _period(query, limit=schemas.SUMMARY_DAYS_MAX)
    filters = _filters(query)
    clock = _clock()
    run_blocking = current_app.extensions["onewindow.run_blocking"]
    return first, last, run_blocking(_compute, first, last, clock.zone, filters, clock(), render)


def _compute(first: date, last: date, zone, filters: Filters, now, render):
    """In the worker thread: peewee's connection is per thread, so this one opens its own
    (from the pool) and gives it back. Under threads (tests, `--async-mode threading`) it runs
    in the request's thread and uses the request's connection."""
    with connection_if_closed():
        figures = report(first, last, zone, filters, now=now)
    return render(figures) if render else figures


def _with_own_connection(fn, *args, **kwargs):
    """In the worker thread (see _compute)."""
    with connection_if_closed():
        return fn(*args, **kwargs)


def _period(query: schemas.PeriodQuery, *, limit: int | None) -> tuple[date, date]:
    today = _clock().local_day()
    first, last = query.first or today, query.last or today
    if last < first:
        raise InvalidInput("to must not be before from", field="to")
    if limit is not None and (last - first).days + 1 > limit:
        raise InvalidInput(f"a report covers at most {limit} days", field="to")
    return first, last


def _file(data: bytes, mimetype: str, name: str) -> Response:
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{name}"'})
