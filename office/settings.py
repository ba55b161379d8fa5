"""The office's settings, which its administrator changes in the browser: its name in Khmer
and English, its time zone, the languages the TVs announce calls in, the public address the
tickets' QR codes point to, its opening hours, and its public holidays (closed days beyond the
weekly hours: cases' due dates count working days, office/working_days.py).

Each is a Setting row (key -> JSON value) once changed; until then its default comes from the
server's configuration (`defaults_from`). Every change is checked whole before anything is
written, and writes one "settings_changed" Event (before -> after) in the same transaction.
Nothing here knows Flask: onewindow/office_settings.py puts the values to work.
"""

import re
from collections.abc import Mapping
from datetime import date
from functools import cache
from urllib.parse import urlsplit
from zoneinfo import available_timezones

from office.changes import record_change
from office.db import database
from office.errors import InvalidInput
from office.events import EventBus
from office.models import Setting

KEYS = (
    "office_name_en",
    "office_name_km",
    "timezone",
    "announce_languages",
    "public_url",
    "opening_hours",
    "holidays",
)
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LANGUAGES = ("km", "en")  # what the waiting-room TVs can announce in
NAME_MAX = 200
TIMEZONE_MAX = 64
PUBLIC_URL_MAX = 300
HOLIDAYS_MAX = 100  # a year's public holidays, with room for the next year's
# Government offices' hours: weekdays 07:30-17:00, closed at the weekend (None: closed).
DEFAULT_OPENING_HOURS = {day: (["07:30", "17:00"] if day not in ("sat", "sun") else None) for day in WEEKDAYS}
SUBJECT = ("settings", None, "office settings")

_HHMM = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


def defaults_from(config: Mapping) -> dict:
    """The settings of an office whose administrator changed none: the server's configuration
    (ONEWINDOW_OFFICE_NAME, OFFICE_NAME_KM, TIMEZONE, ANNOUNCE_LANGUAGES, OPENING_HOURS). The
    public URL's default is "" (automatic): ONEWINDOW_PUBLIC_URL, else the address `onewindow
    serve` listens on."""
    languages = config.get("ANNOUNCE_LANGUAGES") or "km,en"
    if isinstance(languages, str):
        languages = [lang.strip() for lang in languages.split(",") if lang.strip()]
    return {
        "office_name_en": config.get("OFFICE_NAME") or "",
        "office_name_km": config.get("OFFICE_NAME_KM") or config.get("OFFICE_NAME") or "",
        "timezone": config.get("TIMEZONE") or "Asia/Phnom_Penh",
        "announce_languages": list(languages),
        "public_url": "",
        "opening_hours": dict(config.get("OPENING_HOURS") or DEFAULT_OPENING_HOURS),
        "holidays": list(config.get("HOLIDAYS") or []),
    }


def stored_values() -> dict:
    """The settings the administrator has set, by key (other rows are no setting of ours)."""
    return {row.key: row.value for row in Setting.select() if row.key in KEYS}


def current(defaults: Mapping) -> dict:
    """Every setting: the stored value, else its default."""
    stored = stored_values()
    return {key: stored[key] if key in stored else defaults[key] for key in KEYS}


def change_settings(
    changes: Mapping, *, defaults: Mapping, actor_id: int | None, clock, bus: EventBus | None = None
) -> dict:
    """Set some settings (any of KEYS); returns them all. Every value is checked first (a bad
    one is InvalidInput naming its field, and nothing is written); the values that differ are
    stored, with one "settings_changed" Event of what changed, published after the commit.
    Nothing changed: no Event."""
    cleaned = {key: check(key, value) for key, value in changes.items()}
    event = None
    with database.atomic():
        before = current(defaults)
        after = {**before, **cleaned}
        for key in KEYS:
            if after[key] != before[key]:
                Setting.insert(key=key, value=after[key]).on_conflict(
                    conflict_target=[Setting.key], preserve=[Setting.value]
                ).execute()
        if after != before:
            event = record_change(
                "settings_changed", actor_id=actor_id, subject=SUBJECT, before=before, after=after, at=clock()
            )
    if event is not None and bus is not None:
        bus.publish(event)
    return after


# --- the rule of each setting ----------------------------------------------------------


def check(key: str, value):
    """The value as stored, or InvalidInput naming the field at fault."""
    if key not in KEYS:
        raise InvalidInput(f"{key}: no such setting (settings: {', '.join(KEYS)})", field=key)
    if value is None:
        raise InvalidInput(f"{key}: must be given (not null)", field=key)
    return _RULES[key](value)


def _name(field: str):
    def checked(value) -> str:
        if not isinstance(value, str) or not value.strip():
            raise InvalidInput(f"{field}: must not be blank", field=field)
        if len(value.strip()) > NAME_MAX:
            raise InvalidInput(f"{field}: at most {NAME_MAX} characters", field=field)
        return value.strip()

    return checked


@cache
def time_zones() -> frozenset[str]:
    """Every IANA time zone name this machine knows (Asia/Phnom_Penh, UTC, …)."""
    return frozenset(available_timezones())


def _timezone(value) -> str:
    name = value.strip() if isinstance(value, str) else value
    if not isinstance(name, str) or len(name) > TIMEZONE_MAX or name not in time_zones():
        raise InvalidInput(
            f"timezone: {str(value)[:TIMEZONE_MAX]!r} is not an IANA time zone (e.g. Asia/Phnom_Penh)",
            field="timezone",
        )
    return name


def _languages(value) -> list[str]:
    if not isinstance(value, list) or not value:
        raise InvalidInput("announce_languages: at least one of km, en", field="announce_languages")
    for lang in value:
        if lang not in LANGUAGES:
            raise InvalidInput(
                f"announce_languages: {str(lang)[:20]!r} is not one of km, en", field="announce_languages"
            )
    if len(set(value)) != len(value):
        raise InvalidInput("announce_languages: each language once", field="announce_languages")
    return list(value)


def _public_url(value) -> str:
    if not isinstance(value, str):
        raise InvalidInput("public_url: must be text (empty: automatic)", field="public_url")
    url = value.strip()
    if not url:
        return ""
    if len(url) > PUBLIC_URL_MAX:
        raise InvalidInput(f"public_url: at most {PUBLIC_URL_MAX} characters", field="public_url")
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018  (a bad port raises here)
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or parts.query
        or parts.fragment
        or parts.username
        or any(char.isspace() for char in url)
    ):
        raise InvalidInput(
            "public_url: an address such as https://owso.example.gov.kh (http or https, no ?query), "
            "or empty for automatic",
            field="public_url",
        )
    return url.rstrip("/")


def _opening_hours(value) -> dict:
    if not isinstance(value, dict):
        raise InvalidInput("opening_hours: an object with mon … sun", field="opening_hours")
    for day in value:
        if day not in WEEKDAYS:
            raise InvalidInput(f"opening_hours: {str(day)[:10]!r} is no weekday (mon … sun)", field="opening_hours")
    hours = {}
    for day in WEEKDAYS:
        field = f"opening_hours.{day}"
        if day not in value:
            raise InvalidInput(f"{field}: missing (null when closed)", field=field)
        times = value[day]
        if times is None:
            hours[day] = None
            continue
        if not (isinstance(times, list) and len(times) == 2 and all(isinstance(t, str) for t in times)):
            raise InvalidInput(f"{field}: [opens, closes] as HH:MM, or null when closed", field=field)
        opens, closes = (t.strip() for t in times)
        if not (_HHMM.match(opens) and _HHMM.match(closes)):
            raise InvalidInput(f"{field}: times are HH:MM, 00:00 to 23:59", field=field)
        if opens >= closes:
            raise InvalidInput(f"{field}: opens ({opens}) must be before it closes ({closes})", field=field)
        hours[day] = [opens, closes]
    return hours


def _holidays(value) -> list[dict]:
    if not isinstance(value, list):
        raise InvalidInput("holidays: a list of {date, name}", field="holidays")
    if len(value) > HOLIDAYS_MAX:
        raise InvalidInput(f"holidays: at most {HOLIDAYS_MAX}", field="holidays")
    holidays, seen = [], set()
    for i, entry in enumerate(value):
        field = f"holidays.{i}"
        if not isinstance(entry, dict) or set(entry) - {"date", "name"}:
            raise InvalidInput(f"{field}: an object with date (YYYY-MM-DD) and name", field=field)
        day = entry.get("date")
        try:
            day = date.fromisoformat(day) if isinstance(day, str) and len(day) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise InvalidInput(f"{field}.date: a day as YYYY-MM-DD", field=f"{field}.date")
        if day in seen:
            raise InvalidInput(f"{field}.date: {day} is listed twice", field=f"{field}.date")
        seen.add(day)
        name = entry.get("name")
        if not isinstance(name, str) or not name.strip():
            raise InvalidInput(f"{field}.name: must not be blank", field=f"{field}.name")
        if len(name.strip()) > NAME_MAX:
            raise InvalidInput(f"{field}.name: at most {NAME_MAX} characters", field=f"{field}.name")
        holidays.append({"date": day.isoformat(), "name": name.strip()})
    return sorted(holidays, key=lambda holiday: holiday["date"])


def holiday_dates(holidays: list[dict]) -> frozenset[date]:
    """The days of a `holidays` setting."""
    return frozenset(date.fromisoformat(holiday["date"]) for holiday in holidays)


_RULES = {
    "office_name_en": _name("office_name_en"),
    "office_name_km": _name("office_name_km"),
    "timezone": _timezone,
    "announce_languages": _languages,
    "public_url": _public_url,
    "opening_hours": _opening_hours,
    "holidays": _holidays,
}
