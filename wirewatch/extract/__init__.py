"""Extraction stages: each a function of (spaCy Doc, Article) returning records.

The order lives here, in one place: actors first (quotes link their speakers to actor mentions),
then places and times, then quotes; events need all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..records import Article, Extraction
from .actors import extract_actors
from .quotes import extract_quotes
from .times import extract_times

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_article(doc: Doc, article: Article) -> Extraction:
    """Run every extraction stage over one parsed article."""
    mentions, actors = extract_actors(doc, article)
    times = extract_times(doc, article)
    quotes = extract_quotes(doc, article, mentions)
    return Extraction(article=article, mentions=mentions, actors=actors, times=times, quotes=quotes)
