"""GET /api/v1/openapi.json, generated: the routes from the URL map, each route's inputs and
answers from the operation its view declares (office.contract), and every shape from the
schema classes (office.schemas) that also validate requests and serialise answers. Nothing
here is written twice: a new route, field or limit appears in the document by itself.
"""

import re

from flask import Blueprint, current_app
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from office.contract import Media, Operation, common_answers, operation, operation_of
from office.schemas import Error

PREFIX = "/api/v1"
REF = "#/components/schemas/{model}"

bp = Blueprint("openapi", __name__, url_prefix=PREFIX)


class Document(BaseModel):
    """An OpenAPI 3.1 document (its own schema is not repeated here)."""


@bp.get("/openapi.json")
@operation("This document: the API's contract (OpenAPI 3.1)", answers={200: Document})
def openapi_json():
    document = current_app.extensions.get("onewindow.openapi")
    if document is None:
        document = current_app.extensions["onewindow.openapi"] = build_document(current_app)
    return current_app.json.response(document)


def build_document(app) -> dict:
    """The OpenAPI document of every route under /api/v1 of this app."""
    routes = []
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: (r.rule, sorted(r.methods))):
        if not rule.rule.startswith(PREFIX):
            continue
        op = operation_of(app.view_functions[rule.endpoint])
        if op is None:
            raise LookupError(f"{rule.rule} ({rule.endpoint}) declares no operation: see office/contract.py")
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            routes.append((rule, method.lower(), op))

    models = {(Error, "serialization")}
    for _rule, _method, op in routes:
        models |= _models_of(op)
    refs, defs = models_json_schema(sorted(models, key=lambda m: (m[0].__name__, m[1])), ref_template=REF)

    paths: dict = {}
    for rule, method, op in routes:
        path, parameters = _path_and_parameters(rule, op)
        paths.setdefault(path, {})[method] = _operation(op, parameters, refs)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "OneWindow API",
            "version": "1",
            "description": "Queue management for One Window Service Offices. Errors are "
            '{"error": {"code", "message"}}. Times are ISO 8601 UTC with milliseconds.',
        },
        "servers": [{"url": PREFIX}],
        "paths": paths,
        "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": defs.get("$defs", {}),
        },
    }


def _models_of(op: Operation) -> set:
    found = {(model, "serialization") for model in op.answers.values() if isinstance(model, type)}
    found.discard((Document, "serialization"))
    if op.body:
        found.add((op.body, "validation"))
    return found


def _path_and_parameters(rule, op: Operation) -> tuple[str, list]:
    """`/tickets/<id:ticket_id>` -> `/tickets/{ticket_id}` and its path parameter."""
    path, parameters = "", []
    path_fields = _fields(op.path) if op.path else {}
    for converter, argument, variable in _parts(rule):
        if converter is None:
            path += argument
            continue
        path += "{" + variable + "}"
        schema = path_fields.get(variable, (None, getattr(converter, "schema", {"type": "string"})))[1]
        parameters.append({"name": variable, "in": "path", "required": True, "schema": schema})
    return path[len(PREFIX) :], parameters


def _parts(rule):
    """The rule as (None, static text, None) and (converter, None, variable) pieces."""
    pieces = []
    for static, variable in re.findall(r"([^<]*)(?:<(?:[^:>]+:)?([^>]+)>)?", rule.rule):
        if static:
            pieces.append((None, static, None))
        if variable:
            pieces.append((rule._converters[variable], None, variable))
    return pieces


def _operation(op: Operation, parameters: list, refs) -> dict:
    doc: dict = {"summary": op.summary}
    if op.description:
        doc["description"] = op.description
    if op.roles:
        doc["security"] = [{"bearer": []}]
        doc["description"] = (doc.get("description", "") + f" Roles: {', '.join(op.roles)}.").strip()
    for where, model in (("query", op.query), ("header", op.headers)):
        if model:
            for name, (required, schema) in _fields(model).items():
                parameters.append({"name": name, "in": where, "required": required, "schema": schema})
    if parameters:
        doc["parameters"] = parameters
    if op.body:
        doc["requestBody"] = {"required": True, "content": _json(refs[(op.body, "validation")])}
    elif op.raw_body:
        doc["requestBody"] = {"required": True, "description": op.raw_body.description, "content": _text(op.raw_body)}
    answers = {**common_answers(op), **op.answers}
    if parameters and any(p["in"] == "path" for p in parameters):
        answers.setdefault(404, "No such record (or the path's id is out of range)")
    doc["responses"] = {str(status): _answer(status, answer, op, refs) for status, answer in sorted(answers.items())}
    return doc


def _answer(status: int, answer, op: Operation, refs) -> dict:
    if answer is Document:
        doc = {"description": "OK", "content": _json({"type": "object"})}
    elif isinstance(answer, Media):
        doc = {"description": answer.description, "content": _text(answer)}
    elif isinstance(answer, type):
        doc = {
            "description": (answer.__doc__ or "OK").strip().splitlines()[0],
            "content": _json(refs[(answer, "serialization")]),
        }
    else:
        doc = {"description": answer, "content": _json(refs[(Error, "serialization")])}
    if status in op.response_headers:
        doc["headers"] = {
            name: {"description": text, "schema": {"type": "string"}}
            for name, text in op.response_headers[status].items()
        }
    return doc


def _json(schema: dict) -> dict:
    return {"application/json": {"schema": schema}}


def _text(media: Media) -> dict:
    return {media.type: {"schema": {"type": "string"}}}


def _fields(model: type[BaseModel]) -> dict[str, tuple[bool, dict]]:
    """name (its alias if it has one) -> (required, JSON Schema) of a flat model's fields. An
    optional parameter is simply left out, so its `| None` is not part of its schema."""
    schema = model.model_json_schema(mode="validation")
    required = set(schema.get("required", ()))
    fields = {}
    for name, prop in schema["properties"].items():
        prop = {k: v for k, v in prop.items() if k not in ("title", "default")}
        choices = [c for c in prop.pop("anyOf", []) if c != {"type": "null"}]
        if len(choices) == 1:
            prop = {**choices[0], **prop}
        elif choices:
            prop["anyOf"] = choices
        fields[name] = (name in required, prop)
    return fields
