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


def is_cue(token: Token) -> bool:
    """True for a token that can introduce an attribution."""
    if token.lower_ == "according":
        return token.i + 1 < len(token.doc) and token.nbor(1).lower_ == "to"
    if token.pos_ == "VERB":
        return (token.lemma_.lower(), "VERB") in cue_frames()
    if token.pos_ == "NOUN" and (token.lemma_.lower(), "NOUN") in cue_frames():
        return _that_clause(token) is not None
    return False


def frames_of(token: Token) -> tuple[str, ...]:
    return cue_frames().get((token.lemma_.lower(), "NOUN" if token.pos_ == "NOUN" else "VERB"), ())


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it is coordinated with."""
    for token in (verb, verb.head if verb.dep_ == "conj" else None):
        if token is None:
            continue
        subjects = [c for c in token.children if c.dep_ in SUBJECTS]
        if subjects:
            return subjects[0]
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
    return None


def _fill(cue: Token, frame: str) -> tuple[Token, Token] | None:
    children = list(cue.children)
    if frame == "clause":
        after = [c for c in children if c.dep_ == "ccomp" and c.i > cue.i]
        before = [c for c in children if c.dep_ == "ccomp" and c.i < cue.i]
        clause = (after or before or [None])[0]
        return (clause.left_edge, clause.right_edge) if clause is not None else None
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
        for child in children:
            if child.dep_ == "prep" and child.lower_ == word and cue.i < child.i <= cue.i + 2:
                objects = [c for c in child.children if c.dep_ in ("pobj", "pcomp")]
                if objects:
                    return objects[0].left_edge, child.right_edge
        return None
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
    if needed_prep and not any(c.dep_ == "prep" and c.lower_ == needed_prep for c in tail):
        return None
    last = max([obj] + tail, key=lambda t: t.right_edge.i).right_edge
    return obj.left_edge, last


def trailing_cut(first: Token, last: Token) -> Token:
    """The last token of a content before a trailing non-restrictive clause (", where ...",
    ", which ...", ", saying ..."), which PolNeAR and PARC leave out of the content."""
    doc = first.doc
    for i in range(first.i + 2, last.i):
        if doc[i].text != ",":
            continue
        nxt = doc[i + 1]
        if nxt.lower_ in RELATIVE_STARTS or (nxt.tag_ == "VBG" and nxt.dep_ in ("advcl", "xcomp", "acl", "conj")):
            return doc[i - 1]
    return last
