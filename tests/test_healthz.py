"""GET /healthz: 200 with every part ok, 503 naming the part that is not (the database
unreachable or not upgraded, a printer failing, the spool not running); no login, no
secrets, never cached."""

import pytest

from office import engine
from office.db import database
from office.models import PrintJob
from tests.test_upgrade import database_of_0_1


def test_a_working_office_is_healthy(client, app):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json
    body = response.json
    assert body["ok"] is True
    assert body["database"]["ok"] is True and body["database"]["schema"] == "current"
    assert 0 <= body["database"]["latency_ms"] < 1000
    assert body["spool"] == {"ok": True, "pending": 0, "failing_printers": [], "overdue_s": 0}
    assert body["sockets"] == {"ok": True, "async_mode": "threading", "message_queue": False, "clients": 0}
    assert body["version"]
    assert response.headers["Cache-Control"] == "no-store"
    assert app.config["SECRET_KEY"] not in response.text
    assert app.config["DATABASE_URL"].split("/")[-1] not in response.text  # not even the database's name


@pytest.fixture
def a_ticket_to_print(app, clock):
    with database.connection_context():
        engine.issue(1, printer="hall", clock=clock, bus=app.extensions["onewindow.events"])


def test_a_failing_printer_makes_it_unhealthy(client, a_ticket_to_print):
    assert client.get("/healthz").json["spool"]["pending"] == 1  # waiting its turn is fine
    with database.connection_context():
        PrintJob.update(last_error="printer out of paper", attempts=1).execute()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["ok"] is False and response.json["database"]["ok"] is True
    assert response.json["spool"]["ok"] is False and response.json["spool"]["failing_printers"] == ["hall"]
    assert "out of paper" not in response.text  # the reason is on the staff's pages, not here


def test_a_spool_that_does_not_run_makes_it_unhealthy(client, a_ticket_to_print, clock):
    clock.advance(minutes=10)  # the job has waited ten minutes without being tried
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["spool"]["ok"] is False and response.json["spool"]["overdue_s"] == 600


def test_a_database_not_yet_upgraded_makes_it_unhealthy(tmp_path, app_on):
    client = app_on(f"sqlite:///{database_of_0_1(tmp_path)}").test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"]["ok"] is False and response.json["database"]["schema"] == "pending"


def test_an_unreachable_database_makes_it_unhealthy_without_a_traceback(tmp_path, app_on):
    client = app_on(f"sqlite:///{tmp_path / 'gone' / 'office.sqlite3'}").test_client()
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json["database"] == {"ok": False, "schema": None, "error": "cannot reach the database"}
    assert response.json["spool"]["ok"] is False and response.json["sockets"]["ok"] is True
    assert "gone" not in response.text and response.headers["Cache-Control"] == "no-store"
