"""What the analyst's app reads, without a browser or a model: titles made from the first sentence, disagreements
that need two articles, control claims under their resolved controller with a confidence (issue 18)."""

from __future__ import annotations

from datetime import date

from typer.testing import CliRunner

from wirewatch import query
from wirewatch.cli import app
from wirewatch.ingest.text import derived_title
from wirewatch.records import Actor, Article, Control, Extraction, Place, make_id
from wirewatch.resolve.events import disagreements, uncertain_within_reports
from wirewatch.store import Store


def test_a_title_from_the_first_sentence_when_there_is_no_headline():
    assert derived_title("Mr. Varga met U.S. envoys on Sep. 11 in Brelik. Then he left.") == \
        "Mr. Varga met U.S. envoys on Sep. 11 in Brelik"
    long = ("Officials in the northern province said on Tuesday that the ferry crossing had been closed to trucks "
            "for a third week, stranding hundreds of drivers.")
    title = derived_title("\n\n" + long + "\n\nMore text.")
    assert title.endswith("…") and len(title.split()) == 16 and long.startswith(title[:-1])
    assert derived_title("“We will hold the bridge,” the mayor said. Shelling went on.") == \
        "“We will hold the bridge,” the mayor said"
    assert derived_title("12 -- 14 ...") is None and derived_title("") is None


def _report(article: str, **fields) -> dict:
    return {"article_id": article, "event_type": "ASSAULT", "quantity": None, "date": None, "date_precision": None,
            "source_actor_ids": (), "target_actor_ids": (), "status": "happened", **fields}


def test_a_disagreement_between_sources_needs_two_articles():
    # one article says the talks took place and that they did not: uncertain within one report
    same = [_report("a1"), _report("a1", status="denied")]
    assert disagreements(same, {}) == []
    assert [(d["field"], d["article_ids"]) for d in uncertain_within_reports(same, {})] == [("status", ["a1"])]
    # a second article agreeing with one side does not make it a disagreement between sources
    assert disagreements([*same, _report("a2")], {}) == []
    # two articles each giving one value, and different ones, do
    two = [_report("a1", quantity="12 people"), _report("a2", quantity="40 people")]
    assert [d["field"] for d in disagreements(two, {})] == ["quantity"] and uncertain_within_reports(two, {}) == []
    assert [d["field"] for d in disagreements([*same, _report("a3", status="denied"), _report("a2")], {})] == ["status"]


def test_control_table_names_the_resolved_controller_with_confidence(tmp_path):
    db = str(tmp_path / "w.db")
    text = "Ostravian troops hold Brelik, the ministry said."
    art = Article.create(text, title="Brelik held", source="Sahel Wire", published=date(2021, 7, 6), language="en")
    keep = Actor(make_id("actor", "t-ostravia"), "Ostravia", "state", code="OST")
    alias = Actor(make_id("actor", "t-ostravian-troops"), "Ostravian troops", "group")
    brelik = Place(make_id("place", "t-brelik"), "Brelik", 47.1, 37.55, "UKR", None, "PPL", "test")
    claim = Control(art.id, 0, text.index(","), brelik.id, alias.id, "held", "2021-07-06", 0.7)
    with Store(db) as store:
        store.add_articles([art])
        store.save_extractions([Extraction(art, [], [keep, alias], [], [brelik], [], [], [claim])])
        store.merge_actors(keep.id, [alias.id])
        item = query.controls_page(store)["items"][0]
        layer = query.control_layer(store)
    assert (item["controller_id"], item["controller_name"], item["confidence"]) == (keep.id, "Ostravia", 0.7)
    assert layer["places"][0]["claims"][0]["confidence"] == 0.7
    result = CliRunner().invoke(app, ["control", "--db", db], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    row = next(line for line in result.output.splitlines() if "Brelik" in line)
    assert "Ostravia" in row and "Ostravian troops" not in row and "0.7" in row and "6 July 2021" in row
