"""Offices upgrade in place: a database written by the previous release is upgraded by
`onewindow init` (or at `serve`) and served with everything it held.

tests/data/office-0.1.sql is an office database made by OneWindow 0.1 (its `onewindow init
--demo`, then on 30 November 2026: A001 taken at kiosk "hall" with Idempotency-Key v01-key-1,
A002, priority B001 called, served and finished at counter 1 by officer1, and counter 2 on a
break), dumped as SQL; tests/data/office-0.1.postgresql.sql is the same office on PostgreSQL
(pg_dump --inserts of 0.1's schema holding those rows).

The migrations (office/migrations) must bring it to exactly the schema the models create for
a new office: a change to office/models.py without its migration fails here.
"""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from peewee import SqliteDatabase

from office import migrations
from office.clock import FakeClock
from office.db import database, open_database
from office.models import Event, Ticket, User, create_schema
from tests.conftest import empty_postgres
from tests.schema_description import describe

DATA = Path(__file__).resolve().parent / "data"
TICKETS_OF_0_1, EVENTS_OF_0_1, USERS_OF_0_1 = 3, 7, 6


def database_of_0_1(tmp_path) -> Path:
    """A SQLite file as OneWindow 0.1 left it."""
    path = tmp_path / "office-0.1.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript((DATA / "office-0.1.sql").read_text(encoding="utf-8"))
    conn.close()
    return path


def load_postgres_0_1(url: str) -> None:
    empty_postgres(url)
    with database.connection_context():
        database.execute_sql((DATA / "office-0.1.postgresql.sql").read_text(encoding="utf-8"))


def schema_in(path: Path) -> dict:
    db = SqliteDatabase(str(path))
    try:
        return describe(db)
    finally:
        db.close()


def counts() -> tuple[int, int, int]:
    with database.connection_context():
        return Ticket.select().count(), Event.select().count(), User.select().count()


@pytest.fixture
def clock():
    """10:00 in Phnom Penh on 30 November 2026, the day of the 0.1 database's tickets."""
    return FakeClock(datetime(2026, 11, 30, 3, 0, tzinfo=UTC), "Asia/Phnom_Penh")


def test_a_0_1_database_upgraded_on_sqlite_has_exactly_the_schema_of_a_new_office(tmp_path):
    fresh = tmp_path / "fresh.sqlite3"
    open_database(f"sqlite:///{fresh}")
    assert create_schema() == []  # a new office is born at the newest version
    database.close_all()

    old = database_of_0_1(tmp_path)
    open_database(f"sqlite:///{old}")
    assert migrations.pending() == sorted(p.stem for p in Path(migrations.__file__).parent.glob("0*.py"))[1:]
    ran = create_schema()
    assert ran and migrations.pending() == []
    assert create_schema() == []  # and again: nothing left to do
    assert counts() == (TICKETS_OF_0_1, EVENTS_OF_0_1, USERS_OF_0_1)
    database.close_all()
    assert schema_in(old) == schema_in(fresh)


@pytest.mark.postgres
def test_a_0_1_database_upgraded_on_postgresql_has_exactly_the_schema_of_a_new_office(postgres_url):
    empty_postgres(postgres_url)
    create_schema()
    with database.connection_context():
        new_office = describe(database.obj)

    load_postgres_0_1(postgres_url)
    assert migrations.pending()
    assert create_schema()
    assert counts() == (TICKETS_OF_0_1, EVENTS_OF_0_1, USERS_OF_0_1)
    with database.connection_context():
        assert describe(database.obj) == new_office


def test_an_office_database_of_0_1_is_served_after_its_upgrade(tmp_path, app_on):
    path = database_of_0_1(tmp_path)
    client = app_on(f"sqlite:///{path}").test_client()
    assert create_schema()  # what `onewindow init` and `serve` do
    assert migrations.pending() == []

    login = client.post("/api/v1/login", json={"username": "officer1", "password": "demo1234"})
    staff = {"Authorization": f"Bearer {login.json['token']}"}  # its staff keep their passwords

    # Its tickets, as they were.
    waiting = client.get("/api/v1/tickets/1", headers=staff).json["ticket"]
    assert (waiting["number"], waiting["status"], waiting["ahead"]) == ("A001", "waiting", 0)
    served = client.get("/api/v1/tickets/3", headers=staff).json["ticket"]
    assert (served["number"], served["status"], served["counter_id"]) == ("B001", "done", 1)
    assert client.get("/api/v1/kiosks/hall/printer").json["printer"]["pending"] == 1

    # A new ticket continues the day's numbers.
    assert client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]["number"] == "A003"

    # Counters carry on where they were.
    assert client.get("/api/v1/counters/2", headers=staff).json["counter"]["allowed_actions"] == ["resume"]
    assert client.post("/api/v1/counters/1/next", headers=staff).json["ticket"]["number"] == "A001"

    # Its history still counts in the reports.
    stats = client.get("/api/v1/stats?from=2026-11-30", headers=staff).json
    assert {row["service_id"]: row["served"] for row in stats["services"]} == {1: 0, 2: 1}
