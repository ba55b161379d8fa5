"""GET /api/v1/openapi.json: the API's contract, kept true by tests/test_openapi.py."""

from flask import Blueprint, jsonify

bp = Blueprint("openapi", __name__, url_prefix="/api/v1")


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _error(description: str) -> dict:
    return _json(_ref("Error"), description)


_NULLABLE_TIME = {"type": ["string", "null"], "format": "date-time", "description": "UTC, milliseconds, Z"}
_DURATION = {
    "type": "object",
    "required": ["mean", "p50", "p90", "max"],
    "properties": {k: {"type": ["number", "null"]} for k in ("mean", "p50", "p90", "max")},
    "description": "Seconds; p50 and p90 are nearest-rank percentiles; null when there is no data.",
}
_ID = {"type": "integer", "minimum": 1, "maximum": 2147483647}
_TICKET_ONE = _json({"type": "object", "required": ["ticket"], "properties": {"ticket": _ref("Ticket")}})
_AUTH_ERRORS = {
    "401": _error("No valid bearer token (or page session)"),
    "403": _error("The user's role may not do this, or a page session sent no CSRF token"),
}
_COUNTER_ID = {"name": "counter_id", "in": "path", "required": True, "schema": _ID}
_COUNTER_ONE = _json(
    {
        "type": "object",
        "required": ["counter"],
        "properties": {"counter": {"$ref": "#/components/schemas/CounterState"}},
    }
)
_DATES = [
    {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
    {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
]


def _staff(summary: str, responses: dict, *, method_doc: dict | None = None, params=None, body=None) -> dict:
    operation = {
        "summary": summary,
        "security": [{"bearer": []}],
        "parameters": params or [],
        "responses": {**responses, **_AUTH_ERRORS},
    }
    if body is not None:
        operation["requestBody"] = {"required": True, "content": {"application/json": {"schema": body}}}
    return operation


def _stats_row(key: str) -> dict:
    return {
        "type": "object",
        "required": [key, "issued", "served", "no_show", "wait_s", "service_s"],
        "properties": {
            key: {"type": "integer"},
            "issued": {"type": "integer"},
            "served": {"type": "integer"},
            "no_show": {"type": "integer"},
            "wait_s": _ref("Duration"),
            "service_s": _ref("Duration"),
        },
    }


def _ticket_action(summary: str, allowed_from: str) -> dict:
    return {
        "post": {
            "summary": summary,
            "description": f"Allowed when the ticket is {allowed_from}; otherwise 409 illegal_transition.",
            "security": [{"bearer": []}],
            "parameters": [{"$ref": "#/components/parameters/TicketId"}],
            "responses": {
                "200": _TICKET_ONE,
                **_AUTH_ERRORS,
                "404": _error("No such ticket"),
                "409": _error("Illegal transition for the ticket's status"),
            },
        }
    }


DOCUMENT = {
    "openapi": "3.1.0",
    "info": {
        "title": "OneWindow API",
        "version": "1",
        "description": "Queue management for One Window Service Offices. Errors are "
        '{"error": {"code", "message"}}. Times are ISO 8601 UTC with milliseconds.',
    },
    "servers": [{"url": "/api/v1"}],
    "paths": {
        "/services": {
            "get": {
                "summary": "Active services with their official fee and people waiting",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["services"],
                            "properties": {"services": {"type": "array", "items": _ref("Service")}},
                        }
                    )
                },
            }
        },
        "/counters": {
            "get": {
                "summary": "Active counters and the services each serves",
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["counters"],
                            "properties": {"counters": {"type": "array", "items": _ref("Counter")}},
                        }
                    )
                },
            }
        },
        "/tickets": {
            "post": {
                "summary": "Take a ticket",
                "description": "A retry with the same Idempotency-Key returns the same ticket "
                "(with the header Idempotent-Replayed: true).",
                "parameters": [
                    {
                        "name": "Idempotency-Key",
                        "in": "header",
                        "required": False,
                        "schema": {"type": "string", "minLength": 1, "maxLength": 200},
                    }
                ],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["service_id"],
                                "properties": {
                                    "service_id": _ID,
                                    "priority": {"type": "boolean"},
                                    "kiosk": {
                                        "type": "string",
                                        "pattern": "^[A-Za-z0-9_.-]{1,40}$",
                                        "description": "print the ticket on this kiosk's printer",
                                    },
                                },
                            }
                        }
                    },
                },
                "responses": {
                    "201": _json(
                        {
                            "type": "object",
                            "required": ["ticket", "print"],
                            "properties": {
                                "ticket": {
                                    "allOf": [
                                        _ref("Ticket"),
                                        {
                                            "required": ["token", "status_url"],
                                            "properties": {
                                                "token": {"type": "string"},
                                                "status_url": {"type": "string", "format": "uri"},
                                            },
                                        },
                                    ]
                                },
                                "print": {
                                    "oneOf": [_ref("PrinterHealth"), {"type": "null"}],
                                    "description": "the kiosk's printer, when a kiosk was named",
                                },
                            },
                        },
                        "The new ticket, with the token of its status page",
                    ),
                    "400": _error("Malformed body"),
                    "404": _error("No such active service"),
                    "409": _error("Idempotency-Key already used for another service"),
                    "413": _error("Body too large"),
                },
            }
        },
        "/tickets/{ticket_id}": {
            "get": {
                "summary": "A ticket",
                "parameters": [{"$ref": "#/components/parameters/TicketId"}],
                "responses": {"200": _TICKET_ONE, "404": _error("No such ticket")},
            }
        },
        "/status/{token}": {
            "get": {
                "summary": "A ticket by its status token (the citizen's phone page)",
                "parameters": [
                    {"name": "token", "in": "path", "required": True, "schema": {"type": "string", "minLength": 16}}
                ],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["ticket", "service", "counter"],
                            "properties": {
                                "ticket": _ref("Ticket"),
                                "service": _ref("Service"),
                                "counter": {
                                    "oneOf": [
                                        {
                                            "type": "object",
                                            "required": ["id", "name"],
                                            "properties": {"id": {"type": "integer"}, "name": {"type": "string"}},
                                        },
                                        {"type": "null"},
                                    ]
                                },
                            },
                        }
                    ),
                    "404": _error("No ticket with this token"),
                },
            }
        },
        "/kiosks/{kiosk}/printer": {
            "get": {
                "summary": "Whether a kiosk's printer works (judged by its print queue)",
                "parameters": [
                    {"name": "kiosk", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 40}}
                ],
                "responses": {
                    "200": _json(
                        {"type": "object", "required": ["printer"], "properties": {"printer": _ref("PrinterHealth")}}
                    ),
                    "400": _error("Not a kiosk name"),
                },
            }
        },
        "/login": {
            "post": {
                "summary": "Log in: a bearer token for counter actions",
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "required": ["username", "password"],
                                "properties": {"username": {"type": "string"}, "password": {"type": "string"}},
                            }
                        }
                    },
                },
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["token", "expires_in", "user"],
                            "properties": {
                                "token": {"type": "string"},
                                "expires_in": {"type": "integer", "description": "seconds"},
                                "user": {
                                    "type": "object",
                                    "required": ["id", "username", "role"],
                                    "properties": {
                                        "id": {"type": "integer"},
                                        "username": {"type": "string"},
                                        "role": {"enum": ["officer", "supervisor", "admin"]},
                                    },
                                },
                            },
                        }
                    ),
                    "400": _error("Malformed body"),
                    "401": _error("Wrong username or password"),
                    "429": _error("Too many wrong passwords for this user or client lately (Retry-After)"),
                },
            }
        },
        "/counters/{counter_id}/next": {
            "post": {
                "summary": "Call the next ticket to this counter (priority first, then oldest)",
                "security": [{"bearer": []}],
                "parameters": [
                    {"name": "counter_id", "in": "path", "required": True, "schema": _ID},
                ],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["ticket"],
                            "properties": {"ticket": {"oneOf": [_ref("Ticket"), {"type": "null"}]}},
                        },
                        "The called ticket, or null when nobody waits",
                    ),
                    **_AUTH_ERRORS,
                    "404": _error("No such active counter"),
                    "409": _error("The counter still holds a called or serving ticket"),
                },
            }
        },
        "/tickets/{ticket_id}/recall": _ticket_action("Call a called ticket again", "called"),
        "/tickets/{ticket_id}/start": _ticket_action("Start serving (service time starts)", "called"),
        "/tickets/{ticket_id}/finish": _ticket_action("Finish serving (service time ends)", "serving"),
        "/tickets/{ticket_id}/no-show": _ticket_action("The called citizen did not come", "called"),
        "/tickets/{ticket_id}/cancel": _ticket_action("Withdraw the ticket; frees its counter", "waiting or called"),
        "/tickets/{ticket_id}/transfer": {
            "post": {
                "summary": "Send the ticket to another service, keeping its place in line",
                "security": [{"bearer": []}],
                "parameters": [{"$ref": "#/components/parameters/TicketId"}],
                "requestBody": {
                    "required": True,
                    "content": {
                        "application/json": {
                            "schema": {"type": "object", "required": ["service_id"], "properties": {"service_id": _ID}}
                        }
                    },
                },
                "responses": {
                    "200": _TICKET_ONE,
                    "400": _error("Malformed body"),
                    **_AUTH_ERRORS,
                    "404": _error("No such ticket or active service"),
                    "409": _error("Ticket done, no-show or cancelled, or already in that service"),
                },
            }
        },
        "/counters/{counter_id}": {
            "get": _staff(
                "A counter's state: open or paused, officer, services, current ticket",
                {"200": _COUNTER_ONE, "404": _error("No such active counter")},
                params=[_COUNTER_ID],
            )
        },
        "/counters/{counter_id}/pause": {
            "post": _staff(
                "A break: the counter calls nobody until resumed",
                {"200": _COUNTER_ONE, "404": _error("No such active counter"), "409": _error("Already paused")},
                params=[_COUNTER_ID],
            )
        },
        "/counters/{counter_id}/resume": {
            "post": _staff(
                "Back from a break",
                {"200": _COUNTER_ONE, "404": _error("No such active counter"), "409": _error("Not paused")},
                params=[_COUNTER_ID],
            )
        },
        "/counters/{counter_id}/services": {
            "put": _staff(
                "Set which services a counter serves (supervisors)",
                {
                    "200": _COUNTER_ONE,
                    "400": _error("Not a list of existing service ids"),
                    "404": _error("No such counter"),
                },
                params=[_COUNTER_ID],
                body={
                    "type": "object",
                    "required": ["service_ids"],
                    "properties": {"service_ids": {"type": "array", "items": _ID}},
                },
            )
        },
        "/counters/{counter_id}/call": {
            "post": _staff(
                "Call one waiting ticket out of order (supervisors; reason required; on the record)",
                {
                    "200": _TICKET_ONE,
                    "400": _error("No reason, or a malformed body"),
                    "404": _error("No such counter or ticket"),
                    "409": _error("Counter busy or paused, ticket not waiting, or not served at this counter"),
                },
                params=[_COUNTER_ID],
                body={
                    "type": "object",
                    "required": ["ticket_id", "reason"],
                    "properties": {"ticket_id": _ID, "reason": {"type": "string", "minLength": 1, "maxLength": 500}},
                },
            )
        },
        "/me": {
            "get": _staff(
                "Who is logged in, and their figures for today",
                {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["user", "today"],
                            "properties": {
                                "user": {"type": "object", "required": ["id", "username", "role"]},
                                "today": {
                                    "type": "object",
                                    "required": ["served", "no_show", "mean_service_s"],
                                    "properties": {
                                        "served": {"type": "integer"},
                                        "no_show": {"type": "integer"},
                                        "mean_service_s": {"type": ["number", "null"]},
                                    },
                                },
                            },
                        }
                    )
                },
            )
        },
        "/overview": {
            "get": _staff(
                "Every counter live and every queue with its oldest wait (supervisors)",
                {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["counters", "queues"],
                            "properties": {
                                "counters": {"type": "array", "items": {"$ref": "#/components/schemas/CounterState"}},
                                "queues": {"type": "array", "items": {"$ref": "#/components/schemas/Queue"}},
                            },
                        }
                    )
                },
            )
        },
        "/reports/out-of-order": {
            "get": _staff(
                "Every call that passed over an older waiting ticket of the same service (supervisors)",
                {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["from", "to", "calls"],
                            "properties": {
                                "from": {"type": "string", "format": "date"},
                                "to": {"type": "string", "format": "date"},
                                "calls": {"type": "array", "items": {"$ref": "#/components/schemas/OutOfOrderCall"}},
                            },
                        }
                    ),
                    "400": _error("Bad date, or from after to"),
                },
                params=_DATES,
            )
        },
        "/stats": {
            "get": {
                "summary": "Waiting and service times per service, counter and officer",
                "security": [{"bearer": []}],
                "parameters": [
                    {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                    {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}},
                ],
                "responses": {
                    "200": _json(
                        {
                            "type": "object",
                            "required": ["from", "to", "services", "counters", "officers"],
                            "properties": {
                                "from": {"type": "string", "format": "date"},
                                "to": {"type": "string", "format": "date"},
                                "services": {"type": "array", "items": _stats_row("service_id")},
                                "counters": {"type": "array", "items": _stats_row("counter_id")},
                                "officers": {"type": "array", "items": _stats_row("officer_id")},
                            },
                        },
                        "Office-local days from..to inclusive (default today)",
                    ),
                    "400": _error("Bad date, or from after to"),
                    **_AUTH_ERRORS,
                },
            }
        },
        "/openapi.json": {"get": {"summary": "This document", "responses": {"200": _json({"type": "object"})}}},
    },
    "components": {
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
        "parameters": {"TicketId": {"name": "ticket_id", "in": "path", "required": True, "schema": _ID}},
        "schemas": {
            "Error": {
                "type": "object",
                "required": ["error"],
                "properties": {
                    "error": {
                        "type": "object",
                        "required": ["code", "message"],
                        "properties": {"code": {"type": "string"}, "message": {"type": "string"}},
                    }
                },
            },
            "Service": {
                "type": "object",
                "required": ["id", "prefix", "name_en", "name_km", "group_en", "group_km", "fee_riel", "waiting"],
                "properties": {
                    "id": {"type": "integer"},
                    "prefix": {"type": "string"},
                    "name_en": {"type": "string"},
                    "name_km": {"type": "string"},
                    "group_en": {"type": "string"},
                    "group_km": {"type": "string"},
                    "fee_riel": {"type": ["integer", "null"], "description": "official fee; null if not published"},
                    "processing_days": {"type": ["integer", "null"]},
                    "target_wait_min": {"type": "integer"},
                    "waiting": {"type": "integer", "minimum": 0},
                },
            },
            "Counter": {
                "type": "object",
                "required": ["id", "name", "service_ids"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "service_ids": {"type": "array", "items": {"type": "integer"}},
                },
            },
            "Ticket": {
                "type": "object",
                "required": [
                    "id",
                    "number",
                    "service_id",
                    "status",
                    "priority",
                    "issued_at",
                    "called_at",
                    "started_at",
                    "finished_at",
                    "counter_id",
                    "ahead",
                    "estimated_wait_s",
                ],
                "properties": {
                    "id": {"type": "integer"},
                    "number": {"type": "string", "pattern": "^[A-Z]{1,4}[0-9]{3,}$"},
                    "service_id": {"type": "integer"},
                    "status": {"enum": ["waiting", "called", "serving", "done", "no_show", "cancelled"]},
                    "priority": {"type": "boolean"},
                    "issued_at": {"type": "string", "format": "date-time"},
                    "called_at": _NULLABLE_TIME,
                    "started_at": _NULLABLE_TIME,
                    "finished_at": _NULLABLE_TIME,
                    "counter_id": {"type": ["integer", "null"]},
                    "officer_id": {"type": ["integer", "null"]},
                    "ahead": {"type": "integer", "minimum": 0, "description": "people ahead while waiting"},
                    "estimated_wait_s": {
                        "type": ["integer", "null"],
                        "minimum": 0,
                        "description": "expected wait in seconds while waiting (method: README)",
                    },
                },
            },
            "Duration": _DURATION,
            "CounterState": {
                "type": "object",
                "required": ["id", "name", "paused", "officer", "service_ids", "current", "current_since_s"],
                "properties": {
                    "id": {"type": "integer"},
                    "name": {"type": "string"},
                    "paused": {"type": "boolean"},
                    "officer": {
                        "oneOf": [
                            {"type": "object", "required": ["id", "username"]},
                            {"type": "null"},
                        ]
                    },
                    "service_ids": {"type": "array", "items": {"type": "integer"}},
                    "current": {"oneOf": [_ref("Ticket"), {"type": "null"}]},
                    "current_since_s": {
                        "type": ["number", "null"],
                        "description": "seconds since the current ticket was called (or started, once serving)",
                    },
                },
            },
            "Queue": {
                "type": "object",
                "required": ["service_id", "waiting", "oldest_issued_at", "oldest_wait_s", "tickets"],
                "properties": {
                    "service_id": {"type": "integer"},
                    "prefix": {"type": "string"},
                    "name_en": {"type": "string"},
                    "name_km": {"type": "string"},
                    "target_wait_min": {"type": "integer"},
                    "waiting": {"type": "integer"},
                    "oldest_issued_at": {"type": ["string", "null"], "format": "date-time"},
                    "oldest_wait_s": {"type": ["number", "null"]},
                    "tickets": {
                        "type": "array",
                        "description": "the first 50 waiting, in calling order",
                        "items": {"type": "object", "required": ["id", "number", "priority", "issued_at"]},
                    },
                },
            },
            "OutOfOrderCall": {
                "type": "object",
                "required": [
                    "event_id",
                    "at",
                    "ticket_id",
                    "number",
                    "counter_id",
                    "actor_id",
                    "passed_over",
                    "reason",
                ],
                "properties": {
                    "event_id": {"type": "integer"},
                    "at": {"type": "string", "format": "date-time"},
                    "ticket_id": {"type": "integer"},
                    "number": {"type": "string"},
                    "service_id": {"type": "integer"},
                    "counter_id": {"type": "integer"},
                    "counter": {"type": "string"},
                    "actor_id": {"type": "integer"},
                    "actor": {"type": "string"},
                    "passed_over": {
                        "type": "array",
                        "items": {"type": "object", "required": ["ticket_id", "number"]},
                    },
                    "reason": {"type": "string"},
                },
            },
            "PrinterHealth": {
                "type": "object",
                "required": ["printer", "ok", "reason", "pending"],
                "properties": {
                    "printer": {"type": "string"},
                    "ok": {"type": "boolean"},
                    "reason": {"type": ["string", "null"]},
                    "pending": {"type": "integer", "minimum": 0, "description": "jobs not yet printed"},
                },
            },
        },
    },
}


@bp.get("/openapi.json")
def openapi_json():
    return jsonify(DOCUMENT)
