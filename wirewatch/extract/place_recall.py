"""Recognition recall: toponyms the NER missed, proposed from the gazetteer and kept on evidence.

A capitalised run of words that the gazetteer knows becomes a toponym when the evidence for it
outweighs the evidence against: a place cue around it ("in/near/from X", "X province/river", a list
with places already found, a dateline), the population and kind of the places it can be, whether one
of them lies in a country the article names or near a place it names; against: the word is also a
common English word, a person's name in this article, or sits inside an organisation's name without
an organisation word after it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Doc, Span

from ..errors import WirewatchError
from ..geo import Candidate, Gazetteer, normalise_name

CUE_BEFORE = frozenset({"in", "near", "from", "at", "outside", "across", "into", "toward", "towards", "via",
                        "around", "through", "off", "to", "between", "inside", "nearby", "of", "on", "along",
                        "over", "beyond"})
CUE_AFTER = frozenset({"province", "district", "region", "county", "river", "border", "city", "town", "village",
                       "state", "prefecture", "governorate", "valley", "island", "islands", "municipality",
                       "oblast", "area", "township", "suburb", "borough", "parish", "canton", "commune",
                       "camp", "camps", "refugee", "port", "harbour", "harbor", "airport", "coast"})
#: Words after a place at the head of an organisation's name ('Danbury police', 'Bantam Superior Court').
ORG_AFTER = frozenset({"police", "court", "superior", "county", "city", "council", "department", "district",
                       "farm", "farms", "fire", "sheriff", "municipal", "prison", "jail", "opp", "mayor",
                       "residents", "resident", "officials", "authorities", "government", "detention",
                       "coroner", "crown", "magistrates", "ems", "emergency", "constabulary", "township",
                       "borough", "camp", "camps"})
#: Words that are names of things more often than places when they stand alone, capitalised.
GENERIC = frozenset({"republic", "region", "king", "queen", "pope", "prince", "university", "college", "central",
                     "lakes", "lake", "hurricane", "north", "south", "east", "west", "western", "eastern",
                     "northern", "southern", "union", "state", "city", "county", "national", "federal", "royal",
                     "saint", "mount", "fort", "port", "new", "old", "great", "grand", "upper", "lower", "little",
                     "big", "district", "province", "island", "bay", "beach", "park", "valley", "river", "church",
                     "street", "road", "avenue", "school", "hospital", "airport", "station", "bridge", "center",
                     "centre", "capital", "victoria", "carbon", "belle", "republican", "democrat", "liberty",
                     "independence", "unity", "peace", "summit", "premier", "metro", "mission", "union"})
_DISEASE = frozenset({"virus", "fever", "flu", "disease", "strain", "syndrome", "encephalitis", "cup", "games",
                      "olympics", "act", "cartel", "award", "prize", "festival"})
_SPEECH = frozenset({"said", "says", "told", "added", "asked", "wrote", "explained", "noted", "stated"})
SKIP_ENTS = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY"})
_TITLES = frozenset({"mr", "mrs", "ms", "dr", "sir", "lady", "lord", "president", "minister", "gen", "general",
                     "col", "sgt", "capt", "prof", "rev", "father", "sen", "rep", "gov", "judge", "mayor", "pope",
                     "king", "queen", "prince", "princess", "sheikh", "emir", "imam", "bishop", "marshal",
                     "chief", "officer", "const", "det", "coach", "senator", "governor", "st"})
_DASHES = frozenset({"—", "–", "-", "--", "(", ":"})
_THRESHOLD = 3.0
_NEAR_KM = 300.0


@dataclass(frozen=True, slots=True)
class RecallContext:
    """What the article already says about places: countries named and points resolved."""

    countries: frozenset[str]
    anchors: tuple[tuple[float, float], ...]


def recall_spans(doc: Doc, gaz: Gazetteer, taken: set[int], ctx: RecallContext) -> list[Span]:
    """Spans the NER missed that the gazetteer knows and the evidence keeps (``taken`` is updated)."""
    common = common_words(doc)
    persons = _person_words(doc)
    out: list[Span] = []
    i = 0
    while i < len(doc):
        span = _longest_known(doc, i, gaz, taken)
        if span is None:
            i += 1
            continue
        if _evidence(span, gaz, taken, ctx, common, persons) >= _THRESHOLD:
            out.append(span)
            taken.update(range(span.start, span.end))
        i = span.end
    return out


def _capitalised(tok) -> bool:
    return tok.text[:1].isupper()


def _longest_known(doc: Doc, i: int, gaz: Gazetteer, taken: set[int]) -> Span | None:
    """The longest run (≤ 4 tokens) of capitalised words from ``i`` that the gazetteer names."""
    first = doc[i]
    if i in taken or not _capitalised(first) or first.ent_type_ in SKIP_ENTS or first.is_punct or first.is_stop:
        return None
    if first.pos_ not in ("PROPN", "NOUN", "X") and not first.is_upper:
        return None
    if first.ent_iob_ == "I" and first.ent_type_ in ("ORG", "PERSON", "FAC", "NORP") and not _entity_slot(first):
        return None  # only at the head of an entity, after its article, or after its 'of' ('University of X')
    for n in range(min(4, len(doc) - i), 0, -1):
        span = doc[i : i + n]
        words = [t for t in span if not (t.is_punct and t.text in "-'’.")]
        if span[-1].is_punct or any(t.i in taken or not _capitalised(t) or t.ent_type_ in SKIP_ENTS for t in words):
            continue
        key = normalise_name(span.text)
        if len(key) < 3 or gaz.demonym(key) or not gaz.has(key):
            continue
        return span
    return None


def _evidence(span: Span, gaz: Gazetteer, taken: set[int], ctx: RecallContext, common: _Common,
              persons: set[str]) -> float:
    """Points for and against ``span`` being a toponym (kept at ``_THRESHOLD`` or more)."""
    doc = span.doc
    key = normalise_name(span.text)
    cands = gaz.lookup(key)[:30]
    if not cands:
        return -1.0
    prev = doc[span.start - 1] if span.start else None
    nxt = doc[span.end] if span.end < len(doc) else None
    if prev is not None and prev.lower_.rstrip(".") in _TITLES:
        return -1.0
    if (key in persons and _size(cands) < 2.0) or (nxt is not None and nxt.ent_type_ == "PERSON"
                                                   and nxt.ent_iob_ == "I"):
        return -1.0  # a person's name here ('Georgia Stevens', 'Mabini Vice-Mayor Ester'), not a state's
    if nxt is not None and nxt.lower_ in _DISEASE:
        return -1.0  # 'West Nile virus', 'Melbourne Cup', 'Sinaloa Cartel'
    if len(span) == 1 and (span[0].lower_ in GENERIC or (span.text.isupper() and len(span.text) <= 4
                                                          and not _dateline(span) and not _subdivision(cands))):
        return -1.0  # 'Republic Act', 'Region 8', 'HIV'
    score = 0.0
    if prev is not None and prev.lower_ == "the" and prev.i > 0:
        prev = doc[prev.i - 1]  # 'on the Amu Darya'
    if prev is not None and prev.lower_ in CUE_BEFORE and not (prev.lower_ == "of" and _after_name(prev)):
        score += 2.0
    if sum(t.is_alpha for t in span) >= 2 and any(c.primary for c in cands):
        score += 1.0  # a name of several words is seldom anything else
    if nxt is not None and nxt.lower_ in CUE_AFTER:
        score += 2.0
    if _listed(span, taken):
        score += 2.0
    if _dateline(span):
        score += 3.0
    score += _size(cands)
    if any(c.country in ctx.countries for c in cands if c.country):
        score += 1.0
    if ctx.anchors and any(_km(c.lat, c.lon, a) <= _NEAR_KM for c in cands[:10] for a in ctx.anchors):
        score += 1.0
    if all(t.lower_ in common for t in span if t.is_alpha):
        score -= 2.5
    whole = span[0].ent_type_ != "" and (span[0].ent_iob_ == "B" or _entity_slot(span[0])) and (
        span.end == len(doc) or doc[span.end].ent_iob_ != "I")
    of_org = prev is not None and prev.lower_ == "of" and span[0].ent_type_ in ("ORG", "FAC") and _size(cands) >= 2
    if of_org:
        score += 2.0  # 'the University of Michigan Center', 'the Conference Board of Canada'
    elif span[0].ent_type_ in ("ORG", "FAC") and whole:
        score -= 1.0  # an organisation of one place name: the NER's mistake more often than not
    elif span[0].ent_type_ in ("ORG", "FAC") and not _org_head(span):
        score -= 3.0
    elif nxt is not None and _capitalised(nxt) and nxt.is_alpha and not _org_head(span):
        score -= 3.0  # the head of a longer name: 'Emberton School', 'San Antonio Four'
    if (prev is not None and prev.lower_ in _SPEECH) or (nxt is not None and nxt.lower_ in _SPEECH):
        score -= 2.0  # 'said Taylor', 'Brent told'
    if span[0].ent_type_ in ("EVENT", "PRODUCT") and len(span) < len(span[0].ent_iob_ and _entity(span[0])):
        score -= 2.0
    if span[0].ent_type_ == "PERSON":
        score -= 1.0
    elif span[0].ent_type_ == "LAW":
        score -= 1.0
    if span.start == span.sent.start and not _dateline(span):
        score -= 0.5
    return score


def _subdivision(cands: list[Candidate]) -> bool:
    """Whether a short capitalised code is a first-level subdivision's ISO code ('NSW')."""
    return any(c.feature == "A.ADM1" and c.primary for c in cands[:3])


def _size(cands: list[Candidate]) -> float:
    """How much the places a name can be weigh on their own."""
    best = 0.0
    for c in cands:
        if c.feature in ("A.PCLI", "L.CONT") and c.primary:
            best = max(best, 2.5)
        elif c.feature in ("A.ADM1", "L.RGN") and c.primary:
            best = max(best, 2.0)
        elif c.population >= 100_000:
            best = max(best, 2.0)
        elif c.population >= 5_000:
            best = max(best, 1.0)
        elif c.population >= 1_000 or c.feature[:1] in ("H", "T", "S"):
            best = max(best, 0.5)
    return best


def _after_name(of_tok) -> bool:
    """'of' after a capitalised word ('Bank of X', 'University of X') is a name, not a place cue."""
    return of_tok.i > 0 and _capitalised(of_tok.doc[of_tok.i - 1]) and of_tok.doc[of_tok.i - 1].lower_ not in (
        "north", "south", "east", "west", "city", "town", "province", "state", "region", "republic")


def _listed(span: Span, taken: set[int]) -> bool:
    """In a list with a toponym already found: 'Temryuk and Anapa', 'Moonbi, Parkes, Berry and Wyong'."""
    doc = span.doc
    before = [doc[j] for j in range(max(0, span.start - 2), span.start)]
    after = [doc[j] for j in range(span.end, min(len(doc), span.end + 2))]
    if len(before) == 2 and before[1].text in (",", "and", "or", "&") and before[0].i in taken:
        return True
    return len(after) == 2 and after[0].text in (",", "and", "or", "&") and after[1].i in taken


def _dateline(span: Span) -> bool:
    """'INNISFAIL -', 'BANTAM —' at the start of a line: the place a story was filed from."""
    doc = span.doc
    nxt = doc[span.end] if span.end < len(doc) else None
    line_start = span.start == 0 or "\n" in doc[span.start - 1].whitespace_ + doc[span.start - 1].text
    return bool(line_start and nxt is not None and nxt.text in _DASHES and span.text.isupper())


def _org_head(span: Span) -> bool:
    """A place at the head of an organisation's name, followed by an organisation word."""
    doc = span.doc
    return span.end < len(doc) and doc[span.end].lower_ in ORG_AFTER


def _entity_slot(tok) -> bool:
    """Whether a token inside an entity may start a place: right after the entity's leading 'the', or
    after 'of' in an organisation's name."""
    prev = tok.doc[tok.i - 1]
    if prev.lower_ == "the" and prev.ent_iob_ == "B":
        return True
    return prev.lower_ == "of" and tok.ent_type_ in ("ORG", "FAC")


def _person_words(doc: Doc) -> set[str]:
    """Normalised names, first names and surnames of the people this article names."""
    out: set[str] = set()
    for ent in doc.ents:
        if ent.label_ == "PERSON" and len(ent) > 1:
            out.add(normalise_name(ent.text))
            out.add(normalise_name(ent[0].text))
            out.add(normalise_name(ent[-1].text))
    return out


def _entity(tok) -> Span:
    """The entity a token is part of."""
    return next(e for e in tok.doc.ents if e.start <= tok.i < e.end)


class _Common:
    """Verbs, adjectives and adverbs the model's lemmatizer knows, and words this article writes in lower case."""

    __slots__ = ("lexicon", "lower")

    def __init__(self, doc: Doc) -> None:
        self.lexicon = _lexicon()
        self.lower = {t.text for t in doc if t.is_lower and t.is_alpha}

    def __contains__(self, word: str) -> bool:
        return word in self.lower or word in self.lexicon


def common_words(doc: Doc) -> _Common:
    """What counts as a common word for ``doc`` (see ``_Common``)."""
    return _Common(doc)


@lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    """The rule lemmatizer's index of English verbs, adjectives and adverbs (empty if the model has none)."""
    from spacy.lookups import Lookups

    from ..nlp import model_dir
    from ..settings import Settings

    try:
        lookups = Lookups().from_disk(model_dir(Settings().model) / "lemmatizer" / "lookups")
        table = lookups.get_table("lemma_index")
    except (OSError, KeyError, ValueError, ImportError, WirewatchError):
        return frozenset()
    return frozenset(w for pos in ("verb", "adj", "adv") for w in (table.get(pos) or ()))


def context_of(candidates: Iterable[list[Candidate]]) -> RecallContext:
    """Countries and points of the toponyms already found (their best candidates)."""
    countries: set[str] = set()
    anchors: list[tuple[float, float]] = []
    for cands in candidates:
        if not cands:
            continue
        best = cands[0]
        if best.country:
            countries.add(best.country)
        if best.feature not in ("A.PCLI", "L.CONT", "A.ADM1", "L.RGN"):
            anchors.append((best.lat, best.lon))
    return RecallContext(frozenset(countries), tuple(anchors))


def _km(lat: float, lon: float, point: tuple[float, float]) -> float:
    x = math.radians(point[1] - lon) * math.cos(math.radians((lat + point[0]) / 2))
    return 6371.0 * math.hypot(x, math.radians(point[0] - lat))
