"""How dates and names are shown (wirewatch.labels) and how a text file's headline and dateline are read."""

import pytest

from wirewatch.ingest.text import split_dateline, split_title
from wirewatch.labels import actor_name, actor_names, period_label


@pytest.mark.parametrize("value, shown", [
    ("198", "1980s"), ("2020-03", "March 2020"), ("2021-W26", "week of 28 June 2021"), ("2021-07-09", "9 July 2021"),
    ("2021", "2021"), ("2021-Q3", "Q3 2021"), ("2021-SU", "summer 2021"), ("20", "21st century"),
    ("2021-07-09T14:00", "9 July 2021"),
])
def test_period_label_keeps_the_precision_the_text_gave(value, shown):
    assert period_label(value) == shown


def test_period_label_without_a_period_falls_back_to_the_publication_day():
    assert period_label("PAST_REF", "2021-07-09") == "reported 9 July 2021"
    assert period_label(None, "2021-07-09") == "reported 9 July 2021"
    assert period_label(None) == "undated" and period_label("FUTURE_REF") == "in the future"


def test_actor_names_never_show_an_id():
    assert actor_name({"id": "9efcdb518a8bd926", "name": None}) == "unnamed actor"
    assert actor_name({"name": "9efcdb518a8bd926"}) == "unnamed actor"
    assert actor_names([{"name": "Zamir Kabulov"}, {"name": "Zamir Kabulov"}, None]) == "Zamir Kabulov, unnamed actor"


@pytest.mark.parametrize("text, dateline, rest", [
    ("MOSCOWWe've just witnessed it.", "MOSCOW", "We've just witnessed it."),
    ("KABUL, Afghanistan (AP) — The Taliban said.", "KABUL", "KABUL, Afghanistan (AP) — The Taliban said."),
    ("NEW YORK (Reuters) - Stocks fell.", "NEW YORK", "NEW YORK (Reuters) - Stocks fell."),
    ("NATOs troops left.", None, "NATOs troops left."),
    ("US troops left.", None, "US troops left."),
    ("UN Refugee agency said so.", None, "UN Refugee agency said so."),
])
def test_leading_all_capitals_dateline(text, dateline, rest):
    assert split_dateline(text) == (dateline, rest)


def test_a_one_sentence_headline_before_a_longer_paragraph_is_the_title():
    text = ("As Afghanistan loses control of its borders, Russia, China, and Iran intensify their talks.\n\n"
            "China, Russia, and Iran are intensifying negotiations aimed at keeping stability across Central "
            "Asia, particularly in Afghanistan, where the government is rapidly losing control of its borders.")
    title, rest = split_title(text)
    assert title.startswith("As Afghanistan loses control") and rest.strip().startswith("China, Russia")


def test_a_lede_paragraph_is_not_a_title():
    lede = ("The foreign ministers of Uzbekistan and Tajikistan met the US Secretary of State on Thursday to "
            "discuss the withdrawal of troops from Afghanistan and the fate of those who worked with them.")
    assert split_title(lede + "\n\nA shorter second paragraph.")[0] is None
    two = "Talks failed. Both sides left.\n\nThe ministers met for three hours on Monday without agreeing."
    assert split_title(two)[0] is None
