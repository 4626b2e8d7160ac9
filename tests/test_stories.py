"""Stories: incremental assignment, blocking, near-duplicates joining their original, the quality gate and the CLI."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import inspect

from wirewatch.records import Article, Relation
from wirewatch.resolve import stories as st
from wirewatch.resolve.stories import StoryOptions, assign_stories, rebuild_stories, update_stories
from wirewatch.store import Store
from wirewatch.store import stories as story_db

FIXTURES = Path(__file__).parent / "fixtures" / "stories"

DAM = ("Engineers inspect cracked dam above Tarnova",
       "Engineers inspected the cracked Tarnova dam on the Velka river after villagers reported leaks below the "
       "spillway. The regional water authority lowered the reservoir and warned that the dam wall could fail.")
DAM_2 = ("Tarnova dam reservoir lowered as cracks widen",
         "The water authority said cracks in the Tarnova dam wall had widened overnight and that the reservoir "
         "on the Velka river was being lowered. Villagers below the dam spillway were told to prepare to leave.")
DAM_3 = ("Tarnova villagers evacuated below leaking dam",
         "Police evacuated three villages below the leaking Tarnova dam on the Velka river as engineers failed to "
         "seal the cracks in the dam wall. The reservoir was half empty, the water authority said.")
CHESS = ("Grandmaster wins Orlov chess open with a round to spare",
         "The Orlov chess open ended on Sunday with a queen sacrifice in the final round, as the young grandmaster "
         "clinched the title and the prize money in the rapid tournament tiebreak.")


def _article(title: str, text: str, day: date = date(2024, 5, 1), source: str = "Wire") -> Article:
    return Article.create(text, title=title, published=day, source=source, language="en")


def _store(tmp_path: Path) -> Store:
    return Store(str(tmp_path / "stories.db"))


def _story_of(store: Store, articles: list[Article]) -> list[str]:
    found = story_db.story_of(store, [a.id for a in articles])
    return [found.get(a.id) for a in articles]


def test_migration_5_creates_the_story_tables(tmp_path):
    with _store(tmp_path) as store:
        tables = set(inspect(store.engine).get_table_names())
        versions = {r["version"]: r["name"] for r in store.rows("schema_migrations")}
    assert {"stories", "story_articles", "story_keys", "story_terms"} <= tables
    assert versions[5].startswith("stories")


def test_articles_about_one_story_join_it_and_another_topic_starts_its_own(db_url):
    arts = [_article(*DAM), _article(*DAM_2, day=date(2024, 5, 2)), _article(*CHESS, day=date(2024, 5, 2)),
            _article(*DAM_3, day=date(2024, 5, 3))]
    with Store(db_url) as store:
        store.add_articles(arts)
        assert assign_stories(store, [a.id for a in arts]) == 4
        dam, dam2, chess, dam3 = _story_of(store, arts)
        assert dam == dam2 == dam3 != chess
        page = story_db.stories(store)[0]
        by_id = {r["id"]: r for r in page}
        assert by_id[dam]["size"] == 3 and by_id[dam]["title"] == DAM[0]
        assert (by_id[dam]["first_published"], by_id[dam]["last_published"]) == ("2024-05-01", "2024-05-03")
        assert assign_stories(store, [a.id for a in arts]) == 0, "already assigned articles are skipped"


def test_a_new_article_joins_a_stored_story_without_reclustering(tmp_path):
    first, later = _article(*DAM), _article(*DAM_2, day=date(2024, 5, 4))
    with _store(tmp_path) as store:
        store.add_articles([first])
        assign_stories(store, [first.id])
        before = {r["article_id"]: r for r in store.rows("story_articles")}
        store.add_articles([later])
        assert assign_stories(store, [later.id]) == 1
        after = {r["article_id"]: r for r in store.rows("story_articles")}
        assert after[first.id] == before[first.id]
        assert after[later.id]["story_id"] == before[first.id]["story_id"]
        assert after[later.id]["reason"].startswith("similar")


def test_a_rewrite_joins_its_originals_story_even_when_its_words_differ(db_url):
    original, rewrite = _article(*DAM), _article(*CHESS, day=date(2024, 5, 2))
    with Store(db_url) as store:
        store.add_articles([original, rewrite])
        store.add_relations([Relation("rewrite", original.id, rewrite.id, 0.7)])
        assign_stories(store, [original.id])
        assign_stories(store, [rewrite.id])
        a, b = _story_of(store, [original, rewrite])
        assert a == b
        reason = next(store.rows("story_articles", {"article_id": rewrite.id}))["reason"]
        assert reason == f"rewrite of {original.id}"


def test_a_duplicate_in_the_same_batch_joins_whichever_copy_came_first(tmp_path):
    original, copy = _article(*DAM), _article(*CHESS, source="Other")
    with _store(tmp_path) as store:
        store.add_articles([original, copy])
        store.add_relations([Relation("duplicate", original.id, copy.id, 0.95)])
        assign_stories(store, [copy.id, original.id])
        assert len(set(_story_of(store, [original, copy]))) == 1


def test_the_same_words_months_later_start_a_new_story(tmp_path):
    early, late = _article(*DAM), _article(*DAM_2, day=date(2024, 5, 1) + timedelta(days=90))
    with _store(tmp_path) as store:
        store.add_articles([early, late])
        assign_stories(store, [early.id, late.id])
        a, b = _story_of(store, [early, late])
        assert a != b


def test_update_assigns_only_new_articles_and_rebuild_gives_the_same_stories(db_url):
    arts = [_article(*DAM), _article(*DAM_2, day=date(2024, 5, 2)), _article(*CHESS, day=date(2024, 5, 2))]
    with Store(db_url) as store:
        store.add_articles(arts[:2])
        assert update_stories(store) == 2
        store.add_articles(arts[2:])
        assert update_stories(store) == 1
        first = _story_of(store, arts)
        assert rebuild_stories(store) == 3
        assert _story_of(store, arts) == first
        terms = dict((r["term"], r["articles"]) for r in store.rows("story_terms"))
        assert terms[story_db.ARTICLE_COUNT] == 3, "rebuild must not count articles twice"


def test_candidates_are_a_few_recent_stories_per_key(tmp_path):
    """Blocking: a new article scores only stories sharing its keys, at most ``per_key`` per key."""
    with _store(tmp_path) as store:
        arts = [_article(f"Orchard fair {i}", f"The orchard fair number {i} in Velden sold apples and cider "
                         f"to visitors from town{i} on a sunny weekend.", day=date(2024, 5, 1) + timedelta(days=i))
                for i in range(12)]
        store.add_articles(arts)
        loose = StoryOptions(threshold=2.0)          # nothing joins: every article is its own story
        assign_stories(store, [a.id for a in arts], loose)
        assert len(set(_story_of(store, arts))) == 12
        found = story_db.candidate_stories(store, ["t:orchard", "t:cider"], per_key=3)
        assert len(found) == 3 and set(found.values()) == {2}
        newest = story_db.story_of(store, [a.id for a in arts[-3:]])
        assert set(found) == set(newest.values()), "the most recent stories under a key come first"
        loaded: list[str] = []
        real = story_db.load_stories

        def spy(store_, ids):
            ids = list(ids)
            loaded.extend(ids)
            return real(store_, ids)

        st.db.load_stories = spy
        try:
            extra = _article("Orchard fair again", "Another orchard fair in Velden sold apples and cider.",
                             day=date(2024, 5, 14))
            store.add_articles([extra])
            assign_stories(store, [extra.id], StoryOptions(per_key=2, candidates=4))
        finally:
            st.db.load_stories = real
        assert 0 < len(set(loaded)) <= 4


def test_similarity_needs_shared_words_not_only_shared_actors():
    art = st._Article("x", "t", "2024-05-01", {"dam": 1.0}, st.Counter({"a1": 2}), st.Counter(), st.Counter())
    story = {"centroid": {"chess": 1.0}, "actors": {"a1": 5}, "places": {}, "events": {}}
    total, text = st.similarity(art, story)
    assert text == 0.0 and total > 0
    options = StoryOptions()
    assert not (total >= options.threshold and text >= options.min_text)


def _scorer():
    spec = importlib.util.spec_from_file_location("stories_score", FIXTURES / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_bcubed_scorer_on_known_clusterings():
    score = _scorer()
    gold = {"a": "x", "b": "x", "c": "y", "d": "y"}
    assert score.bcubed(gold, {"a": 1, "b": 1, "c": 2, "d": 2}) == (1.0, 1.0)
    assert score.bcubed(gold, {"a": 1, "b": 1, "c": 1, "d": 1}) == (0.5, 1.0)
    assert score.bcubed(gold, {"a": 1, "b": 2, "c": 3, "d": 4}) == (1.0, 0.5)
    assert score.purity(gold, {"a": 1, "b": 1, "c": 1, "d": 2}) == 0.75


def test_gate_story_clustering(tmp_path, nlp):
    """Quality gate: 43 hand-written articles about 8 stories (with copies, rewrites and shared actors)."""
    result = _scorer().score(str(tmp_path / "gate.db"))
    floors = {k: v for k, v in json.loads((FIXTURES / "baseline.json").read_text("utf-8")).items()
              if not k.startswith("_")}
    low = {k: (result[k], floor) for k, floor in floors.items() if result[k] < floor}
    assert not low, f"below floor (score, floor): {low}; clusters: {result['clusters']}"
    joined = set(result["joined_by_relation"])
    for pair in (("s1-02", "s1-02b"), ("s1-04", "s1-04r"), ("s2-03", "s2-03b"), ("s3-02", "s3-02r"),
                 ("s4-01", "s4-01b"), ("s5-03", "s5-03r")):
        assert joined & set(pair), f"one of the copies {pair} should join the other's story through their relation"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wirewatch", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def test_cli_stories_update_list_json_and_story(tmp_path):
    db = str(tmp_path / "cli.db")
    arts = [_article(*DAM), _article(*DAM_2, day=date(2024, 5, 2)), _article(*CHESS, day=date(2024, 5, 3))]
    with Store(db) as store:
        store.add_articles(arts)
    res = _cli("stories", "--update", "--json", "--db", db, cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    assert "assigned 3 article(s)" in res.stderr
    page = json.loads(res.stdout)
    assert page["total"] == 2
    assert [s["size"] for s in page["items"]] == [1, 2], "latest story first"
    dam = page["items"][1]
    assert dam["title"] == DAM[0] and dam["first_published"] == "2024-05-01"
    shown = _cli("story", dam["id"][:6], "--json", "--db", db, cwd=tmp_path)
    view = json.loads(shown.stdout)
    assert [a["title"] for a in view["articles"]] == [DAM[0], DAM_2[0]]
    text = _cli("story", dam["id"], "--db", db, cwd=tmp_path).stdout
    assert DAM_2[0] in text and "2 article(s)" in text
    limited = json.loads(_cli("stories", "--limit", "1", "--json", "--db", db, cwd=tmp_path).stdout)
    assert len(limited["items"]) == 1 and limited["total"] == 2


def test_cli_unknown_story_is_one_line_without_traceback(tmp_path):
    res = _cli("story", "ffff", "--db", str(tmp_path / "empty.db"), cwd=tmp_path)
    assert res.returncode == 2
    assert res.stderr.strip().startswith("error: ffff: no story has this id")
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1


def test_cli_help_texts(tmp_path):
    for command, words in (("stories", "--rebuild"), ("story", "unique prefix")):
        res = _cli(command, "--help", cwd=tmp_path)
        assert res.returncode == 0 and words in res.stdout
