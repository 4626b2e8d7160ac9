"""The canonical JSONL dump (one object per line, ``type`` names the record kind) and its import."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Collection, Iterator
from pathlib import Path
from typing import IO

from ..errors import InputError
from ..records import make_id
from ..resolve.linking import canonical_actors
from ..query import merged_events
from ..resolve.events import index_events
from ..resolve.quotes import group_quotes
from ..store import Store, reads

#: Fields of each record type, in output order; the first group is the stable contract.
ARTICLE = ("id", "title", "source", "url", "published", "language", "text", "author", "origin", "ingested_at",
           "dateline", "title_derived")
MENTION = ("id", "article_id", "actor_id", "place_id", "start", "end", "text", "label", "kind", "confidence")
PLACE = ("id", "name", "lat", "lon", "country", "geonames_id", "feature", "source", "official", "linear")
TIMEX = ("id", "article_id", "start", "end", "text", "value", "precision", "future")
QUOTE_SOURCE = ("id", "article_id", "start", "end", "text", "speaker_text", "speaker_start", "speaker_end",
                "speaker_actor_id", "cue", "kind")
CONTROL = ("id", "place_id", "controller_actor_id", "as_of", "status", "article_id", "start", "end", "confidence")


#: Record types in the order the dump writes them.
RECORD_TYPES = ("article", "relation", "actor", "mention", "place", "timex", "quote", "event", "control", "story")
#: Fields of a story record: its summary, its articles oldest first with why each joined (``members``), and
#: its most mentioned resolved actors and places. Stories are derived: an import skips them (run
#: ``wirewatch stories --rebuild`` after importing).
STORY = ("id", "title", "article_id", "first_published", "last_published", "size", "article_ids", "members",
         "actor_ids", "place_ids")


def iter_records(store: Store, types: Collection[str] | None = None) -> Iterator[dict]:
    """Every stored record as a canonical dict, articles first; actor ids are the resolved ones.

    ``types`` keeps only those record types (e.g. ``{"event"}`` for the actor network).
    """
    want = set(RECORD_TYPES if types is None else types)
    unknown = want - set(RECORD_TYPES)
    if unknown:
        raise ValueError(f"unknown record types: {', '.join(sorted(unknown))}")
    canon = store.canonical_map()
    languages = reads.article_languages(store) if want & {"mention", "timex", "quote", "event", "control"} else {}

    def actor(actor_id: str | None) -> str | None:
        return canon.get(actor_id, actor_id) if actor_id else None

    if "article" in want:
        for row in store.rows("articles"):
            yield {"type": "article", **{k: row[k] for k in ARTICLE}}
    if "relation" in want:
        for row in store.rows("relations"):
            yield {"type": "relation", "kind": row["kind"], "a": row["a"], "b": row["b"],
                   "similarity": row["similarity"]}
    if "actor" in want:
        yield from _actors(store)
    if "mention" in want:
        for row in store.rows("mentions"):
            yield {"type": "mention", **{k: row[k] for k in MENTION}, "actor_id": actor(row["actor_id"]),
                   "language": languages.get(row["article_id"])}
    if "place" in want:
        for row in store.rows("places"):
            yield {"type": "place", **{k: row[k] for k in PLACE}}
    if "timex" in want:
        for row in store.rows("timexes"):
            yield {"type": "timex", **{k: row[k] for k in TIMEX}, "timex_type": row["type"],
                   "language": languages.get(row["article_id"])}
    if "quote" in want:
        yield from _with_languages(_quotes(store, actor), languages)
    if "event" in want:
        yield from _with_languages(_events(store), languages)
    if "control" in want:
        for row in store.rows("controls"):
            yield {"type": "control", **{k: row[k] for k in CONTROL},
                   "controller_actor_id": actor(row["controller_actor_id"]), "article_ids": [row["article_id"]],
                   "language": languages.get(row["article_id"])}
    if "story" in want:
        yield from _stories(store, actor)


def _with_languages(records: Iterator[dict], languages: dict[str, str]) -> Iterator[dict]:
    """Quotes and events with the language of each source (``sources``/``reports``): the language its
    article was read in; the record's own ``language`` is its first source's, ``languages`` all of them."""
    for record in records:
        parts = record.get("sources") or record.get("reports") or []
        for part in parts:
            part["language"] = languages.get(part["article_id"])
        seen = [p["language"] for p in parts if p["language"]]
        record["language"] = seen[0] if seen else None
        record["languages"] = sorted(set(seen))
        yield record


def _stories(store: Store, actor: Callable[[str | None], str | None], top: int = 10) -> Iterator[dict]:
    """Stories, latest first, each with its articles (oldest first, with score and reason) and its most
    mentioned resolved actors and places."""
    from ..store import stories as story_reads

    offset = 0
    while True:
        rows, _ = story_reads.stories(store, limit=500, offset=offset)
        if not rows:
            return
        offset += len(rows)
        for row in rows:
            members = story_reads.story_members(store, row["id"])
            actors: dict[str, int] = {}
            for ref, n in (row["actors"] or {}).items():
                actors[actor(ref)] = actors.get(actor(ref), 0) + n
            yield {"type": "story", "id": row["id"], "title": row["title"], "article_id": row["article_id"],
                   "first_published": row["first_published"], "last_published": row["last_published"],
                   "size": row["size"], "article_ids": [m["id"] for m in members],
                   "members": [{"article_id": m["id"], "score": m["score"], "reason": m["reason"]} for m in members],
                   "actor_ids": _most(actors, top), "place_ids": _most(row["places"] or {}, top)}


def _most(counts: dict[str, int], n: int) -> list[str]:
    return [k for k, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def _quotes(store: Store, actor: Callable[[str | None], str | None]) -> Iterator[dict]:
    for group in group_quotes(store.rows("quotes"), lambda r: actor(r["speaker_actor_id"])):
        first = group[0]
        yield {"type": "quote", "id": first["id"], "article_ids": sorted({r["article_id"] for r in group}),
               "text": first["text"], "speaker_actor_id": actor(first["speaker_actor_id"]),
               "speaker_text": first["speaker_text"], "direct": bool(first["direct"]),
               "start": first["start"], "end": first["end"], "cue": first["cue"], "kind": first["kind"],
               "sources": [{k: r[k] for k in QUOTE_SOURCE} for r in group]}


#: Fields of a merged event record, then of each of its reports (one per article span).
EVENT = ("id", "event_type", "mode", "cameo", "source_actor_ids", "target_actor_ids", "place_id", "date",
         "date_precision", "status", "quantity", "corroboration", "article_ids", "disagreements")
EVENT_REPORT = ("event_id", "article_id", "start", "end", "event_type", "cameo", "mode", "source_actor_ids",
                "target_actor_ids", "place_id", "date", "date_precision", "day", "status", "quantity", "confidence")


def _events(store: Store) -> Iterator[dict]:
    """Events merged across the articles reporting them, each with every report (``reports``)."""
    offset = 0
    while batch := merged_events(store, limit=1000, offset=offset):
        offset += len(batch)
        for event in batch:
            yield {"type": "event", **{k: event[k] for k in EVENT},
                   "reports": [{k: r[k] for k in EVENT_REPORT} for r in event["sources"]]}


def _actors(store: Store) -> Iterator[dict]:
    for actor in canonical_actors(store).values():
        roles = sorted(actor.roles, key=lambda r: (r.date or "", r.article_id or "", r.start or 0, r.title))
        yield {"type": "actor", "id": actor.id, "name": actor.name, "kind": actor.kind, "country": actor.country,
               "code": actor.code, "aliases": sorted(actor.aliases),
               "roles": [{"title": r.title, "organization": r.organization, "country": r.country,
                          "article_id": r.article_id, "date": r.date, "start": r.start, "end": r.end}
                         for r in roles]}


def export_jsonl(store: Store, out: IO[str]) -> int:
    """Write the canonical dump; return the number of records written."""
    n = 0
    for record in iter_records(store):
        out.write(json.dumps(record, ensure_ascii=False, sort_keys=False) + "\n")
        n += 1
    return n


def _rows(record: dict) -> Iterator[tuple[str, dict]]:
    kind = record.get("type")
    if kind == "article":
        yield "articles", {k: record.get(k) for k in ARTICLE}
    elif kind == "relation":
        yield "relations", {k: record[k] for k in ("a", "b", "kind", "similarity")}
    elif kind == "actor":
        yield "actors", {k: record.get(k) for k in ("id", "name", "kind", "country", "code")}
        for alias in [record["name"], *record.get("aliases", [])]:
            yield "actor_aliases", {"actor_id": record["id"], "alias": alias}
        for role in record.get("roles", []):
            yield "roles", {"id": make_id("role", record["id"], role.get("article_id"), role.get("start"),
                                          role.get("end"), role["title"]), "actor_id": record["id"], **role}
    elif kind == "mention":
        yield "mentions", {k: record.get(k) for k in MENTION}
    elif kind == "place":
        yield "places", {k: record.get(k) for k in PLACE}
    elif kind == "timex":
        yield "timexes", {**{k: record.get(k) for k in TIMEX}, "type": record.get("timex_type")}
    elif kind == "quote":
        for source in record["sources"]:
            yield "quotes", {**{k: source.get(k) for k in QUOTE_SOURCE}, "direct": record["direct"]}
    elif kind == "event":
        for report in record.get("reports") or [_report_of_single(record)]:
            row = {k: report.get(k) for k in EVENT_REPORT if k != "event_id"}
            yield "events", {**row, "id": report["event_id"]}
            yield "event_groups", {"event_id": report["event_id"], "group_id": record["id"],
                                   "article_id": report["article_id"]}
    elif kind == "control":
        yield "controls", {k: record.get(k) for k in CONTROL}
    elif kind == "story":
        return  # derived from the articles: ``wirewatch stories --rebuild`` recomputes them
    else:
        raise ValueError(f"unknown record type {kind!r}")


def _report_of_single(record: dict) -> dict:
    """The one report of an event record written before events were merged (``evidence`` list)."""
    evidence = record["evidence"][0]
    return {**record, "event_id": record["id"], "article_id": evidence["article_id"],
            "start": evidence["start"], "end": evidence["end"]}


def import_jsonl(store: Store, path: Path) -> dict[str, int]:
    """Load a canonical dump into the store (records already present are kept); count rows by table."""
    pending: dict[str, list[dict]] = defaultdict(list)
    counts: dict[str, int] = defaultdict(int)
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot open ({exc.strerror})") from None
    with handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                for table, row in _rows(json.loads(line)):
                    pending[table].append(row)
                    counts[table] += 1
            except (ValueError, KeyError, IndexError, TypeError) as exc:
                raise InputError(f"{path}:{lineno}", f"not a wirewatch record ({exc})") from None
    order = ("articles", "relations", "actors", "actor_aliases", "roles", "places", "mentions", "timexes",
             "quotes", "events", "event_groups", "controls")
    for table in order:
        store.import_rows(table, pending.get(table, []))
    index_events(store, sorted({r["article_id"] for r in pending.get("events", [])}))
    counts.pop("event_groups", None)
    return dict(counts)
