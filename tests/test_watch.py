"""wirewatch watch against a real local HTTP server that honours If-None-Match / If-Modified-Since."""

from __future__ import annotations

import hashlib
import subprocess
import sys
import threading
import time
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from wirewatch.ingest.feedlist import read_feed_list
from wirewatch.run.watch import parse_interval, watch
from wirewatch.settings import Settings
from wirewatch.store import Store

ENTRY = """<item><title>{title}</title><link>https://news.example/{n}</link>
<pubDate>Mon, 0{n} Apr 2024 10:00:00 GMT</pubDate>
<description>{text}</description></item>"""
TEXTS = [
    "Dock workers in the port of Varna voted to end a strike over pay on Monday, their union said.",
    "The city council of Gdansk approved a new ferry terminal after a two-year dispute with residents.",
    "Heavy rain flooded the ring road around Izmir, and the mayor said pumps would work through the night.",
]


def rss(count: int) -> bytes:
    items = "\n".join(ENTRY.format(n=i + 1, title=f"Story {i + 1}", text=TEXTS[i]) for i in range(count))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>{items}</channel></rss>'.encode()


class FeedServer(ThreadingHTTPServer):
    """Serves ``files`` (path → bytes) with ETag and Last-Modified; ``/broken`` answers 500."""

    def __init__(self):
        super().__init__(("127.0.0.1", 0), FeedHandler)
        self.files: dict[str, tuple[bytes, float]] = {}
        self.requests: list[tuple[str, dict]] = []

    def put(self, path: str, body: bytes) -> None:
        self.files[path] = (body, time.time())

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}{path}"


class FeedHandler(BaseHTTPRequestHandler):
    server: FeedServer

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        self.server.requests.append((self.path, dict(self.headers)))
        if self.path not in self.server.files:
            self.send_response(500 if self.path == "/broken" else 404)
            self.end_headers()
            return
        body, modified = self.server.files[self.path]
        etag = '"' + hashlib.sha1(body).hexdigest()[:12] + '"'
        since = self.headers.get("If-Modified-Since")
        unchanged = (self.headers.get("If-None-Match") == etag if self.headers.get("If-None-Match")
                     else bool(since) and int(modified) <= parsedate_to_datetime(since).timestamp())
        self.send_response(304 if unchanged else 200)
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", formatdate(modified, usegmt=True))
        if unchanged:
            self.end_headers()
            return
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def server():
    srv = FeedServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def _articles(db: Path | str) -> tuple[int, int]:
    with Store(str(db)) as store:
        ids = [r["id"] for r in store.rows("articles")]
    return len(ids), len(set(ids))


def test_conditional_get_new_entries_and_restart(server, db_url):
    server.put("/feed.rss", rss(2))
    url, settings = server.url("/feed.rss"), Settings(db=db_url)
    [first] = watch([url], settings, 600, once=True, extract=False)
    assert (first.status, first.new, first.error) == ("200", 2, None)
    # a new process (a restart): the store remembers the validators, so the server answers 304
    [again] = watch([url], settings, 600, once=True, extract=False)
    assert (again.status, again.new) == ("not modified", 0)
    assert server.requests[-1][1].get("If-None-Match", "").startswith('"')
    server.put("/feed.rss", rss(3))
    [third] = watch([url], settings, 600, once=True, extract=False)
    assert (third.status, third.new) == ("200", 1)
    assert _articles(db_url) == (3, 3)
    with Store(settings.db) as store:
        state = store.feed_states([url])[url]
    assert state["articles"] == 3 and state["failures"] == 0 and state["etag"]


def test_poll_after_a_crash_before_the_state_was_saved_stores_nothing_twice(server, tmp_path):
    server.put("/feed.rss", rss(3))
    url, settings = server.url("/feed.rss"), Settings(db=str(tmp_path / "w.db"))
    watch([url], settings, 600, once=True, extract=False)
    with Store(settings.db) as store:  # as if the process died after committing articles, before the state
        store.save_feed_state({"url": url, "etag": None, "last_modified": None, "next_poll": None})
    [poll] = watch([url], settings, 600, once=True, extract=False)
    assert (poll.status, poll.new) == ("200", 0)
    assert _articles(tmp_path / "w.db") == (3, 3)


def test_failing_feed_backs_off_exponentially_with_a_one_line_error(server, tmp_path):
    url, settings = server.url("/broken"), Settings(db=str(tmp_path / "w.db"))
    started = time.time()
    [poll] = watch([url], settings, 60, once=True)
    assert poll.status == "error" and poll.failures == 1 and "HTTP 500" in poll.error
    assert 119 <= poll.next_poll - started <= 125
    line = poll.line()
    assert "\n" not in line and f"error: {url}: cannot fetch: HTTP 500" in line and "retry in 2m" in line
    assert watch([url], settings, 60, once=True) == []  # still backing off
    with Store(settings.db) as store:
        store.save_feed_state({"url": url, "next_poll": "2000-01-01T00:00:00+00:00"})
    [second] = watch([url], settings, 60, once=True)
    assert second.failures == 2 and 239 <= second.next_poll - time.time() <= 245
    server.put("/broken", rss(1))
    with Store(settings.db) as store:
        store.save_feed_state({"url": url, "next_poll": "2000-01-01T00:00:00+00:00"})
    [healed] = watch([url], settings, 60, once=True, extract=False)
    assert (healed.status, healed.new, healed.failures) == ("200", 1, 0)


def test_feed_lists_opml_text_and_local_feed_files(tmp_path, server):
    feed = tmp_path / "local.rss"
    feed.write_bytes(rss(2))
    (tmp_path / "subs.opml").write_text(
        '<?xml version="1.0"?><opml version="2.0"><body><outline text="news">'
        f'<outline type="rss" text="A" xmlUrl="{server.url("/a.rss")}"/>'
        '<outline type="rss" text="B" xmlUrl="local.rss"/></outline></body></opml>', encoding="utf-8")
    (tmp_path / "feeds.txt").write_text(f"# my feeds\n{server.url('/b.rss')}\n\nlocal.rss\n", encoding="utf-8")
    found = read_feed_list([str(tmp_path / "subs.opml"), str(tmp_path / "feeds.txt"), str(feed)])
    assert found == [server.url("/a.rss"), str(feed), server.url("/b.rss")]
    settings = Settings(db=str(tmp_path / "w.db"))
    assert [(p.status, p.new) for p in watch([str(feed)], settings, 60, once=True, extract=False)] == [("200", 2)]
    assert [(p.status, p.new) for p in watch([str(feed)], settings, 60, once=True, extract=False)] == [("not modified", 0)]


def test_intervals():
    assert [parse_interval(t) for t in ("30s", "10m", "1h", "1d", "45")] == [30, 600, 3600, 86400, 45]


def test_watch_command_once_extracts_and_logs_one_line_per_feed(server, tmp_path):
    server.put("/feed.rss", rss(2))
    db = str(tmp_path / "w.db")
    cmd = [sys.executable, "-m", "wirewatch", "watch", server.url("/feed.rss"), server.url("/broken"),
           "--every", "5m", "--once", "--db", db]
    res = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert res.returncode == 1, res.stderr
    [ok] = res.stdout.strip().splitlines()
    assert server.url("/feed.rss") in ok and "200 · 2 new · next poll" in ok
    [bad] = res.stderr.strip().splitlines()
    assert f"error: {server.url('/broken')}: cannot fetch: HTTP 500" in bad and "Traceback" not in res.stderr
    with Store(db) as store:
        counts = store.counts()
    assert counts["articles"] == 2 and counts["mentions"] > 0
    bad_every = subprocess.run([*cmd[:5], "--every", "soon", "--once", "--db", db], capture_output=True, text=True,
                               timeout=120, cwd=tmp_path)
    assert bad_every.returncode == 2 and bad_every.stderr.strip() == "error: --every 'soon': not an interval (use e.g. 30s, 10m, 1h)"
