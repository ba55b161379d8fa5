"""The office's named waiting-room TVs (the administrator's): which counters' calls and which
services' queues each shows, and the languages it speaks calls in.

A TV opens /display?name=<name> and takes all of that from here; the filter means what the
old /display?counters=…&services=… query means (office/board.py Follow: empty lists show
the whole office; with both, a call of either shows). No languages: the office's
(ONEWINDOW_ANNOUNCE_LANGUAGES).

Every change is one transaction with its Event (display_added, display_changed), published
after the commit: the /display namespace then tells that TV to load its settings again.
"""

import re
from urllib.parse import quote

from peewee import IntegrityError

from office.board import Follow
from office.changes import record_change
from office.clock import Clock
from office.db import database
from office.errors import InvalidInput, NotFound
from office.events import EventBus
from office.limits import FILTER_IDS_MAX, KIOSK_NAME_PATTERN
from office.models import Counter, Display, Service

# The languages a TV can write and speak calls in (display/voices.py has their clips).
DISPLAY_LANGUAGES = ("km", "en")
# A display's name goes into the address typed on the TV: a kiosk name's characters.
NAME_PATTERN = KIOSK_NAME_PATTERN


def displays() -> list[Display]:
    """Every named display, in use or not, by name."""
    return list(Display.select().order_by(Display.name))


def display(display_id: int) -> Display:
    """The display with this id; NotFound otherwise."""
    found = Display.get_or_none(Display.id == display_id)
    if found is None:
        raise NotFound(f"no display {display_id}", code="display_not_found")
    return found


def display_named(name: str | None) -> Display | None:
    """The display a TV names in its address, in use or not; None if there is none."""
    if not isinstance(name, str) or not re.fullmatch(NAME_PATTERN, name):
        return None
    return Display.get_or_none(Display.name == name)


def languages_of(row: Display) -> list[str]:
    """ "km,en" -> ["km", "en"]; [] for the office's languages."""
    return [lang for lang in (row.languages or "").split(",") if lang]


def follow_of(row: Display) -> Follow:
    """What the display shows, as the board filters calls and queues."""
    return Follow(counter_ids=frozenset(row.counter_ids or ()), service_ids=frozenset(row.service_ids or ()))


def tv_path(name: str) -> str:
    """The address a TV opens to be this display (after the server's own)."""
    return "/display?name=" + quote(name, safe="")


def snapshot(row: Display) -> dict:
    """A display's settings as the history keeps them (before -> after)."""
    return {
        "name": row.name,
        "counter_ids": sorted(row.counter_ids or ()),
        "service_ids": sorted(row.service_ids or ()),
        "languages": languages_of(row),
        "active": row.active,
    }


def add_display(
    name: str,
    *,
    counter_ids: list[int] = (),
    service_ids: list[int] = (),
    languages: list[str] = (),
    active: bool = True,
    actor_id: int | None,
    clock: Clock,
    bus: EventBus,
) -> Display:
    """Name a new TV and what it shows."""
    try:
        with database.atomic():
            row = Display.create(
                name=_free_name(name),
                counter_ids=_existing(Counter, counter_ids, "counter_ids"),
                service_ids=_existing(Service, service_ids, "service_ids"),
                languages=",".join(_languages(languages)),
                active=bool(active),
            )
            event = record_change(
                "display_added",
                actor_id=actor_id,
                subject=("display", row.id, row.name),
                before=None,
                after=snapshot(row),
                at=clock(),
            )
    except IntegrityError:  # another admin took the name at this very moment
        raise _name_taken(name) from None
    bus.publish(event)
    return row


def change_display(
    display_id: int,
    *,
    name: str | None = None,
    counter_ids: list[int] | None = None,
    service_ids: list[int] | None = None,
    languages: list[str] | None = None,
    active: bool | None = None,
    actor_id: int | None,
    clock: Clock,
    bus: EventBus,
) -> Display:
    """Change what a display is called, shows or speaks (None: unchanged). Nothing changed,
    nothing recorded."""
    try:
        with database.atomic():
            row = display(display_id)
            before = snapshot(row)
            if name is not None:
                row.name = _free_name(name, besides=row.id)
            if counter_ids is not None:
                row.counter_ids = _existing(Counter, counter_ids, "counter_ids")
            if service_ids is not None:
                row.service_ids = _existing(Service, service_ids, "service_ids")
            if languages is not None:
                row.languages = ",".join(_languages(languages))
            if active is not None:
                row.active = bool(active)
            after = snapshot(row)
            if after == before:
                return row
            row.save()
            event = record_change(
                "display_changed",
                actor_id=actor_id,
                subject=("display", row.id, row.name),
                before=before,
                after=after,
                at=clock(),
            )
    except IntegrityError:
        raise _name_taken(name) from None
    bus.publish(event)
    return row


def _free_name(name: str, *, besides: int | None = None) -> str:
    if not isinstance(name, str) or not re.fullmatch(NAME_PATTERN, name):
        raise InvalidInput(
            "name: 1 to 40 letters, digits, '.', '_' or '-' (it goes into the TV's address)", field="name"
        )
    other = Display.get_or_none(Display.name == name)
    if other is not None and other.id != besides:
        raise _name_taken(name)
    return name


def _name_taken(name) -> InvalidInput:
    return InvalidInput(f"name: there is already a display named {name!r}", code="name_taken", field="name")


def _existing(model, ids, field: str) -> list[int]:
    """The ids, sorted and each once, if each is a row of `model` (at most FILTER_IDS_MAX)."""
    wanted = sorted(set(ids))
    if len(wanted) > FILTER_IDS_MAX:
        raise InvalidInput(f"{field}: at most {FILTER_IDS_MAX}", field=field)
    found = {rid for (rid,) in model.select(model.id).where(model.id.in_(wanted)).tuples()}
    missing = [rid for rid in wanted if rid not in found]
    if missing:
        what = "counter" if model is Counter else "service"
        raise InvalidInput(f"{field}: no {what} {', '.join(map(str, missing))}", field=field)
    return wanted


def _languages(languages) -> list[str]:
    """In the order given, each once, each one a TV has."""
    chosen = []
    for lang in languages:
        if lang not in DISPLAY_LANGUAGES:
            raise InvalidInput(f"languages: {lang!r} is not one of {', '.join(DISPLAY_LANGUAGES)}", field="languages")
        if lang not in chosen:
            chosen.append(lang)
    return chosen
