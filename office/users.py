"""Office staff accounts: officers, supervisors and admins, with hashed passwords (Argon2)."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from office.db import database
from office.errors import Conflict, InvalidInput
from office.models import User

_hasher = PasswordHasher()
# Verifying against this keeps a wrong username as slow as a wrong password.
_DUMMY_HASH = _hasher.hash("not a real password")


def add_user(username: str, password: str, role: str) -> User:
    """Create a staff account. Usernames are unique; passwords need 8+ characters."""
    username = (username or "").strip()
    if not username or len(username) > 80:
        raise InvalidInput("username must be 1 to 80 characters")
    if role not in User.ROLES:
        raise InvalidInput(f"role must be one of {', '.join(User.ROLES)}")
    if len(password or "") < 8:
        raise InvalidInput("password must be at least 8 characters")
    with database.atomic():
        if User.select().where(User.username == username).exists():
            raise Conflict(f"user {username!r} already exists", code="user_exists")
        return User.create(username=username, password_hash=_hasher.hash(password), role=role)


def authenticate(username: str, password: str, *, run=None) -> User | None:
    """The active user with these credentials, or None.

    Checking a hash costs ~0.1 s of CPU; `run(fn, *args)` may move it off an event loop.
    """
    user = User.get_or_none((User.username == username) & User.active)
    stored = user.password_hash if user else _DUMMY_HASH
    ok = (run or _call)(_matches, stored, password)
    return user if ok and user else None


def _matches(stored_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _call(fn, *args):
    return fn(*args)
