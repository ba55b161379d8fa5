"""Ticket-issuing API: the services on offer and taking a ticket."""

from flask import Blueprint, current_app, jsonify, request

from office import engine, inputs
from office.errors import NotFound
from office.models import Service, Ticket
from office.representation import service_dict, ticket_dict

bp = Blueprint("kiosk_api", __name__, url_prefix="/api/v1")

ID = "int(min=1, max=2147483647)"


@bp.get("/services")
def list_services():
    waiting = engine.waiting_counts()
    services = Service.select().where(Service.active).order_by(Service.position, Service.id)
    return jsonify(services=[service_dict(s, waiting.get(s.id, 0)) for s in services])


@bp.post("/tickets")
def issue_ticket():
    data = inputs.json_object(request.get_json(silent=True))
    issued = engine.issue(
        inputs.record_id(data, "service_id"),
        priority=inputs.flag(data, "priority"),
        idempotency_key=request.headers.get("Idempotency-Key"),
        clock=current_app.config["CLOCK"],
    )
    response = jsonify(ticket=ticket_dict(issued.ticket, with_token=True))
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
