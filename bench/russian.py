"""Russian articles per second per core (natasha + Russian stages) next to English articles of the same length
(spaCy + English stages), in the same run, one process.

Usage: python bench/russian.py [--limit N] [--runs R]

Russian texts: the factRuEval-2016 dev documents. English texts: PolNeAR dev texts cut to the length of
each Russian text (at a sentence end), so both sides read the same number of characters. Each side is
parsed and extracted R times after a warm-up; medians and the Russian/English cost ratio are printed,
with the Russian parse (natasha) and extraction shares.
"""

from __future__ import annotations

import argparse
import re
import statistics
import time
from pathlib import Path

from wirewatch.extract import extract_article as extract_english
from wirewatch.languages.ru import extract_article as extract_russian
from wirewatch.languages.ru.model import load_pipeline, parse
from wirewatch.nlp import load_nlp
from wirewatch.records import Article
from wirewatch.settings import Settings

DEV = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev"


def english_of_lengths(lengths: list[int]) -> list[str]:
    """English texts cut to the given lengths (at a sentence end), from the PolNeAR dev texts."""
    pool = " ".join(p.read_text("utf-8") for p in sorted((DEV / "polnear-dev" / "text").glob("*.txt")))
    pool = re.sub(r"\s+", " ", pool)
    out, at = [], 0
    for n in lengths:
        if at + n > len(pool):
            at = 0
        cut = pool.rfind(". ", at, at + n)
        end = cut + 1 if cut > at + n // 2 else at + n
        out.append(pool[at:end])
        at = end + 1
    return out


def main(limit: int, runs: int) -> None:
    russian = [p.read_text("utf-8") for p in sorted((DEV / "factrueval-dev").glob("book_*.txt"))][:limit]
    english = english_of_lengths([len(t) for t in russian])
    settings = Settings()
    nlp = load_nlp(settings.model)
    pipeline = load_pipeline()
    extract_russian(Article.create(russian[0], language="ru"))  # warm up: model, lexicons, gazetteer
    extract_english(nlp(english[0]), Article.create(english[0], language="en"))
    ru_total, ru_parse, en_total = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        docs = [parse(t, pipeline) for t in russian]
        parsed = time.perf_counter()
        for doc, text in zip(docs, russian):
            extract_russian(Article.create(text, language="ru"), doc=doc)
        ru_total.append(time.perf_counter() - start)
        ru_parse.append(parsed - start)
        start = time.perf_counter()
        for doc, text in zip(nlp.pipe(english), english):
            extract_english(doc, Article.create(text, language="en"))
        en_total.append(time.perf_counter() - start)
    n = len(russian)
    ru, en, rp = statistics.median(ru_total), statistics.median(en_total), statistics.median(ru_parse)
    chars = sum(map(len, russian)) / n
    print(f"{n} articles a side, {chars:.0f} chars each on average (English cut to the same lengths), "
          f"median of {runs} runs, one process")
    print(f"English (spaCy + stages, baseline): {n / en:6.2f} articles/s  {1000 * en / n:7.1f} ms/article")
    print(f"Russian (natasha + stages):         {n / ru:6.2f} articles/s  {1000 * ru / n:7.1f} ms/article "
          f"(parse {100 * rp / ru:.0f} %, extraction {100 * (ru - rp) / ru:.0f} %)")
    print(f"Russian / English cost per article: {ru / en:.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=40, help="Russian documents (and as many English)")
    parser.add_argument("--runs", type=int, default=3, help="repetitions (medians are reported)")
    args = parser.parse_args()
    main(args.limit, args.runs)
