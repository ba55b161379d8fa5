"""What a ticket's status page shows: the body of GET /api/v1/status/<token> ({"ticket",
"service", "counter", "feedback"}), for one ticket (the API, a page connecting on /ticket) or for many at
once in a few queries whatever their number (the /ticket namespace after a change)."""

from peewee import fn

from office import feedback, schemas
from office.citizen_view import places_in_line
from office.clock import iso_utc
from office.models import Counter, Service, Ticket
from office.representation import service_dict, ticket_dict


def ticket_status(ticket: Ticket, now) -> schemas.TicketStatus:
    """What the citizen's phone shows: the ticket, its service, and the counter once called."""
    return ticket_statuses([ticket], now)[ticket.id]


def ticket_statuses(tickets: list[Ticket], now) -> dict[int, schemas.TicketStatus]:
    """{ticket id: its status page}, as GET /api/v1/status/<token> answers it."""
    if not tickets:
        return {}
    service_ids = list({t.service_id for t in tickets})
    services = {s.id: s for s in Service.select().where(Service.id.in_(service_ids))}
    waiting = dict(
        Ticket.select(Ticket.service, fn.COUNT(Ticket.id))
        .where((Ticket.status == Ticket.WAITING) & Ticket.service.in_(service_ids))
        .group_by(Ticket.service)
        .tuples()
    )
    counter_ids = list({t.counter_id for t in tickets if t.counter_id})
    counters = {c.id: c.name for c in Counter.select(Counter.id, Counter.name).where(Counter.id.in_(counter_ids))}
    places = places_in_line(tickets, now)  # one statement per service
    rated = feedback.rated_ticket_ids([t.id for t in tickets if t.status == Ticket.DONE])
    return {
        t.id: schemas.TicketStatus(
            ticket=ticket_dict(t, place=places[t.id]),
            service=service_dict(services[t.service_id], waiting.get(t.service_id, 0)),
            counter={"id": t.counter_id, "name": counters[t.counter_id]} if t.counter_id in counters else None,
            feedback=_feedback_state(t, now, t.id in rated),
        )
        for t in tickets
    }


def _feedback_state(ticket: Ticket, now, given: bool) -> schemas.FeedbackState:
    state = feedback.state(ticket, now, given=given)
    return schemas.FeedbackState(open=state.open, given=state.given, closes_at=iso_utc(state.closes_at))
