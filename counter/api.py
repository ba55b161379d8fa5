"""Counter actions for officers, and the statistics supervisors read."""

from flask import Blueprint, current_app, g, jsonify, request

from counter.auth import STAFF, issue_token, require_role
from office import engine, inputs
from office.errors import InvalidInput, Unauthorized
from office.models import Counter, CounterService
from office.representation import counter_dict, ticket_dict
from office.stats import office_stats
from office.users import authenticate

bp = Blueprint("counter_api", __name__, url_prefix="/api/v1")

ID = "int(min=1, max=2147483647)"

# URL action -> engine use case
TICKET_ACTIONS = {
    "recall": engine.recall,
    "start": engine.start,
    "finish": engine.finish,
    "no-show": engine.no_show,
    "cancel": engine.cancel,
}


@bp.post("/login")
def login():
    data = inputs.json_object(request.get_json(silent=True))
    username = inputs.text(data, "username", max_length=80)
    password = inputs.text(data, "password", max_length=200)
    user = authenticate(username, password, run=current_app.extensions["onewindow.run_blocking"])
    if user is None:
        raise Unauthorized("wrong username or password", code="bad_credentials")
    ttl = current_app.config["TOKEN_TTL_S"]
    return jsonify(
        token=issue_token(user), expires_in=ttl, user={"id": user.id, "username": user.username, "role": user.role}
    )


@bp.get("/counters")
def list_counters():
    links = {}
    for counter_id, service_id in CounterService.select(CounterService.counter, CounterService.service).tuples():
        links.setdefault(counter_id, []).append(service_id)
    counters = Counter.select().where(Counter.active).order_by(Counter.id)
    return jsonify(counters=[counter_dict(c, sorted(links.get(c.id, []))) for c in counters])


@bp.post(f"/counters/<{ID}:counter_id>/next")
@require_role(*STAFF)
def call_next(counter_id: int):
    clock = current_app.config["CLOCK"]
    ticket = engine.call_next(counter_id, officer_id=g.user.id, clock=clock)
    return jsonify(ticket=ticket_dict(ticket, now=clock()) if ticket else None)


@bp.post(f"/tickets/<{ID}:ticket_id>/<any({', '.join(map(repr, TICKET_ACTIONS))}):action>")
@require_role(*STAFF)
def ticket_action(ticket_id: int, action: str):
    clock = current_app.config["CLOCK"]
    ticket = TICKET_ACTIONS[action](ticket_id, actor_id=g.user.id, clock=clock)
    return jsonify(ticket=ticket_dict(ticket, now=clock()))


@bp.post(f"/tickets/<{ID}:ticket_id>/transfer")
@require_role(*STAFF)
def transfer(ticket_id: int):
    data = inputs.json_object(request.get_json(silent=True))
    service_id = inputs.record_id(data, "service_id")
    clock = current_app.config["CLOCK"]
    ticket = engine.transfer(ticket_id, service_id, actor_id=g.user.id, clock=clock)
    return jsonify(ticket=ticket_dict(ticket, now=clock()))


@bp.get("/stats")
@require_role(*STAFF)
def stats():
    clock = current_app.config["CLOCK"]
    today = clock.local_day()
    first = inputs.iso_date(request.args.get("from"), "from", today)
    last = inputs.iso_date(request.args.get("to"), "to", today)
    if last < first:
        raise InvalidInput("from must not be after to")
    result = office_stats(first, last, clock.zone)
    return jsonify(**{"from": first.isoformat(), "to": last.isoformat()}, **result)
