"""What citizens said of the service (office/feedback.py), for the reports and the public
figures: per service, counter or officer, the number of ratings, their mean (1 to 5), and the
share of "payment asked beyond the official fee" among those who answered that question.

Ratings count in the period of their ticket's office-local day, as every other figure of a
report does (a ticket of Monday rated on Tuesday is Monday's). Comments are not figures: they
are listed for supervisors only (comments()), and the ratings where a payment was asked are an
integrity signal (payment_asked()).
"""

from datetime import date

from peewee import Case, fn

from office.clock import iso_utc
from office.models import Counter, Feedback, Service, Ticket, User

COLUMNS = {"services": Feedback.service, "counters": Feedback.counter, "officers": Feedback.officer}


def blank() -> dict:
    return {"ratings": 0, "mean": None, "payment_asked": 0, "payment_answers": 0, "payment_asked_share": None}


def by(name: str, first: date, last: date, filters=None) -> dict[int, dict]:
    """{service, counter or officer id: its satisfaction} over tickets of days first..last."""
    column = COLUMNS[name]
    asked = fn.SUM(Case(None, [(Feedback.payment_asked == True, 1)], 0))  # noqa: E712 (SQL, not Python)
    answered = fn.COUNT(Feedback.payment_asked)
    query = (
        _filtered(Feedback.select(column, fn.COUNT(Feedback.id), fn.SUM(Feedback.rating), asked, answered), filters)
        .where(Feedback.day.between(first, last) & column.is_null(False))
        .group_by(column)
        .tuples()
    )
    return {key: _figures(n, total, yes, answers) for key, n, total, yes, answers in query}


def _figures(n, total, yes, answers) -> dict:
    yes, answers = int(yes or 0), int(answers or 0)
    return {
        "ratings": n,
        "mean": round(float(total) / n, 2) if n else None,
        "payment_asked": yes,
        "payment_answers": answers,
        "payment_asked_share": round(yes / answers, 4) if answers else None,
    }


def _filtered(query, filters):
    if filters is None:
        return query
    if filters.service_ids:
        query = query.where(Feedback.service.in_(filters.service_ids))
    if filters.counter_ids:
        query = query.where(Feedback.counter.in_(filters.counter_ids))
    if filters.officer_ids:
        query = query.where(Feedback.officer.in_(filters.officer_ids))
    if filters.group:
        query = query.where(Feedback.service.in_(Service.select(Service.id).where(Service.group_en == filters.group)))
    return query


def _listed(query, limit: int) -> list[dict]:
    officers = dict(User.select(User.id, User.username).tuples())
    counters = dict(Counter.select(Counter.id, Counter.name).tuples())
    rows = list(query.order_by(Feedback.at.desc(), Feedback.id.desc()).limit(limit))
    ids = [f.ticket_id for f in rows]
    numbers = dict(Ticket.select(Ticket.id, Ticket.number).where(Ticket.id.in_(ids)).tuples()) if ids else {}
    return [
        {
            "ticket_id": f.ticket_id,
            "number": numbers[f.ticket_id],
            "day": f.day.isoformat(),
            "at": iso_utc(f.at),
            "service_id": f.service_id,
            "counter_id": f.counter_id,
            "counter": counters.get(f.counter_id, ""),
            "officer_id": f.officer_id,
            "officer": officers.get(f.officer_id, ""),
            "rating": f.rating,
            "payment_asked": f.payment_asked,
            "comment": f.comment,
        }
        for f in rows
    ]


def payment_asked(first: date, last: date, *, limit: int = 500) -> list[dict]:
    """The ratings of days first..last whose citizen said a payment was asked beyond the
    official fee, newest first: an integrity signal, with the ticket and who served it."""
    query = Feedback.select().where(Feedback.day.between(first, last) & (Feedback.payment_asked == True))  # noqa: E712
    return _listed(query, limit)


def comments(first: date, last: date, filters=None, *, limit: int = 500) -> list[dict]:
    """The ratings of days first..last that came with a comment, newest first: for
    supervisors, never for the officer rated."""
    query = _filtered(Feedback.select(), filters).where(
        Feedback.day.between(first, last) & Feedback.comment.is_null(False)
    )
    return _listed(query, limit)
