"""GET /healthz, for monitoring: is this server able to run the office right now?

No login and no secrets (no database URL, no printer address, no error text that could name
them): whether each part works, and a figure or two to watch. 200 when every part is ok, 503
otherwise, so a plain HTTP check (curl --fail, a load balancer, Uptime Kuma) needs no parsing.

- database: it answers, and its schema is this code's ("current"; "pending" after an upgrade
  of OneWindow until `onewindow db upgrade`; "newer"; "empty"), and how long reading that took.
- spool: the tickets waiting to print; not ok while a job has failed and waits (a printer off,
  out of paper), or while one has waited SPOOL_STALE_S without a try (the spool is not running).
- sockets: Flask-SocketIO's async mode, whether a message queue is configured (several
  processes), and the Engine.IO connections open on this process.
"""

import time
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as package_version

from flask import Blueprint, current_app, jsonify
from peewee import DatabaseError, fn

from office import migrations
from office.db import database
from office.models import PrintJob

bp = Blueprint("health", __name__)

SPOOL_STALE_S = 120  # the spool tries every job within seconds of its time, unless it is not running


@bp.get("/healthz")
def healthz():
    return _answer(database_health())


# The application connects to the database before every request: when it cannot, the error
# comes from there, before the view runs, and is still this page's answer.
@bp.errorhandler(DatabaseError)
def no_database(_error):
    return _answer(UNREACHABLE)


UNREACHABLE = {"ok": False, "schema": None, "error": "cannot reach the database"}


def _answer(database_part: dict):
    parts = {"database": database_part}
    parts["spool"] = spool_health() if database_part is not UNREACHABLE else {"ok": False, "error": "no database"}
    parts["sockets"] = sockets_health()
    ok = all(part["ok"] for part in parts.values())
    return jsonify({"ok": ok, **parts, "version": _version()}), (200 if ok else 503)


def database_health() -> dict:
    started = time.perf_counter()
    try:
        state = migrations.status().state
    except DatabaseError:
        return UNREACHABLE
    latency_ms = round((time.perf_counter() - started) * 1000, 1)
    return {"ok": state == migrations.CURRENT, "schema": state, "latency_ms": latency_ms}


def spool_health() -> dict:
    now = current_app.config["CLOCK"]()
    try:
        with database.connection_context():
            waiting = PrintJob.select().where(PrintJob.status != PrintJob.DONE)
            failing = sorted({job.printer for job in waiting.where(PrintJob.last_error.is_null(False))})
            pending = waiting.count()
            due = waiting.select(fn.MIN(PrintJob.next_attempt_at)).scalar()
    except DatabaseError:
        return {"ok": False, "error": "cannot read the print queue"}
    overdue_s = max(0, round((now - _as_datetime(due)).total_seconds())) if due is not None else 0
    return {
        "ok": not failing and overdue_s < SPOOL_STALE_S,
        "pending": pending,
        "failing_printers": failing,
        "overdue_s": overdue_s,
    }


def sockets_health() -> dict:
    socketio = current_app.extensions["socketio"]
    engineio = getattr(socketio.server, "eio", None)
    return {
        "ok": socketio.server is not None,
        "async_mode": socketio.async_mode,
        "message_queue": bool(current_app.config.get("MESSAGE_QUEUE")),
        "clients": len(engineio.sockets) if engineio is not None else None,
    }


def _as_datetime(value):
    """MIN() of a timestamp column comes back as stored (milliseconds): the field makes it a time."""
    return PrintJob.next_attempt_at.python_value(value) if isinstance(value, int) else value


def _version() -> str:
    try:
        return package_version("onewindow")
    except PackageNotFoundError:
        return "unknown"
