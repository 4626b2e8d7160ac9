"""Posts of people as the text gives them: "секретарь Совета безопасности России Николай Патрушев",
"генеральный секретарь ОДКБ Станислав Зась", "Замир Кабулов, директор Второго департамента Азии МИД
России" → title (nominative), organisation, country."""

from __future__ import annotations

from ...records import Article, Role
from .lexicon import RuLexicon
from .model import RuDoc, nominative

_INSIDE_POS = {"NOUN", "PROPN", "ADJ", "ADP", "CCONJ", "NUM", "PUNCT"}
_TITLE_PARTICIPLES = {"управлять", "исполнять", "действовать", "уходить", "исполнительный"}
_BREAKS = {",", ";", ":", "—", "–", "(", ")", "."}


def extract_roles(doc: RuDoc, start: int, end: int, article: Article, lex: RuLexicon) -> list[Role]:
    """Roles stated before (premodifying or appositive title) or after (apposition) a person's name."""
    date = article.published.isoformat() if article.published else None
    out = []
    for span in (*_before_chain(doc, start, lex), *_after_chain(doc, start, end, lex)):
        if span:
            role = _role(doc, span[0], span[1], lex, article.id, date)
            if role:
                out.append(role)
    return out


def _modifier(tok) -> bool:
    """An adjective or participle that may open a title ("генеральный", "управляющий")."""
    return tok.pos == "ADJ" or tok.pos == "VERB" and tok.lemma in _TITLE_PARTICIPLES


def is_title(doc: RuDoc, i: int, lex: RuLexicon) -> bool:
    tok = doc.tokens[i]
    return tok.lemma in lex.titles and tok.pos in ("NOUN", "ADJ", "PROPN") and tok.feats.get("Number") != "Plur"


def _before(doc: RuDoc, start: int, lex: RuLexicon) -> list[tuple[int, int]]:
    """The title phrases right before the name, nearest last: each title word with the title words and
    modifiers just left of it ("помощник заместителя госсекретаря", "генеральный секретарь"), running to the
    next title phrase or the name ("представитель вооружённых сил полковник X": two posts)."""
    people = {i for e in doc.ents if e.type == "PER" for i in range(e.start, e.end)}
    i = start - 1
    while i >= 0 and start - i <= 10:
        tok = doc.tokens[i]
        if tok.text in _BREAKS or not (tok.pos in _INSIDE_POS or _modifier(tok)) or tok.sent != doc.tokens[start].sent \
                or i in people:
            break
        i -= 1
    first = i + 1
    while start - 1 > first and doc.tokens[start - 1].text in "«»\"":
        start -= 1
    spans, end = [], start
    j = end - 1
    while j >= first:
        if not is_title(doc, j, lex) or j and doc.tokens[j - 1].lemma == "при":  # "Совета при президенте"
            j -= 1
            continue
        s = j
        while s > first and (is_title(doc, s - 1, lex) or _modifier(doc.tokens[s - 1])):
            s -= 1
        spans.append((s, end))
        end = j = s
        j -= 1
    return spans[::-1]


def _before_chain(doc: RuDoc, start: int, lex: RuLexicon) -> list[tuple[int, int]]:
    """The posts before the name, and those of a comma-separated list of posts before them ("лидер Меджлиса
    крымско-татарского народа, народный депутат Украины Мустафа Джемилев"): an earlier post counts when it
    is in the case of the nearest one and no other person stands between."""
    spans = _before(doc, start, lex)
    while spans and len(spans) < 4:
        comma = spans[0][0] - 1
        if comma <= 0 or doc.tokens[comma].text != "," or doc.tokens[comma].sent != doc.tokens[start].sent:
            break
        earlier = _before(doc, comma, lex)
        case = _title_case(doc, spans[0], lex)
        if not earlier or any(t.text not in "«»\"" for t in doc.tokens[earlier[-1][1]:comma]) or case is None or _title_case(doc, earlier[-1], lex) != case:
            break
        spans = earlier + spans
    return spans


def _title_case(doc: RuDoc, span: tuple[int, int], lex: RuLexicon) -> str | None:
    return next((doc.tokens[i].case for i in range(*span) if is_title(doc, i, lex)), None)


def _after_chain(doc: RuDoc, start: int, end: int, lex: RuLexicon) -> list[tuple[int, int]]:
    """Appositions after the name, through a descriptor that is no post ("Александра Брода, известного
    борца с ксенофобией, члена Общественной палаты"): each agrees with the name in case."""
    spans, at = [], end
    for _ in range(3):
        span = _after(doc, start, at, lex)
        if span:
            spans.append(span)
            at = span[1]
        elif at == end and doc.tokens[start].case and at + 1 < len(doc.tokens) and doc.tokens[at].text == ",":
            head = next((i for i in range(at + 1, min(len(doc.tokens), at + 4)) if doc.tokens[i].pos == "NOUN"), None)
            cases = {doc.tokens[head].case, doc.tokens[start].case} if head is not None else set()
            if head is None or len(cases) > 1 and cases != {"Gen", "Acc"} or doc.tokens[head].rel != "appos":
                break
            at = next((i for i in range(head + 1, min(len(doc.tokens), head + 8)) if doc.tokens[i].text in _BREAKS),
                      None)
            if at is None or doc.tokens[at].text != ",":
                break
            continue
        else:
            break
        if at >= len(doc.tokens) or doc.tokens[at].text != ",":
            break
    return spans


def _after(doc: RuDoc, start: int, end: int, lex: RuLexicon) -> tuple[int, int] | None:
    """"X, директор Второго департамента Азии МИД России, ...": an apposition after a comma."""
    if end + 1 >= len(doc.tokens) or doc.tokens[end].text not in (",", "-", "—", "–", "("):
        return None
    s = end + 1
    while s < len(doc.tokens) and _modifier(doc.tokens[s]):
        s += 1
    if s >= len(doc.tokens) or not is_title(doc, s, lex):
        return None
    if doc.tokens[end].text == "," and doc.tokens[start].case and doc.tokens[s].case \
            and doc.tokens[s].case != doc.tokens[start].case:
        return None  # an apposition agrees with the name in case
    people = {i for e in doc.ents if e.type == "PER" for i in range(e.start, e.end)}
    e = s + 1
    while e < len(doc.tokens) and e not in people and doc.tokens[e].text not in _BREAKS and (doc.tokens[e].pos in _INSIDE_POS or _modifier(doc.tokens[e])) \
            and doc.tokens[e].sent == doc.tokens[s].sent and e - s < 10:
        e += 1
    if e in people:
        return None  # "X, известный правозащитник Лев Пономарев": the title of the next person
    return end + 1, e


def _role(doc: RuDoc, s: int, e: int, lex: RuLexicon, article_id: str, date: str | None) -> Role | None:
    first = s
    while s < e and doc.tokens[s].lemma in lex.adjectives:
        s += 1  # "российский президент": the country, not the title
    t = s
    while t < e and (is_title(doc, t, lex) or _modifier(doc.tokens[t]) and t + 1 < e and is_title(doc, t + 1, lex)
                     and doc.tokens[t].lemma not in lex.adjectives):
        t += 1
    if t == s:
        return None
    if t < e and doc.tokens[t].pos == "ADP" and doc.tokens[t].lemma == "по":  # "советник по национальной безопасности"
        t2 = t + 1
        while t2 < e and doc.tokens[t2].pos in ("ADJ", "NOUN") and doc.tokens[t2].case == "Dat":
            t2 += 1
        t = t2
    title = nominative(doc, s, t).lower() if not doc.tokens[s].text.isupper() else nominative(doc, s, t)
    country = _country(doc, first, e, lex)
    org = doc.span_text(t, e).strip(" ,«»\"") if t < e else None
    if org and all(lex.forms.get((tok.lemma,)) and lex.forms[(tok.lemma,)][0].kind == "state"
                   for tok in doc.tokens[t:e] if tok.pos != "PUNCT"):
        org = None  # only a country: it is the role's country
    start, stop = doc.tokens[s].start, doc.tokens[e - 1].end
    return Role(title, org or None, country, article_id, date, start, stop)


def _country(doc: RuDoc, s: int, e: int, lex: RuLexicon) -> str | None:
    for tok in doc.tokens[s:e]:
        if tok.lemma in lex.adjectives:
            return lex.adjectives[tok.lemma]
        hit = lex.forms.get((tok.lemma,))
        if hit and hit[0].kind == "state" and hit[0].country and tok.text[:1].isupper():
            return hit[0].country
    return None
