"""The queue rules, driven by a fake clock, on every supported database."""

from datetime import UTC, datetime

import pytest

from office import engine
from office.errors import Conflict, CounterBusy, IllegalTransition, InvalidInput, NotFound
from office.models import Event, Service, Ticket


def issue(office_service, clock, bus, **kwargs) -> Ticket:
    return engine.issue(office_service.id, clock=clock, bus=bus, **kwargs).ticket


def kinds(ticket: Ticket) -> list[str]:
    return [e.kind for e in Event.select().where(Event.ticket == ticket.id).order_by(Event.id)]


# --- issuing --------------------------------------------------------------------------


def test_numbers_run_per_service_with_the_service_prefix(office, clock, bus):
    numbers = [issue(office.civil, clock, bus).number for _ in range(3)] + [issue(office.land, clock, bus).number]
    assert numbers == ["A001", "A002", "A003", "B001"]


def test_a_new_ticket_is_waiting_with_its_issue_time_and_an_unguessable_token(office, clock, bus):
    clock.advance(seconds=1.2345)
    ticket = issue(office.civil, clock, bus)
    assert ticket.status == "waiting"
    assert ticket.issued_at == datetime(2026, 11, 25, 2, 0, 1, 234000, tzinfo=UTC)
    assert len(ticket.token) >= 22
    assert ticket.token != issue(office.civil, clock, bus).token
    assert kinds(ticket) == ["issued"]


def test_numbers_restart_at_local_midnight_not_utc_midnight(office, clock, bus):
    clock.now = datetime(2026, 11, 25, 16, 59, 59, tzinfo=UTC)  # 23:59:59 in Phnom Penh
    assert issue(office.civil, clock, bus).number == "A001"
    assert issue(office.civil, clock, bus).number == "A002"
    clock.advance(seconds=1)  # 00:00:00 on the 26th in Phnom Penh, still the 25th in UTC
    ticket = issue(office.civil, clock, bus)
    assert ticket.number == "A001"
    assert str(ticket.day) == "2026-11-26"


def test_numbers_past_999_keep_counting(office, clock, bus):
    from office.models import TicketSequence

    TicketSequence.create(prefix="A", day=clock.local_day(), last=999)
    assert issue(office.civil, clock, bus).number == "A1000"


def test_the_same_idempotency_key_returns_the_same_ticket(office, clock, bus):
    first = engine.issue(office.civil.id, idempotency_key="tap-1", clock=clock, bus=bus)
    again = engine.issue(office.civil.id, idempotency_key="tap-1", clock=clock, bus=bus)
    other = engine.issue(office.civil.id, idempotency_key="tap-2", clock=clock, bus=bus)
    assert (first.replayed, again.replayed, other.replayed) == (False, True, False)
    assert again.ticket.id == first.ticket.id
    assert other.ticket.number == "A002"
    assert Ticket.select().count() == 2


def test_an_idempotency_key_reused_for_another_service_is_refused(office, clock, bus):
    engine.issue(office.civil.id, idempotency_key="tap-1", clock=clock, bus=bus)
    with pytest.raises(Conflict):
        engine.issue(office.land.id, idempotency_key="tap-1", clock=clock, bus=bus)


def test_an_oversized_idempotency_key_is_invalid(office, clock, bus):
    with pytest.raises(InvalidInput):
        engine.issue(office.civil.id, idempotency_key="k" * 201, clock=clock, bus=bus)


def test_issuing_for_an_unknown_or_inactive_service_is_not_found(office, clock, bus):
    with pytest.raises(NotFound):
        engine.issue(9999, clock=clock, bus=bus)
    Service.update(active=False).where(Service.id == office.civil.id).execute()
    with pytest.raises(NotFound):
        engine.issue(office.civil.id, clock=clock, bus=bus)
    assert Ticket.select().count() == 0


# --- calling --------------------------------------------------------------------------


def test_call_next_takes_the_oldest_waiting_ticket_among_the_counters_services(office, clock, bus):
    transport = issue(office.transport, clock, bus)  # counter 1 does not serve transport
    clock.advance(seconds=1)
    land = issue(office.land, clock, bus)
    clock.advance(seconds=1)
    issue(office.civil, clock, bus)
    called = engine.call_next(office.one.id, clock=clock, bus=bus)
    assert called.id == land.id
    assert called.status == "called"
    assert called.counter_id == office.one.id
    assert called.called_at == clock.now
    assert Ticket.get_by_id(transport.id).status == "waiting"


def test_priority_tickets_are_called_first(office, clock, bus):
    issue(office.civil, clock, bus)
    clock.advance(minutes=5)
    urgent = issue(office.civil, clock, bus, priority=True, issuer=office.desk)
    assert engine.call_next(office.one.id, clock=clock, bus=bus).id == urgent.id


def test_call_next_with_nobody_waiting_returns_none(office, clock, bus):
    assert engine.call_next(office.one.id, clock=clock, bus=bus) is None
    assert Event.select().count() == 0


def test_a_counter_holds_one_current_ticket_at_most(office, clock, bus):
    issue(office.civil, clock, bus)
    waiting = issue(office.civil, clock, bus)
    engine.call_next(office.one.id, clock=clock, bus=bus)
    with pytest.raises(CounterBusy):
        engine.call_next(office.one.id, clock=clock, bus=bus)
    assert Ticket.get_by_id(waiting.id).status == "waiting"


def test_two_counters_never_get_the_same_ticket(office, clock, bus):
    first = issue(office.land, clock, bus)
    second = issue(office.land, clock, bus)
    assert engine.call_next(office.one.id, clock=clock, bus=bus).id == first.id
    assert engine.call_next(office.two.id, clock=clock, bus=bus).id == second.id
    with pytest.raises(CounterBusy):
        engine.call_next(office.one.id, clock=clock, bus=bus)  # counter 1 still holds the first


def test_calling_at_an_unknown_counter_is_not_found(office, clock, bus):
    with pytest.raises(NotFound):
        engine.call_next(99, clock=clock, bus=bus)


def test_the_officer_who_calls_is_recorded(office, clock, bus, hasher):
    from office.users import add_user

    officer = add_user("sokha", "long-password", "officer", hasher=hasher)
    issue(office.civil, clock, bus)
    ticket = engine.call_next(office.one.id, officer_id=officer.id, clock=clock, bus=bus)
    assert ticket.officer_id == officer.id
    assert Event.get(Event.kind == "called").actor_id == officer.id


# --- the lifecycle --------------------------------------------------------------------


def test_a_full_service_records_every_time_and_every_event(office, clock, bus):
    ticket = issue(office.civil, clock, bus)
    clock.advance(minutes=3)
    engine.call_next(office.one.id, clock=clock, bus=bus)
    clock.advance(seconds=30)
    engine.recall(ticket.id, clock=clock, bus=bus)
    recalled_at = clock.now
    clock.advance(seconds=20)
    engine.start(ticket.id, clock=clock, bus=bus)
    clock.advance(minutes=7)
    done = engine.finish(ticket.id, clock=clock, bus=bus)
    stored = Ticket.get_by_id(ticket.id)
    assert done.status == stored.status == "done"
    assert stored.first_called_at == ticket.issued_at.replace(minute=3)
    assert stored.called_at == recalled_at
    assert (stored.finished_at - stored.started_at).total_seconds() == 420
    assert kinds(ticket) == ["issued", "called", "recalled", "started", "finished"]


def test_finishing_frees_the_counter(office, clock, bus):
    first = issue(office.civil, clock, bus)
    second = issue(office.civil, clock, bus)
    engine.call_next(office.one.id, clock=clock, bus=bus)
    engine.start(first.id, clock=clock, bus=bus)
    engine.finish(first.id, clock=clock, bus=bus)
    assert engine.call_next(office.one.id, clock=clock, bus=bus).id == second.id


def test_no_show_frees_the_counter(office, clock, bus):
    first = issue(office.civil, clock, bus)
    second = issue(office.civil, clock, bus)
    engine.call_next(office.one.id, clock=clock, bus=bus)
    assert engine.no_show(first.id, clock=clock, bus=bus).status == "no_show"
    assert engine.call_next(office.one.id, clock=clock, bus=bus).id == second.id
    assert kinds(first) == ["issued", "called", "no_show"]


def test_cancelling_a_called_ticket_frees_the_counter(office, clock, bus):
    first = issue(office.civil, clock, bus)
    second = issue(office.civil, clock, bus)
    engine.call_next(office.one.id, clock=clock, bus=bus)
    assert engine.cancel(first.id, clock=clock, bus=bus).status == "cancelled"
    assert engine.call_next(office.one.id, clock=clock, bus=bus).id == second.id


def test_a_cancelled_waiting_ticket_is_never_called(office, clock, bus):
    ticket = issue(office.civil, clock, bus)
    engine.cancel(ticket.id, clock=clock, bus=bus)
    assert engine.call_next(office.one.id, clock=clock, bus=bus) is None


# Every action from every state, allowed or refused: tests/test_lifecycle.py.


def test_actions_on_an_unknown_ticket_are_not_found(office, clock, bus):
    for action in (engine.recall, engine.start, engine.finish, engine.no_show, engine.cancel):
        with pytest.raises(NotFound):
            action(424242, clock=clock, bus=bus)


# --- transfer -------------------------------------------------------------------------


def test_a_transferred_ticket_keeps_its_place_in_the_new_queue(office, clock, bus):
    civil = issue(office.civil, clock, bus)  # the oldest ticket in the office
    clock.advance(minutes=1)
    land_waiting = issue(office.land, clock, bus)
    clock.advance(minutes=1)
    engine.call_next(office.one.id, clock=clock, bus=bus)  # counter 1 calls the civil ticket
    engine.start(civil.id, clock=clock, bus=bus)
    moved = engine.transfer(civil.id, office.land.id, clock=clock, bus=bus)
    assert (moved.status, moved.service_id, moved.number) == ("waiting", office.land.id, "A001")
    assert moved.counter_id is None
    # It was issued before the land ticket, so it is called before it.
    assert engine.call_next(office.two.id, clock=clock, bus=bus).id == civil.id
    assert Ticket.get_by_id(land_waiting.id).status == "waiting"


def test_a_transfer_keeps_its_history_in_the_event_log(office, clock, bus):
    ticket = issue(office.civil, clock, bus)
    engine.call_next(office.one.id, clock=clock, bus=bus)
    engine.transfer(ticket.id, office.transport.id, clock=clock, bus=bus)
    event = Event.get(Event.kind == "transferred")
    assert event.details == {
        "from_service_id": office.civil.id,
        "to_service_id": office.transport.id,
        "from_status": "called",
    }
    assert event.counter_id == office.one.id
    assert kinds(ticket) == ["issued", "called", "transferred"]


def test_a_transfer_frees_the_counter_and_keeps_the_first_call_time(office, clock, bus):
    ticket = issue(office.civil, clock, bus)
    clock.advance(minutes=4)
    engine.call_next(office.one.id, clock=clock, bus=bus)
    first_call = clock.now
    engine.transfer(ticket.id, office.transport.id, clock=clock, bus=bus)
    assert engine.current_ticket(office.one.id) is None
    clock.advance(minutes=10)
    engine.call_next(office.two.id, clock=clock, bus=bus)
    assert Ticket.get_by_id(ticket.id).first_called_at == first_call


def test_a_transfer_to_the_same_service_or_a_missing_one_is_refused(office, clock, bus):
    ticket = issue(office.civil, clock, bus)
    with pytest.raises(Conflict):
        engine.transfer(ticket.id, office.civil.id, clock=clock, bus=bus)
    with pytest.raises(NotFound):
        engine.transfer(ticket.id, 9999, clock=clock, bus=bus)
    assert kinds(ticket) == ["issued"]


# --- counts ---------------------------------------------------------------------------


def test_waiting_counts_cover_every_active_service(office, clock, bus):
    issue(office.civil, clock, bus)
    issue(office.civil, clock, bus)
    issue(office.land, clock, bus)
    assert engine.waiting_counts() == {office.civil.id: 2, office.land.id: 1, office.transport.id: 0}


# --- events ---------------------------------------------------------------------------


def test_events_are_published_after_commit_with_the_committed_row(office, clock, bus):
    seen = []
    bus.subscribe("test", lambda event: seen.append((event.kind, Event.get_by_id(event.id).kind)))
    try:
        ticket = issue(office.civil, clock, bus)
        engine.call_next(office.one.id, clock=clock, bus=bus)
        engine.recall(ticket.id, clock=clock, bus=bus)
    finally:
        bus.unsubscribe("test")
    assert seen == [("issued", "issued"), ("called", "called"), ("recalled", "recalled")]


def test_a_failing_subscriber_does_not_undo_the_change(office, clock, bus):
    def broken(_event):
        raise RuntimeError("display unplugged")

    bus.subscribe("broken", broken)
    try:
        ticket = issue(office.civil, clock, bus)
    finally:
        bus.unsubscribe("broken")
    assert Ticket.get_by_id(ticket.id).status == "waiting"


def test_a_refused_change_publishes_nothing(office, clock, bus):
    seen = []
    bus.subscribe("test", seen.append)
    try:
        ticket = issue(office.civil, clock, bus)
        with pytest.raises(IllegalTransition):
            engine.finish(ticket.id, clock=clock, bus=bus)
    finally:
        bus.unsubscribe("test")
    assert [e.kind for e in seen] == ["issued"]


# --- group commit ---------------------------------------------------------------------


def test_many_tickets_in_one_commit_each_succeed_or_fail_on_their_own(office, clock, bus):
    seen = []
    bus.subscribe("test", seen.append)
    try:
        results = engine.issue_many(
            [
                engine.IssueRequest(office.civil.id),
                engine.IssueRequest(9999),
                engine.IssueRequest(office.civil.id, idempotency_key="k" * 201),
                engine.IssueRequest(office.civil.id, priority=True, issuer=office.desk),
                engine.IssueRequest(office.land.id, printer="kiosk-1"),
            ],
            clock=clock,
            bus=bus,
        )
    finally:
        bus.unsubscribe("test")
    assert isinstance(results[1], NotFound) and isinstance(results[2], InvalidInput)
    assert [r.ticket.number for r in (results[0], results[3], results[4])] == ["A001", "A002", "B001"]
    assert Ticket.select().count() == 3
    assert [e.kind for e in seen] == ["issued"] * 3
    assert engine.issue(office.civil.id, clock=clock, bus=bus).ticket.number == "A003"  # no gap left by refusals


def test_one_idempotency_key_twice_in_one_commit_makes_one_ticket(office, clock, bus):
    first, again = engine.issue_many(
        [
            engine.IssueRequest(office.civil.id, idempotency_key="tap"),
            engine.IssueRequest(office.civil.id, idempotency_key="tap"),
        ],
        clock=clock,
        bus=bus,
    )
    assert (first.replayed, again.replayed) == (False, True)
    assert first.ticket.id == again.ticket.id
    assert Ticket.select().count() == 1
