"""Quotes: direct, partial and indirect speech with speaker, cue and content spans.

Needs a parsed ``Doc`` of ``article.text`` (tagger, parser, ner) and, optionally, the actor
mentions of the article to link speakers to actors. Direct-quote spans include their quotation
marks (the PolNeAR convention); indirect content is the reported clause, complementiser included.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Sequence

from spacy.tokens import Doc, Token

from ..records import Article, Mention, Quote, make_id
from .quote_cues import complement, coordinated_cut, is_cue, reporting_verbs, trailing_cut
from .quote_marks import Marked, find_marked, paragraphs

__all__ = ["extract_quotes", "reporting_verbs"]

PERSON_PRONOUNS = frozenset({"he", "she"})
GROUP_PRONOUNS = frozenset({"they", "it"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that"})
CONTAINER_NOUNS = frozenset(
    {"statement", "report", "letter", "release", "tweet", "post", "remark", "speech", "interview", "note"}
)
SUBJECTS = ("nsubj", "nsubjpass", "csubj")
CLIMB = ("xcomp", "advcl", "conj", "pcomp")
_WORD = re.compile(r"\w+")
_TRIM = " \t\n,;:.-—–"


@dataclass(slots=True)
class _Draft:
    """A quote being built: character spans into the article text."""

    start: int
    end: int
    direct: bool
    speaker: tuple[int, int] | None = None
    cue: Token | None = None
    paragraph: int = 0
    relative_to: int | None = None
    kind: str = "direct"


class _Context:
    """The parsed article with quote marks, paragraphs and cues located once."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text
        self.marked = find_marked(self.text)
        self.paras = paragraphs(self.text)
        self._para_starts = [p[0] for p in self.paras]
        self._mark_starts = [m.start for m in self.marked]
        self._token_starts = [t.idx for t in doc]
        self.cues = [t for t in doc if is_cue(t) and not self.quoted(t.idx)]

    def quoted(self, char: int) -> bool:
        """True when ``char`` lies inside a pair of quotation marks (marks included)."""
        i = bisect_right(self._mark_starts, char) - 1
        return i >= 0 and char < self.marked[i].end

    def paragraph(self, char: int) -> int:
        """Index of the paragraph holding ``char``."""
        return max(bisect_right(self._para_starts, char) - 1, 0)

    def cues_between(self, lo: int, hi: int) -> list[Token]:
        """Cue tokens starting in [lo, hi)."""
        return [t for t in self.cues if lo <= t.idx < hi]

    def token_at(self, char: int) -> Token | None:
        """The first token starting at or after ``char``."""
        i = bisect_right(self._token_starts, char - 1)
        return self.doc[i] if i < len(self.doc) else None


def extract_quotes(
    doc: Doc, article: Article, mentions: Sequence[Mention] = (), resolve_pronouns: bool = True
) -> list[Quote]:
    """All quotes in ``article`` (``doc`` is its parsed text), in text order.

    Pronoun speakers ("he said") are replaced by the span of their antecedent when
    ``resolve_pronouns`` is true; with False the pronoun span is kept (the PolNeAR convention).
    """
    ctx = _Context(doc)
    drafts = _direct_quotes(ctx)
    drafts += _indirect_quotes(ctx, drafts)
    _attribute_pull_quotes(ctx, drafts)
    _attribute_open_quotes(ctx, drafts)
    drafts = [d for d in drafts if d.speaker or d.cue or _standalone(ctx, d)]
    if resolve_pronouns:
        _resolve_pronouns(ctx, drafts, mentions)
    drafts.sort(key=lambda d: (d.start, d.end))
    return [_to_quote(ctx, d, article, mentions) for d in drafts]


# --- speakers -------------------------------------------------------------------------------


def _speaker_token(cue: Token) -> Token | None:
    """The head of the noun phrase that utters ``cue``."""
    if cue.lower_ == "according":
        objs = [c for c in cue.nbor(1).children if c.dep_ == "pobj"]
        return objs[0] if objs else None
    if cue.pos_ == "NOUN":
        return _noun_speaker(cue)
    if cue.pos_ == "ADP":  # "In a new poll, ..."
        objs = [c for c in cue.children if c.dep_ == "pobj"]
        return objs[0] if objs else None
    token = cue
    if (cue.tag_ == "VBG" and cue.dep_ == "advcl" and cue.head.dep_ == "ccomp" and cue.i
            and cue.doc[cue.i - 1].text == "," and cue.head.head.pos_ in ("VERB", "AUX")):
        token = cue.head.head  # "X said he saw no need to change, telling Y …": the participle is X's
    for _ in range(4):
        if _passive(token):
            agents = [g for c in token.children if c.dep_ == "agent" for g in c.children if g.dep_ == "pobj"]
            return agents[0] if agents else None
        subjects = [c for c in token.children if c.dep_ in SUBJECTS] or _inverted_object(token) or _misread_name(token)
        if subjects:
            return subjects[0]
        if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN", "PRON"):
            if token.head.lemma_.lower() not in CONTAINER_NOUNS:
                return token.head
            token = token.head.head
        elif token.dep_ == "conj" and token.head.dep_ == "ccomp" and is_cue(token.head.head):
            token = token.head.head  # "X said A and called B": the parser joins "called" to A's verb
        elif token.dep_ in CLIMB and token.head is not token:
            token = token.head
        elif token.pos_ == "ADP" and token.dep_ == "prep" and token.head.pos_ in ("VERB", "AUX"):
            token = token.head  # "X won by promising …", "X paused before explaining …": the verb's subject
        elif token.dep_ == "acomp" and token.head.pos_ in ("VERB", "AUX"):
            token = token.head  # "X was quick to point out …"
        else:
            return None
    return None


def _noun_speaker(noun: Token) -> Token | None:
    """Who makes the claim a noun cue names: "X's claim", "a claim by X", "X issued a warning"."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    for child in noun.children:
        if child.dep_ == "prep" and child.lower_ in ("by", "from"):
            objs = [g for g in child.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    if noun.dep_ == "dobj" and noun.head.pos_ == "VERB":
        return _speaker_token(noun.head)
    return None


def _misread_name(verb: Token) -> list[Token]:
    """'Skelly said …' with the name parsed as an adverb: a name right before the verb stands for its subject."""
    before = [c for c in verb.children if c.i < verb.i and c.dep_ in ("advmod", "npadvmod", "nmod", "dep")
              and c.right_edge.i == verb.i - 1]
    return [c for c in before if c.ent_type_ in ("PERSON", "ORG", "NORP", "GPE") or c.pos_ == "PROPN"]


def _inverted_object(verb: Token) -> list[Token]:
    """'"…," warned the ministry': the parser may take the speaker after the verb for its object."""
    if not any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children):
        return []
    return [c for c in verb.children if c.dep_ in ("dobj", "attr") and c.left_edge.i == verb.i + 1]


def _passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def _phrase(ctx: _Context, head: Token) -> tuple[int, int]:
    """The character span of the noun phrase headed by ``head``, without relative clauses."""
    keep = _np_tokens(head)
    lo = hi = head.i
    while lo - 1 in keep and not ctx.quoted(ctx.doc[lo - 1].idx):
        lo -= 1
    while hi + 1 in keep and not ctx.quoted(ctx.doc[hi + 1].idx):
        hi += 1
    doc = ctx.doc
    while lo < hi and (doc[lo].is_punct or doc[lo].dep_ == "cc"):
        lo += 1
    while hi > lo and (doc[hi].is_punct or doc[hi].dep_ in ("cc", "case")):
        hi -= 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _np_tokens(head: Token) -> set[int]:
    keep = {head.i}
    for child in head.children:
        if child.dep_ not in ("relcl", "acl", "advcl", "ccomp", "prep") or _is_title_prep(child):
            keep |= {t.i for t in child.subtree}
    return keep


def _is_title_prep(child: Token) -> bool:
    """'of' and 'in' attachments belong to names like 'the Embassy of Russia in Washington'."""
    return child.dep_ == "prep" and child.lower_ in ("of", "in", "at", "for", "from")


def _attribute(ctx: _Context, draft: _Draft, cue: Token) -> None:
    """Set the cue and speaker of ``draft``; a relative pronoun remembers the noun it stands for."""
    head = _speaker_token(cue)
    if head is None:
        if _passive(cue) or not draft.direct:
            draft.cue = cue
        return
    draft.cue = cue
    draft.speaker = _phrase(ctx, head)
    if head.lower_ in RELATIVE_PRONOUNS and head.head.dep_ == "relcl":
        draft.speaker = (head.idx, _token_end(head))
        draft.relative_to = head.head.head.i


# --- direct quotes --------------------------------------------------------------------------


def _direct_quotes(ctx: _Context) -> list[_Draft]:
    drafts: list[_Draft] = []
    for n, mark in enumerate(ctx.marked):
        draft = _Draft(mark.start, mark.end, True, paragraph=ctx.paragraph(mark.start))
        prev_end = ctx.marked[n - 1].end if n else 0
        next_start = ctx.marked[n + 1].start if n + 1 < len(ctx.marked) else len(ctx.text)
        cue = _cue_for(ctx, mark, prev_end, next_start)
        if cue is not None:
            _attribute(ctx, draft, cue)
        if draft.speaker is None and draft.cue is None:
            _colon_speaker(ctx, draft)
        if draft.speaker is None and draft.cue is None:
            _colon_paragraph(ctx, draft)
        if draft.speaker is None and draft.cue is None:
            _continue_speaker(ctx, draft, drafts)
        drafts.append(draft)
    return drafts


def _colon_speaker(ctx: _Context, draft: _Draft) -> None:
    """'Republican pollster Daron Shaw: "…"': a short name or noun phrase, with no verb, that a colon
    right before the quote ties to it."""
    before = _token_before(ctx, draft.start)
    if before is None or before.text != ":" or ctx.quoted(before.idx):
        return
    para_start = ctx.paras[draft.paragraph][0]
    words = [t for t in before.sent if t.i < before.i and t.idx >= para_start]
    if not words or ctx.quoted(words[0].idx):
        return
    if len(words) > 10 or any(t.pos_ in ("VERB", "AUX") for t in words):
        _colon_name(ctx, draft, before)  # "… doesn't surprise pollster Daron Shaw: "…""
        return
    if not any(t.pos_ in ("PROPN", "NOUN") for t in words):
        return
    span = _trim(ctx, words[0].idx, _token_end(words[-1]), 1)
    if span is not None:
        draft.speaker, draft.cue = span, before


def _colon_paragraph(ctx: _Context, draft: _Draft) -> None:
    """'Senator X told the committee:' or 'X continued:' closing the paragraph before one that opens with the
    quote: the cue before that colon, else a named subject of the colon's verb."""
    para_start = ctx.paras[draft.paragraph][0]
    if draft.paragraph == 0 or ctx.text[para_start:draft.start].strip():
        return
    colon = _token_before(ctx, draft.start)
    prev_start = ctx.paras[draft.paragraph - 1][0]
    if colon is None or colon.text != ":" or colon.idx < prev_start or ctx.quoted(colon.idx):
        return
    cues = [c for c in ctx.cues_between(max(prev_start, colon.sent.start_char), colon.idx) if not ctx.quoted(c.idx)]
    if cues:
        _attribute(ctx, draft, cues[-1])
        return
    verb = ctx.doc[colon.i - 1]
    subjects = [c for c in verb.children if c.dep_ == "nsubj"] if verb.pos_ == "VERB" else []
    if subjects and (subjects[0].pos_ == "PROPN" or subjects[0].ent_type_ in ("PERSON", "ORG")):
        draft.speaker, draft.cue = _phrase(ctx, subjects[0]), verb


def _colon_name(ctx: _Context, draft: _Draft, colon: Token) -> None:
    """A person's or organisation's name right before the colon that opens the quote."""
    prev = ctx.doc[colon.i - 1] if colon.i else None
    if prev is None or prev.ent_type_ not in ("PERSON", "ORG") or ctx.quoted(prev.idx):
        return
    ent = next((e for e in ctx.doc.ents if e.start <= prev.i < e.end), None)
    if ent is None or ent.end != colon.i:
        return
    span = _phrase(ctx, ent.root)
    draft.speaker = span if span[1] <= colon.idx and span[0] >= ctx.paras[draft.paragraph][0] else (
        ent.start_char, ent.end_char)
    draft.cue = colon


def _cue_for(ctx: _Context, mark: Marked, prev_end: int, next_start: int) -> Token | None:
    """The reporting verb that governs the quote at ``mark``, in its sentence or the one before."""
    para_start, para_end = ctx.paras[ctx.paragraph(mark.start)]
    before = _token_before(ctx, mark.start)
    same_sentence = before is not None and before.idx >= para_start and not _sentence_end(before)
    lo = max(prev_end, para_start, before.sent.start_char if before is not None else 0)
    before_cues = ctx.cues_between(lo, mark.start)
    if same_sentence and before_cues:
        return before_cues[-1]
    after = ctx.token_at(mark.end)
    if after is not None and after.idx < min(para_end, next_start):
        hi = min(after.sent.end_char, para_end, next_start)
        for cue in ctx.cues_between(mark.end, hi):
            if not _has_own_content(ctx, cue):
                return cue
            break
    return before_cues[-1] if before_cues else None


def _token_before(ctx: _Context, char: int) -> Token | None:
    token = ctx.token_at(char)
    index = token.i - 1 if token is not None else len(ctx.doc) - 1
    while index > 0 and ctx.doc[index].is_space:  # 'said:\xa0"…"': a no-break space is a token of its own
        index -= 1
    return ctx.doc[index] if index >= 0 else None


def _sentence_end(token: Token) -> bool:
    return token.text in (".", "!", "?") or token.text.endswith((".", "!", "?"))


def _has_own_content(ctx: _Context, cue: Token) -> bool:
    """True when ``cue`` reports a clause of its own outside quotation marks."""
    return any(c.dep_ == "ccomp" and not ctx.quoted(c.idx) and c.idx > cue.idx for c in cue.children)


def _continue_speaker(ctx: _Context, draft: _Draft, drafts: list[_Draft]) -> None:
    """Give an unattributed quote the latest speaker of its paragraph (a quote's or a cue's),
    or, when it opens a paragraph, the speaker of the last quote in the paragraph before."""
    para_start = ctx.paras[draft.paragraph][0]
    sources = []
    for cue in ctx.cues_between(para_start, draft.start):
        found = _Draft(cue.idx, cue.idx, True)
        _attribute(ctx, found, cue)
        sources.append(found)
    last = drafts[-1] if drafts else None
    opens_paragraph = not ctx.text[para_start : draft.start].strip()
    if last and (last.paragraph == draft.paragraph or (opens_paragraph and last.paragraph == draft.paragraph - 1)):
        sources.append(last)
    sources = [s for s in sources if s.speaker]
    if sources:
        best = max(sources, key=lambda s: s.start)
        draft.speaker, draft.cue, draft.relative_to = best.speaker, best.cue, best.relative_to


def _standalone(ctx: _Context, draft: _Draft) -> bool:
    """An unattributed quote is kept only when it stands as a sentence of its own."""
    if not draft.direct:
        return True
    before = _token_before(ctx, draft.start)
    para_start = ctx.paras[draft.paragraph][0]
    return before is None or before.idx < para_start or _sentence_end(before)


def _attribute_pull_quotes(ctx: _Context, drafts: list[_Draft]) -> None:
    """Give a quote without a speaker the speaker of an attributed quote holding the same words."""
    attributed = [(_words(ctx.text[d.start : d.end]), d) for d in drafts if d.direct and d.speaker]
    for draft in drafts:
        if draft.speaker or not draft.direct:
            continue
        words = _words(ctx.text[draft.start : draft.end])
        if len(words) < 4:
            continue
        for other_words, other in attributed:
            if len(words & other_words) >= 0.8 * len(words):
                draft.speaker, draft.relative_to = other.speaker, other.relative_to
                break


def _attribute_open_quotes(ctx: _Context, drafts: list[_Draft]) -> None:
    """A quote left open at a paragraph's end takes the speaker of the quote that continues it."""
    direct = [d for d in drafts if d.direct]
    closed = {m.start: m.closed for m in ctx.marked}
    for draft, following in zip(direct, direct[1:]):
        if draft.speaker is None and not closed.get(draft.start, True) and following.speaker:
            if following.paragraph == draft.paragraph + 1:
                draft.speaker, draft.cue, draft.relative_to = following.speaker, following.cue, following.relative_to


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


# --- indirect speech ------------------------------------------------------------------------


def _indirect_quotes(ctx: _Context, direct: list[_Draft]) -> list[_Draft]:
    """Reported contents of every cue; one that holds quoted words and words of its own becomes a
    partial quote and takes the place of the direct quotes inside it (removed from ``direct``)."""
    drafts = []
    absorbed: set[int] = set()
    for cue in ctx.cues:
        for span in _reported_clauses(ctx, cue):
            span = _snap_to_marks(ctx, span) if span is not None else None
            if span is None or _crosses_marks(ctx, span) or ctx.paragraph(span[0]) != ctx.paragraph(span[1] - 1):
                continue
            inner = [d for d in direct if span[0] <= d.start and d.end <= span[1]]
            if _inside_marks(ctx, span) or (inner and not _words_outside(ctx, span, inner)):
                continue
            if any(d.cue is not None and d.cue.i != cue.i and d.end <= d.cue.idx < span[1] for d in inner):
                continue  # the quoted words have their own attribution after them ("…," the parties agreed)
            draft = _Draft(span[0], span[1], False, paragraph=ctx.paragraph(span[0]),
                           kind="partial" if inner else "indirect")
            _attribute(ctx, draft, cue)
            if cue.pos_ == "NOUN" and draft.speaker is None:
                continue
            drafts.append(draft)
            absorbed |= {id(d) for d in inner}
    direct[:] = [d for d in direct if id(d) not in absorbed]
    return drafts


def _snap_to_marks(ctx: _Context, span: tuple[int, int]) -> tuple[int, int]:
    """Take in a closing or opening quotation mark the parse left just outside the span."""
    start, end = span
    for m in ctx.marked:
        if start < m.start < end < m.end <= end + 3 and not _WORD.search(ctx.text[end : m.end]):
            end = m.end
        if start - 2 <= m.start < start < m.end < end and not _WORD.search(ctx.text[m.start : start]):
            start = m.start
    return start, end


def _crosses_marks(ctx: _Context, span: tuple[int, int]) -> bool:
    """True when ``span`` starts inside a quotation and ends outside it, or the reverse."""
    start, end = span
    return any((m.start < start < m.end < end) or (start < m.start < end < m.end) for m in ctx.marked)


def _inside_marks(ctx: _Context, span: tuple[int, int]) -> bool:
    return any(m.start <= span[0] and span[1] <= m.end for m in ctx.marked)


def _words_outside(ctx: _Context, span: tuple[int, int], inner: list[_Draft]) -> int:
    pieces, at = [], span[0]
    for d in sorted(inner, key=lambda d: d.start):
        pieces.append(ctx.text[at : d.start])
        at = max(at, d.end)
    pieces.append(ctx.text[at : span[1]])
    return len(_WORD.findall(" ".join(pieces)))


def _reported_clauses(ctx: _Context, cue: Token) -> list[tuple[int, int] | None]:
    """The content(s) ``cue`` reports: the complement its frames allow (see ``quote_cues``), the rest
    of an 'according to' sentence, the sentence around an interjected attribution ("…, he said, …"),
    or what follows a colon."""
    if cue.lower_ == "according":
        return [_according_clause(ctx, cue)]
    found = complement(cue)
    if found is not None:
        first, last, frame = found
        last = trailing_cut(first, coordinated_cut(cue, first, last))
        # an object may be one word ("endorsed Cruz"); a clause needs two
        return [_trim(ctx, first.idx, _token_end(last), 1 if frame.startswith(("obj", "prep")) else 2)]
    if cue.pos_ == "NOUN":
        return []
    interjected = _around_attribution(ctx, cue)
    if interjected:
        return interjected
    colon = _colon_after(ctx, cue)
    if colon is not None:
        return [_trim(ctx, ctx.doc[colon.i + 1].idx, ctx.doc[colon.i + 1].sent.end_char)]
    return []


def _around_attribution(ctx: _Context, cue: Token) -> list[tuple[int, int] | None]:
    """The sentence parts either side of an attribution set off by commas ("X, he said, Y").

    Only for a cue with no object or complement of its own and a speaker that is not a relative
    pronoun, and only when the parts hold a verb: an opening adverbial ("On the contrary, the
    ministry said") or a clause before "X, who said" is narration, not speech."""
    head = _speaker_token(cue)
    sent = cue.sent
    if head is None or head.sent != sent or head.lower_ in RELATIVE_PRONOUNS:
        return []
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "prep", "dative") and c.i > cue.i for c in cue.children):
        return []
    doc = ctx.doc
    lo, hi = min(cue.i, head.left_edge.i), max(cue.i, _phrase_end(ctx, head))
    if lo > sent.start and doc[lo - 1].text != ",":
        return []
    limit = min(hi + 7, sent.end)
    while hi + 1 < limit and doc[hi + 1].text not in (",", ".", "!", "?", ";") and not ctx.quoted(doc[hi + 1].idx):
        hi += 1
    if hi + 1 >= limit and limit < sent.end:
        return []
    left = _trim(ctx, sent.start_char, doc[lo].idx) if lo > sent.start else None
    right = _trim(ctx, _token_end(doc[hi + 1]), sent.end_char) if hi + 2 < sent.end else None
    parts = [span for span in (left, right) if span]
    if not any(t.pos_ in ("VERB", "AUX") for a, b in parts for t in doc.char_span(a, b, alignment_mode="expand")):
        return []
    return parts


def _phrase_end(ctx: _Context, head: Token) -> int:
    end = _phrase(ctx, head)[1]
    return max(t.i for t in head.subtree if t.idx < end)


def _colon_after(ctx: _Context, cue: Token) -> Token | None:
    """A colon shortly after ``cue`` ("put it this way: …") that opens unquoted speech."""
    doc = ctx.doc
    for token in doc[cue.i + 1 : min(cue.i + 7, len(doc) - 1)]:
        if token.text == ":":
            nxt = doc[token.i + 1]
            return None if ctx.quoted(nxt.idx) or nxt.is_space else token
        if token.pos_ in ("VERB", "AUX") or ctx.quoted(token.idx) or _sentence_end(token):
            return None
    return None


def _according_clause(ctx: _Context, cue: Token) -> tuple[int, int] | None:
    phrase = sorted(t.i for t in cue.subtree)
    sent = cue.sent
    left = (sent.start_char, cue.idx) if phrase[0] > sent.start else None
    right = (_token_end(ctx.doc[phrase[-1]]), sent.end_char) if phrase[-1] + 1 < sent.end else None
    sides = [s for s in (right, left) if s and len(ctx.text[s[0] : s[1]].strip(_TRIM)) > 10]
    return _trim(ctx, *sides[0]) if sides else None


def _token_end(token: Token) -> int:
    return token.idx + len(token)


def _trim(ctx: _Context, start: int, end: int, min_words: int = 2) -> tuple[int, int] | None:
    """Drop spaces and clause punctuation at the edges; keep a closing quotation mark."""
    text = ctx.text
    while start < end and text[start] in _TRIM:
        start += 1
    while end > start and text[end - 1] in _TRIM:
        end -= 1
    if end < len(text) and text[end] in ".?!" and end + 1 < len(text) and text[end + 1] in "\"”’'":
        end += 2
    return (start, end) if len(_WORD.findall(text[start:end])) >= min_words else None


# --- pronouns and actors ----------------------------------------------------------------------


def _resolve_pronouns(ctx: _Context, drafts: list[_Draft], mentions: Sequence[Mention]) -> None:
    """Replace pronoun speakers by the span of the most recent compatible speaker or name."""
    ordered = sorted(drafts, key=lambda d: d.start)
    for n, draft in enumerate(ordered):
        if draft.speaker is None:
            continue
        if draft.relative_to is not None:
            draft.speaker = _phrase(ctx, ctx.doc[draft.relative_to])
            continue
        word = ctx.text[draft.speaker[0] : draft.speaker[1]].lower()
        earlier = [d.speaker for d in ordered[:n] if d.speaker]
        if word in PERSON_PRONOUNS | GROUP_PRONOUNS:
            draft.speaker = _antecedent(ctx, draft.speaker[0], word, earlier, mentions) or draft.speaker
        elif _DEFINITE.match(word):
            draft.speaker = _described(ctx, draft.speaker, earlier, mentions) or draft.speaker


_DEFINITE = re.compile(r"^(the|this|that) ([a-z-]+ )?[a-z-]+$")


def _described(
    ctx: _Context, span: tuple[int, int], speakers: list[tuple[int, int]], mentions: Sequence[Mention]
) -> tuple[int, int] | None:
    """The nearest earlier name whose phrase holds the head noun of a definite description
    ("the minister" → "Defence Minister Ana Ruiz", "the embassy" → "the Russian embassy in Washington"),
    within three paragraphs; None (the description stays as written) when there is none."""
    head = ctx.text[span[0] : span[1]].lower().split()[-1]
    candidates = list(speakers) + [(m.start, m.end) for m in mentions]
    candidates += [_name_phrase(ctx, e) for e in ctx.doc.ents if e.label_ in ("PERSON", "ORG", "NORP", "GPE")]
    fits = [c for c in candidates if c[1] <= span[0] and ctx.paragraph(c[0]) >= ctx.paragraph(span[0]) - 3
            and head in ctx.text[c[0] : c[1]].lower().split() and not _DEFINITE.match(ctx.text[c[0] : c[1]].lower())]
    return max(fits, key=lambda c: (c[1], c[1] - c[0])) if fits else None


def _antecedent(
    ctx: _Context, at: int, word: str, speakers: list[tuple[int, int]], mentions: Sequence[Mention]
) -> tuple[int, int] | None:
    person = word in PERSON_PRONOUNS
    candidates = [s for s in speakers if _is_person(ctx, s) == person and not _is_pronoun(ctx, s)]
    if person:
        candidates += [_name_phrase(ctx, e) for e in ctx.doc.ents if e.label_ == "PERSON"]
        candidates += [(m.start, m.end) for m in mentions if m.kind == "person"]
    window = [c for c in candidates if c[1] <= at and ctx.paragraph(c[0]) >= ctx.paragraph(at) - 3]
    if not window and person:  # names the NER missed: the latest named speaker nearby
        window = [s for s in speakers if not _is_pronoun(ctx, s) and s[1] <= at
                  and ctx.paragraph(s[0]) >= ctx.paragraph(at) - 1]
    if not window and word == "they":  # "The protesters chanted … "…," they shouted": a plural subject
        window = [_phrase(ctx, t) for t in ctx.doc if t.dep_ in ("nsubj", "nsubjpass") and t.idx < at
                  and t.tag_ in ("NNS", "NNPS") and ctx.paragraph(t.idx) >= ctx.paragraph(at) - 1]
    return max(window, key=lambda c: c[1]) if window else None


def _name_phrase(ctx: _Context, ent) -> tuple[int, int]:
    """A person's name with its title when the name heads a subject ("Judge Anton Weiss")."""
    if ent.root.dep_ in SUBJECTS:
        return _phrase(ctx, ent.root)
    return ent.start_char, ent.end_char


def _is_person(ctx: _Context, span: tuple[int, int]) -> bool:
    ents = ctx.doc.char_span(span[0], span[1], alignment_mode="expand")
    return ents is not None and any(t.ent_type_ == "PERSON" for t in ents)


def _is_pronoun(ctx: _Context, span: tuple[int, int]) -> bool:
    return ctx.text[span[0] : span[1]].lower() in PERSON_PRONOUNS | GROUP_PRONOUNS | RELATIVE_PRONOUNS


def _actor_id(ctx: _Context, span: tuple[int, int], mentions: Sequence[Mention]) -> str | None:
    """The actor of the mention holding the speaker phrase's head ("Nigerian President Bola Tinubu"
    is Tinubu, not Nigeria), else of one overlapping it, else of one sharing its last word."""
    linked = [m for m in mentions if m.actor_id]
    inside = [m for m in linked if m.start < span[1] and span[0] < m.end]
    phrase = ctx.doc.char_span(span[0], span[1], alignment_mode="expand")
    root = phrase.root if phrase is not None and len(phrase) else None
    # the head word, or a name in apposition to it ("the head of the delegation, Igor Ivanov")
    heads = [] if root is None else [root.idx] + [c.idx for c in root.children if c.dep_ == "appos"]
    for head in heads:
        for m in inside:
            if m.start <= head < m.end:
                return m.actor_id
    if inside:
        return inside[0].actor_id
    words = _WORD.findall(ctx.text[span[0] : span[1]])
    if not words or not words[-1][0].isupper():
        return None
    same = [m for m in linked if _WORD.findall(m.text)[-1:] == words[-1:]]
    return same[-1].actor_id if same else None


def _to_quote(ctx: _Context, draft: _Draft, article: Article, mentions: Sequence[Mention]) -> Quote:
    speaker = draft.speaker
    cue = draft.cue
    cue_text = None
    if cue is not None:
        cue_text = "according to" if cue.lower_ == "according" else cue.text
    return Quote(
        id=make_id("quote", article.id, draft.start, draft.end),
        article_id=article.id,
        start=draft.start,
        end=draft.end,
        text=ctx.text[draft.start : draft.end],
        speaker_text=ctx.text[speaker[0] : speaker[1]] if speaker else None,
        speaker_start=speaker[0] if speaker else None,
        speaker_end=speaker[1] if speaker else None,
        speaker_actor_id=_actor_id(ctx, speaker, mentions) if speaker and mentions else None,
        direct=draft.direct,
        cue=cue_text,
        kind=draft.kind if draft.direct or draft.kind != "direct" else "indirect",
    )
