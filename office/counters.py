"""Running the counters: who works at one, breaks, and which services each serves today.

Each change is one transaction with its event row, published after the commit so that every
open counter screen and the supervisor's view follow it.
"""

from office.clock import Clock
from office.db import database
from office.engine import active_counter, current_ticket
from office.errors import Conflict, InvalidInput
from office.events import EventBus
from office.lifecycle import counter_actions
from office.models import Counter, CounterService, Event, Service, User


def pause(counter_id: int, *, actor_id: int, clock: Clock, bus: EventBus) -> Counter:
    """A break: the counter calls nobody until resumed (its current citizen is still served)."""
    return _set_paused(counter_id, True, actor_id, clock, bus)


def resume(counter_id: int, *, actor_id: int, clock: Clock, bus: EventBus) -> Counter:
    """Back from a break: the counter can call again."""
    return _set_paused(counter_id, False, actor_id, clock, bus)


def set_services(counter_id: int, service_ids: list[int], *, actor_id: int, clock: Clock, bus: EventBus) -> Counter:
    """Change which services a counter serves (e.g. for the day, when an officer is away)."""
    wanted = sorted(set(service_ids))
    with database.atomic():
        counter = active_counter(counter_id)
        found = [sid for (sid,) in Service.select(Service.id).where(Service.id.in_(wanted)).tuples()]
        if sorted(found) != wanted:
            raise InvalidInput(f"no such service: {sorted(set(wanted) - set(found))}")
        before = service_ids_of(counter.id)
        CounterService.delete().where(CounterService.counter == counter.id).execute()
        for sid in wanted:
            CounterService.create(counter=counter.id, service=sid)
        event = _log("services_changed", counter, clock(), actor_id, {"from": before, "to": wanted})
    bus.publish(event)
    return counter


def services_by_counter() -> dict[int, set[int]]:
    """{counter id: the ids of the services it serves}, for every counter with a service."""
    served: dict[int, set[int]] = {}
    for counter_id, service_id in CounterService.select(CounterService.counter, CounterService.service).tuples():
        served.setdefault(counter_id, set()).add(service_id)
    return served


def service_ids_of(counter_id: int) -> list[int]:
    query = CounterService.select(CounterService.service).where(CounterService.counter == counter_id)
    return sorted(sid for (sid,) in query.tuples())


def counter_state(counter: Counter) -> dict:
    """A counter as its screen and the supervisor see it (the current ticket as a row), with
    the actions the server would accept from it right now (see lifecycle.counter_actions)."""
    officer = User.get_or_none(User.id == counter.officer_id) if counter.officer_id else None
    current = current_ticket(counter.id)
    return {
        "id": counter.id,
        "name": counter.name,
        "paused": counter.paused,
        "officer": {"id": officer.id, "username": officer.username} if officer else None,
        "service_ids": service_ids_of(counter.id),
        "current": current,
        "allowed_actions": counter_actions(paused=counter.paused, current_status=current.status if current else None),
    }


def _set_paused(counter_id: int, paused: bool, actor_id: int, clock: Clock, bus: EventBus) -> Counter:
    with database.atomic():
        counter = active_counter(counter_id)
        if counter.paused == paused:
            raise Conflict(f"{counter.name} is already {'paused' if paused else 'open'}", code="no_change")
        Counter.update(paused=paused).where(Counter.id == counter.id).execute()
        counter.paused = paused
        event = _log("paused" if paused else "resumed", counter, clock(), actor_id, {})
    bus.publish(event)
    return counter


def _log(kind: str, counter: Counter, at, actor_id: int | None, details: dict) -> Event:
    return Event.create(at=at, kind=kind, counter=counter.id, actor=actor_id, details=details)
