"""The /kiosk namespace with a real python-socketio client against the running server: the
kiosk's waiting counts, a snapshot on connect and then every change."""

import queue

import pytest
import requests
import socketio

from tests.e2e.conftest import bearer

pytestmark = pytest.mark.e2e

WAIT_S = 5


class Kiosk:
    def __init__(self, url: str):
        self.received: queue.Queue = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        for name in ("snapshot", "waiting"):
            self.client.on(name, lambda data, name=name: self.received.put((name, data)), namespace="/kiosk")
        self.client.connect(url, namespaces=["/kiosk"], wait_timeout=WAIT_S)

    def next(self, name: str, timeout: float = WAIT_S) -> dict:
        while True:
            kind, data = self.received.get(timeout=timeout)
            if kind == name:
                return data

    def until(self, condition) -> dict:
        """The first `waiting` whose counts meet `condition` (coalescing may send a few)."""
        while not condition(counts := self.next("waiting")):
            pass
        return counts

    def close(self):
        self.client.disconnect()


@pytest.fixture
def kiosk(server):
    opened = Kiosk(server.url)
    yield opened
    opened.close()


def test_a_kiosk_gets_the_waiting_counts_then_every_change(server, kiosk):
    snapshot = kiosk.next("snapshot")
    services = requests.get(f"{server.api}/services", timeout=10).json()["services"]
    assert snapshot == {"waiting": {str(s["id"]): 0 for s in services}}

    server.take(1)
    server.take(13)
    counts = kiosk.until(lambda c: c["1"] == 1 and c["13"] == 1)
    assert (counts["1"], counts["13"], counts["2"]) == (1, 1, 0)

    token = server.login("officer1")
    response = requests.post(f"{server.api}/counters/1/next", headers=bearer(token), timeout=10)
    assert response.status_code == 200, response.text
    assert kiosk.until(lambda c: c["1"] == 0)["13"] == 1

    kiosk.client.emit("snapshot", namespace="/kiosk")
    assert kiosk.next("snapshot")["waiting"]["13"] == 1
