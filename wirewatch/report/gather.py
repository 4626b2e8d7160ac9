"""Gather a situation report's content from the store: the articles in scope, then the key actors and their
roles, what each said, events with corroboration, places, who controls what, and where sources disagree."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timezone

from .. import query
from ..errors import InputError, WirewatchError
from ..labels import period_label
from ..periods import value_period
from ..resolve.quotes import group_quotes
from ..store import Store, reads, scope
from ..store import stories as story_reads
from .mapsvg import map_svg


@dataclass(frozen=True, slots=True)
class ReportScope:
    """What a report covers: one story, actor or place (or everything), between two dates."""

    story: str | None = None
    actor: str | None = None
    place: str | None = None
    since: str | None = None
    until: str | None = None


@dataclass(frozen=True, slots=True)
class ReportLimits:
    """How much of each section a report shows (the rest is counted, not listed)."""

    actors: int = 15
    roles_per_actor: int = 3
    speakers: int = 12
    quotes_per_speaker: int = 6
    events: int = 150
    places: int = 40
    map_labels: int = 15
    controls: int = 40
    earlier_claims: int = 4
    disagreements: int = 60
    values_per_disagreement: int = 8


def build_report(store: Store, where: ReportScope, limits: ReportLimits | None = None) -> dict:
    """Everything a situation report shows, as plain data (rendered by :mod:`.render`)."""
    limits = limits or ReportLimits()
    subject, article_ids = _articles_in_scope(store, where)
    meta = scope.article_meta(store, article_ids)
    events = _events(store, article_ids, where)
    places = _places(store, article_ids)
    disagreements = _disagreements(store, events, meta, limits.values_per_disagreement)
    sources = Counter(m["source"] or "unknown" for m in meta.values())
    published = sorted(m["published"] for m in meta.values() if m["published"])
    return {
        "title": f"Situation report: {subject['name']}",
        "subject": subject,
        "since": where.since, "until": where.until,
        "generated_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "period": {"first": published[0] if published else None, "last": published[-1] if published else None},
        "articles": {"count": len(article_ids),
                     "sources": [{"source": k, "articles": n} for k, n in sources.most_common()]},
        "actors": _actors(store, article_ids, limits),
        "quotes": _quotes(store, article_ids, meta, limits),
        "events": _shown_events(events, limits),
        "events_total": len(events),
        "disagreements": _best_corroborated(disagreements, limits.disagreements, lambda d: d["event"]),
        "disagreements_total": len(disagreements),
        "places": places[: limits.places],
        "places_total": len(places),
        "map_svg": map_svg(places, limits.map_labels),
        "controls": _controls(store, article_ids, where, limits),
    }


def _articles_in_scope(store: Store, where: ReportScope) -> tuple[dict, list[str]]:
    """The report's subject and the ids of the articles it covers."""
    chosen = [k for k in ("story", "actor", "place") if getattr(where, k)]
    if len(chosen) > 1:
        raise WirewatchError("give one of --story, --actor and --place")
    for value, flag in ((where.since, "--since"), (where.until, "--until")):
        _check_date(value, flag)
    if where.story:
        story_id = query.resolve_story_id(store, where.story)
        story = story_reads.story(store, story_id)
        ids = scope.scope_article_ids(store, article_ids=story_reads.story_article_ids(store, story_id),
                                      since=where.since, until=where.until)
        return {"kind": "story", "id": story_id, "name": story["title"] or story_id}, ids
    if where.actor:
        found = query.find_actor(store, where.actor)
        if not found:
            raise InputError(where.actor, "no actor has this id or name")
        actor_id = found.get("merged_into") or found["id"]
        actor = reads.actor(store, actor_id)
        ids = scope.scope_article_ids(store, actor_ids=[actor_id, *actor["merged_ids"]], since=where.since,
                                      until=where.until)
        return {"kind": "actor", "id": actor_id, "name": actor["name"]}, ids
    if where.place:
        found = query.find_place(store, where.place)
        if not found:
            raise InputError(where.place, "no place has this id or name")
        ids = scope.scope_article_ids(store, place_id=found["id"], since=where.since, until=where.until)
        return {"kind": "place", "id": found["id"], "name": found["name"]}, ids
    return ({"kind": "all", "id": None, "name": "all stored articles"},
            scope.scope_article_ids(store, since=where.since, until=where.until))


def _check_date(value: str | None, flag: str) -> None:
    if value is None:
        return
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        raise WirewatchError(f"{flag} {value!r}: not a date (use YYYY-MM-DD)") from None


def _actors(store: Store, article_ids: list[str], limits: ReportLimits) -> list[dict]:
    """The most mentioned actors with their kind and roles (latest first, distinct titles)."""
    counts = scope.actor_mentions(store, article_ids)
    top = sorted(counts, key=lambda a: (-len(counts[a]["articles"]), -counts[a]["mentions"], a))[: limits.actors]
    names = reads.actor_names(store, top)
    roles: dict[str, dict[tuple, dict]] = defaultdict(dict)
    in_scope = set(article_ids)
    for r in sorted(scope.actor_roles(store, top), key=lambda r: (r["article_id"] in in_scope, r["date"] or ""),
                    reverse=True):
        key = (r["title"].lower(), (r["organization"] or "").lower())
        roles[r["actor_id"]].setdefault(key, r)
    return [{"id": a, "name": (names.get(a) or {}).get("name") or a, "kind": (names.get(a) or {}).get("kind"),
             "mentions": counts[a]["mentions"], "articles": len(counts[a]["articles"]),
             "roles": [{k: r[k] for k in ("title", "organization", "country", "date")}
                       for r in list(roles[a].values())[: limits.roles_per_actor]]}
            for a in top]


def _quotes(store: Store, article_ids: list[str], meta: dict[str, dict], limits: ReportLimits) -> list[dict]:
    """Speakers with what each said: one quote per wording, with every article that carries it."""
    rows = scope.quotes_in(store, article_ids)
    groups = group_quotes(rows, lambda r: r["speaker_id"])
    by_speaker: dict[str | None, list[list[dict]]] = defaultdict(list)
    for group in groups:
        by_speaker[group[0]["speaker_id"]].append(group)
    order = sorted(by_speaker, key=lambda k: (k is None, -len(by_speaker[k]), k or ""))[: limits.speakers]
    names = reads.actor_names(store, [k for k in order if k])
    out = []
    for speaker in order:
        said = by_speaker[speaker]
        name = (names.get(speaker) or {}).get("name") if speaker else None
        out.append({
            "speaker_id": speaker,
            "speaker": name or _common(g[0]["speaker_text"] for g in said) or "unattributed",
            "total": len(said),
            "quotes": [{"text": g[0]["text"], "direct": bool(g[0]["direct"]), "cue": g[0]["cue"],
                        "speaker_text": g[0]["speaker_text"], "sources": _sources([r["article_id"] for r in g], meta)}
                       for g in said[: limits.quotes_per_speaker]],
        })
    return out


def _common(values) -> str | None:
    found = Counter(v for v in values if v)
    return found.most_common(1)[0][0] if found else None


def _sources(article_ids, meta: dict[str, dict]) -> list[dict]:
    """Distinct articles as {article_id, title, source, published, url}, oldest first."""
    rows = [{"article_id": i, **{k: (meta.get(i) or {}).get(k) for k in ("title", "source", "published", "url")}}
            for i in dict.fromkeys(article_ids)]
    return sorted(rows, key=lambda r: (r["published"] or "9999", r["article_id"]))


def _events(store: Store, article_ids: list[str], where: ReportScope) -> list[dict]:
    if not article_ids:
        return []
    return query.merged_events(store, article_ids=article_ids, since=where.since, until=where.until)


def _shown_events(events: list[dict], limits: ReportLimits) -> list[dict]:
    """Events in date order; when there are too many, the most corroborated ones (still in date order)."""
    return _best_corroborated(events, limits.events, lambda e: e)


def _best_corroborated(items: list[dict], n: int, event_of) -> list[dict]:
    """At most ``n`` of ``items``, those whose event is best corroborated, in their original order."""
    if len(items) <= n:
        return items
    keep = set(sorted(range(len(items)), key=lambda i: (-event_of(items[i])["corroboration"], i))[:n])
    return [x for i, x in enumerate(items) if i in keep]


def _disagreements(store: Store, events: list[dict], meta: dict[str, dict], values: int) -> list[dict]:
    """Each event where reports differ, per field: the values (actor ids named) with the sources giving each,
    the ``values`` most reported first."""
    found = [(ev, d) for ev in events for d in ev.get("disagreements") or ()]
    ids = {i for _, d in found if d["field"] == "source_actor" for v in d["values"] for i in str(v["value"]).split(",")}
    names = reads.actor_names(store, sorted(ids))

    def shown(field: str, value):
        if field == "date" and value:
            return period_label(value)
        if field != "source_actor" or value is None:
            return value
        return ", ".join((names.get(i) or {}).get("name") or "unnamed actor" for i in str(value).split(","))

    return [{"event": {k: ev.get(k) for k in ("id", "event_type", "date", "day", "when", "place", "source_actors",
                                              "target_actors", "corroboration")},
             "field": d["field"], "values_total": len(d["values"]),
             "values": [{"value": shown(d["field"], v["value"]), "sources": _sources(v["article_ids"], meta)}
                        for v in sorted(d["values"], key=lambda v: -len(v["article_ids"]))[:values]]}
            for ev, d in found]


def _places(store: Store, article_ids: list[str]) -> list[dict]:
    rows = scope.places_in(store, article_ids)
    return sorted(rows, key=lambda p: (-(p["mentions"] + p["events"]), p["name"]))


def _claim_day(claim: dict) -> tuple[date, date]:
    """The period a control claim speaks of (its as-of value, else the article's date), for ordering."""
    for value in (claim["claimed"], claim["published"]):
        found = value_period(value) if value else None
        if found:
            return found[1], found[0]
    return date.min, date.min


def _controls(store: Store, article_ids: list[str], where: ReportScope, limits: ReportLimits) -> list[dict]:
    """Per place: the latest claim of who controls it (as of when, according to whom) and earlier claims."""
    claims = sorted(scope.controls_in(store, article_ids), key=lambda c: (_claim_day(c), c["id"]), reverse=True)
    names = reads.actor_names(store, sorted({c["controller_id"] for c in claims if c["controller_id"]}))
    until = date.fromisoformat(where.until) if where.until else None
    by_place: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        if until and _claim_day(c)[1] > until:
            continue
        by_place[c["place_id"]].append({
            "controller": (names.get(c["controller_id"]) or {}).get("name") if c["controller_id"] else None,
            "status": c["status"], "as_of": period_label(c["as_of"], c["published"]), "article_id": c["article_id"],
            "confidence": c.get("confidence"),
            "title": c["article_title"], "source": c["source"], "published": c["published"],
            "place": c["place_name"], "day": _claim_day(c)})
    out = []
    for claims_here in by_place.values():
        latest, *earlier = claims_here
        controllers = {c["controller"] for c in claims_here}
        out.append({"place": latest["place"], "latest": latest, "earlier": earlier[: limits.earlier_claims],
                    "earlier_total": len(earlier), "contested": len(controllers) > 1})
    return sorted(out, key=lambda p: (p["latest"]["day"], p["place"]), reverse=True)[: limits.controls]
