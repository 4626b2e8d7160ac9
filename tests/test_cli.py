"""The command line, run as a user runs it (a real process, a real SQLite file)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

STORY = ("Flooding closed the Varna ring road\n\n"
         "Heavy rain flooded the ring road around the harbour on Tuesday, the city council said. "
         "Mayor Ilse Brandt told reporters that pumps were working through the night.\n")
OTHER = ("Port workers end strike\n\n"
         "Dock workers in the southern port voted to end a week-long strike over pay, their union said on "
         "Friday, after the operator offered a six percent raise.\n")


def run(*args: str, cwd: Path, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "wirewatch", *args], cwd=cwd, input=stdin,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(STORY, encoding="utf-8")
    (folder / "b.md").write_text("# " + OTHER, encoding="utf-8")
    return folder


def test_ingest_then_list_show_stats_json(corpus, tmp_path):
    db = str(tmp_path / "w.db")
    res = run("ingest", str(corpus), "--published", "2023-03-10", "--db", db, "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    summary = json.loads(res.stdout)
    assert summary["ingested"] == 2 and summary["skipped"] == 0
    listed = json.loads(run("articles", "--db", db, "--json", cwd=tmp_path).stdout)
    assert {a["title"] for a in listed} == {"Flooding closed the Varna ring road", "Port workers end strike"}
    assert all(a["published"] == "2023-03-10" for a in listed)
    found = json.loads(run("articles", "--search", "pumps", "--db", db, "--json", cwd=tmp_path).stdout)
    assert [a["title"] for a in found] == ["Flooding closed the Varna ring road"]
    shown = json.loads(run("show", found[0]["id"][:6], "--db", db, "--json", cwd=tmp_path).stdout)
    assert "Mayor Ilse Brandt" in shown["text"]
    stats = json.loads(run("stats", "--db", db, "--json", cwd=tmp_path).stdout)
    assert stats["counts"]["articles"] == 2


def test_reingest_adds_no_duplicates(corpus, tmp_path):
    db = str(tmp_path / "w.db")
    assert run("ingest", str(corpus), "--db", db, cwd=tmp_path).returncode == 0
    again = json.loads(run("ingest", str(corpus), "--db", db, "--json", cwd=tmp_path).stdout)
    assert again["ingested"] == 0 and again["already_stored"] == 2


def test_bad_item_is_one_line_and_run_goes_on(corpus, tmp_path):
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "blob.txt").write_bytes(bytes(range(256)) * 8)
    db = str(tmp_path / "w.db")
    res = run("ingest", str(corpus), "--db", db, cwd=tmp_path)
    assert res.returncode == 1
    errors = [line for line in res.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 2 and any("empty.txt" in e for e in errors) and any("blob.txt" in e for e in errors)
    assert "Traceback" not in res.stderr
    assert json.loads(run("stats", "--db", db, "--json", cwd=tmp_path).stdout)["counts"]["articles"] == 2


def test_nothing_readable_exits_2(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    res = run("ingest", str(tmp_path / "empty.txt"), "--db", str(tmp_path / "w.db"), cwd=tmp_path)
    assert res.returncode == 2 and "empty.txt" in res.stderr


def test_errors_are_one_line_without_traceback_unless_debug(tmp_path):
    res = run("show", "nosuchid", "--db", str(tmp_path / "w.db"), cwd=tmp_path)
    assert res.returncode == 2 and res.stderr.strip().startswith("error: nosuchid")
    assert "Traceback" not in res.stderr
    debug = run("--debug", "show", "nosuchid", "--db", str(tmp_path / "w.db"), cwd=tmp_path)
    assert "Traceback" in debug.stderr


def test_stdin_is_read_with_dash(tmp_path):
    db = str(tmp_path / "w.db")
    res = run("ingest", "-", "--db", db, "--json", cwd=tmp_path, stdin=OTHER)
    assert json.loads(res.stdout)["ingested"] == 1


def test_every_command_is_in_the_readme_and_has_help():
    from typer.main import get_command
    from typer.testing import CliRunner

    from wirewatch.cli import app

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    group = get_command(app)
    assert "ingest" in group.commands
    for name, command in group.commands.items():
        assert f"`wirewatch {name}" in readme, f"{name} is missing from the README's reference"
        assert (command.help or "").strip(), f"{name} has no help text"
        assert CliRunner().invoke(app, [name, "--help"]).exit_code == 0
    for name in ("merge", "split"):
        assert f"`wirewatch actors {name}" in readme


def test_evaluate_prints_scores_with_counts_and_rejects_unknown_format(tmp_path):
    res = run("evaluate", "timeml", str(ROOT / "tests" / "fixtures" / "timeml"), "--json", cwd=tmp_path)
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    strict = next(m for m in report["metrics"] if m["name"] == "span strict")
    assert strict["gold"] > 0 and 0.0 <= strict["f1"] <= 1.0
    bad = run("evaluate", "nosuch", str(tmp_path), cwd=tmp_path)
    assert bad.returncode == 2 and "unknown format" in bad.stderr


def test_serve_with_two_worker_processes_answers_from_one_store(tmp_path):
    import socket
    import time
    import urllib.request

    import psutil

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    db = tmp_path / "w.db"
    server = subprocess.Popen([sys.executable, "-m", "wirewatch", "serve", "--db", str(db), "--port", str(port),
                               "--workers", "2"], cwd=tmp_path, stderr=subprocess.PIPE, text=True)
    try:
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/stats", timeout=5) as res:
                    stats = json.loads(res.read())
                break
            except OSError:
                assert server.poll() is None, server.stderr.read()
                time.sleep(0.2)
        else:
            pytest.fail("serve --workers 2 never answered")
        assert stats["counts"]["articles"] == 0
        children = psutil.Process(server.pid).children(recursive=True)
        assert sum("spawn_main" in " ".join(c.cmdline()) for c in children) == 2  # two server processes
    finally:
        server.terminate()
        server.wait(30)
