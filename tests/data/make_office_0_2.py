"""How tests/data/office-0.2.sql and office-0.2.postgresql.sql were made: release 0.2's office,
built by 0.2's own code (commit 3fe4f63), run from a worktree of it. Kept for the record; it
runs only against 0.2 (tests/test_upgrade.py's docstring has the whole recipe).

    git worktree add /tmp/ow/rel02 3fe4f63
    cd /tmp/ow/rel02 && PYTHONPATH=/tmp/ow/rel02 python /path/to/make_office_0_2.py sqlite:////tmp/office-0.2.sqlite3
    sqlite3 /tmp/office-0.2.sqlite3 .dump > tests/data/office-0.2.sql
"""

import sys
from datetime import UTC, datetime

from argon2 import PasswordHasher

import office

assert office.__file__.startswith("/tmp/ow/rel02/"), office.__file__

from office import kiosks  # noqa: E402
from office.clock import FakeClock  # noqa: E402
from office.db import database  # noqa: E402
from office.demo import DEMO_PASSWORD, load_demo_office  # noqa: E402
from office.models import create_schema  # noqa: E402
from onewindow import create_app  # noqa: E402

url = sys.argv[1]
clock = FakeClock(datetime(2026, 12, 1, 2, 0, tzinfo=UTC), "Asia/Phnom_Penh")  # 09:00 in Phnom Penh
app = create_app(
    {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "release-0.2-fixture",
        "CLOCK": clock,
        "PASSWORD_HASHER": PasswordHasher(),
        "ASYNC_MODE": "threading",
        "DISPLAY_WAITING_DELAY_S": 0,
        "COUNTER_WAITING_DELAY_S": 0,
        "KIOSK_WAITING_DELAY_S": 0,
        "TICKET_STATUS_DELAY_S": 0,
        "COUNTER_SESSION_CHECK_S": 0,
    }
)
bus = app.extensions["onewindow.events"]
client = app.test_client()

# onewindow init --demo: the schema, the demo office, kiosk "hall" enrolled (its link opened).
with app.app_context():
    assert create_schema() == []
    with database.connection_context():
        assert load_demo_office(hasher=app.config["PASSWORD_HASHER"])
        _kiosk, code = kiosks.enrol("hall", clock=clock, bus=bus)
        _kiosk, kiosk_key = kiosks.redeem(code, clock=clock, bus=bus)


def ok(response, status=200):
    assert response.status_code == status, (response.status_code, response.json)
    return response.json


def take(service_id, key):
    headers = {"X-Kiosk-Key": kiosk_key, "Idempotency-Key": key}
    return ok(client.post("/api/v1/tickets", json={"service_id": service_id, "kiosk": "hall"}, headers=headers), 201)


def login(username, password=DEMO_PASSWORD, status=200):
    answer = ok(client.post("/api/v1/login", json={"username": username, "password": password}), status)
    return {"Authorization": f"Bearer {answer['token']}"} if status == 200 else None


# 09:00 the kiosk gives A001; its retry with the same key gets A001 again.
assert take(1, "rel02-key-1")["ticket"]["number"] == "A001"
assert take(1, "rel02-key-1")["ticket"]["number"] == "A001"
clock.advance(minutes=1)  # 09:01
assert take(1, "rel02-key-2")["ticket"]["number"] == "A002"
assert take(1, "rel02-key-3")["ticket"]["number"] == "A003"
assert take(2, "rel02-key-4")["ticket"]["number"] == "B001"
clock.advance(minutes=1)  # 09:02 a wrong password, then the officers log in
login("officer1", "wrong-password", status=401)
officer1 = login("officer1")
officer2 = login("officer2")
supervisor = login("supervisor")
ok(client.post("/api/v1/logout", headers=supervisor))  # a revoked token
clock.advance(minutes=1)  # 09:03 officer1 gives a priority ticket at the desk
priority = ok(client.post("/api/v1/tickets", json={"service_id": 3, "priority": True}, headers=officer1), 201)
assert priority["ticket"]["number"] == "C001"
clock.advance(minutes=1)  # 09:04 officer1 signs in at counter 1
ok(client.post("/api/v1/counters/1/sign-in", headers=officer1))
clock.advance(minutes=1)  # 09:05 the priority ticket first: called, served, finished
assert ok(client.post("/api/v1/counters/1/next", headers=officer1))["ticket"]["number"] == "C001"
clock.advance(minutes=1)
ok(client.post(f"/api/v1/tickets/{priority['ticket']['id']}/start", headers=officer1))
clock.advance(minutes=6)  # 09:12
ok(client.post(f"/api/v1/tickets/{priority['ticket']['id']}/finish", headers=officer1))
clock.advance(minutes=1)  # 09:13 A001 called, and does not come
a001 = ok(client.post("/api/v1/counters/1/next", headers=officer1))["ticket"]
assert a001["number"] == "A001"
clock.advance(minutes=3)  # 09:16
ok(client.post(f"/api/v1/tickets/{a001['id']}/no-show", headers=officer1))
clock.advance(minutes=1)  # 09:17 A002 called, then sent to service 5 (E)
a002 = ok(client.post("/api/v1/counters/1/next", headers=officer1))["ticket"]
assert a002["number"] == "A002"
clock.advance(minutes=1)  # 09:18
ok(client.post(f"/api/v1/tickets/{a002['id']}/transfer", json={"service_id": 5}, headers=officer1))
clock.advance(minutes=2)  # 09:20 officer2 calls at counter 2 (signing in by the call) and serves A002
called = ok(client.post("/api/v1/counters/2/next", headers=officer2))["ticket"]
assert called["number"] == "A002", called
clock.advance(minutes=1)  # 09:21
ok(client.post(f"/api/v1/tickets/{called['id']}/start", headers=officer2))
print("office of release 0.2 written to", url)
