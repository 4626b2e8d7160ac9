"""TimeML (TempEval-3 ``.tml``) reader and temporal-expression scorer.

Gold TIMEX3 spans are character offsets into the plain text of ``<TEXT>``; that same plain
text is what the pipeline sees, so offsets compare directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree

from ..extract.times import extract_times
from ..nlp import load_nlp
from ..records import Article, TimeExpr
from ..settings import Settings
from .metrics import accuracy, prf


@dataclass(frozen=True, slots=True)
class GoldTimex:
    """One gold TIMEX3: its span in the document's plain text, type and value."""

    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(frozen=True, slots=True)
class TimemlDoc:
    """A TimeML document: name, plain text of ``<TEXT>``, creation date and gold timexes."""

    name: str
    text: str
    created: date | None
    timexes: tuple[GoldTimex, ...]


def read_timeml(path: Path) -> TimemlDoc:
    """Parse one ``.tml`` file; raise ValueError when it is not usable TimeML."""
    try:
        root = ElementTree.parse(str(path)).getroot()
    except ParseError as exc:
        raise ValueError(f"not well-formed XML ({exc})") from None
    body = root.find(".//TEXT")
    if body is None:
        raise ValueError("no <TEXT> element")
    pieces: list[str] = []
    timexes: list[GoldTimex] = []
    _walk(body, pieces, timexes, 0)
    text = "".join(pieces)
    gold = tuple(GoldTimex(t.start, t.end, text[t.start:t.end], t.type, t.value) for t in timexes)
    return TimemlDoc(path.stem, text, _creation_date(root), gold)


def _walk(node: Element, pieces: list[str], timexes: list[GoldTimex], offset: int) -> int:
    """Append ``node``'s text (not its tail) to ``pieces``, note TIMEX3 offsets; return the new offset."""
    start = offset
    if node.text:
        pieces.append(node.text)
        offset += len(node.text)
    for child in node:
        offset = _walk(child, pieces, timexes, offset)
        if child.tail:
            pieces.append(child.tail)
            offset += len(child.tail)
    if node.tag == "TIMEX3":
        timexes.append(GoldTimex(start, offset, "", node.get("type", "DATE"), node.get("value")))
    return offset


def _creation_date(root: Element) -> date | None:
    """The date of the TIMEX3 marked ``functionInDocument="CREATION_TIME"``, if it has one."""
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            value = (timex.get("value") or "")[:10]
            try:
                return date.fromisoformat(value)
            except ValueError:
                return None
    return None


@dataclass(slots=True)
class Tally:
    """Running counts for the TempEval-3 measures."""

    gold: int = 0
    predicted: int = 0
    strict: int = 0
    relaxed: int = 0
    type_ok: int = 0
    value_ok: int = 0

    def add(self, gold: tuple[GoldTimex, ...], predicted: list[TimeExpr]) -> None:
        """Match predictions to gold one-to-one (exact first, then by overlap) and count."""
        self.gold += len(gold)
        self.predicted += len(predicted)
        for g, p in _match(gold, predicted):
            self.relaxed += 1
            self.strict += (g.start, g.end) == (p.start, p.end)
            self.type_ok += g.type == p.type
            self.value_ok += g.value is not None and g.value == p.value

    def metrics(self) -> list[dict]:
        """The five measures, in the order the report lists them."""
        return [
            prf("span strict", gold=self.gold, predicted=self.predicted, matched=self.strict),
            prf("span relaxed", gold=self.gold, predicted=self.predicted, matched=self.relaxed),
            prf("value", gold=self.gold, predicted=self.predicted, matched=self.value_ok),
            accuracy("type accuracy", total=self.relaxed, correct=self.type_ok),
            accuracy("value accuracy", total=self.relaxed, correct=self.value_ok),
        ]


def _match(gold: tuple[GoldTimex, ...], predicted: list[TimeExpr]) -> list[tuple[GoldTimex, TimeExpr]]:
    """Pairs of overlapping gold and predicted spans, each used once, exact matches first."""
    pairs: list[tuple[GoldTimex, TimeExpr]] = []
    free = list(predicted)
    rest: list[GoldTimex] = []
    for g in gold:
        exact = next((p for p in free if (p.start, p.end) == (g.start, g.end)), None)
        if exact is None:
            rest.append(g)
        else:
            pairs.append((g, exact))
            free.remove(exact)
    for g in rest:
        hit = next((p for p in free if p.start < g.end and g.start < p.end), None)
        if hit is not None:
            pairs.append((g, hit))
            free.remove(hit)
    return pairs


def timeml_files(path: Path) -> list[Path]:
    """``path`` itself, or every ``*.tml`` under it, sorted."""
    return [path] if path.is_file() else sorted(path.rglob("*.tml"))


def evaluate(path: Path, settings: Settings, limit: int | None = None) -> dict:
    """Score ``extract_times`` against the TimeML gold under ``path`` (TempEval-3 measures)."""
    docs: list[TimemlDoc] = []
    skipped: list[dict] = []
    for file in timeml_files(Path(path))[:limit]:
        try:
            docs.append(read_timeml(file))
        except (ValueError, OSError, UnicodeDecodeError) as exc:
            skipped.append({"file": str(file), "reason": str(exc)})
    nlp = load_nlp(settings.model, settings.verify_model)
    tally = Tally()
    texts = (d.text for d in docs)
    for doc, gold in zip(nlp.pipe(texts, batch_size=settings.batch_size), docs):
        article = Article.create(gold.text, published=gold.created, language="en")
        tally.add(gold.timexes, extract_times(doc, article))
    report: dict = {"format": "timeml", "documents": len(docs), "metrics": tally.metrics()}
    if skipped:
        report["skipped"] = skipped
    return report
