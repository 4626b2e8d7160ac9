"""Russian events: verbs and nouns of the Russian event lexicon (``data/ru/events.tsv``) coded in CAMEO and
PLOVER, with participants from the UD syntax (subject, object, dative, prepositional objects, genitive
of event nouns), place, date, status (denied, planned, hypothetical) and quantities ("более 300
военных")."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ...records import Actor, Article, Event, Mention, Place, TimeExpr, make_id
from .lexicon import EventPattern, RuLexicon
from .model import RuDoc, Token

_SUBJECT = ("nsubj", "nsubj:pass")
_PLANNING = {"планировать", "намереваться", "собираться", "решить", "договориться", "предложить", "готовый",
             "намерен", "пообещать", "обещать"}
_MODAL = {"мочь", "может", "возможно", "вероятно", "якобы"}
_DENYING = {"опровергнуть", "отрицать", "отказаться"}
_ACTOR_KINDS = ("person", "organization", "state", "group")


class _Index:
    """Token → actor / place ids, read once per article."""

    def __init__(self, doc: RuDoc, mentions: Sequence[Mention], adjectives: Mapping[str, str]):
        self.doc, self.adjectives = doc, adjectives
        self.actor: dict[int, str] = {}
        self.person: dict[int, str] = {}
        self.place: dict[int, str] = {}
        by_start = {t.start: t.i for t in doc.tokens}
        for m in mentions:
            first = by_start.get(m.start)
            if first is None:
                continue
            j = first
            while j < len(doc.tokens) and doc.tokens[j].start < m.end:
                if m.actor_id and m.kind in _ACTOR_KINDS:
                    self.actor.setdefault(j, m.actor_id)
                    if m.kind == "person":
                        self.person[j] = m.actor_id
                if m.place_id:
                    self.place.setdefault(j, m.place_id)
                j += 1
        self.kids: dict[int, list[Token]] = {}
        for tok in doc.tokens:
            self.kids.setdefault(tok.head, []).append(tok)

    def children(self, i: int) -> list[Token]:
        return self.kids.get(i, [])

    def actors_of(self, tok: Token | None, depth: int = 3) -> tuple[str, ...]:
        """Actors a phrase names: its head's mention, a person in apposition, conjuncts ("Россия и Китай")."""
        if tok is None:
            return ()
        found = self._one(tok, depth)
        out = [found] if found else []
        for c in self.children(tok.i):  # two people in apposition to one head (a parse of "X и министр Y")
            if c.rel == "appos" and c.i in self.person and self.person[c.i] not in out:
                out.append(self.person[c.i])
        for c in self.children(tok.i):
            if c.rel == "conj":
                out += [a for a in self.actors_of(c, depth) if a not in out]
        return tuple(out)

    def nearest_before(self, trig: Token) -> tuple[str, ...]:
        """No subject in the parse: the nearest person (else actor) named before the verb in its sentence."""
        first = self.doc.sents[trig.sent][0]
        for table in (self.person, self.actor):
            for i in range(trig.i - 1, first - 1, -1):
                if i in table:
                    return (table[i],)
        return ()

    def _one(self, tok: Token, depth: int) -> str | None:
        """The actor a phrase names: a person in it first ("секретарь Совбеза Николай Патрушев", "министр
        энергетики Белоруссии Александр Озерец"), else its head's actor, a country adjective ("афганские
        военные"), or an actor among its complements."""
        if tok.i in self.person:
            return self.person[tok.i]
        found = self._search(tok, depth, self.person)
        if found:
            return found
        if tok.i in self.actor:
            return self.actor[tok.i]
        return self._adjective_state(tok) or self._search(tok, depth, self.actor, True)

    def _adjective_state(self, tok: Token) -> str | None:
        """"афганские военные": the state of the country adjective on a common noun."""
        for c in self.children(tok.i):
            if c.rel == "amod" and c.lemma in self.adjectives and tok.pos == "NOUN":
                return make_id("actor", self.adjectives[c.lemma])
        return None

    def _search(self, tok: Token, depth: int, table: dict[int, str], adjectives: bool = False) -> str | None:
        rels = ("appos", "nmod", "obl", "nummod:gov", "flat:name") if tok.pos in ("ADV", "NUM") \
            else ("appos", "nmod", "flat:name")
        if depth <= 0:
            return None
        kids = [c for c in self.children(tok.i) if c.rel in rels and (c.i > tok.i or c.rel == "flat:name")]
        for c in kids:
            if c.i in table:
                return table[c.i]
            if adjectives and self._adjective_state(c):
                return self._adjective_state(c)
        for c in kids:
            found = self._search(c, depth - 1, table, adjectives)
            if found:
                return found
        return None


def _prep(idx: _Index, tok: Token) -> str | None:
    return next((c.lemma for c in idx.children(tok.i) if c.rel == "case"), None)


def _target_tokens(idx: _Index, trig: Token, pattern: EventPattern) -> list[Token]:
    kids = [c for c in idx.children(trig.i) if c.rel in ("obj", "iobj", "obl", "nmod", "obl:agent")]
    out = []
    for slot in pattern.targets:
        for c in kids:
            prep = _prep(idx, c)
            if slot == "obj" and c.rel == "obj" and prep is None:
                out.append(c)
            elif slot == "dat" and prep is None and c.case == "Dat" and c.rel in ("iobj", "obl", "nmod"):
                out.append(c)
            elif prep is not None and prep == slot.replace("_", " "):
                out.append(c)
        if out:
            break
    return out


def _sources(idx: _Index, trig: Token, pattern: EventPattern) -> tuple[str, ...]:
    if not pattern.noun:
        subj = next((c for c in idx.children(trig.i) if c.rel in _SUBJECT), None)
        if subj is None and trig.rel in ("xcomp", "conj") and trig.head >= 0:  # "решил встретиться", "X прибыл и встретился"
            subj = next((c for c in idx.children(trig.head) if c.rel in _SUBJECT), None)
        if subj is not None and subj.lemma == "который" and trig.rel.startswith("acl") and trig.head >= 0:
            subj = idx.doc.tokens[trig.head]  # "X и Y, которые встречаются": the antecedent
        if subj is None and trig.rel == "acl" and trig.head >= 0:
            subj = idx.doc.tokens[trig.head]
        if subj is None:
            return idx.nearest_before(trig)
        return idx.actors_of(subj)
    gen = [c for c in idx.children(trig.i) if c.rel == "nmod" and c.case == "Gen" and _prep(idx, c) is None]
    found = tuple(a for g in gen for a in idx.actors_of(g))
    if found:
        return found
    head = idx.doc.tokens[trig.head] if trig.head >= 0 else None
    if head is not None and trig.rel in ("obj", "obl") and head.pos == "VERB":  # "провёл встречу", "принял участие в переговорах"
        subj = next((c for c in idx.children(head.i) if c.rel in _SUBJECT), None)
        return idx.actors_of(subj)
    return ()


def _status(idx: _Index, trig: Token) -> str:
    chain = [trig]
    while chain[-1].rel in ("xcomp", "ccomp", "obj", "obl", "csubj") and chain[-1].head >= 0 and len(chain) < 4:
        chain.append(idx.doc.tokens[chain[-1].head])
    lemmas = {t.lemma for t in chain[1:]}
    negated = any(c.lemma == "не" for t in chain for c in idx.children(t.i))
    if negated or lemmas & _DENYING:
        return "denied"
    if any(c.lemma in _MODAL for t in chain for c in idx.children(t.i)) or lemmas & {"мочь"}:
        return "hypothetical"
    if lemmas & _PLANNING or any(t.feats.get("Tense") == "Fut" for t in chain) \
            or any(c.lemma == "быть" and c.feats.get("Tense") == "Fut" for t in chain for c in idx.children(t.i)):
        return "planned"
    return "happened"


def _quantity(idx: _Index, args: Sequence[Token]) -> str | None:
    """"более 300 военных": a number counting an argument, with its adverb and the counted noun."""
    for arg in args:
        nouns = [arg] + ([c for c in idx.children(arg.i) if c.rel in ("obl", "nmod", "nummod:gov")]
                         if arg.pos in ("ADV", "NUM") else [])
        for noun in nouns:
            nums = [c for c in idx.children(noun.i) if c.pos == "NUM" and c.rel.startswith("nummod")]
            if noun.pos == "NUM":
                nums.append(noun)
            if nums and any(ch.isdigit() for n in nums for ch in n.text) or nums and noun is not arg:
                first = min([n.i for n in nums] + [arg.i] + [g.i for n in nums for g in idx.children(n.i)])
                counted = [g for g in idx.children(noun.i) if g.pos == "NOUN"] if noun.pos == "NUM" else [noun]
                last = max([n.i for n in nums] + [c.i for c in counted])
                return idx.doc.span_text(first, last + 1)
    return None


def _matches(idx: _Index, trig: Token, pattern: EventPattern) -> bool:
    if pattern.noun != (trig.pos == "NOUN"):
        return False
    if pattern.noun and trig.feats.get("Number") == "Plur" and trig.lemma in ("санкция", "переговор"):
        return True
    if pattern.obj is None:
        return True
    words = [c for c in idx.children(trig.i) if c.rel in ("obj", "obl", "nmod", "amod", "fixed", "compound")]
    return any(c.lemma[:6] == pattern.obj[:6] for c in words)


def find_triggers(doc: RuDoc, lex: RuLexicon, idx: _Index) -> list[tuple[Token, EventPattern]]:
    out = []
    for tok in doc.tokens:
        if tok.pos not in ("VERB", "NOUN"):
            continue
        for pattern in lex.events.get(tok.lemma, ()):
            if _matches(idx, tok, pattern):
                out.append((tok, pattern))
                break
    return out


def extract_events(doc: RuDoc, article: Article, lex: RuLexicon, mentions: Sequence[Mention],
                   actors: Mapping[str, Actor], places: Mapping[str, Place],
                   times: Sequence[TimeExpr]) -> list[Event]:
    """Events with participants, place, date, status and quantity; one per direction for mutual ones."""
    idx = _Index(doc, mentions, lex.adjectives)
    events: dict[str, Event] = {}
    for trig, pattern in find_triggers(doc, lex, idx):
        sources = _sources(idx, trig, pattern)
        target_toks = _target_tokens(idx, trig, pattern)
        targets = tuple(a for t in target_toks for a in idx.actors_of(t) if a not in sources)
        if not (sources or targets):
            continue
        parts = [(sources, targets, "")]
        if pattern.mutual and not targets and len(sources) > 1:
            parts = [((s,), tuple(o for o in sources if o != s), f"mutual:{s}") for s in sources]
        for src, tgt, tag in parts:
            event = _event(doc, idx, trig, pattern, src, tgt, target_toks, article, times)
            if tag:
                event = _retag(event, tag)
            events.setdefault(event.id, event)
    return sorted(events.values(), key=lambda e: (e.start, e.end, e.event_type))


def _retag(event: Event, tag: str) -> Event:
    from dataclasses import replace

    return replace(event, id=make_id("event", event.article_id, event.start, event.end, event.event_type, tag))


def _place_of(idx: _Index, trig: Token, args: Sequence[Token]) -> str | None:
    for c in idx.children(trig.i):
        if c.rel in ("obl", "nmod") and _prep(idx, c) in ("в", "на", "у", "под", "около", "возле") and c.i in idx.place:
            return idx.place[c.i]
    for a in args:
        if a.i in idx.place and a.i not in idx.actor:
            return idx.place[a.i]
    return None


def _time_of(doc: RuDoc, trig: Token, times: Sequence[TimeExpr]) -> TimeExpr | None:
    s, e = doc.sents[trig.sent]
    lo, hi = doc.tokens[s].start, doc.tokens[e - 1].end
    inside = [t for t in times if lo <= t.start < hi]
    return min(inside, key=lambda t: abs(t.start - trig.start)) if inside else None


def _event(doc: RuDoc, idx: _Index, trig: Token, pattern: EventPattern, sources, targets, target_toks,
           article: Article, times: Sequence[TimeExpr]) -> Event:
    s, e = doc.sents[trig.sent]
    subtree = [trig.i] + [t.i for t in target_toks]
    start = doc.tokens[min(subtree)].start
    end = doc.tokens[max(subtree)].end
    when = _time_of(doc, trig, times)
    args = list(target_toks) + [c for c in idx.children(trig.i) if c.rel in _SUBJECT]
    status = _status(idx, trig)
    confidence = 0.5 + 0.2 * bool(sources) + 0.2 * bool(targets) - (0.1 if pattern.noun else 0.0)
    return Event(id=make_id("event", article.id, start, end, pattern.plover), article_id=article.id,
                 start=start, end=end, event_type=pattern.plover, cameo=pattern.cameo, mode=pattern.mode,
                 source_actor_ids=tuple(sources), target_actor_ids=tuple(targets),
                 place_id=_place_of(idx, trig, args), date=when.value if when else None,
                 date_precision=when.precision if when else None, status=status,
                 quantity=_quantity(idx, args), confidence=round(confidence, 2))
