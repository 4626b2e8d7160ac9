"""Territorial control: who took, holds, lost or contests which place.

"Taliban fighters have taken control of border crossings with Iran", "Hairatan is still held
by government forces", "the Taliban captured the commandant's office in Gorno-Badakhshan".
Patterns (verb, object, status) live in ``wirewatch/data/events/control.tsv``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from spacy.tokens import Doc, Token

from ..records import Actor, Article, Control, Mention, Place, TimeExpr
from .event_args import Index, child, phrase_actors, prep_objects, time_of, unique, verb_status
from .event_lexicon import data_dir

NESTED = {"relcl", "advcl", "acl", "ccomp", "appos", "parataxis"}
LOCATION_NOUNS = {"city", "town", "village", "district", "province", "region", "area", "territory",
                  "capital", "base", "airbase", "airport", "port", "border", "crossing", "checkpoint",
                  "post", "outpost", "bridge", "office", "headquarters", "building", "road", "highway",
                  "valley", "pass", "hill", "island", "county", "oblast", "enclave", "zone", "centre",
                  "center", "garrison", "compound", "station", "dam", "field", "suburb", "neighbourhood",
                  "neighborhood", "stronghold", "corridor", "coast", "frontier", "prison", "palace"}


@lru_cache(maxsize=1)
def control_patterns() -> dict[tuple[str, str], str]:
    """(verb lemma, object lemma or "-") → control status, from ``control.tsv``."""
    patterns = {}
    for line in (data_dir() / "control.tsv").read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip() and not line.startswith("#"):
            verb, obj, status = (c.strip() for c in line.split("\t")[:3])
            if verb != "verb":
                patterns[(verb, obj)] = status
    return patterns


def extract_control(
    doc: Doc,
    article: Article,
    mentions: Sequence[Mention],
    actors: Mapping[str, Actor],
    places: Mapping[str, Place],
    times: Sequence[TimeExpr],
) -> list[Control]:
    """Control claims in ``doc``: one record per (place, verb), in text order."""
    idx = Index(doc, mentions)
    found: dict[tuple, Control] = {}
    for tok in doc:
        claim = _verb_claim(tok, idx) if tok.pos_ == "VERB" else _under_control(tok, idx)
        if claim is None:
            continue
        status, controller, holders, clause = claim
        modality = verb_status(clause)
        if modality in ("denied", "hypothetical"):  # "is not under Taliban control"
            continue
        when = time_of(clause, times, set())
        as_of = when.value if when and when.value and when.value[:1].isdigit() else None
        if as_of is None and article.published:
            as_of = article.published.isoformat()
        start, end = _extent(clause, holders)
        direct = _direct_places(holders, idx)
        for place_id in _places(holders, idx):
            if places and place_id not in places:
                continue
            record = Control(article.id, start, end, place_id, controller, status, as_of,
                             control_confidence(tok, modality, actors.get(controller) if controller else None,
                                                places.get(place_id) if places else None, place_id in direct))
            found.setdefault((place_id, start, end), record)
    return sorted(found.values(), key=lambda c: (c.start, c.place_id))


#: How strongly a cue says who controls a place: "captured", "seized", "took control of" state a change of
#: hands; "held", "controls" a state; "entered", "fought for", "surrounded" only that the place was reached or
#: contested. Any other cue (and "under X control") counts as ordinary.
STRONG_CUES = {"capture", "seize", "overrun", "occupy", "retake", "recapture", "conquer", "take", "fall", "wrest"}
WEAK_CUES = {"enter", "liberate", "contest", "fight", "battle", "besiege", "encircle", "surround"}


def control_confidence(cue: Token, modality: str, controller: Actor | None, place: Place | None,
                       direct: bool = True) -> float:
    """How far a claim can be trusted, from how it was found: the cue's strength; hedged ("reportedly",
    "claimed to control") or yet to happen ("will take"); whether a controller was found and is a known actor
    (one with an actor code from the dictionaries); whether the place resolved to a located gazetteer entry;
    whether the claim names the place itself ("Kunduz", "the city of Mariupol") or only something in or by it
    ("the commandant's office in Gorno-Badakhshan", "border crossings with Iran")."""
    lemma = cue.lemma_.lower() if cue.pos_ == "VERB" else ""
    score = 0.8 if lemma in STRONG_CUES else 0.55 if lemma in WEAK_CUES else 0.7
    score -= {"reported": 0.2, "planned": 0.35}.get(modality, 0.0)
    score += -0.15 if controller is None else 0.1 if controller.code else 0.0
    score += 0.05 if place is not None and place.lat is not None else -0.1
    score -= 0.0 if direct else 0.2
    return round(min(0.95, max(0.05, score)), 2)


def _verb_claim(verb: Token, idx: Index) -> tuple[str, str | None, list[Token], Token] | None:
    """(status, controller actor id, tokens naming the places, clause head) for a control verb."""
    patterns = control_patterns()
    lemma = verb.lemma_.lower()
    passive = child(verb, ("nsubjpass", "auxpass")) is not None
    obj = child(verb, ("dobj",))
    if obj is not None and (lemma, obj.lemma_.lower()) in patterns:
        status = patterns[(lemma, obj.lemma_.lower())]
        holders = [p for h in (obj, verb) for prep in ("of", "over") for p in prep_objects(h, prep)]
    elif (lemma, "-") in patterns:
        status = patterns[(lemma, "-")]
        holders = _place_holders(verb, lemma, obj, passive)
    else:
        return None
    if (lemma, "-") in patterns and obj is not None and (lemma, obj.lemma_.lower()) not in patterns:
        holders = [h for h in holders if h.i in idx.place or h.lemma_.lower() in LOCATION_NOUNS]
    if not holders or verb_status(verb) in ("denied", "hypothetical"):
        return None
    return status, _controller(verb, lemma, passive, idx), holders, verb


def _place_holders(verb: Token, lemma: str, obj: Token | None, passive: bool) -> list[Token]:
    if lemma == "fall":
        subj = child(verb, ("nsubj",))
        return [subj] if subj is not None and prep_objects(verb, "to") else []
    if lemma in ("fight", "battle"):
        return prep_objects(verb, "for")
    if passive:
        subj = child(verb, ("nsubjpass",))
        return [subj] if subj is not None else []
    return [obj] if obj is not None else []


def _controller(verb: Token, lemma: str, passive: bool, idx: Index) -> str | None:
    if lemma == "fall":
        holders = prep_objects(verb, "to")
    elif passive:
        holders = prep_objects(verb, "by")
    else:
        subj = child(verb, ("nsubj",))
        if subj is None and verb.dep_ in ("xcomp", "conj"):
            subj = child(verb.head, ("nsubj",))
        holders = [subj] if subj is not None else []
    found = [a for h in holders for a in phrase_actors(h, idx)]
    return found[0] if found else None


def _under_control(tok: Token, idx: Index) -> tuple[str, str | None, list[Token], Token] | None:
    """"X is under Taliban control" / "under the control of government forces"."""
    if tok.lemma_.lower() != "control" or tok.dep_ != "pobj" or tok.head.lower_ != "under":
        return None
    holder_of = tok.head.head
    holders = [child(holder_of, ("nsubj",))] if holder_of.pos_ in ("AUX", "VERB") else [holder_of]
    owners = prep_objects(tok, "of") + [c for c in tok.lefts if c.dep_ in ("compound", "poss", "amod")]
    controller = next((a for o in owners for a in phrase_actors(o, idx)), None)
    holders = [h for h in holders if h is not None]
    return ("held", controller, holders, holder_of) if holders else None


def _places(holders: list[Token], idx: Index) -> tuple[str, ...]:
    """Place ids named in the holders' phrases, not descending into nested clauses."""
    out: list[str] = []
    stack = list(holders)
    while stack:
        tok = stack.pop(0)
        if tok.i in idx.place:
            out.append(idx.place[tok.i])
        stack += [c for c in tok.children if c.dep_ not in NESTED]
    return unique(out)


def _direct_places(holders: list[Token], idx: Index) -> set[str]:
    """Place ids the holders name themselves: the holder, its conjuncts, appositions and compounds, and "of"
    objects ("the city of Mariupol"), not places reached through other prepositions ("crossings with Iran")."""
    out: set[str] = set()
    stack = list(holders)
    while stack:
        tok = stack.pop()
        if tok.i in idx.place:
            out.add(idx.place[tok.i])
        for c in tok.children:
            if c.dep_ in ("conj", "appos", "compound", "nmod") or (c.dep_ == "pobj" and tok.lower_ == "of"):
                stack.append(c)
            elif c.dep_ == "prep" and c.lower_ == "of":
                stack.append(c)
    return out


def _extent(clause: Token, holders: list[Token]) -> tuple[int, int]:
    tokens = [clause, *holders, *(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))]
    first = min(min(t.left_edge.i for t in holders), clause.i, *(t.i for t in tokens))
    last = max(max(t.right_edge.i for t in holders), *(t.i for t in tokens))
    doc = clause.doc
    return doc[first].idx, doc[last].idx + len(doc[last])
