"""Milliseconds per article of extract_quotes against a bare nlp.pipe, in the same run.

Usage: python bench/quotes.py [FOLDER_OF_TXT] [--limit N] [--runs R]   (default: the PolNeAR dev texts)

Parsing is the baseline: the texts are parsed R times and extracted R times; the medians and their
ratio are printed (the issue's budget: quote extraction at most 10 % of parsing time).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from wirewatch.extract.quotes import extract_quotes
from wirewatch.nlp import load_nlp
from wirewatch.records import Article
from wirewatch.settings import Settings

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "polnear-dev" / "text"


def main(folder: Path, limit: int | None, runs: int) -> None:
    texts = [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))][:limit]
    nlp = load_nlp(Settings().model)
    list(nlp.pipe(texts[:2]))  # warm up
    parse_times, quote_times, docs, found = [], [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        docs = list(nlp.pipe(texts))
        parse_times.append(time.perf_counter() - start)
        start = time.perf_counter()
        found = sum(len(extract_quotes(doc, Article.create(text))) for doc, text in zip(docs, texts))
        quote_times.append(time.perf_counter() - start)
    parse, quotes = statistics.median(parse_times), statistics.median(quote_times)
    n = len(texts)
    print(f"{n} articles, {sum(map(len, texts)) / n:.0f} chars each on average, {found} quotes, median of {runs} runs")
    print(f"nlp.pipe (baseline):  {1000 * parse / n:8.1f} ms/article")
    print(f"extract_quotes:       {1000 * quotes / n:8.1f} ms/article ({100 * quotes / parse:.1f}% of parsing)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None, help="only the first N texts")
    parser.add_argument("--runs", type=int, default=3, help="repetitions (medians are reported)")
    args = parser.parse_args()
    main(args.folder, args.limit, args.runs)
