"""Scores quote extraction against PolNeAR-style brat standoff attributions.

A folder holds ``text/X.txt`` and ``attributions/X_<annotator>.ann``. When a text has several
annotation files (several annotators), the first by name is used, so every article counts once.
Gold contents are split into their fragments (a discontinuous span such as ``10 20;25 30``
usually joins quotes interrupted by their attribution), fragments separated only by spaces being
merged. Predictions nested inside another prediction are dropped (PolNeAR gives each token to
at most one attribution). Pronoun speakers are kept as written, as PolNeAR annotates them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..extract.quotes import extract_quotes
from ..nlp import load_nlp
from ..records import Article, Quote
from ..settings import Settings
from .metrics import accuracy, prf

_SPAN = re.compile(r"^(\d+) (\d+)$")
_EDGE = " \t\n\"“”‘’'.,;:!?—–-"

Spans = tuple[tuple[int, int], ...]


@dataclass(frozen=True, slots=True)
class Attribution:
    """One gold attribution: its source, cue and content spans (each possibly discontinuous)."""

    content: Spans
    source: Spans = ()
    cue: Spans = ()


KINDS = ("direct", "partial", "indirect")
_MARKS = ('"', "“", "”", "''", "``", "«", "»")


@dataclass(slots=True)
class _Tally:
    gold: int = 0
    predicted: int = 0
    exact: int = 0
    overlap: int = 0
    speaker_total: int = 0
    speaker_correct: int = 0
    # per kind: gold, predicted, gold matched (overlap), predicted matched, speaker total, speaker correct
    kinds: dict = field(default_factory=lambda: {k: [0, 0, 0, 0, 0, 0] for k in KINDS})


def parse_spans(field_text: str) -> Spans | None:
    """``'10 20;25 30'`` → ((10, 20), (25, 30)); None when malformed."""
    spans = []
    for part in field_text.split(";"):
        match = _SPAN.match(part.strip())
        if not match:
            return None
        start, end = int(match.group(1)), int(match.group(2))
        if end < start:
            return None
        spans.append((start, end))
    return tuple(spans)


def read_ann(text: str) -> list[Attribution]:
    """The attributions of one ``.ann`` file; lines that cannot be read are ignored."""
    spans: dict[str, tuple[str, Spans]] = {}
    groups: list[dict[str, str]] = []
    for line in text.splitlines():
        cols = line.split("\t")
        if line.startswith("T") and len(cols) >= 2 and " " in cols[1]:
            label, _, where = cols[1].partition(" ")
            parsed = parse_spans(where)
            if parsed:
                spans[cols[0]] = (label, parsed)
        elif line.startswith(("E", "R")) and len(cols) >= 2:
            groups.append(_roles(cols[1]))
    return [a for a in (_attribution(g, spans) for g in groups) if a is not None]


def _roles(field_text: str) -> dict[str, str]:
    """Role → T id from ``'Attribution:T4 Content:T3 Cue:T2 Source:T1'`` (R lines: Arg1/Arg2)."""
    roles = {}
    for item in field_text.split():
        role, sep, ref = item.partition(":")
        if sep:
            roles[role] = ref
    return roles


def _attribution(roles: dict[str, str], spans: dict[str, tuple[str, Spans]]) -> Attribution | None:
    found: dict[str, Spans] = {}
    for ref in roles.values():
        if ref in spans:
            label, where = spans[ref]
            found[label] = found.get(label, ()) + where
    if "Content" not in found:
        return None
    return Attribution(found["Content"], found.get("Source", ()), found.get("Cue", ()))


def content_fragments(attribution: Attribution, text: str) -> list[tuple[int, int]]:
    """The contiguous pieces of a content span, joining pieces that only whitespace separates."""
    pieces: list[list[int]] = []
    for start, end in sorted(attribution.content):
        if pieces and not text[pieces[-1][1] : start].strip():
            pieces[-1][1] = max(pieces[-1][1], end)
        else:
            pieces.append([start, end])
    return [(a, b) for a, b in pieces]


def gold_kind(attribution: Attribution, text: str) -> str:
    """'direct' when the content is all inside quotation marks, 'partial' when it holds some, else 'indirect'."""
    content = " ".join(text[a:b] for a, b in sorted(attribution.content)).strip(" \t\n.,;:")
    if not any(m in content for m in _MARKS):
        return "indirect"
    opens = content.startswith(_MARKS)
    closes = content.endswith(_MARKS) or content.rstrip(".,!?").endswith(_MARKS)
    inner = content[1:-1].strip() if opens and closes else ""
    return "direct" if inner and not any(inner.count(m) % 2 for m in ('"',)) and opens and closes else "partial"


def unit_kind(unit: list[Quote]) -> str:
    """The kind of a predicted unit: its quotes' own kind, direct when all are direct."""
    kinds = {getattr(q, "kind", None) or ("direct" if q.direct else "indirect") for q in unit}
    return kinds.pop() if len(kinds) == 1 else "partial"


def _norm(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without surrounding spaces, punctuation or quotation marks (for exact matching)."""
    while start < end and text[start] in _EDGE:
        start += 1
    while end > start and text[end - 1] in _EDGE:
        end -= 1
    return start, end


def _outermost(quotes: list[Quote]) -> list[Quote]:
    return [q for q in quotes if not any(o is not q and o.start <= q.start and q.end <= o.end
                                         and (o.end - o.start) > (q.end - q.start) for o in quotes)]


def predicted_units(quotes: list[Quote]) -> list[list[Quote]]:
    """Predicted attributions: consecutive quotes sharing speaker span and cue form one unit,
    like a gold content whose pieces the attribution interrupts."""
    units: list[list[Quote]] = []
    for quote in sorted(_outermost(quotes), key=lambda q: q.start):
        last = units[-1][-1] if units else None
        key = (quote.speaker_start, quote.speaker_end, quote.cue)
        if last and quote.speaker_start is not None and key == (last.speaker_start, last.speaker_end, last.cue):
            units[-1].append(quote)
        else:
            units.append([quote])
    return units


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def score_document(text: str, gold: list[Attribution], predicted: list[Quote], tally: _Tally) -> None:
    """Add one document's exact and overlap matches, and speaker agreement, to ``tally``.

    Units are attributions: a gold content with all its pieces, a predicted unit from
    :func:`predicted_units`. Exact: the same pieces, edges normalised; overlap: one-to-one,
    largest overlap first."""
    units = predicted_units(predicted)
    tally.gold += len(gold)
    tally.predicted += len(units)
    g_kinds = [gold_kind(att, text) for att in gold]
    p_kinds = [unit_kind(unit) for unit in units]
    for kind in g_kinds:
        tally.kinds[kind][0] += 1
    for kind in p_kinds:
        tally.kinds[kind][1] += 1
    gold_keys = [frozenset(_norm(text, *f) for f in content_fragments(att, text)) for att in gold]
    pred_keys = {frozenset(_norm(text, q.start, q.end) for q in unit) for unit in units}
    tally.exact += sum(1 for key in set(gold_keys) if key in pred_keys)
    pairs = sorted(
        ((sum(_overlap(f, (q.start, q.end)) for f in att.content for q in unit), g, p)
         for g, att in enumerate(gold) for p, unit in enumerate(units)),
        reverse=True,
    )
    used_gold: set[int] = set()
    used_pred: set[int] = set()
    for size, g, p in pairs:
        if size == 0 or g in used_gold or p in used_pred:
            continue
        used_gold.add(g)
        used_pred.add(p)
        tally.overlap += 1
        tally.kinds[g_kinds[g]][2] += 1
        tally.kinds[p_kinds[p]][3] += 1
        _score_speaker(gold[g], units[p][0], tally, tally.kinds[g_kinds[g]])


def _score_speaker(gold: Attribution, quote: Quote, tally: _Tally, row: list[int]) -> None:
    if not gold.source:
        return
    tally.speaker_total += 1
    row[4] += 1
    if quote.speaker_start is None or quote.speaker_end is None:
        return
    if any(_overlap(src, (quote.speaker_start, quote.speaker_end)) for src in gold.source):
        tally.speaker_correct += 1
        row[5] += 1


def load_pairs(path: Path, limit: int | None = None) -> tuple[list[tuple[Path, Path]], list[dict]]:
    """(text file, first annotation file) pairs in name order, and the texts skipped with why."""
    pairs, skipped = [], []
    for txt in sorted((path / "text").glob("*.txt")):
        anns = sorted((path / "attributions").glob(f"{txt.stem}_*.ann"))
        if not anns:
            skipped.append({"file": txt.name, "reason": "no annotation file"})
            continue
        pairs.append((txt, anns[0]))
    return pairs[:limit] if limit is not None else pairs, skipped


def evaluate(path: Path, settings: Settings, limit: int | None = None) -> dict:
    """Content P/R/F1 (exact, overlap) and speaker accuracy of ``extract_quotes`` on a PolNeAR folder."""
    pairs, skipped = load_pairs(Path(path), limit)
    docs = []
    for txt, ann in pairs:
        try:
            docs.append((txt.read_text("utf-8"), read_ann(ann.read_text("utf-8"))))
        except (OSError, UnicodeDecodeError) as exc:
            skipped.append({"file": txt.name, "reason": f"unreadable: {exc}"})
    nlp = load_nlp(settings.model, settings.verify_model)
    parsed = nlp.pipe([t for t, _ in docs], batch_size=settings.batch_size)
    return {"format": "polnear", "documents": len(docs),
            "metrics": score_parsed((text, gold, doc) for (text, gold), doc in zip(docs, parsed)),
            "skipped": skipped}


def score_parsed(items) -> list[dict]:
    """Metric rows for (text, gold attributions, parsed Doc) triples: exact and overlap P/R/F1,
    speaker accuracy, then overlap recall (by gold kind) and precision (by predicted kind) and
    speaker accuracy for direct, partial and indirect contents."""
    tally = _Tally()
    for text, gold, doc in items:
        quotes = extract_quotes(doc, Article.create(text), resolve_pronouns=False)
        score_document(text, gold, quotes, tally)
    rows = [
        prf("content exact", gold=tally.gold, predicted=tally.predicted, matched=tally.exact),
        prf("content overlap", gold=tally.gold, predicted=tally.predicted, matched=tally.overlap),
        accuracy("speaker accuracy (overlap-matched)", total=tally.speaker_total, correct=tally.speaker_correct),
    ]
    for kind in KINDS:
        gold, predicted, g_matched, p_matched, s_total, s_correct = tally.kinds[kind]
        row = prf(f"{kind} overlap", gold=gold, predicted=predicted, matched=g_matched)
        p = p_matched / predicted if predicted else 0.0
        f = 2 * p * row["recall"] / (p + row["recall"]) if p + row["recall"] else 0.0
        row.update(precision=round(p, 4), f1=round(f, 4))
        rows.append(row)
    for kind in KINDS:
        rows.append(accuracy(f"{kind} speaker accuracy", total=tally.kinds[kind][4], correct=tally.kinds[kind][5]))
    return rows
