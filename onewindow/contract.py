"""The HTTP contract at work: every view that declares an `office.contract.operation` gets its
caller's role checked and its inputs validated before it runs, and its answer serialised from
the model it returns. The URL converters carry the path limits of office.schemas.
"""

import logging

from flask import Flask, current_app, request
from pydantic import BaseModel
from werkzeug.routing import BaseConverter, IntegerConverter

from office.contract import operation_of, parse
from office.limits import KIOSK_NAME_MAX, MAX_ID, TOKEN_MAX, TOKEN_MIN

log = logging.getLogger(__name__)


class RecordIdConverter(IntegerConverter):
    """`<id:ticket_id>`: a positive 32-bit id; anything else is no such route (404)."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)

    schema = {"type": "integer", "minimum": 1, "maximum": MAX_ID}


class TokenConverter(BaseConverter):
    """`<token:token>`: a status page's token."""

    regex = f"[^/]{{{TOKEN_MIN},{TOKEN_MAX}}}"
    schema = {"type": "string", "minLength": TOKEN_MIN, "maxLength": TOKEN_MAX}


class ShortNameConverter(BaseConverter):
    """`<short_name:kiosk>`: up to KIOSK_NAME_MAX characters; the view's `path` model says more."""

    regex = f"[^/]{{1,{KIOSK_NAME_MAX}}}"
    schema = {"type": "string", "maxLength": KIOSK_NAME_MAX}


CONVERTERS = {"id": RecordIdConverter, "token": TokenConverter, "short_name": ShortNameConverter}


class ContractFlask(Flask):
    """Flask that also answers with a schema instance: `return TicketOne(...), 201, headers`."""

    def make_response(self, rv):
        answer = rv[0] if isinstance(rv, tuple) and rv else rv
        if isinstance(answer, BaseModel):
            _check_declared(answer, rv[1] if isinstance(rv, tuple) and len(rv) > 1 else 200)
            body = answer.model_dump(mode="json")
            rv = (body, *rv[1:]) if isinstance(rv, tuple) else body
        return super().make_response(rv)


def init_app(app: Flask, *, authorize) -> None:
    """`authorize(roles)` raises Unauthorized/Forbidden unless the caller has one of them."""
    app.url_map.converters.update(CONVERTERS)

    @app.before_request
    def _check_and_parse():
        view = app.view_functions.get(request.endpoint) if request.endpoint else None
        op = operation_of(view) if view else None
        if op is None:
            return None
        if op.roles:
            authorize(op.roles)
        args = request.view_args
        if op.path:
            args.update(parse(op.path, dict(args), what="the path").model_dump())
        if op.headers:
            args["headers"] = parse(op.headers, dict(request.headers), what="the headers")
        if op.query:
            args["query"] = parse(op.query, request.args.to_dict(), what="the query")
        if op.body:
            args["body"] = parse(op.body, request.get_json(silent=True))
        return None


def _check_declared(answer: BaseModel, status) -> None:
    """An answer the contract does not declare is a bug: loud in tests, logged in an office."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    op = operation_of(view) if view else None
    if op is None:
        return
    declared = op.answers.get(int(status))
    if declared is type(answer):
        return
    message = f"{request.endpoint} answered {type(answer).__name__} with {status}; it declares {declared}"
    if current_app.testing:
        raise AssertionError(message)
    log.error(message)
