"""Watching feeds: poll each on a schedule, ingest what is new, keep each feed's state in the store.

URLs are fetched with a conditional GET (ETag / Last-Modified); a local feed file counts as changed when
its modification time or size does. Articles go through the ordinary ingest path, whose ids are hashes
of the text, so a poll repeated after a crash or a restart stores nothing twice and misses nothing: a
feed's validators are saved only after its articles are committed. A failing feed is polled again after
``every`` × 2^failures (at most ``MAX_BACKOFF``).
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timezone

from ..errors import InputError, WirewatchError
from ..ingest import read_bytes
from ..ingest.build import Context
from ..ingest.sources import MB, fetch_if_changed, is_url, read_file
from ..records import Article, Discard
from ..settings import Settings
from ..store import Store
from .local import ingest_items

#: Longest wait before a failing feed is tried again (seconds), unless ``every`` itself is longer.
MAX_BACKOFF = 6 * 3600.0
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True, slots=True)
class Poll:
    """What one poll of one feed did."""

    feed: str
    status: str  # "200", "not modified" or "error"
    new: int
    next_poll: float
    failures: int = 0
    skipped: int = 0
    error: str | None = None

    def line(self) -> str:
        """The log line for this poll."""
        stamp = _clock_text(time.time())
        if self.error:
            wait = _duration_text(self.next_poll - time.time())
            return (f"{stamp} error: {self.feed}: {self.error} — retry in {wait} "
                    f"({self.failures} failure{'s' if self.failures > 1 else ''} in a row)")
        skipped = f" · {self.skipped} skipped" if self.skipped else ""
        return f"{stamp} {self.feed}: {self.status} · {self.new} new{skipped} · next poll {_clock_text(self.next_poll)}"


def parse_interval(text: str) -> float:
    """Seconds in ``30s``, ``10m``, ``1h``, ``1d`` or a plain number of seconds."""
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text.lower())
    if not m or float(m.group(1)) <= 0:
        raise WirewatchError(f"--every {text!r}: not an interval (use e.g. 30s, 10m, 1h)")
    return float(m.group(1)) * UNITS[m.group(2) or "s"]


def watch(feeds: Sequence[str], settings: Settings, every: float, *, once: bool = False, extract: bool = True,
          log: Callable[[Poll], None] = lambda p: None, sleep: Callable[[float], None] = time.sleep) -> list[Poll]:
    """Poll ``feeds`` whenever they are due, forever (or, with ``once``, each due feed once); returns the
    polls of the last round. With ``once`` a healthy feed is always due; a failing one waits out its backoff."""
    with Store(settings.db) as store:
        while True:
            now = time.time()
            states = store.feed_states(feeds)
            polls = [poll_feed(store, feed, settings, every, extract=extract)
                     for feed in feeds if _due(states.get(feed), now, once)]
            for poll in polls:
                log(poll)
            if once:
                return polls
            states = store.feed_states(feeds)
            wake = min((_timestamp(s.get("next_poll")) or now for s in states.values()), default=now + every)
            sleep(max(1.0, wake - time.time()))


def poll_feed(store: Store, feed: str, settings: Settings, every: float, *, extract: bool = True) -> Poll:
    """Fetch ``feed`` if it changed, ingest its new articles and record its state; never raises for the feed."""
    state = store.feed_states([feed]).get(feed) or {"url": feed, "failures": 0, "articles": 0}
    now = time.time()
    try:
        changed, data, etag, last_modified = _load(feed, state, settings)
        new = skipped = 0
        if changed:
            new, skipped = _ingest(feed, data, settings, extract)
    except InputError as exc:
        failures = (state.get("failures") or 0) + 1
        wait = min(every * 2 ** failures, max(every, MAX_BACKOFF))
        store.save_feed_state({**state, "last_polled": _iso(now), "next_poll": _iso(now + wait),
                               "failures": failures, "last_status": "error", "last_error": exc.reason})
        return Poll(feed, "error", 0, now + wait, failures, error=exc.reason)
    status = "200" if changed else "not modified"
    store.save_feed_state({**state, "etag": etag, "last_modified": last_modified, "last_polled": _iso(now),
                           "next_poll": _iso(now + every), "failures": 0, "last_status": status,
                           "last_error": None, "articles": (state.get("articles") or 0) + new})
    return Poll(feed, status, new, now + every, skipped=skipped)


def _load(feed: str, state: dict, settings: Settings) -> tuple[bool, bytes, str | None, str | None]:
    """(changed, body, etag, last_modified) of a feed URL or file, given its stored validators."""
    max_bytes = settings.max_file_mb * MB
    if is_url(feed):
        got = fetch_if_changed(feed, settings.fetch_timeout, max_bytes, state.get("etag"), state.get("last_modified"))
        return got.status != 304, got.data, got.etag, got.last_modified
    try:
        info = os.stat(feed)
    except OSError as exc:
        raise InputError(feed, f"cannot read ({exc.strerror or exc})") from None
    stamp = f"file:{info.st_mtime_ns}-{info.st_size}"
    if stamp == state.get("etag"):
        return False, b"", stamp, None
    data, _ = read_file(feed, max_bytes)
    return True, data, stamp, None


def _ingest(feed: str, data: bytes, settings: Settings, extract: bool) -> tuple[int, int]:
    """(new articles, skipped entries) after ingesting a feed's entries; InputError when none is readable."""
    ctx = Context(ingested_at=datetime.now(timezone.utc), max_bytes=settings.max_file_mb * MB,
                  fetch_timeout=settings.fetch_timeout)
    items: list[Article | Discard] = list(read_bytes(data, feed.split("?")[0], feed, ctx, "feed"))
    articles = [i for i in items if isinstance(i, Article)]
    discards = [i for i in items if isinstance(i, Discard)]
    if not articles and discards:
        raise InputError(feed, discards[0].reason)
    if is_url(feed):
        articles = [a if a.url else replace(a, url=feed) for a in articles]
    summary = ingest_items([*articles, *discards], settings, extract=extract, command="watch")
    return summary.ingested, len(discards)


def _due(state: dict | None, now: float, once: bool) -> bool:
    if state is None or (once and not state.get("failures")):
        return True
    return (_timestamp(state.get("next_poll")) or 0.0) <= now


def _iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, timezone.utc).isoformat(timespec="seconds")


def _timestamp(iso: str | None) -> float | None:
    return datetime.fromisoformat(iso).timestamp() if iso else None


def _clock_text(ts: float) -> str:
    return datetime.fromtimestamp(ts).strftime("%Y-%m-%d %H:%M:%S")


def _duration_text(seconds: float) -> str:
    seconds = max(0, round(seconds))
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= 2 * size:
            return f"{seconds / size:.0f}{unit}"
    return f"{seconds}s"
