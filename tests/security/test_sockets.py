"""The attacker's side of the live channels: a real `onewindow serve` and real python-socketio
clients. A filter of thousands of ids is refused at connect; a flood of `snapshot` requests on
one socket is cut off (an `error` per refused request, then the socket is closed) while another
client's ticket is answered promptly; logging out closes that user's /counter sockets."""

import queue
import threading
import time

import pytest
import requests
import socketio

from office.limits import FILTER_IDS_MAX, SOCKET_EVENTS_BURST
from tests.e2e.test_counter_namespace import StaffPage

pytestmark = pytest.mark.e2e

WAIT_S = 5
FLOOD = 500


class Refused(Exception):
    """The server refused the connection; args[0] is what it said (`connect_error`)."""


class Client:
    """One Socket.IO connection to a namespace, recording what it receives and when it closes."""

    def __init__(self, url: str, namespace: str, cookie: str | None = None):
        self.namespace = namespace
        self.received: queue.Queue = queue.Queue()
        self.closed = threading.Event()
        self.sio = socketio.Client(reconnection=False)
        for name in ("snapshot", "status", "error", "changed", "waiting", "called"):
            self.sio.on(name, self._recorder(name), namespace=namespace)
        self.sio.on("disconnect", lambda *_: self.closed.set(), namespace=namespace)
        self.sio.on("connect_error", lambda data=None: self.received.put(("connect_error", data)), namespace=namespace)
        headers = {"Cookie": cookie} if cookie else {}
        try:
            self.sio.connect(url, headers=headers, namespaces=[namespace], wait_timeout=WAIT_S)
        except socketio.exceptions.ConnectionError as refused:
            raise Refused(self.next("connect_error")) from refused

    def _recorder(self, name):
        return lambda data=None: self.received.put((name, data))

    def next(self, name: str, timeout: float = WAIT_S):
        while True:
            kind, data = self.received.get(timeout=timeout)
            if kind == name:
                return data

    def drain(self) -> list[tuple[str, object]]:
        items = []
        while True:
            try:
                items.append(self.received.get_nowait())
            except queue.Empty:
                return items

    def close(self):
        self.sio.disconnect()


@pytest.fixture
def clients():
    opened: list[Client] = []

    def _open(url: str, namespace: str, cookie: str | None = None) -> Client:
        opened.append(Client(url, namespace, cookie))
        return opened[-1]

    yield _open
    for client in opened:
        client.close()


def _ids(n: int) -> str:
    return ",".join(str(i) for i in range(1, n + 1))


@pytest.mark.parametrize("parameter", ["counters", "services"])
def test_a_display_filter_of_1500_ids_is_refused_with_a_clear_error(server, clients, parameter):
    with pytest.raises(Refused) as refused:
        clients(f"{server.url}?{parameter}={_ids(1500)}", "/display")
    assert refused.value.args[0] == {"message": f"at most {FILTER_IDS_MAX} ids in ?{parameter}="}
    # The largest filter allowed still connects.
    display = clients(f"{server.url}?{parameter}={_ids(FILTER_IDS_MAX)}", "/display")
    assert display.next("snapshot")["follow"]


def _ticket_latency(server) -> float:
    started = time.perf_counter()
    response = requests.post(f"{server.api}/tickets", json={"service_id": 1}, timeout=60)
    assert response.status_code == 201, response.text
    return time.perf_counter() - started


def test_a_snapshot_flood_is_rate_limited_while_a_ticket_is_answered_promptly(server, clients):
    quiet = min(_ticket_latency(server) for _ in range(3))
    flooder = clients(f"{server.url}?counters={_ids(FILTER_IDS_MAX)}", "/display")
    flooder.next("snapshot")
    for _ in range(FLOOD):
        flooder.sio.emit("snapshot", namespace="/display")
    under_flood = _ticket_latency(server)
    print(f"\nticket latency: {quiet * 1000:.0f} ms quiet, {under_flood * 1000:.0f} ms under {FLOOD} snapshots")

    assert flooder.closed.wait(WAIT_S), "a socket that keeps flooding is disconnected"
    got = flooder.drain()
    snapshots = [data for kind, data in got if kind == "snapshot"]
    errors = [data for kind, data in got if kind == "error"]
    assert len(snapshots) <= SOCKET_EVENTS_BURST + 2, f"{len(snapshots)} of {FLOOD} snapshots were answered"
    assert errors and errors[0]["code"] == "rate_limited"
    assert under_flood < 2.0  # generous: unlimited, 1,500 ids and 500 snapshots stalled it 8.7 s


@pytest.mark.parametrize("namespace", ["/kiosk", "/counter", "/ticket"])
def test_every_namespace_rate_limits_snapshot_requests(server, clients, namespace):
    url, cookie = server.url, None
    if namespace == "/counter":
        cookie = StaffPage(server, "officer1").cookie_header
    if namespace == "/ticket":
        url = f"{server.url}?token={server.take(1)['token']}"
    client = clients(url, namespace, cookie)
    first = "status" if namespace == "/ticket" else "snapshot"
    client.next(first)
    for _ in range(SOCKET_EVENTS_BURST * 3):
        client.sio.emit("snapshot", namespace=namespace)
    assert client.next("error")["code"] == "rate_limited"
    time.sleep(0.5)
    answered = [kind for kind, _ in client.drain() if kind == first]
    assert len(answered) <= SOCKET_EVENTS_BURST + 1


def test_a_logged_out_officers_counter_socket_is_disconnected_within_a_second(server, clients):
    officer = StaffPage(server, "officer1")
    screen = clients(server.url, "/counter", officer.cookie_header)
    screen.next("snapshot")
    logged_out = time.monotonic()
    officer.log_out()
    assert screen.closed.wait(1.0), "the logged-out officer's socket is still open"
    print(f"\n/counter socket closed {(time.monotonic() - logged_out) * 1000:.0f} ms after logging out")
