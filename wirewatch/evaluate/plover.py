"""Scores extract_events on PLOVER-coded records (JSON array or JSONL).

Each record has ``event`` or ``event_type``, ``text``, and ``source``/``target`` objects with
``actorText`` (optional ``mode``). Metrics: event type accuracy (some predicted event in the text
has the gold type) and actor text match (gold source and target texts overlap the mentions of
the predicted event's actors).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..extract.events import extract_events
from ..nlp import load_nlp
from ..records import Article
from ..settings import Settings
from .metrics import accuracy


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


def _actor_text(value) -> str:
    if isinstance(value, dict):
        return str(value.get("actorText") or value.get("text") or "")
    return str(value or "")


def _annotate(doc, text: str):
    """Events of one record, with each actor id's mention texts (actors module if available)."""
    from ..extract.actors import extract_actors

    article = Article.create(text, language="en")
    mentions, actors = extract_actors(doc, article)
    names: dict[str, set[str]] = {}
    for m in mentions:
        if m.actor_id:
            names.setdefault(m.actor_id, set()).add(m.text.lower())
    events = extract_events(doc, article, mentions, {a.id: a for a in actors}, {}, [])
    return events, names


def _overlaps(gold: str, ids: tuple[str, ...], names: dict[str, set[str]]) -> bool:
    g = gold.lower().strip()
    if not g:
        return not ids
    return any(t in g or g in t for i in ids for t in names.get(i, ()))


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".json", ".jsonl"))
    return [path]


def evaluate(path: Path, settings: Settings, limit: int | None = None) -> dict:
    """Score extract_events on the PLOVER records at ``path`` (a file or a folder)."""
    records, skipped = [], []
    for file in _files(Path(path)):
        found, bad = read_records(file)
        records += [r for r in found if r.get("text")]
        skipped += bad + [{"file": file.name, "reason": "record without text"} for r in found if not r.get("text")]
    records = records[:limit] if limit is not None else records
    nlp = load_nlp(settings.model, settings.verify_model)
    type_ok = actor_ok = 0
    for rec, doc in zip(records, nlp.pipe((r["text"] for r in records), batch_size=settings.batch_size)):
        events, names = _annotate(doc, rec["text"])
        gold_type = str(rec.get("event_type") or rec.get("event") or "").upper()
        typed = [e for e in events if e.event_type == gold_type]
        type_ok += bool(typed)
        src, tgt = _actor_text(rec.get("source")), _actor_text(rec.get("target"))
        actor_ok += any(_overlaps(src, e.source_actor_ids, names) and _overlaps(tgt, e.target_actor_ids, names)
                        for e in typed or events)
    total = len(records)
    metrics = [accuracy(name, total=total, correct=ok)
               for name, ok in (("event type accuracy", type_ok), ("actor text match", actor_ok))]
    return {"format": "plover", "documents": total, "metrics": metrics, "skipped": skipped}
