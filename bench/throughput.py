"""Throughput, memory, store-size scaling and query latency of wirewatch on generated news articles.

Sections (``--sections``, all by default):

* ``whole``   whole processes, start-up included, alternated: bare spaCy (``spacy.load`` + ``nlp.pipe``),
              ``wirewatch ingest`` and ``wirewatch ingest --workers 2``, each on a fresh store;
* ``floor``   bare spaCy: ``spacy.load`` of wirewatch's model, ``nlp.pipe`` (model loaded before timing);
* ``one``     ``wirewatch ingest`` in one process (model loaded before timing);
* ``workers`` ``--workers 2``, the worker processes started and their models loaded before timing;
* ``dask``    a Dask LocalCluster of 2 single-threaded worker processes, models loaded before timing;
* ``scale``   per-article ingest cost (with extraction) of new articles into a store already holding 1k,
              10k and 100k articles, with the time in store writes and cross-article steps shown apart;
* ``query``   latency of the ``query.py`` reads the CLI and web use, on the largest store.

Each of floor/one/workers/dask runs in a fresh child process; its peak RSS is the sum over the child and
its descendants (sampled every 50 ms; shared pages count once per process, so it is an upper bound).
The corpus: ``-n`` generated articles of ~``--words`` words (bench/corpus.py) plus the shared seed
articles when ../shared/corpus/seeds exists.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_jsonl  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
MODES = ("floor", "one", "workers", "dask")


# -- children: one configuration each, printing {"seconds", "articles", "words"} as JSON -------------------

def with_seeds(corpus: Path) -> bool:
    """Generated corpora get the shared seed articles too; a corpus of real texts (--texts) stands alone."""
    return SEEDS.is_dir() and not corpus.name.startswith("texts")


def corpus_texts(corpus: Path) -> list[str]:
    texts = [json.loads(line)["text"] for line in corpus.open(encoding="utf-8")]
    if with_seeds(corpus):
        texts += [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    return texts


def inputs(corpus: Path) -> list[str]:
    return [str(corpus), *([str(SEEDS)] if with_seeds(corpus) else [])]


def texts_corpus(folder: Path, path: Path) -> Path:
    """The .txt articles of ``folder`` as a JSON Lines corpus (one publication date for all)."""
    with path.open("w", encoding="utf-8") as handle:
        for p in sorted(folder.glob("*.txt")):
            handle.write(json.dumps({"text": p.read_text(encoding="utf-8"), "title": p.stem,
                                     "published": "2016-10-01"}) + "\n")
    return path


# -- whole processes: start-up included, as a user runs them --------------------------------------------------

def whole_runs(corpus: Path, tmp: Path, repeat: int) -> dict[str, list[dict]]:
    """Bare spaCy (spacy.load + nlp.pipe), ``wirewatch ingest`` and ``wirewatch ingest --workers 2`` over the
    same texts, each a fresh process on a fresh store, alternated ``repeat`` times: wall, CPU of the process
    tree and peak RSS (the tree's sum, sampled)."""
    from wirewatch.nlp import model_dir
    from wirewatch.settings import Settings

    mdir = str(model_dir(Settings().model))
    floor = (f"import json, spacy; nlp = spacy.load({mdir!r}); "
             f"texts = [json.loads(l)['text'] for l in open({str(corpus)!r}, encoding='utf-8')]; "
             f"[None for _ in nlp.pipe(texts, batch_size={Settings().batch_size})]")
    configs = {"bare spaCy": [sys.executable, "-c", floor],
               "wirewatch ingest": [sys.executable, "-m", "wirewatch", "ingest", str(corpus), "-q"],
               "ingest --workers 2": [sys.executable, "-m", "wirewatch", "ingest", str(corpus), "-q", "--workers", "2"]}
    out: dict[str, list[dict]] = {name: [] for name in configs}
    for k in range(repeat):
        for name, argv in configs.items():
            db = tmp / f"whole-{k}-{len(out[name])}-{name.split()[-1]}.db"
            out[name].append(measure_process(argv + (["--db", str(db)] if "wirewatch" in argv else [])))
    return out


def measure_process(argv: list[str]) -> dict:
    """Wall seconds, CPU seconds (the process and its children) and peak RSS (sum over the tree) of one run."""
    import psutil

    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root, peak, cpu = psutil.Process(proc.pid), 0, {}
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            for p in tree:
                t = p.cpu_times()
                cpu[p.pid] = t.user + t.system
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{argv[:4]} failed ({proc.returncode}): {proc.stderr.read().decode()[-1500:]}")
    return {"seconds": wall, "cpu_seconds": sum(cpu.values()), "peak_rss_mb": peak / 2**20}


def report_whole(runs: dict[str, list[dict]]) -> None:
    med = {name: {k: statistics.median(r[k] for r in rs) for k in rs[0]} for name, rs in runs.items()}
    floor, one, two = med["bare spaCy"], med["wirewatch ingest"], med["ingest --workers 2"]
    print(f"whole processes, start-up included, {len(runs['bare spaCy'])} alternated runs each (medians):")
    for name, m in med.items():
        walls = " ".join(f"{r['seconds']:.1f}" for r in runs[name])
        print(f"  {name:20} {m['seconds']:7.1f} s wall  {m['cpu_seconds']:7.1f} CPU-s  peak RSS {m['peak_rss_mb']:6.0f} MB"
              f"   (walls: {walls})")
    print(f"  one process / bare spaCy: {one['seconds'] / floor['seconds']:.2f}x wall, "
          f"{one['cpu_seconds'] / floor['cpu_seconds']:.2f}x CPU, {one['peak_rss_mb'] / floor['peak_rss_mb']:.2f}x peak RSS")
    print(f"  --workers 2 speed-up over one process: {one['seconds'] / two['seconds']:.2f}x wall "
          f"(CPU {two['cpu_seconds'] / one['cpu_seconds']:.2f}x one process's; target >= 1.8x on two free cores)")


def warm_main_process() -> None:
    """Load what the main process loads once (language identifier, actor gazetteer) before timing."""
    from wirewatch.ingest.language import detect_language
    from wirewatch.resolve.linking import gazetteer_ids

    detect_language("Officials said on Monday that the talks would resume next week in the capital.")
    gazetteer_ids()


def child(mode: str, corpus: Path, db: Path) -> dict:
    from wirewatch.run.local import ingest
    from wirewatch.run.pool import WARM_UP, extract_batch, open_workers
    from wirewatch.settings import Settings

    settings = Settings(db=str(db))
    texts = corpus_texts(corpus)
    words = sum(len(t.split()) for t in texts)
    if mode == "floor":  # bare spaCy: spacy.load, none of wirewatch's changes to the pipeline
        import spacy

        from wirewatch.nlp import model_dir

        nlp = spacy.load(model_dir(settings.model))
        list(nlp.pipe(texts[:4]))
        started, cpu = time.perf_counter(), time.process_time()
        for _ in nlp.pipe(texts, batch_size=settings.batch_size):
            pass
        return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu,
                "articles": len(texts), "words": words}
    warm_main_process()
    if mode == "one":
        extract_batch([WARM_UP], settings)  # the model and the gazetteers, as a worker's initializer does
        started, cpu = time.perf_counter(), time.process_time()
        summary = ingest(inputs(corpus), settings, published=None)
        return {"seconds": time.perf_counter() - started, "cpu_seconds": time.process_time() - cpu,
                "articles": summary.extracted, "words": words}
    if mode == "dask":
        from distributed import LocalCluster

        cluster = LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None)
        settings = replace(settings, dask=cluster.scheduler_address)
    else:
        settings = replace(settings, workers=2)
    with open_workers(settings) as workers:  # started, with their models loaded (see w_init)
        warm = [workers.submit(settings, [WARM_UP], False) for _ in range(workers.count * 2)]
        [w.result() for w in warm]
        before, started = tree_cpu(), time.perf_counter()
        summary = ingest(inputs(corpus), settings, workers=workers)
        seconds, after = time.perf_counter() - started, tree_cpu()
    main = os.getpid()
    return {"seconds": seconds, "articles": summary.extracted, "words": words,
            "timed_cpu_s": sum(v - before.get(pid, 0.0) for pid, v in after.items()),
            "timed_main_cpu_s": after[main] - before[main]}


def tree_cpu() -> dict[int, float]:
    """CPU seconds so far of this process and each of its descendants (Dask's too), by pid."""
    import psutil

    me = psutil.Process()
    out = {}
    for p in (me, *me.children(recursive=True)):
        try:
            t = p.cpu_times()
            out[p.pid] = t.user + t.system
        except psutil.Error:
            pass
    return out


def run_child(mode: str, corpus: Path, db: Path) -> dict:
    """Run one configuration in a fresh process; add the peak RSS of its process tree."""
    import psutil

    proc = subprocess.Popen([sys.executable, __file__, "--child", mode, "--corpus", str(corpus), "--db", str(db)],
                            stdout=subprocess.PIPE, text=True)
    root, peak = psutil.Process(proc.pid), 0
    while proc.poll() is None:
        try:
            tree = [root, *root.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    out = proc.stdout.read()
    if proc.returncode != 0:
        raise SystemExit(f"{mode} failed ({proc.returncode})")
    result = json.loads(out.strip().splitlines()[-1])
    return {**result, "peak_rss_mb": peak / 2**20}


# -- store-size scaling and query latency --------------------------------------------------------------------

def populate(db: Path, target: int, pool: list, tmp: Path) -> float:
    """Grow the store to ``target`` articles: generated 120-word articles stored through the ingest path
    (--no-extract: store, FTS, MinHash and near-duplicates), then given facts by ``save_extractions``
    (the facts of a pool of really extracted 200-word articles, re-keyed to each). Returns seconds taken."""
    from wirewatch.run.local import ingest
    from wirewatch.settings import Settings
    from wirewatch.store import Store

    started = time.perf_counter()
    with Store(str(db)) as store:
        have = store.counts()["articles"]
    if have >= target:
        return 0.0
    corpus = write_jsonl(tmp / f"fill{target}.jsonl", target - have, seed=1000 + target, words=120)
    ingest([str(corpus)], Settings(db=str(db), batch_size=2000), extract=False)
    with Store(str(db)) as store:
        todo = store.unextracted_ids()
        for i in range(0, len(todo), 2000):
            part = store.get_articles(todo[i : i + 2000])
            store.save_extractions([rekey(pool[(i + k) % len(pool)], a) for k, a in enumerate(part)])
    return time.perf_counter() - started


def rekey(x, article):
    """Extraction ``x``'s facts as if extracted from ``article`` (ids re-hashed with its id)."""
    from wirewatch.records import make_id

    def moved(record):
        fields = {"article_id": article.id}
        if hasattr(record, "id") and getattr(record, "article_id", None):
            fields["id"] = make_id("bench", article.id, record.id)
        return replace(record, **fields)

    actors = [replace(a, roles=tuple(replace(r, article_id=article.id) for r in a.roles)) for a in x.actors]
    return replace(x, article=article, mentions=[moved(m) for m in x.mentions], actors=actors,
                   times=[moved(t) for t in x.times], quotes=[moved(q) for q in x.quotes],
                   events=[moved(e) for e in x.events], controls=[moved(c) for c in x.controls])


def timed_ingest(db: Path, corpus: Path) -> dict:
    """Ingest ``corpus`` (new articles) into ``db`` in this process: milliseconds per article of wall and
    CPU time, in all and in the store/cross-article steps (CPU time: the figures that other processes on a
    shared machine disturb least)."""
    from wirewatch.run import local
    from wirewatch.settings import Settings

    spent: dict[str, float] = {}

    def timing(name, fn):
        def wrapped(*args, **kwargs):
            t = time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[name] = spent.get(name, 0.0) + time.process_time() - t
        return wrapped

    originals = {"find_relations": local.find_relations, "resolve_after": local.resolve_after}
    save = local.Store.save_extractions
    add = local.Store.add_articles
    local.find_relations = timing("find_relations", local.find_relations)
    local.resolve_after = timing("resolve_after", local.resolve_after)
    local.Store.save_extractions = timing("save_extractions", save)
    local.Store.add_articles = timing("add_articles", add)
    cpu = time.process_time()
    try:
        summary = local.ingest([str(corpus)], Settings(db=str(db), batch_size=32))
        cpu = time.process_time() - cpu
    finally:
        for name, fn in originals.items():
            setattr(local, name, fn)
        local.Store.save_extractions, local.Store.add_articles = save, add
    n = max(1, summary.extracted)
    store_part = sum(spent.values())
    return {"articles": summary.extracted, "wall_ms": round(1000 * summary.seconds / n, 1),
            "cpu_ms": round(1000 * cpu / n, 1), "store_and_cross_article_cpu_ms": round(1000 * store_part / n, 1),
            **{f"{k}_cpu_ms": round(1000 * v / n, 1) for k, v in spent.items()}}


def query_latency(db: Path, repeat: int = 5) -> dict[str, float]:
    """Median milliseconds of the reads behind the CLI and web lists, and of search."""
    from wirewatch import query
    from wirewatch.store import Store

    calls = {
        "articles (newest 50)": lambda s: query.list_articles(s, limit=50),
        "articles page 100": lambda s: query.list_articles(s, limit=50, offset=5000),
        "articles search": lambda s: query.list_articles(s, "grain exports", limit=50),
        "actors": lambda s: query.actors_page(s, limit=50),
        "actors kind=person": lambda s: query.actors_page(s, kind="person", limit=50),
        "actors search": lambda s: query.actors_page(s, search="Haddad", limit=50),
        "events": lambda s: query.events_page(s, limit=50),
        "events type=ASSAULT": lambda s: query.events_page(s, event_type="ASSAULT", limit=50),
        "quotes": lambda s: query.quotes_page(s, limit=50),
        "quotes search": lambda s: query.quotes_page(s, search="patience", limit=50),
        "places": lambda s: query.places_page(s, limit=50),
        "search (all kinds)": lambda s: query.search_all(s, "Kharkiv"),
        "stats": lambda s: query.stats(s),
    }
    out = {}
    with Store(str(db)) as store:
        for name, call in calls.items():
            try:
                call(store)
            except (AttributeError, TypeError) as exc:  # a read that this version does not have
                out[name] = f"n/a ({exc})"
                continue
            times = []
            for _ in range(repeat):
                t = time.perf_counter()
                call(store)
                times.append(1000 * (time.perf_counter() - t))
            out[name] = round(statistics.median(times), 1)
    return out


def scale(sizes: list[int], tmp: Path, measure: int) -> dict:
    """Per-article cost at each store size (the store kept in ``tmp``: a re-run skips filling it)."""
    from wirewatch.nlp import load_nlp
    from wirewatch.run.pool import extract_batch
    from wirewatch.records import Article
    from wirewatch.settings import Settings

    tmp.mkdir(parents=True, exist_ok=True)
    pool_corpus = write_jsonl(tmp / "pool.jsonl", 40, seed=99, words=200)
    articles = [Article.create(json.loads(line)["text"], language="en") for line in pool_corpus.open()]
    load_nlp(Settings().model)
    pool = extract_batch(articles, Settings())
    db = tmp / "scale.db"
    rows, queries = {}, {}
    for size in sizes:
        took = populate(db, size, pool, tmp)
        new = write_jsonl(tmp / f"new{size}.jsonl", measure, seed=int(time.time()), words=700)
        rows[size] = {**timed_ingest(db, new), "populate_s": round(took, 1)}
        print(f"  store of {size:>7,} articles: {json.dumps(rows[size])}", flush=True)
    queries = query_latency(db)
    rows["db_mb"] = round(db.stat().st_size / 2**20)
    return {"scale": rows, "query": queries}


# -- main -------------------------------------------------------------------------------------------------

def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-n", type=int, default=200, help="generated articles for the throughput runs")
    parser.add_argument("--words", type=int, default=700, help="words per generated article")
    parser.add_argument("--sections", default="floor,one,workers,dask,scale", help="comma-separated sections")
    parser.add_argument("--sizes", default="1000,10000,100000", help="store sizes for the scaling section")
    parser.add_argument("--measure", type=int, default=32, help="new articles ingested at each store size")
    parser.add_argument("--workdir", type=Path, help="keep the scaling store here (re-runs reuse it)")
    parser.add_argument("--texts", type=Path, help="a folder of real .txt articles to use instead of generated ones "
                        "(e.g. ../shared/data/dev/polnear-dev/text: 84 political news articles)")
    parser.add_argument("--repeat", type=int, default=2, help="alternated runs of each whole-process configuration")
    parser.add_argument("--child", choices=MODES, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.corpus, args.db)))
        return
    sections = args.sections.split(",")
    print(f"cpus: {os.cpu_count()}  load average before: {os.getloadavg()[0]:.2f}", flush=True)
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        if args.texts:
            corpus = texts_corpus(args.texts, tmp / "texts.jsonl")
        else:
            corpus = write_jsonl(tmp / "corpus.jsonl", args.n, seed=7, words=args.words)
        if "whole" in sections:
            report_whole(whole_runs(corpus, tmp, args.repeat))
        results = {}
        for mode in (m for m in MODES if m in sections):
            results[mode] = r = run_child(mode, corpus, tmp / f"{mode}.db")
            cpu = f"  (CPU {r['cpu_seconds']:.1f} s: {r['words'] / r['cpu_seconds']:.0f} words/CPU-s)" if "cpu_seconds" in r else ""
            print(f"{mode:8s} {r['articles']:5d} articles {r['seconds']:7.1f} s  {r['articles'] / r['seconds']:6.2f} "
                  f"articles/s  {r['words'] / r['seconds']:7.0f} words/s  peak RSS {r['peak_rss_mb']:6.0f} MB{cpu}",
                  flush=True)
        if "one" in results:
            one = results["one"]["words"] / results["one"]["seconds"]
            for mode, r in results.items():
                print(f"  {mode}: {r['words'] / r['seconds'] / one:.2f}x one process (wall)", flush=True)
            # CPU time is what a machine shared with other work disturbs least: the wall time two free cores
            # would need is at least max(main process CPU, all CPU / 2) (worker start-up included)
            one_cpu = results["one"]["cpu_seconds"]
            for mode in ("workers", "dask"):
                if mode in results:
                    r = results[mode]
                    bound = max(r["timed_main_cpu_s"], r["timed_cpu_s"] / 2)
                    print(f"  {mode}: CPU {r['timed_cpu_s']:.1f} s in all ({r['timed_cpu_s'] / one_cpu:.2f}x one "
                          f"process's {one_cpu:.1f} s), main process {r['timed_main_cpu_s']:.1f} s: on two free cores "
                          f"at best {one_cpu / bound:.2f}x one process", flush=True)
        if "scale" in sections:
            found = scale([int(s) for s in args.sizes.split(",")], args.workdir or tmp, args.measure)
            print(json.dumps(found, indent=1))
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
