"""Milliseconds per article of extract_quotes against a bare nlp.pipe, in the same run.

Usage: python bench/quotes.py [FOLDER_OF_TXT]   (default: the PolNeAR dev texts)
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from wirewatch.extract.quotes import extract_quotes
from wirewatch.nlp import load_nlp
from wirewatch.records import Article
from wirewatch.settings import Settings

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "polnear-dev" / "text"


def main(folder: Path) -> None:
    texts = [p.read_text("utf-8") for p in sorted(folder.glob("*.txt"))]
    nlp = load_nlp(Settings().model)
    start = time.perf_counter()
    docs = list(nlp.pipe(texts))
    parse = time.perf_counter() - start
    start = time.perf_counter()
    found = sum(len(extract_quotes(doc, Article.create(text))) for doc, text in zip(docs, texts))
    quotes = time.perf_counter() - start
    n = len(texts)
    print(f"{n} articles, {sum(map(len, texts)) / n:.0f} chars each on average, {found} quotes")
    print(f"nlp.pipe (baseline):  {1000 * parse / n:8.1f} ms/article")
    print(f"extract_quotes:       {1000 * quotes / n:8.1f} ms/article ({100 * quotes / parse:.1f}% of parsing)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT)
