"""Is a capital the government ("Washington made a request") or a place ("met in Washington")?"""

from __future__ import annotations

from spacy.tokens import Span, Token

from .gazetteer import load_gazetteer

_NOMINAL = {"NOUN", "PROPN", "PRON"}


def is_government_reading(token_or_span: Token | Span) -> bool:
    """True when a place name acts as a political agent or patient rather than a setting.

    Subjects, objects and possessors of non-locative verbs count ("thanking Moscow",
    "Moscow's attempt"), as do objects of "of/to/with/by/against" after a non-locative word
    ("the influence of Moscow", "a request to Washington"); "in/at/from" objects, compounds
    ("a Moscow meeting") and the words listed in ``data/actors/metonymy.tsv`` stay places.
    """
    token = token_or_span.root if isinstance(token_or_span, Span) else token_or_span
    words = load_gazetteer().metonymy
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    head = token.head
    if token.dep_ in words["dep"]:
        if token.dep_ == "poss":
            return head.lemma_.lower() not in words["place_head"]
        return head.lemma_.lower() not in words["place_verb"]
    if token.dep_ == "pobj" and head.lower_ in words["prep"]:
        governor = head.head
        if governor.lemma_.lower() in words["place_head"] or governor.lower_ in words["place_head"]:
            return False
        return head.lower_ != "of" or governor.pos_ in _NOMINAL
    return False
