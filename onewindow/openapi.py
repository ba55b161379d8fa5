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
_AUTH_ERRORS = {"401": _error("No valid bearer token"), "403": _error("The user's role may not do this")}


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
