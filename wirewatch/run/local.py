"""In-process runs: ingest (read → store → near-duplicates → extract) and re-extraction."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

from ..extract import extract_article
from ..ingest import read_inputs
from ..nlp import load_nlp
from ..records import Article, Discard, Extraction
from ..resolve.duplicates import find_relations
from ..resolve.linking import resolve_actors
from ..settings import Settings
from ..store import Store

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
            "rewrites": self.rewrites, "merged_actors": self.merged_actors, "skipped": self.skipped, "skipped_by_reason": self.skipped_by_reason(),
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
           raise_errors: bool = False) -> RunSummary:
    """Read inputs, store new articles, relate near-duplicates and extract facts, batch by batch.

    Each batch is committed before the next is read, so an interrupted run keeps what it stored and a
    re-run completes the rest without duplicates.
    """
    summary = RunSummary()
    started = time.perf_counter()
    with Store(settings.db) as store:
        run_id = store.start_run("ingest")
        batch: list[Article] = []
        try:
            for item in read_inputs(paths, settings, published=published, source=source, fetch=fetch):
                if isinstance(item, Discard):
                    summary.discards.append(item)
                    if on_discard:
                        on_discard(item)
                    continue
                summary.read += 1
                batch.append(item)
                if len(batch) >= settings.batch_size:
                    _ingest_batch(store, batch, settings, summary, extract, raise_errors)
                    if on_progress:
                        on_progress(len(batch))
                    batch = []
            _ingest_batch(store, batch, settings, summary, extract, raise_errors)
            if on_progress and batch:
                on_progress(len(batch))
        finally:
            summary.seconds = time.perf_counter() - started
            store.finish_run(run_id, summary.as_dict(), summary.discards)
    return summary


def _ingest_batch(store: Store, batch: list[Article], settings: Settings, summary: RunSummary,
                  extract: bool, raise_errors: bool) -> None:
    if not batch:
        return
    new_ids = set(store.add_articles(batch))
    summary.ingested += len(new_ids)
    summary.already_stored += len(batch) - len(new_ids)
    fresh = list({a.id: a for a in batch if a.id in new_ids}.values())
    for relation in find_relations(store, fresh, settings):
        summary.duplicates += relation.kind == "duplicate"
        summary.rewrites += relation.kind == "rewrite"
    if extract:
        pending = set(store.unextracted_ids([a.id for a in batch]))
        todo = {a.id: a for a in batch if a.id in pending}
        _extract_into(store, list(todo.values()), settings, summary, raise_errors)


def _extract_into(store: Store, articles: Iterable[Article], settings: Settings, summary: RunSummary,
                  raise_errors: bool) -> None:
    english = []
    for article in articles:
        if is_english(article):
            english.append(article)
        else:
            summary.not_english += 1
    if not english:
        return
    nlp = load_nlp(settings.model, settings.verify_model)
    done: list[Extraction] = []
    for doc, article in zip(nlp.pipe((a.text for a in english), batch_size=settings.batch_size), english):
        try:
            done.append(extract_article(doc, article))
        except Exception as exc:  # one bad article never kills a batch
            if raise_errors:
                raise
            summary.discards.append(Discard(article.id, "extract", f"extraction failed: {type(exc).__name__}: {exc}"))
    store.save_extractions(done)
    summary.merged_actors += resolve_actors(store, done)
    summary.extracted += len(done)


def extract(ids: Sequence[str] | None, settings: Settings, *, on_progress: ProgressHook | None = None,
            raise_errors: bool = False) -> RunSummary:
    """Re-run extraction on stored articles (``ids``, or all when None), replacing their facts."""
    summary = RunSummary()
    started = time.perf_counter()
    with Store(settings.db) as store:
        run_id = store.start_run("extract")
        try:
            wanted = store.all_article_ids() if ids is None else list(ids)
            for i in range(0, len(wanted), settings.batch_size):
                articles = store.get_articles(wanted[i : i + settings.batch_size])
                summary.read += len(articles)
                _extract_into(store, articles, settings, summary, raise_errors)
                if on_progress:
                    on_progress(len(articles))
        finally:
            summary.seconds = time.perf_counter() - started
            store.finish_run(run_id, summary.as_dict(), summary.discards)
    return summary
