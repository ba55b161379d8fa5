"""Offices upgrade in place: a database written by an earlier release is upgraded by
`onewindow init` or `onewindow db upgrade` and served with everything it held.

tests/data/office-0.1.sql is an office database made by OneWindow 0.1 (its `onewindow init
--demo`, then on 30 November 2026: A001 taken at kiosk "hall" with Idempotency-Key v01-key-1,
A002, priority B001 called, served and finished at counter 1 by officer1, and counter 2 on a
break), dumped as SQL; tests/data/office-0.1.postgresql.sql is the same office on PostgreSQL
(pg_dump --inserts of 0.1's schema holding those rows).

tests/data/office-0.2.sql is an office database made by release 0.2 (commit 3fe4f63, migrations
001_initial and 002_security), with 0.2's own code: `git worktree add /tmp/ow/rel02 3fe4f63`,
then tests/data/make_office_0_2.py run there (`cd /tmp/ow/rel02 && PYTHONPATH=/tmp/ow/rel02
python make_office_0_2.py URL`; it asserts that office.__file__ is the worktree's) drove 0.2's
app through its Flask test client, with a FakeClock from 09:00 in Phnom Penh on 1 December 2026
and Argon2 at its production cost: `onewindow init --demo` (the demo office, kiosk "hall"
enrolled and its link redeemed); at 09:00 kiosk hall takes A001 with Idempotency-Key
rel02-key-1 and its retry with the same key gets A001 again; 09:01 A002, A003 (service 1) and
B001 (service 2), keys rel02-key-2..4, all printing on hall; 09:02 a wrong password for
officer1, then officer1, officer2 and supervisor log in (API tokens) and supervisor logs out (a
revoked token); 09:03 officer1 gives the priority ticket C001 (service 3); 09:04 officer1 signs
in at counter 1; 09:05 calls C001, starts it 09:06 and finishes it 09:12; 09:13 calls A001, a
no-show at 09:16; 09:17 calls A002 and at 09:18 transfers it to service 5; 09:20 officer2 calls
A002 at counter 2 (signing in by the call) and starts it at 09:21. Every table then has rows.
The file is `sqlite3 office.sqlite3 .dump`. tests/data/office-0.2.postgresql.sql is the same
script run against a scratch PostgreSQL database (`createdb onewindow_rel02`), dumped with
`pg_dump --inserts --no-owner --no-privileges` and its comment lines, psql's \\restrict lines
and the `set_config('search_path', …)` line removed (grep -v; cat -s), so the test's own
connection can run it.

tests/data/office-0.3.sql is an office database made by release 0.3 (commit 2712aa7, migrations
001_initial, 002_security and 003_administration) the same way: `git worktree add /tmp/ow/rel03
2712aa7`, then tests/data/make_office_0_3.py run there (`cd /tmp/ow/rel03 &&
PYTHONPATH=/tmp/ow/rel03 python make_office_0_3.py URL`; it asserts that office.__file__ is the
worktree's) drove 0.3's app through its Flask test client, with a FakeClock from 09:00 in Phnom
Penh on 2 December 2026, Argon2 at its production cost and the server's ONEWINDOW_TIMEZONE UTC:
`onewindow init --demo` (kiosk "hall" enrolled and its link redeemed); at 09:00 admin, through
0.3's admin API, sets the office's names and its time zone Asia/Phnom_Penh (table setting), the
documents in English and Khmer and the official page of service 1, kiosk hall's printer
(network:192.168.1.50) and 58 mm paper, and names the TV "hall-tv" (table display); kiosk hall
takes A001 with Idempotency-Key rel03-key-1, and its retry gets A001 again; 09:01 A002, A003
(service 1), H001 (service 8) and B001 (service 2), keys rel03-key-2..5; 09:02 a wrong password
for officer1, then officer1, officer2 and supervisor log in; 09:03 officer1 gives the priority
ticket C001 (service 3); 09:04 officer1 signs in at counter 1; 09:05 calls C001, starts it 09:06
and finishes it 09:12; 09:13 calls A001, recalls it 09:15, starts it 09:16 and finishes it 09:20;
09:21 calls A002, a no-show at 09:24; 09:25 calls A003 and at 09:26 transfers it to service 8;
09:27 officer2 calls A003 at counter 2 (signing in by the call) and starts it at 09:28; 09:29
officer1 cancels B001, admin sets service 1's fee from 1000 to 2000 riel (each ticket keeps the
fee it was issued with: fee_riel) and logs out (a revoked token); 09:30 A004, A005 (service 1)
and M001 (service 13), keys rel03-key-6..8; 09:31 supervisor calls A005 at counter 1 out of
order, passing over A004 ("Elderly citizen with a walking stick"); officer1 starts A005 at
09:32; 09:35 officer2 finishes A003; 09:36 calls H001 and starts it at 09:37; 09:40 officer1
finishes A005 and at 09:41 pauses counter 1. So A001, A003, A005 and C001 are done, A002 a
no-show, B001 cancelled, H001 being served, A004 and M001 waiting: six ended tickets, one
transfer, one recall; served on that day, service 1: 2, service 3: 1, service 8: 1. Every table
then has rows. The file is `sqlite3 office.sqlite3 .dump`; tests/data/office-0.3.postgresql.sql
is the same script run against a scratch PostgreSQL database (`createdb onewindow_rel03`),
dumped and cleaned as 0.2's.

tests/data/office-0.4.sql and office-0.4.postgresql.sql are release 0.4's office (commit 8aad714,
migrations 001..004, the reports' figure_cell and figure_duration among them) made the same way
by tests/data/make_office_0_4.py from a worktree of 8aad714: 0.3's story on 2 December 2026
(Idempotency-Keys rel04-key-1..8); then on 3 December at 10:00 a supervisor reads 2 December's
summary, which writes officer_day and officer_day_done rows. Every table then has rows.

The migrations (office/migrations) must bring each to exactly the schema the models create for
a new office: a change to office/models.py without its migration fails here. And an upgrade
keeps every row: each table of the 0.2, 0.3 and 0.4 databases holds, in the columns it had, the
same rows after the upgrade as before.
"""

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo
from peewee import SqliteDatabase, fn

from office import audit, migrations
from office.clock import FakeClock
from office.db import database, open_database
from office.models import Event, FigureCell, Ticket, User, create_schema
from onewindow import create_app
from onewindow.cli import cli
from tests.conftest import empty_postgres
from tests.schema_description import describe

DATA = Path(__file__).resolve().parent / "data"
TICKETS_OF_0_1, EVENTS_OF_0_1, USERS_OF_0_1 = 3, 7, 6
TABLES_OF_0_2 = {
    "api_token", "counter", "counter_service", "event", "kiosk", "login_attempt",
    "print_job", "service", "ticket", "ticket_sequence", "user",
}  # fmt: skip
TABLES_OF_0_3 = TABLES_OF_0_2 | {"display", "setting"}
TABLES_OF_0_4 = TABLES_OF_0_3 | {"figure_cell", "figure_duration", "officer_day", "officer_day_done"}


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


# --- releases 0.2, 0.3 and 0.4 -------------------------------------------------------------


def database_of(release: str, tmp_path) -> Path:
    """A SQLite file as that release left it."""
    path = tmp_path / f"office-{release}.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.executescript((DATA / f"office-{release}.sql").read_text(encoding="utf-8"))
    conn.close()
    return path


def load_postgres(release: str, url: str) -> None:
    empty_postgres(url)
    with database.connection_context():
        # Without parameters, so the services' official pages (https://…/%E1%9E…) are not
        # read as placeholders.
        database.cursor().execute((DATA / f"office-{release}.postgresql.sql").read_text(encoding="utf-8"))


def contents(db) -> dict[str, tuple[list[str], list[tuple]]]:
    """Every table but the migration history: its columns and its rows, sorted."""
    tables = {}
    for table in db.get_tables():
        if table != migrations.HISTORY_TABLE:
            cursor = db.execute_sql(f'SELECT * FROM "{table}"')
            columns = [column[0] for column in cursor.description]
            tables[table] = (columns, sorted(cursor.fetchall(), key=repr))
    return tables


def same_rows_as(before: dict, db) -> dict:
    """The tables of `before` as they are now in `db`, in the columns they had then."""
    now = {}
    for table, (columns, _rows) in before.items():
        listed = ", ".join(f'"{column}"' for column in columns)
        rows = db.execute_sql(f'SELECT {listed} FROM "{table}"').fetchall()
        now[table] = (columns, sorted(rows, key=repr))
    return now


def cli_run(url: str, hasher, backup_dir: Path, *args: str):
    """`onewindow ARGS` on the database at `url`, as the command line runs it."""
    config = {"DATABASE_URL": url, "PASSWORD_HASHER": hasher, "BACKUP_DIR": str(backup_dir), "SECRET_KEY": "upgrade"}
    app = ScriptInfo(create_app=lambda: create_app(config))
    result = CliRunner().invoke(cli, list(args), obj=app, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


UPGRADES = ["office.migrations.upgrade()", "onewindow init", "onewindow db upgrade"]


def upgrade_by(how: str, url: str, hasher, backup_dir: Path) -> None:
    if how == "office.migrations.upgrade()":
        open_database(url)
        migrations.upgrade()
    else:
        output = cli_run(url, hasher, backup_dir, *how.split()[1:])
        assert "Upgraded" in output or "already current" in output


RELEASES = {"0.2": TABLES_OF_0_2, "0.3": TABLES_OF_0_3, "0.4": TABLES_OF_0_4}


def assert_events_linked_in_order(events: int) -> None:
    """Migration 005 linked the release's events into the hash chain in the order they were
    written (their ids), and the chain verifies."""
    with database.connection_context():
        verdict = audit.verify()
        assert verdict.intact and verdict.events == events > 0, verdict
        ids = [event_id for (event_id,) in Event.select(Event.id).order_by(Event.seq).tuples()]
        assert ids == sorted(ids)


@pytest.mark.parametrize("release", RELEASES)
@pytest.mark.parametrize("how", UPGRADES)
def test_a_database_of_a_release_upgraded_on_sqlite_keeps_every_row_and_has_the_new_schema(
    tmp_path, how, release, hasher
):
    fresh = tmp_path / "fresh.sqlite3"
    open_database(f"sqlite:///{fresh}")
    create_schema()
    database.close_all()

    old = database_of(release, tmp_path)
    db = SqliteDatabase(str(old))
    before = contents(db)
    db.close()
    assert set(before) == RELEASES[release] and all(rows for _columns, rows in before.values())  # every table has rows

    upgrade_by(how, f"sqlite:///{old}", hasher, tmp_path / "backups")
    open_database(f"sqlite:///{old}")
    assert migrations.status().state == migrations.CURRENT
    assert_events_linked_in_order(len(before["event"][1]))
    database.close_all()
    assert schema_in(old) == schema_in(fresh)
    db = SqliteDatabase(str(old))
    try:
        assert same_rows_as(before, db) == before
    finally:
        db.close()


@pytest.mark.postgres
@pytest.mark.parametrize("release", RELEASES)
@pytest.mark.parametrize("how", UPGRADES)
def test_a_database_of_a_release_upgraded_on_postgresql_keeps_every_row_and_has_the_new_schema(
    postgres_url, how, release, hasher, tmp_path
):
    empty_postgres(postgres_url)
    create_schema()
    with database.connection_context():
        new_office = describe(database.obj)

    load_postgres(release, postgres_url)
    with database.connection_context():
        before = contents(database.obj)
    assert set(before) == RELEASES[release] and all(rows for _columns, rows in before.values())
    database.close_all()

    upgrade_by(how, postgres_url, hasher, tmp_path / "backups")
    open_database(postgres_url)
    assert migrations.status().state == migrations.CURRENT
    assert_events_linked_in_order(len(before["event"][1]))
    with database.connection_context():
        assert describe(database.obj) == new_office
        assert same_rows_as(before, database.obj) == before
    database.close_all()


def test_an_office_database_of_0_2_is_served_after_its_upgrade(tmp_path, app_on, clock):
    clock.advance(days=1)  # 10:00 on 1 December 2026, the day of its tickets
    path = database_of("0.2", tmp_path)
    client = app_on(f"sqlite:///{path}").test_client()
    assert migrations.upgrade()
    # Its ended tickets are in the reports' daily rows (migration 004 filled them from the record).
    ended = Ticket.select().where(Ticket.status.in_(("done", "no_show", "cancelled"))).count()
    day_cells = FigureCell.select(fn.SUM(FigureCell.issued)).where(FigureCell.span == "d")
    assert ended > 0 and day_cells.scalar() == ended

    login = client.post("/api/v1/login", json={"username": "officer2", "password": "demo1234"})
    staff = {"Authorization": f"Bearer {login.json['token']}"}
    serving = client.get("/api/v1/tickets/2", headers=staff).json["ticket"]
    assert (serving["number"], serving["status"], serving["service_id"]) == ("A002", "serving", 5)
    assert serving["counter_id"] == 2
    assert client.post("/api/v1/tickets/2/finish", headers=staff).json["ticket"]["status"] == "done"
    # The day's numbers go on from A003, and the next call at counter 2 is the oldest waiting.
    assert client.post("/api/v1/tickets", json={"service_id": 1}, headers=staff).json["ticket"]["number"] == "A004"
    assert client.post("/api/v1/counters/2/next", headers=staff).json["ticket"]["number"] == "A003"


# --- release 0.3 ---------------------------------------------------------------------------


def day_cells(day: str):
    return FigureCell.select().where((FigureCell.span == "d") & (FigureCell.day == day))


def test_an_office_database_of_0_3_is_served_after_its_upgrade_with_its_history_in_the_reports(
    tmp_path, app_on, clock, monkeypatch
):
    # The server's own zone is UTC; the office's is its setting (Asia/Phnom_Penh), set in 0.3.
    monkeypatch.setenv("ONEWINDOW_TIMEZONE", "UTC")
    clock.advance(days=2)  # 10:00 on 2 December 2026, the day of its tickets
    path = database_of("0.3", tmp_path)
    client = app_on(f"sqlite:///{path}").test_client()
    assert migrations.upgrade()

    # Migration 004 filled the reports' daily rows from 0.3's record: its six ended tickets
    # (A001, A003, A005, C001 done; A002 no-show; B001 cancelled), A003's transfer and A001's
    # recall, each in the hour it was issued in the office's time zone (09:00-09:59).
    ended = Ticket.select().where(Ticket.status.in_(("done", "no_show", "cancelled"))).count()
    assert ended == 6
    assert day_cells("2026-12-02").select(fn.SUM(FigureCell.issued)).scalar() == ended
    assert day_cells("2026-12-02").select(fn.SUM(FigureCell.transferred)).scalar() == 1
    assert day_cells("2026-12-02").select(fn.SUM(FigureCell.recalls)).scalar() == 1
    assert {cell.hour for cell in day_cells("2026-12-02")} == {9}

    supervisor = login(client, "supervisor")
    summary = client.get("/api/v1/reports/summary?from=2026-12-02&to=2026-12-02", headers=supervisor).json
    served = {row["service_id"]: row["served"] for row in summary["services"]}
    # 1: A001, A005; 2: B001 cancelled; 3: C001; 8: A003 (H001 being served); 13: M001 waiting
    assert served == {1: 2, 2: 0, 3: 1, 8: 1, 13: 0}
    service_1 = next(row for row in summary["services"] if row["service_id"] == 1)
    assert (service_1["issued"], service_1["no_show"], service_1["transferred"]) == (4, 1, 1)  # A001, A002, A004, A005
    officer1 = next(row for row in summary["officers"] if row["username"] == "officer1")
    assert officer1["recalls"] == 1
    [passed_over] = summary["out_of_order_calls"]  # the supervisor's call of A005 before A004
    assert passed_over["reason"] == "Elderly citizen with a walking stick"

    # The office goes on: H001 finished at counter 2, which then calls the oldest waiting of
    # its services (A004); counter 1 is still on its break; the day's numbers go on from A005.
    officer2 = login(client, "officer2")
    serving = client.get("/api/v1/tickets/4", headers=officer2).json["ticket"]
    assert (serving["number"], serving["status"], serving["counter_id"]) == ("H001", "serving", 2)
    assert client.post("/api/v1/tickets/4/finish", headers=officer2).json["ticket"]["status"] == "done"
    assert client.post("/api/v1/counters/2/next", headers=officer2).json["ticket"]["number"] == "A004"
    assert client.get("/api/v1/counters/1", headers=officer2).json["counter"]["allowed_actions"] == ["resume"]
    assert client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]["number"] == "A006"

    summary = client.get("/api/v1/reports/summary?from=2026-12-02&to=2026-12-02", headers=supervisor).json
    assert {row["service_id"]: row["served"] for row in summary["services"]} == {1: 2, 2: 0, 3: 1, 8: 2, 13: 0}


def login(client, username: str) -> dict:
    answer = client.post("/api/v1/login", json={"username": username, "password": "demo1234"})
    assert answer.status_code == 200, answer.json
    return {"Authorization": f"Bearer {answer.json['token']}"}
