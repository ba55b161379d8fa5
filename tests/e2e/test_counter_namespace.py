"""The /counter namespace with a real python-socketio client against the running server: staff
pages only (the session cookie of a logged-in page), a snapshot on connect, then `changed`
after every committed change and coalesced `waiting` counts; a counter's screen
(`?counter=<id>`) only those of its counter and its services."""

import queue
import re

import pytest
import requests
import socketio

from tests.e2e.conftest import DEMO_PASSWORD, bearer

pytestmark = pytest.mark.e2e

WAIT_S = 5
CSRF_FIELD = re.compile(r'name="csrf_token" type="hidden" value="([^"]+)"')
CSRF_META = re.compile(r'name="csrf-token" content="([^"]+)"')


class StaffPage:
    """A browser's staff session as the server sees it: the login form, then the cookie."""

    def __init__(self, server, username: str):
        self.server = server
        self.http = requests.Session()
        form = self.http.get(f"{server.url}/login", timeout=10)
        token = CSRF_FIELD.search(form.text).group(1)
        response = self.http.post(
            f"{server.url}/login",
            data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token},
            allow_redirects=False,
            timeout=10,
        )
        assert response.status_code == 302, response.text
        self.csrf = CSRF_META.search(self.http.get(f"{server.url}/counter", timeout=10).text).group(1)

    @property
    def cookie_header(self) -> str:
        return "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)

    def post(self, path: str, **kwargs) -> requests.Response:
        headers = {"X-CSRFToken": self.csrf}
        return self.http.post(f"{self.server.api}{path}", headers=headers, timeout=10, **kwargs)

    def log_out(self) -> None:
        response = self.http.post(f"{self.server.url}/logout", data={"csrf_token": self.csrf}, timeout=10)
        assert response.status_code == 200 and "/login" in response.url


class Screen:
    """A counter screen's Socket.IO connection to /counter, recording what it receives."""

    def __init__(self, url: str, cookie: str | None = None):
        self.received: queue.Queue = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        for name in ("snapshot", "changed", "waiting"):
            self.client.on(name, self._recorder(name), namespace="/counter")
        headers = {"Cookie": cookie} if cookie else {}
        self.client.connect(url, headers=headers, namespaces=["/counter"], wait_timeout=WAIT_S)

    def _recorder(self, name):
        return lambda data: self.received.put((name, data))

    def next(self, name: str, timeout: float = WAIT_S, **matching):
        """The next message called `name` (whose fields have the values in `matching`)."""
        while True:
            kind, data = self.received.get(timeout=timeout)
            if kind == name and all(data.get(k) == v for k, v in matching.items()):
                return data

    def close(self):
        self.client.disconnect()


@pytest.fixture
def screens(server):
    opened = []

    def _open(cookie: str | None = None, counter=None) -> Screen:
        opened.append(Screen(server.url + (f"?counter={counter}" if counter is not None else ""), cookie))
        return opened[-1]

    yield _open
    for screen in opened:
        screen.close()


def test_a_connection_without_a_logged_in_session_is_refused(server, screens):
    with pytest.raises(socketio.exceptions.ConnectionError):
        screens()
    with pytest.raises(socketio.exceptions.ConnectionError):
        screens("session=forged.cookie.value")
    # Nor does a bearer token open it: the pages use their session.
    with pytest.raises(socketio.exceptions.ConnectionError):
        Screen(f"{server.url}?token={server.login('officer1')}")


def test_a_logged_in_page_gets_a_snapshot_then_every_change(server, screens):
    waiting = server.take(1)
    officer = StaffPage(server, "officer1")
    screen = screens(officer.cookie_header)

    snapshot = screen.next("snapshot")
    assert [c["id"] for c in snapshot["counters"]] == [1, 2, 3, 4]
    first = snapshot["counters"][0]
    assert (first["name"], first["paused"], first["current"]) == ("Counter 1", False, None)
    assert 1 in first["service_ids"]
    assert snapshot["waiting"]["1"] == 1 and snapshot["waiting"]["2"] == 0

    called = officer.post("/counters/1/next")
    assert called.status_code == 200
    change = screen.next("changed", kind="called")
    assert change == {"kind": "called", "counter_id": 1, "ticket_id": waiting["id"], "service_id": 1}
    assert screen.next("waiting")["1"] == 0

    issued = server.take(2)
    assert screen.next("changed", kind="issued") == {
        "kind": "issued",
        "counter_id": None,
        "ticket_id": issued["id"],
        "service_id": 2,
    }
    assert screen.next("waiting")["2"] == 1

    officer.post("/counters/1/pause")
    assert screen.next("changed", kind="paused")["counter_id"] == 1


def test_waiting_counts_are_coalesced_in_a_rush(server, screens):
    screen = screens(StaffPage(server, "supervisor").cookie_header)
    screen.next("snapshot")
    for _ in range(20):
        server.take(3)
    changes = [screen.next("changed", kind="issued") for _ in range(20)]
    assert len({c["ticket_id"] for c in changes}) == 20
    counts = []
    while not counts or counts[-1]["3"] < 20:
        counts.append(screen.next("waiting"))
    assert len(counts) < 20  # a few messages, not one per ticket
    assert counts[-1]["3"] == 20


def test_a_change_made_with_a_bearer_token_reaches_the_pages_too(server, screens):
    screen = screens(StaffPage(server, "officer2").cookie_header)
    screen.next("snapshot")
    ticket = server.take(1)
    token = server.login("officer2")
    requests.post(f"{server.api}/counters/2/next", headers=bearer(token), timeout=10)
    requests.post(f"{server.api}/tickets/{ticket['id']}/start", headers=bearer(token), timeout=10)
    assert screen.next("changed", kind="started") == {
        "kind": "started",
        "counter_id": 2,
        "ticket_id": ticket["id"],
        "service_id": 1,
    }


def test_after_logging_out_the_cookie_no_longer_connects(server, screens):
    page = StaffPage(server, "officer1")
    old_cookie = page.cookie_header
    screens(old_cookie).next("snapshot")
    page.log_out()
    with pytest.raises(socketio.exceptions.ConnectionError):
        screens(page.cookie_header)


def test_a_counter_screen_hears_only_its_counter_and_its_services(server, screens):
    """Counter 1 serves services 1-7; counter 3 serves 13-19 and shares none with it."""
    officer = StaffPage(server, "officer1")
    mine = screens(officer.cookie_header, counter=1)
    everything = screens(StaffPage(server, "supervisor").cookie_header)
    snapshot = mine.next("snapshot")
    assert [c["id"] for c in snapshot["counters"]] == [1]
    assert set(snapshot["waiting"]) == {str(s) for s in range(1, 8)}
    everything.next("snapshot")

    server.take(13)
    token3 = server.login("officer3")
    requests.post(f"{server.api}/counters/3/next", headers=bearer(token3), timeout=10)
    requests.post(f"{server.api}/counters/3/pause", headers=bearer(token3), timeout=10)
    ours = server.take(2)
    # The supervisor hears it all, in order (officer3's first call signs them in at counter 3)...
    kinds = [everything.next("changed")["kind"] for _ in range(5)]
    assert kinds == ["issued", "signed_in", "called", "paused", "issued"]
    # ...counter 1 only its own: its first news is the ticket of its service 2.
    assert mine.next("changed") == {"kind": "issued", "counter_id": None, "ticket_id": ours["id"], "service_id": 2}
    counts = mine.next("waiting")
    assert "13" not in counts and set(counts) <= {str(s) for s in range(1, 8)}

    # Counter 2 calls a ticket of service 2, which counter 1 serves too: it hears that.
    requests.post(f"{server.api}/counters/2/next", headers=bearer(server.login("officer2")), timeout=10)
    assert mine.next("changed", kind="called") == {
        "kind": "called",
        "counter_id": 2,
        "ticket_id": ours["id"],
        "service_id": 2,
    }

    # The supervisor gives counter 1 a service of counter 3: it is told, and counts it.
    supervisor = server.login("supervisor")
    response = requests.put(
        f"{server.api}/counters/1/services", json={"service_ids": [1, 13]}, headers=bearer(supervisor), timeout=10
    )
    assert response.status_code == 200, response.text
    assert mine.next("changed") == {"kind": "services_changed", "counter_id": 1, "ticket_id": None, "service_id": None}
    while set(mine.next("waiting")) != {"1", "13"}:  # counts sent before the change may come first
        pass


def test_an_unknown_counter_is_refused(server, screens):
    cookie = StaffPage(server, "officer1").cookie_header
    for counter in ("99", "abc", "0"):
        with pytest.raises(socketio.exceptions.ConnectionError):
            screens(cookie, counter=counter)
