"""The read API shared by the CLI, the web API and exports."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from .errors import InputError
from .labels import actor_name, period_label
from .records import to_dict
from .periods import event_day
from .resolve.events import summarise
from .store import Store, reads


def list_articles(store: Store, search: str | None = None, limit: int = 50, offset: int = 0) -> list[dict]:
    """Article summaries, newest first; ``search`` is a full-text query."""
    return store.search_articles(search, limit=limit, offset=offset)


def resolve_article_id(store: Store, ref: str) -> str:
    """A full article id from an id or an unambiguous prefix of one."""
    return _only_match(ref, store.find_article_ids(ref), "no stored article has this id")


def _only_match(ref: str, found: list[str], none_found: str) -> str:
    """The one id matching a typed id or prefix, else an error saying none or several match."""
    if not found:
        raise InputError(ref, none_found)
    if len(found) > 1:
        raise InputError(ref, "more than one id starts with this; give more characters")
    return found[0]


def article_detail(store: Store, ref: str) -> dict:
    """One article with its facts and its relations to other articles."""
    article_id = resolve_article_id(store, ref)
    article = store.get_articles([article_id])[0]
    detail = to_dict(article)
    for table in ("mentions", "timexes", "quotes", "events", "controls"):
        detail[table] = sorted(store.rows(table, {"article_id": article_id}), key=lambda r: r["start"])
    detail["relations"] = [*store.rows("relations", {"a": article_id}), *store.rows("relations", {"b": article_id})]
    return detail


def stats(store: Store) -> dict:
    """Counts of what is stored, languages, and the latest runs."""
    return {"counts": store.counts(), "languages": store.languages(), "runs": store.last_runs(3)}


# -- reads for the web API and app: each returns JSON-ready dicts; lists are pages with a total ----------


def _page(rows: list[dict], total: int, limit: int, offset: int) -> dict:
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


def _not_found(kind: str, ref: str) -> InputError:
    return InputError(ref, f"no stored {kind} has this id")


def _with_names(store: Store, events: list[dict]) -> list[dict]:
    """Attach actor names (``sources``/``targets``) and the place to each event row."""
    names = reads.actor_names(store, [i for e in events for i in (*e["source_actor_ids"], *e["target_actor_ids"])])
    found = reads.places_by_ids(store, [e["place_id"] for e in events if e["place_id"]])

    def actors(ids) -> list[dict]:
        return [names.get(i, {"id": i, "name": None, "kind": None}) for i in ids]

    return [{**e, "sources": actors(e["source_actor_ids"]), "targets": actors(e["target_actor_ids"]),
             "place": found.get(e["place_id"]), "when": period_label(e["date"], e.get("published"))}
            for e in events]


def articles_page(store: Store, search: str | None = None, since: str | None = None, until: str | None = None,
                  source: str | None = None, language: str | None = None, limit: int = 50,
                  offset: int = 0) -> dict:
    """A page of article summaries with full-text search and date/source/language filters."""
    rows, total = reads.articles(store, search, since, until, source, language, limit, offset)
    return _page(rows, total, limit, offset)


def article_view(store: Store, ref: str) -> dict:
    """One article with its facts, the actors and places they name, and its related articles."""
    detail = article_detail(store, ref)
    detail["events"] = _with_names(store, detail["events"])
    ids = {m["actor_id"] for m in detail["mentions"] if m["actor_id"]}
    ids |= {q["speaker_actor_id"] for q in detail["quotes"] if q["speaker_actor_id"]}
    ids |= {c["controller_actor_id"] for c in detail["controls"] if c["controller_actor_id"]}
    detail["actors"] = reads.actor_names(store, sorted(ids))
    place_ids = {m["place_id"] for m in detail["mentions"] if m["place_id"]} | {c["place_id"] for c in detail["controls"]}
    detail["places"] = reads.places_by_ids(store, sorted(place_ids))
    others = {r["b"] if r["a"] == detail["id"] else r["a"] for r in detail["relations"]}
    summaries = reads.article_summaries(store, sorted(others))
    for r in detail["relations"]:
        r["article"] = summaries.get(r["b"] if r["a"] == detail["id"] else r["a"])
    return detail


def actors_page(store: Store, kind: str | None = None, search: str | None = None, limit: int = 50,
                offset: int = 0) -> dict:
    """A page of actors by name, with mention counts."""
    rows, total = reads.actors(store, kind, search, limit, offset)
    return _page(rows, total, limit, offset)


def actor_view(store: Store, actor_id: str, limit: int = 50) -> dict:
    """One actor: aliases, roles over time, quotes, events as source and target, co-occurring actors."""
    found = reads.actor(store, actor_id)
    if found is None:
        raise _not_found("actor", actor_id)
    group = [actor_id, *found["merged_ids"]]
    quotes, n_quotes = reads.quotes(store, by=group, limit=limit)
    as_source, n_source = reads.events(store, actor_ids=group, actor_role="source", limit=limit)
    as_target, n_target = reads.events(store, actor_ids=group, actor_role="target", limit=limit)
    return {**found, "quotes": _page(quotes, n_quotes, limit, 0),
            "events_as_source": _page(_with_names(store, as_source), n_source, limit, 0),
            "events_as_target": _page(_with_names(store, as_target), n_target, limit, 0),
            "related": reads.cooccurring(store, group)}


def quotes_page(store: Store, by: str | None = None, about: str | None = None, search: str | None = None,
                since: str | None = None, limit: int = 50, offset: int = 0) -> dict:
    """A page of quotes by or about an actor, containing a text, since a date."""
    rows, total = reads.quotes(store, [by] if by else (), [about] if about else (), search, since, limit, offset)
    names = reads.actor_names(store, [r["speaker_actor_id"] for r in rows if r["speaker_actor_id"]])
    for r in rows:
        r["speaker"] = names.get(r["speaker_actor_id"])
        # the resolved speaker's name, else the words naming the speaker ("State Department sources")
        r["speaker_name"] = actor_name(r["speaker"]) if r["speaker"] else r["speaker_text"]
    return _page(rows, total, limit, offset)


#: Events coded less surely than this are hidden unless asked for (--min-confidence 0): chosen from the
#: precision-recall table of ``wirewatch evaluate plover`` and the gold event sets: events only the CAMEO.2.0
#: dictionary codes (right type about a quarter of the time) score 0.3 at most and stay hidden.
DEFAULT_MIN_CONFIDENCE = 0.35


def events_page(store: Store, event_type: str | None = None, actor: str | None = None, role: str = "any",
                place: str | None = None, since: str | None = None, until: str | None = None,
                status: str | None = None, limit: int = 50, offset: int = 0,
                min_confidence: float | None = DEFAULT_MIN_CONFIDENCE) -> dict:
    """A page of events, newest first, with actor and place names."""
    rows, total = reads.events(store, event_type, actor_group(store, actor) if actor else (), role, place,
                               since, until, status, limit, offset, min_confidence=min_confidence)
    return _page(_with_names(store, rows), total, limit, offset)


def event_view(store: Store, event_id: str) -> dict:
    """One report of an event with its actors, place and evidence, and the merged event it belongs to."""
    found = reads.event(store, event_id)
    if found is None:
        raise _not_found("event", event_id)
    event = _with_names(store, [found])[0]
    merged = with_disputes(store, _merge_groups(store, [reads.event_group_id(store, event_id)]))[0]
    return {**event, "merged": merged, "reports": merged["sources"]}


#: Fields of each report of a merged event, besides its article, span, evidence and actors.
REPORT_FIELDS = ("event_type", "cameo", "mode", "place_id", "date", "date_precision", "day", "status",
                 "quantity", "confidence")


def _merge_groups(store: Store, group_ids: list[str]) -> list[dict]:
    """The merged event of each group id, in the same order (see ``resolve.events.summarise``)."""
    reports = reads.group_reports(store, group_ids)
    by_group: dict[str, list[dict]] = {}
    for r in reports:
        by_group.setdefault(r["group_id"], []).append(r)
    actor_ids = {a for r in reports for a in (*r["source_actor_ids"], *r["target_actor_ids"])}
    names = reads.actor_names(store, sorted(actor_ids))
    canon = {i: n["id"] for i, n in names.items()}
    names.update({n["id"]: n for n in list(names.values())})  # merged ids are shown under their canonical id
    places = reads.places_by_ids(store, [r["place_id"] for r in reports if r["place_id"]])
    copies = reads.copy_relations(store, [r["article_id"] for r in reports])
    out = []
    for gid in group_ids:
        members = by_group.get(gid, [])
        if not members:
            continue
        merged = summarise(members, canon, copies)
        place = places.get(merged["place_id"])
        day = event_day(merged["date"], None) or min((r["day"] for r in members if r["day"]), default=None)
        out.append({
            "id": gid, **merged,
            "day": day, "when": period_label(merged["date"], day),
            "place": {k: place[k] for k in ("id", "name", "lat", "lon", "country")} if place else None,
            "source_actors": [names.get(a, {"id": a, "name": None, "kind": None}) for a in merged["source_actor_ids"]],
            "target_actors": [names.get(a, {"id": a, "name": None, "kind": None}) for a in merged["target_actor_ids"]],
            "sources": [{"event_id": r["id"], "article_id": r["article_id"], "title": r["article_title"],
                         "source": r["source"], "published": r["published"], "url": r["url"],
                         "start": r["start"], "end": r["end"], "evidence": r["evidence"],
                         "when": period_label(r["date"], r["published"]),
                         **{k: r[k] for k in REPORT_FIELDS},
                         "source_actor_ids": [canon.get(a, a) for a in r["source_actor_ids"]],
                         "target_actor_ids": [canon.get(a, a) for a in r["target_actor_ids"]]}
                        for r in members],
        })
    return out


def actor_group(store: Store, actor_id: str) -> list[str]:
    """An actor's id with the ids of every actor merged into it (what its events are stored under)."""
    found = reads.actor(store, actor_id)
    return [actor_id, *(found["merged_ids"] if found else ())]


def merged_events(store: Store, *, event_type: str | None = None, actor_ids: Sequence[str] = (),
                  place_ids: Sequence[str] = (), article_ids: Sequence[str] | None = None,
                  since: str | None = None, until: str | None = None, status: str | None = None,
                  limit: int = 100_000, offset: int = 0) -> list[dict]:
    """Events merged across the articles that report them, oldest first, each with its corroboration
    (independent sources), its reports (``sources``) and where they disagree. An event is included when
    any of its reports matches the filters; ``actor_ids`` match actors merged into them too."""
    return merged_events_page(store, event_type=event_type, actor_ids=actor_ids, place_ids=place_ids,
                              article_ids=article_ids, since=since, until=until, status=status,
                              limit=limit, offset=offset)["items"]


def merged_events_page(store: Store, *, event_type: str | None = None, actor_ids: Sequence[str] = (),
                       place_ids: Sequence[str] = (), article_ids: Sequence[str] | None = None,
                       since: str | None = None, until: str | None = None, status: str | None = None,
                       limit: int = 50, offset: int = 0, min_confidence: float | None = None) -> dict:
    """A page of :func:`merged_events` with the total number of merged events matching."""
    members = [m for a in actor_ids for m in actor_group(store, a)]
    places = list(place_ids)
    if len(places) > 1:
        raise InputError(",".join(places), "filter by one place at a time")
    groups, total = reads.event_groups(store, event_type, members, places[0] if places else None, since, until,
                                       status, article_ids, limit, offset, min_confidence=min_confidence)
    return _page(_merge_groups(store, [g["group_id"] for g in groups]), total, limit, offset)


def timeline_page(store: Store, event_type: str | None = None, actor: str | None = None,
                  place: str | None = None, since: str | None = None, until: str | None = None,
                  status: str | None = None, limit: int = 50, offset: int = 0,
                  min_confidence: float | None = DEFAULT_MIN_CONFIDENCE) -> dict:
    """Events merged across articles, oldest first, each with its corroboration count and reports."""
    page = merged_events_page(store, event_type=event_type, actor_ids=[actor] if actor else (),
                              place_ids=[place] if place else (), since=since, until=until, status=status,
                              limit=limit, offset=offset, min_confidence=min_confidence)
    for item in page["items"]:
        item["report_sources"] = sorted({r["source"] for r in item["sources"] if r["source"]})
    return page


def places_page(store: Store, search: str | None = None, located: bool = False, limit: int = 50,
                offset: int = 0) -> dict:
    rows, total = reads.places(store, search, located, limit, offset)
    return _page(rows, total, limit, offset)


def controls_page(store: Store, as_of: str | None = None, place: str | None = None, actor: str | None = None,
                  limit: int = 50, offset: int = 0) -> dict:
    """A page of control claims, newest first, up to ``as_of``."""
    rows, total = reads.controls(store, as_of, place, actor, limit, offset)
    return _page(_resolved_controllers(store, rows), total, limit, offset)


def control_map(store: Store, as_of: str | None = None) -> list[dict]:
    """Who holds each located place as of a date: the latest claim about each place up to then."""
    return _resolved_controllers(store, reads.latest_controls(store, as_of))


def _resolved_controllers(store: Store, rows: list[dict]) -> list[dict]:
    """Each claim's controller as the resolved actor: ``controller_id`` (canonical) and its name, never the
    name stored under a merged-away id nor an id."""
    names = reads.actor_names(store, sorted({r["controller_actor_id"] for r in rows if r["controller_actor_id"]}))
    for r in rows:
        actor = names.get(r["controller_actor_id"]) if r["controller_actor_id"] else None
        r["controller_id"] = actor["id"] if actor else None
        r["controller_name"] = actor_name(actor) if actor else None
        r["when"] = period_label(r["as_of"]) if r["as_of"] else period_label(None, r.get("claimed"))
    return rows


def event_map(store: Store, event_type: str | None = None, since: str | None = None,
              until: str | None = None) -> list[dict]:
    """Located places with how many matching events happened at each."""
    return reads.place_event_counts(store, event_type, since, until)


def actor_graph(store: Store, event_type: str | None = None, since: str | None = None, until: str | None = None,
                max_edges: int = 300) -> dict:
    """Actors as nodes, source→target edges weighted by how many events link them (heaviest kept)."""
    weights: Counter = Counter()
    lists = reads.merged_event_actor_lists(store, event_type, since, until)  # an event reported twice is one
    resolved = reads.actor_names(store, sorted({a for pair in lists for ids in pair for a in ids}))
    canon = {i: n["id"] for i, n in resolved.items()}  # one node per resolved actor, whatever its spellings
    for sources, targets in lists:
        for src in {canon.get(a, a) for a in sources}:
            for tgt in {canon.get(a, a) for a in targets}:
                if src != tgt:
                    weights[(src, tgt)] += 1
    kept = weights.most_common(max_edges)
    degree: Counter = Counter()
    for (src, tgt), n in kept:
        degree[src] += n
        degree[tgt] += n
    names = reads.actor_names(store, list(degree))
    nodes = [{"id": i, "name": actor_name(names.get(i)), "kind": names.get(i, {}).get("kind"),
              "weight": n} for i, n in degree.most_common()]
    edges = [{"source": src, "target": tgt, "weight": n} for (src, tgt), n in kept]
    return {"nodes": nodes, "edges": edges, "total_edges": len(weights)}


def search_all(store: Store, text: str, limit: int = 10) -> dict:
    """Articles (full text), actors (names and aliases) and quotes matching ``text``."""
    return {"query": text, "articles": articles_page(store, search=text, limit=limit),
            "actors": actors_page(store, search=text, limit=limit),
            "quotes": quotes_page(store, search=text, limit=limit)}


def web_stats(store: Store) -> dict:
    """The store's counts plus event types, actor kinds and sources (for filters and the home page); actors
    are counted resolved (ids merged into another actor are not counted again)."""
    found = stats(store)
    if "actors" in found["counts"]:
        found["counts"] = {**found["counts"], "actors": found["counts"]["actors"] - reads.merged_away_count(store)}
    return {**found, **reads.fact_counts(store)}


def find_actor(store: Store, ref: str | None) -> dict | None:
    """An actor by id, else the first whose name or an alias contains ``ref`` (for forms typed by people)."""
    if not ref:
        return None
    found = reads.actor(store, ref)
    if found:
        return found
    items, _ = reads.actors(store, search=ref, limit=1)
    return items[0] if items else None


def find_place(store: Store, ref: str | None) -> dict | None:
    """A place by id, else the first whose name contains ``ref``."""
    if not ref:
        return None
    found = reads.places_by_ids(store, [ref]).get(ref)
    if found:
        return found
    items, _ = reads.places(store, search=ref, limit=1)
    return items[0] if items else None


# -- stories ----------------------------------------------------------------------------------------


def _top_named(counts: dict[str, int], names: dict[str, dict], n: int) -> list[dict]:
    """The ``n`` most mentioned of ``counts`` under their current (canonical) id and name."""
    merged: Counter = Counter()
    for ref, count in counts.items():
        merged[(names.get(ref) or {"id": ref}).get("id", ref)] += count
    by_id = {v["id"]: v for v in names.values()}
    return [{"id": i, "name": (by_id.get(i) or {}).get("name"), "mentions": c}
            for i, c in sorted(merged.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _story_summaries(store: Store, rows: list[dict], top: int = 5) -> list[dict]:
    names = reads.actor_names(store, sorted({a for r in rows for a in r["actors"]}))
    places = reads.places_by_ids(store, sorted({p for r in rows for p in r["places"]}))
    return [{"id": r["id"], "title": r["title"], "article_id": r["article_id"],
             "first_published": r["first_published"], "last_published": r["last_published"], "size": r["size"],
             "top_actors": _top_named(r["actors"], names, top), "top_places": _top_named(r["places"], places, top)}
            for r in rows]


def stories_page(store: Store, min_size: int = 1, since: str | None = None, until: str | None = None,
                 limit: int = 50, offset: int = 0) -> dict:
    """A page of stories, latest first: title, period, size, top actors and places."""
    from .store import stories as story_reads

    rows, total = story_reads.stories(store, min_size, since, until, limit, offset)
    return _page(_story_summaries(store, rows), total, limit, offset)


def resolve_story_id(store: Store, ref: str) -> str:
    """A full story id from an id or an unambiguous prefix of one."""
    from .store import stories as story_reads

    return _only_match(ref, story_reads.find_story_ids(store, ref),
                       "no story has this id (run 'wirewatch stories --update' to assign articles)")


def story_view(store: Store, ref: str) -> dict:
    """One story: its summary and its articles (oldest first) with why each joined."""
    from .store import stories as story_reads

    story_id = resolve_story_id(store, ref)
    summary = _story_summaries(store, [story_reads.story(store, story_id)], top=10)[0]
    return {**summary, "articles": story_reads.story_members(store, story_id)}


# -- the analyst's app: default timeline window, where sources disagree, actor corrections, control --------

#: Events whose period ends this many days before the first stored article are background (pre-story).
BACKGROUND_DAYS = 365
#: How each field sources can disagree on is named in the app and reports.
DISPUTED_FIELDS = {"quantity": "how many", "date": "when", "source_actor": "who did it",
                   "status": "whether it happened", "place": "where", "target_actor": "against whom"}


def timeline_window(store: Store) -> dict:
    """The default timeline window: from ``BACKGROUND_DAYS`` before the first stored article on; earlier
    events are background, listed apart. ``start`` is None for an empty store."""
    from datetime import date, timedelta

    first, last = reads.published_bounds(store)
    if not first:
        return {"start": None, "first_published": None, "last_published": None}
    start = date.fromisoformat(str(first)[:10]) - timedelta(days=BACKGROUND_DAYS)
    return {"start": start.isoformat(), "first_published": str(first)[:10], "last_published": str(last)[:10]}


def background_events(store: Store, before: str, limit: int = 50, **filters) -> dict:
    """Merged events whose period starts before ``before`` (the default window's start), oldest first;
    ``filters`` as :func:`timeline_page` takes them (event_type, actor, place, status)."""
    from datetime import date, timedelta

    until = (date.fromisoformat(before) - timedelta(days=1)).isoformat()
    return timeline_page(store, until=until, limit=limit, **filters)


def disagreements_page(store: Store, limit: int = 50, offset: int = 0) -> dict:
    """Merged events whose sources disagree on numbers, dates, perpetrators or status, oldest first; each
    disagreement has its sides, each side its value, outlets and the reports (with evidence) giving it. The
    first page adds ``uncertain``: events an article reports in two ways (:func:`uncertain_events`), apart."""
    groups, total = reads.disputed_groups(store, limit, offset)
    events = with_disputes(store, _merge_groups(store, [g["group_id"] for g in groups]))
    page = _page([ev for ev in events if ev["disputes"]], total, limit, offset)
    page["uncertain"] = uncertain_events(store, limit) if not offset else []
    return page


#: How many events reported more than once by one article :func:`uncertain_events` looks through.
UNCERTAIN_SCAN = 200


def uncertain_events(store: Store, limit: int = 50) -> list[dict]:
    """Merged events that an article reports in two ways (e.g. that talks took place and that they did not):
    uncertain within one report, not a disagreement between sources. Only an article reporting an event twice
    can contradict itself, so the first ``UNCERTAIN_SCAN`` such events (oldest first) are looked at."""
    groups = reads.self_reported_groups(store, UNCERTAIN_SCAN)
    events = with_disputes(store, _merge_groups(store, groups))
    return [ev for ev in events if ev["uncertain_disputes"]][:limit]


def with_disputes(store: Store, events: list[dict]) -> list[dict]:
    """Add ``disputes`` to merged events: their disagreements with names for actor ids and labels for dates;
    and ``uncertain_disputes``, the same for differences only an article contradicting itself gives."""
    ids = {i for ev in events for d in ev["disagreements"] if d["field"] in ("source_actor", "target_actor")
           for v in d["values"] for i in str(v["value"] or "").split(",") if i}
    ids |= {i for ev in events for d in ev.get("uncertain") or () if d["field"] in ("source_actor", "target_actor")
            for v in d["values"] for i in str(v["value"] or "").split(",") if i}
    names = reads.actor_names(store, sorted(ids))
    for ev in events:
        ev["disputes"] = [_dispute(d, ev["sources"], names) for d in ev["disagreements"]]
        ev["uncertain_disputes"] = [_dispute(d, ev["sources"], names) for d in ev.get("uncertain") or ()]
    return events


def _dispute(d: dict, reports: list[dict], names: dict[str, dict]) -> dict:
    field = d["field"]
    sides = []
    for v in d["values"]:
        given = [r for r in reports if r["article_id"] in set(v["article_ids"])]
        if field == "date":
            given = [r for r in given if (r["date"] or "")[:10] == v["value"]] or given
        elif field == "status":
            given = [r for r in given if r["status"] == v["value"]] or given
        if field in ("source_actor", "target_actor"):
            shown = ", ".join(actor_name(names.get(i)) for i in str(v["value"] or "").split(",") if i)
        elif field == "date":
            shown = period_label(v["value"])
        else:
            shown = v["value"]
        sides.append({"value": shown if shown not in (None, "") else "not given",
                      "outlets": sorted({r["source"] or "unknown source" for r in given}), "reports": given})
    return {"field": field, "label": DISPUTED_FIELDS.get(field, field), "sides": sides}


def actor_profile(store: Store, actor_id: str, limit: int = 50) -> dict:
    """:func:`actor_view` for the actor page: roles with their article's title and date, quotes about the
    actor, co-occurring resolved actors, and the names merged into it (for split corrections)."""
    view = actor_view(store, actor_id, limit)
    group = [actor_id, *view["merged_ids"]]
    about, n_about = reads.quotes(store, about=group, limit=limit)
    speakers = reads.actor_names(store, [q["speaker_actor_id"] for q in about if q["speaker_actor_id"]])
    for q in about:
        q["speaker"] = speakers.get(q["speaker_actor_id"])
    articles = reads.article_summaries(store, [r["article_id"] for r in view["roles"] if r["article_id"]])
    roles = [{**r, "article": articles.get(r["article_id"]),
              "when": period_label(r["date"], (articles.get(r["article_id"]) or {}).get("published"))}
             for r in view["roles"]]
    members = reads.actor_rows(store, view["merged_ids"])
    merged_into = reads.actor_names(store, [view["merged_into"]]) if view.get("merged_into") else {}
    return {**view, "roles": roles, "quotes_about": _page(about, n_about, limit, 0),
            "related": reads.cooccurring_resolved(store, group),
            "members": [members[i] for i in view["merged_ids"] if i in members],
            "merged_into_actor": merged_into.get(view.get("merged_into"))}


def _sentence_around(window: str, span: str, offset: int | None) -> dict:
    """The sentence of ``window`` (text around a span) holding ``span``, cut in three: before, span, after."""
    at = offset if offset is not None and window[offset:offset + len(span)] == span else window.find(span)
    if at < 0 or not span:
        return {"before": "", "span": span, "after": ""}
    starts = [m.end() for m in re.finditer(r"[.!?][\"\u201d\u2019)]*\s+|\n", window[:at])]
    start = starts[-1] if starts else 0
    end_match = re.search(r"[.!?][\"\u201d\u2019)]*(?=\s|$)|\n", window[at + len(span):])
    end = at + len(span) + (end_match.end() if end_match else len(window) - at - len(span))
    return {"before": window[start:at].lstrip(), "span": span, "after": window[at + len(span):end].rstrip()}


def control_layer(store: Store, as_of: str | None = None) -> dict:
    """Who holds each located place as of a date, by the latest claim up to then, with every claim's evidence
    and outlet; a place is contested when sources name different controllers for it within the latest
    claims (or a claim says it is contested). ``dates`` are every claim date, for an "as of" slider."""
    claims = reads.control_claims(store, as_of)
    names = reads.actor_names(store, sorted({c["controller_id"] for c in claims if c["controller_id"]}))
    by_place: dict[str, list[dict]] = {}
    for c in claims:
        c["controller"] = names.get(c["controller_id"]) if c["controller_id"] else None
        c["controller_name"] = actor_name(c["controller"]) if c["controller_id"] else "unknown"
        c["when"] = period_label(c["as_of"], c["published"])
        c["sentence"] = _sentence_around(c.pop("window") or "", c["evidence"] or "", c["start"] - c.pop("window_start"))
        by_place.setdefault(c["place_id"], []).append(c)
    places = []
    for place_id, here in by_place.items():  # claims newest first: the latest ones say who holds it
        latest = here[0]
        current = [c for c in here if c["claimed"] == latest["claimed"]]
        holders = {c["controller_id"] for c in current if c["status"] != "lost"}
        contested = latest["status"] == "contested" or (
            len(holders) > 1 and len({c["source"] or c["article_id"] for c in current}) > 1)
        places.append({"place_id": place_id, "place_name": latest["place_name"], "lat": latest["lat"],
                       "lon": latest["lon"], "status": latest["status"], "controller": latest["controller"],
                       "controller_name": latest["controller_name"], "claimed": latest["claimed"],
                       "when": latest["when"], "contested": bool(contested), "holders": len(holders),
                       "claims": here})
    every = reads.control_claims(store)
    dates = sorted({str(c["claimed"])[:10] for c in every if c["claimed"]})
    return {"as_of": as_of, "places": sorted(places, key=lambda p: p["place_name"]), "dates": dates}
