"""Matching verb rules that need words around the verb ("will not *", "* &CURRENCY", "+ * from $").

Items left of the verb are matched from the verb outwards, items right of it from the verb
onwards, inside the verb's sentence (right of the verb: inside the verb's own phrase). An item glued
to its neighbour ("will_not *", "*_upon") must touch it; the others may skip words. A word may span
several tokens ("n't", "peace-keeping"); a synset matches any of its phrases, each a run of touching
words; "$" and "+" match an actor's phrase and make it the source or the target, "%" a compound
phrase (left of the verb: its actors act on each other; right of it: the target); "^" skips a phrase.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from spacy.tokens import Token

from .event_lexicon import Element, Lexicon, Rule

NEGATORS = {"not", "n't", "never", "neither", "nor", "no", "without"}
SLOTS = {"$": "source", "+": "target"}
NP_PARTS = {"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "advmod", "case", "punct"}
MAX_SKIP = 6  # tokens a "^" (any phrase) may span


@dataclass(slots=True)
class RuleMatch:
    """The rule that matched a verb and the source/target phrases its "$"/"+" items picked."""

    rule: Rule
    source: Token | None = None
    target: Token | None = None
    negates: bool = False  # the rule's own words carry the negation ("will not *")
    reciprocal: bool = False  # a compound source whose actors act on each other ("% *")


@dataclass(slots=True)
class _Context:
    tokens: Sequence[Token]
    lex: Lexicon
    is_actor: Callable[[Token], bool]
    lowers: Sequence[str] = ()  # each token's lower-case form, read once per document


_LOWERS: list = [None, []]  # the last document seen and its tokens' lower-case forms


def _lowers(doc) -> list[str]:
    if _LOWERS[0] is not doc:
        _LOWERS[0], _LOWERS[1] = doc, [t.lower_ for t in doc]
    return _LOWERS[1]


def _needs(items: Sequence[Element], lex: Lexicon) -> list[tuple[str, ...]]:
    """For each word or synset item: the texts one of which must occur (tokens joined without spaces)."""
    out = []
    for item, _ in items:
        if item.startswith("&"):
            out.append(tuple("".join(p) for p in lex.synsets.get(item, ())))
        elif item not in SLOTS and item not in ("%", "^"):
            out.append((item,))
    return out


_NEEDS: dict[int, tuple[Rule, list, list]] = {}


def _possible(rule: Rule, lex: Lexicon, left: str, right: str) -> bool:
    """False when a word the rule needs occurs nowhere on its side of the verb (a match is then impossible:
    every word item matches touching tokens whose joined forms spell it)."""
    cached = _NEEDS.get(id(rule))
    if cached is None or cached[0] is not rule:
        cached = _NEEDS[id(rule)] = (rule, _needs(rule.before, lex), _needs(rule.after, lex))
    _, before, after = cached
    return (all(any(t in left for t in texts) for texts in before)
            and all(any(t in right for t in texts) for texts in after))


def match_rules(verb: Token, rules: Sequence[Rule], lex: Lexicon,
                is_actor: Callable[[Token], bool]) -> RuleMatch | None:
    """The first of ``rules`` (most specific first) whose words surround ``verb``, or None."""
    doc, sent = verb.doc, verb.sent
    lowers = _lowers(doc)
    ctx = _Context(doc, lex, is_actor, lowers)
    right = max(verb.right_edge.i, verb.i) + 1
    left_text, right_text = "".join(lowers[sent.start:verb.i]), "".join(lowers[verb.i + 1:right])
    for rule in rules:
        if not _possible(rule, lex, left_text, right_text):
            continue
        for left_slots in _walk(rule.before, 0, verb.i - 1, -1, sent.start - 1, ctx, {}):
            right_slots = next(_walk(rule.after, 0, verb.i + 1, 1, max(right, verb.i + 1), ctx, left_slots), None)
            if right_slots is not None:
                return RuleMatch(rule, right_slots.get("source"), right_slots.get("target"), _negates(rule, lex),
                                 right_slots.get("reciprocal", False))
    return None


def _negates(rule: Rule, lex: Lexicon) -> bool:
    for item, _ in (*rule.before, *rule.after):
        if item in NEGATORS or item.endswith("n't"):
            return True
        phrases = lex.synsets.get(item, ())
        if phrases and all(any(w in NEGATORS or w.endswith("n't") for w in p) for p in phrases):
            return True
    return False


def _walk(items: Sequence[Element], i: int, pos: int, step: int, bound: int, ctx: _Context,
          slots: dict) -> Iterator[dict]:
    """Every way items[i:] match from token ``pos`` on (moving by ``step``, stopping before ``bound``)."""
    if i == len(items):
        yield slots
        return
    item, glued = items[i]
    starts = [pos] if glued else range(pos, bound, step)
    for start in starts:
        if (start - bound) * step >= 0:
            return
        for end, found in _item(item, start, step, bound, ctx):
            yield from _walk(items, i + 1, end, step, bound, ctx, {**slots, **found})


def _item(item: str, pos: int, step: int, bound: int, ctx: _Context) -> Iterator[tuple[int, dict]]:
    """(next position, slots) for each way ``item`` matches at token ``pos``."""
    if item in SLOTS or item == "%":
        run = _actor_run(pos, step, bound, ctx)
        if run and item == "%":
            yield pos + step * len(run), ({"source": _head(run), "reciprocal": True} if step < 0
                                          else {"target": _head(run)})
        elif run:
            yield pos + step * len(run), {SLOTS[item]: _head(run)}
    elif item == "^":
        end = _phrase_end(ctx.tokens[pos], step)
        if (end - bound) * step < 0 and end != pos:
            yield end + step, {}
        for n in range(1, MAX_SKIP + 1):
            if (pos + step * (n - 1) - bound) * step >= 0:
                break
            yield pos + step * n, {}
    elif item.startswith("&"):
        for phrase in ctx.lex.synsets.get(item, ()):
            words = [(w, True) for w in (phrase if step > 0 else reversed(phrase))]
            for found in _walk(words, 0, pos, step, bound, ctx, {"_end": None}):
                yield found["_end"], {}
    else:
        lowers, text = ctx.lowers, ""
        for n in range(1, 4):
            last = pos + step * (n - 1)
            if (last - bound) * step >= 0:
                break
            text = text + lowers[last] if step > 0 else lowers[last] + text  # the tokens pos..last, joined
            if text == item:
                yield pos + step * n, {"_end": pos + step * n}
                break
            if not (item.startswith(text) if step > 0 else item.endswith(text)):
                break  # more tokens only make a longer text that still does not fit


def _phrase_end(tok: Token, step: int) -> int:
    """The last token (in the direction of ``step``) of the noun phrase ``tok`` starts (or ends)."""
    if step > 0:
        while tok.dep_ in NP_PARTS and tok.head.i > tok.i:
            tok = tok.head
        return tok.i
    return min(t.i for t in tok.subtree if t.i <= tok.i and (t.dep_ in NP_PARTS or t.i == tok.i))


def _actor_run(pos: int, step: int, bound: int, ctx: _Context) -> list[Token]:
    run = []
    while (pos - bound) * step < 0 and ctx.is_actor(ctx.tokens[pos]):
        run.append(ctx.tokens[pos])
        pos += step
    return run


def _head(run: list[Token]) -> Token:
    """The token of an actor phrase whose head lies outside it (the phrase's syntactic head)."""
    inside = {t.i for t in run}
    return next((t for t in run if t.head.i not in inside or t.head.i == t.i), run[0])
