"""How tests/data/office-0.4.sql and office-0.4.postgresql.sql were made: release 0.4's office,
built by 0.4's own code (commit 8aad714, migrations 001..004), run from a worktree of it. Kept
for the record; it runs only against 0.4 (tests/test_upgrade.py's docstring has the whole recipe).

    git worktree add /tmp/ow/rel04 8aad714
    cd /tmp/ow/rel04 && PYTHONPATH=/tmp/ow/rel04 python /path/to/make_office_0_4.py sqlite:////tmp/office-0.4.sqlite3
    sqlite3 /tmp/office-0.4.sqlite3 .dump > tests/data/office-0.4.sql

The story is 0.3's (make_office_0_3.py), on the same day, 2 December 2026 in Phnom Penh, with a
server configured with ONEWINDOW_TIMEZONE=UTC; only the Idempotency-Keys (rel04-key-1..8) and the
secret key differ. What 0.4 adds: its migration 004_report_figures keeps the reports' figures as
tickets end, so the day writes figure_cell and figure_duration rows; and once a day is over, a
report that covers it writes the officers' time at the counters for that day (officer_day) and
marks the day written (officer_day_done). So, after 0.3's story:

    3 December, 10:00  supervisor logs in again and reads 2 December's summary
                       (GET /api/v1/reports/summary?from=2026-12-02&to=2026-12-02): served
                       service 1: 2, service 3: 1, service 8: 1; officer_day rows for officer1
                       at counter 1 and officer2 at counter 2, officer_day_done 2026-12-02

Ended on 2 December: 4 done (service 1: A001, A005; service 3: C001; service 8: A003), 1 no-show,
1 cancelled; H001 still being served, A004 and M001 still waiting. Every table then has rows
(the script checks it).
"""

import sys
from datetime import UTC, datetime

from argon2 import PasswordHasher

import office

assert office.__file__.startswith("/tmp/ow/rel04/"), office.__file__

from office import kiosks  # noqa: E402
from office.clock import FakeClock  # noqa: E402
from office.db import database  # noqa: E402
from office.demo import DEMO_PASSWORD, load_demo_office  # noqa: E402
from office.models import (  # noqa: E402
    Counter,
    Display,
    Kiosk,
    OfficerDay,
    OfficerDayDone,
    Service,
    Setting,
    Ticket,
    create_schema,
)
from onewindow import create_app  # noqa: E402

url = sys.argv[1]
clock = FakeClock(datetime(2026, 12, 2, 2, 0, tzinfo=UTC), "UTC")  # 09:00 in Phnom Penh
app = create_app(
    {
        "TESTING": True,
        "DATABASE_URL": url,
        "SECRET_KEY": "release-0.4-fixture",
        "CLOCK": clock,
        "TIMEZONE": "UTC",  # the server's; the administrator sets the office's below
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
    answer = ok(client.post("/api/v1/tickets", json={"service_id": service_id, "kiosk": "hall"}, headers=headers), 201)
    return answer["ticket"]


def login(username, password=DEMO_PASSWORD, status=200):
    answer = ok(client.post("/api/v1/login", json={"username": username, "password": password}), status)
    return {"Authorization": f"Bearer {answer['token']}"} if status == 200 else None


def act(ticket, action, staff, **body):
    return ok(client.post(f"/api/v1/tickets/{ticket['id']}/{action}", json=body or None, headers=staff))["ticket"]


def call_next(counter_id, staff):
    return ok(client.post(f"/api/v1/counters/{counter_id}/next", headers=staff))["ticket"]


# 09:00 the administrator sets the office up, as 0.4's admin pages do, before the first ticket.
admin = login("admin")
settings = ok(
    client.patch(
        "/api/v1/admin/settings",
        json={
            "office_name_en": "Daun Penh One Window Service Office",
            "office_name_km": "ការិយាល័យច្រកចេញចូលតែមួយ ខណ្ឌដូនពេញ",
            "timezone": "Asia/Phnom_Penh",
        },
        headers=admin,
    )
)
assert settings["timezone"] == "Asia/Phnom_Penh" and str(clock.zone) == "Asia/Phnom_Penh"
service = ok(
    client.patch(
        "/api/v1/admin/services/1",
        json={
            "documents_en": ["Original business certificate", "Copy to certify", "Owner's ID card"],
            "documents_km": ["វិញ្ញាបនបត្រអាជីវកម្មច្បាប់ដើម", "ច្បាប់ចម្លងដែលត្រូវបញ្ជាក់", "អត្តសញ្ញាណប័ណ្ណម្ចាស់"],
            "source_url": "https://daunpenh.gov.kh/owso/services/certified-copy",
        },
        headers=admin,
    )
)["service"]
assert service["fee_riel"] == 1000 and service["documents_en"][0] == "Original business certificate"
printer = {"printer": "network:192.168.1.50", "paper_width_mm": 58}
hall = ok(client.patch("/api/v1/admin/kiosks/hall", json=printer, headers=admin))["kiosk"]
assert (hall["printer"], hall["paper_width_mm"]) == ("network:192.168.1.50:9100", 58)
tv = {"name": "hall-tv", "counter_ids": [1, 2], "service_ids": [1, 8], "languages": ["km", "en"]}
assert ok(client.post("/api/v1/admin/displays", json=tv, headers=admin), 201)["display"]["name"] == "hall-tv"

# 09:00 the kiosk gives A001; its retry with the same key gets A001 again.
a001 = take(1, "rel04-key-1")
assert a001["number"] == "A001" and take(1, "rel04-key-1")["id"] == a001["id"]
clock.advance(minutes=1)  # 09:01
a002, a003, h001, b001 = (take(s, f"rel04-key-{n}") for n, s in ((2, 1), (3, 1), (4, 8), (5, 2)))
assert [t["number"] for t in (a002, a003, h001, b001)] == ["A002", "A003", "H001", "B001"]
clock.advance(minutes=1)  # 09:02 a wrong password, then the staff log in
login("officer1", "wrong-password", status=401)
officer1 = login("officer1")
officer2 = login("officer2")
supervisor = login("supervisor")
clock.advance(minutes=1)  # 09:03 officer1 gives a priority ticket at the desk
c001 = ok(client.post("/api/v1/tickets", json={"service_id": 3, "priority": True}, headers=officer1), 201)["ticket"]
assert c001["number"] == "C001"
clock.advance(minutes=1)  # 09:04 officer1 signs in at counter 1
ok(client.post("/api/v1/counters/1/sign-in", headers=officer1))
clock.advance(minutes=1)  # 09:05 the priority ticket first: called, served, finished
assert call_next(1, officer1)["number"] == "C001"
clock.advance(minutes=1)  # 09:06
act(c001, "start", officer1)
clock.advance(minutes=6)  # 09:12
assert act(c001, "finish", officer1)["status"] == "done"
clock.advance(minutes=1)  # 09:13 A001 called; not there yet, called again at 09:15; comes
assert call_next(1, officer1)["number"] == "A001"
clock.advance(minutes=2)  # 09:15
act(a001, "recall", officer1)
clock.advance(minutes=1)  # 09:16
act(a001, "start", officer1)
clock.advance(minutes=4)  # 09:20
assert act(a001, "finish", officer1)["status"] == "done"
clock.advance(minutes=1)  # 09:21 A002 called, and does not come
assert call_next(1, officer1)["number"] == "A002"
clock.advance(minutes=3)  # 09:24
assert act(a002, "no-show", officer1)["status"] == "no_show"
clock.advance(minutes=1)  # 09:25 A003 called, then sent to service 8 (H, land)
assert call_next(1, officer1)["number"] == "A003"
clock.advance(minutes=1)  # 09:26
assert act(a003, "transfer", officer1, service_id=8)["service_id"] == 8
clock.advance(minutes=1)  # 09:27 officer2 calls at counter 2 (signing in by the call): A003 keeps its place
assert call_next(2, officer2)["number"] == "A003"
clock.advance(minutes=1)  # 09:28
act(a003, "start", officer2)
clock.advance(minutes=1)  # 09:29 B001 gives up; service 1's fee goes up; the admin logs out
assert act(b001, "cancel", officer1)["status"] == "cancelled"
new_fee = ok(client.patch("/api/v1/admin/services/1", json={"fee_riel": 2000}, headers=admin))["service"]
assert new_fee["fee_riel"] == 2000
ok(client.post("/api/v1/logout", headers=admin))  # a revoked token
clock.advance(minutes=1)  # 09:30 more citizens
a004, a005, m001 = (take(s, f"rel04-key-{n}") for n, s in ((6, 1), (7, 1), (8, 13)))
assert [t["number"] for t in (a004, a005, m001)] == ["A004", "A005", "M001"]
clock.advance(minutes=1)  # 09:31 the supervisor calls A005 out of order, passing over A004
reason = {"ticket_id": a005["id"], "reason": "Elderly citizen with a walking stick"}
assert ok(client.post("/api/v1/counters/1/call", json=reason, headers=supervisor))["ticket"]["number"] == "A005"
clock.advance(minutes=1)  # 09:32
act(a005, "start", officer1)
clock.advance(minutes=3)  # 09:35
assert act(a003, "finish", officer2)["status"] == "done"
clock.advance(minutes=1)  # 09:36 counter 2 calls H001, and serves it from 09:37
assert call_next(2, officer2)["number"] == "H001"
clock.advance(minutes=1)  # 09:37
assert act(h001, "start", officer2)["status"] == "serving"
clock.advance(minutes=3)  # 09:40
assert act(a005, "finish", officer1)["status"] == "done"
clock.advance(minutes=1)  # 09:41 a break at counter 1
assert ok(client.post("/api/v1/counters/1/pause", headers=officer1))["counter"]["paused"]

with app.app_context(), database.connection_context():
    statuses = {t.number: t.status for t in Ticket.select()}
    assert statuses == {
        "A001": "done", "A002": "no_show", "A003": "done", "A004": "waiting", "A005": "done",
        "B001": "cancelled", "C001": "done", "H001": "serving", "M001": "waiting",
    }, statuses  # fmt: skip
    assert {t.number: t.fee_riel for t in Ticket.select().where(Ticket.number.startswith("A"))} == {
        "A001": 1000, "A002": 1000, "A003": 1000, "A004": 2000, "A005": 2000,
    }  # fmt: skip
    assert Counter.get_by_id(1).paused and Display.select().count() == 1
    assert (Kiosk.get(Kiosk.name == "hall").paper_width_mm, Service.get_by_id(1).documents_km is not None) == (58, True)
    assert {s.key for s in Setting.select()} == {"office_name_en", "office_name_km", "timezone"}
# The next day, 3 December at 10:00: the supervisor reads 2 December's summary. The day is over,
# so 0.4's reports write its officers' time (officer_day) and mark it written (officer_day_done).
clock.advance(hours=24, minutes=19)  # 10:00 on 3 December
supervisor = login("supervisor")
summary = ok(client.get("/api/v1/reports/summary?from=2026-12-02&to=2026-12-02", headers=supervisor))
assert {row["service_id"]: row["served"] for row in summary["services"]} == {1: 2, 2: 0, 3: 1, 8: 1, 13: 0}

with app.app_context(), database.connection_context():
    assert {d.day.isoformat() for d in OfficerDayDone.select()} == {"2026-12-02"}
    assert {(d.officer_id, d.counter_id) for d in OfficerDay.select()} >= {(3, 1), (4, 2)}
    count = 'SELECT COUNT(*) FROM "{}"'
    rows = {table: database.execute_sql(count.format(table)).fetchone()[0] for table in database.get_tables()}
    print(rows)
    empty = sorted(table for table, n in rows.items() if n == 0)
    assert not empty, empty  # every table of 0.4 has rows
    assert {"figure_cell", "figure_duration", "officer_day", "officer_day_done"} <= set(rows)
print("office of release 0.4 written to", url)
