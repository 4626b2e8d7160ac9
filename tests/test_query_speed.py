"""List pages that stop at their limit (issue 17): the walk through articles newest first gives the same
pages and totals as looking the matches up and sorting them."""

from __future__ import annotations

import random
import sqlite3
from datetime import date, timedelta

import pytest

from wirewatch import query
from wirewatch.records import Article, Extraction, Quote, make_id
from wirewatch.store import Store, reads

WORDS = "grain harbour council border talks ceasefire convoy aid ministry envoy".split()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> str:
    path = str(tmp_path_factory.mktemp("speed") / "speed.db")
    rnd = random.Random(3)
    out = []
    for i in range(700):
        body = " ".join(rnd.choice(WORDS) for _ in range(12)) + (" rarebird" if i % 97 == 0 else "")
        text = f'Story {i}. The envoy said "{body}". More text follows here.'
        art = Article.create(text, title=f"Story {i}", source=f"s{i % 5}", language="en",
                             published=date(2021, 1, 1) + timedelta(days=rnd.randrange(60)))
        start = text.index('"') + 1
        quotes = [Quote(make_id("quote", art.id, k), art.id, start, start + len(body), body) for k in range(1 + i % 2)]
        out.append(Extraction(art, quotes=quotes))
    with Store(path) as store:
        store.add_articles([x.article for x in out])
        store.save_extractions(out)
    return path


def _pages(store: Store, monkeypatch, walk: bool, **kwargs) -> list:
    monkeypatch.setattr(reads, "WALK_ABOVE", 0 if walk else 10**9)
    return [query.quotes_page(store, limit=40, offset=o, **kwargs) for o in (0, 40, 400, 1040)] + \
        [query.articles_page(store, search=kwargs.get("search"), limit=40, offset=o) for o in (0, 120)]


@pytest.mark.parametrize("search", [None, "grain", "rarebird", "ceasefire talks"])
def test_walking_newest_first_gives_the_pages_sorting_gives(db, monkeypatch, search):
    with Store(db) as store:
        walked = _pages(store, monkeypatch, True, search=search)
        sorted_ = _pages(store, monkeypatch, False, search=search)
    assert walked == sorted_
    assert walked[0]["total"] >= (1 if search else 1000)


def test_quote_search_finds_words_and_follows_reextraction(db):
    with Store(db) as store:
        found = query.quotes_page(store, search="rarebird", limit=50)
        assert found["total"] == len(found["items"]) > 0
        assert all("rarebird" in q["text"] for q in found["items"])
        assert query.quotes_page(store, search="nosuchword", limit=5)["total"] == 0
        assert query.quotes_page(store, search='"', limit=5)["total"] == 0  # no words: nothing, not an error
        victim = found["items"][0]["article_id"]
        article = store.get_articles([victim])[0]
        store.save_extractions([Extraction(article)])  # re-extracted without quotes: the index forgets them
        again = query.quotes_page(store, search="rarebird", limit=50)
        assert again["total"] == found["total"] - sum(1 for q in found["items"] if q["article_id"] == victim)


def test_list_pages_use_the_newest_first_index(db):
    plan = " ".join(r[-1] for r in sqlite3.connect(db).execute(
        "EXPLAIN QUERY PLAN SELECT id FROM articles ORDER BY published DESC, ingested_at DESC, id LIMIT 5"))
    assert "ix_articles_newest" in plan and "TEMP B-TREE" not in plan
