"""The history of the administration's changes: the Event rows of office.changes.CHANGE_KINDS,
newest first, a page at a time, each with who, when, what and before -> after.

Most are written by office.changes.record_change (details: what, id, name, changes). Two kinds
read differently: "user_disabled", whose actor is the disabled user (so that its sockets
close) and whose details.by is who disabled it; and the kiosk events of office/kiosks.py
({"kiosk": name, …}), whose other details are shown as what the kiosk became.
"""

from zoneinfo import ZoneInfo

from office.changes import CHANGE_KINDS
from office.clock import iso_utc
from office.models import Event, User

_CHANGE_KEYS = ("what", "id", "name", "changes", "by")


def history(*, zone: ZoneInfo, limit: int = 50, before: int | None = None, kind: str | None = None):
    """(entries, next_before): up to `limit` changes older than entry `before` (all when
    None), of one `kind` or of every kind of change, newest first; next_before is the id to
    pass as `before` for the next page, None when there is none. Each entry is a dict: id, at,
    at_local (office time), kind, who (username or None), what, subject_id, name, changes
    ([{field, before, after}]), notes (the other details)."""
    kinds = (kind,) if kind else CHANGE_KINDS
    query = Event.select().where(Event.kind.in_(kinds))
    if before is not None:
        query = query.where(Event.id < before)
    rows = list(query.order_by(Event.id.desc()).limit(limit + 1))
    more = len(rows) > limit
    rows = rows[:limit]
    # Who made each change, and whom a disabling was about (older user_disabled rows name
    # their user only as the actor).
    names = _usernames(({_who_id(row) for row in rows} | {row.actor_id for row in rows}) - {None})
    entries = [_entry(row, names, zone) for row in rows]
    return entries, (rows[-1].id if more and rows else None)


def _who_id(event: Event) -> int | None:
    """Who made the change: the actor, except for a disabled user (details.by)."""
    if event.kind == "user_disabled":
        by = (event.details or {}).get("by")
        return by if isinstance(by, int) else None
    return event.actor_id


def _usernames(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return dict(User.select(User.id, User.username).where(User.id.in_(ids)).tuples())


def _entry(event: Event, names: dict[int, str], zone: ZoneInfo) -> dict:
    details = dict(event.details or {})
    if "what" in details:
        what, subject_id, name = details.get("what"), details.get("id"), details.get("name")
        changes = details.get("changes") or {}
        notes = {key: value for key, value in details.items() if key not in _CHANGE_KEYS}
    elif "kiosk" in details:  # office/kiosks.py's own events: {"kiosk": name, what it became}
        what, subject_id, name = "kiosk", None, details.pop("kiosk")
        changes = {key: {"before": None, "after": value} for key, value in details.items()}
        notes = {}
    elif event.kind == "user_disabled":  # written before disabling was a change like the others
        what, subject_id, name = "user", event.actor_id, names.get(event.actor_id)
        changes = {"active": {"before": True, "after": False}}
        notes = {key: value for key, value in details.items() if key not in _CHANGE_KEYS}
    else:
        what, subject_id, name = event.kind.split("_", 1)[0], None, None
        changes, notes = {}, details
    who = _who_id(event)
    return {
        "id": event.id,
        "at": iso_utc(event.at),
        "at_local": event.at.astimezone(zone).strftime("%Y-%m-%d %H:%M"),
        "kind": event.kind,
        "who": names.get(who) if who is not None else None,
        "what": str(what),
        "subject_id": subject_id,
        "name": name,
        "changes": [
            {"field": field, "before": change.get("before"), "after": change.get("after")}
            for field, change in sorted(changes.items())
            if isinstance(change, dict)
        ],
        "notes": notes,
    }
