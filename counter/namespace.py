"""Socket.IO namespace /counter: what counter screens and the supervisor's view receive.

Logged-in staff only: the connection carries the page's session cookie, and one without a
logged-in user is refused. On connect: `snapshot` {"counters": [counter states, as GET
/api/v1/counters/<id> gives them], "waiting": {"<service_id>": n}}. Then, after every committed
change, `changed` {"kind", "counter_id", "ticket_id", "service_id"} (a screen re-reads what
it shows), and `waiting` counts at most every COUNTER_WAITING_DELAY_S seconds.
"""

from flask import current_app
from flask_login import current_user
from flask_socketio import Namespace, disconnect, emit

from counter.api import counter_json
from office import engine
from office.coalesce import Coalesced
from office.db import database
from office.models import Counter

NAMESPACE = "/counter"
WAITING_DELAY_S = 0.2

# Events after which the number of people waiting has changed.
WAITING_CHANGES = frozenset({"issued", "called", "cancelled", "transferred"})
# Printing is the kiosk's business: no counter screen shows it.
NOT_FOR_COUNTERS = frozenset({"printed", "print_failed"})


def waiting_counts() -> dict[str, int]:
    return {str(sid): n for sid, n in engine.waiting_counts().items()}


def snapshot(now) -> dict:
    """Every active counter's state and the waiting counts: a screen draws itself from this."""
    counters = Counter.select().where(Counter.active).order_by(Counter.id)
    return {"counters": [counter_json(c, now) for c in counters], "waiting": waiting_counts()}


def change_dict(event) -> dict:
    return {
        "kind": event.kind,
        "counter_id": event.counter_id,
        "ticket_id": event.ticket_id,
        "service_id": event.service_id,
    }


class CounterNamespace(Namespace):
    def on_connect(self, auth=None):
        data = _snapshot_for_staff()
        if data is None:
            raise ConnectionRefusedError("log in first: /login")
        emit("snapshot", data)

    def on_snapshot(self, _data=None):
        """A screen may ask again (e.g. after its laptop slept)."""
        data = _snapshot_for_staff()
        if data is None:
            disconnect()  # logged out meanwhile: the page goes back to /login
        else:
            emit("snapshot", data)


def _snapshot_for_staff() -> dict | None:
    """The snapshot, if this connection's session belongs to a logged-in staff member."""
    # Socket.IO handlers run outside the request hooks that open the database.
    with database.connection_context():
        if not current_user.is_authenticated:
            return None
        return snapshot(current_app.config["CLOCK"]())


def notifier(app, socketio):
    """The after-commit subscriber that tells every counter screen what changed."""

    def send_waiting() -> None:
        socketio.emit("waiting", waiting_counts(), namespace=NAMESPACE)

    waiting = Coalesced(
        app.config.get("COUNTER_WAITING_DELAY_S", WAITING_DELAY_S),
        send_waiting,
        start_task=socketio.start_background_task,
        sleep=socketio.sleep,
    )

    def on_event(event) -> None:
        if event.kind in NOT_FOR_COUNTERS:
            return
        socketio.emit("changed", change_dict(event), namespace=NAMESPACE)
        if event.kind in WAITING_CHANGES:
            waiting.request()

    return on_event
