"""Events: who did what to whom, where and when, coded in PLOVER and CAMEO.

Triggers are verbs ("met", "was closed by", "took control of") and event nouns ("the
withdrawal of US troops", "a meeting between X and Y") found in the event dictionaries
(:mod:`wirewatch.extract.event_lexicon`). Participants come from the dependency parse and the
actor mentions; the place, date, status and quantity from the trigger's clause.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ..records import Actor, Article, Event, Mention, Place, Quote, TimeExpr, make_id
from .event_args import (Index, child, noun_status, phrase_actors, place_of, prep_objects,
                         quantity_of, time_of, unique, verb_status)
from .event_lexicon import Lexicon, Pattern, load_lexicon

EVENT_NOUNS = {"control", "talk", "meeting", "negotiation", "consultation", "agreement", "deal", "accord",
               "ceasefire", "truce", "treaty", "pact", "protocol", "memorandum", "intelligence",
               "information", "aid", "assistance", "haven", "shelter", "asylum", "restriction", "ban",
               "sanction", "embargo", "curfew", "blockade", "offensive", "attack", "strike",
               "counteroffensive", "tie", "relation"}
NOUN_SOURCE_VERBS = {"announce", "begin", "start", "complete", "launch", "order", "conduct", "carry",
                     "stage", "continue", "hold", "mount", "resume", "step", "finish", "lead",
                     "intensify", "pursue", "open", "accelerate", "complete", "speed", "join"}
CIRCUMSTANCE_PREPS = {"after", "during", "following", "in", "amid", "before"}


@dataclass(slots=True)
class Trigger:
    """A token that names an event, the pattern it matched, and the object the pattern needed."""

    token: Token
    pattern: Pattern
    verbal: bool
    obj: Token | None = None


@dataclass(slots=True)
class Args:
    """Participants found for one trigger, with the tokens they came from."""

    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    tokens: tuple[Token, ...] = ()
    inherited: bool = False


def extract_events(
    doc: Doc,
    article: Article,
    mentions: Sequence[Mention],
    actors: Mapping[str, Actor],
    places: Mapping[str, Place],
    times: Sequence[TimeExpr],
    *,
    lexicon: Lexicon | None = None,
    quotes: Sequence[Quote] | None = None,
) -> list[Event]:
    """Events in ``doc`` whose source or target is one of the article's actors, in text order.

    ``quotes`` (default: :func:`wirewatch.extract.quotes.extract_quotes`) lets "we" inside a
    quotation stand for its speaker, so accusations and requests in quotes get a source.
    """
    lex = lexicon or load_lexicon()
    if quotes is None:
        quotes = _quotes(doc, article, mentions)
    idx = Index(doc, mentions, quotes)
    triggers = find_triggers(doc, lex)
    positions = {t.token.i for t in triggers}
    verbal = {t.token.i for t in triggers if t.verbal}
    events: dict[str, Event] = {}
    for trig in triggers:
        args = _verb_args(trig, idx) if trig.verbal else _noun_args(trig, idx, verbal)
        if not (args.sources or args.targets):
            continue
        event = _event(trig, args, article, idx, times, positions, places)
        events.setdefault(event.id, event)
    return sorted(events.values(), key=lambda e: (e.start, e.end, e.event_type))


def _quotes(doc: Doc, article: Article, mentions: Sequence[Mention]) -> list[Quote]:
    """The article's quotes, or none when the quotes stage is unavailable."""
    try:
        from .quotes import extract_quotes

        return extract_quotes(doc, article, mentions)
    except Exception:  # the quotes stage is optional here: events only use speakers
        return []


# ---------------------------------------------------------------- triggers


def find_triggers(doc: Doc, lex: Lexicon) -> list[Trigger]:
    """Verb triggers first, then event nouns not already taken as a verb pattern's object."""
    lemmas = lex.verb_lemmas()
    found: list[Trigger] = []
    taken: set[int] = set()
    for tok in doc:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in lemmas and tok.dep_ not in ("amod", "aux", "compound"):
            trig = _verb_trigger(tok, lex)
            if trig is not None:
                found.append(trig)
                if trig.obj is not None:
                    taken.add(trig.obj.i)
    for tok in doc:
        if tok.pos_ in ("NOUN", "PROPN") and tok.i not in taken:
            pattern = lex.nouns.get(_noun_key(tok))
            if pattern is not None:
                found.append(Trigger(tok, pattern, verbal=False))
    return found


def _verb_trigger(verb: Token, lex: Lexicon) -> Trigger | None:
    lemma = verb.lemma_.lower()
    names = [f"{lemma}_{c.lower_}" for c in verb.children if c.dep_ in ("prt", "prep")] + [lemma]
    obj = child(verb, ("dobj", "nsubjpass"))
    obj_lemma = obj.lemma_.lower() if obj is not None else None
    for name in names:
        if obj_lemma and (name, obj_lemma) in lex.verbs:
            return Trigger(verb, lex.verbs[(name, obj_lemma)], verbal=True, obj=obj)
        if (name, "-") in lex.verbs:
            return Trigger(verb, lex.verbs[(name, "-")], verbal=True)
    return None


def _noun_key(tok: Token) -> str:
    compound = next((c.lower_ for c in tok.lefts if c.dep_ == "compound"), None)
    if compound in ("phone", "air", "telephone"):
        return f"{'phone' if compound == 'telephone' else compound}_{tok.lemma_.lower()}"
    return tok.lemma_.lower()


# ---------------------------------------------------------------- participants


def _subject(verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The verb's subject token, and whether it was inherited from a governing word."""
    subj = child(verb, ("nsubj", "csubj"))
    if subj is not None or depth > 4:
        return subj, depth > 0
    head = verb.head
    if head is verb:
        return None, False
    controller = _object_controller(verb)
    if controller is not None:
        return controller, True
    if verb.dep_ in ("acl", "xcomp") and head.pos_ == "NOUN" and child(head, ("poss",)) is not None:
        return child(head, ("poss",)), True
    if verb.dep_ == "relcl" and verb.tag_ != "VBN":
        return head, True
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        governor = head.head if head.dep_ in ("dobj", "nsubj") else None
        return (head, True) if governor is None else (_subject(governor, depth + 1)[0], True)
    if verb.dep_ == "conj" and head.pos_ not in ("VERB", "AUX"):
        return None, False
    if verb.dep_ in ("xcomp", "pcomp", "conj", "advcl", "prep", "acomp"):
        return _subject(head, depth + 1)[0], True
    return None, False


def _object_controller(verb: Token) -> Token | None:
    """The object that controls an embedded verb: "urged X to leave", "accused X of attacking"."""
    head = verb.head
    if verb.dep_ == "pcomp" and head.dep_ == "prep":
        head = head.head
    elif verb.dep_ != "xcomp":
        return None
    obj = child(head, ("dobj",))
    if obj is None and head.lemma_ in ("call", "appeal", "prevail"):
        found = prep_objects(head, "on") + prep_objects(head, "to")
        obj = found[0] if found else None
    return obj


def _verb_args(trig: Trigger, idx: Index) -> Args:
    verb = trig.token
    passive = child(verb, ("nsubjpass", "auxpass")) is not None
    tokens: list[Token] = []
    if passive:
        agent = prep_objects(verb, "by")
        subj, inherited = (agent[0] if agent else None), False
    else:
        subj, inherited = _subject(verb)
    sources = phrase_actors(subj, idx)
    if subj is not None:
        tokens.append(subj)
    targets: tuple[str, ...] = ()
    for slot in trig.pattern.targets:
        for tok in _slot_tokens(verb, slot, trig.obj, passive):
            found = tuple(a for a in phrase_actors(tok, idx) if a not in sources)
            if found:
                targets = found
                tokens.append(tok)
                break
        if targets:
            break
    return Args(sources, targets, tuple(tokens), inherited)


def _slot_tokens(verb: Token, slot: str, obj: Token | None, passive: bool) -> list[Token]:
    # (objects that are themselves events, "hold talks", are not targets)
    """Tokens that may hold the target in ``slot`` (dobj or a preposition)."""
    if slot == "dobj":
        if obj is not None:
            return [] if obj.lemma_.lower() in EVENT_NOUNS else [obj]
        found = child(verb, ("nsubjpass",) if passive else ("dobj", "dative"))
        return [found] if found is not None else []
    holders = [verb] + [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    return [p for h in holders for p in prep_objects(h, slot)]


def _noun_args(trig: Trigger, idx: Index, verb_triggers: set[int]) -> Args:
    noun, pattern = trig.token, trig.pattern
    of_args = prep_objects(noun, "of")
    poss = [c for c in noun.children if c.dep_ == "poss"]
    if not of_args:
        of_args, poss = poss, []
    of_actors = unique(a for t in of_args for a in phrase_actors(t, idx))
    by_actors = unique(a for t in prep_objects(noun, "by") + poss for a in phrase_actors(t, idx))
    sources = by_actors + (of_actors if pattern.of_role == "source" else ())
    targets = of_actors if pattern.of_role == "target" else ()
    tokens = of_args + poss + prep_objects(noun, "by")
    between = [a for t in prep_objects(noun, "between") for a in phrase_actors(t, idx)]
    if between and not sources:
        sources, between = (between[0],), between[1:]
    targets += tuple(between)
    for slot in pattern.targets:
        found = unique(a for t in prep_objects(noun, slot) for a in phrase_actors(t, idx))
        if found:
            targets += found
            tokens += prep_objects(noun, slot)
            break
    if not sources and pattern.plover != "CONSULT":
        sources = unique(idx.actor.get(c.i) for c in noun.lefts if c.dep_ in ("compound", "amod"))
    inherited = not sources
    if inherited:
        sources = _governor_subject(noun, idx, verb_triggers)
    targets = tuple(a for a in unique(targets) if a not in sources)
    return Args(unique(sources), targets, tuple(tokens), inherited)


def _governor_subject(noun: Token, idx: Index, verb_triggers: set[int]) -> tuple[str, ...]:
    """The subject of the verb a nominal event hangs from ("X launched the withdrawal")."""
    head = noun.head
    if noun.dep_ == "dobj" and head.lemma_.lower() in NOUN_SOURCE_VERBS:
        return phrase_actors(_subject(head)[0], idx)
    if (noun.dep_ == "pobj" and head.lower_ in CIRCUMSTANCE_PREPS and head.head.pos_ == "VERB"
            and head.head.i not in verb_triggers):
        return phrase_actors(_subject(head.head)[0], idx)
    return ()


# ---------------------------------------------------------------- building the record


def _event(trig: Trigger, args: Args, article: Article, idx: Index, times: Sequence[TimeExpr],
           positions: set[int], places: Mapping[str, Place]) -> Event:
    tok = trig.token
    span_tokens = [tok, *tok.subtree, *args.tokens]
    start = min(t.idx for t in span_tokens)
    end = max(t.idx + len(t) for t in span_tokens)
    when = time_of(tok, times, positions)
    place = place_of(tok, idx, args.tokens) if trig.verbal else _noun_place(tok, idx)
    pattern = trig.pattern
    return Event(
        id=make_id("event", article.id, start, end, pattern.plover),
        article_id=article.id,
        start=start,
        end=end,
        event_type=pattern.plover,
        cameo=pattern.cameo,
        mode=pattern.mode,
        source_actor_ids=args.sources,
        target_actor_ids=args.targets,
        place_id=place if place is None or not places or place in places else None,
        date=when.value if when else None,
        date_precision=when.precision if when else None,
        status=verb_status(tok) if trig.verbal else noun_status(tok),
        quantity=quantity_of(args.tokens),
        confidence=_confidence(args),
    )


def _noun_place(noun: Token, idx: Index) -> str | None:
    for c in noun.lefts:
        if c.dep_ in ("compound", "nmod") and c.i in idx.place:
            return idx.place[c.i]
    return place_of(noun, idx)


def _confidence(args: Args) -> float:
    score = 0.5 + (0.25 if args.sources else 0.0) + (0.15 if args.targets else 0.0)
    return round(score - (0.15 if args.inherited else 0.0), 2)
