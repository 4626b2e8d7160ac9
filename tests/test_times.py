"""Temporal expressions on sentences written for these tests, with the real spaCy model."""

from __future__ import annotations

from datetime import date

import pytest

from wirewatch.extract.times import extract_times

FRIDAY = date(2021, 7, 9)


@pytest.fixture
def times(nlp, make_article):
    def run(text: str, published: date | None = FRIDAY) -> dict[str, object]:
        article = make_article(text, published=published)
        found = extract_times(nlp(text), article)
        for t in found:
            assert article.text[t.start:t.end] == t.text
        return {t.text: t for t in found}

    return run


@pytest.mark.parametrize(
    ("text", "expr", "value", "precision", "kind"),
    [
        ("The minister resigned last Friday after a week of protests.", "last Friday", "2021-07-02", "day", "DATE"),
        ("Rebels seized the town on Thursday, officials said.", "Thursday", "2021-07-08", "day", "DATE"),
        ("The treaty was signed on July 3 in the capital.", "July 3", "2021-07-03", "day", "DATE"),
        ("A ceasefire was agreed in March of last year.", "March of last year", "2020-03", "month", "DATE"),
        ("Two years ago the border was closed.", "Two years ago", "2019", "year", "DATE"),
        ("In the 1980s the plant employed thousands.", "the 1980s", "198", "decade", "DATE"),
        ("Fighting resumed last week near the dam.", "last week", "2021-W26", "week", "DATE"),
        ("The port has been shut since 2001.", "2001", "2001", "year", "DATE"),
        ("Today the streets are calm.", "Today", "2021-07-09", "day", "DATE"),
        ("Talks recently broke down.", "recently", "PAST_REF", "other", "DATE"),
        ("The crossing stayed closed for three days.", "three days", "P3D", "other", "DURATION"),
        ("Convoys leave the base every week.", "every week", "P1W", "other", "SET"),
        ("Inspectors arrived at 9 a.m. yesterday.", "9 a.m. yesterday", "2021-07-08T09:00", "day", "TIME"),
        ("Output fell in the third quarter of 2020.", "the third quarter of 2020", "2020-Q3", "quarter", "DATE"),
    ],
)
def test_value_of_expression(times, text, expr, value, precision, kind):
    found = times(text)
    assert expr in found, found
    t = found[expr]
    assert (t.value, t.precision, t.type) == (value, precision, kind)


def test_future_tense_weekday_points_ahead(times):
    t = times("The two delegations will meet again on Thursday in Vienna.")["Thursday"]
    assert t.value == "2021-07-15" and t.future


def test_planned_deadline_is_future(times):
    found = times("Troops are to leave by the end of August, and aid will flow over the coming weeks.")
    assert found["the end of August"].value == "2021-08" and found["the end of August"].future
    assert found["the coming weeks"].value == "PXW" and found["the coming weeks"].future


def test_next_month_is_future(times):
    t = times("Parliament votes on the budget next month.")["next month"]
    assert t.value == "2021-08" and t.future


def test_leading_preposition_is_excluded(times):
    assert set(times("On July 3 the embassy closed, and in 2001 it had reopened.")) == {"July 3", "2001"}


def test_day_month_without_year_takes_nearest_year(times):
    assert times("Results are announced Jan. 4.", published=date(2021, 12, 20))["Jan. 4"].value == "2022-01-04"


def test_day_before_month_without_year_does_not_fail_the_article(times):
    # "day_month" shares its handler with "month_day" but has no weekday group: every article with
    # "14 April" (no year) used to fail extraction with IndexError
    assert times("The convoy left on 14 April, officials said.")["14 April"].value == "2021-04-14"


def test_without_publication_date_relative_values_are_none(times):
    found = times("The envoy left last week and returns on July 3.", published=None)
    assert found["last week"].value is None
    assert found["July 3"].value == "XXXX-07-03"


def test_modal_may_is_not_a_month(times):
    assert times("Prices may rise if the ports stay closed.") == {}


def test_age_is_not_a_duration(times):
    assert "six-year" not in times("A six-year-old girl was rescued from the river.")


def test_year_of_weekday_date_matches_the_weekday(times):
    t = times("The paper said in an editorial on Monday, Oct. 26, that talks failed.", published=date(1998, 10, 25))
    assert t["Monday, Oct. 26"].value == "1998-10-26"


def test_quarter_context_anchors_a_year_earlier(times):
    found = times("The firm lost $3 million in the second quarter. A year earlier it earned $1 million.")
    assert found["A year earlier"].value == "2020-Q2"
