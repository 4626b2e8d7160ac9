"""Crash-resume: kill -9 in the middle of an ingest, run it again, every article stored exactly once."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

N = 3000


def _count(db: Path) -> int:
    try:
        con = sqlite3.connect(db, timeout=30)
        try:
            return con.execute("SELECT count(*) FROM articles").fetchone()[0]
        finally:
            con.close()
    except sqlite3.OperationalError:
        return 0


def _corpus(path: Path) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for i in range(N):
            text = (f"Report number {i}. The harbour office in district {i % 97} counted {i * 7} ships "
                    f"and {i * 3 % 1000} trucks; inspector number {i} filed note {i * 13}.")
            handle.write(json.dumps({"title": f"Report {i}", "text": text}) + "\n")
    return path


def test_kill_mid_ingest_then_rerun_completes_without_duplicates(tmp_path):
    corpus, db = _corpus(tmp_path / "c.jsonl"), tmp_path / "w.db"
    env = {**os.environ, "WIREWATCH_BATCH_SIZE": "25"}
    cmd = [sys.executable, "-m", "wirewatch", "ingest", str(corpus), "--no-extract", "--quiet", "--db", str(db)]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while _count(db) < 100 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    stored = _count(db)
    assert 0 < stored < N, f"kill came too late or too early: {stored} stored"
    res = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    con = sqlite3.connect(db)
    total, distinct = con.execute("SELECT count(*), count(DISTINCT id) FROM articles").fetchone()
    assert total == distinct == N
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
