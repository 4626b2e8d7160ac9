"""Actor extraction on short passages written for these tests (real spaCy model, no mocks)."""

from __future__ import annotations

import pytest

from wirewatch.extract.actors import extract_actors, is_government_reading
from wirewatch.extract.gazetteer import load_gazetteer
from wirewatch.records import make_id


@pytest.fixture
def extract(nlp, make_article):
    def run(text: str):
        article = make_article(text)
        mentions, actors = extract_actors(nlp(text), article)
        return article, mentions, {a.id: a for a in actors}

    return run


def _by_text(mentions):
    return {m.text: m for m in mentions}


def test_gazetteer_has_states_demonyms_capitals_and_outlets():
    gaz = load_gazetteer()
    assert gaz.forms["Uzbek"].code == "UZB" and gaz.forms["Afghan"].code == "AFG"
    assert gaz.forms["Tashkent"].code == "UZBGOV"
    assert gaz.forms["Kremlin"].code == "RUSGOV"
    assert gaz.forms["Interfax"].kind == "organization"
    assert gaz.forms["Daesh"].name == "Islamic State"


def test_spans_point_into_article_text(extract):
    article, mentions, _ = extract("Kazakh President Kassym-Jomart Tokayev phoned Vladimir Putin on Monday.")
    assert mentions
    for m in mentions:
        assert article.text[m.start:m.end] == m.text


def test_states_demonyms_and_kremlin_share_gazetteer_actors(extract):
    _, mentions, actors = extract(
        "The Kremlin said Russia would send aid. Russian officials confirmed that Moscow approved the plan."
    )
    found = _by_text(mentions)
    assert found["Russia"].actor_id == found["Russian"].actor_id == make_id("actor", "RUS")
    assert found["Kremlin"].actor_id == found["Moscow"].actor_id == make_id("actor", "RUSGOV")
    assert actors[make_id("actor", "RUSGOV")].code == "RUSGOV"


def test_capital_as_setting_is_not_an_actor(extract, nlp):
    _, mentions, _ = extract("The two envoys met in Tashkent on Friday, and Beijing welcomed the talks.")
    texts = {m.text for m in mentions}
    assert "Tashkent" not in texts
    assert "Beijing" in texts
    doc = nlp("Delegates gathered in Ankara. Ankara rejected the proposal.")
    first, second = [t for t in doc if t.text == "Ankara"]
    assert not is_government_reading(first) and is_government_reading(second)


def test_outlets_are_organisations_not_people(extract):
    _, mentions, _ = extract("Speaking to Kommersant and to Sputnik Kazakhstan, the minister denied the report.")
    found = _by_text(mentions)
    assert found["Kommersant"].kind == "organization"
    assert found["Sputnik Kazakhstan"].kind == "organization"


def test_acronym_defined_in_text_links_to_long_form(extract):
    _, mentions, actors = extract(
        "The Eurasian Development Fund for Water (EDFW) approved a loan. The EDFW board meets again in May."
    )
    long = next(m for m in mentions if m.text.startswith("Eurasian Development Fund"))
    shorts = [m for m in mentions if m.text == "EDFW"]
    assert len(shorts) == 2 and all(m.actor_id == long.actor_id for m in shorts)


def test_person_from_apposition_and_surname_links(extract):
    _, mentions, actors = extract(
        "Farrukh Sodikov, a Tajik political analyst, said the border was calm. "
        "Sodikov added that Dushanbe had asked for help."
    )
    found = [m for m in mentions if m.kind == "person"]
    assert {m.text for m in found} >= {"Farrukh Sodikov", "Sodikov"}
    assert len({m.actor_id for m in found}) == 1
    actor = actors[found[0].actor_id]
    assert actor.name == "Farrukh Sodikov"
    assert any(r.title == "political analyst" and r.country == "TJK" for r in actor.roles)


def test_premodifier_roles_give_title_organisation_and_country(extract):
    _, mentions, actors = extract(
        "Turkish Defence Minister Hulusi Akar met NATO Secretary General Jens Stoltenberg in Brussels."
    )
    people = {actors[m.actor_id].name: actors[m.actor_id] for m in mentions if m.kind == "person"}
    akar = people["Hulusi Akar"].roles[0]
    assert (akar.title, akar.country) == ("Defence Minister", "TUR")
    stoltenberg = people["Jens Stoltenberg"].roles[0]
    assert (stoltenberg.title, stoltenberg.organization) == ("Secretary General", "NATO")
    assert akar.date == "2021-07-09"


def test_role_after_comma_before_name(extract):
    _, mentions, actors = extract(
        "Talks were opened by the Chairman of the Senate of Kazakhstan, Maulen Ashimbayev, on Tuesday."
    )
    person = next(actors[m.actor_id] for m in mentions if m.kind == "person")
    assert person.roles[0].title == "Chairman"
    assert person.roles[0].country == "KAZ"


def test_state_institution_from_demonym_and_definite_reference(extract):
    _, mentions, actors = extract(
        "The Pakistani embassy in Kabul issued visas. Later the embassy closed its consular section."
    )
    found = [m for m in mentions if m.text in ("Pakistani embassy", "embassy")]
    assert len(found) == 2 and found[0].actor_id == found[1].actor_id
    assert actors[found[0].actor_id].code == "PAKGOV"


def test_same_name_in_two_articles_gets_article_scoped_ids(nlp, make_article):
    one = make_article("Ahmad Shah, a district police chief, was wounded.")
    two = make_article("Ahmad Shah, a bank economist, forecast growth.")
    ids = [next(m.actor_id for m in extract_actors(nlp(a.text), a)[0] if m.kind == "person") for a in (one, two)]
    assert ids[0] != ids[1]


# States without any demonym: territories nobody writes one for, and three whose demonym is another
# state's ("Congolese" is the DRC, "Dominican" the Dominican Republic) or whose name is used instead.
NO_DEMONYM = {"ALA", "ATA", "ATF", "BES", "BLM", "BVT", "IOT", "MAF", "SJM", "SPM", "SXM", "UMI", "VGB", "VIR",
              "COG", "DMA", "VAT"}


def test_every_state_has_its_demonyms_and_their_plurals():
    gaz = load_gazetteer()
    have = set(gaz.demonyms.values())
    assert set(gaz.state_names) - have <= NO_DEMONYM
    for form, code in [("Ecuadorian", "ECU"), ("Ecuadorians", "ECU"), ("Philippine", "PHL"), ("Filipinos", "PHL"),
                       ("Argentine", "ARG"), ("Salvadoran", "SLV"), ("Burkinabe", "BFA"), ("Danes", "DNK"),
                       ("Dominican", "DOM"), ("Congolese", "COD"), ("Antiguan", "ATG"), ("Icelandic", "ISL")]:
        assert gaz.demonyms[form] == code, form
    assert "Philippines" not in gaz.demonyms  # an adjective in -ine takes no plural
    assert gaz.forms["Congo"].code == "COD"


def test_armed_groups_and_de_facto_states_are_recognised(extract):
    _, mentions, actors = extract("Separatist leaders in Transnistria and Abkhazia welcomed the statement, "
                                  "while Polisario Front fighters clashed with Moroccan troops.")
    found = {m.text: actors[m.actor_id] for m in mentions}
    assert (found["Transnistria"].code, found["Transnistria"].country) == ("MDASEPTRN", "MDA")
    assert found["Abkhazia"].code == "GEOSEPABK"
    assert (found["Polisario Front"].kind, found["Polisario Front"].code) == ("group", "ESHSEPPOL")


def test_a_possessive_state_name_is_the_state_not_a_person(extract):
    _, mentions, actors = extract("Sri Lanka's navy arrested 12 fishermen on Sunday.")
    found = {m.text: actors[m.actor_id] for m in mentions}
    assert found["Sri Lanka"].kind == "state" and found["Sri Lanka"].code == "LKA"
    assert "navy" not in found  # a lower-case "navy" is no named organisation


def test_a_name_after_town_of_is_a_place_not_an_actor(extract):
    _, mentions, _ = extract("Rebels withdrew from the town of Alamata on Friday.")
    assert [m.text for m in mentions] == []
