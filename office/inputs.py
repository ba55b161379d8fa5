"""Checks of untrusted input (JSON bodies, query strings) that raise InvalidInput."""

import re
from datetime import date

from office.errors import InvalidInput

MAX_ID = 2**31 - 1
_NAME = re.compile(r"[A-Za-z0-9_.-]{1,40}")


def json_object(data) -> dict:
    """A request body must be a JSON object."""
    if not isinstance(data, dict):
        raise InvalidInput("the request body must be a JSON object (Content-Type: application/json)")
    return data


def record_id(data: dict, field: str) -> int:
    """A required positive integer id."""
    value = data.get(field)
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_ID:
        raise InvalidInput(f"{field} must be a positive integer id")
    return value


def flag(data: dict, field: str, default: bool = False) -> bool:
    """An optional boolean."""
    value = data.get(field, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        raise InvalidInput(f"{field} must be true or false")
    return value


def text(data: dict, field: str, *, max_length: int = 200) -> str:
    """A required non-empty string."""
    value = data.get(field)
    if not isinstance(value, str) or not value.strip() or len(value) > max_length:
        raise InvalidInput(f"{field} must be a non-empty string of at most {max_length} characters")
    return value


def name(value, field: str) -> str:
    """A short machine name such as a kiosk's: letters, digits, '.', '_' and '-'."""
    if not isinstance(value, str) or not _NAME.fullmatch(value):
        raise InvalidInput(f"{field} must be 1 to 40 letters, digits, '.', '_' or '-'")
    return value


def iso_date(value: str | None, field: str, default: date) -> date:
    """An optional YYYY-MM-DD date."""
    if value is None or value == "":
        return default
    try:
        return date.fromisoformat(value) if len(value) == 10 else _bad_date(field)
    except ValueError:
        return _bad_date(field)


def _bad_date(field: str):
    raise InvalidInput(f"{field} must be a date as YYYY-MM-DD")
