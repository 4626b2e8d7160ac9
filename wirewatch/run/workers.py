"""What every place that runs extraction shares (this process, a local pool, a Dask cluster): the
``Workers`` handle and the worker functions.

Workers take plain data (the Settings record and Article records) and return Extraction records or
Discards; each loads the spaCy model once (``load_nlp`` is cached per process). ``run/pool.py`` and
``run/dask.py`` both build on this module and not on each other.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from typing import Any, Protocol

from ..extract import extract_article
from ..languages import extract_mixed, is_native
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
    if any(is_native(a) for a in articles):  # Russian etc. through their own pipelines (wirewatch/languages)
        return extract_mixed(articles, lambda part: extract_batch(part, settings, raise_errors),
                             settings.verify_model, raise_errors)
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
    """Worker start-up: load the model and the gazetteers once, before the first batch arrives."""
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
