"""Cross-source event merging: the same event told by several articles becomes one event with its sources."""

from __future__ import annotations

from datetime import date

import pytest

from wirewatch import query
from wirewatch.records import Actor, Article, Event, Extraction, Relation, make_id
from wirewatch.resolve.events import (
    blocking_keys,
    compatible,
    disagreements,
    event_period,
    independent_sources,
    make_report,
    regroup_events,
    resolve_events,
)
from wirewatch.run.local import ingest
from wirewatch.settings import load_settings
from wirewatch.store import Store


def report(id_, type_="ASSAULT", src=(), tgt=(), place=None, value=None, published="2022-05-20",
           status="happened", article=None):
    return make_report({"id": id_, "article_id": article or f"art-{id_}", "event_type": type_,
                        "source_actor_ids": list(src), "target_actor_ids": list(tgt), "place_id": place,
                        "date": value, "status": status, "published": published}, {})


# -- when two reports are the same event ----------------------------------------------------------------


def test_periods_of_dates_references_and_undated_events():
    pub = date(2022, 5, 20)
    assert event_period("2022-05-17", pub, "happened") == (date(2022, 5, 17), date(2022, 5, 17))
    assert event_period("2022-W19", pub, "happened") == (date(2022, 5, 9), date(2022, 5, 15))
    assert event_period("2022-02", pub, "happened") == (date(2022, 2, 1), date(2022, 2, 28))
    assert event_period("PAST_REF", pub, "happened")[1] == pub
    assert event_period(None, pub, "planned")[0] == pub
    assert event_period(None, pub, "happened")[1] == pub
    assert event_period(None, None, "happened") is None


def test_a_meeting_told_both_ways_round_is_one_event():
    a = report("a", "CONSULT", ["oslo-fm"], ["ankara-fm"], value="2022-05-17")
    b = report("b", "CONSULT", ["ankara-fm"], ["oslo-fm"], value="2022-W20")
    assert compatible(a, b)


def test_a_meeting_with_someone_else_is_another_event():
    a = report("a", "CONSULT", ["us"], ["russia"], value="2022-05-17")
    b = report("b", "CONSULT", ["us"], ["china"], value="2022-05-17")
    assert not compatible(a, b)


def test_attacker_and_victim_are_not_interchangeable():
    a = report("a", "ASSAULT", ["militia"], [])
    b = report("b", "ASSAULT", [], ["militia"])
    assert not compatible(a, b)
    assert compatible(a, report("c", "ASSAULT", ["militia"], ["army"]))


def test_type_place_and_date_must_agree():
    base = report("a", "ASSAULT", ["militia"], ["army"], place="kidal", value="2022-05-10")
    assert compatible(base, report("b", "ASSAULT", ["militia"], ["army"], place="kidal", value="2022-05-12"))
    assert not compatible(base, report("c", "PROTEST", ["militia"], ["army"], place="kidal", value="2022-05-10"))
    assert not compatible(base, report("d", "ASSAULT", ["militia"], ["army"], place="gao", value="2022-05-10"))
    assert not compatible(base, report("e", "ASSAULT", ["militia"], ["army"], place="kidal", value="2022-04-20"))
    assert compatible(base, report("f", "ASSAULT", ["militia"], ["army"], value="2022-05-10"))


def test_other_perpetrators_of_one_attack_on_one_day_and_place_are_grouped_to_show_the_disagreement():
    a = report("a", "ASSAULT", ["militia"], ["army"], place="kidal", value="2022-05-10")
    b = report("b", "ASSAULT", ["insurgents"], ["army"], place="kidal", value="2022-05-10")
    assert compatible(a, b)
    assert not compatible(a, report("c", "ASSAULT", ["insurgents"], ["army"], value="2022-05-10"))


def test_an_event_named_without_actors_joins_the_one_at_its_place():
    meeting = report("a", "CONSULT", ["moscow-envoy"], ["kabul-envoy"], place="moscow", value="2021-06-30",
                     published="2021-07-02")
    mentioned = report("b", "CONSULT", place="moscow", value="PAST_REF", published="2021-07-09")
    assert compatible(meeting, mentioned)
    assert not compatible(meeting, report("c", "CONSULT", place="doha", value="PAST_REF", published="2021-07-09"))
    assert not compatible(meeting, report("d", "CONSULT", value="PAST_REF", published="2021-07-09"))
    assert set(blocking_keys(meeting)) & set(blocking_keys(mentioned))


def test_blocking_keys_keep_distant_months_apart():
    may = report("a", "ASSAULT", ["militia"], ["army"], value="2022-05-10")
    november = report("b", "ASSAULT", ["militia"], ["army"], value="2022-11-10")
    assert set(blocking_keys(may)) and not set(blocking_keys(may)) & set(blocking_keys(november))
    assert blocking_keys(report("c")) == []  # nothing to anchor on: never merged


# -- corroboration and disagreements ---------------------------------------------------------------------


def test_copies_and_one_outlet_count_once():
    reports = [{"article_id": "a", "source": "Wire"}, {"article_id": "b", "source": "Ledger"},
               {"article_id": "c", "source": "Digest"}, {"article_id": "d", "source": "wire "}]
    assert independent_sources(reports, []) == 3
    assert independent_sources(reports, [("c", "b")]) == 2


def test_disagreements_on_numbers_dates_perpetrators_and_whether_it_happened():
    rows = [
        {"article_id": "a", "event_type": "ASSAULT", "quantity": "more than 300 soldiers", "date": "2022-05-10",
         "date_precision": "day", "source_actor_ids": ["militia"], "status": "happened"},
        {"article_id": "b", "event_type": "ASSAULT", "quantity": "1,000 soldiers", "date": "2022-05-11",
         "date_precision": "day", "source_actor_ids": ["insurgents"], "status": "denied"},
        {"article_id": "c", "event_type": "ASSAULT", "quantity": "some 300 troops", "date": "2022-05",
         "date_precision": "month", "source_actor_ids": ["militia"], "status": "happened"},
    ]
    found = {d["field"]: d["values"] for d in disagreements(rows, {})}
    assert set(found) == {"quantity", "date", "source_actor", "status"}
    assert {tuple(v["article_ids"]) for v in found["quantity"]} == {("a", "c"), ("b",)}
    assert {v["value"] for v in found["date"]} == {"2022-05-10", "2022-05-11"}
    assert disagreements(rows[:1] + rows[2:], {}) == []


# -- through the store -----------------------------------------------------------------------------------

HAWK = Actor(make_id("actor", "test:hawk"), "Hawk Brigade", "group")
ARMY = Actor(make_id("actor", "test:army"), "Northland Army", "organization")


def _attack(outlet: str, published: date, quantity: str, day: str) -> Extraction:
    text = f"The Hawk Brigade attacked the Northland Army near the dam, killing {quantity}, {outlet} reported."
    art = Article.create(text, title=f"{outlet} report", source=outlet, published=published, language="en")
    event = Event(make_id("event", art.id, 0), art.id, 0, len(text) - 1, "ASSAULT", "190", None,
                  (HAWK.id,), (ARMY.id,), None, day, "day", "happened", quantity)
    return Extraction(art, [], [HAWK, ARMY], [], [], [], [event], [])


@pytest.fixture
def attack_store(tmp_path):
    db = str(tmp_path / "events.db")
    told = [_attack("Ledger", date(2022, 5, 11), "more than 300 soldiers", "2022-05-10"),
            _attack("Courier", date(2022, 5, 12), "1,000 soldiers", "2022-05-10"),
            _attack("Digest", date(2022, 5, 12), "more than 300 soldiers", "2022-05-10")]
    with Store(db) as store:
        store.add_articles([x.article for x in told])
        store.add_relations([Relation("rewrite", told[2].article.id, told[0].article.id, 0.8)])
        store.save_extractions(told)
        assert resolve_events(store, told) == 2
    return db, told


def test_one_attack_from_three_articles_is_one_event_with_two_independent_sources(attack_store):
    db, told = attack_store
    with Store(db) as store:
        merged = query.merged_events(store)
    assert len(merged) == 1
    event = merged[0]
    assert event["corroboration"] == 2  # the Digest rewrite of the Ledger story counts once
    assert sorted(event["article_ids"]) == sorted(x.article.id for x in told)
    assert [a["name"] for a in event["source_actors"]] == ["Hawk Brigade"]
    assert event["quantity"] == "more than 300 soldiers"
    numbers = next(d for d in event["disagreements"] if d["field"] == "quantity")
    assert {v["value"] for v in numbers["values"]} == {"more than 300 soldiers", "1,000 soldiers"}
    assert {s["source"] for s in event["sources"]} == {"Ledger", "Courier", "Digest"}


def test_regrouping_from_scratch_gives_the_same_groups(attack_store):
    db, _ = attack_store
    with Store(db) as store:
        before = sorted((r["event_id"], r["group_id"]) for r in store.rows("event_groups"))
        regroup_events(store)
        after = sorted((r["event_id"], r["group_id"]) for r in store.rows("event_groups"))
    assert before == after and len({g for _, g in after}) == 1


def test_re_extracting_an_article_keeps_one_group_row_per_event(attack_store):
    db, told = attack_store
    with Store(db) as store:
        store.save_extractions(told[:1])
        resolve_events(store, told[:1])
        rows = list(store.rows("event_groups"))
    assert len(rows) == 3 and len({r["group_id"] for r in rows}) == 1


def test_candidates_come_only_from_the_blocks_of_the_new_events(attack_store):
    db, told = attack_store
    later = [_attack("Ledger", date(2023, 1, d), "a few soldiers", f"2023-01-{d:02d}") for d in range(1, 6)]
    with Store(db) as store:
        store.add_articles([x.article for x in later])
        store.save_extractions(later)
        resolve_events(store, later)
        may = make_report({**vars_of(told[0].events[0]), "published": "2022-05-11"}, {})
        found = store.grouping_rows(keys=blocking_keys(may))
    assert {r["article_id"] for r in found} == {x.article.id for x in told}


def vars_of(event: Event) -> dict:
    return {k: getattr(event, k) for k in ("id", "article_id", "event_type", "source_actor_ids",
                                           "target_actor_ids", "place_id", "date", "status")}


# -- end to end from text ---------------------------------------------------------------------------------

GENEVA = """---
title: Ministers meet in Geneva over grain corridor
published: 2023-03-10
source: Harbour Post
---
Norwegian Foreign Minister Anniken Huitfeldt met Turkish Foreign Minister Mevlut Cavusoglu in Geneva on
Tuesday to discuss the grain corridor.
"""

LEDGER = """---
title: Grain talks continue after Geneva meeting
published: 2023-03-12
source: Northern Ledger
---
Mevlut Cavusoglu held talks with Anniken Huitfeldt in Geneva last week, according to diplomats familiar
with the discussions.
"""


def test_a_meeting_reported_by_two_outlets_in_different_words_is_one_event(tmp_path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "post.md").write_text(GENEVA)
    (folder / "ledger.md").write_text(LEDGER)
    settings = load_settings(db=str(tmp_path / "w.db"))
    summary = ingest([str(folder)], settings)
    assert summary.merged_events >= 1
    ingest([str(folder)], settings)  # a re-run adds nothing
    with Store(settings.db) as store:
        meetings = query.merged_events(store, event_type="CONSULT")
    assert len(meetings) == 1
    meeting = meetings[0]
    names = {a["name"] for a in meeting["source_actors"] + meeting["target_actors"]}
    assert {"Anniken Huitfeldt", "Mevlut Cavusoglu"} <= names
    assert meeting["corroboration"] == 2 and meeting["date"] == "2023-03-07"
    assert not [d for d in meeting["disagreements"] if d["field"] == "source_actor"]


def test_plover_json_has_one_record_per_merged_event_with_its_reports(attack_store, tmp_path):
    from wirewatch.evaluate.plover import read_records
    from wirewatch.export import export_plover

    db, told = attack_store
    path = tmp_path / "events.plover.json"
    with Store(db) as store, path.open("w") as out:
        assert export_plover(store, out) == 1
    records, skipped = read_records(path)
    assert skipped == [] and len(records) == 1
    record = records[0]
    assert (record["event"], record["date"], record["cameo"], record["corroboration"]) == (
        "ASSAULT", "2022-05-10", "190", 2)
    assert [a["actorText"] for a in record["source"]] == ["Hawk Brigade"]
    assert [a["actorText"] for a in record["target"]] == ["Northland Army"]
    assert record["size"] == "more than 300 soldiers"
    assert {r["article_id"] for r in record["reports"]} == {x.article.id for x in told}
    assert record["text"].startswith("The Hawk Brigade attacked")
