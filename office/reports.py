"""Supervisors' reports that read the event log."""

from datetime import date

from office.clock import day_bounds_utc, iso_utc
from office.models import Counter, Event, Ticket, User


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
