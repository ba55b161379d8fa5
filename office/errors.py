"""Domain errors. The web layer maps each kind to one HTTP status, in one place."""


class DomainError(Exception):
    """Something the office's rules refuse. `code` is a stable machine-readable name."""

    code = "domain_error"

    def __init__(self, message: str, *, code: str | None = None):
        super().__init__(message)
        self.message = message
        if code:
            self.code = code


class InvalidInput(DomainError):
    """The request is malformed: a missing field, a wrong type, a value out of range."""

    code = "invalid_input"

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None):
        super().__init__(message, code=code)
        self.field = field  # the input at fault (a dotted path: "documents_en.2"), when one is


class NotFound(DomainError):
    """The ticket, service, counter or user does not exist."""

    code = "not_found"


class Conflict(DomainError):
    """The request is well-formed but the current state does not allow it."""

    code = "conflict"


class IllegalTransition(Conflict):
    """The ticket's status does not allow this action (e.g. finishing a waiting ticket)."""

    code = "illegal_transition"


class CounterBusy(Conflict):
    """The counter already holds a called or serving ticket."""

    code = "counter_busy"


class Unauthorized(DomainError):
    """No valid credentials."""

    code = "unauthorized"


class Forbidden(DomainError):
    """Valid credentials, but the role does not allow the action."""

    code = "forbidden"


class TooManyAttempts(DomainError):
    """Too many wrong passwords lately: wait before trying again."""

    code = "too_many_attempts"

    def __init__(self, message: str, *, retry_after_s: int):
        super().__init__(message)
        self.retry_after_s = retry_after_s


class TooManyTickets(TooManyAttempts):
    """One kiosk or one device took too many tickets in the last minute."""

    code = "too_many_tickets"
