"""The citizen's rating of a service: once per ticket, once it is finished, within three days.

Short on purpose (a counter is no place for the nine questions of a satisfaction survey):
overall 1 to 5, optionally whether any payment was asked beyond the official fee, optionally
a comment. The rating is tied to the service, counter and officer that served the ticket, for
the reports; the comment is for supervisors only. The event on the record carries the rating
and the payment answer, not the comment (the officer rated may read the record).
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import IntegrityError

from office.clock import Clock
from office.db import database
from office.errors import Conflict, InvalidInput, NotFound
from office.events import EventBus
from office.limits import FEEDBACK_COMMENT_MAX
from office.models import Event, Feedback, Ticket

WINDOW = timedelta(days=3)  # after the ticket is finished
GIVEN = "feedback_given"


@dataclass(frozen=True)
class State:
    """What the status page needs to know to ask for a rating."""

    open: bool
    given: bool
    closes_at: datetime | None


def state(ticket: Ticket, now: datetime, *, given: bool | None = None) -> State:
    """Whether `ticket` may be rated now. `given`: already known (saves a query)."""
    if given is None:
        given = Feedback.select().where(Feedback.ticket == ticket.id).exists()
    if ticket.status != Ticket.DONE or ticket.finished_at is None:
        return State(False, given, None)
    closes_at = ticket.finished_at + WINDOW
    return State(not given and now <= closes_at, given, closes_at)


def todays_ticket(number: str, clock: Clock) -> Ticket:
    """Today's ticket with this number (as printed; any case), for the kiosk's rating screen:
    numbers start again each day, so only today's are meant. NotFound otherwise."""
    ticket = Ticket.get_or_none((Ticket.number == number.strip().upper()) & (Ticket.day == clock.local_day()))
    if ticket is None:
        raise NotFound(f"no ticket {number.strip().upper()} today", code="ticket_not_found")
    return ticket


def rated_ticket_ids(ticket_ids: list[int]) -> set[int]:
    """Which of these tickets were rated (one query for many status pages)."""
    if not ticket_ids:
        return set()
    return {t for (t,) in Feedback.select(Feedback.ticket).where(Feedback.ticket.in_(ticket_ids)).tuples()}


def give(
    ticket: Ticket,
    *,
    rating: int,
    payment_asked: bool | None = None,
    comment: str | None = None,
    source: str = Feedback.STATUS_PAGE,
    clock: Clock,
    bus: EventBus,
) -> Feedback:
    """Record a citizen's rating of a finished ticket. Conflict when it is not finished (or
    was not served), was already rated, or was finished more than three days ago."""
    if isinstance(rating, bool) or not isinstance(rating, int) or not 1 <= rating <= 5:
        raise InvalidInput("rating must be a whole number from 1 to 5", field="rating")
    if payment_asked is not None and not isinstance(payment_asked, bool):
        raise InvalidInput("payment_asked must be true or false", field="payment_asked")
    comment = (comment or "").strip() or None
    if comment is not None and len(comment) > FEEDBACK_COMMENT_MAX:
        raise InvalidInput(f"a comment has at most {FEEDBACK_COMMENT_MAX} characters", field="comment")
    if source not in (Feedback.STATUS_PAGE, Feedback.KIOSK):
        raise InvalidInput("unknown feedback source", field="source")
    try:
        with database.atomic():
            ticket = Ticket.get_by_id(ticket.id)  # as it is now, inside the transaction
            now = clock()
            _require_open(ticket, now)
            feedback = Feedback.create(
                ticket=ticket.id,
                at=now,
                day=ticket.day,
                service=ticket.service_id,
                counter=ticket.counter_id,
                officer=ticket.officer_id,
                rating=rating,
                payment_asked=payment_asked,
                comment=comment,
                source=source,
            )
            event = Event.create(
                at=now,
                kind=GIVEN,
                ticket=ticket.id,
                service=ticket.service_id,
                counter=ticket.counter_id,
                details={"rating": rating, "payment_asked": payment_asked, "source": source},
            )
    except IntegrityError as error:  # the same ticket rated twice at once: one wins
        raise Conflict(f"ticket {ticket.number} was already rated", code="already_rated") from error
    bus.publish(event)
    return feedback


def _require_open(ticket: Ticket, now: datetime) -> None:
    """Refused, with the reason, unless state() says a rating is open: the page and the API
    judge by the one rule."""
    current = state(ticket, now)
    if current.open:
        return
    if current.closes_at is None:
        raise Conflict(
            f"ticket {ticket.number} is {ticket.status}: a service is rated once it is finished", code="not_finished"
        )
    if current.given:
        raise Conflict(f"ticket {ticket.number} was already rated", code="already_rated")
    raise Conflict(
        f"ticket {ticket.number} was finished more than {WINDOW.days} days ago: too late to rate it",
        code="feedback_closed",
    )
