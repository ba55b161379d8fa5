"""Ticket-issuing API: the services on offer, taking a ticket, following it."""

from flask import Blueprint, current_app, jsonify, request

from office import engine, inputs
from office.errors import NotFound
from office.models import Counter, Service, Ticket
from office.printing import printer_health
from office.representation import service_dict, status_url, ticket_dict

bp = Blueprint("kiosk_api", __name__, url_prefix="/api/v1")

ID = "int(min=1, max=2147483647)"
TOKEN = "string(minlength=16, maxlength=64)"


@bp.get("/services")
def list_services():
    waiting = engine.waiting_counts()
    services = Service.select().where(Service.active).order_by(Service.position, Service.id)
    return jsonify(services=[service_dict(s, waiting.get(s.id, 0)) for s in services])


@bp.post("/tickets")
def issue_ticket():
    """Take a ticket. With "kiosk", it is printed on that kiosk's printer (via the spool)."""
    data = inputs.json_object(request.get_json(silent=True))
    kiosk = inputs.name(data["kiosk"], "kiosk") if data.get("kiosk") is not None else None
    ticket_request = engine.IssueRequest(
        service_id=inputs.record_id(data, "service_id"),
        priority=inputs.flag(data, "priority"),
        idempotency_key=request.headers.get("Idempotency-Key"),
        printer=kiosk,
    )
    issued = current_app.extensions["kiosk.issuer"].issue(ticket_request)
    ticket = ticket_dict(issued.ticket, with_token=True)
    ticket["status_url"] = status_url(_public_url(), issued.ticket.token)
    response = jsonify(ticket=ticket, print=printer_health(kiosk) if kiosk else None)
    response.status_code = 201
    if issued.replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return response


@bp.get(f"/tickets/<{ID}:ticket_id>")
def show_ticket(ticket_id: int):
    ticket = Ticket.get_or_none(Ticket.id == ticket_id)
    if ticket is None:
        raise NotFound(f"no ticket {ticket_id}")
    return jsonify(ticket=ticket_dict(ticket, now=current_app.config["CLOCK"]()))


@bp.get(f"/status/<{TOKEN}:token>")
def ticket_status(token: str):
    """What the citizen's phone shows: the ticket, its service, and the counter once called."""
    ticket = Ticket.get_or_none(Ticket.token == token)
    if ticket is None:
        raise NotFound("no ticket with this code")
    waiting = engine.waiting_counts()
    service = Service.get_by_id(ticket.service_id)
    counter = Counter.get_by_id(ticket.counter_id) if ticket.counter_id else None
    return jsonify(
        ticket=ticket_dict(ticket, now=current_app.config["CLOCK"]()),
        service=service_dict(service, waiting.get(service.id, 0)),
        counter={"id": counter.id, "name": counter.name} if counter else None,
    )


@bp.get("/kiosks/<string(maxlength=40):kiosk>/printer")
def kiosk_printer(kiosk: str):
    """Whether this kiosk's printer works, so the kiosk can tell citizens to note their number."""
    return jsonify(printer=printer_health(inputs.name(kiosk, "kiosk")))


def _public_url() -> str:
    return current_app.config.get("PUBLIC_URL") or request.host_url
