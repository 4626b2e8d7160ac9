"""Situation-report generation time for one story of 500 articles (md, html, pdf).

Generates a story — 500 articles that open with a report of the same clash (with varying numbers, so
sources disagree) followed by generated news sentences (bench/corpus.py) — ingests it with full
extraction into a temporary store, assigns stories, and times ``wirewatch report --story ID`` in each
format, in-process: the median of several runs. The baseline, in the same run, is the same report on a
story of 50 such articles (``--baseline``), so the figures show how the time grows with the story.

    .venv/bin/python bench/report.py [-n 500] [--baseline 50] [--runs 3]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import person, sentence  # noqa: E402

from wirewatch.report import ReportScope, build_report, render_report  # noqa: E402
from wirewatch.resolve.stories import _analyzer, assign_stories  # noqa: E402
from wirewatch.run.local import ingest  # noqa: E402
from wirewatch.settings import Settings  # noqa: E402
from wirewatch.store import Store  # noqa: E402
from wirewatch.store import stories as story_reads  # noqa: E402

SOURCES = ["Wire A", "Wire B", "Courier", "Border Post", "Daily Ledger", "Radio East"]
LEADS = [
    "About {n} soldiers of the Northern Brigade attacked positions near Kharkiv {when}, the army said.",
    "More than {n} fighters of the Northern Brigade stormed army positions near Kharkiv {when}, officials said.",
    "The Northern Brigade attacked army posts outside Kharkiv {when} with some {n} troops, witnesses said.",
]


def story_article(rng: random.Random, i: int, words: int) -> dict:
    """One article of the benchmark story: a lead about the Kharkiv clash, then generated sentences."""
    lead = rng.choice(LEADS).format(n=rng.choice([300, 400, 1000, 1200]), when=rng.choice(["on Monday", "on Sunday"]))
    quote = f'"The Northern Brigade will not take Kharkiv," said army spokesman {person(rng)}.'
    parts = [lead + " " + quote]
    while sum(len(p.split()) for p in parts) < words:
        parts.append(" ".join(sentence(rng) for _ in range(rng.randrange(2, 4))))
    return {"title": f"Fighting near Kharkiv as Northern Brigade attacks ({i})", "text": "\n\n".join(parts),
            "published": f"2021-07-{rng.randrange(5, 12):02d}", "source": rng.choice(SOURCES)}


def make_store(folder: Path, n: int, words: int, seed: int) -> tuple[str, str, int]:
    """Ingest ``n`` story articles into a new store; return (db, id of the largest story, its size)."""
    rng = random.Random(seed)
    corpus = folder / f"story{n}.jsonl"
    with corpus.open("w", encoding="utf-8") as handle:
        for i in range(n):
            handle.write(json.dumps(story_article(rng, i, words)) + "\n")
    db = str(folder / f"story{n}.db")
    if not Path(db).exists():
        started = time.perf_counter()
        ingest([str(corpus)], Settings(db=db, batch_size=100))
        print(f"  {n} articles: ingest with extraction {time.perf_counter() - started:.0f}s", file=sys.stderr)
    with Store(db) as store:
        story_reads.clear_stories(store)
        _analyzer()  # scikit-learn's import is not part of the figure
        started = time.perf_counter()
        assign_stories(store, store.all_article_ids())
        print(f"  {n} articles: assign_stories {time.perf_counter() - started:.2f}s", file=sys.stderr)
        top = story_reads.stories(store, limit=1_000)[0]
        biggest = max(top, key=lambda s: s["size"])
    return db, biggest["id"], biggest["size"]


def time_formats(db: str, story_id: str, runs: int) -> dict[str, tuple[float, float, int]]:
    """Format → (median seconds to gather, median seconds to gather and render, output bytes)."""
    out = {}
    with Store(db) as store:
        for fmt in ("md", "html", "pdf"):
            gather, total, size = [], [], 0
            for _ in range(runs):
                started = time.perf_counter()
                report = build_report(store, ReportScope(story=story_id))
                gathered = time.perf_counter()
                document = render_report(report, fmt)
                total.append(time.perf_counter() - started)
                gather.append(gathered - started)
                size = len(document.encode("utf-8") if isinstance(document, str) else document)
            out[fmt] = (statistics.median(gather), statistics.median(total), size)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=500, help="articles in the story")
    parser.add_argument("--baseline", type=int, default=50, help="articles in the baseline story")
    parser.add_argument("--words", type=int, default=300, help="words per article")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store-dir", type=Path, help="keep the stores here and reuse them on the next run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.store_dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        print("building stores (ingest with extraction)…", file=sys.stderr)
        results = {}
        for n in (args.baseline, args.n):
            db, story_id, size = make_store(folder, n, args.words, seed=n)
            results[n] = (size, time_formats(db, story_id, args.runs))
    print(f"report on one story, median of {args.runs} runs (gather + render); command: "
          f"wirewatch report --story ID --format FMT -o FILE")
    for fmt in ("md", "html", "pdf"):
        (bsize, base), (size, ours) = results[args.baseline], results[args.n]
        b_gather, b_total, _ = base[fmt]
        gather, total, nbytes = ours[fmt]
        print(f"  {fmt:4s} story of {size} articles: {total:6.2f}s (gather {gather:.2f}s, {nbytes / 1024:.0f} KiB)   "
              f"baseline story of {bsize}: {b_total:6.2f}s (gather {b_gather:.2f}s)")


if __name__ == "__main__":
    main()
