"""The office's public figures (`/office`, GET /api/v1/public/figures and figures.csv): no
login, a month at a time (this one and the last twelve), per service the tickets served, the
median and p90 wait and the share within target, with the official fee and processing days;
no figures for a service with fewer than five served, and no names anywhere."""

import csv
import io

import pytest

PREFIX = "/api/v1/public"


@pytest.fixture
def month(client, login, clock):
    """Wednesday 25 November 2026 from 09:00 (Phnom Penh): five tickets of service 1 issued a
    minute apart, each called by officer1 at counter 1 (which serves service 1) as the one
    before is finished: waits 0, 9, 18, 27, 36 minutes (each served 10 minutes after its
    call, the next called then); and two tickets of service 2, served too (fewer than five)."""
    officer = login("officer1")
    tickets = [client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]]
    for _ in range(4):
        clock.advance(minutes=1)
        tickets.append(client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"])
    clock.advance(minutes=-4)  # back to 09:00: the first is called at once
    for ticket in tickets:
        called = client.post("/api/v1/counters/1/next", headers=officer).json["ticket"]
        assert called["id"] == ticket["id"]
        client.post(f"/api/v1/tickets/{called['id']}/start", headers=officer)
        clock.advance(minutes=10)
        client.post(f"/api/v1/tickets/{called['id']}/finish", headers=officer)
    for _ in range(2):
        ticket = client.post("/api/v1/tickets", json={"service_id": 2}).json["ticket"]
        other = login("officer2")
        assert client.post("/api/v1/counters/2/next", headers=other).json["ticket"]["id"] == ticket["id"]
        client.post(f"/api/v1/tickets/{ticket['id']}/start", headers=other)
        client.post(f"/api/v1/tickets/{ticket['id']}/finish", headers=other)
    return tickets


def test_a_service_with_five_served_shows_its_figures_without_login(client, month):
    answer = client.get(f"{PREFIX}/figures?month=2026-11")
    assert answer.status_code == 200
    assert (answer.json["month"], answer.json["from"], answer.json["to"]) == ("2026-11", "2026-11-01", "2026-11-25")
    rows = {row["service_id"]: row for row in answer.json["services"]}
    first = rows[1]
    # Waits 0, 9, 18, 27, 36 min: nearest rank of 5, p50 the 3rd (18 min), p90 the 5th (36 min).
    assert (first["shown"], first["served"], first["wait_p50_s"], first["wait_p90_s"]) == (True, 5, 1080.0, 2160.0)
    target = client.get("/api/v1/services").json["services"][0]["target_wait_min"]
    assert first["within_target"] == sum(wait <= target for wait in (0, 9, 18, 27, 36)) / 5
    assert first["fee_riel"] is not None and first["processing_days"] is not None


def test_a_service_with_fewer_than_five_served_shows_its_fee_but_no_figures(client, month):
    rows = {row["service_id"]: row for row in client.get(f"{PREFIX}/figures?month=2026-11").json["services"]}
    second = rows[2]
    assert second["shown"] is False
    assert [second[k] for k in ("served", "wait_p50_s", "wait_p90_s", "within_target")] == [None] * 4
    assert second["fee_riel"] is not None  # the official fee is public whatever the month
    assert rows[3]["shown"] is False  # nobody came for it


def test_nothing_names_a_citizen_a_counter_or_an_officer(client, month):
    for path in (f"{PREFIX}/figures?month=2026-11", f"{PREFIX}/figures.csv?month=2026-11", "/office?month=2026-11"):
        text = client.get(path).get_data(as_text=True)
        for name in ("officer1", "officer2", "Counter 1", "counter_id", "officer_id", month[0]["token"]):
            assert name not in text, (path, name)


@pytest.mark.parametrize("value", ["2025-10", "2026-12", "2026-13", "2026-1", "0000-01", "november"])
def test_a_month_not_offered_is_400_naming_the_field(client, value):
    # Offered on 25 November 2026: November 2026 back to November 2025.
    answer = client.get(f"{PREFIX}/figures?month={value}")
    assert answer.status_code == 400
    assert answer.json["error"]["field"] == "month"


def test_without_a_month_it_is_this_month_and_the_oldest_offered_is_a_year_back(client):
    assert client.get(f"{PREFIX}/figures").json["month"] == "2026-11"
    assert client.get(f"{PREFIX}/figures?month=2025-11").status_code == 200


def test_the_csv_reads_back_a_row_per_service(client, month):
    answer = client.get(f"{PREFIX}/figures.csv?month=2026-11")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answer.data.decode("utf-8-sig"))))
    first = next(row for row in rows if row["service_id"] == "1")
    assert (first["served"], first["wait_p50_s"], first["shown"]) == ("5", "1080.0", "True")
    second = next(row for row in rows if row["service_id"] == "2")
    assert (second["served"], second["shown"]) == ("", "False")


def test_the_page_shows_the_month_in_khmer_and_english_without_login(client, month):
    page = client.get("/office?month=2026-11")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "How this office serves" in html and 'lang="km"' in html
    assert 'data-id="1" class="shown"' in html and 'data-id="2" class="too-few"' in html
    assert html.count("<option ") == 13  # this month and the last twelve
    assert 'value="2026-11" selected' in html
    # A month not offered shows this month instead of an error page.
    assert client.get("/office?month=1999-01").status_code == 200
