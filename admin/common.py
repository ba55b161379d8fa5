"""What the administration's sections share: the app's clock and event bus, the acting admin,
and how an admin page is drawn (its words in Khmer and English, its settings for its script)."""

from collections.abc import Callable
from functools import wraps

from flask import abort, current_app, make_response, render_template
from flask_babel import force_locale
from flask_login import current_user, login_required

from office.roles import ADMINS


def clock():
    return current_app.config["CLOCK"]


def bus():
    return current_app.extensions["onewindow.events"]


def admin_page(view):
    """A page for administrators only: others logged in get 403, visitors the login page."""

    @wraps(view)
    @login_required
    def checked(*args, **kwargs):
        if current_user.role not in ADMINS:
            abort(403)
        return view(*args, **kwargs)

    return checked


def both_languages(strings: Callable[[], dict[str, str]]) -> dict[str, dict[str, str]]:
    """A page's words from the catalogues in Khmer and in English: staff pages show both."""
    text = {}
    for lang in ("km", "en"):
        with force_locale(lang):
            text[lang] = strings()
    return text


def render_admin_page(template: str, strings: Callable[[], dict[str, str]], **page_settings):
    """An admin page: the template with its words (`text`) and `page_config` (the office, the
    user, the API root, and whatever else its script needs), never cached."""
    user = current_user.user
    page_config = {
        "officeName": current_app.config["OFFICE_NAME"],
        "timezone": current_app.config["TIMEZONE"],
        "user": {"id": user.id, "username": user.username, "role": user.role},
        "api": "/api/v1",
        **page_settings,
    }
    response = make_response(render_template(template, page_config=page_config, text=both_languages(strings)))
    response.headers["Cache-Control"] = "no-store"
    return response
