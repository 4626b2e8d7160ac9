"""Attribution cues and the frames that carry their content, from the lexicons in ``data/``.

A cue is a reporting verb ("said", "warned"), a verb of stance with the frame that holds what it
reports ("criticized X for Y", "called for Y", "the poll shows Z"), a noun with a "that"-clause
("the claim that ...") or "according to". :func:`complement` returns the first and last token of
the content a cue governs in the parse, or None when the cue has no content of its own.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from spacy.tokens import Token

SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# prepositions that complete an object's content ("accused X of Y", "criticized X for Y", "see X as Y")
OBJECT_PREPS = frozenset({"of", "for", "as", "to", "with", "over", "about", "against", "into", "on"})
# what may follow an object inside the content
OBJECT_TAIL = frozenset({"oprd", "xcomp", "ccomp", "dative"})
RELATIVE_STARTS = frozenset({"which", "where", "who", "whom", "whose"})
# clauses of concession or reason after a comma belong to the narration ("…, though she did not say how")
CONCESSIVE_STARTS = frozenset({"though", "although", "because", "despite", "unless"})
VBG_CUT = True


def _data_lines(name: str) -> list[str]:
    text = resources.files("wirewatch.data").joinpath(name).read_text("utf-8")
    lines = (line.split("#", 1)[0].rstrip() for line in text.splitlines())
    return [line for line in lines if line.strip()]


@lru_cache(maxsize=1)
def reporting_verbs() -> frozenset[str]:
    """Lemmas of the verbs that introduce speech, from ``data/reporting_verbs.txt``."""
    return frozenset(line.strip().lower() for line in _data_lines("reporting_verbs.txt"))


@lru_cache(maxsize=1)
def evidence_nouns() -> frozenset[str]:
    """Nouns whose referents report ("the poll shows"), from ``data/evidence_nouns.txt``."""
    return frozenset(line.strip().lower() for line in _data_lines("evidence_nouns.txt"))


@lru_cache(maxsize=1)
def cue_frames() -> dict[tuple[str, str], tuple[str, ...]]:
    """(lemma, VERB|NOUN) → frames: reporting verbs take a clause or an infinitive; the entries of
    ``data/attribution_cues.tsv`` add their own frames."""
    frames: dict[tuple[str, str], tuple[str, ...]] = {(v, "VERB"): ("clause", "inf") for v in reporting_verbs()}
    for line in _data_lines("attribution_cues.tsv"):
        cols = line.split("\t")
        if len(cols) < 3:
            continue
        key = (cols[0].strip().lower(), cols[1].strip().upper())
        extra = tuple(f.strip() for f in cols[2].split(",") if f.strip())
        frames[key] = frames.get(key, ()) + tuple(f for f in extra if f not in frames.get(key, ()))
    return frames


def lemma(token: Token) -> str:
    """The token's lemma, mending the model's "hopes" → "hop" and "tweeted" → "tweete"."""
    word = token.lemma_.lower()
    if word == "hop" and not token.lower_.startswith("hopp"):
        return "hope"
    if word.endswith("ee") or word in ("tweete", "retweete"):
        return word[:-1] if word.endswith("te") else word
    return word


def is_cue(token: Token) -> bool:
    """True for a token that can introduce an attribution."""
    if token.lower_ == "according":
        return token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to"
    if token.pos_ == "VERB":
        return (lemma(token), "VERB") in cue_frames()
    if token.pos_ == "NOUN" and (lemma(token), "NOUN") in cue_frames():
        return _that_clause(token) is not None
    return evidence_preposition(token)


def evidence_preposition(token: Token) -> bool:
    """An opening "In a new poll, ..." whose sentence reports what the poll found."""
    if token.lower_ != "in" or token.dep_ != "prep" or token.i != token.sent.start:
        return False
    objects = [c for c in token.children if c.dep_ == "pobj"]
    head = token.head
    return (bool(objects) and objects[0].lemma_.lower() in evidence_nouns() and head.dep_ == "ROOT"
            and head.pos_ in ("VERB", "AUX") and not is_cue(head))


def frames_of(token: Token) -> tuple[str, ...]:
    return cue_frames().get((lemma(token), "NOUN" if token.pos_ == "NOUN" else "VERB"), ())


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it is coordinated with or completes ("continue to show")."""
    token = verb
    for _ in range(3):
        subjects = [c for c in token.children if c.dep_ in SUBJECTS]
        if subjects:
            return subjects[0]
        if token.dep_ == "acl" and token.head.pos_ in ("NOUN", "PROPN"):  # "polls showing X"
            return token.head
        if token.dep_ not in ("conj", "xcomp") or token.head is token:
            return None
        token = token.head
    return None


def _evidence_subject(verb: Token) -> bool:
    subject = subject_of(verb)
    return subject is not None and subject.lemma_.lower() in evidence_nouns()


def _passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def _that_clause(noun: Token) -> Token | None:
    """The complement clause of a noun ("the claim that X"), not a relative clause: its "that" is a
    complementiser (the parser's ``mark``), not the clause's subject or object."""
    for child in noun.children:
        if child.dep_ in ("acl", "ccomp", "relcl") and child.i > noun.i:  # a "that" marking a clause
            marks = [c for c in child.children if c.dep_ == "mark" and c.lower_ == "that"]
            if marks and marks[0].i == noun.i + 1:
                return child
    return None


def complement(cue: Token) -> tuple[Token, Token, str] | None:
    """(first token, last token, frame) of the content ``cue`` governs, trying its frames in order
    clause, infinitive, object, preposition; None when no frame of the cue is filled."""
    if cue.pos_ == "ADP":  # "In a new poll, 50 percent chose ..."
        root = cue.head
        after = cue.right_edge.i + 1
        doc = cue.doc
        while after < root.sent.end and doc[after].is_punct:
            after += 1
        last = root.sent[-1]
        while last.i > after and last.is_punct:
            last = doc[last.i - 1]
        return (doc[after], last, "evidence") if after < last.i else None
    frames = frames_of(cue)
    if cue.pos_ == "NOUN":
        clause = _that_clause(cue) if "that" in frames else None
        return (clause.left_edge, clause.right_edge, "that") if clause is not None else None
    evidence = None
    for frame in frames:
        name, _, needs = frame.partition("@")
        if needs == "evidence":
            if evidence is None:
                evidence = _evidence_subject(cue)
            if not evidence:
                continue
        found = _fill(cue, name)
        if found is not None:
            return found[0], found[1], name
    if "clause" in frames:
        found = later_that_clause(cue) or fronted_clause(cue)
        if found is not None:
            return found[0], found[1], "clause"
    return None


def fronted_clause(cue: Token) -> tuple[Token, Token] | None:
    """The clause before an attribution set off by a comma or dash ("X is true, he said"); not one
    a colon joins, nor one that is an attribution of its own."""
    doc = cue.doc
    for child in cue.children:
        if child.dep_ != "ccomp" or child.i > cue.i or is_cue(child):
            continue
        after = doc[child.right_edge.i + 1] if child.right_edge.i + 1 < len(doc) else None
        while after is not None and after.is_quote and after.i + 1 < len(doc):
            after = doc[after.i + 1]
        if after is not None and after.text in (",", "—", "–", "--"):
            return child.left_edge, child.right_edge
    return None


def _fill(cue: Token, frame: str) -> tuple[Token, Token] | None:
    children = list(cue.children)
    if frame == "clause":
        after = [c for c in children if c.dep_ == "ccomp" and c.i > cue.i]
        return (after[0].left_edge, after[0].right_edge) if after else None
    if frame == "inf":
        for child in children:
            if child.dep_ == "xcomp" and child.i > cue.i and _infinitive(child):
                objects = [c for c in children if c.dep_ == "dobj" and cue.i < c.i < child.i]
                first = objects[0].left_edge if objects else child.left_edge
                return first, child.right_edge
        return None
    if _passive(cue):
        return None
    if frame.startswith("obj"):
        return _object_content(cue, frame.partition("+")[2])
    if frame.startswith("prep:"):
        word = frame[5:]
        phrasal = not any(c.dep_ == "dobj" for c in children)
        for child in children:
            if child.dep_ == "prep" and child.lower_ == word and cue.i < child.i and (phrasal or child.i <= cue.i + 2):
                objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if objects:
                    return objects[0].left_edge, child.right_edge
        return None
    return None


def later_that_clause(cue: Token) -> tuple[Token, Token] | None:
    """A "that"-clause the parser hung below an adjunct of the cue ("said on Friday during a news
    conference that ..."): the first complementiser "that" right of the cue, within its subtree and
    sentence, with no verb between them."""
    doc = cue.doc
    for token in doc[cue.i + 1 : min(cue.right_edge.i + 1, cue.sent.end)]:
        if token.pos_ in ("VERB", "AUX") and token.dep_ != "mark":
            return None
        if token.lower_ == "that" and token.dep_ == "mark" and token.head.i > token.i:
            return token, token.head.right_edge
    return None


def _infinitive(verb: Token) -> bool:
    return verb.left_edge.lower_ == "to" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _object_content(cue: Token, needed_prep: str) -> tuple[Token, Token] | None:
    objects = [c for c in cue.children if c.dep_ == "dobj" and c.i > cue.i]
    if not objects:
        return None
    obj = objects[0]
    tail = [c for c in cue.children if c.i > obj.i
            and (c.dep_ in OBJECT_TAIL or (c.dep_ == "prep" and c.lower_ in OBJECT_PREPS))]
    if needed_prep and not any(c.dep_ == "prep" and c.lower_ == needed_prep for c in tail + list(obj.children)):
        return None
    last = max([obj] + tail, key=lambda t: t.right_edge.i).right_edge
    return obj.left_edge, last


def coordinated_cut(cue: Token, first: Token, last: Token) -> Token:
    """A content stops before a coordinated attribution of its own ("… that X, and called Y …"):
    PolNeAR and PARC give each word to one attribution."""
    doc = cue.doc
    for token in doc[first.i + 1 : last.i + 1]:
        if token.dep_ == "conj" and token.pos_ == "VERB" and token.left_edge.i > first.i and is_cue(token) \
                and complement(token) is not None:
            end = doc[token.left_edge.i - 1]
            while end.i > first.i and (end.dep_ == "cc" or (end.is_punct and not end.is_quote)):
                end = doc[end.i - 1]
            return end
    return last


def trailing_cut(first: Token, last: Token) -> Token:
    """The last token of a content before a trailing non-restrictive clause (", where ...",
    ", which ...", ", saying ..."), which PolNeAR and PARC leave out of the content."""
    doc = first.doc
    for i in range(first.i + 2, last.i):
        if doc[i].text != ",":
            continue
        nxt = doc[i + 1]
        if nxt.lower_ in RELATIVE_STARTS or nxt.lower_ in CONCESSIVE_STARTS or (
                VBG_CUT and nxt.tag_ == "VBG" and nxt.dep_ in ("advcl", "xcomp", "acl", "conj")):
            return doc[i - 1]
        if nxt.lower_ == "even" and doc[i + 2].lower_ in ("though", "if"):
            return doc[i - 1]
    while last.i > first.i and (last.dep_ == "cc" or last.is_punct and not last.is_quote):
        last = doc[last.i - 1]
    return last
