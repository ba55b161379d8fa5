"""The reports' figures kept as the office works, so that a year of history reads in well
under a second (issue 11): written in the same transaction as each ticket's end, each
transfer and each recall (office/engine.py calls `record`), or rebuilt from the tickets and
the event log for a range of days (`rebuild`: the upgrade to this schema, seed-history).

- FigureCell: per office-local issue day, issue hour, service, counter and officer that
  last held the ticket: the ended tickets' counts, durations (count, sum, max), served
  within the service's target wait (its target when the ticket was served), the wait
  estimate's error; transfers where the ticket left (its service then, the counter, who
  transferred it) and recalls (the ticket's service, the counter, who recalled).
- FigureDuration: how many durations fell in each bin, per day and per month, for each
  dimension's key (office/report_figures reads percentiles from them for long periods).
- OfficerDay: each officer's signed-in, paused, busy and idle time per counter and day,
  written once the day is over (`close_days`): time passes without events, so it cannot be
  kept per event.

A ticket still waiting, called or being served is in none of them: reports read those from
the ticket table (few rows, through the status index).
"""

from datetime import date, timedelta

from peewee import EXCLUDED, Case, SqliteDatabase, fn

from office.clock import day_bounds_utc, to_millis
from office.db import database
from office.local_time import local_hour_sql, local_weekday_sql, offset_spans
from office.models import Event, FigureCell, FigureDuration, OfficerDay, OfficerDayDone, Service, Ticket

ENDED = ("done", "no_show", "cancelled")
END_KINDS = ("finished", "no_show", "cancelled")
ESTIMATE_WITHIN_MS = 300_000
# Bins of a duration: (below this many ms, bins this wide). Each bin is at most ~4 % of its
# values (2.5 % from 10 minutes to 2 hours), and a percentile read from bins is the bin's
# middle: within half a bin of the exact one.
BINS = ((120_000, 5_000), (600_000, 15_000), (1_800_000, 30_000), (7_200_000, 60_000), (28_800_000, 300_000))
LAST_BIN_MS = 1_800_000
# Durations: (name in FigureCell and FigureDuration, start column, end column).
MEASURES = (
    ("wait", "issued_at", "first_called_at"),
    ("walk", "called_at", "started_at"),
    ("service", "started_at", "finished_at"),
)
DIMENSIONS = ("service", "counter", "officer", "hour", "weekday")


def bin_of(ms: int) -> int:
    """The lower bound of the bin a duration falls in (BINS)."""
    ms = max(int(ms), 0)
    for below, width in BINS:
        if ms < below:
            return ms // width * width
    return ms // LAST_BIN_MS * LAST_BIN_MS


def bin_width(lower: int) -> int:
    for below, width in BINS:
        if lower < below:
            return width
    return LAST_BIN_MS


def bin_sql(expression: str) -> str:
    """bin_of in SQL (integer division on SQLite and PostgreSQL alike)."""
    cases = " ".join(f"WHEN {expression} < {below} THEN {expression} / {width} * {width}" for below, width in BINS)
    return f"CASE {cases} ELSE {expression} / {LAST_BIN_MS} * {LAST_BIN_MS} END"


def month_of(day: date) -> date:
    return day.replace(day=1)


# --- kept as the office works --------------------------------------------------------------


def record(event, ticket: Ticket, zone) -> None:
    """Add what an event changes to the figures (call it in the event's transaction)."""
    if event.kind in END_KINDS:
        _add_ended(ticket, zone)
    elif event.kind == "recalled":
        _add_to_cell(_cell_key(ticket, zone, ticket.service_id, event.counter_id, event.actor_id), recalls=1)
    elif event.kind == "transferred":
        from_service = event.details.get("from_service_id", ticket.service_id)
        _add_to_cell(_cell_key(ticket, zone, from_service, event.counter_id, event.actor_id), transferred=1)


def _cell_key(ticket: Ticket, zone, service_id, counter_id, officer_id) -> dict:
    return {
        "day": ticket.day,
        "weekday": ticket.day.isoweekday(),
        "hour": ticket.issued_at.astimezone(zone).hour,
        "service_id": service_id,
        "counter_id": counter_id or 0,
        "officer_id": officer_id or 0,
    }


def _durations(ticket: Ticket) -> dict[str, int]:
    values = {}
    for name, start, end in MEASURES:
        begin, finish = getattr(ticket, start), getattr(ticket, end)
        if begin is not None and finish is not None:
            values[name] = to_millis(finish) - to_millis(begin)
    return values


def _add_ended(ticket: Ticket, zone) -> None:
    durations = _durations(ticket)
    served = ticket.status == "done"
    counts = {"issued": 1, "served": int(served), "no_show": int(ticket.status == "no_show")}
    counts["cancelled"] = int(ticket.status == "cancelled")
    if served and "wait" in durations:
        target_min = Service.select(Service.target_wait_min).where(Service.id == ticket.service_id).scalar()
        counts["on_target"] = int(durations["wait"] <= (target_min or 0) * 60_000)
    for name, ms in durations.items():
        counts.update({f"{name}_n": 1, f"{name}_ms": ms, f"{name}_max": ms})
    if "wait" in durations and ticket.estimated_wait_s is not None:
        error = abs(ticket.estimated_wait_s * 1000 - durations["wait"])
        counts.update(estimate_n=1, estimate_error_ms=error, estimate_within=int(error <= ESTIMATE_WITHIN_MS))
    key = _cell_key(ticket, zone, ticket.service_id, ticket.counter_id, ticket.officer_id)
    _add_to_cell(key, **counts)
    keys = {
        "service": ticket.service_id,
        "counter": ticket.counter_id,
        "officer": ticket.officer_id,
        "hour": key["hour"],
        "weekday": ticket.day.isoweekday(),
    }
    rows = [
        {"span": span, "start": start, "dimension": dimension, "key": k, "measure": name, "bin": bin_of(ms), "n": 1}
        for span, start in (("d", ticket.day), ("m", month_of(ticket.day)))
        for dimension, k in keys.items()
        if k is not None
        for name, ms in durations.items()
    ]
    if rows:
        _add_durations(rows)


def _greater(field):
    """The larger of the stored and the added value (SQLite's MAX(a, b) is PostgreSQL's GREATEST)."""
    added = getattr(EXCLUDED, field.column_name)
    return Case(None, [(added > field, added)], field)


CELL_KEY = ("span", "day", "service_id", "counter_id", "officer_id", "hour", "weekday")


def _add_to_cell(key: dict, **counts) -> None:
    """Add to the day's cell and to its month's."""
    update = {}
    for name in counts:
        field = getattr(FigureCell, name)
        update[field] = _greater(field) if name.endswith("_max") else field + getattr(EXCLUDED, field.column_name)
    month = {"span": "m", "day": month_of(key["day"]), "weekday": 0}  # a month's cells mix weekdays
    rows = [{**key, "span": "d", **counts}, {**key, **month, **counts}]
    conflict = [getattr(FigureCell, name) for name in CELL_KEY]
    FigureCell.insert_many(rows).on_conflict(conflict_target=conflict, update=update).execute()


def _add_durations(rows: list[dict]) -> None:
    conflict = [
        FigureDuration.span,
        FigureDuration.dimension,
        FigureDuration.start,
        FigureDuration.key,
        FigureDuration.measure,
        FigureDuration.bin,
    ]
    update = {FigureDuration.n: FigureDuration.n + EXCLUDED.n}
    FigureDuration.insert_many(rows).on_conflict(conflict_target=conflict, update=update).execute()


# --- rebuilt from the record --------------------------------------------------------------------


def rebuild(first: date, last: date, zone, *, today: date | None = None) -> None:
    """Write the figures of office-local days first..last again from the tickets and the
    event log (the months they touch are summed again from their days); the officers' time
    of the days among them that are over (before `today`) too. For an upgrade, for history
    written in bulk, and to check that what `record` keeps is what the record says."""
    start, end = (to_millis(t) for t in day_bounds_utc(first, last, zone))
    spans = offset_spans(start, end, zone)
    with database.atomic():
        FigureCell.delete().where((FigureCell.span == "d") & FigureCell.day.between(first, last)).execute()
        FigureDuration.delete().where(
            (FigureDuration.span == "d") & FigureDuration.start.between(first, last)
        ).execute()
        _rebuild_cells(start, end, spans)
        _rebuild_moves(start, end, spans)
        _rebuild_day_durations(first, last, start, end, spans)
        _rebuild_months(month_of(first), month_of(last))
        _rebuild_month_cells(month_of(first), month_of(last))
        OfficerDay.delete().where(OfficerDay.day.between(first, last)).execute()
        OfficerDayDone.delete().where(OfficerDayDone.day.between(first, last)).execute()
        if not isinstance(database.obj, SqliteDatabase):
            # Fresh statistics after a bulk write: without them PostgreSQL plans the reports'
            # queries for empty tables (a year's summary took 1.3 s instead of 0.8).
            database.execute_sql("ANALYZE figure_cell")
            database.execute_sql("ANALYZE figure_duration")
    if today is not None and first < today:
        close_days(first, min(last, today - timedelta(days=1)), zone)


def _ended_where(p: str) -> str:
    return f"ticket.issued_at >= {p} AND ticket.issued_at < {p} AND ticket.status IN ('done', 'no_show', 'cancelled')"


def _rebuild_cells(start: int, end: int, spans) -> None:
    p = database.param
    hour = local_hour_sql(spans, "ticket.issued_at", p)
    weekday = local_weekday_sql(spans, "ticket.issued_at", p)
    sums = []
    for _, begin, finish in MEASURES:
        ms = f"(ticket.{finish} - ticket.{begin})"
        sums.append(f"COUNT({ms}), COALESCE(SUM({ms}), 0), COALESCE(MAX({ms}), 0)")
    wait = "(ticket.first_called_at - ticket.issued_at)"
    error = f"ABS(CAST(ticket.estimated_wait_s AS BIGINT) * 1000 - {wait})"
    sql = f"""
INSERT INTO figure_cell (span, day, weekday, hour, service_id, counter_id, officer_id,
    issued, served, no_show, cancelled, on_target, transferred, recalls,
    wait_n, wait_ms, wait_max, walk_n, walk_ms, walk_max,
    service_n, service_ms, service_max, estimate_n, estimate_error_ms, estimate_within)
SELECT 'd', ticket.day, {weekday}, {hour}, ticket.service_id, COALESCE(ticket.counter_id, 0),
    COALESCE(ticket.officer_id, 0), COUNT(*),
    SUM(CASE WHEN ticket.status = 'done' THEN 1 ELSE 0 END),
    SUM(CASE WHEN ticket.status = 'no_show' THEN 1 ELSE 0 END),
    SUM(CASE WHEN ticket.status = 'cancelled' THEN 1 ELSE 0 END),
    SUM(CASE WHEN ticket.status = 'done' AND {wait} <= s.target_wait_min * 60000 THEN 1 ELSE 0 END),
    0, 0, {", ".join(sums)},
    COUNT(CASE WHEN ticket.estimated_wait_s IS NOT NULL THEN {wait} END),
    COALESCE(SUM(CASE WHEN ticket.estimated_wait_s IS NOT NULL THEN {error} END), 0),
    SUM(CASE WHEN ticket.estimated_wait_s IS NOT NULL AND {error} <= {ESTIMATE_WITHIN_MS} THEN 1 ELSE 0 END)
FROM ticket JOIN service s ON s.id = ticket.service_id
WHERE {_ended_where(p)}
GROUP BY ticket.day, {weekday}, {hour}, ticket.service_id, COALESCE(ticket.counter_id, 0),
    COALESCE(ticket.officer_id, 0)
"""
    database.execute_sql(sql, (start, end))


def _rebuild_moves(start: int, end: int, spans) -> None:
    """Transfers and recalls of the days' tickets (whatever their status now), into the cells."""
    p = database.param
    hour = local_hour_sql(spans, "ticket.issued_at", p)
    sql = f"""
SELECT ticket.day, {hour}, e.kind, e.service_id, e.details, COALESCE(e.counter_id, 0), COALESCE(e.actor_id, 0)
FROM ticket JOIN event e ON e.ticket_id = ticket.id
WHERE ticket.issued_at >= {p} AND ticket.issued_at < {p} AND e.kind IN ('transferred', 'recalled')
"""
    moves: dict[tuple, dict] = {}
    for day, hour_value, kind, service_id, details, counter_id, actor_id in database.execute_sql(sql, (start, end)):
        if kind == "transferred":
            service_id = Event.details.python_value(details).get("from_service_id", service_id)
        key = (FigureCell.day.python_value(day), int(hour_value), service_id, counter_id, actor_id)
        counts = moves.setdefault(key, {"transferred": 0, "recalls": 0})
        counts["transferred" if kind == "transferred" else "recalls"] += 1
    conflict = [getattr(FigureCell, name) for name in CELL_KEY]
    for (day, hour_value, service_id, counter_id, actor_id), counts in moves.items():
        key = {"span": "d", "day": day, "weekday": day.isoweekday(), "hour": hour_value, "service_id": service_id}
        key.update(counter_id=counter_id, officer_id=actor_id)
        update = {getattr(FigureCell, name): getattr(FigureCell, name) + getattr(EXCLUDED, name) for name in counts}
        FigureCell.insert(**key, **counts).on_conflict(conflict_target=conflict, update=update).execute()


def _rebuild_day_durations(first: date, last: date, start: int, end: int, spans) -> None:
    p = database.param
    keys = {
        "service": "ticket.service_id",
        "counter": "ticket.counter_id",
        "officer": "ticket.officer_id",
        "hour": local_hour_sql(spans, "ticket.issued_at", p),
        "weekday": None,  # from the day, below
    }
    for name, begin, finish in MEASURES:
        ms = f"(ticket.{finish} - ticket.{begin})"
        for dimension, key in keys.items():
            if key is None:
                continue
            database.execute_sql(
                f"""
INSERT INTO figure_duration (span, start, dimension, key, measure, bin, n)
SELECT 'd', ticket.day, '{dimension}', {key}, '{name}', {bin_sql(ms)}, COUNT(*)
FROM ticket
WHERE {_ended_where(p)} AND {key} IS NOT NULL AND {ms} IS NOT NULL
GROUP BY ticket.day, {key}, {bin_sql(ms)}
""",
                (start, end),
            )
    # A day's weekday rows are the day's own durations: the service rows summed.
    rows = (
        FigureDuration.select(
            FigureDuration.start, FigureDuration.measure, FigureDuration.bin, fn.SUM(FigureDuration.n)
        )
        .where((FigureDuration.span == "d") & (FigureDuration.dimension == "service"))
        .where(FigureDuration.start.between(first, last))
        .group_by(FigureDuration.start, FigureDuration.measure, FigureDuration.bin)
        .tuples()
    )
    weekdays = [
        {
            "span": "d",
            "start": day,
            "dimension": "weekday",
            "key": day.isoweekday(),
            "measure": m,
            "bin": b,
            "n": int(n),
        }
        for day, m, b, n in rows
    ]
    for i in range(0, len(weekdays), 500):
        FigureDuration.insert_many(weekdays[i : i + 500]).execute()


def _rebuild_months(first_month: date, last_month: date) -> None:
    """Each month's rows are its days' rows summed."""
    p = database.param
    for month, following in _months(first_month, last_month):
        FigureDuration.delete().where((FigureDuration.span == "m") & (FigureDuration.start == month)).execute()
        database.execute_sql(
            f"""
INSERT INTO figure_duration (span, start, dimension, key, measure, bin, n)
SELECT 'm', {p}, dimension, key, measure, bin, SUM(n) FROM figure_duration
WHERE span = 'd' AND start >= {p} AND start < {p}
GROUP BY dimension, key, measure, bin
""",
            tuple(FigureDuration.start.db_value(d) for d in (month, month, following)),
        )


def _rebuild_month_cells(first_month: date, last_month: date) -> None:
    """Each month's cells are its days' cells summed (over weekdays too: weekday 0)."""
    p = database.param
    columns = [f.column_name for f in FigureCell._meta.sorted_fields if f.name not in ("id", *CELL_KEY)]
    sums = ", ".join(f"MAX({c})" if c.endswith("_max") else f"SUM({c})" for c in columns)
    keys = "service_id, counter_id, officer_id, hour"
    for month, following in _months(first_month, last_month):
        FigureCell.delete().where((FigureCell.span == "m") & (FigureCell.day == month)).execute()
        database.execute_sql(
            f"""
INSERT INTO figure_cell (span, day, weekday, {keys}, {", ".join(columns)})
SELECT 'm', {p}, 0, {keys}, {sums} FROM figure_cell
WHERE span = 'd' AND day >= {p} AND day < {p}
GROUP BY {keys}
""",
            tuple(FigureCell.day.db_value(d) for d in (month, month, following)),
        )


def _months(first_month: date, last_month: date):
    """(first day, first day of the next) of each month first_month..last_month."""
    month = first_month
    while month <= last_month:
        following = (month + timedelta(days=32)).replace(day=1)
        yield month, following
        month = following


# --- the officers' time, per day that is over --------------------------------------------------


def close_days(first: date, last: date, zone) -> None:
    """Write OfficerDay rows for the days first..last not written yet (days that are over)."""
    from office.officer_time import officer_time_by_day

    done = {
        d for (d,) in OfficerDayDone.select(OfficerDayDone.day).where(OfficerDayDone.day.between(first, last)).tuples()
    }
    missing = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    missing = [d for d in missing if d not in done]
    if not missing:
        return
    # Runs of consecutive missing days are read in one pass of the event log each.
    runs, run = [], [missing[0]]
    for day in missing[1:]:
        if day == run[-1] + timedelta(days=1):
            run.append(day)
        else:
            runs.append(run)
            run = [day]
    runs.append(run)
    for run in runs:
        rows = officer_time_by_day(run[0], run[-1], zone)
        with database.atomic():
            for i in range(0, len(rows), 500):
                OfficerDay.insert_many(rows[i : i + 500]).on_conflict_ignore().execute()
            OfficerDayDone.insert_many([{"day": d} for d in run]).on_conflict_ignore().execute()
