"""Cost per article of ``extract_times`` next to the bare ``nlp.pipe`` time, on the TBAQ texts or the seeds."""

from __future__ import annotations

import sys
import time
from pathlib import Path

from wirewatch.evaluate.timeml import read_timeml, timeml_files
from wirewatch.extract.times import extract_times
from wirewatch.nlp import load_nlp
from wirewatch.records import Article
from wirewatch.settings import Settings

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def load_articles(limit: int) -> list[Article]:
    """TBAQ documents with their creation dates, else the seed articles without dates."""
    tbaq = SHARED / "data" / "dev" / "timebank-aquaint-tbaq"
    if tbaq.is_dir():
        docs = [read_timeml(f) for f in timeml_files(tbaq)[:limit]]
        return [Article.create(d.text, published=d.created) for d in docs]
    return [Article.create(f.read_text("utf-8")) for f in sorted((SHARED / "corpus" / "seeds").glob("*.txt"))]


def main(limit: int = 100) -> None:
    settings = Settings()
    nlp = load_nlp(settings.model, settings.verify_model)
    articles = load_articles(limit)
    started = time.perf_counter()
    docs = list(nlp.pipe((a.text for a in articles), batch_size=settings.batch_size))
    nlp_s = time.perf_counter() - started
    started = time.perf_counter()
    found = sum(len(extract_times(doc, a)) for doc, a in zip(docs, articles))
    times_s = time.perf_counter() - started
    n = len(articles)
    print(f"articles: {n}, expressions: {found}")
    print(f"nlp.pipe:      {1000 * nlp_s / n:8.2f} ms/article (baseline)")
    print(f"extract_times: {1000 * times_s / n:8.2f} ms/article ({100 * times_s / nlp_s:.1f}% of nlp.pipe)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
