"""TimeML reader and TempEval-3 scorer, on small .tml files written for these tests."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from wirewatch.evaluate.timeml import evaluate, read_timeml
from wirewatch.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "timeml"


def test_reader_gives_plain_text_offsets_of_gold_timexes():
    doc = read_timeml(FIXTURES / "embassy.tml")
    assert doc.created == date(2021, 7, 9)
    assert "<" not in doc.text and "protests & strikes" in doc.text
    assert [(t.text, t.type, t.value) for t in doc.timexes] == [
        ("Thursday", "DATE", "2021-07-08"), ("three days", "DURATION", "P3D"), ("last week", "DATE", "2021-W26")]
    for t in doc.timexes:
        assert doc.text[t.start:t.end] == t.text


def test_creation_time_is_not_a_gold_timex():
    doc = read_timeml(FIXTURES / "talks.tml")
    assert "20210709" not in doc.text
    assert [t.value for t in doc.timexes] == ["2019", "2021-08", "P1W"]


def test_malformed_file_raises_value_error():
    with pytest.raises(ValueError, match="XML"):
        read_timeml(FIXTURES / "broken.tml")


def test_evaluate_directory_scores_and_skips_malformed():
    report = evaluate(FIXTURES, Settings())
    json.dumps(report)
    assert report["format"] == "timeml" and report["documents"] == 2
    assert [s["file"].endswith("broken.tml") for s in report["skipped"]] == [True]
    metrics = {m["name"]: m for m in report["metrics"]}
    assert list(metrics) == ["span strict", "span relaxed", "value", "type accuracy", "value accuracy"]
    relaxed = metrics["span relaxed"]
    assert relaxed["gold"] == 6 and relaxed["matched"] == 6 and relaxed["recall"] == 1.0
    assert metrics["value"]["matched"] == 6
    assert metrics["type accuracy"] == {"name": "type accuracy", "accuracy": 1.0, "total": 6, "correct": 6}


def test_evaluate_one_file():
    report = evaluate(FIXTURES / "embassy.tml", Settings())
    assert report["documents"] == 1 and "skipped" not in report
    strict = report["metrics"][0]
    assert (strict["gold"], strict["matched"]) == (3, 3)
