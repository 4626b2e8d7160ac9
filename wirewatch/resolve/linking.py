"""Cross-article actor resolution against the store: one canonical actor however sources spell it.

Only actors sharing a blocking key with a new actor are loaded from the store, so the cost per
article stays flat as the store grows. Gazetteer actors (states, IGOs, groups, outlets) already
have ids shared by every article and are not resolved again.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..extract.gazetteer import load_gazetteer
from ..records import Actor, Extraction, make_id
from ..store import Store
from .actors import ActorContext, ActorResolver, blocking_keys


@lru_cache(maxsize=1)
def gazetteer_ids() -> frozenset[str]:
    """Ids of actors that come straight from the gazetteer."""
    return frozenset(make_id("actor", e.key) for e in load_gazetteer().forms.values())


def resolve_actors(store: Store, extractions: Sequence[Extraction]) -> int:
    """Merge the new articles' actors into known ones; record merges with score and evidence.

    Returns the number of merges made.
    """
    fixed = gazetteer_ids()
    resolver = ActorResolver()
    seeded: set[str] = set()
    merges, keys = [], []
    for x in extractions:
        article_ids = {a.id for a in x.actors}
        for actor in x.actors:
            if actor.id in fixed or actor.kind not in ("person", "organization", "group"):
                continue
            blocks = sorted(blocking_keys(actor))
            _seed(store, resolver, blocks, seeded)
            co = frozenset(resolver.canonical_id(i) for i in article_ids - {actor.id})
            res = resolver.add(actor, ActorContext(cooccurring=co, roles=actor.roles))
            keys += [(k, actor.id) for k in blocks]
            if res.merged and res.canonical_id != actor.id:
                merges.append({"actor_id": actor.id, "canonical_id": res.canonical_id,
                               "score": res.score, "evidence": res.evidence})
    store.add_actor_keys(keys)
    if merges:
        store.set_merges(merges)
    return len(merges)


def _seed(store: Store, resolver: ActorResolver, blocks: list[str], seeded: set[str]) -> None:
    wanted = sorted(store.actors_by_key(blocks) - seeded)
    for actor, members, co in store.actor_clusters(wanted):
        resolver.seed(actor, members, ActorContext(cooccurring=frozenset(co), roles=actor.roles))
        seeded.add(actor.id)


def canonical_actors(store: Store) -> dict[str, Actor]:
    """Canonical actor id → the actor with the names of everything merged into it (for exports)."""
    ids = sorted({r["id"] for r in store.rows("actors")} - set(store.canonical_map()))
    return {actor.id: actor for actor, _, _ in store.actor_clusters(ids)}
