"""Titles and affiliations of people from premodifiers and appositions.

"Russian Foreign Minister Sergey Lavrov", "CSTO Secretary General Stanislav Zas",
"Secretary of the Security Council of Russia, Nikolai Patrushev",
"Rustam Azizi, a Tajik political scientist", "X, director of the Y Department of the Z Ministry".
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from ..records import Article, Role
from .gazetteer import Gazetteer, load_gazetteer, strip_the

_CONNECTORS = {"of", "for"}
_ORG_PREPS = {"of", "at", "to", "for", "with", "in"}
_DETS = {"a", "an", "the"}
_STOP_POS = {"VERB", "AUX", "PRON", "SCONJ"}
_PASSING = {"new", "incoming", "outgoing", "current", "longtime", "then"}
_POSSESSIVE = {"'s", "’s", "'"}


def extract_roles(doc: Doc, person: Span, article: Article, gaz: Gazetteer | None = None) -> list[Role]:
    """Roles stated around one full-name mention of a person."""
    gaz = gaz or load_gazetteer()
    found = [_premodifier_role(doc, person, gaz), _apposition_role(doc, person, gaz), _preceding_role(doc, person, gaz)]
    date = article.published.isoformat() if article.published else None
    return [
        Role(title, org, country, article.id, date, start, end)
        for title, org, country, start, end in (f for f in found if f)
    ]


def is_title_word(token: Token, gaz: Gazetteer) -> bool:
    """A word that belongs to a title ("Secretary", "press", "envoy")."""
    return token.lower_ in gaz.titles


def _premodifier_tokens(doc: Doc, person: Span, gaz: Gazetteer) -> list[Token]:
    tokens: list[Token] = []
    i = person.start - 1
    while i >= 0:
        tok = doc[i]
        capital = tok.is_title or tok.is_upper
        if tok.lower_ in _CONNECTORS and tokens and i > 0 and (doc[i - 1].is_title or is_title_word(doc[i - 1], gaz)):
            tokens.insert(0, tok)
        elif (capital and tok.pos_ in {"PROPN", "NOUN", "ADJ"} and tok.is_alpha) or is_title_word(tok, gaz):
            if tok.i != person.start - 1 or tok.lower_ not in _DETS:
                tokens.insert(0, tok)
        else:
            break
        i -= 1
    while tokens and tokens[0].lower_ in _CONNECTORS | _DETS:
        tokens.pop(0)
    return tokens


def _title_run(tokens: list[Token], gaz: Gazetteer) -> int:
    """Index where the trailing run of title words starts in ``tokens`` (len when none)."""
    start = len(tokens)
    while start > 0 and is_title_word(tokens[start - 1], gaz):
        start -= 1
    return start


def _premodifier_role(doc: Doc, person: Span, gaz: Gazetteer):
    tokens = _premodifier_tokens(doc, person, gaz)
    if not tokens:
        return None
    words = [t.lower_ for t in tokens]
    cut = next((k for k, w in enumerate(words) if w in _CONNECTORS), len(tokens))
    main, qualifier = tokens[:cut], tokens[cut:]
    if " ".join(words[max(0, cut - 1):cut + 2]) == "secretary of state":
        main, qualifier = tokens[:cut + 2], tokens[cut + 2:]
        run = cut - 1
    else:
        run = _title_run(main, gaz)
    if run >= len(main) and not (qualifier and run < cut):
        return None
    title = _text(tokens[run:])
    country, rest = _leading_country(main[:run], gaz)
    org = _text(rest)
    country = country or _country_in(org, gaz)
    return title, org, country, tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _text(tokens: list[Token]) -> str | None:
    """The article text the tokens cover, spacing kept ("Post-Soviet")."""
    if not tokens:
        return None
    return tokens[0].doc[tokens[0].i:tokens[-1].i + 1].text  # not doc.text: that re-joins the whole doc


def _leading_country(tokens: list[Token], gaz: Gazetteer) -> tuple[str | None, list[Token]]:
    for size in (3, 2, 1):
        if len(tokens) >= size:
            code = gaz.country_of(" ".join(t.text for t in tokens[:size]))
            if code:
                return code, tokens[size:]
    return None, tokens


def _country_in(text: str | None, gaz: Gazetteer) -> str | None:
    """The country a phrase names ("Security Council of Russia", "Kremlin", "Russian Foreign Ministry")."""
    if not text:
        return None
    entry = gaz.forms.get(strip_the(text))
    if entry and entry.country:
        return entry.country
    words = text.replace("-", " - ").split()
    for size in (3, 2, 1):
        for k in range(len(words) - size + 1):
            if k and words[k - 1] == "-":
                continue
            code = gaz.country_of(" ".join(words[k:k + size]))
            if code:
                return code
    return None


def _phrase_after(doc: Doc, start: int) -> list[Token]:
    """Tokens of an appositive phrase from ``start`` to the next clause boundary."""
    tokens = []
    for tok in doc[start:]:
        if tok.is_punct and tok.text not in {"-", "'", "’"} or tok.pos_ in _STOP_POS or tok.is_sent_start and tokens:
            break
        tokens.append(tok)
    return tokens


def _parse_title_phrase(tokens: list[Token], gaz: Gazetteer):
    """(title, org, country, start, end) from "a Tajik political scientist", "director of the X"."""
    owner, tokens = _possessor(tokens)
    while tokens and tokens[0].lower_ in _DETS | _PASSING:
        tokens = tokens[1:]
    country, tokens = _leading_country(tokens, gaz)
    if owner and gaz.country_of(_text(owner)):
        country, owner = gaz.country_of(_text(owner)), []
    cut = next((k for k, t in enumerate(tokens) if t.lower_ in _ORG_PREPS | {"and", "on", "about", "who"}), len(tokens))
    title_tokens = tokens[:cut]
    if not title_tokens or not is_title_word(title_tokens[-1], gaz) or len(title_tokens) > 6:
        return None
    named = 0
    while named < len(title_tokens) - 1 and title_tokens[named].is_title and not is_title_word(title_tokens[named], gaz):
        named += 1
    org_tokens, title_tokens = title_tokens[:named] or owner, title_tokens[named:]
    if org_tokens and cut < len(tokens):
        title_tokens, org_tokens = tokens[named:], org_tokens
    elif cut < len(tokens) and tokens[cut].lower_ in _ORG_PREPS:
        org_tokens = tokens[cut + 1:]
        while org_tokens and org_tokens[0].lower_ in _DETS:
            org_tokens = org_tokens[1:]
        if not any(t.is_title or t.is_upper for t in org_tokens):
            org_tokens = []
    org = _text(org_tokens)
    last = max(org_tokens + title_tokens, key=lambda t: t.i)
    title = _text(title_tokens)
    return title, org, country or _country_in(org, gaz), title_tokens[0].idx, last.idx + len(last)


def _possessor(tokens: list[Token]) -> tuple[list[Token], list[Token]]:
    """Split "the Kremlin's envoy" into (["Kremlin"], ["envoy"])."""
    for k, tok in enumerate(tokens[:5]):
        if tok.text in _POSSESSIVE and k:
            owner = [t for t in tokens[:k] if t.lower_ not in _DETS]
            return owner, tokens[k + 1:]
    return [], tokens


def _apposition_role(doc: Doc, person: Span, gaz: Gazetteer):
    end = person.end
    if end + 1 >= len(doc) or doc[end].text != ",":
        return None
    return _parse_title_phrase(_phrase_after(doc, end + 1), gaz)


def _preceding_role(doc: Doc, person: Span, gaz: Gazetteer):
    comma = person.start - 1
    if comma < 1 or doc[comma].text != ",":
        return None
    i = comma - 1
    while i >= 0 and not (doc[i].is_punct or doc[i].pos_ in _STOP_POS | {"CCONJ"} or doc[i].is_sent_start):
        i -= 1
    start = i if i >= 0 and doc[i].is_sent_start and not doc[i].is_punct else i + 1
    tokens = list(doc[start:comma])
    while tokens and tokens[0].pos_ in {"ADP", "DET"}:
        tokens.pop(0)
    owner, rest = _possessor(tokens)
    if not rest or not (owner or is_title_word(rest[0], gaz) and rest[0].is_title):
        return None
    return _parse_title_phrase(tokens, gaz)
