"""Russian place names resolved through the gazetteer's public lookup: the Cyrillic nominative where the
gazetteer holds Russian alternate names, else transliterations ("Термез" → Termez), with region words
and adjective endings handled ("Горно-Бадахшанская автономная область" → Gorno-Badakhshan)."""

from __future__ import annotations

import math
import re

from ...extract.places import place_record
from ...records import Article, Mention, Place
from .lexicon import RuLexicon
from .model import RuDoc
from .translit import transliterate

_GENERIC = ("област", "район", "провинци", "край", "республик", "автономн", "округ", "город", "деревн",
            "село", "поселок", "посёлок", "уезд", "штат", "регион", "кишлак", "аул", "станиц", "волост")
_ADJ_END = re.compile(r"(ская|ский|ское|ские|ской|ского|ская|ная|ный|ное)$")
_FEATURE_BONUS = {"A.PCLI": 3.0, "A.ADM1": 1.0, "P.PPLC": 3.5, "P.PPLA": 1.5}


def _gazetteer():
    from ...geo.gazetteer import get_gazetteer

    return get_gazetteer()


def name_keys(normal: str) -> list[str]:
    """Names to look a Russian place up by, best first."""
    words = normal.split()
    core = [w for w in words if not w.lower().startswith(_GENERIC)]
    keys = [normal]
    if core and core != words:
        keys.append(" ".join(core))
        keys += [" ".join(_ADJ_END.sub("", w) if i == 0 else w for i, w in enumerate(core))]
    out = []
    for key in keys:
        out.append(key)
        for scheme in ("bgn", "popular", "passport"):
            out.append(transliterate(key, scheme))
    return list(dict.fromkeys(k for k in out if k))


def _place(c) -> Place:
    # the English place stage's record for a gazetteer entry, so both languages name one place
    return place_record(c)


def extract_places(doc: RuDoc, article: Article, lex: RuLexicon,
                   actor_mentions: list[Mention]) -> tuple[list[Mention], list[Place]]:
    """Place mentions (NER locations, country and capital names) and the places they resolve to."""
    gaz = _gazetteer()
    found: list[tuple[int, int, str, str | None]] = []  # token span, normal form, country code if a state
    for ent in doc.ents:
        if ent.type == "LOC":
            hit = lex.forms.get(tuple(t.lemma for t in doc.tokens[ent.start:ent.end]))
            if hit and hit[0].source == "capitals" and doc.tokens[ent.start].rel in ("nsubj", "nsubj:pass"):
                continue  # "Москва заявила": the government, not the place
            if hit and hit[0].kind != "state":
                continue  # "ЕС", "Кремль": an organisation the model took for a place
            code = hit[0].country if hit and hit[0].kind == "state" and hit[0].source != "capitals" else None
            found.append((ent.start, ent.end, ent.normal, code))
    countries = [c for *_, c in found if c]
    mentions, places = [], {}
    for start, end, normal, code in found:
        best, confidence = (gaz.country(code), 0.95) if code else _resolve(gaz, normal, countries)
        place = _place(best) if best is not None else None
        if place is not None:
            places.setdefault(place.id, place)
        s, e = doc.tokens[start].start, doc.tokens[end - 1].end
        mentions.append(Mention(article.id, s, e, doc.text[s:e], "GPE" if code else "LOC", kind="place",
                                place_id=place.id if place else None, confidence=round(confidence, 3)))
    return mentions, list(places.values())


def _resolve(gaz, normal: str, countries: list[str]):
    candidates, seen = [], set()
    for key in name_keys(normal):
        for c in gaz.lookup(key):
            if c.index not in seen:
                seen.add(c.index)
                candidates.append(c)
        if candidates:
            break
    if not candidates:
        return None, 0.0
    scored = sorted(((_score(c, countries), c) for c in candidates[:50]), key=lambda x: -x[0])
    best_score, best = scored[0]
    runner = scored[1][0] if len(scored) > 1 else best_score - 4
    return best, 1.0 / (1.0 + math.exp(-(best_score - runner)))


def _score(c, countries: list[str]) -> float:
    score = math.log10(c.population + 10) + (2.0 if c.primary else 0.0) + _FEATURE_BONUS.get(c.feature, 0.0)
    if c.country and c.country in countries:
        score += 4.0
    return score
