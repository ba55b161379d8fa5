"""The database schema as data, to compare an office's database with what the code creates.

    python -m tests.schema_description postgresql://… > tests/data/schema-<release>.postgresql.json

SQLite keeps every table's and index's CREATE statement (sqlite_master); PostgreSQL is read
from information_schema and pg_indexes.
"""

import json
import sys

from peewee import PostgresqlDatabase, SqliteDatabase


def describe(db) -> dict:
    """{"tables": …, "indexes": …} of the database's own objects, sorted."""
    if isinstance(db, SqliteDatabase):
        rows = db.execute_sql(
            "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        return {
            "tables": {name: sql for kind, name, sql in sorted(rows) if kind == "table"},
            "indexes": {name: sql for kind, name, sql in sorted(rows) if kind == "index"},
        }
    if isinstance(db, PostgresqlDatabase):
        columns = db.execute_sql(
            "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default "
            "FROM information_schema.columns WHERE table_schema = 'public' ORDER BY table_name, ordinal_position"
        ).fetchall()
        tables: dict = {}
        for table, column, kind, length, nullable, default in columns:
            tables.setdefault(table, []).append([column, kind, length, nullable, default])
        indexes = db.execute_sql("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'").fetchall()
        return {"tables": tables, "indexes": dict(sorted(indexes))}
    raise TypeError(f"no description for {type(db).__name__}")


if __name__ == "__main__":
    from office.db import database, open_database
    from office.models import create_schema

    open_database(sys.argv[1])
    create_schema()
    with database.connection_context():
        json.dump(describe(database.obj), sys.stdout, indent=1, sort_keys=True)
    print()
