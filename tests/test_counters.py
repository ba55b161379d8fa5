"""Counters: breaks, services for the day, who works there, and out-of-order calls on record."""

from datetime import date

import pytest

from office import counters, engine
from office.errors import Conflict, CounterBusy, IllegalTransition, InvalidInput, NotFound
from office.models import Event, Ticket
from office.reports import out_of_order_calls
from office.users import add_user


@pytest.fixture
def supervisor(office, hasher):
    return add_user("sophea", "long-password", "supervisor", hasher=hasher)


def test_a_paused_counter_calls_nobody_until_resumed(office, clock, bus, supervisor):
    engine.issue(office.civil.id, clock=clock, bus=bus)
    counters.pause(office.one.id, actor_id=supervisor.id, clock=clock, bus=bus)
    with pytest.raises(Conflict) as refused:
        engine.call_next(office.one.id, clock=clock, bus=bus)
    assert refused.value.code == "counter_paused"
    counters.resume(office.one.id, actor_id=supervisor.id, clock=clock, bus=bus)
    assert engine.call_next(office.one.id, clock=clock, bus=bus) is not None
    kinds = [e.kind for e in Event.select().where(Event.counter == office.one.id).order_by(Event.id)]
    assert kinds == ["paused", "resumed", "called"]


def test_pausing_twice_is_refused(office, clock, bus, supervisor):
    counters.pause(office.one.id, actor_id=supervisor.id, clock=clock, bus=bus)
    with pytest.raises(Conflict):
        counters.pause(office.one.id, actor_id=supervisor.id, clock=clock, bus=bus)


def test_the_officer_who_calls_is_the_one_at_the_counter(office, clock, bus, hasher):
    officer = add_user("vanna", "long-password", "officer", hasher=hasher)
    engine.issue(office.civil.id, clock=clock, bus=bus)
    engine.call_next(office.one.id, officer_id=officer.id, clock=clock, bus=bus)
    state = counters.counter_state(office.one.__class__.get_by_id(office.one.id))
    assert state["officer"] == {"id": officer.id, "username": "vanna"}
    assert state["current"].number == "A001"


def test_services_of_a_counter_can_be_changed_and_it_then_calls_for_them(office, clock, bus, supervisor):
    transport = engine.issue(office.transport.id, clock=clock, bus=bus).ticket
    assert engine.call_next(office.one.id, clock=clock, bus=bus) is None  # counter 1 serves A and B only
    counters.set_services(office.one.id, [office.transport.id], actor_id=supervisor.id, clock=clock, bus=bus)
    assert counters.service_ids_of(office.one.id) == [office.transport.id]
    assert engine.call_next(office.one.id, clock=clock, bus=bus).id == transport.id
    change = Event.get(Event.kind == "services_changed")
    assert change.details == {"from": sorted([office.civil.id, office.land.id]), "to": [office.transport.id]}


def test_unknown_services_are_refused_and_nothing_changes(office, clock, bus, supervisor):
    with pytest.raises(InvalidInput):
        counters.set_services(office.one.id, [office.civil.id, 999], actor_id=supervisor.id, clock=clock, bus=bus)
    assert counters.service_ids_of(office.one.id) == sorted([office.civil.id, office.land.id])


def test_an_out_of_order_call_needs_a_reason_and_records_who_was_passed_over(office, clock, bus, supervisor):
    first = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    clock.advance(minutes=1)
    second = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    clock.advance(minutes=1)
    chosen = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    with pytest.raises(InvalidInput):
        engine.call_ticket(office.one.id, chosen.id, reason="  ", actor_id=supervisor.id, clock=clock, bus=bus)
    seen = []
    bus.subscribe("test", seen.append)
    try:
        called = engine.call_ticket(
            office.one.id, chosen.id, reason="elderly citizen", actor_id=supervisor.id, clock=clock, bus=bus
        )
    finally:
        bus.unsubscribe("test")
    assert (called.status, called.counter_id) == ("called", office.one.id)
    assert [e.kind for e in seen] == ["called"]  # the displays announce it like any call
    [row] = out_of_order_calls(date(2026, 11, 25), date(2026, 11, 25), clock.zone)
    assert row["number"] == "A003" and row["actor"] == "sophea" and row["reason"] == "elderly citizen"
    assert [p["ticket_id"] for p in row["passed_over"]] == [first.id, second.id]
    assert row["counter"] == "Counter 1"


def test_calling_the_oldest_ticket_by_hand_is_not_out_of_order(office, clock, bus, supervisor):
    oldest = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    engine.issue(office.civil.id, clock=clock, bus=bus)
    engine.call_ticket(office.one.id, oldest.id, reason="checking", actor_id=supervisor.id, clock=clock, bus=bus)
    assert out_of_order_calls(date(2026, 11, 25), date(2026, 11, 25), clock.zone) == []


def test_normal_calls_never_appear_in_the_out_of_order_report(office, clock, bus):
    for _ in range(3):
        engine.issue(office.civil.id, clock=clock, bus=bus)
    engine.issue(office.civil.id, priority=True, issuer=office.desk, clock=clock, bus=bus)
    for _ in range(2):
        ticket = engine.call_next(office.one.id, clock=clock, bus=bus)
        engine.no_show(ticket.id, clock=clock, bus=bus)
    assert out_of_order_calls(date(2026, 11, 25), date(2026, 11, 25), clock.zone) == []


def test_an_out_of_order_call_is_refused_for_a_ticket_the_counter_does_not_serve(office, clock, bus, supervisor):
    transport = engine.issue(office.transport.id, clock=clock, bus=bus).ticket
    with pytest.raises(Conflict) as refused:
        engine.call_ticket(office.one.id, transport.id, reason="x", actor_id=supervisor.id, clock=clock, bus=bus)
    assert refused.value.code == "not_served_here"
    assert Ticket.get_by_id(transport.id).status == "waiting"


def test_an_out_of_order_call_is_refused_for_a_called_ticket_or_while_the_counter_is_busy(
    office, clock, bus, supervisor
):
    engine.issue(office.land.id, clock=clock, bus=bus)
    other = engine.issue(office.land.id, clock=clock, bus=bus).ticket
    called = engine.call_next(office.two.id, clock=clock, bus=bus)
    with pytest.raises(IllegalTransition):
        engine.call_ticket(office.one.id, called.id, reason="x", actor_id=supervisor.id, clock=clock, bus=bus)
    engine.call_ticket(office.one.id, other.id, reason="x", actor_id=supervisor.id, clock=clock, bus=bus)
    later = engine.issue(office.land.id, clock=clock, bus=bus).ticket
    with pytest.raises(CounterBusy):
        engine.call_ticket(office.one.id, later.id, reason="x", actor_id=supervisor.id, clock=clock, bus=bus)


def test_counter_changes_on_an_unknown_counter_are_not_found(office, clock, bus, supervisor):
    with pytest.raises(NotFound):
        counters.pause(99, actor_id=supervisor.id, clock=clock, bus=bus)
