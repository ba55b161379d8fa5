"""Odd input (issue 9, item 10), from the attacker's side: text that is no Unicode, days at the
ends of the calendar and look-alike usernames get a 400 (or a refusal), never a 500, and leave no
traceback in the server's log.

A lone surrogate can only come in as a JSON escape ("\\ud800"): a raw one is no UTF-8, and a
URL's %ED%A0%80 decodes to U+FFFD. So the bodies here are written by hand.
"""

import subprocess

import pytest
import requests

from tests.security.conftest import DEMO_PASSWORD, bearer

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def server(module_server):
    return module_server


LONE_SURROGATE = "\\ud800"  # as JSON writes it: the six characters \ u d 8 0 0


def post_raw_json(url: str, body: str, headers: dict | None = None) -> requests.Response:
    return requests.post(
        url, data=body.encode("ascii"), headers={"Content-Type": "application/json", **(headers or {})}, timeout=10
    )


def assert_refused_as_bad_input(server, answer: requests.Response, what: str) -> None:
    assert answer.status_code == 400, (what, answer.status_code, answer.text)
    assert answer.json()["error"]["code"] == "invalid_input", what
    assert server.logged_errors() == [], what


def add_user(server, name: str, role: str = "officer") -> subprocess.CompletedProcess:
    """`onewindow user add` on the running server's own database, as its administrator would."""
    return subprocess.run(
        [*server.command, "user", "add", name, "--role", role, "--password", "long-enough-pass"],
        env=server.env,
        cwd=server.workdir,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_lone_surrogate_in_a_login_is_bad_input(server):
    for body in (
        f'{{"username": "admin{LONE_SURROGATE}", "password": "{DEMO_PASSWORD}"}}',
        f'{{"username": "admin", "password": "{DEMO_PASSWORD}{LONE_SURROGATE}"}}',
        f'{{"username": "admin", "password": "{DEMO_PASSWORD}", "{LONE_SURROGATE}": 1}}',
    ):
        assert_refused_as_bad_input(server, post_raw_json(f"{server.api}/login", body), body)
    server.login("admin")  # and the account is not locked out by them


def test_a_lone_surrogate_in_a_reason_is_bad_input(server):
    ticket = server.take(1)
    supervisor = bearer(server.login("supervisor"))
    body = f'{{"ticket_id": {ticket["id"]}, "reason": "the citizen is ill {LONE_SURROGATE}"}}'
    answer = post_raw_json(f"{server.api}/counters/1/call", body, supervisor)
    assert_refused_as_bad_input(server, answer, "reason")
    assert server.rows("SELECT status FROM ticket WHERE id = ?", ticket["id"]) == [("waiting",)]


@pytest.mark.parametrize("path", ["/stats", "/reports/out-of-order"])
def test_days_at_the_ends_of_the_calendar_are_bad_input(server, path):
    supervisor = bearer(server.login("supervisor"))
    for query in ("to=9999-12-31", "from=0001-01-01", "from=0001-01-01&to=9999-12-31", "from=%ED%A0%80"):
        answer = requests.get(f"{server.api}{path}?{query}", headers=supervisor, timeout=10)
        assert_refused_as_bad_input(server, answer, query)


def test_a_username_is_one_account_however_it_is_typed(server):
    for typed in ("ADMIN", "Admin", "ａｄｍｉｎ", " admin "):
        answer = requests.post(f"{server.api}/login", json={"username": typed, "password": DEMO_PASSWORD}, timeout=10)
        assert answer.status_code == 200, (typed, answer.text)
        assert answer.json()["user"]["username"] == "admin"
    for hostile in ("admin\u202e", "\u202eadmin", "ad\u200dmin", "аdmin"):  # bidi override, joiner, Cyrillic а
        answer = requests.post(f"{server.api}/login", json={"username": hostile, "password": DEMO_PASSWORD}, timeout=10)
        assert answer.status_code == 401, (hostile, answer.status_code, answer.text)
    assert server.logged_errors() == []


def test_nobody_can_be_given_a_look_alike_of_an_existing_name(server):
    for look_alike in ("аdmin", "officerl", "OFFICER1", "officer1\u202e"):
        result = add_user(server, look_alike)
        assert result.returncode != 0, (look_alike, result.stdout)
    assert server.rows("SELECT COUNT(*) FROM user") == [(6,)]
    added = add_user(server, "Sokha")
    assert added.returncode == 0, added.stderr
    assert server.rows("SELECT role FROM user WHERE username = 'sokha'") == [("officer",)]
