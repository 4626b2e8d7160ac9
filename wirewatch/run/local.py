"""Runs: ingest (read → store → near-duplicates → extract → resolve) and re-extraction.

Parsing and extraction run in this process, a local process pool or a Dask cluster (``run/pool.py``, ``run/workers.py``);
this process stays the one writer and stores each batch's results in the order the batches were read,
so every way of running gives the same store.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from datetime import date

from ..ingest import read_inputs
from ..languages import has_pipeline
from ..records import Article, Discard, Extraction
from ..resolve.duplicates import find_relations
from ..resolve.events import resolve_events
from ..resolve.stories import assign_stories
from ..resolve.linking import resolve_actors
from ..settings import Settings
from ..store import Store
from .pool import Workers, chunks, open_workers, results

ProgressHook = Callable[[int], None]


@dataclass
class RunSummary:
    """What a run did: counts, discards by reason, duration."""

    read: int = 0
    ingested: int = 0
    already_stored: int = 0
    extracted: int = 0
    not_english: int = 0
    duplicates: int = 0
    rewrites: int = 0
    merged_actors: int = 0
    merged_events: int = 0
    in_stories: int = 0
    discards: list[Discard] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def skipped(self) -> int:
        return len(self.discards)

    def skipped_by_reason(self) -> dict[str, int]:
        return dict(Counter(reason_kind(d.reason) for d in self.discards).most_common())

    def as_dict(self) -> dict:
        return {
            "read": self.read, "ingested": self.ingested, "already_stored": self.already_stored,
            "extracted": self.extracted, "not_english": self.not_english, "duplicates": self.duplicates,
            "rewrites": self.rewrites, "merged_actors": self.merged_actors,
            "merged_events": self.merged_events, "in_stories": self.in_stories, "skipped": self.skipped, "skipped_by_reason": self.skipped_by_reason(),
            "seconds": round(self.seconds, 3),
        }

    def exit_code(self) -> int:
        """0 when everything worked, 1 when some items failed, 2 when none could be read."""
        if not self.discards:
            return 0
        return 2 if self.read == 0 else 1


def reason_kind(reason: str) -> str:
    """The leading words of a discard reason, used to group a summary."""
    return reason.split(":")[0].split("(")[0].strip()[:60]


def is_english(article: Article) -> bool:
    return article.language in (None, "en")


def ingest(paths: Sequence[str], settings: Settings, *, published: date | None = None,
           source: str | None = None, fetch: bool = False, extract: bool = True,
           on_progress: ProgressHook | None = None, on_discard: Callable[[Discard], None] | None = None,
           raise_errors: bool = False, workers: Workers | None = None) -> RunSummary:
    """Read inputs, store new articles, relate near-duplicates and extract facts, batch by batch.

    Each batch is committed before the next is read, so an interrupted run keeps what it stored and a
    re-run completes the rest without duplicates.
    """
    items = read_inputs(paths, settings, published=published, source=source, fetch=fetch)
    return ingest_items(items, settings, extract=extract, on_progress=on_progress, on_discard=on_discard,
                        raise_errors=raise_errors, workers=workers)


def ingest_items(items: Iterable[Article | Discard], settings: Settings, *, extract: bool = True,
                 on_progress: ProgressHook | None = None, on_discard: Callable[[Discard], None] | None = None,
                 raise_errors: bool = False, command: str = "ingest", workers: Workers | None = None) -> RunSummary:
    """Store already-read articles batch by batch, relate near-duplicates, extract and resolve them;
    Discards among ``items`` are counted and reported. ``workers``: already open ones (else opened here)."""
    summary = RunSummary()
    started = time.perf_counter()
    with Store(settings.db) as store, _workers(settings, workers, extract) as workers:
        run_id = store.start_run(command)
        flow = Extractions(store, settings, summary, workers, raise_errors, on_progress)
        batch: list[Article] = []
        try:
            for item in items:
                if isinstance(item, Discard):
                    summary.discards.append(item)
                    if on_discard:
                        on_discard(item)
                    continue
                summary.read += 1
                batch.append(item)
                if len(batch) >= settings.batch_size:
                    _ingest_batch(store, batch, settings, summary, flow, extract)
                    batch = []
            _ingest_batch(store, batch, settings, summary, flow, extract)
            flow.finish()
        finally:
            summary.seconds = time.perf_counter() - started
            store.finish_run(run_id, summary.as_dict(), summary.discards)
    return summary


def _workers(settings: Settings, workers: Workers | None, needed: bool = True) -> AbstractContextManager[Workers]:
    return nullcontext(workers) if workers is not None else open_workers(settings, needed=needed)


def _ingest_batch(store: Store, batch: list[Article], settings: Settings, summary: RunSummary,
                  flow: Extractions, extract: bool) -> None:
    if not batch:
        return
    new_ids = set(store.add_articles(batch))
    summary.ingested += len(new_ids)
    summary.already_stored += len(batch) - len(new_ids)
    fresh = list({a.id: a for a in batch if a.id in new_ids}.values())
    for relation in find_relations(store, fresh, settings):
        summary.duplicates += relation.kind == "duplicate"
        summary.rewrites += relation.kind == "rewrite"
    todo: list[Article] = []
    if extract:
        pending = set(store.unextracted_ids([a.id for a in batch]))
        todo = list({a.id: a for a in batch if a.id in pending}.values())
    flow.send(todo, len(batch))


class Extractions:
    """Batches of articles out on the workers, stored (then resolved) in the order they were sent.

    In this process (one worker) each batch is stored as soon as it is sent; with more workers two
    batches more stay in flight, cut into ``CHUNKS_PER_WORKER`` chunks per worker, so the workers always
    have parsing queued while this process reads and stores, and no worker idles on one long chunk.
    """

    CHUNKS_PER_WORKER = 2
    AHEAD = 2

    def __init__(self, store: Store, settings: Settings, summary: RunSummary, workers: Workers,
                 raise_errors: bool = False, on_progress: ProgressHook | None = None):
        self.store, self.settings, self.summary, self.workers = store, settings, summary, workers
        self.raise_errors, self.on_progress = raise_errors, on_progress
        self.ahead = 0 if workers.count == 1 else self.AHEAD
        self.pending: deque[tuple[list, set[str], int]] = deque()
        self.in_flight: set[str] = set()
        self.parts = 1 if workers.count == 1 else workers.count * self.CHUNKS_PER_WORKER

    def send(self, articles: Sequence[Article], count: int) -> None:
        """Start extracting the English ones of ``articles``; ``count`` articles of progress when stored."""
        english = []
        for article in articles:
            if not has_pipeline(article.language):
                self.summary.not_english += 1
            elif article.id not in self.in_flight:
                english.append(article)
        ids = {a.id for a in english}
        self.in_flight |= ids
        futures = [self.workers.submit(self.settings, part, self.raise_errors)
                   for part in chunks(english, self.parts)]
        self.pending.append((futures, ids, count))
        while len(self.pending) > self.ahead:
            self._store_oldest()

    def finish(self) -> None:
        """Wait for every batch still out and store it."""
        while self.pending:
            self._store_oldest()

    def _store_oldest(self) -> None:
        futures, ids, count = self.pending.popleft()
        done: list[Extraction] = []
        for item in results(futures):
            if isinstance(item, Discard):
                self.summary.discards.append(item)
            else:
                done.append(item)
        if done:
            self.store.save_extractions(done)
            resolve_after(self.store, done, self.summary)
            self.summary.extracted += len(done)
        self.in_flight -= ids
        if self.on_progress and count:
            self.on_progress(count)


def resolve_after(store: Store, extractions: Sequence[Extraction], summary: RunSummary) -> None:
    """Cross-article steps once new extractions are stored: actors first, then the events and stories that
    use them."""
    summary.merged_actors += resolve_actors(store, extractions)
    summary.merged_events += resolve_events(store, extractions)
    summary.in_stories += assign_stories(store, [x.article.id for x in extractions])


def extract(ids: Sequence[str] | None, settings: Settings, *, on_progress: ProgressHook | None = None,
            raise_errors: bool = False, workers: Workers | None = None) -> RunSummary:
    """Re-run extraction on stored articles (``ids``, or all when None), replacing their facts."""
    summary = RunSummary()
    started = time.perf_counter()
    with Store(settings.db) as store, _workers(settings, workers) as workers:
        run_id = store.start_run("extract")
        flow = Extractions(store, settings, summary, workers, raise_errors, on_progress)
        try:
            wanted = store.all_article_ids() if ids is None else list(ids)
            for i in range(0, len(wanted), settings.batch_size):
                articles = store.get_articles(wanted[i : i + settings.batch_size])
                summary.read += len(articles)
                flow.send(articles, len(articles))
            flow.finish()
        finally:
            summary.seconds = time.perf_counter() - started
            store.finish_run(run_id, summary.as_dict(), summary.discards)
    return summary
