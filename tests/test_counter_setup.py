"""The administrator's counters (office/counter_setup.py, /api/v1/admin/counters): adding one,
renaming it, the services it serves, taking it out of use without losing a called citizen,
the Event each change writes, and the counter screens and supervisors hearing of it."""

import re

import pytest
from peewee import fn

from office.db import database
from office.demo import DEMO_PASSWORD
from office.models import Counter, CounterService, Event, Service
from tests.test_openapi import _checker

API = "/api/v1/admin/counters"
CSRF_FIELD = re.compile(r'name="csrf_token"(?: type="hidden")? value="([^"]+)"')


@pytest.fixture
def admin(login):
    return login("admin")


def add(client, admin, **body):
    return client.post(API, json={"name": "Counter 5", "service_ids": [1, 2], **body}, headers=admin)


def change(client, admin, counter_id, **body):
    return client.patch(f"{API}/{counter_id}", json=body, headers=admin)


def events(kind):
    return list(Event.select().where(Event.kind == kind).order_by(Event.id))


def served_by(counter_id):
    return sorted(
        s for (s,) in CounterService.select(CounterService.service).where(CounterService.counter == counter_id).tuples()
    )


def test_an_admin_adds_a_counter_that_officers_can_then_use(client, admin, login):
    response = add(client, admin, name="  Counter 5  ")
    assert response.status_code == 201, response.json
    counter = response.json["counter"]
    assert counter["name"] == "Counter 5" and counter["service_ids"] == [1, 2] and counter["active"] is True
    assert counter["officer"] is None and counter["current_ticket"] is None
    [event] = events("counter_added")
    assert event.actor.username == "admin" and event.counter_id == counter["id"]
    assert event.details["changes"]["service_ids"] == {"before": None, "after": [1, 2]}
    # The officers' API sees it at once: it is a counter like the others.
    listed = client.get("/api/v1/counters").json["counters"]
    assert {"id": counter["id"], "name": "Counter 5", "service_ids": [1, 2]} in listed
    ticket = client.post("/api/v1/tickets", json={"service_id": 2}).json["ticket"]
    called = client.post(f"/api/v1/counters/{counter['id']}/next", headers=login("officer1"))
    assert called.status_code == 200 and called.json["ticket"]["id"] == ticket["id"]


def test_the_list_has_every_counter_and_every_service_to_choose_from(client, admin):
    Service.update(active=False).where(Service.id == 3).execute()
    answer = client.get(API, headers=admin).json
    assert [c["name"] for c in answer["counters"]] == ["Counter 1", "Counter 2", "Counter 3", "Counter 4"]
    assert len(answer["services"]) == Service.select().count()
    assert [s["active"] for s in answer["services"] if s["id"] == 3] == [False]


@pytest.mark.parametrize(
    "body, field",
    [
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "x" * 41}, "name"),
        ({"name": 5}, "name"),
        ({"name": "counter 1"}, "name"),  # Counter 1's name, whatever the letter case
        ({"name": "Counter\x005"}, "name"),  # PostgreSQL would refuse it with a 500
        ({"service_ids": [999]}, "service_ids"),
        ({"service_ids": ["1"]}, "service_ids.0"),
        ({"service_ids": [0]}, "service_ids.0"),
        ({"service_ids": 1}, "service_ids"),
        ({"active": "no"}, "active"),
    ],
)
def test_bad_input_is_a_400_naming_its_field_and_adds_nothing(client, admin, body, field):
    before = Counter.select().count()
    response = add(client, admin, **body)
    assert response.status_code == 400, response.json
    assert response.json["error"]["field"] == field
    assert Counter.select().count() == before and not events("counter_added")


def test_an_inactive_service_cannot_be_added_but_one_already_served_stays(client, admin):
    counter_id = add(client, admin, service_ids=[1, 2]).json["counter"]["id"]
    Service.update(active=False).where(Service.id.in_([2, 3])).execute()
    refused = change(client, admin, counter_id, service_ids=[1, 2, 3])
    assert refused.status_code == 400 and refused.json["error"]["field"] == "service_ids"
    assert "C (3)" in refused.json["error"]["message"]
    assert served_by(counter_id) == [1, 2]
    kept = change(client, admin, counter_id, service_ids=[2, 4])
    assert kept.status_code == 200 and kept.json["counter"]["service_ids"] == [2, 4]
    assert served_by(counter_id) == [2, 4]


def test_a_change_records_who_and_before_and_after_and_no_change_records_nothing(client, admin):
    response = change(client, admin, 1, name="Counter One", service_ids=[1, 3, 3])
    assert response.status_code == 200, response.json
    assert response.json["counter"]["service_ids"] == [1, 3]
    [event] = events("counter_changed")
    assert event.counter_id == 1 and event.actor.username == "admin"
    assert event.details["changes"]["name"] == {"before": "Counter 1", "after": "Counter One"}
    assert event.details["changes"]["service_ids"]["after"] == [1, 3]
    assert change(client, admin, 1, name="Counter One").status_code == 200
    assert len(events("counter_changed")) == 1
    renamed_to_other = change(client, admin, 1, name="COUNTER 2")
    assert renamed_to_other.status_code == 400 and renamed_to_other.json["error"]["code"] == "name_taken"


def test_a_bad_field_in_a_change_leaves_every_field_as_it_was(client, admin):
    response = change(client, admin, 1, name="Renamed", service_ids=[999])
    assert response.status_code == 400
    assert Counter.get_by_id(1).name == "Counter 1" and not events("counter_changed")


def test_a_counter_with_an_officer_or_a_called_citizen_is_not_taken_out_of_use(client, admin, login):
    officer = login("officer2")
    ticket = client.post("/api/v1/tickets", json={"service_id": 1}).json["ticket"]
    assert client.post("/api/v1/counters/2/next", headers=officer).json["ticket"]["id"] == ticket["id"]
    refused = change(client, admin, 2, active=False)
    assert refused.status_code == 409 and refused.json["error"]["code"] == "counter_in_use"
    assert ticket["number"] in refused.json["error"]["message"]
    assert Counter.get_by_id(2).active
    for action in ("start", "finish"):
        assert client.post(f"/api/v1/tickets/{ticket['id']}/{action}", headers=officer).status_code == 200
    still_there = change(client, admin, 2, active=False)
    assert still_there.status_code == 409 and "officer2" in still_there.json["error"]["message"]
    assert client.post("/api/v1/counters/2/sign-out", headers=officer).status_code == 200
    done = change(client, admin, 2, active=False)
    assert done.status_code == 200 and done.json["counter"]["active"] is False
    assert 2 not in [c["id"] for c in client.get("/api/v1/counters").json["counters"]]
    assert client.post("/api/v1/counters/2/next", headers=officer).status_code == 404
    assert change(client, admin, 2, active=True).json["counter"]["active"] is True


def test_officers_and_supervisors_may_not(client, login):
    for username in ("officer1", "supervisor"):
        headers = login(username)
        assert client.get(API, headers=headers).status_code == 403
        assert client.post(API, json={"name": "X"}, headers=headers).status_code == 403
        assert client.patch(f"{API}/1", json={"name": "X"}, headers=headers).status_code == 403
    assert Counter.get_by_id(1).name == "Counter 1"


def test_an_unknown_counter_is_a_404(client, admin):
    response = change(client, admin, 999, name="x")
    assert response.status_code == 404 and response.json["error"]["code"] == "counter_not_found"


def test_the_supervisors_view_and_the_counters_screen_hear_of_it(app, client, admin):
    """The /counter namespace: a counter added reaches the supervisors; a counter's new
    services reach its own screen, with the waiting counts of what it serves now."""
    page = app.test_client()
    token = CSRF_FIELD.search(page.get("/login").get_data(as_text=True)).group(1)
    page.post("/login", data={"username": "supervisor", "password": DEMO_PASSWORD, "csrf_token": token})
    socketio = app.extensions["socketio"]
    supervisors = socketio.test_client(app, namespace="/counter", flask_test_client=page)
    screen = socketio.test_client(app, namespace="/counter", query_string="counter=1", flask_test_client=page)
    assert supervisors.is_connected("/counter") and screen.is_connected("/counter")
    supervisors.get_received("/counter"), screen.get_received("/counter")
    client.post("/api/v1/tickets", json={"service_id": 9})

    new_id = add(client, admin).json["counter"]["id"]
    heard = [m["args"][0] for m in supervisors.get_received("/counter") if m["name"] == "changed"]
    assert {"kind": "counter_added", "counter_id": new_id, "ticket_id": None, "service_id": None} in heard

    screen.get_received("/counter")
    change(client, admin, 1, service_ids=[9])
    received = screen.get_received("/counter")
    assert any(m["name"] == "changed" and m["args"][0]["kind"] == "counter_changed" for m in received)
    assert {"9": 1} in [m["args"][0] for m in received if m["name"] == "waiting"]
    supervisors.emit("snapshot", namespace="/counter")
    [snapshot] = [m["args"][0] for m in supervisors.get_received("/counter") if m["name"] == "snapshot"]
    assert new_id in [c["id"] for c in snapshot["counters"]]


def test_the_answers_are_those_the_openapi_document_describes(client, admin, login):
    check = _checker(client.get("/api/v1/openapi.json").json)
    check(client.get(API, headers=admin), "get", "/admin/counters")
    check(client.get(API, headers=login("supervisor")), "get", "/admin/counters")
    added = check(add(client, admin), "post", "/admin/counters")["counter"]
    check(add(client, admin), "post", "/admin/counters")  # the name is taken
    check(change(client, admin, added["id"], service_ids=[3]), "patch", "/admin/counters/{counter_id}")
    check(change(client, admin, 999, active=False), "patch", "/admin/counters/{counter_id}")
    officer = login("officer1")
    client.post(f"/api/v1/counters/{added['id']}/sign-in", headers=officer)
    check(change(client, admin, added["id"], active=False), "patch", "/admin/counters/{counter_id}")


def test_two_admins_naming_a_counter_alike_at_once_get_one_counter(db, office, clock, bus, monkeypatch):
    """Each checks the name, then (slowly) the services: without their being put one after the
    other, both would find the name free and add it."""
    import threading
    import time

    from office import counter_setup
    from office.errors import InvalidInput

    check_services = counter_setup._services_to_serve

    def slowly(*args, **kwargs):
        time.sleep(0.3)
        return check_services(*args, **kwargs)

    monkeypatch.setattr(counter_setup, "_services_to_serve", slowly)
    start, outcomes = threading.Barrier(2), []

    def add_as_admin(name):
        start.wait()
        with database.connection_context():
            try:
                counter_setup.add_counter(name, [office.civil.id], actor_id=None, clock=clock, bus=bus)
                outcomes.append("added")
            except InvalidInput as refused:
                outcomes.append(refused.code)

    threads = [threading.Thread(target=add_as_admin, args=(name,)) for name in ("Counter 9", "counter 9")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(outcomes) == ["added", "name_taken"]
    assert Counter.select().where(fn.LOWER(Counter.name) == "counter 9").count() == 1
