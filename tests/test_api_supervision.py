"""Counter state, breaks, services for the day, out-of-order calls and the report, login
throttling: the API of the counter screen and the supervisor's view."""

import pytest

from tests.test_api import error_code, take


def test_a_counter_shows_its_state_and_current_ticket(client, login):
    headers = login("officer1")
    take(client)
    client.post("/api/v1/counters/1/next", headers=headers)
    counter = client.get("/api/v1/counters/1", headers=headers).json["counter"]
    assert (counter["name"], counter["paused"], counter["officer"]["username"]) == ("Counter 1", False, "officer1")
    assert counter["current"]["number"] == "A001"
    assert counter["current_since_s"] == 0
    assert 1 in counter["service_ids"]


def test_a_paused_counter_cannot_call_until_resumed(client, login):
    headers = login("officer1")
    take(client)
    assert client.post("/api/v1/counters/1/sign-in", headers=headers).status_code == 200  # pause needs it
    assert client.post("/api/v1/counters/1/pause", headers=headers).json["counter"]["paused"] is True
    refused = client.post("/api/v1/counters/1/next", headers=headers)
    assert refused.status_code == 409 and error_code(refused) == "counter_paused"
    assert client.post("/api/v1/counters/1/pause", headers=headers).status_code == 409
    client.post("/api/v1/counters/1/resume", headers=headers)
    assert client.post("/api/v1/counters/1/next", headers=headers).json["ticket"]["number"] == "A001"


def test_only_supervisors_call_out_of_order_and_only_with_a_reason(client, login):
    take(client)
    chosen = take(client)
    body = {"ticket_id": chosen["id"], "reason": "pregnant woman"}
    officer = client.post("/api/v1/counters/1/call", json=body, headers=login("officer1"))
    assert officer.status_code == 403
    supervisor = login("supervisor")
    no_reason = client.post("/api/v1/counters/1/call", json={"ticket_id": chosen["id"]}, headers=supervisor)
    assert no_reason.status_code == 400
    called = client.post("/api/v1/counters/1/call", json=body, headers=supervisor)
    assert called.status_code == 200 and called.json["ticket"]["status"] == "called"
    report = client.get("/api/v1/reports/out-of-order", headers=supervisor).json
    [row] = report["calls"]
    assert (row["number"], row["actor"], row["reason"]) == ("A002", "supervisor", "pregnant woman")
    assert [p["number"] for p in row["passed_over"]] == ["A001"]
    assert client.get("/api/v1/reports/out-of-order", headers=login("officer2")).status_code == 403


def test_supervisors_reassign_services_and_officers_may_not(client, login):
    officer = client.put("/api/v1/counters/3/services", json={"service_ids": [1, 2]}, headers=login("officer3"))
    assert officer.status_code == 403
    headers = login("supervisor")
    changed = client.put("/api/v1/counters/3/services", json={"service_ids": [2, 1]}, headers=headers)
    assert changed.json["counter"]["service_ids"] == [1, 2]
    for bad in ({"service_ids": "1"}, {"service_ids": [True]}, {"service_ids": [999]}, {}):
        assert client.put("/api/v1/counters/3/services", json=bad, headers=headers).status_code == 400


def test_the_overview_shows_counters_and_queues_with_the_oldest_wait(client, login, clock):
    take(client, 1)
    clock.advance(minutes=3)
    take(client, 1)
    overview = client.get("/api/v1/overview", headers=login("supervisor")).json
    assert [c["name"] for c in overview["counters"]][:2] == ["Counter 1", "Counter 2"]
    queue = next(q for q in overview["queues"] if q["service_id"] == 1)
    assert (queue["waiting"], queue["oldest_wait_s"]) == (2, 180.0)
    assert [t["number"] for t in queue["tickets"]] == ["A001", "A002"]


def test_me_gives_the_officers_figures_for_today(client, login, clock):
    headers = login("officer1")
    ticket = take(client)
    client.post("/api/v1/counters/1/next", headers=headers)
    client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=headers)
    clock.advance(minutes=4)
    client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=headers)
    me = client.get("/api/v1/me", headers=headers).json
    assert me["user"]["username"] == "officer1"
    assert me["today"] == {"served": 1, "no_show": 0, "mean_service_s": 240.0}


def test_repeated_wrong_passwords_are_throttled_per_user(client):
    wrong = {"username": "officer1", "password": "not-the-password"}
    assert [client.post("/api/v1/login", json=wrong).status_code for _ in range(5)] == [401] * 5
    blocked = client.post("/api/v1/login", json={"username": "officer1", "password": "demo1234"})
    assert blocked.status_code == 429
    assert error_code(blocked) == "too_many_attempts"
    assert int(blocked.headers["Retry-After"]) > 0
    assert client.post("/api/v1/login", json={"username": "officer2", "password": "demo1234"}).status_code == 200


def test_throttling_ends_after_five_minutes(client, clock):
    wrong = {"username": "officer1", "password": "not-the-password"}
    for _ in range(5):
        client.post("/api/v1/login", json=wrong)
    clock.advance(minutes=5, seconds=1)
    assert client.post("/api/v1/login", json={"username": "officer1", "password": "demo1234"}).status_code == 200


def test_repeated_wrong_passwords_from_one_client_are_throttled(client):
    for i in range(20):
        client.post("/api/v1/login", json={"username": f"guess{i}", "password": "not-the-password"})
    blocked = client.post("/api/v1/login", json={"username": "officer3", "password": "demo1234"})
    assert blocked.status_code == 429


@pytest.mark.parametrize("path", ["/api/v1/overview", "/api/v1/me", "/api/v1/counters/1"])
def test_supervision_reads_need_a_login(client, path):
    assert client.get(path).status_code == 401
