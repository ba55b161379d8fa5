"""What a citizen is told about a ticket: the people ahead and the estimated wait.

One read model for every place a citizen reads them: the API's ticket, the status page, the
kiosk and the printed slip. The method is described once, in README.md ("People ahead and
estimated wait"); the calling order is Ticket.calling_order / Ticket.called_before. The
figures for one ticket come from one SQL statement (it runs for every ticket issued); for
many tickets, one statement per service.
"""

import math
from datetime import timedelta
from types import SimpleNamespace
from typing import NamedTuple

from peewee import SQL, Select, Value, fn

from office.clock import to_millis
from office.db import database
from office.models import Counter, CounterService, Event, Service, Ticket

RECENT_SERVICES = 20  # the typical service time is the mean of this many recent services…
RECENT_DAYS = 14  # …finished in this many days
DEFAULT_SERVICE_S = 300  # with no such service yet
RECENT_CALLS = 10  # the pace of calls: the time these many last calls took…
RECENT_CALLS_WINDOW = timedelta(minutes=30)  # …all made within this window

DAY_MS = 24 * 3600 * 1000

# A ticket about to be issued comes after every ticket issued so far at the same moment.
_NOT_YET_ISSUED_ID = 2**62


class PlaceInLine(NamedTuple):
    """What a citizen is told: how many people will be called first, and how long that
    should take (None when no open counter serves the ticket's service)."""

    ahead: int
    estimated_wait_s: int | None

    @property
    def estimated_wait_min(self) -> int | None:
        return wait_minutes(self.estimated_wait_s)


NOT_WAITING = PlaceInLine(0, None)


def wait_minutes(seconds: float | None) -> int | None:
    """A wait as the citizen is told it, in whole minutes rounded up, so that no screen or
    slip promises less than the estimate: 0 s -> 0, 1-60 s -> 1, 61 s -> 2, None -> None."""
    if seconds is None:
        return None
    return math.ceil(max(seconds, 0) / 60)


def place_in_line(ticket: Ticket, now) -> PlaceInLine:
    """Where a ticket stands at `now` (0 ahead and no wait once it is no longer waiting)."""
    if ticket.status != Ticket.WAITING:
        return NOT_WAITING
    return _one(ticket.service_id, ticket.priority, ticket.issued_at, ticket.id, now)


def place_for_new_ticket(service_id: int, priority: bool, now) -> PlaceInLine:
    """Where a ticket about to be issued now will stand: behind everyone of its rank."""
    return _one(service_id, priority, now, _NOT_YET_ISSUED_ID, now)


def places_in_line(tickets: list[Ticket], now) -> dict[int, PlaceInLine]:
    """{ticket id: its place} for many tickets at once (one statement per service)."""
    places = {t.id: NOT_WAITING for t in tickets if t.status != Ticket.WAITING}
    wanted = {t.id for t in tickets if t.status == Ticket.WAITING}
    for service_id in {t.service_id for t in tickets if t.id in wanted}:
        values = {"service": service_id, **_windows(now)}
        for ticket_id, *inputs in _run(_whole_queue, values):
            if ticket_id in wanted:
                places[ticket_id] = _place(now, *inputs)
    return places


def _one(service_id: int, priority: bool, issued_at, ticket_id: int, now) -> PlaceInLine:
    values = {
        "service": service_id,
        "priority": bool(priority),
        "issued_at": to_millis(issued_at),
        "id": ticket_id,
        **_windows(now),
    }
    [inputs] = _run(_one_ticket, values)
    return _place(now, *inputs)


def _windows(now) -> dict:
    return {
        "since": to_millis(now - timedelta(days=RECENT_DAYS)),
        "calls_since": to_millis(now - RECENT_CALLS_WINDOW),
    }


class _Slot:
    """A parameter of a statement below, filled in each time it runs."""

    def __init__(self, name: str):
        self.name = name


def _slot(name: str) -> Value:
    return Value(_Slot(name), converter=False)


def _one_ticket():
    """One ticket's figures (the ticket need not exist yet)."""
    subject = SimpleNamespace(priority=_slot("priority"), issued_at=_slot("issued_at"), id=_slot("id"))
    return Select(columns=_inputs(_slot("service"), subject, _slot("since"), _slot("calls_since")))


def _whole_queue():
    """Every waiting ticket of a service with its figures (the people ahead counted for each)."""
    subject = Ticket.alias("subject")
    inputs = _inputs(_slot("service"), subject, _slot("since"), _slot("calls_since"))
    return subject.select(subject.id, *inputs).where(
        (subject.service == _slot("service")) & (subject.status == Ticket.WAITING)
    )


# Each statement is made into SQL once per kind of database (making it costs more than
# running it): (sql, parameters, with a _Slot where a value goes).
_COMPILED: dict[tuple, tuple[str, list]] = {}


def _run(statement, values: dict) -> list[tuple]:
    key = (statement, type(database.obj))
    if key not in _COMPILED:
        _COMPILED[key] = statement().bind(database).sql()
    sql, template = _COMPILED[key]
    params = [values[p.name] if isinstance(p, _Slot) else p for p in template]
    return database.execute_sql(sql, params).fetchall()


def _inputs(service_id, subject, since, calls_since) -> list:
    """The figures the method needs, as SQL expressions: the ticket's open counters, how many
    of them are busy, the people ahead in their queues and in the service's own queue, and the
    mean of their recent service times (ms) since `since`, and the pace of the recent calls of
    those services since `calls_since` (how many, up to RECENT_CALLS, and when the oldest of
    them was made). `subject` is a ticket (its
    priority, issued_at and id), or a table of tickets of this service (then the people ahead
    are counted for each)."""
    serving_it = (CounterService.service == service_id) & Counter.active & ~Counter.paused
    open_counters = Counter.select(Counter.id).join(CounterService).where(serving_it)
    shared_services = CounterService.select(CounterService.service).where(CounterService.counter.in_(open_counters))

    def ahead_in(services):
        # The same tickets call_next would pick first: waiting, of an active service.
        return (
            Ticket.select(fn.COUNT(Ticket.id))
            .join(Service)
            .where((Ticket.status == Ticket.WAITING) & Service.active & services & Ticket.called_before(subject))
        )

    # Recent services and calls are found by time, through the issue-time index and the
    # event log's time index. With a year of history, SQLite otherwise chose the service or
    # status index and read every ticket (or call) of those services ever (0.5-2 s a ticket):
    # "+ 0" on the service and no status test (only a done ticket has finished_at) leave it
    # the time index; a service finished since `since` was issued at most a day before.
    recent = (
        Ticket.select((Ticket.finished_at - Ticket.started_at).alias("ms"))
        .where(
            (Ticket.service + 0).in_(shared_services)
            & Ticket.started_at.is_null(False)
            & (Ticket.finished_at >= since)
            & (Ticket.issued_at >= since - DAY_MS)
        )
        .order_by(Ticket.finished_at.desc())
        .limit(RECENT_SERVICES)
    )
    # Calls, from the event log (a transfer's second call counts too); LOWER(kind) as "+ 0".
    calls = (
        Event.select(Event.at.alias("at"))
        .where(
            (Event.at >= calls_since) & (fn.LOWER(Event.kind) == "called") & (Event.service + 0).in_(shared_services)
        )
        .order_by(Event.at.desc())
        .limit(RECENT_CALLS)
    )
    return [
        Counter.select(fn.COUNT(Counter.id)).join(CounterService).where(serving_it),
        Ticket.select(fn.COUNT(Ticket.id)).where(Ticket.counter.in_(open_counters) & Ticket.holds_a_counter()),
        ahead_in(Ticket.service.in_(shared_services)),
        ahead_in(Ticket.service == service_id),
        Select(from_list=[recent.alias("recent")], columns=[fn.AVG(SQL("ms"))]),
        Select(from_list=[calls.alias("calls")], columns=[fn.COUNT(SQL("*"))]),
        Select(from_list=[calls.alias("calls")], columns=[fn.MIN(SQL("at"))]),
    ]


def _place(now, counters: int, busy: int, ahead_shared: int, ahead_own: int, mean_ms, calls, oldest_call_ms):
    if not counters:
        # Nobody can call it now: its place in its own service's queue, and no promise.
        return PlaceInLine(ahead_own, None)
    typical_s = DEFAULT_SERVICE_S if mean_ms is None else float(mean_ms) / 1000.0
    wait_s = ahead_shared * typical_s / counters
    if busy >= counters:
        wait_s += typical_s / 2  # on average, the citizens at the counters are half-way through
    if ahead_shared and calls >= RECENT_CALLS:
        # The people ahead are called at the pace the last calls were made, when that is
        # faster: other counters also take tickets of the services shared with this one.
        pace_s = (to_millis(now) - int(oldest_call_ms)) / 1000.0 / calls
        wait_s = min(wait_s, (ahead_shared + (0.5 if busy >= counters else 0)) * pace_s)
    return PlaceInLine(ahead_shared, round(wait_s))
