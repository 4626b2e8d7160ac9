"""Story reads and writes: what story assignment needs from the store, and the story listings.

Each function takes a :class:`Store`. Candidate lookups are indexed (a few most recent stories per
blocking key), so assigning an article costs the same however many stories are stored.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone

from sqlalchemy import bindparam, delete, func, select

from . import CHUNK, Store, _chunks
from . import schema as s

#: The ``story_terms`` row counting every assigned article (terms are words, so no term collides with it).
ARTICLE_COUNT = "#articles"
STORY_SUMMARY = [s.stories.c.id, s.stories.c.title, s.stories.c.article_id, s.stories.c.first_published,
                 s.stories.c.last_published, s.stories.c.size, s.stories.c.actors, s.stories.c.places]


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


# -- what assignment reads ---------------------------------------------------------------------------


def story_inputs(store: Store, article_ids: Sequence[str]) -> dict[str, dict]:
    """Per article: title, text, published, the canonical actor ids and place ids it mentions, its events."""
    a, m, mg, e = s.articles, s.mentions, s.actor_merges, s.events
    out: dict[str, dict] = {}
    with store.engine.connect() as conn:
        for part in _chunks(list(article_ids)):
            for r in conn.execute(select(a.c.id, a.c.title, a.c.text, a.c.published, a.c.source)
                                  .where(a.c.id.in_(part))).mappings():
                out[r["id"]] = {**r, "actors": Counter(), "places": Counter(), "events": []}
            actor = func.coalesce(mg.c.canonical_id, m.c.actor_id)
            mentions = (select(m.c.article_id, actor.label("actor_id"), m.c.place_id)
                        .select_from(m.outerjoin(mg, mg.c.actor_id == m.c.actor_id)).where(m.c.article_id.in_(part)))
            for r in conn.execute(mentions).mappings():
                item = out.get(r["article_id"])
                if item is None:
                    continue
                if r["actor_id"]:
                    item["actors"][r["actor_id"]] += 1
                if r["place_id"]:
                    item["places"][r["place_id"]] += 1
            for r in conn.execute(select(e.c.article_id, e.c.event_type, e.c.place_id, e.c.source_actor_ids,
                                         e.c.target_actor_ids).where(e.c.article_id.in_(part))).mappings():
                if r["article_id"] in out:
                    out[r["article_id"]]["events"].append(dict(r))
        ids = {i for item in out.values() for ev in item["events"]
               for i in (*ev["source_actor_ids"], *ev["target_actor_ids"])}
        canon: dict[str, str] = {}
        for part in _chunks(sorted(ids)):
            canon.update(conn.execute(select(mg.c.actor_id, mg.c.canonical_id).where(mg.c.actor_id.in_(part))).all())
    for item in out.values():
        for ev in item["events"]:
            ev["source_actor_ids"] = [canon.get(i, i) for i in ev["source_actor_ids"]]
            ev["target_actor_ids"] = [canon.get(i, i) for i in ev["target_actor_ids"]]
    return out


def assigned_ids(store: Store, article_ids: Sequence[str]) -> set[str]:
    """Those of ``article_ids`` already in a story."""
    sa = s.story_articles
    found: set[str] = set()
    with store.engine.connect() as conn:
        for part in _chunks(list(article_ids)):
            found.update(conn.execute(select(sa.c.article_id).where(sa.c.article_id.in_(part))).scalars())
    return found


def unassigned_ids(store: Store) -> list[str]:
    """Stored articles in no story yet, oldest first (by publication date, then ingestion)."""
    a, sa = s.articles, s.story_articles
    stmt = (select(a.c.id).where(~select(sa.c.article_id).where(sa.c.article_id == a.c.id).exists())
            .order_by(func.coalesce(a.c.published, "9999"), a.c.ingested_at, a.c.id))
    with store.engine.connect() as conn:
        return list(conn.execute(stmt).scalars())


def related_articles(store: Store, article_ids: Sequence[str]) -> dict[str, list[tuple[str, str]]]:
    """Article → [(other article, kind)] for near-duplicates and rewrites of ``article_ids``."""
    r = s.relations
    out: dict[str, list[tuple[str, str]]] = {}
    with store.engine.connect() as conn:
        for part in _chunks(list(article_ids)):
            kinds = r.c.kind.in_(("duplicate", "rewrite"))
            for a, b, kind in conn.execute(select(r.c.a, r.c.b, r.c.kind).where(kinds, r.c.a.in_(part))):
                out.setdefault(a, []).append((b, kind))
            for a, b, kind in conn.execute(select(r.c.a, r.c.b, r.c.kind).where(kinds, r.c.b.in_(part))):
                out.setdefault(b, []).append((a, kind))
    return out


def story_of(store: Store, article_ids: Iterable[str]) -> dict[str, str]:
    """Article id → its story id, for those in a story."""
    sa = s.story_articles
    return store.lookup(sa.c.article_id, sa.c.story_id, article_ids)


def term_counts(store: Store, terms: Iterable[str]) -> dict[str, int]:
    """How many assigned articles contain each term (``ARTICLE_COUNT`` gives the number of articles)."""
    t = s.story_terms
    return store.lookup(t.c.term, t.c.articles, terms)


def candidate_stories(store: Store, keys: Sequence[str], per_key: int) -> Counter:
    """Story id → how many of ``keys`` it shares, among the ``per_key`` most recent stories under each key.

    One indexed range scan per key (``ix_story_keys_recent``), so the cost does not grow with the store."""
    k = s.story_keys
    stmt = (select(k.c.story_id).where(k.c.key == bindparam("key")).order_by(k.c.last_published.desc())
            .limit(per_key))
    found: Counter = Counter()
    with store.engine.connect() as conn:
        for key in sorted(set(keys)):
            found.update(conn.execute(stmt, {"key": key}).scalars())
    return found


def load_stories(store: Store, story_ids: Iterable[str]) -> dict[str, dict]:
    """Story id → its full row (with state)."""
    st = s.stories
    out: dict[str, dict] = {}
    with store.engine.connect() as conn:
        for part in _chunks(sorted(set(story_ids))):
            out.update((r["id"], dict(r)) for r in conn.execute(select(st).where(st.c.id.in_(part))).mappings())
    return out


# -- what assignment writes --------------------------------------------------------------------------


def save_stories(store: Store, stories: Sequence[dict], keys: dict[str, Sequence[str]],
                 members: Sequence[dict], term_delta: dict[str, int]) -> None:
    """In one transaction: upsert ``stories``, replace their blocking ``keys``, add ``members``
    (article_id, story_id, score, reason) and add ``term_delta`` to the term counts."""
    st, k, sa, t = s.stories, s.story_keys, s.story_articles, s.story_terms
    now = _now()
    with store.engine.begin() as conn:
        rows = [{c.name: story.get(c.name) for c in st.columns} | {"updated_at": now} for story in stories]
        store._upsert(conn, st, rows, update_cols=[c.name for c in st.columns if c.name != "id"])
        last = {story["id"]: story["last_published"] for story in stories}
        for part in _chunks(sorted(keys)):
            conn.execute(delete(k).where(k.c.story_id.in_(part)))
        store._upsert(conn, k, [{"key": key, "story_id": sid, "last_published": last.get(sid)}
                                for sid, story_keys in keys.items() for key in dict.fromkeys(story_keys)])
        store._upsert(conn, sa, list(members), update_cols=("story_id", "score", "reason"))
        if term_delta:
            for part in _chunks(sorted(term_delta.items()), CHUNK):
                stmt = store._insert(t)
                stmt = stmt.on_conflict_do_update(index_elements=["term"],
                                                  set_={"articles": t.c.articles + stmt.excluded.articles})
                conn.execute(stmt, [{"term": term, "articles": n} for term, n in part])


def clear_stories(store: Store) -> None:
    """Forget every story (before a rebuild)."""
    with store.engine.begin() as conn:
        for table in (s.story_articles, s.story_keys, s.story_terms, s.stories):
            conn.execute(delete(table))


# -- listings ----------------------------------------------------------------------------------------


def stories(store: Store, min_size: int = 1, since: str | None = None, until: str | None = None,
            limit: int = 50, offset: int = 0) -> tuple[list[dict], int]:
    """Stories, latest first (by their last article), with their actor and place counts; and the total."""
    st = s.stories
    stmt = select(*STORY_SUMMARY).where(st.c.size >= min_size)
    if since:
        stmt = stmt.where(st.c.last_published >= since)
    if until:
        stmt = stmt.where(st.c.first_published <= until + "\uffff")
    total_stmt = select(func.count()).select_from(stmt.subquery())
    stmt = stmt.order_by(st.c.last_published.desc(), st.c.size.desc(), st.c.id).limit(limit).offset(offset)
    with store.engine.connect() as conn:
        total = conn.execute(total_stmt).scalar_one()
        return [dict(r) for r in conn.execute(stmt).mappings()], total


def find_story_ids(store: Store, prefix: str) -> list[str]:
    """Story ids starting with ``prefix`` (at most two: enough to tell an ambiguous prefix)."""
    st = s.stories
    with store.engine.connect() as conn:
        return list(conn.execute(select(st.c.id).where(st.c.id.like(f"{prefix}%")).order_by(st.c.id).limit(2)).scalars())


def story(store: Store, story_id: str) -> dict | None:
    """One story's summary row (no state)."""
    with store.engine.connect() as conn:
        row = conn.execute(select(*STORY_SUMMARY).where(s.stories.c.id == story_id)).mappings().first()
    return dict(row) if row else None


def story_members(store: Store, story_id: str) -> list[dict]:
    """The story's articles (summary, score and why it joined), oldest first."""
    a, sa = s.articles, s.story_articles
    stmt = (select(a.c.id, a.c.title, a.c.source, a.c.url, a.c.published, sa.c.score, sa.c.reason)
            .join(sa, sa.c.article_id == a.c.id).where(sa.c.story_id == story_id)
            .order_by(func.coalesce(a.c.published, "9999"), a.c.ingested_at, a.c.id))
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt).mappings()]


def story_article_ids(store: Store, story_id: str) -> list[str]:
    sa = s.story_articles
    with store.engine.connect() as conn:
        return list(conn.execute(select(sa.c.article_id).where(sa.c.story_id == story_id)
                                 .order_by(sa.c.article_id)).scalars())
