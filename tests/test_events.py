"""extract_events on sentences written for these tests, with the real model and upstream stages."""

from __future__ import annotations

from pathlib import Path

import pytest

from wirewatch.extract.actors import extract_actors
from wirewatch.extract.event_lexicon import load_lexicon
from wirewatch.extract.events import extract_events
from wirewatch.extract.places import extract_places
from wirewatch.extract.times import extract_times
from wirewatch.records import make_id


@pytest.fixture
def run(nlp, make_article):
    def go(text: str):
        article = make_article(text)
        doc = nlp(text)
        mentions, actors = extract_actors(doc, article)
        place_mentions, places = extract_places(doc, article)
        by_id = {a.id: a for a in actors}
        events = extract_events(doc, article, mentions + place_mentions, by_id,
                                {p.id: p for p in places}, extract_times(doc, article))
        names = {a.id: a.name for a in actors}
        return article, events, names, {p.id: p.name for p in places}
    return go


def _named(events, names, kind):
    return [([names[i] for i in e.source_actor_ids], [names[i] for i in e.target_actor_ids], e)
            for e in events if e.event_type == kind]


def test_crosswalk_codes_agree_with_every_pattern():
    lex = load_lexicon()
    for pattern in [*lex.verbs.values(), *lex.nouns.values()]:
        assert lex.plover(pattern.cameo)[0] == pattern.plover, pattern


def test_user_folder_extends_the_dictionaries(tmp_path: Path):
    (tmp_path / "verbs_extra.tsv").write_text("verb\tobject\tcameo\tplover\tmode\ttargets\nrebuke\t-\t111\tACCUSE\tdisapprove\tdobj\nparley\t-\t040\tCONSULT\t-\twith\n")
    lex = load_lexicon(str(tmp_path))
    assert lex.verbs[("parley", "-")].plover == "CONSULT"


def test_subject_verb_prepositional_target_place_and_date(run):
    article, events, names, places = run("Chancellor Olaf Scholz met with Emmanuel Macron in Paris on March 3.")
    (src, tgt, e), = _named(events, names, "CONSULT")
    assert src == ["Olaf Scholz"] and tgt == ["Emmanuel Macron"]
    assert places[e.place_id] == "Paris"
    assert (e.date, e.date_precision, e.status, e.cameo[:2]) == ("2021-03-03", "day", "happened", "04")
    assert e.id == make_id("event", article.id, e.start, e.end, "CONSULT")


def test_coordinated_subjects_each_become_sources(run):
    _, events, names, _ = run("Canada and Mexico signed a trade agreement with Japan.")
    (src, tgt, e), = _named(events, names, "SUPPORT")
    assert sorted(src) == ["Canada", "Mexico"] and tgt == ["Japan"] and e.cameo == "057"


def test_passive_agent_is_the_source(run):
    _, events, names, _ = run("The opposition leader was arrested by Turkish police in Ankara.")
    (src, _, e), = _named(events, names, "COERCE")
    assert src and "police" in src[0].lower() and e.mode == "arrest"


def test_negation_gives_denied(run):
    _, events, _, _ = run("Pakistan did not attack India last week.")
    assert [e.status for e in events if e.event_type == "ASSAULT"] == ["denied"]


def test_denied_attacking_is_a_denied_assault(run):
    _, events, _, _ = run("Israel denied attacking Lebanon on Sunday.")
    assert [e.status for e in events if e.event_type == "ASSAULT"] == ["denied"]


def test_future_and_modal_statuses(run):
    _, events, _, _ = run("Kenya will deploy police officers to Haiti. Turkey might attack Syria.")
    assert {e.event_type: e.status for e in events} == {"MOBILIZE": "planned", "ASSAULT": "hypothetical"}


def test_nominal_event_with_of_source_from_target_and_planned(run):
    _, events, names, _ = run("The planned withdrawal of French troops from Mali was announced on Monday.")
    (src, tgt, e), = _named(events, names, "RETREAT")
    assert src == ["France"] and tgt == ["Mali"] and e.status == "planned" and e.mode == "withdraw"


def test_meeting_between_two_people(run):
    _, events, names, _ = run("The meeting between Xi Jinping and Joe Biden lasted four hours.")
    (src, tgt, _), = _named(events, names, "CONSULT")
    assert src == ["Xi Jinping"] and tgt == ["Joe Biden"]


def test_quantity_from_the_argument(run):
    _, events, _, _ = run("Germany offered asylum to some 4,000 Syrians.")
    assert [e.quantity for e in events if e.event_type == "AID"] == ["some 4,000 Syrians"]


def test_accusation_inside_a_quote_has_the_speaker_as_source(run):
    _, events, names, _ = run('"We blame Belgrade for the violence," the Kosovo government said.')
    accusations = _named(events, names, "ACCUSE")
    assert accusations and "Kosovo" in accusations[0][0][0]


def test_a_sentence_without_actors_gives_no_events(run):
    assert run("The bridge was closed because of the fighting.")[1] == []


def _pairs(events, names, kind):
    return sorted((tuple(names[i] for i in e.source_actor_ids), tuple(names[i] for i in e.target_actor_ids))
                  for e in events if e.event_type == kind)


def test_target_inside_the_object_phrase(run):
    _, events, names, _ = run("Canada welcomed the resumption of ties with Japan.")
    assert _pairs(events, names, "SUPPORT") == [(("Canada",), ("Japan",))]


def test_a_name_in_apposition_beats_a_nationality_adjective(run):
    _, events, names, _ = run("Joe Biden met his French counterpart Emmanuel Macron.")
    assert _pairs(events, names, "CONSULT") == [(("Joe Biden",), ("Emmanuel Macron",))]


def test_actors_named_together_sign_with_each_other(run):
    _, events, names, _ = run("Japan and South Korea signed a defence pact.")
    assert _pairs(events, names, "SUPPORT") == [(("Japan",), ("South Korea",)), (("South Korea",), ("Japan",))]


def test_each_other_makes_a_mutual_event(run):
    _, events, names, _ = run("Canada and India expelled each other's diplomats.")
    assert _pairs(events, names, "SANCTION") == [(("Canada",), ("India",)), (("India",), ("Canada",))]


def test_a_participle_of_consequence_is_the_same_event_with_its_quantity(run):
    _, events, _, _ = run("Russian forces shelled Kharkiv, killing 12 civilians.")
    assert [(e.event_type, e.quantity) for e in events] == [("ASSAULT", "12 civilians")]


def test_a_pronoun_subject_takes_the_governing_subject(run):
    _, events, names, _ = run("Turkey said it would attack Syria.")
    assert _pairs(events, names, "ASSAULT") == [(("Turkey",), ("Syria",))]


def test_a_threat_targets_whom_the_threatened_act_targets(run):
    _, events, names, _ = run("Iran threatened to attack Israel.")
    assert _pairs(events, names, "THREATEN") == [(("Iran",), ("Israel",))]
    assert [e.status for e in events if e.event_type == "ASSAULT"] == ["hypothetical"]


def test_a_fronted_participle_with_an_agent_is_passive(run):
    _, events, names, _ = run("Backed by Russia, Serbia criticized Kosovo.")
    assert _pairs(events, names, "SUPPORT") == [(("Russia",), ("Serbia",))]


def test_an_event_noun_inside_a_verb_phrase_of_the_same_type_is_not_a_second_event(run):
    _, events, names, _ = run("Australia will provide 20 million dollars in aid to Fiji.")
    assert [(e.event_type, e.status) for e in events] == [("AID", "planned")]
    assert _pairs(events, names, "AID") == [(("Australia",), ("Fiji",))]


def test_an_approved_deployment_is_planned_and_takes_the_approvers_side(run):
    _, events, names, _ = run("Kenya's parliament approved the deployment of police officers to Haiti.")
    assert [e.status for e in events] == ["planned"]
    assert _pairs(events, names, "MOBILIZE") == [(("Kenya",), ("Haiti",))]


def test_by_phrase_on_an_active_verb_belongs_to_the_object(run):
    _, events, names, _ = run("India rejected the statement by Pakistan.")
    assert _pairs(events, names, "REJECT") == [(("India",), ("Pakistan",))]
