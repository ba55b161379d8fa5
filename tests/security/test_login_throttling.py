"""Login throttling (issue 9, item 2), from the attacker's side against the real server.

Every try at a password is counted before the password is checked, so guesses sent in
parallel all count; failures are limited per user *and address*, so an attacker at one
address cannot lock the real user out at another; and a much higher limit per user across
all addresses (each address counting at most its own limit) slows guessing from many
addresses and tells the supervisors (a login_guessing event, on their page). Addresses where
that user logged in recently are exempt from the per-user limit, so the attack does not lock
them out at their own desk either.

Each client below leaves from its own loopback address (client_at), which is, for the
server, another machine.
"""

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.security.conftest import DEMO_PASSWORD, bearer, client_at

pytestmark = pytest.mark.e2e

WRONG = "not-the-password"


def try_login(server, address: str, username: str, password: str):
    return client_at(address).post(f"{server.api}/login", json={"username": username, "password": password}, timeout=30)


def in_parallel(server, address: str, username: str, password: str, n: int) -> list:
    """`n` logins sent at once from `address`: their answers."""
    with ThreadPoolExecutor(max_workers=n) as pool:
        return list(pool.map(lambda _: try_login(server, address, username, password), range(n)))


def attempts(server, username: str, address: str | None = None) -> list[tuple]:
    """The server's own record of the login attempts: (client, succeeded) per row."""
    sql = "SELECT client, succeeded FROM login_attempt WHERE username = ?"
    params = [username]
    if address:
        sql += " AND client = ?"
        params.append(address)
    return server.rows(sql, *params)


def refused(response, code: str = "too_many_attempts") -> int:
    """A 429 with its code; the Retry-After it gives, in seconds."""
    assert response.status_code == 429, (response.status_code, response.text)
    assert response.json()["error"]["code"] == code
    return int(response.headers["Retry-After"])


def page_login(address: str, server, username: str, password: str = DEMO_PASSWORD):
    """The login form, as a browser at `address` fills it in."""
    session = client_at(address)
    form = session.get(f"{server.url}/login", timeout=10).text
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', form) or re.search(
        r'value="([^"]+)"[^>]*name="csrf_token"', form
    )
    assert token, form
    data = {"csrf_token": token.group(1), "username": username, "password": password}
    return session.post(f"{server.url}/login", data=data, allow_redirects=False, timeout=30)


def test_forty_parallel_guesses_count_forty_and_lock_that_address_until_the_window_passes(start_server):
    server = start_server(extra_env={"ONEWINDOW_LOGIN_WINDOW_S": "6"})
    answers = in_parallel(server, "127.0.0.2", "officer1", WRONG, 40)
    statuses = sorted(a.status_code for a in answers)
    # At most five were checked at all (fewer if one of the first five counted after a sixth
    # came in); the others were refused before the check.
    assert statuses.count(401) <= 5 and statuses.count(401) + statuses.count(429) == 40, statuses
    assert len(attempts(server, "officer1", "127.0.0.2")) == 40
    assert all(succeeded == 0 for _client, succeeded in attempts(server, "officer1"))

    wait = refused(try_login(server, "127.0.0.2", "officer1", DEMO_PASSWORD))  # even the right one
    assert 1 <= wait <= 6
    assert len(attempts(server, "officer1", "127.0.0.2")) == 41

    time.sleep(wait)
    assert try_login(server, "127.0.0.2", "officer1", DEMO_PASSWORD).status_code == 200


def test_an_attacker_at_one_address_does_not_lock_officer1_out_at_another(server):
    answers = [try_login(server, "127.0.0.2", "officer1", WRONG) for _ in range(8)]
    assert [a.status_code for a in answers] == [401] * 5 + [429] * 3
    # officer1 at their own computer, with the API and with the login page.
    assert try_login(server, "127.0.0.3", "officer1", DEMO_PASSWORD).status_code == 200
    page = page_login("127.0.0.4", server, "officer1")
    assert page.status_code == 302 and page.headers["Location"].endswith("/counter")
    # Mistyping at their own desk still counts there, and only there.
    assert try_login(server, "127.0.0.3", "officer1", WRONG).status_code == 401


def test_one_address_guessing_many_usernames_is_refused_for_all_of_them(start_server):
    server = start_server(extra_env={"ONEWINDOW_LOGIN_FAILURES_PER_ADDRESS": "6"})  # 20 by default
    for i in range(6):
        assert try_login(server, "127.0.0.2", f"guess{i}", WRONG).status_code == 401
    refused(try_login(server, "127.0.0.2", "officer3", DEMO_PASSWORD))
    assert try_login(server, "127.0.0.3", "officer3", DEMO_PASSWORD).status_code == 200


def test_many_addresses_guessing_one_user_trip_the_per_user_limit_and_tell_the_supervisors(start_server):
    server = start_server(extra_env={"ONEWINDOW_LOGIN_FAILURES_PER_USER": "10"})
    # officer2 logged in at their desk (127.0.0.9) this morning.
    assert try_login(server, "127.0.0.9", "officer2", DEMO_PASSWORD).status_code == 200

    # Five guesses from each of two addresses: 10, all checked.
    for address in ("127.0.0.2", "127.0.0.3"):
        assert [try_login(server, address, "officer2", WRONG).status_code for _ in range(5)] == [401] * 5
    # A third address trips the per-user limit at its first guess, and keeps being refused.
    for _ in range(4):
        refused(try_login(server, "127.0.0.4", "officer2", WRONG))
    # Each address counts at most its own limit: one address hammering does not add up.
    for _ in range(5):
        refused(try_login(server, "127.0.0.2", "officer2", WRONG))

    # The guessing is slowed for every address officer2 never logged in from...
    assert refused(try_login(server, "127.0.0.5", "officer2", DEMO_PASSWORD)) >= 1
    # ...but officer2 still logs in at their desk, and other users anywhere.
    assert try_login(server, "127.0.0.9", "officer2", DEMO_PASSWORD).status_code == 200
    assert try_login(server, "127.0.0.5", "officer3", DEMO_PASSWORD).status_code == 200

    # Once per window, on the record and on the supervisor's page (its API).
    [(kind, details)] = server.rows("SELECT kind, details FROM event WHERE kind = 'login_guessing'")
    assert '"username": "officer2"' in details and '"addresses": 3' in details
    supervisor = bearer(server.login("supervisor"))
    alerts = client_at("127.0.0.9").get(f"{server.api}/security/login-alerts", headers=supervisor, timeout=10)
    assert alerts.status_code == 200, alerts.text
    [alert] = alerts.json()["alerts"]
    assert (alert["username"], alert["addresses"]) == ("officer2", 3)
    assert alert["attempts"] >= 11
    officer = bearer(server.login("officer1"))
    assert client_at().get(f"{server.api}/security/login-alerts", headers=officer, timeout=10).status_code == 403
