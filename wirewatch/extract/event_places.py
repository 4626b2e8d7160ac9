"""Places an event names without naming a place: a country by its adjective ("retreated into Tajik
territory": Tajikistan) and the capital of the state that hosted a meeting the article places nowhere
else ("Qatar hosted talks": Doha). These places may be absent from the places stage's output;
:func:`implied_places` gives their Place records, as :func:`events.implied_actors` does for states."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from spacy.tokens import Token

from ..geo import Candidate, get_gazetteer
from ..records import Event, Place, make_id
from .gazetteer import load_gazetteer

# nouns that, after a country's adjective, name the country as a place ("Tajik territory", "on Afghan soil")
SIDES = {"territory", "soil", "side", "airspace", "water", "land", "border", "frontier"}
_MADE: dict[str, Place] = {}  # id → Place of every place derived here (same ids as the places stage)


def _place(c: Candidate) -> Place:
    place = Place(id=make_id("place", c.source, c.source_id), name=c.name, lat=c.lat, lon=c.lon,
                  country=c.country or None, geonames_id=c.geonames_id or None, feature=c.feature,
                  source=c.source, official=c.official if c.official != c.name else None)
    _MADE.setdefault(place.id, place)
    return place


def country_side(tok: Token) -> str | None:
    """The id of the country whose adjective modifies a side noun headed by ``tok`` ("Tajik
    territory", "Turkish airspace", "the Afghan side of the border"), else None."""
    if tok.lemma_.lower() not in SIDES:
        return None
    gaz = get_gazetteer()
    for mod in tok.children:
        if mod.dep_ in ("amod", "compound", "nmod") and mod.i < tok.i:
            code = gaz.demonym(mod.text)
            country = gaz.country(code) if code else None
            if country is not None:
                return _place(country).id
    return None


@lru_cache(maxsize=1)
def _capital_names() -> dict[str, str]:
    out: dict[str, str] = {}
    for form, entry in load_gazetteer().forms.items():
        if entry.source == "capitals" and entry.country:
            out.setdefault(entry.country, form)
    return out


def capital(code: str | None) -> str | None:
    """The id of the capital city of the state with ISO alpha-3 ``code``, else None."""
    name = _capital_names().get(code or "")
    if name is None:
        return None
    found = [c for c in get_gazetteer().lookup(name) if c.country == code and c.feature == "P.PPLC"]
    return _place(found[0]).id if found else None


def implied_places(events: Sequence[Event], places: Mapping[str, Place]) -> list[Place]:
    """Place records for the places events carry that the places stage did not give."""
    ids = dict.fromkeys(e.place_id for e in events if e.place_id and e.place_id not in places)
    return [_MADE[i] for i in ids if i in _MADE]


def derived(place_id: str | None) -> bool:
    return place_id in _MADE
