"""Who may act at which counter: an officer at the counter they are signed in at, a
supervisor or an admin anywhere.

An officer is signed in at a counter when they are its `Counter.officer` (one counter at a
time; office/counters.py signs in, takes over and signs out). Then:

- call next, pause and resume: only at that counter;
- recall, start, finish, no-show, transfer and cancel of a ticket a counter holds (called or
  serving): only the officer now at that counter. A waiting ticket belongs to no counter: its
  cancel and transfer stay open to all staff, as before.

Anything else is Forbidden (403) with the code "not_your_counter". An actor of None is the
office itself (a script, the simulator, a test of the queue rules): it may act anywhere.
"""

from office.errors import Forbidden
from office.models import Counter, Ticket, User
from office.roles import SUPERVISORS

NOT_YOUR_COUNTER = "not_your_counter"


def acts_anywhere(actor: User | None) -> bool:
    """Supervisors and admins (and the office itself) act at any counter."""
    return actor is None or actor.role in SUPERVISORS


def counter_held_by(user_id: int, *, besides: int | None = None) -> Counter | None:
    """The active counter this user is signed in at (other than `besides`), if any."""
    query = Counter.select().where((Counter.officer == user_id) & Counter.active)
    if besides is not None:
        query = query.where(Counter.id != besides)
    return query.order_by(Counter.id).first()


def require_signed_in_at(counter: Counter, actor: User | None) -> None:
    """Call next, pause and resume: the officer must be signed in at this counter."""
    if acts_anywhere(actor) or counter.officer_id == actor.id:
        return
    raise Forbidden(
        f"you are not signed in at {counter.name}; {_where_to_sign_in(counter, actor)}", code=NOT_YOUR_COUNTER
    )


def require_at_ticket_counter(ticket: Ticket, actor: User | None) -> None:
    """An action on a ticket a counter holds: only the officer now at that counter."""
    if acts_anywhere(actor) or ticket.status not in Ticket.CURRENT or ticket.counter_id is None:
        return
    counter = Counter.get_by_id(ticket.counter_id)
    if counter.officer_id != actor.id:
        raise Forbidden(
            f"ticket {ticket.number} is at {counter.name}, where you are not signed in; "
            "only its officer or a supervisor may act on it",
            code=NOT_YOUR_COUNTER,
        )


def _where_to_sign_in(counter: Counter, actor: User) -> str:
    if counter.officer_id is None:
        mine = counter_held_by(actor.id)
        if mine is not None:
            return f"you are signed in at {mine.name}: sign in at {counter.name} first"
        return f"sign in at {counter.name} first"
    holder = User.get_or_none(User.id == counter.officer_id)
    return f"{holder.username if holder else 'another officer'} works there (take it over when it is free)"
