"""Score actor extraction and cross-article resolution on the gold sets in tests/eval/actors/.

Gold format (JSONL, one passage a line): ``id``, ``published``, ``text`` (or ``file`` naming a seed
article), ``mentions`` [{text, kind, entity?, nth?}] and ``roles`` [{person, title, organization}].
A gold mention covers every whole-word occurrence of its text (longer mentions first), or only the
occurrences listed in ``nth``; ``entity`` names a person across passages for merge scoring.

Run: ``.venv/bin/python tests/eval/actors_scorer.py`` (prints the scores as JSON).
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from datetime import date
from itertools import combinations
from pathlib import Path

from wirewatch.extract.actors import extract_actors
from wirewatch.records import Article
from wirewatch.resolve.actors import ActorContext, ActorResolver

HERE = Path(__file__).resolve().parent / "actors"
SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "corpus" / "seeds"
KINDS = ("person", "organization", "state", "group")


def gold_spans(text: str, mentions: list[dict]) -> list[dict]:
    """Gold mentions with character offsets, longest texts claiming their occurrences first."""
    taken: list[tuple[int, int]] = []
    spans = []
    for m in sorted(mentions, key=lambda m: -len(m["text"])):
        hits = [h for h in re.finditer(rf"(?<!\w){re.escape(m['text'])}(?!\w)", text)
                if not any(h.start() < e and s < h.end() for s, e in taken)]
        for n, hit in enumerate(hits):
            if "nth" in m and n not in m["nth"]:
                continue
            taken.append((hit.start(), hit.end()))
            spans.append({**m, "start": hit.start(), "end": hit.end()})
    return sorted(spans, key=lambda s: s["start"])


def load_gold(name: str, seeds: Path = SEEDS) -> list[dict]:
    """Gold passages from ``tests/eval/actors/<name>``; seed rows need the seed directory."""
    rows = []
    for line in (HERE / name).read_text("utf-8").splitlines():
        row = json.loads(line)
        if "file" in row:
            if not (seeds / row["file"]).is_file():
                continue
            row["text"] = (seeds / row["file"]).read_text("utf-8")
        row["spans"] = gold_spans(row["text"], row["mentions"])
        rows.append(row)
    return rows


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"p": round(p, 3), "r": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def _org_ok(gold: str, pred: str | None) -> bool:
    gold, pred = (gold or "").lower(), (pred or "").lower()
    return gold == pred or bool(gold and pred and (gold in pred or pred in gold))


def _role_hits(row: dict, mentions, actors) -> tuple[int, int, int]:
    by_id = {a.id: a for a in actors}
    titles = full = 0
    for gold in row["roles"]:
        ids = {m.actor_id for m in mentions if m.text == gold["person"]}
        roles = [r for i in ids for r in by_id[i].roles]
        title = [r for r in roles if r.title.lower() == gold["title"].lower()]
        titles += bool(title)
        full += any(_org_ok(gold["organization"], r.organization) for r in title)
    return titles, full, len(row["roles"])


def score(nlp, rows: list[dict]) -> dict:
    """Mention P/R/F1 per kind (exact span and kind), role accuracy, pairwise merge P/R."""
    counts = {k: Counter() for k in (*KINDS, "all")}
    role_title = role_full = role_total = 0
    resolver, items = ActorResolver(), []
    docs = nlp.pipe(r["text"] for r in rows)
    for row, doc in zip(rows, docs):
        published = date.fromisoformat(row["published"]) if row.get("published") else None
        article = Article.create(row["text"], published=published)
        mentions, actors = extract_actors(doc, article)
        gold = {(s["start"], s["end"], s["kind"]) for s in row["spans"]}
        pred = {(m.start, m.end, m.kind) for m in mentions}
        for kind in (*KINDS, "all"):
            g = {x for x in gold if kind in ("all", x[2])}
            p = {x for x in pred if kind in ("all", x[2])}
            counts[kind].update(tp=len(g & p), fp=len(p - g), fn=len(g - p))
        t, f, n = _role_hits(row, mentions, actors)
        role_title, role_full, role_total = role_title + t, role_full + f, role_total + n
        items += _resolve(resolver, row, mentions, actors)
    return {
        "mentions": {k: _prf(c["tp"], c["fp"], c["fn"]) for k, c in counts.items()},
        "roles": {"title_acc": round(role_title / max(role_total, 1), 3),
                  "full_acc": round(role_full / max(role_total, 1), 3), "n": role_total},
        "merge": _pairwise(resolver, items),
    }


def _resolve(resolver: ActorResolver, row: dict, mentions, actors) -> list[tuple[str, str]]:
    """Feed the passage's actors to the resolver; return (actor id, gold entity) for gold people."""
    by_span = {(m.start, m.end): m.actor_id for m in mentions}
    entity_of = {by_span[(s["start"], s["end"])]: s["entity"] for s in row["spans"]
                 if s.get("entity") and (s["start"], s["end"]) in by_span}
    ids = frozenset(a.id for a in actors)
    for actor in actors:
        resolver.add(actor, ActorContext(ids - {actor.id}, actor.roles))
    return [(row["id"] + ":" + aid, ent) for aid, ent in entity_of.items()]


def _pairwise(resolver: ActorResolver, items: list[tuple[str, str]]) -> dict:
    tp = fp = fn = 0
    for (a, ea), (b, eb) in combinations(items, 2):
        same = resolver.canonical_id(a.split(":", 1)[1]) == resolver.canonical_id(b.split(":", 1)[1])
        tp += same and ea == eb
        fp += same and ea != eb
        fn += (not same) and ea == eb
    result = _prf(tp, fp, fn)
    return {"p": result["p"], "r": result["r"], "tp": tp, "fp": fp, "fn": fn}


def main() -> None:
    from wirewatch.nlp import load_nlp
    from wirewatch.settings import Settings

    nlp = load_nlp(Settings().model)
    names = sys.argv[1:] or ["passages.jsonl", "heldout.jsonl", "seeds_gold.jsonl"]
    report = {name: score(nlp, load_gold(name)) for name in names}
    print(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
