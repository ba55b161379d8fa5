"""Socket.IO namespace /kiosk: what the touch kiosks receive (public, like the page).

/kiosk
    Connect with no parameters.
    On connect: `snapshot` {"waiting": {"<service_id>": n}} (every active service, people
    waiting). Then `waiting` {"<service_id>": n}, the same shape, whenever the counts change
    (after the change has committed; at most every KIOSK_WAITING_DELAY_S seconds, default 0.1).
    The client may send `snapshot` at any time to get the `snapshot` again.
"""

from flask_socketio import Namespace, emit

from office import engine
from office.coalesce import Coalesced
from office.db import database

KIOSK_NAMESPACE = "/kiosk"

# Events after which the number of people waiting has changed.
WAITING_CHANGES = frozenset({"issued", "called", "cancelled", "transferred"})


def waiting_counts() -> dict[str, int]:
    return {str(sid): n for sid, n in engine.waiting_counts().items()}


class KioskNamespace(Namespace):
    def on_connect(self, auth=None):
        with database.connection_context():
            emit("snapshot", {"waiting": waiting_counts()})

    def on_snapshot(self, _data=None):
        self.on_connect()


def kiosk_notifier(app, socketio):
    """The after-commit subscriber that keeps the kiosks' waiting counts live."""

    def send_waiting() -> None:
        socketio.emit("waiting", waiting_counts(), namespace=KIOSK_NAMESPACE)

    waiting = Coalesced.on(socketio, app.config["KIOSK_WAITING_DELAY_S"], send_waiting)

    def on_event(event) -> None:
        if event.kind in WAITING_CHANGES:
            waiting.request()

    return on_event
