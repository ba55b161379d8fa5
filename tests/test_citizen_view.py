"""The estimated wait printed on a ticket (method: office/estimate.py)."""

from office import engine
from office.estimate import DEFAULT_SERVICE_S, estimated_wait_s


def serve(office_counter, clock, bus, minutes: float):
    ticket = engine.call_next(office_counter.id, clock=clock, bus=bus)
    engine.start(ticket.id, clock=clock, bus=bus)
    clock.advance(minutes=minutes)
    engine.finish(ticket.id, clock=clock, bus=bus)


def second_in_line(office, clock, bus) -> int:
    """The estimate of a civil ticket with one person ahead (counter 1 serves civil and land)."""
    engine.issue(office.civil.id, clock=clock, bus=bus)
    return engine.issue(office.civil.id, clock=clock, bus=bus).ticket.estimated_wait_s


def test_with_no_history_a_service_takes_five_minutes(office, clock, bus):
    assert second_in_line(office, clock, bus) == DEFAULT_SERVICE_S


def test_typical_service_time_is_the_mean_of_recent_services(office, clock, bus):
    for minutes in (2, 4, 6):
        engine.issue(office.land.id, clock=clock, bus=bus)
        serve(office.one, clock, bus, minutes)
    assert second_in_line(office, clock, bus) == 240


def test_services_older_than_two_weeks_do_not_count(office, clock, bus):
    engine.issue(office.civil.id, clock=clock, bus=bus)
    serve(office.one, clock, bus, 10)
    clock.advance(days=15)
    assert second_in_line(office, clock, bus) == DEFAULT_SERVICE_S


def test_the_estimate_of_a_waiting_ticket_is_worked_out_afresh(office, clock, bus):
    first = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    second = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    assert estimated_wait_s(second, clock()) == DEFAULT_SERVICE_S
    engine.cancel(first.id, clock=clock, bus=bus)
    assert estimated_wait_s(second, clock()) == 0


def test_a_priority_ticket_goes_ahead_of_ordinary_ones_in_the_estimate(office, clock, bus):
    for _ in range(3):
        engine.issue(office.civil.id, clock=clock, bus=bus)
    assert engine.issue(office.civil.id, priority=True, clock=clock, bus=bus).ticket.estimated_wait_s == 0


def test_the_first_in_line_at_a_free_counter_waits_nothing(office, clock, bus):
    ticket = engine.issue(office.transport.id, clock=clock, bus=bus).ticket
    assert ticket.estimated_wait_s == 0


def test_people_ahead_share_the_counters_that_serve_the_service(office, clock, bus):
    # Land (B) is served at counters 1 and 2; counter 1 also serves A, counter 2 also C.
    engine.issue(office.civil.id, clock=clock, bus=bus)
    engine.issue(office.transport.id, clock=clock, bus=bus)
    engine.issue(office.land.id, clock=clock, bus=bus)
    ticket = engine.issue(office.land.id, clock=clock, bus=bus).ticket
    # 3 people ahead across A, B and C, 2 counters, 5 minutes each: 7.5 minutes.
    assert ticket.estimated_wait_s == 3 * DEFAULT_SERVICE_S / 2


def test_when_every_counter_is_busy_half_a_service_is_added(office, clock, bus):
    for _ in range(2):
        engine.issue(office.land.id, clock=clock, bus=bus)
    engine.call_next(office.one.id, clock=clock, bus=bus)
    engine.call_next(office.two.id, clock=clock, bus=bus)
    ticket = engine.issue(office.land.id, clock=clock, bus=bus).ticket
    assert ticket.estimated_wait_s == DEFAULT_SERVICE_S / 2


def test_a_ticket_that_is_no_longer_waiting_has_no_estimate(office, clock, bus):
    ticket = engine.issue(office.civil.id, clock=clock, bus=bus).ticket
    called = engine.call_next(office.one.id, clock=clock, bus=bus)
    assert called.id == ticket.id
    assert estimated_wait_s(called, clock()) is None


def test_a_service_no_counter_serves_has_no_estimate(office, clock, bus):
    from office.models import CounterService

    CounterService.delete().where(CounterService.service == office.transport.id).execute()
    assert engine.issue(office.transport.id, clock=clock, bus=bus).ticket.estimated_wait_s is None


def test_the_api_returns_the_estimate_on_the_ticket(client):
    first = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    second = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    assert first["estimated_wait_s"] == 0
    assert second["estimated_wait_s"] > 0
    assert (
        client.get(f"/api/v1/tickets/{second['id']}").json["ticket"]["estimated_wait_s"] == second["estimated_wait_s"]
    )
