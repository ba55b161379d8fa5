"""Supervisors' reports that read the event log."""

from datetime import date

from peewee import JOIN

from office.clock import day_bounds_utc, iso_utc
from office.models import Counter, Event, Kiosk, Ticket, User


def out_of_order_calls(first: date, last: date, zone) -> list[dict]:
    """Every call, in office-local days first..last, that passed over an older waiting
    ticket of the same service: when, at which counter, by whom, which tickets, and why."""
    start, end = day_bounds_utc(first, last, zone)
    query = (
        Event.select(Event, Ticket.id, Ticket.number, Counter.id, Counter.name, User.id, User.username)
        .join_from(Event, Ticket)
        .join_from(Event, Counter)
        .join_from(Event, User)
        .where(Event.out_of_order & (Event.at >= start) & (Event.at < end))
        .order_by(Event.at, Event.id)
    )
    return [
        {
            "event_id": e.id,
            "at": iso_utc(e.at),
            "ticket_id": e.ticket.id,
            "number": e.ticket.number,
            "service_id": e.service_id,
            "counter_id": e.counter.id,
            "counter": e.counter.name,
            "actor_id": e.actor.id,
            "actor": e.actor.username,
            "passed_over": e.details.get("passed_over", []),
            "reason": e.details.get("reason"),
        }
        for e in query
    ]


def priority_tickets(first: date, last: date, zone) -> list[dict]:
    """Every priority ticket issued in office-local days first..last, with who gave it: a
    priority ticket is called before everyone, so it is as much a queue-jumping risk as an
    out-of-order call."""
    start, end = day_bounds_utc(first, last, zone)
    query = (
        Ticket.select(Ticket, User.id, User.username, Kiosk.id, Kiosk.name)
        .join_from(Ticket, User, on=(Ticket.issued_by == User.id), join_type=JOIN.LEFT_OUTER)
        .join_from(Ticket, Kiosk, join_type=JOIN.LEFT_OUTER)
        .where(Ticket.priority & (Ticket.issued_at >= start) & (Ticket.issued_at < end))
        .order_by(Ticket.issued_at, Ticket.id)
    )
    return [
        {
            "ticket_id": t.id,
            "number": t.number,
            "service_id": t.service_id,
            "issued_at": iso_utc(t.issued_at),
            "issued_by_id": t.issued_by_id,
            "issued_by": t.issued_by.username if t.issued_by_id else None,
            "kiosk_id": t.kiosk_id,
            "kiosk": t.kiosk.name if t.kiosk_id else None,
            "status": t.status,
        }
        for t in query
    ]
