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
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("title", Text),
    Column("source", Text),
    Column("url", Text),
    Column("published", String(10)),
    Column("language", String(8)),
    Column("author", Text),
    Column("origin", Text),
    Column("text", Text, nullable=False),
    Column("ingested_at", String(40)),
    Column("extracted_at", String(40)),
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
    Column("kind", String(16), nullable=False),
    Column("similarity", Float, nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("country", String(3)),
    Column("code", String(32)),
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

roles = Table(
    "roles",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("actor_id", String(16), nullable=False, index=True),
    Column("article_id", String(16), index=True),
    Column("title", Text, nullable=False),
    Column("organization", Text),
    Column("country", String(3)),
    Column("date", String(10)),
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
    Column("label", String(16)),
    Column("kind", String(16)),
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
    Column("country", String(3)),
    Column("geonames_id", Integer),
    Column("feature", String(16)),
    Column("source", String(32)),
)

timexes = Table(
    "timexes",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("article_id", String(16), nullable=False, index=True),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", String(40)),
    Column("precision", String(16)),
    Column("type", String(16)),
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
    Column("event_type", String(16), nullable=False),
    Column("cameo", String(8)),
    Column("mode", String(32)),
    Column("source_actor_ids", JSON, nullable=False),
    Column("target_actor_ids", JSON, nullable=False),
    Column("place_id", String(16)),
    Column("date", String(20)),
    Column("date_precision", String(16)),
    Column("status", String(16), nullable=False),
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
    Column("status", String(16), nullable=False),
    Column("as_of", String(20)),
)

runs = Table(
    "runs",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("command", String(40), nullable=False),
    Column("started_at", String(40), nullable=False),
    Column("finished_at", String(40)),
    Column("summary", JSON),
)

discards = Table(
    "discards",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("run_id", Integer, index=True),
    Column("item", Text, nullable=False),
    Column("stage", String(32), nullable=False),
    Column("reason", Text, nullable=False),
)

Index("ix_articles_published", articles.c.published)
Index("ix_relations_b", relations.c.b)

#: Tables holding facts extracted from one article (replaced when it is re-extracted).
FACT_TABLES = (mentions, roles, timexes, quotes, events, controls)
