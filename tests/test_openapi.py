"""GET /api/v1/openapi.json describes the API as it really is: every route, and the shape of
every answer a real flow produces."""

import re

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from referencing import Registry
from referencing.jsonschema import DRAFT202012

PREFIX = "/api/v1"


@pytest.fixture
def spec(client):
    response = client.get(f"{PREFIX}/openapi.json")
    assert response.status_code == 200
    return response.json


def test_the_document_is_valid_openapi_3(spec):
    validate(spec)
    assert spec["openapi"].startswith("3.")


def test_every_api_route_is_documented_and_every_documented_route_exists(app, spec):
    routes = set()
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith(PREFIX):
            continue
        for path in _expand(rule.rule[len(PREFIX) :]):
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                routes.add((method.lower(), path))
    documented = {(method, path) for path, item in spec["paths"].items() for method in item}
    assert routes == documented


def test_answers_of_a_real_flow_match_their_documented_schemas(client, login, spec, enrol_kiosk):
    check = _checker(spec)
    headers = login("supervisor")
    check(client.get(f"{PREFIX}/services"), "get", "/services")
    check(client.get(f"{PREFIX}/counters"), "get", "/counters")
    ticket = check(client.post(f"{PREFIX}/tickets", json={"service_id": 1}), "post", "/tickets")["ticket"]
    check(client.post(f"{PREFIX}/tickets", json={"service_id": "x"}), "post", "/tickets")
    check(client.post(f"{PREFIX}/tickets", json={"service_id": 999}), "post", "/tickets")
    check(client.get(f"{PREFIX}/tickets/{ticket['id']}"), "get", "/tickets/{ticket_id}")
    check(client.get(f"{PREFIX}/tickets/4242"), "get", "/tickets/{ticket_id}")
    check(client.post(f"{PREFIX}/login", json={"username": "x", "password": "y"}), "post", "/login")
    check(client.post(f"{PREFIX}/counters/1/next", headers=headers), "post", "/counters/{counter_id}/next")
    check(client.post(f"{PREFIX}/counters/1/next", headers=headers), "post", "/counters/{counter_id}/next")
    check(client.post(f"{PREFIX}/counters/1/next"), "post", "/counters/{counter_id}/next")
    tid = ticket["id"]
    for action in ("recall", "start", "finish"):
        check(
            client.post(f"{PREFIX}/tickets/{tid}/{action}", headers=headers), "post", f"/tickets/{{ticket_id}}/{action}"
        )
    check(client.post(f"{PREFIX}/tickets/{tid}/no-show", headers=headers), "post", "/tickets/{ticket_id}/no-show")
    check(client.post(f"{PREFIX}/counters/2/next", headers=headers), "post", "/counters/{counter_id}/next")
    other = check(client.post(f"{PREFIX}/tickets", json={"service_id": 2}), "post", "/tickets")["ticket"]
    check(
        client.post(f"{PREFIX}/tickets/{other['id']}/transfer", json={"service_id": 8}, headers=headers),
        "post",
        "/tickets/{ticket_id}/transfer",
    )
    check(client.post(f"{PREFIX}/tickets/{other['id']}/cancel", headers=headers), "post", "/tickets/{ticket_id}/cancel")
    check(client.get(f"{PREFIX}/stats", headers=headers), "get", "/stats")
    check(client.get(f"{PREFIX}/stats?from=bad", headers=headers), "get", "/stats")
    kiosk_key = {"X-Kiosk-Key": enrol_kiosk("kiosk-1")}
    printed = client.post(f"{PREFIX}/tickets", json={"service_id": 1, "kiosk": "kiosk-1"}, headers=kiosk_key)
    token = check(printed, "post", "/tickets")["ticket"]["token"]
    check(client.get(f"{PREFIX}/status/{token}"), "get", "/status/{token}")
    check(client.get(f"{PREFIX}/status/{'x' * 22}"), "get", "/status/{token}")
    check(client.get(f"{PREFIX}/kiosks/kiosk-1/printer"), "get", "/kiosks/{kiosk}/printer")
    check(client.get(f"{PREFIX}/kiosks/bad%20name/printer"), "get", "/kiosks/{kiosk}/printer")
    check(client.get(f"{PREFIX}/kiosks/me", headers=kiosk_key), "get", "/kiosks/me")
    check(client.get(f"{PREFIX}/kiosks/me"), "get", "/kiosks/me")
    check(client.post(f"{PREFIX}/kiosks/enrol", json={"code": "x" * 43}), "post", "/kiosks/enrol")
    admin = login("admin")
    enrolment = check(
        client.post(f"{PREFIX}/admin/kiosks", json={"name": "door", "offers_priority": True}, headers=admin),
        "post",
        "/admin/kiosks",
    )
    code = enrolment["link"].rsplit("/", 1)[1]
    check(client.post(f"{PREFIX}/kiosks/enrol", json={"code": code}), "post", "/kiosks/enrol")
    check(client.get(f"{PREFIX}/admin/kiosks", headers=admin), "get", "/admin/kiosks")
    check(client.get(f"{PREFIX}/admin/kiosks", headers=headers), "get", "/admin/kiosks")
    check(client.post(f"{PREFIX}/admin/kiosks/door/revoke", headers=admin), "post", "/admin/kiosks/{kiosk}/revoke")
    check(client.post(f"{PREFIX}/admin/kiosks/gone/revoke", headers=admin), "post", "/admin/kiosks/{kiosk}/revoke")
    check(client.get(f"{PREFIX}/counters/3", headers=headers), "get", "/counters/{counter_id}")
    check(client.get(f"{PREFIX}/counters/99", headers=headers), "get", "/counters/{counter_id}")
    check(client.post(f"{PREFIX}/counters/3/pause", headers=headers), "post", "/counters/{counter_id}/pause")
    check(client.post(f"{PREFIX}/counters/3/pause", headers=headers), "post", "/counters/{counter_id}/pause")
    check(client.post(f"{PREFIX}/counters/3/resume", headers=headers), "post", "/counters/{counter_id}/resume")
    services = {"service_ids": [1, 2, 3]}
    check(
        client.put(f"{PREFIX}/counters/3/services", json=services, headers=headers),
        "put",
        "/counters/{counter_id}/services",
    )
    waiting = check(client.post(f"{PREFIX}/tickets", json={"service_id": 3}), "post", "/tickets")["ticket"]
    check(client.post(f"{PREFIX}/tickets", json={"service_id": 3}), "post", "/tickets")
    late = check(client.post(f"{PREFIX}/tickets", json={"service_id": 3}), "post", "/tickets")["ticket"]
    call = {"ticket_id": late["id"], "reason": "disabled citizen"}
    check(
        client.post(f"{PREFIX}/counters/3/call", json={"ticket_id": late["id"]}, headers=headers),
        "post",
        "/counters/{counter_id}/call",
    )
    check(client.post(f"{PREFIX}/counters/3/call", json=call, headers=headers), "post", "/counters/{counter_id}/call")
    check(client.post(f"{PREFIX}/counters/3/call", json=call, headers=headers), "post", "/counters/{counter_id}/call")
    assert waiting["status"] == "waiting"
    check(client.get(f"{PREFIX}/me", headers=headers), "get", "/me")
    check(client.get(f"{PREFIX}/overview", headers=headers), "get", "/overview")
    check(client.get(f"{PREFIX}/overview", headers=login("officer1")), "get", "/overview")
    check(client.get(f"{PREFIX}/reports/out-of-order", headers=headers), "get", "/reports/out-of-order")


def _expand(rule: str) -> list[str]:
    """Flask rule -> OpenAPI path: <id:ticket_id> -> {ticket_id}."""
    return [re.sub(r"<(?:[^:>]+:)?(\w+)>", r"{\1}", rule)]


def _checker(spec):
    registry = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(spec))

    def check(response, method: str, path: str):
        operation = spec["paths"][path][method]
        status = str(response.status_code)
        assert status in operation["responses"], f"{method.upper()} {path} answered undocumented {status}"
        schema = operation["responses"][status]["content"]["application/json"]["schema"]
        schema = _rebase(schema)
        Draft202012Validator(schema, registry=registry).validate(response.json)
        return response.json

    return check


def _rebase(schema):
    """Point local '#/components/...' references at the registered document."""
    if isinstance(schema, dict):
        return {k: ("urn:openapi" + v if k == "$ref" and v.startswith("#") else _rebase(v)) for k, v in schema.items()}
    if isinstance(schema, list):
        return [_rebase(v) for v in schema]
    return schema
