"""The /ticket namespace (a citizen's status page) with a real python-socketio client against
the running server: the page's own ticket, pushed on connect and on every change of what it
shows, never other tickets' news, and no HTTP request needed after connecting.

The server runs with TICKET_STATUS_DELAY_S=0, so a change's `status` goes out before the
request that made it answers. "Nothing arrived" is proven by a later, expected message
arriving first."""

import queue

import pytest
import requests
import socketio

from tests.e2e.conftest import bearer

pytestmark = pytest.mark.e2e

WAIT_S = 5


@pytest.fixture
def server(start_server):
    return start_server(extra_env={"ONEWINDOW_TICKET_STATUS_DELAY_S": "0"})


class StatusPage:
    """A phone's status page as the server sees it: a Socket.IO client on /ticket."""

    def __init__(self, url: str, token: str, *, in_auth: bool = False):
        self.received: queue.Queue = queue.Queue()
        self.client = socketio.Client(reconnection=False)
        self.client.on("status", self.received.put, namespace="/ticket")
        if in_auth:
            self.client.connect(url, namespaces=["/ticket"], auth={"token": token}, wait_timeout=WAIT_S)
        else:
            self.client.connect(f"{url}?token={token}", namespaces=["/ticket"], wait_timeout=WAIT_S)

    def next(self, timeout: float = WAIT_S) -> dict:
        return self.received.get(timeout=timeout)

    def close(self):
        self.client.disconnect()


@pytest.fixture
def pages(server):
    opened = []

    def _open(token: str, **kwargs) -> StatusPage:
        opened.append(StatusPage(server.url, token, **kwargs))
        return opened[-1]

    yield _open
    for page in opened:
        page.close()


def act(server, path: str, username: str, **kwargs) -> dict:
    response = requests.post(f"{server.api}{path}", headers=bearer(server.login(username)), timeout=10, **kwargs)
    assert response.status_code == 200, response.text
    return response.json()


def status_over_http(server, token: str) -> dict:
    response = requests.get(f"{server.api}/status/{token}", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_on_connect_the_page_gets_exactly_what_the_http_status_answers(server, pages):
    server.take(13)
    ticket = server.take(13)
    status = pages(ticket["token"]).next()
    assert status == status_over_http(server, ticket["token"])
    assert (status["ticket"]["number"], status["ticket"]["ahead"], status["counter"]) == ("M002", 1, None)
    # The token may come in the auth object instead of the query.
    assert pages(ticket["token"], in_auth=True).next() == status


def test_unknown_or_malformed_tokens_are_refused(server, pages):
    for token in ("x" * 22, "short", "not a token at all, with spaces"):
        with pytest.raises(socketio.exceptions.ConnectionError):
            pages(token)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client = socketio.Client(reconnection=False)
        client.connect(server.url, namespaces=["/ticket"], wait_timeout=WAIT_S)


def test_the_page_follows_its_own_ticket_through_its_day(server, pages):
    ticket = server.take(13)
    page = pages(ticket["token"])
    assert page.next()["ticket"]["status"] == "waiting"

    act(server, "/counters/3/next", "officer3")
    called = page.next()
    assert called["ticket"]["status"] == "called"
    assert called["counter"] == {"id": 3, "name": "Counter 3"}
    assert called == status_over_http(server, ticket["token"])

    act(server, f"/tickets/{ticket['id']}/recall", "officer3")
    recalled = page.next()
    assert recalled["ticket"]["called_at"] != called["ticket"]["called_at"]
    act(server, f"/tickets/{ticket['id']}/start", "officer3")
    assert page.next()["ticket"]["status"] == "serving"
    act(server, f"/tickets/{ticket['id']}/finish", "officer3")
    done = page.next()
    assert done["ticket"]["status"] == "done"
    assert done == status_over_http(server, ticket["token"])


def test_people_ahead_come_down_and_the_wait_does_not_grow_when_someone_ahead_is_called(server, pages):
    first = server.take(13)
    server.take(14)  # another service of counter 3, which calls among both: ahead too
    mine = server.take(13)
    page = pages(mine["token"])
    before = page.next()["ticket"]
    assert before["ahead"] == 2

    act(server, "/counters/3/next", "officer3")  # calls `first`
    after = page.next()
    assert after["ticket"]["ahead"] == 1
    # The estimate replays the calling order: it had already counted this call at the free
    # counter, so the wait stays (it would grow only if the call came later than expected).
    assert after["ticket"]["estimated_wait_s"] <= before["estimated_wait_s"]
    assert after["service"]["waiting"] == 1
    assert after == status_over_http(server, mine["token"])

    # A ticket issued behind it changes nothing the page shows: no message. The called
    # ticket sent back to a queue of the same counter keeps its place in line: ahead of it
    # again (and that is the next message).
    server.take(13)
    act(server, f"/tickets/{first['id']}/transfer", "officer3", json={"service_id": 14})
    moved = page.next()
    assert moved["ticket"]["ahead"] == 2
    assert moved["service"]["waiting"] == 2
    assert moved == status_over_http(server, mine["token"])


def test_a_page_never_hears_of_other_tickets_news(server, pages):
    elsewhere = server.take(20)  # counter 4's service: shares no counter with 13
    mine = server.take(13)
    other_page = pages(elsewhere["token"])
    my_page = pages(mine["token"])
    other_page.next()
    my_page.next()

    server.take(13)  # behind mine: it moves nobody's place
    act(server, "/counters/3/next", "officer3")  # calls mine
    assert my_page.next()["ticket"]["status"] == "called"
    server.take(21)  # counter 4's queue: its wait (busy counters, people) may move, not mine
    act(server, "/counters/4/next", "officer4")  # calls `elsewhere`: the page's first news
    assert other_page.next()["ticket"]["status"] == "called"
    # My page heard nothing of counter 4 meanwhile: its next message is its own finish.
    act(server, f"/tickets/{mine['id']}/start", "officer3")
    assert my_page.next()["ticket"]["status"] == "serving"


def test_snapshot_sends_the_status_again_and_no_http_is_needed(server, pages):
    mine = server.take(1)
    page = pages(mine["token"])
    first = page.next()
    page.client.emit("snapshot", namespace="/ticket")
    assert page.next() == first


def test_a_paused_counter_or_new_services_reach_waiting_pages(server, pages):
    mine = server.take(8)  # only counter 2 serves service 8
    page = pages(mine["token"])
    assert page.next()["ticket"]["estimated_wait_s"] is not None
    supervisor = server.login("supervisor")
    response = requests.put(
        f"{server.api}/counters/2/services", json={"service_ids": [1, 2]}, headers=bearer(supervisor), timeout=10
    )
    assert response.status_code == 200, response.text
    alone = page.next()  # no counter serves it any more: no estimate
    assert alone["ticket"]["estimated_wait_s"] is None
    assert alone == status_over_http(server, mine["token"])


def test_a_counter_the_administrator_adds_or_changes_reaches_waiting_pages(server, pages):
    mine = server.take(8)  # only counter 2 serves service 8
    page = pages(mine["token"])
    assert page.next()["ticket"]["estimated_wait_s"] is not None
    admin = bearer(server.login("admin"))
    changed = requests.patch(f"{server.api}/admin/counters/2", json={"service_ids": [1, 2]}, headers=admin, timeout=10)
    assert changed.status_code == 200, changed.text
    alone = page.next()  # no counter serves it any more: no estimate
    assert alone["ticket"]["estimated_wait_s"] is None

    added = requests.post(
        f"{server.api}/admin/counters", json={"name": "Counter 9", "service_ids": [8]}, headers=admin, timeout=10
    )
    assert added.status_code == 201, added.text
    assert page.next()["ticket"]["estimated_wait_s"] is not None  # a counter serves it again
