"""Schema migrations, with peewee-migrate: offices upgrade their database in place.

An empty database is created from the models (office/models.py) at the newest version and
recorded as having every migration. An existing one runs the numbered files here that it has
not had yet, each in its own transaction. A database of 0.1, the first release, has no
migration history: it is recorded as having 001_initial, its own schema.

tests/test_upgrade.py checks that a 0.1 database, upgraded, has exactly the schema the models
create: every schema change ships with its migration here.
"""

import logging
from pathlib import Path

from peewee_migrate import Router

from office.db import database
from office.models import ALL_MODELS

HISTORY_TABLE = "migratehistory"
BASELINE = "001_initial"  # the schema of 0.1

log = logging.getLogger(__name__)


def _router() -> Router:
    return Router(database, migrate_dir=Path(__file__).parent, migrate_table=HISTORY_TABLE, logger=log)


def pending() -> list[str]:
    """Migrations the database has not had yet (every one, for an empty database)."""
    with database.connection_context():
        tables = set(database.get_tables())
        router = _router()
        if HISTORY_TABLE not in tables and tables:  # 0.1: it has the baseline
            return [name for name in router.todo if name != BASELINE]
        return router.diff if tables else []


def upgrade() -> list[str]:
    """Bring the database to the code's schema. Returns the migrations it ran."""
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
