"""The SQLite store: migrations, idempotent writes, fact replacement, full-text search."""

import sqlite3
from datetime import date

from wirewatch.records import Actor, Article, Extraction, Mention, Quote, Role, TimeExpr, make_id
from wirewatch.store import Store
from wirewatch.store.migrations import MIGRATIONS


def _article(text: str, **kw) -> Article:
    return Article.create(text, language="en", **kw)


def test_migrations_apply_once_and_are_recorded(db_url):
    Store(db_url).close()
    with Store(db_url) as store:
        rows = list(store.rows("schema_migrations"))
    assert [r["version"] for r in rows] == [m[0] for m in MIGRATIONS]


def test_store_uses_wal_mode(tmp_path):
    db = tmp_path / "w.db"
    with Store(str(db)) as store:
        store.add_articles([_article("Some text about a border crossing.")])
    assert sqlite3.connect(db).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_same_text_twice_is_one_article(db_url):
    with Store(db_url) as store:
        first = store.add_articles([_article("The council met on Monday.", title="A")])
        again = store.add_articles([_article("The  council met on Monday. ", title="B")])
        assert len(first) == 1 and again == []
        assert store.counts()["articles"] == 1


def test_full_text_search_finds_words_and_survives_fts_syntax(db_url):
    with Store(db_url) as store:
        store.add_articles([_article("Ministers discussed grain exports in Odesa.", title="Grain talks"),
                            _article("A storm closed the mountain pass.", title="Weather")])
        hits = store.search_articles("grain")
        assert [h["title"] for h in hits] == ["Grain talks"]
        assert store.search_articles('"unbalanced AND (') == []


def test_save_extractions_replaces_one_articles_facts_only(db_url):
    a, b = _article("Alpha Beta said hello."), _article("Gamma Delta waved.")
    actor = Actor(make_id("actor", "alpha beta"), "Alpha Beta", "person",
                  roles=(Role("minister", article_id=a.id, date="2021-01-01", start=0, end=10),))
    with Store(db_url) as store:
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


def test_unextracted_ids_lists_articles_stored_without_facts(db_url):
    a, b = _article("One."), _article("Two.")
    with Store(db_url) as store:
        store.add_articles([a, b])
        store.save_extractions([Extraction(a)])
        assert store.unextracted_ids() == [b.id]


def test_article_round_trips_through_the_store(db_url):
    a = _article("Text body.", title="T", source="S", url="http://x.test/a", published=date(2020, 2, 29))
    with Store(db_url) as store:
        store.add_articles([a])
        back = store.get_articles([a.id])[0]
    assert (back.title, back.source, back.url, back.published, back.text) == ("T", "S", "http://x.test/a",
                                                                              date(2020, 2, 29), "Text body.")


def test_parallel_writers_create_no_duplicates(db_url, tmp_path):
    """Three processes ingesting the same articles at once store each article and relation once."""
    import json
    import os
    import subprocess
    import sys

    corpus = tmp_path / "c.jsonl"
    with corpus.open("w") as handle:
        for i in range(150):
            text = f"Bulletin {i}: the ferry to island {i % 11} left at {i % 24} hours with {i * 5} passengers."
            handle.write(json.dumps({"text": text, "title": f"Bulletin {i}"}) + "\n")
    cmd = [sys.executable, "-m", "wirewatch", "ingest", str(corpus), "--no-extract", "--quiet", "--db", db_url]
    env = {**os.environ, "WIREWATCH_BATCH_SIZE": "10"}
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(3)]
    for p in procs:
        assert p.wait(timeout=300) == 0, p.stderr.read().decode()
    with Store(db_url) as store:
        assert store.counts()["articles"] == 150
        ids = [r["id"] for r in store.rows("articles")]
        assert len(ids) == len(set(ids))


def test_model_whose_files_were_changed_is_refused(tmp_path):
    import shutil

    import pytest

    from wirewatch.errors import ModelError
    from wirewatch.nlp import model_dir, verify_model
    from wirewatch.settings import Settings

    name = Settings().model
    copy = tmp_path / "model"
    shutil.copytree(model_dir(name), copy)
    verify_model(name, copy)  # an untouched copy passes
    with (copy / "meta.json").open("a") as handle:
        handle.write(" ")
    with pytest.raises(ModelError, match="meta.json does not match"):
        verify_model(name, copy)
    with pytest.raises(ModelError, match="no recorded checksums"):
        verify_model("some_unknown_model", copy)
