"""The one place where errors become HTTP answers: `{"error": {"code", "message"}}`."""

import logging

from flask import jsonify, request
from werkzeug.exceptions import HTTPException

from kiosk.group_commit import WriterUnavailable
from office.errors import Conflict, DomainError, Forbidden, InvalidInput, NotFound, TooManyAttempts, Unauthorized

log = logging.getLogger(__name__)

STATUS = {InvalidInput: 400, Unauthorized: 401, Forbidden: 403, NotFound: 404, Conflict: 409, TooManyAttempts: 429}


def error_response(status: int, code: str, message: str, field: str | None = None):
    body = {"code": code, "message": message}
    if field:
        body["field"] = field
    response = jsonify(error=body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = "Bearer"
    return response


def init_app(app) -> None:
    @app.errorhandler(DomainError)
    def domain_error(error: DomainError):
        status = next((s for kind, s in STATUS.items() if isinstance(error, kind)), 400)
        response = error_response(status, error.code, error.message, getattr(error, "field", None))
        if isinstance(error, TooManyAttempts):
            response.headers["Retry-After"] = str(error.retry_after_s)
        return response

    @app.errorhandler(WriterUnavailable)
    def writer_unavailable(error: WriterUnavailable):
        return error_response(503, "unavailable", "The ticket could not be written in time; please try again.")

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if not _wants_json():
            return error
        code = (error.name or "error").lower().replace(" ", "_")
        response = error_response(error.code or 500, code, error.description or error.name)
        # The exception's own headers (a 405's Allow, a 401's WWW-Authenticate), bar its
        # Content-Type: the body here is JSON.
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        log.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, "internal_error", "Something went wrong on the server; it has been logged.")


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"
