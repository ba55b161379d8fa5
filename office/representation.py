"""The office's records as plain JSON-ready dicts: the one shape every API and screen uses."""

from office.clock import iso_utc
from office.engine import people_ahead
from office.estimate import estimated_wait_s
from office.models import Counter, Service, Ticket

# Where a citizen follows a ticket (the QR code's target): PUBLIC_URL + STATUS_PATH + token.
STATUS_PATH = "/t/"


def status_url(public_url: str, token: str) -> str:
    return public_url.rstrip("/") + STATUS_PATH + token


def ticket_dict(ticket: Ticket, *, now=None, with_token: bool = False) -> dict:
    """A ticket. The status-page token goes only to whoever took the ticket. With `now`, the
    estimated wait is worked out afresh; without, it is the one the ticket was issued with."""
    if ticket.status != Ticket.WAITING:
        wait = None
    elif now is not None:
        wait = estimated_wait_s(ticket, now)
    else:
        wait = ticket.estimated_wait_s
    data = {
        "id": ticket.id,
        "number": ticket.number,
        "service_id": ticket.service_id,
        "status": ticket.status,
        "priority": ticket.priority,
        "issued_at": iso_utc(ticket.issued_at),
        "called_at": iso_utc(ticket.called_at),
        "started_at": iso_utc(ticket.started_at),
        "finished_at": iso_utc(ticket.finished_at),
        "counter_id": ticket.counter_id,
        "officer_id": ticket.officer_id,
        "ahead": people_ahead(ticket),
        "estimated_wait_s": wait,
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
        "waiting": waiting,
    }


def counter_dict(counter: Counter, service_ids: list[int]) -> dict:
    return {"id": counter.id, "name": counter.name, "service_ids": service_ids}
