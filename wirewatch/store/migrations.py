"""Versioned, named schema migrations. Each runs once, in order, inside its own transaction."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import Connection, select, text

from . import schema

Migration = tuple[int, str, Callable[[Connection], None]]


def _create_tables(conn: Connection) -> None:
    tables = [t for t in schema.metadata.sorted_tables if t.name != "schema_migrations"]
    schema.metadata.create_all(conn, tables=tables)


def _full_text_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
            "title, text, content='articles', content_rowid='rowid', tokenize='porter unicode61')"
        ))
        conn.execute(text(
            "CREATE TRIGGER IF NOT EXISTS articles_ai AFTER INSERT ON articles BEGIN "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
        ))
        conn.execute(text(
            "CREATE TRIGGER IF NOT EXISTS articles_ad AFTER DELETE ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); END"
        ))
        conn.execute(text(
            "CREATE TRIGGER IF NOT EXISTS articles_au AFTER UPDATE OF title, text ON articles BEGIN "
            "INSERT INTO articles_fts(articles_fts, rowid, title, text) "
            "VALUES ('delete', old.rowid, old.title, old.text); "
            "INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text); END"
        ))
    elif conn.dialect.name == "postgresql":
        conn.execute(text(
            "CREATE INDEX IF NOT EXISTS articles_fts_idx ON articles USING GIN "
            "(to_tsvector('english', coalesce(title, '') || ' ' || text))"
        ))


MIGRATIONS: list[Migration] = [
    (1, "create tables", _create_tables),
    (2, "full-text index over articles", _full_text_index),
]


def applied_versions(conn: Connection) -> set[int]:
    """Versions already applied to this database."""
    return set(conn.execute(select(schema.schema_migrations.c.version)).scalars())


def migrate(engine) -> list[str]:
    """Apply every pending migration; return the names of those applied now."""
    schema.metadata.create_all(engine, tables=[schema.schema_migrations])
    done: list[str] = []
    for version, name, apply in MIGRATIONS:
        with engine.begin() as conn:
            if version in applied_versions(conn):
                continue
            apply(conn)
            conn.execute(schema.schema_migrations.insert().values(
                version=version, name=name, applied_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
            ))
            done.append(name)
    return done
