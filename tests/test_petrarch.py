"""PETRARCH and PLOVER readers and scorers on small fixture files written for these tests."""

from __future__ import annotations

from pathlib import Path

from wirewatch.evaluate import petrarch, plover
from wirewatch.evaluate.petrarch_dict import build_mentions, compile_matcher, load_dictionary
from wirewatch.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"


def test_reader_survives_a_malformed_tag():
    records = petrarch.read_records(FIXTURES / "petrarch" / "records.xml")
    assert [r.id for r in records] == ["FIX-01", "FIX-02", "FIX-03", "FIX-04"]
    assert records[1].gold == [("ORBMIL", "VAL", "190")] and records[1].date == "20230106"
    assert records[2].gold == [] and records[3].error == "dateline"


def test_dictionary_reads_synonyms_code_blocks_and_substitutions():
    dic = load_dictionary(FIXTURES / "petrarch" / "dictionaries")
    assert dic.actors == {"valdoria": "VAL", "valdorian": "VAL", "orbania": "ORB"}
    assert dic.agents["congressmen"] == "~LEG" and dic.agents["msf"] == "NGO~"


def test_agent_and_country_combine_into_one_code(nlp):
    dic = load_dictionary(FIXTURES / "petrarch" / "dictionaries")
    compile_matcher(nlp, dic)
    mentions, actors = build_mentions(nlp("Soldiers from Orbania met the Valdoria government."), "a", dic)
    codes = [actors[m.actor_id].code for m in mentions]
    assert codes == ["ORBMIL", "VALGOV"]


def test_score_counts_triples_roots_and_no_events():
    gold = [("A", "B", "111")]
    metrics = petrarch.score([(gold, {("A", "B", "112")}), ([], set())])
    by_name = {m["name"]: m for m in metrics}
    assert by_name["triples"]["matched"] == 0 and by_name["cameo root"]["matched"] == 1
    assert by_name["no-event accuracy"]["correct"] == 2


def test_petrarch_evaluate_shape():
    result = petrarch.evaluate(FIXTURES / "petrarch", Settings())
    assert result["format"] == "petrarch" and result["documents"] == 3
    assert [m["name"] for m in result["metrics"]] == ["triples", "cameo root", "no-event accuracy"]
    assert set(result["metrics"][0]) == {"name", "precision", "recall", "f1", "gold", "predicted", "matched"}
    assert result["skipped"] == [{"file": "records.xml#FIX-04", "reason": "dateline"}]


def test_plover_evaluate_reads_json_and_jsonl():
    result = plover.evaluate(FIXTURES / "plover", Settings())
    assert result["documents"] == 3 and result["skipped"][0]["file"] == "records.jsonl:3"
    assert {m["name"]: m["correct"] for m in result["metrics"]}["event type accuracy"] == 3
