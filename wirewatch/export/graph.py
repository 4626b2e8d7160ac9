"""The actor network as GEXF or GraphML (opens in Gephi; networkx reads it back).

Nodes are the resolved (canonical) actors that take part in at least one event, with ``label``/``name``,
``kind``, ``country``, ``code`` and ``events`` (how many events they take part in). A directed edge
source → target carries ``weight``: the number of events with that actor pair, and one count per event
type (``ASSAULT``, ``PROTEST``…, 0 where none). An event with several sources and targets counts once for
each pair; an actor acting on itself is no edge.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import IO

import networkx as nx

from ..store import Store
from .jsonl import iter_records


def actor_network(store: Store) -> nx.DiGraph:
    """A directed graph of canonical actors weighted by the events between them."""
    pairs: dict[tuple[str, str], Counter] = defaultdict(Counter)
    involved: Counter = Counter()
    types: set[str] = set()
    for event in iter_records(store, {"event"}):
        sources = {a for a in event["source_actor_ids"] if a}
        targets = {a for a in event["target_actor_ids"] if a}
        involved.update(sources | targets)
        types.add(event["event_type"])
        for src in sources:
            for tgt in targets - {src}:
                pairs[(src, tgt)][event["event_type"]] += 1
    graph = nx.DiGraph()
    actors = {a["id"]: a for a in iter_records(store, {"actor"}) if a["id"] in involved}
    for actor_id, n in sorted(involved.items()):
        actor = actors.get(actor_id, {})
        name = actor.get("name") or actor_id
        graph.add_node(actor_id, label=name, name=name, kind=actor.get("kind") or "",
                       country=actor.get("country") or "", code=actor.get("code") or "", events=n)
    for (src, tgt), by_type in sorted(pairs.items()):
        graph.add_edge(src, tgt, weight=sum(by_type.values()), **{t: by_type[t] for t in sorted(types)})
    return graph


def export_gexf(store: Store, out: IO[str]) -> dict[str, int]:
    """Write the actor network as GEXF 1.2; return how many actors and edges."""
    return _write(actor_network(store), nx.generate_gexf, out)


def export_graphml(store: Store, out: IO[str]) -> dict[str, int]:
    """Write the actor network as GraphML; return how many actors and edges."""
    return _write(actor_network(store), nx.generate_graphml, out)


def _write(graph: nx.DiGraph, generate, out: IO[str]) -> dict[str, int]:
    for line in generate(graph):
        out.write(line + "\n")
    return {"actors": graph.number_of_nodes(), "edges": graph.number_of_edges()}
