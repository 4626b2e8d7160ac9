"""Reader and scorer for geoparsing gold XML (LGL, TR-News, GeoVirus, GeoWebNews).

Variants, detected per file: ``<toponym>`` with ``<start>/<end>/<phrase>`` and lat/lon either inline
or under ``<gaztag>`` (LGL, TR-News, GeoWebNews — whose ``nonLocational`` toponyms are left out of
gold), and GeoVirus ``<location>`` with 1-based offsets. Offsets are re-aligned to the phrase when they
drift. Metrics follow Gritta et al., "A Pragmatic Guide to Geoparsing Evaluation" (2019).
"""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from ..records import Article
from ..settings import Settings
from .metrics import accuracy, prf

EARTH_KM = 6371.0088
MAX_ERROR_KM = 20039  # half the Earth's circumference: the worst possible error
ACC_KM = 161


@dataclass(frozen=True, slots=True)
class GoldToponym:
    start: int
    end: int
    phrase: str
    lat: float | None
    lon: float | None


@dataclass(slots=True)
class GoldDocument:
    text: str
    toponyms: list[GoldToponym] = field(default_factory=list)


def _num(text: str | None) -> float | None:
    try:
        return float(text) if text and text.strip() else None
    except ValueError:
        return None


def _align(text: str, phrase: str, start: int, end: int, window: int = 8) -> tuple[int, int] | None:
    """Offsets of ``phrase`` at or near ``start`` (gold offsets drift by a few characters)."""
    if text[start:end] == phrase:
        return start, end
    best = None
    for shift in range(-window, window + 1):
        s = start + shift
        if 0 <= s and text[s : s + len(phrase)] == phrase:
            if best is None or abs(shift) < abs(best - start):
                best = s
    return (best, best + len(phrase)) if best is not None else None


def _toponym(el: etree._Element, text: str, one_based: bool) -> GoldToponym | None:
    phrase = (el.findtext("phrase") or el.findtext("name") or "").strip()
    start, end = _num(el.findtext("start")), _num(el.findtext("end"))
    if not phrase or start is None or end is None:
        return None
    offset = 1 if one_based else 0
    span = _align(text, phrase, int(start) - offset, int(end) - offset)
    if span is None:
        return None
    gaz = el.find("gaztag")
    src = gaz if gaz is not None and gaz.findtext("lat") else el
    return GoldToponym(span[0], span[1], phrase, _num(src.findtext("lat")), _num(src.findtext("lon")))


def _is_non_locational(el: etree._Element) -> bool:
    return (el.get("nonLocational") or el.get("nonlocational") or "").lower() in ("true", "yes", "1")


def read_geoxml(path: Path) -> tuple[list[GoldDocument], list[dict]]:
    """Gold documents of one XML file, and the articles skipped with their reasons."""
    skipped: list[dict] = []
    try:
        root = etree.parse(str(path), etree.XMLParser(recover=True, huge_tree=True)).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        return [], [{"file": str(path), "reason": f"unreadable XML: {exc}"}]
    if root is None:
        return [], [{"file": str(path), "reason": "no XML content"}]
    one_based = root.find(".//location") is not None and root.find(".//toponym") is None
    docs = []
    articles = root.iter("article") if root.tag != "article" else [root]
    for n, art in enumerate(articles):
        text = art.findtext("text")
        if not text:
            skipped.append({"file": f"{path}#{n}", "reason": "article without text"})
            continue
        tag = "location" if one_based else "toponym"
        gold, bad = [], 0
        for el in art.iter(tag):
            if _is_non_locational(el):
                continue
            top = _toponym(el, text, one_based)
            if top is None:
                bad += 1
            else:
                gold.append(top)
        if bad and not gold:
            skipped.append({"file": f"{path}#{n}", "reason": f"{bad} toponyms whose offsets match no phrase"})
            continue
        docs.append(GoldDocument(text, gold))
    return docs, skipped


def great_circle_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(min(1.0, math.sqrt(a)))


@dataclass(slots=True)
class _Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    errors: list[float] = field(default_factory=list)
    gold_located: int = 0  # gold toponyms that have coordinates


def score_document(gold: list[GoldToponym], predicted: list[tuple[int, int, float | None, float | None]],
                   tally: _Tally) -> None:
    """Overlap-match predictions to gold; each match with gold coordinates adds a distance error."""
    tally.gold += len(gold)
    tally.gold_located += sum(g.lat is not None and g.lon is not None for g in gold)
    tally.predicted += len(predicted)
    used: set[int] = set()
    for g in gold:
        for i, (s, e, lat, lon) in enumerate(predicted):
            if i in used or s >= g.end or e <= g.start:
                continue
            used.add(i)
            tally.matched += 1
            if g.lat is not None and g.lon is not None:
                err = MAX_ERROR_KM if lat is None else great_circle_km(g.lat, g.lon, lat, lon)
                tally.errors.append(err)
            break


def metrics(tally: _Tally) -> list[dict]:
    """Recognition P/R/F1, then accuracy@161 km, median/mean error and AUC of log error on matches;
    then recall of the gold toponyms that have coordinates, and accuracy@161 km end to end (correct
    over all gold toponyms with coordinates, so a missed toponym counts as wrong)."""
    errs = tally.errors
    correct = sum(e <= ACC_KM for e in errs)
    auc = (sum(math.log(e + 1) for e in errs) / (len(errs) * math.log(MAX_ERROR_KM + 1))) if errs else 0.0
    return [
        prf("recognition", gold=tally.gold, predicted=tally.predicted, matched=tally.matched),
        accuracy("acc@161km", total=len(errs), correct=correct),
        {"name": "median error km", "value": round(statistics.median(errs), 1) if errs else 0.0},
        {"name": "mean error km", "value": round(statistics.fmean(errs), 1) if errs else 0.0},
        {"name": "AUC", "value": round(auc, 4)},
        accuracy("recall (with coordinates)", total=tally.gold_located, correct=len(errs)),
        accuracy("acc@161km end to end", total=tally.gold_located, correct=correct),
    ]


def evaluate(path: Path, settings: Settings, limit: int | None = None) -> dict:
    """Geoparse the gold documents under ``path`` (file or directory) and score them."""
    from ..extract.places import extract_places
    from ..geo import get_gazetteer
    from ..nlp import load_nlp

    path = Path(path)
    files = sorted(path.glob("*.xml")) if path.is_dir() else [path]
    docs: list[GoldDocument] = []
    skipped: list[dict] = []
    for file in files:
        got, bad = read_geoxml(file)
        docs += got
        skipped += bad
    docs = docs[:limit] if limit is not None else docs
    nlp = load_nlp(settings.model, settings.verify_model)
    gazetteer = get_gazetteer()
    tally = _Tally()
    texts = (d.text for d in docs)
    for gold, doc in zip(docs, nlp.pipe(texts, batch_size=settings.batch_size)):
        article = Article.create(gold.text, published=None)
        mentions, places = extract_places(doc, article, gazetteer)
        by_id = {p.id: p for p in places}
        predicted = []
        for m in mentions:
            place = by_id.get(m.place_id) if m.place_id else None
            predicted.append((m.start, m.end, place.lat if place else None, place.lon if place else None))
        score_document(gold.toponyms, predicted, tally)
    return {"format": "geoxml", "documents": len(docs), "metrics": metrics(tally), "skipped": skipped}
