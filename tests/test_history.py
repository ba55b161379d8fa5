"""The history of the administration's changes (/api/v1/admin/history, office/history.py):
newest first, a page at a time, filtered by kind; who (the admin, also for a disabled user),
when (in the office's time zone), what, and before -> after; nothing but changes."""

import pytest

from office import kiosks
from office.db import database
from office.models import User
from office.users import disable_user

HISTORY = "/api/v1/admin/history"
USERS = "/api/v1/admin/users"


@pytest.fixture
def admin(login):
    return login("admin")


def user_id(username: str) -> int:
    with database.connection_context():
        return User.get(User.username == username).id


def entries(client, admin, query: str = "") -> list[dict]:
    response = client.get(f"{HISTORY}{query}", headers=admin)
    assert response.status_code == 200, response.json
    return response.json["entries"]


def test_each_change_is_listed_newest_first_with_who_what_and_before_after(client, admin, clock):
    client.post(USERS, json={"username": "sokha", "password": "long-password", "role": "officer"}, headers=admin)
    clock.advance(minutes=5)
    client.patch(f"{USERS}/{user_id('sokha')}", json={"role": "supervisor"}, headers=admin)
    clock.advance(minutes=5)
    client.patch("/api/v1/admin/settings", json={"office_name_en": "Daun Penh OWSO"}, headers=admin)
    client.post("/api/v1/tickets", json={"service_id": 1})  # a ticket is no change of the office's

    settings, role, added = entries(client, admin)[:3]
    assert settings["kind"] == "settings_changed" and settings["who"] == "admin" and settings["what"] == "settings"
    assert settings["changes"] == [
        {"field": "office_name_en", "before": "One Window Service Office (demo)", "after": "Daun Penh OWSO"}
    ]
    assert settings["at"] == "2026-11-25T02:10:00.000Z"
    assert settings["at_local"] == "2026-11-25 09:10"  # Phnom Penh
    assert role["kind"] == "user_changed" and role["name"] == "sokha" and role["subject_id"] == user_id("sokha")
    assert role["changes"] == [{"field": "role", "before": "officer", "after": "supervisor"}]
    assert added["kind"] == "user_added" and added["who"] == "admin"
    assert {"field": "role", "before": None, "after": "officer"} in added["changes"]
    assert all(entry["kind"] != "ticket_issued" for entry in entries(client, admin, "?limit=200"))


def test_a_disabled_user_is_listed_as_disabled_by_the_admin(client, admin, clock, bus):
    client.patch(f"{USERS}/{user_id('officer1')}", json={"active": False}, headers=admin)
    with database.connection_context():
        disable_user("officer2", clock=clock, bus=bus)  # from the command line: nobody in particular
    by_cli, by_admin = entries(client, admin, "?kind=user_disabled")
    assert by_admin["who"] == "admin" and by_admin["name"] == "officer1"
    assert by_admin["changes"] == [{"field": "active", "before": True, "after": False}]
    assert by_admin["notes"] == {"tokens_revoked": 0}
    assert by_cli["who"] is None and by_cli["name"] == "officer2"


def test_a_disabling_recorded_before_this_release_names_its_user(client, admin, clock):
    from office.models import Event

    with database.connection_context():
        Event.create(
            at=clock(), kind="user_disabled", actor=user_id("officer4"), details={"by": None, "tokens_revoked": 1}
        )
    [entry] = entries(client, admin, "?kind=user_disabled")
    assert (entry["name"], entry["subject_id"], entry["who"]) == ("officer4", user_id("officer4"), None)
    assert entry["changes"] == [{"field": "active", "before": True, "after": False}]


def test_the_kiosk_events_read_as_changes_too(client, admin, clock, bus):
    with database.connection_context():
        _kiosk, code = kiosks.enrol("hall-2", offers_priority=True, clock=clock, bus=bus)
        kiosks.redeem(code, clock=clock, bus=bus)
        kiosks.revoke("hall-2", actor_id=user_id("admin"), clock=clock, bus=bus)
    revoked, enrolled = entries(client, admin)[:2]
    assert revoked["kind"] == "kiosk_revoked" and revoked["what"] == "kiosk" and revoked["name"] == "hall-2"
    assert revoked["who"] == "admin"
    assert revoked["changes"] == [{"field": "had_key", "before": None, "after": True}]
    assert enrolled["kind"] == "kiosk_enrolled" and enrolled["name"] == "hall-2" and enrolled["who"] is None
    assert enrolled["changes"] == [{"field": "offers_priority", "before": None, "after": True}]


def test_the_history_comes_a_page_at_a_time(client, admin):
    for role in ("supervisor", "officer", "supervisor", "officer", "supervisor"):
        client.patch(f"{USERS}/{user_id('officer3')}", json={"role": role}, headers=admin)
    everything = entries(client, admin, "?limit=200")
    seen, before = [], None
    while True:
        query = "?limit=4" + (f"&before={before}" if before else "")
        page = client.get(f"{HISTORY}{query}", headers=admin).json
        assert len(page["entries"]) <= 4
        seen += page["entries"]
        before = page["next_before"]
        if before is None:
            break
    assert [entry["id"] for entry in seen] == [entry["id"] for entry in everything]
    assert [entry["id"] for entry in seen] == sorted((entry["id"] for entry in seen), reverse=True)
    assert len(seen) == 6 + 5  # the demo's six accounts, five role changes


def test_the_history_filters_by_kind(client, admin):
    client.patch(f"{USERS}/{user_id('officer3')}", json={"role": "supervisor"}, headers=admin)
    client.patch("/api/v1/admin/settings", json={"announce_languages": ["km"]}, headers=admin)
    changed = entries(client, admin, "?kind=settings_changed")
    assert [entry["kind"] for entry in changed] == ["settings_changed"]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?limit=0", "limit"),
        ("?limit=201", "limit"),
        ("?limit=ten", "limit"),
        ("?before=0", "before"),
        ("?kind=ticket_issued", "kind"),
    ],
)
def test_a_bad_query_is_a_400_naming_its_field(client, admin, query, field):
    response = client.get(f"{HISTORY}{query}", headers=admin)
    assert response.status_code == 400
    assert response.json["error"]["field"] == field


@pytest.mark.parametrize("username", ["supervisor", "officer1"])
def test_only_admins_read_the_history(client, login, username):
    assert client.get(HISTORY, headers=login(username)).status_code == 403


def test_the_administrations_home_shows_the_latest_changes(app, client, admin):
    from tests.test_counter_pages import log_in

    client.patch(f"{USERS}/{user_id('officer3')}", json={"active": False}, headers=admin)
    page = app.test_client()
    log_in(page, "admin")
    html = page.get("/admin").get_data(as_text=True)
    recent = html.split('id="recent-changes"', 1)[1]
    assert 'data-kind="user_disabled"' in recent
    assert "<strong>officer3</strong>" in recent and ">admin</span>" in recent
    assert "Staff member disabled" in recent
    assert recent.index('data-kind="user_disabled"') < recent.index('data-kind="user_added"')  # newest first


@pytest.mark.parametrize("path", ["/admin/users", "/admin/settings", "/admin/history"])
def test_the_pages_are_for_admins_in_khmer_and_english(app, path):
    from tests.test_counter_pages import log_in

    officer = app.test_client()
    log_in(officer, "supervisor")
    assert officer.get(path).status_code == 403
    admin_page = app.test_client()
    log_in(admin_page, "admin")
    response = admin_page.get(path)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert '<span lang="km">' in html and '<span lang="en">' in html
    assert "onclick" not in html and "style=" not in html  # the CSP allows neither
