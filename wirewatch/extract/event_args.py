"""Reading an event's participants and circumstances off the dependency parse.

Shared by events and territorial control: which actors a noun phrase names (through
conjuncts, "of"/"from" phrases, appositions), where and when a clause happened, its status
(negated, planned, hypothetical, reported) and the quantity it involves.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from spacy.tokens import Doc, Token

from ..records import Mention, Quote, TimeExpr

NEGATORS = {"not", "n't", "never", "no"}
MODALS = {"might", "may", "could", "would", "should", "can", "must"}
FUTURE = {"will", "shall", "'ll"}
PLANNING = {"plan", "intend", "prepare", "expect", "schedule", "aim", "agree", "decide", "vow",
            "pledge", "promise", "threaten", "seek", "want", "hope", "need", "set", "offer",
            "propose", "mean", "arrange", "go", "ready", "about", "due", "likely"}
TRYING = {"try", "attempt", "consider", "weigh", "effort", "bid", "urge", "ask", "call", "appeal",
          "demand", "request"}
DENYING = {"deny", "refuse", "decline", "fail", "reject"}
REPORTING = {"claim", "allege", "report", "rumor", "rumour", "accuse", "blame"}
REPORT_ADVERBS = {"reportedly", "allegedly", "purportedly", "supposedly"}
PLANNED_ADJ = {"planned", "proposed", "upcoming", "scheduled", "expected", "future", "forthcoming",
               "intended", "imminent", "pending", "promised"}
HYPOTHETICAL_ADJ = {"possible", "potential", "likely", "hypothetical", "eventual"}
FIRST_PERSON = {"we", "i", "us", "me", "our", "my"}
RELATIVE = {"who", "whom", "which", "that", "whose"}
PLACE_PREPS = {"in", "at", "near", "inside", "outside", "across", "along", "around", "over"}
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "xcomp", "conj", "acl", "csubj", "parataxis"}


class Index:
    """Token → actor id and token → place id lookups built from an article's mentions."""

    def __init__(self, doc: Doc, mentions: Sequence[Mention], quotes: Sequence[Quote] = ()):
        self.doc = doc
        self.actor: dict[int, str] = {}
        self.place: dict[int, str] = {}
        self.quote_speaker: dict[int, str] = {}
        for m in mentions:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None:
                continue
            for tok in span:
                if m.actor_id:
                    self.actor.setdefault(tok.i, m.actor_id)
                if m.place_id:
                    self.place.setdefault(tok.i, m.place_id)
        for q in quotes:
            span = doc.char_span(q.start, q.end, alignment_mode="expand")
            if span is not None and q.speaker_actor_id:
                for tok in span:
                    self.quote_speaker[tok.i] = q.speaker_actor_id


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order, without repeats."""
    return tuple(dict.fromkeys(i for i in items if i))


# ---------------------------------------------------------------- actors


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
    heads = [tok, *[c for c in tok.conjuncts if c.i > tok.i]]
    return unique(_own_actor(h, idx) for h in heads)


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
    """Where the event happened: an "in/at/near" phrase on the trigger, else on its arguments."""
    for holder in (trigger, *args):
        for prep in PLACE_PREPS:
            for pobj in prep_objects(holder, prep):
                found = _place_in(pobj, idx)
                if found:
                    return found
    return None


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
        if noun.dep_ == "dobj" or head.lemma_ in ("happen", "occur", "take", "begin", "start"):
            return verb_status(head)
    return "happened"
