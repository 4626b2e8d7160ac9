"""CoNLL-2003 NER: exact-span entity P/R/F1 per type for the pipeline's actor and place mentions.

The reader takes the four-column CoNLL-2003 layout (token, POS, chunk, NER) or any layout whose
last column is the tag, IOB1 or IOB2, with ``-DOCSTART-`` lines between documents. Tokens are joined
with single spaces and sentences with newlines, so gold spans become character offsets in a text the
pipeline can read. Mention labels map to CoNLL types: PERSON→PER, ORG→ORG, GPE/LOC/FAC→LOC,
NORP→MISC; other labels are not scored.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..records import Article
from ..settings import Settings
from .metrics import prf

LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "NORP": "MISC"}
TYPES = ("PER", "ORG", "LOC", "MISC")


@dataclass
class ConllDoc:
    """One document: its text and gold entities as (start, end, type)."""

    name: str
    text: str = ""
    entities: list[tuple[int, int, str]] = field(default_factory=list)


def _spans(tokens: list[tuple[str, str]], base: int) -> tuple[str, list[tuple[int, int, str]]]:
    """Join a sentence's tokens and decode IOB1/IOB2 tags into character spans."""
    text, spans, offset = [], [], base
    current: list | None = None
    for token, tag in tokens:
        start, end = offset, offset + len(token)
        prefix, _, kind = tag.partition("-")
        if prefix == "O" or not kind:
            current = None
        elif prefix == "B" or current is None or current[2] != kind:
            current = [start, end, kind]
            spans.append(current)
        else:
            current[1] = end
        text.append(token)
        offset = end + 1
    return " ".join(text), [tuple(s) for s in spans]


def read_conll(path: Path) -> list[ConllDoc]:
    """Documents of a CoNLL file; a file without -DOCSTART- lines is one document."""
    docs: list[ConllDoc] = []
    doc: ConllDoc | None = None
    sentence: list[tuple[str, str]] = []
    lines: list[str] = []

    def flush_sentence() -> None:
        nonlocal sentence
        if sentence and doc is not None:
            base = sum(len(x) + 1 for x in lines)
            text, spans = _spans(sentence, base)
            lines.append(text)
            doc.entities.extend(spans)
        sentence = []

    def flush_doc() -> None:
        flush_sentence()
        if doc is not None and lines:
            doc.text = "\n".join(lines)
            docs.append(doc)

    with path.open(encoding="utf-8", errors="replace") as handle:
        for lineno, raw in enumerate(handle, 1):
            parts = raw.split()
            if parts and parts[0] == "-DOCSTART-":
                flush_doc()
                doc, lines = ConllDoc(f"{path.name}:{lineno}"), []
                continue
            if not parts:
                flush_sentence()
                continue
            if len(parts) < 2:
                raise ValueError(f"line {lineno}: expected a token and a tag, got {raw.strip()!r}")
            if doc is None:
                doc, lines = ConllDoc(f"{path.name}:{lineno}"), []
            sentence.append((parts[0], parts[-1]))
    flush_doc()
    return docs


def predicted_entities(mentions) -> set[tuple[int, int, str]]:
    """Mentions as (start, end, CoNLL type), one per span."""
    return {(m.start, m.end, LABEL_MAP[m.label]) for m in mentions if m.label in LABEL_MAP}


def evaluate(path: Path, settings: Settings, limit: int | None = None) -> dict:
    """Run the pipeline over CoNLL documents and score its mentions per entity type."""
    from ..extract import extract_article
    from ..nlp import load_nlp

    files = sorted(path.rglob("*")) if path.is_dir() else [path]
    docs, skipped = [], []
    for file in (f for f in files if f.is_file()):
        try:
            docs.extend(read_conll(file))
        except (ValueError, OSError) as exc:
            skipped.append({"file": str(file), "reason": str(exc)})
    docs = docs[:limit] if limit else docs
    nlp = load_nlp(settings.model, settings.verify_model)
    counts = {t: Counter() for t in TYPES}
    for doc, gold_doc in zip(nlp.pipe(d.text for d in docs), docs):
        found = predicted_entities(extract_article(doc, Article.create(gold_doc.text)).mentions)
        gold = set(gold_doc.entities)
        for t in TYPES:
            g = {e for e in gold if e[2] == t}
            p = {e for e in found if e[2] == t}
            counts[t].update(gold=len(g), pred=len(p), matched=len(g & p))
    total = sum(counts.values(), Counter())
    metrics = [prf("all types", gold=total["gold"], predicted=total["pred"], matched=total["matched"])]
    metrics += [prf(t, gold=c["gold"], predicted=c["pred"], matched=c["matched"]) for t, c in counts.items()]
    return {"format": "conll", "documents": len(docs), "metrics": metrics, "skipped": skipped}
