"""The administrator's services over HTTP (/api/v1/admin/services, admin/services.py) on the
demo office: only admins; every bad field is a 400 naming it, with nothing written; a
deactivated service leaves the kiosk and issuing but keeps its tickets; a new fee leaves
each issued ticket its own; CSV import (dry run, confirm, bad rows, size) and export."""

import csv
import io

import pytest

from office.db import database
from office.models import Event, Service, Ticket
from printer.spool import ticket_print
from tests.test_counter_pages import csrf_token, log_in
from tests.test_openapi import _checker

SERVICES = "/api/v1/admin/services"
NEW = {"name_en": "Birth certificate", "name_km": "សំបុត្រកំណើត", "group_en": "Civil status", "group_km": "អត្រានុកូល"}
CSV_HEADERS = {"Content-Type": "text/csv"}


@pytest.fixture
def admin(login):
    return login("admin")


def kiosk_prefixes(client) -> list[str]:
    return [s["prefix"] for s in client.get("/api/v1/services").json["services"]]


def take(client, service_id: int) -> dict:
    response = client.post("/api/v1/tickets", json={"service_id": service_id})
    assert response.status_code == 201, response.json
    return response.json["ticket"]


def import_csv(client, headers, data: bytes, *, dry_run=False):
    path = f"{SERVICES}/import" + ("?dry_run=1" if dry_run else "")
    return client.post(path, data=data, headers={**headers, **CSV_HEADERS})


def counts() -> tuple[int, int]:
    return Service.select().count(), Event.select().count()


# --- who may --------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["officer1", "supervisor"])
def test_officers_and_supervisors_get_403_on_every_services_endpoint(client, login, username):
    staff = login(username)
    for method, path, kwargs in [
        ("get", SERVICES, {}),
        ("post", SERVICES, {"json": NEW}),
        ("patch", f"{SERVICES}/1", {"json": {"fee_riel": 1}}),
        ("post", f"{SERVICES}/import", {"data": b"x", "headers": CSV_HEADERS}),
        ("get", f"{SERVICES}/export.csv", {}),
    ]:
        send = getattr(client, method)
        extra = kwargs.pop("headers", {})
        assert send(path, headers={**staff, **extra}, **kwargs).status_code == 403, (method, path)
        assert send(path, headers=extra, **kwargs).status_code == 401, (method, path)  # nor anyone unknown
    assert counts()[0] == 25 and Service.get_by_id(1).fee_riel == 1000


@pytest.mark.parametrize("username", ["officer1", "supervisor"])
def test_the_services_page_is_for_admins_only(client, username):
    assert client.get("/admin/services").status_code == 302  # to the login page
    log_in(client, username)
    assert client.get("/admin/services").status_code == 403


def test_the_admin_gets_the_services_page_in_khmer_and_english(client):
    log_in(client, "admin")
    page = client.get("/admin/services")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert csrf_token(page) and 'src="/admin/static/services.js"' in html
    assert 'id="service-form"' in html and 'id="import-form"' in html and f'href="{SERVICES}/export.csv"' in html


# --- listing, adding, changing ------------------------------------------------------------


def test_the_list_has_every_service_active_or_not_in_kiosk_order(client, admin):
    client.patch(f"{SERVICES}/2", json={"active": False}, headers=admin)
    services = client.get(SERVICES, headers=admin).json["services"]
    assert len(services) == 25 and [s["prefix"] for s in services][:3] == ["A", "B", "C"]
    assert services[1]["active"] is False and services[0]["waiting"] == 0


def test_an_added_service_appears_on_the_kiosk_where_its_position_puts_it(client, admin):
    response = client.post(
        SERVICES, json={**NEW, "position": 0, "fee_riel": 4000, "documents_en": ["ID card"]}, headers=admin
    )
    assert response.status_code == 201, response.json
    service = response.json["service"]
    assert (service["prefix"], service["position"], service["documents_en"]) == ("Z", 0, ["ID card"])
    # Position 0 is shared with A: then the prefix decides.
    assert kiosk_prefixes(client)[:2] == ["A", "Z"]
    assert take(client, service["id"])["fee_riel"] == 4000
    (event,) = Event.select().where(Event.kind == "service_added")
    assert event.actor.username == "admin" and event.details["changes"]["name_en"]["after"] == "Birth certificate"


def test_a_taken_prefix_is_a_400_naming_the_prefix_field(client, admin):
    before = counts()
    response = client.post(SERVICES, json={**NEW, "prefix": "C"}, headers=admin)
    assert response.status_code == 400
    assert response.json["error"]["field"] == "prefix" and response.json["error"]["code"] == "prefix_taken"
    assert client.patch(f"{SERVICES}/1", json={"prefix": "B"}, headers=admin).json["error"]["field"] == "prefix"
    assert counts() == before


BAD_FIELDS = [
    ("prefix", "a"),
    ("prefix", "ABCDE"),
    ("prefix", 7),
    ("name_en", ""),
    ("name_en", "x" * 301),
    ("name_km", "   "),
    ("name_km", "ក" * 501),
    ("group_en", None),
    ("group_en", "two\nlines"),
    ("group_km", "x" * 301),
    ("fee_riel", -1),
    ("fee_riel", "1000"),
    ("fee_riel", 1.5),
    ("fee_riel", 2**31),
    ("processing_days", -1),
    ("processing_days", "3"),
    ("target_wait_min", 0),
    ("target_wait_min", 601),
    ("position", -1),
    ("position", True),
    ("active", "yes"),
    ("documents_en", "ID card"),
    ("documents_en", ["ID card | photo"]),
    ("documents_en", [""]),
    ("documents_km", ["x"] * 31),
    ("documents_km", ["ក" * 301]),
]


@pytest.mark.parametrize(("field", "value"), BAD_FIELDS)
def test_a_bad_field_is_a_400_naming_it_on_adding_and_on_changing_and_nothing_is_written(client, admin, field, value):
    before = counts()
    added = client.post(SERVICES, json={**NEW, field: value}, headers=admin)
    assert added.status_code == 400, added.json
    assert added.json["error"]["field"].split(".")[0] == field
    changed = client.patch(f"{SERVICES}/1", json={field: value}, headers=admin)
    assert changed.status_code == 400, changed.json
    assert changed.json["error"]["field"].split(".")[0] == field
    assert counts() == before


def test_a_missing_name_a_null_prefix_and_a_body_that_is_no_json_are_400s(client, admin):
    body = dict(NEW)
    del body["name_km"]
    assert client.post(SERVICES, json=body, headers=admin).json["error"]["field"] == "name_km"
    assert client.patch(f"{SERVICES}/1", json={"prefix": None}, headers=admin).json["error"]["field"] == "prefix"
    assert client.post(SERVICES, data="prefix=A", headers=admin).status_code == 400
    assert client.patch(f"{SERVICES}/4242", json={"fee_riel": 1}, headers=admin).status_code == 404


def test_a_new_fee_leaves_each_issued_ticket_its_own_on_the_api_and_on_reprint(app, client, admin, login):
    old = take(client, 1)
    assert client.patch(f"{SERVICES}/1", json={"fee_riel": 3000}, headers=admin).json["service"]["fee_riel"] == 3000
    new = take(client, 1)
    staff = login("officer1")
    assert client.get(f"/api/v1/tickets/{old['id']}", headers=staff).json["ticket"]["fee_riel"] == 1000
    assert client.get(f"/api/v1/tickets/{new['id']}", headers=staff).json["ticket"]["fee_riel"] == 3000
    with app.app_context(), database.connection_context():
        assert ticket_print(Ticket.get_by_id(old["id"]), {**app.config, "PUBLIC_URL": "http://o"}).fee_riel == 1000
    (event,) = Event.select().where(Event.kind == "service_changed")
    assert event.details["changes"] == {"fee_riel": {"before": 1000, "after": 3000}}


def test_a_deactivated_service_leaves_the_kiosk_issuing_and_the_queues_and_comes_back(client, admin, login):
    served = take(client, 3)
    client.post("/api/v1/counters/1/next", headers=login("officer1"))  # called: nobody waits for C now
    response = client.patch(f"{SERVICES}/3", json={"active": False}, headers=admin)
    assert response.status_code == 200 and response.json["service"]["active"] is False
    assert "C" not in kiosk_prefixes(client)
    assert client.post("/api/v1/tickets", json={"service_id": 3}).status_code == 404
    overview = client.get("/api/v1/overview", headers=login("supervisor")).json
    assert 3 not in [q["service_id"] for q in overview["queues"]]
    assert client.get(f"/api/v1/tickets/{served['id']}", headers=admin).json["ticket"]["service_id"] == 3
    client.patch(f"{SERVICES}/3", json={"active": True}, headers=admin)
    assert "C" in kiosk_prefixes(client)


def test_a_service_people_wait_for_cannot_be_deactivated(client, admin):
    take(client, 5)
    response = client.patch(f"{SERVICES}/5", json={"active": False}, headers=admin)
    assert response.status_code == 409 and response.json["error"]["code"] == "tickets_waiting"
    assert "E" in kiosk_prefixes(client)


# --- import and export --------------------------------------------------------------------


def exported(client, admin) -> bytes:
    response = client.get(f"{SERVICES}/export.csv", headers=admin)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == 'attachment; filename="owso-services.csv"'
    return response.data


def test_an_export_imported_again_changes_nothing(client, admin):
    client.patch(f"{SERVICES}/1", json={"documents_km": ["អត្តសញ្ញាណប័ណ្ណ", "សៀវភៅគ្រួសារ"]}, headers=admin)
    client.patch(f"{SERVICES}/2", json={"active": False}, headers=admin)
    before = client.get(SERVICES, headers=admin).json
    response = import_csv(client, admin, exported(client, admin))
    assert response.status_code == 200
    assert response.json == {"added": [], "changed": [], "deactivated": [], "errors": []}
    assert client.get(SERVICES, headers=admin).json == before


def test_a_dry_run_says_what_would_change_and_writes_nothing_then_the_import_writes_it(client, admin):
    rows = list(csv.DictReader(io.StringIO(exported(client, admin).decode("utf-8-sig"))))
    rows[0]["fee"] = "1500"
    del rows[1]  # B: deactivated
    rows.append({**rows[2], "service_en": "Birth certificate", "prefix": "", "position": ""})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    data = out.getvalue().encode("utf-8")
    before = counts()

    dry = import_csv(client, admin, data, dry_run=True)
    assert dry.status_code == 200
    assert dry.json["added"] == [{"prefix": "Z", "name_en": "Birth certificate"}]
    assert dry.json["changed"] == [
        {
            "prefix": "A",
            "name_en": rows[0]["service_en"],
            "changes": [{"field": "fee_riel", "before": 1000, "after": 1500}],
        }
    ]
    assert [d["prefix"] for d in dry.json["deactivated"]] == ["B"]
    assert counts() == before

    done = import_csv(client, admin, data)
    assert done.status_code == 200 and done.json == dry.json
    assert "B" not in kiosk_prefixes(client) and "Z" in kiosk_prefixes(client)
    assert Service.get_by_id(1).fee_riel == 1500
    (summary,) = Event.select().where(Event.kind == "services_imported")
    assert summary.actor.username == "admin"
    assert (summary.details["added"], summary.details["changed"], summary.details["deactivated"]) == (1, 1, 1)


def test_a_file_with_bad_rows_is_a_400_naming_each_line_and_writes_nothing(client, admin):
    data = (
        "sector_en,sector_km,service_en,service_km,fee,fee_currency,processing_days,source_url\n"
        "Admin,រដ្ឋបាល,Good,ល្អ,1000,KHR,3,\n"
        "Admin,រដ្ឋបាល,,ល្អ,1000,KHR,3,\n"
        "Admin,រដ្ឋបាល,Dollars,ល្អ,5,USD,3,\n"
    ).encode()
    before = counts()
    for dry_run in (True, False):
        response = import_csv(client, admin, data, dry_run=dry_run)
        assert response.status_code == 400
        assert response.json == {
            "added": [],
            "changed": [],
            "deactivated": [],
            "errors": [
                {"line": 3, "message": "service_en: must not be empty"},
                {"line": 4, "message": "fee_currency: must be KHR (fees are kept in riel)"},
            ],
        }
    assert counts() == before


def test_a_bad_dry_run_value_is_a_400_naming_it(client, admin):
    response = client.post(f"{SERVICES}/import?dry_run=perhaps", data=b"", headers={**admin, **CSV_HEADERS})
    assert response.status_code == 400 and response.json["error"]["field"] == "dry_run"


def test_149_services_load_in_one_go_past_the_apis_usual_body_limit_but_not_past_2_mib(client, admin):
    header = "sector_en,sector_km,service_en,service_km,fee,fee_currency,processing_days,source_url,documents_km"
    documents = " | ".join("ឯកសារ " + "ក" * 60 for _ in range(4))
    lines = [header] + [
        f"Sector,វិស័យ,Service {i},សេវា {i} {'ខ' * 120},{i * 1000},KHR,5,,{documents}" for i in range(149)
    ]
    data = "\n".join(lines).encode("utf-8")
    assert 64 * 1024 < len(data) < 2 * 1024 * 1024
    response = import_csv(client, admin, data)
    assert response.status_code == 200, response.json
    assert len(response.json["added"]) == 149 and len(response.json["deactivated"]) == 25
    assert len(kiosk_prefixes(client)) == 149
    too_big = import_csv(client, admin, data + b"\n" + b"x" * (2 * 1024 * 1024))
    assert too_big.status_code == 413


# --- the contract -------------------------------------------------------------------------


def test_every_answer_matches_the_openapi_document(client, admin, login):
    spec = client.get("/api/v1/openapi.json").json
    check = _checker(spec)
    one = "/admin/services/{service_id}"
    check(client.get(SERVICES, headers=admin), "get", "/admin/services")
    check(client.get(SERVICES, headers=login("officer1")), "get", "/admin/services")
    check(client.post(SERVICES, json=NEW, headers=admin), "post", "/admin/services")
    check(client.post(SERVICES, json={**NEW, "prefix": "A"}, headers=admin), "post", "/admin/services")
    check(client.patch(f"{SERVICES}/1", json={"fee_riel": 5}, headers=admin), "patch", one)
    check(client.patch(f"{SERVICES}/4242", json={"fee_riel": 5}, headers=admin), "patch", one)
    take(client, 2)
    check(client.patch(f"{SERVICES}/2", json={"active": False}, headers=admin), "patch", one)
    data = exported(client, admin)
    check(import_csv(client, admin, data, dry_run=True), "post", "/admin/services/import")
    check(import_csv(client, admin, b"nonsense\n"), "post", "/admin/services/import")
    bad_query = client.post(f"{SERVICES}/import?dry_run=x", data=data, headers={**admin, **CSV_HEADERS})
    check(bad_query, "post", "/admin/services/import")
    import_op = spec["paths"]["/admin/services/import"]["post"]
    assert list(import_op["requestBody"]["content"]) == ["text/csv"]
    assert {"200", "400", "403", "413"} <= set(import_op["responses"])
    export_op = spec["paths"]["/admin/services/export.csv"]["get"]
    assert list(export_op["responses"]["200"]["content"]) == ["text/csv"]
