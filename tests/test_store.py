"""The SQLite store: migrations, idempotent writes, fact replacement, full-text search."""

from datetime import date

import sqlite3

from wirewatch.records import Actor, Article, Extraction, Mention, Quote, Role, TimeExpr, make_id
from wirewatch.store import Store
from wirewatch.store.migrations import MIGRATIONS


def _article(text: str, **kw) -> Article:
    return Article.create(text, language="en", **kw)


def test_migrations_apply_once_and_are_recorded(tmp_path):
    db = tmp_path / "w.db"
    Store(str(db)).close()
    Store(str(db)).close()
    rows = sqlite3.connect(db).execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert [v for v, _ in rows] == [m[0] for m in MIGRATIONS]


def test_store_uses_wal_mode(tmp_path):
    db = tmp_path / "w.db"
    with Store(str(db)) as store:
        store.add_articles([_article("Some text about a border crossing.")])
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_same_text_twice_is_one_article(tmp_path):
    with Store(str(tmp_path / "w.db")) as store:
        first = store.add_articles([_article("The council met on Monday.", title="A")])
        again = store.add_articles([_article("The  council met on Monday. ", title="B")])
        assert len(first) == 1 and again == []
        assert store.counts()["articles"] == 1


def test_full_text_search_finds_words_and_survives_fts_syntax(tmp_path):
    with Store(str(tmp_path / "w.db")) as store:
        store.add_articles([_article("Ministers discussed grain exports in Odesa.", title="Grain talks"),
                            _article("A storm closed the mountain pass.", title="Weather")])
        hits = store.search_articles("grain")
        assert [h["title"] for h in hits] == ["Grain talks"]
        assert store.search_articles('"unbalanced AND (') == []


def test_save_extractions_replaces_one_articles_facts_only(tmp_path):
    a, b = _article("Alpha Beta said hello."), _article("Gamma Delta waved.")
    actor = Actor(make_id("actor", "alpha beta"), "Alpha Beta", "person",
                  roles=(Role("minister", article_id=a.id, date="2021-01-01", start=0, end=10),))
    with Store(str(tmp_path / "w.db")) as store:
        store.add_articles([a, b])
        ma = Mention(a.id, 0, 10, "Alpha Beta", "PERSON", "person", actor_id=actor.id)
        mb = Mention(b.id, 0, 11, "Gamma Delta", "PERSON", "person")
        q = Quote(make_id("quote", a.id, 16, 21), a.id, 16, 21, "hello", "Alpha Beta", 0, 10, actor.id, False, "said")
        store.save_extractions([Extraction(a, mentions=[ma], actors=[actor], quotes=[q],
                                           times=[TimeExpr(a.id, 0, 5, "Alpha")]),
                                Extraction(b, mentions=[mb])])
        assert store.counts()["mentions"] == 2
        store.save_extractions([Extraction(a)])  # a re-extraction that finds nothing
        counts = store.counts()
        assert counts["mentions"] == 1 and counts["quotes"] == 0 and counts["timexes"] == 0
        assert counts["actors"] == 1  # actors are shared across articles and kept
        assert store.unextracted_ids() == []


def test_unextracted_ids_lists_articles_stored_without_facts(tmp_path):
    a, b = _article("One."), _article("Two.")
    with Store(str(tmp_path / "w.db")) as store:
        store.add_articles([a, b])
        store.save_extractions([Extraction(a)])
        assert store.unextracted_ids() == [b.id]


def test_article_round_trips_through_the_store(tmp_path):
    a = _article("Text body.", title="T", source="S", url="http://x.test/a", published=date(2020, 2, 29))
    with Store(str(tmp_path / "w.db")) as store:
        store.add_articles([a])
        back = store.get_articles([a.id])[0]
    assert (back.title, back.source, back.url, back.published, back.text) == ("T", "S", "http://x.test/a",
                                                                              date(2020, 2, 29), "Text body.")
