"""Enrolled kiosks (office/kiosks.py): one-time codes, device keys, revocation, and the
event each change writes."""

import pytest

from office import kiosks
from office.errors import InvalidInput, NotFound
from office.models import Event, Kiosk


@pytest.fixture
def published(bus):
    seen = []
    bus.subscribe("test", seen.append)
    return seen


def test_a_code_becomes_a_key_once(db, clock, bus, published):
    kiosk, code = kiosks.enrol("hall", clock=clock, bus=bus)
    assert kiosks.state(kiosk, clock()) == kiosks.PENDING
    assert kiosks.kiosk_for_code(code, clock=clock).name == "hall"
    enrolled, key = kiosks.redeem(code, clock=clock, bus=bus)
    assert enrolled.id == kiosk.id and kiosks.state(enrolled, clock()) == kiosks.ENROLLED
    assert kiosks.kiosk_for_key(key, clock=clock).id == kiosk.id
    with pytest.raises(NotFound) as refused:
        kiosks.redeem(code, clock=clock, bus=bus)
    assert refused.value.code == "enrolment_link_invalid"
    assert kiosks.kiosk_for_code(code, clock=clock) is None
    assert [e.kind for e in published] == ["kiosk_enrolment_started", "kiosk_enrolled"]
    assert [e.kind for e in Event.select().order_by(Event.id)] == ["kiosk_enrolment_started", "kiosk_enrolled"]


def test_only_hashes_are_stored(db, clock, bus):
    _kiosk, code = kiosks.enrol("hall", clock=clock, bus=bus)
    _kiosk, key = kiosks.redeem(code, clock=clock, bus=bus)
    row = Kiosk.get(Kiosk.name == "hall")
    assert row.key_hash == kiosks.secret_hash(key) and len(row.key_hash) == 64
    assert key not in str(list(Kiosk.select().tuples())) and code not in str(list(Event.select().tuples()))


def test_a_code_expires(db, clock, bus):
    _kiosk, code = kiosks.enrol("hall", clock=clock, bus=bus)
    clock.advance(seconds=kiosks.ENROL_CODE_TTL.total_seconds())
    with pytest.raises(NotFound):
        kiosks.redeem(code, clock=clock, bus=bus)
    assert kiosks.state(Kiosk.get(Kiosk.name == "hall"), clock()) == kiosks.EXPIRED


@pytest.mark.parametrize("key", [None, "", "x" * 500, "not-a-key"])
def test_unknown_keys_are_nobody(db, clock, key):
    assert kiosks.kiosk_for_key(key, clock=clock) is None


def test_enrolling_again_revokes_the_old_key(db, clock, bus, enrol_kiosk):
    old_key = enrol_kiosk("hall")
    _kiosk, code = kiosks.enrol("hall", offers_priority=True, clock=clock, bus=bus)
    assert kiosks.kiosk_for_key(old_key, clock=clock) is None
    kiosk, new_key = kiosks.redeem(code, clock=clock, bus=bus)
    assert kiosk.offers_priority and kiosks.kiosk_for_key(new_key, clock=clock).name == "hall"
    assert kiosks.kiosk_for_key(old_key, clock=clock) is None
    started = Event.select().where(Event.kind == "kiosk_enrolment_started").order_by(Event.id.desc()).first()
    assert started.details["replaced_key"] is True and started.details["kiosk"] == "hall"


def test_revoking_ends_the_key_and_the_pending_link(db, clock, bus, published, enrol_kiosk):
    key = enrol_kiosk("hall")
    _kiosk, code = kiosks.enrol("door", clock=clock, bus=bus)
    kiosks.revoke("hall", clock=clock, bus=bus)
    kiosks.revoke("door", clock=clock, bus=bus)
    assert kiosks.kiosk_for_key(key, clock=clock) is None
    with pytest.raises(NotFound):
        kiosks.redeem(code, clock=clock, bus=bus)
    assert [kiosks.state(k, clock()) for k in kiosks.kiosks()] == [kiosks.REVOKED, kiosks.REVOKED]
    published.clear()
    kiosks.revoke("hall", clock=clock, bus=bus)  # again: nothing changes, nothing is logged
    assert published == []
    with pytest.raises(NotFound):
        kiosks.revoke("nowhere", clock=clock, bus=bus)


def test_one_kiosks_key_is_not_anothers(db, clock, enrol_kiosk):
    hall, door = enrol_kiosk("hall"), enrol_kiosk("door")
    assert kiosks.kiosk_for_key(hall, clock=clock).name == "hall"
    assert kiosks.kiosk_for_key(door, clock=clock).name == "door"


@pytest.mark.parametrize("name", ["", "a b", "x" * 41, "<script>", None])
def test_names_are_printer_names(db, clock, bus, name):
    with pytest.raises(InvalidInput):
        kiosks.enrol(name, clock=clock, bus=bus)
