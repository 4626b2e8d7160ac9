"""Russian quotes: «…», „…“ and "…" marks with the speaker after a dash ("…», — заявил X") or before a
colon ("X заявил: «…»"), and indirect speech: "по словам X, …", "как сообщил X, …", "X отметил, что …"."""

from __future__ import annotations

import re
from bisect import bisect_right

from ...records import Article, Mention, Quote, make_id
from .lexicon import RuLexicon
from .model import RuDoc

_OPEN_CLOSE = {"«": "»", "„": "“", "“": "”", '"': '"'}
_MIN_WORDS = 3


def quoted_spans(text: str) -> list[tuple[int, int]]:
    """Character spans (content, marks excluded) of outermost quotations; «» nest."""
    spans, i, n = [], 0, len(text)
    while i < n:
        ch = text[i]
        close = _OPEN_CLOSE.get(ch)
        if close is None:
            i += 1
            continue
        depth, j = 1, i + 1
        while j < n and depth:
            if text[j] == close and (ch != '"' or j == n - 1 or not text[j + 1].isalnum()):
                depth -= 1
            elif text[j] == ch and ch != close:
                depth += 1
            elif text[j] == "\n" and text[j + 1:j + 2] == "\n":
                break
            j += 1
        if depth == 0:
            spans.append((i + 1, j - 1))
            i = j
        else:
            i += 1
    return spans


class _Index:
    def __init__(self, doc: RuDoc, mentions: list[Mention]):
        self.doc = doc
        self.starts = [t.start for t in doc.tokens]
        self.mentions = sorted((m for m in mentions if m.kind in ("person", "organization", "state", "group")),
                               key=lambda m: m.start)

    def token_at(self, char: int) -> int:
        return max(0, bisect_right(self.starts, char) - 1)

    def mention_at(self, i: int) -> Mention | None:
        tok = self.doc.tokens[i]
        return next((m for m in self.mentions if m.start <= tok.start < m.end), None)

    def speaker_from(self, i: int, step: int, limit: int = 5) -> Mention | None:
        """The first actor mention from token ``i`` in direction ``step`` within the sentence."""
        sent = self.doc.tokens[i].sent if 0 <= i < len(self.doc.tokens) else -1
        found = None
        for k in range(limit):
            j = i + step * k
            if not 0 <= j < len(self.doc.tokens) or self.doc.tokens[j].sent != sent:
                break
            m = self.mention_at(j)
            if m is not None and m.kind == "person":
                return m  # "генеральный секретарь ОДКБ Станислав Зась": the person, not the organisation
            found = found or m
        return found

    def subject_of(self, verb: int) -> Mention | None:
        """The actor that is the verb's subject (the head noun, or its apposition / flat name)."""
        for tok in self.doc.tokens:
            if tok.head == verb and tok.rel in ("nsubj", "nsubj:pass"):
                m = self.mention_at(tok.i)
                if m is not None:
                    return m
                for child in self.doc.tokens[tok.i + 1:tok.i + 8]:  # "глава МИД Сергей Лавров"
                    if child.head == tok.i and child.rel in ("appos", "nmod", "flat:name"):
                        m = self.mention_at(child.i)
                        if m is not None and m.kind == "person":
                            return m
        return None


def extract_quotes(doc: RuDoc, article: Article, mentions: list[Mention], lex: RuLexicon) -> list[Quote]:
    """Direct quotes with their speakers, then indirect speech outside them."""
    idx = _Index(doc, mentions)
    out: list[Quote] = []
    spans = [s for s in quoted_spans(doc.text) if len(doc.text[s[0]:s[1]].split()) >= _MIN_WORDS]
    for start, end in spans:
        found = _after_dash(doc, idx, end, lex) or _before_colon(doc, idx, start, lex)
        if found:
            speaker, cue = found
            out.append(_quote(article, doc.text, start, end, speaker, cue, True))
    inside = [(s - 1, e + 1) for s, e in spans]
    for quote in _indirect(doc, idx, lex):
        if not any(s <= quote.start < e for s, e in inside):
            out.append(quote_for(article, quote))
    return out


def _after_dash(doc: RuDoc, idx: _Index, end: int, lex: RuLexicon):
    m = re.match(r"[»“”\"]?\s*[,.!?…]?\s*[—–-]\s*", doc.text[end:end + 6])
    if not m:
        return None
    i = idx.token_at(end + m.end())
    for j in range(i, min(i + 4, len(doc.tokens))):
        tok = doc.tokens[j]
        if tok.lemma in lex.quote_verbs:
            speaker = idx.speaker_from(j + 1, 1, 8) or idx.subject_of(j)
            return (speaker, tok.lemma) if speaker else None
    return None


def _before_colon(doc: RuDoc, idx: _Index, start: int, lex: RuLexicon):
    before = doc.text[max(0, start - 4):start - 1]
    if ":" not in before:
        return None
    i = idx.token_at(start - 1)
    sent = doc.tokens[i].sent
    for j in range(i, max(-1, i - 12), -1):
        tok = doc.tokens[j]
        if tok.sent != sent:
            break
        if tok.lemma in lex.quote_verbs:
            speaker = idx.subject_of(j) or idx.speaker_from(j - 1, -1, 6) or idx.speaker_from(j + 1, 1, 4)
            return (speaker, tok.lemma) if speaker else None
    return None


class _Draft:
    def __init__(self, start: int, end: int, speaker: Mention, cue: str):
        self.start, self.end, self.speaker, self.cue = start, end, speaker, cue


def _sentence_end(doc: RuDoc, i: int) -> int:
    s, e = doc.sents[doc.tokens[i].sent]
    last = e - 1
    while last > i and doc.tokens[last].pos == "PUNCT":
        last -= 1
    return doc.tokens[last].end


def _indirect(doc: RuDoc, idx: _Index, lex: RuLexicon) -> list[_Draft]:
    out = []
    toks = doc.tokens
    for tok in toks:
        nxt = toks[tok.i + 1] if tok.i + 1 < len(toks) else None
        # "по словам X, ...", "по мнению X, ...", "по данным X, ..."
        if tok.lemma == "по" and nxt and nxt.lemma in ("слово", "мнение", "данные", "информация", "оценка"):
            speaker = idx.speaker_from(tok.i + 2, 1, 6)
            comma = _next_comma(doc, tok.i + 2)
            if speaker and comma:
                out.append(_Draft(toks[comma + 1].start, _sentence_end(doc, comma + 1), speaker, "по словам"))
        # "как сообщил X, ..."
        elif tok.lemma == "как" and nxt and nxt.lemma in lex.quote_verbs:
            speaker = idx.speaker_from(tok.i + 2, 1, 6)
            comma = _next_comma(doc, tok.i + 2)
            if speaker and comma:
                out.append(_Draft(toks[comma + 1].start, _sentence_end(doc, comma + 1), speaker, nxt.lemma))
        # "X отметил, что ..."
        elif tok.lemma in lex.quote_verbs and tok.pos == "VERB" and nxt and nxt.text == "," \
                and tok.i + 2 < len(toks) and toks[tok.i + 2].lemma == "что":
            speaker = idx.subject_of(tok.i) or idx.speaker_from(tok.i - 1, -1, 4)
            if speaker and tok.i + 3 < len(toks):
                out.append(_Draft(toks[tok.i + 3].start, _sentence_end(doc, tok.i + 3), speaker, tok.lemma))
    return out


def _next_comma(doc: RuDoc, i: int) -> int | None:
    sent = doc.tokens[i].sent if i < len(doc.tokens) else -1
    for j in range(i, min(i + 12, len(doc.tokens) - 1)):
        if doc.tokens[j].sent != sent:
            return None
        if doc.tokens[j].text == ",":
            return j
    return None


def quote_for(article: Article, draft: _Draft) -> Quote:
    return _quote(article, article.text, draft.start, draft.end, draft.speaker, draft.cue, False)


def _quote(article: Article, text: str, start: int, end: int, speaker: Mention | None, cue: str,
           direct: bool) -> Quote:
    return Quote(id=make_id("quote", article.id, start, end), article_id=article.id, start=start, end=end,
                 text=text[start:end], speaker_text=speaker.text if speaker else None,
                 speaker_start=speaker.start if speaker else None, speaker_end=speaker.end if speaker else None,
                 speaker_actor_id=speaker.actor_id if speaker else None, direct=direct, cue=cue,
                 kind="direct" if direct else "indirect")
