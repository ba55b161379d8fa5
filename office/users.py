"""Office staff accounts: officers, supervisors and admins, with hashed passwords (Argon2).

The password hasher is the app's (an argon2 PasswordHasher: production cost in the office,
a cheap one in tests), passed in as `hasher`; there is none here.
"""

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from office import logins
from office.clock import Clock
from office.db import database
from office.errors import Conflict, InvalidInput, NotFound
from office.events import EventBus
from office.logins import Throttle
from office.models import Event, User
from office.tokens import end_page_sessions, revoke_user_tokens
from office.usernames import login_name, normalize_username, username_skeleton


def add_user(username: str, password: str, role: str, *, hasher: PasswordHasher) -> User:
    """Create a staff account. Usernames are normalised (office/usernames.py) and unique, and
    may not look like an existing one; passwords need 8+ characters."""
    username = normalize_username(username)
    if role not in User.ROLES:
        raise InvalidInput(f"role must be one of {', '.join(User.ROLES)}")
    if len(password or "") < 8:
        raise InvalidInput("password must be at least 8 characters")
    with database.atomic():
        skeleton = username_skeleton(username)
        for (existing,) in User.select(User.username).tuples():
            if existing == username:
                raise Conflict(f"user {username!r} already exists", code="user_exists")
            if username_skeleton(existing) == skeleton:
                raise Conflict(
                    f"user {username!r} looks like the existing user {existing!r}", code="username_look_alike"
                )
        return User.create(username=username, password_hash=hasher.hash(password), role=role)


def authenticate(
    username: str,
    password: str,
    *,
    hasher: PasswordHasher,
    clock: Clock,
    client: str = "",
    run=None,
    throttle: Throttle | None = None,
    bus: EventBus | None = None,
) -> User | None:
    """The active user with these credentials, or None.

    The attempt is counted (committed) before the password is checked, so parallel guesses
    all count; too many failures for this user from this address, from this address at all,
    or for this user from many addresses raise TooManyAttempts (office/logins.py has the
    rules, and why they cannot lock staff out). Checking a hash costs ~0.1 s of CPU;
    `run(fn, *args)` may move it off an event loop.
    """
    username = login_name(username)  # "Admin" and "ａｄｍｉｎ" are "admin"
    throttle = throttle or Throttle()
    attempt = logins.begin(username, client, clock(), throttle)
    succeeded = False
    try:
        refused = logins.refusal(attempt, throttle, bus=bus)
        if refused is not None:
            raise refused
        user = User.get_or_none((User.username == username) & User.active)
        run = run or _call
        stored = user.password_hash if user else run(_dummy_hash, hasher)  # hashing, too, is off the loop
        succeeded = bool(run(_matches, hasher, stored, password) and user)
    finally:
        logins.finish(attempt, succeeded)
    return user if succeeded else None


@lru_cache(maxsize=8)
def _dummy_hash(hasher: PasswordHasher) -> str:
    """Verifying against this keeps a wrong username as slow as a wrong password."""
    return hasher.hash("not a real password")


def _matches(hasher: PasswordHasher, stored_hash: str, password: str) -> bool:
    try:
        return hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _call(fn, *args):
    return fn(*args)


# --- Disabling an account -------------------------------------------------------------------


def disable_user(username: str, *, actor_id: int | None = None, clock: Clock, bus: EventBus) -> User:
    """The account can no longer log in, and is out at once everywhere: every page session
    (the epoch moves on) and every API token ends, and its /counter sockets close (the
    "user_disabled" event, actor = the disabled user, details.by = who disabled it). One
    transaction; published after the commit."""
    with database.atomic():
        user = User.get_or_none(User.username == login_name(username))
        if user is None:
            raise NotFound(f"no user {username!r}")
        User.update(active=False).where(User.id == user.id).execute()
        end_page_sessions(user.id)
        revoked = revoke_user_tokens(user.id, clock=clock)
        event = Event.create(
            at=clock(), kind="user_disabled", actor=user.id, details={"by": actor_id, "tokens_revoked": revoked}
        )
    bus.publish(event)
    return User.get_by_id(user.id)
