"""The citizen's rating, from the ticket's status page: POST /api/v1/status/<token>/feedback.
Once per ticket, once it is finished, within three days; tied to the service, counter and
officer; the comment for supervisors only; every rating on the record."""

import threading

import pytest

from office import audit
from office.models import Event, Feedback


@pytest.fixture
def served(client, login):
    """A ticket of service 1 served by officer1 at counter 1: its status token and id."""
    officer = login("officer1")
    ticket = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    called = client.post("/api/v1/counters/1/next", headers=officer).json["ticket"]
    assert called["id"] == ticket["id"]
    client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=officer)
    assert client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=officer).status_code == 200
    return ticket


def _rate(client, ticket, **body):
    return client.post(f"/api/v1/status/{ticket['token']}/feedback", json=body)


def test_a_finished_ticket_is_rated_once_and_the_rating_is_tied_to_who_served_it(client, served):
    answer = _rate(client, served, rating=4, payment_asked=False, comment="  Quick and polite.  ")
    assert answer.status_code == 201
    assert (answer.json["rating"], answer.json["payment_asked"], answer.json["comment"]) == (
        4,
        False,
        "Quick and polite.",
    )
    row = Feedback.get(Feedback.ticket == served["id"])
    assert (row.service_id, row.counter_id, row.officer.username, row.source) == (1, 1, "officer1", "status_page")
    event = Event.get((Event.kind == "feedback_given") & (Event.ticket == served["id"]))
    assert event.details == {"rating": 4, "payment_asked": False, "source": "status_page"}
    assert "comment" not in event.details  # the officer rated may read the record


def test_a_second_rating_is_refused(client, served):
    assert _rate(client, served, rating=5).status_code == 201
    again = _rate(client, served, rating=1)
    assert again.status_code == 409 and again.json["error"]["code"] == "already_rated"
    assert Feedback.get(Feedback.ticket == served["id"]).rating == 5


def test_an_unfinished_ticket_cannot_be_rated(client, login):
    ticket = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    waiting = _rate(client, ticket, rating=5)
    assert waiting.status_code == 409 and waiting.json["error"]["code"] == "not_finished"
    officer = login("officer1")
    client.post("/api/v1/counters/1/next", headers=officer)
    client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=officer)
    serving = _rate(client, ticket, rating=5)
    assert serving.status_code == 409 and serving.json["error"]["code"] == "not_finished"
    client.post(f"/api/v1/tickets/{ticket['id']}/no-show", headers=officer)
    assert Feedback.select().count() == 0


def test_a_no_show_cannot_be_rated(client, login):
    officer = login("officer1")
    ticket = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    client.post("/api/v1/counters/1/next", headers=officer)
    assert client.post(f"/api/v1/tickets/{ticket['id']}/no-show", headers=officer).status_code == 200
    answer = _rate(client, ticket, rating=1)
    assert answer.status_code == 409 and answer.json["error"]["code"] == "not_finished"


def test_a_rating_is_accepted_for_three_days_after_the_service_and_refused_after(client, served, clock):
    clock.advance(days=3)  # exactly three days: still open
    status = client.get(f"/api/v1/status/{served['token']}").json["feedback"]
    assert status["open"] is True and status["given"] is False
    clock.advance(seconds=1)
    status = client.get(f"/api/v1/status/{served['token']}").json["feedback"]
    assert status["open"] is False and status["given"] is False
    late = _rate(client, served, rating=3)
    assert late.status_code == 409 and late.json["error"]["code"] == "feedback_closed"


def test_the_status_page_says_when_a_rating_is_open_and_once_given(client, served):
    before = client.get(f"/api/v1/status/{served['token']}").json["feedback"]
    assert before["open"] is True and before["given"] is False
    assert before["closes_at"] == "2026-11-28T02:00:00.000Z"  # finished at 02:00 UTC on the 25th
    _rate(client, served, rating=2)
    after = client.get(f"/api/v1/status/{served['token']}").json["feedback"]
    assert after == {"open": False, "given": True, "closes_at": before["closes_at"]}


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"rating": 0},
        {"rating": 6},
        {"rating": "5"},
        {"rating": 4.5},
        {"rating": True},
        {"rating": 4, "payment_asked": "no"},
        {"rating": 4, "comment": 12},
        {"rating": 4, "comment": "x" * 1001},
    ],
)
def test_bad_ratings_are_refused_with_a_clear_400_and_nothing_recorded(client, served, body):
    answer = _rate(client, served, **body)
    assert answer.status_code == 400, answer.json
    assert answer.json["error"]["message"]
    assert Feedback.select().count() == 0


def test_an_unknown_token_is_404(client):
    answer = client.post("/api/v1/status/no-such-token-at-all/feedback", json={"rating": 5})
    assert answer.status_code == 404


def test_two_ratings_of_one_ticket_at_once_record_one(app, served):
    results = []
    barrier = threading.Barrier(4)

    def rate(value):
        client = app.test_client()
        barrier.wait()
        results.append(_rate(client, served, rating=value).status_code)

    threads = [threading.Thread(target=rate, args=(v,)) for v in (1, 2, 3, 4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [201, 409, 409, 409]
    assert Feedback.select().count() == 1
    assert audit.verify().intact


def _rate_at_kiosk(client, key, body, kiosk="hall"):
    return client.post(f"/api/v1/kiosks/{kiosk}/feedback", json=body, headers={"X-Kiosk-Key": key})


def test_the_kiosk_rates_todays_ticket_by_its_number(client, served, enrol_kiosk):
    key = enrol_kiosk("hall")
    answer = _rate_at_kiosk(client, key, {"number": served["number"].lower(), "rating": 3, "payment_asked": True})
    assert answer.status_code == 201, answer.json
    row = Feedback.get(Feedback.ticket == served["id"])
    assert (row.rating, row.payment_asked, row.source) == (3, True, "kiosk")
    again = _rate_at_kiosk(client, key, {"number": served["number"], "rating": 5})
    assert again.status_code == 409 and again.json["error"]["code"] == "already_rated"
    assert _rate(client, served, rating=5).status_code == 409  # nor again from the status page


def test_the_kiosk_cannot_rate_another_days_ticket_or_an_unknown_number(client, served, enrol_kiosk, clock):
    key = enrol_kiosk("hall")
    clock.advance(days=1)  # the same number means another ticket tomorrow
    answer = _rate_at_kiosk(client, key, {"number": served["number"], "rating": 5})
    assert answer.status_code == 404 and answer.json["error"]["code"] == "ticket_not_found"
    assert _rate_at_kiosk(client, key, {"number": "Z999", "rating": 5}).status_code == 404
    assert Feedback.select().count() == 0


def test_only_the_enrolled_kiosk_sends_its_ratings(client, served, enrol_kiosk):
    enrol_kiosk("hall")
    other = enrol_kiosk("door")
    assert _rate_at_kiosk(client, other, {"number": served["number"], "rating": 5}).status_code == 403
    assert _rate_at_kiosk(client, "not-a-key", {"number": served["number"], "rating": 5}).status_code == 403
    without_key = client.post("/api/v1/kiosks/hall/feedback", json={"number": served["number"], "rating": 5})
    assert without_key.status_code == 403
    assert Feedback.select().count() == 0
