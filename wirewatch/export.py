"""The canonical JSONL dump (one object per line, ``type`` names the record kind) and its import."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from .errors import InputError
from .records import make_id
from .resolve.linking import canonical_actors
from .resolve.quotes import group_quotes
from .store import Store

#: Fields of each record type, in output order; the first group is the stable contract.
ARTICLE = ("id", "title", "source", "url", "published", "language", "text", "author", "origin", "ingested_at")
MENTION = ("id", "article_id", "actor_id", "place_id", "start", "end", "text", "label", "kind", "confidence")
PLACE = ("id", "name", "lat", "lon", "country", "geonames_id", "feature", "source")
TIMEX = ("id", "article_id", "start", "end", "text", "value", "precision", "future")
QUOTE_SOURCE = ("id", "article_id", "start", "end", "text", "speaker_text", "speaker_start", "speaker_end",
                "speaker_actor_id", "cue")
CONTROL = ("id", "place_id", "controller_actor_id", "as_of", "status", "article_id", "start", "end")


def iter_records(store: Store) -> Iterator[dict]:
    """Every stored record as a canonical dict, articles first; actor ids are the resolved ones."""
    canon = store.canonical_map()

    def actor(actor_id: str | None) -> str | None:
        return canon.get(actor_id, actor_id) if actor_id else None

    for row in store.rows("articles"):
        yield {"type": "article", **{k: row[k] for k in ARTICLE}}
    for row in store.rows("relations"):
        yield {"type": "relation", "kind": row["kind"], "a": row["a"], "b": row["b"], "similarity": row["similarity"]}
    yield from _actors(store)
    for row in store.rows("mentions"):
        yield {"type": "mention", **{k: row[k] for k in MENTION}, "actor_id": actor(row["actor_id"])}
    for row in store.rows("places"):
        yield {"type": "place", **{k: row[k] for k in PLACE}}
    for row in store.rows("timexes"):
        yield {"type": "timex", **{k: row[k] for k in TIMEX}, "timex_type": row["type"]}
    for group in group_quotes(store.rows("quotes"), lambda r: actor(r["speaker_actor_id"])):
        first = group[0]
        yield {"type": "quote", "id": first["id"], "article_ids": sorted({r["article_id"] for r in group}),
               "text": first["text"], "speaker_actor_id": actor(first["speaker_actor_id"]),
               "speaker_text": first["speaker_text"], "direct": bool(first["direct"]),
               "start": first["start"], "end": first["end"], "cue": first["cue"],
               "sources": [{k: r[k] for k in QUOTE_SOURCE} for r in group]}
    for row in store.rows("events"):
        yield {"type": "event", "id": row["id"], "event_type": row["event_type"], "mode": row["mode"],
               "cameo": row["cameo"], "source_actor_ids": [actor(a) for a in row["source_actor_ids"]],
               "target_actor_ids": [actor(a) for a in row["target_actor_ids"]], "place_id": row["place_id"],
               "date": row["date"], "date_precision": row["date_precision"], "status": row["status"],
               "quantity": row["quantity"], "article_ids": [row["article_id"]], "confidence": row["confidence"],
               "evidence": [{"article_id": row["article_id"], "start": row["start"], "end": row["end"]}]}
    for row in store.rows("controls"):
        yield {"type": "control", **{k: row[k] for k in CONTROL},
               "controller_actor_id": actor(row["controller_actor_id"]), "article_ids": [row["article_id"]]}


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


def geojson_features(store: Store) -> Iterator[dict]:
    """Located places (with how many mentions name them) and events at a located place, as GeoJSON features."""
    mentions: dict[str, int] = defaultdict(int)
    for row in store.rows("mentions"):
        if row["place_id"]:
            mentions[row["place_id"]] += 1
    located = {}
    for row in store.rows("places"):
        if row["lat"] is None or row["lon"] is None:
            continue
        located[row["id"]] = row
        yield _feature(row, {"record": "place", **{k: row[k] for k in PLACE if k not in ("lat", "lon")},
                             "mentions": mentions[row["id"]]})
    canon = store.canonical_map()
    for row in store.rows("events"):
        place = located.get(row["place_id"])
        if place:
            yield _feature(place, {"record": "event", "id": row["id"], "event_type": row["event_type"],
                                   "cameo": row["cameo"], "date": row["date"], "status": row["status"],
                                   "place_id": row["place_id"], "article_id": row["article_id"],
                                   "source_actor_ids": [canon.get(a, a) for a in row["source_actor_ids"]],
                                   "target_actor_ids": [canon.get(a, a) for a in row["target_actor_ids"]]})


def _feature(place: dict, properties: dict) -> dict:
    return {"type": "Feature", "geometry": {"type": "Point", "coordinates": [place["lon"], place["lat"]]},
            "properties": properties}


def export_geojson(store: Store, out: IO[str]) -> int:
    """Write a GeoJSON FeatureCollection of places and located events; return the number of features."""
    features = list(geojson_features(store))
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False)
    out.write("\n")
    return len(features)


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
        ev = record["evidence"][0]
        yield "events", {**{k: record.get(k) for k in ("id", "event_type", "cameo", "mode", "source_actor_ids",
                                                       "target_actor_ids", "place_id", "date", "date_precision",
                                                       "status", "quantity", "confidence")},
                         "article_id": ev["article_id"], "start": ev["start"], "end": ev["end"]}
    elif kind == "control":
        yield "controls", {k: record.get(k) for k in CONTROL}
    else:
        raise ValueError(f"unknown record type {kind!r}")


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
             "quotes", "events", "controls")
    for table in order:
        store.import_rows(table, pending.get(table, []))
    return dict(counts)
