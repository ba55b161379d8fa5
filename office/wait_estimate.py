"""When each waiting ticket should be called: the calling order replayed at the open counters.

The rule, as call_next applies it: when a counter is free, it calls the first waiting ticket in
calling order among all its services. Replaying that from now, with each service's typical
counter time, tells when every waiting ticket should be called. Only what the office knows
goes in: the open counters and their services, when each busy counter should be free, the
waiting tickets in calling order, and the recent counter times of each service.

Tickets that come after a ticket in calling order never change when it is called (a counter
that serves it calls it before them), so the replay goes through the queue in calling order,
and one replay of a queue tells every ticket in it the same as a replay of the tickets up to
that one.

Plain data in, plain data out: office/citizen_view.py reads the inputs from the database.
"""

from typing import NamedTuple

DEFAULT_COUNTER_TIME_S = 300  # a service with no recent counter time


class OpenCounter(NamedTuple):
    """A counter that will call: the services it calls and in how many seconds it is free
    (0 when it is free now)."""

    id: int
    services: frozenset[int]
    free_in_s: float


class WaitingTicket(NamedTuple):
    """A waiting ticket as the replay needs it (anything with these two attributes will do)."""

    id: int
    service_id: int


def typical_counter_time(recent_s: list[float]) -> float:
    """How long a called ticket of a service holds its counter: the mean of its recent
    counter times (call to end of service, or to no-show); DEFAULT_COUNTER_TIME_S without any."""
    return sum(recent_s) / len(recent_s) if recent_s else float(DEFAULT_COUNTER_TIME_S)


def time_left(recent_s: list[float], elapsed_s: float) -> float:
    """How much longer a ticket called `elapsed_s` ago should hold its counter: of the recent
    counter times of its service that lasted longer than that, the mean of what was left.
    When none lasted that long, half a typical counter time; with no recent time, what is
    left of DEFAULT_COUNTER_TIME_S (at least half of it)."""
    if not recent_s:
        return max(DEFAULT_COUNTER_TIME_S - elapsed_s, DEFAULT_COUNTER_TIME_S / 2)
    longer = [t - elapsed_s for t in recent_s if t > elapsed_s]
    if not longer:
        return typical_counter_time(recent_s) / 2
    return sum(longer) / len(longer)


def call_times(counters: list[OpenCounter], waiting: list[WaitingTicket], counter_time_s: dict) -> dict[int, float]:
    """{ticket id: seconds from now until it is called} for the waiting tickets (given in
    calling order) that one of the counters will call.

    In calling order, each ticket is called by the first of the counters serving its service
    to be free (at the same moment, the lower id), which is then busy for that service's
    counter time. That is call_next replayed: a free counter calls the first waiting ticket
    among its services, and no counter serving a ticket calls one behind it first."""
    free_in = {c.id: c.free_in_s for c in counters}
    serving: dict[int, list[int]] = {}
    for c in sorted(counters, key=lambda c: c.id):
        for service in c.services:
            serving.setdefault(service, []).append(c.id)
    called = {}
    for ticket in waiting:
        if ticket.service_id not in serving:
            continue  # no open counter calls it
        counter = min(serving[ticket.service_id], key=free_in.__getitem__)  # the first (lowest id) on a tie
        called[ticket.id] = free_in[counter]
        free_in[counter] += counter_time_s[ticket.service_id]
    return called
