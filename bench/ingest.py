"""Ingest throughput without NLP on a generated corpus (default 10,000 articles).

Prints the median of several runs for: (baseline) reading the JSONL and inserting the bare texts with
sqlite3.executemany, and (wirewatch) `ingest --no-extract`: reading, language detection, ids, the store
with its FTS index, and MinHash near-duplicate detection.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_jsonl  # noqa: E402

from wirewatch.run.local import ingest  # noqa: E402
from wirewatch.settings import Settings  # noqa: E402


def baseline(path: Path, db: Path) -> float:
    started = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("CREATE TABLE a (title TEXT, text TEXT)")
    rows = [(r["title"], r["text"]) for r in map(json.loads, path.open(encoding="utf-8"))]
    con.executemany("INSERT INTO a VALUES (?, ?)", rows)
    con.commit()
    con.close()
    return time.perf_counter() - started


def wirewatch(path: Path, db: Path) -> float:
    summary = ingest([str(path)], Settings(db=str(db), batch_size=500), extract=False)
    assert summary.ingested > 0, summary.as_dict()
    return summary.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", type=int, default=10_000, help="articles in the corpus")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = write_jsonl(Path(tmp) / "corpus.jsonl", args.n)
        words = sum(len(json.loads(line)["text"].split()) for line in corpus.open())
        base, ours = [], []
        for run in range(args.runs):
            base.append(baseline(corpus, Path(tmp) / f"base{run}.db"))
            ours.append(wirewatch(corpus, Path(tmp) / f"ww{run}.db"))
    b, w = statistics.median(base), statistics.median(ours)
    print(f"corpus: {args.n} articles, {words / args.n:.0f} words each; median of {args.runs} runs")
    print(f"baseline (json + sqlite3 executemany): {args.n / b:10.0f} articles/s")
    print(f"wirewatch ingest --no-extract:         {args.n / w:10.0f} articles/s  ({w / b:.1f}x the baseline's time)")


if __name__ == "__main__":
    main()
