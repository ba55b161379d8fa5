"""Setting up the office's counters (the administrator's): their names, the services each
serves, and whether they are in use.

Every change is one transaction with its Event (counter_added, counter_changed: who, before
-> after, see office/changes.py), published after the commit, so that the counter screens
and the supervisor's view follow it at once.

The rules:
- a name is 1 to 40 characters once trimmed, and no two counters share one (letter case
  aside: "Counter 1" and "counter 1" would be the same desk to a citizen);
- a counter serves existing services; a service that is no longer active cannot be added,
  but one a counter already serves stays (harmless: nobody takes its tickets any more);
- a counter is taken out of use only when nobody works at it and it holds no called or
  serving ticket: a citizen called to it must not vanish from every screen.
"""

import unicodedata

from peewee import fn

from office.changes import record_change
from office.clock import Clock
from office.counters import service_ids_of
from office.db import database
from office.errors import Conflict, InvalidInput, NotFound
from office.events import EventBus
from office.models import Counter, CounterService, Service, Ticket, User

NAME_MAX = 40


def counters() -> list[Counter]:
    """Every counter, in use or not, in the order they were added."""
    return list(Counter.select().order_by(Counter.id))


def counter(counter_id: int) -> Counter:
    """The counter with this id, in use or not; NotFound otherwise."""
    found = Counter.get_or_none(Counter.id == counter_id)
    if found is None:
        raise NotFound(f"no counter {counter_id}", code="counter_not_found")
    return found


def snapshot(row: Counter) -> dict:
    """A counter's settings as the history keeps them (before -> after)."""
    return {"name": row.name, "active": row.active, "service_ids": service_ids_of(row.id)}


def add_counter(
    name: str, service_ids: list[int], *, active: bool = True, actor_id: int | None, clock: Clock, bus: EventBus
) -> Counter:
    """Add a counter serving these services (active ones only); it opens when an officer
    signs in there."""
    with database.atomic():
        name = _free_name(name)
        wanted = _services_to_serve(service_ids, already=set())
        row = Counter.create(name=name, active=bool(active))
        _link(row.id, wanted)
        event = record_change(
            "counter_added",
            actor_id=actor_id,
            subject=("counter", row.id, row.name),
            before=None,
            after=snapshot(row),
            at=clock(),
            counter_id=row.id,
        )
    bus.publish(event)
    return row


def change_counter(
    counter_id: int,
    *,
    name: str | None = None,
    service_ids: list[int] | None = None,
    active: bool | None = None,
    actor_id: int | None,
    clock: Clock,
    bus: EventBus,
) -> Counter:
    """Rename a counter, change the services it serves or take it in or out of use (None:
    unchanged). Nothing changed, nothing recorded. Taking it out of use while an officer
    works at it or it holds a called or serving ticket is refused (409 counter_in_use)."""
    with database.atomic():
        row = counter(counter_id)
        before = snapshot(row)
        if name is not None:
            row.name = _free_name(name, besides=row.id)
        if service_ids is not None:
            wanted = _services_to_serve(service_ids, already=set(before["service_ids"]))
            if wanted != before["service_ids"]:
                CounterService.delete().where(CounterService.counter == row.id).execute()
                _link(row.id, wanted)
        if row.name != before["name"]:
            Counter.update(name=row.name).where(Counter.id == row.id).execute()
        if active is True and not row.active:
            Counter.update(active=True).where(Counter.id == row.id).execute()
            row.active = True
        elif active is False and row.active:
            _take_out_of_use(row)
        after = snapshot(row)
        if after == before:
            return row
        event = record_change(
            "counter_changed",
            actor_id=actor_id,
            subject=("counter", row.id, row.name),
            before=before,
            after=after,
            at=clock(),
            counter_id=row.id,
        )
    bus.publish(event)
    return row


def _take_out_of_use(row: Counter) -> None:
    """Mark it inactive, unless someone works there or a citizen is called to it. One
    conditional update, so that an officer signing in or calling at this very moment either
    comes first (and the change is refused) or finds the counter out of use."""
    current = Ticket.select(Ticket.id).where((Ticket.counter == row.id) & Ticket.holds_a_counter())
    changed = (
        Counter.update(active=False)
        .where((Counter.id == row.id) & Counter.officer.is_null() & ~fn.EXISTS(current))
        .execute()
    )
    if changed != 1:
        raise Conflict(_in_use_message(row), code="counter_in_use")
    row.active = False


def _in_use_message(row: Counter) -> str:
    fresh = Counter.get_by_id(row.id)
    officer = User.get_or_none(User.id == fresh.officer_id) if fresh.officer_id else None
    ticket = Ticket.get_or_none((Ticket.counter == row.id) & Ticket.holds_a_counter())
    if ticket is not None:
        return (
            f"{row.name} is on ticket {ticket.number}: finish or transfer it, and sign out there, "
            "before taking the counter out of use"
        )
    who = officer.username if officer else "an officer"
    return f"{who} works at {row.name}: they sign out there (or a supervisor signs them out) first"


def _free_name(name: str, *, besides: int | None = None) -> str:
    """The name trimmed, if it is 1 to NAME_MAX characters and no other counter's."""
    _one_name_check_at_a_time()
    name = (name or "").strip()
    if not 1 <= len(name) <= NAME_MAX:
        raise InvalidInput(f"name: 1 to {NAME_MAX} characters", field="name")
    if any(unicodedata.category(ch) == "Cc" for ch in name):  # PostgreSQL refuses NUL; no screen shows them
        raise InvalidInput("name: no control characters", field="name")
    taken = Counter.select(Counter.id, Counter.name)
    if any(other.name.strip().casefold() == name.casefold() and other.id != besides for other in taken):
        raise InvalidInput(f"name: there is already a counter named {name!r}", code="name_taken", field="name")
    return name


def _one_name_check_at_a_time() -> None:
    """No unique index can say "letter case aside", so two admins naming a counter alike at the
    same moment are put one after the other: on PostgreSQL by locking the counters' rows until
    the transaction ends (the second then sees the first's name); SQLite's write transactions
    run one at a time already."""
    if database.for_update:
        list(Counter.select(Counter.id).for_update())


def _services_to_serve(service_ids: list[int], *, already: set[int]) -> list[int]:
    """The ids, sorted and each once, if each is a service, active or already served here."""
    wanted = sorted(set(service_ids))
    found = {s.id: s for s in Service.select(Service.id, Service.prefix, Service.active).where(Service.id.in_(wanted))}
    missing = [sid for sid in wanted if sid not in found]
    if missing:
        raise InvalidInput(f"service_ids: no service {', '.join(map(str, missing))}", field="service_ids")
    retired = [found[sid] for sid in wanted if not found[sid].active and sid not in already]
    if retired:
        names = ", ".join(f"{s.prefix} ({s.id})" for s in retired)
        raise InvalidInput(f"service_ids: {names} is no longer offered; it cannot be added", field="service_ids")
    return wanted


def _link(counter_id: int, service_ids: list[int]) -> None:
    if service_ids:
        CounterService.insert_many([{"counter": counter_id, "service": sid} for sid in service_ids]).execute()
