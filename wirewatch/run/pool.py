"""Where parsing and extraction run: in this process, a local process pool (``--workers N``) or a Dask
cluster (``--dask tcp://HOST:8786``, see ``run/dask.py``).

Workers take plain data (the Settings record and Article records) and return Extraction records or
Discards; each loads the spaCy model once (``load_nlp`` is cached per process). The calling process stays
the one writer: it stores the results batch by batch, in the order the batches were read.
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Protocol

from ..errors import WirewatchError
from ..extract import extract_article
from ..nlp import load_nlp
from ..records import Article, Discard, Extraction
from ..settings import Settings


class Submitter(Protocol):
    """What runs worker functions: ``submit(fn, *args)`` returns a future with ``result()``."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Any: ...


@dataclass
class Workers:
    """An open place to run extraction: its submitter and how many workers share the work."""

    submitter: Submitter
    count: int
    where: str
    task: Callable[..., list[Extraction | Discard]]

    def submit(self, settings: Settings, articles: Sequence[Article], raise_errors: bool) -> Any:
        """Start extracting ``articles`` on a worker; a future of their results."""
        return self.submitter.submit(self.task, settings, articles, raise_errors)


def extract_batch(articles: Sequence[Article], settings: Settings,
                  raise_errors: bool = False) -> list[Extraction | Discard]:
    """Parse and extract ``articles`` in this process, in order; a failing article becomes a Discard."""
    if not articles:
        return []
    nlp = load_nlp(settings.model, settings.verify_model)
    out: list[Extraction | Discard] = []
    for doc, article in zip(nlp.pipe((a.text for a in articles), batch_size=settings.batch_size), articles):
        try:
            out.append(extract_article(doc, article))
        except Exception as exc:  # one bad article never kills a batch
            if raise_errors:
                raise
            out.append(Discard(article.id, "extract", f"extraction failed: {type(exc).__name__}: {exc}"))
    return out


#: A short article whose extraction loads everything extraction loads once per process (model, gazetteers).
WARM_UP = Article.create('"We will talk," Foreign Minister Ana Costa of Poland said in Gdansk on Monday.',
                         language="en")


def w_init(settings: Settings) -> None:
    """Pool initializer: load the model and the gazetteers once, before the first batch arrives."""
    extract_batch([WARM_UP], settings)


def w_extract(settings: Settings, articles: Sequence[Article], raise_errors: bool = False) -> list[Extraction | Discard]:
    """Worker function: extraction of one chunk of articles (plain records in, records out)."""
    return extract_batch(articles, settings, raise_errors)


class InProcess:
    """Runs a submitted function at once, in this process (the single-process run)."""

    def submit(self, fn: Callable[..., Any], /, *args: Any) -> Future:
        future: Future = Future()
        future.set_result(fn(*args))
        return future


@contextmanager
def open_workers(settings: Settings, needed: bool = True) -> Iterator[Workers]:
    """The workers ``settings`` ask for: a Dask cluster, a process pool, or (also when not ``needed``)
    this process."""
    if settings.workers < 1:
        raise WirewatchError(f"--workers {settings.workers}: give 1 or more")
    if not needed:
        yield Workers(InProcess(), 1, "this process", w_extract)
    elif settings.dask:
        from .dask import connect

        with connect(settings) as workers:
            yield workers
    elif settings.workers > 1:
        pool = ProcessPoolExecutor(max_workers=settings.workers, mp_context=_context(),
                                   initializer=w_init, initargs=(settings,))
        try:
            yield Workers(pool, settings.workers, f"{settings.workers} local processes", w_extract)
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
    else:
        yield Workers(InProcess(), 1, "this process", w_extract)


def _context() -> multiprocessing.context.BaseContext:
    """Fresh worker processes: forked from a clean server process that has imported wirewatch once
    (never from this one, which may hold threads and open connections); spawned where there is none."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["wirewatch.run.pool"])
    return context


def chunks(items: Sequence[Article], parts: int) -> list[Sequence[Article]]:
    """``items`` cut into at most ``parts`` runs of consecutive items of nearly equal size."""
    if not items:
        return []
    size = math.ceil(len(items) / max(1, parts))
    return [items[i : i + size] for i in range(0, len(items), size)]


def results(futures: Sequence[Any]) -> list[Extraction | Discard]:
    """The results of a batch's chunk futures, in chunk order; a dead worker becomes a one-line error."""
    out: list[Extraction | Discard] = []
    for future in futures:
        try:
            out.extend(future.result())
        except BrokenProcessPool:
            raise WirewatchError("a worker process died (out of memory?); everything stored so far is kept — "
                                 "run the same command again, with fewer --workers") from None
    return out
