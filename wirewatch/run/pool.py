"""Where parsing and extraction run: in this process, a local process pool (``--workers N``) or a Dask
cluster (``--dask tcp://HOST:8786``, see ``run/dask.py``).

The pieces both kinds of workers share (``Workers``, ``extract_batch``, the ``w_*`` functions) live in
``run/workers.py``. The calling process stays the one writer: it stores the results batch by batch, in the
order the batches were read.
"""

from __future__ import annotations

import math
import multiprocessing
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from typing import Any

from ..errors import WirewatchError
from ..records import Article, Discard, Extraction
from ..settings import Settings
from .workers import WARM_UP, InProcess, Submitter, Workers, extract_batch, w_extract, w_init

__all__ = ["WARM_UP", "InProcess", "Submitter", "Workers", "chunks", "extract_batch", "open_workers", "results",
           "w_extract", "w_init"]


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
    context.set_forkserver_preload(["wirewatch.run.workers"])
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
