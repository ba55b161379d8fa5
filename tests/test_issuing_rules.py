"""Who may take which ticket (office/engine.py): priority only from staff or a kiosk enrolled
to offer it, a limit per kiosk and per address, idempotency keys that belong to their sender
and last a day. The HTTP side, from an attacker's seat, is in tests/security/."""

from datetime import UTC, datetime

import pytest

from office import engine
from office.errors import Forbidden, TooManyTickets
from office.models import Event, Kiosk, Ticket
from office.reports import priority_tickets


def take(service, clock, bus, **kwargs) -> engine.Issued:
    return engine.issue(service.id, clock=clock, bus=bus, **kwargs)


def kiosk(name: str, *, offers_priority: bool, clock) -> engine.Issuer:
    row = Kiosk.create(name=name, offers_priority=offers_priority, created_at=clock(), enrolled_at=clock())
    return engine.Issuer(kiosk_id=row.id, client="10.0.0.9")


def test_an_anonymous_client_may_not_give_priority(office, clock, bus):
    with pytest.raises(Forbidden) as refused:
        take(office.civil, clock, bus, priority=True, issuer=engine.Issuer(client="10.0.0.5"))
    assert refused.value.code == "priority_not_allowed"
    assert Ticket.select().count() == 0


def test_a_kiosk_gives_priority_only_if_enrolled_to_offer_it(office, clock, bus):
    plain = kiosk("hall", offers_priority=False, clock=clock)
    with pytest.raises(Forbidden):
        take(office.civil, clock, bus, priority=True, issuer=plain)
    helpdesk = kiosk("helpdesk", offers_priority=True, clock=clock)
    ticket = take(office.civil, clock, bus, priority=True, issuer=helpdesk).ticket
    assert (ticket.priority, ticket.kiosk_id, ticket.issued_by_id) == (True, helpdesk.kiosk_id, None)


def test_a_priority_ticket_records_who_gave_it_and_is_on_the_report(office, clock, bus):
    ticket = take(office.civil, clock, bus, priority=True, issuer=office.desk).ticket
    take(office.civil, clock, bus, issuer=engine.Issuer(client="10.0.0.5"))
    assert ticket.issued_by_id == office.desk.user_id
    issued = Event.get((Event.ticket == ticket) & (Event.kind == "issued"))
    assert issued.actor_id == office.desk.user_id
    [row] = priority_tickets(clock.local_day(), clock.local_day(), clock.zone)
    assert (row["number"], row["issued_by"], row["kiosk"]) == (ticket.number, "reception", None)


def test_one_address_takes_at_most_the_limit_in_a_minute(office, clock, bus):
    phone = engine.Issuer(client="10.0.0.5")
    for _ in range(3):
        take(office.civil, clock, bus, issuer=phone, per_minute=3)
    clock.advance(seconds=20)
    with pytest.raises(TooManyTickets) as refused:
        take(office.civil, clock, bus, issuer=phone, per_minute=3)
    assert refused.value.retry_after_s == 40  # when the first of the three leaves the minute
    take(office.civil, clock, bus, issuer=engine.Issuer(client="10.0.0.6"), per_minute=3)  # another address
    take(office.civil, clock, bus, issuer=office.desk, per_minute=3)  # staff: no limit
    clock.advance(seconds=40)
    take(office.civil, clock, bus, issuer=phone, per_minute=3)


def test_one_kiosk_takes_at_most_the_limit_whatever_address_it_comes_from(office, clock, bus):
    hall = kiosk("hall", offers_priority=False, clock=clock)
    for address in ("10.0.0.1", "10.0.0.2"):
        take(office.civil, clock, bus, issuer=hall._replace(client=address), per_minute=2)
    with pytest.raises(TooManyTickets):
        take(office.civil, clock, bus, issuer=hall._replace(client="10.0.0.3"), per_minute=2)


def test_replays_of_one_key_never_count_against_the_limit(office, clock, bus):
    phone = engine.Issuer(client="10.0.0.5")
    first = take(office.civil, clock, bus, issuer=phone, per_minute=2, idempotency_key="k1")
    for _ in range(5):
        again = take(office.civil, clock, bus, issuer=phone, per_minute=2, idempotency_key="k1")
        assert (again.replayed, again.ticket.id) == (True, first.ticket.id)
    take(office.civil, clock, bus, issuer=phone, per_minute=2)  # the second of two
    with pytest.raises(TooManyTickets):
        take(office.civil, clock, bus, issuer=phone, per_minute=2)


def test_an_idempotency_key_belongs_to_its_sender(office, clock, bus):
    mine = take(office.civil, clock, bus, issuer=engine.Issuer(client="10.0.0.5"), idempotency_key="k1")
    theirs = take(office.civil, clock, bus, issuer=engine.Issuer(client="10.0.0.6"), idempotency_key="k1")
    assert not theirs.replayed
    assert theirs.ticket.id != mine.ticket.id and theirs.ticket.token != mine.ticket.token


def test_an_idempotency_key_expires_after_a_day(office, clock, bus):
    phone = engine.Issuer(client="10.0.0.5")
    first = take(office.civil, clock, bus, issuer=phone, idempotency_key="k1")
    clock.advance(hours=23, minutes=59)
    assert take(office.civil, clock, bus, issuer=phone, idempotency_key="k1").ticket.id == first.ticket.id
    clock.advance(minutes=2)
    later = take(office.civil, clock, bus, issuer=phone, idempotency_key="k1")
    assert not later.replayed and later.ticket.id != first.ticket.id


def test_the_scope_of_a_key_says_whose_it_is():
    assert engine.Issuer(kiosk_id=3, user_id=4, client="10.0.0.1").scope == "kiosk:3"
    assert engine.Issuer(user_id=4, client="10.0.0.1").scope == "user:4"
    assert engine.Issuer(client="10.0.0.1").scope == "client:10.0.0.1"


@pytest.fixture
def clock():
    from office.clock import FakeClock

    return FakeClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC), "Asia/Phnom_Penh")
