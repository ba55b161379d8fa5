"""Synthetic history (office/history_seed.py, `onewindow seed-history`): its volume, its
timestamps, its events mirroring the engine's, reproducibility, and numbers that never collide
with real issuing."""

from collections import Counter as Tally
from datetime import time, timedelta

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from peewee import fn

from office import engine
from office.clock import day_bounds_utc
from office.db import database
from office.errors import Conflict
from office.history_seed import PER_DAY_SPREAD, seed_history
from office.models import Event, Ticket, TicketSequence, User
from office.report_figures import report
from office.stats import office_stats

DAYS, PER_DAY = 3, 60


@pytest.fixture
def staffed(office):
    """The small office with two officers."""
    User.create(username="officer1", password_hash="-", role="officer")
    User.create(username="officer2", password_hash="-", role="officer")
    return office


def seed(clock, seed=7, days=DAYS, per_day=PER_DAY):
    return seed_history(days=days, per_day=per_day, today=clock.local_day(), zone=clock.zone, seed=seed)


def history_rows():
    tickets = list(
        Ticket.select(
            Ticket.id,
            Ticket.service,
            Ticket.number,
            Ticket.day,
            Ticket.status,
            Ticket.priority,
            Ticket.issued_at,
            Ticket.first_called_at,
            Ticket.called_at,
            Ticket.started_at,
            Ticket.finished_at,
            Ticket.counter,
            Ticket.officer,
            Ticket.estimated_wait_s,
            Ticket.fee_riel,
            Ticket.token,
        )
        .order_by(Ticket.id)
        .tuples()
    )
    events = list(
        Event.select(Event.at, Event.kind, Event.ticket, Event.service, Event.counter, Event.actor, Event.details)
        .where(Event.ticket.is_null(False))
        .order_by(Event.id)
        .tuples()
    )
    return tickets, events


def test_each_day_before_today_has_about_per_day_tickets(staffed, clock):
    done = seed(clock)
    today = clock.local_day()
    per_day = Tally(day for (day,) in Ticket.select(Ticket.day).tuples())
    assert sorted(per_day) == [today - timedelta(days=d) for d in range(DAYS, 0, -1)]
    for count in per_day.values():
        assert PER_DAY * (1 - PER_DAY_SPREAD) - 1 <= count <= PER_DAY * (1 + PER_DAY_SPREAD) + 1
    assert done.tickets == Ticket.select().count()
    assert done.events == Event.select().count()


def test_each_counters_officer_signs_in_pauses_for_lunch_and_signs_out_after_the_last_citizen(staffed, clock):
    seed(clock, days=1)
    zone = clock.zone
    for counter_id in {t.counter_id for t in Ticket.select() if t.counter_id}:
        session = list(Event.select().where((Event.counter == counter_id) & Event.ticket.is_null()).order_by(Event.at))
        assert [e.kind for e in session] == ["signed_in", "paused", "resumed", "signed_out"]
        assert len({e.actor_id for e in session}) == 1
        signed_in, paused, resumed, signed_out = (e.at.astimezone(zone) for e in session)
        assert signed_in.time() < time(7, 30) and paused.hour >= 12 and 45 <= (resumed - paused).seconds / 60 <= 75
        last = Event.select(fn.MAX(Event.at)).where((Event.counter == counter_id) & Event.ticket.is_null(False))
        assert signed_out > last.scalar().astimezone(zone)
    # So the reports have the officers' time: signed in the whole day, of which about an hour paused.
    day = clock.local_day() - timedelta(days=1)
    [officer] = report(day, day, zone, now=clock.now)["officers"][:1]
    assert officer["signed_in_s"] > 8 * 3600 and 2700 <= officer["paused_s"] <= 4500
    parts = officer["busy_s"] + officer["idle_s"] + officer["paused_s"]
    assert parts == pytest.approx(officer["signed_in_s"], abs=0.01)


def test_timestamps_are_in_order_and_each_state_has_its_times(staffed, clock):
    seed(clock, per_day=150)
    for t in Ticket.select():
        assert t.issued_at < t.first_called_at <= t.called_at, t.number
        assert clock.local_day(t.issued_at) == t.day
        assert t.counter_id is not None and t.officer_id is not None
        assert t.estimated_wait_s is not None and t.estimated_wait_s >= 0
        assert t.fee_riel == {"A": 1000, "B": 50000, "C": 30000}[t.number[0]]
        if t.status == Ticket.DONE:
            assert t.called_at < t.started_at < t.finished_at
        else:
            assert t.status == Ticket.NO_SHOW and t.started_at is None and t.finished_at is None
    statuses = Tally(t.status for t in Ticket.select())
    assert statuses[Ticket.NO_SHOW] > 0 and statuses[Ticket.DONE] > statuses[Ticket.NO_SHOW] * 5
    assert Ticket.select().where(Ticket.priority).exists()


def test_the_events_are_the_engines_for_each_ticket(staffed, clock):
    seed(clock, per_day=150)
    by_ticket = {}
    for e in Event.select().where(Event.ticket.is_null(False)).order_by(Event.at, Event.id):
        by_ticket.setdefault(e.ticket_id, []).append(e)
    transfers = 0
    for t in Ticket.select():
        events = by_ticket[t.id]
        kinds = [e.kind for e in events if e.kind != "recalled"]
        issued = events[0]
        assert issued.kind == "issued" and issued.at == t.issued_at
        assert issued.details == {"number": t.number, "priority": t.priority}
        assert [e.at for e in events if e.kind == "called"][0] == t.first_called_at
        assert kinds[-1] == {"done": "finished", "no_show": "no_show"}[t.status]
        assert events[-1].counter_id == t.counter_id and events[-1].actor_id == t.officer_id
        assert events[-1].service_id == t.service_id
        if "transferred" in kinds:
            transfers += 1
            moved = next(e for e in events if e.kind == "transferred")
            assert kinds == ["issued", "called", "started", "transferred", "called", *kinds[5:]]
            assert moved.details["to_service_id"] == t.service_id == moved.service_id
            assert moved.details["from_service_id"] == events[0].service_id != t.service_id
            assert moved.details["from_status"] == "serving"
        else:
            assert kinds in (["issued", "called", "started", "finished"], ["issued", "called", "no_show"])
    assert transfers > 0
    # Reports read the same history from either table.
    first = clock.local_day() - timedelta(days=DAYS)
    stats = office_stats(first, clock.local_day(), clock.zone)
    assert sum(row["served"] for row in stats["services"]) == Event.select().where(Event.kind == "finished").count()


def test_the_same_seed_writes_the_same_history(staffed, clock):
    seed(clock, seed=11)
    first = history_rows()
    Event.delete().execute()
    Ticket.delete().execute()
    TicketSequence.delete().execute()
    seed(clock, seed=11)
    again = history_rows()
    assert [row[1:] for row in again[0]] == [row[1:] for row in first[0]]
    assert [row[:2] + row[3:] for row in again[1]] == [row[:2] + row[3:] for row in first[1]]
    Event.delete().execute()
    Ticket.delete().execute()
    TicketSequence.delete().execute()
    seed(clock, seed=12)
    assert [row[1:] for row in history_rows()[0]] != [row[1:] for row in first[0]]


def test_numbers_run_per_prefix_and_day_and_real_issuing_goes_on_after_them(staffed, clock, bus):
    seed(clock)
    for day in {t.day for t in Ticket.select(Ticket.day)}:
        numbers = Tally()
        for t in Ticket.select().where(Ticket.day == day).order_by(Ticket.issued_at, Ticket.id):
            prefix = t.number[0]
            numbers[prefix] += 1
            assert t.number == f"{prefix}{numbers[prefix]:03d}"
        for prefix, last in numbers.items():
            assert TicketSequence.get(prefix=prefix, day=day).last == last
    yesterday = clock.local_day() - timedelta(days=1)
    today_ticket = engine.issue(staffed.civil.id, clock=clock, bus=bus).ticket
    assert today_ticket.number == "A001" and today_ticket.day == clock.local_day()
    # Issuing on a history day (a clock set back) goes on after its numbers.
    last = TicketSequence.get(prefix="A", day=yesterday).last
    clock.advance(days=-1)
    late = engine.issue(staffed.civil.id, clock=clock, bus=bus).ticket
    assert late.day == yesterday and late.number == f"A{last + 1:03d}"
    assert Ticket.select().where((Ticket.day == yesterday) & (Ticket.number == late.number)).count() == 1


def test_history_is_refused_on_days_that_have_tickets(staffed, clock):
    seed(clock, days=2)
    with pytest.raises(Conflict, match="already has tickets"):
        seed(clock, days=3)


def test_history_ends_before_today(staffed, clock):
    seed(clock, days=1)
    start, _end = day_bounds_utc(clock.local_day(), clock.local_day(), clock.zone)
    assert not Ticket.select().where(Ticket.issued_at >= start).exists()
    assert not Event.select().where((Event.at >= start) & Event.ticket.is_null(False)).exists()


@pytest.fixture
def run(tmp_path, monkeypatch, hasher, database_url):
    from onewindow import create_app
    from onewindow.cli import cli

    monkeypatch.setenv("ONEWINDOW_DATABASE_URL", database_url)
    monkeypatch.setenv("ONEWINDOW_SECRET_KEY", "cli-test")
    info = ScriptInfo(create_app=lambda: create_app({"PASSWORD_HASHER": hasher}))

    def _run(*args: str):
        result = CliRunner().invoke(cli, list(args), obj=info, catch_exceptions=False)
        database.close()
        return result

    return _run


def test_the_command_refuses_an_office_without_services(run):
    assert run("init").exit_code == 0
    result = run("seed-history", "--days", "2", "--per-day", "10")
    assert result.exit_code != 0
    assert "no active services, counters, officers" in result.output
    assert "onewindow init --demo" in result.output


def test_the_command_writes_the_demo_office_history_and_says_how_much(run):
    assert run("init", "--demo").exit_code == 0
    with database.connection_context():
        before = Event.select().count()  # the demo office's own (its kiosk enrolled)
    result = run("seed-history", "--days", "2", "--per-day", "100", "--seed", "3")
    assert result.exit_code == 0, result.output
    with database.connection_context():
        tickets, events = Ticket.select().count(), Event.select().count() - before
    assert f"{tickets:,} tickets, {events:,} events in" in result.output
    assert "rows/s" in result.output and 170 <= tickets <= 230
