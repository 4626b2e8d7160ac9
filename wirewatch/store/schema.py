"""Table definitions (SQLAlchemy Core). Changes go through named migrations in ``migrations.py``."""

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("applied_at", Text, nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("title", Text),
    Column("source", Text),
    Column("url", Text),
    Column("published", Text),
    Column("language", Text),
    Column("author", Text),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("ingested_at", Text),
    Column("extracted_at", Text),
)

article_minhash = Table(
    "article_minhash",
    metadata,
    Column("article_id", String(16), primary_key=True),
    Column("shingles", Integer, nullable=False),
    Column("signature", LargeBinary, nullable=False),
)

article_bands = Table(
    "article_bands",
    metadata,
    Column("key", String(32), primary_key=True),
    Column("article_id", String(16), primary_key=True),
)

relations = Table(
    "relations",
    metadata,
    Column("a", String(16), primary_key=True),
    Column("b", String(16), primary_key=True),
    Column("kind", Text, nullable=False),
    Column("similarity", Float, nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("country", Text),
    Column("code", Text),
)

actor_aliases = Table(
    "actor_aliases",
    metadata,
    Column("actor_id", String(16), primary_key=True),
    Column("alias", Text, primary_key=True),
)

actor_merges = Table(
    "actor_merges",
    metadata,
    Column("actor_id", String(16), primary_key=True),
    Column("canonical_id", String(16), nullable=False, index=True),
    Column("score", Float),
    Column("evidence", Text),
    Column("manual", Boolean, nullable=False, default=False),
)

actor_keys = Table(
    "actor_keys",
    metadata,
    Column("key", Text, primary_key=True),
    Column("actor_id", String(16), primary_key=True),
)

roles = Table(
    "roles",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("actor_id", String(16), nullable=False, index=True),
    Column("article_id", String(16), index=True),
    Column("title", Text, nullable=False),
    Column("organization", Text),
    Column("country", Text),
    Column("date", Text),
    Column("start", Integer),
    Column("end", Integer),
)

mentions = Table(
    "mentions",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("article_id", String(16), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("label", Text),
    Column("kind", Text),
    Column("actor_id", String(16), index=True),
    Column("place_id", String(16), index=True),
    Column("confidence", Float),
)

places = Table(
    "places",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("name", Text, nullable=False),
    Column("lat", Float),
    Column("lon", Float),
    Column("country", Text),
    Column("geonames_id", Integer),
    Column("feature", Text),
    Column("source", Text),
)

timexes = Table(
    "timexes",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("article_id", String(16), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Text),
    Column("precision", Text),
    Column("type", Text),
    Column("future", Boolean),
)

quotes = Table(
    "quotes",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("article_id", String(16), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("speaker_text", Text),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("speaker_actor_id", String(16), index=True),
    Column("direct", Boolean, nullable=False),
    Column("cue", Text),
)

events = Table(
    "events",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("article_id", String(16), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("event_type", Text, nullable=False),
    Column("cameo", Text),
    Column("mode", Text),
    Column("source_actor_ids", JSON, nullable=False),
    Column("target_actor_ids", JSON, nullable=False),
    Column("place_id", String(16)),
    Column("date", Text),
    Column("date_precision", Text),
    Column("status", Text, nullable=False),
    Column("quantity", Text),
    Column("confidence", Float),
)

controls = Table(
    "controls",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("article_id", String(16), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("place_id", String(16), nullable=False, index=True),
    Column("controller_actor_id", String(16)),
    Column("status", Text, nullable=False),
    Column("as_of", Text),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", Text, nullable=False),
    Column("started_at", Text, nullable=False),
    Column("finished_at", Text),
    Column("summary", JSON),
)

discards = Table(
    "discards",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, index=True),
    Column("item", Text, nullable=False),
    Column("stage", Text, nullable=False),
    Column("reason", Text, nullable=False),
)

Index("ix_articles_published", articles.c.published)
Index("ix_relations_b", relations.c.b)

#: Tables holding facts extracted from one article (replaced when it is re-extracted).
FACT_TABLES = (mentions, roles, timexes, quotes, events, controls)
