"""The /display namespace with a real python-socketio client against the running server."""

import queue

import pytest
import requests
import socketio

from tests.e2e.conftest import bearer

pytestmark = pytest.mark.e2e

WAIT_S = 5


class Display:
    """A TV as the server sees it: a Socket.IO client on /display recording what it receives."""

    def __init__(self, url: str, query: str = ""):
        self.received: queue.Queue = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        for name in ("snapshot", "called", "waiting"):
            self.client.on(name, self._recorder(name), namespace="/display")
        self.client.connect(url + (f"?{query}" if query else ""), namespaces=["/display"], wait_timeout=WAIT_S)

    def _recorder(self, name):
        return lambda data: self.received.put((name, data))

    def next(self, name: str, timeout: float = WAIT_S):
        """The next message called `name`, skipping others."""
        while True:
            kind, data = self.received.get(timeout=timeout)
            if kind == name:
                return data

    def close(self):
        self.client.disconnect()


@pytest.fixture
def display(server):
    opened = []

    def _open(query: str = "") -> Display:
        opened.append(Display(server.url, query))
        return opened[-1]

    yield _open
    for d in opened:
        d.close()


def post(server, path: str, token: str) -> dict:
    response = requests.post(f"{server.api}{path}", headers=bearer(token), timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["ticket"]


def test_a_display_gets_a_snapshot_on_connect(server, display):
    server.take(1)
    server.take(1)
    snapshot = display().next("snapshot")
    assert snapshot["calls"] == []
    assert snapshot["waiting"]["1"] == 2
    assert snapshot["waiting"]["2"] == 0


def test_a_call_reaches_the_display_with_number_and_counter(server, display):
    tv = display()
    tv.next("snapshot")
    ticket = server.take(1)
    assert tv.next("waiting")["1"] == 1
    token = server.login("officer1")
    called = post(server, "/counters/1/next", token)
    call = tv.next("called")
    assert call["ticket_id"] == ticket["id"]
    assert call["number"] == "A001"
    assert (call["counter_id"], call["counter"]) == (1, "Counter 1")
    assert call["service_id"] == 1
    assert call["called_at"] == called["called_at"]
    assert call["recall"] is False
    assert tv.next("waiting")["1"] == 0


def test_a_recall_is_sent_again_marked_as_recall(server, display):
    tv = display()
    server.take(1)
    token = server.login("officer1")
    ticket = post(server, "/counters/1/next", token)
    assert tv.next("called")["recall"] is False
    post(server, f"/tickets/{ticket['id']}/recall", token)
    again = tv.next("called")
    assert (again["ticket_id"], again["recall"]) == (ticket["id"], True)


def test_a_display_following_some_counters_gets_only_their_calls(server, display):
    counter_one = display("counters=1")
    counter_three = display("counters=3")
    services = display("services=13")  # a transport service, served at counter 3
    assert counter_three.next("snapshot")["follow"]["counter_ids"] == [3]
    server.take(1)
    transport = server.take(13)
    post(server, "/counters/1/next", server.login("officer1"))
    post(server, "/counters/3/next", server.login("officer3"))
    assert counter_one.next("called")["counter_id"] == 1
    # The call at counter 1 went out first: had it been sent here, it would come first.
    assert counter_three.next("called")["counter_id"] == 3
    assert services.next("called")["ticket_id"] == transport["id"]


def test_the_snapshot_holds_the_latest_ten_calls_newest_first_whatever_became_of_them(server, display):
    token = server.login("officer1")
    numbers = []
    for _ in range(12):
        ticket = server.take(1)
        post(server, "/counters/1/next", token)
        post(server, f"/tickets/{ticket['id']}/start", token)
        post(server, f"/tickets/{ticket['id']}/finish", token)
        numbers.append(ticket["number"])
    calls = display().next("snapshot")["calls"]
    assert [c["number"] for c in calls] == list(reversed(numbers))[:10]


def test_a_filtered_snapshot_shows_its_calls_and_queues_only(server, display):
    server.take(1)
    server.take(13)
    post(server, "/counters/1/next", server.login("officer1"))
    post(server, "/counters/3/next", server.login("officer3"))
    snapshot = display("counters=3").next("snapshot")
    assert [c["counter_id"] for c in snapshot["calls"]] == [3]
    counter_three_services = {
        sid
        for c in requests.get(f"{server.api}/counters", timeout=5).json()["counters"]
        if c["id"] == 3
        for sid in c["service_ids"]
    }
    assert {int(s) for s in snapshot["waiting"]} == counter_three_services


def test_after_a_server_restart_a_display_sees_the_last_calls_again(server, display):
    server.take(1)
    ticket = post(server, "/counters/1/next", server.login("officer1"))
    server.kill()
    server.restart()
    calls = display().next("snapshot")["calls"]
    assert [(c["ticket_id"], c["counter_id"]) for c in calls] == [(ticket["id"], 1)]
