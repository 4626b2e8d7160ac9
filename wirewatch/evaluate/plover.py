"""Scores extract_events on PLOVER-coded records (JSON array or JSONL).

Each record has ``event`` or ``event_type``, ``text``, and ``source``/``target`` objects with
``actorText`` (optional ``mode``). The gold type is one per sentence; type names of PLOVER 0.5b1
(FIGHT, DEMAND, DISAPPROVE, INVESTIGATE…) are mapped to the current ones (ASSAULT, REQUEST,
ACCUSE…) as the PLOVER codebook renamed them. Metrics:

- PLOVER type: recall = share of sentences where some coded event has the gold type; precision =
  coded events of the gold type / all coded events (events coded as denied, "refused to deploy",
  are claims that nothing happened and are not counted, as PETRARCH codes nothing for them);
- the same for our own patterns only (the baseline of the same run) and per source of the coding
  (own patterns, PETRARCH2's CAMEO dictionary, both), and by confidence threshold;
- event type accuracy and actor text match (gold source and target texts overlap the mentions of
  the predicted event's actors).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..extract.events import extract_events
from ..extract.petrarch_dicts import PLOVER_RENAMED
from ..nlp import load_nlp
from ..query import DEFAULT_MIN_CONFIDENCE
from ..records import Article, Event
from ..settings import Settings
from .metrics import accuracy, prf

THRESHOLDS = (0.0, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8)
ORIGINS = ("own", "cameo", "both")


def read_records(path: Path) -> tuple[list[dict], list[dict]]:
    """Records from a JSON array or JSON lines file, and the lines that could not be read."""
    text = path.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
        return (data if isinstance(data, list) else [data]), []
    except json.JSONDecodeError:
        pass
    records, skipped = [], []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                records.append(json.loads(line))
            except json.JSONDecodeError as exc:
                skipped.append({"file": f"{path.name}:{n}", "reason": f"not JSON ({exc.msg})"})
    return records, skipped


def gold_type(rec: dict) -> str:
    """The record's PLOVER type under its current name."""
    raw = str(rec.get("event_type") or rec.get("event") or "").upper()
    return PLOVER_RENAMED.get(raw, raw)


VERBAL = {"AGREE", "THREATEN", "REQUEST", "ACCUSE", "REJECT", "SUPPORT"}
HOSTILE = {"ASSAULT", "COERCE", "SANCTION", "MOBILIZE", "PROTEST"}


def plover_type(event: Event) -> str:
    """The type PLOVER gives a coded event. wirewatch keeps the action's own type with its status
    ("will provide aid": AID, planned); PLOVER, like CAMEO, codes an announced intention as the
    promise or the threat it is: a planned cooperative act is AGREE, a planned or conditional
    hostile act THREATEN."""
    kind = event.event_type
    if kind in VERBAL:
        return kind
    if event.status == "planned":
        return "THREATEN" if kind in HOSTILE else "AGREE"
    if event.status == "hypothetical" and kind in HOSTILE:
        return "THREATEN"
    return kind


def _actor_texts(value) -> list[str]:
    if isinstance(value, list):
        return [t for v in value for t in _actor_texts(v)]
    if isinstance(value, dict):
        return [str(value.get("actorText") or value.get("text") or "")]
    return [str(value or "")]


def annotate(doc, text: str, cameo: bool = True) -> tuple[list[Event], dict[str, set[str]]]:
    """Events of one record, with each actor id's mention texts."""
    from ..extract.actors import extract_actors

    article = Article.create(text, language="en")
    mentions, actors = extract_actors(doc, article)
    names: dict[str, set[str]] = {}
    for m in mentions:
        if m.actor_id:
            names.setdefault(m.actor_id, set()).add(m.text.lower())
    events = extract_events(doc, article, mentions, {a.id: a for a in actors}, {}, [], cameo=cameo)
    return events, names


def _overlaps(gold: list[str], ids: tuple[str, ...], names: dict[str, set[str]]) -> bool:
    golds = [g.lower().strip() for g in gold if g.strip()]
    if not golds:
        return True
    return any(t in g or g in t for g in golds for i in ids for t in names.get(i, ()))


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".json", ".jsonl"))
    return [path]


def load_records(path: Path) -> tuple[list[dict], list[dict]]:
    """The records with text at ``path`` (a file or a folder), and what was skipped."""
    records, skipped = [], []
    for file in _files(Path(path)):
        found, bad = read_records(file)
        records += [r for r in found if r.get("text")]
        skipped += bad + [{"file": file.name, "reason": "record without text"} for r in found if not r.get("text")]
    return records, skipped


def score(rows: list[tuple[dict, list[Event], dict[str, set[str]]]], label: str = "") -> list[dict]:
    """PLOVER type P/R (see the module doc) over (record, events, names) rows, by confidence
    threshold and by source when ``label`` is empty (the main run)."""
    out = []
    for threshold in (THRESHOLDS if not label else (0.0, DEFAULT_MIN_CONFIDENCE)):
        found = coded = right = 0
        for rec, events, _ in rows:
            kept = [e for e in events if (e.confidence or 0) >= threshold and e.status != "denied"]
            typed = [e for e in kept if plover_type(e) == gold_type(rec)]
            found += bool(typed)
            coded += len(kept)
            right += len(typed)
        name = f"PLOVER type{label}" + (f" @conf≥{threshold:g}" if threshold else "")
        m = prf(name, gold=len(rows), predicted=coded, matched=right)
        m["recall"] = round(found / len(rows), 4) if rows else 0.0  # per sentence
        p, r = m["precision"], m["recall"]
        m["f1"] = round(2 * p * r / (p + r), 4) if p + r else 0.0
        out.append(m)
    if not label:
        for origin in ORIGINS:
            events = [(rec, e) for rec, evs, _ in rows for e in evs if e.origin == origin and e.status != "denied"]
            right = sum(plover_type(e) == gold_type(rec) for rec, e in events)
            alone = sum(1 for rec, evs, _ in rows
                        if any(plover_type(e) == gold_type(rec) and e.origin == origin for e in evs)
                        and not any(plover_type(e) == gold_type(rec) and e.origin != origin for e in evs))
            out.append(accuracy(f"coded by {origin}: right type (events)", total=len(events), correct=right))
            out.append(accuracy(f"coded by {origin}: sentences found by it alone", total=len(rows), correct=alone))
    return out


def actor_match(rows: list[tuple[dict, list[Event], dict[str, set[str]]]]) -> list[dict]:
    type_ok = actor_ok = 0
    for rec, events, names in rows:
        typed = [e for e in events if plover_type(e) == gold_type(rec) and e.status != "denied"]
        type_ok += bool(typed)
        src, tgt = _actor_texts(rec.get("source")), _actor_texts(rec.get("target"))
        actor_ok += any(_overlaps(src, e.source_actor_ids, names) and _overlaps(tgt, e.target_actor_ids, names)
                        for e in typed)
    total = len(rows)
    return [accuracy(name, total=total, correct=ok)
            for name, ok in (("event type accuracy", type_ok), ("actor text match", actor_ok))]


def evaluate(path: Path, settings: Settings, limit: int | None = None) -> dict:
    """Score extract_events on the PLOVER records at ``path`` (a file or a folder), with our own
    patterns and PETRARCH2's CAMEO dictionary together and, as the baseline, our patterns alone."""
    records, skipped = load_records(Path(path))
    records = [r for r in records if gold_type(r) != "DOCUMENT"]
    records = records[:limit] if limit is not None else records
    nlp = load_nlp(settings.model, settings.verify_model)
    docs = list(nlp.pipe((r["text"] for r in records), batch_size=settings.batch_size))
    rows = [(rec, *annotate(doc, rec["text"])) for rec, doc in zip(records, docs)]
    own = [(rec, *annotate(doc, rec["text"], cameo=False)) for rec, doc in zip(records, docs)]
    metrics = score(rows) + score(own, " (own patterns only)") + actor_match(rows)
    return {"format": "plover", "documents": len(records), "metrics": metrics, "skipped": skipped}
