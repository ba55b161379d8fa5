"""Bearer tokens for the API: signed, with expiry, checked against the user's current role."""

from functools import wraps

from flask import current_app, g, request
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from office.errors import Forbidden, Unauthorized
from office.models import User

STAFF = ("officer", "supervisor", "admin")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="onewindow-api-token")


def issue_token(user: User) -> str:
    return _serializer().dumps({"uid": user.id})


def user_from_token(token: str) -> User:
    try:
        payload = _serializer().loads(token, max_age=current_app.config["TOKEN_TTL_S"])
    except SignatureExpired as error:
        raise Unauthorized("the token has expired; log in again", code="token_expired") from error
    except BadSignature as error:
        raise Unauthorized("the token is not valid; log in again") from error
    user = User.get_or_none((User.id == payload.get("uid")) & User.active)
    if user is None:
        raise Unauthorized("the token's user no longer exists or is disabled")
    return user


def require_role(*roles: str):
    """Decorator: the request needs `Authorization: Bearer <token>` of a user with one of roles."""

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            scheme, _, token = request.headers.get("Authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not token.strip():
                raise Unauthorized("this needs Authorization: Bearer <token> (POST /api/v1/login)")
            user = user_from_token(token.strip())
            if user.role not in roles:
                raise Forbidden(f"a {user.role} may not do this")
            g.user = user
            return view(*args, **kwargs)

        return wrapped

    return decorate
