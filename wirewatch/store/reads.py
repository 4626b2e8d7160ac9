"""Read queries for the web API: each takes a :class:`Store`, returns plain dicts, and pages with a total."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Select, Text, case, cast, distinct, exists, func, literal, literal_column, or_, select, text

from . import Store, fold, fts_query
from . import schema as s

Page = tuple[list[dict], int]
ARTICLE_SUMMARY = [s.articles.c.id, s.articles.c.title, s.articles.c.source, s.articles.c.url,
                   s.articles.c.published, s.articles.c.language]


def _page(store: Store, stmt: Select, limit: int, offset: int, params: dict | None = None,
          count: Select | None = None) -> Page:
    """One page of ``stmt`` and the number of rows it has in all (counted on ``count`` when given: the same
    rows without the joins that only add columns)."""
    total_stmt = select(func.count()).select_from((stmt if count is None else count).order_by(None).subquery())
    with store.engine.connect() as conn:
        total = conn.execute(total_stmt, params or {}).scalar_one()
        rows = [dict(r) for r in conn.execute(stmt.limit(limit).offset(offset), params or {}).mappings()]
    return rows, total


def _all(store: Store, stmt, params: dict | None = None) -> list[dict]:
    with store.engine.connect() as conn:
        return [dict(r) for r in conn.execute(stmt, params or {}).mappings()]


def _icontains(store: Store, column, search: str):
    """``column`` contains ``search`` ignoring case in any script (SQLite: through ``ww_fold``, Python's
    case folding; PostgreSQL's ILIKE already folds Cyrillic)."""
    if store.dialect == "sqlite":
        return func.ww_fold(column).contains(fold(search), autoescape=True)
    return column.icontains(search, autoescape=True)


def _json_has(column, value: str):
    """A JSON list column contains ``value`` (ids are quoted strings in its text on every dialect)."""
    return cast(column, Text).contains(f'"{value}"', autoescape=True)


# -- articles ---------------------------------------------------------------------------------------


def articles(store: Store, search: str | None = None, since: str | None = None, until: str | None = None,
             source: str | None = None, language: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Article summaries, newest first, with optional full-text search and filters."""
    a = s.articles
    stmt, params = select(*ARTICLE_SUMMARY), {}
    if search:
        stmt, params = _match(store, stmt, search)
    if since:
        stmt = stmt.where(a.c.published >= since)
    if until:
        stmt = stmt.where(a.c.published <= until)
    if source:
        stmt = stmt.where(a.c.source == source)
    if language:
        stmt = stmt.where(a.c.language == language)
    stmt = stmt.order_by(a.c.published.desc(), a.c.ingested_at.desc(), a.c.id)
    if search and store.dialect == "sqlite" and params and not (since or until or source or language):
        # counted in the full-text index; when many match, walk articles newest first and stop at the page
        with store.engine.connect() as conn:
            total = conn.execute(text("SELECT count(*) FROM articles_fts WHERE articles_fts MATCH :q"),
                                 params).scalar_one()
        if total > WALK_ABOVE:
            stmt, params = _match(store, select(*ARTICLE_SUMMARY), search, walk=True)
            stmt = stmt.order_by(a.c.published.desc(), a.c.ingested_at.desc(), a.c.id)
        return _all(store, stmt.limit(limit).offset(offset), params), total
    return _page(store, stmt, limit, offset, params)


def _match(store: Store, stmt: Select, search: str, walk: bool = False) -> tuple[Select, dict]:
    """``stmt`` narrowed to articles matching ``search``; ``walk``: SQLite tests each article it walks through
    against the matches ("+") instead of looking each match up (faster when many match)."""
    if store.dialect == "sqlite":
        q = fts_query(search)
        if not q:
            return stmt.where(literal(False)), {}
        plus = "+" if walk else ""
        return stmt.where(text(f"{plus}articles.rowid IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :q)")), \
            {"q": q}
    return stmt.where(text("to_tsvector('english', coalesce(articles.title, '') || ' ' || articles.text) "
                           "@@ plainto_tsquery('english', :q)")), {"q": search}


def article_summaries(store: Store, ids: Sequence[str]) -> dict[str, dict]:
    """Id → summary (title, source, url, published, language) of these articles."""
    if not ids:
        return {}
    rows = _all(store, select(*ARTICLE_SUMMARY).where(s.articles.c.id.in_(list(set(ids)))))
    return {r["id"]: r for r in rows}


def article_languages(store: Store) -> dict[str, str]:
    """Article id → the language its facts were read in: the article's (a Russian article goes through the
    Russian stages, every other extracted one through the English; so no fact needs its own column)."""
    a = s.articles
    return {r["id"]: r["language"] or "en" for r in _all(store, select(a.c.id, a.c.language))}


def article_sources(store: Store) -> list[dict]:
    """Sources and how many articles each has."""
    a = s.articles
    stmt = select(a.c.source, func.count().label("articles")).group_by(a.c.source).order_by(func.count().desc())
    return _all(store, stmt)


# -- actors -----------------------------------------------------------------------------------------


def _mention_count(actor_col):
    """Mentions of an actor (one not merged away) and of every actor id merged into it.

    Two index lookups (mentions by actor id, merges by canonical id), never a scan of all mentions."""
    m, mg = s.mentions, s.actor_merges
    own = select(func.count()).where(m.c.actor_id == actor_col).scalar_subquery()
    merged = (select(func.count()).select_from(mg.join(m, m.c.actor_id == mg.c.actor_id))
              .where(mg.c.canonical_id == actor_col, mg.c.actor_id != actor_col).scalar_subquery())
    return own + merged


def _is_merged_away(actor_col):
    """True for an actor id that was merged into another actor."""
    mg = s.actor_merges
    return exists().where(mg.c.actor_id == actor_col, mg.c.canonical_id != actor_col)


def actors(store: Store, kind: str | None = None, search: str | None = None, limit: int = 50,
           offset: int = 0) -> Page:
    """Resolved actors by name (or any alias containing ``search``), with their mention counts."""
    ac, al = s.actors, s.actor_aliases
    stmt = (select(ac, _mention_count(ac.c.id).label("mentions")).where(~_is_merged_away(ac.c.id))
            .order_by(ac.c.name, ac.c.id))
    if kind:
        stmt = stmt.where(ac.c.kind == kind)
    if search:  # the names of actors merged into it count too ("Николай Патрушев" finds Nikolai Patrushev)
        mg = s.actor_merges
        merged = exists().where(mg.c.actor_id == al.c.actor_id, mg.c.canonical_id == ac.c.id).correlate_except(mg)
        stmt = stmt.where(or_(_icontains(store, ac.c.name, search),
                              exists().where(or_(al.c.actor_id == ac.c.id, merged),
                                             _icontains(store, al.c.alias, search))))
    return _page(store, stmt, limit, offset)


def actor(store: Store, actor_id: str) -> dict | None:
    """One actor with its aliases, roles (by date), merged ids and the actor it was merged into."""
    ac, al, r, mg = s.actors, s.actor_aliases, s.roles, s.actor_merges
    with store.engine.connect() as conn:
        row = conn.execute(select(ac).where(ac.c.id == actor_id)).mappings().first()
        if row is None:
            return None
        out = dict(row)
        merged = list(conn.execute(select(mg.c.actor_id).where(mg.c.canonical_id == actor_id)).scalars())
        group = [actor_id, *merged]
        out["merged_ids"] = merged
        out["merged_into"] = conn.execute(select(mg.c.canonical_id).where(mg.c.actor_id == actor_id)).scalar()
        out["aliases"] = sorted(set(conn.execute(select(al.c.alias).where(al.c.actor_id.in_(group))).scalars()))
        roles = select(r.c.title, r.c.organization, r.c.country, r.c.date, r.c.article_id, r.c.start, r.c.end)
        out["roles"] = [dict(x) for x in conn.execute(
            roles.where(r.c.actor_id.in_(group)).order_by(r.c.date, r.c.title)).mappings()]
        out["mentions"] = conn.execute(select(func.count()).where(s.mentions.c.actor_id.in_(group))).scalar_one()
    return out


def actor_names(store: Store, ids: Sequence[str]) -> dict[str, dict]:
    """Id → {id, name, kind} of the resolved actor each id stands for (merged ids give their canonical actor)."""
    if not ids:
        return {}
    ac, mg = s.actors, s.actor_merges
    canonical = func.coalesce(mg.c.canonical_id, ac.c.id)
    target = ac.alias("target")
    stmt = (select(ac.c.id.label("ref"), target.c.id, target.c.name, target.c.kind)
            .select_from(ac.outerjoin(mg, mg.c.actor_id == ac.c.id).join(target, target.c.id == canonical))
            .where(ac.c.id.in_(list(set(ids)))))
    return {r.pop("ref"): r for r in _all(store, stmt)}


def _cyrillic(name: str) -> bool:
    return any("\u0400" <= ch <= "\u04ff" for ch in name)


def native_names(store: Store, ids: Sequence[str]) -> dict[str, str]:
    """Resolved actor id → the Cyrillic form of its name (its own aliases or those of actors merged into it),
    for actors named in Latin script: the fullest name, e.g. "Николай Патрушев" beside Nikolay Patrushev."""
    if not ids:
        return {}
    ac, al, mg = s.actors, s.actor_aliases, s.actor_merges
    wanted = list(set(ids))
    own = select(al.c.actor_id.label("id"), al.c.alias).where(al.c.actor_id.in_(wanted))
    merged = (select(mg.c.canonical_id.label("id"), al.c.alias).select_from(mg.join(al, al.c.actor_id == mg.c.actor_id))
              .where(mg.c.canonical_id.in_(wanted)))
    names = {r["id"]: r["name"] for r in _all(store, select(ac.c.id, ac.c.name).where(ac.c.id.in_(wanted)))}
    out: dict[str, str] = {}
    for row in _all(store, own.union(merged)):
        alias, name = row["alias"], names.get(row["id"]) or ""
        if not _cyrillic(alias) or _cyrillic(name):
            continue
        best = out.get(row["id"])
        if best is None or (len(alias.split()), -len(alias), alias) > (len(best.split()), -len(best), best):
            out[row["id"]] = alias
    return out


def cooccurring(store: Store, ids: Sequence[str], limit: int = 20) -> list[dict]:
    """Actors mentioned in the same articles as any of ``ids``, most shared articles first."""
    m1, m2, ac = s.mentions.alias("m1"), s.mentions.alias("m2"), s.actors
    shared = func.count(distinct(m2.c.article_id)).label("articles")
    stmt = (select(ac.c.id, ac.c.name, ac.c.kind, shared)
            .select_from(m1.join(m2, m1.c.article_id == m2.c.article_id).join(ac, ac.c.id == m2.c.actor_id))
            .where(m1.c.actor_id.in_(list(ids)), m2.c.actor_id.not_in(list(ids)))
            .group_by(ac.c.id, ac.c.name, ac.c.kind).order_by(shared.desc(), ac.c.name).limit(limit))
    return _all(store, stmt)


def actor_kinds(store: Store) -> list[dict]:
    """Resolved actors per kind (ids merged into another actor are not counted)."""
    ac = s.actors
    return _all(store, select(ac.c.kind, func.count().label("actors")).where(~_is_merged_away(ac.c.id))
                .group_by(ac.c.kind).order_by(ac.c.kind))


# -- quotes -----------------------------------------------------------------------------------------


#: Above this many matching quotes, a page walks articles newest first and stops at its limit; below it,
#: the matches are looked up and sorted (either way a page costs a few milliseconds at 100k articles).
WALK_ABOVE = 500
FTS_QUOTES = "quotes.rowid IN (SELECT rowid FROM quotes_fts WHERE quotes_fts MATCH :q)"


def quotes(store: Store, by: Sequence[str] = (), about: Sequence[str] = (), search: str | None = None,
           since: str | None = None, limit: int = 50, offset: int = 0) -> Page:
    """Quotes with their article, newest first: spoken by ``by``, naming ``about``, containing ``search``
    (on SQLite: its words, through the quotes' full-text index)."""
    q, a, m = s.quotes, s.articles, s.mentions
    wheres, params = [], {}
    if by:
        wheres.append(q.c.speaker_actor_id.in_(list(by)))
    if about:
        wheres.append(exists().where(m.c.article_id == q.c.article_id, m.c.start >= q.c.start,
                                     m.c.end <= q.c.end, m.c.actor_id.in_(list(about))))
    if search and store.dialect == "sqlite":
        words = fts_query(search)
        if not words:
            return [], 0
        wheres.append(text(FTS_QUOTES))
        params["q"] = words
    elif search:
        wheres.append(_icontains(store, q.c.text, search))
    if since:
        wheres.append(a.c.published >= since)
    count = select(q.c.id).where(*wheres)
    if since:
        count = count.join_from(q, a, a.c.id == q.c.article_id)
    if "q" in params and len(wheres) == 1:  # the search alone: counted in the full-text index
        count = text("SELECT count(*) FROM quotes_fts WHERE quotes_fts MATCH :q")
    else:
        count = select(func.count()).select_from(count.subquery())
    with store.engine.connect() as conn:
        total = conn.execute(count, params).scalar_one()
    # newest first: walking articles by (published, id) stops at the page, unless few quotes match
    walk = store.dialect == "sqlite" and not by and not about and total > WALK_ABOVE
    if walk:  # "+" keeps SQLite from looking articles up by id, or quotes up by each matching rowid
        wheres = [text("+" + FTS_QUOTES) if getattr(w, "text", None) == FTS_QUOTES else w for w in wheres]
    on = (literal_column("+articles.id") if walk else a.c.id) == q.c.article_id
    stmt = (select(q, a.c.title.label("article_title"), a.c.source, a.c.published)
            .select_from(q.join(a, on)).where(*wheres)
            .order_by(a.c.published.desc(), a.c.ingested_at.desc(), a.c.id, q.c.start).limit(limit).offset(offset))
    return _all(store, stmt, params), total


# -- events -----------------------------------------------------------------------------------------

EVENT_DATE = s.events.c.day


def _actors_by_index(actor_ids: Sequence[str], actor_role: str):
    """Events naming any of ``actor_ids`` as source, target or either ("any"), looked up in event_actors."""
    ea = s.event_actors
    roles = {"source": ["source"], "target": ["target"]}.get(actor_role, ["source", "target"])
    return s.events.c.id.in_(select(ea.c.event_id).where(ea.c.actor_id.in_(list(actor_ids)), ea.c.role.in_(roles)))


def _actors_by_scan(actor_ids: Sequence[str], actor_role: str):
    """The same events found by scanning every event's JSON actor lists (before migration 15; kept to check
    the index against it in tests and bench/actor_page.py)."""
    e = s.events
    cols = {"source": [e.c.source_actor_ids], "target": [e.c.target_actor_ids]}.get(
        actor_role, [e.c.source_actor_ids, e.c.target_actor_ids])
    return or_(*(_json_has(c, i) for c in cols for i in actor_ids))


#: How events are filtered by actor (tests and the bench swap in :func:`_actors_by_scan` to compare).
ACTOR_FILTER = _actors_by_index


def _event_filters(stmt: Select, event_type: str | None, actor_ids: Sequence[str], actor_role: str,
                   place: str | None, since: str | None, until: str | None, status: str | None) -> Select:
    e = s.events
    if event_type:
        stmt = stmt.where(e.c.event_type == event_type)
    if actor_ids:
        stmt = stmt.where(ACTOR_FILTER(actor_ids, actor_role))
    if place:
        stmt = stmt.where(e.c.place_id == place)
    if since:
        stmt = stmt.where(EVENT_DATE >= since)
    if until:
        stmt = stmt.where(EVENT_DATE <= until + "\uffff")
    if status:
        stmt = stmt.where(e.c.status == status)
    return stmt


def events(store: Store, event_type: str | None = None, actor_ids: Sequence[str] = (), actor_role: str = "any",
           place: str | None = None, since: str | None = None, until: str | None = None,
           status: str | None = None, limit: int = 50, offset: int = 0, min_confidence: float | None = None) -> Page:
    """Events with their article's title, source and date, by date (newest first); with
    ``min_confidence`` only those coded at least that sure (events without a confidence pass)."""
    e, a = s.events, s.articles
    stmt = (select(e, a.c.title.label("article_title"), a.c.source, a.c.published, a.c.url)
            .join(a, a.c.id == e.c.article_id).order_by(EVENT_DATE.desc(), e.c.id))
    stmt = _event_filters(stmt, event_type, actor_ids, actor_role, place, since, until, status)
    count = _event_filters(select(e.c.id), event_type, actor_ids, actor_role, place, since, until, status)
    if min_confidence:
        stmt = stmt.where(func.coalesce(e.c.confidence, 1.0) >= min_confidence)
        count = count.where(func.coalesce(e.c.confidence, 1.0) >= min_confidence)
    return _page(store, stmt, limit, offset, count=count)


def event(store: Store, event_id: str) -> dict | None:
    """One event with its article's title, source, date and text of its evidence span."""
    e, a = s.events, s.articles
    stmt = (select(e, a.c.title.label("article_title"), a.c.source, a.c.published, a.c.url,
                   func.substr(a.c.text, e.c.start + 1, e.c.end - e.c.start).label("evidence"))
            .join(a, a.c.id == e.c.article_id).where(e.c.id == event_id))
    rows = _all(store, stmt)
    return rows[0] if rows else None


GROUP_ID = func.coalesce(s.event_groups.c.group_id, s.events.c.id)


def event_groups(store: Store, event_type: str | None = None, actor_ids: Sequence[str] = (),
                 place: str | None = None, since: str | None = None, until: str | None = None,
                 status: str | None = None, article_ids: Sequence[str] | None = None,
                 limit: int = 50, offset: int = 0, min_confidence: float | None = None) -> Page:
    """Events merged across sources (their stored summaries), oldest first: ``group_id``, ``day``,
    ``reports``, ``corroboration``. ``actor_ids`` match a source or target; ``article_ids`` a report."""
    me, ma, g = s.merged_events, s.merged_event_actors, s.event_groups
    stmt = select(me.c.group_id, me.c.day, me.c.reports, me.c.corroboration).order_by(me.c.day, me.c.group_id)
    if event_type:
        stmt = stmt.where(me.c.event_type == event_type)
    if actor_ids:
        stmt = stmt.where(me.c.group_id.in_(select(ma.c.group_id).where(ma.c.actor_id.in_(list(actor_ids)))))
    if place:
        stmt = stmt.where(me.c.place_id == place)
    if since:
        stmt = stmt.where(me.c.day >= since)
    if until:
        stmt = stmt.where(me.c.day <= until + "\uffff")
    if status:
        stmt = stmt.where(me.c.status == status)
    if article_ids is not None:
        stmt = stmt.where(me.c.group_id.in_(select(g.c.group_id).where(g.c.article_id.in_(list(article_ids)))))
    if min_confidence:
        stmt = stmt.where(func.coalesce(me.c.confidence, 1.0) >= min_confidence)
    return _page(store, stmt, limit, offset)


def group_reports(store: Store, group_ids: Sequence[str]) -> list[dict]:
    """Every report of these event groups with its group id, article title, outlet, date and evidence text."""
    if not group_ids:
        return []
    e, a, g = s.events, s.articles, s.event_groups
    ids = list(set(group_ids))
    columns = (e, a.c.title.label("article_title"), a.c.source, a.c.published, a.c.url,
               func.substr(a.c.text, e.c.start + 1, e.c.end - e.c.start).label("evidence"))
    grouped = (select(*columns, g.c.group_id).select_from(g.join(e, e.c.id == g.c.event_id)
                                                          .join(a, a.c.id == e.c.article_id))
               .where(g.c.group_id.in_(ids)))
    alone = (select(*columns, e.c.id.label("group_id")).join(a, a.c.id == e.c.article_id)
             .where(e.c.id.in_(ids), ~exists().where(g.c.event_id == e.c.id)))
    rows = _all(store, grouped) + _all(store, alone)
    return sorted(rows, key=lambda r: (str(r["published"] or ""), r["article_id"], r["start"]))


def event_group_id(store: Store, event_id: str) -> str | None:
    e, g = s.events, s.event_groups
    stmt = select(GROUP_ID).select_from(e.outerjoin(g, g.c.event_id == e.c.id)).where(e.c.id == event_id)
    with store.engine.connect() as conn:
        return conn.execute(stmt).scalar()


def copy_relations(store: Store, article_ids: Sequence[str]) -> list[tuple[str, str]]:
    """Pairs of these articles that are near-duplicates or rewrites of each other."""
    r = s.relations
    ids = list(set(article_ids))
    if len(ids) < 2:
        return []
    stmt = select(r.c.a, r.c.b).where(r.c.a.in_(ids), r.c.b.in_(ids), r.c.kind.in_(("duplicate", "rewrite")))
    with store.engine.connect() as conn:
        return [(x, y) for x, y in conn.execute(stmt)]


def events_by_ids(store: Store, ids: Sequence[str]) -> dict[str, dict]:
    if not ids:
        return {}
    e, a = s.events, s.articles
    stmt = (select(e, a.c.title.label("article_title"), a.c.source, a.c.published)
            .join(a, a.c.id == e.c.article_id).where(e.c.id.in_(list(set(ids)))))
    return {r["id"]: r for r in _all(store, stmt)}


def event_types(store: Store) -> list[dict]:
    e = s.events
    return _all(store, select(e.c.event_type, func.count().label("events"))
                .group_by(e.c.event_type).order_by(e.c.event_type))


def event_actor_lists(store: Store, event_type: str | None = None, since: str | None = None,
                      until: str | None = None) -> list[tuple[list, list]]:
    """(source ids, target ids) of every event matching the filters, for the actor graph."""
    e, a = s.events, s.articles
    stmt = select(e.c.source_actor_ids, e.c.target_actor_ids).join(a, a.c.id == e.c.article_id)
    stmt = _event_filters(stmt, event_type, (), "any", None, since, until, None)
    with store.engine.connect() as conn:
        return [(src or [], tgt or []) for src, tgt in conn.execute(stmt)]


# -- places and control -----------------------------------------------------------------------------


def places(store: Store, search: str | None = None, located: bool = False, limit: int = 50,
           offset: int = 0) -> Page:
    """Places by name with how many events and mentions each has."""
    p, e, m = s.places, s.events, s.mentions
    n_events = select(func.count()).where(e.c.place_id == p.c.id).scalar_subquery()
    n_mentions = select(func.count()).where(m.c.place_id == p.c.id).scalar_subquery()
    stmt = select(p, n_events.label("events"), n_mentions.label("mentions")).order_by(p.c.name, p.c.id)
    if search:
        stmt = stmt.where(_icontains(store, p.c.name, search))
    if located:
        stmt = stmt.where(p.c.lat.is_not(None), p.c.lon.is_not(None))
    return _page(store, stmt, limit, offset)


def _rows_by_id(store: Store, table, ids: Sequence[str]) -> dict[str, dict]:
    """Id → stored row of ``table`` for these ids."""
    if not ids:
        return {}
    return {r["id"]: r for r in _all(store, select(table).where(table.c.id.in_(list(set(ids)))))}


def places_by_ids(store: Store, ids: Sequence[str]) -> dict[str, dict]:
    return _rows_by_id(store, s.places, ids)


def place_event_counts(store: Store, event_type: str | None = None, since: str | None = None,
                       until: str | None = None) -> list[dict]:
    """Located places with the number of matching events at each (for the map)."""
    p, e, a = s.places, s.events, s.articles
    n = func.count().label("events")
    stmt = (select(p.c.id, p.c.name, p.c.lat, p.c.lon, p.c.country, n)
            .select_from(e.join(a, a.c.id == e.c.article_id).join(p, p.c.id == e.c.place_id))
            .where(p.c.lat.is_not(None), p.c.lon.is_not(None))
            .group_by(p.c.id, p.c.name, p.c.lat, p.c.lon, p.c.country).order_by(n.desc()))
    stmt = _event_filters(stmt, event_type, (), "any", None, since, until, None)
    return _all(store, stmt)


def controls(store: Store, as_of: str | None = None, place: str | None = None, actor_id: str | None = None,
             limit: int = 50, offset: int = 0) -> Page:
    """Control claims with place, controller and article, newest first; ``as_of`` keeps claims up to it."""
    c, p, a, ac = s.controls, s.places, s.articles, s.actors
    when = func.coalesce(c.c.as_of, a.c.published).label("claimed")
    stmt = (select(c, when, p.c.name.label("place_name"), p.c.lat, p.c.lon,
                   ac.c.name.label("controller_name"), a.c.title.label("article_title"), a.c.source)
            .join(p, p.c.id == c.c.place_id).join(a, a.c.id == c.c.article_id)
            .outerjoin(ac, ac.c.id == c.c.controller_actor_id)
            .order_by(when.desc(), c.c.id))
    if as_of:
        stmt = stmt.where(when <= as_of + "\uffff")
    if place:
        stmt = stmt.where(c.c.place_id == place)
    if actor_id:
        stmt = stmt.where(c.c.controller_actor_id == actor_id)
    return _page(store, stmt, limit, offset)


def latest_controls(store: Store, as_of: str | None = None) -> list[dict]:
    """The latest claim up to ``as_of`` about each located place, with its controller's name."""
    c, p, a, ac = s.controls, s.places, s.articles, s.actors
    when = func.coalesce(c.c.as_of, a.c.published)
    rank = func.row_number().over(partition_by=c.c.place_id, order_by=(when.desc(), c.c.id)).label("rank")
    ranked = (select(c, when.label("claimed"), rank).join(a, a.c.id == c.c.article_id)
              .where(when <= as_of + "\uffff" if as_of else literal(True)).subquery())
    stmt = (select(ranked.c.id, ranked.c.article_id, ranked.c.place_id, ranked.c.controller_actor_id,
                   ranked.c.status, ranked.c.as_of, ranked.c.claimed, p.c.name.label("place_name"), p.c.lat,
                   p.c.lon, ac.c.name.label("controller_name"))
            .join(p, p.c.id == ranked.c.place_id).outerjoin(ac, ac.c.id == ranked.c.controller_actor_id)
            .where(ranked.c.rank == 1, p.c.lat.is_not(None), p.c.lon.is_not(None)).order_by(p.c.name))
    return _all(store, stmt)


def fact_counts(store: Store) -> dict[str, Any]:
    """Counts the stats endpoint adds to the store's: event types, actor kinds, sources."""
    return {"event_types": event_types(store), "actor_kinds": actor_kinds(store),
            "sources": article_sources(store)}



# -- the analyst's app: resolved co-occurrence, disputed events, control claims with evidence ----------


def published_bounds(store: Store) -> tuple[str | None, str | None]:
    """The earliest and latest publication dates stored (two index lookups)."""
    a = s.articles
    with store.engine.connect() as conn:
        first = conn.execute(select(func.min(a.c.published))).scalar()
        last = conn.execute(select(func.max(a.c.published))).scalar()
    return first, last


def cooccurring_resolved(store: Store, ids: Sequence[str], limit: int = 20) -> list[dict]:
    """Resolved actors mentioned in the same articles as any of ``ids`` (an actor and its merged ids), most
    shared articles first; every spelling of another actor counts under that actor once."""
    m1, m2, ac, mg = s.mentions.alias("m1"), s.mentions.alias("m2"), s.actors, s.actor_merges
    canonical = func.coalesce(mg.c.canonical_id, m2.c.actor_id)
    shared = func.count(distinct(m2.c.article_id)).label("articles")
    stmt = (select(ac.c.id, ac.c.name, ac.c.kind, shared)
            .select_from(m1.join(m2, m1.c.article_id == m2.c.article_id)
                         .outerjoin(mg, mg.c.actor_id == m2.c.actor_id).join(ac, ac.c.id == canonical))
            .where(m1.c.actor_id.in_(list(ids)), m2.c.actor_id.is_not(None), canonical.not_in(list(ids)))
            .group_by(ac.c.id, ac.c.name, ac.c.kind).order_by(shared.desc(), ac.c.name).limit(limit))
    return _all(store, stmt)


def disputed_groups(store: Store, limit: int = 50, offset: int = 0) -> Page:
    """Merged events whose reports disagree (numbers, dates, perpetrators, status), oldest first."""
    me = s.merged_events
    stmt = (select(me.c.group_id, me.c.day, me.c.reports, me.c.corroboration).where(me.c.disagreements > 0)
            .order_by(me.c.day, me.c.group_id))
    return _page(store, stmt, limit, offset)


def self_reported_groups(store: Store, limit: int) -> list[str]:
    """Ids of merged events that some article reports more than once (more reports than articles), oldest
    first: the only events an article can contradict itself about."""
    me = s.merged_events
    stmt = (select(me.c.group_id).where(me.c.reports > me.c.articles).order_by(me.c.day, me.c.group_id)
            .limit(limit))
    with store.engine.connect() as conn:
        return list(conn.execute(stmt).scalars())


#: Characters of text read on each side of a claim's span, to find the sentence it is in.
CONTEXT = 400


def control_claims(store: Store, as_of: str | None = None, place_ids: Sequence[str] | None = None) -> list[dict]:
    """Every control claim up to ``as_of`` about a located place, newest first: place, canonical controller
    id, status, as of (else the article's date), evidence text, outlet, title and publication date."""
    c, p, a, mg = s.controls, s.places, s.articles, s.actor_merges
    when = func.coalesce(c.c.as_of, a.c.published)
    controller = func.coalesce(mg.c.canonical_id, c.c.controller_actor_id)
    window_start = case((c.c.start > CONTEXT, c.c.start - CONTEXT), else_=0)  # text around it, for its sentence
    stmt = (select(c.c.id, c.c.article_id, c.c.start, c.c.place_id, controller.label("controller_id"), c.c.status,
                   c.c.as_of, c.c.confidence, when.label("claimed"), p.c.name.label("place_name"), p.c.lat, p.c.lon,
                   p.c.country, a.c.source, a.c.title.label("article_title"), a.c.published, a.c.url,
                   func.substr(a.c.text, c.c.start + 1, c.c.end - c.c.start).label("evidence"),
                   window_start.label("window_start"),
                   func.substr(a.c.text, window_start + 1, c.c.end - window_start + CONTEXT).label("window"))
            .select_from(c.join(p, p.c.id == c.c.place_id).join(a, a.c.id == c.c.article_id)
                         .outerjoin(mg, mg.c.actor_id == c.c.controller_actor_id))
            .where(p.c.lat.is_not(None), p.c.lon.is_not(None)).order_by(when.desc(), c.c.id))
    if as_of:
        stmt = stmt.where(when <= as_of + "\uffff")
    if place_ids is not None:
        stmt = stmt.where(c.c.place_id.in_(list(place_ids)))
    return _all(store, stmt)


def actor_rows(store: Store, ids: Sequence[str]) -> dict[str, dict]:
    """Id → the stored row (id, name, kind, country, code) of these actors, merged or not."""
    return _rows_by_id(store, s.actors, ids)


def merged_event_actor_lists(store: Store, event_type: str | None = None, since: str | None = None,
                             until: str | None = None) -> list[tuple[list, list]]:
    """(source ids, target ids) of every event merged across sources (one pair of lists per merged event,
    however many articles report it), for the actor network."""
    me, ma = s.merged_events, s.merged_event_actors
    stmt = select(ma.c.group_id, ma.c.actor_id, ma.c.role).join(me, me.c.group_id == ma.c.group_id)
    if event_type:
        stmt = stmt.where(me.c.event_type == event_type)
    if since:
        stmt = stmt.where(me.c.day >= since)
    if until:
        stmt = stmt.where(me.c.day <= until + "\uffff")
    groups: dict[str, tuple[list, list]] = {}
    with store.engine.connect() as conn:
        for group_id, actor_id, role in conn.execute(stmt):
            sides = groups.setdefault(group_id, ([], []))
            sides[0 if role == "source" else 1].append(actor_id)
    return list(groups.values())


def merged_away_count(store: Store) -> int:
    """How many actor ids were merged into another actor (so resolved actors = actors - this)."""
    mg = s.actor_merges
    with store.engine.connect() as conn:
        return conn.execute(select(func.count()).where(mg.c.actor_id != mg.c.canonical_id)).scalar_one()
