"""The reports the supervisor and the ministry read: figures for any period, per service,
counter, officer, hour of day and weekday, computed in SQL that SQLite and PostgreSQL both run.

Which tickets. A ticket counts in the office-local day it was issued, for the service it is
in now (after any transfer) and for the counter and officer that last held it; the filters
(a service group, services, counters, officers) choose tickets by the same columns. Every
figure below counts the chosen tickets, except the officers' times (signed in, paused, idle),
which measure the period's own clock time.

Per row (`FIGURES`):
- issued; served (done), no_show, cancelled: the tickets' statuses now.
- transferred: `transferred` events of the chosen tickets, counted where the ticket left: the
  service it came from (details.from_service_id), the counter it was at (none when it was
  waiting), the staff member who transferred it, the hour and weekday it was issued.
- wait_s = first call − issue; walk_s = start − latest call (a recall is a call again);
  service_s = finish − start. Each {mean, p50, p90, max} in seconds over the tickets that have
  both times; p50 and p90 are nearest-rank (the smallest value with at least p% of values at
  or below it), as office/stats.py.
- within_target: of the served tickets, the share whose wait (issue → first call) was at most
  their service's target_wait_min (its value now), 0..1; null when none was served.
Services also carry `estimate`: over the tickets that were called and had an estimate when
issued, the mean absolute difference between the printed estimate and the wait that happened,
and the share within ±300 s. Officers also carry service_time_s (the sum of their served
tickets' service times), recalls (`recalled` events they made on the chosen tickets), and the
time figures of `officer_times`.

Hours and weekdays are the office's local time when the ticket was issued. SQLite knows no time
zones, so the UTC offset is added in SQL: the period is cut into spans where the zone's offset
is constant (Asia/Phnom_Penh: one span; a zone with summer time: a span per change, found by
bisection within the day it happens), and a CASE over the spans adds each one's offset to the
UTC milliseconds before taking the hour and the day.
"""

import bisect
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from office.clock import day_bounds_utc, from_millis, to_millis
from office.db import database
from office.models import Counter, Event, Service, User
from office.reports import out_of_order_calls

DIMENSIONS = ("services", "counters", "officers", "hours", "weekdays")
KEYS = {
    "services": "service_id",
    "counters": "counter_id",
    "officers": "officer_id",
    "hours": "hour",
    "weekdays": "weekday",
}
DURATIONS = {
    "wait_s": ("issued_at", "first_called_at"),
    "walk_s": ("called_at", "started_at"),
    "service_s": ("started_at", "finished_at"),
}
ESTIMATE_WITHIN_S = 300
SHORT_PERIOD_DAYS = 62  # up to this, the transfers and recalls are read from the period's tickets
# A ticket called more than this before a period began is not taken as still held at its start
# (the counter's last calls are read back only this far, through the event log's time index).
HELD_LOOKBACK_MS = 86_400_000
DAY_MS, HOUR_MS = 86_400_000, 3_600_000
# Events that say who works at a counter, whether it is paused, and which ticket it holds.
SESSION_KINDS = ("signed_in", "counter_taken_over", "signed_out")
PAUSE_KINDS = ("paused", "resumed")
TICKET_END_KINDS = ("finished", "no_show", "cancelled", "transferred")


@dataclass(frozen=True)
class Filters:
    """Which tickets a report counts: empty means all."""

    group: str | None = None  # a service group, by its English name (group_en)
    service_ids: tuple[int, ...] = ()
    counter_ids: tuple[int, ...] = ()
    officer_ids: tuple[int, ...] = ()


@dataclass
class _Period:
    start: int  # UTC ms, inclusive
    end: int  # UTC ms, exclusive
    zone: object
    spans: list = field(default_factory=list)  # [(from_ms, offset_ms)], from_ms ascending


def report(first: date, last: date, zone, filters: Filters | None = None, *, now: datetime | None = None) -> dict:
    """Every figure of office-local days first..last inclusive (see the module docstring).
    `now` ends the officers' open sessions (default: the end of the period)."""
    filters = filters or Filters()
    start, end = (to_millis(t) for t in day_bounds_utc(first, last, zone))
    period = _Period(start, end, zone, offset_spans(start, end, zone))
    where, params = _ticket_filter(period, filters)
    rows = {name: _dimension(name, period, where, params) for name in DIMENSIONS}
    _add_transfers(rows, period, where, params)
    _add_recalls(rows["officers"], period, where, params)
    _keep_chosen(rows, filters)
    estimates = _estimates(where, params)
    stop = min(end, to_millis(now)) if now is not None else end
    times = officer_times(start, stop, filters)
    services = _services(rows["services"], estimates)
    officers = _officers(rows["officers"], times, filters)
    counters = _named(rows["counters"], "counter_id", {c.id: c.name for c in Counter.select(Counter.id, Counter.name)})
    return {
        "services": services,
        "counters": counters,
        "officers": officers,
        "hours": [{"hour": k, **_public(rows["hours"][k])} for k in sorted(rows["hours"])],
        "weekdays": [{"weekday": k, **_public(rows["weekdays"][k])} for k in sorted(rows["weekdays"])],
        "out_of_order_calls": _filtered_calls(out_of_order_calls(first, last, zone), filters),
    }


# --- time zones ---------------------------------------------------------------------------


def offset_spans(start: int, end: int, zone) -> list[tuple[int, int]]:
    """[(from_ms, offset_ms)]: from each from_ms (UTC) until the next, the zone's UTC offset is
    offset_ms. The offset is compared every 24 hours from `start` (a local midnight) and a
    change is found to the millisecond by bisection (a zone changes its offset at most once a
    day)."""

    def offset(ms: int) -> int:
        return int(from_millis(ms).astimezone(zone).utcoffset() / timedelta(milliseconds=1))

    spans = [(start, offset(start))]
    probe = start
    while probe < end:
        following = min(probe + DAY_MS, end - 1)
        if offset(following) != spans[-1][1]:
            low, high = probe, following  # offset(low) is the span's, offset(high) the next's
            while high - low > 1:
                middle = (low + high) // 2
                if offset(middle) == spans[-1][1]:
                    low = middle
                else:
                    high = middle
            spans.append((high, offset(high)))
        if following >= end - 1:
            break
        probe = following
    return spans


def _local_ms_sql(period: _Period, column: str = "issued_at") -> str:
    """SQL for `column` + the office's UTC offset at that moment (integers, nothing user-given)."""
    if len(period.spans) == 1:
        return f"({column} + {period.spans[0][1]})"
    cases = " ".join(
        f"WHEN {column} < {nxt} THEN {off}" for (_, off), (nxt, _) in zip(period.spans, period.spans[1:], strict=False)
    )
    return f"({column} + CASE {cases} ELSE {period.spans[-1][1]} END)"


def _local(ms: int, period: _Period) -> int:
    """The same in Python: local milliseconds of a UTC ms."""
    i = bisect.bisect_right([s for s, _ in period.spans], ms) - 1
    return ms + period.spans[max(i, 0)][1]


def _hour(local_ms: int) -> int:
    return local_ms // HOUR_MS % 24


def _weekday(local_ms: int) -> int:
    """ISO weekday, Monday 1 … Sunday 7 (1 January 1970 was a Thursday, 4)."""
    return (local_ms // DAY_MS + 3) % 7 + 1


# --- the tickets' figures -------------------------------------------------------------------


def _key_sql(name: str, period: _Period) -> str:
    mod = "%%" if database.param == "%s" else "%"  # psycopg2 reads a lone % as a parameter
    if name == "hours":
        return f"({_local_ms_sql(period)} / {HOUR_MS} {mod} 24)"
    if name == "weekdays":
        return f"(({_local_ms_sql(period)} / {DAY_MS} + 3) {mod} 7 + 1)"
    return KEYS[name]


def _ticket_filter(period: _Period, filters: Filters) -> tuple[str, list]:
    p = database.param
    # Qualified: the transfers and recalls join the event table, which has counter_id too.
    where, params = [f"ticket.issued_at >= {p}", f"ticket.issued_at < {p}"], [period.start, period.end]
    if filters.group:
        where.append(f"ticket.service_id IN (SELECT id FROM service WHERE group_en = {p})")
        params.append(filters.group)
    for column, ids in (
        ("service_id", filters.service_ids),
        ("counter_id", filters.counter_ids),
        ("officer_id", filters.officer_ids),
    ):
        if ids:
            where.append(f"ticket.{column} IN ({', '.join([p] * len(ids))})")
            params.extend(ids)
    return " AND ".join(where), params


def _figures_sql(key: str, where: str) -> str:
    """One pass per dimension: the counts, and each duration's mean, nearest-rank p50 and p90,
    max and sum. A duration's rank counts only the tickets that have it (its NULLs sort last,
    and COUNT(x) skips them)."""
    ranks, stats = [], []
    for label, (start_col, end_col) in DURATIONS.items():
        ms = f"({end_col} - {start_col})"
        last = f"CASE WHEN {ms} IS NULL THEN 1 ELSE 0 END"
        ranks.append(
            f"{ms} AS {label}, ROW_NUMBER() OVER (PARTITION BY k ORDER BY {last}, {ms}) AS {label}_rn, "
            f"COUNT({ms}) OVER (PARTITION BY k) AS {label}_n"
        )
        stats.append(
            f"AVG({label}), MAX(CASE WHEN {label}_rn = ({label}_n * 50 + 99) / 100 THEN {label} END), "
            f"MAX(CASE WHEN {label}_rn = ({label}_n * 90 + 99) / 100 THEN {label} END), MAX({label}), SUM({label})"
        )
    return f"""
WITH t AS (
    SELECT {key} AS k, ticket.status, ticket.issued_at, ticket.first_called_at, ticket.called_at,
           ticket.started_at, ticket.finished_at, s.target_wait_min
    FROM ticket JOIN service s ON s.id = ticket.service_id
    WHERE {where}
),
ranked AS (
    SELECT k, status, first_called_at - issued_at AS waited, target_wait_min, {", ".join(ranks)}
    FROM t WHERE k IS NOT NULL
)
SELECT k,
       COUNT(*),
       SUM(CASE WHEN status = 'done' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'no_show' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'cancelled' THEN 1 ELSE 0 END),
       SUM(CASE WHEN status = 'done' AND waited <= target_wait_min * 60000 THEN 1 ELSE 0 END),
       {", ".join(stats)}
FROM ranked
GROUP BY k
"""


_EMPTY = {"mean": None, "p50": None, "p90": None, "max": None}


def _blank_row(name: str, k) -> dict:
    row = {KEYS[name]: k, "issued": 0, "served": 0, "no_show": 0, "cancelled": 0, "transferred": 0}
    row.update({label: dict(_EMPTY) for label in DURATIONS})
    row["within_target"] = None
    return row


def _dimension(name: str, period: _Period, where: str, params: list) -> dict:
    rows: dict = {}
    for k, issued, served, no_show, cancelled, on_time, *durations in database.execute_sql(
        _figures_sql(_key_sql(name, period), where), params
    ):
        row = rows[int(k)] = _blank_row(name, int(k))
        row.update(issued=int(issued), served=int(served or 0), no_show=int(no_show or 0))
        row["cancelled"] = int(cancelled or 0)
        row["within_target"] = round(int(on_time or 0) / row["served"], 4) if row["served"] else None
        for i, label in enumerate(DURATIONS):
            mean_ms, p50, p90, max_ms, total_ms = durations[i * 5 : i * 5 + 5]
            row[label] = {"mean": _seconds(mean_ms), "p50": _seconds(p50), "p90": _seconds(p90)}
            row[label]["max"] = _seconds(max_ms)
            if label == "service_s":
                row["_service_total_ms"] = int(total_ms or 0)
    return rows


def _add_transfers(rows: dict, period: _Period, where: str, params: list) -> None:
    """Each `transferred` event of a chosen ticket counts where the ticket left (module docstring)."""
    sql = (
        f"SELECT e.counter_id, e.actor_id, e.details, ticket.issued_at FROM {_tickets_and_events(period)} "
        f"WHERE ticket.id = e.ticket_id AND e.kind = 'transferred' AND {where}"
    )
    for counter_id, actor_id, details, issued_at in database.execute_sql(sql, params):
        local = _local(int(issued_at), period)
        from_service = Event.details.python_value(details).get("from_service_id")
        for name, k in (
            ("services", from_service),
            ("counters", counter_id),
            ("officers", actor_id),
            ("hours", _hour(local)),
            ("weekdays", _weekday(local)),
        ):
            if k is not None:
                rows[name].setdefault(k, _blank_row(name, k))["transferred"] += 1


def _keep_chosen(rows: dict, filters: Filters) -> None:
    """A transfer counts where the ticket left, which may be outside the filters: a row is
    shown only for a chosen service, counter or officer."""
    services = set(filters.service_ids)
    if filters.group:
        in_group = Service.select(Service.id).where(Service.group_en == filters.group)
        group = {sid for (sid,) in in_group.tuples()}
        services = services & group if services else group
    for name, chosen in (
        ("services", services if filters.service_ids or filters.group else None),
        ("counters", set(filters.counter_ids) or None),
        ("officers", set(filters.officer_ids) or None),
    ):
        if chosen is not None:
            rows[name] = {k: row for k, row in rows[name].items() if k in chosen}


def _tickets_and_events(period: _Period) -> str:
    """The join of the chosen tickets with their events, in the order that reads least. For a
    short period, from the tickets (the issue-time index) to their events (`CROSS JOIN` keeps
    SQLite to that order; PostgreSQL plans it as any inner join); for a long one, from the
    events of the kind wanted (far fewer than the period's tickets) to their tickets."""
    if period.end - period.start <= SHORT_PERIOD_DAYS * DAY_MS:
        return "ticket CROSS JOIN event e"
    return "event e CROSS JOIN ticket"


def _add_recalls(officers: dict, period: _Period, where: str, params: list) -> None:
    sql = (
        f"SELECT e.actor_id, COUNT(*) FROM {_tickets_and_events(period)} WHERE ticket.id = e.ticket_id "
        f"AND e.kind = 'recalled' AND e.actor_id IS NOT NULL AND {where} GROUP BY e.actor_id"
    )
    for actor_id, recalls in database.execute_sql(sql, params):
        officers.setdefault(actor_id, _blank_row("officers", actor_id))["recalls"] = int(recalls)


_ESTIMATES = """
SELECT service_id,
       COUNT(*),
       AVG(ABS(CAST(estimated_wait_s AS BIGINT) * 1000 - (first_called_at - issued_at))),
       SUM(CASE WHEN ABS(CAST(estimated_wait_s AS BIGINT) * 1000 - (first_called_at - issued_at)) <= {within}
                THEN 1 ELSE 0 END)
FROM ticket
WHERE {where} AND first_called_at IS NOT NULL AND estimated_wait_s IS NOT NULL
GROUP BY service_id
"""


def _estimates(where: str, params: list) -> dict:
    sql = _ESTIMATES.format(where=where, within=ESTIMATE_WITHIN_S * 1000)
    return {
        service_id: {
            "tickets": int(n),
            "mean_abs_error_s": _seconds(error_ms),
            "within_5min": round(int(within or 0) / int(n), 4),
        }
        for service_id, n, error_ms, within in database.execute_sql(sql, params)
    }


def _services(rows: dict, estimates: dict) -> list[dict]:
    services = {s.id: s for s in Service.select().where(Service.id.in_(list(rows)))} if rows else {}
    result = []
    for k in sorted(rows):
        s = services[k]
        names = {"prefix": s.prefix, "name_en": s.name_en, "name_km": s.name_km, "group_en": s.group_en}
        names.update(group_km=s.group_km, target_wait_min=s.target_wait_min)
        row = {"service_id": k, **names, **_public(rows[k])}
        row["estimate"] = estimates.get(k, {"tickets": 0, "mean_abs_error_s": None, "within_5min": None})
        result.append(row)
    return result


def _officers(rows: dict, times: dict, filters: Filters) -> list[dict]:
    for officer_id in times:
        if not filters.officer_ids or officer_id in filters.officer_ids:
            rows.setdefault(officer_id, _blank_row("officers", officer_id))
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
                "service_time_s": _seconds(row.get("_service_total_ms", 0)),
                "recalls": row.get("recalls", 0),
                **spent,
            }
        )
    return result


def _named(rows: dict, key: str, names: dict) -> list[dict]:
    return [{key: k, "name": names.get(k, ""), **_public(rows[k])} for k in sorted(rows)]


def _public(row: dict) -> dict:
    return {k: v for k, v in row.items() if not k.startswith("_") and k != "recalls" and k not in KEYS.values()}


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


@dataclass
class _CounterState:
    officer: int | None = None
    paused: bool = False
    ticket: int | None = None  # the called or serving ticket
    since: int = 0


def officer_times(start: int, stop: int, filters: Filters | None = None) -> dict[int, dict]:
    """{officer id: {signed_in_s, paused_s, busy_s, idle_s}} over UTC ms [start, stop).

    Signed in: from `signed_in` (or `counter_taken_over`) at a counter to `signed_out` there
    (or another's takeover), whoever signed them out; a session still open counts until
    `stop`. Within it, paused: the counter paused (from `paused` to `resumed`), whatever it
    holds; busy: not paused and holding a called or serving ticket (from its call to its
    finish, no-show, cancellation or transfer); idle: the rest, signed in, open, no ticket.
    The state at `start` is read from each counter's last such events before it. With
    `counter_ids` in the filters, only time at those counters counts.
    """
    filters = filters or Filters()
    states: dict[int, _CounterState] = {}
    totals: dict[int, dict] = {}

    def add(counter_id: int, until: int) -> None:
        state = states[counter_id]
        begin, finish = max(state.since, start), min(until, stop)
        if state.officer is not None and finish > begin:
            if filters.counter_ids and counter_id not in filters.counter_ids:
                return
            spent = totals.setdefault(state.officer, {"signed_in": 0, "paused": 0, "busy": 0, "idle": 0})
            spent["signed_in"] += finish - begin
            part = "paused" if state.paused else "busy" if state.ticket is not None else "idle"
            spent[part] += finish - begin

    for counter_id, state in _states_before(start).items():
        states[counter_id] = state
    kinds = (*SESSION_KINDS, *PAUSE_KINDS, "called", *TICKET_END_KINDS)
    p = database.param
    # Plain SQL: the times stay integers (a period's calls are many rows to convert). `kind ||
    # ''` keeps SQLite on the time index (through the kind index it read every call ever).
    sql = (
        "SELECT at, kind, counter_id, actor_id, ticket_id FROM event "
        f"WHERE at >= {p} AND at < {p} AND kind || '' IN ({', '.join([p] * len(kinds))}) "
        "AND counter_id IS NOT NULL ORDER BY at, id"
    )
    for at, kind, counter_id, actor_id, ticket_id in database.execute_sql(sql, (start, stop, *kinds)):
        state = states.setdefault(counter_id, _CounterState(since=start))
        add(counter_id, at)
        _apply(state, kind, actor_id, ticket_id)
        state.since = at
    for counter_id in states:
        add(counter_id, stop)
    return {
        officer: {f"{part}_s": round(ms / 1000.0, 3) for part, ms in spent.items()} for officer, spent in totals.items()
    }


def _apply(state: _CounterState, kind: str, actor_id: int | None, ticket_id: int | None) -> None:
    if kind in ("signed_in", "counter_taken_over"):
        state.officer = actor_id
    elif kind == "signed_out":
        state.officer = None
    elif kind in PAUSE_KINDS:
        state.paused = kind == "paused"
    elif kind == "called":
        state.ticket = ticket_id
    elif kind in TICKET_END_KINDS and state.ticket == ticket_id:
        state.ticket = None


def _states_before(start: int) -> dict[int, _CounterState]:
    """Each counter's officer, pause and ticket at `start`, from its last events before it: the
    last sign-in or sign-out, the last pause or resume, and the last call or end of a ticket
    there (ends carry the counter the ticket was at, so a call last means it is still there).
    One small query per counter and kind of state: sign-ins and pauses are few, found through
    the (kind, counter) index whenever they were; calls are many, so they are read back from
    `start` through the time index, at most HELD_LOOKBACK_MS."""
    p = database.param
    sessions = (
        "SELECT kind, actor_id, ticket_id FROM event WHERE counter_id = {p} AND kind IN ({kinds}) "
        "AND at < {p} ORDER BY at DESC, id DESC LIMIT 1"
    )
    # `+x`, `x || ''`: no index on these, so SQLite walks the time index back from `start`.
    calls = (
        "SELECT kind, actor_id, ticket_id FROM event WHERE +counter_id = {p} AND kind || '' IN ({kinds}) "
        "AND at < {p} AND at >= {p} ORDER BY at DESC, id DESC LIMIT 1"
    )
    states: dict[int, _CounterState] = {}
    for (counter_id,) in Counter.select(Counter.id).tuples():
        state = _CounterState(since=start)
        for sql, kinds, params in (
            (sessions, SESSION_KINDS, (start,)),
            (sessions, PAUSE_KINDS, (start,)),
            (calls, ("called", *TICKET_END_KINDS), (start, start - HELD_LOOKBACK_MS)),
        ):
            query = sql.format(p=p, kinds=", ".join([p] * len(kinds)))
            last = database.execute_sql(query, (counter_id, *kinds, *params)).fetchone()
            if last is not None:
                _apply(state, *last)
        states[counter_id] = state
    return states
