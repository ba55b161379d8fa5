"""The `onewindow` command line: init, init --demo, user add."""

import pytest
from click.testing import CliRunner
from flask.cli import ScriptInfo

from office.db import database
from office.models import Counter, Service, User
from onewindow import create_app
from onewindow.cli import cli


@pytest.fixture
def run(tmp_path, monkeypatch, hasher):
    monkeypatch.setenv("ONEWINDOW_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.sqlite3'}")
    monkeypatch.setenv("ONEWINDOW_SECRET_KEY", "cli-test")
    # The same app as `onewindow` makes, with the tests' cheap password hasher.
    app_with_cheap_hasher = ScriptInfo(create_app=lambda: create_app({"PASSWORD_HASHER": hasher}))

    def _run(*args: str):
        result = CliRunner().invoke(cli, list(args), obj=app_with_cheap_hasher, catch_exceptions=False)
        database.close()
        return result

    return _run


def counts():
    with database.connection_context():
        return Service.select().count(), Counter.select().count(), User.select().count()


def test_init_creates_an_empty_schema_and_is_idempotent(run):
    assert run("init").exit_code == 0
    assert run("init").exit_code == 0
    assert counts() == (0, 0, 0)


def test_init_demo_adds_the_sample_office_once(run):
    first = run("init", "--demo")
    assert first.exit_code == 0, first.output
    assert "demo1234" in first.output
    assert counts() == (25, 4, 6)
    again = run("init", "--demo")
    assert again.exit_code == 0
    assert "not added again" in again.output
    assert counts() == (25, 4, 6)


def test_user_add_creates_a_user_who_can_log_in(run, hasher, clock):
    from office.users import authenticate

    result = run("user", "add", "dara", "--role", "supervisor", "--password", "s3cret-pass")
    assert result.exit_code == 0, result.output
    with database.connection_context():
        user = authenticate("dara", "s3cret-pass", hasher=hasher, clock=clock)
        assert user is not None and user.role == "supervisor"
        assert authenticate("dara", "wrong-pass", hasher=hasher, clock=clock) is None


def test_user_add_refuses_a_duplicate_or_a_short_password_clearly(run):
    run("user", "add", "dara", "--role", "officer", "--password", "s3cret-pass")
    duplicate = run("user", "add", "dara", "--role", "officer", "--password", "s3cret-pass")
    assert duplicate.exit_code != 0 and "already exists" in duplicate.output
    short = run("user", "add", "vanna", "--role", "officer", "--password", "short")
    assert short.exit_code != 0 and "at least 8" in short.output
    bad_role = run("user", "add", "vanna", "--role", "mayor", "--password", "s3cret-pass")
    assert bad_role.exit_code != 0


def test_printer_test_prints_a_sample_ticket_into_the_folder(run, tmp_path, monkeypatch):
    monkeypatch.setenv("ONEWINDOW_PRINTER", f"folder:{tmp_path / 'slips'}")
    result = run("printer", "test")
    assert result.exit_code == 0, result.output
    assert sorted(p.suffix for p in (tmp_path / "slips").iterdir()) == [".bin", ".png"]


def test_printer_test_and_status_say_why_a_printer_fails(run, monkeypatch):
    from tests.conftest import free_port

    monkeypatch.setenv("ONEWINDOW_PRINTER", f"network:127.0.0.1:{free_port()}")
    monkeypatch.setenv("ONEWINDOW_PRINTER_TIMEOUT_S", "1")
    test = run("printer", "test")
    assert test.exit_code == 1 and "refused" in test.output
    status = run("printer", "status")
    assert status.exit_code == 1 and "NOT reachable" in status.output


def test_serve_refuses_to_start_when_khmer_cannot_be_shaped(run, monkeypatch):
    import printer.layout

    def no_raqm(**_kwargs):
        raise printer.layout.LayoutUnavailable("Pillow cannot shape Khmer: apt-get install libfribidi0")

    monkeypatch.setattr(printer.layout, "warm_up", no_raqm)
    monkeypatch.setenv("ONEWINDOW_ASYNC_MODE", "threading")
    from tests.conftest import free_port

    result = run("serve", "--port", str(free_port()))
    assert result.exit_code == 1
    assert "libfribidi0" in result.output
