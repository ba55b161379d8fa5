"""Schema migrations, with peewee-migrate: offices upgrade their database in place.

An empty database is created from the models (office/models.py) at the newest version and
recorded as having every migration. An existing one runs the numbered files here that it has
not had yet, each in its own transaction. A database of 0.1, the first release, has no
migration history: it is recorded as having 001_initial, its own schema.

Only `onewindow init` and `onewindow db upgrade` upgrade (`serve` and the other commands
refuse an older database: status() tells them), and nothing here touches a database that a
newer OneWindow upgraded: its schema is one this code does not know.

tests/test_upgrade.py checks that a database of each earlier release, upgraded, has exactly
the schema the models create: every schema change ships with its migration here.
"""

import logging
from dataclasses import dataclass
from pathlib import Path

from peewee_migrate import Router

from office.db import database
from office.models import ALL_MODELS

HISTORY_TABLE = "migratehistory"
BASELINE = "001_initial"  # the schema of 0.1

# What status() says of a database, also shown by GET /healthz.
EMPTY, CURRENT, PENDING, NEWER = "empty", "current", "pending", "newer"

log = logging.getLogger(__name__)


class NewerDatabase(Exception):
    """The database holds migrations this code does not know: a newer OneWindow upgraded it."""

    def __init__(self, unknown: list[str]):
        super().__init__(
            f"this database was upgraded by a newer OneWindow (migrations {', '.join(unknown)} are unknown "
            "to this version): run that version, or restore a backup taken before its upgrade"
        )
        self.unknown = unknown


@dataclass(frozen=True)
class Status:
    """Where a database stands against this code's migrations."""

    applied: list[str]  # recorded in the database and known here
    pending: list[str]  # known here, not yet run on it (all of them for an empty database)
    unknown: list[str]  # recorded in the database, unknown here: a newer OneWindow ran them
    empty: bool  # no tables at all: a new office, created at the newest version when first used

    @property
    def state(self) -> str:
        if self.empty:
            return EMPTY
        if self.unknown:
            return NEWER
        return PENDING if self.pending else CURRENT


def _router() -> Router:
    return Router(database, migrate_dir=Path(__file__).parent, migrate_table=HISTORY_TABLE, logger=log)


def known() -> list[str]:
    """Every migration this code has, in order."""
    return list(_router().todo)


def status() -> Status:
    """Applied, pending and unknown migrations. Reads only: unlike peewee-migrate's own
    history, it never creates the history table."""
    with database.connection_context():
        tables = set(database.get_tables())
        code = known()
        if not tables - {HISTORY_TABLE}:
            return Status(applied=[], pending=code, unknown=[], empty=True)
        if HISTORY_TABLE not in tables:  # 0.1: it has the baseline
            done = [BASELINE]
        else:
            rows = database.execute_sql(f'SELECT name FROM "{HISTORY_TABLE}" ORDER BY id').fetchall()
            done = [name for (name,) in rows]
    return Status(
        applied=[name for name in done if name in code],
        pending=[name for name in code if name not in done],
        unknown=[name for name in done if name not in code],
        empty=False,
    )


def pending() -> list[str]:
    """Migrations the database has not had yet (none for an empty database: it is created
    at the newest version)."""
    current = status()
    return [] if current.empty else current.pending


def upgrade() -> list[str]:
    """Bring the database to the code's schema. Returns the migrations it ran. Raises
    NewerDatabase, changing nothing, if a newer OneWindow upgraded it."""
    current = status()
    if current.unknown:
        raise NewerDatabase(current.unknown)
    with database.connection_context():
        tables = set(database.get_tables()) - {HISTORY_TABLE}
        router = _router()
        if not tables:
            database.create_tables(ALL_MODELS)
            router.run(fake=True)  # born at the newest version
            return []
        if not router.done:
            router.run(BASELINE, fake=True)  # a 0.1 database: its schema is the baseline
        return router.run()
