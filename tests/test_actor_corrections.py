"""A person's merge and split corrections apply to exports and survive re-extraction."""

import json
import subprocess
import sys
from pathlib import Path

FIRST = ("Harbour talks resume\n\nForeign Minister Tomas Kallberg met port officials in the capital on Monday, "
         "the ministry said. Kallberg said the talks were useful.\n")
SECOND = ("Grain deal signed\n\nTrade envoy Mirela Dunca signed the grain agreement on Tuesday, officials said. "
          "Dunca told reporters the first ships would leave next week.\n")


def ww(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    res = subprocess.run([sys.executable, "-m", "wirewatch", *args], cwd=cwd, capture_output=True, text=True,
                         timeout=300)
    assert res.returncode == 0, res.stderr
    return res


def people(db: str, cwd: Path) -> list[dict]:
    dump = ww("export", "--db", db, cwd=cwd).stdout.splitlines()
    return [r for r in map(json.loads, dump) if r["type"] == "actor" and r["kind"] == "person"]


def test_merge_and_split_survive_reextraction(tmp_path):
    (tmp_path / "a.txt").write_text(FIRST, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SECOND, encoding="utf-8")
    db = str(tmp_path / "w.db")
    ww("ingest", str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--db", db, "--published", "2022-05-06",
       cwd=tmp_path)
    assert sorted(p["name"] for p in people(db, tmp_path)) == ["Mirela Dunca", "Tomas Kallberg"]

    ww("actors", "merge", "Tomas Kallberg", "Mirela Dunca", "--db", db, cwd=tmp_path)
    merged = people(db, tmp_path)
    assert len(merged) == 1 and "Mirela Dunca" in merged[0]["aliases"]
    ww("extract", "--all", "--db", db, cwd=tmp_path)
    assert len(people(db, tmp_path)) == 1

    ww("actors", "split", "Tomas Kallberg", "Mirela Dunca", "--db", db, cwd=tmp_path)
    ww("extract", "--all", "--db", db, cwd=tmp_path)
    assert sorted(p["name"] for p in people(db, tmp_path)) == ["Mirela Dunca", "Tomas Kallberg"]
