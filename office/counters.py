"""Running the counters: who works at one, breaks, and which services each serves today.

Each change is one transaction with its event row, published after the commit so that every
open counter screen and the supervisor's view follow it.

Who works at a counter is its `officer`: they sign in there (one counter at a time) and out
again, and only they (or a supervisor) may pause and resume it (office/access.py).
"""

from office.access import NOT_YOUR_COUNTER, acts_anywhere, counter_held_by, require_signed_in_at
from office.clock import Clock
from office.db import database
from office.engine import active_counter, current_ticket
from office.errors import Conflict, CounterBusy, Forbidden, InvalidInput, NotFound
from office.events import EventBus
from office.lifecycle import counter_actions
from office.models import Counter, CounterService, Event, Service, User


def sign_in(counter_id: int, *, actor_id: int, clock: Clock, bus: EventBus) -> Counter:
    """Start working at a counter: its calls, pauses and tickets are the officer's from now.

    Allowed when nobody holds the counter, when the officer holds it already (nothing
    changes), or when its holder has no called or serving ticket there: a takeover, on the
    record as "counter_taken_over" with the previous officer; while that holder is serving,
    409 counter_held. An officer holds one counter at a time: the one they held is released
    ("signed_out"), or, if it still holds their called or serving ticket, the sign-in is
    refused (409 still_at_another_counter).
    """
    with database.atomic():
        counter = active_counter(counter_id)
        actor = _user(actor_id)
        if counter.officer_id == actor.id:
            return counter
        now = clock()
        events = []
        previous = counter_held_by(actor.id, besides=counter.id)
        if previous is not None:
            busy = current_ticket(previous.id)
            if busy is not None:
                raise Conflict(
                    f"you are still on ticket {busy.number} at {previous.name}; finish or transfer it first",
                    code="still_at_another_counter",
                )
            _set_officer(previous, None, expected=actor.id)
            events.append(_log("signed_out", previous, now, actor.id, {"officer": actor.username}))
        holder = User.get_or_none(User.id == counter.officer_id) if counter.officer_id else None
        if holder is not None:
            busy = current_ticket(counter.id)
            if busy is not None:
                raise Conflict(
                    f"{holder.username} works at {counter.name} and is on ticket {busy.number}; "
                    "it can be taken over when it is free",
                    code="counter_held",
                )
        _set_officer(counter, actor.id, expected=counter.officer_id)
        if holder is None:
            events.append(_log("signed_in", counter, now, actor.id, {}))
        else:
            details = {"previous_officer_id": holder.id, "previous_officer": holder.username}
            events.append(_log("counter_taken_over", counter, now, actor.id, details))
    for event in events:
        bus.publish(event)
    return counter


def sign_out(counter_id: int, *, actor_id: int, clock: Clock, bus: EventBus) -> Counter:
    """Stop working at a counter: nobody holds it until someone signs in (or calls) there.

    An officer signs only themself out (403 not_your_counter); a supervisor may sign anyone
    out. Refused while the counter holds a called or serving ticket (409 counter_busy), so no
    citizen is left at a counter with nobody behind it. Nothing changes if nobody holds it.
    """
    with database.atomic():
        counter = active_counter(counter_id)
        actor = _user(actor_id)
        if counter.officer_id != actor.id and not acts_anywhere(actor):
            raise Forbidden(f"you are not signed in at {counter.name}", code=NOT_YOUR_COUNTER)
        if counter.officer_id is None:
            return counter
        busy = current_ticket(counter.id)
        if busy is not None:
            raise CounterBusy(f"{counter.name} is still on ticket {busy.number}; finish or transfer it first")
        holder = User.get_by_id(counter.officer_id)
        _set_officer(counter, None, expected=holder.id)
        event = _log("signed_out", counter, clock(), actor.id, {"officer": holder.username})
    bus.publish(event)
    return counter


def pause(counter_id: int, *, actor_id: int, clock: Clock, bus: EventBus) -> Counter:
    """A break: the counter calls nobody until resumed (its current citizen is still served).
    Only the officer signed in there, or a supervisor."""
    return _set_paused(counter_id, True, actor_id, clock, bus)


def resume(counter_id: int, *, actor_id: int, clock: Clock, bus: EventBus) -> Counter:
    """Back from a break: the counter can call again. Only the officer signed in there, or a
    supervisor."""
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
        require_signed_in_at(counter, _user(actor_id) if actor_id is not None else None)
        if counter.paused == paused:
            raise Conflict(f"{counter.name} is already {'paused' if paused else 'open'}", code="no_change")
        Counter.update(paused=paused).where(Counter.id == counter.id).execute()
        counter.paused = paused
        event = _log("paused" if paused else "resumed", counter, clock(), actor_id, {})
    bus.publish(event)
    return counter


def _set_officer(counter: Counter, officer_id: int | None, *, expected: int | None) -> None:
    """Change who holds a counter, only if it is still `expected` (two sign-ins at once: one wins)."""
    holder = Counter.officer.is_null() if expected is None else (Counter.officer == expected)
    changed = Counter.update(officer=officer_id).where((Counter.id == counter.id) & holder).execute()
    if changed != 1:
        raise Conflict(f"someone else signed in or out at {counter.name} just now; try again", code="concurrent_change")
    counter.officer = officer_id


def _user(user_id: int) -> User:
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    return user


def _log(kind: str, counter: Counter, at, actor_id: int | None, details: dict) -> Event:
    return Event.create(at=at, kind=kind, counter=counter.id, actor=actor_id, details=details)
