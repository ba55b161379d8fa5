"""Login throttling (office/logins.py through office/users.authenticate), on SQLite and
PostgreSQL, with the fake clock: what counts, per what, for how long, and who is told.

The attacker's side against the real server: tests/security/test_login_throttling.py."""

import threading
from datetime import timedelta

import pytest

from office.errors import TooManyAttempts
from office.logins import GUESSING, Throttle, guessing_alerts
from office.models import Event, LoginAttempt, User
from office.users import authenticate

PASSWORD = "right-password"


@pytest.fixture
def staff(db, hasher):
    for name in ("dara", "vanna"):
        User.create(username=name, password_hash=hasher.hash(PASSWORD), role="officer")


@pytest.fixture
def log_in(staff, hasher, clock, bus):
    """log_in(username, password, client) -> "ok", "wrong" or the TooManyAttempts refused."""

    def attempt(username: str, password: str = "wrong", client: str = "10.0.0.2", throttle: Throttle | None = None):
        try:
            user = authenticate(
                username, password, hasher=hasher, clock=clock, client=client, throttle=throttle, bus=bus
            )
        except TooManyAttempts as refused:
            return refused
        return "ok" if user else "wrong"

    return attempt


def outcomes(username="dara", client="10.0.0.2"):
    return [
        row.succeeded
        for row in LoginAttempt.select()
        .where((LoginAttempt.username == username) & (LoginAttempt.client == client))
        .order_by(LoginAttempt.id)
    ]


def test_each_attempt_is_on_record_and_a_success_does_not_count_against_anyone(log_in):
    assert [log_in("dara") for _ in range(4)] == ["wrong"] * 4
    assert log_in("dara", PASSWORD) == "ok"
    assert outcomes() == [False] * 4 + [True]
    assert log_in("dara") == "wrong"  # the fifth failure: still checked
    assert isinstance(log_in("dara", PASSWORD), TooManyAttempts)  # the sixth is refused unchecked
    assert outcomes()[-1] is False  # and counted as a failure


def test_a_refusal_says_when_to_come_back_and_the_window_then_lets_the_user_in(log_in, clock):
    for _ in range(5):
        log_in("dara")
        clock.advance(seconds=10)
    refused = log_in("dara", PASSWORD)
    # Six count now (the refused one too): the next is allowed once the first two, of 0 and
    # 10 s, have left the 5-minute window: 300 + 10 - 50 s from now, and a second more.
    assert refused.retry_after_s == 261 and refused.code == "too_many_attempts"
    clock.advance(seconds=260)
    assert isinstance(log_in("dara", PASSWORD), TooManyAttempts)  # not a second early (and counted)
    clock.advance(seconds=300)
    assert log_in("dara", PASSWORD) == "ok"


def test_one_address_does_not_lock_the_user_out_at_another(log_in):
    for _ in range(12):
        log_in("dara", client="10.0.0.66")
    assert log_in("dara", PASSWORD, client="10.0.0.2") == "ok"


def test_one_address_trying_many_usernames_is_refused_for_every_one(log_in):
    for i in range(20):
        assert log_in(f"guess{i}") == "wrong"
    assert isinstance(log_in("vanna", PASSWORD), TooManyAttempts)
    assert log_in("vanna", PASSWORD, client="10.0.0.3") == "ok"


def test_many_addresses_trip_the_per_user_limit_once_per_window_and_known_addresses_still_log_in(log_in, bus, clock):
    published = []
    bus.subscribe("test", published.append)
    throttle = Throttle(per_user=12)
    assert log_in("dara", PASSWORD, client="10.0.9.9", throttle=throttle) == "ok"  # dara's desk
    for address in ("10.0.0.2", "10.0.0.3"):
        assert [log_in("dara", client=address, throttle=throttle) for _ in range(6)][-1] != "wrong"
    # 10 counted (each address at most 5), and 2 from a third address: the limit of 12.
    assert [log_in("dara", client="10.0.0.4", throttle=throttle) for _ in range(2)] == ["wrong"] * 2
    assert not published
    refused = log_in("dara", client="10.0.0.5", throttle=throttle)
    assert isinstance(refused, TooManyAttempts) and refused.retry_after_s == 300
    for _ in range(3):
        assert isinstance(log_in("dara", PASSWORD, client="10.0.0.6", throttle=throttle), TooManyAttempts)
    [event] = published
    assert event.kind == GUESSING
    assert event.details == {"username": "dara", "addresses": 4, "attempts": 15, "window_s": 300}
    assert Event.select().where(Event.kind == GUESSING).count() == 1

    assert log_in("dara", PASSWORD, client="10.0.9.9", throttle=throttle) == "ok"  # the desk is exempt
    assert log_in("vanna", PASSWORD, client="10.0.0.5", throttle=throttle) == "ok"  # and others anywhere

    [alert] = guessing_alerts(clock() - timedelta(days=1))
    assert (alert["username"], alert["addresses"], alert["event_id"]) == ("dara", 4, event.id)

    clock.advance(minutes=5, seconds=1)  # the guessing goes on in the next window: told again
    for address in ("10.1.0.1", "10.1.0.2", "10.1.0.3"):
        for _ in range(5):
            log_in("dara", client=address, throttle=throttle)
    assert len(published) == 2


def test_parallel_guesses_all_count(log_in, database_url):
    """Forty guesses at once, each on its own connection: at most five are checked, on
    PostgreSQL (READ COMMITTED) as on SQLite. (Fewer may be: a guess among the first five
    committed may count after a sixth committed too; every guess counts either way.)"""
    start = threading.Barrier(40)
    results = []

    def guess():
        start.wait()
        from office.db import database

        with database.connection_context():
            results.append(log_in("dara"))

    threads = [threading.Thread(target=guess) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    checked = sum(result == "wrong" for result in results)
    refused = sum(isinstance(result, TooManyAttempts) for result in results)
    assert checked <= 5 and checked + refused == 40
    assert outcomes() == [False] * 40


def test_old_attempts_are_deleted_as_new_ones_come(log_in, clock):
    log_in("dara")
    log_in("vanna", PASSWORD)
    clock.advance(days=1, minutes=1)
    log_in("dara", client="10.0.0.3")
    # dara's day-old failure is gone; vanna's success is kept (it exempts that address).
    assert [(r.username, r.succeeded) for r in LoginAttempt.select().order_by(LoginAttempt.id)] == [
        ("vanna", True),
        ("dara", False),
    ]
    clock.advance(days=14)
    log_in("vanna", client="10.0.0.9")
    assert [(r.username, r.client) for r in LoginAttempt.select()] == [("vanna", "10.0.0.9")]
