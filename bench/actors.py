"""Throughput of actor extraction: nlp.pipe + extract_actors vs bare nlp.pipe, same model, same run.

Run: ``.venv/bin/python bench/actors.py [--repeat N]``. Texts are the seed articles (or the actor
gold passages when the seeds are absent), repeated N times.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from wirewatch.extract.actors import extract_actors
from wirewatch.nlp import load_nlp
from wirewatch.records import Article
from wirewatch.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"


def corpus() -> list[str]:
    """Seed articles when available, else the gold passages."""
    if SEEDS.is_dir():
        return [p.read_text("utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    import json

    lines = (ROOT / "tests" / "eval" / "actors" / "passages.jsonl").read_text("utf-8").splitlines()
    return [json.loads(line)["text"] for line in lines]


def timed(nlp, texts: list[str], extract: bool) -> float:
    start = time.perf_counter()
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=32)):
        if extract:
            extract_actors(doc, Article.create(text))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    nlp = load_nlp(Settings().model)
    texts = corpus() * args.repeat
    words = sum(len(t.split()) for t in texts)
    timed(nlp, texts[:4], True)
    bare = min(timed(nlp, texts, False) for _ in range(2))
    full = min(timed(nlp, texts, True) for _ in range(2))
    layer = extraction_only(nlp, texts)
    for label, seconds in (("nlp.pipe (baseline)", bare), ("nlp.pipe + extract_actors", full)):
        print(f"{label:28s} {len(texts) / seconds:8.1f} articles/s {words / seconds:10.0f} words/s")
    print(f"overhead, end to end:       {100 * (full - bare) / bare:.1f}% on top of spaCy")
    print(f"overhead, extract_actors alone on parsed docs: {100 * layer / bare:.1f}% of the bare pipe time")
    print(f"({len(texts)} articles, {words} words; on a shared machine the end-to-end difference is noisy)")


def extraction_only(nlp, texts: list[str]) -> float:
    """Seconds extract_actors takes over already-parsed docs."""
    docs = list(nlp.pipe(texts, batch_size=32))
    start = time.perf_counter()
    for text, doc in zip(texts, docs):
        extract_actors(doc, Article.create(text))
    return time.perf_counter() - start


if __name__ == "__main__":
    main()
