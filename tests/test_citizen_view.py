"""What a citizen is told: people ahead and the estimated wait (office/citizen_view.py; the
method is in README.md). Counter 1 serves civil (A) and land (B); counter 2 land (B) and
transport (C)."""

import pytest

from office import counters, engine
from office.citizen_view import (
    DEFAULT_SERVICE_S,
    PlaceInLine,
    place_for_new_ticket,
    place_in_line,
    places_in_line,
    wait_minutes,
)
from office.models import CounterService, Service, Ticket
from office.users import add_user


def issue(service, clock, bus, **kwargs) -> Ticket:
    return engine.issue(service.id, clock=clock, bus=bus, **kwargs).ticket


def serve(office_counter, clock, bus, minutes: float):
    ticket = engine.call_next(office_counter.id, clock=clock, bus=bus)
    engine.start(ticket.id, clock=clock, bus=bus)
    clock.advance(minutes=minutes)
    engine.finish(ticket.id, clock=clock, bus=bus)


def second_in_line(office, clock, bus) -> int:
    """The estimate of a civil ticket with one person ahead (counter 1 serves civil and land)."""
    issue(office.civil, clock, bus)
    return issue(office.civil, clock, bus).estimated_wait_s


def place(ticket: Ticket, clock) -> PlaceInLine:
    return place_in_line(Ticket.get_by_id(ticket.id), clock())


@pytest.fixture
def supervisor(office, hasher):
    return add_user("sophea", "long-password", "supervisor", hasher=hasher)


# --- the one rounding rule ----------------------------------------------------------------


@pytest.mark.parametrize(
    "seconds, minutes", [(None, None), (0, 0), (1, 1), (59, 1), (60, 1), (61, 2), (450, 8), (1510, 26)]
)
def test_a_wait_is_told_in_whole_minutes_rounded_up(seconds, minutes):
    assert wait_minutes(seconds) == minutes


# --- the estimate -------------------------------------------------------------------------


def test_with_no_history_a_service_takes_five_minutes(office, clock, bus):
    assert second_in_line(office, clock, bus) == DEFAULT_SERVICE_S


def test_typical_service_time_is_the_mean_of_recent_services(office, clock, bus):
    for minutes in (2, 4, 6):
        issue(office.land, clock, bus)
        serve(office.one, clock, bus, minutes)
    assert second_in_line(office, clock, bus) == 240


def test_services_older_than_two_weeks_do_not_count(office, clock, bus):
    issue(office.civil, clock, bus)
    serve(office.one, clock, bus, 10)
    clock.advance(days=15)
    assert second_in_line(office, clock, bus) == DEFAULT_SERVICE_S


def test_the_place_of_a_waiting_ticket_is_worked_out_afresh(office, clock, bus):
    first = issue(office.civil, clock, bus)
    second = issue(office.civil, clock, bus)
    assert place(second, clock) == PlaceInLine(1, DEFAULT_SERVICE_S)
    engine.cancel(first.id, clock=clock, bus=bus)
    assert place(second, clock) == PlaceInLine(0, 0)


def test_people_ahead_are_priority_and_older_tickets_in_calling_order(office, clock, bus):
    first = issue(office.civil, clock, bus)
    second = issue(office.civil, clock, bus)
    urgent = issue(office.civil, clock, bus, priority=True, issuer=office.desk)
    assert [place(t, clock).ahead for t in (first, second, urgent)] == [1, 2, 0]
    engine.call_next(office.one.id, clock=clock, bus=bus)  # calls the priority ticket
    assert place(second, clock).ahead == 1


def test_a_priority_ticket_goes_ahead_of_ordinary_ones(office, clock, bus):
    for _ in range(3):
        issue(office.civil, clock, bus)
    issued = engine.issue(office.civil.id, priority=True, issuer=office.desk, clock=clock, bus=bus)
    assert issued.place == PlaceInLine(0, 0)
    assert issued.ticket.estimated_wait_s == 0


def test_the_first_in_line_at_a_free_counter_waits_nothing(office, clock, bus):
    issued = engine.issue(office.transport.id, clock=clock, bus=bus)
    assert issued.place == PlaceInLine(0, 0)


def test_people_ahead_share_the_counters_that_serve_the_service(office, clock, bus):
    # Land (B) is served at counters 1 and 2; counter 1 also serves A, counter 2 also C.
    issue(office.civil, clock, bus)
    issue(office.transport, clock, bus)
    issue(office.land, clock, bus)
    issued = engine.issue(office.land.id, clock=clock, bus=bus)
    # 3 people ahead across A, B and C, 2 counters, 5 minutes each: 7.5 minutes.
    assert issued.place == PlaceInLine(3, 3 * DEFAULT_SERVICE_S / 2)
    assert issued.place.estimated_wait_min == 8


def test_when_every_counter_is_busy_half_a_service_is_added(office, clock, bus):
    for _ in range(2):
        issue(office.land, clock, bus)
    engine.call_next(office.one.id, clock=clock, bus=bus)
    engine.call_next(office.two.id, clock=clock, bus=bus)
    assert engine.issue(office.land.id, clock=clock, bus=bus).place == PlaceInLine(0, DEFAULT_SERVICE_S / 2)


def test_a_ticket_that_is_no_longer_waiting_has_no_one_ahead_and_no_estimate(office, clock, bus):
    ticket = issue(office.civil, clock, bus)
    called = engine.call_next(office.one.id, clock=clock, bus=bus)
    assert called.id == ticket.id
    assert place_in_line(called, clock()) == PlaceInLine(0, None)


def test_a_service_no_counter_serves_has_no_estimate_and_its_own_queue_ahead(office, clock, bus):
    CounterService.delete().where(CounterService.service == office.transport.id).execute()
    issue(office.civil, clock, bus)
    issue(office.transport, clock, bus)
    assert engine.issue(office.transport.id, clock=clock, bus=bus).place == PlaceInLine(1, None)


def test_once_calls_come_at_a_faster_pace_the_people_ahead_are_counted_at_that_pace(office, clock, bus):
    """Civil (A) is called only at counter 1, but the land tickets (B) ahead of it are called at
    both counters: ten calls in ten minutes, a call a minute, beat 2-minute services at one
    counter. Without ten calls in the last 30 minutes, the first rule alone."""
    for _ in range(5):
        for counter in (office.one, office.two):
            issue(office.land, clock, bus)
            ticket = engine.call_next(counter.id, clock=clock, bus=bus)
            engine.start(ticket.id, clock=clock, bus=bus)
        clock.advance(minutes=2)
        for ticket in Ticket.select().where(Ticket.status == Ticket.SERVING):
            engine.finish(ticket.id, clock=clock, bus=bus)
    for _ in range(3):
        issue(office.land, clock, bus)
    civil = engine.issue(office.civil.id, clock=clock, bus=bus)
    assert civil.place == PlaceInLine(3, 3 * 60)  # not 3 × 120 s ÷ 1 counter
    assert places_in_line([civil.ticket], clock())[civil.ticket.id] == civil.place
    clock.advance(minutes=31)
    assert place(civil.ticket, clock) == PlaceInLine(3, 3 * 120)


# --- one rule for ahead and the wait --------------------------------------------------------


def test_never_nobody_ahead_with_a_wait_caused_by_other_services(office, clock, bus):
    """The issue's case: a civil ticket (A) while a land ticket (B) waits for counter 1. The
    citizen was told "0 people ahead" and "about 5 minutes"; now both count the land ticket."""
    issue(office.land, clock, bus)
    clock.advance(seconds=1)
    civil = engine.issue(office.civil.id, clock=clock, bus=bus)
    assert civil.place == PlaceInLine(1, DEFAULT_SERVICE_S)
    assert engine.call_next(office.one.id, clock=clock, bus=bus).service_id == office.land.id  # as told


def test_nobody_ahead_means_no_wait_unless_every_counter_is_busy(office, clock, bus):
    tickets = []
    for service in (office.civil, office.land, office.transport, office.land, office.civil, office.transport):
        tickets.append(issue(service, clock, bus))
        clock.advance(seconds=30)
    tickets.append(issue(office.civil, clock, bus, priority=True, issuer=office.desk))
    called = []
    for step in ("call at 1", "call at 2", "no-show at 1", "done"):
        for ticket in Ticket.select().where(Ticket.status == Ticket.WAITING):
            told = place_in_line(ticket, clock())
            if told.ahead == 0:
                assert told.estimated_wait_s in (0, DEFAULT_SERVICE_S / 2), (step, ticket.number)
            else:
                assert told.estimated_wait_s > 0, (step, ticket.number)
        if step.startswith("call"):
            counter = office.one if step.endswith("1") else office.two
            called.append(engine.call_next(counter.id, clock=clock, bus=bus))
        elif step == "no-show at 1":
            engine.no_show(called[0].id, clock=clock, bus=bus)


def test_paused_counters_do_not_count_as_serving(office, clock, bus, supervisor):
    issue(office.transport, clock, bus)  # only counter 2 would call it
    issue(office.civil, clock, bus)  # only counter 1 would call it
    clock.advance(seconds=1)
    land = issue(office.land, clock, bus)
    assert place(land, clock) == PlaceInLine(2, 2 * DEFAULT_SERVICE_S / 2)
    counters.pause(office.two.id, actor_id=supervisor.id, clock=clock, bus=bus)
    # Only counter 1 can call it now, and counter 1 never calls transport tickets.
    assert place(land, clock) == PlaceInLine(1, DEFAULT_SERVICE_S)
    engine.call_next(office.one.id, clock=clock, bus=bus)  # counter 1, the only open one, is busy
    assert place(land, clock) == PlaceInLine(0, DEFAULT_SERVICE_S / 2)
    counters.pause(office.one.id, actor_id=supervisor.id, clock=clock, bus=bus)
    # No open counter: no promise, and its place in its own queue.
    assert place(land, clock) == PlaceInLine(0, None)
    assert place_for_new_ticket(office.land.id, False, clock()) == PlaceInLine(1, None)


def test_tickets_of_a_withdrawn_service_are_not_ahead(office, clock, bus):
    issue(office.land, clock, bus)
    clock.advance(seconds=1)
    civil = issue(office.civil, clock, bus)
    Service.update(active=False).where(Service.id == office.land.id).execute()
    assert place(civil, clock) == PlaceInLine(0, 0)
    assert engine.call_next(office.one.id, clock=clock, bus=bus).id == civil.id  # as told


def test_many_tickets_at_once_are_told_the_same_as_one_by_one(office, clock, bus, supervisor):
    for minutes in (3, 5):
        issue(office.land, clock, bus)
        serve(office.two, clock, bus, minutes)
    for service in (office.civil, office.land, office.transport) * 3:
        issue(service, clock, bus, priority=service is office.transport, issuer=office.desk)
        clock.advance(seconds=20)
    engine.call_next(office.one.id, clock=clock, bus=bus)
    counters.pause(office.two.id, actor_id=supervisor.id, clock=clock, bus=bus)
    tickets = list(Ticket.select().order_by(Ticket.id))
    assert places_in_line(tickets, clock()) == {t.id: place_in_line(t, clock()) for t in tickets}


# --- where a citizen reads them -------------------------------------------------------------


def test_the_api_tells_the_place_from_the_read_model(client, clock, login):
    first = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    second = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    assert (first["ahead"], first["estimated_wait_s"], first["estimated_wait_min"]) == (0, 0, 0)
    assert second["ahead"] == 1 and second["estimated_wait_s"] > 0
    assert second["estimated_wait_min"] == wait_minutes(second["estimated_wait_s"])
    read_back = client.get(f"/api/v1/tickets/{second['id']}", headers=login()).json["ticket"]
    status = client.get(f"/api/v1/status/{second['token']}").json["ticket"]
    for told in (read_back, status):
        assert (told["ahead"], told["estimated_wait_s"], told["estimated_wait_min"]) == (
            second["ahead"],
            second["estimated_wait_s"],
            second["estimated_wait_min"],
        )


def test_the_printed_slip_says_what_the_status_page_says(app, client):
    from printer.spool import ticket_print

    app.config["PUBLIC_URL"] = "http://office.test"
    for _ in range(3):
        client.post("/api/v1/tickets", json={"service_id": 1})
    told = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    assert told["estimated_wait_s"] % 60  # a part minute, so the rounding shows
    with app.app_context():
        slip = ticket_print(Ticket.get_by_id(told["id"]), app.config)
    assert slip.people_ahead == told["ahead"] == 3
    assert slip.wait_minutes_text == str(told["estimated_wait_min"])
