"""The queues as a supervisor sees them: per service, who waits and since when."""

from office.clock import iso_utc
from office.models import Service, Ticket

SHOWN_PER_SERVICE = 50


def queues(now) -> list[dict]:
    """Each active service with its waiting count, its oldest wait and the first waiting
    tickets in calling order (enough to pick one for an out-of-order call)."""
    waiting = (
        Ticket.select(Ticket.id, Ticket.number, Ticket.service, Ticket.priority, Ticket.issued_at)
        .where(Ticket.status == Ticket.WAITING)
        .order_by(*Ticket.calling_order())
    )
    by_service: dict[int, list[Ticket]] = {}
    for ticket in waiting:
        by_service.setdefault(ticket.service_id, []).append(ticket)
    rows = []
    for service in Service.select().where(Service.active).order_by(Service.position, Service.id):
        tickets = by_service.get(service.id, [])
        oldest = min((t.issued_at for t in tickets), default=None)
        rows.append(
            {
                "service_id": service.id,
                "prefix": service.prefix,
                "name_en": service.name_en,
                "name_km": service.name_km,
                "target_wait_min": service.target_wait_min,
                "waiting": len(tickets),
                "oldest_issued_at": iso_utc(oldest),
                "oldest_wait_s": round((now - oldest).total_seconds(), 3) if oldest else None,
                "tickets": [
                    {"id": t.id, "number": t.number, "priority": t.priority, "issued_at": iso_utc(t.issued_at)}
                    for t in tickets[:SHOWN_PER_SERVICE]
                ],
            }
        )
    return rows
