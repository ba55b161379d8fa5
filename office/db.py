"""The database: one proxy, chosen at start-up from a URL (SQLite by default, or PostgreSQL).

SQLite runs in WAL mode with synchronous=FULL (district offices lose power, and a printed
ticket must never outlive its row) and every write transaction begins IMMEDIATE: a WAL read
snapshot cannot be upgraded to a write lock, so deferred read-then-write transactions fail
under concurrency.
"""

from urllib.parse import urlparse

from peewee import DatabaseProxy, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect as connect_url

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "busy_timeout": 5000,
    "foreign_keys": 1,
}


def open_database(url: str):
    """Build the database for a URL and point the models at it.

    `sqlite:///relative.db`, `sqlite:////absolute/path.db`, `sqlite:///:memory:` or
    `postgresql://user@host:port/name`.
    """
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else url[len("sqlite://") :]
        db = SqliteDatabase(path or ":memory:", pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE")
    elif scheme in ("postgres", "postgresql"):
        db = connect_url(url)
    else:
        raise ValueError(f"unsupported database URL scheme {scheme!r} (use sqlite or postgresql)")
    database.initialize(db)
    return db


def is_postgres() -> bool:
    return isinstance(database.obj, PostgresqlDatabase)


def create_schema() -> None:
    """Create every table and index that is missing. Safe to run again."""
    from office.models import ALL_MODELS

    with database.connection_context():
        database.create_tables(ALL_MODELS, safe=True)
