"""Counter actions for officers, and the statistics supervisors read.

Each view declares its contract (office.contract.operation): who may call it, what it takes
and what it answers. The application checks the role and the inputs before the view runs.
"""

from datetime import timedelta

from flask import Blueprint, current_app, g
from flask_login import logout_user

from counter.auth import STAFF, SUPERVISORS, issue_token
from counter.logins import check_login
from office import counters, engine, lifecycle, logins, schemas
from office.contract import operation
from office.db import connection_if_closed
from office.errors import InvalidInput, Unauthorized
from office.models import Counter
from office.queues import queues
from office.reports import out_of_order_calls, priority_tickets
from office.representation import counter_dict, ticket_dict
from office.stats import office_stats
from office.tokens import log_out

bp = Blueprint("counter_api", __name__, url_prefix="/api/v1")

NO_TICKET = "No such ticket"
NO_COUNTER = "No such active counter"
OWN_COUNTER = (
    "A called or serving ticket is acted on only by the officer signed in at its counter, or a "
    "supervisor (403 not_your_counter)."
)


def _clock():
    return current_app.config["CLOCK"]


def _bus():
    return current_app.extensions["onewindow.events"]


@bp.post("/login")
@operation(
    "Log in: a bearer token for counter actions",
    body=schemas.LoginRequest,
    answers={
        200: schemas.LoggedIn,
        401: "Wrong username or password",
        429: "Too many wrong passwords lately for this user from this address, from this address, or "
        "for this user from many addresses (see Retry-After)",
    },
)
def login(body: schemas.LoginRequest):
    user = check_login(body.username, body.password)
    if user is None:
        raise Unauthorized("wrong username or password", code="bad_credentials")
    return schemas.LoggedIn(
        token=issue_token(user),
        expires_in=current_app.config["TOKEN_TTL_S"],
        user={"id": user.id, "username": user.username, "role": user.role},
    )


@bp.post("/logout")
@operation(
    "Log out: the bearer token used no longer works",
    description="With a bearer token, that token is revoked (the user's other tokens and pages stay "
    "logged in). From a logged-in page (its session cookie and X-CSRFToken), that page's user is "
    "logged out everywhere: every page session and every token of theirs ends, and their /counter "
    "sockets are disconnected.",
    roles=STAFF,
    answers={200: schemas.LoggedOut},
)
def logout():
    token_id = g.get("api_token_id")
    log_out(g.user, token_id=token_id, clock=_clock(), bus=_bus())
    if token_id is None:
        logout_user()
    return schemas.LoggedOut(logged_out=True)


@bp.get("/counters")
@operation("Active counters and the services each serves", answers={200: schemas.Counters})
def list_counters():
    served = counters.services_by_counter()
    active = Counter.select().where(Counter.active).order_by(Counter.id)
    return schemas.Counters(counters=[counter_dict(c, sorted(served.get(c.id, ()))) for c in active])


@bp.post("/counters/<id:counter_id>/next")
@operation(
    "Call the next ticket to this counter (priority first, then oldest)",
    description=f"{lifecycle.TRANSITIONS['call'].describe()}. The ticket is null when nobody waits. "
    "An officer calls only at the counter they are signed in at (403 not_your_counter); at a "
    "counter nobody holds, while they hold none, the call signs them in there.",
    roles=STAFF,
    answers={
        200: schemas.TicketOrNobody,
        404: NO_COUNTER,
        409: "The counter is paused or still holds a called or serving ticket",
    },
)
def call_next(counter_id: int):
    ticket = engine.call_next(counter_id, officer_id=g.user.id, clock=_clock(), bus=_bus())
    return schemas.TicketOrNobody(ticket=ticket_dict(ticket, now=_clock()()) if ticket else None)


# API path word -> (use case, summary). What each may do to a ticket is the lifecycle table's.
TICKET_ACTIONS = {
    "recall": (engine.recall, "Call a called ticket again"),
    "start": (engine.start, "Start serving (service time starts)"),
    "finish": (engine.finish, "Finish serving (service time ends)"),
    "no-show": (engine.no_show, "The called citizen did not come"),
    "cancel": (engine.cancel, "Withdraw the ticket; frees its counter"),
}


def _ticket_action(word: str, use_case, summary: str):
    transition = lifecycle.by_path_word(word)

    @operation(
        summary,
        description=f"{transition.describe()}. From any other status: 409 illegal_transition. {OWN_COUNTER}",
        roles=STAFF,
        answers={200: schemas.TicketOne, 404: NO_TICKET, 409: "The ticket's status does not allow this"},
    )
    def act(ticket_id: int):
        ticket = use_case(ticket_id, actor_id=g.user.id, clock=_clock(), bus=_bus())
        return schemas.TicketOne(ticket=ticket_dict(ticket, now=_clock()()))

    return act


for _word, (_use_case, _summary) in TICKET_ACTIONS.items():
    bp.add_url_rule(
        f"/tickets/<id:ticket_id>/{_word}",
        endpoint="ticket_" + lifecycle.by_path_word(_word).name,
        view_func=_ticket_action(_word, _use_case, _summary),
        methods=["POST"],
    )


@bp.post("/tickets/<id:ticket_id>/transfer")
@operation(
    "Send the ticket to another service, keeping its place in line",
    description=f"{lifecycle.TRANSITIONS['transfer'].describe()}. {OWN_COUNTER}",
    roles=STAFF,
    body=schemas.TransferRequest,
    answers={
        200: schemas.TicketOne,
        404: "No such ticket or active service",
        409: "Ticket done, no-show or cancelled, or already in that service",
    },
)
def transfer(ticket_id: int, body: schemas.TransferRequest):
    ticket = engine.transfer(ticket_id, body.service_id, actor_id=g.user.id, clock=_clock(), bus=_bus())
    return schemas.TicketOne(ticket=ticket_dict(ticket, now=_clock()()))


@bp.get("/stats")
@operation(
    "Waiting and service times per service, counter and officer",
    roles=STAFF,
    query=schemas.DateRange,
    answers={200: schemas.Stats},
)
def stats(query: schemas.DateRange):
    first, last = _date_range(query)
    run_blocking = current_app.extensions["onewindow.run_blocking"]  # a year is ~0.4 s: off the event loop
    result = run_blocking(_stats, first, last, _clock().zone)
    return schemas.Stats(**{"from": first.isoformat(), "to": last.isoformat()}, **result)


def _stats(first, last, zone) -> dict:
    """In the worker thread, with a connection of its own (as the reports' summary)."""
    with connection_if_closed():
        return office_stats(first, last, zone)


# --- the counter screen ---------------------------------------------------------------


@bp.get("/counters/<id:counter_id>")
@operation(
    "A counter's state: open or paused, officer, services, current ticket, allowed actions",
    roles=STAFF,
    answers={200: schemas.CounterOne, 404: NO_COUNTER},
)
def show_counter(counter_id: int):
    return schemas.CounterOne(counter=counter_json(engine.active_counter(counter_id), _clock()()))


@bp.post("/counters/<id:counter_id>/sign-in")
@operation(
    "Work at this counter: its calls, pauses and tickets are yours from now",
    description="Allowed when nobody holds the counter, when you hold it already, or when its "
    "officer has no called or serving ticket there (a takeover, on the record as the event "
    "counter_taken_over). You hold one counter at a time: the one you held is released. "
    "Officers call, pause, resume and act on tickets only at the counter they are signed in "
    "at (403 not_your_counter); supervisors anywhere.",
    roles=STAFF,
    answers={
        200: schemas.CounterOne,
        404: NO_COUNTER,
        409: "Its officer is on a called or serving ticket (counter_held), or you still are at "
        "your other counter (still_at_another_counter)",
    },
)
def sign_in(counter_id: int):
    counter = counters.sign_in(counter_id, actor_id=g.user.id, clock=_clock(), bus=_bus())
    return schemas.CounterOne(counter=counter_json(counter, _clock()()))


@bp.post("/counters/<id:counter_id>/sign-out")
@operation(
    "Stop working at this counter (a supervisor may sign anyone out)",
    roles=STAFF,
    answers={200: schemas.CounterOne, 404: NO_COUNTER, 409: "The counter holds a called or serving ticket"},
)
def sign_out(counter_id: int):
    counter = counters.sign_out(counter_id, actor_id=g.user.id, clock=_clock(), bus=_bus())
    return schemas.CounterOne(counter=counter_json(counter, _clock()()))


@bp.post("/counters/<id:counter_id>/pause")
@operation(
    "A break: the counter calls nobody until resumed",
    description="Only the officer signed in at the counter, or a supervisor (403 not_your_counter).",
    roles=STAFF,
    answers={200: schemas.CounterOne, 404: NO_COUNTER, 409: "Already paused"},
)
def pause(counter_id: int):
    counter = counters.pause(counter_id, actor_id=g.user.id, clock=_clock(), bus=_bus())
    return schemas.CounterOne(counter=counter_json(counter, _clock()()))


@bp.post("/counters/<id:counter_id>/resume")
@operation(
    "Back from a break",
    description="Only the officer signed in at the counter, or a supervisor (403 not_your_counter).",
    roles=STAFF,
    answers={200: schemas.CounterOne, 404: NO_COUNTER, 409: "Not paused"},
)
def resume(counter_id: int):
    counter = counters.resume(counter_id, actor_id=g.user.id, clock=_clock(), bus=_bus())
    return schemas.CounterOne(counter=counter_json(counter, _clock()()))


@bp.put("/counters/<id:counter_id>/services")
@operation(
    "Set which services a counter serves",
    roles=SUPERVISORS,
    body=schemas.ServicesRequest,
    answers={200: schemas.CounterOne, 400: "Not a list of existing service ids", 404: NO_COUNTER},
)
def set_counter_services(counter_id: int, body: schemas.ServicesRequest):
    counter = counters.set_services(counter_id, body.service_ids, actor_id=g.user.id, clock=_clock(), bus=_bus())
    return schemas.CounterOne(counter=counter_json(counter, _clock()()))


@bp.post("/counters/<id:counter_id>/call")
@operation(
    "Call one waiting ticket out of order (reason required; on the record)",
    description="Every older waiting ticket of the same service it passes over goes on the "
    "out-of-order report with the reason.",
    roles=SUPERVISORS,
    body=schemas.CallRequest,
    answers={
        200: schemas.TicketOne,
        404: "No such counter or ticket",
        409: "Counter busy or paused, ticket not waiting, or not served at this counter",
    },
)
def call_out_of_order(counter_id: int, body: schemas.CallRequest):
    ticket = engine.call_ticket(
        counter_id, body.ticket_id, reason=body.reason, actor_id=g.user.id, clock=_clock(), bus=_bus()
    )
    return schemas.TicketOne(ticket=ticket_dict(ticket, now=_clock()()))


@bp.get("/me")
@operation("Who is logged in, and their figures for today", roles=STAFF, answers={200: schemas.Me})
def me():
    clock = _clock()
    today = clock.local_day()
    rows = office_stats(today, today, clock.zone)["officers"]
    mine = next((r for r in rows if r["officer_id"] == g.user.id), None)
    return schemas.Me(
        user={"id": g.user.id, "username": g.user.username, "role": g.user.role},
        today={
            "served": mine["served"] if mine else 0,
            "no_show": mine["no_show"] if mine else 0,
            "mean_service_s": mine["service_s"]["mean"] if mine else None,
        },
    )


# --- the supervisor ---------------------------------------------------------------------


@bp.get("/overview")
@operation(
    "Every counter live, and every queue with its oldest wait and its waiting tickets",
    roles=SUPERVISORS,
    answers={200: schemas.Overview},
)
def overview():
    now = _clock()()
    active = Counter.select().where(Counter.active).order_by(Counter.id)
    return schemas.Overview(counters=[counter_json(c, now) for c in active], queues=queues(now))


@bp.get("/security/login-alerts")
@operation(
    "Guessing at one user's password from many addresses, in the last day (newest first)",
    description="One alert per user and login window, written when the guesses for one user from "
    "all addresses pass ONEWINDOW_LOGIN_FAILURES_PER_USER (the event login_guessing). From then "
    "on that user's logins are refused for the window except from addresses where they logged in "
    "lately.",
    roles=SUPERVISORS,
    answers={200: schemas.LoginAlerts},
)
def login_alerts():
    since = _clock()() - timedelta(days=1)
    return schemas.LoginAlerts(alerts=logins.guessing_alerts(since))


@bp.get("/reports/out-of-order")
@operation(
    "Every call that passed over an older waiting ticket of the same service, and every priority ticket",
    roles=SUPERVISORS,
    query=schemas.DateRange,
    answers={200: schemas.OutOfOrderReport},
)
def out_of_order_report(query: schemas.DateRange):
    first, last = _date_range(query)
    zone = _clock().zone
    return schemas.OutOfOrderReport(
        **{"from": first.isoformat(), "to": last.isoformat()},
        calls=out_of_order_calls(first, last, zone),
        priority_tickets=priority_tickets(first, last, zone),
    )


def _date_range(query: schemas.DateRange):
    """Office-local days, each defaulting to today."""
    today = _clock().local_day()
    first, last = query.first or today, query.last or today
    if last < first:
        raise InvalidInput("from must not be after to")
    return first, last


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
