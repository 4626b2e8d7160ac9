"""Loads the natasha pipeline once per process, after checking its model files against recorded SHA-256
sums, and parses Russian text into a small Doc of tokens (lemma, UD part of speech, features, head,
relation), sentences and PER/LOC/ORG entities with their nominative forms."""

from __future__ import annotations

import hashlib
import json
import re
import threading
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ...errors import ModelError

MODEL_KEY = "natasha"


@dataclass(slots=True)
class Token:
    """One word: character span into the text, lemma, UD POS and features, syntactic head and relation."""

    i: int
    text: str
    start: int
    end: int
    pos: str
    feats: dict[str, str]
    lemma: str
    head: int  # index of the head token, -1 for the root
    rel: str
    sent: int

    @property
    def case(self) -> str | None:
        return self.feats.get("Case")


@dataclass(slots=True)
class Entity:
    """A PER, LOC or ORG span the NER model found, tokens ``start``..``end`` (exclusive)."""

    type: str
    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    normal: str


@dataclass(slots=True)
class RuDoc:
    """A parsed Russian text: tokens, sentence token ranges, entities."""

    text: str
    tokens: list[Token] = field(default_factory=list)
    sents: list[tuple[int, int]] = field(default_factory=list)
    ents: list[Entity] = field(default_factory=list)

    def children(self, i: int) -> list[Token]:
        return [t for t in self.tokens[self.sents[self.tokens[i].sent][0]:self.sents[self.tokens[i].sent][1]]
                if t.head == i]

    def span_text(self, start: int, end: int) -> str:
        return self.text[self.tokens[start].start:self.tokens[end - 1].end]


def recorded_checksums() -> dict:
    """Version, licences and per-file SHA-256 sums of the natasha model files."""
    text = resources.files("wirewatch.data").joinpath("ru/model_checksums.json").read_text("utf-8")
    return json.loads(text)


def model_root() -> Path:
    try:
        import natasha
    except ImportError:
        raise ModelError("the Russian pipeline needs natasha; install it with 'pip install natasha==1.6.0'") from None
    return Path(natasha.__file__).parent


def verify_natasha(root: Path | None = None) -> None:
    """Raise ModelError unless every recorded natasha model file has its recorded SHA-256."""
    root = root or model_root()
    for rel, expected in recorded_checksums()["files"].items():
        file = root / rel
        if not file.is_file():
            raise ModelError(f"natasha model file {rel} is missing from {root}; reinstall natasha==1.6.0")
        if hashlib.sha256(file.read_bytes()).hexdigest() != expected:
            raise ModelError(f"natasha model file {rel} does not match its recorded SHA-256; reinstall natasha==1.6.0")


@dataclass(slots=True)
class Pipeline:
    """The natasha components, loaded once per process."""

    segmenter: object
    morph_vocab: object
    morph: object
    syntax: object
    ner: object
    lock: threading.Lock = field(default_factory=threading.Lock)


def load_pipeline(verify: bool = True) -> Pipeline:
    """The natasha pipeline (cached per process; one cache key however it is called)."""
    return _load_pipeline(bool(verify))


@lru_cache(maxsize=2)
def _load_pipeline(verify: bool) -> Pipeline:
    if verify:
        verify_natasha()
    else:
        model_root()
    from natasha import MorphVocab, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

    emb = NewsEmbedding()
    return Pipeline(Segmenter(), MorphVocab(), NewsMorphTagger(emb), NewsSyntaxParser(emb), NewsNERTagger(emb))


def parse(text: str, pipeline: Pipeline | None = None, syntax: bool = True) -> RuDoc:
    """Segment, tag, parse and NER-tag ``text`` in one batch; sentences never cross a line break (a
    headline or a paragraph never runs into the next); lemmas and entity nominative forms included."""
    from natasha import Doc

    nat = pipeline or load_pipeline()
    doc = Doc(text)
    with nat.lock:
        _segment(doc, nat.segmenter)
        doc.tag_morph(nat.morph)
        if syntax:
            doc.parse_syntax(nat.syntax)
        doc.tag_ner(nat.ner)
    out = RuDoc(text)
    _convert(doc, out, 0, nat, syntax)
    return out


def _segment(doc, segmenter) -> None:
    from natasha.doc import DocSent, DocToken

    doc.tokens = [DocToken(start, stop, text) for start, stop, text in segmenter.tokenize(doc.text)]
    doc.sents = []
    for line in re.finditer(r"[^\n]+", doc.text):
        if line.group(0).strip():
            for start, stop, text in segmenter.sentenize(line.group(0)):
                doc.sents.append(DocSent(start + line.start(), stop + line.start(), text))
    doc.envelop_sent_tokens()


def _convert(doc, out: RuDoc, offset: int, nat: Pipeline, syntax: bool) -> None:
    by_id: dict[str, int] = {}
    heads: list[str | None] = []
    base = len(out.tokens)
    for sent in doc.sents:
        s_index = len(out.sents)
        first = len(out.tokens)
        for tok in sent.tokens:
            tok.lemmatize(nat.morph_vocab)
            by_id[tok.id] = len(out.tokens)
            out.tokens.append(Token(len(out.tokens), tok.text, tok.start + offset, tok.stop + offset, tok.pos or "X",
                                    dict(tok.feats or {}), (tok.lemma or tok.text.lower()).replace("ё", "е"), -1,
                                    tok.rel or "", s_index))
            heads.append(tok.head_id if syntax else None)
        out.sents.append((first, len(out.tokens)))
    for tok, head in zip(out.tokens[base:], heads):
        tok.head = by_id.get(head, -1) if head else -1
    mine = out.tokens[base:]
    starts = {t.start: t.i for t in mine}
    ends = {t.end: t.i for t in mine}
    for span in doc.spans:
        span.normalize(nat.morph_vocab)
        first = starts.get(span.start + offset, _nearest(mine, span.start + offset))
        last = ends.get(span.stop + offset, _nearest(mine, span.stop + offset - 1))
        out.ents.append(Entity(span.type, first, last + 1, span.start + offset, span.stop + offset, span.text,
                               span.normal or span.text))


def _nearest(tokens: list[Token], char: int) -> int:
    for tok in tokens:
        if tok.start <= char < tok.end or tok.start >= char:
            return tok.i
    return tokens[-1].i


def nominative(doc: RuDoc, start: int, end: int, pipeline: Pipeline | None = None) -> str:
    """Tokens ``start``..``end`` with their head and the words agreeing with it in the nominative
    ("секретаря Совета безопасности" → "секретарь Совета безопасности"), case shapes kept."""
    from natasha.norm import inflect_word
    from natasha.shape import recover_shape

    vocab = (pipeline or load_pipeline()).morph_vocab
    inside = range(start, end)
    roots = [i for i in inside if doc.tokens[i].head not in inside] or [start]
    todo, chosen = [roots[0]], set()
    while todo:
        i = todo.pop()
        chosen.add(i)
        todo += [t.i for t in doc.tokens[start:end] if t.head == i and t.pos in ("ADJ", "DET") and t.i not in chosen]
    parts = []
    for tok in doc.tokens[start:end]:
        word = recover_shape(inflect_word(vocab, tok), tok.text) if tok.i in chosen else tok.text
        if parts and tok.start > doc.tokens[tok.i - 1].end:
            parts.append(" ")
        parts.append(word)
    return "".join(parts)
