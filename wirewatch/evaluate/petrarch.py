"""Scores event coding against PETRARCH validation records (CAMEO triples).

A records file holds ``<Sentence id date category>`` elements, each with ``<Text>`` and
``<EventCoding sourcecode targetcode eventcode/>`` (or ``noevents="True"``; ``error=...``
records are skipped). Real files carry malformed markup (unclosed ``<EventCoding>`` tags,
spaces around ``=``, broken parse trees) that makes an XML parser nest sentences inside each
other, so a per-sentence regex reader comes first and lxml in recover mode is the fallback. Actor codes come from the PETRARCH
dictionaries beside the file (see :mod:`wirewatch.evaluate.petrarch_dict`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from itertools import permutations
from pathlib import Path

from ..extract.events import extract_events
from ..nlp import load_nlp
from ..records import Article, Event
from ..settings import Settings
from ..extract.event_lexicon import Lexicon
from .petrarch_dict import Dictionary, build_mentions, compile_matcher, load_dictionary, read_verbs
from .metrics import accuracy, prf

SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}
_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>", re.S | re.I)
_CODING = re.compile(r"<EventCoding\b([^>]*)>", re.I)
_TEXT = re.compile(r"<Text>(.*?)</Text>", re.S | re.I)
_ATTR = re.compile(r"(\w+)\s*=\s*(\"[^\"]*\"|'[^']*')")

Triple = tuple[str, str, str]


@dataclass(slots=True)
class Record:
    """One validation sentence with its gold codings."""

    id: str
    text: str
    date: str | None = None
    category: str | None = None
    gold: list[Triple] = field(default_factory=list)
    error: str | None = None


def _attrs(raw: str) -> dict[str, str]:
    return {k.lower(): v[1:-1] for k, v in _ATTR.findall(raw)}


def _record(attrs: dict[str, str], text: str, codings: list[dict[str, str]]) -> Record:
    rec = Record(attrs.get("id", ""), " ".join(text.split()), attrs.get("date"), attrs.get("category"))
    for coding in codings:
        if "error" in coding:
            rec.error = coding["error"]
        elif coding.get("noevents", "").lower() != "true" and "eventcode" in coding:
            rec.gold.append((coding.get("sourcecode", ""), coding.get("targetcode", ""), coding["eventcode"]))
    return rec


def _read_lxml(data: bytes) -> list[Record]:
    from lxml import etree

    root = etree.fromstring(data, parser=etree.XMLParser(recover=True, huge_tree=True))
    if root is None:
        return []
    out = []
    for sent in root.iter("Sentence"):
        text = sent.findtext("Text") or ""
        codings = [{k.lower(): v for k, v in c.attrib.items()} for c in sent.iter("EventCoding")]
        out.append(_record({k.lower(): v for k, v in sent.attrib.items()}, text, codings))
    return out


def _read_regex(text: str) -> list[Record]:
    out = []
    for m in _SENTENCE.finditer(text):
        body = m.group(2)
        found = _TEXT.search(body)
        codings = [_attrs(c.group(1)) for c in _CODING.finditer(body)]
        out.append(_record(_attrs(m.group(1)), found.group(1) if found else "", codings))
    return out


def read_records(path: Path) -> list[Record]:
    """The sentences of a PETRARCH validation file, whatever state its markup is in."""
    data = path.read_bytes()
    records = _read_regex(data.decode("utf-8", errors="replace"))
    if records:
        return records
    try:
        return _read_lxml(data)
    except Exception:  # lxml gives up on some broken files even in recover mode
        return []


# ---------------------------------------------------------------- coding and scoring


def event_triples(events: list[Event], codes: dict[str, str]) -> set[Triple]:
    """(source code, target code, CAMEO) for every dyad; symmetric events with no target pair up."""
    out: set[Triple] = set()
    for e in events:
        sources = [codes.get(a, "") for a in e.source_actor_ids]
        targets = [codes.get(a, "") for a in e.target_actor_ids]
        code = e.cameo or ""
        if targets:
            out |= {(s, t, code) for s in sources for t in targets if s != t}
        elif e.event_type in SYMMETRIC and len(sources) > 1:
            out |= {(s, t, code) for s, t in permutations(sources, 2)}
    return out


def _published(raw: str | None) -> date | None:
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8])) if raw and len(raw) >= 8 else None
    except ValueError:
        return None


def code_record(rec: Record, doc, dic: Dictionary, lexicon: Lexicon | None = None) -> set[Triple]:
    """The triples extract_events codes for one record, using the PETRARCH actor dictionary
    (and ``lexicon``, e.g. the PETRARCH verb dictionary, in place of wirewatch's own)."""
    article = Article.create(rec.text, published=_published(rec.date), language="en")
    mentions, actors = build_mentions(doc, article.id, dic)
    events = extract_events(doc, article, mentions, actors, {}, [], lexicon=lexicon, quotes=[])
    return event_triples(events, {a.id: a.code or "" for a in actors.values()})


def _root(triples: set[Triple] | list[Triple]) -> set[Triple]:
    return {(s, t, c[:2]) for s, t, c in triples}


def score(pairs: list[tuple[list[Triple], set[Triple]]]) -> list[dict]:
    """Triple and CAMEO-root P/R/F1 and no-event accuracy over (gold, predicted) pairs."""
    tallies = {"triples": [0, 0, 0], "cameo root": [0, 0, 0]}
    correct = 0
    for gold, pred in pairs:
        for name, g, p in (("triples", set(gold), pred), ("cameo root", _root(gold), _root(pred))):
            tallies[name][0] += len(g)
            tallies[name][1] += len(p)
            tallies[name][2] += len(g & p)
        correct += (not gold) == (not pred)
    metrics = [prf(name, gold=g, predicted=p, matched=m) for name, (g, p, m) in tallies.items()]
    total = len(pairs)
    metrics.append(accuracy("no-event accuracy", total=total, correct=correct))
    return metrics


def _files(path: Path) -> list[Path]:
    return sorted(path.glob("*.xml")) if path.is_dir() else [path]


def evaluate(path: Path, settings: Settings, limit: int | None = None, dictionary: Path | None = None) -> dict:
    """Score extract_events on PETRARCH records at ``path`` (a file or a folder of .xml files)."""
    path = Path(path)
    folder = dictionary or (path if path.is_dir() else path.parent) / "dictionaries"
    dic = load_dictionary(folder) if folder.is_dir() else Dictionary()
    verbs = sorted(folder.glob("*erbs*.txt")) if folder.is_dir() else []
    lexicon = read_verbs(verbs[0]) if verbs else None
    nlp = load_nlp(settings.model, settings.verify_model)
    compile_matcher(nlp, dic)
    skipped: list[dict] = []
    records: list[Record] = []
    for file in _files(path):
        for rec in read_records(file):
            if rec.error or not rec.text:
                skipped.append({"file": f"{file.name}#{rec.id}", "reason": rec.error or "no text"})
            else:
                records.append(rec)
    records = records[:limit] if limit is not None else records
    docs = nlp.pipe((r.text for r in records), batch_size=settings.batch_size)
    pairs = [(rec.gold, code_record(rec, doc, dic, lexicon)) for rec, doc in zip(records, docs)]
    return {"format": "petrarch", "documents": len(records), "metrics": score(pairs), "skipped": skipped}
