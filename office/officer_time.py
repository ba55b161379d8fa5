"""How the officers spent their time at the counters, read from the event log.

Signed in: from `signed_in` (or `counter_taken_over`) at a counter to `signed_out` there (or
another's takeover), whoever signed them out; a session still open counts until the end of
the period asked. Within it, paused: the counter paused (from `paused` to `resumed`), whatever
it holds; busy: not paused and holding a called or serving ticket (from its call to its
finish, no-show, cancellation or transfer); idle: the rest, signed in, open, no ticket. The
state at the period's start is read from each counter's last such events before it.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from office.clock import day_bounds_utc, to_millis
from office.db import database
from office.models import Counter

# A ticket called more than this before a period began is not taken as still held at its start
# (the counter's last calls are read back only this far, through the event log's time index).
HELD_LOOKBACK_MS = 86_400_000
# Events that say who works at a counter, whether it is paused, and which ticket it holds.
SESSION_KINDS = ("signed_in", "counter_taken_over", "signed_out")
PAUSE_KINDS = ("paused", "resumed")
TICKET_END_KINDS = ("finished", "no_show", "cancelled", "transferred")
PARTS = ("signed_in", "paused", "busy", "idle")


@dataclass
class _CounterState:
    officer: int | None = None
    paused: bool = False
    ticket: int | None = None  # the called or serving ticket
    since: int = 0


def officer_times(start: int, stop: int, counter_ids=()) -> dict[int, dict]:
    """{officer id: {signed_in_s, paused_s, busy_s, idle_s}} over UTC ms [start, stop). With
    `counter_ids`, only time at those counters counts."""
    totals: dict[int, dict] = {}

    def add(counter_id: int, officer: int, part: str, begin: int, finish: int) -> None:
        if counter_ids and counter_id not in counter_ids:
            return
        spent = totals.setdefault(officer, dict.fromkeys(PARTS, 0))
        spent["signed_in"] += finish - begin
        spent[part] += finish - begin

    _replay(start, stop, add)
    return {
        officer: {f"{part}_s": round(ms / 1000.0, 3) for part, ms in spent.items()} for officer, spent in totals.items()
    }


def officer_time_by_day(first: date, last: date, zone) -> list[dict]:
    """The same per office-local day first..last and counter, in ms: OfficerDay rows."""
    start, end = (to_millis(t) for t in day_bounds_utc(first, last, zone))
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    bounds = [to_millis(day_bounds_utc(day, day, zone)[0]) for day in days] + [end]
    rows: dict[tuple, dict] = {}

    def add(counter_id: int, officer: int, part: str, begin: int, finish: int) -> None:
        i = _day_index(bounds, begin)
        while begin < finish:
            cut = min(finish, bounds[i + 1])
            row = rows.setdefault((days[i], officer, counter_id), dict.fromkeys(PARTS, 0))
            row["signed_in"] += cut - begin
            row[part] += cut - begin
            begin, i = cut, i + 1

    _replay(start, end, add)
    return [
        {"day": day, "officer_id": officer, "counter_id": counter, **{f"{part}_ms": ms for part, ms in spent.items()}}
        for (day, officer, counter), spent in rows.items()
    ]


def _day_index(bounds: list[int], ms: int) -> int:
    low, high = 0, len(bounds) - 2
    while low < high:
        middle = (low + high + 1) // 2
        if bounds[middle] <= ms:
            low = middle
        else:
            high = middle - 1
    return low


def _replay(start: int, stop: int, add: Callable[[int, int, str, int, int], None]) -> None:
    """Replay the counters' states over [start, stop): add(counter, officer, part, begin, end)
    for each stretch of time an officer spent signed in at a counter in one state."""
    states = _states_before(start)

    def spend(counter_id: int, until: int) -> None:
        state = states[counter_id]
        begin, finish = max(state.since, start), min(until, stop)
        if state.officer is not None and finish > begin:
            part = "paused" if state.paused else "busy" if state.ticket is not None else "idle"
            add(counter_id, state.officer, part, begin, finish)

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
        spend(counter_id, at)
        _apply(state, kind, actor_id, ticket_id)
        state.since = at
    for counter_id in states:
        spend(counter_id, stop)


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
