"""Socket.IO namespace /counter: what counter screens and the supervisor's view receive.

Logged-in staff only: the connection carries the page's session cookie, and one without a
logged-in user is refused ("log in first: /login").

Query parameter `counter=<id>` (optional): the screen of that counter. Without it, the
connection sees the whole office (the supervisor's view). An unknown or inactive counter is
refused ("no active counter <id>").

On connect: `snapshot` {"counters": [counter states, as GET /api/v1/counters/<id> gives
them], "waiting": {"<service_id>": n}}; with `counter`, "counters" holds that counter only and
"waiting" the services it serves.

Then, after every committed change, `changed` {"kind", "counter_id", "ticket_id",
"service_id"} (a screen re-reads what it shows). With `counter`, only changes of that counter
(its calls, its tickets' starts and finishes, its pause/resume, its services changed) and of
tickets of the services it serves (issued, called elsewhere, cancelled, transferred into or out
of them). And `waiting` {"<service_id>": n} at most every COUNTER_WAITING_DELAY_S seconds
(default 0.2) when the counts changed: with `counter`, only the services it serves (as served
when sent). Printing events never come here.

The client may send `snapshot` at any time to get the `snapshot` again (a logged-out session
is disconnected instead); at most 5 at once then 1 a second (onewindow/sockets.py).

A socket lives as long as the page session it was opened with: when its user logs out of the
pages (or POST /api/v1/logout from a page) or is disabled, it is disconnected at once by the
server process that did it (the "logged_out" / "user_disabled" event). Every process also checks
its sockets' sessions every COUNTER_SESSION_CHECK_S seconds (default 1), which covers a logout
on another process sharing the message queue and `onewindow user disable` from the command line.
"""

import logging

from flask import current_app, request
from flask_login import current_user
from flask_socketio import ConnectionRefusedError, Namespace, disconnect, emit, join_room

from counter.api import counter_json
from office import engine
from office.coalesce import Coalesced
from office.counters import services_by_counter
from office.db import connection_if_closed, database
from office.limits import MAX_ID
from office.models import Counter, User

NAMESPACE = "/counter"
EVERYONE = "all"  # the supervisor's view

# Events after which the number of people waiting has changed (for a counter: the services
# it serves, which an administrator's counter_changed may change too).
WAITING_CHANGES = frozenset({"issued", "called", "cancelled", "transferred", "services_changed", "counter_changed"})
# Events after which some staff member's page sessions have ended: close their sockets.
SESSIONS_ENDED = frozenset({"logged_out", "user_disabled"})
# Printing is the kiosk's business: no counter screen shows it; nor accounts' comings and goings.
NOT_FOR_COUNTERS = frozenset({"printed", "print_failed"}) | SESSIONS_ENDED

log = logging.getLogger(__name__)


def waiting_counts() -> dict[str, int]:
    return {str(sid): n for sid, n in engine.waiting_counts().items()}


def counter_room(counter_id: int) -> str:
    return f"counter:{counter_id}"


def counter_from(args) -> int | None:
    """`?counter=3` -> 3; None without it. Anything else is refused."""
    text = args.get("counter")
    if text is None or text == "":
        return None
    if not text.isdigit() or not 0 < int(text) <= MAX_ID:
        raise ConnectionRefusedError(f"no active counter {text[:20]}")
    return int(text)


def snapshot(now, counter_id: int | None = None) -> dict:
    """Counter states and waiting counts (one counter's and its services', with counter_id):
    a screen draws itself from this."""
    counters = Counter.select().where(Counter.active).order_by(Counter.id)
    waiting = waiting_counts()
    if counter_id is not None:
        counters = counters.where(Counter.id == counter_id)
        served = {str(s) for s in services_by_counter().get(counter_id, ())}
        waiting = {sid: n for sid, n in waiting.items() if sid in served}
    return {"counters": [counter_json(c, now) for c in counters], "waiting": waiting}


def change_dict(event) -> dict:
    return {
        "kind": event.kind,
        "counter_id": event.counter_id,
        "ticket_id": event.ticket_id,
        "service_id": event.service_id,
    }


class CounterNamespace(Namespace):
    def __init__(self, namespace, sessions: "OpenSessions"):
        super().__init__(namespace)
        self.sessions = sessions

    def on_connect(self, auth=None):
        counter_id = counter_from(request.args)
        data = _snapshot_for_staff(counter_id)
        if data is None:
            raise ConnectionRefusedError("log in first: /login")
        if counter_id is not None and not data["counters"]:
            raise ConnectionRefusedError(f"no active counter {counter_id}")
        join_room(EVERYONE if counter_id is None else counter_room(counter_id))
        user = current_user.user
        self.sessions.opened(request.sid, user.id, user.session_epoch)
        emit("snapshot", data)

    def on_disconnect(self, _reason=None):
        self.sessions.closed(request.sid)

    def on_snapshot(self, _data=None):
        """A screen may ask again (e.g. after its laptop slept)."""
        data = _snapshot_for_staff(counter_from(request.args))
        if data is None:
            disconnect()  # logged out meanwhile: the page goes back to /login
        else:
            emit("snapshot", data)


def _snapshot_for_staff(counter_id: int | None) -> dict | None:
    """The snapshot, if this connection's session belongs to a logged-in staff member."""
    # Socket.IO handlers run outside the request hooks that open the database.
    with database.connection_context():
        if not current_user.is_authenticated:
            return None
        return snapshot(current_app.config["CLOCK"](), counter_id)


class OpenSessions:
    """Which page session (user id, session epoch) each /counter socket of this process was
    opened with, so that the sockets of an ended session can be closed."""

    def __init__(self, app, socketio):
        self.socketio = socketio
        self.check_s = app.config["COUNTER_SESSION_CHECK_S"]
        self.by_sid: dict[str, tuple[int, int]] = {}
        self.checking = False

    def opened(self, sid: str, user_id: int, epoch: int) -> None:
        self.by_sid[sid] = (user_id, epoch)
        if self.check_s and not self.checking:
            self.checking = True
            self.socketio.start_background_task(self._check_while_open)

    def closed(self, sid: str) -> None:
        self.by_sid.pop(sid, None)

    def on_event(self, event) -> None:
        """The after-commit subscriber: a logout or a disabled account closes its sockets here."""
        if event.kind in SESSIONS_ENDED and event.actor_id is not None:
            self.close_ended({event.actor_id})

    def close_ended(self, user_ids: set[int] | None = None) -> None:
        """Disconnect the sockets (of `user_ids`, or all) whose session has ended: the user
        is disabled, or logged out (their session epoch has moved on). One query."""
        open_now = {sid: s for sid, s in list(self.by_sid.items()) if user_ids is None or s[0] in user_ids}
        if not open_now:
            return
        with connection_if_closed():
            users = User.select(User.id, User.session_epoch).where(
                User.id.in_({user_id for user_id, _ in open_now.values()}) & User.active
            )
            live = {(user.id, user.session_epoch) for user in users}
        for sid, session in open_now.items():
            if session not in live:
                self.by_sid.pop(sid, None)
                self.socketio.server.disconnect(sid, namespace=NAMESPACE)

    def _check_while_open(self) -> None:
        """While any socket is open: sessions ended elsewhere (another process, the CLI)."""
        try:
            while self.by_sid:
                self.socketio.sleep(self.check_s)
                try:
                    self.close_ended()
                except Exception:  # a database hiccup must not end the checking for good
                    log.exception("checking the /counter sockets' sessions failed")
        finally:
            self.checking = False


def rooms_for(event, served: dict[int, set[int]]) -> list[str]:
    """Who hears of an event: the supervisors, its counter, and the counters serving the
    services it touched (a transfer touches the service it left too)."""
    rooms = {EVERYONE}
    if event.counter_id is not None:
        rooms.add(counter_room(event.counter_id))
    services = {event.service_id, (event.details or {}).get("from_service_id")} - {None}
    rooms.update(counter_room(c) for c, theirs in served.items() if theirs & services)
    return sorted(rooms)


def notifier(app, socketio):
    """The after-commit subscriber that tells the counter screens and supervisors what changed."""

    def send_waiting() -> None:
        counts = waiting_counts()
        socketio.emit("waiting", counts, namespace=NAMESPACE, to=EVERYONE)
        for counter_id, served in services_by_counter().items():
            theirs = {sid: n for sid, n in counts.items() if int(sid) in served}
            socketio.emit("waiting", theirs, namespace=NAMESPACE, to=counter_room(counter_id))

    waiting = Coalesced.on(socketio, app.config["COUNTER_WAITING_DELAY_S"], send_waiting)

    def on_event(event) -> None:
        if event.kind in NOT_FOR_COUNTERS:
            return
        rooms = rooms_for(event, services_by_counter())
        socketio.emit("changed", change_dict(event), namespace=NAMESPACE, to=rooms)
        if event.kind in WAITING_CHANGES:
            waiting.request()

    return on_event
