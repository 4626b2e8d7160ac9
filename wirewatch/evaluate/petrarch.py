"""Scores event coding against PETRARCH validation records (CAMEO triples).

A records file holds ``<Sentence id date category>`` elements, each with ``<Text>`` and
``<EventCoding sourcecode targetcode eventcode/>`` (or ``noevents="True"``; ``error=...``
records are skipped). Real files carry malformed markup (unclosed ``<EventCoding>`` tags,
spaces around ``=``, broken parse trees) that makes an XML parser nest sentences inside each
other, so a per-sentence regex reader comes first and lxml in recover mode is the fallback.
``<Config option="require_dyad" value="false">`` between sentences is honoured (events without a
target are then coded with target "---").

Actor codes come from the PETRARCH actor/agent dictionaries (:mod:`wirewatch.evaluate.petrarch_dict`)
in ``dictionaries/`` beside the file, and events are coded as the pipeline codes them: wirewatch's own
verb and noun patterns with the shipped PETRARCH2 CAMEO.2.0 verb dictionary. With ``dictionary=DIR`` the dictionaries in DIR are used instead, including PETRARCH's verb
dictionary (:mod:`wirewatch.evaluate.petrarch_verbs`) in place of wirewatch's patterns; the suite's
gold codes come from that dictionary (mostly WEIS-style codes, not CAMEO), so only then are codes
comparable one to one.
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
from .petrarch_dict import Dictionary, build_mentions, compile_matcher, load_dictionary
from .petrarch_verbs import read_verbs
from .metrics import accuracy, prf

SYMMETRIC = {"CONSULT", "COOPERATE", "AGREE"}
_SENTENCE = re.compile(r"<Sentence\b([^>]*)>(.*?)</Sentence>|<Config\b([^>]*)>", re.S | re.I)
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
    require_dyad: bool = True  # the suite's setting for this sentence: events need a target


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
    require_dyad = True
    for m in _SENTENCE.finditer(text):
        if m.group(3) is not None:
            config = _attrs(m.group(3))
            if config.get("option", "").lower() == "require_dyad":
                require_dyad = config.get("value", "true").strip().lower() != "false"
            continue
        body = m.group(2)
        found = _TEXT.search(body)
        codings = [_attrs(c.group(1)) for c in _CODING.finditer(body)]
        rec = _record(_attrs(m.group(1)), found.group(1) if found else "", codings)
        rec.require_dyad = require_dyad
        out.append(rec)
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


def event_triples(events: list[Event], codes: dict[str, str], require_dyad: bool = True) -> set[Triple]:
    """(source code, target code, CAMEO) for every dyad of the events that happened or were
    planned ("did not attack" codes nothing); an actor code "A/B" stands for both A and B.
    Symmetric events with no target pair up their sources; without ``require_dyad`` other
    events with no target are coded with target "---"."""
    out: set[Triple] = set()
    for e in events:
        if e.status == "denied":
            continue
        sources = [c for a in e.source_actor_ids for c in codes.get(a, "").split("/")]
        targets = [c for a in e.target_actor_ids for c in codes.get(a, "").split("/")]
        code = e.cameo or ""
        if targets:
            out |= {(s, t, code) for s in sources for t in targets if s != t}
        elif e.event_type in SYMMETRIC and len(sources) > 1:
            out |= {(s, t, code) for s, t in permutations(sources, 2)}
        elif not require_dyad:
            out |= {(s, "---", code) for s in sources}
    return out


def _published(raw: str | None) -> date | None:
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8])) if raw and len(raw) >= 8 else None
    except ValueError:
        return None


def code_record(rec: Record, doc, dic: Dictionary, lexicon: Lexicon | None = None, cameo: bool = True) -> set[Triple]:
    """The triples extract_events codes for one record, using the PETRARCH actor dictionary
    (and ``lexicon``, e.g. the PETRARCH verb dictionary, in place of wirewatch's own)."""
    published = _published(rec.date)
    article = Article.create(rec.text, published=published, language="en")
    when = int(published.strftime("%Y%m%d")) if published else None
    mentions, actors = build_mentions(doc, article.id, dic, when)
    events = extract_events(doc, article, mentions, actors, {}, [], lexicon=lexicon, quotes=[], cameo=cameo)
    return event_triples(events, {a.id: a.code or "" for a in actors.values()}, rec.require_dyad)


def _root(triples: set[Triple] | list[Triple]) -> set[Triple]:
    return {(s, t, c[:2]) for s, t, c in triples}


DEFINITIONS = {
    "triples": "P/R/F1 on (source code, target code, event code) triples",
    "cameo root": "P/R/F1 on (source code, target code, first two digits of the event code)",
    "root accuracy on coded pairs": ("of the gold events whose (source, target) pair the coder also coded, "
                                     "the share where one of its codes on that pair has the gold root"),
    "sentence root accuracy": "share of sentences whose set of predicted roots equals the gold set, actors ignored",
    "no-event accuracy": "share of sentences where the coder and the gold agree on whether there is any event",
}


def score(pairs: list[tuple[list[Triple], set[Triple]]]) -> list[dict]:
    """Triple and CAMEO-root P/R/F1, root accuracy on coded pairs, sentence root accuracy and
    no-event accuracy over (gold, predicted) pairs (see :data:`DEFINITIONS`)."""
    tallies = {"triples": [0, 0, 0], "cameo root": [0, 0, 0]}
    correct = pairs_coded = pairs_right = sentences_right = 0
    for gold, pred in pairs:
        for name, g, p in (("triples", set(gold), pred), ("cameo root", _root(gold), _root(pred))):
            tallies[name][0] += len(g)
            tallies[name][1] += len(p)
            tallies[name][2] += len(g & p)
        correct += (not gold) == (not pred)
        roots = {}
        for s, t, c in pred:
            roots.setdefault((s, t), set()).add(c[:2])
        for s, t, c in set(gold):
            if (s, t) in roots:
                pairs_coded += 1
                pairs_right += c[:2] in roots[(s, t)]
        sentences_right += {c[:2] for _, _, c in gold} == {c[:2] for _, _, c in pred}
    metrics = [prf(name, gold=g, predicted=p, matched=m) for name, (g, p, m) in tallies.items()]
    total = len(pairs)
    metrics.append(accuracy("root accuracy on coded pairs", total=pairs_coded, correct=pairs_right))
    metrics.append(accuracy("sentence root accuracy", total=total, correct=sentences_right))
    metrics.append(accuracy("no-event accuracy", total=total, correct=correct))
    return metrics


def _files(path: Path) -> list[Path]:
    return sorted(path.glob("*.xml")) if path.is_dir() else [path]


def evaluate(path: Path, settings: Settings, limit: int | None = None, dictionary: Path | None = None,
             own_verbs_only: bool = False) -> dict:
    """Score extract_events on PETRARCH records at ``path`` (a file or a folder of .xml files).

    Actors are coded with the actor/agent dictionaries in ``dictionary`` (default: ``dictionaries/``
    beside ``path``); events as the pipeline codes them (wirewatch's own patterns with the shipped
    PETRARCH2 CAMEO.2.0 verb dictionary; ``own_verbs_only``: wirewatch's patterns alone), or with
    the verb dictionary in ``dictionary`` when it is given."""
    path = Path(path)
    folder = Path(dictionary) if dictionary else (path if path.is_dir() else path.parent) / "dictionaries"
    dic = load_dictionary(folder) if folder.is_dir() else Dictionary()
    verbs = sorted(folder.glob("*erbs*.txt")) if dictionary and folder.is_dir() else []
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
    pairs = [(rec.gold, code_record(rec, doc, dic, lexicon, not own_verbs_only)) for rec, doc in zip(records, docs)]
    used = verbs[0].name if verbs else ("wirewatch" if own_verbs_only else "wirewatch + CAMEO.2.0")
    return {"format": "petrarch", "documents": len(records), "metrics": score(pairs),
            "verbs": used, "definitions": DEFINITIONS, "skipped": skipped}
