"""Actor mentions: people, organisations, states, groups and alliances, linked to article-level Actors.

spaCy's NER gives the first candidates; a gazetteer PhraseMatcher run over the finished Doc (so the
shared cached pipeline is never changed) corrects and completes them: outlets, IGOs, groups, states,
demonyms, capitals read as governments, and state institutions. General repairs follow for what a
small model gets wrong: acronyms defined in the text, people found from titles and appositions,
surname-only and definite-description mentions linked to the full mention they refer to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from unidecode import unidecode

from ..records import Actor, Article, Mention, Role, make_id
from .gazetteer import Entry, Gazetteer, gazetteer_matcher, load_gazetteer
from .metonymy import is_government_reading
from .roles import extract_roles, is_title_word

__all__ = ["extract_actors", "is_government_reading", "actor_key", "person_key"]

KIND_OF_LABEL = {"PERSON": "person", "ORG": "organization", "GPE": "state", "NORP": "state"}
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9&]{1,7}$")
_HONORIFICS = {"mr", "mrs", "ms", "dr", "sir"}


@dataclass(slots=True)
class Candidate:
    """A mention before linking: token span, what it is, and the key of its actor."""

    start: int
    end: int
    label: str
    kind: str
    key: str | None = None
    entry: Entry | None = None
    country: str | None = None
    confidence: float = 0.8
    ref: Candidate | None = None


def person_key(name: str) -> str:
    """Normalised name a person's (or an unlisted organisation's) Actor id is hashed from."""
    words = re.sub(r"[^\w\s-]", " ", unidecode(name).lower()).split()
    return " ".join(w for w in words if w not in _HONORIFICS)


def actor_key(name: str, entry: Entry | None = None, article_id: str = "") -> str:
    """Canonical key: the gazetteer key for listed actors, shared by every article; else the
    normalised name scoped to the article, so that two people sharing a name in different
    articles stay apart until the resolver finds evidence that they are one."""
    return entry.key if entry else f"{article_id}:{person_key(name)}"


def extract_actors(doc: Doc, article: Article) -> tuple[list[Mention], list[Actor]]:
    """Every actor mention in ``doc`` with its span, each linked to an article-level Actor."""
    gaz = load_gazetteer()
    matches = _gazetteer_spans(doc, gaz)
    cands = _from_entities(doc, matches, gaz)
    cands = _add_outside(cands, _from_matches(doc, matches, cands, gaz))
    cands = _add_outside(cands, _from_acronyms(doc, cands))
    cands = _add_outside(cands, _from_person_context(doc, cands, gaz))
    _relabel_surnames(doc, cands)
    cands = _add_outside(cands, _surname_mentions(doc, cands))
    cands = _add_outside(cands, _definite_mentions(doc, cands, gaz))
    return _build_records(doc, article, sorted(cands, key=lambda c: c.start), gaz)


def _gazetteer_spans(doc: Doc, gaz: Gazetteer) -> list[Span]:
    matcher = gazetteer_matcher(doc.vocab, gaz)
    spans = filter_spans([doc[s:e] for _, s, e in matcher(doc)])
    spans = [doc[_strip_det(doc, s.start, s.end):s.end] for s in spans]
    return [s for s in spans if not _inside_hyphenated(doc, s)]


def _inside_hyphenated(doc: Doc, span: Span) -> bool:
    """"Post-Soviet", "pro-Russian": a gazetteer word glued to a prefix is no mention."""
    before = doc[span.start - 1] if span.start else None
    return bool(before is not None and before.text == "-" and not before.whitespace_ and span.start >= 2
                and doc[span.start - 2].is_lower)


def _strip_det(doc: Doc, start: int, end: int) -> int:
    while start < end - 1 and doc[start].lower_ in {"the", "a", "an"}:
        start += 1
    return start


def _entry_candidate(span: Span, entry: Entry, confidence: float = 0.95) -> Candidate:
    return Candidate(span.start, span.end, entry.label, entry.kind, entry.key, entry, entry.country, confidence)


def _from_entities(doc: Doc, matches: list[Span], gaz: Gazetteer) -> list[Candidate]:
    """Candidates from NER entities, corrected by the gazetteer matches inside them."""
    cands = []
    for ent in doc.ents:
        if ent.label_ not in KIND_OF_LABEL:
            continue
        start, end = _strip_det(doc, ent.start, ent.end), ent.end
        while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].tag_ == "POS"):
            end -= 1  # "Sri Lanka's": the possessive ending is no part of the name
        inner = [m for m in matches if m.start >= start and m.end <= end]
        cand = _classify_entity(doc, doc[start:end], ent.label_, inner, gaz)
        if cand:
            cands.append(cand)
    return cands


def _classify_entity(doc: Doc, span: Span, label: str, inner: list[Span], gaz: Gazetteer) -> Candidate | None:
    whole = next((m for m in inner if m.start == span.start and m.end == span.end), None)
    if whole is not None:
        entry = gaz.forms[whole.text]
        if entry.source == "capitals" and not is_government_reading(whole):
            return None
        return _institution_after(doc, whole, gaz) or _entry_candidate(whole, entry)
    institution = _institution(doc, span, gaz)
    if institution:
        return institution
    if _named_place(doc, span):
        return None
    if label == "PERSON":
        return _person_entity(doc, span, inner, gaz)
    if label == "ORG" and not _inside_title(doc, span, gaz) and any(t.is_title or t.is_upper for t in span):
        return _org_entity(doc, span, inner, gaz)  # (a lower-case "navy" or "army" names no organisation)
    return None


PLACE_NOUNS = {"town", "city", "village", "port", "capital", "region", "province", "district", "settlement",
               "enclave", "island", "county", "municipality", "suburb", "hamlet", "neighbourhood", "neighborhood"}


def _named_place(doc: Doc, span: Span) -> bool:
    """"the town of Alamata", "the Russian city of Belgorod": a name the NER took for a person or
    an organisation that the words before it call a place."""
    return span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in PLACE_NOUNS


def _inside_title(doc: Doc, span: Span, gaz: Gazetteer) -> bool:
    """"State" in "Secretary of State": a word of a multiword title, not an organisation."""
    if all(is_title_word(t, gaz) for t in span):
        return True
    return any(span.start >= n and doc[span.start - n:span.end].text.lower() in gaz.titles for n in (2, 3))


def _person_entity(doc: Doc, span: Span, inner: list[Span], gaz: Gazetteer) -> Candidate | None:
    """A PERSON entity; an outlet or group name at its start makes it an organisation."""
    head = next((m for m in inner if m.start == span.start and gaz.forms[m.text].source != "states"), None)
    if head is not None and gaz.forms[head.text].kind != "state":
        entry = gaz.forms[head.text]
        return Candidate(span.start, span.end, "ORG", entry.kind, entry.key, entry, entry.country, 0.85)
    start = span.start
    while start < span.end - 1 and (is_title_word(doc[start], gaz) or doc[start].text in gaz.demonyms):
        start += 1
    if any(t.lower_ in gaz.org_words for t in doc[start:span.end]):
        return Candidate(start, span.end, "ORG", "organization")
    return Candidate(start, span.end, "PERSON", "person")


def _org_entity(doc: Doc, span: Span, inner: list[Span], gaz: Gazetteer) -> Candidate:
    if _looks_like_person(doc, span, gaz) and _has_person_context(doc, span, gaz):
        return Candidate(span.start, span.end, "PERSON", "person", confidence=0.6)
    head = next((m for m in inner if m.start == span.start and gaz.forms[m.text].kind != "state"), None)
    if head is not None and gaz.forms[head.text].source == "media":
        entry = gaz.forms[head.text]
        return Candidate(span.start, span.end, "ORG", entry.kind, entry.key, entry, entry.country, 0.85)
    country = next((gaz.forms[m.text].country for m in inner if gaz.forms[m.text].kind == "state"
                    and _names_its_state(doc, m, gaz)), None)
    return Candidate(span.start, span.end, "ORG", "organization", country=country or _country_after(doc, span, gaz))


def _names_its_state(doc: Doc, inner: Span, gaz: Gazetteer) -> bool:
    """A state word inside an organisation's name gives its country unless it is glued to a prefix
    ("Post-Soviet") or names a state that no longer exists (what the organisation studies, not where it is)."""
    glued = inner.start > 0 and doc[inner.start - 1].text == "-" and not doc[inner.start - 1].whitespace_
    return not glued and gaz.forms[inner.text].country not in _former_states()


def _country_after(doc: Doc, span: Span, gaz: Gazetteer) -> str | None:
    """"State National Security Committee of Tajikistan": the state named right after the organisation."""
    if span.end + 1 >= len(doc) or doc[span.end].lower_ != "of":
        return None
    for size in (3, 2, 1):
        if span.end + 1 + size <= len(doc):
            country = gaz.country_of(doc[span.end + 1:span.end + 1 + size].text)
            if country and country not in _former_states():
                return country
    return None


@lru_cache(maxsize=1)
def _former_states() -> frozenset[str]:
    from .gazetteer import data_dir

    lines = (data_dir() / "former_states.txt").read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


def _institution(doc: Doc, span: Span, gaz: Gazetteer) -> Candidate | None:
    """"Russian Foreign Ministry", "Security Council of Russia" → an organisation coded RUSGOV."""
    words = [t.text for t in span]
    lower = [w.lower() for w in words]
    for size in (3, 2, 1):
        country = gaz.country_of(" ".join(words[:size]))
        if country and " ".join(lower[size:]) in gaz.heads:
            return _institution_candidate(span, country, gaz.heads[" ".join(lower[size:])])
    if "of" in lower:
        cut = len(lower) - 1 - lower[::-1].index("of")
        country = gaz.country_of(" ".join(words[cut + 1:]))
        head = " ".join(w for w in lower[:cut] if w not in {"the", "state"})
        if country and any(head.endswith(h) for h in gaz.heads):
            suffix = next(gaz.heads[h] for h in sorted(gaz.heads, key=len, reverse=True) if head.endswith(h))
            return _institution_candidate(span, country, suffix)
    return None


def _institution_candidate(span: Span, country: str, suffix: str) -> Candidate:
    cand = Candidate(span.start, span.end, "ORG", "organization", country=country, confidence=0.85)
    cand.entry = Entry("", country + suffix, "organization", span.text, "ORG", "pattern", country)
    return cand


def _looks_like_person(doc: Doc, span: Span, gaz: Gazetteer) -> bool:
    """Two to four capitalised words, none an organisation word, title or acronym."""
    tokens = list(span)
    return 2 <= len(tokens) <= 6 and all(
        t.text == "-" or t.is_title and t.is_alpha and t.lower_ not in gaz.org_words and not is_title_word(t, gaz)
        and t.text not in gaz.forms for t in tokens
    )


def _has_person_context(doc: Doc, span: Span, gaz: Gazetteer) -> bool:
    """A title before ("Foreign Minister X"), an apposition after ("X, a political scientist"),
    a person conjunct ("X and Y") or a speech verb it is the subject of."""
    before = doc[span.start - 1] if span.start else None
    if before is not None and is_title_word(before, gaz) and not before.is_upper:
        return True
    after = doc[span.end:span.end + 6]
    if len(after) >= 2 and after[0].text == ",":
        words = [t for t in after[1:] if t.lower_ not in {"a", "an", "the"}]
        if any(is_title_word(t, gaz) and t.is_lower for t in words[:4]):
            return True
    for other in doc.ents:
        gap = other.start - span.end if other.start >= span.end else span.start - other.end
        if other.label_ == "PERSON" and other.start != span.start and 0 <= gap <= 2:
            if "and" in {t.lower_ for t in doc[min(span.end, other.end):max(span.start, other.start)]}:
                return True
    root = span.root
    return root.dep_ == "nsubj" and root.head.lemma_ in {"say", "tell", "add", "explain", "note", "write"}


def _overlaps(cand: Candidate, others: list[Candidate]) -> bool:
    return any(cand.start < o.end and o.start < cand.end for o in others)


def _add_outside(cands: list[Candidate], new: list[Candidate]) -> list[Candidate]:
    kept = list(cands)
    for cand in new:
        if not _overlaps(cand, kept):
            kept.append(cand)
    return kept


def _from_matches(doc: Doc, matches: list[Span], cands: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """Gazetteer matches NER missed; demonyms followed by an institution word become institutions."""
    found = []
    for span in matches:
        entry = gaz.forms[span.text]
        if entry.source == "demonyms" or entry.source == "aliases":
            institution = _institution_after(doc, span, gaz)
            if institution:
                found.append(institution)
                continue
        if any(c.start <= span.start and span.end <= c.end for c in cands):
            continue
        if entry.source == "capitals" and not is_government_reading(span):
            continue
        found.append(_entry_candidate(span, entry))
    return found


def _institution_after(doc: Doc, span: Span, gaz: Gazetteer) -> Candidate | None:
    """"the Russian embassy": a country word followed by an institution head."""
    for size in (3, 2, 1):
        end = span.end + size
        if end <= len(doc) and " ".join(t.lower_ for t in doc[span.end:end]) in gaz.heads:
            if not doc[end - 1].is_title and end < len(doc) and doc[end].is_title:
                return None
            return _institution(doc, doc[span.start:end], gaz)
    return None


def _from_acronyms(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """"the Collective Security Treaty Organization (CSTO)": the acronym, and its later uses."""
    found, defined = [], {}
    by_end = {c.end: c for c in cands}
    for tok in doc[2:-1]:
        long = by_end.get(tok.i - 1)
        if tok.nbor(-1).text == "(" and tok.nbor(1).text == ")" and _ACRONYM.match(tok.text) and long:
            initials = "".join(t.text[0] for t in doc[long.start:long.end] if t.is_title or t.is_upper)
            if initials.upper() == tok.text.upper() or tok.text.upper() in initials.upper():
                defined[tok.text] = long
    for tok in doc:
        if tok.text in defined:
            long = defined[tok.text]
            found.append(replace(long, start=tok.i, end=tok.i + 1, confidence=0.8, ref=long))
    return found


def _from_person_context(doc: Doc, cands: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """Runs of capitalised proper nouns NER missed that a title or apposition marks as a person."""
    found, i = [], 0
    while i < len(doc):
        j = i
        while j < len(doc) and doc[j].pos_ == "PROPN" and doc[j].is_title and doc[j].is_alpha:
            j += 1
        if j - i >= 2:
            span = doc[i:j]
            while span.start < span.end - 2 and is_title_word(span[0], gaz):
                span = doc[span.start + 1:span.end]
            probe = Candidate(span.start, span.end, "PERSON", "person", confidence=0.6)
            if not _overlaps(probe, cands) and _looks_like_person(doc, span, gaz) and _has_person_context(doc, span, gaz):
                found.append(probe)
        i = max(j, i + 1)
    return found


def _full_people(cands: list[Candidate]) -> list[Candidate]:
    return [c for c in cands if c.kind == "person" and c.end - c.start >= 2]


def _relabel_surnames(doc: Doc, cands: list[Candidate]) -> None:
    """A one-word ORG/GPE entity equal to a known person's surname is that person ("Ghani")."""
    surnames = {doc[c.end - 1].text for c in _full_people(cands)}
    for cand in cands:
        if cand.entry is None and cand.end - cand.start == 1 and doc[cand.start].text in surnames:
            cand.label, cand.kind = "PERSON", "person"


def _surname_mentions(doc: Doc, cands: list[Candidate]) -> list[Candidate]:
    """Untagged later uses of a known person's surname."""
    surnames = {doc[c.end - 1].text for c in _full_people(cands)}
    return [Candidate(t.i, t.i + 1, "PERSON", "person", confidence=0.7) for t in doc if t.text in surnames and t.is_title]


def _definite_mentions(doc: Doc, cands: list[Candidate], gaz: Gazetteer) -> list[Candidate]:
    """"the embassy", "the ministry": a definite head noun naming an earlier institution."""
    found = []
    for tok in doc[1:]:
        if tok.nbor(-1).lower_ != "the" or tok.lower_ not in gaz.heads or tok.i + 1 < len(doc) and tok.nbor(1).is_title:
            continue
        earlier = [c for c in cands if c.end <= tok.i and c.kind != "person" and doc[c.end - 1].lower_ == tok.lower_]
        if earlier:
            found.append(replace(earlier[-1], start=tok.i, end=tok.i + 1, confidence=0.7, ref=earlier[-1]))
    return found


def _link_people(doc: Doc, cands: list[Candidate]) -> dict[int, Candidate]:
    """Map each short person mention to the full mention it refers to (nearest before, else first)."""
    full = _full_people(cands)
    links = {}
    for cand in cands:
        if cand.kind != "person" or cand in full:
            continue
        word = doc[cand.start:cand.end].text
        owners = [f for f in full if word in (doc[f.end - 1].text, doc[f.start].text)]
        if owners:
            before = [f for f in owners if f.start < cand.start]
            links[cand.start] = (before or owners)[-1]
    return links


def _person_name(doc: Doc, cand: Candidate) -> str:
    return doc[cand.start:cand.end].text.removesuffix("'s").removesuffix("’s")


def _title_mentions(doc: Doc, cands: list[Candidate], roles: dict[int, list[Role]], gaz: Gazetteer) -> list[Candidate]:
    """"the Secretary General": a title alone, after a person holding it was named."""
    found = []
    for tok in doc[1:]:
        if tok.nbor(-1).lower_ != "the" or not is_title_word(tok, gaz):
            continue
        end = tok.i
        while end < len(doc) and is_title_word(doc[end], gaz):
            end += 1
        if end < len(doc) and (doc[end].pos_ == "PROPN" or doc[end].lower_ in {"of", "for"}):
            continue
        title = doc[tok.i:end].text.lower()
        holders = [c for c in cands if c.start < tok.i and any(r.title.lower() == title for r in roles.get(c.start, ()))]
        if holders:
            found.append(replace(holders[-1], start=tok.i, end=end, confidence=0.6, ref=holders[-1]))
    return found


def _build_records(doc: Doc, article: Article, cands: list[Candidate], gaz: Gazetteer):
    roles = {c.start: extract_roles(doc, doc[c.start:c.end], article, gaz) for c in _full_people(cands)}
    cands = sorted(_add_outside(cands, _title_mentions(doc, cands, roles, gaz)), key=lambda c: c.start)
    links = _link_people(doc, cands)
    actors: dict[str, dict] = {}
    mentions = []
    for cand in cands:
        owner = cand.ref or links.get(cand.start, cand)
        text = doc[cand.start:cand.end].text
        name = owner.entry.name if owner.entry else _person_name(doc, owner)
        listed = owner.entry if owner.entry and owner.entry.source != "pattern" else None
        key = owner.key or actor_key(name, listed, article.id)
        info = actors.setdefault(key, {"name": name, "kind": owner.kind, "code": owner.entry.code if owner.entry else None,
                                       "country": owner.country, "aliases": [], "roles": []})
        if owner is cand and cand.kind == "person" and len(name) > len(info["name"]):
            info["name"] = name
        info["aliases"].append(text)
        info["roles"].extend(roles.get(cand.start, ()) if owner is cand else ())
        span = doc[cand.start:cand.end]
        mentions.append(Mention(article.id, span.start_char, span.end_char, text, cand.label, cand.kind,
                                make_id("actor", key), confidence=cand.confidence))
    return mentions, [_actor(key, info) for key, info in actors.items()]


def _actor(key: str, info: dict) -> Actor:
    roles = tuple(dict.fromkeys(info["roles"]))
    country = info["country"] or next((r.country for r in roles if r.country), None)
    aliases = tuple(a for a in dict.fromkeys(info["aliases"]) if a != info["name"])
    return Actor(make_id("actor", key), info["name"], info["kind"], country, info["code"], aliases, roles)
