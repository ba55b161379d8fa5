"""The database schema as data, to compare an office's upgraded database with what the code
creates: tables with their columns, foreign keys and indexes, whatever order or statement text
made them (a column added by a migration comes last, and its ALTER TABLE reads differently
from a CREATE TABLE).

    python -m tests.schema_description sqlite:///office.sqlite3
"""

import json
import re
import sys

from peewee import PostgresqlDatabase, SqliteDatabase


def describe(db) -> dict:
    """{"tables": {name: {"columns", "foreign_keys"}}, "indexes": {name: …}}, sorted."""
    if isinstance(db, SqliteDatabase):
        return _describe_sqlite(db)
    if isinstance(db, PostgresqlDatabase):
        return _describe_postgresql(db)
    raise TypeError(f"no description for {type(db).__name__}")


def _describe_sqlite(db) -> dict:
    tables, indexes = {}, {}
    names = db.execute_sql("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    for (table,) in names.fetchall():
        columns = db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()
        keys = db.execute_sql(f'PRAGMA foreign_key_list("{table}")').fetchall()
        tables[table] = {
            "columns": sorted(
                [name, kind.upper(), bool(notnull), default, pk] for _, name, kind, notnull, default, pk in columns
            ),
            "foreign_keys": sorted(
                [column, to_table, to_column, on_delete] for _, _, to_table, column, to_column, _, on_delete, _ in keys
            ),
        }
        for _, index, unique, origin, partial in db.execute_sql(f'PRAGMA index_list("{table}")').fetchall():
            columns = [row[2] for row in db.execute_sql(f'PRAGMA index_info("{index}")').fetchall()]
            where = None
            if partial:
                sql = db.execute_sql("SELECT sql FROM sqlite_master WHERE name = ?", (index,)).fetchone()[0]
                where = re.sub(r"\s+", " ", sql[sql.upper().rindex(" WHERE ") + 7 :]).strip()
            name = index if origin == "c" else f"{table}:{origin}:{','.join(columns)}"  # automatic ones
            indexes[name] = {"table": table, "columns": columns, "unique": bool(unique), "where": where}
    return {"tables": dict(sorted(tables.items())), "indexes": dict(sorted(indexes.items()))}


def _describe_postgresql(db) -> dict:
    columns = db.execute_sql(
        "SELECT table_name, column_name, data_type, character_maximum_length, is_nullable, column_default "
        "FROM information_schema.columns WHERE table_schema = 'public'"
    ).fetchall()
    tables: dict = {}
    for table, column, kind, length, nullable, default in columns:
        tables.setdefault(table, {"columns": [], "foreign_keys": []})["columns"].append(
            [column, kind, length, nullable, default]
        )
    keys = db.execute_sql(
        "SELECT tc.table_name, kcu.column_name, ccu.table_name, ccu.column_name, rc.delete_rule "
        "FROM information_schema.table_constraints tc "
        "JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name "
        "JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name "
        "JOIN information_schema.referential_constraints rc ON rc.constraint_name = tc.constraint_name "
        "WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = 'public'"
    ).fetchall()
    for table, column, to_table, to_column, on_delete in keys:
        tables[table]["foreign_keys"].append([column, to_table, to_column, on_delete])
    for table in tables.values():
        table["columns"].sort()
        table["foreign_keys"].sort()
    indexes = db.execute_sql("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'").fetchall()
    return {
        "tables": dict(sorted(tables.items())),
        "indexes": {name: _same_casts(sql) for name, sql in sorted(indexes)},
    }


def _same_casts(index_sql: str) -> str:
    """PostgreSQL prints one partial index's condition with its casts in different places,
    depending on the statement that made it: compare it without them."""
    return re.sub(r"[()]", "", re.sub(r"::[a-z ]+(\[\])?", "", index_sql))


if __name__ == "__main__":
    from office.db import database, open_database

    open_database(sys.argv[1])
    with database.connection_context():
        json.dump(describe(database.obj), sys.stdout, indent=1, sort_keys=True, default=str)
    print()
