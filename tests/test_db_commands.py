"""`onewindow db status` and `onewindow db upgrade`, and what the other commands do with a
database whose schema is not this code's: only `init` and `db upgrade` upgrade; `serve` and
the rest refuse an older database (naming `onewindow db upgrade`) and one a newer OneWindow
upgraded, and create an empty one (a new office starts with no configuration)."""

import sqlite3
import subprocess
import time

import pytest
import requests
from click.testing import CliRunner
from flask.cli import ScriptInfo

from office import migrations
from office.db import database
from onewindow import create_app
from onewindow.cli import cli
from tests.e2e.conftest import _clean_env, free_port, onewindow_command
from tests.test_upgrade import database_of_0_1

ALL = migrations.known()


@pytest.fixture
def office_db(tmp_path):
    return tmp_path / "office.sqlite3"


@pytest.fixture
def run_on(tmp_path, hasher):
    """run_on(path, *args) -> click's result of `onewindow ARGS` on the SQLite file at path
    (backups into tmp_path/backups)."""

    def _run(path, *args: str):
        config = {
            "DATABASE_URL": f"sqlite:///{path}",
            "SECRET_KEY": "db-commands",
            "PASSWORD_HASHER": hasher,
            "BACKUP_DIR": str(tmp_path / "backups"),
        }
        app = ScriptInfo(create_app=lambda: create_app(config))
        result = CliRunner().invoke(cli, list(args), obj=app, catch_exceptions=False)
        database.close_all()
        return result

    return _run


@pytest.fixture
def run(run_on, office_db):
    """run(*args): `onewindow ARGS` on office_db."""
    return lambda *args: run_on(office_db, *args)


def history(path) -> list[str]:
    with sqlite3.connect(path) as conn:
        return [name for (name,) in conn.execute("SELECT name FROM migratehistory ORDER BY id")]


def from_a_newer_onewindow(path) -> None:
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO migratehistory (name, migrated_at) VALUES ('999_from_the_future', '2030-01-01')")


def test_status_of_a_new_office_then_of_a_current_one(run, office_db):
    empty = run("db", "status")
    assert empty.exit_code == 1
    assert f"database  sqlite:///{office_db}" in empty.output
    assert f"pending   {', '.join(ALL)}" in empty.output and "onewindow init" in empty.output

    assert run("init").exit_code == 0
    current = run("db", "status")
    assert current.exit_code == 0, current.output
    assert f"applied   {', '.join(ALL)}" in current.output
    assert "pending   none" in current.output and "current" in current.output


def test_status_names_no_password_and_says_clearly_when_the_database_cannot_be_opened(tmp_path, hasher):
    url = f"postgresql://onewindow:s3cret-password@127.0.0.1:{free_port()}/office"
    app = ScriptInfo(create_app=lambda: create_app({"DATABASE_URL": url, "SECRET_KEY": "x", "PASSWORD_HASHER": hasher}))
    result = CliRunner().invoke(cli, ["db", "status"], obj=app)
    assert result.exit_code == 1
    assert "Error: cannot open the database postgresql://***@127.0.0.1" in result.output
    assert "s3cret-password" not in result.output and "Traceback" not in result.output


def test_an_older_database_is_upgraded_only_by_db_upgrade_after_a_backup(tmp_path, run_on):
    old = database_of_0_1(tmp_path)

    def run_old(*args):
        return run_on(old, *args)

    status = run_old("db", "status")
    assert status.exit_code == 1
    assert "applied   001_initial" in status.output and f"pending   {', '.join(ALL[1:])}" in status.output
    assert "run `onewindow db upgrade`" in status.output

    # Every other command refuses it, changing nothing.
    for args in (
        ["user", "add", "dara", "--role", "officer", "--password", "s3cret-pass"],
        ["user", "disable", "officer1"],
        ["kiosk", "enrol", "hall-2"],
        ["kiosk", "list"],
        ["kiosk", "revoke", "hall"],
    ):
        refused = run_old(*args)
        assert refused.exit_code == 78, (args, refused.output)  # EX_CONFIG: systemd does not restart
        assert refused.output.strip().splitlines()[-1] == (
            f"Error: the database is older than this OneWindow (pending: {', '.join(ALL[1:])}): "
            "run `onewindow db upgrade` first"
        )
    assert not _has_table(old, "migratehistory")

    upgraded = run_old("db", "upgrade")
    assert upgraded.exit_code == 0, upgraded.output
    assert f"Upgraded: {', '.join(ALL[1:])}" in upgraded.output
    [kept] = (tmp_path / "backups").glob("before-upgrade-*.sqlite3")
    assert f"Backed up before upgrading: {kept}" in upgraded.output
    assert not _has_table(kept, "migratehistory")  # the database as it was, 0.1's
    assert history(old) == ALL
    assert run_old("db", "status").exit_code == 0
    again = run_old("db", "upgrade")
    assert again.exit_code == 0 and "already current" in again.output
    assert len(list((tmp_path / "backups").glob("*"))) == 1  # nothing to upgrade, no backup


def test_init_upgrades_an_older_database_too(tmp_path, run_on):
    old = database_of_0_1(tmp_path)
    result = run_on(old, "init")
    assert result.exit_code == 0, result.output
    assert "Upgraded" in result.output and history(old) == ALL


def test_a_database_upgraded_by_a_newer_onewindow_is_refused_by_every_command(run, office_db):
    assert run("init", "--demo").exit_code == 0
    from_a_newer_onewindow(office_db)

    status = run("db", "status")
    assert status.exit_code == 1
    assert "unknown   999_from_the_future" in status.output and "newer OneWindow" in status.output
    for args in (["init"], ["db", "upgrade"], ["user", "disable", "officer1"], ["kiosk", "list"]):
        refused = run(*args)
        assert refused.exit_code == 78, args
        assert (
            refused.output.strip()
            .splitlines()[-1]
            .startswith(
                "Error: this database was upgraded by a newer OneWindow (migrations 999_from_the_future are unknown"
            )
        )
    assert history(office_db) == [*ALL, "999_from_the_future"]
    with sqlite3.connect(office_db) as conn:
        assert conn.execute("SELECT active FROM user WHERE username = 'officer1'").fetchone() == (1,)


def serve(db_path, tmp_path, *, timeout=30) -> subprocess.CompletedProcess:
    """`onewindow serve` as an office runs it, expected to refuse to start."""
    env = _clean_env({"ONEWINDOW_DATABASE_URL": f"sqlite:///{db_path}", "ONEWINDOW_SECRET_KEY": "serve"})
    env["ONEWINDOW_INSTANCE_PATH"] = str(tmp_path / "instance")
    args = [*onewindow_command(), "serve", "--port", str(free_port())]
    return subprocess.run(args, env=env, capture_output=True, text=True, timeout=timeout, check=False)


def test_serve_refuses_an_older_database_in_one_line_naming_the_command(tmp_path):
    old = database_of_0_1(tmp_path)
    result = serve(old, tmp_path)
    assert result.returncode == 78  # EX_CONFIG: the systemd unit does not restart on it
    assert result.stderr.strip().splitlines()[-1] == (
        f"Error: the database is older than this OneWindow (pending: {', '.join(ALL[1:])}): "
        "run `onewindow db upgrade` first"
    )
    assert not _has_table(old, "migratehistory")  # not upgraded behind the office's back


def test_serve_refuses_a_database_a_newer_onewindow_upgraded(tmp_path, run, office_db):
    run("init")
    from_a_newer_onewindow(office_db)
    result = serve(office_db, tmp_path)
    assert result.returncode == 78
    assert "this database was upgraded by a newer OneWindow" in result.stderr.strip().splitlines()[-1]


def test_serve_creates_a_new_office_with_no_configuration(tmp_path, office_db):
    env = _clean_env({"ONEWINDOW_DATABASE_URL": f"sqlite:///{office_db}", "ONEWINDOW_SECRET_KEY": "serve"})
    env["ONEWINDOW_INSTANCE_PATH"] = str(tmp_path / "instance")
    port = free_port()
    with open(tmp_path / "serve.err", "wb") as err:
        server = subprocess.Popen(
            [*onewindow_command(), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=err
        )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if requests.get(f"http://127.0.0.1:{port}/api/v1/services", timeout=2).status_code == 200:
                    break
            except requests.ConnectionError:
                time.sleep(0.1)
        assert requests.get(f"http://127.0.0.1:{port}/api/v1/services", timeout=2).json() == {"services": []}
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert history(office_db) == ALL


def _has_table(path, name) -> bool:
    with sqlite3.connect(path) as conn:
        return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (name,)).fetchone() is not None
