"""The JSON API under /api/v1, through Flask's test client, on the demo office."""

import re

import pytest

ISO_MS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")


def take(client, service_id=1, **extra):
    response = client.post("/api/v1/tickets", json={"service_id": service_id, **extra})
    assert response.status_code == 201, response.json
    return response.json["ticket"]


def error_code(response) -> str:
    assert set(response.json) == {"error"}
    error = response.json["error"]
    # `field` names the input at fault, for bad input only.
    assert set(error) == ({"code", "message", "field"} if "field" in error else {"code", "message"})
    assert "field" not in error or error["code"] == "invalid_input"
    return error["code"]


# --- services and counters --------------------------------------------------------------


def test_services_list_the_demo_office_with_fees_and_waiting_counts(client):
    take(client, 2)
    services = client.get("/api/v1/services").json["services"]
    assert len(services) >= 12
    assert len({s["group_en"] for s in services}) >= 4
    first = services[0]
    assert {"id", "prefix", "name_en", "name_km", "group_en", "group_km", "fee_riel", "waiting"} <= set(first)
    assert first["fee_riel"] == 1000
    assert "នីត្យានុកូលកម្ម" in first["name_km"]
    assert [s["waiting"] for s in services[:3]] == [0, 1, 0]


def test_counters_list_the_services_each_serves(client):
    counters = client.get("/api/v1/counters").json["counters"]
    assert [c["name"] for c in counters] == ["Counter 1", "Counter 2", "Counter 3", "Counter 4"]
    served = set().union(*(c["service_ids"] for c in counters))
    assert served == {s["id"] for s in client.get("/api/v1/services").json["services"]}


# --- tickets --------------------------------------------------------------------------


def test_taking_a_ticket_answers_201_with_the_ticket_and_its_status_token(client, clock):
    ticket = take(client)
    assert ticket["number"] == "A001"
    assert ticket["status"] == "waiting"
    assert ticket["issued_at"] == "2026-11-25T02:00:00.000Z"
    assert ticket["called_at"] is None and ticket["counter_id"] is None
    assert ticket["ahead"] == 0
    assert len(ticket["token"]) >= 22
    assert take(client)["ahead"] == 1


def test_staff_read_a_ticket_back_without_its_token(client, login):
    ticket = take(client)
    shown = client.get(f"/api/v1/tickets/{ticket['id']}", headers=login()).json["ticket"]
    assert shown["number"] == ticket["number"]
    assert "token" not in shown


def test_an_anonymous_client_cannot_read_tickets_by_id(client):
    ticket = take(client)
    response = client.get(f"/api/v1/tickets/{ticket['id']}")
    assert response.status_code == 401
    assert error_code(response) == "unauthorized"


def test_a_retry_with_the_same_idempotency_key_returns_the_same_ticket(client):
    headers = {"Idempotency-Key": "kiosk-3-tap-17"}
    first = client.post("/api/v1/tickets", json={"service_id": 1}, headers=headers)
    again = client.post("/api/v1/tickets", json={"service_id": 1}, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json["ticket"]["id"] == first.json["ticket"]["id"]
    assert again.headers["Idempotent-Replayed"] == "true"
    assert "Idempotent-Replayed" not in first.headers
    assert take(client)["number"] == "A002"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"service_id": "1"},
        {"service_id": True},
        {"service_id": 1.5},
        {"service_id": -1},
        {"service_id": 0},
        {"service_id": 2**63},
        {"service_id": None},
        {"service_id": 1, "priority": "yes"},
        [1],
        "service 1",
        None,
    ],
)
def test_malformed_ticket_requests_are_400_and_issue_nothing(client, body):
    response = client.post("/api/v1/tickets", json=body)
    assert response.status_code == 400
    assert error_code(response) == "invalid_input"
    assert client.get("/api/v1/services").json["services"][0]["waiting"] == 0


@pytest.mark.parametrize(
    "data, content_type",
    [
        ("{not json", "application/json"),
        ("service_id=1", "application/x-www-form-urlencoded"),
        (b"\xff\xfe\x00", "application/json"),
        ('{"service_id": 1' + "]" * 10, "application/json"),
    ],
)
def test_garbage_bodies_are_400(client, data, content_type):
    response = client.post("/api/v1/tickets", data=data, content_type=content_type)
    assert response.status_code == 400
    assert error_code(response) == "invalid_input"


def test_an_oversized_body_is_413(client):
    response = client.post("/api/v1/tickets", json={"service_id": 1, "pad": "x" * 100_000})
    assert response.status_code == 413
    assert error_code(response) == "request_entity_too_large"


def test_an_unknown_service_is_404(client):
    response = client.post("/api/v1/tickets", json={"service_id": 999})
    assert response.status_code == 404
    assert error_code(response) == "not_found"


@pytest.mark.parametrize("path", ["/api/v1/tickets/99999", "/api/v1/tickets/99999999999999999999", "/api/v1/nope"])
def test_unknown_things_are_json_404s(client, login, path):
    response = client.get(path, headers=login())
    assert response.status_code == 404
    error_code(response)


def test_a_wrong_method_is_a_json_405(client):
    response = client.delete("/api/v1/tickets")
    assert response.status_code == 405
    assert error_code(response) == "method_not_allowed"


# --- login and authorization ----------------------------------------------------------


def test_login_gives_a_bearer_token(client):
    response = client.post("/api/v1/login", json={"username": "officer1", "password": "demo1234"})
    assert response.status_code == 200
    assert response.json["user"]["role"] == "officer"
    assert response.json["expires_in"] > 0


@pytest.mark.parametrize(
    "body",
    [{"username": "officer1", "password": "wrong-password"}, {"username": "nobody", "password": "demo1234"}],
)
def test_wrong_credentials_are_401(client, body):
    response = client.post("/api/v1/login", json=body)
    assert response.status_code == 401
    assert error_code(response) == "bad_credentials"


def test_login_without_fields_is_400(client):
    assert client.post("/api/v1/login", json={"username": "officer1"}).status_code == 400


@pytest.mark.parametrize(
    "method, path",
    [
        ("post", "/api/v1/counters/1/next"),
        ("post", "/api/v1/tickets/1/start"),
        ("post", "/api/v1/tickets/1/no-show"),
        ("post", "/api/v1/tickets/1/transfer"),
        ("get", "/api/v1/stats"),
    ],
)
@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-token"}, {"Authorization": "Basic b2ZmaWNlcjE6ZGVtbzEyMzQ="}],
)
def test_counter_actions_need_a_valid_bearer_token(client, login, method, path, headers):
    take(client)
    response = getattr(client, method)(path, headers=headers, json={"service_id": 2})
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == "Bearer"
    assert client.get("/api/v1/tickets/1", headers=login()).json["ticket"]["status"] == "waiting"


def test_an_expired_token_is_401(app, client, login):
    headers = login()
    app.config["TOKEN_TTL_S"] = -1
    response = client.post("/api/v1/counters/1/next", headers=headers)
    assert response.status_code == 401
    assert error_code(response) == "token_expired"


def test_a_token_of_a_disabled_user_is_401(client, login):
    from office.models import User

    headers = login()
    User.update(active=False).where(User.username == "officer1").execute()
    assert client.post("/api/v1/counters/1/next", headers=headers).status_code == 401


# --- counter actions ------------------------------------------------------------------


def test_an_officers_day_through_the_api(client, login, clock):
    headers = login("officer1")
    first = take(client)
    second = take(client)
    clock.advance(minutes=2)
    called = client.post("/api/v1/counters/1/next", headers=headers).json["ticket"]
    assert (called["id"], called["status"], called["counter_id"]) == (first["id"], "called", 1)
    assert called["called_at"] == "2026-11-25T02:02:00.000Z"
    busy = client.post("/api/v1/counters/1/next", headers=headers)
    assert busy.status_code == 409 and error_code(busy) == "counter_busy"
    assert client.post(f"/api/v1/tickets/{first['id']}/recall", headers=headers).json["ticket"]["status"] == "called"
    clock.advance(seconds=40)
    started = client.post(f"/api/v1/tickets/{first['id']}/start", headers=headers).json["ticket"]
    assert ISO_MS.match(started["started_at"])
    clock.advance(minutes=5)
    done = client.post(f"/api/v1/tickets/{first['id']}/finish", headers=headers).json["ticket"]
    assert done["status"] == "done" and done["finished_at"] == "2026-11-25T02:07:40.000Z"
    again = client.post("/api/v1/counters/1/next", headers=headers).json["ticket"]
    assert again["id"] == second["id"]
    gone = client.post(f"/api/v1/tickets/{second['id']}/no-show", headers=headers).json["ticket"]
    assert gone["status"] == "no_show"
    assert client.post("/api/v1/counters/1/next", headers=headers).json == {"ticket": None}


def test_an_illegal_transition_is_409(client, login):
    ticket = take(client)
    response = client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=login())
    assert response.status_code == 409
    assert error_code(response) == "illegal_transition"


def test_cancel_through_the_api(client, login):
    ticket = take(client)
    response = client.post(f"/api/v1/tickets/{ticket['id']}/cancel", headers=login())
    assert response.json["ticket"]["status"] == "cancelled"


def test_transfer_through_the_api_keeps_the_number(client, login):
    headers = login()
    ticket = take(client, 1)
    client.post("/api/v1/counters/1/next", headers=headers)
    moved = client.post(f"/api/v1/tickets/{ticket['id']}/transfer", json={"service_id": 8}, headers=headers)
    assert moved.status_code == 200
    assert (moved.json["ticket"]["service_id"], moved.json["ticket"]["number"]) == (8, "A001")
    assert moved.json["ticket"]["status"] == "waiting"
    bad = client.post(f"/api/v1/tickets/{ticket['id']}/transfer", json={"service_id": "8"}, headers=headers)
    assert bad.status_code == 400
    same = client.post(f"/api/v1/tickets/{ticket['id']}/transfer", json={"service_id": 8}, headers=headers)
    assert same.status_code == 409


def test_calling_at_an_unknown_counter_is_404(client, login):
    assert client.post("/api/v1/counters/77/next", headers=login()).status_code == 404


# --- statistics -----------------------------------------------------------------------


def test_stats_give_waiting_and_service_times_per_service_counter_and_officer(client, login, clock):
    headers = login("officer2")
    officer_id = client.post("/api/v1/login", json={"username": "officer2", "password": "demo1234"}).json["user"]["id"]
    waits = [60, 120, 180, 240]  # seconds each ticket waits before its call
    tickets = [take(client, 1) for _ in waits]
    clock.advance(seconds=60)
    for ticket, _wait in zip(tickets, waits, strict=True):
        assert client.post("/api/v1/counters/1/next", headers=headers).json["ticket"]["id"] == ticket["id"]
        client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=headers)
        clock.advance(seconds=60)  # each service takes one minute: the next waits a minute more
        client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=headers)
    take(client, 2)  # waiting, never called
    stats = client.get("/api/v1/stats", headers=headers).json
    assert (stats["from"], stats["to"]) == ("2026-11-25", "2026-11-25")
    by_service = {row["service_id"]: row for row in stats["services"]}
    row = by_service[1]
    assert (row["issued"], row["served"], row["no_show"]) == (4, 4, 0)
    assert row["wait_s"] == {"mean": 150.0, "p50": 120.0, "p90": 240.0, "max": 240.0}
    assert row["service_s"] == {"mean": 60.0, "p50": 60.0, "p90": 60.0, "max": 60.0}
    assert by_service[2]["issued"] == 1
    assert by_service[2]["wait_s"] == {"mean": None, "p50": None, "p90": None, "max": None}
    assert [r["counter_id"] for r in stats["counters"]] == [1]
    assert stats["counters"][0]["served"] == 4
    assert [(r["officer_id"], r["served"]) for r in stats["officers"]] == [(officer_id, 4)]


def test_stats_count_office_local_days(client, login, clock):
    take(client)  # 09:00 on the 25th in Phnom Penh
    clock.advance(hours=15)  # 00:00 on the 26th in Phnom Penh, still the 25th in UTC
    take(client)
    headers = login()  # (a token of 09:00 would have expired: they live 12 hours)
    day = lambda d: client.get(f"/api/v1/stats?from={d}&to={d}", headers=headers).json["services"]  # noqa: E731
    assert [r["issued"] for r in day("2026-11-25")] == [1]
    assert [r["issued"] for r in day("2026-11-26")] == [1]
    both = client.get("/api/v1/stats?from=2026-11-25&to=2026-11-26", headers=headers).json["services"]
    assert [r["issued"] for r in both] == [2]


@pytest.mark.parametrize(
    "query",
    [
        "from=yesterday",
        "from=2026-13-01",
        "to=2026-11-25T00:00",
        "from=2026-11-26&to=2026-11-25",
        "from=0001-01-01",  # the office's midnight on that day is before year 1 in UTC
        "to=9999-12-31",  # and the end of that day after year 9999
    ],
)
@pytest.mark.parametrize("report", ["stats", "reports/out-of-order"])
def test_bad_report_dates_are_400(client, login, query, report):
    response = client.get(f"/api/v1/{report}?{query}", headers=login("supervisor"))
    assert response.status_code == 400
    assert error_code(response) == "invalid_input"


@pytest.mark.parametrize("body", ["[" * 60_000, '{"a":' * 12_000, '{"service_id": NaN}', '{"service_id": 1e999}'])
def test_hostile_json_is_400_not_a_crash(client, body):
    response = client.post("/api/v1/tickets", data=body, content_type="application/json")
    assert response.status_code == 400
    assert error_code(response) == "invalid_input"


# --- kiosks, printing and the status page -----------------------------------------------


def test_a_ticket_taken_at_a_kiosk_is_queued_for_its_printer(client, enrol_kiosk):
    key = enrol_kiosk("hall-kiosk")
    response = client.post(
        "/api/v1/tickets", json={"service_id": 1, "kiosk": "hall-kiosk"}, headers={"X-Kiosk-Key": key}
    )
    assert response.status_code == 201
    assert response.json["print"] == {"printer": "hall-kiosk", "ok": True, "reason": None, "pending": 1}
    plain = client.post("/api/v1/tickets", json={"service_id": 1})
    assert plain.json["print"] is None


@pytest.mark.parametrize("kiosk", ["", "hall kiosk", "k" * 41, 7, ["a"], "../etc"])
def test_a_bad_kiosk_name_is_400_and_issues_nothing(client, kiosk):
    response = client.post("/api/v1/tickets", json={"service_id": 1, "kiosk": kiosk})
    assert response.status_code == 400
    assert client.get("/api/v1/services").json["services"][0]["waiting"] == 0


def test_the_status_url_starts_with_the_public_url(app, client):
    app.config["PUBLIC_URL"] = "http://192.0.2.10:5000/"
    ticket = take(client)
    assert ticket["status_url"] == f"http://192.0.2.10:5000/t/{ticket['token']}"


def test_the_status_endpoint_follows_a_ticket_by_its_token(client, login):
    ticket = take(client)
    status = client.get(f"/api/v1/status/{ticket['token']}").json
    assert (status["ticket"]["id"], status["ticket"]["status"], status["counter"]) == (ticket["id"], "waiting", None)
    assert status["service"]["name_en"].startswith("Certification")
    client.post("/api/v1/counters/1/next", headers=login())
    status = client.get(f"/api/v1/status/{ticket['token']}").json
    assert status["ticket"]["status"] == "called"
    assert status["counter"] == {"id": 1, "name": "Counter 1"}


def test_an_unknown_status_token_is_404(client):
    assert client.get(f"/api/v1/status/{'A' * 22}").status_code == 404
    assert client.get("/api/v1/status/short").status_code == 404


def test_a_kiosk_printer_reports_its_health(client):
    assert client.get("/api/v1/kiosks/hall-kiosk/printer").json == {
        "printer": {"printer": "hall-kiosk", "ok": True, "reason": None, "pending": 0}
    }
