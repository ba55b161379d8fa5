"""Kiosks are devices, not names: from the attacker's side, against the real server.

Before enrolment existed, any client could send {"kiosk": "hall"} and print on the hall's
printer (paper, queue-jumping slips, a jammed printer at opening time). Now only the device
that opened the hall's one-time enrolment link, and holds its key, prints there.
"""

import sqlite3
import subprocess
import time
from contextlib import closing

import pytest
import requests

from tests.security.conftest import bearer


def take(server, key: str | None = None, **body):
    headers = {"X-Kiosk-Key": key} if key is not None else {}
    return requests.post(f"{server.api}/tickets", json={"service_id": 1, **body}, headers=headers, timeout=10)


def print_jobs(server) -> int:
    return server.rows("SELECT count(*) FROM print_job")[0][0]


def code_of(link: str) -> str:
    return link.rsplit("/kiosk/enrol/", 1)[1]


def redeem(server, code: str):
    return requests.post(f"{server.api}/kiosks/enrol", json={"code": code}, timeout=10)


def error_code(response) -> str:
    return response.json()["error"]["code"]


def test_naming_a_kiosk_without_its_key_prints_nothing(server):
    response = take(server, kiosk="hall")
    assert response.status_code == 403, response.text
    assert error_code(response) == "kiosk_not_enrolled"
    assert print_jobs(server) == 0
    # Nor by naming the office's default printer, or a name nobody enrolled.
    for name in ("kiosk", "nowhere"):
        assert take(server, kiosk=name).status_code == 403
    assert print_jobs(server) == 0


def test_a_wrong_revoked_or_other_kiosks_key_prints_nothing(server):
    hall = server.enrol_kiosk("hall")
    door = server.enrol_kiosk("door")
    admin = bearer(server.login("admin"))
    assert requests.post(f"{server.api}/admin/kiosks/door/revoke", headers=admin, timeout=10).status_code == 200
    lobby = server.enrol_kiosk("lobby")
    for key, why in (
        ("x" * 43, "a made-up key"),
        (hall[:-1] + ("A" if hall[-1] != "A" else "B"), "a key one character off"),
        (door, "a revoked kiosk's key"),
        (lobby, "another kiosk's key"),
    ):
        response = take(server, key, kiosk="hall")
        assert response.status_code == 403, (why, response.text)
        assert error_code(response) == "kiosk_not_enrolled", why
    assert print_jobs(server) == 0
    assert take(server, hall, kiosk="hall").status_code == 201
    assert server.rows("SELECT printer FROM print_job") == [("hall",)]


def test_enrolling_a_kiosk_again_ends_its_old_device(server):
    old = server.enrol_kiosk("hall")
    new = server.enrol_kiosk("hall")
    assert take(server, old, kiosk="hall").status_code == 403
    assert take(server, new, kiosk="hall").status_code == 201
    assert print_jobs(server) == 1


def test_the_one_time_link_works_once(server):
    link = server.enrolment_link("hall")
    # Opening the page (as a chat app's link preview does) spends nothing.
    for _ in range(2):
        page = requests.get(link, timeout=10)
        assert page.status_code == 200 and "hall" in page.text
    first = redeem(server, code_of(link))
    assert first.status_code == 201, first.text
    second = redeem(server, code_of(link))
    assert second.status_code == 404 and error_code(second) == "enrolment_link_invalid"
    assert requests.get(link, timeout=10).status_code == 404
    # The first device's key works; nothing was stored that gives it away.
    key = first.json()["key"]
    assert take(server, key, kiosk="hall").status_code == 201
    stored = server.rows("SELECT key_hash, enrol_code_hash FROM kiosk WHERE name = 'hall'")
    assert stored[0][0] != key and key not in repr(server.rows("SELECT * FROM event"))


def test_the_one_time_link_expires(server):
    link = server.enrolment_link("hall")
    # An hour later (the server's clock is the real one: move the deadline instead).
    with closing(sqlite3.connect(server.db_path, timeout=10)) as db:
        db.execute("UPDATE kiosk SET enrol_expires_at = ? WHERE name = 'hall'", (int(time.time() * 1000) - 1,))
        db.commit()
    assert requests.get(link, timeout=10).status_code == 404
    response = redeem(server, code_of(link))
    assert response.status_code == 404 and error_code(response) == "enrolment_link_invalid"
    assert server.rows("SELECT key_hash FROM kiosk WHERE name = 'hall'") == [(None,)]


@pytest.mark.parametrize("code", ["", "x", "x" * 43, "x" * 5000])
def test_guessed_codes_are_refused_alike(server, code):
    response = redeem(server, code)
    assert response.status_code in (400, 404), response.text
    assert server.rows("SELECT count(*) FROM kiosk WHERE key_hash IS NOT NULL") == [(0,)]


def test_only_a_kiosk_enrolled_to_offer_priority_gives_priority_tickets(server):
    plain = server.enrol_kiosk("hall")
    desk = server.enrol_kiosk("desk", offers_priority=True)
    for key in (None, plain):
        response = take(server, key, priority=True)
        assert response.status_code == 403, response.text
    response = take(server, desk, kiosk="desk", priority=True)
    assert response.status_code == 201, response.text
    assert response.json()["ticket"]["priority"] is True
    assert requests.get(f"{server.api}/kiosks/me", headers={"X-Kiosk-Key": desk}, timeout=10).json() == {
        "kiosk": {"name": "desk", "offers_priority": True}
    }


def test_only_admins_enrol_and_revoke_kiosks(server):
    url = f"{server.api}/admin/kiosks"
    assert requests.post(url, json={"name": "hall"}, timeout=10).status_code == 401
    for user in ("supervisor", "officer1"):
        headers = bearer(server.login(user))
        assert requests.post(url, json={"name": "hall"}, headers=headers, timeout=10).status_code == 403
        assert requests.get(url, headers=headers, timeout=10).status_code == 403
        assert requests.post(f"{url}/hall/revoke", headers=headers, timeout=10).status_code == 403
    assert server.rows("SELECT count(*) FROM kiosk WHERE name = 'hall' AND enrol_code_hash IS NOT NULL") in (
        [(0,)],
        [(1,)],  # the demo's own pending link, if `init --demo` made one
    )
    admin = bearer(server.login("admin"))
    made = requests.post(url, json={"name": "hall", "offers_priority": False}, headers=admin, timeout=10)
    assert made.status_code == 201, made.text
    assert made.json()["qr_svg"].startswith("data:image/svg+xml;base64,")
    key = redeem(server, code_of(made.json()["link"])).json()["key"]
    assert take(server, key, kiosk="hall").status_code == 201


def test_the_cli_revokes_a_kiosk(server):
    key = server.enrol_kiosk("hall")
    result = subprocess.run(
        [*server.command, "kiosk", "revoke", "hall"], env=server.env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert take(server, key, kiosk="hall").status_code == 403
    kinds = [kind for (kind,) in server.rows("SELECT kind FROM event WHERE kind LIKE 'kiosk%' ORDER BY id")]
    assert kinds[-3:] == ["kiosk_enrolment_started", "kiosk_enrolled", "kiosk_revoked"]
