"""Staff pages: log in and out, the officer's counter screen (/counter) and the supervisor's
live view (/supervisor). Both pages draw themselves from the JSON API (with the session cookie
and the page's CSRF token) and the Socket.IO namespace /counter."""

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request, session, url_for
from flask_babel import force_locale, gettext
from flask_login import current_user, login_required, login_user, logout_user

from counter.auth import SUPERVISORS, StaffMember
from counter.forms import LoginForm
from counter.logins import check_login
from office.errors import TooManyAttempts
from office.tokens import log_out

bp = Blueprint(
    "counter_pages",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/counter/static",
)


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        try:
            user = check_login(form.username.data, form.password.data)
        except TooManyAttempts as refused:
            error, status = refused.message, 429
        else:
            if user is not None:
                # A new session, not the one from before the login: whatever an attacker may
                # have planted in it (a known CSRF token, a session they hold a copy of) is gone.
                session.clear()
                login_user(StaffMember(user))
                return redirect(_safe_next(request.args.get("next")) or _home(user.role))
            error, status = "Wrong username or password.", 401
    elif request.method == "POST":
        error, status = "Please fill in both fields (and reload the page if it was open for long).", 400
    return render_template("counter/login.html", form=form, error=error), status


@bp.post("/logout")
@login_required
def logout():
    """Out everywhere: every page session and API token of the user ends, and their /counter
    sockets are disconnected (the "logged_out" event)."""
    log_out(current_user.user, clock=current_app.config["CLOCK"], bus=current_app.extensions["onewindow.events"])
    logout_user()
    return redirect(url_for("counter_pages.login"))


@bp.get("/counter")
@login_required
def counter_screen():
    return _staff_page("counter/counter.html")


@bp.get("/supervisor")
@login_required
def supervisor_view():
    if current_user.role not in SUPERVISORS:
        abort(403)
    return _staff_page("counter/supervisor.html", supervisor_strings)


def staff_strings() -> dict[str, str]:
    """The staff pages' words for their scripts, in the current locale (the pages write Khmer
    and English side by side). Placeholders: {number}, {service}, {duration}, {n}."""
    return {
        "called": gettext("Called"),
        "serving": gettext("Serving"),
        "since_called": gettext("since called"),
        "since_started": gettext("since started"),
        "idle": gettext("Press Call next (N)"),
        "idle_paused": gettext("Paused — press Resume (P)"),
        "nobody_waiting": gettext("Nobody is waiting for this counter's services."),
        "transferred": gettext("%(number)s sent to %(service)s.", number="{number}", service="{service}"),
        "not_done": gettext("Not done:"),
        "unreachable": gettext("No answer from the server:"),
        "no_answer": gettext("The server did not answer; showing what it says now."),
        "retrying": gettext("The server did not answer; trying again…"),
        "paused": gettext("Paused"),
        "open": gettext("Open"),
        "free": gettext("Free"),
        "no_services": gettext("No services"),
        "services_button": gettext("Services…"),
        "call_button": gettext("Call out of order…"),
        "officer_here": gettext("Officer at this counter"),
        "must_be_free": gettext("The counter must be open and free"),
        "target_min": gettext("%(count)s min", count="{n}"),
        "waiting_for": gettext("%(number)s · waiting %(duration)s", number="{number}", duration="{duration}"),
        "priority": gettext("★ priority"),
        "choose_ticket": gettext("Choose a waiting ticket."),
        "reason_required": gettext("A reason is required."),
        "login_guessing": gettext(
            "%(username)s: %(attempts)s wrong or refused logins from %(addresses)s addresses",
            username="{username}",
            attempts="{attempts}",
            addresses="{addresses}",
        ),
    }


def supervisor_strings() -> dict[str, str]:
    """The supervisor's view's own words, on top of staff_strings(): the event log's check and
    the payment-asked signal. Placeholders: {time}, {n}, {seq}."""
    return {
        "event_log": gettext("Event log"),
        "verify_now": gettext("Verify now"),
        "verifying": gettext("Verifying…"),
        "never_verified": gettext("Never verified"),
        "verified_intact": gettext("Last verified: %(time)s — intact (%(count)s events)", time="{time}", count="{n}"),
        "log_broken": gettext("Event log BROKEN at #%(seq)s:", seq="{seq}"),
        "log_broken_somewhere": gettext("Event log BROKEN:"),
        "payment_asked": gettext("Payment asked beyond the official fee"),
    }


def _staff_page(template: str, extra_strings=None):
    text = {}
    for lang in ("km", "en"):
        with force_locale(lang):
            text[lang] = staff_strings()
            if extra_strings is not None:
                text[lang].update(extra_strings())
    response = make_response(render_template(template, page_config=_page_config(), text=text))
    # Never from a cache: after logging out, Back must not show the page (and its CSRF token).
    response.headers["Cache-Control"] = "no-store"
    return response


def _page_config() -> dict:
    """What the page's script needs to know before its first request. No token: the page's
    requests carry the session cookie, and its changes the CSRF token from the meta tag."""
    user = current_user.user
    return {
        "officeName": current_app.config["OFFICE_NAME"],
        "timezone": current_app.config["TIMEZONE"],
        "user": {"id": user.id, "username": user.username, "role": user.role},
        "api": "/api/v1",
        "namespace": "/counter",
    }


def _home(role: str) -> str:
    return "/supervisor" if role in ("supervisor", "admin") else "/counter"


def _safe_next(target: str | None) -> str | None:
    """Only a path on this server (no open redirect to another site)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target
