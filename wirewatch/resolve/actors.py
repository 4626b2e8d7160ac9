"""Across articles: one canonical actor for every spelling of a name.

Blocking keeps the cost per new actor flat: each actor is indexed under phonetic keys of its
unidecoded, transliteration-folded surname (or whole name for organisations), and only actors
sharing a key are scored. Scoring uses rapidfuzz on the folded names, then roles and
co-occurring actors as evidence for or against; different people who share a first name, a
surname or a prefix are never merged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

import jellyfish
from rapidfuzz import fuzz
from unidecode import unidecode

from ..languages.ru.translit import has_cyrillic, latin_variants
from ..records import Actor, Role, make_id

MERGE_THRESHOLD = 0.85
# Transliteration variants folded before comparing: Mokhib/Mohib, Zelenskyy/Zelensky, Qaddafi/Gaddafi.
_FOLDS = [
    (r"(?<=[aeiou])y(?=[aeiou])", ""), (r"(?<=[^aeiou])y(?=[aeiou])", "i"), (r"x", "ks"), (r"kh", "h"), (r"zh", "j"), (r"dzh", "j"), (r"dj", "j"), (r"ph", "f"), (r"dh", "d"), (r"gh", "g"), (r"ou", "u"), (r"oo", "u"),
    (r"w", "v"), (r"ee", "i"), (r"q", "g"), (r"iy$", "y"), (r"yy$", "y"), (r"ij$", "y"), (r"i$", "y"), (r"ie", "i"),
    (r"ey$", "y"), (r"ei$", "y"), (r"ai$", "ay"), (r"(.)\1", r"\1"), (r"^[ou]", "o"), (r"^e", "i"),
]
_PARTICLES = {"al", "el", "bin", "ibn", "van", "von", "de", "der", "da", "di", "la", "le", "abu"}


@dataclass(frozen=True, slots=True)
class ActorContext:
    """Evidence besides the name: ids of actors named in the same article, and the actor's roles."""

    cooccurring: frozenset[str] = frozenset()
    roles: tuple[Role, ...] = ()


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where an actor went: its canonical id, the score of the merge and why."""

    actor_id: str
    canonical_id: str
    score: float
    evidence: str
    merged: bool


@dataclass(slots=True)
class _Cluster:
    actor: Actor
    names: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)
    roles: list[Role] = field(default_factory=list)


@lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """A transliteration-neutral form of one word ("Nikolai" and "Nikolay" fold alike)."""
    text = re.sub(r"[^a-z]", "", unidecode(word).lower())
    for pattern, repl in _FOLDS:
        text = re.sub(pattern, repl, text)
    return text


def name_parts(name: str) -> list[str]:
    """Folded words of a name, particles ("al-", "bin") dropped, hyphens split."""
    words = re.split(r"[\s\-‐]+", unidecode(name).strip())
    return [fold(w) for w in words if w and w.lower() not in _PARTICLES and fold(w)]


def blocking_keys(actor: Actor) -> set[str]:
    """Phonetic keys an actor is indexed under: metaphone and NYSIIS of its folded surname."""
    parts = name_parts(actor.name)
    if not parts:
        return {actor.name.lower()}
    cores = surnames(parts) if actor.kind == "person" else {"".join(parts)}
    keys = {f"{actor.kind}:{algo.__name__[0]}:{algo(core)}" for core in cores for algo in (jellyfish.metaphone, jellyfish.nysiis)}
    return keys | {f"{actor.kind}:p:{core[:4]}" for core in cores}


def surnames(parts: list[str]) -> set[str]:
    """The folded surname, and the words after the first joined ("Amir-Abdollahian")."""
    return {parts[-1], "".join(parts[1:]) or parts[-1]}


def name_score(a: str, b: str, kind: str = "person") -> float:
    """0..1 similarity of two names; surnames must agree and given names must not conflict. A Cyrillic
    name is compared under every transliteration scheme (BGN/PCGN, passport, scholarly, popular)."""
    if has_cyrillic(a) or has_cyrillic(b):  # true variants fold nearly alike: a stricter surname test
        return max(_name_score(x, y, kind, 0.9) for x in latin_variants(a) for y in latin_variants(b))
    return _name_score(a, b, kind)


def _name_score(a: str, b: str, kind: str = "person", surname_floor: float = 0.85) -> float:
    pa, pb = name_parts(a), name_parts(b)
    if not pa or not pb:
        return 0.0
    if kind != "person":
        return fuzz.ratio("".join(pa), "".join(pb)) / 100
    surname, sa, sb = max((fuzz.ratio(x, y) / 100, x, y) for x in surnames(pa) for y in surnames(pb))
    if surname < surname_floor or jellyfish.metaphone(sa)[:3] != jellyfish.metaphone(sb)[:3]:
        return 0.0
    if sa + "a" == sb or sb + "a" == sa:  # "Peskov" / "Peskova": a man's and a woman's form, two people
        return 0.0
    if len(pa) == 1 or len(pb) == 1:
        return 0.75 * surname
    given = fuzz.ratio(pa[0], pb[0]) / 100
    if given < 0.8 and not (pa[0][0] == pb[0][0] and min(len(pa[0]), len(pb[0])) <= 2):
        return 0.0
    return 0.5 * surname + 0.5 * max(given, 0.8)


def _role_words(roles: Iterable[Role]) -> set[str]:
    words = set()
    for role in roles:
        for text in (role.title, role.organization or ""):
            words.update(w[:5] for w in re.findall(r"[a-z]{4,}", unidecode(text).lower()))
    return words


def role_evidence(a: Iterable[Role], b: Iterable[Role]) -> float:
    """+ when roles share words; − when the countries differ, or both name organisations that share nothing."""
    a, b = list(a), list(b)
    if not a or not b:
        return 0.0
    shared = _role_words(a) & _role_words(b)
    countries_a = {r.country for r in a if r.country}
    countries_b = {r.country for r in b if r.country}
    if countries_a and countries_b and not countries_a & countries_b:
        return -0.3
    if shared:
        return 0.1
    return -0.15 if any(r.organization for r in a) and any(r.organization for r in b) else 0.0


def context_evidence(a: set[str], b: set[str]) -> float:
    """+ for shared co-occurring actors (Jaccard, capped), − when both have context and share none."""
    if not a or not b:
        return 0.0
    jaccard = len(a & b) / len(a | b)
    return min(0.15, jaccard) if jaccard else -0.05


class ActorResolver:
    """Assign canonical ids to actors as they arrive; cost per actor independent of how many are known."""

    def __init__(self, known: Iterable[Actor] = (), threshold: float = MERGE_THRESHOLD):
        self.threshold = threshold
        self.clusters: dict[str, _Cluster] = {}
        self.index: dict[str, set[str]] = {}
        self.canonical: dict[str, str] = {}
        for actor in known:
            self._new_cluster(actor, None)

    def add(self, actor: Actor, context: ActorContext | None = None) -> Resolution:
        """Merge ``actor`` into the best-matching known actor, or start a new one."""
        context = context or ActorContext(roles=actor.roles)
        if actor.id in self.canonical:
            return Resolution(actor.id, self.canonical[actor.id], 1.0, "same id", True)
        best, score, why = self._best(actor, context)
        if best is None:
            self._new_cluster(actor, context)
            return Resolution(actor.id, actor.id, score, why or "no candidate", False)
        self._join(best, actor, context)
        return Resolution(actor.id, best, score, why, True)

    def seed(self, actor: Actor, members: Iterable[str] = (), context: ActorContext | None = None) -> None:
        """Add an already-resolved actor (with the ids merged into it) without trying to merge it."""
        self._new_cluster(actor, context)
        keep = [a for a in actor.aliases if actor.kind != "person" or len(a.split()) > 1]
        self.clusters[actor.id].names.update(keep)
        for member in members:
            self.canonical[member] = actor.id

    def canonical_id(self, actor_id: str) -> str:
        """The canonical id an actor id was resolved to (itself when unknown)."""
        return self.canonical.get(actor_id, actor_id)

    def _candidates(self, actor: Actor) -> set[str]:
        if actor.code and actor.kind != "person":
            return {cid for cid, c in self.clusters.items() if c.actor.code == actor.code and c.actor.name == actor.name}
        found: set[str] = set()
        for key in blocking_keys(actor):
            found |= self.index.get(key, set())
        return found

    def _best(self, actor: Actor, context: ActorContext) -> tuple[str | None, float, str]:
        best, best_score, best_why = None, 0.0, ""
        for cid in self._candidates(actor):
            score, why = self._score(self.clusters[cid], actor, context)
            if score > best_score:
                best, best_score, best_why = cid, score, why
        if best_score < self.threshold:
            return None, best_score, best_why
        return best, best_score, best_why

    def _score(self, cluster: _Cluster, actor: Actor, context: ActorContext) -> tuple[float, str]:
        if cluster.actor.kind != actor.kind:
            return 0.0, "different kinds"
        names = [actor.name, *([a for a in actor.aliases if len(a.split()) > 1] if actor.kind == "person" else [])]
        name, matched = max((name_score(n, m, actor.kind), m) for n in names for m in cluster.names)
        if name == 0.0:
            return 0.0, "names differ"
        roles = role_evidence(cluster.roles, context.roles or actor.roles)
        ctx = context_evidence(cluster.context, set(context.cooccurring))
        score = name + roles + ctx
        if name < 0.8 and roles <= 0 and ctx <= 0:
            score = min(score, self.threshold - 0.01)
        why = f"name {name:.2f} ({actor.name!r}~{matched!r}), roles {roles:+.2f}, context {ctx:+.2f}"
        return round(min(score, 1.0), 3), why

    def _new_cluster(self, actor: Actor, context: ActorContext | None) -> None:
        cluster = _Cluster(actor, {actor.name}, set(context.cooccurring) if context else set(), list(actor.roles))
        self.clusters[actor.id] = cluster
        self.canonical[actor.id] = actor.id
        for key in blocking_keys(actor):
            self.index.setdefault(key, set()).add(actor.id)

    def _join(self, cid: str, actor: Actor, context: ActorContext) -> None:
        cluster = self.clusters[cid]
        cluster.actor = merge(cluster.actor, actor)
        cluster.names.add(actor.name)
        cluster.context |= set(context.cooccurring)
        cluster.roles.extend(context.roles or actor.roles)
        self.canonical[actor.id] = cid


def merge(keep: Actor, other: Actor) -> Actor:
    """``keep`` with ``other``'s names and roles added (a user's or the resolver's merge)."""
    names = (other.name, *other.aliases)
    aliases = tuple(a for a in dict.fromkeys((*keep.aliases, *names)) if a != keep.name)
    roles = tuple(dict.fromkeys((*keep.roles, *other.roles)))
    return replace(keep, aliases=aliases, roles=roles, country=keep.country or other.country, code=keep.code or other.code)


def split(actor: Actor, names: Iterable[str], new_name: str | None = None) -> tuple[Actor, Actor]:
    """Move ``names`` (aliases) of ``actor`` to a new actor; roles stay with the original."""
    moved = [n for n in names if n in actor.aliases or n == actor.name]
    if not moved:
        raise ValueError(f"actor {actor.name!r} has none of the names {list(names)!r}")
    name = new_name or moved[0]
    rest = tuple(a for a in actor.aliases if a not in moved)
    kept_name = actor.name if actor.name not in moved else (rest[0] if rest else actor.name)
    kept = replace(actor, name=kept_name, aliases=tuple(a for a in rest if a != kept_name))
    new = Actor(make_id("actor", "split", actor.id, name), name, actor.kind, actor.country, actor.code,
                tuple(n for n in moved if n != name))
    return kept, new
