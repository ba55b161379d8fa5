"""Integrity signals for supervisors (office/integrity.py, GET /api/v1/reports/integrity): on a
small day written through the engine, each signal checked against what happened.

Wednesday 25 November 2026, Phnom Penh:
    09:00 ana signs in at counter 1; A001 and (09:01) A002 issued
    09:02 ana calls A002 before A001, giving the reason "elderly"; 09:03 starts it, 09:03:30
          finishes it (30 s: under the 60 s minimum)
    09:04 ana calls A001; 09:05 recalls it; 09:08 marks it a no-show
    09:10 ana pauses; 09:55 resumes (45 min: over the 30 min limit); 10:00 pauses, 10:10 resumes
    10:00 bo signs in at counter 2; 10:05 pauses, and is still paused at the day's end
"""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from office import counters, engine, integrity
from office.models import User

ZONE = ZoneInfo("Asia/Phnom_Penh")
WEDNESDAY = date(2026, 11, 25)


@pytest.fixture
def day(office, clock, bus):
    ana = User.create(username="ana", password_hash="-", role="officer")
    bo = User.create(username="bo", password_hash="-", role="officer")
    one, two = office.one.id, office.two.id

    def at(hour, minute, second=0):
        clock.now = datetime(2026, 11, 25, hour, minute, second, tzinfo=ZONE).astimezone(UTC)

    at(9, 0)
    counters.sign_in(one, actor_id=ana.id, clock=clock, bus=bus)
    engine.issue(office.civil.id, clock=clock, bus=bus)
    at(9, 1)
    a002 = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    at(9, 2)
    engine.call_ticket(one, a002.id, reason="elderly", actor_id=ana.id, clock=clock, bus=bus)
    at(9, 3)
    engine.start(a002.id, actor_id=ana.id, clock=clock, bus=bus)
    at(9, 3, 30)
    engine.finish(a002.id, actor_id=ana.id, clock=clock, bus=bus)
    at(9, 4)
    a001 = engine.call_next(one, officer_id=ana.id, clock=clock, bus=bus)
    at(9, 5)
    engine.recall(a001.id, actor_id=ana.id, clock=clock, bus=bus)
    at(9, 8)
    engine.no_show(a001.id, actor_id=ana.id, clock=clock, bus=bus)
    for pause, resume in (((9, 10), (9, 55)), ((10, 0), (10, 10))):
        at(*pause)
        counters.pause(one, actor_id=ana.id, clock=clock, bus=bus)
        at(*resume)
        counters.resume(one, actor_id=ana.id, clock=clock, bus=bus)
    at(10, 0)
    counters.sign_in(two, actor_id=bo.id, clock=clock, bus=bus)
    at(10, 5)
    counters.pause(two, actor_id=bo.id, clock=clock, bus=bus)
    at(12, 0)
    return type("Day", (), {"ana": ana.id, "bo": bo.id, "a002": a002, "office": office})


def test_an_out_of_order_call_is_listed_by_officer_and_by_reason(day):
    found = integrity.signals(WEDNESDAY, WEDNESDAY, ZONE)
    assert found["out_of_order_by_officer"] == [
        {"officer_id": day.ana, "officer": "ana", "calls": 1, "reasons": {"elderly": 1}}
    ]
    assert found["out_of_order_by_reason"] == [{"reason": "elderly", "calls": 1}]


def test_a_service_finished_under_the_minimum_is_listed(day):
    [short] = integrity.signals(WEDNESDAY, WEDNESDAY, ZONE)["short_services"]
    assert (short["number"], short["officer"], short["counter_id"], short["service_s"]) == (
        day.a002.number,
        "ana",
        day.office.one.id,
        30.0,
    )
    assert integrity.signals(WEDNESDAY, WEDNESDAY, ZONE, min_service_s=30)["short_services"] == []


def test_recalls_and_no_shows_are_counted_by_officer(day):
    [ana] = integrity.signals(WEDNESDAY, WEDNESDAY, ZONE)["recalls_and_no_shows"]
    assert ana == {"officer_id": day.ana, "officer": "ana", "called": 2, "no_show": 1, "recalls": 1}


def test_pauses_over_the_limit_are_listed_with_how_they_ended(day):
    pauses = integrity.signals(WEDNESDAY, WEDNESDAY, ZONE)["long_pauses"]
    assert [(p["officer"], p["minutes"], p["ended"]) for p in pauses] == [
        ("ana", 45.0, "resumed"),
        ("bo", 835.0, "still paused"),  # 10:05 to the day's end, midnight
    ]
    assert pauses[0]["from"] == "2026-11-25T02:10:00.000Z" and pauses[1]["to"] is None
    longer = integrity.signals(WEDNESDAY, WEDNESDAY, ZONE, long_pause_min=60)["long_pauses"]
    assert [p["officer"] for p in longer] == ["bo"]


def test_the_api_gives_them_to_supervisors_only(client, login):
    supervisor, officer = login("supervisor"), login("officer1")
    path = "/api/v1/reports/integrity?from=2026-11-25&to=2026-11-25"
    assert client.get(path, headers=officer).status_code == 403
    assert client.get(path).status_code == 401
    answer = client.get(path, headers=supervisor)
    assert answer.status_code == 200
    assert (answer.json["min_service_s"], answer.json["long_pause_min"]) == (60, 30)
    assert answer.json["short_services"] == [] and answer.json["long_pauses"] == []
    assert client.get("/api/v1/reports/integrity?from=2026-11-26&to=2026-11-25", headers=supervisor).status_code == 400
