"""SQLite backups (office/backups.py), `onewindow backup` and `onewindow restore`, and the
server's daily backup (onewindow/background.py). The same under a real server's load is in
tests/e2e/test_backup_under_load.py."""

import logging
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from office import backups, engine, migrations
from office.db import database
from onewindow import background, create_app
from onewindow.cli import cli
from tests.test_upgrade import database_of_0_1

PHNOM_PENH = ZoneInfo("Asia/Phnom_Penh")


@pytest.fixture
def database_url(tmp_path):
    """Backups are of SQLite files: the office of these tests is one."""
    return f"sqlite:///{tmp_path / 'office.sqlite3'}"


@pytest.fixture
def live(office, tmp_path, clock, bus) -> Path:
    """The office's database file, its connection open, with three tickets."""
    for _ in range(3):
        engine.issue(office.civil.id, clock=clock, bus=bus)
    return tmp_path / "office.sqlite3"


def tickets_in(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [number for (number,) in conn.execute("SELECT number FROM ticket ORDER BY id")]


def test_a_backup_is_one_whole_file_with_every_committed_ticket(live, tmp_path):
    target = backups.backup(live, tmp_path / "copies" / "b.sqlite3")
    assert tickets_in(target) == ["A001", "A002", "A003"]
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # no -wal beside it
    assert sorted(p.name for p in target.parent.iterdir()) == ["b.sqlite3"]  # no .part left
    assert target.stat().st_mode & 0o777 == 0o600  # it holds the staff's password hashes
    contents = backups.check(target)
    assert (contents.tickets, contents.schema, contents.pending) == (3, migrations.CURRENT, [])


def test_a_backup_taken_during_a_write_holds_the_committed_state_and_does_not_wait(live, tmp_path):
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # a server's write transaction, still open
    writer.execute("UPDATE ticket SET number = 'X999' WHERE id = 1")
    try:
        target = backups.backup(live, tmp_path / "during-write.sqlite3")
    finally:
        writer.execute("COMMIT")
        writer.close()
    assert tickets_in(target) == ["A001", "A002", "A003"]
    assert tickets_in(live)[0] == "X999"


def test_a_backup_never_overwrites_a_file(live, tmp_path):
    (tmp_path / "taken.sqlite3").write_text("precious")
    with pytest.raises(backups.BackupRefused, match="already exists"):
        backups.backup(live, tmp_path / "taken.sqlite3")
    assert (tmp_path / "taken.sqlite3").read_text() == "precious"


def a_damaged_copy(live, tmp_path) -> Path:
    copy = backups.backup(live, tmp_path / "damaged.sqlite3")
    data = bytearray(copy.read_bytes())
    page = 4096
    data[2 * page : 4 * page] = b"\xa5" * (2 * page)  # two pages of a table's b-tree
    copy.write_bytes(bytes(data))
    return copy


def test_check_refuses_what_is_no_good_office_backup_and_says_why(live, tmp_path):
    text = tmp_path / "notes.txt"
    text.write_text("not a database")
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE photo (id INTEGER)")
    newer = backups.backup(live, tmp_path / "newer.sqlite3")
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO migratehistory (name, migrated_at) VALUES ('999_from_the_future', '2030-01-01')")

    for path, reason in (
        (tmp_path / "missing.sqlite3", "no file at"),
        (text, "is not a SQLite database"),
        (a_damaged_copy(live, tmp_path), "is damaged"),
        (other, "is not a OneWindow database (it has no event, service, ticket table)"),
        (newer, "was written by a newer OneWindow (migrations 999_from_the_future are unknown to this version)"),
    ):
        with pytest.raises(backups.BackupRefused, match=reason.replace("(", r"\(").replace(")", r"\)")):
            backups.check(path)


def test_restore_replaces_the_database_and_keeps_the_one_it_replaced(live, tmp_path, clock, bus, office):
    taken = backups.backup(live, tmp_path / "morning.sqlite3")
    engine.issue(office.civil.id, clock=clock, bus=bus)  # A004, after the backup
    database.close_all()  # the server stopped

    now = datetime(2026, 11, 25, 4, 5, 6, tzinfo=UTC)
    contents, kept = backups.restore(taken, live, now=now)
    assert contents.tickets == 3
    assert tickets_in(live) == ["A001", "A002", "A003"]
    assert kept == live.with_name("office.sqlite3.before-restore-20261125-040506")
    assert tickets_in(kept) == ["A001", "A002", "A003", "A004"]
    with sqlite3.connect(live) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)  # as the server keeps it
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_restore_refuses_while_the_database_is_in_use(live, tmp_path):
    taken = backups.backup(live, tmp_path / "b.sqlite3")
    # A running server holds its pooled connections open.
    with database.connection_context(), pytest.raises(backups.BackupRefused, match="in use: stop the server first"):
        backups.restore(taken, live, now=datetime.now(UTC))
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_restore_checks_the_file_before_touching_anything(live, tmp_path):
    damaged = a_damaged_copy(live, tmp_path)
    database.close_all()
    with pytest.raises(backups.BackupRefused, match="is damaged"):
        backups.restore(damaged, live, now=datetime.now(UTC))
    assert tickets_in(live) == ["A001", "A002", "A003"]
    assert not list(tmp_path.glob("*.before-restore-*"))


def test_an_older_releases_backup_is_restored_and_then_needs_db_upgrade(tmp_path):
    old = database_of_0_1(tmp_path)
    contents, kept = backups.restore(old, tmp_path / "new-box.sqlite3", now=datetime.now(UTC))
    assert kept is None  # there was no database to keep
    assert contents.schema == migrations.PENDING and contents.pending == migrations.known()[1:]
    assert tickets_in(tmp_path / "new-box.sqlite3") == ["A001", "A002", "B001"]


def test_the_daily_backup_is_one_per_office_day_and_keeps_the_newest(live, tmp_path):
    folder = tmp_path / "daily"
    folder.mkdir()
    (folder / "before-upgrade-20261101-000000.sqlite3").write_text("not rotated")
    # 23:30 UTC on 24 November is 06:30 on 25 November in Phnom Penh.
    first = datetime(2026, 11, 24, 23, 30, tzinfo=UTC)
    taken = backups.daily_backup(live, folder, now=first, zone=PHNOM_PENH, keep=3)
    assert taken == folder / "onewindow-20261124-233000.sqlite3"
    # 16:59 UTC is 23:59 the same office day: nothing more.
    assert (
        backups.daily_backup(live, folder, now=first + timedelta(hours=17, minutes=29), zone=PHNOM_PENH, keep=3) is None
    )
    for day in range(1, 5):
        assert backups.daily_backup(live, folder, now=first + timedelta(days=day), zone=PHNOM_PENH, keep=3)
    assert sorted(p.name for p in folder.iterdir()) == [
        "before-upgrade-20261101-000000.sqlite3",
        "onewindow-20261126-233000.sqlite3",
        "onewindow-20261127-233000.sqlite3",
        "onewindow-20261128-233000.sqlite3",
    ]


def test_the_servers_daily_backup_logs_a_failure_and_carries_on(live, tmp_path, app_on, caplog):
    app = app_on(f"sqlite:///{live}")
    app.config["BACKUP_DIR"] = str(tmp_path / "backups")
    assert background.daily_backup_now(app, str(live)).parent == tmp_path / "backups"
    assert background.daily_backup_now(app, str(live)) is None  # one a day

    blocked = tmp_path / "a-file"
    blocked.write_text("")
    app.config["BACKUP_DIR"] = str(blocked / "backups")  # cannot be made
    with caplog.at_level(logging.ERROR, logger="onewindow.background"):
        assert background.daily_backup_now(app, str(live)) is None
    assert "the daily backup failed" in caplog.text


# --- the commands -------------------------------------------------------------------------


@pytest.fixture
def run(tmp_path, hasher):
    """run(url, *args) -> click's result of `onewindow ARGS` with that database."""

    def _run(url: str, *args: str, input: str | None = None):
        config = {"DATABASE_URL": url, "SECRET_KEY": "x", "PASSWORD_HASHER": hasher}
        config["BACKUP_DIR"] = str(tmp_path / "backups")
        app = ScriptInfo(create_app=lambda: create_app(config))
        result = CliRunner().invoke(cli, list(args), obj=app, input=input)
        database.close_all()
        return result

    return _run


def test_backup_command_writes_a_utc_named_file_into_the_backup_folder_or_path(live, run, tmp_path):
    result = run(f"sqlite:///{live}", "backup")
    assert result.exit_code == 0, result.output
    [made] = (tmp_path / "backups").iterdir()
    assert backups.NAME_PATTERN.match(made.name)
    assert f"Backup written: {made} (3 tickets" in result.output
    (tmp_path / "usb").mkdir()
    assert run(f"sqlite:///{live}", "backup", str(tmp_path / "usb")).exit_code == 0
    assert len(list((tmp_path / "usb").glob("onewindow-*.sqlite3"))) == 1
    assert run(f"sqlite:///{live}", "backup", str(tmp_path / "named.sqlite3")).exit_code == 0
    assert tickets_in(tmp_path / "named.sqlite3") == ["A001", "A002", "A003"]
    again = run(f"sqlite:///{live}", "backup", str(tmp_path / "named.sqlite3"))
    assert again.exit_code == 1 and "Error: no backup made:" in again.output and "already exists" in again.output


def test_on_postgresql_backup_and_restore_name_pg_dump_and_pg_restore(run, tmp_path):
    url = "postgresql://onewindow:secret@127.0.0.1:5432/office"
    backup = run(url, "backup")
    assert backup.exit_code == 1
    assert 'pg_dump --format=custom --file=onewindow-$(date +%F).dump "$ONEWINDOW_DATABASE_URL"' in backup.output
    (tmp_path / "x.sqlite3").write_bytes(b"")
    restore = run(url, "restore", str(tmp_path / "x.sqlite3"))
    assert restore.exit_code == 1 and "pg_restore" in restore.output
    assert "secret" not in backup.output + restore.output


def test_restore_command_asks_then_restores_and_says_what_to_run_next(tmp_path, run, live):
    taken = backups.backup(live, tmp_path / "b.sqlite3")
    url = f"sqlite:///{live}"
    database.close_all()

    declined = run(url, "restore", str(taken), input="n\n")
    assert declined.exit_code == 1 and "Aborted" in declined.output
    assert not list(tmp_path.glob("*.before-restore-*"))

    restored = run(url, "restore", str(taken), input="y\n")
    assert restored.exit_code == 0, restored.output
    assert f"Restored {taken} into {live} (3 tickets)." in restored.output
    assert "systemctl start onewindow" in restored.output

    older = run(url, "restore", "--yes", str(database_of_0_1(tmp_path)))
    assert older.exit_code == 0, older.output
    assert "run `onewindow db upgrade`" in older.output
    assert run(url, "db", "status").exit_code == 1  # and serve would refuse until then

    refused = run(url, "restore", "--yes", str(tmp_path / "b.sqlite3.missing"))
    assert refused.exit_code == 2 and "does not exist" in refused.output
    (tmp_path / "junk.sqlite3").write_text("junk")
    junk = run(url, "restore", "--yes", str(tmp_path / "junk.sqlite3"))
    assert junk.exit_code == 1 and "Error: not restored:" in junk.output and "not a SQLite database" in junk.output
