"""Extraction stages: each a function of (spaCy Doc, Article) returning records.

The order lives here, in one place: actors first (quotes link their speakers to actor mentions),
then places and times, then quotes; events and control claims need all of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..records import Article, Extraction
from .actor_codes import code_actors
from .actors import extract_actors
from .control import extract_control
from .events import extract_events, implied_actors, implied_places
from .places import extract_places
from .quotes import extract_quotes
from .times import extract_times

if TYPE_CHECKING:
    from spacy.tokens import Doc


def extract_article(doc: Doc, article: Article) -> Extraction:
    """Run every extraction stage over one parsed article."""
    actor_mentions, actors = extract_actors(doc, article)
    actors = code_actors(doc, article, actor_mentions, actors)  # CAMEO-style codes: RUSGOV, AFGMIL
    place_mentions, places = extract_places(doc, article)
    times = extract_times(doc, article)
    quotes = extract_quotes(doc, article, actor_mentions)
    mentions = actor_mentions + place_mentions
    by_actor = {a.id: a for a in actors}
    by_place = {p.id: p for p in places}
    events = extract_events(doc, article, mentions, by_actor, by_place, times, quotes=quotes)
    actors = actors + implied_actors(events, by_actor)  # states events name through a place
    places = places + implied_places(events, by_place)  # "into Tajik territory", a host's capital
    controls = extract_control(doc, article, mentions, by_actor, by_place, times)
    return Extraction(article=article, mentions=mentions, actors=actors, places=places, times=times,
                      quotes=quotes, events=events, controls=controls)
