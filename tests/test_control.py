"""extract_control on sentences written for these tests."""

from __future__ import annotations

import pytest

from wirewatch.extract.actors import extract_actors
from wirewatch.extract.control import extract_control
from wirewatch.extract.places import extract_places
from wirewatch.extract.times import extract_times


def _claims(nlp, article):
    """The control claims of an article, with its actors and places."""
    doc = nlp(article.text)
    mentions, actors = extract_actors(doc, article)
    place_mentions, places = extract_places(doc, article)
    found = extract_control(doc, article, mentions + place_mentions, {a.id: a for a in actors},
                            {p.id: p for p in places}, extract_times(doc, article))
    return found, actors, places


@pytest.fixture
def control(nlp, make_article):
    def go(text: str):
        found, actors, places = _claims(nlp, make_article(text))
        names = {a.id: a.name for a in actors}
        pnames = {p.id: p.name for p in places}
        return [(pnames[c.place_id], names.get(c.controller_actor_id), c.status, c.as_of) for c in found]
    return go


def test_take_control_of_places(control):
    found = control("Russian forces have taken control of the city of Mariupol.")
    assert found == [("Mariupol", "Russian forces", "taken", "2021-07-09")]


def test_capture_a_city_with_date(control):
    found = control("The Taliban captured the city of Herat on Monday.")
    assert found and found[0][1] == "Taliban" and found[0][2] == "taken" and found[0][3] == "2021-07-05"


def test_passive_held_by(control):
    found = control("Kandahar is still held by the Afghan army.")
    assert found and found[0][0].startswith("Kandah") and found[0][1:3] == ("Afghan army", "held")


def test_lose_control(control):
    found = control("Ukraine lost control of Donetsk in 2014.")
    assert found == [("Donetsk", "Ukraine", "lost", "2014")]


def test_an_approach_is_not_a_place(control):
    assert control("Washington should take a more careful approach in Iraq.") == []


def test_hypothetical_capture_is_not_a_claim(control):
    assert control("The rebels might capture the town of Goma.") == []


@pytest.fixture
def confidences(nlp, make_article):
    """Place name → confidence of the claims found in a text."""
    def go(text: str) -> dict[str, float]:
        found, _, places = _claims(nlp, make_article(text))
        names = {p.id: p.name for p in places}
        return {names[c.place_id]: c.confidence for c in found}
    return go


def test_claim_confidence_follows_how_the_claim_was_made(confidences):
    captured = confidences("The Taliban captured Kunduz on Sunday.")
    hedged = confidences("The Taliban reportedly claimed to control Kunduz.")
    nobody = confidences("Kunduz was captured on Sunday.")
    assert all(0 <= c <= 1 for found in (captured, hedged, nobody) for c in found.values())
    assert captured["Kunduz"] > hedged["Kunduz"]  # a strong cue, stated outright
    assert captured["Kunduz"] > nobody["Kunduz"]  # a known controller named
    assert confidences("Government forces entered Kunduz.").get("Kunduz", 0) < captured["Kunduz"]


def test_negated_control_is_not_a_claim(confidences):
    assert confidences("Kunduz is not under Taliban control, officials said.") == {}


def test_a_claim_about_something_in_a_place_is_less_sure_than_one_about_the_place(confidences):
    whole = confidences("The Taliban captured the city of Kunduz.")
    part = confidences("The Taliban captured the police headquarters in Kunduz.")
    assert whole["Kunduz"] > part["Kunduz"]
