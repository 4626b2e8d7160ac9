"""Story assignment cost per article as the store grows: is it flat?

Stores generated articles (bench/corpus.py, text only, no extraction) and assigns them to stories in
steps; after each step, times the assignment of the next ``--probe`` articles. The baseline, in the same
run, is the same probe on an empty store.

    .venv/bin/python bench/stories.py [--sizes 1000,5000,20000] [--probe 200] [--separate]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import article  # noqa: E402

from wirewatch.records import Article  # noqa: E402
from wirewatch.resolve.stories import StoryOptions, _analyzer, assign_stories  # noqa: E402
from wirewatch.store import Store  # noqa: E402
from wirewatch.store import stories as story_reads  # noqa: E402


def articles(rng: random.Random, n: int, words: int) -> list[Article]:
    out = []
    for _ in range(n):
        item = article(rng, words)
        out.append(Article.create(item["text"], title=item["title"], source=item["source"], language="en",
                                  published=date.fromisoformat(item["published"])))
    return out


def probe(store: Store, batch: list[Article], options: StoryOptions) -> float:
    """Milliseconds per article to assign ``batch``."""
    store.add_articles(batch)
    started = time.perf_counter()
    assign_stories(store, [a.id for a in batch], options)
    return (time.perf_counter() - started) * 1000 / len(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,5000,20000", help="store sizes (articles) to probe at")
    parser.add_argument("--probe", type=int, default=200, help="articles timed at each size")
    parser.add_argument("--words", type=int, default=200)
    parser.add_argument("--separate", action="store_true",
                        help="never join (threshold above 1): every article starts a story, so the store holds as "
                             "many stories as articles and every key has a long posting list")
    args = parser.parse_args()
    options = StoryOptions(threshold=2.0) if args.separate else StoryOptions()
    sizes = [int(x) for x in args.sizes.split(",")]
    rng = random.Random(11)
    _analyzer()  # scikit-learn's import is not part of the figure
    with tempfile.TemporaryDirectory() as tmp:
        with Store(str(Path(tmp) / "stories.db")) as store:
            base = probe(store, articles(rng, args.probe, args.words), options)
            print(f"story assignment, ms per article ({args.probe} articles timed at each size, text only)")
            print(f"  baseline, empty store:   {base:7.2f} ms")
            held = args.probe
            for size in sizes:
                while held < size:
                    step = articles(rng, min(1000, size - held), args.words)
                    store.add_articles(step)
                    assign_stories(store, [a.id for a in step], options)
                    held += len(step)
                ms = probe(store, articles(rng, args.probe, args.words), options)
                held += args.probe
                stories = story_reads.stories(store, limit=1)[1]
                print(f"  store of {size:6d} articles ({stories} stories): {ms:7.2f} ms  ({ms / base:.2f}x baseline)")


if __name__ == "__main__":
    main()
