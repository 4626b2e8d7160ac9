"""factRuEval-2016 (Russian news; MIT): NER, Occupation facts and Meetings scored on the corpus's own spans.

Reads a folder of ``book_N.txt`` with ``.spans``, ``.objects``, ``.coref`` and ``.facts`` (format in the
corpus's README). A mention's extent runs from its first span's start to its last span's end; Person →
PER, Org → ORG, Location and LocOrg → LOC (a LocOrg counts as a location); matches are exact extents.
Occupation facts (who + position, and who + position + where) are matched through the person's
mentions and the position span; a meeting is found when a CONSULT event names two of its participants.
``baseline`` scores the bare natasha NER model, by the same code, in the same run.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..records import Article, Extraction
from ..settings import Settings
from .metrics import prf

TYPE_MAP = {"Person": "PER", "Org": "ORG", "Location": "LOC", "LocOrg": "LOC"}
TYPES = ("PER", "ORG", "LOC")
KIND_MAP = {"person": "PER", "organization": "ORG", "group": "ORG", "state": "LOC", "place": "LOC"}
LABEL_MAP = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "NORP": "LOC"}
NATASHA_MAP = {"PER": "PER", "ORG": "ORG", "LOC": "LOC"}


@dataclass
class Occupation:
    who: str  # coref object id
    position: tuple[int, int] | None
    where: str | None


@dataclass
class GoldDoc:
    """One document: text, typed mentions, coref objects (id → mention extents) and facts."""

    name: str
    text: str
    mentions: set[tuple[int, int, str]] = field(default_factory=set)
    objects: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    occupations: list[Occupation] = field(default_factory=list)
    meetings: list[list[str]] = field(default_factory=list)


def _lines(path: Path) -> list[str]:
    return path.read_text("utf-8").splitlines() if path.is_file() else []


def read_document(txt: Path) -> GoldDoc:
    """A factRuEval document and its annotation layers."""
    base = txt.with_suffix("")
    doc = GoldDoc(txt.stem, txt.read_text("utf-8"))
    spans: dict[str, tuple[int, int]] = {}
    for line in _lines(base.with_suffix(".spans")):
        parts = line.split("#")[0].split()
        if len(parts) >= 4:
            spans[parts[0]] = (int(parts[2]), int(parts[2]) + int(parts[3]))
    extents: dict[str, tuple[int, int]] = {}
    for line in _lines(base.with_suffix(".objects")):
        parts = line.split("#")[0].split()
        if len(parts) < 3 or parts[1] not in TYPE_MAP:
            continue
        found = [spans[s] for s in parts[2:] if s in spans]
        if found:
            extent = (min(s for s, _ in found), max(e for _, e in found))
            extents[parts[0]] = extent
            doc.mentions.add((*extent, TYPE_MAP[parts[1]]))
    for block in "\n".join(_lines(base.with_suffix(".coref"))).split("\n\n"):
        head = block.strip().splitlines()[0].split() if block.strip() else []
        if head:
            doc.objects[head[0]] = [extents[m] for m in head[1:] if m in extents]
    _read_facts(doc, _lines(base.with_suffix(".facts")), spans)
    return doc


def _read_facts(doc: GoldDoc, lines: list[str], spans: dict[str, tuple[int, int]]) -> None:
    for block in "\n".join(lines).split("\n\n"):
        rows = [r.split() for r in block.strip().splitlines() if r.strip()]
        if not rows or len(rows[0]) < 2:
            continue
        fields: dict[str, list[str]] = {}
        for row in rows[1:]:
            if len(row) >= 2:
                fields.setdefault(row[0], []).append(row[1])
        if rows[0][1] == "Occupation" and "Who" in fields:
            position = fields.get("Position", [None])[0]
            where = fields.get("Where", [None])[0]
            doc.occupations.append(Occupation(
                fields["Who"][0].removeprefix("obj"),
                spans.get(position.removeprefix("span")) if position else None,
                where.removeprefix("obj") if where and where.startswith("obj") else None))
        elif rows[0][1] == "Meeting":
            doc.meetings.append([p.removeprefix("obj") for p in fields.get("Participant", [])])


def read_corpus(path: Path, limit: int | None = None) -> list[GoldDoc]:
    files = sorted(path.glob("*.txt"), key=lambda p: int(re.sub(r"\D", "", p.stem) or 0))
    return [read_document(f) for f in files[:limit] if f.with_suffix(".objects").is_file()]


def predicted_mentions(extraction: Extraction) -> set[tuple[int, int, str]]:
    """wirewatch's actor and place mentions as typed extents."""
    out = set()
    for m in extraction.mentions:
        kind = LABEL_MAP.get(m.label) if m.kind != "place" else "LOC"
        kind = kind or KIND_MAP.get(m.kind)
        if kind:
            out.add((m.start, m.end, kind))
    return out


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def score_occupations(gold: GoldDoc, x: Extraction, counts: Counter) -> None:
    """Occupation facts: a role of an actor whose mentions hit the gold person's, with the title over the
    gold position (and, for the full fact, the rest of the role phrase over a mention of the gold place).
    A fact is counted once however often the text restates it: roles of one actor with the same title and
    organisation (or country) are one predicted fact, matched when any of its statements matches."""
    mentions_of: dict[str, list[tuple[int, int]]] = {}
    for m in x.mentions:
        if m.actor_id:
            mentions_of.setdefault(m.actor_id, []).append((m.start, m.end))
    facts: dict[tuple, list[tuple[tuple[int, int], tuple[int, int]]]] = {}
    owners: dict[tuple, str] = {}
    for actor in x.actors:
        for role in actor.roles:
            if role.start is None or role.article_id != x.article.id:
                continue
            words = list(re.finditer(r"\S+", x.article.text[role.start:role.end]))
            k = min(len(role.title.split()), len(words))
            title_end = role.start + words[k - 1].end() if k else role.end
            key = (actor.id, role.title, role.organization or role.country)
            facts.setdefault(key, []).append(((role.start, title_end), (title_end, role.end)))
            owners[key] = actor.id
    predicted = [(mentions_of.get(owners[key], []), spans) for key, spans in facts.items()]
    counts["occ_pred"] += len(predicted)
    counts["occ_gold"] += len(gold.occupations)
    counts["occw_gold"] += sum(1 for o in gold.occupations if o.where)
    used, used_w = set(), set()
    for occ in gold.occupations:
        who = gold.objects.get(occ.who, [])
        for i, (mine, spans) in enumerate(predicted):
            if i in used or not any(_overlaps(a, b) for a in mine for b in who):
                continue
            hits = [(title, rest) for title, rest in spans if occ.position is None or _overlaps(title, occ.position)]
            if hits:
                used.add(i)
                counts["occ_match"] += 1
                places = gold.objects.get(occ.where, []) if occ.where else []
                if i not in used_w and any(_overlaps(rest, w) for _, rest in hits for w in places):
                    used_w.add(i)
                    counts["occw_match"] += 1
                break


def score_meetings(gold: GoldDoc, x: Extraction, counts: Counter) -> None:
    """A gold meeting is found when one CONSULT event names two of its participants."""
    spans_of: dict[str, list[tuple[int, int]]] = {}
    for m in x.mentions:
        if m.actor_id:
            spans_of.setdefault(m.actor_id, []).append((m.start, m.end))
    consults = [e for e in x.events if e.event_type == "CONSULT"]
    counts["meet_pred"] += len({e.start for e in consults if len(set(e.source_actor_ids + e.target_actor_ids)) >= 2})
    for meeting in gold.meetings:
        counts["meet_gold"] += 1
        people = [gold.objects.get(p, []) for p in meeting]
        for e in consults:
            named = 0
            for spans in people:
                if any(_overlaps(a, b) for aid in set(e.source_actor_ids + e.target_actor_ids)
                       for a in spans_of.get(aid, []) for b in spans):
                    named += 1
            if named >= 2:
                counts["meet_found"] += 1
                break


def evaluate(path: Path, settings: Settings, limit: int | None = None, baseline: bool = False) -> dict:
    """Score wirewatch's Russian pipeline (and, with ``baseline``, the bare natasha NER) on factRuEval."""
    from ..languages.ru import extract_article
    from ..languages.ru.model import load_pipeline, parse

    docs = read_corpus(Path(path), limit)
    if not docs:
        raise ValueError(f"{path}: no factRuEval documents (book_N.txt with .objects)")
    pipeline = load_pipeline(settings.verify_model)
    ner = {name: {t: Counter() for t in TYPES} for name in ("wirewatch", "natasha")}
    facts: Counter = Counter()
    for gold in docs:
        doc = parse(gold.text, pipeline)
        x = extract_article(Article.create(gold.text, language="ru"), doc=doc)
        _count(ner["wirewatch"], gold.mentions, predicted_mentions(x))
        if baseline:
            bare = {(e.start_char, e.end_char, NATASHA_MAP[e.type]) for e in doc.ents if e.type in NATASHA_MAP}
            _count(ner["natasha"], gold.mentions, bare)
        score_occupations(gold, x, facts)
        score_meetings(gold, x, facts)
    metrics = []
    for system in ("wirewatch", "natasha") if baseline else ("wirewatch",):
        counts = ner[system]
        total = sum(counts.values(), Counter())
        metrics.append(prf(f"{system} NER all", gold=total["gold"], predicted=total["pred"], matched=total["matched"]))
        metrics += [prf(f"{system} NER {t}", gold=c["gold"], predicted=c["pred"], matched=c["matched"])
                    for t, c in counts.items()]
    metrics.append(prf("occupation who+position", gold=facts["occ_gold"], predicted=facts["occ_pred"],
                       matched=facts["occ_match"]))
    metrics.append(prf("occupation who+position+where", gold=facts["occw_gold"], predicted=facts["occ_pred"],
                       matched=facts["occw_match"]))
    metrics.append(prf("meetings found", gold=facts["meet_gold"], predicted=facts["meet_pred"],
                       matched=facts["meet_found"]))
    return {"format": "factrueval", "documents": len(docs), "metrics": metrics, "skipped": []}


def _count(counts: dict[str, Counter], gold: set, found: set) -> None:
    for t in TYPES:
        g = {m for m in gold if m[2] == t}
        p = {m for m in found if m[2] == t}
        counts[t].update(gold=len(g), pred=len(p), matched=len(g & p))
