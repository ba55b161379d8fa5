"""The reports' figures (office/report_figures.py) on a small day written through the engine,
every figure checked against a value worked out by hand below, on SQLite and PostgreSQL.

The day, Wednesday 25 November 2026, in Phnom Penh time (UTC+7). Counter 1 serves A (civil,
target wait set to 15 min here) and B (land, target 20 min); counter 2 serves B and C
(transport). Officers: ana at counter 1, bo at counter 2.

    09:00 ana signs in at counter 1; A001 issued (printed estimate 300 s)
    09:05 B001 issued (estimate 900 s)
    09:10 ana calls A001 (wait 600 s); 09:11 starts (walk 60); 09:21 finishes (service 600)
    09:21 ana calls B001 (wait 960); 09:22 recalls it; 09:25 no-show
    09:25 ana pauses; 09:30 C001 issued (estimate 0 s); 09:40 ana resumes
    09:45 bo signs in at counter 2; 09:50 calls C001 (wait 1200 = first call − issue)
    09:52 bo starts C001; 10:00 transfers it (serving) to A: it waits again, at its old place
    10:05 ana calls C001 (now an A ticket); 10:06 starts (walk 60 from this call); 10:16 finishes
          (service 600)
    10:10 bo signs out; 10:20 A002 issued; 10:25 cancelled; 10:30 ana signs out
    23:50 B002 issued (estimate 1800 s); 23:55 bo signs in at counter 2
    00:10 (Thursday 26th) bo calls B002 (wait 1200); 00:11 starts (walk 60); 00:20 finishes
          (service 540); 00:30 bo signs out
"""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from office import counters, engine
from office.clock import FakeClock, to_millis
from office.local_time import offset_spans
from office.models import Service, Ticket, User
from office.officer_time import officer_times
from office.report_figures import Filters, report

ZONE = ZoneInfo("Asia/Phnom_Penh")
WEDNESDAY, THURSDAY = date(2026, 11, 25), date(2026, 11, 26)
EMPTY = {"mean": None, "p50": None, "p90": None, "max": None}


def same(mean, p50, p90, high):
    return {"mean": mean, "p50": p50, "p90": p90, "max": high}


@pytest.fixture
def history(office, clock, bus):
    """The day above, written through the engine; the printed estimates are set by hand."""
    Service.update(target_wait_min=15).where(Service.id == office.civil.id).execute()
    ana = User.create(username="ana", password_hash="-", role="officer")
    bo = User.create(username="bo", password_hash="-", role="officer")
    one, two = office.one.id, office.two.id

    def at(hour, minute, day=WEDNESDAY):
        clock.now = datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZONE).astimezone(UTC)

    def issued(service, estimate):
        ticket = engine.issue(service.id, clock=clock, bus=bus).ticket
        Ticket.update(estimated_wait_s=estimate).where(Ticket.id == ticket.id).execute()
        return ticket

    at(9, 0)
    counters.sign_in(one, actor_id=ana.id, clock=clock, bus=bus)
    a001 = issued(office.civil, 300)
    at(9, 5)
    b001 = issued(office.land, 900)
    at(9, 10)
    assert engine.call_next(one, officer_id=ana.id, clock=clock, bus=bus).id == a001.id
    at(9, 11)
    engine.start(a001.id, actor_id=ana.id, clock=clock, bus=bus)
    at(9, 21)
    engine.finish(a001.id, actor_id=ana.id, clock=clock, bus=bus)
    assert engine.call_next(one, officer_id=ana.id, clock=clock, bus=bus).id == b001.id
    at(9, 22)
    engine.recall(b001.id, actor_id=ana.id, clock=clock, bus=bus)
    at(9, 25)
    engine.no_show(b001.id, actor_id=ana.id, clock=clock, bus=bus)
    counters.pause(one, actor_id=ana.id, clock=clock, bus=bus)
    at(9, 30)
    c001 = issued(office.transport, 0)
    at(9, 40)
    counters.resume(one, actor_id=ana.id, clock=clock, bus=bus)
    at(9, 45)
    counters.sign_in(two, actor_id=bo.id, clock=clock, bus=bus)
    at(9, 50)
    assert engine.call_next(two, officer_id=bo.id, clock=clock, bus=bus).id == c001.id
    at(9, 52)
    engine.start(c001.id, actor_id=bo.id, clock=clock, bus=bus)
    at(10, 0)
    engine.transfer(c001.id, office.civil.id, actor_id=bo.id, clock=clock, bus=bus)
    at(10, 5)
    assert engine.call_next(one, officer_id=ana.id, clock=clock, bus=bus).id == c001.id
    at(10, 6)
    engine.start(c001.id, actor_id=ana.id, clock=clock, bus=bus)
    at(10, 10)
    counters.sign_out(two, actor_id=bo.id, clock=clock, bus=bus)
    at(10, 16)
    engine.finish(c001.id, actor_id=ana.id, clock=clock, bus=bus)
    at(10, 20)
    a002 = issued(office.civil, 600)
    at(10, 25)
    engine.cancel(a002.id, clock=clock, bus=bus)
    at(10, 30)
    counters.sign_out(one, actor_id=ana.id, clock=clock, bus=bus)
    at(23, 50)
    b002 = issued(office.land, 1800)
    at(23, 55)
    counters.sign_in(two, actor_id=bo.id, clock=clock, bus=bus)
    at(0, 10, THURSDAY)
    assert engine.call_next(two, officer_id=bo.id, clock=clock, bus=bus).id == b002.id
    at(0, 11, THURSDAY)
    engine.start(b002.id, actor_id=bo.id, clock=clock, bus=bus)
    at(0, 20, THURSDAY)
    engine.finish(b002.id, actor_id=bo.id, clock=clock, bus=bus)
    at(0, 30, THURSDAY)
    counters.sign_out(two, actor_id=bo.id, clock=clock, bus=bus)
    at(1, 0, THURSDAY)
    return type("History", (), {"ana": ana.id, "bo": bo.id, "office": office, "now": clock.now})


def by(rows, key):
    return {row[key]: row for row in rows}


def test_per_service(history):
    office = history.office
    services = by(report(WEDNESDAY, WEDNESDAY, ZONE, now=history.now)["services"], "service_id")
    assert set(services) == {office.civil.id, office.land.id, office.transport.id}
    # A: A001, C001 (transferred in: it counts where it ended), A002 (cancelled). Waits 600 and
    # 1200 (nearest rank of 2 values: p50 the 1st, p90 the 2nd); within the 15 min target
    # (900 s): A001 only, so 1 of 2 served.
    civil = services[office.civil.id]
    assert (civil["name_km"], civil["group_en"], civil["target_wait_min"]) == ("នីត្យានុកូលកម្ម", "Administration", 15)
    assert (civil["issued"], civil["served"], civil["no_show"], civil["cancelled"], civil["transferred"]) == (
        3,
        2,
        0,
        1,
        0,
    )
    assert civil["wait_s"] == same(900.0, 600.0, 1200.0, 1200.0)
    assert civil["walk_s"] == same(60.0, 60.0, 60.0, 60.0)
    assert civil["service_s"] == same(600.0, 600.0, 600.0, 600.0)
    assert civil["within_target"] == 0.5
    # Estimates: A001 300 against 600 (off by 300: within ±5 min), C001 0 against 1200 (off by
    # 1200); A002 was never called. Mean 750, half within.
    assert civil["estimate"] == {"tickets": 2, "mean_abs_error_s": 750.0, "within_5min": 0.5}
    # B: B001 (no-show after 960 s; called, never started: no walk), B002 (1200 s, exactly the
    # 20 min target: within).
    land = services[office.land.id]
    assert (land["issued"], land["served"], land["no_show"], land["cancelled"], land["transferred"]) == (2, 1, 1, 0, 0)
    assert land["wait_s"] == same(1080.0, 960.0, 1200.0, 1200.0)
    assert land["walk_s"] == same(60.0, 60.0, 60.0, 60.0)
    assert land["service_s"] == same(540.0, 540.0, 540.0, 540.0)
    assert land["within_target"] == 1.0
    # 900 against 960 (off 60), 1800 against 1200 (off 600).
    assert land["estimate"] == {"tickets": 2, "mean_abs_error_s": 330.0, "within_5min": 0.5}
    # C: no ticket ends there, but C001 was transferred out of it.
    transport = services[office.transport.id]
    assert (transport["issued"], transport["served"], transport["transferred"]) == (0, 0, 1)
    assert transport["wait_s"] == EMPTY and transport["within_target"] is None
    assert transport["estimate"] == {"tickets": 0, "mean_abs_error_s": None, "within_5min": None}


def test_per_counter_and_officer(history):
    office = history.office
    figures = report(WEDNESDAY, WEDNESDAY, ZONE, now=history.now)
    counters_ = by(figures["counters"], "counter_id")
    # A002 never reached a counter: no row for it. Counter 1 last held A001, B001 and C001:
    # waits 600, 960, 1200 (p50: the 2nd of 3, p90: the 3rd).
    one = counters_[office.one.id]
    assert set(counters_) == {office.one.id, office.two.id}
    assert one["name"] == "Counter 1"
    assert (one["issued"], one["served"], one["no_show"], one["cancelled"], one["transferred"]) == (3, 2, 1, 0, 0)
    assert one["wait_s"] == same(920.0, 960.0, 1200.0, 1200.0)
    assert one["walk_s"] == same(60.0, 60.0, 60.0, 60.0)
    assert one["within_target"] == 0.5
    # Counter 2 holds B002, and the transfer of C001 happened there.
    two = counters_[office.two.id]
    assert (two["issued"], two["served"], two["transferred"]) == (1, 1, 1)
    assert two["service_s"] == same(540.0, 540.0, 540.0, 540.0)

    officers = by(figures["officers"], "officer_id")
    ana, bo = officers[history.ana], officers[history.bo]
    assert ana["username"] == "ana"
    assert (ana["issued"], ana["served"], ana["no_show"], ana["transferred"], ana["recalls"]) == (3, 2, 1, 0, 1)
    assert ana["service_time_s"] == 1200.0  # A001 600 + C001 600
    # ana, 09:00-10:30 signed in (5400 s): busy 09:10-09:25 (A001, then B001 until its no-show)
    # and 10:05-10:16 (C001): 900 + 660; paused 09:25-09:40: 900; idle 09:00-09:10,
    # 09:40-10:05, 10:16-10:30: 600 + 1500 + 840.
    assert (ana["signed_in_s"], ana["busy_s"], ana["paused_s"], ana["idle_s"]) == (5400.0, 1560.0, 900.0, 2940.0)
    # bo on Wednesday: 09:45-10:10 (idle 300, C001 09:50-10:00 until he transferred it, idle
    # 600) and 23:55-24:00 (idle 300): the night's call falls on Thursday.
    assert (bo["issued"], bo["served"], bo["transferred"], bo["service_time_s"], bo["recalls"]) == (1, 1, 1, 540.0, 0)
    assert (bo["signed_in_s"], bo["busy_s"], bo["paused_s"], bo["idle_s"]) == (1800.0, 600.0, 0.0, 1200.0)


def test_per_hour_and_weekday_in_office_time(history):
    figures = report(WEDNESDAY, WEDNESDAY, ZONE, now=history.now)
    hours = by(figures["hours"], "hour")
    # Issued at 09:00, 09:05, 09:30; 10:20; 23:50 (16:50 UTC: the office's hour, not UTC's).
    assert set(hours) == {9, 10, 23}
    nine = hours[9]
    assert (nine["issued"], nine["served"], nine["no_show"], nine["cancelled"], nine["transferred"]) == (3, 2, 1, 0, 1)
    assert nine["wait_s"] == same(920.0, 960.0, 1200.0, 1200.0)
    assert nine["within_target"] == 0.5
    assert (hours[10]["issued"], hours[10]["cancelled"], hours[10]["within_target"]) == (1, 1, None)
    assert hours[10]["wait_s"] == EMPTY
    assert (hours[23]["issued"], hours[23]["served"], hours[23]["within_target"]) == (1, 1, 1.0)
    # Every ticket on Wednesday (ISO 3), B002 included though it was served on Thursday.
    [wednesday] = figures["weekdays"]
    assert wednesday["weekday"] == 3
    assert (wednesday["issued"], wednesday["served"], wednesday["no_show"], wednesday["cancelled"]) == (5, 3, 1, 1)
    assert wednesday["transferred"] == 1
    # Waits 600, 960, 1200, 1200: p50 the 2nd, p90 the 4th; services 540, 600, 600.
    assert wednesday["wait_s"] == same(990.0, 960.0, 1200.0, 1200.0)
    assert wednesday["service_s"] == same(580.0, 600.0, 600.0, 600.0)
    assert wednesday["within_target"] == round(2 / 3, 4)  # A001 and B002 of A001, C001, B002


def test_the_next_day_has_no_tickets_but_the_night_shift(history):
    figures = report(THURSDAY, THURSDAY, ZONE, now=history.now)
    assert figures["services"] == figures["counters"] == figures["hours"] == figures["weekdays"] == []
    # bo was signed in at midnight (known from the evening's sign-in): idle 00:00-00:10,
    # busy 00:10-00:20 (B002), idle 00:20-00:30.
    [bo] = figures["officers"]
    assert bo["officer_id"] == history.bo and bo["issued"] == 0
    assert (bo["signed_in_s"], bo["busy_s"], bo["paused_s"], bo["idle_s"]) == (1800.0, 600.0, 0.0, 1200.0)
    both = by(report(WEDNESDAY, THURSDAY, ZONE, now=history.now)["officers"], "officer_id")
    assert (both[history.bo]["signed_in_s"], both[history.bo]["idle_s"]) == (3600.0, 2400.0)


def test_an_open_session_counts_until_now(history, clock, bus):
    counters.sign_in(history.office.one.id, actor_id=history.ana, clock=clock, bus=bus)  # 01:00 Thursday
    now = clock.now + timedelta(minutes=45)
    [ana] = [r for r in report(THURSDAY, THURSDAY, ZONE, now=now)["officers"] if r["officer_id"] == history.ana]
    assert (ana["signed_in_s"], ana["idle_s"]) == (2700.0, 2700.0)


def test_filters_choose_tickets(history):
    office = history.office
    only_two = report(WEDNESDAY, WEDNESDAY, ZONE, Filters(counter_ids=(office.two.id,)), now=history.now)
    # Counter 2 holds only B002 now (C001 ended at counter 1), but C001 was transferred away
    # from transport there: a transfer counts where it happened.
    services = by(only_two["services"], "service_id")
    assert sorted(services) == [office.land.id, office.transport.id]
    assert (services[office.land.id]["issued"], services[office.land.id]["transferred"]) == (1, 0)
    assert (services[office.transport.id]["issued"], services[office.transport.id]["transferred"]) == (0, 1)
    assert [c["counter_id"] for c in only_two["counters"]] == [office.two.id]
    assert [o["officer_id"] for o in only_two["officers"]] == [history.bo]  # time at counter 2 only
    land = report(WEDNESDAY, WEDNESDAY, ZONE, Filters(group="Land"), now=history.now)
    assert [(s["service_id"], s["issued"]) for s in land["services"]] == [(office.land.id, 2)]
    ana = report(WEDNESDAY, WEDNESDAY, ZONE, Filters(officer_ids=(history.ana,)), now=history.now)
    assert [o["officer_id"] for o in ana["officers"]] == [history.ana]
    assert sum(h["issued"] for h in ana["hours"]) == 3
    services = report(WEDNESDAY, WEDNESDAY, ZONE, Filters(service_ids=(office.civil.id,)), now=history.now)
    assert [w["issued"] for w in services["weekdays"]] == [3]


def test_officer_times_without_a_period_end_use_the_period(history):
    start = to_millis(datetime(2026, 11, 25, 0, 0, tzinfo=ZONE))
    end = to_millis(datetime(2026, 11, 26, 0, 0, tzinfo=ZONE))
    assert officer_times(start, end)[history.ana]["signed_in_s"] == 5400.0


def test_offset_spans_follow_summer_time():
    # Europe/London moves from UTC+0 to UTC+1 at 01:00 UTC on Sunday 29 March 2026.
    london = ZoneInfo("Europe/London")
    start = to_millis(datetime(2026, 3, 27, tzinfo=london))
    end = to_millis(datetime(2026, 3, 31, tzinfo=london))
    change = to_millis(datetime(2026, 3, 29, 1, 0, tzinfo=UTC))
    assert offset_spans(start, end, london) == [(start, 0), (change, 3_600_000)]
    assert offset_spans(start, end, ZONE) == [(start, 7 * 3_600_000)]


def test_a_ticket_held_across_midnight_keeps_the_counter_busy(office, clock, bus):
    # 23:50 Wednesday cy signs in at counter 1 and pauses; 23:52 resumes; 23:55 calls A001;
    # 00:05 Thursday finishes; 00:15 signs out. Thursday: busy 00:00-00:05 (the call was on
    # Wednesday), idle 00:05-00:15. Wednesday: idle 23:50-23:55 less the pause, busy 23:55-24:00.
    cy = User.create(username="cy", password_hash="-", role="officer").id
    clock.now = datetime(2026, 11, 25, 23, 50, tzinfo=ZONE).astimezone(UTC)
    counters.sign_in(office.one.id, actor_id=cy, clock=clock, bus=bus)
    counters.pause(office.one.id, actor_id=cy, clock=clock, bus=bus)
    ticket = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    clock.advance(minutes=2)
    counters.resume(office.one.id, actor_id=cy, clock=clock, bus=bus)
    clock.advance(minutes=3)
    engine.call_next(office.one.id, officer_id=cy, clock=clock, bus=bus)
    engine.start(ticket.id, actor_id=cy, clock=clock, bus=bus)
    clock.advance(minutes=10)
    engine.finish(ticket.id, actor_id=cy, clock=clock, bus=bus)
    clock.advance(minutes=10)
    counters.sign_out(office.one.id, actor_id=cy, clock=clock, bus=bus)
    [thursday] = report(THURSDAY, THURSDAY, ZONE, now=clock.now)["officers"]
    assert (thursday["signed_in_s"], thursday["busy_s"], thursday["paused_s"], thursday["idle_s"]) == (
        900.0,
        300.0,
        0.0,
        600.0,
    )
    [wednesday] = report(WEDNESDAY, WEDNESDAY, ZONE, now=clock.now)["officers"]
    assert (wednesday["signed_in_s"], wednesday["busy_s"], wednesday["paused_s"], wednesday["idle_s"]) == (
        600.0,
        300.0,
        120.0,
        180.0,
    )
    assert wednesday["service_time_s"] == 600.0  # the ticket counts on the day it was issued


def test_hours_follow_summer_time_in_sql(office, bus):
    # An office in London: 10:00 local on Saturday 28 March 2026 is 10:00 UTC, on Sunday the
    # 29th (summer time since 01:00 UTC) 09:00 UTC; both are the office's hour 10.
    london = ZoneInfo("Europe/London")
    clock = FakeClock(datetime(2026, 3, 28, 10, 0, tzinfo=london), london)
    engine.issue(office.civil.id, clock=clock, bus=bus)
    clock.now = datetime(2026, 3, 29, 10, 0, tzinfo=london).astimezone(UTC)
    assert clock.now.hour == 9
    engine.issue(office.civil.id, clock=clock, bus=bus)
    figures = report(date(2026, 3, 28), date(2026, 3, 29), london, now=clock.now)
    assert [(h["hour"], h["issued"]) for h in figures["hours"]] == [(10, 2)]
    assert [(w["weekday"], w["issued"]) for w in figures["weekdays"]] == [(6, 1), (7, 1)]
