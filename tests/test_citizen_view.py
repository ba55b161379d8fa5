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


# --- the estimate: the calling order replayed at the open counters ---------------------------


def test_with_no_history_a_ticket_holds_its_counter_five_minutes(office, clock, bus):
    assert second_in_line(office, clock, bus) == DEFAULT_SERVICE_S


def test_a_services_counter_time_is_the_mean_of_its_recent_ones(office, clock, bus):
    """Land tickets held their counter 2, 4 and 6 minutes: 4 on average. Two land tickets are
    called at once at the two free counters; the third when counter 1 is free, 4 minutes on."""
    for minutes in (2, 4, 6):
        issue(office.land, clock, bus)
        serve(office.one, clock, bus, minutes)
    issue(office.land, clock, bus)
    issue(office.land, clock, bus)
    assert engine.issue(office.land.id, clock=clock, bus=bus).place == PlaceInLine(2, 240)


def test_each_service_has_its_own_counter_time(office, clock, bus):
    """Civil tickets take 1 minute, land 4. Counter 1 calls the civil ticket ahead, counter 2
    the land one; the next civil ticket is called when counter 1 is free: after 1 minute."""
    for service, minutes in ((office.civil, 1), (office.land, 4)):
        issue(service, clock, bus)
        serve(office.one, clock, bus, minutes)
    issue(office.civil, clock, bus)
    issue(office.land, clock, bus)
    assert engine.issue(office.civil.id, clock=clock, bus=bus).place == PlaceInLine(2, 60)


def test_a_counter_time_runs_from_the_call_to_the_end_of_the_service(office, clock, bus):
    issue(office.civil, clock, bus)
    ticket = engine.call_next(office.one.id, clock=clock, bus=bus)
    clock.advance(minutes=1)  # the citizen walks to the counter
    engine.start(ticket.id, clock=clock, bus=bus)
    clock.advance(minutes=3)
    engine.finish(ticket.id, clock=clock, bus=bus)
    assert second_in_line(office, clock, bus) == 240


def test_a_no_show_holds_its_counter_from_the_call_to_the_no_show(office, clock, bus):
    """One civil citizen did not come (marked after 2 minutes), one was served in 4: 3 minutes."""
    issue(office.civil, clock, bus)
    absent = engine.call_next(office.one.id, clock=clock, bus=bus)
    clock.advance(minutes=2)
    engine.no_show(absent.id, clock=clock, bus=bus)
    issue(office.civil, clock, bus)
    serve(office.one, clock, bus, 4)
    assert second_in_line(office, clock, bus) == 180


def test_counter_times_older_than_two_weeks_do_not_count(office, clock, bus):
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


def test_people_ahead_are_those_of_every_service_of_the_counters_that_serve_it(office, clock, bus):
    """Land (B) is served at counters 1 (also A) and 2 (also C): the civil, transport and land
    tickets before it are ahead. Counter 1 calls the civil one, counter 2 the transport one,
    then each a land ticket when free, after 5 minutes."""
    issue(office.civil, clock, bus)
    issue(office.transport, clock, bus)
    issue(office.land, clock, bus)
    issued = engine.issue(office.land.id, clock=clock, bus=bus)
    assert issued.place == PlaceInLine(3, DEFAULT_SERVICE_S)
    assert issued.place.estimated_wait_min == 5


def test_tickets_ahead_that_another_counter_calls_shorten_the_wait(office, clock, bus):
    """Civil (A) is called only at counter 1, but counter 2 takes land tickets (B) too: of
    the three land tickets ahead, counter 1 calls two, so the civil ticket comes third at
    counter 1 (10 minutes), not fourth (15, if counter 1 called all three)."""
    for _ in range(3):
        issue(office.land, clock, bus)
    civil = engine.issue(office.civil.id, clock=clock, bus=bus)
    assert civil.place == PlaceInLine(3, 2 * DEFAULT_SERVICE_S)


def test_when_every_counter_is_busy_the_wait_is_until_the_first_is_free(office, clock, bus):
    """Land tickets held their counter 2, 4 and 6 minutes. Both counters called a land ticket
    3 minutes ago: of the land tickets that lasted longer than 3 minutes, 1 and 3 minutes were
    left, so either counter should be free in 2 minutes."""
    for minutes in (2, 4, 6):
        issue(office.land, clock, bus)
        serve(office.one, clock, bus, minutes)
    for counter in (office.one, office.two):
        issue(office.land, clock, bus)
        engine.call_next(counter.id, clock=clock, bus=bus)
    clock.advance(minutes=3)
    assert engine.issue(office.land.id, clock=clock, bus=bus).place == PlaceInLine(0, 120)


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
    """With nobody ahead, a free counter that serves the ticket calls it now; when all of
    them are busy, the wait is until the first is free."""
    serving = {
        office.civil.id: [office.one],
        office.land.id: [office.one, office.two],
        office.transport.id: [office.two],
    }
    for service in (office.civil, office.land, office.transport, office.land, office.civil, office.transport):
        issue(service, clock, bus)
        clock.advance(seconds=30)
    issue(office.civil, clock, bus, priority=True, issuer=office.desk)
    called = []
    nobody_ahead = 0
    for step in ("call at 1", "call at 2", "no-show at 1", "done"):
        for ticket in Ticket.select().where(Ticket.status == Ticket.WAITING):
            told = place_in_line(ticket, clock())
            if told.ahead == 0:
                nobody_ahead += 1
                free = any(not holds_a_ticket(counter) for counter in serving[ticket.service_id])
                assert (told.estimated_wait_s == 0) is free, (step, ticket.number)
        if step.startswith("call"):
            counter = office.one if step.endswith("1") else office.two
            called.append(engine.call_next(counter.id, clock=clock, bus=bus))
        elif step == "no-show at 1":
            engine.no_show(called[0].id, clock=clock, bus=bus)
    assert nobody_ahead >= 4


def holds_a_ticket(counter) -> bool:
    return Ticket.select().where((Ticket.counter == counter.id) & Ticket.status.in_(Ticket.CURRENT)).exists()


def test_paused_counters_do_not_count_as_serving(office, clock, bus, supervisor):
    issue(office.transport, clock, bus)  # only counter 2 would call it
    issue(office.civil, clock, bus)  # only counter 1 would call it
    clock.advance(seconds=1)
    land = issue(office.land, clock, bus)
    assert place(land, clock) == PlaceInLine(2, DEFAULT_SERVICE_S)  # at counter 1 once free
    counters.pause(office.two.id, actor_id=supervisor.id, clock=clock, bus=bus)
    # Only counter 1 can call it now, and counter 1 never calls transport tickets.
    assert place(land, clock) == PlaceInLine(1, DEFAULT_SERVICE_S)
    engine.call_next(office.one.id, clock=clock, bus=bus)  # counter 1, the only open one, is busy
    assert place(land, clock) == PlaceInLine(0, DEFAULT_SERVICE_S)
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
    """Service 1 is served at two demo counters: the first two tickets are called at once."""
    first = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    client.post("/api/v1/tickets", json={"service_id": 1})
    second = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    assert (first["ahead"], first["estimated_wait_s"], first["estimated_wait_min"]) == (0, 0, 0)
    assert second["ahead"] == 2 and second["estimated_wait_s"] > 0
    assert second["estimated_wait_min"] == wait_minutes(second["estimated_wait_s"])
    read_back = client.get(f"/api/v1/tickets/{second['id']}", headers=login()).json["ticket"]
    status = client.get(f"/api/v1/status/{second['token']}").json["ticket"]
    for told in (read_back, status):
        assert (told["ahead"], told["estimated_wait_s"], told["estimated_wait_min"]) == (
            second["ahead"],
            second["estimated_wait_s"],
            second["estimated_wait_min"],
        )


def test_the_printed_slip_says_what_the_status_page_says(app, client, clock, login):
    """Counter 1 called a citizen 20 s ago (no history: 5 minutes at a counter), counter 2
    calls the ticket ahead: the ticket is told 4 min 40 s."""
    from printer.spool import ticket_print

    app.config["PUBLIC_URL"] = "http://office.test"
    for _ in range(2):
        client.post("/api/v1/tickets", json={"service_id": 1})
    client.post("/api/v1/counters/1/next", headers=login("officer1"))
    clock.advance(seconds=20)
    told = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    assert told["estimated_wait_s"] == 280  # a part minute, so the rounding shows
    with app.app_context():
        slip = ticket_print(Ticket.get_by_id(told["id"]), app.config)
    assert slip.people_ahead == told["ahead"] == 1
    assert slip.wait_minutes_text == str(told["estimated_wait_min"])
