"""In-process time of the actor page's event reads: the event → actor index (migration 15) against the scan
over every event's JSON actor lists it replaced, in the same run on the same synthetic store.

Usage: python bench/actor_page.py [--articles N] [--events-per-article K] [--runs R] [--db PATH]

Builds a SQLite store of N articles with K events each (actors drawn from a pool, a few busy ones), then
times ``query.actor_view`` (the whole /api/actors/{id} read) and its two ``reads.events`` calls alone for
a busy and a rare actor, alternating scan and index R times; prints the medians and their ratio, and checks
that both give the same page.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from wirewatch import query
from wirewatch.records import Actor, Article, Event, Extraction, make_id
from wirewatch.store import Store, reads


def build(path: str, n_articles: int, per_article: int, seed: int = 7) -> list[Actor]:
    rnd = random.Random(seed)
    pool = [Actor(make_id("actor", i), f"Actor {i}", "person") for i in range(400)]
    weights = [50 if i < 4 else 1 for i in range(len(pool))]  # four busy actors, many rare ones
    out = []
    for i in range(n_articles):
        art = Article.create(f"Article {i}. Something happened here between two sides.", title=f"A{i}",
                             source=f"s{i % 7}", language="en",
                             published=date(2021, 1, 1) + timedelta(days=rnd.randrange(300)))
        events = []
        for k in range(per_article):
            src, tgt = rnd.choices(pool, weights, k=2)
            events.append(Event(make_id("event", art.id, k), art.id, 0, 7, "ATTACK",
                                source_actor_ids=(src.id,), target_actor_ids=(tgt.id,),
                                date=art.published.isoformat(), date_precision="day"))
        actors = list({a.id: a for e in events for a in pool if a.id in (*e.source_actor_ids, *e.target_actor_ids)}
                      .values())
        out.append(Extraction(art, actors=actors, events=events))
    with Store(path) as store:
        store.add_articles([x.article for x in out])
        store.save_extractions(out)
    return pool


def _timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main(n_articles: int, per_article: int, runs: int, db: str | None) -> None:
    folder = tempfile.TemporaryDirectory()
    path = db or str(Path(folder.name) / "actor_page.db")
    start = time.perf_counter()
    pool = build(path, n_articles, per_article)
    print(f"store: {n_articles} articles, {n_articles * per_article} events, built in {time.perf_counter() - start:.1f} s")
    with Store(path) as store:
        for label, actor in (("busy actor", pool[0]), ("rare actor", pool[-1])):
            def events_reads():
                return [reads.events(store, actor_ids=[actor.id], actor_role=r, limit=50) for r in ("source", "target")]

            def page():
                return query.actor_view(store, actor.id)

            times: dict[str, dict[str, list[float]]] = {"scan": {"events": [], "page": []},
                                                        "index": {"events": [], "page": []}}
            results = {}
            for _ in range(runs):
                for how, filt in (("scan", reads._actors_by_scan), ("index", reads._actors_by_index)):
                    reads.ACTOR_FILTER = filt
                    t, results[how] = _timed(events_reads)
                    times[how]["events"].append(t)
                    times[how]["page"].append(_timed(page)[0])
            reads.ACTOR_FILTER = reads._actors_by_index
            assert results["scan"] == results["index"], "index and scan disagree"
            n = sum(total for _, total in results["index"])
            print(f"{label} ({n} events as source or target), median of {runs} runs, ms:")
            for part in ("events", "page"):
                scan, index = (1000 * statistics.median(times[h][part]) for h in ("scan", "index"))
                what = "reads.events x2   " if part == "events" else "query.actor_view  "
                print(f"  {what} scan (before) {scan:8.2f}   index (after) {index:8.2f}   ratio {scan / index:5.1f}x")
    folder.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--events-per-article", type=int, default=3)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--db", help="keep the store here (default: a temporary folder)")
    args = parser.parse_args()
    main(args.articles, args.events_per_article, args.runs, args.db)
