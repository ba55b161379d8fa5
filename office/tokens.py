"""The API's bearer tokens and logging out: the rules, without Flask.

A token is signed by the web layer (counter/auth.py) and names a row here (ApiToken); the row
is what lets logging out, or being disabled, end a token before it expires: a signature alone
cannot be taken back. Logging out writes an Event ("logged_out", actor = the user) in the same
transaction and publishes it after the commit, so the live channels close that user's sockets.
"""

from datetime import timedelta

from office.clock import Clock
from office.db import database
from office.errors import Unauthorized
from office.events import EventBus
from office.models import ApiToken, Event, User


def create_token(user: User, *, ttl_s: int, clock: Clock) -> ApiToken:
    """A new token row for `user`, valid for `ttl_s` seconds from now."""
    now = clock()
    return ApiToken.create(user=user, issued_at=now, expires_at=now + timedelta(seconds=ttl_s))


def token_user(token_id, user_id, *, clock: Clock) -> User:
    """The user of a live token: it exists, belongs to `user_id`, is neither revoked nor
    expired, and its user is active. Unauthorized otherwise."""
    if not isinstance(token_id, int) or not isinstance(user_id, int):
        raise Unauthorized("this token is from before tokens could be revoked; log in again", code="token_outdated")
    token = ApiToken.get_or_none((ApiToken.id == token_id) & (ApiToken.user == user_id))
    if token is None or token.revoked_at is not None:
        raise Unauthorized("the token has been revoked (logged out); log in again", code="token_revoked")
    if token.expires_at <= clock():
        raise Unauthorized("the token has expired; log in again", code="token_expired")
    user = User.get_or_none((User.id == user_id) & User.active)
    if user is None:
        raise Unauthorized("the token's user no longer exists or is disabled")
    return user


def revoke_token(token_id: int, *, clock: Clock) -> None:
    """That one token no longer works (it stays on record, with when it was revoked)."""
    ApiToken.update(revoked_at=clock()).where((ApiToken.id == token_id) & ApiToken.revoked_at.is_null()).execute()


def revoke_user_tokens(user_id: int, *, clock: Clock) -> int:
    """Every live token of the user no longer works; how many there were."""
    return (
        ApiToken.update(revoked_at=clock()).where((ApiToken.user == user_id) & ApiToken.revoked_at.is_null()).execute()
    )


def end_page_sessions(user_id: int) -> None:
    """Every page session of the user ends: the session id holds the epoch, which moves on."""
    User.update(session_epoch=User.session_epoch + 1).where(User.id == user_id).execute()


def log_out(user: User, *, token_id: int | None = None, clock: Clock, bus: EventBus) -> Event:
    """Log `user` out. With `token_id` (they used a bearer token): that token ends. Without
    (they used a page): every page session and every token of theirs ends, and their /counter
    sockets close. One transaction, with its "logged_out" Event; published after the commit."""
    with database.atomic():
        if token_id is not None:
            revoke_token(token_id, clock=clock)
            details = {"token_id": token_id}
        else:
            end_page_sessions(user.id)
            details = {"tokens_revoked": revoke_user_tokens(user.id, clock=clock), "sessions_ended": True}
        event = Event.create(at=clock(), kind="logged_out", actor=user.id, details=details)
    bus.publish(event)
    return event
