"""Reads scoped to a set of articles — what a situation report gathers: the articles a story, an actor or
a place covers, and the actors, roles, quotes, places and control claims found in them.

Actor ids come back canonical (merged ids replaced by the actor they were merged into).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from sqlalchemy import Select, func, or_, select

from . import Store, _chunks
from . import schema as s


def _canonical(column):
    """``column`` (an actor id) as its canonical id: a correlated lookup in ``actor_merges``."""
    mg = s.actor_merges
    return func.coalesce(select(mg.c.canonical_id).where(mg.c.actor_id == column).scalar_subquery(), column)


def _rows(store: Store, make: Callable[[list[str]], Select], ids: Sequence[str]) -> list[dict]:
    """Rows of ``make(part)`` for each chunk of ``ids``."""
    out: list[dict] = []
    with store.engine.connect() as conn:
        for part in _chunks(sorted(set(ids))):
            out.extend(dict(r) for r in conn.execute(make(list(part))).mappings())
    return out


def _dated(stmt: Select, since: str | None, until: str | None) -> Select:
    a = s.articles
    if since:
        stmt = stmt.where(a.c.published >= since)
    if until:
        stmt = stmt.where(a.c.published <= until + "\uffff")
    return stmt


def scope_article_ids(store: Store, *, article_ids: Iterable[str] | None = None, actor_ids: Sequence[str] = (),
                      place_id: str | None = None, since: str | None = None, until: str | None = None) -> list[str]:
    """Articles published in [since, until] that are among ``article_ids`` (when given), name one of
    ``actor_ids`` (mention, quote speaker or event actor) and name ``place_id`` (mention, event or control
    claim) — oldest first."""
    a, m, q, e, c = s.articles, s.mentions, s.quotes, s.events, s.controls
    stmt = _dated(select(a.c.id), since, until)
    if actor_ids:
        ids = list(actor_ids)
        stmt = stmt.where(or_(a.c.id.in_(select(m.c.article_id).where(m.c.actor_id.in_(ids))),
                              a.c.id.in_(select(q.c.article_id).where(q.c.speaker_actor_id.in_(ids)))))
    if place_id:
        stmt = stmt.where(or_(a.c.id.in_(select(m.c.article_id).where(m.c.place_id == place_id)),
                              a.c.id.in_(select(e.c.article_id).where(e.c.place_id == place_id)),
                              a.c.id.in_(select(c.c.article_id).where(c.c.place_id == place_id))))
    stmt = stmt.order_by(func.coalesce(a.c.published, "9999"), a.c.id)
    if article_ids is None:
        with store.engine.connect() as conn:
            return list(conn.execute(stmt).scalars())
    rows = _rows(store, lambda part: stmt.add_columns(a.c.published).where(a.c.id.in_(part)), list(article_ids))
    return [r["id"] for r in sorted(rows, key=lambda r: (r["published"] or "9999", r["id"]))]


def article_meta(store: Store, article_ids: Sequence[str]) -> dict[str, dict]:
    """Id → title, source, url, published of these articles."""
    a = s.articles
    cols = (a.c.id, a.c.title, a.c.source, a.c.url, a.c.published)
    return {r["id"]: r for r in _rows(store, lambda part: select(*cols).where(a.c.id.in_(part)), article_ids)}


def actor_mentions(store: Store, article_ids: Sequence[str]) -> dict[str, dict]:
    """Canonical actor id → {mentions, articles: set} over these articles."""
    m = s.mentions
    actor = _canonical(m.c.actor_id).label("actor_id")
    rows = _rows(store, lambda part: select(actor, m.c.article_id, func.count().label("n"))
                 .where(m.c.article_id.in_(part), m.c.actor_id.is_not(None))
                 .group_by(actor, m.c.article_id), article_ids)
    out: dict[str, dict] = {}
    for r in rows:
        item = out.setdefault(r["actor_id"], {"mentions": 0, "articles": set()})
        item["mentions"] += r["n"]
        item["articles"].add(r["article_id"])
    return out


def actor_roles(store: Store, canonical_ids: Sequence[str]) -> list[dict]:
    """Roles (title, organization, country, date, article_id) of these actors and every id merged into them."""
    r = s.roles
    actor = _canonical(r.c.actor_id).label("actor_id")
    cols = (actor, r.c.title, r.c.organization, r.c.country, r.c.date, r.c.article_id)
    mg = s.actor_merges

    def make(part):
        members = select(mg.c.actor_id).where(mg.c.canonical_id.in_(part))
        return select(*cols).where(or_(r.c.actor_id.in_(part), r.c.actor_id.in_(members)))

    return _rows(store, make, canonical_ids)


def quotes_in(store: Store, article_ids: Sequence[str]) -> list[dict]:
    """Quotes of these articles with the canonical speaker id and the article's title, source and date,
    in article date order."""
    q, a = s.quotes, s.articles
    speaker = _canonical(q.c.speaker_actor_id).label("speaker_id")
    rows = _rows(store, lambda part: select(q, speaker, a.c.title.label("article_title"), a.c.source, a.c.published)
                 .join(a, a.c.id == q.c.article_id).where(q.c.article_id.in_(part)), article_ids)
    return sorted(rows, key=lambda r: (r["published"] or "9999", r["article_id"], r["start"]))


def places_in(store: Store, article_ids: Sequence[str]) -> list[dict]:
    """Places named in these articles with coordinates, how many mentions and events each has there."""
    p, m, e = s.places, s.mentions, s.events
    counts: dict[str, dict] = {}
    for kind, table in (("mentions", m), ("events", e)):
        for r in _rows(store, lambda part, t=table: select(t.c.place_id, func.count().label("n"))
                       .where(t.c.article_id.in_(part), t.c.place_id.is_not(None)).group_by(t.c.place_id),
                       article_ids):
            counts.setdefault(r["place_id"], {"mentions": 0, "events": 0})[kind] += r["n"]
    places = _rows(store, lambda part: select(p).where(p.c.id.in_(part)), list(counts))
    return [{**pl, **counts[pl["id"]]} for pl in places]


def controls_in(store: Store, article_ids: Sequence[str]) -> list[dict]:
    """Control claims made in these articles: place, canonical controller, status, as of (or the article's
    date), and the article's title and source; newest claim first."""
    c, a, p = s.controls, s.articles, s.places
    controller = _canonical(c.c.controller_actor_id).label("controller_id")
    claimed = func.coalesce(c.c.as_of, a.c.published).label("claimed")
    rows = _rows(store, lambda part: select(c.c.id, c.c.article_id, c.c.place_id, controller, c.c.status, c.c.as_of,
                                            c.c.confidence, claimed, p.c.name.label("place_name"), p.c.lat, p.c.lon,
                                            a.c.title.label("article_title"), a.c.source, a.c.published)
                 .join(a, a.c.id == c.c.article_id).join(p, p.c.id == c.c.place_id)
                 .where(c.c.article_id.in_(part)), article_ids)
    return sorted(rows, key=lambda r: (r["claimed"] or "", r["id"]), reverse=True)
