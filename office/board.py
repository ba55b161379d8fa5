"""What the waiting room sees: recent calls and people waiting, optionally for part of an
office (some counters, or some services) when it has several waiting rooms."""

from dataclasses import dataclass

from office.clock import iso_utc
from office.models import Counter, CounterService, Event, Ticket

CALL_KINDS = ("called", "recalled")


@dataclass(frozen=True)
class Follow:
    """Which calls a display shows: all of them, or those of some counters or services.
    With both, a call of either shows."""

    counter_ids: frozenset[int] = frozenset()
    service_ids: frozenset[int] = frozenset()

    @property
    def everything(self) -> bool:
        return not self.counter_ids and not self.service_ids

    def shows(self, counter_id: int | None, service_id: int | None) -> bool:
        return self.everything or counter_id in self.counter_ids or service_id in self.service_ids

    def waiting_service_ids(self) -> list[int] | None:
        """Services whose queues this display shows (None: all)."""
        if self.everything:
            return None
        served = CounterService.select(CounterService.service).where(CounterService.counter.in_(list(self.counter_ids)))
        return sorted(self.service_ids | {sid for (sid,) in served.tuples()})


def call_dict(event: Event) -> dict:
    """One call (or recall) as the displays receive it."""
    return {
        "id": event.id,
        "ticket_id": event.ticket_id,
        "number": event.ticket.number,
        "counter_id": event.counter_id,
        "counter": event.counter.name,
        "service_id": event.service_id,
        "called_at": iso_utc(event.at),
        "recall": event.kind == "recalled",
    }


def recent_calls(follow: Follow = Follow(), limit: int = 10) -> list[dict]:
    """The latest calls, newest first: the call history, whatever became of the tickets since."""
    query = (
        Event.select(Event, Ticket.id, Ticket.number, Counter.id, Counter.name)
        .join_from(Event, Ticket)
        .join_from(Event, Counter)
        .where(Event.kind.in_(CALL_KINDS))
        .order_by(Event.id.desc())
        .limit(limit)
    )
    if not follow.everything:
        query = query.where(Event.counter.in_(list(follow.counter_ids)) | Event.service.in_(list(follow.service_ids)))
    return [call_dict(event) for event in query]
