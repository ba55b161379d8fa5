"""How long a waiting citizen should expect to wait.

The method, in the office's words:

1. The counters that serve the ticket's service are the ones that can call it; they call
   the oldest ticket (priority first) among *all* the services each serves. So the people
   ahead are the waiting tickets, in any of those counters' services, that come before this
   one in calling order.
2. The typical service time is the mean of the last 20 services (start to finish) finished
   at those counters' services in the past 14 days; with none yet, 5 minutes.
3. The counters share the work: expected wait = people ahead × typical service time ÷
   number of counters. If every one of those counters is busy right now, add half a typical
   service (on average the current citizen is half-way through).

It is an estimate printed on the ticket, not a promise; the ticket row keeps the estimate it
was issued with, so reports can compare it with the wait that really happened.
"""

from datetime import timedelta

from peewee import fn

from office.clock import to_millis
from office.models import Counter, CounterService, Ticket

RECENT_SERVICES = 20
RECENT_DAYS = 14
DEFAULT_SERVICE_S = 300


def estimated_wait_s(ticket: Ticket, now) -> int | None:
    """Seconds a waiting ticket should expect to wait from `now`; None if it is not waiting or
    no active counter serves its service."""
    if ticket.status != Ticket.WAITING:
        return None
    counters = _counters_for(ticket.service_id)
    if not counters:
        return None
    services = _services_of(counters)
    ahead = _ahead_across(ticket, services)
    typical = typical_service_s(services, now)
    busy = Ticket.select().where(Ticket.counter.in_(counters) & Ticket.status.in_(Ticket.CURRENT)).count()
    wait = ahead * typical / len(counters)
    if busy >= len(counters):
        wait += typical / 2
    return round(wait)


def typical_service_s(service_ids: list[int], now) -> float:
    """Mean start-to-finish seconds of the latest finished services of these services."""
    since = to_millis(now - timedelta(days=RECENT_DAYS))
    recent = (
        Ticket.select((Ticket.finished_at - Ticket.started_at).alias("ms"))
        .where(
            Ticket.service.in_(service_ids)
            & (Ticket.status == Ticket.DONE)
            & Ticket.started_at.is_null(False)
            & (Ticket.finished_at >= since)
        )
        .order_by(Ticket.finished_at.desc())
        .limit(RECENT_SERVICES)
    )
    mean_ms = Ticket.select(fn.AVG(recent.c.ms)).from_(recent).scalar()
    return DEFAULT_SERVICE_S if mean_ms is None else float(mean_ms) / 1000.0


def _counters_for(service_id: int) -> list[int]:
    query = (
        CounterService.select(CounterService.counter)
        .join(Counter)
        .where((CounterService.service == service_id) & Counter.active)
    )
    return [cid for (cid,) in query.tuples()]


def _services_of(counter_ids: list[int]) -> list[int]:
    query = CounterService.select(CounterService.service).where(CounterService.counter.in_(counter_ids)).distinct()
    return [sid for (sid,) in query.tuples()]


def _ahead_across(ticket: Ticket, service_ids: list[int]) -> int:
    return (
        Ticket.select()
        .where((Ticket.status == Ticket.WAITING) & Ticket.service.in_(service_ids) & Ticket.called_before(ticket))
        .count()
    )
