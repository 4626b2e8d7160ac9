"""PETRARCH and PLOVER readers and scorers on small fixture files written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirewatch.evaluate import petrarch, plover
from wirewatch.evaluate.petrarch_dict import Dictionary, build_mentions, compile_matcher, load_dictionary, read_actors
from wirewatch.evaluate.petrarch_verbs import read_verbs
from wirewatch.extract.events import extract_events
from wirewatch.records import Article
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
    metrics = petrarch.score([(gold, {("A", "B", "112")}), ([], set()), ([("A", "C", "190")], {("C", "A", "120")})])
    by_name = {m["name"]: m for m in metrics}
    assert by_name["triples"]["matched"] == 0 and by_name["cameo root"]["matched"] == 1
    assert by_name["no-event accuracy"]["correct"] == 3
    # root accuracy counts only gold events whose (source, target) pair was coded at all
    assert (by_name["root accuracy on coded pairs"]["total"], by_name["root accuracy on coded pairs"]["correct"]) == (1, 1)
    assert by_name["sentence root accuracy"]["correct"] == 2


VERBS = """
&CURRENCY
+DOLLARS
+SWISS FRANCS

--- CONTRIBUTE [070] ---
CONTRIBUTE
- * &CURRENCY [903]
- WILL NOT * [081]

--- MEET [031:032] ---
MEET {MET}

--- BREAK [1717] ---
BREAK {BROKE BROKEN}
+BREAK_DOWN
- * TREATY [161]
- PEACE_KEEPING * [---]

--- FREE [066] ---
FREE
- + * FROM $ [053]
"""
ACTORS = """VALDORIA [VAL]
ORBANIA [ORB]
+ORBANIAN
OLD_KINGDOM
	[OLD < 19950101]
	[NEW]
"""


@pytest.fixture
def coder(nlp, tmp_path):
    (tmp_path / "verbs.txt").write_text(VERBS)
    (tmp_path / "actors.txt").write_text(ACTORS)
    lex = read_verbs(tmp_path / "verbs.txt")
    dic = Dictionary()
    read_actors(tmp_path / "actors.txt", dic.actors, dic.dated)
    compile_matcher(nlp, dic)

    def code(text: str, when: int | None = 20230101) -> set:
        doc = nlp(text)
        article = Article.create(text, language="en")
        mentions, actors = build_mentions(doc, article.id, dic, when)
        events = extract_events(doc, article, mentions, actors, {}, [], lexicon=lex, quotes=[])
        return petrarch.event_triples(events, {a.id: a.code for a in actors.values()})
    return code


def test_verb_patterns_with_synsets_beat_the_verb_default(coder):
    assert coder("Valdoria will contribute two million dollars to Orbania.") == {("VAL", "ORB", "903")}
    assert coder("Valdoria will contribute two million swiss francs to Orbania.") == {("VAL", "ORB", "903")}
    assert coder("Valdoria will contribute grain to Orbania.") == {("VAL", "ORB", "070")}


def test_a_negated_pattern_codes_its_own_event_and_a_bare_negation_codes_none(coder):
    assert coder("Valdoria will not contribute grain to Orbania.") == {("VAL", "ORB", "081")}
    assert coder("Valdoria did not break its treaty with Orbania.") == set()


def test_irregular_forms_and_multiword_verbs(coder):
    assert coder("Valdoria broke the treaty with Orbania.") == {("VAL", "ORB", "161")}
    assert coder("Valdoria broke down relations with Orbania.") == {("VAL", "ORB", "1717")}


def test_source_and_target_marks_in_a_pattern(coder):
    # "+ * FROM $": the phrase before the verb is the target, the one after "from" the source
    assert coder("Orbanian hostages were freed from Valdoria.") == {("VAL", "ORB", "053")}


def test_a_converse_code_codes_both_directions_and_compound_subjects_each_other(coder):
    assert coder("Valdoria met Orbania.") == {("VAL", "ORB", "031"), ("ORB", "VAL", "032")}
    assert coder("Valdoria and Orbania met on Monday.") == {("VAL", "ORB", "031"), ("ORB", "VAL", "031")}


def test_actor_codes_restricted_to_dates(coder):
    assert coder("The Old Kingdom met Valdoria.", when=19900101) >= {("OLD", "VAL", "031")}
    assert coder("The Old Kingdom met Valdoria.", when=20000101) >= {("NEW", "VAL", "031")}


def test_agents_stack_and_spread_over_conjuncts(nlp):
    dic = load_dictionary(FIXTURES / "petrarch" / "dictionaries")
    compile_matcher(nlp, dic)
    mentions, actors = build_mentions(nlp("The Valdoria government and congressmen condemned Orbania."), "a", dic)
    assert sorted(actors[m.actor_id].code for m in mentions) == ["ORB", "VALGOV", "VALLEG"]
    mentions, actors = build_mentions(nlp("An MSF Valdoria soldier condemned Orbania."), "a", dic)
    assert sorted(actors[m.actor_id].code for m in mentions) == ["NGOVALMIL", "ORB"]


def test_require_dyad_setting_is_read_between_sentences():
    text = ('<Sentences><Sentence id="A" date="20200101"><Text>x</Text></Sentence>'
            '<Config option="require_dyad" value="false"></Config>'
            '<Sentence id="B" date="20200101"><Text>y</Text></Sentence></Sentences>')
    records = petrarch._read_regex(text)
    assert [r.require_dyad for r in records] == [True, False]


def test_petrarch_evaluate_shape():
    result = petrarch.evaluate(FIXTURES / "petrarch", Settings())
    assert result["format"] == "petrarch" and result["documents"] == 3
    assert [m["name"] for m in result["metrics"]] == [
        "triples", "cameo root", "root accuracy on coded pairs", "sentence root accuracy", "no-event accuracy"]
    assert set(result["definitions"]) == {m["name"] for m in result["metrics"]}
    assert set(result["metrics"][0]) == {"name", "precision", "recall", "f1", "gold", "predicted", "matched"}
    assert result["skipped"] == [{"file": "records.xml#FIX-04", "reason": "dateline"}]


def test_plover_evaluate_reads_json_and_jsonl():
    result = plover.evaluate(FIXTURES / "plover", Settings())
    assert result["documents"] == 3 and result["skipped"][0]["file"] == "records.jsonl:3"
    assert {m["name"]: m.get("correct") for m in result["metrics"]}["event type accuracy"] == 3
