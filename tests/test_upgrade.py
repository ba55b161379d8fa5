"""Offices upgrade in place: a database written by the previous release is served as it is.

tests/data/office-0.1.sql is an office database made by OneWindow 0.1 (its `onewindow init
--demo`, then on 30 November 2026: A001 taken at kiosk "hall" with Idempotency-Key v01-key-1,
A002, priority B001 called, served and finished at counter 1 by officer1, and counter 2 on a
break), dumped as SQL. tests/data/schema-0.1.postgresql.json is 0.1's schema on PostgreSQL
(python -m tests.schema_description).

The project has no migrations yet (issue 10 brings them): until then the schema the code
creates must be exactly 0.1's, so a change to office/models.py that alters it fails here. A
schema change ships with its migration, which this test then runs on the 0.1 database.
"""

import json
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from office.clock import FakeClock
from office.db import database, open_database
from office.models import ALL_MODELS, create_schema
from tests.schema_description import describe

DATA = Path(__file__).resolve().parent / "data"


def database_of_0_1(tmp_path) -> Path:
    """A SQLite file as OneWindow 0.1 left it."""
    path = tmp_path / "office-0.1.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript((DATA / "office-0.1.sql").read_text(encoding="utf-8"))
    conn.close()
    return path


def schema_in(path: Path) -> dict:
    db = SqliteDatabase(str(path))
    try:
        return describe(db)
    finally:
        db.close()


@pytest.fixture
def clock():
    """10:00 in Phnom Penh on 30 November 2026, the day of the 0.1 database's tickets."""
    return FakeClock(datetime(2026, 11, 30, 3, 0, tzinfo=UTC), "Asia/Phnom_Penh")


def test_the_code_creates_exactly_the_schema_of_0_1_on_sqlite(tmp_path):
    fresh = tmp_path / "fresh.sqlite3"
    open_database(f"sqlite:///{fresh}")
    create_schema()
    database.close_all()
    assert schema_in(fresh) == schema_in(database_of_0_1(tmp_path))


@pytest.mark.postgres
def test_the_code_creates_exactly_the_schema_of_0_1_on_postgresql(postgres_url):
    open_database(postgres_url)
    with database.connection_context():
        database.drop_tables(ALL_MODELS, safe=True, cascade=True)
    create_schema()
    with database.connection_context():
        assert describe(database.obj) == json.loads((DATA / "schema-0.1.postgresql.json").read_text())


def test_an_office_database_of_0_1_is_served_as_it_is(tmp_path, app_on):
    path = database_of_0_1(tmp_path)
    before = schema_in(path)
    client = app_on(f"sqlite:///{path}").test_client()
    create_schema()  # what `onewindow init` and `serve` do: nothing to add
    database.close_all()
    assert schema_in(path) == before

    # Its tickets, as they were.
    waiting = client.get("/api/v1/tickets/1").json["ticket"]
    assert (waiting["number"], waiting["status"], waiting["ahead"]) == ("A001", "waiting", 0)
    served = client.get("/api/v1/tickets/3").json["ticket"]
    assert (served["number"], served["status"], served["counter_id"]) == ("B001", "done", 1)
    assert client.get("/api/v1/kiosks/hall/printer").json["printer"]["pending"] == 1

    # A retry of a ticket taken under 0.1 gets that ticket; a new one continues the day's numbers.
    retried = client.post("/api/v1/tickets", json={"service_id": 1}, headers={"Idempotency-Key": "v01-key-1"})
    assert (retried.status_code, retried.json["ticket"]["id"]) == (201, 1)
    assert retried.headers["Idempotent-Replayed"] == "true"
    assert client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]["number"] == "A003"

    # Its staff log in with the passwords they had; counters carry on where they were.
    login = client.post("/api/v1/login", json={"username": "officer1", "password": "demo1234"})
    staff = {"Authorization": f"Bearer {login.json['token']}"}
    assert client.get("/api/v1/counters/2", headers=staff).json["counter"]["allowed_actions"] == ["resume"]
    assert client.post("/api/v1/counters/1/next", headers=staff).json["ticket"]["number"] == "A001"

    # Its history still counts in the reports.
    stats = client.get("/api/v1/stats?from=2026-11-30", headers=staff).json
    assert {row["service_id"]: row["served"] for row in stats["services"]} == {1: 0, 2: 1}
