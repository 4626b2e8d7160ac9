// An actor page's small network: the actor and those mentioned in the same articles.
import { getJSON } from "./dom.js";
import { drawGraph } from "./graph.js";

const box = document.getElementById("ego");

async function load() {
  const actor = await getJSON(`/api/actors/${encodeURIComponent(box.dataset.actor)}`);
  if (!actor.related.length) {
    box.remove();
    return;
  }
  const nodes = [{ id: actor.id, name: actor.name, kind: actor.kind, weight: 1 + actor.related.length },
    ...actor.related.map((r) => ({ id: r.id, name: r.name, kind: r.kind, weight: r.articles }))];
  const edges = actor.related.map((r) => ({ source: actor.id, target: r.id, weight: r.articles }));
  const cy = drawGraph(box, nodes, edges, { directed: false });
  cy.getElementById(actor.id).addClass("focus");
}

load();
