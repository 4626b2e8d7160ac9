"""Russian: natasha (segmentation, morphology, UD syntax, PER/LOC/ORG) into the same records as the English
stages. Stage order as in ``wirewatch.extract``: actors, places, times, quotes, then events."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ...records import Article, Extraction

if TYPE_CHECKING:
    from .model import RuDoc

__all__ = ["extract_article", "warm_up"]


def extract_article(article: Article, doc: RuDoc | None = None, verify: bool = True) -> Extraction:
    """Parse a Russian article (unless ``doc`` is given) and run every Russian stage over it."""
    from ...extract.events import implied_actors
    from .actors import extract_actors
    from .events import extract_events
    from .lexicon import load_ru_lexicon
    from .model import load_pipeline, parse
    from .places import extract_places
    from .quotes import extract_quotes
    from .times import extract_times

    doc = doc or parse(article.text, load_pipeline(verify))
    lex = load_ru_lexicon()
    actor_mentions, actors = extract_actors(doc, article, lex)
    place_mentions, places = extract_places(doc, article, lex, actor_mentions)
    times = extract_times(doc, article)
    quotes = extract_quotes(doc, article, actor_mentions, lex)
    mentions = actor_mentions + place_mentions
    by_actor = {a.id: a for a in actors}
    events = extract_events(doc, article, lex, mentions, by_actor, {p.id: p for p in places}, times)
    actors = actors + implied_actors(events, by_actor)  # states named by an adjective ("афганские военные")
    return Extraction(article=article, mentions=_russian(mentions), actors=actors, places=places,
                      times=_russian(times), quotes=_russian(quotes), events=_russian(events, origin="own"))


def _russian(records: list, **fields) -> list:
    """The records marked as read in Russian."""
    from dataclasses import replace

    return [replace(r, language="ru", **fields) for r in records]


def warm_up(verify: bool = True) -> None:
    """Load the model and the lexicons once (worker start-up)."""
    from .lexicon import load_ru_lexicon
    from .model import load_pipeline

    load_pipeline(verify)
    load_ru_lexicon()
