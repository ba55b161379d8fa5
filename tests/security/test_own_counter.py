"""Officers act at their own counter (issue 9, item 5), from the attacker's side.

officer1 has a valid login and tries to work another officer's counter: act on its ticket,
call, pause or resume there, take it over while its officer serves someone, or sign its
officer out. Each attempt is a 403 (409 for a takeover of a busy counter) that changes
nothing; the rightful officer, or a supervisor, then does the same thing and it works.

The demo office: counter 1 serves services 1-7, counter 3 services 13-19, counter 4 services
20-25. An officer signs in at a counter by calling there while nobody holds it (as before), or
with POST /counters/<id>/sign-in.
"""

import json

import pytest
import requests

from tests.security.conftest import bearer

pytestmark = pytest.mark.e2e

COUNTER_SERVICE = {1: 1, 2: 8, 3: 13, 4: 20}  # a service each counter serves


class Staff:
    """One staff member's API client (a bearer token of their own)."""

    def __init__(self, server, username: str):
        self.server = server
        self.username = username
        self.headers = bearer(server.login(username))

    def post(self, path: str, json_body=None) -> requests.Response:
        return requests.post(f"{self.server.api}{path}", json=json_body, headers=self.headers, timeout=10)

    def get(self, path: str) -> dict:
        response = requests.get(f"{self.server.api}{path}", headers=self.headers, timeout=10)
        assert response.status_code == 200, response.text
        return response.json()

    def call_next(self, counter_id: int) -> dict:
        response = self.post(f"/counters/{counter_id}/next")
        assert response.status_code == 200, response.text
        return response.json()["ticket"]


def at_counter(server, username: str, counter_id: int, status: str | None = "called") -> tuple[Staff, dict | None]:
    """`username` signed in at `counter_id` (by calling there) with a ticket `status`, or free
    (status None: the citizen called did not come)."""
    officer = Staff(server, username)
    server.take(COUNTER_SERVICE[counter_id])
    ticket = officer.call_next(counter_id)
    if status is None:
        assert officer.post(f"/tickets/{ticket['id']}/no-show").status_code == 200
        return officer, None
    if status == "serving":
        assert officer.post(f"/tickets/{ticket['id']}/start").status_code == 200
    return officer, ticket


def refused(response: requests.Response, status: int = 403, code: str = "not_your_counter") -> None:
    assert response.status_code == status, (response.status_code, response.text)
    assert response.json()["error"]["code"] == code, response.text


def counter_officer(server, counter_id: int) -> str | None:
    counter = Staff(server, "supervisor").get(f"/counters/{counter_id}")["counter"]
    return counter["officer"]["username"] if counter["officer"] else None


def ticket_now(server, ticket_id: int) -> dict:
    return Staff(server, "supervisor").get(f"/tickets/{ticket_id}")["ticket"]


# Each ticket action, the state counter 3's ticket must be in for it, and its body.
TICKET_ACTIONS = [
    ("recall", "called", None),
    ("start", "called", None),
    ("finish", "serving", None),
    ("no-show", "called", None),
    ("transfer", "serving", {"service_id": 14}),
    ("cancel", "called", None),
]


@pytest.mark.parametrize(("action", "state", "body"), TICKET_ACTIONS, ids=[a for a, _, _ in TICKET_ACTIONS])
def test_an_officer_cannot_act_on_the_ticket_at_another_officers_counter(server, action, state, body):
    officer3, ticket = at_counter(server, "officer3", 3, state)
    attacker, _ = at_counter(server, "officer1", 1, None)

    refused(attacker.post(f"/tickets/{ticket['id']}/{action}", body))
    after = ticket_now(server, ticket["id"])
    assert (after["status"], after["counter_id"], after["service_id"]) == (state, 3, ticket["service_id"])

    # The officer at the counter may.
    assert officer3.post(f"/tickets/{ticket['id']}/{action}", body).status_code == 200


def test_a_supervisor_acts_on_any_counters_ticket_an_officer_only_on_their_own(server):
    _, ticket = at_counter(server, "officer3", 3, "serving")
    refused(Staff(server, "officer1").post(f"/tickets/{ticket['id']}/finish"))
    assert ticket_now(server, ticket["id"])["status"] == "serving"

    finished = Staff(server, "supervisor").post(f"/tickets/{ticket['id']}/finish")
    assert finished.status_code == 200, finished.text
    assert finished.json()["ticket"]["status"] == "done"


def test_an_officer_cannot_call_next_at_another_officers_counter(server):
    at_counter(server, "officer4", 4, None)  # officer4 works at counter 4, free now
    waiting = server.take(COUNTER_SERVICE[4])
    attacker, _ = at_counter(server, "officer1", 1, None)

    refused(attacker.post("/counters/4/next"))
    assert ticket_now(server, waiting["id"])["status"] == "waiting"
    assert counter_officer(server, 4) == "officer4"  # no takeover on the side


def test_an_officer_signed_in_elsewhere_cannot_call_at_a_counter_nobody_holds(server):
    attacker, _ = at_counter(server, "officer1", 1, None)
    waiting = server.take(COUNTER_SERVICE[3])

    refused(attacker.post("/counters/3/next"))
    assert ticket_now(server, waiting["id"])["status"] == "waiting"
    assert counter_officer(server, 3) is None


def test_an_officer_cannot_pause_or_resume_another_officers_counter(server):
    officer4, _ = at_counter(server, "officer4", 4, None)
    attacker, _ = at_counter(server, "officer1", 1, None)

    refused(attacker.post("/counters/4/pause"))
    assert Staff(server, "supervisor").get("/counters/4")["counter"]["paused"] is False
    assert officer4.post("/counters/4/pause").status_code == 200

    refused(attacker.post("/counters/4/resume"))
    assert Staff(server, "supervisor").get("/counters/4")["counter"]["paused"] is True
    assert officer4.post("/counters/4/resume").status_code == 200


def test_taking_over_a_counter_whose_officer_is_serving_is_refused(server):
    officer4, ticket = at_counter(server, "officer4", 4, "serving")
    attacker = Staff(server, "officer1")

    refused(attacker.post("/counters/4/sign-in"), 409, "counter_held")
    assert counter_officer(server, 4) == "officer4"
    refused(attacker.post(f"/tickets/{ticket['id']}/finish"))
    assert officer4.post(f"/tickets/{ticket['id']}/finish").status_code == 200


def test_taking_over_a_free_counter_is_allowed_and_on_the_record(server):
    officer4, _ = at_counter(server, "officer4", 4, None)
    newcomer = Staff(server, "officer1")

    taken = newcomer.post("/counters/4/sign-in")
    assert taken.status_code == 200, taken.text
    assert taken.json()["counter"]["officer"]["username"] == "officer1"
    [(actor, details)] = server.rows(
        "SELECT u.username, e.details FROM event e JOIN user u ON u.id = e.actor_id"
        " WHERE e.kind = 'counter_taken_over' AND e.counter_id = 4"
    )
    assert actor == "officer1"
    assert json.loads(details)["previous_officer"] == "officer4"

    # The counter is no longer officer4's to work.
    server.take(COUNTER_SERVICE[4])
    refused(officer4.post("/counters/4/next"))
    assert newcomer.call_next(4) is not None


def test_an_officer_holds_one_counter_at_a_time(server):
    officer1, ticket = at_counter(server, "officer1", 1, "serving")

    # Not while still serving at counter 1: that citizen would be left with nobody.
    refused(officer1.post("/counters/3/sign-in"), 409, "still_at_another_counter")
    assert (counter_officer(server, 1), counter_officer(server, 3)) == ("officer1", None)

    assert officer1.post(f"/tickets/{ticket['id']}/finish").status_code == 200
    moved = officer1.post("/counters/3/sign-in")
    assert moved.status_code == 200, moved.text
    assert (counter_officer(server, 1), counter_officer(server, 3)) == (None, "officer1")
    server.take(COUNTER_SERVICE[1])
    refused(officer1.post("/counters/1/next"))  # counter 1 is no longer theirs...
    signed_in_again = officer1.post("/counters/1/sign-in")  # ...until they sign in there again
    assert signed_in_again.status_code == 200, signed_in_again.text


def test_an_officer_cannot_sign_another_officer_out(server):
    officer4, _ = at_counter(server, "officer4", 4, None)
    attacker, _ = at_counter(server, "officer1", 1, None)

    refused(attacker.post("/counters/4/sign-out"))
    assert counter_officer(server, 4) == "officer4"
    assert officer4.post("/counters/4/sign-out").status_code == 200
    assert counter_officer(server, 4) is None
