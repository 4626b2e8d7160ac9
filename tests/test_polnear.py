"""The PolNeAR brat reader and scorer, on small brat files written for the tests."""

from __future__ import annotations

from pathlib import Path

from wirewatch.evaluate.polnear import Attribution, content_fragments, evaluate, parse_spans, read_ann
from wirewatch.settings import Settings

FIXTURE = Path(__file__).parent / "fixtures" / "polnear"


def test_parse_spans_reads_discontinuous_spans():
    assert parse_spans("10 20;25 30") == ((10, 20), (25, 30))
    assert parse_spans("10 oops") is None
    assert parse_spans("30 10") is None


def test_read_ann_links_source_cue_content_and_skips_odd_lines():
    text = (FIXTURE / "attributions" / "alpha_a1.ann").read_text("utf-8")
    attributions = read_ann(text)
    assert len(attributions) == 2
    first = attributions[0]
    assert first.content == ((0, 18), (38, 62))
    assert first.source == ((19, 31),)
    assert attributions[1].source == ((64, 73),)


def test_fragments_join_pieces_separated_only_by_spaces():
    text = "abc def ghi"
    assert content_fragments(Attribution(((0, 3), (4, 7))), text) == [(0, 7)]
    assert content_fragments(Attribution(((0, 3), (8, 11))), text) == [(0, 3), (8, 11)]


def test_evaluate_scores_the_fixture_folder():
    result = evaluate(FIXTURE, Settings())
    assert result["format"] == "polnear"
    assert result["documents"] == 1
    exact, overlap, speaker = result["metrics"][:3]
    assert exact["name"] == "content exact" and overlap["name"] == "content overlap"
    assert overlap["gold"] == 2 and overlap["matched"] == 2 and overlap["f1"] == 1.0
    assert exact["matched"] == 2
    assert speaker == {"name": "speaker accuracy (overlap-matched)", "accuracy": 1.0, "total": 2, "correct": 2}
    assert result["skipped"] == [{"file": "orphan.txt", "reason": "no annotation file"}]


def test_evaluate_limit_takes_the_first_documents():
    assert evaluate(FIXTURE, Settings(), limit=0)["documents"] == 0
