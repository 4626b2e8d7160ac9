"""Scores extract_events on gold JSONL: triple P/R on (source text, target text, PLOVER type).

Each line: {"text", "published", "events": [{"source", "target", "type", "cameo", "status",
"quantity"?}]} ("" for a missing participant). A predicted actor matches a gold text when one of its
mention texts (or its name) overlaps the gold text; a state also matches the places of its country
the text names, since a place in an event's slot is coded as its country ("shelled Kharkiv": Ukraine). CONSULT, COOPERATE and AGREE are symmetric: their
pairs are compared in either order. An event's source paired with itself is no triple. Status and
quantity accuracy are measured on matched triples (quantity: where the gold gives one).
Run: .venv/bin/python tests/eval/events_scorer.py tests/eval/events/own.jsonl
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

from wirewatch.extract.actors import extract_actors
from wirewatch.extract.events import extract_events, implied_actors
from wirewatch.extract.places import extract_places
from wirewatch.extract.times import extract_times
from wirewatch.records import Article

SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}


def annotate(nlp, text: str, published: date | None):
    """Run the upstream stages and extract_events; returns (events, actor id → texts)."""
    article = Article.create(text, published=published, language="en")
    doc = nlp(text)
    mentions, actors = extract_actors(doc, article)
    place_mentions, places = extract_places(doc, article)
    times = extract_times(doc, article)
    by_id = {a.id: a for a in actors}
    by_place = {p.id: p for p in places}
    events = extract_events(doc, article, mentions + place_mentions, by_id, by_place, times)
    actors = actors + implied_actors(events, by_id)
    names: dict[str, set[str]] = {a.id: {a.name.lower(), *(x.lower() for x in a.aliases)} for a in actors}
    for m in mentions:
        if m.actor_id:
            names.setdefault(m.actor_id, set()).add(m.text.lower())
    for a in actors:
        if a.kind == "state" and a.code == a.country:
            names[a.id] |= {m.text.lower() for m in place_mentions
                            if m.place_id in by_place and by_place[m.place_id].country == a.code}
    return events, names


def _overlap(gold: str, texts: set[str]) -> bool:
    g = gold.lower()
    return any(t and (g in t or t in g) for t in texts) if g else not texts


def predicted_triples(events, names) -> list[tuple[set[str], set[str], str, str, str | None]]:
    """(source texts, target texts, type, status, quantity) for each source × target of each event."""
    out = []
    for e in events:
        row = (e.event_type, e.status, e.quantity)
        sources = [names.get(a, set()) for a in e.source_actor_ids] or [set()]
        if not e.target_actor_ids and e.event_type in SYMMETRIC and len(sources) > 1:
            out += [(s, t, *row) for i, s in enumerate(sources) for t in sources[i + 1:]]
            continue
        pairs = [(s, t) for s in e.source_actor_ids or [None] for t in e.target_actor_ids or [None] if s != t]
        out += [(names.get(s, set()), names.get(t, set()), *row) for s, t in pairs]
    return out


def _quantity(text: str | None) -> str:
    return " ".join((text or "").lower().replace(",", "").split())


def _matches(gold: dict, pred: tuple) -> bool:
    s, t, kind = pred[:3]
    if gold["type"] != kind:
        return False
    direct = _overlap(gold["source"], s) and _overlap(gold["target"], t)
    swapped = kind in SYMMETRIC and _overlap(gold["source"], t) and _overlap(gold["target"], s)
    return direct or swapped


def _items(path: Path, seeds: Path | None):
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            if "seed" in item:
                item["text"] = (seeds / item["seed"]).read_text(encoding="utf-8")
            yield item


def score_file(nlp, path: Path, seeds: Path | None = None, min_confidence: float | None = None) -> dict:
    """Triple precision/recall/F1 and status accuracy on matched triples, over the events a user
    sees by default (confidence at least ``min_confidence``, default the shipped
    ``query.DEFAULT_MIN_CONFIDENCE``; 0 for every event coded).

    Lines with "seed" (instead of "text") name an article in the ``seeds`` folder."""
    from wirewatch.query import DEFAULT_MIN_CONFIDENCE

    floor = DEFAULT_MIN_CONFIDENCE if min_confidence is None else min_confidence
    gold_n = pred_n = matched = status_ok = quantity_n = quantity_ok = 0
    for item in _items(path, seeds):
        published = date.fromisoformat(item["published"]) if item.get("published") else None
        events, names = annotate(nlp, item["text"], published)
        events = [e for e in events if e.confidence is None or e.confidence >= floor]
        preds = predicted_triples(events, names)
        gold_n += len(item["events"])
        pred_n += len(preds)
        free = list(preds)
        for g in item["events"]:
            hit = next((p for p in free if _matches(g, p)), None)
            if hit is not None:
                free.remove(hit)
                matched += 1
                status_ok += hit[3] == g.get("status", "happened")
                if g.get("quantity"):
                    quantity_n += 1
                    quantity_ok += _quantity(hit[4]) == _quantity(g["quantity"])
    p = matched / pred_n if pred_n else 0.0
    r = matched / gold_n if gold_n else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "status_accuracy": round(status_ok / matched, 4) if matched else 0.0,
            "quantity_accuracy": round(quantity_ok / quantity_n, 4) if quantity_n else 0.0,
            "gold": gold_n, "predicted": pred_n, "matched": matched, "quantities": quantity_n}


if __name__ == "__main__":
    from wirewatch.nlp import load_nlp
    from wirewatch.settings import Settings

    model = load_nlp(Settings().model)
    seed_dir = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds"
    for arg in sys.argv[1:]:
        print(arg, json.dumps(score_file(model, Path(arg), seed_dir)))
