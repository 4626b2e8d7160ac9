"""The event → actor index (migration 15, issue 17): an actor's events read through it are the events the
scan over every event's JSON actor lists found; it follows re-extraction, re-ingest and import, and a store
from before it gets it filled from the events it holds."""

from __future__ import annotations

import random
import shutil
import sqlite3
from datetime import date, timedelta

from sqlalchemy import func, select

from wirewatch import query
from wirewatch.records import Actor, Article, Event, Extraction, make_id
from wirewatch.store import Store, reads, schema
from wirewatch.store.migrations import MIGRATIONS

ACTORS = [Actor(make_id("actor", f"a{i}"), f"Actor {i}", "person") for i in range(12)]


def _extractions(n: int = 60, seed: int = 5) -> list[Extraction]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        art = Article.create(f"Report {i}. Forces clashed near the river.", title=f"R{i}", source=f"s{i % 3}",
                             language="en", published=date(2021, 3, 1) + timedelta(days=rnd.randrange(20)))
        events = []
        for k in range(rnd.randrange(4)):
            src = tuple(a.id for a in rnd.sample(ACTORS, rnd.randrange(3)))  # none, one or two sources
            tgt = tuple(a.id for a in rnd.sample(ACTORS, rnd.randrange(3)))
            if k == 2 and src:
                tgt = src  # an actor on both sides of one event
            events.append(Event(make_id("event", art.id, k), art.id, 0, 6, rnd.choice(["ATTACK", "CONSULT"]),
                                source_actor_ids=src, target_actor_ids=tgt,
                                date=str(art.published) if k % 2 else None))
        out.append(Extraction(art, actors=ACTORS, events=events))
    return out


def _fill(store: Store, extractions: list[Extraction]) -> None:
    store.add_articles([x.article for x in extractions])
    store.save_extractions(extractions)


def _index_rows(store: Store) -> list[tuple]:
    ea = schema.event_actors
    with store.engine.connect() as conn:
        return sorted(conn.execute(select(ea.c.event_id, ea.c.actor_id, ea.c.role, ea.c.article_id)).all())


def _expected_rows(store: Store) -> list[tuple]:
    """The index as it should be: one row per (event, actor, role) named in the events' JSON lists."""
    return sorted({(e["id"], a, role, e["article_id"]) for e in store.rows("events")
                   for role, ids in (("source", e["source_actor_ids"]), ("target", e["target_actor_ids"]))
                   for a in ids})


def _reads(store: Store, monkeypatch, filt) -> list:
    monkeypatch.setattr(reads, "ACTOR_FILTER", filt)
    out = []
    for actor in ACTORS[:6]:
        group = [actor.id, ACTORS[-1].id] if actor is ACTORS[0] else [actor.id]  # a merged group too
        for role in ("source", "target", "any"):
            for offset in (0, 3):
                out.append(reads.events(store, actor_ids=group, actor_role=role, limit=4, offset=offset))
        out.append(reads.events(store, actor_ids=[actor.id], event_type="ATTACK", since="2021-03-05", limit=50))
        out.append(query.actor_view(store, actor.id, limit=5))
    return out


def test_actor_events_through_the_index_equal_the_json_scan(db_url, monkeypatch):
    with Store(db_url) as store:
        _fill(store, _extractions())
        scanned = _reads(store, monkeypatch, reads._actors_by_scan)
        indexed = _reads(store, monkeypatch, reads._actors_by_index)
    assert indexed == scanned
    assert sum(page[1] for page in indexed if isinstance(page, tuple)) > 50  # not all empty


def test_index_follows_reextraction_and_repeated_saves_without_duplicates(db_url):
    items = _extractions(30)
    with Store(db_url) as store:
        _fill(store, items)
        first = _index_rows(store)
        assert first == _expected_rows(store) and len(first) > 20
        _fill(store, items)  # the same facts saved again (a re-run)
        assert _index_rows(store) == first
        # re-extraction finds other actors in one article: its old index rows go, the new ones come
        art = next(x for x in items if x.events)
        changed = Extraction(art.article, actors=ACTORS, events=[
            Event(make_id("event", art.article.id, "new"), art.article.id, 0, 6, "ATTACK",
                  source_actor_ids=(ACTORS[7].id,), target_actor_ids=(ACTORS[8].id,))])
        store.save_extractions([changed])
        now = _index_rows(store)
        assert now == _expected_rows(store)
        assert [r for r in now if r[3] == art.article.id] == [
            (changed.events[0].id, ACTORS[7].id, "source", art.article.id),
            (changed.events[0].id, ACTORS[8].id, "target", art.article.id)]
        total, _ = reads.events(store, actor_ids=[ACTORS[7].id], actor_role="source", limit=100)
        assert changed.events[0].id in {e["id"] for e in total}


def test_imported_events_are_indexed_once(tmp_path):
    items = _extractions(20)
    with Store(str(tmp_path / "a.db")) as source:
        _fill(source, items)
        events = list(source.rows("events"))
        expected = _index_rows(source)
    with Store(str(tmp_path / "b.db")) as target:
        target.import_rows("events", events)
        target.import_rows("events", events)  # an import run twice
        assert _index_rows(target) == expected


def test_reingest_keeps_one_index_row_per_event_actor_and_role(tmp_path, seeds_dir):
    from wirewatch.run.local import extract, ingest
    from wirewatch.settings import Settings

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seeds_dir / "russia-china-iran-talks.txt", folder)
    settings = Settings(db=str(tmp_path / "w.db"))
    ingest([str(folder)], settings)
    with Store(settings.db) as store:
        first = _index_rows(store)
        assert first == _expected_rows(store) and first  # the seed article has events with actors
    ingest([str(folder)], settings)  # a re-run
    extract(None, settings)  # and a re-extraction of everything
    with Store(settings.db) as store:
        assert _index_rows(store) == first == _expected_rows(store)


def test_store_from_before_the_index_gets_it_filled(tmp_path, monkeypatch):
    db = tmp_path / "old.db"
    items = _extractions(40)
    with Store(str(db)) as store:
        _fill(store, items)
        expected = _index_rows(store)
        scanned = _reads(store, monkeypatch, reads._actors_by_scan)
    assert expected
    # make it a store from before migration 15: no index table, the migration not recorded
    con = sqlite3.connect(db)
    con.execute("DROP TABLE event_actors")
    con.execute("DELETE FROM schema_migrations WHERE version = 15")
    con.commit()
    con.close()
    with Store(str(db)) as store:
        assert _index_rows(store) == expected
        assert _reads(store, monkeypatch, reads._actors_by_index) == scanned
        with store.engine.connect() as conn:
            versions = set(conn.execute(select(schema.schema_migrations.c.version)).scalars())
            n = conn.execute(select(func.count()).select_from(schema.event_actors)).scalar_one()
    assert 15 in versions and n == len(expected)
    assert [m[0] for m in MIGRATIONS if m[0] == 15] == [15]


def test_backfill_reads_in_pages(tmp_path, monkeypatch):
    """More events than one backfill page: every one is indexed."""
    from wirewatch.store import migrations

    db = tmp_path / "many.db"
    items = _extractions(150, seed=9)
    with Store(str(db)) as store:
        _fill(store, items)
        expected = _index_rows(store)
    con = sqlite3.connect(db)
    con.execute("DELETE FROM event_actors")
    con.execute("DELETE FROM schema_migrations WHERE version = 15")
    con.commit()
    con.close()
    monkeypatch.setattr(migrations, "BACKFILL_PAGE", 7)
    with Store(str(db)) as store:
        assert _index_rows(store) == expected
    assert len(expected) > 7 * 3
