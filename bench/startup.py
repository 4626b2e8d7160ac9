"""Start-up cost: ``wirewatch ingest`` of one article into a fresh store, against loading the same spaCy model.

Each configuration runs as a fresh child process (``--repeat`` times, alternated so that other work on the
machine disturbs both alike); wall time and the child's peak RSS (``wait4``) are reported as medians, with the
baseline from the same run and the ratio. Rows:

* ``spacy.load``            bare spaCy: import spaCy and load wirewatch's model (the baseline);
* ``spacy.load + 1 doc``    the same, then parse the article (what bare spaCy needs for this job);
* ``import wirewatch.cli``  what every command pays before it starts;
* ``wirewatch stats``       a command that never needs spaCy;
* ``wirewatch ingest``      one article, fresh store, extraction and resolution included.

The article: ``--article``, or in a folder the text nearest 750 words (default: PolNeAR dev, real political news).

Before timing, each configuration runs once untimed, as a user's earlier command would have: the caches made on
first use (gazetteer index, actor form tokens, compiled dictionaries, language model, model check) exist, and
the children may write bytecode (``PYTHONDONTWRITEBYTECODE`` is dropped from their environment), as an installed
package has it; otherwise every module someone edited is compiled from source in every run. CPU seconds
(user + system, from ``wait4``) are printed beside wall time: on a shared machine they move least.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_ARTICLE = ROOT.parent / "shared" / "data" / "dev" / "polnear-dev" / "text"


CHILD_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def run(argv: list[str], cwd: str) -> tuple[float, float, float]:
    """(wall seconds, peak RSS in MB, CPU seconds) of one child process; fails loudly when it fails."""
    started = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=CHILD_ENV)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode not in (0,):
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err[-2000:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def article_path(arg: str | None) -> Path:
    path = Path(arg) if arg else DEFAULT_ARTICLE
    if path.is_dir():  # the article nearest 750 words (a typical news article)
        files = sorted(p for p in path.iterdir() if p.suffix == ".txt")
        path = min(files, key=lambda p: abs(len(p.read_text(encoding="utf-8").split()) - 750))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each configuration (medians reported)")
    parser.add_argument("--article", help="a .txt article or a folder of them (first one used)")
    parser.add_argument("--model", default=None, help="spaCy model (default: wirewatch's)")
    args = parser.parse_args()

    from wirewatch.nlp import model_dir
    from wirewatch.settings import Settings

    model = args.model or Settings().model
    mdir = str(model_dir(model))
    article = article_path(args.article)
    py = sys.executable
    load = f"import spacy; nlp = spacy.load({mdir!r})"
    configs = {
        "spacy.load": [py, "-c", load],
        "spacy.load + 1 doc": [py, "-c", f"{load}; nlp(open({str(article)!r}, encoding='utf-8').read())"],
        "import wirewatch.cli": [py, "-c", "import wirewatch.cli"],
        "wirewatch stats": [py, "-m", "wirewatch", "stats", "--db", "{db}"],
        "wirewatch ingest": [py, "-m", "wirewatch", "ingest", str(article), "--db", "{db}", "--model", model,
                             "-q", "--published", "2016-10-01"],
    }
    results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in configs}
    with tempfile.TemporaryDirectory() as tmp:
        for name, argv in configs.items():  # untimed: first-use caches and bytecode, as after installing
            run([a.replace("{db}", str(Path(tmp) / "warm-up.db")) for a in argv], tmp)
        for k in range(args.repeat):
            for name, argv in configs.items():
                db = str(Path(tmp) / f"fresh-{k}-{name.split()[-1]}.db")  # a new store every time
                results[name].append(run([a.replace("{db}", db) for a in argv], tmp))
    base_wall = statistics.median(w for w, _, _ in results["spacy.load"])
    base_rss = statistics.median(r for _, r, _ in results["spacy.load"])
    base_cpu = statistics.median(c for _, _, c in results["spacy.load"])
    load_avg = os.getloadavg()
    print(f"start-up, {args.repeat} alternated runs each (medians); article {article.name} "
          f"({len(article.read_text(encoding='utf-8').split())} words); model {model}; "
          f"load average {load_avg[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'configuration':24} {'wall s':>8} {'x load':>7} {'CPU s':>7} {'x load':>7} {'peak MB':>8} {'x load':>7}"
          "   all walls")
    for name, runs in results.items():
        wall, rss = statistics.median(w for w, _, _ in runs), statistics.median(r for _, r, _ in runs)
        cpu = statistics.median(c for _, _, c in runs)
        walls = " ".join(f"{w:.2f}" for w, _, _ in runs)
        print(f"{name:24} {wall:8.2f} {wall / base_wall:7.2f} {cpu:7.2f} {cpu / base_cpu:7.2f} {rss:8.0f} "
              f"{rss / base_rss:7.2f}   {walls}")
    print("targets: ingest of one article <= 1.5 s wall and <= 350 MB peak on a fresh store")


if __name__ == "__main__":
    main()
