"""Fixtures: a fresh office database (SQLite, and PostgreSQL where one is reachable), a fake
clock, and a fresh app with its test client."""

import os
import socket
import uuid
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher

from office import engine
from office.clock import FakeClock
from office.db import database, open_database
from office.events import EventBus
from office.models import Counter, CounterService, Service, User, create_schema

POSTGRES_ADMIN_URL = os.environ.get("ONEWINDOW_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _postgres_reachable() -> str | None:
    """None if PostgreSQL answers, else the reason it is skipped."""
    try:
        import psycopg2
    except ImportError:
        return "psycopg2 is not installed (pip install -e '.[test]')"
    try:
        psycopg2.connect(POSTGRES_ADMIN_URL, connect_timeout=2).close()
    except psycopg2.OperationalError as error:
        first_line = str(error).strip().splitlines()[0] if str(error).strip() else "no answer"
        return f"no PostgreSQL at {POSTGRES_ADMIN_URL} ({first_line}); set ONEWINDOW_TEST_POSTGRES_URL"
    return None


@pytest.fixture(scope="session")
def postgres_url():
    """A throw-away PostgreSQL database for this test session."""
    reason = _postgres_reachable()
    if reason:
        if os.environ.get("ONEWINDOW_REQUIRE_POSTGRES"):
            pytest.fail(reason)
        pytest.skip(reason)
    import psycopg2

    name = f"onewindow_test_{uuid.uuid4().hex[:12]}"
    admin = psycopg2.connect(POSTGRES_ADMIN_URL)
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    base = POSTGRES_ADMIN_URL.rsplit("/", 1)[0]
    yield f"{base}/{name}"
    if database.obj is not None:
        database.close()
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request, tmp_path):
    """The URL of an empty database, once per supported engine."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'office.sqlite3'}"
    url = request.getfixturevalue("postgres_url")
    empty_postgres(url)
    return url


def empty_postgres(url: str) -> None:
    """Every table of the test database gone, migration history included."""
    open_database(url)
    with database.connection_context():
        database.execute_sql("DROP SCHEMA public CASCADE")
        database.execute_sql("CREATE SCHEMA public")


@pytest.fixture
def db(database_url):
    """An open connection to a fresh office schema."""
    open_database(database_url)
    create_schema()
    database.connect(reuse_if_open=True)
    yield database
    database.close()


@pytest.fixture
def clock():
    """09:00 in Phnom Penh on 25 November 2026 (02:00 UTC); moves only when told."""
    return FakeClock(datetime(2026, 11, 25, 2, 0, tzinfo=UTC), "Asia/Phnom_Penh")


@pytest.fixture
def office(db):
    """A small office: civil documents (A), land (B), transport (C); counter 1 serves A and B,
    counter 2 serves B and C."""
    civil = Service.create(
        prefix="A",
        name_en="Certified copy",
        name_km="នីត្យានុកូលកម្ម",
        group_en="Administration",
        group_km="រដ្ឋបាល",
        fee_riel=1000,
    )
    land = Service.create(
        prefix="B", name_en="Land transfer", name_km="ការផ្ទេរសិទ្ធិ", group_en="Land", group_km="ដីធ្លី", fee_riel=50000
    )
    transport = Service.create(
        prefix="C",
        name_en="Driving licence",
        name_km="ប័ណ្ណបើកបរ",
        group_en="Transport",
        group_km="ដឹកជញ្ជូន",
        fee_riel=30000,
    )
    one = Counter.create(name="Counter 1")
    two = Counter.create(name="Counter 2")
    for counter, services in ((one, (civil, land)), (two, (land, transport))):
        for service in services:
            CounterService.create(counter=counter, service=service)
    # The staff member at the reception desk who gives priority tickets (elderly, disabled).
    desk = User.create(username="reception", password_hash="-", role="officer")
    return type(
        "Office",
        (),
        {
            "civil": civil,
            "land": land,
            "transport": transport,
            "one": one,
            "two": two,
            "desk": engine.Issuer(user_id=desk.id),
        },
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def bus():
    """A fresh event bus, as each app has its own; subscribe to it to see what was published."""
    return EventBus()


@pytest.fixture(scope="session")
def hasher():
    """Argon2 at its production cost takes ~0.1 s a hash; tests use the cheapest settings."""
    return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture
def app_on(clock, hasher):
    """app_on(database_url) -> an app for tests on that database (the fake clock, a cheap
    hasher, threads, and live updates sent at once)."""
    from onewindow import create_app

    def make(database_url: str):
        return create_app(
            {
                "TESTING": True,
                "DATABASE_URL": database_url,
                "SECRET_KEY": "test-secret",
                "CLOCK": clock,
                "PASSWORD_HASHER": hasher,
                "ASYNC_MODE": "threading",
                "DISPLAY_WAITING_DELAY_S": 0,
                "COUNTER_WAITING_DELAY_S": 0,
                # Sent at once, in the request: no background sender outlives its test.
                "KIOSK_WAITING_DELAY_S": 0,
                "TICKET_STATUS_DELAY_S": 0,
                "COUNTER_SESSION_CHECK_S": 0,  # no background checker outlives its test either
            }
        )

    return make


@pytest.fixture
def app(database_url, app_on, hasher):
    """A fresh app on an empty database with the demo office and its users."""
    from office.demo import load_demo_office

    app = app_on(database_url)
    create_schema()
    with database.connection_context():
        load_demo_office(hasher=hasher)
    return app


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def login(client):
    """login("officer1") -> headers with that demo user's bearer token."""

    def _login(username: str = "officer1") -> dict:
        from office.demo import DEMO_PASSWORD

        response = client.post("/api/v1/login", json={"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 200, response.json
        return {"Authorization": f"Bearer {response.json['token']}"}

    return _login


@pytest.fixture
def enrol_kiosk(clock, bus):
    """enrol_kiosk(name="hall", offers_priority=False) -> the device key of an enrolled kiosk,
    as if an administrator had enrolled it and its page had opened the link (send it as
    X-Kiosk-Key). Works with the `db` and the `app` fixtures."""
    from office import kiosks

    def _enrol(name: str = "hall", offers_priority: bool = False) -> str:
        _kiosk, code = kiosks.enrol(name, offers_priority=offers_priority, clock=clock, bus=bus)
        _kiosk, key = kiosks.redeem(code, clock=clock, bus=bus)
        return key

    return _enrol
