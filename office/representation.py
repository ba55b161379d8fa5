"""The office's records as plain JSON-ready dicts: the one shape every API and screen uses."""

from office.citizen_view import PlaceInLine, place_in_line
from office.clock import iso_utc
from office.models import Counter, Service, Ticket

# Where a citizen follows a ticket (the QR code's target): PUBLIC_URL + STATUS_PATH + token.
STATUS_PATH = "/t/"


def status_url(public_url: str, token: str) -> str:
    return public_url.rstrip("/") + STATUS_PATH + token


def ticket_dict(ticket: Ticket, *, now=None, place: PlaceInLine | None = None, with_token: bool = False) -> dict:
    """A ticket. The status-page token goes only to whoever took the ticket. What the citizen
    is told (people ahead, estimated wait) comes from the read model, office/citizen_view.py:
    `place` when the caller has it (the one worked out when the ticket was issued), else
    worked out at `now`."""
    if place is None:
        if now is None:
            raise TypeError("ticket_dict needs `now` (or the ticket's `place`) for what the citizen is told")
        place = place_in_line(ticket, now)
    data = {
        "id": ticket.id,
        "number": ticket.number,
        "service_id": ticket.service_id,
        "status": ticket.status,
        "priority": ticket.priority,
        "fee_riel": ticket.fee_riel,
        "issued_at": iso_utc(ticket.issued_at),
        "called_at": iso_utc(ticket.called_at),
        "started_at": iso_utc(ticket.started_at),
        "finished_at": iso_utc(ticket.finished_at),
        "counter_id": ticket.counter_id,
        "officer_id": ticket.officer_id,
        "ahead": place.ahead,
        "estimated_wait_s": place.estimated_wait_s,
        "estimated_wait_min": place.estimated_wait_min,
    }
    if with_token:
        data["token"] = ticket.token
    return data


def service_dict(service: Service, waiting: int) -> dict:
    return {
        "id": service.id,
        "prefix": service.prefix,
        "name_en": service.name_en,
        "name_km": service.name_km,
        "group_en": service.group_en,
        "group_km": service.group_km,
        "fee_riel": service.fee_riel,
        "processing_days": service.processing_days,
        "target_wait_min": service.target_wait_min,
        "documents_en": service.documents_en,
        "documents_km": service.documents_km,
        "waiting": waiting,
    }


def counter_dict(counter: Counter, service_ids: list[int]) -> dict:
    return {"id": counter.id, "name": counter.name, "service_ids": service_ids}
