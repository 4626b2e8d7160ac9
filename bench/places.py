"""Benchmark: articles/s of extract_places alone, and of bare nlp.pipe on the same texts, same run.

Usage: python bench/places.py [XML file or dir of geoparsing gold (default: TR-News dev set)] [--limit N]
Baseline: the brief asks for >= 25 articles/s for extract_places (excluding the spaCy parse).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from wirewatch.evaluate.geoxml import read_geoxml
from wirewatch.extract.places import extract_places
from wirewatch.geo import get_gazetteer
from wirewatch.nlp import load_nlp
from wirewatch.records import Article
from wirewatch.settings import Settings

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "tr-news"
TARGET = 25.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    files = sorted(args.path.glob("*.xml")) if args.path.is_dir() else [args.path]
    texts = [d.text for f in files for d in read_geoxml(f)[0]][: args.limit]
    settings = Settings()
    nlp = load_nlp(settings.model, settings.verify_model)
    t0 = time.perf_counter()
    gazetteer = get_gazetteer()
    load_s = time.perf_counter() - t0

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=settings.batch_size))
    parse_s = time.perf_counter() - t0

    articles = [Article.create(t) for t in texts]
    t0 = time.perf_counter()
    mentions = sum(len(extract_places(doc, art, gazetteer)[0]) for doc, art in zip(docs, articles))
    extract_s = time.perf_counter() - t0

    chars = sum(map(len, texts))
    print(f"texts: {len(texts)} ({chars / max(len(texts), 1):.0f} chars avg), place mentions: {mentions}")
    print(f"gazetteer load: {load_s:.2f} s (once per process)")
    print(f"nlp.pipe:        {len(texts) / parse_s:8.1f} articles/s")
    print(f"extract_places:  {len(texts) / extract_s:8.1f} articles/s (baseline target {TARGET:.0f})")


if __name__ == "__main__":
    main()
