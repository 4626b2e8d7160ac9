"""Cost of cross-source event merging per article as the store grows: it must stay flat.

Fills a SQLite store with synthetic articles arriving in time order (100 a day, like a busy crisis feed)
whose events involve actors drawn from a pool of 2,000 (a fifth of the events from 200 prominent ones),
then times ``resolve_events`` on the next batch of 100 articles once the store holds 1k, 10k and 100k
articles (5 events each). The baseline in the same run is ``save_extractions``
for the same batch: the write every article pays anyway.

Usage: python bench/event_merge.py [--sizes 1000,10000,100000] [--db PATH]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from wirewatch.records import Article, Event, Extraction, make_id
from wirewatch.resolve.events import resolve_events
from wirewatch.store import Store

TYPES = ("ASSAULT", "CONSULT", "ACCUSE", "AID", "PROTEST", "SANCTION", "COOPERATE", "THREATEN")
ACTORS = [make_id("actor", f"bench:{i}") for i in range(2000)]
START = date(2021, 1, 1)


PER_DAY = 100
arrived = 0


def synthetic(n: int, rng: random.Random, tag: str) -> list[Extraction]:
    """The next ``n`` articles to arrive, with five events each among frequently and rarely seen actors."""
    global arrived
    out = []
    for i in range(n):
        published = START + timedelta(days=arrived // PER_DAY)
        arrived += 1
        article = Article.create(f"{tag} article {i} {rng.random()}", source=f"outlet {rng.randrange(50)}",
                                 published=published, language="en")
        events = []
        for k in range(5):
            day = published - timedelta(days=rng.randrange(4))
            src, tgt = rng.sample(ACTORS[: 200 if k < 2 else 2000], 2)
            events.append(Event(make_id("event", article.id, k), article.id, 0, 1, rng.choice(TYPES), None, None,
                                (src,), (tgt,), None, day.isoformat(), "day", "happened"))
        out.append(Extraction(article, [], [], [], [], [], events, []))
    return out


def fill(store: Store, n: int, rng: random.Random, batch: int = 1000) -> None:
    for start in range(0, n, batch):
        part = synthetic(min(batch, n - start), rng, f"fill{start}")
        store.add_articles([x.article for x in part])
        store.save_extractions(part)
        resolve_events(store, part)


def measure(store: Store, rng: random.Random, label: str, repeats: int = 3) -> tuple[float, float]:
    saves, merges = [], []
    for r in range(repeats):
        batch = synthetic(100, rng, f"{label}-{r}")
        store.add_articles([x.article for x in batch])
        t0 = time.perf_counter()
        store.save_extractions(batch)
        t1 = time.perf_counter()
        resolve_events(store, batch)
        t2 = time.perf_counter()
        saves.append((t1 - t0) / len(batch))
        merges.append((t2 - t1) / len(batch))
    return statistics.median(saves) * 1000, statistics.median(merges) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--db", help="SQLite file to use (default: a temporary one)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "bench.db")
        with Store(db) as store:
            have = 0
            print("articles in store | save_extractions ms/article (baseline) | resolve_events ms/article")
            for size in sizes:
                fill(store, size - have, rng)
                have = size
                save, merge = measure(store, rng, f"at{size}")
                print(f"{size:>17,} | {save:38.2f} | {merge:25.2f}")


if __name__ == "__main__":
    main()
