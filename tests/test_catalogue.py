"""The administrator's services (office/catalogue.py): the rules on prefixes and names,
deactivating without losing history, fees that past tickets keep, and the event of each
change, on every supported database."""

import pytest

from office import catalogue, engine
from office.errors import Conflict, InvalidInput, NotFound
from office.models import Event, Service, Ticket

NEW = {"name_en": "Birth certificate", "name_km": "សំបុត្រកំណើត", "group_en": "Civil status", "group_km": "អត្រានុកូលដ្ឋាន"}


def add(clock, bus, **fields):
    return catalogue.add_service({**NEW, **fields}, actor_id=None, clock=clock, bus=bus)


def change(service, clock, bus, **changes):
    return catalogue.change_service(service.id, changes, actor_id=None, clock=clock, bus=bus)


def changes_recorded(kind: str) -> list[dict]:
    return [e.details for e in Event.select().where(Event.kind == kind).order_by(Event.id)]


def test_a_service_added_without_prefix_gets_the_first_free_one_and_goes_last_on_the_kiosk(office, clock, bus):
    service = add(clock, bus)
    assert service.prefix == "D"  # the office has A, B and C
    assert service.position == 1 + max(s.position for s in Service.select().where(Service.id != service.id))
    assert (service.active, service.target_wait_min, service.documents_en) == (True, 20, [])


def test_the_first_free_prefix_skips_those_of_inactive_services_and_goes_on_to_two_letters(office, clock, bus):
    change(office.transport, clock, bus, active=False)
    assert add(clock, bus).prefix == "D"  # not C: a deactivated service may come back with its own
    taken = {chr(c) for c in range(ord("A"), ord("Z") + 1)}
    assert catalogue.first_free_prefix(taken) == "AA"
    assert catalogue.first_free_prefix(taken | {"AA", "AB"}) == "AC"


def test_two_active_services_never_share_a_prefix_and_nothing_is_written(office, clock, bus):
    before = Service.select().count()
    with pytest.raises(InvalidInput) as refused:
        add(clock, bus, prefix="B")
    assert (refused.value.code, refused.value.field) == ("prefix_taken", "prefix")
    assert "Land transfer" in refused.value.message
    assert Service.select().count() == before
    assert changes_recorded("service_added") == []


def test_a_prefix_taken_only_by_an_inactive_service_can_be_given_again(office, clock, bus):
    change(office.land, clock, bus, active=False)
    assert add(clock, bus, prefix="B").prefix == "B"
    with pytest.raises(InvalidInput) as refused:
        change(office.land, clock, bus, active=True)  # B is now the new service's
    assert refused.value.field == "prefix"
    assert change(office.land, clock, bus, active=True, prefix="L").prefix == "L"


def test_two_active_services_never_share_an_english_name_case_and_spacing_aside(office, clock, bus):
    with pytest.raises(InvalidInput) as refused:
        add(clock, bus, name_en="  land   TRANSFER ")
    assert (refused.value.code, refused.value.field) == ("name_taken", "name_en")
    change(office.land, clock, bus, active=False)
    assert add(clock, bus, name_en="Land transfer").active


def test_bad_fields_are_refused_naming_the_field(office, clock, bus):
    for fields, field in [
        ({"prefix": "a"}, "prefix"),
        ({"prefix": "ABCDE"}, "prefix"),
        ({"name_en": "   "}, "name_en"),
        ({"name_km": "x" * 501}, "name_km"),
        ({"fee_riel": -1}, "fee_riel"),
        ({"documents_en": ["ID card | photo"]}, "documents_en.0"),
        ({"group_en": "two\nlines"}, "group_en"),
    ]:
        with pytest.raises(InvalidInput) as refused:
            add(clock, bus, **fields)
        assert refused.value.field == field, fields
    assert Service.select().count() == 3


def test_a_change_records_who_and_only_the_fields_that_changed_and_is_published_after_commit(office, clock, bus):
    heard = []
    bus.subscribe("test", heard.append)
    changed = catalogue.change_service(office.civil.id, {"fee_riel": 2000}, actor_id=None, clock=clock, bus=bus)
    assert changed.fee_riel == 2000 and Service.get_by_id(office.civil.id).fee_riel == 2000
    (details,) = changes_recorded("service_changed")
    assert details["what"] == "service" and details["id"] == office.civil.id
    assert details["changes"] == {"fee_riel": {"before": 1000, "after": 2000}}
    assert [e.kind for e in heard] == ["service_changed"]


def test_a_change_that_changes_nothing_writes_nothing(office, clock, bus):
    change(office.civil, clock, bus, fee_riel=1000, name_en="Certified copy")
    assert changes_recorded("service_changed") == []


def test_a_service_cannot_lose_its_prefix(office, clock, bus):
    with pytest.raises(InvalidInput) as refused:
        change(office.civil, clock, bus, prefix=None)
    assert refused.value.field == "prefix" and Service.get_by_id(office.civil.id).prefix == "A"


def test_changing_an_unknown_service_is_not_found(office, clock, bus):
    with pytest.raises(NotFound):
        catalogue.change_service(4242, {"fee_riel": 1}, actor_id=None, clock=clock, bus=bus)


def test_a_new_fee_applies_to_new_tickets_and_each_old_ticket_keeps_its_own(office, clock, bus):
    before = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    change(office.civil, clock, bus, fee_riel=4000)
    after = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    assert Ticket.get_by_id(before.id).fee_riel == 1000
    assert after.fee_riel == 4000


def test_a_deactivated_service_keeps_its_tickets_but_takes_no_new_ones_until_it_is_back(office, clock, bus):
    ticket = engine.issue(office.transport.id, clock=clock, bus=bus).ticket
    engine.call_next(office.two.id, clock=clock, bus=bus)  # called: nobody waits for it any more
    change(office.transport, clock, bus, active=False)
    assert Service.get_by_id(office.transport.id).active is False
    assert Ticket.get_by_id(ticket.id).service_id == office.transport.id
    with pytest.raises(NotFound):
        engine.issue(office.transport.id, clock=clock, bus=bus)
    assert office.transport.id not in engine.waiting_counts()
    change(office.transport, clock, bus, active=True)
    assert engine.issue(office.transport.id, clock=clock, bus=bus).ticket.number == "C002"


def test_a_service_cannot_be_deactivated_while_tickets_wait_for_it(office, clock, bus):
    engine.issue(office.civil.id, clock=clock, bus=bus)
    with pytest.raises(Conflict) as refused:
        change(office.civil, clock, bus, active=False)
    assert refused.value.code == "tickets_waiting"
    assert "1 ticket(s) wait for A" in refused.value.message
    assert Service.get_by_id(office.civil.id).active


def test_the_list_is_in_kiosk_order_position_then_prefix_inactive_included(office, clock, bus):
    change(office.transport, clock, bus, position=0)
    change(office.civil, clock, bus, position=5)
    change(office.land, clock, bus, active=False, position=0)
    assert [s.prefix for s in catalogue.services()] == ["B", "C", "A"]


def test_names_are_matched_whatever_their_case_spacing_and_unicode_form():
    assert catalogue.normalised_name("  Land\u00a0 TRANSFER ") == catalogue.normalised_name("land transfer")
    assert catalogue.normalised_name("Land transfer") != catalogue.normalised_name("Land transfers")
