"""The reports' daily rows (office/daily_figures.py): what the engine keeps as the office works
is exactly what the record rebuilds; a report read from them (months and days, binned
percentiles) says what the tickets themselves say; the officers' days that are over are kept
once and read back the same. On SQLite and PostgreSQL."""

import random
import threading
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from office import counters, daily_figures, engine
from office.clock import day_bounds_utc, to_millis
from office.daily_figures import bin_of, bin_width
from office.db import database
from office.errors import DomainError
from office.history_seed import seed_history
from office.models import FigureCell, FigureDuration, OfficerDay, OfficerDayDone, Ticket, User
from office.officer_time import officer_times
from office.report_figures import Filters, report
from office.stats import office_stats
from tests.test_report_figures import THURSDAY, WEDNESDAY, history  # noqa: F401 (a fixture)

ZONE = ZoneInfo("Asia/Phnom_Penh")


def cells() -> list[tuple]:
    fields = [f for f in FigureCell._meta.sorted_fields if f.name != "id"]
    return sorted(FigureCell.select(*fields).tuples())


def durations() -> list[tuple]:
    fields = [f for f in FigureDuration._meta.sorted_fields if f.name != "id"]
    return sorted(FigureDuration.select(*fields).tuples())


def busy_days(office, clock, bus, *, days=3, tickets_a_day=40, seed=11):
    """Days of an office driven through the engine by chance: issues, calls, recalls, starts,
    finishes, no-shows, transfers and cancellations, some tickets left waiting at the end, the
    evenings running past midnight."""
    rng = random.Random(seed)
    ana = User.create(username="ana", password_hash="-", role="officer")
    bo = User.create(username="bo", password_hash="-", role="officer")
    staff = {office.one.id: ana.id, office.two.id: bo.id}
    services = [office.civil, office.land, office.transport]
    first = clock.local_day()
    for day in range(days):
        clock.now = datetime.combine(first + timedelta(days=day), datetime.min.time(), ZONE).replace(hour=8)
        clock.now = clock.now.astimezone(UTC)
        for counter_id, officer_id in staff.items():
            counters.sign_in(counter_id, actor_id=officer_id, clock=clock, bus=bus)
        for step in range(tickets_a_day * 4):
            clock.advance(seconds=rng.randint(20, 400))
            if step % 4 == 0:
                engine.issue(rng.choice(services).id, clock=clock, bus=bus)
                continue
            counter_id = rng.choice(list(staff))
            officer_id = staff[counter_id]
            current = engine.current_ticket(counter_id)
            try:
                if current is None:
                    engine.call_next(counter_id, officer_id=officer_id, clock=clock, bus=bus)
                elif current.status == "called":
                    action = rng.choice(["start", "start", "start", "recall", "no_show", "cancel"])
                    getattr(engine, action)(current.id, actor_id=officer_id, clock=clock, bus=bus)
                else:
                    action = rng.choice(["finish", "finish", "finish", "finish", "transfer"])
                    if action == "transfer":
                        target = rng.choice([s for s in services if s.id != current.service_id])
                        engine.transfer(current.id, target.id, actor_id=officer_id, clock=clock, bus=bus)
                    else:
                        engine.finish(current.id, actor_id=officer_id, clock=clock, bus=bus)
            except DomainError:
                pass  # e.g. nobody waiting for this counter's services
            if step == tickets_a_day * 2:
                counters.pause(counter_id, actor_id=officer_id, clock=clock, bus=bus)
                clock.advance(minutes=rng.randint(5, 30))
                counters.resume(counter_id, actor_id=officer_id, clock=clock, bus=bus)
        for counter_id, officer_id in staff.items():
            current = engine.current_ticket(counter_id)
            if current is not None:  # the last citizen of the day: served, or gone
                end = engine.finish if current.status == "serving" else engine.no_show
                end(current.id, actor_id=officer_id, clock=clock, bus=bus)
            counters.sign_out(counter_id, actor_id=officer_id, clock=clock, bus=bus)
    return first, clock.local_day()


def test_what_the_engine_keeps_is_what_the_record_rebuilds(office, clock, bus):
    first, last = busy_days(office, clock, bus)
    kept_cells, kept_durations = cells(), durations()
    day_cells = FigureCell.select().where(FigureCell.span == "d")
    for column in ("issued", "served", "no_show", "cancelled", "transferred", "recalls"):
        assert sum(getattr(cell, column) for cell in day_cells) > 0, column  # every kind of change happened
    assert Ticket.select().where(Ticket.status == "waiting").count() > 0  # some left open
    daily_figures.rebuild(first, last, clock.zone)
    assert cells() == kept_cells
    assert durations() == kept_durations


def test_the_hand_built_day_is_kept_as_the_record_says(history):  # noqa: F811
    kept_cells, kept_durations = cells(), durations()
    daily_figures.rebuild(WEDNESDAY, THURSDAY, ZONE)
    assert cells() == kept_cells
    assert durations() == kept_durations


def test_a_day_cell_holds_the_ended_tickets_and_the_moves(history):  # noqa: F811
    office = history.office
    rows = FigureCell.select().where((FigureCell.span == "d") & (FigureCell.day == WEDNESDAY))
    by_key = {(r.service_id, r.counter_id, r.officer_id, r.hour): r for r in rows}
    # A001 and C001 (transferred to civil) ended there: civil, counter 1, ana, issued at 9.
    # Waits 600 and 1200 s (target 15 min: one on target), walks 60 + 60, services 600 + 600;
    # printed estimates 300 and 0 s: off by 300 (within 5 min) and 1200.
    cell = by_key[(office.civil.id, office.one.id, history.ana, 9)]
    assert (cell.issued, cell.served, cell.on_target) == (2, 2, 1)
    assert (cell.wait_n, cell.wait_ms, cell.wait_max) == (2, 1_800_000, 1_200_000)
    assert (cell.walk_ms, cell.service_ms, cell.service_max) == (120_000, 1_200_000, 600_000)
    assert (cell.estimate_n, cell.estimate_error_ms, cell.estimate_within, cell.weekday) == (2, 1_500_000, 1, 3)
    # C001 was transferred from transport at counter 2 by bo: counted there, issued nowhere there.
    moved = by_key[(office.transport.id, office.two.id, history.bo, 9)]
    assert (moved.issued, moved.transferred) == (0, 1)
    month = FigureCell.get(
        (FigureCell.span == "m")
        & (FigureCell.day == date(2026, 11, 1))
        & (FigureCell.service_id == office.civil.id)
        & (FigureCell.counter_id == office.one.id)
        & (FigureCell.hour == 9)
    )
    assert (month.weekday, month.issued) == (0, cell.issued)


def test_each_day_of_the_period_is_a_row_of_the_tickets_issued_that_day(history):  # noqa: F811
    figures = report(WEDNESDAY, THURSDAY, ZONE, now=history.now)
    # Five tickets issued on Wednesday (B002 at 23:50, served after midnight); none on Thursday.
    # Waits 600, 960, 1200, 1200 s (A002 was cancelled before its call): mean 990; nearest rank
    # of 4: p50 the 2nd, p90 the 4th.
    [wednesday] = figures["days"]
    assert (wednesday["day"], wednesday["issued"], wednesday["served"]) == ("2026-11-25", 5, 3)
    assert wednesday["wait_s"] == {"mean": 990.0, "p50": 960.0, "p90": 1200.0, "max": 1200.0}
    assert len(report(WEDNESDAY, THURSDAY, ZONE, now=history.now, exact_up_to=0)["days"]) == 1


def test_bins_hold_each_duration_within_a_few_percent():
    for ms in (0, 4_999, 5_000, 119_999, 120_000, 599_999, 1_799_999, 7_199_999, 28_799_999, 90_000_000):
        lower = bin_of(ms)
        assert lower <= ms < lower + bin_width(lower)
    assert bin_width(bin_of(59_000)) == 5_000
    assert bin_width(bin_of(25 * 60_000)) == 30_000
    assert bin_width(bin_of(90 * 60_000)) == 60_000


@pytest.fixture
def seeded(office, clock):
    """About 75 days of synthetic history ending yesterday: whole months and days around them."""
    User.create(username="officer1", password_hash="-", role="officer")
    clock.now = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
    seed_history(days=75, per_day=30, today=clock.local_day(), zone=clock.zone, seed=3)
    return clock.local_day() - timedelta(days=75), clock.local_day() - timedelta(days=1)


def test_binned_figures_agree_with_the_tickets(seeded, clock):
    first, last = seeded  # 11 September .. 24 November: October whole, days on both sides
    exact = report(first, last, ZONE, now=clock.now, exact_up_to=10**9)
    binned = report(first, last, ZONE, now=clock.now, exact_up_to=0)
    assert (exact["percentiles"], binned["percentiles"]) == ("exact", "binned")
    for name in ("services", "counters", "officers", "hours", "weekdays", "days"):
        assert len(exact[name]) == len(binned[name]) > 0
        for want, got in zip(exact[name], binned[name], strict=True):
            for column in ("issued", "served", "no_show", "cancelled", "transferred", "within_target"):
                assert got[column] == want[column]
            for measure in ("wait_s", "walk_s", "service_s"):
                assert got[measure]["mean"] == want[measure]["mean"]
                assert got[measure]["max"] == want[measure]["max"]
                for p in ("p50", "p90"):
                    if want[measure][p] is None:
                        assert got[measure][p] is None
                        continue
                    half_bin = bin_width(bin_of(want[measure][p] * 1000)) / 2000
                    assert abs(got[measure][p] - want[measure][p]) <= half_bin, (name, measure, p)
    assert sum(s["issued"] for s in exact["services"]) == Ticket.select().count()


def test_a_filtered_report_reads_exact_percentiles(seeded, clock, office):
    first, last = seeded
    chosen = report(first, last, ZONE, Filters(service_ids=(office.land.id,)), now=clock.now, exact_up_to=0)
    assert chosen["percentiles"] == "exact"
    assert [s["service_id"] for s in chosen["services"]] == [office.land.id]


def test_stats_are_the_reports_figures(seeded, clock):
    first, last = seeded
    stats = office_stats(first, last, ZONE)
    figures = report(first, last, ZONE, now=clock.now)
    for name in ("services", "counters", "officers"):
        key = {"services": "service_id", "counters": "counter_id", "officers": "officer_id"}[name]
        assert [(r[key], r["issued"], r["wait_s"]) for r in stats[name]] == [
            (r[key], r["issued"], r["wait_s"]) for r in figures[name]
        ]


def test_officers_days_that_are_over_are_kept_once_and_read_back_the_same(office, clock, bus):
    first, last = busy_days(office, clock, bus, days=2, tickets_a_day=15)
    start, end = (to_millis(t) for t in day_bounds_utc(first, last, ZONE))
    live = officer_times(start, end)
    assert OfficerDayDone.select().count() == 0
    the_day_after = datetime.combine(last + timedelta(days=1), datetime.min.time(), ZONE).replace(hour=9)
    officers = {o["officer_id"]: o for o in report(first, last, ZONE, now=the_day_after)["officers"]}
    assert OfficerDayDone.select().count() == 2
    assert OfficerDay.select().count() == 4  # two officers, each at one counter, two days
    for officer_id, spent in live.items():
        for part, seconds in spent.items():
            assert officers[officer_id][part] == pytest.approx(seconds, abs=0.002)
    # Read again: nothing is written twice.
    report(first, last, ZONE, now=the_day_after)
    assert OfficerDay.select().count() == 4


def test_many_counters_finishing_at_once_keep_the_rows_the_record_rebuilds(office, clock, bus):
    """Eight counters of one service call, start and finish five tickets each, all at once on
    their own connections: every end lands in the same service, hour and weekday rows."""
    from office.models import Counter, CounterService

    desks = []
    for i in range(8):
        counter = Counter.create(name=f"Desk {i}")
        CounterService.create(counter=counter, service=office.civil)
        officer = User.create(username=f"desk{i}", password_hash="-", role="officer")
        counters.sign_in(counter.id, actor_id=officer.id, clock=clock, bus=bus)
        desks.append((counter.id, officer.id))
    for _ in range(40):
        engine.issue(office.civil.id, clock=clock, bus=bus)
    clock.advance(minutes=5)
    start, failures = threading.Barrier(len(desks)), []

    def serve_five(counter_id, officer_id):
        start.wait(timeout=30)
        try:
            with database.connection_context():
                for _ in range(5):
                    ticket = engine.call_next(counter_id, officer_id=officer_id, clock=clock, bus=bus)
                    engine.start(ticket.id, actor_id=officer_id, clock=clock, bus=bus)
                    engine.finish(ticket.id, actor_id=officer_id, clock=clock, bus=bus)
        except Exception as error:  # reported below, with the thread's own traceback lost
            failures.append(repr(error))

    threads = [threading.Thread(target=serve_five, args=desk) for desk in desks]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert Ticket.select().where(Ticket.status == "done").count() == 40
    kept_cells, kept_durations = cells(), durations()
    day_cells = FigureCell.select().where(FigureCell.span == "d")
    assert sum(cell.issued for cell in day_cells) == sum(cell.served for cell in day_cells) == 40
    daily_figures.rebuild(clock.local_day(), clock.local_day(), ZONE)
    assert cells() == kept_cells
    assert durations() == kept_durations
