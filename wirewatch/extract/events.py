"""Events: who did what to whom, where and when, coded in PLOVER and CAMEO.

Triggers are verbs ("met", "was closed by", "took control of") and event nouns ("the
withdrawal of US troops", "a meeting between X and Y") found in the event dictionaries
(:mod:`wirewatch.extract.event_lexicon`). Participants come from the dependency parse and the
actor mentions; the place, date, status and quantity from the trigger's clause.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Doc, Token

from ..records import Actor, Article, Event, Mention, Place, Quote, TimeExpr, make_id
from .event_args import (DECIDING, GROUP_NOUNS, Index, child, first_actor_after, inner_actor, noun_status, phrase_actors,
                         place_actors, place_of, prep_objects, quantity_of, state_actor, time_of, unique,
                         verb_status)
from .event_lexicon import Lexicon, Pattern, load_lexicon
from .event_places import capital, derived, implied_places  # noqa: F401  (implied_places: for callers)
from .event_patterns import match_rules
from .event_sense import background, idle_subject, literal_pattern
from .petrarch_dicts import default_dictionaries
from .quotes import reporting_verbs as reporting_lemmas

EVENT_NOUNS = {"control", "talk", "meeting", "negotiation", "consultation", "agreement", "deal", "accord",
               "ceasefire", "truce", "treaty", "pact", "protocol", "memorandum", "intelligence",
               "information", "aid", "assistance", "haven", "shelter", "asylum", "restriction", "ban",
               "sanction", "embargo", "curfew", "blockade", "offensive", "attack", "strike",
               "counteroffensive", "tie", "relation"}
NOUN_SOURCE_VERBS = {"announce", "begin", "start", "complete", "launch", "order", "conduct", "carry",
                     "stage", "continue", "hold", "mount", "resume", "step", "finish", "lead",
                     "intensify", "pursue", "open", "accelerate", "complete", "speed", "join", "approve",
                     "authorize", "authorise", "propose", "plan"}
PRONOUNS = {"it", "they", "he", "she"}
OBJECT_DEPS = ("dobj", "nsubjpass", "attr")  # where a count of what the event involved may sit
CIRCUMSTANCE_PREPS = {"after", "during", "following", "in", "amid", "before"}
# slots whose phrase may hold its actor deeper down ("the resumption of ties with X", "along the
# border with X"); "of", "with", "from" name the participant themselves ("control of the crossings")
INNER_SLOTS = {"dobj", "*", "on", "near", "along", "at", "into", "across", "over", "inside", "toward",
               "towards", "to", "against", "in"}
# events that happen where their participants are: a place named as source or target ("shelled
# Kharkiv", "visited Beijing") is also where it happened; an accusation or a sanction is not
LOCATED_TYPES = {"ASSAULT", "COERCE", "MOBILIZE", "RETREAT", "PROTEST", "CONSULT"}
NO_TYPE = {"OTHER", "", None}
CLAUSES = {"ccomp", "parataxis", "advcl", "relcl", "conj", "csubj", "xcomp"}
AROUND = {"near", "inside", "outside", "around", "within", "along", "across"}  # where, not whom
SPEECH_TYPES = {"ACCUSE", "REQUEST", "REJECT", "THREATEN", "AGREE", "SUPPORT", "CONSULT"}  # things done by saying  # CAMEO codes PLOVER has no type for (01: make a statement)


@dataclass(slots=True)
class Trigger:
    """A token that names an event, the pattern it matched, and the object the pattern needed."""

    token: Token
    pattern: Pattern
    verbal: bool
    obj: Token | None = None
    source: Token | None = None  # phrases a rule's "$"/"+" items picked
    target: Token | None = None
    negates: bool = False  # the rule's own words carry the negation, so the coded event happened
    reciprocal: bool = False  # a compound source whose actors act on each other
    origin: str = "own"  # which dictionary coded it: "own", "cameo" (PETRARCH2's CAMEO.2.0) or "both"
    specific: bool = False  # a pattern that needed words beside the verb (an object, a particle, a rule)


@dataclass(slots=True)
class Args:
    """Participants found for one trigger, with the tokens they came from."""

    sources: tuple[str, ...] = ()
    targets: tuple[str, ...] = ()
    tokens: tuple[Token, ...] = ()
    inherited: bool = False
    place: str | None = None  # a place that stood for a participant: its country's state


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
    cameo: Lexicon | None | bool = True,
) -> list[Event]:
    """Events in ``doc`` whose source or target is one of the article's actors, in text order.

    Verbs are coded by our own patterns and by PETRARCH2's CAMEO verb dictionary (``cameo``: True
    for the shipped one with the user's additions, a Lexicon, or False for ours only); see :func:`choose`.
    ``quotes`` (default: :func:`wirewatch.extract.quotes.extract_quotes`) lets "we" inside a
    quotation stand for its speaker, so accusations and requests in quotes get a source. A place
    where a participant should be ("shelled Kharkiv") stands for the state of its country, as in
    PETRARCH and PLOVER; that state may be one the article never names: :func:`implied_actors`
    gives the Actor records such events need.
    """
    lex = lexicon or load_lexicon()
    if cameo is True:  # PETRARCH2's CAMEO verb dictionary beside our own patterns (False: ours only)
        cameo = default_dictionaries().verbs if not lex.surface else None
    if quotes is None:
        quotes = _quotes(doc, article, mentions)
    idx = Index(doc, mentions, quotes, places, actors)
    triggers = find_triggers(doc, lex, idx, cameo or None)
    positions = {t.token.i for t in triggers}
    verbal = {t.token.i for t in triggers if t.verbal}
    absorbed = _absorbed(triggers)
    events: dict[str, Event] = {}
    for trig in triggers:
        if trig.token.i in absorbed:
            continue
        args = _verb_args(trig, idx) if trig.verbal else _noun_args(trig, idx, verbal)
        if not (args.sources or args.targets) and not _closed_place(trig, idx):
            continue
        extra = tuple(t for a in absorbed.values() if a[0] == trig.token.i for t in a[1])
        args = replace(args, tokens=args.tokens + extra)
        if not args.targets and args.sources:  # "struck a car, killing two SDF commanders": the victims
            victims = unique(a for t in extra for a in phrase_actors(t, idx) if a not in args.sources)
            args = replace(args, targets=victims)
        if trig.verbal and not args.sources and idle_subject(trig.token, idx):
            continue  # "the scandal threatened to kill ...": no actor does anything
        if trig.pattern.mode == "visit" and not args.targets and place_of(trig.token, idx, args.tokens) is None:
            continue  # "deported for traveling without visas": no one visited, nowhere
        for pattern, part, tag in _directed(trig, args):
            located = part.place is not None or place_of(trig.token, idx, part.tokens) is not None
            pattern = literal_pattern(trig.token, pattern, part.sources, part.targets, part.tokens, actors, located)
            if pattern is None:  # a figure of speech: "fighting a losing battle"
                continue
            event = _event(trig, pattern, part, article, idx, times, positions, places, actors)
            if tag:  # several events from one span: tell their ids apart
                event = replace(event, id=make_id("event", article.id, event.start, event.end, event.event_type, tag))
            events.setdefault(event.id, event)
    return sorted(events.values(), key=lambda e: (e.start, e.end, e.event_type))


def _directed(trig: Trigger, args: Args) -> list[tuple[Pattern, Args, str]]:
    """The events one trigger codes, as (pattern, participants, id tag): one event; one per actor
    when actors named together did it to each other ("Japan and the Philippines signed a pact",
    "expelled each other's diplomats"); plus the converse event when the pattern codes one."""
    pattern = trig.pattern
    mutual = trig.reciprocal or pattern.mutual or pattern.reverse is not None or _each_other(trig.token)
    if mutual and not args.targets and len(args.sources) > 1:
        return [(pattern, replace(args, sources=(s,), targets=tuple(o for o in args.sources if o != s)),
                 f"mutual:{s}") for s in args.sources]
    parts = [(pattern, args, "")]
    if pattern.reverse is not None and args.sources and args.targets:
        parts.append((pattern.reverse, replace(args, sources=args.targets, targets=args.sources), "converse"))
    return parts


def implied_actors(events: Sequence[Event], actors: Mapping[str, Actor]) -> list[Actor]:
    """State actors that events name through a place ("shelled Kharkiv": Ukraine) but that are not
    among the article's ``actors``, so every event participant has an Actor record."""
    ids = unique(a for e in events for a in (*e.source_actor_ids, *e.target_actor_ids) if a not in actors)
    return [found for found in map(state_actor, ids) if found is not None]


def _each_other(verb: Token) -> bool:
    words = [t.lower_ for c in verb.children if c.dep_ in ("dobj", "pobj", "prep") for t in c.subtree]
    return any(a in ("each", "one") and b in ("other", "another") for a, b in zip(words, words[1:]))


def _absorbed(triggers: Sequence[Trigger]) -> dict[int, tuple[int, tuple[Token, ...]]]:
    """Triggers that only restate another of the same type, by token: a participle of consequence
    ("bombed a village, killing 40") and an event noun inside a verb's phrase ("provided 1m dollars
    in assistance"). Each maps to (the trigger it restates, tokens that trigger should also read)."""
    by_token = {t.token.i: t for t in triggers if t.verbal}
    out: dict[int, tuple[int, tuple[Token, ...]]] = {}

    def same(a: Trigger, b: Trigger) -> bool:
        return a.pattern.plover == b.pattern.plover and a.pattern.cameo[:2] == b.pattern.cameo[:2]

    for trig in triggers:
        tok = trig.token
        if trig.verbal:
            head = by_token.get(tok.head.i)
            if (head is not None and head is not trig and same(head, trig) and tok.dep_ == "advcl"
                    and tok.tag_ == "VBG" and child(tok, ("nsubj", "nsubjpass")) is None):
                out[tok.i] = (head.token.i, tuple(c for c in tok.children if c.dep_ == "dobj"))
            continue
        for anc in list(tok.ancestors)[:4]:
            head = by_token.get(anc.i)
            if head is not None and same(head, trig):
                out[tok.i] = (anc.i, ())
                break
    return out


def _quotes(doc: Doc, article: Article, mentions: Sequence[Mention]) -> list[Quote]:
    """The article's quotes, or none when the quotes stage is unavailable."""
    try:
        from .quotes import extract_quotes

        return extract_quotes(doc, article, mentions)
    except Exception:  # the quotes stage is optional here: events only use speakers
        return []


# ---------------------------------------------------------------- triggers


def find_triggers(doc: Doc, lex: Lexicon, idx: Index | None = None, cameo: Lexicon | None = None) -> list[Trigger]:
    """Verb triggers first, then event nouns not already taken as a verb pattern's object.

    With ``cameo`` (PETRARCH2's verb dictionary) every verb is coded by both; :func:`choose`
    decides when they disagree."""
    keys = lex.verb_lemmas()
    more = cameo.verb_lemmas() if cameo is not None else frozenset()
    near: dict[int, bool] = {}  # sentence start -> whether it names an actor
    found: list[Trigger] = []
    taken: set[int] = set()
    for tok in doc:
        if tok.pos_ != "VERB" or tok.dep_ in ("amod", "aux", "compound"):
            continue
        own = dic = None
        if lex.verb_key(_lemma(tok, keys), tok.lower_) in keys:
            own = _verb_trigger(tok, lex, idx)
        form = cameo.verb_key(_lemma(tok, more), tok.lower_) if cameo is not None else None
        if own is not None and form in more:  # ours decides: CAMEO's verb code only tells if they agree
            default = cameo.verbs.get((form, "-"))
            if default is not None and default.plover == own.pattern.plover:
                own.origin = "both"
        elif form in more and _actors_near(tok, idx, near) and not _names_event(tok, lex):
            dic = _verb_trigger(tok, cameo, idx, origin="cameo")
        trig = choose(own, dic)
        if trig is not None:
            found.append(trig)
            if trig.obj is not None:
                taken.add(trig.obj.i)
    found += _demands(doc, idx, {t.token.i for t in found if t.origin != "cameo"})
    for tok in doc:
        if tok.pos_ in ("NOUN", "PROPN") and tok.i not in taken:
            pattern = lex.nouns.get(_noun_key(tok))
            if pattern is not None:
                found.append(Trigger(tok, pattern, verbal=False))
    return _restated(found)


def _lemma(tok: Token, known) -> str:
    """The verb's lemma, mended where the tagger cut a final "e" ("staged" -> "stag") and only the
    lemma with it is a known verb."""
    lemma = tok.lemma_.lower()
    if lemma not in known and lemma + "e" in known and tok.lower_.startswith(lemma + "e"):
        return lemma + "e"
    return lemma


DEMAND = Pattern("100", "REQUEST", None, ("dobj",))
OBLIGATION = {"must", "should", "ought"}
DEMAND_VERBS = {"conclude", "insist", "state", "declare", "stress", "warn"}


def _demands(doc: Doc, idx: Index | None, coded: set[int]) -> list[Trigger]:
    """What a speaker says another actor must do is a demand (CAMEO 10, PLOVER REQUEST): "Russia
    said Sudan must return the helicopter" is REQUEST from Russia to Sudan; the returning itself is
    coded, if at all, as hypothetical."""
    if idx is None:
        return []
    speech = reporting_lemmas() | DEMAND_VERBS
    out = []
    for tok in doc:
        if tok.pos_ != "VERB" or tok.lemma_.lower() not in speech or tok.i in coded:
            continue
        for clause in tok.children:
            if clause.dep_ != "ccomp" or not any(c.dep_ == "aux" and c.lower_ in OBLIGATION for c in clause.children):
                continue
            speaker = child(tok, ("nsubj",))
            if speaker is not None and speaker.pos_ == "VERB":  # "The Red Cross operating in Iraq said"
                speaker = child(speaker, ("nsubj",)) or speaker
            addressee = child(clause, ("nsubj", "nsubjpass"))
            if speaker is None or addressee is None or addressee.lower_ in PRONOUNS:
                continue
            if phrase_actors(speaker, idx) and phrase_actors(addressee, idx):
                out.append(Trigger(tok, DEMAND, verbal=True, source=speaker, target=addressee))
                break
    return out


CLOSING = {"close", "shut", "seal", "block", "blockade"}


def _closed_place(trig: Trigger, idx: Index) -> bool:
    """A place closed by no one named ("the Friendship bridge was closed between Termez and
    Hairatan"): a closure the timeline should show at its place, though no actor is named."""
    verb = trig.token
    if not (trig.verbal and trig.pattern.plover == "COERCE" and verb.lemma_.lower() in CLOSING):
        return False
    if not any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        return False
    return place_of(verb, idx) is not None or any(
        _place_of_pobj(p, idx) for p in prep_objects(verb, "between"))


def _place_of_pobj(tok: Token, idx: Index) -> bool:
    return any(t.i in idx.place for t in tok.subtree)


def _actors_near(verb: Token, idx: Index | None, cache: dict[int, bool]) -> bool:
    """Whether the verb's sentence names an actor: a CAMEO coding needs one, and matching the
    dictionary's rules is the costly part of coding."""
    if idx is None:
        return True
    sent = verb.sent
    if sent.start not in cache:
        cache[sent.start] = any(i in idx.actor or i in idx.place for i in range(sent.start, sent.end))
    if not cache[sent.start]:
        return False
    # an actor in the verb's own phrase, or the subject of the clause that governs it
    lo, hi = verb.left_edge.i, verb.right_edge.i
    return any(i in idx.actor or i in idx.place for i in range(lo, hi + 1)) or any(
        c.i in idx.actor for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")) or verb.dep_ == "relcl"


def _names_event(verb: Token, lex: Lexicon) -> bool:
    """The verb decides on an event our noun patterns code ("approved the deployment of ..."): that
    event is coded on the noun, as planned, not on the verb (CAMEO would code the approval)."""
    obj = child(verb, ("dobj",))
    return obj is not None and verb.lemma_.lower() in DECIDING and _noun_key(obj) in lex.nouns


def _restated(found: list[Trigger]) -> list[Trigger]:
    """Drop CAMEO codings of a verb that only restate the event it governs: "said it would attack"
    (the attack is coded on "attack"), "plans to hold talks", "called for talks" (CAMEO codes the
    intention on the governing verb; we code the event itself, with its status), and material
    codings of reporting verbs ("said", "told")."""
    by_token = {t.token.i: t for t in found}
    speech = reporting_lemmas()
    kept = []
    for trig in found:
        if trig.origin == "cameo":
            below = [by_token[t.i] for t in trig.token.subtree if t.i != trig.token.i and t.i in by_token]
            if any(b.pattern.plover == trig.pattern.plover or (b.origin != "cameo" and b.verbal) for b in below
                   if _governs(trig.token, b.token)):
                continue
            if trig.token.lemma_.lower() in speech and trig.pattern.plover not in SPEECH_TYPES:
                continue
        kept.append(trig)
    return kept


def _governs(verb: Token, tok: Token) -> bool:
    """``tok`` is the verb's complement or sits in it: its object, an infinitive or clause it
    governs, or the object of a preposition on it ("called for talks")."""
    path = []
    while tok.i != verb.i and tok.head.i != tok.i:
        path.append(tok.dep_)
        tok = tok.head
    return tok.i == verb.i and bool(path) and path[-1] in ("xcomp", "ccomp", "dobj", "prep", "oprd")


def choose(own: Trigger | None, dic: Trigger | None) -> Trigger | None:
    """One trigger for a verb both dictionaries looked up. The rule: our own patterns, written for
    PLOVER with the places their targets sit, decide wherever they code the verb; the same PLOVER
    type from CAMEO.2.0 is the event found twice (marked "both", more confidence); CAMEO.2.0 codes
    only the verbs our patterns do not know. (Measured on the PLOVER gold: a CAMEO code that
    disagrees with ours is right far less often than ours.)"""
    if own is not None:
        if dic is not None and dic.pattern.plover == own.pattern.plover:
            own.origin = "both"
        return own  # (find_triggers only asks CAMEO's verb default for a verb we code: rules cost time)
    return dic if dic is not None and dic.pattern.plover not in NO_TYPE else None


def _verb_trigger(verb: Token, lex: Lexicon, idx: Index | None = None, origin: str = "own") -> Trigger | None:
    lemma = lex.verb_key(_lemma(verb, lex.verb_lemmas()), verb.lower_)
    rules = lex.rules.get(lemma)
    if rules:
        found = match_rules(verb, rules, lex, (lambda t: t.i in idx.actor) if idx else (lambda t: False))
        if found is not None:
            if found.rule.pattern is None:
                return None
            return Trigger(verb, found.rule.pattern, verbal=True, source=found.source, target=found.target,
                           negates=found.negates, reciprocal=found.reciprocal, origin=origin,
                           specific=found.rule.size > 0)
    names = [f"{lemma}_{c.lower_}" for c in verb.children if c.dep_ in ("prt", "prep")] + [lemma]
    obj = child(verb, ("dobj", "nsubjpass"))
    objects = _object_words(obj) if obj is not None else []
    for name in names:
        for word, tok in objects:
            if (name, word) in lex.verbs:
                return Trigger(verb, lex.verbs[(name, word)], verbal=True, obj=tok, origin=origin, specific=True)
        if (name, "-") in lex.verbs:
            return Trigger(verb, lex.verbs[(name, "-")], verbal=True, origin=origin, specific=name != lemma)
    return None


MEASURES = {"ton", "tonne", "part", "portion", "amount", "number", "shipment", "batch", "consignment",
            "package", "load", "lot", "kind", "type", "form", "quantity", "million", "billion", "thousand",
            "hundred", "dozen", "some", "all", "most", "half", "series", "round", "wave", "set"}


def _object_words(obj: Token) -> list[tuple[str, Token]]:
    """Lemmas a verb pattern's object may be read as, most specific first: the object's head; what a
    measure or part counts ("500 tons of food aid", "part of an aid program": aid, program); the
    head's compound modifiers ("an aid program": aid)."""
    heads = [obj]
    if obj.lemma_.lower() in MEASURES:
        heads += [g for c in obj.children if c.dep_ == "prep" and c.lower_ == "of"
                  for g in c.children if g.dep_ == "pobj"]
    out = []
    for head in heads:
        out.append((head.lemma_.lower(), head))
        out += [(c.lemma_.lower(), head) for c in head.children if c.dep_ == "compound" and c.pos_ == "NOUN"]
    return out


def _noun_key(tok: Token) -> str:
    # the compound sits right before its noun ("phone call"); Token.lefts walks long sentences slowly
    prev = tok.doc[tok.i - 1] if tok.i > 0 else None
    compound = prev.lower_ if prev is not None and prev.dep_ == "compound" and prev.head.i == tok.i else None
    if compound in ("phone", "air", "telephone"):
        return f"{'phone' if compound == 'telephone' else compound}_{tok.lemma_.lower()}"
    return tok.lemma_.lower()


# ---------------------------------------------------------------- participants


def _subject(verb: Token, depth: int = 0) -> tuple[Token | None, bool]:
    """The verb's subject token, and whether it was inherited from a governing word."""
    subj = child(verb, ("nsubj", "csubj", "nsubjpass") if depth else ("nsubj", "csubj"))
    if subj is None and depth == 0 and child(verb, ("nsubjpass",)) is None:
        # a sentence-initial name the parser took for a modifier ("Azerbaijan massed troops")
        subj = next((c for c in verb.lefts if c.dep_ in ("npadvmod", "dep") and c.pos_ == "PROPN"), None)
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
        # "rebels fighting in Congo": the people named act; "attacks targeting X": whoever made them
        people = head.pos_ == "PROPN" or head.lemma_.lower() in GROUP_NOUNS
        governor = head.head if head.dep_ in ("dobj", "nsubj") and not people else None
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
    passive = _passive(verb)
    subj, inherited = _source_token(trig, idx, passive)
    sources = phrase_actors(subj, idx)
    if not sources and subj is not None and subj.lower_ in ("he", "she"):
        sources, inherited = _previous_person(subj, idx), True  # "... Dubnov said. He placed blame on ..."
    if not sources and subj is not None and trig.pattern.plover == "PROTEST":
        sources = _protesters_state(subj, idx)
    tokens = [subj] if subj is not None else []
    if trig.target is not None:
        targets = tuple(a for a in phrase_actors(trig.target, idx) if a not in sources)
        return _place_source(Args(sources, targets, (*tokens, trig.target), inherited), subj, idx)
    slots = [(slot, tok) for slot in trig.pattern.targets
             for tok in _slot_tokens(verb, slot, trig.obj, passive, idx)]
    for slot, tok in slots:
        event_noun = slot in ("dobj", "*") and tok.lemma_.lower() in EVENT_NOUNS
        found = () if event_noun else tuple(a for a in phrase_actors(tok, idx) if a not in sources)
        if not found and slot in INNER_SLOTS:
            tok = inner_actor(tok, idx) or tok
            found = tuple(a for a in phrase_actors(tok, idx) if a not in sources)
        if found:
            return _place_source(Args(sources, found, (*tokens, tok), inherited), subj, idx)
    return _place_target(Args(sources, (), tuple(tokens), inherited), [t for _, t in slots], idx)


PROTESTERS = {"demonstrator", "protester", "protestor", "rioter", "marcher", "striker", "crowd", "resident",
              "villager", "farmer", "student", "worker", "activist", "supporter", "youth", "people"}


def _protesters_state(subj: Token, idx: Index) -> tuple[str, ...]:
    """Protesters no actor names, placed by their own phrase ("demonstrators in Baghdad", "thousands
    of students in Nairobi"), protest for the state of that place, as PETRARCH codes them."""
    heads = [subj] + [g for c in subj.children if c.dep_ == "prep" and c.lower_ == "of"
                      for g in c.children if g.dep_ == "pobj"]
    for head in heads:
        if head.lemma_.lower() in PROTESTERS or head.lemma_.lower() in GROUP_NOUNS:
            for pobj in prep_objects(head, "in"):
                found, _ = place_actors(pobj, idx)
                if found:
                    return found[:1]
    return ()


# A place stands for the state of its country (PETRARCH codes Kabul as AFG) only beside an actor
# the text names: "fighting to defend a Kabul government" with no subject is no event.


def _place_source(args: Args, subj: Token | None, idx: Index) -> Args:
    """"Gaza fired rockets at Israel": with a named target, a place as subject for its state."""
    if args.sources or not args.targets:
        return args
    states, place = place_actors(subj, idx)
    return replace(args, sources=tuple(a for a in states if a not in args.targets), place=place)


def _place_target(args: Args, holders: Sequence[Token], idx: Index) -> Args:
    """With a named source and no actor in any target slot, a place there ("shelled Kharkiv",
    "withdrew from the town of Avdiivka") stands for its country's state; the place is kept even
    when that state is the source, as where the event happened."""
    if not args.sources:
        return args
    for tok in holders:
        states, place = place_actors(tok, idx)
        if place is not None:
            targets = tuple(a for a in states if a not in args.sources)
            return replace(args, targets=targets, tokens=(*args.tokens, tok), place=place)
    return args


def _passive(verb: Token) -> bool:
    """A passive verb: "was closed by", or a participle with an agent ("Rebuked by X, Y ...")."""
    if child(verb, ("nsubjpass", "auxpass")) is not None:
        return True
    return verb.tag_ == "VBN" and verb.dep_ in ("acl", "advcl") and child(verb, ("agent",)) is not None


def _patient(verb: Token) -> Token | None:
    """Who a passive verb's action is done to: its subject, or what its participle describes."""
    subj = child(verb, ("nsubjpass",))
    if subj is not None or verb.dep_ not in ("acl", "advcl"):
        return subj
    return verb.head if verb.dep_ == "acl" else _subject(verb.head)[0]


def _previous_person(pronoun: Token, idx: Index) -> tuple[str, ...]:
    """The person a "he"/"she" stands for: the last person named before it, in its sentence or the
    one before (in narration the speaker of the previous sentence)."""
    sent = pronoun.sent
    first = pronoun.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for i in range(pronoun.i - 1, first - 1, -1):
        if idx.kind.get(i) == "person" and i in idx.actor:
            return (idx.actor[i],)
    return ()


def _source_token(trig: Trigger, idx: Index, passive: bool) -> tuple[Token | None, bool]:
    """The phrase that names the source, and whether it was inherited from a governing clause."""
    verb = trig.token
    if trig.source is not None:
        return trig.source, False
    if passive:
        agent = prep_objects(verb, "by")
        return (agent[0] if agent else None), False
    subj, inherited = _subject(verb)
    if subj is not None and not inherited and not phrase_actors(subj, idx):
        # two subjects in the parse ("Lions, tigers, and Gondor welcomed"): the one naming an actor
        subj = next((c for c in verb.children if c.dep_ == "nsubj" and phrase_actors(c, idx)), subj)
    governed = verb.dep_ in ("ccomp", "xcomp", "advcl", "conj") and verb.head.pos_ in ("VERB", "AUX")
    if governed and subj is not None:
        sources = phrase_actors(subj, idx)
        pronoun = not sources and subj.lower_ in PRONOUNS  # "Ethiopia said it would ..."
        taken = trig.target is not None and set(phrase_actors(trig.target, idx)) & set(sources)
        if pronoun or taken:  # (a rule may make the clause's subject its target)
            return _subject(verb.head)[0], True
    return subj, inherited


def _slot_tokens(verb: Token, slot: str, obj: Token | None, passive: bool, idx: Index) -> list[Token]:
    """Tokens that may hold the target in ``slot``: "dobj" (the object, or the passive subject),
    a preposition, or "*" (the object and any preposition right of the verb, in text order).
    An object that is itself an event ("hold talks") only leads to actors inside it ("with X")."""
    if slot == "dobj":
        found = obj or (_patient(verb) if passive else child(verb, ("dobj", "dative")))
        # "rejected the statement by X": a "by" on an active verb belongs to its object
        return ([found] if found is not None else []) + ([] if passive else prep_objects(verb, "by"))
    objects = [c for c in verb.children if c.dep_ in ("dobj", "attr")]
    # "provided $1m in assistance to X": the target may hang one phrase further down the object
    holders = [verb, *objects] + [p for o in objects for c in o.children if c.dep_ == "prep" for p in c.children
                                  if p.dep_ == "pobj"]
    if slot == "xcomp":  # "threatened to attack X": the target of the action threatened
        action = child(verb, ("xcomp",))
        return [] if action is None else [c for c in action.children if c.dep_ in ("dobj", "dative")] + [
            p for prep in ("against", "on", "at", "with", "to") for p in prep_objects(action, prep)]
    if slot == "*":
        objects = [c for c in verb.children if c.dep_ in ("dobj", "dative", "attr", "oprd") and c.i > verb.i]
        preps = [p for h in holders for c in h.children if c.dep_ in ("prep", "dative", "agent") and c.i > verb.i
                 and c.lower_ not in AROUND for p in c.children if p.dep_ in ("pobj", "pcomp")]
        found = sorted(objects + preps, key=lambda t: t.i)
        return found + [t for t in [first_actor_after(verb, idx)] if t is not None]
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
    # a phrase the parser hung on the verb may belong to its object ("approved the deployment ... to X")
    holders = [noun] + ([noun.head] if noun.dep_ == "dobj" and noun.head.i not in verb_triggers else [])
    for slot in pattern.targets:
        objects = [t for h in holders for t in prep_objects(h, slot)]
        found = unique(a for t in objects for a in phrase_actors(t, idx))
        if found:
            targets += found
            tokens += objects
            break
    if not sources and pattern.plover != "CONSULT":
        sources = unique(idx.actor.get(c.i) for c in noun.lefts if c.dep_ in ("compound", "amod"))
    inherited = not sources
    if inherited:
        sources = _governor_subject(noun, idx, verb_triggers)
    targets = tuple(a for a in unique(targets) if a not in sources)
    args = Args(unique(sources), targets, tuple(tokens), inherited)
    if targets:
        return args
    spots = (of_args if pattern.of_role == "target" else []) + [
        t for slot in pattern.targets for h in holders for t in prep_objects(h, slot)]
    return _place_target(args, spots, idx)


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


def _event(trig: Trigger, pattern: Pattern, args: Args, article: Article, idx: Index,
           times: Sequence[TimeExpr], positions: set[int], places: Mapping[str, Place],
           actors: Mapping[str, Actor]) -> Event:
    tok = trig.token
    span_tokens = [tok, *tok.subtree, *args.tokens]
    start = min(t.idx for t in span_tokens)
    end = max(t.idx + len(t) for t in span_tokens)
    when = time_of(tok, times, positions) or _inner_time(tok, times)
    place = place_of(tok, idx, args.tokens) if trig.verbal else _noun_place(tok, idx)
    if place is None and pattern.plover in LOCATED_TYPES:
        place = args.place
    if place is None and pattern.mode == "host" and args.sources:  # "Qatar hosted talks": in Doha
        host = actors.get(args.sources[0])
        place = capital(host.country or (host.code or "")[:3]) if host is not None and host.kind == "state" else None
    status = verb_status(tok) if trig.verbal else noun_status(tok)
    if status == "happened" and background(when, article.published):
        status = "background"  # history told as context ("in the 1980s"): kept at its own date
    if trig.negates and status == "denied" and trig.origin != "cameo":  # (CAMEO.2.0's "not" patterns code
        # a different event, which our matcher cannot tell apart: the negation stands)
        status = "happened"
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
        place_id=place if place is None or not places or place in places or derived(place) else None,
        date=when.value if when else None,
        date_precision=when.precision if when else None,
        status=status,
        quantity=quantity_of([*args.tokens, *(c for c in tok.children if c.dep_ in OBJECT_DEPS)]),
        confidence=_confidence(trig, args, status),
        origin=trig.origin,
    )


def _inner_time(tok: Token, times: Sequence[TimeExpr]) -> TimeExpr | None:
    """A year or decade inside the trigger's own phrase ("defeated Moscow's attempt ... in the
    1980s"), when no time attaches to the trigger itself."""
    lo, hi = tok.left_edge.idx, tok.right_edge.idx + len(tok.right_edge)
    for t in times:
        if t.type == "DATE" and lo <= t.start and t.end <= hi and t.precision in ("year", "decade", "century"):
            span = tok.doc.char_span(t.start, t.end, alignment_mode="expand")
            up, clause = span.root if span is not None else tok, False
            while up.i != tok.i and up.head.i != up.i:  # not a date inside a clause of its own
                clause = clause or up.dep_ in CLAUSES
                up = up.head
            if not clause:
                return t
    return None


def _noun_place(noun: Token, idx: Index) -> str | None:
    for c in noun.lefts:
        if c.dep_ in ("compound", "nmod") and c.i in idx.place:
            return idx.place[c.i]
    return place_of(noun, idx)


def _embedded(tok: Token) -> bool:
    """A trigger inside a modifying or circumstantial clause ("refugees fleeing the war", "after
    troops shelled ..."), not the sentence's own statement or what a speaker said."""
    return tok.dep_ in ("relcl", "acl", "advcl", "pcomp", "pobj") or (tok.dep_ == "xcomp" and tok.head.pos_ == "NOUN")


def _condition(tok: Token) -> bool:
    """The trigger's clause is the condition of another ("if the United States attacked", "unless
    Moscow closed ...")."""
    for _ in range(3):
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in tok.children):
            return True
        if tok.dep_ not in ("conj", "xcomp") or tok.head is tok:
            return False
        tok = tok.head
    return False


def _confidence(trig: Trigger, args: Args, status: str) -> float:
    """How sure the coding is, in [0, 1], from how it was found: which dictionaries agreed, how
    specific the pattern was, whether both participants are known, how far the source was found
    from the trigger, and cues of modality."""
    # measured: a type coded by both dictionaries is right most often, one only CAMEO.2.0 codes
    # (through words around the verb our matcher approximates) about a third of the time
    score = {"both": 0.45, "own": 0.4, "cameo": -0.1}.get(trig.origin, 0.3)
    score += 0.1 if trig.specific and trig.origin != "cameo" else 0.0
    score -= 0.1 if _embedded(trig.token) else 0.0
    score += (0.25 if args.sources else 0.0) + (0.15 if args.targets else 0.0)
    score -= 0.15 if args.inherited else 0.0
    score -= 0.1 if not trig.verbal else 0.0
    score -= 0.1 if status in ("hypothetical", "reported") else 0.0
    # the condition of a threat or promise ("if the United States attacked its ships") is no fact:
    # below the default view, while the threat itself stays shown (a requested act stays shown)
    score -= 0.2 if status == "hypothetical" and _condition(trig.token) else 0.0
    score -= 0.15 if status == "denied" and trig.origin == "cameo" else 0.0
    return round(min(1.0, max(0.05, score)), 2)
