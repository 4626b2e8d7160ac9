"""Russian actor mentions: people (nominative names, Latin spelling, Cyrillic alias), organisations with
their full extent ("МИД Грузии"), states, governments by metonymy ("Москва заявила"), alliances (ОДКБ,
НАТО, ШОС) and armed groups ("движение «Талибан» (запрещено в РФ)" is the Taliban; the legal note is
dropped). Listed actors share the English gazetteer's ids, so both languages name one actor."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ...extract.actors import actor_key
from ...extract.gazetteer import Entry
from ...records import Actor, Article, Mention, Role, make_id
from .lexicon import RuLexicon
from .model import RuDoc, Token, nominative
from .translit import transliterate

LABELS = {"person": "PERSON", "organization": "ORG", "group": "ORG", "state": "GPE"}
_LEGAL_NOTE = {"запретить", "запрещенный", "запрещать", "террористический", "экстремистский", "признать",
               "деятельность", "иноагент", "иностранный"}
# Verbs whose subject, a capital city, stands for its government ("Москва заявила").
_AGENT_RELS = {"nsubj", "nsubj:pass"}
_ORG_DESCRIPTORS = {"движение", "партия", "компания", "организация", "группировка", "концерн", "холдинг",
                    "агентство", "банк", "корпорация", "оао", "зао", "ооо", "пао", "фонд", "издание", "газета",
                    "телеканал", "радиостанция", "союз", "центр"}


@dataclass(slots=True)
class Cand:
    """A mention before linking: token span, kind, and (for listed actors) the English gazetteer entry."""

    start: int
    end: int
    kind: str
    entry: Entry | None = None
    country: str | None = None
    code: str | None = None
    normal: str = ""
    confidence: float = 0.85
    ref: Cand | None = None


def legal_notes(doc: RuDoc) -> set[int]:
    """Tokens inside parenthesised legal notes: "(запрещено в РФ)", "(признана террористической)"."""
    out: set[int] = set()
    opened = None
    for tok in doc.tokens:
        if tok.text == "(":
            opened = tok.i
        elif tok.text == ")" and opened is not None:
            inside = doc.tokens[opened + 1:tok.i]
            if inside and len(inside) <= 12 and any(t.lemma in _LEGAL_NOTE for t in inside):
                out.update(range(opened, tok.i + 1))
            opened = None
    return out


def gazetteer_matches(doc: RuDoc, lex: RuLexicon) -> list[tuple[int, int, Entry]]:
    """Longest lemma-sequence matches of listed actors, case rules kept (acronyms upper, names capitalised)."""
    found, i, tokens = [], 0, doc.tokens
    while i < len(tokens):
        for size in range(min(lex.longest, len(tokens) - i), 0, -1):
            words = tokens[i:i + size]
            if any(w.sent != words[0].sent for w in words):
                continue
            hit = lex.forms.get(tuple(w.lemma for w in words)) or lex.forms.get(tuple(w.text.lower() for w in words))
            if hit and _case_fits(words, hit[1]):
                found.append((i, i + size, hit[0]))
                i += size - 1
                break
        i += 1
    return found


def _case_fits(words: list[Token], upper: bool) -> bool:
    if upper:
        return all(w.text.replace("-", "").isupper() or not w.text.isalpha() for w in words)
    return words[0].text[:1].isupper() or words[0].text[:1].isdigit() or words[0].lemma == "талиб"


def extract_actors(doc: RuDoc, article: Article, lex: RuLexicon) -> tuple[list[Mention], list[Actor]]:
    """Every actor mention with its span, each linked to an article-level Actor."""
    notes = legal_notes(doc)
    cands = _listed(doc, lex, notes)
    for ent in doc.ents:
        if any(i in notes for i in range(ent.start, ent.end)):
            continue
        cand = _from_entity(doc, ent, lex, cands)
        if cand is not None:
            cands = [c for c in cands if not (cand.start <= c.start and c.end <= cand.end)]
            if not any(c.start < cand.end and cand.start < c.end for c in cands):
                cands.append(cand)
    cands.sort(key=lambda c: c.start)
    cands += _surname_mentions(doc, cands, notes)
    return _build(doc, article, sorted(cands, key=lambda c: c.start), lex)


def _listed(doc: RuDoc, lex: RuLexicon, notes: set[int]) -> list[Cand]:
    out = []
    for start, end, entry in gazetteer_matches(doc, lex):
        if start in notes:
            continue
        if entry.source == "capitals" and doc.tokens[start].rel not in _AGENT_RELS:
            continue  # "в Москве" is a place; "Москва заявила" is Russia's government
        out.append(Cand(start, end, entry.kind, entry, entry.country, entry.code, confidence=0.95))
    return out


def _from_entity(doc: RuDoc, ent, lex: RuLexicon, listed: list[Cand]) -> Cand | None:
    if ent.type == "PER":
        if any(c.start <= ent.start and ent.end <= c.end for c in listed):
            return None
        return Cand(ent.start, ent.end, "person", normal=person_normal(doc, ent.start, ent.end), confidence=0.85)
    if ent.type != "ORG":
        return None
    start, end = _org_extent(doc, ent.start, ent.end, lex)
    inner = [c for c in listed if start <= c.start and c.end <= end]
    whole = next((c for c in inner if c.start == start and c.end == end), None)
    if whole is not None:
        return None  # the listed actor already covers it
    country = next((c.country for c in inner if c.kind == "state"), None) or _adjective_country(doc, start, lex)
    lemmas = tuple(t.lemma for t in doc.tokens[start:end])
    suffix = next((s for head, s in sorted(lex.heads.items(), key=lambda h: -len(h[0]))
                   if lemmas[:len(head)] == head), None)
    code = country + suffix if country and suffix else None
    head_entity = next((c for c in inner if c.kind != "state"), None)
    if head_entity is not None and code is None:
        return replace(head_entity, start=start, end=end)  # "движение «Талибан»" stays the Taliban
    normal = _org_normal(doc, ent, start, end)
    return Cand(start, end, "organization", country=country, code=code, normal=normal, confidence=0.8)


def _org_extent(doc: RuDoc, start: int, end: int, lex: RuLexicon) -> tuple[int, int]:
    """An ORG entity widened over the genitive names that complete it ("МИД" + "Грузии", "Совета
    безопасности" + "России") and a descriptor before a quoted name ("движение «Талибан»")."""
    tokens = doc.tokens
    while end < len(tokens) and tokens[end].case == "Gen" and tokens[end].pos == "PROPN" \
            and tokens[end].sent == tokens[start].sent and tokens[end].head in range(start, end):
        end += 1
    if start >= 2 and tokens[start - 1].text in "«\"„" and tokens[start - 2].lemma in _ORG_DESCRIPTORS:
        start -= 2
        if end < len(tokens) and tokens[end].text in "»\"“":
            end += 1
    return start, end


def _adjective_country(doc: RuDoc, start: int, lex: RuLexicon) -> str | None:
    return lex.adjectives.get(doc.tokens[start - 1].lemma) if start else None


def _org_normal(doc: RuDoc, ent, start: int, end: int) -> str:
    if start == ent.start and end == ent.end:
        return ent.normal
    return nominative(doc, start, end)


def person_normal(doc: RuDoc, start: int, end: int) -> str:
    """A person's name in the nominative: each word's lemma (given its case) in its written shape."""
    words = []
    oblique = any(t.case not in (None, "Nom") for t in doc.tokens[start:end] if t.pos in ("PROPN", "NOUN"))
    for tok in doc.tokens[start:end]:
        if tok.text in "-." or not tok.text[:1].isalpha():
            words.append(tok.text)
            continue
        word = tok.text if not oblique or len(tok.text) <= 2 else tok.lemma
        words.append(word[:1].upper() + word[1:] if word.islower() else word)
    return re.sub(r"\s*-\s*", "-", " ".join(words)).replace(" .", ".")


def _surname_mentions(doc: RuDoc, cands: list[Cand], notes: set[int]) -> list[Cand]:
    """Untagged later uses of a known person's surname, in any case form."""
    full = {doc.tokens[c.end - 1].lemma: c for c in cands if c.kind == "person" and c.end - c.start >= 2}
    taken = {i for c in cands for i in range(c.start, c.end)}
    out = []
    for tok in doc.tokens:
        if tok.i not in taken and tok.i not in notes and tok.lemma in full and tok.text[:1].isupper():
            out.append(Cand(tok.i, tok.i + 1, "person", normal=tok.text, confidence=0.7, ref=full[tok.lemma]))
    return out


def _link_people(doc: RuDoc, cands: list[Cand]) -> dict[int, Cand]:
    """Each short person mention → the full mention it names (same surname lemma; nearest before)."""
    full = [c for c in cands if c.kind == "person" and c.end - c.start >= 2]
    links = {}
    for cand in cands:
        if cand.kind != "person" or cand in full:
            continue
        lemma = doc.tokens[cand.end - 1].lemma
        owners = [f for f in full if lemma in (doc.tokens[f.end - 1].lemma, doc.tokens[f.start].lemma)]
        if owners:
            before = [f for f in owners if f.start < cand.start]
            links[cand.start] = (before or owners)[-1]
    return links


def _build(doc: RuDoc, article: Article, cands: list[Cand], lex: RuLexicon) -> tuple[list[Mention], list[Actor]]:
    from .roles import extract_roles

    links = _link_people(doc, cands)
    roles = {c.start: extract_roles(doc, c.start, c.end, article, lex)
             for c in cands if c.kind == "person" and c.end - c.start >= 2}
    actors: dict[str, dict] = {}
    mentions = []
    for cand in cands:
        owner = cand.ref or links.get(cand.start, cand)
        text = doc.span_text(cand.start, cand.end)
        cyrillic = owner.normal or doc.span_text(owner.start, owner.end)
        if owner.entry is not None:
            name, key = owner.entry.name, owner.entry.key
        else:
            name = transliterate(cyrillic)
            key = actor_key(name, None, article.id)
        info = actors.setdefault(key, {"name": name, "kind": owner.kind, "code": owner.code,
                                       "country": owner.country, "aliases": [], "roles": []})
        if owner.entry is None:
            info["aliases"].append(cyrillic)
        info["aliases"].append(text)
        info["roles"].extend(roles.get(cand.start, ()) if owner is cand else ())
        label = owner.entry.label if owner.entry is not None else LABELS.get(owner.kind, "ORG")
        mentions.append(Mention(article.id, doc.tokens[cand.start].start, doc.tokens[cand.end - 1].end, text,
                                label, owner.kind, make_id("actor", key), confidence=cand.confidence))
    return mentions, [_actor(key, info) for key, info in actors.items()]


def _actor(key: str, info: dict) -> Actor:
    roles: tuple[Role, ...] = tuple(dict.fromkeys(info["roles"]))
    country = info["country"] or next((r.country for r in roles if r.country), None)
    aliases = tuple(a for a in dict.fromkeys(info["aliases"]) if a != info["name"])
    return Actor(make_id("actor", key), info["name"], info["kind"], country, info["code"], aliases, roles)
