"""Office staff accounts: officers, supervisors and admins, with hashed passwords (Argon2).

The password hasher is the app's (an argon2 PasswordHasher: production cost in the office,
a cheap one in tests), passed in as `hasher`; there is none here.
"""

from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from office import logins
from office.changes import changed_fields, record_change
from office.clock import Clock
from office.db import database
from office.errors import Conflict, InvalidInput, NotFound
from office.events import EventBus
from office.limits import PASSWORD_MAX, PASSWORD_MIN
from office.logins import Throttle
from office.models import Event, User
from office.tokens import end_page_sessions, revoke_user_tokens
from office.usernames import login_name, normalize_username, username_skeleton


def add_user(
    username: str,
    password: str,
    role: str,
    *,
    hasher: PasswordHasher,
    run=None,
    actor_id: int | None = None,
    clock: Clock | None = None,
    bus: EventBus | None = None,
) -> User:
    """Create a staff account, and its "user_added" Event (actor: the admin who added it; none
    from the command line or the demo). Usernames are normalised (office/usernames.py) and
    unique, and may not look like an existing one; passwords follow check_password. The hash
    is made before the transaction (~0.1 s of CPU: `run(fn, *args)` may move it off an event
    loop), so no write lock waits on it."""
    username = _field("username", normalize_username, username)
    check_role(role)
    check_password(password)
    password_hash = (run or _call)(hasher.hash, password)
    clock = clock or Clock()
    with database.atomic():
        skeleton = username_skeleton(username)
        for (existing,) in User.select(User.username).tuples():
            if existing == username:
                raise _on_field(Conflict(f"user {username!r} already exists", code="user_exists"), "username")
            if username_skeleton(existing) == skeleton:
                raise _on_field(
                    Conflict(
                        f"user {username!r} looks like the existing user {existing!r}", code="username_look_alike"
                    ),
                    "username",
                )
        user = User.create(username=username, password_hash=password_hash, role=role)
        event = record_change(
            "user_added", actor_id=actor_id, subject=_subject(user), before=None, after=user_snapshot(user), at=clock()
        )
    if bus is not None:
        bus.publish(event)
    return user


def check_role(role) -> None:
    """A role is one of User.ROLES (officer, supervisor, admin)."""
    if role not in User.ROLES:
        raise InvalidInput(f"role must be one of {', '.join(User.ROLES)}", field="role")


def check_password(password) -> None:
    """What every password must be: PASSWORD_MIN to PASSWORD_MAX characters, not only spaces."""
    if not isinstance(password, str) or len(password) < PASSWORD_MIN:
        raise InvalidInput(f"password must be at least {PASSWORD_MIN} characters", field="password")
    if len(password) > PASSWORD_MAX:
        raise InvalidInput(f"password must be at most {PASSWORD_MAX} characters", field="password")
    if not password.strip():
        raise InvalidInput("password must not be only spaces", field="password")


def user_snapshot(user: User) -> dict:
    """What the history keeps of an account (never its password hash)."""
    return {"username": user.username, "role": user.role, "active": bool(user.active)}


def staff() -> list[User]:
    """Every account, active or not, by username."""
    return list(User.select().order_by(User.username))


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


# --- Changing an account (the administrator's) ----------------------------------------------


def change_user(
    user_id: int,
    *,
    role: str | None = None,
    active: bool | None = None,
    actor_id: int | None,
    clock: Clock,
    bus: EventBus,
) -> User:
    """Change an account's role and/or whether it is active, in one transaction: a new role
    ("user_changed"), disabling (see disable_user: "user_disabled") or enabling again
    ("user_enabled"). The office always keeps one active admin: demoting or disabling the
    last one is a Conflict (409 last_admin). Events are published after the commit."""
    if role is not None:
        check_role(role)
    if active is not None and not isinstance(active, bool):
        raise InvalidInput("active must be true or false", field="active")
    events = []
    with database.atomic():
        user = _user(user_id)
        if role is not None and role != user.role:
            events.append(_set_role(user, role, actor_id=actor_id, at=clock()))
        if active is False and user.active:
            events.append(_disable(user, actor_id=actor_id, clock=clock))
        elif active is True and not user.active:
            events.append(_enable(user, actor_id=actor_id, at=clock()))
    for event in events:
        bus.publish(event)
    return User.get_by_id(user_id)


def reset_password(
    user_id: int, password: str, *, hasher: PasswordHasher, run=None, actor_id: int | None, clock: Clock, bus: EventBus
) -> User:
    """Give an account a new password (check_password's rules), chosen by an administrator.
    Whoever knew the old one may be logged in with it: every page session and API token of
    the account ends too (its /counter sockets close within COUNTER_SESSION_CHECK_S). The
    "user_password_reset" Event keeps who and when, never the password or its hash."""
    check_password(password)
    _user(user_id)  # a wrong id is 404 before the hash costs anything
    password_hash = (run or _call)(hasher.hash, password)
    with database.atomic():
        user = _user(user_id)
        User.update(password_hash=password_hash).where(User.id == user.id).execute()
        end_page_sessions(user.id)
        revoked = revoke_user_tokens(user.id, clock=clock)
        event = record_change(
            "user_password_reset",
            actor_id=actor_id,
            subject=_subject(user),
            before=None,
            after=None,
            at=clock(),
            tokens_revoked=revoked,
            sessions_ended=True,
        )
    bus.publish(event)
    return User.get_by_id(user_id)


def _user(user_id: int) -> User:
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound(f"no user {user_id}")
    return user


def _subject(user: User) -> tuple[str, int, str]:
    return ("user", user.id, user.username)


def _set_role(user: User, role: str, *, actor_id: int | None, at) -> Event:
    if role != "admin":
        _refuse_losing_last_admin(user, "demoted")
    before = user_snapshot(user)
    User.update(role=role).where(User.id == user.id).execute()
    user.role = role
    return record_change(
        "user_changed", actor_id=actor_id, subject=_subject(user), before=before, after=user_snapshot(user), at=at
    )


def _enable(user: User, *, actor_id: int | None, at) -> Event:
    before = user_snapshot(user)
    User.update(active=True).where(User.id == user.id).execute()
    user.active = True
    return record_change(
        "user_enabled", actor_id=actor_id, subject=_subject(user), before=before, after=user_snapshot(user), at=at
    )


def _refuse_losing_last_admin(user: User, what: str) -> None:
    """The office keeps at least one active admin, or nobody could set it up any more (nor
    add an admin: only the command line could). On PostgreSQL the active admins' rows are
    locked first, so two admins demoting each other at once cannot both succeed; SQLite's
    write transactions run one at a time anyway."""
    if user.role != "admin" or not user.active:
        return
    admins = User.select(User.id).where((User.role == "admin") & User.active).order_by(User.id)
    if getattr(database.obj, "for_update", False):
        admins = admins.for_update()
    if not [admin for admin in admins if admin.id != user.id]:
        raise Conflict(
            f"{user.username} is the last active admin and cannot be {what}: make another user admin first",
            code="last_admin",
        )


def _field(name: str, check, value):
    """check(value), its InvalidInput naming the field `name` (for the page to place it)."""
    try:
        return check(value)
    except InvalidInput as error:
        raise InvalidInput(error.message, code=error.code, field=name) from None


def _on_field(error, name: str):
    """A Conflict about one input (a taken username): the answer names it, as a 400 does."""
    error.field = name
    return error


# --- Disabling an account -------------------------------------------------------------------


def disable_user(username: str, *, actor_id: int | None = None, clock: Clock, bus: EventBus) -> User:
    """The account can no longer log in, and is out at once everywhere: every page session
    (the epoch moves on) and every API token ends, and its /counter sockets close (the
    "user_disabled" event, actor = the disabled user, details.by = who disabled it). The last
    active admin cannot be disabled (Conflict). One transaction; published after the commit."""
    with database.atomic():
        user = User.get_or_none(User.username == login_name(username))
        if user is None:
            raise NotFound(f"no user {username!r}")
        event = _disable(user, actor_id=actor_id, clock=clock)
    bus.publish(event)
    return User.get_by_id(user.id)


def _disable(user: User, *, actor_id: int | None, clock: Clock) -> Event:
    """Disable inside the caller's transaction. Its Event is a change like the others (what,
    id, name, changes) but its actor is the disabled user, as the /counter namespace expects
    (it closes the actor's sockets); who did it is details.by."""
    _refuse_losing_last_admin(user, "disabled")
    before = user_snapshot(user)
    User.update(active=False).where(User.id == user.id).execute()
    user.active = False
    end_page_sessions(user.id)
    revoked = revoke_user_tokens(user.id, clock=clock)
    return Event.create(
        at=clock(),
        kind="user_disabled",
        actor=user.id,
        details={
            "what": "user",
            "id": user.id,
            "name": user.username,
            "changes": changed_fields(before, user_snapshot(user)),
            "by": actor_id,
            "tokens_revoked": revoked,
        },
    )
