"""Officers act at their own counter: signing in, out and taking over, and who may act on
what (office/access.py, office/counters.py, office/engine.py). The attacker's side, over
HTTP against the real server, is tests/security/test_own_counter.py."""

import pytest

from office import counters, engine
from office.errors import Conflict, CounterBusy, Forbidden
from office.models import Counter, Event, User


def user(name: str, role: str = "officer") -> User:
    return User.create(username=name, password_hash="-", role=role)


@pytest.fixture
def staff(office):
    return type("Staff", (), {"dara": user("dara"), "sokha": user("sokha"), "chief": user("chief", "supervisor")})


def holder(counter) -> int | None:
    return Counter.get_by_id(counter.id).officer_id


def kinds(counter) -> list[str]:
    return [e.kind for e in Event.select().where(Event.counter == counter.id).order_by(Event.id)]


def test_a_call_at_a_counter_nobody_holds_signs_the_officer_in_on_the_record(office, staff, clock, bus):
    published = []
    bus.subscribe("test", published.append)
    engine.issue(office.civil.id, clock=clock, bus=bus)
    engine.call_next(office.one.id, officer_id=staff.dara.id, clock=clock, bus=bus)
    assert holder(office.one) == staff.dara.id
    assert kinds(office.one) == ["signed_in", "called"]
    assert [e.kind for e in published] == ["issued", "signed_in", "called"]


def test_an_officer_signed_in_elsewhere_calls_only_where_signed_in(office, staff, clock, bus):
    counters.sign_in(office.one.id, actor_id=staff.dara.id, clock=clock, bus=bus)
    engine.issue(office.transport.id, clock=clock, bus=bus)
    with pytest.raises(Forbidden) as refused:
        engine.call_next(office.two.id, officer_id=staff.dara.id, clock=clock, bus=bus)
    assert refused.value.code == "not_your_counter"
    assert "signed in at Counter 1" in refused.value.message
    assert holder(office.two) is None


def test_ticket_actions_belong_to_the_officer_at_the_tickets_counter_and_supervisors(office, staff, clock, bus):
    engine.issue(office.civil.id, clock=clock, bus=bus)
    ticket = engine.call_next(office.one.id, officer_id=staff.dara.id, clock=clock, bus=bus)
    for act in (engine.recall, engine.start, engine.no_show, engine.cancel):
        with pytest.raises(Forbidden):
            act(ticket.id, actor_id=staff.sokha.id, clock=clock, bus=bus)
    with pytest.raises(Forbidden):
        engine.transfer(ticket.id, office.transport.id, actor_id=staff.sokha.id, clock=clock, bus=bus)
    engine.start(ticket.id, actor_id=staff.dara.id, clock=clock, bus=bus)
    assert engine.finish(ticket.id, actor_id=staff.chief.id, clock=clock, bus=bus).status == "done"


def test_a_waiting_ticket_belongs_to_no_counter(office, staff, clock, bus):
    waiting = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    assert (
        engine.transfer(waiting.id, office.land.id, actor_id=staff.sokha.id, clock=clock, bus=bus).status == "waiting"
    )
    assert engine.cancel(waiting.id, actor_id=staff.sokha.id, clock=clock, bus=bus).status == "cancelled"


def test_pause_and_resume_only_where_signed_in(office, staff, clock, bus):
    counters.sign_in(office.one.id, actor_id=staff.dara.id, clock=clock, bus=bus)
    with pytest.raises(Forbidden):
        counters.pause(office.one.id, actor_id=staff.sokha.id, clock=clock, bus=bus)
    counters.pause(office.one.id, actor_id=staff.dara.id, clock=clock, bus=bus)
    counters.resume(office.one.id, actor_id=staff.chief.id, clock=clock, bus=bus)  # a supervisor anywhere


def test_a_free_counter_is_taken_over_on_the_record_a_busy_one_is_not(office, staff, clock, bus):
    engine.issue(office.civil.id, clock=clock, bus=bus)
    ticket = engine.call_next(office.one.id, officer_id=staff.dara.id, clock=clock, bus=bus)
    with pytest.raises(Conflict) as refused:
        counters.sign_in(office.one.id, actor_id=staff.sokha.id, clock=clock, bus=bus)
    assert refused.value.code == "counter_held"
    assert holder(office.one) == staff.dara.id

    engine.no_show(ticket.id, actor_id=staff.dara.id, clock=clock, bus=bus)
    counters.sign_in(office.one.id, actor_id=staff.sokha.id, clock=clock, bus=bus)
    assert holder(office.one) == staff.sokha.id
    taken = Event.get(Event.kind == "counter_taken_over")
    assert (taken.counter_id, taken.actor_id) == (office.one.id, staff.sokha.id)
    assert taken.details == {"previous_officer_id": staff.dara.id, "previous_officer": "dara"}


def test_signing_in_again_where_one_works_changes_nothing(office, staff, clock, bus):
    counters.sign_in(office.one.id, actor_id=staff.dara.id, clock=clock, bus=bus)
    counters.sign_in(office.one.id, actor_id=staff.dara.id, clock=clock, bus=bus)
    assert kinds(office.one) == ["signed_in"]


def test_one_counter_at_a_time(office, staff, clock, bus):
    engine.issue(office.civil.id, clock=clock, bus=bus)
    ticket = engine.call_next(office.one.id, officer_id=staff.dara.id, clock=clock, bus=bus)
    with pytest.raises(Conflict) as refused:
        counters.sign_in(office.two.id, actor_id=staff.dara.id, clock=clock, bus=bus)
    assert refused.value.code == "still_at_another_counter"
    engine.no_show(ticket.id, actor_id=staff.dara.id, clock=clock, bus=bus)
    counters.sign_in(office.two.id, actor_id=staff.dara.id, clock=clock, bus=bus)
    assert (holder(office.one), holder(office.two)) == (None, staff.dara.id)
    assert kinds(office.one)[-1] == "signed_out"


def test_signing_out_is_ones_own_and_not_while_a_citizen_is_at_the_counter(office, staff, clock, bus):
    engine.issue(office.civil.id, clock=clock, bus=bus)
    ticket = engine.call_next(office.one.id, officer_id=staff.dara.id, clock=clock, bus=bus)
    with pytest.raises(Forbidden):
        counters.sign_out(office.one.id, actor_id=staff.sokha.id, clock=clock, bus=bus)
    with pytest.raises(CounterBusy):
        counters.sign_out(office.one.id, actor_id=staff.dara.id, clock=clock, bus=bus)
    engine.no_show(ticket.id, actor_id=staff.dara.id, clock=clock, bus=bus)
    counters.sign_out(office.one.id, actor_id=staff.chief.id, clock=clock, bus=bus)  # a supervisor may
    assert holder(office.one) is None
    assert Event.select().where(Event.kind == "signed_out").get().details == {"officer": "dara"}
