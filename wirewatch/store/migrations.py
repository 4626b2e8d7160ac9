"""Versioned, named schema migrations. Each runs once, in order, inside its own transaction."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import datetime, timezone

from sqlalchemy import Connection, Engine, inspect, select, text
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from . import schema

Migration = tuple[int, str, Callable[[Connection], None]]


#: Tables created by the first migration; every later migration creates its own.
V1_TABLES = ("articles", "article_minhash", "article_bands", "relations", "actors", "actor_aliases",
             "actor_merges", "roles", "mentions", "places", "timexes", "quotes", "events", "controls",
             "runs", "discards")


def _create_tables(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.metadata.tables[name] for name in V1_TABLES])


def _actor_keys(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.actor_keys])


def _full_text_index(conn: Connection) -> None:
    if conn.dialect.name == "sqlite":
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5("
            "title, text, content=\"articles\", content_rowid=\"rowid\", tokenize='porter unicode61')"
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


def _event_groups(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.event_groups, schema.event_keys])
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_type_date ON events (event_type, date)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_date ON events (date)"))


def _stories(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.stories, schema.story_articles, schema.story_keys,
                                             schema.story_terms])


def _feeds(conn: Connection) -> None:
    schema.metadata.create_all(conn, tables=[schema.feeds])
    # list pages sorted by name stop at their limit (per-row counts are computed for that page only)
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_actors_name ON actors (name, id)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_places_name ON places (name, id)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_place ON events (place_id)"))


def _merged_events(conn: Connection) -> None:
    if "day" not in {c["name"] for c in inspect(conn).get_columns("events")}:
        conn.execute(text("ALTER TABLE events ADD COLUMN day TEXT"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_day ON events (day)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_events_type_day ON events (event_type, day)"))
    schema.metadata.create_all(conn, tables=[schema.merged_events, schema.merged_event_actors])


def _merged_confidence(conn: Connection) -> None:
    if "confidence" not in {c["name"] for c in inspect(conn).get_columns("merged_events")}:
        conn.execute(text("ALTER TABLE merged_events ADD COLUMN confidence FLOAT"))


def _article_dateline(conn: Connection) -> None:
    if "dateline" not in {c["name"] for c in inspect(conn).get_columns("articles")}:
        conn.execute(text("ALTER TABLE articles ADD COLUMN dateline TEXT"))


def _quote_kind(conn: Connection) -> None:
    """Quotes: whether the content is direct, partial (quoted words in reported speech) or indirect."""
    if "kind" not in {c["name"] for c in inspect(conn).get_columns("quotes")}:
        conn.execute(text("ALTER TABLE quotes ADD COLUMN kind TEXT"))


def _place_names(conn: Connection) -> None:
    """Places: the gazetteer's official name beside the common one, and whether the point only represents a line."""
    columns = {c["name"] for c in inspect(conn).get_columns("places")}
    if "official" not in columns:
        conn.execute(text("ALTER TABLE places ADD COLUMN official TEXT"))
    if "linear" not in columns:
        conn.execute(text("ALTER TABLE places ADD COLUMN linear BOOLEAN"))


def _read_indexes(conn: Connection) -> None:
    """Indexes that let list pages stop at their limit instead of sorting a whole table (issue 17)."""
    # articles and quotes newest first: walk articles in list order, then each article's quotes by position
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_articles_newest ON articles "
                      "(published DESC, ingested_at DESC, id)"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_quotes_article_start ON quotes (article_id, start)"))
    if conn.dialect.name == "sqlite":  # quote search by word, like article search (a LIKE scan took 0.3-1 s)
        conn.execute(text(
            "CREATE VIRTUAL TABLE IF NOT EXISTS quotes_fts USING fts5("
            "text, content=\"quotes\", content_rowid=\"rowid\", tokenize='porter unicode61')"))
        conn.execute(text(
            "CREATE TRIGGER IF NOT EXISTS quotes_ai AFTER INSERT ON quotes BEGIN "
            "INSERT INTO quotes_fts(rowid, text) VALUES (new.rowid, new.text); END"))
        conn.execute(text(
            "CREATE TRIGGER IF NOT EXISTS quotes_ad AFTER DELETE ON quotes BEGIN "
            "INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text); END"))
        conn.execute(text(
            "CREATE TRIGGER IF NOT EXISTS quotes_au AFTER UPDATE OF text ON quotes BEGIN "
            "INSERT INTO quotes_fts(quotes_fts, rowid, text) VALUES ('delete', old.rowid, old.text); "
            "INSERT INTO quotes_fts(rowid, text) VALUES (new.rowid, new.text); END"))
        conn.execute(text("INSERT INTO quotes_fts(quotes_fts) VALUES ('rebuild')"))  # the quotes stored so far


def _derived_titles_and_control_confidence(conn: Connection) -> None:
    """Articles: whether the title was made from the first sentence; control claims: their confidence."""
    if "title_derived" not in {c["name"] for c in inspect(conn).get_columns("articles")}:
        conn.execute(text("ALTER TABLE articles ADD COLUMN title_derived BOOLEAN"))
    if "confidence" not in {c["name"] for c in inspect(conn).get_columns("controls")}:
        conn.execute(text("ALTER TABLE controls ADD COLUMN confidence FLOAT"))


#: Events read per page while the event → actor index is filled (migration 15).
BACKFILL_PAGE = 5000


def _event_actors(conn: Connection) -> None:
    """The event → actor index, filled from the events stored so far (read by id in pages, not all at once)."""
    schema.metadata.create_all(conn, tables=[schema.event_actors])
    e, ea, last = schema.events, schema.event_actors, ""
    while True:
        rows = conn.execute(select(e.c.id, e.c.article_id, e.c.source_actor_ids, e.c.target_actor_ids)
                            .where(e.c.id > last).order_by(e.c.id).limit(BACKFILL_PAGE)).mappings().all()
        if not rows:
            return
        index = schema.event_actor_rows(rows)
        if index:
            conn.execute(ea.insert(), index)
        last = rows[-1]["id"]


MIGRATIONS: list[Migration] = [
    (1, "create tables", _create_tables),
    (2, "full-text index over articles", _full_text_index),
    (3, "blocking keys for cross-article actor resolution", _actor_keys),
    (4, "cross-source event groups and their blocking keys", _event_groups),
    (5, "stories: articles about the same story, with their state and blocking keys", _stories),
    (6, "watched feeds (conditional-GET validators, poll schedule); indexes for paged lists", _feeds),
    (7, "event days and one summary row per event merged across sources", _merged_events),
    (8, "merged events: the highest confidence of their reports, for --min-confidence", _merged_confidence),
    (9, "quotes: direct, partial or indirect content", _quote_kind),
    (10, "places: official gazetteer name and whether the point represents a line", _place_names),
    (11, "articles: the dateline place split off a leading all-capitals dateline", _article_dateline),
    (13, "indexes for list pages that stop at their limit (quotes newest first); quote search index", _read_indexes),
    (14, "articles: titles made from the first sentence; control claims: confidence",
     _derived_titles_and_control_confidence),
    (15, "event → actor index for an actor's events (filled from stored events)", _event_actors),
]


def applied_versions(conn: Connection) -> set[int]:
    """Versions already applied to this database."""
    return set(conn.execute(select(schema.schema_migrations.c.version)).scalars())


#: PostgreSQL advisory-lock key that serialises migrations between processes.
LOCK_KEY = 0x77697265


def migrate(engine: Engine, attempts: int = 3) -> list[str]:
    """Apply every pending migration; return the names of those applied now.

    On PostgreSQL an advisory lock serialises concurrent migrators; on SQLite a migrator that loses
    the race to another process retries after it.
    """
    for attempt in range(attempts):
        try:
            return _migrate_locked(engine)
        except (OperationalError, IntegrityError, ProgrammingError):
            if attempt == attempts - 1:
                raise
            time.sleep(0.2 * (attempt + 1))
    return []


def _migrate_locked(engine: Engine) -> list[str]:
    with engine.connect() as lock:
        if engine.dialect.name == "postgresql":
            lock.execute(text("SELECT pg_advisory_lock(:k)"), {"k": LOCK_KEY})
            lock.commit()
        try:
            schema.metadata.create_all(engine, tables=[schema.schema_migrations])
            done: list[str] = []
            for version, name, apply in MIGRATIONS:
                with engine.begin() as conn:
                    if version in applied_versions(conn):
                        continue
                    apply(conn)
                    conn.execute(schema.schema_migrations.insert().values(
                        version=version, name=name,
                        applied_at=datetime.now(timezone.utc).isoformat(timespec="seconds")))
                    done.append(name)
            return done
        finally:
            if engine.dialect.name == "postgresql":
                lock.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": LOCK_KEY})
                lock.commit()
