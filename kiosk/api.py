"""Ticket-issuing API: the services on offer, taking a ticket, following it.

Each view declares its contract (office.contract.operation); the application checks the
inputs before the view runs and serialises the schema instance it returns.
"""

from flask import Blueprint, current_app, request

from kiosk import status
from office import engine, feedback, kiosks, schemas
from office.clock import iso_utc
from office.contract import operation
from office.errors import Forbidden, NotFound
from office.models import Feedback, Service, Ticket
from office.printing import printer_health
from office.representation import service_dict, status_url, ticket_dict
from office.roles import STAFF

bp = Blueprint("kiosk_api", __name__, url_prefix="/api/v1")


@bp.get("/services")
@operation("Active services with their official fee and people waiting", answers={200: schemas.Services})
def list_services():
    waiting = engine.waiting_counts()
    services = Service.select().where(Service.active).order_by(Service.position, Service.prefix, Service.id)
    return schemas.Services(services=[service_dict(s, waiting.get(s.id, 0)) for s in services])


@bp.post("/tickets")
@operation(
    "Take a ticket",
    description="With `kiosk`, the ticket is printed on that kiosk's printer (via the print spool): only "
    "that enrolled kiosk may ask, with its X-Kiosk-Key. Priority tickets are given by staff (bearer token "
    "or page session) and by kiosks enrolled to offer them. One kiosk, and one address, take at most "
    "ONEWINDOW_TICKETS_PER_MINUTE tickets a minute (staff: no limit). A retry with the same "
    "Idempotency-Key, from the same sender within a day, returns the same ticket.",
    body=schemas.TicketRequest,
    headers=schemas.IssueHeaders,
    answers={
        201: schemas.TicketIssued,
        401: "A bearer token was sent and is not valid (expired, revoked or forged)",
        403: "Priority asked for by someone who may not give it, or printing asked for without the "
        "named kiosk's device key (X-Kiosk-Key)",
        404: "No such active service",
        409: "This Idempotency-Key was already used for another service",
        429: "This kiosk or address took too many tickets in the last minute (see Retry-After)",
        503: "The ticket could not be written in time; try again with the same Idempotency-Key",
    },
    response_headers={201: {"Idempotent-Replayed": "`true` when an earlier request with this key made the ticket"}},
)
def issue_ticket(body: schemas.TicketRequest, headers: schemas.IssueHeaders):
    issuer, printer = _issuer_and_printer(body, headers)
    ticket_request = engine.IssueRequest(
        service_id=body.service_id,
        priority=bool(body.priority),
        idempotency_key=headers.idempotency_key,
        printer=printer,
        issuer=issuer,
        per_minute=current_app.config["TICKETS_PER_MINUTE"],
    )
    issued = current_app.extensions["kiosk.issuer"].issue(ticket_request)
    ticket = ticket_dict(issued.ticket, place=issued.place, with_token=True)
    ticket["status_url"] = status_url(_public_url(), issued.ticket.token)
    answer = schemas.TicketIssued(ticket=ticket, print=printer_health(printer) if printer else None)
    return answer, 201, ({"Idempotent-Replayed": "true"} if issued.replayed else {})


def _issuer_and_printer(body: schemas.TicketRequest, headers: schemas.IssueHeaders):
    """Who asks (staff, an enrolled kiosk or an anonymous client) and the printer, if any.
    A kiosk is known by its device key, not by the name a client writes in the body."""
    staff = current_app.extensions["onewindow.staff_user"]()
    address = current_app.extensions["onewindow.client_address"]()
    kiosk = None
    if headers.kiosk_key is not None:
        kiosk = kiosks.enrolled_kiosk(headers.kiosk_key, clock=current_app.config["CLOCK"])
    if body.kiosk is not None and (kiosk is None or kiosk.name != body.kiosk):
        raise Forbidden(
            f"only the enrolled kiosk {body.kiosk!r} prints on its printer (X-Kiosk-Key)", code="kiosk_not_enrolled"
        )
    issuer = engine.Issuer(user_id=staff.id if staff else None, kiosk_id=kiosk.id if kiosk else None, client=address)
    return issuer, (kiosk.name if kiosk and body.kiosk else None)


@bp.get("/tickets/<id:ticket_id>")
@operation(
    "A ticket, for staff (ids are sequential and the answer names officers)",
    description="The citizen's own view is GET /api/v1/status/<token>.",
    roles=STAFF,
    answers={200: schemas.TicketOne, 404: "No such ticket"},
)
def show_ticket(ticket_id: int):
    ticket = Ticket.get_or_none(Ticket.id == ticket_id)
    if ticket is None:
        raise NotFound(f"no ticket {ticket_id}")
    return schemas.TicketOne(ticket=ticket_dict(ticket, now=current_app.config["CLOCK"]()))


@bp.get("/status/<token:token>")
@operation(
    "A ticket by its status token (the citizen's phone page)",
    answers={200: schemas.TicketStatus, 404: "No ticket with this token"},
)
def ticket_status(token: str):
    ticket = Ticket.get_or_none(Ticket.token == token)
    if ticket is None:
        raise NotFound("no ticket with this code")
    return status.ticket_status(ticket, current_app.config["CLOCK"]())


@bp.post("/status/<token:token>/feedback")
@operation(
    "Rate the service of a finished ticket (the citizen, from the status page)",
    description="Once per ticket, within three days of its end: overall 1-5, optionally whether any payment "
    "was asked beyond the official fee, optionally a comment (read by supervisors, never shown to the "
    "officer rated).",
    body=schemas.FeedbackRequest,
    answers={
        201: schemas.FeedbackGiven,
        404: "No ticket with this token",
        409: "Not finished yet (not_finished), already rated (already_rated), or finished more than three "
        "days ago (feedback_closed)",
    },
)
def give_feedback(token: str, body: schemas.FeedbackRequest):
    ticket = Ticket.get_or_none(Ticket.token == token)
    if ticket is None:
        raise NotFound("no ticket with this code")
    return _given(ticket, body, Feedback.STATUS_PAGE)


def _given(ticket: Ticket, body: schemas.FeedbackRequest, source: str):
    given = feedback.give(
        ticket,
        rating=body.rating,
        payment_asked=body.payment_asked,
        comment=body.comment,
        source=source,
        clock=current_app.config["CLOCK"],
        bus=current_app.extensions["onewindow.events"],
    )
    answer = schemas.FeedbackGiven(
        rating=given.rating, payment_asked=given.payment_asked, comment=given.comment, at=iso_utc(given.at)
    )
    return answer, 201


@bp.post("/kiosks/<short_name:kiosk>/feedback")
@operation(
    "Rate a finished service at the kiosk, by the ticket's number (today's tickets)",
    description="The kiosk's quick rating screen: only that enrolled kiosk may send it (X-Kiosk-Key). The same "
    "rules as the status page's rating: once per ticket, once it is finished, within three days.",
    path=schemas.KioskPath,
    body=schemas.KioskFeedbackRequest,
    headers=schemas.KioskKeyHeaders,
    answers={
        201: schemas.FeedbackGiven,
        403: "Not this enrolled kiosk's device key",
        404: "No ticket with this number today (ticket_not_found)",
        409: "Not finished yet (not_finished) or already rated (already_rated)",
    },
)
def give_feedback_at_kiosk(kiosk: str, body: schemas.KioskFeedbackRequest, headers: schemas.KioskKeyHeaders):
    clock = current_app.config["CLOCK"]
    device = kiosks.enrolled_kiosk(headers.kiosk_key, clock=clock)
    if device.name != kiosk:
        raise Forbidden(f"only the enrolled kiosk {kiosk!r} sends its ratings (X-Kiosk-Key)", code="kiosk_not_enrolled")
    return _given(feedback.todays_ticket(body.number, clock), body, Feedback.KIOSK)


@bp.get("/kiosks/<short_name:kiosk>/printer")
@operation(
    "Whether a kiosk's printer works (judged by its print queue)",
    description="So the kiosk can tell citizens to note their number while it does not.",
    path=schemas.KioskPath,
    answers={200: schemas.Printer},
)
def kiosk_printer(kiosk: str):
    return schemas.Printer(printer=printer_health(kiosk))


def _public_url() -> str:
    return current_app.config.get("PUBLIC_URL") or request.host_url
