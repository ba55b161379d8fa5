"""The calling order replayed at the open counters (office/wait_estimate.py), on small queues
worked out by hand. Services: A = 1, B = 2; tickets are given in calling order."""

import heapq
import random

import pytest

from office.wait_estimate import (
    DEFAULT_COUNTER_TIME_S,
    OpenCounter,
    WaitingTicket,
    call_times,
    time_left,
    typical_counter_time,
)

A, B = 1, 2


def counter(counter_id: int, *services: int, free_in_s: float = 0) -> OpenCounter:
    return OpenCounter(counter_id, frozenset(services), free_in_s)


def line(*services: int) -> list[WaitingTicket]:
    """Tickets 1, 2, 3, ... of these services, in calling order."""
    return [WaitingTicket(number, service) for number, service in enumerate(services, start=1)]


# --- the replay -----------------------------------------------------------------------------


def test_one_counter_calls_its_queue_one_counter_time_apart():
    assert call_times([counter(1, A)], line(A, A, A), {A: 100}) == {1: 0, 2: 100, 3: 200}


def test_a_busy_counter_calls_when_it_is_free():
    assert call_times([counter(1, A, free_in_s=50)], line(A, A), {A: 100}) == {1: 50, 2: 150}


def test_a_counter_calls_the_first_ticket_among_all_its_services():
    """B waits longest, so it goes first and holds the counter 200 s; then the A tickets."""
    assert call_times([counter(1, A, B)], line(B, A, A), {A: 60, B: 200}) == {1: 0, 2: 200, 3: 260}


def test_counters_that_share_a_service_share_its_queue():
    """Counter 1 serves A; counter 2, A and B. Counter 2 takes the B ticket (300 s), so
    counter 1 calls every A ticket; counter 2 is back at 300 s with nobody left."""
    times = call_times([counter(1, A), counter(2, A, B)], line(B, A, A, A), {A: 100, B: 300})
    assert times == {1: 0, 2: 0, 3: 100, 4: 200}


def test_at_the_same_moment_the_lower_counter_calls_first():
    """Both free now. Counter 1 (A) calls ticket 1 (A), then counter 2 (A, B) the B ticket; had
    counter 2 gone first, it would have taken ticket 1 and the B ticket would wait for it."""
    assert call_times([counter(2, A, B), counter(1, A)], line(A, B), {A: 100, B: 100}) == {1: 0, 2: 0}
    # Counter 1 (A, B) takes ticket 1; counter 2 (A) has nothing left; ticket 2 waits for counter 1.
    assert call_times([counter(2, A), counter(1, A, B)], line(A, B), {A: 100, B: 100}) == {1: 0, 2: 100}


def test_a_ticket_no_counter_serves_is_never_called():
    assert call_times([counter(1, A)], line(B, A), {A: 100, B: 100}) == {2: 0}


def test_tickets_behind_a_ticket_do_not_change_when_it_is_called():
    waiting = line(B, A, B, A, A, B, A)
    counters = [counter(1, A, free_in_s=40), counter(2, A, B), counter(3, B, free_in_s=250)]
    whole = call_times(counters, waiting, {A: 90, B: 310})
    assert len(whole) == len(waiting)
    for last in range(1, len(waiting) + 1):
        up_to = call_times(counters, waiting[:last], {A: 90, B: 310})
        assert up_to == {t.id: whole[t.id] for t in waiting[:last]}


def call_next_replayed(counters, waiting, counter_time_s) -> dict:
    """The rule as call_next applies it, moment by moment: the counter free first (the lower
    id on a tie) calls the first waiting ticket among its services."""
    left = list(waiting)
    free = [(c.free_in_s, c.id, c.services) for c in counters]
    heapq.heapify(free)
    called = {}
    while free:
        at, counter_id, services = heapq.heappop(free)
        ticket = next((t for t in left if t.service_id in services), None)
        if ticket is not None:
            left.remove(ticket)
            called[ticket.id] = at
            heapq.heappush(free, (at + counter_time_s[ticket.service_id], counter_id, services))
    return called


@pytest.mark.parametrize("seed", range(20))
def test_the_replay_calls_as_call_next_would(seed):
    rng = random.Random(seed)
    services = [1, 2, 3, 4]
    counters = [
        counter(number, *rng.sample(services, rng.randint(1, 3)), free_in_s=rng.choice([0, 0, rng.randint(1, 400)]))
        for number in range(1, rng.randint(2, 5))
    ]
    waiting = line(*(rng.choice(services) for _ in range(rng.randint(1, 30))))
    counter_time_s = {s: rng.choice([60, 120, 300, 450]) for s in services}
    assert call_times(counters, waiting, counter_time_s) == call_next_replayed(counters, waiting, counter_time_s)


# --- counter times --------------------------------------------------------------------------


def test_a_typical_counter_time_is_the_mean_of_the_recent_ones():
    assert typical_counter_time([60, 120, 300]) == 160
    assert typical_counter_time([]) == DEFAULT_COUNTER_TIME_S


@pytest.mark.parametrize(
    "elapsed_s, left_s",
    [
        (0, 240),  # the mean: (120 + 240 + 360) / 3
        (180, 120),  # of 240 and 360, 60 and 180 were left
        (300, 60),  # only 360 lasted longer
        (400, 120),  # none lasted that long: half the typical 240
    ],
)
def test_time_left_at_a_busy_counter_is_what_longer_ones_had_left(elapsed_s, left_s):
    assert time_left([120, 240, 360], elapsed_s) == left_s


def test_with_no_recent_counter_time_a_busy_counter_has_what_is_left_of_five_minutes():
    assert time_left([], 60) == DEFAULT_COUNTER_TIME_S - 60
    assert time_left([], 280) == DEFAULT_COUNTER_TIME_S / 2  # never less than half of it
