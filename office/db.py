"""The database: one proxy, chosen at start-up from a URL (SQLite by default, or PostgreSQL).

SQLite runs in WAL mode with synchronous=FULL (district offices lose power, and a printed
ticket must never outlive its row) and every write transaction begins IMMEDIATE: a WAL read
snapshot cannot be upgraded to a write lock, so deferred read-then-write transactions fail
under concurrency.

PostgreSQL does the same on purpose: every transaction (`database.atomic()`) begins by taking
the office's write lock (a transaction-level advisory lock), so writes run one after the
other as on SQLite, in every server process. The event log's hash chain needs it (each event
links to the one written before it); and a lock taken first, by everyone, is one no two
transactions can wait on each other for (taken only before the event, it deadlocked against
the row locks taken earlier in the same transactions). Reads outside a transaction never wait.
"""

import sqlite3
from contextlib import contextmanager
from urllib.parse import urlparse

from peewee import DatabaseProxy, SqliteDatabase
from playhouse.db_url import parse as parse_url
from playhouse.pool import PooledPostgresqlDatabase, PooledSqliteDatabase

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "full",
    "busy_timeout": 5000,
    "foreign_keys": 1,
    # Checkpoints run in the background (checkpoint_wal), not in whichever request commits
    # the 1000th page: with synchronous=FULL one costs tens of milliseconds of fsync.
    "wal_autocheckpoint": 0,
}

# Connections are pooled: opening one costs its pragmas, and closing SQLite's last connection
# checkpoints and deletes the WAL file, on every request.
POOL = {"max_connections": 64, "stale_timeout": 600, "timeout": 10}


WRITE_LOCK_KEY = 0x0E0E_C4A1  # pg_advisory_xact_lock's key: "one window, one writer"


class SerialWritesPostgresqlDatabase(PooledPostgresqlDatabase):
    """PostgreSQL whose transactions take the office's write lock as they begin (savepoints
    inside one do not): held until commit or rollback."""

    def begin(self, *args, **kwargs):
        super().begin(*args, **kwargs)
        self.cursor().execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK_KEY,))


@contextmanager
def connection_if_closed():
    """The database connection, opened here only if this thread has none, and closed again
    if it was opened here: for code that runs both inside a request (which has one) and in a
    background task or a CLI command (which has none)."""
    opened = database.is_closed()
    if opened:
        database.connect()
    try:
        yield
    finally:
        if opened:
            database.close()


def open_database(url: str):
    """Build the database for a URL and point the models at it.

    `sqlite:///relative.db`, `sqlite:////absolute/path.db`, `sqlite:///:memory:` or
    `postgresql://user@host:port/name`.
    """
    scheme = urlparse(url).scheme
    if scheme == "sqlite":
        path = url[len("sqlite:///") :] if url.startswith("sqlite:///") else url[len("sqlite://") :]
        # The pool hands one connection to one thread at a time, so any thread may use it.
        db = PooledSqliteDatabase(
            path or ":memory:", pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE", check_same_thread=False, **POOL
        )
    elif scheme in ("postgres", "postgresql"):
        db = SerialWritesPostgresqlDatabase(**parse_url(url), **POOL)
    else:
        raise ValueError(f"unsupported database URL scheme {scheme!r} (use sqlite or postgresql)")
    database.initialize(db)
    return db


def sqlite_path() -> str | None:
    """The file of the SQLite database in use (None for PostgreSQL or in-memory)."""
    path = getattr(database.obj, "database", None)
    if isinstance(database.obj, SqliteDatabase) and path and path != ":memory:":
        return path
    return None


def checkpoint_wal(path: str) -> tuple[int, int]:
    """Copy committed WAL pages into the database file without blocking readers or writers
    (a PASSIVE checkpoint), on a connection of its own: safe to run in a worker thread.
    Returns (pages in the WAL, pages checkpointed)."""
    conn = sqlite3.connect(path, timeout=5, check_same_thread=False)
    try:
        _busy, wal_pages, done = conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        return wal_pages, done
    finally:
        conn.close()
