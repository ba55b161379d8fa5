"""Counter actions for officers, and the statistics supervisors read."""

from flask import Blueprint, current_app, g, jsonify, request

from counter.auth import STAFF, SUPERVISORS, issue_token, require_role
from office import counters, engine, inputs
from office.errors import InvalidInput, Unauthorized
from office.models import Counter, CounterService
from office.queues import queues
from office.reports import out_of_order_calls
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
    user = authenticate(
        username,
        password,
        client=request.remote_addr or "",
        clock=current_app.config["CLOCK"],
        run=current_app.extensions["onewindow.run_blocking"],
    )
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
    first, last, zone = _date_range()
    result = office_stats(first, last, zone)
    return jsonify(**{"from": first.isoformat(), "to": last.isoformat()}, **result)


# --- the counter screen ---------------------------------------------------------------


@bp.get(f"/counters/<{ID}:counter_id>")
@require_role(*STAFF)
def show_counter(counter_id: int):
    """A counter's state: open or paused, who works there, its services and current ticket."""
    clock = current_app.config["CLOCK"]
    return jsonify(counter=counter_json(engine.active_counter(counter_id), clock()))


@bp.post(f"/counters/<{ID}:counter_id>/<any('pause', 'resume'):action>")
@require_role(*STAFF)
def pause_or_resume(counter_id: int, action: str):
    clock = current_app.config["CLOCK"]
    change = counters.pause if action == "pause" else counters.resume
    counter = change(counter_id, actor_id=g.user.id, clock=clock)
    return jsonify(counter=counter_json(counter, clock()))


@bp.put(f"/counters/<{ID}:counter_id>/services")
@require_role(*SUPERVISORS)
def set_counter_services(counter_id: int):
    data = inputs.json_object(request.get_json(silent=True))
    service_ids = data.get("service_ids")
    if not isinstance(service_ids, list) or not all(
        isinstance(s, int) and not isinstance(s, bool) and 1 <= s <= inputs.MAX_ID for s in service_ids
    ):
        raise InvalidInput("service_ids must be a list of service ids")
    clock = current_app.config["CLOCK"]
    counter = counters.set_services(counter_id, service_ids, actor_id=g.user.id, clock=clock)
    return jsonify(counter=counter_json(counter, clock()))


@bp.post(f"/counters/<{ID}:counter_id>/call")
@require_role(*SUPERVISORS)
def call_out_of_order(counter_id: int):
    """Call one particular waiting ticket: supervisors only, with a reason, on the record."""
    data = inputs.json_object(request.get_json(silent=True))
    ticket_id = inputs.record_id(data, "ticket_id")
    reason = inputs.text(data, "reason", max_length=500)
    clock = current_app.config["CLOCK"]
    ticket = engine.call_ticket(counter_id, ticket_id, reason=reason, actor_id=g.user.id, clock=clock)
    return jsonify(ticket=ticket_dict(ticket, now=clock()))


@bp.get("/me")
@require_role(*STAFF)
def me():
    """Who is logged in, and their figures for today (served, mean service time)."""
    clock = current_app.config["CLOCK"]
    today = clock.local_day()
    rows = office_stats(today, today, clock.zone)["officers"]
    mine = next((r for r in rows if r["officer_id"] == g.user.id), None)
    return jsonify(
        user={"id": g.user.id, "username": g.user.username, "role": g.user.role},
        today={
            "served": mine["served"] if mine else 0,
            "no_show": mine["no_show"] if mine else 0,
            "mean_service_s": mine["service_s"]["mean"] if mine else None,
        },
    )


# --- the supervisor ---------------------------------------------------------------------


@bp.get("/overview")
@require_role(*SUPERVISORS)
def overview():
    """Every counter live, and every queue with its oldest wait and its waiting tickets."""
    clock = current_app.config["CLOCK"]
    now = clock()
    counters_json = [counter_json(c, now) for c in Counter.select().where(Counter.active).order_by(Counter.id)]
    return jsonify(counters=counters_json, queues=queues(now))


@bp.get("/reports/out-of-order")
@require_role(*SUPERVISORS)
def out_of_order_report():
    first, last, zone = _date_range()
    calls = out_of_order_calls(first, last, zone)
    return jsonify(**{"from": first.isoformat(), "to": last.isoformat()}, calls=calls)


def _date_range():
    """?from=YYYY-MM-DD&to=YYYY-MM-DD, office-local days, each defaulting to today."""
    clock = current_app.config["CLOCK"]
    today = clock.local_day()
    first = inputs.iso_date(request.args.get("from"), "from", today)
    last = inputs.iso_date(request.args.get("to"), "to", today)
    if last < first:
        raise InvalidInput("from must not be after to")
    return first, last, clock.zone


def counter_json(counter: Counter, now) -> dict:
    """A counter's state with its current ticket as the API shows it (also the /counter snapshot)."""
    state = counters.counter_state(counter)
    current = state["current"]
    state["current"] = ticket_dict(current, now=now) if current else None
    state["current_since_s"] = _seconds_since(current, now) if current else None
    return state


def _seconds_since(ticket, now) -> float:
    since = ticket.started_at if ticket.status == "serving" else ticket.called_at
    return round((now - since).total_seconds(), 3)
