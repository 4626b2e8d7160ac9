"""CoNLL-2003 reader (IOB1 and IOB2, -DOCSTART-) and scorer."""

from pathlib import Path

import pytest

from wirewatch.evaluate.conll import evaluate, read_conll
from wirewatch.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "conll"


def test_reader_decodes_iob2_and_iob1_into_character_spans():
    docs = read_conll(FIXTURES / "sample.conll")
    assert len(docs) == 2
    first = docs[0]
    assert [(first.text[s:e], t) for s, e, t in first.entities] == [
        ("Lena Varga", "PER"), ("Budapest", "LOC"), ("Hungarian", "MISC"), ("NATO", "ORG")]
    second = docs[1]  # IOB1: entities open with I-
    assert [(second.text[s:e], t) for s, e, t in second.entities] == [("Reuters", "ORG"), ("Kenya", "LOC")]


def test_malformed_file_is_reported_not_fatal():
    with pytest.raises(ValueError, match="line 1"):
        read_conll(FIXTURES / "broken.conll")
    report = evaluate(FIXTURES, Settings())
    assert [s["file"].endswith("broken.conll") for s in report["skipped"]] == [True]
    overall = report["metrics"][0]
    assert overall["gold"] == 6 and overall["matched"] <= overall["predicted"]
    assert overall["f1"] >= 0.5
