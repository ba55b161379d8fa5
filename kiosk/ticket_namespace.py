"""Socket.IO namespace /ticket: a ticket's status page on a citizen's phone (public, like
the page).

/ticket
    Connect with the ticket's token: `?token=<token>` on the connection URL, or in the
    Socket.IO auth object `{"token": "<token>"}` (socket.io-client: `io("/ticket", {auth:
    {token}})`). An unknown or malformed token is refused (the client gets `connect_error`
    with the message "no ticket with this code").
    On connect: `status`, exactly the JSON body of GET /api/v1/status/<token>:
    {"ticket": {…, "status", "ahead", "estimated_wait_s", …}, "service": {…, "waiting"},
    "counter": {"id", "name"} | null}.
    Then `status` again (the same shape, the whole body, fresh) whenever what the page shows
    has changed: the ticket itself was called, recalled, started, finished, marked no-show,
    cancelled or transferred; or, while it waits, its people ahead or estimated wait changed
    (tickets issued, called, started, finished, cancelled or transferred in a service that
    shares a counter with its own; a counter paused or resumed; a counter's services
    changed). A change of "service"."waiting" alone sends nothing. Only after the change has
    committed, at most every TICKET_STATUS_DELAY_S seconds (default 0.25). A page never
    needs an HTTP request after connecting; it may send `snapshot` at any time to get
    `status` again.
"""

import re
import threading

from flask import current_app, request
from flask_socketio import ConnectionRefusedError, Namespace, emit, join_room, rooms

from kiosk.status import ticket_status, ticket_statuses
from office.coalesce import Coalesced
from office.counters import services_by_counter
from office.db import database
from office.limits import TOKEN_MAX, TOKEN_MIN
from office.models import Ticket

TICKET_NAMESPACE = "/ticket"

# Events of a counter (no ticket): they change the waits of the services it serves.
COUNTER_CHANGES = frozenset({"paused", "resumed", "services_changed", "counter_added", "counter_changed"})
# Events that change only their own ticket's page.
OWN_TICKET_ONLY = frozenset({"recalled"})
# Printing is no business of the status page.
NOT_FOR_PAGES = frozenset({"printed", "print_failed"})

TOKEN = re.compile(rf"^[A-Za-z0-9_-]{{{TOKEN_MIN},{TOKEN_MAX}}}$")
ROOM_PREFIX = "ticket:"


def token_from(args, auth) -> str | None:
    """The ticket's token from `?token=` or the auth object; None unless well-formed."""
    token = args.get("token")
    if token is None and isinstance(auth, dict):
        token = auth.get("token")
    return token if isinstance(token, str) and TOKEN.match(token) else None


def shown(status: dict | None) -> dict | None:
    """What the page shows of a status: all of it but its service's waiting count (which
    moves with every ticket issued behind it)."""
    if status is None:
        return None
    return {**status, "service": {**status["service"], "waiting": None}}


def room_of(ticket_id: int) -> str:
    return f"{ROOM_PREFIX}{ticket_id}"


class TicketNamespace(Namespace):
    def __init__(self, namespace, pages: "StatusPages"):
        super().__init__(namespace)
        self.pages = pages

    def on_connect(self, auth=None):
        token = token_from(request.args, auth)
        with database.connection_context():
            ticket = Ticket.get_or_none(Ticket.token == token) if token else None
            if ticket is None:
                raise ConnectionRefusedError("no ticket with this code")
            status = self.pages.status_now(ticket)
        join_room(room_of(ticket.id))
        emit("status", status)

    def on_snapshot(self, _data=None):
        """A page may ask again (e.g. after the phone slept)."""
        ticket_ids = [int(r[len(ROOM_PREFIX) :]) for r in rooms() if r.startswith(ROOM_PREFIX)]
        if not ticket_ids:
            return
        with database.connection_context():
            ticket = Ticket.get_or_none(Ticket.id == ticket_ids[0])
            if ticket is not None:
                emit("status", self.pages.status_now(ticket))


class Changes:
    """What the events since the last send touched: tickets, services, counters."""

    def __init__(self):
        self.ticket_ids: set[int] = set()
        self.service_ids: set[int] = set()  # a change in these moves the waits around them
        self.counter_ids: set[int] = set()  # opened, paused, or their services changed
        self.counter_service_ids: set[int] = set()  # services a counter event named itself

    def add(self, event) -> None:
        if event.ticket_id is not None:
            self.ticket_ids.add(event.ticket_id)
        if event.kind in OWN_TICKET_ONLY:
            return
        if event.kind in COUNTER_CHANGES:
            self.counter_ids.add(event.counter_id)
            details = event.details or {}
            self.counter_service_ids.update(details.get("from", []), details.get("to", []))
            # An administrator's change (office/changes.py): the services before and after.
            served = (details.get("changes") or {}).get("service_ids") or {}
            self.counter_service_ids.update(served.get("before") or [], served.get("after") or [])
            return
        if event.service_id is not None:
            self.service_ids.add(event.service_id)
        from_service = (event.details or {}).get("from_service_id")
        if from_service is not None:
            self.service_ids.add(from_service)

    def affected_services(self) -> set[int]:
        """Services whose waiting tickets may show other figures now.

        A waiting ticket's people ahead and wait depend on the services that share a counter
        with its own (those counters call among all of them): a change in service X touches
        every service that some counter serves together with X. A counter's own change touches
        the services it serves (before and after)."""
        affected = set(self.counter_service_ids)
        services_of = services_by_counter()
        for counter_id in self.counter_ids:
            affected |= services_of.get(counter_id, set())
        affected |= self.service_ids
        for served in services_of.values():
            if served & self.service_ids:
                affected |= served
        return affected


class StatusPages:
    """The status pages that are open, and what each was last sent (to send only changes)."""

    def __init__(self, app, socketio):
        self.app, self.socketio = app, socketio
        self.last_sent: dict[int, dict] = {}  # ticket id -> the last `status` its room got
        self.changes = Changes()
        self.lock = threading.Lock()
        # With several server processes, this one does not know who listens elsewhere.
        self.rooms_known = not app.config.get("MESSAGE_QUEUE")
        self.coalesced = Coalesced.on(socketio, app.config["TICKET_STATUS_DELAY_S"], self.send_changes)

    def status_now(self, ticket: Ticket) -> dict:
        """What GET /api/v1/status/<token> answers now (the same function makes it)."""
        status = ticket_status(ticket, current_app.config["CLOCK"]()).model_dump(mode="json")
        self.last_sent[ticket.id] = status
        return status

    def on_event(self, event) -> None:
        """The after-commit subscriber: note what changed, send shortly."""
        if event.kind in NOT_FOR_PAGES:
            return
        with self.lock:
            self.changes.add(event)
        self.coalesced.request()

    def watched(self) -> set[int] | None:
        """Ids of the tickets whose pages are open here (None: not known, several processes)."""
        if not self.rooms_known:
            return None
        rooms_here = self.socketio.server.manager.rooms.get(TICKET_NAMESPACE, {})
        return {
            int(room[len(ROOM_PREFIX) :])
            for room, members in rooms_here.items()
            if isinstance(room, str) and room.startswith(ROOM_PREFIX) and members
        }

    def send_changes(self) -> None:
        with self.lock:
            changes, self.changes = self.changes, Changes()
        watched = self.watched()
        if watched is not None:
            for gone in set(self.last_sent) - watched:
                self.last_sent.pop(gone, None)
            if not watched:
                return
        tickets = self._affected(changes, watched)
        if not tickets:
            return
        statuses = ticket_statuses(tickets, self.app.config["CLOCK"]())
        for ticket_id, answer in statuses.items():
            status = answer.model_dump(mode="json")
            if shown(self.last_sent.get(ticket_id)) == shown(status):
                continue
            self.last_sent[ticket_id] = status
            self.socketio.emit("status", status, namespace=TICKET_NAMESPACE, to=room_of(ticket_id))

    def _affected(self, changes: Changes, watched: set[int] | None) -> list[Ticket]:
        """The watched tickets whose page may show something else: their own change, or a
        waiting ticket in an affected service. One query."""
        services = changes.affected_services()
        condition = (Ticket.status == Ticket.WAITING) & Ticket.service.in_(list(services))
        if changes.ticket_ids:
            condition = condition | Ticket.id.in_(list(changes.ticket_ids))
        if watched is not None:
            condition = condition & Ticket.id.in_(list(watched))
        return list(Ticket.select().where(condition))
