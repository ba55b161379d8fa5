"""The office's services as the administrator keeps them: adding one, changing one (its fee,
names, documents, place on the kiosk), deactivating and reactivating it.

The rules:
- Two active services never share a prefix (their tickets' numbers would collide), nor an
  English name (the kiosk would show the same button twice, and an imported CSV finds a
  service by its name). A service added without a prefix gets the first that no service,
  active or not, has used: A … Z, then AA, AB …
- A service is deactivated, never deleted: it leaves the kiosks and the counters' lists, and
  its tickets and history keep it. It cannot be deactivated while tickets wait for it (the
  counters call only active services' tickets, so those citizens would wait for nothing).
- A new fee applies to tickets issued from then on; each ticket keeps the fee it was issued
  with (Ticket.fee_riel, set by the engine).
- Each change writes its Event (service_added, service_changed: who, before → after) in
  its transaction, published after the commit (office/changes.py).
"""

import itertools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from string import ascii_uppercase

from peewee import IntegrityError, fn

from office.changes import record_change
from office.clock import Clock
from office.contract import parse
from office.db import database
from office.errors import Conflict, InvalidInput, NotFound
from office.events import EventBus
from office.models import Service, Ticket
from office.service_schemas import ServiceFields

# What the administrator sets, in the order forms, answers and the history show it.
FIELDS = (
    "prefix",
    "name_en",
    "name_km",
    "group_en",
    "group_km",
    "fee_riel",
    "processing_days",
    "target_wait_min",
    "position",
    "active",
    "documents_en",
    "documents_km",
    "source_url",
)


def services() -> list[Service]:
    """Every service, active or not, in the kiosk's order (position, then prefix)."""
    return list(Service.select().order_by(Service.position, Service.prefix, Service.id))


def snapshot(service: Service) -> dict:
    """The fields the administrator sets, JSON-ready (what an event's before/after holds)."""
    values = {name: getattr(service, name) for name in FIELDS}
    values["documents_en"] = list(values["documents_en"] or [])
    values["documents_km"] = list(values["documents_km"] or [])
    return values


def waiting_counts() -> dict[int, int]:
    """{service id: tickets waiting}, for every service someone waits for."""
    query = Ticket.select(Ticket.service, fn.COUNT(Ticket.id)).where(Ticket.status == Ticket.WAITING)
    return dict(query.group_by(Ticket.service).tuples())


def add_service(fields: Mapping, *, actor_id: int | None, clock: Clock, bus: EventBus) -> Service:
    """Add a service (fields as ServiceFields checks them). Without a prefix it gets the first
    free one; without a position, the place after every other service. InvalidInput names the
    field at fault (prefix_taken, name_taken)."""
    values = _checked(fields)
    try:
        with database.atomic():
            if values["prefix"] is None:
                values["prefix"] = first_free_prefix(used_prefixes())
            if values["position"] is None:
                values["position"] = next_position()
            if values["active"]:
                _require_free(values, besides=None)
            service = Service.create(**values)
            event = record_change(
                "service_added",
                actor_id=actor_id,
                subject=("service", service.id, service.name_en),
                before=None,
                after=snapshot(service),
                at=clock(),
            )
    except IntegrityError as error:  # another administrator took the prefix meanwhile
        raise _prefix_taken(values["prefix"]) from error
    bus.publish(event)
    return service


def change_service(service_id: int, changes: Mapping, *, actor_id: int | None, clock: Clock, bus: EventBus) -> Service:
    """Change the fields given in `changes` (active=False deactivates, True reactivates). The
    same rules as adding; deactivating while tickets wait is a Conflict (tickets_waiting).
    Nothing changed, nothing written."""
    try:
        with database.atomic():
            service = Service.get_or_none(Service.id == service_id)
            if service is None:
                raise NotFound(f"no service {service_id}", code="service_not_found")
            before = snapshot(service)
            after = _checked({**before, **changes})
            if after["prefix"] is None:  # only a new service is given one
                raise InvalidInput("prefix: a service keeps a prefix", field="prefix")
            if after == before:
                return service
            if after["active"]:
                _require_free(after, besides=service.id)
            elif before["active"]:
                require_nobody_waiting([service])
            Service.update(**after).where(Service.id == service.id).execute()
            service = Service.get_by_id(service.id)
            event = record_change(
                "service_changed",
                actor_id=actor_id,
                subject=("service", service.id, service.name_en),
                before=before,
                after=snapshot(service),
                at=clock(),
            )
    except IntegrityError as error:
        raise _prefix_taken(changes.get("prefix", "")) from error
    bus.publish(event)
    return service


def require_nobody_waiting(leaving: Iterable[Service]) -> None:
    """Conflict (tickets_waiting) if tickets wait for any of these services."""
    waiting = waiting_counts()
    for service in leaving:
        count = waiting.get(service.id, 0)
        if count:
            raise Conflict(waiting_message(service, count), code="tickets_waiting")


def waiting_message(service: Service, count: int) -> str:
    return (
        f"{count} ticket(s) wait for {service.prefix} ({service.name_en}): call, transfer or cancel "
        "them before deactivating it"
    )


def normalised_name(name: str) -> str:
    """A name as matching compares it: Unicode-normalised, case and spacing ignored."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", name)).strip().casefold()


def used_prefixes() -> set[str]:
    """Every prefix a service has, active or not (a new one avoids them all, so that an old
    service can come back with its own)."""
    return {prefix for (prefix,) in Service.select(Service.prefix).tuples()}


def first_free_prefix(taken: set[str]) -> str:
    """The first prefix not in `taken`: A … Z, AA … ZZ, AAA … (up to four letters)."""
    for length in range(1, 5):
        for letters in itertools.product(ascii_uppercase, repeat=length):
            prefix = "".join(letters)
            if prefix not in taken:
                return prefix
    raise Conflict("every prefix of up to four letters is taken", code="no_free_prefix")


def next_position() -> int:
    """The place after every service's."""
    last = Service.select(fn.MAX(Service.position)).scalar()
    return 0 if last is None else last + 1


def _checked(fields: Mapping) -> dict:
    """The fields as ServiceFields checks them, every field present."""
    values = parse(ServiceFields, dict(fields), what="the service").model_dump()
    return {name: values[name] for name in FIELDS}


def _require_free(values: dict, *, besides: int | None) -> None:
    """The prefix and the English name are no other active service's."""
    others = Service.select().where(Service.active)
    if besides is not None:
        others = others.where(Service.id != besides)
    name = normalised_name(values["name_en"])
    for other in others:
        if other.prefix == values["prefix"]:
            raise _prefix_taken(values["prefix"], other)
        if normalised_name(other.name_en) == name:
            raise InvalidInput(
                f"name_en: active service {other.prefix} already has this name", code="name_taken", field="name_en"
            )


def _prefix_taken(prefix: str, other: Service | None = None) -> InvalidInput:
    whose = f" by {other.name_en}" if other is not None else ""
    return InvalidInput(
        f"prefix: {prefix} is taken{whose}; two active services cannot share a prefix",
        code="prefix_taken",
        field="prefix",
    )
