"""The reports the supervisor and the ministry read: figures for any period, per service,
counter, officer, hour of day, weekday and day.

Where they come from. Ended tickets (done, no-show, cancelled), transfers and recalls are
summed as they happen into daily rows (office/daily_figures.py); a report sums those rows
over its days and adds the tickets still open (waiting, called, serving) from the ticket
table. A year of history is about 105,000 such rows instead of a million tickets.

Which tickets. A ticket counts in the office-local day it was issued, for the service it is
in now (after any transfer) and for the counter and officer that last held it; the filters
(a service group, services, counters, officers) choose tickets by the same columns. A
transfer counts where the ticket left (the service it came from, the counter it was at, the
staff member who transferred it) and a recall where it was made (the ticket's service, the
counter, who recalled), each in the hour and weekday the ticket was issued; the filters choose
them by those. The officers' times (signed in, paused, idle) measure the period's own clock.

Per row:
- issued; served (done), no_show, cancelled: the tickets' statuses now; transferred.
- wait_s = first call − issue; walk_s = start − latest call (a recall is a call again);
  service_s = finish − start. Each {mean, p50, p90, max} in seconds over the tickets that have
  both times; p50 and p90 are nearest-rank (the smallest value with at least p% of values at
  or below it), as office/stats.py. They are exact when the report counts at most
  EXACT_TICKETS tickets or has a filter (read from the tickets themselves); beyond, they are
  read from the duration bins kept per day and month (`percentiles: "binned"` in the
  answer): the middle of the bin holding that rank, within half a bin (at most 2.5 s under
  2 minutes, 7.5 s under 10, 15 s under 30, 30 s under 2 hours) of the exact value.
- within_target: of the served tickets, the share whose wait (issue → first call) was at most
  their service's target_wait_min when they were served, 0..1; null when none was served.
Services also carry `estimate`: over the tickets that were called and had an estimate when
issued, the mean absolute difference between the printed estimate and the wait that happened,
and the share within ±300 s. Officers also carry service_time_s (the sum of their served
tickets' service times), recalls, and the time figures of office/officer_time.py (days that
are over are read from OfficerDay rows, written the first time they are needed).
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from office import satisfaction
from office.clock import day_bounds_utc, to_millis
from office.daily_figures import ESTIMATE_WITHIN_MS, MEASURES, bin_of, bin_width, close_days, month_of
from office.db import database
from office.local_time import DAY_MS, hour_of, local_hour_sql, local_ms, local_weekday_sql, offset_spans, weekday_of
from office.models import Counter, FigureCell, FigureDuration, OfficerDay, Service, User
from office.officer_time import PARTS, officer_times
from office.reports import out_of_order_calls

DIMENSIONS = ("services", "counters", "officers", "hours", "weekdays", "days")
KEYS = {
    "services": "service_id",
    "counters": "counter_id",
    "officers": "officer_id",
    "hours": "hour",
    "weekdays": "weekday",
    "days": "day",
}
# KEYS are the dimensions' columns in FigureCell too; their names in FigureDuration:
BIN_DIMENSIONS = {
    "services": "service",
    "counters": "counter",
    "officers": "officer",
    "hours": "hour",
    "weekdays": "weekday",
    "days": "day",  # not stored: a day's "weekday" bins are the whole day's
}
LABELS = {name: f"{name}_s" for name, _, _ in MEASURES}  # wait -> wait_s
EXACT_TICKETS = 50_000  # up to this many tickets (or with a filter) percentiles are exact
OPEN = ("waiting", "called", "serving")
EPOCH = date(1970, 1, 1)
SUMS = (
    "issued",
    "served",
    "no_show",
    "cancelled",
    "on_target",
    "transferred",
    "recalls",
    *(f"{name}_{part}" for name, _, _ in MEASURES for part in ("n", "ms")),
    "estimate_n",
    "estimate_error_ms",
    "estimate_within",
)
MAXES = tuple(f"{name}_max" for name, _, _ in MEASURES)


@dataclass(frozen=True)
class Filters:
    """Which tickets a report counts: empty means all."""

    group: str | None = None  # a service group, by its English name (group_en)
    service_ids: tuple[int, ...] = ()
    counter_ids: tuple[int, ...] = ()
    officer_ids: tuple[int, ...] = ()

    @property
    def any(self) -> bool:
        return bool(self.group or self.service_ids or self.counter_ids or self.officer_ids)


def report(
    first: date,
    last: date,
    zone,
    filters: Filters | None = None,
    *,
    now: datetime | None = None,
    exact_up_to: int = EXACT_TICKETS,
) -> dict:
    """Every figure of office-local days first..last inclusive (see the module docstring).
    `now` ends the officers' open sessions (default: the end of the period); with it, the
    officers' time of days before its day is read from (and kept in) OfficerDay rows."""
    filters = filters or Filters()
    rows, method = figure_rows(first, last, zone, filters, exact_up_to=exact_up_to)
    start, end = (to_millis(t) for t in day_bounds_utc(first, last, zone))
    stop = min(end, to_millis(now)) if now is not None else end
    times = _officer_times(first, last, zone, start, stop, filters, now)
    rated = {name: satisfaction.by(name, first, last, filters) for name in satisfaction.COLUMNS}
    counters = _named(rows["counters"], "counter_id", dict(Counter.select(Counter.id, Counter.name).tuples()))
    return {
        "services": _rated(_services(rows["services"]), "service_id", rated["services"]),
        "counters": _rated(counters, "counter_id", rated["counters"]),
        "officers": _rated(_officers(rows["officers"], times, filters), "officer_id", rated["officers"]),
        "hours": [{"hour": k, **_public(rows["hours"][k])} for k in sorted(rows["hours"])],
        "weekdays": [{"weekday": k, **_public(rows["weekdays"][k])} for k in sorted(rows["weekdays"])],
        "days": [{"day": k.isoformat(), **_public(rows["days"][k])} for k in sorted(rows["days"])],
        "out_of_order_calls": _filtered_calls(out_of_order_calls(first, last, zone), filters),
        "percentiles": method,
    }


def figure_rows(
    first: date, last: date, zone, filters: Filters, names=DIMENSIONS, *, exact_up_to: int = EXACT_TICKETS
) -> tuple[dict, str]:
    """({dimension: {key: row}} for the dimensions `names`, "exact" or "binned")."""
    start, end = (to_millis(t) for t in day_bounds_utc(first, last, zone))
    spans = offset_spans(start, end, zone)
    sums = {name: _summed_cells(name, first, last, filters) for name in names if name != "weekdays"}
    if "weekdays" in names and "days" in names:  # the days' sums by weekday: one reading fewer
        sums["weekdays"] = _by_weekday(sums["days"])
    elif "weekdays" in names:
        sums["weekdays"] = _summed_cells("weekdays", first, last, filters)
    open_tickets = _open_tickets(start, end, filters)
    for ticket in open_tickets:
        _add_open(sums, ticket, spans)
    issued = sum(row["issued"] for row in sums[names[0]].values())  # every ticket has a service
    if issued <= exact_up_to or filters.any:
        method, percentiles = "exact", _exact_percentiles(start, end, spans, filters, names)
    else:
        method, percentiles = "binned", _binned_percentiles(first, last, open_tickets, spans, names)
    return {name: _rows(name, sums[name], percentiles[name]) for name in names}, method


# --- the daily rows, summed ---------------------------------------------------------------


def _filter_sql(filters: Filters, table: str) -> tuple[list[str], list]:
    p = database.param
    where, params = [], []
    if filters.group:
        where.append(f"{table}.service_id IN (SELECT id FROM service WHERE group_en = {p})")
        params.append(filters.group)
    for column, ids in (
        ("service_id", filters.service_ids),
        ("counter_id", filters.counter_ids),
        ("officer_id", filters.officer_ids),
    ):
        if ids:
            where.append(f"{table}.{column} IN ({', '.join([p] * len(ids))})")
            params.extend(ids)
    return where, params


def _summed_cells(name: str, first: date, last: date, filters: Filters) -> dict:
    """{key: {sum of each column}} of the chosen cells: the period's whole months from the
    month cells, the other days (and every weekday) from the day cells. Counters and officers without one (0)
    are left out."""
    p = database.param
    key = KEYS[name]
    where, params = _filter_sql(filters, "figure_cell")
    periods, period_params = [], []
    # Month cells mix weekdays and days: those are summed from the day cells.
    parts = [("d", (first, last))] if name in ("weekdays", "days") else _spans_of(first, last)
    for span, (begin, finish) in parts:
        periods.append(f"(span = {p} AND day >= {p} AND day <= {p})")
        period_params.extend((span, FigureCell.day.db_value(begin), FigureCell.day.db_value(finish)))
    columns = ", ".join([*(f"SUM({c})" for c in SUMS), *(f"MAX({c})" for c in MAXES)])
    sql = (
        f"SELECT {key}, {columns} FROM figure_cell WHERE ({' OR '.join(periods)}) "
        f"{''.join(' AND ' + w for w in where)} GROUP BY {key}"
    )
    rows: dict = {}
    for k, *values in database.execute_sql(sql, [*period_params, *params]):
        if name in ("counters", "officers") and not k:
            continue
        row = rows.setdefault(FigureCell.day.python_value(k) if name == "days" else int(k), _blank_sums())
        for column, value in zip(SUMS, values[: len(SUMS)], strict=True):
            row[column] += int(value or 0)
        for column, value in zip(MAXES, values[len(SUMS) :], strict=True):
            row[column] = max(row[column], int(value or 0))
    return rows


def _by_weekday(days: dict) -> dict:
    weekdays: dict = {}
    for day, sums in days.items():
        row = weekdays.setdefault(day.isoweekday(), _blank_sums())
        for column in SUMS:
            row[column] += sums[column]
        for column in MAXES:
            row[column] = max(row[column], sums[column])
    return weekdays


def _blank_sums() -> dict:
    return dict.fromkeys((*SUMS, *MAXES), 0)


def _open_tickets(start: int, end: int, filters: Filters) -> list[tuple]:
    """The chosen tickets not ended yet (waiting, called, serving): not in the daily rows."""
    p = database.param
    where, params = _filter_sql(filters, "ticket")
    sql = (
        "SELECT service_id, counter_id, officer_id, issued_at, first_called_at, called_at, started_at, "
        f"finished_at, estimated_wait_s FROM ticket WHERE status IN ({', '.join([p] * len(OPEN))}) "
        f"AND issued_at >= {p} AND issued_at < {p}{''.join(' AND ' + w for w in where)}"
    )
    return list(database.execute_sql(sql, [*OPEN, start, end, *params]))


def _ticket_keys(ticket: tuple, spans) -> dict:
    service_id, counter_id, officer_id, issued_at = ticket[:4]
    local = local_ms(int(issued_at), spans)
    return {
        "services": service_id,
        "counters": counter_id,
        "officers": officer_id,
        "hours": hour_of(local),
        "weekdays": weekday_of(local),
        "days": EPOCH + timedelta(days=local // DAY_MS),
    }


def _durations(ticket: tuple) -> dict[str, int]:
    times = dict(
        zip(("issued_at", "first_called_at", "called_at", "started_at", "finished_at"), ticket[3:8], strict=True)
    )
    return {
        name: int(times[finish]) - int(times[begin])
        for name, begin, finish in MEASURES
        if times[begin] is not None and times[finish] is not None
    }


def _add_open(sums: dict, ticket: tuple, spans) -> None:
    durations = _durations(ticket)
    estimate = ticket[8]
    for name, k in _ticket_keys(ticket, spans).items():
        if k is None or name not in sums:
            continue
        row = sums[name].setdefault(k, _blank_sums())
        row["issued"] += 1
        for measure, ms in durations.items():
            row[f"{measure}_n"] += 1
            row[f"{measure}_ms"] += ms
            row[f"{measure}_max"] = max(row[f"{measure}_max"], ms)
        if "wait" in durations and estimate is not None:
            error = abs(int(estimate) * 1000 - durations["wait"])
            row["estimate_n"] += 1
            row["estimate_error_ms"] += error
            row["estimate_within"] += int(error <= ESTIMATE_WITHIN_MS)


# --- percentiles ---------------------------------------------------------------------------


def _exact_percentiles(start: int, end: int, spans, filters: Filters, names=DIMENSIONS) -> dict:
    """{dimension: {key: {measure: (p50_ms, p90_ms)}}} from the chosen tickets themselves: SQL
    gives each ticket's keys and durations, Python sorts each key's durations."""
    p = database.param
    where, params = _filter_sql(filters, "ticket")
    keys = {
        "services": "service_id",
        "counters": "counter_id",
        "officers": "officer_id",
        "hours": local_hour_sql(spans, "issued_at", p),
        "weekdays": local_weekday_sql(spans, "issued_at", p),
        "days": "day",
    }
    chosen = [name for name in DIMENSIONS if name in names]
    durations = ", ".join(f"{finish} - {begin}" for _, begin, finish in MEASURES)
    sql = (
        f"SELECT {', '.join(keys[name] for name in chosen)}, {durations} FROM ticket "
        f"WHERE issued_at >= {p} AND issued_at < {p}{''.join(' AND ' + w for w in where)}"
    )
    width = len(chosen)
    lists: list[dict] = [{} for _ in range(width * len(MEASURES))]  # [dimension * 3 + measure]: {key: [ms]}
    for row in database.execute_sql(sql, [start, end, *params]):
        for m in range(len(MEASURES)):
            ms = row[width + m]
            if ms is None:
                continue
            for d in range(width):
                k = row[d]
                if k is not None:
                    keyed = lists[d * len(MEASURES) + m]
                    found = keyed.get(k)
                    if found is None:
                        keyed[k] = [ms]
                    else:
                        found.append(ms)
    result: dict = {name: {} for name in names}
    day_value = FigureCell.day.python_value
    for d, name in enumerate(chosen):
        for m, (measure, _, _) in enumerate(MEASURES):
            for k, values in lists[d * len(MEASURES) + m].items():
                values.sort()
                key = day_value(k) if name == "days" else int(k)
                result[name].setdefault(key, {})[measure] = _nearest_ranks(values)
    return result


def _nearest_ranks(ordered: list[int]) -> tuple[int, int]:
    n = len(ordered)
    return ordered[(n * 50 + 99) // 100 - 1], ordered[(n * 90 + 99) // 100 - 1]


def _binned_percentiles(first: date, last: date, open_tickets: list[tuple], spans, names=DIMENSIONS) -> dict:
    """The same from the duration bins: whole months from the month rows, the other days from
    the day rows (summed in SQL, in order), and the open tickets' durations binned here."""
    p = database.param
    value = FigureDuration.start.db_value
    by_dimension = {dimension: name for name, dimension in BIN_DIMENSIONS.items()}
    opened = _open_bins(open_tickets, spans, names)
    result: dict = {name: {} for name in names}
    stored = [BIN_DIMENSIONS[name] for name in names if name != "days"]
    if stored:
        periods, params, taken_out, taken_params = [], [], [], []
        for span, (begin, finish), sign in _bin_parts(first, last):
            condition = f"(span = {p} AND start >= {p} AND start <= {p})"
            periods.append(condition)
            params.extend((span, value(begin), value(finish)))
            if sign < 0:
                taken_out.append(condition)
                taken_params.extend((span, value(begin), value(finish)))
        count = f"CASE WHEN {' OR '.join(taken_out)} THEN -n ELSE n END" if taken_out else "n"
        sql = (
            f"SELECT dimension, key, measure, bin, SUM({count}) FROM figure_duration WHERE ({' OR '.join(periods)}) "
            f"AND dimension IN ({', '.join([p] * len(stored))}) "
            f"GROUP BY dimension, key, measure, bin HAVING SUM({count}) > 0 ORDER BY dimension, key, measure, bin"
        )
        rows = database.execute_sql(sql, [*taken_params, *params, *stored, *taken_params])
        for (dimension, k, measure), bins in _grouped(rows, opened):
            result[by_dimension[dimension]].setdefault(k, {})[measure] = _binned_ranks(bins)
    if "days" in names:
        # A day's "weekday" bins are the whole day's.
        sql = (
            "SELECT 'day', start, measure, bin, SUM(n) FROM figure_duration WHERE span = 'd' "
            f"AND dimension = 'weekday' AND start >= {p} AND start <= {p} "
            "GROUP BY start, key, measure, bin ORDER BY start, key, measure, bin"  # the index's order
        )
        rows = database.execute_sql(sql, (value(first), value(last)))
        for (_, day, measure), bins in _grouped(rows, opened, key=FigureDuration.start.python_value):
            result["days"].setdefault(day, {})[measure] = _binned_ranks(bins)
    for (dimension, k, measure), bins in opened.items():  # open tickets' keys with no stored bins
        result[by_dimension[dimension]].setdefault(k, {}).setdefault(measure, _binned_ranks(bins))
    return result


def _open_bins(open_tickets: list[tuple], spans, names) -> dict:
    """{(dimension, key, measure): {bin: n}} of the tickets not ended yet."""
    opened: dict = {}
    for ticket in open_tickets:
        keys = _ticket_keys(ticket, spans)
        for measure, ms in _durations(ticket).items():
            for name, k in keys.items():
                if k is not None and name in names:
                    bins = opened.setdefault((BIN_DIMENSIONS[name], k, measure), {})
                    bins[bin_of(ms)] = bins.get(bin_of(ms), 0) + 1
    return opened


def _grouped(rows, opened: dict, key=int):
    """((dimension, key, measure), [(bin, n)] in bin order) from rows in that order; the open
    tickets' bins of the same group merged in (and taken out of `opened`)."""
    group, bins = None, []
    keys: dict = {}  # the raw key -> its value (few distinct)
    for dimension, raw, measure, lower, n in rows:
        k = keys.get(raw)
        if k is None:
            k = keys[raw] = key(raw)
        if (dimension, k, measure) != group:
            if group is not None:
                yield group, _with_open(bins, opened.pop(group, None))
            group, bins = (dimension, k, measure), []
        bins.append((int(lower), int(n)))
    if group is not None:
        yield group, _with_open(bins, opened.pop(group, None))


def _with_open(bins: list, extra: dict | None) -> list:
    if not extra:
        return bins
    merged = dict(bins)
    for lower, n in extra.items():
        merged[lower] = merged.get(lower, 0) + n
    return sorted(merged.items())


def _bin_parts(first: date, last: date) -> list[tuple[str, tuple[date, date], int]]:
    """The period for the bins, which can be taken away as well as added: _spans_of, but a
    month of which more than half is in the period is read whole, less its other days (-1)."""
    parts = []
    for span, (begin, finish) in _spans_of(first, last):
        month, following = month_of(begin), month_of(begin + timedelta(days=31))
        in_month = (finish - begin).days + 1
        month_days = (following - month).days
        if span == "d" and month_of(finish) == month and in_month * 2 > month_days:
            parts.append(("m", (month, month), 1))
            if begin > month:
                parts.append(("d", (month, begin - timedelta(days=1)), -1))
            if finish < following - timedelta(days=1):
                parts.append(("d", (finish + timedelta(days=1), following - timedelta(days=1)), -1))
        else:
            parts.append((span, (begin, finish), 1))
    return parts


def _spans_of(first: date, last: date) -> list[tuple[str, tuple[date, date]]]:
    """The period as whole months ("m", their first days) and the days around them ("d")."""
    first_whole = first if first.day == 1 else month_of(first + timedelta(days=31))
    after_last = last + timedelta(days=1)
    last_whole = month_of(after_last) - timedelta(days=1)  # the last day of a whole month
    if first_whole > last_whole:
        return [("d", (first, last))]
    parts = [("m", (first_whole, month_of(last_whole)))]
    if first < first_whole:
        parts.append(("d", (first, first_whole - timedelta(days=1))))
    if last > last_whole:
        parts.append(("d", (last_whole + timedelta(days=1), last)))
    return parts


def _binned_ranks(bins) -> tuple[int, int]:
    """Nearest-rank p50 and p90 of [(bin, n)] in bin order (or {bin: n}): each the middle of
    the bin holding its rank."""
    if isinstance(bins, dict):
        bins = sorted(bins.items())
    n = sum(count for _, count in bins)
    wanted = [(n * 50 + 99) // 100, (n * 90 + 99) // 100]
    found, seen = [], 0
    for lower, count in bins:
        seen += count
        while wanted and seen >= wanted[0]:
            found.append(lower + bin_width(lower) // 2)
            wanted.pop(0)
    return found[0], found[1]


# --- rows ----------------------------------------------------------------------------------


def _rows(name: str, sums: dict, percentiles: dict) -> dict:
    return {k: _row(name, k, row, percentiles.get(k, {})) for k, row in sums.items()}


def _row(name: str, k, sums: dict, percentiles: dict) -> dict:
    row = {KEYS[name]: k}
    row.update({column: sums[column] for column in ("issued", "served", "no_show", "cancelled", "transferred")})
    for measure, _, _ in MEASURES:
        n, total, high = sums[f"{measure}_n"], sums[f"{measure}_ms"], sums[f"{measure}_max"]
        p50, p90 = percentiles.get(measure, (None, None))
        if n and p90 is not None:
            p90 = min(p90, high)  # a bin's middle may lie past the largest value
            p50 = min(p50, high)
        row[LABELS[measure]] = {
            "mean": _seconds(total / n) if n else None,
            "p50": _seconds(p50) if n else None,
            "p90": _seconds(p90) if n else None,
            "max": _seconds(high) if n else None,
        }
    row["within_target"] = round(sums["on_target"] / sums["served"], 4) if sums["served"] else None
    row["_service_total_ms"] = sums["service_ms"]
    row["_recalls"] = sums["recalls"]
    row["_estimate"] = {
        "tickets": sums["estimate_n"],
        "mean_abs_error_s": _seconds(sums["estimate_error_ms"] / sums["estimate_n"]) if sums["estimate_n"] else None,
        "within_5min": round(sums["estimate_within"] / sums["estimate_n"], 4) if sums["estimate_n"] else None,
    }
    return row


def _services(rows: dict) -> list[dict]:
    services = {s.id: s for s in Service.select().where(Service.id.in_(list(rows)))} if rows else {}
    result = []
    for k in sorted(rows):
        s = services[k]
        names = {"prefix": s.prefix, "name_en": s.name_en, "name_km": s.name_km, "group_en": s.group_en}
        names.update(group_km=s.group_km, target_wait_min=s.target_wait_min)
        result.append({"service_id": k, **names, **_public(rows[k]), "estimate": rows[k]["_estimate"]})
    return result


def _officers(rows: dict, times: dict, filters: Filters) -> list[dict]:
    for officer_id in times:
        if not filters.officer_ids or officer_id in filters.officer_ids:
            rows.setdefault(officer_id, _row("officers", officer_id, _blank_sums(), {}))
    names = dict(User.select(User.id, User.username).where(User.id.in_(list(rows))).tuples()) if rows else {}
    result = []
    for k in sorted(rows):
        row = rows[k]
        spent = times.get(k, {"signed_in_s": 0.0, "paused_s": 0.0, "busy_s": 0.0, "idle_s": 0.0})
        result.append(
            {
                "officer_id": k,
                "username": names.get(k, ""),
                **_public(row),
                "service_time_s": _seconds(row["_service_total_ms"]),
                "recalls": row["_recalls"],
                **spent,
            }
        )
    return result


def _named(rows: dict, key: str, names: dict) -> list[dict]:
    return [{key: k, "name": names.get(k, ""), **_public(rows[k])} for k in sorted(rows)]


def _rated(rows: list[dict], key: str, rated: dict) -> list[dict]:
    for row in rows:
        row["satisfaction"] = rated.get(row[key]) or satisfaction.blank()
    return rows


def _public(row: dict) -> dict:
    return {k: v for k, v in row.items() if not k.startswith("_") and k not in KEYS.values()}


def _filtered_calls(calls: list[dict], filters: Filters) -> list[dict]:
    group_services = None
    if filters.group:
        group_services = {
            sid for (sid,) in Service.select(Service.id).where(Service.group_en == filters.group).tuples()
        }
    return [
        call
        for call in calls
        if (not filters.service_ids or call["service_id"] in filters.service_ids)
        and (group_services is None or call["service_id"] in group_services)
        and (not filters.counter_ids or call["counter_id"] in filters.counter_ids)
        and (not filters.officer_ids or call["actor_id"] in filters.officer_ids)
    ]


def _seconds(ms) -> float | None:
    return None if ms is None else round(float(ms) / 1000.0, 3)


# --- the officers' time -----------------------------------------------------------------------


def _officer_times(first: date, last: date, zone, start: int, stop: int, filters: Filters, now) -> dict:
    """Days before `now`'s day from OfficerDay rows (written now if missing), the rest from the
    event log; without `now`, all from the event log."""
    if now is None:
        return officer_times(start, stop, filters.counter_ids)
    today = now.astimezone(zone).date()
    over = min(last, today - timedelta(days=1))
    if over < first:
        return officer_times(start, stop, filters.counter_ids)
    close_days(first, over, zone)
    query = OfficerDay.select(OfficerDay.officer_id, *(OfficerDay._meta.fields[f"{part}_ms"] for part in PARTS)).where(
        OfficerDay.day.between(first, over)
    )
    if filters.counter_ids:
        query = query.where(OfficerDay.counter_id.in_(filters.counter_ids))
    totals: dict[int, dict] = {}
    for officer_id, *spent in query.tuples():
        row = totals.setdefault(officer_id, dict.fromkeys(PARTS, 0))
        for part, ms in zip(PARTS, spent, strict=True):
            row[part] += ms
    times = {
        officer: {f"{part}_s": round(ms / 1000.0, 3) for part, ms in row.items()} for officer, row in totals.items()
    }
    rest_start = to_millis(day_bounds_utc(over + timedelta(days=1), over + timedelta(days=1), zone)[0])
    if rest_start < stop:
        for officer, spent in officer_times(rest_start, stop, filters.counter_ids).items():
            row = times.setdefault(officer, dict.fromkeys((f"{part}_s" for part in PARTS), 0.0))
            for part, seconds in spent.items():
                row[part] = round(row[part] + seconds, 3)
    return times
