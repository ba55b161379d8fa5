"""Backups of a SQLite office database, taken while the server runs, and restoring one.

A backup is SQLite's online backup API copying the live database in one step. The database is
in WAL mode (office/db.py), where a reader never blocks a writer: the copy reads one consistent
snapshot (every ticket committed before it began, none half-written) while kiosks go on issuing.
Copying in several steps would not help here: SQLite restarts a stepped backup from the first
page whenever another connection (the server) commits between two steps. Measured on a 21 MB
database with a commit every 10 ms: 100-page steps took 1,659 steps and 2.2 s, one step 0.13 s.

A backup is written to a temporary file and renamed, so a backup file is always whole, and it
is left in rollback-journal mode: one self-contained file, to copy anywhere.

Restoring replaces the database's content through the same API (never by copying a file over a
database whose WAL may hold newer pages), after checking the file and keeping a copy of what it
replaces. The server must be stopped for it: restore() refuses while a connection is open.
PostgreSQL has its own tools (pg_dump, pg_restore: README).
"""

import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from office import migrations

# Automatic and default backups: onewindow-YYYYMMDD-HHMMSS.sqlite3, the time in UTC.
NAME_FORMAT = "onewindow-%Y%m%d-%H%M%S.sqlite3"
NAME_PATTERN = re.compile(r"^onewindow-(\d{8}-\d{6})\.sqlite3$")
SQLITE_HEADER = b"SQLite format 3\x00"
# The tables every OneWindow database has had since 0.1.
ONEWINDOW_TABLES = {"ticket", "service", "event"}


class BackupRefused(Exception):
    """This file cannot be restored (or this database backed up); `reason` says why."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class BackupContents:
    """What check() found in a backup."""

    tickets: int
    last_issued_ms: int | None
    schema: str  # migrations.CURRENT or migrations.PENDING (an older OneWindow's)
    pending: list[str]


def default_name(now: datetime) -> str:
    """onewindow-YYYYMMDD-HHMMSS.sqlite3 for an aware time, in UTC."""
    return now.astimezone(UTC).strftime(NAME_FORMAT)


def backup(db_path: str | Path, target: str | Path) -> Path:
    """Copy the database at `db_path` (live or not) to `target`, a new file. Returns it."""
    db_path, target = Path(db_path), Path(target)
    if not db_path.is_file():
        raise BackupRefused(f"no database at {db_path}")
    if target.exists():
        raise BackupRefused(f"{target} already exists")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    # Made for its owner only: a backup holds the staff's password hashes.
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    source = sqlite3.connect(db_path, timeout=10)
    copy = sqlite3.connect(partial)
    try:
        source.backup(copy)  # one step: one consistent snapshot (see the module's docstring)
        copy.execute("PRAGMA journal_mode=DELETE")  # a single file, not a WAL database
        copy.commit()
    except BaseException:
        copy.close()
        partial.unlink(missing_ok=True)
        raise
    finally:
        source.close()
    copy.close()
    _fsync(partial)
    os.replace(partial, target)
    _fsync(target.parent)
    return target


def check(path: str | Path) -> BackupContents:
    """What a backup holds, or BackupRefused: not a SQLite file, damaged, not a OneWindow
    database, or written by a newer OneWindow than this one."""
    path = Path(path)
    if not path.is_file():
        raise BackupRefused(f"no file at {path}")
    with open(path, "rb") as f:
        if f.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
            raise BackupRefused(f"{path} is not a SQLite database")
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        try:
            problems = [row[0] for row in conn.execute("PRAGMA integrity_check(5)")]
        except sqlite3.DatabaseError as error:
            raise BackupRefused(f"{path} is damaged: {error}") from error
        if problems != ["ok"]:
            raise BackupRefused(f"{path} is damaged (integrity_check: {'; '.join(problems)})")
        tables = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        missing = ONEWINDOW_TABLES - tables
        if missing:
            raise BackupRefused(f"{path} is not a OneWindow database (it has no {', '.join(sorted(missing))} table)")
        done = [migrations.BASELINE]  # 0.1 kept no history: its schema is the baseline
        if migrations.HISTORY_TABLE in tables:
            done = [name for (name,) in conn.execute(f'SELECT name FROM "{migrations.HISTORY_TABLE}" ORDER BY id')]
        known = migrations.known()
        unknown = [name for name in done if name not in known]
        if unknown:
            raise BackupRefused(
                f"{path} was written by a newer OneWindow (migrations {', '.join(unknown)} are unknown to this version)"
            )
        tickets, last_issued = conn.execute("SELECT count(*), max(issued_at) FROM ticket").fetchone()
    finally:
        conn.close()
    pending = [name for name in known if name not in done]
    return BackupContents(tickets, last_issued, migrations.PENDING if pending else migrations.CURRENT, pending)


def in_use(db_path: str | Path) -> bool:
    """Whether another connection has the database open (a running server keeps its pooled
    connections open): in WAL mode, an exclusive lock is refused while any is."""
    conn = sqlite3.connect(db_path, timeout=0.2)
    try:
        conn.execute("PRAGMA locking_mode=EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.rollback()
        return False
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            return True
        raise
    finally:
        conn.close()


def restore(path: str | Path, db_path: str | Path, *, now: datetime) -> tuple[BackupContents, Path | None]:
    """Replace the database at `db_path` with the backup at `path`, once check() passes and
    no one has the database open. The database it replaces is kept beside it, as
    <name>.before-restore-YYYYMMDD-HHMMSS (UTC). Returns what was restored and that copy."""
    contents = check(path)
    db_path = Path(db_path)
    kept = None
    if db_path.exists():
        if in_use(db_path):
            raise BackupRefused(f"{db_path} is in use: stop the server first (systemctl stop onewindow), then restore")
        stamp = f"{now.astimezone(UTC):%Y%m%d-%H%M%S}"
        kept = backup(db_path, unused(db_path.with_name(f"{db_path.name}.before-restore-{stamp}")))
    source = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
    target = sqlite3.connect(db_path)
    try:
        source.backup(target)
        target.execute("PRAGMA journal_mode=WAL")  # as the server keeps it
    finally:
        target.close()
        source.close()
    return contents, kept


def unused(path: Path) -> Path:
    """`path`, or path-2, path-3… if that is taken (two copies within a second)."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def backups_in(folder: str | Path) -> list[Path]:
    """The backups named onewindow-YYYYMMDD-HHMMSS.sqlite3 in a folder, oldest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if NAME_PATTERN.match(p.name))


def taken_at(path: Path) -> datetime:
    """When a backup named by default_name() was taken (UTC)."""
    stamp = NAME_PATTERN.match(path.name).group(1)
    return datetime.strptime(stamp, "%Y%m%d-%H%M%S").replace(tzinfo=UTC)


def daily_backup(db_path: str | Path, folder: str | Path, *, now: datetime, zone: ZoneInfo, keep: int) -> Path | None:
    """Take the office-local day's backup into `folder`, unless it has one already, and
    delete all but the newest `keep` there. Returns the new backup, if one was taken."""
    if keep < 1:
        raise ValueError("keep at least one backup (BACKUP_KEEP=0 turns the automatic backup off)")
    folder = Path(folder)
    today: date = now.astimezone(zone).date()
    taken = None
    if not any(taken_at(p).astimezone(zone).date() == today for p in backups_in(folder)):
        taken = backup(db_path, folder / default_name(now))
    for old in backups_in(folder)[:-keep]:
        old.unlink(missing_ok=True)
    return taken


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
