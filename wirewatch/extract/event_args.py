"""Reading an event's participants and circumstances off the dependency parse.

Shared by events and territorial control: which actors a noun phrase names (through
conjuncts, "of"/"from" phrases, appositions), where and when a clause happened, its status
(negated, planned, hypothetical, reported) and the quantity it involves.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence

from spacy.tokens import Doc, Token

from ..records import Actor, Mention, Place, Quote, TimeExpr, make_id
from .event_places import country_side
from .gazetteer import load_gazetteer

NEGATORS = {"not", "n't", "never", "no"}
MODALS = {"might", "may", "could", "would", "should", "can", "must"}
FUTURE = {"will", "shall", "'ll"}
PLANNING = {"plan", "intend", "prepare", "expect", "schedule", "aim", "agree", "decide", "vow",
            "pledge", "promise", "seek", "want", "hope", "need", "set", "offer",
            "propose", "mean", "arrange", "go", "ready", "about", "due", "likely",
            "prepared", "willing", "committed", "determined", "eager", "poised", "intent"}
TRYING = {"try", "attempt", "consider", "weigh", "effort", "bid", "urge", "ask", "call", "appeal",
          "demand", "request", "threaten"}  # (a threatened act is conditional: hypothetical)
DENYING = {"deny", "refuse", "decline", "fail", "reject"}
DECIDING = {"approve", "authorize", "authorise", "plan", "schedule", "announce", "order", "propose",
            "promise", "pledge", "prepare", "endorse"}  # a nominal event they govern is yet to happen
REPORTING = {"claim", "allege", "report", "rumor", "rumour", "accuse", "blame"}
REPORT_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly"}
PLANNED_ADJ = {"planned", "proposed", "upcoming", "scheduled", "expected", "future", "forthcoming",
               "intended", "imminent", "pending", "promised"}
HYPOTHETICAL_ADJ = {"possible", "potential", "likely", "hypothetical", "eventual"}
GROUP_NOUNS = {"authority", "official", "government", "leader", "leadership", "rebel", "militant", "force",
               "troop", "soldier", "police", "army", "military", "people", "minister", "ministry", "lawmaker",
               "activist", "protester", "diplomat", "embassy", "community", "delegation", "representative",
               "group", "party", "court", "judge", "prosecutor", "fighter", "militia", "opposition", "student",
               "worker", "union", "agency", "office", "spokesman", "spokeswoman", "spokesperson", "unit",
               "administration", "regime", "parliament", "council", "commander", "general", "envoy",
               "ambassador", "consulate", "mission", "company", "firm", "cleric", "lawyer"}
FIRST_PERSON = {"we", "i", "us", "me", "our", "my"}
RELATIVE = {"who", "whom", "which", "that", "whose"}
PLACE_PREPS = {"in", "at", "near", "inside", "outside", "across", "along", "around", "over"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "xcomp", "conj", "acl", "csubj", "parataxis"}


class Index:
    """Token → actor id and token → place id lookups built from an article's mentions.

    ``places`` lets a resolved place stand for the state of its country (see :func:`place_actors`);
    ``actors`` lets a one-word name the NER took for a person or organisation but the places stage
    resolved ("shelled Kharkiv") count as the place it is."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], quotes: Sequence[Quote] = (),
                 places: Mapping[str, Place] | None = None, actors: Mapping[str, Actor] | None = None):
        self.doc = doc
        self.actor: dict[int, str] = {}
        self.kind: dict[int, str] = {}  # token → kind of the actor mention it is part of
        self.first: dict[int, int] = {}  # token → first token of its actor mention
        self.place: dict[int, str] = {}
        self.quote_speaker: dict[int, str] = {}
        self.place_state = state_actors_of(places or {})
        self.linear = {pid for pid, p in (places or {}).items() if getattr(p, "linear", False)}
        self.titles = load_gazetteer().titles
        resolved = {(m.start, m.end) for m in mentions if m.place_id}
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            named_place = (m.start, m.end) in resolved and _unlisted_name(m, (actors or {}).get(m.actor_id or ""))
            for tok in span:
                if m.actor_id and not named_place:
                    self.actor.setdefault(tok.i, m.actor_id)
                    self.kind.setdefault(tok.i, m.kind)
                    self.first.setdefault(tok.i, span.start)
                if m.place_id:
                    self.place.setdefault(tok.i, m.place_id)
        for q in quotes:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is not None and q.speaker_actor_id:
                for tok in span:
                    self.quote_speaker[tok.i] = q.speaker_actor_id


def _unlisted_name(mention: Mention, actor: Actor | None) -> bool:
    """A person or organisation known only by the one name the mention gives ("Kharkiv")."""
    return (actor is not None and actor.code is None and actor.kind in ("person", "organization")
            and actor.name == mention.text and " " not in actor.name)


def state_actors_of(places: Mapping[str, Place]) -> dict[str, str]:
    """Place id → id of the state actor of the place's country (PETRARCH codes Kabul as AFG)."""
    states = load_gazetteer().state_names
    return {pid: make_id("actor", p.country) for pid, p in places.items() if p.country in states}


def state_actor(actor_id: str) -> Actor | None:
    """The gazetteer's state actor with this id, as extract_actors builds it for a mention of it."""
    gaz = load_gazetteer()
    for code, name in gaz.state_names.items():
        if make_id("actor", code) == actor_id:
            return Actor(actor_id, name, "state", code, code)
    return None


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order, without repeats."""
    return tuple(dict.fromkeys(i for i in items if i))


# ---------------------------------------------------------------- actors


def _own_actors(tok: Token, idx: Index) -> tuple[str, ...]:
    """The actors a single noun phrase head names: its own, the name in apposition to a common
    noun ("his Guyanese counterpart Irfaan Ali"), or its modifier's with that modifier's conjuncts
    ("Eriadori and Calenardhon leaders")."""
    if tok.i not in idx.actor and tok.lower_ not in FIRST_PERSON:
        if tok.pos_ == "NOUN":
            named = next((c for c in tok.rights if c.dep_ == "appos" and c.i in idx.actor), None)
            if named is not None:
                return (idx.actor[named.i],)
            holder = _title_holder(tok, idx)
            if holder is not None:
                return (holder,)
        for child in tok.lefts:
            if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i in idx.actor:
                return unique(idx.actor.get(c.i) for c in (child, *child.conjuncts))
    found = _own_actor(tok, idx)
    return (found,) if found else ()


def _title_holder(tok: Token, idx: Index) -> str | None:
    """The person a title noun names when the parser hung the name on its complement: "envoy for
    Afghanistan Zamir Kabulov" (not "the spokesman for President Putin", whose name has a title)."""
    if tok.lower_ not in idx.titles:
        return None
    for prep in tok.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("for", "of", "to"):
            continue
        for pobj in prep.children:
            first = idx.first.get(pobj.i)
            if (pobj.dep_ == "pobj" and idx.kind.get(pobj.i) == "person" and first is not None
                    and pobj.left_edge.i < first and pobj.doc[first - 1].lower_ not in idx.titles):
                return idx.actor[pobj.i]
    return None


def _own_actor(tok: Token, idx: Index) -> str | None:
    """The actor a single noun phrase head names, through its modifiers if needed."""
    if tok.i in idx.actor:
        return idx.actor[tok.i]
    if tok.lower_ in FIRST_PERSON and tok.i in idx.quote_speaker:
        return idx.quote_speaker[tok.i]
    for child in tok.lefts:
        if child.dep_ in ("compound", "amod", "poss", "nmod") and child.i in idx.actor:
            return idx.actor[child.i]
    for child in tok.rights:
        if child.lower_ == "in" and tok.lemma_.lower() not in GROUP_NOUNS:
            continue  # "officials in Kabul" name Afghanistan; "mining in the Ashanti region" does not
        if child.dep_ in ("prep", "agent") and child.lower_ in ("of", "by", "from", "in"):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    found = _own_actor(pobj, idx)
                    if found:
                        return found
        if child.dep_ == "appos":
            found = _own_actor(child, idx)
            if found:
                return found
    return None


def phrase_actors(tok: Token | None, idx: Index) -> tuple[str, ...]:
    """Actors named by the noun phrase headed by ``tok`` and its conjuncts."""
    if tok is None:
        return ()
    if tok.lower_ in RELATIVE and tok.tag_ in ("WP", "WDT", "WP$"):
        tok = _antecedent(tok)
        if tok is None:
            return ()
    heads = [tok, *tok.conjuncts]
    # a list the parser hung on the last name ("Arnor, Calenardhon and the evil Gondor")
    for c in tok.lefts:
        if c.dep_ in ("nmod", "npadvmod") and c.i in idx.actor and (c.conjuncts or child(c, ("cc",))):
            heads += [c, *c.conjuncts]
    # a list item the parser took for an apposition ("China, Russia, and Iran"): two names of
    # different actors are never one thing said twice
    for h in list(heads):
        for c in h.children:
            if (c.dep_ == "appos" and c.pos_ == "PROPN" and h.pos_ == "PROPN" and c.i in idx.actor
                    and h.i in idx.actor and idx.actor[c.i] != idx.actor[h.i]):
                heads += [c, *c.conjuncts]
    heads = sorted(set(heads), key=lambda t: t.i)
    return unique(a for h in heads for a in _own_actors(h, idx))


def place_actors(tok: Token | None, idx: Index) -> tuple[tuple[str, ...], str | None]:
    """The state actors standing for the places the noun phrase headed by ``tok`` and its conjuncts
    name ("shelled Kharkiv", "entered the town of Avdiivka"), and the first such place's id."""
    if tok is None:
        return (), None
    found = [p for h in (tok, *tok.conjuncts) for p in [_place_in(h, idx)] if p and p in idx.place_state]
    return unique(idx.place_state[p] for p in found), (found[0] if found else None)


INNER_DEPS = {"prep", "pobj", "agent", "acl", "pcomp", "dobj", "poss", "compound", "amod", "nmod", "appos"}
LOCATIVE = {"in", "near", "inside", "outside", "around", "across", "along", "within"}


def inner_actor(tok: Token, idx: Index, depth: int = 4) -> Token | None:
    """The first phrase inside the noun phrase ``tok`` heads that names an actor, through
    prepositions and modifiers ("the resumption of ties with Gondor", "memos sent by Bree")."""
    for t in tok.subtree:
        if t.i == tok.i or t.i not in idx.actor:
            continue
        if t.dep_ in ("amod", "compound", "nmod", "poss") and t.head.pos_ not in ("NOUN", "PROPN"):
            continue  # "British-flagged": a modifier of a modifier names no participant
        up, steps = t, 0
        while up.i != tok.i and up.dep_ in INNER_DEPS and steps < depth:
            if up.dep_ == "prep" and up.lower_ in LOCATIVE:
                break  # "a camp near El Fasher": a place inside the phrase is not a participant
            up, steps = up.head, steps + 1
        if up.i == tok.i:
            return _named_head(t, tok, idx)
    return None


def _named_head(t: Token, top: Token, idx: Index) -> Token:
    """The head of the phrase an actor token belongs to, below ``top``: the whole name, or the noun
    a name modifies ("Sudan's army and the RSF": army, so that its conjuncts count too)."""
    while t.head.i not in (t.i, top.i) and idx.actor.get(t.head.i) == idx.actor[t.i]:
        t = t.head
    if t.dep_ in ("poss", "compound", "amod", "nmod") and t.head.i != top.i and t.head.pos_ in ("NOUN", "PROPN"):
        return t.head
    return t


AROUND_PREPS = {"near", "inside", "outside", "around", "within", "along", "across"}
AFTER_DEPS = INNER_DEPS | {"dative", "attr", "oprd", "acomp", "advmod", "npadvmod", "xcomp", "ccomp",
                           "nsubj", "nsubjpass", "conj", "det", "nummod"}


def first_actor_after(verb: Token, idx: Index) -> Token | None:
    """The first phrase right of ``verb`` inside its own clause and complements that names an actor
    (PETRARCH's target: "warned of X", "marched close to the border with X", "believes X can ...")."""
    for t in verb.subtree:
        if t.i <= verb.i or t.i not in idx.actor:
            continue
        up = t
        while up.i != verb.i and (up.dep_ in AFTER_DEPS or _purpose(up)) and not (
                up.dep_ == "conj" and up.pos_ in ("VERB", "AUX")) and not (
                up.dep_ == "prep" and up.lower_ in AROUND_PREPS):  # "near the Polish border": where, not whom
            up = up.head
        if up.i == verb.i:
            return _named_head(t, verb, idx)
    return None


def _purpose(tok: Token) -> bool:
    """An infinitive clause of purpose with no subject of its own ("signed an accord to supply X")."""
    return (tok.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)
            and child(tok, ("nsubj", "nsubjpass")) is None)


def _antecedent(rel: Token) -> Token | None:
    """The noun a relative pronoun stands for ("the Taliban, with whom ...")."""
    for anc in rel.ancestors:
        if anc.dep_ == "relcl":
            return anc.head
    return None


def child(tok: Token, deps: set[str] | tuple[str, ...]) -> Token | None:
    """The first child of ``tok`` with one of ``deps``."""
    return next((c for c in tok.children if c.dep_ in deps), None)


def prep_objects(tok: Token, prep: str) -> list[Token]:
    """Objects of the preposition ``prep`` attached to ``tok`` (dative "to" included)."""
    out = []
    for c in tok.children:
        if c.dep_ in ("prep", "dative", "agent") and c.lower_ == prep:
            out += [p for p in c.children if p.dep_ in ("pobj", "pcomp")]
    return out


# ---------------------------------------------------------------- place, time, quantity


def _place_in(tok: Token, idx: Index, depth: int = 0) -> str | None:
    if tok.i in idx.place:
        return idx.place[tok.i]
    for c in tok.children:
        if c.dep_ in ("compound", "amod") and c.i in idx.place:
            return idx.place[c.i]
    if depth < 2:
        for pobj in prep_objects(tok, "of"):
            found = _place_in(pobj, idx, depth + 1)
            if found:
                return found
    return None


def place_of(trigger: Token, idx: Index, args: Sequence[Token] = ()) -> str | None:
    """Where the event happened: an "in/at/near" phrase on the trigger, else on its arguments, else
    on its object ("capture the border commandant's office in Gorno-Badakhshan"); for a movement
    into a place, that place ("retreated into Tajikistan"); a country's adjective before "territory",
    "soil", "airspace"… names the country ("into Tajik territory")."""
    found = list(dict.fromkeys(_places_near(trigger, idx, args)))
    # a river, border or range never places an event when a town on it is named as well
    towns = [p for p in found if p not in idx.linear]
    return (towns or found or [None])[0]


def _places_near(trigger: Token, idx: Index, args: Sequence[Token]) -> Iterator[str]:
    objects = [c for c in trigger.children if c.dep_ in ("dobj", "nsubjpass")]
    for holder in (trigger, *args, *objects):
        for prep in PLACE_PREPS:
            for pobj in prep_objects(holder, prep):
                found = _place_in(pobj, idx) or country_side(pobj)  # "in Tajik territory"
                if found:
                    yield found
                if found in idx.linear:  # "along the Dnieper River in Kherson"
                    yield from (idx.place[t.i] for t in pobj.subtree if t.i in idx.place)
    for prep, holders in (("into", (trigger,)), ("between", (trigger, *objects))):
        # "retreated into Tajikistan", "closed (the bridge) between Termez and Hairatan"
        for pobj in (p for h in holders for p in prep_objects(h, prep)):
            found = (_place_in(pobj, idx) or next((idx.place[t.i] for t in pobj.subtree if t.i in idx.place), None)
                     or country_side(pobj))  # "retreated into Tajik territory"
            if found:
                yield found


def time_of(trigger: Token, times: Sequence[TimeExpr], triggers: set[int]) -> TimeExpr | None:
    """The time expression whose parse attaches it to the trigger's clause."""
    for t in times:
        if t.type not in ("DATE", "TIME"):
            continue
        span = trigger.doc.char_span(t.start, t.end, alignment_mode="expand")
        if span is None or not (trigger.sent.start <= span.start < trigger.sent.end):
            continue
        if _attaches(span.root, trigger, triggers):
            return t
    return None


def _attaches(tok: Token, trigger: Token, triggers: set[int]) -> bool:
    while True:
        if tok.i == trigger.i:
            return True
        if tok.i in triggers or (tok.pos_ in ("VERB", "AUX") and tok.dep_ not in ("amod", "aux")):
            return False
        if tok.head.i == tok.i:
            return False
        tok = tok.head


def quantity_of(args: Sequence[Token]) -> str | None:
    """A count of people or things in the arguments: "more than 300 men", "some 9,000 Afghans"."""
    for arg in args:
        for tok in arg.subtree:
            if tok.like_num and tok.dep_ == "nummod" and tok.ent_type_ not in ("DATE", "TIME", "MONEY"):
                start = min(t.i for t in tok.subtree)
                return tok.doc[start: tok.head.i + 1].text
    return None


# ---------------------------------------------------------------- status


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" or (c.dep_ in ("advmod", "det") and c.lower_ in NEGATORS)
               for c in tok.children)


def _auxes(tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}


def _governors(tok: Token) -> Iterable[Token]:
    """The verbs (and predicative adjectives) above ``tok`` through complement clauses."""
    while tok.dep_ in ("xcomp", "ccomp", "pcomp", "conj", "dobj", "pobj", "prep", "advcl", "acomp", "acl"):
        if tok.dep_ == "conj" and (tok.head.pos_ not in ("VERB", "AUX") or child(tok, ("nsubj", "nsubjpass"))):
            return
        tok = tok.head
        yield tok


def verb_status(verb: Token) -> str:
    """happened | planned | denied | hypothetical | reported for a verbal trigger."""
    govs = [g for g in _governors(verb) if g.pos_ in ("VERB", "AUX", "ADJ", "ADP", "NOUN")]
    lemmas = {g.lemma_.lower() for g in govs}
    if _negated(verb) or lemmas & DENYING or any(_negated(g) for g in govs):
        return "denied"
    auxes = _auxes(verb).union(*(_auxes(g) for g in govs))
    if auxes & MODALS or _conditional(verb) or lemmas & TRYING:
        return "hypothetical"
    if auxes & FUTURE or lemmas & PLANNING:
        return "planned"
    if lemmas & REPORTING or any(c.lower_ in REPORT_ADVERBS for c in verb.children):
        return "reported"
    return "happened"


def _conditional(verb: Token) -> bool:
    for tok in (verb, *_governors(verb)):
        if tok.dep_ == "advcl" and any(c.lower_ in ("if", "unless") for c in tok.children):
            return True
    return False


def noun_status(noun: Token) -> str:
    """Status of a nominal event from its modifiers, else from the verb that governs it."""
    mods = {c.lower_ for c in noun.children}
    if mods & PLANNED_ADJ:
        return "planned"
    if mods & HYPOTHETICAL_ADJ:
        return "hypothetical"
    if mods & NEGATORS:
        return "denied"
    head = noun.head
    if noun.dep_ in ("dobj", "nsubj", "nsubjpass") and head.pos_ in ("VERB", "AUX"):
        if head.lemma_ in DENYING:
            return "denied"
        if noun.dep_ == "dobj" and head.lemma_ in DECIDING and verb_status(head) == "happened":
            return "planned"  # "parliament approved the deployment of ..."
        if noun.dep_ == "dobj" or head.lemma_ in ("happen", "occur", "take", "begin", "start"):
            return verb_status(head)
    return "happened"
