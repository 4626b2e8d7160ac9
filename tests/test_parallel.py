"""--workers N and --dask give the same store as the single-process run (real model, real processes)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from wirewatch.export import iter_records
from wirewatch.run.local import extract, ingest
from wirewatch.settings import Settings
from wirewatch.store import Store

FIXTURES = Path(__file__).parent / "fixtures" / "parallel"
#: Volatile fields: when the run read the article.
VOLATILE = ("ingested_at",)


def _records(db: Path) -> list[dict]:
    with Store(str(db)) as store:
        return [{k: v for k, v in r.items() if k not in VOLATILE} for r in iter_records(store)]


def _ingest(db: Path, **settings) -> dict:
    # one article a batch: batches are in flight while later ones are read, stored and resolved
    summary = ingest([str(FIXTURES)], Settings(db=str(db), batch_size=1, **settings), raise_errors=True)
    counts = summary.as_dict()
    counts.pop("seconds")
    return counts


@pytest.fixture(scope="module")
def single(tmp_path_factory) -> tuple[Path, dict, list[dict]]:
    db = tmp_path_factory.mktemp("single") / "w.db"
    counts = _ingest(db)
    records = _records(db)
    assert counts["extracted"] == 4 and counts["skipped"] == 0 and counts["merged_actors"] > 0
    assert {r["type"] for r in records} >= {"article", "actor", "mention", "quote", "event", "place", "timex"}
    return db, counts, records


def test_two_worker_processes_store_what_one_process_stores(single, tmp_path):
    _, counts, records = single
    db = tmp_path / "w.db"
    assert _ingest(db, workers=2) == counts
    assert _records(db) == records


def test_reextracting_with_workers_keeps_the_store_identical(single, tmp_path):
    db = tmp_path / "w.db"
    shutil.copy(single[0], db)
    summary = extract(None, Settings(db=str(db), batch_size=3, workers=2), raise_errors=True)
    assert summary.extracted == 4 and not summary.discards
    assert _records(db) == single[2]


def test_dask_local_cluster_stores_what_one_process_stores(single, tmp_path):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1,
                                  dashboard_address=None) as cluster:
        db = tmp_path / "w.db"
        assert _ingest(db, dask=cluster.scheduler_address) == single[1]
    assert _records(db) == single[2]


def test_unreachable_dask_scheduler_is_a_one_line_error(tmp_path):
    res = subprocess.run([sys.executable, "-m", "wirewatch", "ingest", str(FIXTURES), "--dask", "tcp://127.0.0.1:9",
                          "--db", str(tmp_path / "w.db")], capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert res.stderr.strip().startswith("error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
    assert "Traceback" not in res.stderr and len(res.stderr.strip().splitlines()) == 1


# -- workers start once, the writer keeps them busy (issue 17) -----------------------------------------


class _Recorder:
    """A submitter whose futures finish only when the test says so: shows what is in flight."""

    def __init__(self):
        from concurrent.futures import Future

        self.make, self.calls = Future, []

    def submit(self, fn, /, *args):
        future = self.make()
        self.calls.append((args[1], future))
        return future


def test_writer_keeps_two_batches_in_flight_in_small_chunks(tmp_path):
    from wirewatch.records import Article
    from wirewatch.run.local import Extractions, RunSummary
    from wirewatch.run.workers import Workers

    recorder = _Recorder()
    workers = Workers(recorder, 2, "test", lambda *a: [])
    stored = []
    with Store(str(tmp_path / "w.db")) as store:
        flow = Extractions(store, Settings(db=str(tmp_path / "w.db")), RunSummary(), workers)
        flow._store_oldest = lambda: stored.append(flow.pending.popleft())  # the writer's step, recorded
        batches = [[Article.create(f"Article {b}-{i} says the talks resumed.", language="en") for i in range(8)]
                   for b in range(4)]
        for batch in batches[:3]:
            flow.send(batch, len(batch))
        assert len(recorder.calls) == 12 and all(len(chunk) == 2 for chunk, _ in recorder.calls)  # 2 per worker
        assert len(flow.pending) == 2 and len(stored) == 1  # two batches stay queued while the oldest is stored
        flow.send(batches[3], 8)
        flow.finish()
    assert [ids for _, ids, _ in stored] == [{a.id for a in b} for b in batches]  # stored in the order read

