"""Staff pages: log in and out (the counter screen and the supervisor's view come here too)."""

from urllib.parse import urlsplit

from flask import Blueprint, current_app, redirect, render_template, request, url_for
from flask_login import login_required, login_user, logout_user

from counter.auth import StaffMember
from counter.forms import LoginForm
from office.errors import TooManyAttempts
from office.users import authenticate

bp = Blueprint("counter_pages", __name__, template_folder="templates")


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    error, status = None, 200
    if form.validate_on_submit():
        try:
            user = authenticate(
                form.username.data,
                form.password.data,
                client=request.remote_addr or "",
                clock=current_app.config["CLOCK"],
                run=current_app.extensions["onewindow.run_blocking"],
            )
        except TooManyAttempts as refused:
            error, status = refused.message, 429
        else:
            if user is not None:
                login_user(StaffMember(user))
                return redirect(_safe_next(request.args.get("next")) or _home(user.role))
            error, status = "Wrong username or password.", 401
    elif request.method == "POST":
        error, status = "Please fill in both fields (and reload the page if it was open for long).", 400
    return render_template("counter/login.html", form=form, error=error), status


@bp.post("/logout")
@login_required
def logout():
    logout_user()
    return redirect(url_for("counter_pages.login"))


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
