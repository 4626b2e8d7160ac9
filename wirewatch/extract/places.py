"""Place mentions: toponyms from the NER plus gazetteer matches, resolved to GeoNames-derived places.

Resolution scores each candidate by population, feature type, whether its name is the primary one,
and the article's context (countries and first-level subdivisions mentioned, 'City, State' pairs).
A name the gazetteer does not know stays an unresolved mention rather than being snapped elsewhere.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from ..geo import Candidate, Gazetteer, get_gazetteer, normalise_name
from ..geo.features import LINEAR
from ..records import Article, Mention, Place, make_id
from .place_recall import context_of, recall_spans

PLACE_LABELS = {"GPE", "LOC", "FAC"}
OTHER_LABELS = {"NORP", "ORG", "PERSON", "PRODUCT"}
_TITLE = re.compile(
    r"^(mr|ms|mrs|miss|dr|sen|rep|gov|gen|col|sgt|lt|capt|prof|president|minister|judge)\.?$", re.I
)
_NATURAL = re.compile(r"^(river|lake|sea|mountains?|valley|gorge|strait|gulf|bay|desert|plateau|pass)$", re.I)
_AIRFIELD = re.compile(r"^(airbase|air base|airfield|airport|air field|airstrip)$", re.I)
_CROSSING = re.compile(r"^(bridge|crossing|checkpoint|border crossing)$", re.I)
_GENERIC = re.compile(r"\s+(city|province|region|oblast|state|district|governorate|prefecture|municipality)$")
_COMPASS = ("north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest")
_PARTS = {**{w: w for w in _COMPASS}, **{f"{w}ern": w for w in _COMPASS}}
_OFFSETS = {"north": (0.25, 0.0), "south": (-0.25, 0.0), "east": (0.0, 0.25), "west": (0.0, -0.25)}
_FEATURE_BONUS = {"A.PCLI": 4.0, "L.CONT": 4.0, "A.ADM1": 1.5, "P.PPLC": 2.5, "A.ADM2": -0.5,
                  "S.AIRB": -2.0, "S.AIRP": -2.0, "L.RGN": 3.0, "H.SEA": 3.0, "H.GULF": 3.0, "H.STRT": 3.0,
                  "H.LK": 2.0, "H.STM": 1.5, "H.CNL": 2.0, "T.MTS": 2.0, "T.VAL": 1.5, "T.PASS": 1.5,
                  "S.BDG": 1.5, "S.PSTB": 1.5, "S.DAM": 1.5, "L.AREA": 2.0, "H.OCN": 3.0}
_POSSESSIVE = re.compile(r"['’]s?$")
_DISEASE_WORDS = {"virus", "fever", "flu", "disease", "strain", "syndrome", "encephalitis"}
_ABBREV = re.compile(r"^(?:[A-Z][a-z]{1,4}\.|(?:[A-Z]\.){2,3})$")
_ABBREV_AFTER = re.compile(r",\s((?:[A-Z][a-z]{1,4}\.|(?:[A-Z]\.){2,3}))(?=[\s,;:)\]]|$)")
_NAME_AFTER = re.compile(r",\s([A-Z][\w\-]+(?: [A-Z][\w\-]+){0,2})")
_BIG_CITY = 100_000
_WIDE = ("A.PCLI", "L.CONT", "A.ADM1")


@dataclass(slots=True)
class _Toponym:
    """A span to resolve: text and offsets, NER label, lookup key, preferred kind."""

    start: int
    end: int
    text: str
    label: str
    key: str
    kind: str = ""  # "", "airfield", "natural", "crossing", "border", "abbrev"
    part: str = ""  # "north", "south"... of the place named
    country: str = ""  # the state the words before name ("the Armenian town of X")
    near: list[_Toponym] = field(default_factory=list)  # toponyms right after ', ' ('Paris, Texas')
    candidates: list[Candidate] = field(default_factory=list)


def extract_places(
    doc: Doc, article: Article, gazetteer: Gazetteer | None = None
) -> tuple[list[Mention], list[Place]]:
    """Place mentions in ``doc`` and the distinct places they resolve to."""
    gaz = gazetteer or get_gazetteer()
    toponyms = _collect(doc, gaz)
    context = _context(toponyms)
    first = [_resolve(top, context, gaz) for top in toponyms]
    context.anchors = [(top.key, best) for top, (best, conf) in zip(toponyms, first)
                       if best is not None and conf >= 0.75 and best.feature not in _WIDE]
    chosen = [_resolve(top, context, gaz) for top in toponyms]
    _resolve_abbreviations(toponyms, chosen, gaz, context)
    mentions: list[Mention] = []
    places: dict[str, Place] = {}
    for top, (best, confidence) in zip(toponyms, chosen):
        if top.kind == "abbrev" and best is None:
            continue  # 'M.D.', 'No.': an abbreviation that names no region is not a toponym
        if top.kind == "border":
            place = _border_place(top, gaz)
        elif best is not None and top.part:
            place = _part_place(top.part, best, gaz)
        else:
            place = place_record(best) if best else None
        if place is not None:
            places.setdefault(place.id, place)
        mentions.append(Mention(article.id, top.start, top.end, top.text, top.label, kind="place",
                                place_id=place.id if place else None, confidence=round(confidence, 3)))
    return mentions, list(places.values())


# ---------------------------------------------------------------- recognition


def _collect(doc: Doc, gaz: Gazetteer) -> list[_Toponym]:
    """Toponym spans: place entities, place-named entities with other labels, borders, gazetteer hits."""
    text = doc.text
    persons = {normalise_name(e.text) for e in doc.ents if e.label_ == "PERSON"}
    persons |= {normalise_name(e[-1].text) for e in doc.ents if e.label_ == "PERSON" and len(e) > 1}
    # a name the NER also gives a person ('Ghani') vouches for nothing unless the gazetteer knows it well
    place_texts = {key for key in (normalise_name(e.text) for e in doc.ents if e.label_ in PLACE_LABELS)
                   if key not in persons or _names_a_place(key, gaz, set())}
    found: list[_Toponym] = []
    taken: set[int] = set()
    for ent in doc.ents:
        key = normalise_name(ent.text)
        titled = ent.start > 0 and _TITLE.match(doc[ent.start - 1].text)
        if ent.label_ == "GPE" and (titled or key in persons) and not _names_a_place(key, gaz, set()):
            continue
        top = _from_entity(ent, text, gaz, place_texts)
        if top is None and ent.label_ in ("ORG", "FAC"):
            top = _embedded(ent, gaz)
        if top is not None:
            found.append(top)
            taken.update(range(ent.start, ent.end))
    found += _borders(doc, gaz, taken)
    found += _unlabelled(doc, gaz, taken)
    for top in found:
        if not top.candidates and top.kind != "border":
            top.candidates = _candidates(top, gaz)
    for top in found:
        span = doc.char_span(top.start, top.end, alignment_mode="expand")
        taken.update(range(span.start, span.end) if span is not None else ())
    context = context_of(top.candidates for top in found)
    for span in recall_spans(doc, gaz, taken, context):
        top = _Toponym(span.start_char, span.end_char, span.text, "GPE", normalise_name(span.text))
        _widen_to_part(doc, span.start, top)
        top.candidates = _candidates(top, gaz)
        found.append(top)
    found.sort(key=lambda t: t.start)
    found = _add_abbreviations(text, found)
    _link_pairs(text, found)
    return found


def _from_entity(ent: Span, text: str, gaz: Gazetteer, place_texts: set[str]) -> _Toponym | None:
    """The toponym an entity names, grown by a trailing 'River' / 'airbase' / 'bridge', or None."""
    doc = ent.doc
    start, end = ent.start, ent.end
    while start < end and doc[start].lower_ in ("the", "'s", "’s"):
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if start >= end or not _plausible(doc[start:end], ent.label_, text, gaz, place_texts):
        return None
    if end < len(doc) and doc[end].lower_ in _DISEASE_WORDS:
        return None  # 'West Nile virus', 'Ebola fever'
    end, kind = _suffix(doc, end)
    span = doc[start:end]
    label = {"airfield": "FAC", "crossing": "FAC", "natural": "LOC"}.get(kind, ent.label_)
    label = label if label in PLACE_LABELS else "GPE"
    name = _POSSESSIVE.sub("", span.text)
    top = _Toponym(span.start_char, span.start_char + len(name), name, label, normalise_name(name), kind)
    top.country = _country_before(span, gaz)
    _widen_to_part(doc, start, top)
    return top


def _plausible(span: Span, label: str, text: str, gaz: Gazetteer, place_texts: set[str]) -> bool:
    """Whether an entity can be a toponym: place labels unless a bare demonym or direction; other
    labels only for proper nouns that name a well-known place or precede ', <state>'."""
    key = normalise_name(span.text)
    if not span.text[:1].isupper() or key in _PARTS or key in ("central", "centre"):
        return False
    if _TITLE.match(span[0].text):
        return False
    if label in PLACE_LABELS:
        return not (gaz.demonym(key) and not gaz.has(key))
    if label not in OTHER_LABELS or any(t.pos_ != "PROPN" for t in span if not t.is_punct):
        return False
    return _names_a_place(key, gaz, place_texts) or _before_region(text, span.end_char, gaz) or (
        _after_place_noun(span) and gaz.has(key))


_PLACE_NOUNS = {"town", "city", "village", "port", "capital", "region", "province", "district", "settlement",
                "enclave", "island", "county", "municipality", "suburb", "hamlet", "neighbourhood", "neighborhood"}


def _after_place_noun(span: Span) -> bool:
    """'the town of Alamata', 'the Russian city of Belgorod': the words before call it a place."""
    doc = span.doc
    return span.start >= 2 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in _PLACE_NOUNS


def _country_before(span: Span, gaz: Gazetteer) -> str:
    """The state a demonym names in 'the Armenian border town of X' (ISO alpha-3), or ''."""
    if not _after_place_noun(span):
        return ""
    doc = span.doc
    for tok in reversed(doc[max(0, span.start - 6): span.start - 2]):
        if tok.lower_ in ("the", "a", "an") or tok.is_punct:
            break
        code = gaz.demonym(tok.text)
        if code:
            return code
    return ""


def _suffix(doc: Doc, end: int) -> tuple[int, str]:
    """Extend over a feature word after the name and say which kind of feature it is."""
    kind = "natural" if _NATURAL.match(doc[end - 1].text) else ""
    if end >= len(doc):
        return end, kind
    nxt = doc[end].text
    two = f"{nxt} {doc[end + 1].text}" if end + 1 < len(doc) else ""
    if _AIRFIELD.match(nxt):
        return end + 1, "airfield"
    if two and _AIRFIELD.match(two):
        return end + 2, "airfield"
    if _CROSSING.match(nxt):
        return end + 1, "crossing"
    if _NATURAL.match(nxt) and nxt[:1].isupper():
        return end + 1, "natural"
    return end, kind


def _widen_to_part(doc: Doc, start: int, top: _Toponym) -> None:
    """Grow 'X' into 'the north of X' or 'northern X', noting the part."""
    words = [t.lower_ for t in doc[max(0, start - 3) : start]]
    if len(words) >= 2 and words[-1] == "of" and words[-2] in _PARTS:
        first = start - 3 if len(words) == 3 and words[0] == "the" else start - 2
        top.part = _PARTS[words[-2]]
    elif words and words[-1] in _PARTS and words[-1].endswith("ern"):
        first, top.part = start - 1, _PARTS[words[-1]]
    else:
        return
    top.text = f"{doc[first:start].text} {top.text}"
    top.start = doc[first].idx


def _before_region(text: str, end_char: int, gaz: Gazetteer) -> bool:
    """Whether a state/country follows after a comma ('Churchill, Man.', 'Pandi, Bulacan')."""
    if _ABBREV_AFTER.match(text, end_char):
        return True
    m = _NAME_AFTER.match(text, end_char)
    return bool(m) and any(c.primary and c.feature in ("A.PCLI", "A.ADM1")
                           for c in gaz.lookup(m.group(1))[:5])


def _embedded(ent: Span, gaz: Gazetteer) -> _Toponym | None:
    """A well-known place inside an organisation's name ('Edmonton Police', 'Environment Canada')."""
    tokens = [t for t in ent if t.lower_ != "the"]
    if len(tokens) < 2:
        return None
    first, last = tokens[0].i, ent.end
    spans = [ent.doc[first : first + n] for n in (3, 2, 1) if n < len(tokens)]
    spans += [ent.doc[last - n : last] for n in (2, 1)]
    preps = [t.i for t in ent if t.lower_ in ("of", "in")]
    if preps and preps[-1] + 1 < ent.end:
        spans.insert(0, ent.doc[preps[-1] + 1 : ent.end])
    for span in spans:
        key = normalise_name(span.text)
        if span[0].text[:1].isupper() and _names_a_place(key, gaz, set()):
            return _Toponym(span.start_char, span.end_char, span.text, "GPE", key)
    return None


def _names_a_place(key: str, gaz: Gazetteer, place_texts: set[str]) -> bool:
    """An entity labelled NORP/ORG/PERSON counts as a place when its exact name is a well-known one."""
    if key in place_texts:
        return True
    if gaz.demonym(key):
        return False
    for c in gaz.lookup(key)[:5]:
        if c.primary and (c.feature in ("A.PCLI", "A.ADM1", "L.CONT") or c.population >= _BIG_CITY):
            return True
    return False


def _borders(doc: Doc, gaz: Gazetteer, taken: set[int]) -> list[_Toponym]:
    """'the Tajik-Afghan border' / 'the Afghanistan-Tajikistan border' → a border between two countries."""
    out = []
    for tok in doc:
        if tok.lower_ not in ("border", "frontier") or tok.i < 3:
            continue
        a, dash, b = doc[tok.i - 3], doc[tok.i - 2], doc[tok.i - 1]
        if dash.text not in ("-", "–", "—", "/"):
            continue
        codes = [_country_code(t.text, gaz) for t in (a, b)]
        if None in codes or codes[0] == codes[1]:
            continue
        span = doc[a.i : tok.i + 1]
        top = _Toponym(span.start_char, span.end_char, span.text, "LOC", normalise_name(span.text), "border")
        top.candidates = [c for c in (gaz.country(codes[0]), gaz.country(codes[1])) if c]
        out.append(top)
        taken.update(range(a.i, tok.i + 1))
    return out


def _country_code(word: str, gaz: Gazetteer) -> str | None:
    code = gaz.demonym(word)
    if code:
        return code
    cands = [c for c in gaz.lookup(word) if c.feature == "A.PCLI"]
    return cands[0].country if cands else None


def _unlabelled(doc: Doc, gaz: Gazetteer, taken: set[int]) -> list[_Toponym]:
    """Runs of proper nouns outside any entity whose longest prefix is a well-known place name."""
    out: list[_Toponym] = []
    i = 0
    while i < len(doc):
        tok = doc[i]
        if i in taken or tok.ent_type_ or tok.pos_ != "PROPN" or not tok.text[:1].isupper():
            i += 1
            continue
        for n in range(min(4, len(doc) - i), 0, -1):
            span = doc[i : i + n]
            words = [t for t in span if t.pos_ != "PUNCT"]
            if any(t.i in taken or t.ent_type_ or not t.text[:1].isupper() for t in words):
                continue
            key = normalise_name(span.text)
            if not gaz.demonym(key) and _names_a_place(key, gaz, set()):
                out.append(_Toponym(span.start_char, span.end_char, span.text, "GPE", key))
                i += n - 1
                break
        i += 1
    return out


def _add_abbreviations(text: str, found: list[_Toponym]) -> list[_Toponym]:
    """Abbreviated states after a place ('Paris, Ky.', 'Surrey, B.C.') become toponyms too."""
    starts = {t.start for t in found}
    extra = []
    for top in found:
        m = _ABBREV_AFTER.match(text, top.end)
        if m and m.start(1) not in starts:
            abbr = m.group(1)
            extra.append(_Toponym(m.start(1), m.end(1), abbr, "GPE", normalise_name(abbr), "abbrev"))
    for top in found:
        if _ABBREV.match(top.text):
            top.kind = "abbrev"
    return sorted(found + extra, key=lambda t: t.start)


def _abbreviates(abbr: str, name: str) -> bool:
    """Whether ``abbr`` ('Ky.', 'N.J.', 'Calif.') can stand for ``name``: initials or in-order letters."""
    letters = abbr.replace(".", "").replace(" ", "").lower()
    words = normalise_name(name).split()
    if abbr.count(".") > 1 or (abbr.isupper() and len(words) > 1):
        return "".join(w[0] for w in words) == letters
    rest = iter(words[0] if words else "")
    first = words[0][:1] if words else ""
    return bool(letters) and letters[0] == first and all(ch in rest for ch in letters)


def _link_pairs(text: str, found: list[_Toponym]) -> None:
    """Record 'A, B' pairs so that B (a state or country) can narrow down A."""
    for a, b in zip(found, found[1:]):
        between = text[a.end : b.start]
        if between.strip() in (",", "(") and len(between) <= 3:
            a.near.append(b)


# ---------------------------------------------------------------- resolution


def _candidates(top: _Toponym, gaz: Gazetteer) -> list[Candidate]:
    """Gazetteer candidates for a toponym, trying the name without a generic word when needed."""
    key = top.key
    if top.kind == "airfield":
        found = gaz.lookup(key)
        if found:
            return found
        key = re.sub(r"\s+(airbase|air base|airfield|airport|air field|airstrip)$", "", key)
    if top.kind in ("natural", "crossing"):
        return [c for c in gaz.lookup(key) if not c.feature.startswith(("P.", "A."))]
    found = gaz.lookup(key)
    if not found and _GENERIC.search(key):
        found = gaz.lookup(_GENERIC.sub("", key))
    return found


@dataclass(slots=True)
class _Context:
    countries: Counter
    admin1: Counter
    anchors: list[tuple[str, Candidate]] = field(default_factory=list)


def _context(toponyms: list[_Toponym]) -> _Context:
    """Countries and first-level subdivisions the article names unambiguously, with counts."""
    countries: Counter = Counter()
    admin1: Counter = Counter()
    for top in toponyms:
        if not top.candidates:
            continue
        if top.kind == "border":
            for c in top.candidates:
                countries[c.country] += 1
            continue
        best = top.candidates[0]
        named = [c for c in top.candidates if c.primary and c.population >= best.population / 100]
        if best.feature == "A.PCLI" and best.primary:
            countries[best.country] += 1
        elif named and len({c.country for c in named}) == 1:
            countries[named[0].country] += 0.5  # the named places' country, not a bigger alias holder's
            if named[0].feature == "A.ADM1" and len(named) == 1:
                admin1[named[0].admin1] += 1
    return _Context(countries, admin1)


def _score(c: Candidate, top: _Toponym, ctx: _Context, gaz: Gazetteer) -> float:
    bonus = _FEATURE_BONUS.get(c.feature, 0.0)
    score = math.log10(c.population + 10) + (bonus if c.primary or bonus < 0 else 0.0)
    score += 2.0 if c.primary else 0.0
    total = sum(ctx.countries.values()) or 1
    if c.country and ctx.countries.get(c.country):
        score += 2.0 + 3.0 * ctx.countries[c.country] / total
    if c.admin1 and c.admin1 in ctx.admin1:
        score += 2.0
    if top.country and c.country == top.country:
        score += 6.0
    for near in top.near:
        if near.kind == "abbrev":
            region = gaz.admin1(c.admin1) if c.admin1 else None
            score += 6.0 if region and _abbreviates(near.text, region.name) else 0.0
        elif any(n.country == c.country and (n.feature == "A.PCLI" or n.admin1 == c.admin1)
                 for n in near.candidates[:8]):
            score += 6.0
    if top.kind == "airfield" and c.feature in ("S.AIRB", "S.AIRP"):
        score += 8.0
    if c.feature not in _WIDE:
        dists = [_km(c, a) for key, a in ctx.anchors if key != top.key]
        if dists and min(dists) <= 100:
            score += 3.0
        elif dists and min(dists) <= 400:
            score += 1.5
    return score


def _km(a: Candidate, b: Candidate) -> float:
    """Equirectangular distance in km (accurate enough for nearness tests)."""
    x = math.radians(b.lon - a.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return 6371.0 * math.hypot(x, math.radians(b.lat - a.lat))


def _resolve(top: _Toponym, ctx: _Context, gaz: Gazetteer) -> tuple[Candidate | None, float]:
    """The best-scoring candidate and a confidence from its margin over another country's best."""
    if top.kind == "border":
        return None, 0.8
    if not top.candidates:
        return None, 0.0
    scored = sorted(((_score(c, top, ctx, gaz), c) for c in top.candidates[:50]),
                    key=lambda x: -x[0])
    best_score, best = scored[0]
    runner = scored[1][0] if len(scored) > 1 else best_score - 4
    confidence = 1.0 / (1.0 + math.exp(-(best_score - runner)))
    return best, confidence


def _resolve_abbreviations(toponyms: list[_Toponym], chosen: list, gaz: Gazetteer,
                           ctx: _Context) -> None:
    """An abbreviated state is the subdivision of the place before it, or else of the article's country."""
    position = {id(t): i for i, t in enumerate(toponyms)}
    for i, top in enumerate(toponyms):
        if top.kind == "abbrev" and chosen[i][0] is None:
            for country, _n in ctx.countries.most_common(3):
                match = [r for r in gaz.regions(country) if _abbreviates(top.text, r.name)]
                if len(match) == 1:
                    chosen[i] = (match[0], 0.7)
                    break
    for top, (best, _conf) in zip(toponyms, chosen):
        for near in top.near:
            if near.kind != "abbrev" or best is None or not best.admin1:
                continue
            region = gaz.admin1(best.admin1)
            if region and _abbreviates(near.text, region.name):
                chosen[position[id(near)]] = (region, 0.9)


def place_record(c: Candidate) -> Place:
    """The Place for a gazetteer entry; every language's place stage uses it, so one entry is one place id."""
    return Place(id=make_id("place", c.source, c.source_id), name=c.name, lat=c.lat, lon=c.lon,
                 country=c.country or None, geonames_id=c.geonames_id or None, feature=c.feature,
                 source=c.source, official=c.official if c.official != c.name else None,
                 linear=c.feature in LINEAR)


def _part_place(part: str, c: Candidate, gaz: Gazetteer) -> Place:
    """'the north of Afghanistan': a point a quarter of the country's extent from its centre that way."""
    lat, lon = c.lat, c.lon
    box = gaz.box(c.country) if c.feature == "A.PCLI" else None
    if box:
        south, west, north, east = box
        lat, lon = (south + north) / 2, (west + east) / 2
        for word, (dlat, dlon) in _OFFSETS.items():
            if word in part:
                lat += dlat * (north - south)
                lon += dlon * (east - west)
    return Place(id=make_id("place", "derived", part, c.source, c.source_id), name=f"{part} of {c.name}",
                 lat=round(lat, 4), lon=round(lon, 4), country=c.country or None, feature=c.feature,
                 source="derived")


def _border_place(top: _Toponym, gaz: Gazetteer) -> Place:
    """A derived border feature between two countries, placed at the gazetteer's border point."""
    a, b = sorted(top.candidates, key=lambda c: c.country)
    lat, lon = gaz.border_point(a.country, b.country) or ((a.lat + b.lat) / 2, (a.lon + b.lon) / 2)
    return Place(id=make_id("place", "derived", "border", a.country, b.country),
                 name=f"{a.name}–{b.name} border", lat=lat, lon=lon, country=None,
                 feature="L.BRDR", source="derived", linear=True)
