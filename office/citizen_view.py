"""What a citizen is told about a ticket: the people ahead and the estimated wait.

One read model for every place a citizen reads them: the API's ticket, the status page, the
kiosk and the printed slip. The method is described once, in README.md ("People ahead and
estimated wait"): the calling order (Ticket.calling_order) replayed at the open counters with
each service's recent counter times (office/wait_estimate.py). One ticket is placed from the
tickets ahead of it; many tickets from one replay per group of counters that share services.
Placing reads the open counters' services, then for each group the waiting tickets, the
counters' current tickets and the recent counter times: 1 + 3 statements a group, whatever the
number of tickets.
"""

import math
from collections import defaultdict
from datetime import timedelta
from types import SimpleNamespace
from typing import NamedTuple

from peewee import Value, fn

from office.clock import to_millis
from office.db import database
from office.models import Counter, CounterService, Event, Service, Ticket
from office.wait_estimate import (
    DEFAULT_COUNTER_TIME_S,
    OpenCounter,
    call_times,
    time_left,
    typical_counter_time,
)

RECENT_SERVICES = 50  # a service's counter time is the mean of this many recent ones…
RECENT_DAYS = 14  # …of tickets called in this many days…
LOOK_AT = 2  # …looked for among the last LOOK_AT × RECENT_SERVICES per service of its group
DEFAULT_SERVICE_S = DEFAULT_COUNTER_TIME_S  # with no such ticket yet

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
    return places_in_line([ticket], now)[ticket.id]


def place_for_new_ticket(service_id: int, priority: bool, now) -> PlaceInLine:
    """Where a ticket about to be issued now will stand: behind everyone of its rank."""
    subject = _InLine.of(_NOT_YET_ISSUED_ID, service_id, priority, to_millis(now))
    return _places([subject], now)[_NOT_YET_ISSUED_ID]


def places_in_line(tickets: list[Ticket], now) -> dict[int, PlaceInLine]:
    """{ticket id: its place} for many tickets at once (one replay per group of counters)."""
    places = {t.id: NOT_WAITING for t in tickets if t.status != Ticket.WAITING}
    waiting = [
        _InLine.of(t.id, t.service_id, t.priority, to_millis(t.issued_at))
        for t in tickets
        if t.status == Ticket.WAITING
    ]
    if waiting:
        places.update(_places(waiting, now))
    return places


class _InLine(NamedTuple):
    """A ticket in line, waiting or about to be issued. Compared as tuples, tickets come in
    calling order (Ticket.calling_order): priority first, then the oldest."""

    rank: int  # 0 priority, 1 the others
    issued_at_ms: int
    id: int
    service_id: int

    @classmethod
    def of(cls, ticket_id: int, service_id: int, priority, issued_at_ms: int) -> "_InLine":
        return cls(0 if priority else 1, issued_at_ms, ticket_id, service_id)


def _places(subjects: list[_InLine], now) -> dict[int, PlaceInLine]:
    """The places of tickets in line (waiting or about to be issued), group by group."""
    links = _open_counter_services()
    places = {}
    for (counter_ids, service_ids), members in _by_group(subjects, links).items():
        line = _line_up_to(service_ids, members)
        if not counter_ids:
            # Nobody can call them now: their places in their own service's queue, no promise.
            ahead = _people_ahead(line, members, {service: {service} for service in service_ids})
            places.update({s.id: PlaceInLine(ahead[s.id], None) for s in members})
            continue
        recent = _recent_counter_times(service_ids, now)
        typical = {service: typical_counter_time(times) for service, times in recent.items()}
        counters = _open_counters(counter_ids, links, recent, now)
        called_in = call_times(counters, line, typical)
        ahead = _people_ahead(line, members, {service: _shared_services(service, links) for service in service_ids})
        places.update({s.id: PlaceInLine(ahead[s.id], round(called_in[s.id])) for s in members})
    return places


def _line_up_to(service_ids, members: list[_InLine]) -> list[_InLine]:
    """The waiting tickets of these services that call_next would pick (of an active service)
    up to the last of `members` in calling order, with the members themselves (one may not be
    issued yet), in calling order."""
    last = max(members)
    values = {
        **_listed("service", service_ids),
        "priority": last.rank == 0,
        "issued_at": last.issued_at_ms,
        "id": last.id,
    }
    rows = _run(_waiting_tickets, values, len(service_ids))
    line = [_InLine(0 if priority else 1, issued_at, i, service) for i, service, priority, issued_at in rows]
    found = {t.id for t in line}
    missing = [s for s in members if s.id not in found]  # not issued yet, or of a withdrawn service
    return sorted(line + missing) if missing else line


def _people_ahead(line: list[_InLine], members: list[_InLine], services_ahead: dict) -> dict[int, int]:
    """{member id: the tickets before it in the line of the services services_ahead[its service]}."""
    wanted = {s.id for s in members}
    seen: dict[int, int] = defaultdict(int)  # service -> its tickets so far in the line
    ahead = {}
    for t in line:
        if t.id in wanted:
            ahead[t.id] = sum(seen[s] for s in services_ahead[t.service_id])
        seen[t.service_id] += 1
    return ahead


def _open_counter_services() -> set[tuple[int, int]]:
    """(counter, service) for every open counter (active, not paused) and each service it calls."""
    return set(_run(_counter_services))


def _shared_services(service_id: int, links: set) -> set[int]:
    """The services of the open counters that serve this one: whose tickets they call first."""
    counters = {c for c, s in links if s == service_id}
    return {s for c, s in links if c in counters}


def _by_group(subjects: list[_InLine], links: set) -> dict[tuple, list[_InLine]]:
    """The tickets by group: (the open counters that can call them or a ticket they may call
    first, linked through shared services; those counters' services) -> tickets. A service
    that no open counter serves is a group of its own, with no counter."""
    groups = defaultdict(list)
    group_of = {}
    for s in subjects:
        if s.service_id not in group_of:
            group_of[s.service_id] = _group_of(s.service_id, links)
        groups[group_of[s.service_id]].append(s)
    return groups


def _group_of(service_id: int, links: set) -> tuple[frozenset, frozenset]:
    counters, services, todo = set(), {service_id}, [service_id]
    while todo:
        service = todo.pop()
        found = {c for c, s in links if s == service} - counters
        counters |= found
        more = {s for c, s in links if c in found} - services
        services |= more
        todo.extend(more)
    return frozenset(counters), frozenset(services)


def _recent_counter_times(service_ids, now) -> dict[int, list[float]]:
    """{service: its last RECENT_SERVICES counter times (s) of tickets called in RECENT_DAYS,
    among the group's last RECENT_SERVICES × LOOK_AT per service}: how long a called ticket
    held its counter, from its call to the end of its service (the walk to the counter and
    the service), or to its no-show (from the event log)."""
    since = to_millis(now - timedelta(days=RECENT_DAYS))
    values = {**_listed("service", service_ids), "since": since, "issued_since": since - DAY_MS}
    times = {s: [] for s in service_ids}
    for service, ms in _run(_counter_times, values, len(service_ids)):
        if ms is not None and len(times[service]) < RECENT_SERVICES:  # None: a no-show never logged
            times[service].append(ms / 1000)
    return times


def _open_counters(counter_ids, links: set, recent: dict, now) -> list[OpenCounter]:
    """The open counters with their services and when each should be free: now, or for one
    holding a called ticket, when that ticket's service should end (wait_estimate.time_left)."""
    now_ms = to_millis(now)
    free_in = {
        counter: time_left(recent.get(service, []), (now_ms - called_at) / 1000)
        for counter, service, called_at in _run(_current_tickets, _listed("counter", counter_ids), len(counter_ids))
    }
    services = defaultdict(set)
    for counter, service in links:
        services[counter].add(service)
    return [OpenCounter(c, frozenset(services[c]), free_in.get(c, 0.0)) for c in sorted(counter_ids)]


# --- the statements -------------------------------------------------------------------------
# Each is made into SQL once per kind of database and number of services or counters in it
# (making it costs more than running it), then run with its values, rows as the database
# gives them (times in milliseconds).


class _Slot:
    """A parameter of a statement below, filled in each time it runs."""

    def __init__(self, name: str):
        self.name = name


def _slot(name: str) -> Value:
    return Value(_Slot(name), converter=False)


def _slots(name: str, size: int) -> list[Value]:
    return [_slot(f"{name}{i}") for i in range(size)]


def _listed(name: str, items) -> dict:
    """The values for _slots(name, len(items))."""
    return {f"{name}{i}": item for i, item in enumerate(sorted(items))}


_COMPILED: dict[tuple, tuple[str, list]] = {}


def _run(statement, values: dict | None = None, size: int | None = None) -> list[tuple]:
    key = (statement, type(database.obj), size)
    if key not in _COMPILED:
        query = statement() if size is None else statement(size)
        _COMPILED[key] = query.bind(database).sql()
    sql, template = _COMPILED[key]
    params = [values[p.name] if isinstance(p, _Slot) else p for p in template]
    return database.execute_sql(sql, params).fetchall()


def _counter_services():
    return (
        CounterService.select(CounterService.counter, CounterService.service)
        .join(Counter)
        .where(Counter.active & ~Counter.paused)
    )


def _waiting_tickets(services: int):
    """The waiting tickets of the services, of an active service, up to a ticket in calling
    order, in calling order."""
    last = SimpleNamespace(priority=_slot("priority"), issued_at=_slot("issued_at"), id=_slot("id"))
    return (
        Ticket.select(Ticket.id, Ticket.service, Ticket.priority, Ticket.issued_at)
        .join(Service)
        .where(
            (Ticket.status == Ticket.WAITING)
            & Ticket.service.in_(_slots("service", services))
            & Service.active
            & (Ticket.called_before(last) | (Ticket.id == _slot("id")))
        )
        .order_by(*Ticket.calling_order())
    )


def _counter_times(services: int):
    """The counter times (ms) of the services' tickets called since `since` that have left
    their counter, the latest issued first, at most RECENT_SERVICES × LOOK_AT times each."""
    no_show_at = Event.select(fn.MAX(Event.at)).where((Event.ticket == Ticket.id) & (Event.kind == Ticket.NO_SHOW))
    # Read backwards through the issue-time index, and no further than the limit: a ticket
    # called since `since` was issued at most a day before. With a year of history SQLite
    # otherwise chose the service or status index and read every ticket of those services
    # ever: "+ 0" on the service and no plain status test leave it the time index.
    return (
        Ticket.select(Ticket.service + 0, fn.COALESCE(Ticket.finished_at, no_show_at) - Ticket.called_at)
        .where(
            (Ticket.service + 0).in_(_slots("service", services))
            & (Ticket.called_at >= _slot("since"))
            & (Ticket.issued_at >= _slot("issued_since"))
            & (Ticket.finished_at.is_null(False) | (Ticket.status == Ticket.NO_SHOW))
        )
        .order_by(Ticket.issued_at.desc())
        .limit(RECENT_SERVICES * LOOK_AT * services)
    )


def _current_tickets(counters: int):
    """The ticket each of the counters holds (called or being served): its service and call."""
    return Ticket.select(Ticket.counter, Ticket.service, Ticket.called_at).where(
        Ticket.counter.in_(_slots("counter", counters)) & Ticket.holds_a_counter()
    )
