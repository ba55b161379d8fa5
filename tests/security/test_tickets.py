"""Taking tickets, from the attacker's side: nobody jumps the queue with a priority ticket
they may not have, takes the office's numbers by the hundred, reads other people's tickets by
id, or gets another client's ticket by replaying its Idempotency-Key."""

import requests

from tests.security.conftest import bearer, client_at


def take(http, server, headers=None, **body):
    return http.post(f"{server.api}/tickets", json={"service_id": 1, **body}, headers=headers or {}, timeout=10)


def test_an_anonymous_client_cannot_take_a_priority_ticket(server):
    response = take(requests, server, priority=True)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "priority_not_allowed"
    assert server.rows("SELECT COUNT(*) FROM ticket") == [(0,)]


def test_staff_give_priority_tickets_and_the_report_names_who_gave_each(server):
    officer = bearer(server.login("officer1"))
    given = take(requests, server, officer, priority=True)
    assert given.status_code == 201 and given.json()["ticket"]["priority"] is True
    report = requests.get(f"{server.api}/reports/out-of-order", headers=bearer(server.login("supervisor")), timeout=10)
    [row] = report.json()["priority_tickets"]
    assert (row["number"], row["issued_by"], row["kiosk"]) == (given.json()["ticket"]["number"], "officer1", None)


def test_only_a_kiosk_enrolled_to_offer_priority_gives_it(server):
    hall = {"X-Kiosk-Key": server.enrol_kiosk("hall")}
    helpdesk = {"X-Kiosk-Key": server.enrol_kiosk("helpdesk", offers_priority=True)}
    assert take(requests, server, hall, priority=True).status_code == 403
    assert take(requests, server, helpdesk, priority=True).status_code == 201
    [(kiosk,)] = server.rows("SELECT kiosk.name FROM ticket JOIN kiosk ON kiosk.id = ticket.kiosk_id WHERE priority")
    assert kiosk == "helpdesk"


def test_one_address_takes_at_most_the_limit_a_minute_and_others_are_not_held_back(start_server):
    server = start_server(extra_env={"ONEWINDOW_TICKETS_PER_MINUTE": "5"})
    greedy, neighbour = client_at("127.0.0.2"), client_at("127.0.0.3")
    answers = [take(greedy, server).status_code for _ in range(8)]
    assert answers == [201] * 5 + [429] * 3
    refused = take(greedy, server)
    assert refused.json()["error"]["code"] == "too_many_tickets"
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert take(neighbour, server).status_code == 201
    officer = bearer(server.login("officer1", session=greedy))
    assert [take(greedy, server, officer).status_code for _ in range(3)] == [201] * 3  # staff: no limit
    assert server.rows("SELECT client, COUNT(*) FROM ticket WHERE issued_by_id IS NULL GROUP BY client") == [
        ("127.0.0.2", 5),
        ("127.0.0.3", 1),
    ]


def test_replays_of_one_idempotency_key_never_count_against_the_limit(start_server):
    server = start_server(extra_env={"ONEWINDOW_TICKETS_PER_MINUTE": "3"})
    kiosk = client_at("127.0.0.2")
    key = {"Idempotency-Key": "tap-1"}
    first = take(kiosk, server, key)
    replays = [take(kiosk, server, key) for _ in range(10)]
    assert {r.json()["ticket"]["id"] for r in replays} == {first.json()["ticket"]["id"]}
    assert [take(kiosk, server).status_code for _ in range(3)] == [201, 201, 429]


def test_a_forged_forwarded_for_does_not_escape_the_limit(start_server):
    server = start_server(extra_env={"ONEWINDOW_TICKETS_PER_MINUTE": "2", "ONEWINDOW_TRUSTED_PROXIES": "127.0.0.1"})
    attacker = client_at("127.0.0.2")  # not the proxy: its X-Forwarded-For is not believed
    answers = [take(attacker, server, {"X-Forwarded-For": f"10.9.9.{n}"}).status_code for n in range(4)]
    assert answers == [201, 201, 429, 429]
    proxy = client_at("127.0.0.1")  # the office's proxy, passing on two citizens' phones
    for phone in ("10.1.1.1", "10.1.1.2"):
        assert [take(proxy, server, {"X-Forwarded-For": phone}).status_code for _ in range(3)] == [201, 201, 429]
    # A client of the proxy that writes its own X-Forwarded-For gets the address the proxy saw.
    spoofed = take(proxy, server, {"X-Forwarded-For": "10.1.1.3, 10.1.1.1"})
    assert spoofed.status_code == 429


def test_tickets_cannot_be_read_by_id_without_a_staff_token(server):
    ticket = server.take()
    response = requests.get(f"{server.api}/tickets/{ticket['id']}", timeout=10)
    assert response.status_code == 401
    staff = requests.get(f"{server.api}/tickets/{ticket['id']}", headers=bearer(server.login("officer1")), timeout=10)
    assert staff.status_code == 200 and "token" not in staff.json()["ticket"]


def test_a_replayed_key_never_hands_one_client_another_clients_ticket(server):
    key = {"Idempotency-Key": "0000-guessable"}
    victim = take(client_at("127.0.0.2"), server, key).json()["ticket"]
    attacker = take(client_at("127.0.0.3"), server, key)
    assert attacker.status_code == 201
    assert attacker.headers.get("Idempotent-Replayed") is None
    assert (attacker.json()["ticket"]["id"], attacker.json()["ticket"]["token"]) != (victim["id"], victim["token"])
