"""The attacker's side of logging out: a real `onewindow serve`. A bearer token used after
POST /api/v1/logout, after its user logged out of the pages, or after its user was disabled,
gets 401; a token signed before tokens could be revoked gets 401 "log in again"; a disabled
user's /counter socket closes; the session cookie and the CSRF token change at login (a value
planted before the login is worth nothing after it)."""

import re
import subprocess

import requests
from itsdangerous import URLSafeTimedSerializer

from tests.e2e.test_counter_namespace import CSRF_FIELD, StaffPage
from tests.security.conftest import DEMO_PASSWORD, bearer
from tests.security.test_sockets import Client

ME = "/me"
SESSION_COOKIE = "session"


def _me(server, token: str) -> requests.Response:
    return requests.get(f"{server.api}{ME}", headers=bearer(token), timeout=10)


def test_a_token_used_after_api_logout_gets_401(server):
    token = server.login("officer1")
    other = server.login("officer1")  # the same officer on another device
    assert _me(server, token).status_code == 200

    response = requests.post(f"{server.api}/logout", headers=bearer(token), timeout=10)
    assert response.status_code == 200, response.text
    assert response.json() == {"logged_out": True}

    replayed = _me(server, token)
    assert replayed.status_code == 401
    assert replayed.json()["error"]["code"] == "token_revoked"
    assert requests.post(f"{server.api}/logout", headers=bearer(token), timeout=10).status_code == 401
    assert _me(server, other).status_code == 200  # only the token that logged out


def test_logging_out_of_the_pages_revokes_every_api_token_of_the_user(server):
    tokens = [server.login("officer2") for _ in range(2)]
    bystander = server.login("officer3")
    StaffPage(server, "officer2").log_out()
    for token in tokens:
        assert _me(server, token).status_code == 401
    assert _me(server, bystander).status_code == 200


def test_api_logout_from_a_page_ends_that_page_session(server):
    page = StaffPage(server, "officer1")
    token = server.login("officer1")
    response = page.post("/logout")
    assert response.status_code == 200, response.text
    assert page.http.get(f"{server.api}{ME}", timeout=10).status_code == 401
    assert _me(server, token).status_code == 401


def test_a_token_from_before_revocable_tokens_is_refused(server):
    """Signed with the server's key, but naming no token row ("tid"): issued before the upgrade."""
    [(user_id,)] = server.rows("SELECT id FROM user WHERE username = 'officer1'")
    signer = URLSafeTimedSerializer(server.env["ONEWINDOW_SECRET_KEY"], salt="onewindow-api-token")
    response = _me(server, signer.dumps({"uid": user_id}))
    assert response.status_code == 401
    assert "log in again" in response.json()["error"]["message"]


def test_a_disabled_users_tokens_and_sockets_die(server):
    token = server.login("officer4")
    page = StaffPage(server, "officer4")
    screen = Client(server.url, "/counter", page.cookie_header)
    try:
        screen.next("snapshot")
        result = subprocess.run(
            [*server.command, "user", "disable", "officer4"],
            env=server.env,
            cwd=server.workdir,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0, result.stderr
        assert _me(server, token).status_code == 401
        assert page.http.get(f"{server.api}{ME}", timeout=10).status_code == 401
        assert screen.closed.wait(5), "the disabled user's /counter socket is still open"
        login = requests.post(
            f"{server.api}/login", json={"username": "officer4", "password": DEMO_PASSWORD}, timeout=10
        )
        assert login.status_code == 401
        assert server.rows("SELECT kind FROM event WHERE kind = 'user_disabled'") == [("user_disabled",)]
    finally:
        screen.close()


def test_the_session_cookie_and_csrf_token_change_at_login(server):
    http = requests.Session()
    form = http.get(f"{server.url}/login", timeout=10)
    csrf_before = CSRF_FIELD.search(form.text).group(1)
    cookie_before = http.cookies.get(SESSION_COOKIE)
    assert cookie_before  # the login form's CSRF token lives in this session

    response = http.post(
        f"{server.url}/login",
        data={"username": "officer1", "password": DEMO_PASSWORD, "csrf_token": csrf_before},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    page = http.get(f"{server.url}/counter", timeout=10)
    csrf_after = re.search(r'name="csrf-token" content="([^"]+)"', page.text).group(1)
    assert http.cookies.get(SESSION_COOKIE) != cookie_before

    # The pre-login CSRF token (one an attacker could have planted or read) no longer works.
    stale = http.post(f"{server.url}/logout", data={"csrf_token": csrf_before}, allow_redirects=False, timeout=10)
    assert stale.status_code == 400
    fresh = http.post(f"{server.url}/logout", data={"csrf_token": csrf_after}, allow_redirects=False, timeout=10)
    assert fresh.status_code == 302
