"""How a view declares its part of the HTTP contract: what it takes and what it answers.

    @bp.post("/tickets")
    @operation("Take a ticket", body=TicketRequest, headers=IssueHeaders,
               answers={201: TicketIssued, 404: "No such active service"})
    def issue_ticket(body: TicketRequest, headers: IssueHeaders): ...

The application validates the declared inputs before the view runs and hands them to it as
keyword arguments (`body`, `query`, `headers`, and path parameters checked by `path`), after
checking the caller's role when `roles` is given; a view answers with an instance of the
declared model. The OpenAPI document is generated from
these declarations, and the answers that every operation may give besides its own (400 for
bad input, 401/403 for staff routes, 413 for bodies) are added in one place
(`common_answers`). Nothing here knows Flask.
"""

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ValidationError

from office.errors import InvalidInput


@dataclass(frozen=True)
class Media:
    """A body that is not JSON (a CSV file): its media type and what it holds. As `raw_body`
    the view reads it itself; as an answer, the view returns it as a Response."""

    type: str
    description: str


@dataclass(frozen=True)
class Operation:
    summary: str
    description: str | None = None
    body: type[BaseModel] | None = None
    query: type[BaseModel] | None = None
    headers: type[BaseModel] | None = None
    path: type[BaseModel] | None = None
    # staff roles allowed (checked before any input is read); None: anyone
    roles: tuple[str, ...] | None = None
    # status -> answer model, a description for an error answer ({"error": {code, message}}),
    # or a Media answer
    answers: dict[int, type[BaseModel] | str | Media] = field(default_factory=dict)
    response_headers: dict[int, dict[str, str]] = field(default_factory=dict)
    raw_body: Media | None = None  # a non-JSON body, which the view reads (not `body`)


def operation(summary: str, **declared):
    """Decorator: attach the contract of a view (see the module docstring)."""
    op = Operation(summary, **declared)

    def attach(view):
        view.operation = op
        return view

    return attach


def operation_of(view) -> Operation | None:
    return getattr(view, "operation", None)


def common_answers(op: Operation) -> dict[int, str]:
    """Error answers an operation can give whatever it does, by what it takes."""
    answers = {}
    if op.body or op.raw_body or op.query or op.headers or op.path:
        answers[400] = "Malformed input: the message says which field and why"
    if op.roles:
        answers[401] = "No valid bearer token (or page session)"
        answers[403] = "The user's role may not do this, or a page session sent no CSRF token"
    if op.body or op.raw_body:
        answers[413] = "Body over the size limit"
    return answers


def parse(model: type[BaseModel], data, *, what: str = "the request body"):
    """Validate untrusted data against a model; InvalidInput (400) says which field and why."""
    if not isinstance(data, dict):
        raise InvalidInput(f"{what} must be a JSON object (Content-Type: application/json)")
    where = _lone_surrogate_in(data)
    if where is not None:
        # JSON's "\ud800" escapes make strings that are no Unicode text: nothing can encode
        # them (UTF-8, the database, the password hash, the log), so they stop here.
        raise InvalidInput(f"{where}: not Unicode text (a lone surrogate)")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise InvalidInput(_explain(error), field=_first_field(error)) from None


_SURROGATE = re.compile("[\ud800-\udfff]")


def _lone_surrogate_in(data) -> str | None:
    """Where in `data` (a dotted path) a string or a key holds a lone surrogate, or None.
    A loop, not recursion: the JSON may be nested as deep as the parser allowed."""
    pending = [("", data)]
    while pending:
        where, value = pending.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return where or "value"
        elif isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(str(key)):
                    return where or "value"
                pending.append((f"{where}.{key}" if where else str(key), item))
        elif isinstance(value, list):
            pending.extend((f"{where}.{i}" if where else str(i), item) for i, item in enumerate(value))
    return None


def _first_field(error: ValidationError) -> str | None:
    """The first input at fault, so that a page can show its message next to that field."""
    problems = error.errors(include_url=False, include_input=False)
    where = ".".join(str(part) for part in problems[0]["loc"]) if problems else ""
    return where or None


def _explain(error: ValidationError) -> str:
    problems = []
    for problem in error.errors(include_url=False, include_input=False)[:5]:
        where = ".".join(str(part) for part in problem["loc"]) or "value"
        problems.append(f"{where}: {problem['msg']}")
    return "; ".join(problems)
