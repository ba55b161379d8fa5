"""Enrolled kiosks: a kiosk is a device holding a key, not a name a client sends.

An administrator enrols a kiosk by name; that gives a one-time code (the enrolment link)
which the kiosk's browser redeems, once and before it expires, for its device key. The kiosk
sends the key with every ticket; only a key of an enrolled, unrevoked kiosk prints, and only
a kiosk enrolled to offer priority may issue priority tickets.

Codes and keys are `secrets.token_urlsafe` strings shown once and stored only as their
SHA-256 (hex): a copy of the database prints nothing. A key is 256 random bits, so looking
its hash up by equality leaks nothing worth timing.

Every change writes an Event (kiosk_enrolment_started, kiosk_enrolled, kiosk_revoked) in its
transaction and publishes it on the bus after the commit, like the queue's changes.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from office.clock import Clock, iso_utc
from office.db import database
from office.errors import Forbidden, InvalidInput, NotFound
from office.events import EventBus
from office.limits import KIOSK_KEY_MAX, KIOSK_NAME_PATTERN
from office.models import Event, Kiosk

# Long enough to walk from the office's computer to the kiosk, short enough that a link
# left in a chat or a browser history is soon worthless.
ENROL_CODE_TTL = timedelta(hours=1)
SECRET_BYTES = 32  # 43 characters once encoded; KIOSK_KEY_MAX leaves room
CODE_MAX = KIOSK_KEY_MAX  # a one-time code is made like a key

PENDING, ENROLLED, EXPIRED, REVOKED = "pending", "enrolled", "expired", "revoked"


def secret_hash(secret: str) -> str:
    """What is stored of a code or key: its SHA-256, in hex."""
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def enrol(
    name: str,
    *,
    offers_priority: bool = False,
    actor_id: int | None = None,
    clock: Clock,
    bus: EventBus,
    ttl: timedelta = ENROL_CODE_TTL,
) -> tuple[Kiosk, str]:
    """Start enrolling the kiosk `name` (created if new): returns it and the one-time code of
    its enrolment link, valid for `ttl`.

    Enrolling a kiosk again (a new device, a lost key) revokes its current device key and any
    earlier link at once: from now on only the device that opens the new link prints as it.
    """
    name = check_name(name)
    code = secrets.token_urlsafe(SECRET_BYTES)
    now = clock()
    expires_at = now + ttl
    with database.atomic():
        kiosk = Kiosk.get_or_none(Kiosk.name == name)
        had_key = kiosk is not None and kiosk.key_hash is not None and kiosk.revoked_at is None
        if kiosk is None:
            kiosk = Kiosk.create(name=name, offers_priority=bool(offers_priority), created_at=now, created_by=actor_id)
        kiosk.offers_priority = bool(offers_priority)
        kiosk.enrol_code_hash = secret_hash(code)
        kiosk.enrol_expires_at = expires_at
        kiosk.key_hash = None
        kiosk.enrolled_at = None
        kiosk.revoked_at = None
        kiosk.save()
        event = _log(
            "kiosk_enrolment_started",
            kiosk,
            now,
            actor_id,
            {"offers_priority": kiosk.offers_priority, "expires_at": iso_utc(expires_at), "replaced_key": had_key},
        )
    bus.publish(event)
    return kiosk, code


def redeem(code: str, *, clock: Clock, bus: EventBus) -> tuple[Kiosk, str]:
    """Turn an enrolment link's code into the kiosk's device key: once, before it expires.

    Unknown, used and expired codes are all refused alike (NotFound, code
    "enrolment_link_invalid"), so a guess learns nothing; the admin makes a new link.
    """
    if not isinstance(code, str) or not 1 <= len(code) <= CODE_MAX:
        raise _invalid_link()
    code_hash = secret_hash(code)
    key = secrets.token_urlsafe(SECRET_BYTES)
    now = clock()
    with database.atomic():
        # One UPDATE that checks and spends the code: two browsers opening the same link at
        # the same moment cannot both get a key.
        spent = (
            Kiosk.update(
                enrol_code_hash=None,
                enrol_expires_at=None,
                key_hash=secret_hash(key),
                enrolled_at=now,
            )
            .where((Kiosk.enrol_code_hash == code_hash) & (Kiosk.enrol_expires_at > now) & Kiosk.revoked_at.is_null())
            .execute()
        )
        if spent != 1:
            raise _invalid_link()
        kiosk = Kiosk.get(Kiosk.key_hash == secret_hash(key))
        event = _log("kiosk_enrolled", kiosk, now, None, {"offers_priority": kiosk.offers_priority})
    bus.publish(event)
    return kiosk, key


def kiosk_for_key(key: str | None, *, clock: Clock) -> Kiosk | None:
    """The enrolled, unrevoked kiosk holding this device key; None for no key, an unknown or
    revoked one, or a kiosk whose new enrolment link has not been opened yet.

    `clock` is taken like every office function's, so that keys may one day expire without
    changing the callers.
    """
    if not isinstance(key, str) or not 1 <= len(key) <= KIOSK_KEY_MAX:
        return None
    return Kiosk.get_or_none(
        (Kiosk.key_hash == secret_hash(key)) & Kiosk.enrolled_at.is_null(False) & Kiosk.revoked_at.is_null()
    )


def enrolled_kiosk(key: str | None, *, clock: Clock) -> Kiosk:
    """The enrolled kiosk holding this device key; Forbidden (kiosk_not_enrolled) otherwise."""
    kiosk = kiosk_for_key(key, clock=clock)
    if kiosk is None:
        raise Forbidden(
            "this device is not (or no longer) an enrolled kiosk; ask an administrator to enrol it",
            code="kiosk_not_enrolled",
        )
    return kiosk


def revoke(name: str, *, actor_id: int | None = None, clock: Clock, bus: EventBus) -> Kiosk:
    """Stop a kiosk printing: its device key and any pending enrolment link stop working.
    Revoking a revoked kiosk changes nothing. Enrolling it again brings it back."""
    now = clock()
    with database.atomic():
        kiosk = Kiosk.get_or_none(Kiosk.name == name)
        if kiosk is None:
            raise NotFound(f"no kiosk {name!r}", code="kiosk_not_found")
        if kiosk.revoked_at is not None:
            return kiosk
        had_key = kiosk.key_hash is not None
        kiosk.key_hash = None
        kiosk.enrol_code_hash = None
        kiosk.enrol_expires_at = None
        kiosk.revoked_at = now
        kiosk.save()
        event = _log("kiosk_revoked", kiosk, now, actor_id, {"had_key": had_key})
    bus.publish(event)
    return kiosk


def kiosks() -> list[Kiosk]:
    """Every kiosk ever enrolled, by name."""
    return list(Kiosk.select().order_by(Kiosk.name))


def state(kiosk: Kiosk, now) -> str:
    """Where a kiosk stands: pending (its link not opened yet), enrolled, expired (its link
    was never opened in time) or revoked."""
    if kiosk.revoked_at is not None:
        return REVOKED
    if kiosk.key_hash is not None and kiosk.enrolled_at is not None:
        return ENROLLED
    if kiosk.enrol_code_hash is not None and kiosk.enrol_expires_at is not None and kiosk.enrol_expires_at > now:
        return PENDING
    return EXPIRED


def kiosk_for_code(code: str, *, clock: Clock) -> Kiosk | None:
    """The kiosk a still-valid enrolment code would enrol, without spending the code (the page
    that asks "enrol this device as kiosk X?" must survive link previews)."""
    if not isinstance(code, str) or not 1 <= len(code) <= CODE_MAX:
        return None
    return Kiosk.get_or_none(
        (Kiosk.enrol_code_hash == secret_hash(code)) & (Kiosk.enrol_expires_at > clock()) & Kiosk.revoked_at.is_null()
    )


def check_name(name) -> str:
    """A kiosk's name is also its printer's: letters, digits, '.', '_' and '-' only."""
    if not isinstance(name, str) or not re.fullmatch(KIOSK_NAME_PATTERN, name):
        raise InvalidInput("a kiosk's name is 1 to 40 letters, digits, '.', '_' or '-'", code="invalid_kiosk_name")
    return name


def _invalid_link() -> NotFound:
    return NotFound(
        "this enrolment link is unknown, already used or expired; ask an administrator for a new one",
        code="enrolment_link_invalid",
    )


def _log(kind: str, kiosk: Kiosk, at, actor_id: int | None, details: dict) -> Event:
    return Event.create(at=at, kind=kind, actor=actor_id, details={"kiosk": kiosk.name, **details})
