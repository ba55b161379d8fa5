"""Named TV displays: the administrator's API (/api/v1/admin/displays), the TV page that
takes a display's settings from the database (/display?name=…), and its /display connection,
which follows those settings and hears when they change."""

import json
import re

import pytest

from office.demo import DEMO_PASSWORD
from office.limits import FILTER_IDS_MAX
from office.models import Display, Event
from tests.test_openapi import _checker

API = "/api/v1/admin/displays"
CSRF_FIELD = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


@pytest.fixture
def admin(login):
    return login("admin")


def add(client, admin, **body):
    return client.post(API, json={"name": "hall-tv", "counter_ids": [1, 2], "languages": ["en"], **body}, headers=admin)


def change(client, admin, display_id, **body):
    return client.patch(f"{API}/{display_id}", json=body, headers=admin)


def page_config(response) -> dict:
    match = re.search(r'<script type="application/json" id="config">(.*?)</script>', response.text, re.S)
    assert match, response.text[:500]
    return json.loads(match.group(1))


def kinds():
    return [e.kind for e in Event.select().where(Event.kind.startswith("display_")).order_by(Event.id)]


def test_an_admin_names_a_display_and_gets_the_address_to_open_on_the_tv(client, admin):
    response = add(client, admin, service_ids=[5])
    assert response.status_code == 201, response.json
    display = response.json["display"]
    assert display == {
        "id": display["id"],
        "name": "hall-tv",
        "counter_ids": [1, 2],
        "service_ids": [5],
        "languages": ["en"],
        "active": True,
        "url": "http://localhost/display?name=hall-tv",
    }
    [event] = Event.select().where(Event.kind == "display_added")
    assert event.actor.username == "admin" and event.details["changes"]["counter_ids"]["after"] == [1, 2]
    assert client.get(API, headers=admin).json["displays"] == [display]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": "hall tv"}, "name"),  # it goes into an address
        ({"name": ""}, "name"),
        ({"counter_ids": [99]}, "counter_ids"),
        ({"service_ids": [999]}, "service_ids"),
        ({"counter_ids": list(range(1, FILTER_IDS_MAX + 2))}, "counter_ids"),
        ({"languages": ["fr"]}, "languages.0"),
        ({"languages": "km"}, "languages"),
        ({"active": 1}, "active"),
    ],
)
def test_bad_input_is_a_400_naming_its_field_and_adds_nothing(client, admin, body, field):
    response = add(client, admin, **body)
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == field
    assert Display.select().count() == 0 and kinds() == []


def test_two_displays_never_share_a_name(client, admin):
    first = add(client, admin).json["display"]
    taken = add(client, admin)
    assert taken.status_code == 400 and taken.json["error"]["code"] == "name_taken"
    other = add(client, admin, name="door-tv").json["display"]
    renamed = change(client, admin, other["id"], name="hall-tv")
    assert renamed.status_code == 400 and renamed.json["error"]["field"] == "name"
    assert Display.get_by_id(first["id"]).name == "hall-tv" and Display.get_by_id(other["id"]).name == "door-tv"


def test_a_change_is_recorded_once_and_a_bad_one_changes_nothing(client, admin):
    display_id = add(client, admin).json["display"]["id"]
    changed = change(client, admin, display_id, counter_ids=[3], languages=["km", "en"])
    assert changed.status_code == 200, changed.json
    assert changed.json["display"]["counter_ids"] == [3] and changed.json["display"]["languages"] == ["km", "en"]
    assert change(client, admin, display_id, counter_ids=[3]).status_code == 200  # the same: nothing to record
    refused = change(client, admin, display_id, counter_ids=[1], service_ids=[999])
    assert refused.status_code == 400 and refused.json["error"]["field"] == "service_ids"
    assert Display.get_by_id(display_id).counter_ids == [3]
    assert kinds() == ["display_added", "display_changed"]
    assert change(client, admin, 999, name="x").status_code == 404


def test_officers_and_supervisors_may_not(client, login):
    for username in ("officer1", "supervisor"):
        headers = login(username)
        assert client.get(API, headers=headers).status_code == 403
        assert client.post(API, json={"name": "tv"}, headers=headers).status_code == 403
    assert Display.select().count() == 0


def test_the_tv_page_of_a_named_display_takes_its_settings_from_the_database(client, admin):
    add(client, admin, languages=["en"])
    config = page_config(client.get("/display?name=hall-tv&counters=4&lang=km"))
    assert config["socketQuery"] == {"display": "hall-tv"}  # the other parameters are ignored
    assert config["display"] == "hall-tv" and config["languages"] == ["en"]
    display_id = Display.get(Display.name == "hall-tv").id
    change(client, admin, display_id, languages=[])
    assert page_config(client.get("/display?name=hall-tv"))["languages"] == ["km", "en"]  # the office's
    assert page_config(client.get("/display?counters=1"))["socketQuery"] == {"counters": "1"}  # as before


def test_an_unknown_or_retired_display_is_a_404_page_that_says_so(client, admin):
    missing = client.get("/display?name=nowhere")
    assert missing.status_code == 404
    assert "There is no TV display named nowhere." in missing.text
    assert '<meta http-equiv="refresh" content="60">' in missing.text  # a TV left there looks again
    display_id = add(client, admin).json["display"]["id"]
    change(client, admin, display_id, active=False)
    retired = client.get("/display?name=hall-tv")
    assert retired.status_code == 404 and "The TV display hall-tv is not in use." in retired.text


def test_the_tv_follows_its_settings_and_hears_when_they_change(app, client, admin, login):
    display_id = add(client, admin, counter_ids=[1], languages=["en"]).json["display"]["id"]
    socketio = app.extensions["socketio"]
    tv = socketio.test_client(app, namespace="/display", query_string="display=hall-tv")
    [snapshot] = [m["args"][0] for m in tv.get_received("/display") if m["name"] == "snapshot"]
    assert snapshot["follow"]["counter_ids"] == [1]
    assert snapshot["display"]["languages"] == ["en"]

    officer = login("officer2")
    client.post("/api/v1/tickets", json={"service_id": 1})
    client.post("/api/v1/counters/2/next", headers=officer)  # counter 2: not this TV's
    assert not [m for m in tv.get_received("/display") if m["name"] == "called"]

    change(client, admin, display_id, counter_ids=[2], name="hall-2")
    heard = [m["args"][0] for m in tv.get_received("/display") if m["name"] == "reconfigured"]
    assert heard == [{"name": "hall-2"}]
    renamed = socketio.test_client(app, namespace="/display", query_string="display=hall-2")
    [snapshot] = [m["args"][0] for m in renamed.get_received("/display") if m["name"] == "snapshot"]
    assert snapshot["follow"]["counter_ids"] == [2] and [c["counter_id"] for c in snapshot["calls"]] == [2]


def test_a_tv_naming_no_display_in_use_is_refused(app, client, admin):
    socketio = app.extensions["socketio"]
    assert not socketio.test_client(app, namespace="/display", query_string="display=nowhere").is_connected("/display")
    display_id = add(client, admin).json["display"]["id"]
    assert socketio.test_client(app, namespace="/display", query_string="display=hall-tv").is_connected("/display")
    change(client, admin, display_id, active=False)
    assert not socketio.test_client(app, namespace="/display", query_string="display=hall-tv").is_connected("/display")


def test_the_answers_are_those_the_openapi_document_describes(client, admin, login):
    check = _checker(client.get("/api/v1/openapi.json").json)
    added = check(add(client, admin), "post", "/admin/displays")["display"]
    check(add(client, admin), "post", "/admin/displays")  # the name is taken
    check(client.get(API, headers=admin), "get", "/admin/displays")
    check(client.get(API, headers=login("officer1")), "get", "/admin/displays")
    check(change(client, admin, added["id"], languages=["km"]), "patch", "/admin/displays/{display_id}")
    check(change(client, admin, 999, active=False), "patch", "/admin/displays/{display_id}")


@pytest.mark.parametrize("path, module", [("/admin/counters", "counters.js"), ("/admin/displays", "displays.js")])
def test_the_pages_are_for_administrators_only(app, path, module):
    for username, status in (("supervisor", 403), ("admin", 200)):
        page = app.test_client()
        token = CSRF_FIELD.search(page.get("/login").get_data(as_text=True)).group(1)
        page.post("/login", data={"username": username, "password": DEMO_PASSWORD, "csrf_token": token})
        response = page.get(path)
        assert response.status_code == status
    assert f"/admin/static/{module}" in response.text and response.headers["Cache-Control"] == "no-store"
    assert app.test_client().get(path).status_code == 302  # to the login page


def test_a_tv_asking_again_after_its_display_was_retired_is_disconnected(app, client, admin):
    display_id = add(client, admin).json["display"]["id"]
    tv = app.extensions["socketio"].test_client(app, namespace="/display", query_string="display=hall-tv")
    change(client, admin, display_id, active=False)
    tv.emit("snapshot", namespace="/display")
    assert not tv.is_connected("/display")
