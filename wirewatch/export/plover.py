"""PLOVER-JSON: one record per event merged across sources, in the field names of the PLOVER specification.

The core fields follow the PLOVER gold-standard records (``id``, ``date``, ``source``/``target`` as lists of
``{actorText, code}``, ``event``, ``mode``, ``context``, ``eventText``, ``text``, ``language``,
``publication``, ``coder``, ``version``, ``dateCoded``); PLOVER's optional ``size`` carries the quantity.
wirewatch's additions sit under names PLOVER does not use: ``cameo``, ``status``, ``location``,
``corroboration``, ``disagreements`` and ``reports`` (every article reporting the event, with its span).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import IO

from .. import __version__
from ..query import merged_events
from ..store import Store, reads

BATCH = 500


def _actors(refs: list[dict], details: dict[str, dict]) -> list[dict]:
    out = []
    for ref in refs:
        actor = details.get(ref["id"], {})
        code = actor.get("code") or actor.get("country")
        out.append({"actorText": ref.get("name") or ref["id"], "actorId": ref["id"],
                    **({"code": code} if code else {}), **({"kind": actor["kind"]} if actor.get("kind") else {})})
    return out


def plover_records(store: Store) -> Iterator[dict]:
    """Every merged event as a PLOVER-JSON record, oldest first."""
    coded = date.today().isoformat()
    languages = reads.article_languages(store)
    offset = 0
    while True:
        batch = merged_events(store, limit=BATCH, offset=offset)
        if not batch:
            return
        offset += len(batch)
        ids = {a["id"] for e in batch for a in (*e["source_actors"], *e["target_actors"])}
        details = {i: reads.actor(store, i) or {} for i in ids}
        for event in batch:
            first = event["sources"][0]
            evidence = (first["evidence"] or "").strip()
            record = {
                "id": event["id"], "date": event["date"], "event": event["event_type"],
                "mode": event["mode"] or "", "context": "", "eventText": evidence,
                "source": _actors(event["source_actors"], details),
                "target": _actors(event["target_actors"], details),
                "text": evidence, "language": languages.get(first["article_id"]) or "en",
                "publication": first["source"] or "",
                "coder": "wirewatch", "version": __version__, "dateCoded": coded,
                "cameo": event["cameo"], "status": event["status"], "datePrecision": event["date_precision"],
                "corroboration": event["corroboration"], "disagreements": event["disagreements"],
                "reports": [{k: r[k] for k in ("article_id", "event_id", "source", "title", "url", "published",
                                               "start", "end", "evidence", "date", "status", "quantity")}
                            for r in event["sources"]],
            }
            if event["quantity"]:
                record["size"] = event["quantity"]
            if event["place"]:
                p = event["place"]
                record["location"] = {"placeName": p["name"], "lat": p["lat"], "lon": p["lon"],
                                      "countryCode": p["country"], "placeId": p["id"]}
            yield record


def export_plover(store: Store, out: IO[str]) -> int:
    """Write a JSON array of PLOVER records; return how many."""
    n = 0
    out.write("[")
    for record in plover_records(store):
        out.write(("\n" if n == 0 else ",\n") + json.dumps(record, ensure_ascii=False, default=str))
        n += 1
    out.write("\n]\n")
    return n
