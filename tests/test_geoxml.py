"""Geoparsing gold XML: reading each variant, scoring, and the evaluate() entry point."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirewatch.evaluate.geoxml import (
    GoldToponym,
    _Tally,
    evaluate,
    great_circle_km,
    metrics,
    read_geoxml,
    score_document,
)
from wirewatch.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "geoxml"


def spans(path: Path) -> list[list[tuple[str, int, int]]]:
    docs, _ = read_geoxml(path)
    for doc in docs:
        for t in doc.toponyms:
            assert doc.text[t.start : t.end] == t.phrase
    return [[(t.phrase, t.start, t.end) for t in d.toponyms] for d in docs]


def test_trnews_offsets_that_drift_are_realigned():
    first, second = spans(FIXTURES / "trnews_style.xml")
    assert [p for p, *_ in first] == ["Lyon", "France", "Geneva"]
    assert [p for p, *_ in second] == ["Nairobi", "Kenya"]
    docs, _ = read_geoxml(FIXTURES / "trnews_style.xml")
    assert docs[0].toponyms[0].lat == 45.75 and docs[0].toponyms[0].lon == 4.85


def test_geovirus_offsets_are_one_based():
    [doc] = spans(FIXTURES / "geovirus_style.xml")
    assert doc == [("Manila", 19, 25), ("Cebu", 75, 79)]


def test_geowebnews_non_locational_toponyms_are_not_gold():
    [doc] = spans(FIXTURES / "geowebnews_style.xml")
    assert [p for p, *_ in doc] == ["Santiago", "Chile", "Lima"]


def test_malformed_xml_is_recovered_and_bad_articles_skipped_with_a_reason():
    docs, skipped = read_geoxml(FIXTURES / "malformed.xml")
    assert [t.phrase for t in docs[0].toponyms] == ["Amman", "Syria"]
    assert len(skipped) == 1 and "offsets match no phrase" in skipped[0]["reason"]


def test_unreadable_file_is_skipped(tmp_path):
    bad = tmp_path / "empty.xml"
    bad.write_bytes(b"\x00\x01 not xml")
    docs, skipped = read_geoxml(bad)
    assert docs == [] and skipped[0]["file"] == str(bad)


def test_scoring_matches_by_overlap_and_counts_unresolved_as_worst_error():
    gold = [GoldToponym(0, 5, "Paris", 48.85, 2.35), GoldToponym(10, 15, "Tokyo", 35.68, 139.69),
            GoldToponym(20, 24, "Lima", -12.04, -77.03)]
    tally = _Tally()
    score_document(gold, [(0, 5, 48.86, 2.35), (9, 13, None, None), (30, 35, 0.0, 0.0)], tally)
    rec, acc, median, mean, auc, located, end_to_end = metrics(tally)
    assert (rec["gold"], rec["predicted"], rec["matched"]) == (3, 3, 2)
    assert (located["total"], located["correct"]) == (3, 2)  # recall of toponyms with coordinates
    assert (end_to_end["total"], end_to_end["correct"]) == (3, 1)  # a miss counts as wrong
    assert rec["precision"] == rec["recall"] == pytest.approx(0.6667, abs=1e-4)
    assert (acc["total"], acc["correct"]) == (2, 1)
    assert mean["value"] == pytest.approx((20039 + great_circle_km(48.85, 2.35, 48.86, 2.35)) / 2, abs=0.1)
    assert 0 < auc["value"] < 1


def test_great_circle_distance():
    assert great_circle_km(51.5074, -0.1278, 48.8566, 2.3522) == pytest.approx(343.5, abs=1.0)


def test_evaluate_returns_the_report_shape():
    report = evaluate(FIXTURES, Settings())
    assert report["format"] == "geoxml" and report["documents"] == 5
    assert [m["name"] for m in report["metrics"]] == [
        "recognition", "acc@161km", "median error km", "mean error km", "AUC", "recall (with coordinates)",
        "acc@161km end to end"]
    rec, acc = report["metrics"][0], report["metrics"][1]
    assert rec["gold"] == 12 and rec["recall"] >= 0.75 and rec["precision"] >= 0.75
    assert acc["accuracy"] >= 0.7
    assert report["skipped"] == [{"file": str(FIXTURES / "malformed.xml") + "#1",
                                  "reason": "1 toponyms whose offsets match no phrase"}]
    assert evaluate(FIXTURES / "geovirus_style.xml", Settings(), limit=1)["documents"] == 1
