"""Socket.IO namespace /display: what waiting-room TVs receive.

On connect: `snapshot` {"calls": [latest 10 calls, newest first], "waiting": {"<service_id>": n},
"follow": {...}}. Then `called` for every call and recall, and `waiting` whenever the counts
change; both go out only after the change has committed. A display may follow part of the
office with `?counters=1,2` and/or `?services=3,4` on its connection: at most FILTER_IDS_MAX
(100) ids each, or the connection is refused ("at most 100 ids in ?counters=").

A display the administrator named connects with `?display=<name>` instead: it follows what the
database says that display shows (an unknown name or a display out of use is refused), its
snapshot carries its settings ("display": {name, counter_ids, service_ids, languages, active}),
and when an administrator changes it, its TVs get `reconfigured` {"name": its name now} and
load their page again (a TV that was disconnected then sees the new settings in its next
snapshot).
"""

from flask import request
from flask_socketio import ConnectionRefusedError, Namespace, disconnect, emit, join_room

from office import displays, engine
from office.board import CALL_KINDS, Follow, call_dict, recent_calls
from office.coalesce import Coalesced
from office.db import database
from office.limits import FILTER_IDS_MAX, MAX_ID

NAMESPACE = "/display"
EVERYONE = "all"

# Events after which the number of people waiting has changed.
WAITING_CHANGES = ("issued", "called", "cancelled", "transferred")


def follow_from_args(args) -> Follow:
    """`?counters=1,2&services=3` -> Follow; anything unparsable is ignored, not fatal. More
    than FILTER_IDS_MAX ids is refused: each is a room joined and a filter applied to every
    snapshot (1,500 of them, asked for again and again, stalled every other client)."""
    return Follow(
        counter_ids=_ids(args.get("counters"), "counters"), service_ids=_ids(args.get("services"), "services")
    )


def _ids(text: str | None, name: str) -> frozenset[int]:
    # A digit string longer than MAX_ID's is no id either: 11 characters per id is generous.
    if text and (len(text) > FILTER_IDS_MAX * 11 or text.count(",") >= FILTER_IDS_MAX):
        raise ConnectionRefusedError(f"at most {FILTER_IDS_MAX} ids in ?{name}=")
    ids = set()
    for part in (text or "").split(","):
        part = part.strip()
        if part.isdigit() and 0 < int(part) <= MAX_ID:
            ids.add(int(part))
    return frozenset(ids)


def display_room(name: str) -> str:
    return f"display:{name}"


def follow_for(args) -> tuple[Follow, list[str], dict | None]:
    """What a connection follows, the rooms it joins, and a named display's settings."""
    name = args.get("display")
    if name is None:
        follow = follow_from_args(args)
        return follow, rooms_for(follow), None
    row = displays.display_named(name)
    if row is None or not row.active:
        raise ConnectionRefusedError(f"no display in use named {name[:40]}")
    follow = displays.follow_of(row)
    return follow, [*rooms_for(follow), display_room(row.name)], displays.snapshot(row)


def rooms_for(follow: Follow) -> list[str]:
    if follow.everything:
        return [EVERYONE]
    return [f"counter:{c}" for c in sorted(follow.counter_ids)] + [f"service:{s}" for s in sorted(follow.service_ids)]


def snapshot(follow: Follow) -> dict:
    """Everything a display needs to draw itself from nothing."""
    waiting = engine.waiting_counts()
    shown = follow.waiting_service_ids()
    if shown is not None:
        waiting = {sid: n for sid, n in waiting.items() if sid in shown}
    return {
        "calls": recent_calls(follow),
        "waiting": {str(sid): n for sid, n in waiting.items()},
        "follow": {
            "counter_ids": sorted(follow.counter_ids),
            "service_ids": sorted(follow.service_ids),
            "waiting_service_ids": shown,
        },
    }


class DisplayNamespace(Namespace):
    def on_connect(self, auth=None):
        with database.connection_context():
            follow, rooms, settings = follow_for(request.args)
            data = snapshot(follow)
        if settings is not None:
            data["display"] = settings
        for room in rooms:
            join_room(room)
        emit("snapshot", data)

    def on_snapshot(self, _data=None):
        """A display may ask again (e.g. after its tab was asleep)."""
        try:
            self.on_connect()
        except ConnectionRefusedError:
            disconnect()  # its named display is gone meanwhile: reconnecting tells it why


def announcer(app, socketio):
    """The after-commit subscriber that tells the displays: calls at once, counts shortly."""

    def send_waiting() -> None:
        counts = {str(sid): n for sid, n in engine.waiting_counts().items()}
        socketio.emit("waiting", counts, namespace=NAMESPACE)

    waiting = Coalesced.on(socketio, app.config["DISPLAY_WAITING_DELAY_S"], send_waiting)

    def on_event(event) -> None:
        if event.kind in CALL_KINDS:
            rooms = [EVERYONE, f"counter:{event.counter_id}", f"service:{event.service_id}"]
            socketio.emit("called", call_dict(event), namespace=NAMESPACE, to=rooms)
        if event.kind in WAITING_CHANGES:
            waiting.request()
        if event.kind == "display_changed":
            # Its TVs (under its old name too, if renamed) load their page with the new settings.
            details = event.details or {}
            renamed = (details.get("changes") or {}).get("name") or {}
            names = {details.get("name"), renamed.get("before")} - {None}
            rooms = [display_room(name) for name in sorted(names)]
            socketio.emit("reconfigured", {"name": details.get("name")}, namespace=NAMESPACE, to=rooms)

    return on_event
