"""Who is asking: staff log in on a page (a session cookie, Flask-Login, CSRF-checked) or on
the API (a signed bearer token with an expiry). Both reach the same role checks."""

from flask import current_app, g, request
from flask_login import LoginManager, UserMixin, current_user
from flask_wtf.csrf import validate_csrf
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from wtforms import ValidationError

from office.errors import Forbidden, Unauthorized
from office.models import User
from office.roles import STAFF, SUPERVISORS  # noqa: F401  (the areas' role checks import them here)
from office.tokens import create_token, end_page_sessions, token_user

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

login_manager = LoginManager()
login_manager.login_view = "counter_pages.login"
login_manager.login_message = None  # the login page says what it needs to


class StaffMember(UserMixin):
    """A logged-in staff account, as Flask-Login holds it in the session."""

    def __init__(self, user: User):
        self.user = user
        self.id = f"{user.id}:{user.session_epoch}"

    @property
    def role(self) -> str:
        return self.user.role


@login_manager.user_loader
def _load(session_id: str):
    user_id, _, epoch = session_id.partition(":")
    if not (user_id.isdigit() and epoch.isdigit()):
        return None
    user = User.get_or_none((User.id == int(user_id)) & User.active & (User.session_epoch == int(epoch)))
    return StaffMember(user) if user else None


def end_sessions(user: User) -> None:
    """Every page session of this user ends (logout): their cookies no longer load them."""
    end_page_sessions(user.id)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="onewindow-api-token")


def issue_token(user: User) -> str:
    """A signed bearer token naming its ApiToken row ("tid"), which logging out revokes."""
    clock = current_app.config["CLOCK"]
    row = create_token(user, ttl_s=current_app.config["TOKEN_TTL_S"], clock=clock)
    return _serializer().dumps({"uid": user.id, "tid": row.id})


def user_from_token(token: str) -> User:
    """The user of a valid, unrevoked, unexpired token (g.api_token_id is its row); tokens
    signed before tokens had rows (no "tid") are refused."""
    try:
        payload = _serializer().loads(token, max_age=current_app.config["TOKEN_TTL_S"])
    except SignatureExpired as error:
        raise Unauthorized("the token has expired; log in again", code="token_expired") from error
    except BadSignature as error:
        raise Unauthorized("the token is not valid; log in again") from error
    if not isinstance(payload, dict):
        raise Unauthorized("the token is not valid; log in again")
    user = token_user(payload.get("tid"), payload.get("uid"), clock=current_app.config["CLOCK"])
    g.api_token_id = payload["tid"]
    return user


def request_user() -> User:
    """The staff member behind this request: a bearer token, else the page session (whose
    changes must carry the page's CSRF token in X-CSRFToken)."""
    header = request.headers.get("Authorization", "")
    if header:
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise Unauthorized("this needs Authorization: Bearer <token> (POST /api/v1/login)")
        return user_from_token(token.strip())
    if current_user.is_authenticated:
        if request.method not in SAFE_METHODS:
            try:
                validate_csrf(request.headers.get("X-CSRFToken"))
            except ValidationError as error:
                raise Forbidden("the page's CSRF token is missing or stale; reload the page", code="csrf") from error
        return current_user.user
    raise Unauthorized("this needs Authorization: Bearer <token> (POST /api/v1/login) or a logged-in page")


def authorize(roles: tuple[str, ...]) -> None:
    """The request's staff member must have one of `roles`; they are `g.user` from here on.
    The application calls this before the view of every operation that declares roles."""
    user = request_user()
    if user.role not in roles:
        raise Forbidden(f"a {user.role} may not do this")
    g.user = user


def staff_user_if_any() -> User | None:
    """The staff member behind this request, if it carries one; None for an anonymous one.
    A bearer token that is sent must be valid (401 otherwise); a page session counts only
    with its CSRF token, so another site cannot act as the logged-in officer."""
    if request.headers.get("Authorization"):
        return request_user()
    if current_user.is_authenticated:
        try:
            return request_user()
        except Forbidden:
            return None
    return None
