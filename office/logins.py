"""Login attempts: counted before the password is checked, limited so that they cannot be
turned against staff, and guessing from many addresses reported to the supervisors.

Counting. Every try is a LoginAttempt row, inserted and committed *before* the password is
checked (succeeded None while the check runs), and only then are the rows in the window
counted, the new one included. So N guesses sent in parallel count N: whichever of two
attempts counts second sees the other's row, because each committed its own row before
counting. That holds on PostgreSQL at READ COMMITTED as on SQLite (whose writes are
serialized anyway), as long as the count runs as a statement of its own after that commit,
never inside a transaction that began before it: `begin` commits, `refusal` reads outside
any transaction. Attempts refused by a limit stay counted (as failures): an attacker who keeps
going keeps their own address refused.

Limits (Throttle), in a sliding window (5 minutes by default):
- per username *and* address (5): the real user at another address is not held up;
- per address, any usernames (20): one address trying many names;
- per username across all addresses (50), where each address counts at most its own limit
  (5), so one address hammering cannot trip it alone: it takes ten addresses or more. It
  slows guessing from many addresses, and its first refusal in a window writes a
  `login_guessing` Event for the supervisors. Addresses where that user logged in
  successfully in the last 14 days are exempt from it (still under the other two limits):
  otherwise the attack would lock the user out at their own desk, which is the very thing
  these limits must not allow. The cost: a guesser on that same address (the office's
  computer) gets 5 tries per window, as everyone does.
An address is the client's address as the application sees it; behind a reverse proxy,
name the proxy in ONEWINDOW_TRUSTED_PROXIES, or every client is the proxy's one address.

Old rows: a failure is kept for a day, a success for as long as it exempts its address.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from peewee import fn

from office.clock import iso_utc
from office.db import database
from office.errors import TooManyAttempts
from office.events import EventBus
from office.limits import CLIENT_MAX, USERNAME_MAX
from office.models import Event, LoginAttempt

GUESSING = "login_guessing"  # the Event kind the supervisors see
KEEP_FAILURES = timedelta(days=1)
FULL_PRUNE_EVERY = timedelta(hours=1)


@dataclass(frozen=True)
class Throttle:
    """How many failed (or still running) logins the window allows (see the module doc)."""

    window: timedelta = timedelta(minutes=5)
    per_user_and_address: int = 5
    per_address: int = 20
    per_user: int = 50
    known_address_for: timedelta = timedelta(days=14)

    @classmethod
    def from_settings(cls, settings) -> "Throttle":
        """From the app's LOGIN_* settings (onewindow/config.py)."""
        return cls(
            window=timedelta(seconds=float(settings["LOGIN_WINDOW_S"])),
            per_user_and_address=int(settings["LOGIN_FAILURES_PER_USER_AND_ADDRESS"]),
            per_address=int(settings["LOGIN_FAILURES_PER_ADDRESS"]),
            per_user=int(settings["LOGIN_FAILURES_PER_USER"]),
        )


def begin(username: str, client: str, now: datetime, throttle: Throttle) -> LoginAttempt:
    """Count an attempt: its row, committed before anything else happens (see the module doc)."""
    if database.in_transaction():
        raise RuntimeError("a login attempt must be committed on its own, before it is counted")
    username, client = username[:USERNAME_MAX], client[:CLIENT_MAX]
    with database.atomic():
        _prune(username, client, now, throttle)
        return LoginAttempt.create(at=now, username=username, client=client, succeeded=None)


def refusal(attempt: LoginAttempt, throttle: Throttle, *, bus: EventBus | None = None) -> TooManyAttempts | None:
    """Why this attempt (already counted) may not have its password checked, or None.

    The first refusal by the per-user limit in a window writes a `login_guessing` Event and
    publishes it on `bus`."""
    now, username, client = attempt.at, attempt.username, attempt.client
    since = now - throttle.window
    # Rows stamped after `now` count too: a parallel attempt may have read the clock later but
    # committed first.
    failing = (LoginAttempt.at >= since) & _not_succeeded()

    mine = LoginAttempt.select().where(failing & (LoginAttempt.username == username) & (LoginAttempt.client == client))
    count = mine.count()
    if count > throttle.per_user_and_address:
        wait = _until_below(mine, count, throttle.per_user_and_address, throttle.window, now)
        return TooManyAttempts(
            f"too many wrong passwords for {username} from this address; try again in {wait} s", retry_after_s=wait
        )
    if client:
        here = LoginAttempt.select().where(failing & (LoginAttempt.client == client))
        count = here.count()
        if count > throttle.per_address:
            wait = _until_below(here, count, throttle.per_address, throttle.window, now)
            return TooManyAttempts(
                f"too many wrong passwords from this address; try again in {wait} s", retry_after_s=wait
            )
    if _known_address(username, client, now, throttle):
        return None
    per_address = (
        LoginAttempt.select(LoginAttempt.client, fn.COUNT(LoginAttempt.id))
        .where(failing & (LoginAttempt.username == username))
        .group_by(LoginAttempt.client)
        .tuples()
    )
    counts = [n for _client, n in per_address]
    if sum(min(n, throttle.per_user_and_address) for n in counts) <= throttle.per_user:
        return None
    _tell_supervisors(username, now, addresses=len(counts), attempts=sum(counts), throttle=throttle, bus=bus)
    # How long many addresses keep guessing is theirs to decide: the whole window is honest.
    wait = max(1, int(throttle.window.total_seconds()))
    return TooManyAttempts(
        f"too many wrong passwords for {username} from many addresses; try again in {wait} s, "
        "or from a computer where you logged in before",
        retry_after_s=wait,
    )


def finish(attempt: LoginAttempt, succeeded: bool) -> None:
    """The outcome: a success no longer counts against anyone, a failure counts for the window."""
    LoginAttempt.update(succeeded=bool(succeeded)).where(LoginAttempt.id == attempt.id).execute()


def guessing_alerts(since: datetime, *, limit: int = 50) -> list[dict]:
    """The `login_guessing` events since `since`, newest first, for the supervisors."""
    events = (
        Event.select().where((Event.kind == GUESSING) & (Event.at >= since)).order_by(Event.at.desc(), Event.id.desc())
    )
    return [
        {
            "event_id": event.id,
            "at": iso_utc(event.at),
            "username": event.details.get("username", ""),
            "addresses": int(event.details.get("addresses", 0)),
            "attempts": int(event.details.get("attempts", 0)),
            "window_s": int(event.details.get("window_s", 0)),
        }
        for event in events.limit(limit)
    ]


def _not_succeeded():
    """Failed, refused, or still being checked: all count."""
    return LoginAttempt.succeeded.is_null() | (LoginAttempt.succeeded == False)  # noqa: E712


def _until_below(rows, count: int, limit: int, window: timedelta, now: datetime) -> int:
    """Seconds until the next attempt would be within `limit`: until all but limit - 1 of
    these `count` rows have left the window."""
    oldest_to_keep = rows.order_by(LoginAttempt.at, LoginAttempt.id).offset(count - limit).limit(1).first()
    at = oldest_to_keep.at if oldest_to_keep else now
    return max(1, int((at + window - now).total_seconds()) + 1)


def _known_address(username: str, client: str, now: datetime, throttle: Throttle) -> bool:
    """Did this user log in successfully from this address lately?"""
    return (
        LoginAttempt.select()
        .where(
            (LoginAttempt.username == username)
            & (LoginAttempt.client == client)
            & (LoginAttempt.at >= now - throttle.known_address_for)
            & (LoginAttempt.succeeded == True)  # noqa: E712
        )
        .exists()
    )


def _tell_supervisors(
    username: str, now: datetime, *, addresses: int, attempts: int, throttle: Throttle, bus: EventBus | None
) -> None:
    """One login_guessing event per user and window, however long the guessing goes on."""
    with database.atomic():
        recent = Event.select(Event.details).where((Event.kind == GUESSING) & (Event.at > now - throttle.window))
        if any(event.details.get("username") == username for event in recent):
            return
        details = {
            "username": username,
            "addresses": addresses,
            "attempts": attempts,
            "window_s": int(throttle.window.total_seconds()),
        }
        event = Event.create(at=now, kind=GUESSING, details=details)
    if bus is not None:
        bus.publish(event)


_last_full_prune: dict[str, datetime] = {}


def _prune(username: str, client: str, now: datetime, throttle: Throttle) -> None:
    """Keep the table small: old rows of this username and address at every attempt (by
    index), and every old row at most once an hour per process."""
    old_failure = LoginAttempt.at < now - max(KEEP_FAILURES, throttle.window)
    old_success = LoginAttempt.at < now - max(throttle.known_address_for, throttle.window)
    old = (_not_succeeded() & old_failure) | old_success
    LoginAttempt.delete().where((LoginAttempt.username == username) & old).execute()
    LoginAttempt.delete().where((LoginAttempt.client == client) & old).execute()
    last = _last_full_prune.get("at")
    if last is None or not last <= now < last + FULL_PRUNE_EVERY:  # (a clock set back, too)
        LoginAttempt.delete().where(old).execute()
        _last_full_prune["at"] = now
