"""CAMEO-style actor codes (country + agent: RUSGOV, AFGMIL, USAMIL) for an article's actors.

The article's own evidence comes first: a person's country from a country word in their title
("Russian Foreign Minister Sergey Lavrov": RUS) or from a list of countries the article names before
a list of people sharing one title ("Uzbekistan and Tajikistan … their foreign ministers, Abdulaziz
Kamilov and Sirodjiddin Mukhriddin", in order); the agent from that title through the Phoenix agent
dictionary ("minister": GOV, "commander": MIL). The Phoenix actor dictionaries (with the code valid
on the article's date) fill in only what the article leaves open: a person with a title but no
country takes the dictionary's country when the article names that country too ("President Ashraf
Ghani" in an article about Afghanistan: AFGGOV, not the dictionary's dated AFGELI).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Doc

from ..records import Actor, Article, Mention, Role
from .petrarch_dicts import Dictionaries, default_dictionaries

CODED_KINDS = {"person", "organization", "group", "state", "igo", "other"}


def _agent(title: str | None, dic) -> str | None:
    """The agent code ("~GOV") a title names: the whole title, else its last words."""
    if not title:
        return None
    words = title.lower().replace("-", " ").split()
    for n in range(len(words)):
        found = dic.agents.get(" ".join(words[n:]))
        if found:
            return found
    return None


def _combine(country: str, agent: str | None) -> str:
    if not agent:
        return country
    if agent.startswith("~"):
        return country if country.endswith(agent[1:]) else country + agent[1:]
    if agent.endswith("~"):
        return agent[:-1] + country
    return agent


def _dictionary_code(actor: Actor, dic, when: int | None) -> str | None:
    for name in (actor.name, *actor.aliases):
        found = dic.code(" ".join(name.lower().replace("_", " ").split()), when)
        if found:
            return found
    return None


def _article_countries(actors: Sequence[Actor]) -> set[str]:
    return {a.country for a in actors if a.country} | {r.country for a in actors for r in a.roles if r.country}


def distributed_countries(doc: Doc, mentions: Sequence[Mention], actors: dict[str, Actor]) -> dict[str, tuple[str, str | None]]:
    """Person id → (country, title) for lists of people that follow a list of as many states and
    share one title: "Uzbekistan and Tajikistan … the foreign ministers, A and B" gives A Uzbekistan
    and B Tajikistan."""
    by_token: dict[int, str] = {}
    for m in mentions:
        span = doc.char_span(m.start, m.end, alignment_mode="expand")
        if span is not None and m.actor_id in actors:
            for tok in span:
                by_token.setdefault(tok.i, m.actor_id)
    out: dict[str, tuple[str, str | None]] = {}
    seen: set[int] = set()
    for i, aid in sorted(by_token.items()):
        tok = doc[i]
        if actors[aid].kind != "person" or i in seen or tok.head.i in by_token and by_token[tok.head.i] == aid:
            continue
        group = [t for t in (tok, *tok.conjuncts) if t.i in by_token and actors[by_token[t.i]].kind == "person"]
        seen |= {t.i for t in group}
        people = list(dict.fromkeys(by_token[t.i] for t in sorted(group, key=lambda t: t.i)))
        if len(people) < 2 or any(actors[p].country for p in people):
            continue
        title = _shared_title(tok)
        states = _states_before(doc, by_token, actors, tok.i, len(people))
        if states:
            for person, state in zip(people, states):
                out[person] = (state, title)
    return out


def _shared_title(tok) -> str | None:
    """The plural title noun a list of names stands in apposition to ("ministers, A and B")."""
    for cand in (tok.head, *tok.head.children):
        if cand.pos_ == "NOUN" and cand.tag_ == "NNS":
            words = [c.text for c in cand.lefts if c.dep_ in ("compound", "amod")] + [cand.lemma_]
            return " ".join(words)
    return None


def _states_before(doc: Doc, by_token: dict[int, str], actors: dict[str, Actor], start: int, n: int) -> list[str]:
    """The countries of the last list of exactly ``n`` states before token ``start`` (this or the
    previous sentence)."""
    sent = doc[start].sent
    first = sent.start
    if first > 0:
        first = doc[first - 1].sent.start
    for i in range(start - 1, first - 1, -1):
        aid = by_token.get(i)
        if aid is None or actors[aid].kind != "state" or doc[i].dep_ == "conj":
            continue
        group = sorted((t for t in (doc[i], *doc[i].conjuncts) if t.i in by_token), key=lambda t: t.i)
        countries = list(dict.fromkeys(actors[by_token[t.i]].country for t in group
                                       if actors[by_token[t.i]].kind == "state" and actors[by_token[t.i]].country))
        if len(countries) == n:
            return countries
    return []


def code_actors(doc: Doc, article: Article, mentions: Sequence[Mention], actors: Sequence[Actor],
                dictionaries: Dictionaries | None = None) -> list[Actor]:
    """``actors`` with CAMEO-style codes (and countries found in the article) filled in where they
    had none; codes the actors stage already gave are kept."""
    dic = (dictionaries or default_dictionaries()).actors
    when = int(article.published.strftime("%Y%m%d")) if getattr(article, "published", None) else None
    by_id = {a.id: a for a in actors}
    spread = distributed_countries(doc, mentions, by_id)
    named = _article_countries(actors)
    out = []
    for actor in actors:
        if actor.code or actor.kind not in CODED_KINDS:
            out.append(actor)
            continue
        roles = list(actor.roles)
        country = actor.country or next((r.country for r in roles if r.country), None)
        title = next((r.title for r in roles if r.title), None)
        if country is None and actor.id in spread:
            country, shared = spread[actor.id]
            title = title or shared
            roles.append(Role(shared or "", country=country, article_id=article.id,
                              date=article.published.isoformat() if getattr(article, "published", None) else None))
        agent = _agent(title, dic)
        known = _dictionary_code(actor, dic, when)
        if country is None and known and known[:3] in named and agent:
            country = known[:3]  # the dictionary's country, confirmed by the article; the title's agent
        if country:
            code = _combine(country, agent) if agent or not known or known[:3] != country else known
        else:
            code = known
        out.append(replace(actor, code=code, country=actor.country or country, roles=tuple(roles)))
    return out
