"""The administration's changes, each an Event row written in the same transaction as the
change itself: who (the event's actor), what (its kind and subject), before → after (its
details). The administration's history page lists the events of CHANGE_KINDS.

    with database.atomic():
        before = snapshot(service)
        ...change it...
        event = record_change("service_changed", actor_id=admin.id, subject=("service", service.id,
                              service.name_en), before=before, after=snapshot(service), at=clock())
    bus.publish(event)
"""

from office.models import Event

# Every kind of change the administration makes (and the history page shows). A section
# adding a kind adds it here.
CHANGE_KINDS = (
    "service_added",
    "service_changed",
    "services_imported",
    "counter_added",
    "counter_changed",
    "kiosk_enrolled",
    "kiosk_changed",
    "kiosk_revoked",
    "display_added",
    "display_changed",
    "user_added",
    "user_changed",
    "user_password_reset",
    "user_disabled",
    "user_enabled",
    "settings_changed",
)


def changed_fields(before: dict | None, after: dict | None) -> dict[str, dict]:
    """{field: {"before": old, "after": new}} for each field whose value differs."""
    before, after = before or {}, after or {}
    return {
        key: {"before": before.get(key), "after": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def record_change(
    kind: str,
    *,
    actor_id: int | None,
    subject: tuple[str, int | str | None, str | None],
    before: dict | None,
    after: dict | None,
    at,
    counter_id: int | None = None,
    **details,
) -> Event:
    """Write the Event of one change (call it inside the change's transaction). `subject` is
    (what, its id, its name for people); `before`/`after` are JSON-ready snapshots (None for
    a record added or removed); only the fields that changed are kept. `counter_id`: the
    counter changed, so that its screen hears of it (the event's counter)."""
    if kind not in CHANGE_KINDS:
        raise ValueError(f"{kind!r} is not a change kind of office/changes.py")
    what, subject_id, name = subject
    return Event.create(
        at=at,
        kind=kind,
        actor=actor_id,
        counter=counter_id,
        details={
            "what": what,
            "id": subject_id,
            "name": name,
            "changes": changed_fields(before, after),
            **details,
        },
    )
