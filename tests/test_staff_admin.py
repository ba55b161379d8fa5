"""The administrator's staff (/api/v1/admin/users, office/users.py): adding an account, changing
its role, resetting its password, disabling and enabling it. Each change is an Event (who,
before -> after) written with it; the last active admin stays; a disabled or reset account is
logged out of its pages and its tokens at once; bad input is a 400 naming the field and
writes nothing."""

import pytest

from office.db import database
from office.demo import DEMO_PASSWORD
from office.models import ApiToken, Event, User
from tests.test_counter_pages import csrf_token, log_in

USERS = "/api/v1/admin/users"


@pytest.fixture
def admin(login):
    return login("admin")


def user_id(username: str) -> int:
    with database.connection_context():
        return User.get(User.username == username).id


def events(kind: str) -> list[Event]:
    with database.connection_context():
        return list(Event.select().where(Event.kind == kind).order_by(Event.id))


def row(username: str) -> User:
    with database.connection_context():
        return User.get(User.username == username)


def test_the_admin_lists_every_account_without_its_password(client, admin):
    response = client.get(USERS, headers=admin)
    assert response.status_code == 200
    users = {user["username"]: user for user in response.json["users"]}
    assert set(users) == {"admin", "supervisor", "officer1", "officer2", "officer3", "officer4"}
    assert users["officer1"] == {"id": user_id("officer1"), "username": "officer1", "role": "officer", "active": True}
    assert "hash" not in response.get_data(as_text=True) and "argon2" not in response.get_data(as_text=True)


@pytest.mark.parametrize("username", ["supervisor", "officer1"])
def test_officers_and_supervisors_may_not_touch_staff(client, login, username):
    headers = login(username)
    assert client.get(USERS, headers=headers).status_code == 403
    new = {"username": "sokha", "password": "long-password", "role": "admin"}
    assert client.post(USERS, json=new, headers=headers).status_code == 403
    assert client.patch(f"{USERS}/1", json={"role": "admin"}, headers=headers).status_code == 403
    assert client.post(f"{USERS}/1/password", json={"password": "x" * 10}, headers=headers).status_code == 403
    assert not events("user_added")[6:]  # only the demo's six


def test_adding_a_user_records_who_added_it_and_the_new_user_can_log_in(client, admin):
    response = client.post(
        USERS, json={"username": "Sokha", "password": "long-password", "role": "officer"}, headers=admin
    )
    assert response.status_code == 201, response.json
    assert response.json["user"]["username"] == "sokha"  # normalised
    event = events("user_added")[-1]
    assert event.actor_id == user_id("admin")
    assert event.details["name"] == "sokha"
    assert event.details["changes"]["role"] == {"before": None, "after": "officer"}
    assert "password" not in str(event.details)
    login = client.post("/api/v1/login", json={"username": "sokha", "password": "long-password"})
    assert login.status_code == 200


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"username": "sokha", "password": "short", "role": "officer"}, "password"),
        ({"username": "sokha", "password": "        ", "role": "officer"}, "password"),
        ({"username": "sokha", "password": "long-password", "role": "boss"}, "role"),
        ({"username": "so kha", "password": "long-password", "role": "officer"}, "username"),
        ({"username": "   ", "password": "long-password", "role": "officer"}, "username"),
        ({"username": "sokha", "password": 12345678, "role": "officer"}, "password"),
        ({"password": "long-password", "role": "officer"}, "username"),
    ],
)
def test_a_bad_new_user_is_a_400_naming_its_field_and_adds_nobody(client, admin, body, field):
    response = client.post(USERS, json=body, headers=admin)
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == field
    with database.connection_context():
        assert User.select().count() == 6
    assert len(events("user_added")) == 6


def test_a_taken_or_look_alike_username_is_a_409_on_the_username_field(client, admin):
    taken = client.post(
        USERS, json={"username": "OFFICER1", "password": "long-password", "role": "officer"}, headers=admin
    )
    assert taken.status_code == 409
    assert taken.json["error"] == {
        "code": "user_exists",
        "message": "user 'officer1' already exists",
        "field": "username",
    }
    alike = client.post(
        USERS, json={"username": "officerl", "password": "long-password", "role": "officer"}, headers=admin
    )
    assert alike.status_code == 409 and alike.json["error"]["code"] == "username_look_alike"


def test_changing_a_role_records_before_and_after(client, admin):
    officer = user_id("officer2")
    response = client.patch(f"{USERS}/{officer}", json={"role": "supervisor"}, headers=admin)
    assert response.status_code == 200
    assert response.json["user"]["role"] == "supervisor"
    event = events("user_changed")[-1]
    assert event.actor_id == user_id("admin")
    assert event.details["changes"] == {"role": {"before": "officer", "after": "supervisor"}}
    assert row("officer2").role == "supervisor"


def test_the_new_role_counts_from_the_next_request(client, login, admin):
    supervisor = login("supervisor")
    assert client.get("/api/v1/overview", headers=supervisor).status_code == 200
    client.patch(f"{USERS}/{user_id('supervisor')}", json={"role": "admin"}, headers=admin)
    assert client.get(USERS, headers=supervisor).status_code == 200


def test_the_last_active_admin_can_be_neither_demoted_nor_disabled(client, admin):
    me = user_id("admin")
    for change in ({"role": "officer"}, {"active": False}):
        response = client.patch(f"{USERS}/{me}", json=change, headers=admin)
        assert response.status_code == 409, change
        assert response.json["error"]["code"] == "last_admin"
        assert "last active admin" in response.json["error"]["message"]
    assert row("admin").role == "admin" and row("admin").active
    assert not events("user_changed") and not events("user_disabled")


def test_with_a_second_admin_the_first_may_step_down(client, admin):
    client.patch(f"{USERS}/{user_id('supervisor')}", json={"role": "admin"}, headers=admin)
    response = client.patch(f"{USERS}/{user_id('admin')}", json={"role": "supervisor"}, headers=admin)
    assert response.status_code == 200
    assert client.get(USERS, headers=admin).status_code == 403  # no longer an admin, from now on


def test_a_disabled_admin_does_not_count_as_the_other_admin(client, admin):
    other = user_id("supervisor")
    client.patch(f"{USERS}/{other}", json={"role": "admin"}, headers=admin)
    assert client.patch(f"{USERS}/{other}", json={"active": False}, headers=admin).status_code == 200
    assert client.patch(f"{USERS}/{user_id('admin')}", json={"active": False}, headers=admin).status_code == 409


def test_disabling_ends_the_users_page_session_and_token_at_once(app, client, login, admin):
    officer_token = login("officer1")
    page = app.test_client()
    log_in(page, "officer1")
    assert page.get("/counter").status_code == 200
    assert client.get("/api/v1/me", headers=officer_token).status_code == 200

    response = client.patch(f"{USERS}/{user_id('officer1')}", json={"active": False}, headers=admin)
    assert response.status_code == 200
    assert response.json["user"]["active"] is False

    assert client.get("/api/v1/me", headers=officer_token).status_code == 401
    assert page.get("/counter").status_code == 302  # to the login page
    assert "/login" in page.get("/counter").headers["Location"]
    assert page.get("/api/v1/me").status_code == 401
    relogin = client.post("/api/v1/login", json={"username": "officer1", "password": DEMO_PASSWORD})
    assert relogin.status_code == 401


def test_disabling_keeps_the_disabled_user_as_the_events_actor_and_the_admin_as_by(client, admin):
    officer = user_id("officer3")
    client.patch(f"{USERS}/{officer}", json={"active": False}, headers=admin)
    event = events("user_disabled")[-1]
    assert event.actor_id == officer  # the /counter namespace closes this user's sockets
    assert event.details["by"] == user_id("admin")
    assert event.details["changes"] == {"active": {"before": True, "after": False}}


def test_enabling_lets_the_user_log_in_again(client, admin):
    officer = user_id("officer4")
    client.patch(f"{USERS}/{officer}", json={"active": False}, headers=admin)
    response = client.patch(f"{USERS}/{officer}", json={"active": True}, headers=admin)
    assert response.status_code == 200 and response.json["user"]["active"] is True
    assert events("user_enabled")[-1].details["changes"] == {"active": {"before": False, "after": True}}
    login = client.post("/api/v1/login", json={"username": "officer4", "password": DEMO_PASSWORD})
    assert login.status_code == 200


def test_resetting_a_password_ends_the_old_sessions_and_the_new_one_works(app, client, login, admin):
    officer_token = login("officer2")
    page = app.test_client()
    log_in(page, "officer2")
    officer = user_id("officer2")
    response = client.post(f"{USERS}/{officer}/password", json={"password": "a-new-password"}, headers=admin)
    assert response.status_code == 200
    assert response.json["user"] == {"id": officer, "username": "officer2", "role": "officer", "active": True}

    assert client.get("/api/v1/me", headers=officer_token).status_code == 401
    assert page.get("/counter").status_code == 302
    old = client.post("/api/v1/login", json={"username": "officer2", "password": DEMO_PASSWORD})
    assert old.status_code == 401
    new = client.post("/api/v1/login", json={"username": "officer2", "password": "a-new-password"})
    assert new.status_code == 200
    event = events("user_password_reset")[-1]
    assert event.actor_id == user_id("admin") and event.details["name"] == "officer2"
    assert event.details["tokens_revoked"] == 1
    assert "a-new-password" not in str(event.details) and "argon2" not in str(event.details)


def test_a_too_short_password_is_a_400_and_changes_nothing(client, login, admin):
    officer_token = login("officer2")
    before = row("officer2").password_hash
    response = client.post(f"{USERS}/{user_id('officer2')}/password", json={"password": "short"}, headers=admin)
    assert response.status_code == 400
    assert response.json["error"]["field"] == "password"
    assert row("officer2").password_hash == before
    assert client.get("/api/v1/me", headers=officer_token).status_code == 200
    assert not events("user_password_reset")


@pytest.mark.parametrize(
    ("body", "field"),
    [({"role": "boss"}, "role"), ({"active": "no"}, "active"), ({}, "role"), ({"role": None}, "role")],
)
def test_a_bad_change_is_a_400_naming_its_field(client, admin, body, field):
    response = client.patch(f"{USERS}/{user_id('officer1')}", json=body, headers=admin)
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == field
    assert row("officer1").role == "officer" and row("officer1").active


def test_an_unknown_user_is_404(client, admin):
    assert client.patch(f"{USERS}/4242", json={"role": "admin"}, headers=admin).status_code == 404
    assert client.post(f"{USERS}/4242/password", json={"password": "long-password"}, headers=admin).status_code == 404


def test_a_page_session_changes_staff_only_with_the_pages_csrf_token(app):
    page = app.test_client()
    log_in(page, "admin")
    officer = user_id("officer1")
    refused = page.patch(f"{USERS}/{officer}", json={"active": False})
    assert refused.status_code == 403 and refused.json["error"]["code"] == "csrf"
    token = csrf_token(page.get("/admin"))
    done = page.patch(f"{USERS}/{officer}", json={"active": False}, headers={"X-CSRFToken": token})
    assert done.status_code == 200


def test_the_tokens_of_a_disabled_user_are_revoked_rows(client, login, admin):
    login("officer1")
    login("officer1")
    client.patch(f"{USERS}/{user_id('officer1')}", json={"active": False}, headers=admin)
    with database.connection_context():
        live = ApiToken.select().where((ApiToken.user == user_id("officer1")) & ApiToken.revoked_at.is_null())
        assert live.count() == 0
    assert events("user_disabled")[-1].details["tokens_revoked"] == 2


def test_the_answers_match_the_openapi_document(client, login, admin):
    from tests.test_openapi import _checker

    check = _checker(client.get("/api/v1/openapi.json").json)
    officer = user_id("officer1")
    check(client.get(USERS, headers=admin), "get", "/admin/users")
    check(client.get(USERS, headers=login("officer2")), "get", "/admin/users")
    new = {"username": "sokha", "password": "long-password", "role": "officer"}
    check(client.post(USERS, json=new, headers=admin), "post", "/admin/users")
    check(client.post(USERS, json=new, headers=admin), "post", "/admin/users")
    check(client.post(USERS, json={**new, "password": "short"}, headers=admin), "post", "/admin/users")
    check(
        client.patch(f"{USERS}/{officer}", json={"role": "supervisor"}, headers=admin),
        "patch",
        "/admin/users/{user_id}",
    )
    check(client.patch(f"{USERS}/4242", json={"role": "admin"}, headers=admin), "patch", "/admin/users/{user_id}")
    me = user_id("admin")
    check(client.patch(f"{USERS}/{me}", json={"active": False}, headers=admin), "patch", "/admin/users/{user_id}")
    path = "/admin/users/{user_id}/password"
    check(client.post(f"{USERS}/{officer}/password", json={"password": "long-password"}, headers=admin), "post", path)
    check(client.post(f"{USERS}/4242/password", json={"password": "long-password"}, headers=admin), "post", path)
    check(client.get("/api/v1/admin/settings", headers=admin), "get", "/admin/settings")
    week = {day: ["07:30", "17:00"] for day in ("mon", "tue", "wed", "thu", "fri", "sat")} | {"sun": None}
    body = {"public_url": "https://owso.example", "opening_hours": week, "announce_languages": ["en"]}
    check(client.patch("/api/v1/admin/settings", json=body, headers=admin), "patch", "/admin/settings")
    check(
        client.patch("/api/v1/admin/settings", json={"timezone": "Nowhere"}, headers=admin), "patch", "/admin/settings"
    )
    check(client.get("/api/v1/admin/history?limit=3", headers=admin), "get", "/admin/history")
    check(client.get("/api/v1/admin/history?kind=nothing", headers=admin), "get", "/admin/history")
