"""GET /api/v1/reports/summary, summary.csv, summary.xlsx and tickets.csv: who may read them,
bad input, and the files opened and read back (the figures themselves are checked by hand in
tests/test_report_figures.py)."""

import csv
import io
from datetime import UTC, datetime

import openpyxl
import pytest

from tests.test_openapi import _checker

PREFIX = "/api/v1/reports"
DAY = "from=2026-11-25&to=2026-11-25"
ROUTES = ("summary", "summary.csv", "summary.xlsx", "tickets.csv")


@pytest.fixture
def day(client, login, clock):
    """Wednesday 25 November 2026 (Phnom Penh, UTC+7): 09:00 a ticket of service 1, called by
    officer1 at 09:05, started 09:06, finished 09:16; 23:50 a ticket of service 2 (still
    waiting); 00:30 on Thursday a ticket of service 1 (another day)."""
    officer = login("officer1")
    first = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    clock.advance(minutes=5)
    assert client.post("/api/v1/counters/1/next", headers=officer).json["ticket"]["id"] == first["id"]
    clock.advance(minutes=1)
    client.post(f"/api/v1/tickets/{first['id']}/start", headers=officer)
    clock.advance(minutes=10)
    client.post(f"/api/v1/tickets/{first['id']}/finish", headers=officer)
    clock.now = datetime(2026, 11, 25, 16, 50, tzinfo=UTC)  # 23:50 in Phnom Penh
    late = client.post("/api/v1/tickets", json={"service_id": 2}).json["ticket"]
    clock.now = datetime(2026, 11, 25, 17, 30, tzinfo=UTC)  # 00:30 on the 26th
    client.post("/api/v1/tickets", json={"service_id": 1})
    # Tokens issued at 09:00 have expired by now: fresh ones.
    return {"first": first, "late": late, "officer": login("officer1"), "supervisor": login("supervisor")}


@pytest.fixture
def spec(client):
    return client.get("/api/v1/openapi.json").json


def test_officers_may_not_read_reports(client, day):
    for route in ROUTES:
        assert client.get(f"{PREFIX}/{route}?{DAY}", headers=day["officer"]).status_code == 403
        assert client.get(f"{PREFIX}/{route}?{DAY}").status_code == 401


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("from=2026-13-01", "from"),
        ("to=25-11-2026", "to"),
        ("from=2026-11-26&to=2026-11-25", "to"),
        ("from=2025-01-01&to=2026-02-05", "to"),  # 401 days
        ("service=abc", "service"),
        ("counter=0", "counter"),
        ("officer=1,,2", "officer"),
        ("group=Land%00", "group"),
        ("group=" + "x" * 201, "group"),
        ("service=" + ",".join(str(i) for i in range(1, 102)), "service"),
    ],
)
def test_bad_input_names_the_field(client, login, spec, query, field):
    check = _checker(spec)
    response = client.get(f"{PREFIX}/summary?{query}", headers=login("supervisor"))
    assert response.status_code == 400
    assert response.json["error"]["field"] == field
    check(response, "get", "/reports/summary")
    assert client.get(f"{PREFIX}/summary.csv?{query}", headers=login("admin")).json["error"]["field"] == field


def test_a_year_of_tickets_is_not_refused(client, day):
    response = client.get(f"{PREFIX}/tickets.csv?from=2025-01-01&to=2026-12-31", headers=day["supervisor"])
    assert response.status_code == 200
    assert len(list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))) == 1 + 3


def test_summary_matches_its_documented_schema(client, day, spec):
    check = _checker(spec)
    answer = check(client.get(f"{PREFIX}/summary?{DAY}", headers=day["supervisor"]), "get", "/reports/summary")
    assert (answer["from"], answer["to"], answer["timezone"]) == ("2026-11-25", "2026-11-25", "Asia/Phnom_Penh")
    services = {s["service_id"]: s for s in answer["services"]}
    assert (services[1]["issued"], services[1]["served"]) == (1, 1)
    assert services[1]["wait_s"] == {"mean": 300.0, "p50": 300.0, "p90": 300.0, "max": 300.0}
    assert services[1]["walk_s"]["max"] == 60.0 and services[1]["service_s"]["max"] == 600.0
    assert (services[2]["issued"], services[2]["served"]) == (1, 0)
    assert [(h["hour"], h["issued"]) for h in answer["hours"]] == [(9, 1), (23, 1)]
    [officer] = answer["officers"]
    assert (officer["username"], officer["served"], officer["busy_s"]) == ("officer1", 1, 660.0)
    filtered = client.get(f"{PREFIX}/summary?{DAY}&service=2,2&counter=", headers=day["supervisor"])
    assert filtered.status_code == 400  # an empty list is no list
    filtered = check(
        client.get(f"{PREFIX}/summary?{DAY}&service=2", headers=day["supervisor"]), "get", "/reports/summary"
    )
    assert [s["service_id"] for s in filtered["services"]] == [2]
    assert filtered["filters"] == {"group": None, "service_ids": [2], "counter_ids": [], "officer_ids": []}


def test_every_report_route_is_documented_with_its_media_type(spec):
    for route, media in (
        ("summary", "application/json"),
        ("summary.csv", "text/csv"),
        ("summary.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("tickets.csv", "text/csv"),
    ):
        operation = spec["paths"][f"/reports/{route}"]["get"]
        assert media in operation["responses"]["200"]["content"]
        assert {"400", "401", "403"} <= set(operation["responses"])


def test_summary_csv_reads_back_in_excel_form(client, day):
    response = client.get(f"{PREFIX}/summary.csv?{DAY}", headers=day["supervisor"])
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")  # the BOM: Excel then reads UTF-8 (Khmer)
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert {r["dimension"] for r in rows} == {"services", "counters", "officers", "hours", "weekdays", "days"}
    service = next(r for r in rows if r["dimension"] == "services" and r["id"] == "1")
    name_km = client.get("/api/v1/services").json["services"][0]["name_km"]
    assert service["name_km"].endswith(name_km) and service["name_km"].startswith("A ")
    assert (service["issued"], service["served"], service["wait_mean_s"], service["within_target"]) == (
        "1",
        "1",
        "300.0",
        "1.0",
    )
    [weekday] = [r for r in rows if r["dimension"] == "weekdays"]
    assert (weekday["id"], weekday["name_en"], weekday["name_km"], weekday["issued"]) == (
        "3",
        "Wednesday",
        "ថ្ងៃពុធ",
        "2",
    )
    assert weekday["estimate_tickets"] == ""  # a service's figure: empty for a weekday
    [day_row] = [r for r in rows if r["dimension"] == "days"]  # its id and names are the date
    assert (day_row["id"], day_row["name_en"], day_row["issued"]) == ("2026-11-25", "2026-11-25", "2")


def test_summary_xlsx_has_a_sheet_per_dimension(client, day):
    response = client.get(f"{PREFIX}/summary.xlsx?{DAY}", headers=day["supervisor"])
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data), read_only=True)
    assert book.sheetnames == ["services", "counters", "officers", "hours", "weekdays", "days", "out_of_order_calls"]
    sheet = list(book["services"].iter_rows(values_only=True))
    header, rows = sheet[0], [dict(zip(sheet[0], row, strict=True)) for row in sheet[1:]]
    assert header[:3] == ("id", "name_en", "name_km")
    first = next(r for r in rows if r["id"] == 1)
    name_km = client.get("/api/v1/services").json["services"][0]["name_km"]
    assert first["name_km"] == f"A {name_km}" and first["served"] == 1 and first["wait_mean_s"] == 300.0
    officers = list(book["officers"].iter_rows(values_only=True))
    assert dict(zip(officers[0], officers[1], strict=True))["name_en"] == "officer1"


def test_tickets_csv_lists_the_periods_tickets_in_office_time(client, day):
    response = client.get(f"{PREFIX}/tickets.csv?{DAY}", headers=day["supervisor"])
    assert response.status_code == 200
    assert response.is_streamed
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [r["number"] for r in rows] == [day["first"]["number"], day["late"]["number"]]  # not Thursday's
    first, late = rows
    assert (first["issued_at"], first["first_called_at"], first["started_at"], first["finished_at"]) == (
        "2026-11-25T09:00:00+07:00",
        "2026-11-25T09:05:00+07:00",
        "2026-11-25T09:06:00+07:00",
        "2026-11-25T09:16:00+07:00",
    )
    assert (first["status"], first["counter"], first["officer"], first["priority"]) == (
        "done",
        "Counter 1",
        "officer1",
        "0",
    )
    assert first["estimated_wait_s"] == str(day["first"]["estimated_wait_s"])
    assert (late["issued_at"], late["status"], late["counter"], late["called_at"]) == (
        "2026-11-25T23:50:00+07:00",
        "waiting",
        "",
        "",
    )


def test_tickets_csv_reads_in_chunks(client, day, monkeypatch):
    from office import report_exports

    monkeypatch.setattr(report_exports, "TICKET_LOG_CHUNK", 1)
    response = client.get(f"{PREFIX}/tickets.csv?from=2026-11-25&to=2026-11-26", headers=day["supervisor"])
    chunks = list(response.response)
    assert len(chunks) == 1 + 3  # the header, then a chunk per ticket
    assert len(list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8-sig"))))) == 1 + 3


def test_tickets_csv_chunks_keep_tickets_issued_at_the_same_moment(client, login, monkeypatch):
    from office import report_exports

    monkeypatch.setattr(report_exports, "TICKET_LOG_CHUNK", 2)
    numbers = [client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]["number"] for _ in range(5)]
    response = client.get(f"{PREFIX}/tickets.csv?{DAY}", headers=login("supervisor"))
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [r["number"] for r in rows] == numbers  # one issue time, five tickets, chunks of two


def test_ticket_log_times_are_the_zones_own_across_summer_time():
    # The log adds each span's offset instead of converting every time: the same text as
    # converting, before, across and after London's change, and past the period's end.
    from zoneinfo import ZoneInfo

    from office.clock import to_millis
    from office.report_exports import _local_iso

    london = ZoneInfo("Europe/London")
    start, end = (to_millis(datetime(2026, 3, d, tzinfo=london)) for d in (28, 30))
    local = _local_iso(start, end, london)
    for ms in (start, start + 3_600_000 * 25 - 1, start + 3_600_000 * 25, end - 1, end + 5_000, end + 86_400_000 * 200):
        expected = datetime.fromtimestamp(ms // 1000, UTC).astimezone(london).isoformat(timespec="seconds")
        assert local(ms) == expected
    assert local(start + 3_600_000 * 25 + 1000) == "2026-03-29T02:00:01+01:00"
