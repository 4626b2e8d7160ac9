"""Extraction stages: each a function of (spaCy Doc, Article) returning records.

The order lives here, in one place: actors first (quotes link speakers to them), then places and
times, then quotes; events need all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..records import Article, Extraction

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_article(doc: Doc, article: Article) -> Extraction:
    """Run every extraction stage over one parsed article."""
    return Extraction(article=article)
