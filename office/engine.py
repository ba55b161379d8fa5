"""The queue rules: everything a ticket goes through.

Each function is one use case and one transaction: the ticket row and its Event row are
written together, and the event is published on the app's bus only after the commit. Nothing
inside a transaction yields (no emit, no print, no network), so a green thread never holds the
SQLite write lock while another waits for it.

Which action is allowed in which state, and what it sets, is the table in office/lifecycle.py.
Every use case takes the office's clock and the app's event bus as required keywords: there
is no default clock and no global bus.
"""

import math
import secrets
from datetime import timedelta
from typing import NamedTuple

from peewee import IntegrityError, fn

from office import daily_figures
from office.access import acts_anywhere, counter_held_by, require_at_ticket_counter, require_signed_in_at
from office.citizen_view import PlaceInLine, place_for_new_ticket, place_in_line
from office.clock import Clock, to_millis
from office.db import database
from office.errors import (
    Conflict,
    CounterBusy,
    DomainError,
    Forbidden,
    IllegalTransition,
    InvalidInput,
    NotFound,
    TooManyTickets,
)
from office.events import EventBus
from office.lifecycle import TRANSITIONS, Transition
from office.limits import CLIENT_MAX, IDEMPOTENCY_KEY_MAX, IDEMPOTENCY_SCOPE_MAX
from office.models import (
    Counter,
    CounterService,
    Event,
    Kiosk,
    PrintJob,
    Service,
    Ticket,
    TicketSequence,
    User,
)

CALL, TRANSFER = TRANSITIONS["call"], TRANSITIONS["transfer"]

ISSUING_WINDOW = timedelta(minutes=1)  # the issuing limit counts tickets in this window
IDEMPOTENCY_KEY_LIFETIME = timedelta(days=1)

# Attempts at claiming a waiting ticket that another counter claimed first (PostgreSQL).
_CLAIM_ATTEMPTS = 20


class Issued(NamedTuple):
    ticket: Ticket
    replayed: bool  # True when an earlier request with the same idempotency key made it
    place: PlaceInLine  # what the citizen is told: people ahead and estimated wait, when issued


class Issuer(NamedTuple):
    """Who asks for a ticket: a staff member, an enrolled kiosk, or neither (a phone, a page
    that is not an enrolled kiosk), and the address the request came from."""

    user_id: int | None = None
    kiosk_id: int | None = None
    client: str | None = None

    @property
    def scope(self) -> str:
        """Whose idempotency keys these are: a replay finds only its own sender's tickets."""
        if self.kiosk_id is not None:
            return f"kiosk:{self.kiosk_id}"
        if self.user_id is not None:
            return f"user:{self.user_id}"
        return f"client:{self.client or ''}"[:IDEMPOTENCY_SCOPE_MAX]


class IssueRequest(NamedTuple):
    service_id: int
    priority: bool = False
    idempotency_key: str | None = None
    printer: str | None = None  # the kiosk whose printer prints it
    issuer: Issuer = Issuer()
    # Tickets one kiosk or one address may take in a minute (0: no limit); staff have none.
    per_minute: int = 0


def issue(
    service_id: int,
    *,
    priority: bool = False,
    idempotency_key: str | None = None,
    printer: str | None = None,
    issuer: Issuer | None = None,
    per_minute: int = 0,
    clock: Clock,
    bus: EventBus,
) -> Issued:
    """Give a citizen the next number of a service's queue for today.

    A retry carrying the same idempotency key, from the same sender and within a day, gets
    the ticket the first request made. With a printer name, the print job is queued in the
    same transaction as the ticket. Priority tickets are given only by staff and by kiosks
    enrolled to offer them; the ticket records who issued it. With `per_minute`, a kiosk or an
    address that took that many tickets in the last minute is refused (staff are not).
    """
    request = IssueRequest(service_id, priority, idempotency_key, printer, issuer or Issuer(), per_minute)
    [result] = issue_many([request], clock=clock, bus=bus)
    if isinstance(result, Exception):
        raise result
    return result


def issue_many(requests: list[IssueRequest], *, clock: Clock, bus: EventBus) -> list[Issued | DomainError]:
    """Issue several tickets in one transaction (a group commit: one disk flush for all of
    them). Each request succeeds or fails on its own, inside a savepoint; the result for a
    refused one is its domain error. Events go out after the commit.
    """
    results: list[Issued | DomainError] = []
    published = []
    try:
        with database.atomic():
            for request in requests:
                try:
                    with database.atomic():  # a savepoint: a refusal undoes only this ticket
                        issued, event = _issue_one(request, clock)
                except DomainError as error:
                    results.append(error)
                    continue
                results.append(issued)
                if event is not None:
                    published.append(event)
    except IntegrityError:
        # Two requests with one idempotency key raced in two processes (PostgreSQL) and the
        # other won; with several requests here, each is retried alone.
        if len(requests) > 1:
            return [_retry_alone(request, clock, bus) for request in requests]
        request = requests[0]
        earlier = _ticket_for_key(request, clock())
        if earlier is None:
            raise
        return [Issued(earlier, True, place_in_line(earlier, clock()))]
    for event in published:
        bus.publish(event)
    return results


def _retry_alone(request: IssueRequest, clock: Clock, bus: EventBus) -> Issued | DomainError:
    try:
        return issue(**request._asdict(), clock=clock, bus=bus)
    except DomainError as error:
        return error


def _issue_one(request: IssueRequest, clock: Clock) -> tuple[Issued, Event | None]:
    key, issuer = request.idempotency_key, request.issuer
    if key is not None and not (1 <= len(key) <= IDEMPOTENCY_KEY_MAX):
        raise InvalidInput(f"Idempotency-Key must be 1 to {IDEMPOTENCY_KEY_MAX} characters")
    now = clock()
    priority = bool(request.priority)
    if priority:
        _require_may_give_priority(issuer)
    earlier = _ticket_for_key(request, now)
    if earlier is not None:
        return Issued(earlier, True, place_in_line(earlier, now)), None
    if request.per_minute and issuer.user_id is None:
        _refuse_over_limit(issuer, request.per_minute, now)
    service = _active_service(request.service_id)
    day = clock.local_day(now)
    seq = _next_number(service.prefix, day)
    place = place_for_new_ticket(service.id, priority, now)
    ticket = Ticket.create(
        service=service,
        number=f"{service.prefix}{seq:03d}",
        day=day,
        priority=priority,
        issued_at=now,
        estimated_wait_s=place.estimated_wait_s,  # kept, to compare with the wait that really happens
        fee_riel=service.fee_riel,  # the fee it was issued with, whatever the fee becomes
        token=secrets.token_urlsafe(16),
        idempotency_key=key,
        idempotency_scope=issuer.scope if key is not None else None,
        issued_by=issuer.user_id,
        kiosk=issuer.kiosk_id,
        client=(issuer.client or "")[:CLIENT_MAX] or None,
    )
    if request.printer:
        PrintJob.create(ticket=ticket, printer=request.printer, created_at=now, next_attempt_at=now)
    details = {"number": ticket.number, "priority": ticket.priority}
    if issuer.kiosk_id is not None:
        details["kiosk_id"] = issuer.kiosk_id
    event = _log("issued", ticket, now, actor=issuer.user_id, details=details)
    return Issued(ticket, False, place), event


def _require_may_give_priority(issuer: Issuer) -> None:
    """Priority (the elderly, the disabled, pregnant women) is called before everyone: only
    staff, and kiosks enrolled to offer it, may give it."""
    if issuer.user_id is not None and User.select().where((User.id == issuer.user_id) & User.active).exists():
        return
    if (
        issuer.kiosk_id is not None
        and Kiosk.select()
        .where((Kiosk.id == issuer.kiosk_id) & Kiosk.offers_priority & Kiosk.revoked_at.is_null())
        .exists()
    ):
        return
    raise Forbidden(
        "priority tickets are given by staff or at a kiosk enrolled to offer them", code="priority_not_allowed"
    )


def _refuse_over_limit(issuer: Issuer, per_minute: int, now) -> None:
    """One kiosk, and one address, take at most `per_minute` tickets in any minute. Counted
    from the tickets themselves, in the issuing transaction: replays make no ticket, so they
    never count."""
    since = now - ISSUING_WINDOW
    for sender in (
        Ticket.kiosk == issuer.kiosk_id if issuer.kiosk_id is not None else None,
        Ticket.client == issuer.client[:CLIENT_MAX] if issuer.client else None,
    ):
        if sender is None:
            continue
        recent = Ticket.select(Ticket.issued_at).where(sender & (Ticket.issued_at > since))
        if recent.count() >= per_minute:
            oldest = recent.order_by(Ticket.issued_at).first().issued_at
            wait = max(1, math.ceil((oldest + ISSUING_WINDOW - now).total_seconds()))
            raise TooManyTickets(
                f"no more than {per_minute} tickets a minute from one kiosk or device; try again in {wait} s",
                retry_after_s=wait,
            )


def call_next(counter_id: int, *, officer_id: int | None = None, clock: Clock, bus: EventBus) -> Ticket | None:
    """Call the next citizen to a counter: priority tickets first, then the oldest waiting
    ticket among the counter's services. None when nobody waits.

    An officer calls only at the counter they are signed in at (Forbidden otherwise); at a
    counter nobody holds, while they hold none, the call signs them in there. Refused while
    the counter is paused or still holds a called or serving ticket.
    """
    events = []
    try:
        with database.atomic():
            counter = active_counter(counter_id)
            officer = _user_or_none(officer_id)
            takes = _takes_free_counter(counter, officer)
            if not takes:
                require_signed_in_at(counter, officer)
            _refuse_if_busy(counter)
            now = clock()
            ticket = _claim_next_waiting(counter, officer, now)
            if ticket is not None:
                signed_in = _take_counter(counter, officer, now) if takes else None
                called = _log(CALL.event, ticket, now, counter=counter, actor=officer)
                events = [event for event in (signed_in, called) if event is not None]
    except IntegrityError as error:
        # The partial unique index: another request put a ticket on this counter first.
        raise CounterBusy(f"counter {counter_id} already has a current ticket") from error
    for event in events:
        bus.publish(event)
    return ticket


def call_ticket(counter_id: int, ticket_id: int, *, reason: str, actor_id: int, clock: Clock, bus: EventBus) -> Ticket:
    """Call one particular waiting ticket, out of the normal order (a supervisor's act).

    The reason is required and goes on the record with every older waiting ticket of the
    same service that this call passes over.
    """
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput("a reason is required to call a ticket out of order")
    try:
        with database.atomic():
            counter = active_counter(counter_id)
            _refuse_if_busy(counter)
            ticket = _ticket(ticket_id)
            _require_allowed(ticket, CALL)
            if (
                not CounterService.select()
                .where((CounterService.counter == counter.id) & (CounterService.service == ticket.service_id))
                .exists()
            ):
                raise Conflict(f"{counter.name} does not serve this ticket's service", code="not_served_here")
            actor = _user_or_none(actor_id)
            now = clock()
            passed_over = [
                {"ticket_id": t.id, "number": t.number}
                for t in Ticket.select(Ticket.id, Ticket.number)
                .where(
                    (Ticket.status == Ticket.WAITING)
                    & (Ticket.service == ticket.service_id)
                    & Ticket.called_before(ticket)
                )
                .order_by(*Ticket.calling_order())
            ]
            _update(ticket, **_changes(CALL, now, ticket), counter=counter.id, officer=actor.id)
            event = _log(
                CALL.event,
                ticket,
                now,
                counter=counter,
                actor=actor,
                details={"reason": reason[:500], "passed_over": passed_over, "chosen": True},
                out_of_order=bool(passed_over),
            )
    except IntegrityError as error:
        raise CounterBusy(f"counter {counter_id} already has a current ticket") from error
    bus.publish(event)
    return ticket


def recall(ticket_id: int, *, actor_id: int | None = None, clock: Clock, bus: EventBus) -> Ticket:
    """Call a called ticket again (the citizen has not come yet)."""
    return _change("recall", ticket_id, actor_id, clock, bus)


def start(ticket_id: int, *, actor_id: int | None = None, clock: Clock, bus: EventBus) -> Ticket:
    """The citizen is at the counter: service time starts now."""
    return _change("start", ticket_id, actor_id, clock, bus)


def finish(ticket_id: int, *, actor_id: int | None = None, clock: Clock, bus: EventBus) -> Ticket:
    """The service is done: service time ends now and the counter is free."""
    return _change("finish", ticket_id, actor_id, clock, bus)


def no_show(ticket_id: int, *, actor_id: int | None = None, clock: Clock, bus: EventBus) -> Ticket:
    """The called citizen did not come: the counter is free."""
    return _change("no_show", ticket_id, actor_id, clock, bus)


def cancel(ticket_id: int, *, actor_id: int | None = None, clock: Clock, bus: EventBus) -> Ticket:
    """Withdraw a waiting or called ticket; a called one frees its counter (and only the
    officer at that counter, or a supervisor, may cancel it)."""
    return _change("cancel", ticket_id, actor_id, clock, bus)


def transfer(ticket_id: int, service_id: int, *, actor_id: int | None = None, clock: Clock, bus: EventBus) -> Ticket:
    """Send a ticket to another service's queue. It keeps its number and its original place
    in line (its issue time), so the citizen is not sent to the back; the counter is freed.
    The event log keeps where it came from. A ticket at a counter is transferred only by the
    officer at that counter or a supervisor.
    """
    with database.atomic():
        ticket = _ticket(ticket_id)
        actor = _user_or_none(actor_id)
        require_at_ticket_counter(ticket, actor)
        _require_allowed(ticket, TRANSFER)
        target = _active_service(service_id)
        if target.id == ticket.service_id:
            raise Conflict(f"ticket {ticket.number} is already in that service's queue", code="same_service")
        now = clock()
        details = {"from_service_id": ticket.service_id, "to_service_id": target.id, "from_status": ticket.status}
        counter = ticket.counter_id
        _update(ticket, **_changes(TRANSFER, now, ticket), service=target.id)
        event = _log(TRANSFER.event, ticket, now, counter=counter, actor=actor, details=details)
        daily_figures.record(event, ticket, clock.zone)
    bus.publish(event)
    return ticket


def waiting_counts() -> dict[int, int]:
    """People waiting per active service id (services nobody waits for count 0)."""
    counts = dict(
        Ticket.select(Ticket.service, fn.COUNT(Ticket.id))
        .where(Ticket.status == Ticket.WAITING)
        .group_by(Ticket.service)
        .tuples()
    )
    return {sid: counts.get(sid, 0) for (sid,) in Service.select(Service.id).where(Service.active).tuples()}


def current_ticket(counter_id: int) -> Ticket | None:
    """The ticket a counter has called or is serving, if any."""
    return Ticket.get_or_none((Ticket.counter == counter_id) & Ticket.holds_a_counter())


# --- inside a transaction -------------------------------------------------------------


def _change(action: str, ticket_id: int, actor_id, clock: Clock, bus: EventBus) -> Ticket:
    """An action that needs nothing but the ticket: the table says what it may do, and
    office/access.py who may do it."""
    transition = TRANSITIONS[action]
    with database.atomic():
        ticket = _ticket(ticket_id)
        actor = _user_or_none(actor_id)
        require_at_ticket_counter(ticket, actor)
        _require_allowed(ticket, transition)
        now = clock()
        _update(ticket, **_changes(transition, now, ticket))
        event = _log(transition.event, ticket, now, counter=ticket.counter_id, actor=actor)
        daily_figures.record(event, ticket, clock.zone)
    bus.publish(event)
    return ticket


def _changes(transition: Transition, now, ticket: Ticket | None = None) -> dict:
    """The ticket's new status and times for an action at `now`, as the table prescribes.
    Without the ticket (a claim by conditional update), the database keeps an earlier value
    of what is set only if unset."""
    values = {"status": transition.to_state}
    values.update({field: now for field in transition.sets})
    values.update({field: None for field in transition.clears})
    for field in transition.sets_if_unset:
        if ticket is None:
            # function arguments skip the field's conversion: pass milliseconds
            values[field] = fn.COALESCE(getattr(Ticket, field), to_millis(now))
        else:
            values[field] = getattr(ticket, field) or now
    return values


def _update(ticket: Ticket, **values) -> None:
    """Write changes only if nobody changed the ticket's status meanwhile."""
    expected = ticket.status
    updated = Ticket.update(**values).where((Ticket.id == ticket.id) & (Ticket.status == expected)).execute()
    if updated != 1:
        raise Conflict(f"ticket {ticket.number} changed meanwhile; try again", code="concurrent_change")
    for field, value in values.items():
        setattr(ticket, field, value)


def _claim_next_waiting(counter: Counter, officer: User | None, now) -> Ticket | None:
    services = CounterService.select(CounterService.service).where(CounterService.counter == counter)
    for _ in range(_CLAIM_ATTEMPTS):
        candidate = (
            Ticket.select()
            .join(Service)
            .where(Ticket.status.in_(CALL.from_states) & Ticket.service.in_(services) & Service.active)
            .order_by(*Ticket.calling_order())
            .first()
        )
        if candidate is None:
            return None
        claimed = (
            Ticket.update(**_changes(CALL, now), counter=counter.id, officer=officer.id if officer else None)
            .where((Ticket.id == candidate.id) & Ticket.status.in_(CALL.from_states))
            .execute()
        )
        if claimed == 1:
            return Ticket.get_by_id(candidate.id)
    raise Conflict("too many counters calling at once; try again", code="contention")


def _next_number(prefix: str, day) -> int:
    """Atomically take the next sequence number for a prefix on a day (upsert + RETURNING)."""
    query = (
        TicketSequence.insert(prefix=prefix, day=day, last=1)
        .on_conflict(
            conflict_target=[TicketSequence.prefix, TicketSequence.day],
            update={TicketSequence.last: TicketSequence.last + 1},
        )
        .returning(TicketSequence.last)
    )
    return list(query.execute())[0].last


def _log(kind, ticket, at, *, counter=None, actor=None, details=None, out_of_order=False) -> Event:
    return Event.create(
        at=at,
        kind=kind,
        ticket=ticket,
        service=ticket.service_id if ticket is not None else None,
        counter=counter,
        actor=actor,
        details=details or {},
        out_of_order=out_of_order,
    )


def _require_allowed(ticket: Ticket, transition: Transition) -> None:
    if not transition.allows(ticket.status):
        raise IllegalTransition(
            f"ticket {ticket.number} is {ticket.status}; "
            f"it can be {transition.verb} only when {' or '.join(transition.from_states)}"
        )


def _takes_free_counter(counter: Counter, officer: User | None) -> bool:
    """A call at a counter nobody holds, by someone signed in nowhere, signs them in there."""
    return officer is not None and counter.officer_id is None and counter_held_by(officer.id) is None


def _take_counter(counter: Counter, officer: User, now) -> Event | None:
    """Sign the caller in at a counter nobody held, unless someone signed in there meanwhile
    (then an officer's call is refused; a supervisor's goes ahead without taking it)."""
    taken = Counter.update(officer=officer.id).where((Counter.id == counter.id) & Counter.officer.is_null()).execute()
    if taken != 1:
        if acts_anywhere(officer):
            return None
        raise Forbidden(f"another officer signed in at {counter.name} just now", code="not_your_counter")
    counter.officer = officer.id
    return _log("signed_in", None, now, counter=counter, actor=officer, details={"by_call": True})


def _refuse_if_busy(counter: Counter) -> None:
    if counter.paused:
        raise Conflict(f"{counter.name} is paused; resume it to call", code="counter_paused")
    current = current_ticket(counter.id)
    if current is not None:
        raise CounterBusy(f"{counter.name} is still on ticket {current.number} ({current.status}); finish it first")


def _ticket_for_key(request: IssueRequest, now) -> Ticket | None:
    """The ticket an earlier request of the same sender made with this key, within a day. A
    key older than that is freed (set aside) so that it may be used again."""
    if request.idempotency_key is None:
        return None
    earlier = Ticket.get_or_none(
        (Ticket.idempotency_scope == request.issuer.scope) & (Ticket.idempotency_key == request.idempotency_key)
    )
    if earlier is not None and earlier.issued_at < now - IDEMPOTENCY_KEY_LIFETIME:
        Ticket.update(idempotency_key=None, idempotency_scope=None).where(Ticket.id == earlier.id).execute()
        return None
    if earlier is not None and earlier.service_id != request.service_id:
        raise Conflict("this Idempotency-Key was already used for another service", code="idempotency_key_reused")
    return earlier


def _ticket(ticket_id: int) -> Ticket:
    ticket = Ticket.get_or_none(Ticket.id == ticket_id)
    if ticket is None:
        raise NotFound(f"no ticket {ticket_id}")
    return ticket


def _active_service(service_id: int) -> Service:
    service = Service.get_or_none((Service.id == service_id) & Service.active)
    if service is None:
        raise NotFound(f"no active service {service_id}")
    return service


def active_counter(counter_id: int) -> Counter:
    """The counter with this id, if it is in use; NotFound otherwise."""
    counter = Counter.get_or_none((Counter.id == counter_id) & Counter.active)
    if counter is None:
        raise NotFound(f"no active counter {counter_id}")
    return counter


def _user_or_none(user_id: int | None) -> User | None:
    if user_id is None:
        return None
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    return user
