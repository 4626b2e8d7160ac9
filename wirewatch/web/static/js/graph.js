// Shared Cytoscape set-up for the actor network and an actor's related actors.
import { colourOf } from "./dom.js";

export function drawGraph(container, nodes, edges, options = {}) {
  const max = Math.max(1, ...edges.map((e) => e.weight));
  const elements = [
    ...nodes.map((n) => ({ data: { id: n.id, name: n.name || n.id, colour: colourOf(n.kind || "other"),
      size: 14 + 26 * Math.sqrt((n.weight || 1) / Math.max(1, ...nodes.map((m) => m.weight || 1))) } })),
    ...edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target, weight: e.weight,
      width: 1 + 6 * (e.weight / max) } })),
  ];
  const cy = cytoscape({
    container,
    elements,
    maxZoom: 1.6,
    style: [
      { selector: "node", style: { label: "data(name)", "background-color": "data(colour)", width: "data(size)",
        height: "data(size)", "font-size": 11, color: "#1d2430", "text-valign": "bottom", "text-margin-y": 3 } },
      { selector: "node.focus", style: { "border-width": 3, "border-color": "#111" } },
      { selector: "edge", style: { width: "data(width)", "line-color": "#9aa5b1", "target-arrow-color": "#9aa5b1",
        "target-arrow-shape": options.directed === false ? "none" : "triangle", "curve-style": "bezier",
        opacity: 0.8 } },
    ],
    layout: { name: nodes.length > 1 ? "cose" : "grid", animate: false, randomize: false, fit: true, padding: 24 },
  });
  cy.on("tap", "node", (event) => { window.location.href = `/actors/${encodeURIComponent(event.target.id())}`; });
  container.dataset.ready = "true";
  return cy;
}
