"""The office settings (office/settings.py) at work in the running server, without a restart.

The code that shows the office's name, speaks its languages, prints its QR codes or counts its
days reads app.config (OFFICE_NAME, OFFICE_NAME_KM, TIMEZONE, ANNOUNCE_LANGUAGES, PUBLIC_URL,
OPENING_HOURS) and the app's clock. This puts the stored settings there:

- at start-up, once the database is open (a database without the settings table yet, before
  `onewindow init` or too old for `serve`, leaves the configuration as it is);
- in this process, right after an administrator changes them (`changed`);
- in every other process sharing the database, on its first request after SETTINGS_CHECK_S
  seconds (one small query).

What the configuration says is kept apart (`base`): a setting set back to its automatic value
(an empty public URL) falls back to it, e.g. to the address `onewindow serve` listens on.
"""

import logging
import time

from peewee import DatabaseError, InterfaceError

from office import settings
from office.clock import office_zone
from office.db import database
from office.models import Setting

log = logging.getLogger(__name__)

# setting -> the app.config key the rest of the code reads
CONFIG_KEYS = {
    "office_name_en": "OFFICE_NAME",
    "office_name_km": "OFFICE_NAME_KM",
    "timezone": "TIMEZONE",
    "announce_languages": "ANNOUNCE_LANGUAGES",
    "public_url": "PUBLIC_URL",
    "opening_hours": "OPENING_HOURS",
    "holidays": "HOLIDAYS",
}
EXTENSION = "onewindow.office_settings"


class OfficeSettings:
    """The stored settings, applied onto one app's configuration and clock."""

    def __init__(self, app):
        self.app = app
        self.base = {name: app.config.get(name) for name in CONFIG_KEYS.values()}
        # config key -> the value there when we last looked or applied: one that differs
        # later was set by someone else (`serve`, a test), and is the configuration's own.
        self.applied = dict(self.base)
        self.seen: dict | None = None  # the stored values last applied
        self.checked_at = float("-inf")

    def defaults(self) -> dict:
        """Each setting's value when the administrator has not set it: the configuration's."""
        self._adopt_outside_changes()
        return settings.defaults_from(self.base)

    def current(self) -> dict:
        """Every setting as it stands (stored, else default)."""
        return settings.current(self.defaults())

    def changed(self) -> None:
        """An administrator changed them in this process: apply them now."""
        self.refresh(force=True)

    def listening_at(self, url: str) -> None:
        """`onewindow serve` knows its address: the public URL when none is configured nor set."""
        self._adopt_outside_changes()
        if not self.base["PUBLIC_URL"]:
            self.base["PUBLIC_URL"] = url
        self._apply(self.seen or {})

    def refresh(self, *, force: bool = False) -> None:
        """Read the stored settings (at most every SETTINGS_CHECK_S unless forced) and apply
        them if they changed since the last time. Needs an open database connection."""
        now = time.monotonic()
        if not force and now - self.checked_at < self.app.config["SETTINGS_CHECK_S"]:
            return
        self.checked_at = now
        stored = _stored_or_none()
        if stored is None or (stored == self.seen and not force):
            return
        self._apply(stored)

    def _apply(self, stored: dict) -> None:
        self._adopt_outside_changes()
        values = {**settings.defaults_from(self.base), **stored}
        config = self.app.config
        for key, name in CONFIG_KEYS.items():
            value = values[key]
            if key == "announce_languages":
                value = ",".join(value)
            elif key == "public_url":
                value = value or self.base["PUBLIC_URL"]
            config[name] = value
            self.applied[name] = value
        try:
            self.app.config["CLOCK"].zone = office_zone(values["timezone"])
        except Exception:  # a zone this machine lacks: keep counting days as before
            log.exception("time zone %r not applied", values["timezone"])
        self.seen = stored

    def _adopt_outside_changes(self) -> None:
        """A config value someone else set since we applied ours (`serve`, a test) is the
        configuration's own from now on."""
        for name, value in self.applied.items():
            if self.app.config.get(name) != value:
                self.base[name] = self.app.config.get(name)
                self.applied[name] = self.app.config.get(name)


def _stored_or_none() -> dict | None:
    """The stored settings; None where the database has no settings table (yet)."""
    try:
        if not Setting.table_exists():
            return None
        return settings.stored_values()
    except (DatabaseError, InterfaceError):
        log.warning("office settings not read: the database does not answer", exc_info=True)
        return None


def office_settings(app) -> OfficeSettings:
    return app.extensions[EXTENSION]


def init_app(app) -> None:
    """Apply the stored settings now (the database is open), and check again on requests."""
    keeper = OfficeSettings(app)
    app.extensions[EXTENSION] = keeper
    try:
        with database.connection_context():
            keeper.refresh(force=True)
    except (DatabaseError, InterfaceError):  # no database server yet: `routes`, `--help`…
        log.warning("office settings not read at start-up", exc_info=True)

    @app.before_request
    def _settings_of_other_processes():
        keeper.refresh()
