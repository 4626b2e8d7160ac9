"""The indexed attribute ruler finds exactly what spaCy's Matcher finds (same POS, morphology, lemmas)."""

from __future__ import annotations

from pathlib import Path

from wirewatch.nlp import RuleIndex

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    "I ain't going, and you don't need to. We're gonna find nothin' there, y'all know that.",
    "There is a dog. It's hers, isn't it? He'd've said so. 'Tis the season, innit.",
    "The U.S. said it would cut aid to Kenya's army, but the ministry didn't comment.",
]


def _texts() -> list[str]:
    files = [*sorted((ROOT / "tests" / "fixtures" / "parallel").glob("*.txt")),
             *sorted((ROOT / "wirewatch" / "data" / "sample").glob("*.txt"))]
    return TEXTS + [p.read_text(encoding="utf-8") for p in files]


def test_indexed_attribute_ruler_matches_what_the_matcher_matches(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    index = RuleIndex(ruler)
    docs = list(nlp.pipe(_texts(), disable=["attribute_ruler", "lemmatizer", "ner"]))
    assert sum(len(d) for d in docs) > 2000
    for doc in docs:
        assert index.match(doc) == type(ruler).match(ruler, doc)


def test_pipeline_uses_the_index_and_annotates_as_before(nlp):
    ruler = nlp.get_pipe("attribute_ruler")
    assert "match" in vars(ruler), "load_nlp should install the indexed matcher"
    texts = _texts()[:6]
    fast = [[(t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in nlp.pipe(texts)]
    del ruler.match  # spaCy's own Matcher again
    try:
        slow = [[(t.pos_, str(t.morph), t.lemma_) for t in doc] for doc in nlp.pipe(texts)]
    finally:
        ruler.match = RuleIndex(ruler).match
    assert fast == slow
