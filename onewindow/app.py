"""The app factory: the one place that knows every area."""

import os
import sys

from argon2 import PasswordHasher
from flask import Flask, request
from flask.json.provider import DefaultJSONProvider
from flask_babel import Babel
from flask_socketio import SocketIO
from flask_wtf.csrf import CSRFProtect

import admin
import counter
import display
import kiosk
import printer
import reports
from counter.auth import authorize, staff_user_if_any
from office.clock import Clock
from office.db import database, open_database
from office.events import EventBus
from office.network import client_address
from onewindow import config, contract, errors, headers, office_settings, sockets
from onewindow.contract import ContractFlask

# Interface text in the citizen's language: Khmer unless a page is asked for English with
# ?lang=en. Catalogues: onewindow/translations/<lang>/LC_MESSAGES/messages.po (compiled by scripts/setup,
# and into the package when it is built).
LANGUAGES = ("km", "en")
TRANSLATIONS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "translations")


def create_app(test_config=None) -> Flask:
    # The instance folder holds the SQLite file, the secret key and printed tickets.
    instance_path = os.environ.get("ONEWINDOW_INSTANCE_PATH")
    app = ContractFlask("onewindow", instance_relative_config=True, instance_path=instance_path)
    config.load(app, test_config)
    app.json = _JSONProvider(app)
    # The app's own clock, password hasher (Argon2 at production cost) and event bus: the
    # engine and the accounts are handed these, never a global. Tests put cheaper ones in
    # test_config.
    app.config.setdefault("CLOCK", Clock(app.config["TIMEZONE"]))
    app.config.setdefault("PASSWORD_HASHER", PasswordHasher())
    app.extensions["onewindow.events"] = EventBus()

    open_database(app.config["DATABASE_URL"])

    @app.before_request
    def _connect():
        database.connect(reuse_if_open=True)

    @app.teardown_request
    def _close(_exc):
        if not database.is_closed():
            database.close()

    office_settings.init_app(app)  # the administrator's settings over the configuration's

    async_mode = app.config["ASYNC_MODE"] or _detected_async_mode()
    socketio = SocketIO(app, async_mode=async_mode, message_queue=app.config["MESSAGE_QUEUE"])
    app.extensions["onewindow.run_blocking"] = _blocking_runner(async_mode)
    # For the areas' rules that count per address or treat staff differently (an area does
    # not import another: the application hands them these).
    app.extensions["onewindow.client_address"] = lambda: client_address(
        request.remote_addr, request.headers.get("X-Forwarded-For"), app.config["TRUSTED_PROXIES"]
    )
    app.extensions["onewindow.staff_user"] = staff_user_if_any
    errors.init_app(app)
    headers.init_app(app)  # CSP, no framing, no-store: onewindow/headers.py
    contract.init_app(app, authorize=authorize)  # before the areas: their routes use its converters
    Babel(app, locale_selector=_chosen_language, default_translation_directories=TRANSLATIONS)
    kiosk.init_app(app, socketio)
    counter.init_app(app, socketio)
    display.init_app(app, socketio)
    admin.init_app(app, socketio)
    reports.init_app(app, socketio)
    printer.init_app(app)
    sockets.limit_client_events(socketio)  # after the areas: every namespace (onewindow/sockets.py)

    from onewindow.frontend import bp as frontend_bp
    from onewindow.health import bp as health_bp
    from onewindow.home import bp as home_bp
    from onewindow.openapi import bp as openapi_bp
    from onewindow.vendor import bp as vendor_bp

    app.register_blueprint(openapi_bp)
    app.register_blueprint(vendor_bp)
    app.register_blueprint(frontend_bp)
    app.register_blueprint(home_bp)
    app.register_blueprint(health_bp)  # GET /healthz, for monitoring
    _protect_forms(app)
    return app


def _chosen_language() -> str:
    lang = request.args.get("lang", "")
    return lang if lang in LANGUAGES else LANGUAGES[0]


def _protect_forms(app) -> None:
    """CSRF tokens on every page form. The JSON API is exempt here because it checks for
    itself: a bearer token is no cookie, and a page session must send X-CSRFToken."""
    csrf = CSRFProtect(app)
    for name, blueprint in app.blueprints.items():
        if name.endswith("_api"):
            csrf.exempt(blueprint)


class _JSONProvider(DefaultJSONProvider):
    """UTF-8 JSON in the order written; hostile nesting is bad input, not a crash."""

    ensure_ascii = False
    sort_keys = False

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError as error:
            raise ValueError("JSON nested too deeply") from error


def _blocking_runner(async_mode: str):
    """How to run CPU-heavy work (password hashing) without stalling every other client:
    on eventlet, in its pool of real threads; on threads, right here."""
    if async_mode == "eventlet":
        from eventlet import tpool

        def run(fn, *args, **kwargs):
            lent = None if database.is_closed() else database.connection()
            return tpool.execute(_with_lent_connection, lent, fn, *args, **kwargs)

        return run
    return lambda fn, *args, **kwargs: fn(*args, **kwargs)


def _with_lent_connection(lent, fn, *args, **kwargs):
    """In tpool's real thread: the calling request's own connection, lent while the request
    waits for the work and given back untouched (not closed). Opening and closing connections
    there instead took peewee's connection and pool locks, green locks that a real thread
    cannot wait on: when a request greenlet and a worker met on one, the waiter was never
    woken ("Cannot switch to a different thread") and the server hung."""
    if lent is None:
        return fn(*args, **kwargs)
    state = database.obj._state  # this thread's: it holds no connection of its own
    state.set_connection(lent)
    try:
        return fn(*args, **kwargs)
    finally:
        state.reset()


def _detected_async_mode() -> str:
    """eventlet when `onewindow serve` has monkey-patched the process, else threads."""
    eventlet = sys.modules.get("eventlet")
    if eventlet is not None and eventlet.patcher.is_monkey_patched("socket"):
        return "eventlet"
    return "threading"
