"""Milliseconds per article of extract_events (and extract_control) against a bare nlp.pipe.

The upstream stages (actors, places, times, quotes) run first and are timed apart, so the
figure for events is its own cost: with our own patterns only, and with the shipped PETRARCH2
CAMEO.2.0 dictionary as the pipeline codes (the dictionaries loaded once, before timing); actor
codes (Phoenix dictionaries) likewise. Loading the dictionaries is timed separately: parsing the
text files vs reading the compiled cache (medians of 3). Usage: python bench/events.py [FOLDER_OF_TXT]
(default: the PolNeAR dev texts, news articles of ordinary length).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import statistics

from wirewatch.extract import petrarch_dicts
from wirewatch.extract.actor_codes import code_actors
from wirewatch.extract.actors import extract_actors
from wirewatch.extract.control import extract_control
from wirewatch.extract.events import extract_events
from wirewatch.extract.places import extract_places
from wirewatch.extract.quotes import extract_quotes
from wirewatch.extract.times import extract_times
from wirewatch.nlp import load_nlp
from wirewatch.records import Article
from wirewatch.settings import Settings

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "polnear-dev" / "text"


def _upstream(doc, article):
    mentions, actors = extract_actors(doc, article)
    place_mentions, places = extract_places(doc, article)
    mentions = mentions + place_mentions
    return (mentions, {a.id: a for a in actors}, {p.id: p for p in places}, extract_times(doc, article),
            extract_quotes(doc, article, mentions))


def _median(fn, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(folder: Path) -> None:
    compiled = _median(petrarch_dicts._load_compiled)
    parsed = _median(petrarch_dicts._compile)
    petrarch_dicts.load_dictionaries()
    texts = [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))]
    articles = [Article.create(t) for t in texts]
    nlp = load_nlp(Settings().model)
    start = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse = time.perf_counter() - start
    start = time.perf_counter()
    inputs = [_upstream(doc, a) for doc, a in zip(docs, articles)]
    upstream = time.perf_counter() - start
    start = time.perf_counter()
    for doc, a, (m, ac, _, _, _) in zip(docs, articles, inputs):
        code_actors(doc, a, [x for x in m if x.actor_id], list(ac.values()))
    codes = time.perf_counter() - start
    start = time.perf_counter()
    own = sum(len(extract_events(d, a, m, ac, pl, tm, quotes=q, cameo=False))
              for d, a, (m, ac, pl, tm, q) in zip(docs, articles, inputs))
    own_time = time.perf_counter() - start
    start = time.perf_counter()
    found = sum(len(extract_events(d, a, m, ac, pl, tm, quotes=q))
                for d, a, (m, ac, pl, tm, q) in zip(docs, articles, inputs))
    first = time.perf_counter() - start  # includes turning each verb form's rules into records, once
    start = time.perf_counter()
    for d, a, (m, ac, pl, tm, q) in zip(docs, articles, inputs):
        extract_events(d, a, m, ac, pl, tm, quotes=q)
    events = time.perf_counter() - start
    start = time.perf_counter()
    claims = sum(len(extract_control(d, a, m, ac, pl, tm)) for d, a, (m, ac, pl, tm, _) in zip(docs, articles, inputs))
    control = time.perf_counter() - start
    n = len(texts)
    print(f"{n} articles, {sum(map(len, texts)) / n:.0f} chars each on average, {found} events, {claims} control claims")
    print(f"nlp.pipe (baseline):   {1000 * parse / n:8.1f} ms/article")
    print(f"upstream stages:       {1000 * upstream / n:8.1f} ms/article (actors, places, times, quotes)")
    print(f"extract_events, own:   {1000 * own_time / n:8.1f} ms/article ({100 * own_time / parse:.1f}% of parsing, "
          f"{own} events)")
    print(f"extract_events:        {1000 * events / n:8.1f} ms/article ({100 * events / parse:.1f}% of parsing, "
          f"own patterns + CAMEO.2.0 dictionary; first pass over new verb forms {1000 * first / n:.1f} ms)")
    print(f"code_actors:           {1000 * codes / n:8.1f} ms/article ({100 * codes / parse:.1f}% of parsing, Phoenix)")
    print(f"dictionaries, load:    {1000 * compiled:8.1f} ms from the compiled cache vs {1000 * parsed:.1f} ms "
          f"parsing the text files (once per process)")
    print(f"extract_control:       {1000 * control / n:8.1f} ms/article ({100 * control / parse:.1f}% of parsing)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
