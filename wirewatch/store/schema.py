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
    Column("dateline", Text),  # migration 11
    Column("title_derived", Boolean),  # migration 14: the title was made from the first sentence
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
    Column("official", Text),  # the gazetteer's own name when ``name`` is the common English one
    Column("linear", Boolean),  # a river, border, range or region: its point only represents it
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
    Column("kind", Text),  # direct, partial or indirect (migration 9)
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
    Column("day", Text),
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
    Column("confidence", Float),  # migration 14
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

event_groups = Table(
    "event_groups",
    metadata,
    Column("event_id", String(16), primary_key=True),
    Column("group_id", String(16), nullable=False, index=True),
    Column("article_id", String(16), nullable=False, index=True),
)

event_keys = Table(
    "event_keys",
    metadata,
    Column("key", Text, primary_key=True),
    Column("event_id", String(16), primary_key=True),
    Column("article_id", String(16), nullable=False, index=True),
)

#: One row per event merged across sources (kept up to date by resolve/events.py), so timelines and
#: filters read a small indexed table instead of grouping every report.
merged_events = Table(
    "merged_events",
    metadata,
    Column("group_id", String(16), primary_key=True),
    Column("event_type", Text, nullable=False),
    Column("day", Text),
    Column("status", Text),
    Column("place_id", String(16), index=True),
    Column("reports", Integer, nullable=False),
    Column("articles", Integer, nullable=False),
    Column("corroboration", Integer, nullable=False),
    Column("disagreements", Integer, nullable=False),
    Column("confidence", Float),  # the highest confidence of its reports (migration 8)
)

merged_event_actors = Table(
    "merged_event_actors",
    metadata,
    Column("group_id", String(16), primary_key=True),
    Column("actor_id", String(16), primary_key=True, index=True),
    Column("role", String(8), primary_key=True),
)

#: Event → actor index (migration 15): one row per event, actor id as the event names it, and role (source or
#: target), written with the events, so an actor's events are looked up instead of scanning every event's JSON.
event_actors = Table(
    "event_actors",
    metadata,
    Column("event_id", String(16), primary_key=True),
    Column("actor_id", String(16), primary_key=True),
    Column("role", String(8), primary_key=True),
    Column("article_id", String(16), nullable=False, index=True),
)
Index("ix_event_actors_actor", event_actors.c.actor_id, event_actors.c.role, event_actors.c.event_id)


def event_actor_rows(events_rows) -> list[dict]:
    """The event_actors rows of these events rows (each actor once per event and role)."""
    out = {}
    for e in events_rows:
        for role, ids in (("source", e["source_actor_ids"]), ("target", e["target_actor_ids"])):
            for actor_id in ids or ():
                out[(e["id"], actor_id, role)] = {"event_id": e["id"], "actor_id": actor_id, "role": role,
                                                  "article_id": e["article_id"]}
    return list(out.values())


Index("ix_merged_events_day", merged_events.c.day, merged_events.c.group_id)
Index("ix_merged_events_type_day", merged_events.c.event_type, merged_events.c.day)

#: Stories: articles about the same story, grown incrementally (resolve/stories.py). Each story keeps its
#: state — the top terms of the sum of its articles' TF-IDF vectors, and its actors, places and event keys
#: with article counts — so a new article is compared with a few candidate stories, never re-clustered.
stories = Table(
    "stories",
    metadata,
    Column("id", String(16), primary_key=True),
    Column("title", Text),
    Column("article_id", String(16)),
    Column("first_published", Text),
    Column("last_published", Text),
    Column("size", Integer, nullable=False),
    Column("centroid", JSON, nullable=False),
    Column("actors", JSON, nullable=False),
    Column("places", JSON, nullable=False),
    Column("events", JSON, nullable=False),
    Column("updated_at", Text),
)

story_articles = Table(
    "story_articles",
    metadata,
    Column("article_id", String(16), primary_key=True),
    Column("story_id", String(16), nullable=False, index=True),
    Column("score", Float, nullable=False),
    Column("reason", Text, nullable=False),
)

#: Blocking keys of stories (``t:term``, ``a:actor id``, ``p:place id``) with the story's latest date, so
#: the candidates for an article are the few most recent stories under each of its keys.
story_keys = Table(
    "story_keys",
    metadata,
    Column("key", Text, primary_key=True),
    Column("story_id", String(16), primary_key=True, index=True),
    Column("last_published", Text),
)

#: How many assigned articles contain each term (IDF of the story vectors); the row ``#articles`` counts all.
story_terms = Table(
    "story_terms",
    metadata,
    Column("term", Text, primary_key=True),
    Column("articles", Integer, nullable=False),
)

Index("ix_stories_last", stories.c.last_published)
Index("ix_story_keys_recent", story_keys.c.key, story_keys.c.last_published)
Index("ix_articles_published", articles.c.published)
Index("ix_relations_b", relations.c.b)

#: Tables holding facts extracted from one article (replaced when it is re-extracted).
FACT_TABLES = (mentions, roles, timexes, quotes, events, controls)

#: Watched feeds (``wirewatch watch``): the validators for conditional GET and when to poll next.
feeds = Table(
    "feeds",
    metadata,
    Column("url", Text, primary_key=True),
    Column("etag", Text),
    Column("last_modified", Text),
    Column("last_polled", Text),
    Column("next_poll", Text),
    Column("failures", Integer, nullable=False, default=0),
    Column("last_status", Text),
    Column("last_error", Text),
    Column("articles", Integer, nullable=False, default=0),
)
