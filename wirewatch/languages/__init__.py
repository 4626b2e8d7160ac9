"""Languages read natively besides English: one package per language that turns an article into the same
``Extraction`` records as the English stages (own model loader, lexicons in ``data/<lang>/``), chosen
once per article by its detected language. Resolution, store, query, web and export stay language-blind."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence

from ..records import Article, Discard, Extraction

#: Language code → the package that reads it.
NATIVE = {"ru": "wirewatch.languages.ru"}


def has_pipeline(language: str | None) -> bool:
    """Whether articles in ``language`` are extracted (English by spaCy, others by their own package)."""
    return language in (None, "en") or language in NATIVE


def is_native(article: Article) -> bool:
    """Whether ``article`` goes through a non-English pipeline."""
    return article.language in NATIVE


def pipeline(language: str):
    """The package that reads ``language`` (imported on first use)."""
    return importlib.import_module(NATIVE[language])


def extract_native(article: Article, verify: bool = True) -> Extraction:
    """Extract one non-English article with its language's pipeline."""
    return pipeline(article.language).extract_article(article, verify=verify)


def extract_mixed(articles: Sequence[Article], english: Callable[[Sequence[Article]], list],
                  verify: bool = True, raise_errors: bool = False) -> list[Extraction | Discard]:
    """Results for ``articles`` in their order: English ones through ``english`` (a batch function), the
    others through their own pipelines; a failing article becomes a Discard."""
    done_english = iter(english([a for a in articles if not is_native(a)]))
    out: list[Extraction | Discard] = []
    for article in articles:
        if not is_native(article):
            out.append(next(done_english))
            continue
        try:
            out.append(extract_native(article, verify))
        except Exception as exc:  # one bad article never kills a batch
            if raise_errors:
                raise
            out.append(Discard(article.id, "extract", f"extraction failed ({article.language}): "
                                                      f"{type(exc).__name__}: {exc}"))
    return out
