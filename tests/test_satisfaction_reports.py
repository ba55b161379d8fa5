"""What citizens said, where supervisors and the public read it: satisfaction per service,
counter and officer in the reports (and their files), the share of "payment asked" answers,
those answers as an integrity signal, the comments for supervisors only, the mean rating in
the public figures when at least five rated; and the chain's state and verification."""

import csv
import io

import pytest


@pytest.fixture
def rated(client, login, clock):
    """25 November 2026: six tickets of service 1 served by officer1 at counter 1, rated
    5, 4, 4, 2, 1 and 5 (the 2 and the 1 said a payment was asked; the first two said not; the
    others did not answer); the 1 with a comment. Two of service 2 by officer2 at counter 2,
    rated 3 and 5."""
    officers = {1: login("officer1"), 2: login("officer2")}
    plan = [
        (1, 5, False, None),
        (1, 4, False, None),
        (1, 4, None, None),
        (1, 2, True, None),
        (1, 1, True, "He asked 20,000 riel for 'speed'."),
        (1, 5, None, None),
        (2, 3, None, None),
        (2, 5, None, None),
    ]
    tickets = []
    for service, rating, asked, comment in plan:
        ticket = client.post("/api/v1/tickets", json={"service_id": service}).json["ticket"]
        headers = officers[service]
        assert client.post(f"/api/v1/counters/{service}/next", headers=headers).json["ticket"]["id"] == ticket["id"]
        client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=headers)
        clock.advance(minutes=3)
        client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=headers)
        body = {"rating": rating}
        if asked is not None:
            body["payment_asked"] = asked
        if comment:
            body["comment"] = comment
        assert client.post(f"/api/v1/status/{ticket['token']}/feedback", json=body).status_code == 201
        tickets.append(ticket)
    return tickets


def _summary(client, headers, **query):
    query = {"from": "2026-11-25", "to": "2026-11-25", **query}
    answer = client.get("/api/v1/reports/summary", query_string=query, headers=headers)
    assert answer.status_code == 200, answer.json
    return answer.json


def test_reports_show_satisfaction_per_service_counter_and_officer(client, login, rated):
    summary = _summary(client, login("supervisor"))
    service = {row["service_id"]: row["satisfaction"] for row in summary["services"]}
    assert service[1] == {
        "ratings": 6,
        "mean": round((5 + 4 + 4 + 2 + 1 + 5) / 6, 2),
        "payment_asked": 2,
        "payment_answers": 4,
        "payment_asked_share": 0.5,
    }
    assert service[2]["ratings"] == 2 and service[2]["mean"] == 4.0 and service[2]["payment_asked_share"] is None
    officers = {row["username"]: row["satisfaction"] for row in summary["officers"]}
    assert (officers["officer1"]["ratings"], officers["officer2"]["ratings"]) == (6, 2)
    counters = {row["counter_id"]: row["satisfaction"] for row in summary["counters"]}
    assert counters[1]["payment_asked"] == 2 and counters[2]["payment_asked"] == 0


def test_a_filter_counts_only_its_ratings(client, login, rated):
    supervisor = login("supervisor")
    ids = {row["username"]: row["officer_id"] for row in _summary(client, supervisor)["officers"]}
    summary = _summary(client, supervisor, officer=str(ids["officer2"]))
    names = {row["username"]: row["satisfaction"]["ratings"] for row in summary["officers"]}
    assert names.get("officer1", 0) == 0 and names["officer2"] == 2


def test_another_day_has_none_of_these_ratings(client, login, rated):
    summary = _summary(client, login("supervisor"), **{"from": "2026-11-24", "to": "2026-11-24"})
    assert all(row["satisfaction"]["ratings"] == 0 for row in summary["services"])


def test_the_summary_files_carry_the_ratings(client, login, rated):
    answer = client.get("/api/v1/reports/summary.csv?from=2026-11-25&to=2026-11-25", headers=login("supervisor"))
    rows = list(csv.DictReader(io.StringIO(answer.data.decode("utf-8-sig"))))
    first = next(row for row in rows if row["dimension"] == "services" and row["id"] == "1")
    assert (first["ratings"], first["rating_mean"], first["payment_asked_share"]) == ("6", "3.5", "0.5")


def test_payment_asked_answers_are_an_integrity_signal_with_who_served(client, login, rated):
    signals = client.get("/api/v1/reports/integrity?from=2026-11-25&to=2026-11-25", headers=login("supervisor")).json
    flagged = signals["payment_asked"]
    assert [(row["rating"], row["officer"], row["counter"]) for row in flagged] == [
        (1, "officer1", "Counter 1"),
        (2, "officer1", "Counter 1"),
    ]  # newest first
    assert flagged[0]["comment"] == "He asked 20,000 riel for 'speed'."


def test_comments_are_for_supervisors_never_for_officers(client, login, rated):
    answer = client.get("/api/v1/reports/feedback?from=2026-11-25&to=2026-11-25", headers=login("supervisor"))
    assert answer.status_code == 200
    assert [row["comment"] for row in answer.json["comments"]] == ["He asked 20,000 riel for 'speed'."]
    assert answer.json["comments"][0]["number"] == rated[4]["number"]
    officer = login("officer1")
    for path in ("/api/v1/reports/feedback", "/api/v1/reports/integrity", "/api/v1/reports/summary"):
        assert client.get(path, headers=officer).status_code == 403
    # Nor does an officer's own view of a ticket carry a rating or a comment.
    ticket = client.get(f"/api/v1/tickets/{rated[4]['id']}", headers=officer).json
    assert "comment" not in str(ticket)


def test_the_public_figures_show_a_mean_rating_of_five_or_more_ratings_only(client, rated):
    rows = {row["service_id"]: row for row in client.get("/api/v1/public/figures?month=2026-11").json["services"]}
    assert (rows[1]["ratings"], rows[1]["rating_mean"]) == (6, 3.5)
    assert (rows[2]["ratings"], rows[2]["rating_mean"]) == (None, None)  # two ratings: not shown
    text = client.get("/api/v1/public/figures.csv?month=2026-11").data.decode("utf-8-sig")
    assert "rating_mean" in text.splitlines()[0] and "speed" not in text and "officer" not in text


def test_supervisors_see_the_chain_and_verify_it(client, login, rated):
    supervisor = login("supervisor")
    state = client.get("/api/v1/audit", headers=supervisor).json
    assert state["head"]["seq"] > 0 and state["last_verified"] is None
    verified = client.post("/api/v1/audit/verify", headers=supervisor)
    assert verified.status_code == 200, verified.json
    assert verified.json["intact"] is True and verified.json["events"] == state["head"]["seq"]
    again = client.get("/api/v1/audit", headers=supervisor).json
    assert again["last_verified"]["at"] == verified.json["at"]
    assert client.get("/api/v1/audit", headers=login("officer1")).status_code == 403
    assert client.post("/api/v1/audit/verify").status_code == 401
