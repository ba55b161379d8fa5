"""A ticket's life is one table (office/lifecycle.py): the engine, the API and the counter's
allowed actions all follow it."""

import importlib
import pkgutil
from pathlib import Path

import pytest

import office
from office import counters, engine, lifecycle
from office.errors import DomainError, IllegalTransition
from office.lifecycle import TRANSITIONS
from office.models import Counter, Event, Ticket
from office.users import add_user

# --- the table ----------------------------------------------------------------------------


def test_the_table_is_the_lifecycle_the_readme_describes():
    rules = {name: (t.from_states, t.to_state, t.sets, t.clears) for name, t in TRANSITIONS.items()}
    assert rules == {
        "call": (("waiting",), "called", ("called_at",), ()),
        "recall": (("called",), "called", ("called_at",), ()),
        "start": (("called",), "serving", ("started_at",), ()),
        "finish": (("serving",), "done", ("finished_at",), ()),
        "no_show": (("called",), "no_show", (), ()),
        "cancel": (("waiting", "called"), "cancelled", (), ()),
        "transfer": (
            ("waiting", "called", "serving"),
            "waiting",
            (),
            ("counter", "officer", "called_at", "started_at"),
        ),
    }
    assert TRANSITIONS["call"].sets_if_unset == ("first_called_at",)
    assert TRANSITIONS["call"].assigns == ("counter", "officer")


def test_the_readme_shows_the_table_as_it_is():
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rows = {line.split("|")[1].strip(): line for line in readme.splitlines() if line.strip().startswith("| ")}
    for name, transition in TRANSITIONS.items():
        words = ", ".join(f"`{word}`" for word in transition.path_words)
        assert rows.get(name, "").strip() == f"| {name} | {words} | {transition.describe()} |"


def test_each_action_is_found_by_its_api_path_word():
    assert {word: lifecycle.by_path_word(word).name for word in lifecycle.COUNTER_ACTIONS[:7]} == {
        "next": "call",
        "recall": "recall",
        "start": "start",
        "finish": "finish",
        "no-show": "no_show",
        "transfer": "transfer",
        "cancel": "cancel",
    }
    assert lifecycle.by_path_word("call").name == "call"
    assert TRANSITIONS["no_show"].path_word == "no-show"
    assert lifecycle.by_path_word("pause") is None


# --- the engine follows it ---------------------------------------------------------------


@pytest.fixture
def supervisor(office, hasher):
    return add_user("sophea", "long-password", "supervisor", hasher=hasher)


def land_ticket_in_status(office, clock, bus, status: str) -> Ticket:
    """A land (B) ticket, served at both counters; counter 1 holds it when called or serving."""
    ticket = engine.issue(office.land.id, clock=clock, bus=bus).ticket
    steps = {
        "waiting": [],
        "called": ["call"],
        "serving": ["call", engine.start],
        "done": ["call", engine.start, engine.finish],
        "no_show": ["call", engine.no_show],
        "cancelled": [engine.cancel],
    }[status]
    for step in steps:
        clock.advance(minutes=1)
        if step == "call":
            engine.call_next(office.one.id, clock=clock, bus=bus)
        else:
            step(ticket.id, clock=clock, bus=bus)
    return Ticket.get_by_id(ticket.id)


def perform(action: str, ticket: Ticket, office, supervisor, clock, bus) -> Ticket:
    """Do an action to this very ticket (a call of a chosen ticket is the supervisor's, at
    counter 2, which is free)."""
    if action == "call":
        return engine.call_ticket(office.two.id, ticket.id, reason="test", actor_id=supervisor.id, clock=clock, bus=bus)
    if action == "transfer":
        return engine.transfer(ticket.id, office.transport.id, clock=clock, bus=bus)
    return getattr(engine, action)(ticket.id, clock=clock, bus=bus)


def row(ticket_id: int) -> dict:
    return dict(Ticket.get_by_id(ticket_id).__data__)


@pytest.mark.parametrize("status", lifecycle.STATES)
@pytest.mark.parametrize("action", list(TRANSITIONS))
def test_every_action_from_every_state_does_what_the_table_says(office, clock, bus, supervisor, action, status):
    transition = TRANSITIONS[action]
    ticket = land_ticket_in_status(office, clock, bus, status)
    before, events_before = row(ticket.id), Event.select().count()
    seen = []
    bus.subscribe("test", seen.append)
    clock.advance(minutes=1)
    if transition.allows(status):
        perform(action, ticket, office, supervisor, clock, bus)
        after = row(ticket.id)
        assert after["status"] == transition.to_state
        for field in transition.sets:
            assert after[field] == clock.now, field
        for field in transition.sets_if_unset:
            assert after[field] == (before[field] or clock.now), field
        for field in transition.clears:
            assert after[field] is None, field
        assert [e.kind for e in seen] == [transition.event]
    else:
        with pytest.raises(IllegalTransition) as refused:
            perform(action, ticket, office, supervisor, clock, bus)
        allowed = " or ".join(transition.from_states)
        assert refused.value.message == f"ticket B001 is {status}; it can be {transition.verb} only when {allowed}"
        assert row(ticket.id) == before
        assert Event.select().count() == events_before
        assert seen == []


def test_the_wording_of_a_refusal_is_the_one_officers_know(office, clock, bus):
    ticket = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    with pytest.raises(IllegalTransition) as refused:
        engine.finish(ticket.id, clock=clock, bus=bus)
    assert refused.value.message == "ticket A001 is waiting; it can be finished only when serving"
    with pytest.raises(IllegalTransition) as refused:
        engine.no_show(ticket.id, clock=clock, bus=bus)
    assert refused.value.message == "ticket A001 is waiting; it can be marked no-show only when called"


# --- and so does the API ------------------------------------------------------------------


def _api_ticket_in_status(client, headers, status: str) -> dict:
    ticket = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    steps = {
        "waiting": [],
        "called": ["next"],
        "serving": ["next", "start"],
        "done": ["next", "start", "finish"],
        "no_show": ["next", "no-show"],
        "cancelled": ["cancel"],
    }[status]
    for step in steps:
        path = "/api/v1/counters/1/next" if step == "next" else f"/api/v1/tickets/{ticket['id']}/{step}"
        assert client.post(path, headers=headers).status_code == 200
    return ticket


REFUSED_BY_THE_API = [
    (t.path_word, status)
    for t in TRANSITIONS.values()
    if t.name != "call"
    for status in lifecycle.STATES
    if not t.allows(status)
]


@pytest.mark.parametrize("word, status", REFUSED_BY_THE_API)
def test_the_api_refuses_what_the_table_does_not_allow_with_409_and_why(client, login, word, status):
    headers = login()
    ticket = _api_ticket_in_status(client, headers, status)
    body = {"service_id": 8} if word == "transfer" else None
    events_before = Event.select().count()
    response = client.post(f"/api/v1/tickets/{ticket['id']}/{word}", json=body, headers=headers)
    assert response.status_code == 409
    transition = lifecycle.by_path_word(word)
    allowed = " or ".join(transition.from_states)
    assert response.json["error"] == {
        "code": "illegal_transition",
        "message": f"ticket A001 is {status}; it can be {transition.verb} only when {allowed}",
    }
    assert Ticket.get_by_id(ticket["id"]).status == status
    assert Event.select().count() == events_before


# --- what a counter may do now ------------------------------------------------------------

SITUATIONS = {
    # (paused, current ticket's status): the actions, by API path word, in the screen's order
    (False, None): ["next", "pause"],
    (True, None): ["resume"],
    (False, "called"): ["recall", "start", "no-show", "transfer", "cancel", "pause"],
    (False, "serving"): ["finish", "transfer", "pause"],
    (True, "called"): ["recall", "start", "no-show", "transfer", "cancel", "resume"],
    (True, "serving"): ["finish", "transfer", "resume"],
}


def counter_in_situation(office, clock, bus, supervisor, paused: bool, current: str | None) -> Ticket | None:
    engine.issue(office.civil.id, clock=clock, bus=bus)  # someone waits for counter 1
    ticket = None
    if current is not None:
        ticket = engine.call_next(office.one.id, clock=clock, bus=bus)
        if current == "serving":
            engine.start(ticket.id, clock=clock, bus=bus)
    if paused:
        counters.pause(office.one.id, actor_id=supervisor.id, clock=clock, bus=bus)
    return ticket


@pytest.mark.parametrize("paused, current", list(SITUATIONS))
def test_a_counter_knows_what_it_may_do_in_each_situation(office, clock, bus, supervisor, paused, current):
    counter_in_situation(office, clock, bus, supervisor, paused, current)
    state = counters.counter_state(Counter.get_by_id(office.one.id))
    assert state["allowed_actions"] == SITUATIONS[(paused, current)]


def _do(word: str, office, ticket, supervisor, clock, bus):
    if word == "next":
        return engine.call_next(office.one.id, clock=clock, bus=bus)
    if word in ("pause", "resume"):
        return getattr(counters, word)(office.one.id, actor_id=supervisor.id, clock=clock, bus=bus)
    ticket_id = ticket.id if ticket else 424242
    if word == "transfer":
        return engine.transfer(ticket_id, office.transport.id, clock=clock, bus=bus)
    return getattr(engine, lifecycle.by_path_word(word).name)(ticket_id, clock=clock, bus=bus)


@pytest.mark.parametrize("word", lifecycle.COUNTER_ACTIONS)
@pytest.mark.parametrize("paused, current", list(SITUATIONS))
def test_the_server_accepts_exactly_the_allowed_actions(office, clock, bus, supervisor, paused, current, word):
    ticket = counter_in_situation(office, clock, bus, supervisor, paused, current)
    allowed = counters.counter_state(Counter.get_by_id(office.one.id))["allowed_actions"]
    try:
        _do(word, office, ticket, supervisor, clock, bus)
    except DomainError as refused:
        assert word not in allowed, f"{word} was offered but refused: {refused.message}"
    else:
        assert word in allowed, f"{word} was not offered but accepted"


def test_the_api_gives_the_allowed_actions_with_every_counter_state(client, login):
    headers = login("officer1")
    assert client.get("/api/v1/counters/1", headers=headers).json["counter"]["allowed_actions"] == ["next", "pause"]
    client.post("/api/v1/tickets", json={"service_id": 1})
    client.post("/api/v1/counters/1/next", headers=headers)
    paused = client.post("/api/v1/counters/1/pause", headers=headers).json["counter"]
    assert paused["allowed_actions"] == SITUATIONS[(True, "called")]
    resumed = client.post("/api/v1/counters/1/resume", headers=headers).json["counter"]
    assert resumed["allowed_actions"] == SITUATIONS[(False, "called")]
    overview = client.get("/api/v1/overview", headers=login("supervisor")).json["counters"]
    assert [c["allowed_actions"] for c in overview] == [SITUATIONS[(False, "called")]] + [["next", "pause"]] * 3


# --- each app its own state ---------------------------------------------------------------


def test_two_apps_in_one_process_have_separate_buses(app, database_url, clock, hasher):
    from onewindow import create_app

    other = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "other",
            "CLOCK": clock,
            "PASSWORD_HASHER": hasher,
            "ASYNC_MODE": "threading",
        }
    )
    assert app.extensions["onewindow.events"] is not other.extensions["onewindow.events"]
    heard, heard_by_other = [], []
    app.extensions["onewindow.events"].subscribe("probe", heard.append)
    other.extensions["onewindow.events"].subscribe("probe", heard_by_other.append)
    assert app.test_client().post("/api/v1/tickets", json={"service_id": 1}).status_code == 201
    assert [e.kind for e in heard] == ["issued"]
    assert heard_by_other == []


def test_a_failing_subscriber_is_logged_and_the_others_still_hear(bus, caplog):
    heard = []

    def broken(_event):
        raise RuntimeError("display unplugged")

    bus.subscribe("broken", broken)
    bus.subscribe("probe", heard.append)
    bus.publish("an event")
    assert heard == ["an event"]
    assert "event subscriber broken failed" in caplog.text
    bus.unsubscribe("probe")
    bus.publish("another")
    assert heard == ["an event"]


USE_CASES = [
    lambda bus: engine.issue(1, bus=bus),
    lambda bus: engine.issue_many([engine.IssueRequest(1)], bus=bus),
    lambda bus: engine.call_next(1, bus=bus),
    lambda bus: engine.call_ticket(1, 1, reason="x", actor_id=1, bus=bus),
    lambda bus: engine.recall(1, bus=bus),
    lambda bus: engine.start(1, bus=bus),
    lambda bus: engine.finish(1, bus=bus),
    lambda bus: engine.no_show(1, bus=bus),
    lambda bus: engine.cancel(1, bus=bus),
    lambda bus: engine.transfer(1, 2, bus=bus),
    lambda bus: counters.pause(1, actor_id=1, bus=bus),
    lambda bus: counters.resume(1, actor_id=1, bus=bus),
    lambda bus: counters.set_services(1, [1], actor_id=1, bus=bus),
]


@pytest.mark.parametrize("use_case", USE_CASES)
def test_a_use_case_without_the_clock_is_a_type_error_not_some_other_clock(office, bus, use_case):
    with pytest.raises(TypeError, match="clock"):
        use_case(bus)
    assert Ticket.select().count() == 0
    assert Event.select().count() == 0


def test_a_use_case_without_the_bus_is_a_type_error(office, clock):
    with pytest.raises(TypeError, match="bus"):
        engine.issue(office.civil.id, clock=clock)
    assert Ticket.select().count() == 0


def test_the_office_keeps_no_clock_bus_or_password_hasher_of_its_own():
    from argon2 import PasswordHasher

    from office.clock import Clock
    from office.events import EventBus

    for module_info in pkgutil.iter_modules(office.__path__):
        module = importlib.import_module(f"office.{module_info.name}")
        for name, value in vars(module).items():
            assert not isinstance(value, Clock | EventBus | PasswordHasher), f"office.{module_info.name}.{name}"
