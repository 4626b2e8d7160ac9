"""Benchmark: place extraction against parsing, and gazetteer lookups against in-memory dicts, same run.

Usage: python bench/places.py [XML file or dir of geoparsing gold (default: TR-News dev set)] [--limit N]

Prints: the index's open time and size; extract_places per article as a share of the spaCy parse of the
same texts (target <= 10 %); lookups/s of the SQLite index read in place (cold: empty per-process cache;
warm: repeated names) against the previous design, the whole index loaded into Python dicts in the same
run (its load time and memory are printed too).
"""

from __future__ import annotations

import argparse
import resource
import sqlite3
import statistics
import time
from array import array
from dataclasses import dataclass
from pathlib import Path

from wirewatch.evaluate.geoxml import read_geoxml
from wirewatch.extract.places import extract_places
from wirewatch.geo import get_gazetteer, normalise_name
from wirewatch.geo.gazetteer import Gazetteer
from wirewatch.nlp import load_nlp
from wirewatch.records import Article
from wirewatch.settings import Settings

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "data" / "dev" / "tr-news"
TARGET_SHARE = 0.10
ROUNDS = 5


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _dict_index(path: Path) -> tuple[dict, list]:
    """The previous design: every name and place as Python objects."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    places = [row[1:] for row in con.execute("SELECT * FROM places ORDER BY idx")]
    names = {key: list(array("i", codes)) for key, codes in con.execute("SELECT key, codes FROM names")}
    con.close()
    return names, places


@dataclass(frozen=True, slots=True)
class _OldCandidate:
    """The previous design's candidate record (a frozen dataclass), for a like-for-like baseline."""

    index: int
    name: str
    lat: float
    lon: float
    country: str
    geonames_id: int
    feature: str
    population: int
    source: str
    source_id: str
    admin1: str
    official: str
    primary: bool


def _dict_lookup(names: dict, places: list, name: str) -> list[_OldCandidate]:
    codes = names.get(normalise_name(name), ())
    found = [_OldCandidate(c >> 1, *places[c >> 1], primary=bool(c & 1)) for c in codes]
    return sorted(found, key=lambda c: -c.population)


def _queries(docs) -> list[str]:
    """Capitalised one- to three-word runs of the texts: what recognition looks up (hits and misses)."""
    out = []
    for doc in docs:
        for i, tok in enumerate(doc):
            if tok.text[:1].isupper():
                out += [doc[i : i + n].text for n in (1, 2, 3) if i + n <= len(doc)]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    files = sorted(args.path.glob("*.xml")) if args.path.is_dir() else [args.path]
    texts = [d.text for f in files for d in read_geoxml(f)[0]][: args.limit]
    settings = Settings()
    nlp = load_nlp(settings.model, settings.verify_model)
    rss0 = _rss_mb()
    t0 = time.perf_counter()
    gazetteer = get_gazetteer()
    gazetteer.lookup("Kabul")
    open_s = time.perf_counter() - t0
    size_mb = gazetteer.path.stat().st_size / 1e6
    print(f"gazetteer index: {gazetteer.path.name}, {size_mb:.1f} MB; open + first lookup {open_s * 1000:.1f} ms, "
          f"+{_rss_mb() - rss0:.0f} MB peak RSS")

    t0 = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=settings.batch_size))
    parse_s = time.perf_counter() - t0
    articles = [Article.create(t) for t in texts]
    t0 = time.perf_counter()
    mentions = sum(len(extract_places(doc, art, gazetteer)[0]) for doc, art in zip(docs, articles))
    extract_s = time.perf_counter() - t0
    chars = sum(map(len, texts))
    print(f"texts: {len(texts)} ({chars / max(len(texts), 1):.0f} chars avg), place mentions: {mentions}")
    print(f"nlp.pipe (baseline): {parse_s / len(texts) * 1000:7.1f} ms/article")
    print(f"extract_places:      {extract_s / len(texts) * 1000:7.1f} ms/article = "
          f"{extract_s / parse_s:.1%} of parsing (target <= {TARGET_SHARE:.0%})")

    queries = _queries(docs)
    rss1 = _rss_mb()
    t0 = time.perf_counter()
    names, places = _dict_index(gazetteer.path)
    load_s = time.perf_counter() - t0
    dict_mb = _rss_mb() - rss1
    cold, warm, dicts = [], [], []
    for _ in range(ROUNDS):  # alternated, medians: the machine is shared
        fresh = Gazetteer(gazetteer.path)
        t0 = time.perf_counter()
        hits = sum(bool(fresh.lookup(q)) for q in queries)
        cold.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        sum(bool(fresh.lookup(q)) for q in queries)
        warm.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        dict_hits = sum(bool(_dict_lookup(names, places, q)) for q in queries)
        dicts.append(time.perf_counter() - t0)
        assert dict_hits == hits, (dict_hits, hits)
    n = len(queries)
    c, w, d = (statistics.median(x) for x in (cold, warm, dicts))
    print(f"lookups ({n}, {hits} hits, median of {ROUNDS}): SQLite cold {n / c:9.0f}/s, warm {n / w:9.0f}/s; "
          f"baseline dicts {n / d:9.0f}/s (SQLite/dicts: cold {d / c:.2f}, warm {d / w:.2f})")
    print(f"baseline dicts: load {load_s:.2f} s, +{dict_mb:.0f} MB peak RSS per process")


if __name__ == "__main__":
    main()
