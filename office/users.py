"""Office staff accounts: officers, supervisors and admins, with hashed passwords (Argon2).

The password hasher is the app's (an argon2 PasswordHasher: production cost in the office,
a cheap one in tests), passed in as `hasher`; there is none here.
"""

from datetime import timedelta
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from office.clock import Clock
from office.db import database
from office.errors import Conflict, InvalidInput, TooManyAttempts
from office.limits import CLIENT_MAX, USERNAME_MAX
from office.models import LoginAttempt, User
from office.usernames import login_name, normalize_username, username_skeleton

THROTTLE_WINDOW = timedelta(minutes=5)
MAX_FAILURES_PER_USER = 5
MAX_FAILURES_PER_CLIENT = 20


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
    username: str, password: str, *, hasher: PasswordHasher, clock: Clock, client: str = "", run=None
) -> User | None:
    """The active user with these credentials, or None.

    After 5 wrong passwords for one username, or 20 from one client, within 5 minutes, every
    attempt is refused with TooManyAttempts until the window has passed. Checking a hash
    costs ~0.1 s of CPU; `run(fn, *args)` may move it off an event loop.
    """
    username = login_name(username)  # "Admin" and "ａｄｍｉｎ" are "admin"
    now = clock()
    _refuse_if_throttled(username, client, now)
    user = User.get_or_none((User.username == username) & User.active)
    run = run or _call
    stored = user.password_hash if user else run(_dummy_hash, hasher)  # hashing, too, is off the loop
    ok = run(_matches, hasher, stored, password)
    if ok and user:
        return user
    LoginAttempt.create(at=now, username=username[:USERNAME_MAX], client=client[:CLIENT_MAX], succeeded=False)
    return None


def _refuse_if_throttled(username: str, client: str, now) -> None:
    since = now - THROTTLE_WINDOW
    recent = LoginAttempt.select().where((LoginAttempt.at >= since) & (LoginAttempt.succeeded == False))  # noqa: E712
    for failures, limit in (
        (recent.where(LoginAttempt.username == username[:USERNAME_MAX]), MAX_FAILURES_PER_USER),
        (recent.where(LoginAttempt.client == client[:CLIENT_MAX]) if client else None, MAX_FAILURES_PER_CLIENT),
    ):
        if failures is not None and failures.count() >= limit:
            oldest = failures.order_by(LoginAttempt.at).first().at
            wait = max(1, int((oldest + THROTTLE_WINDOW - now).total_seconds()) + 1)
            raise TooManyAttempts(f"too many wrong passwords; try again in {wait} s", retry_after_s=wait)


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
