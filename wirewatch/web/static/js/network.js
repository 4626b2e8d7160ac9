// The network page: actors linked by the events between them, optionally of one type.
import { getJSON, say } from "./dom.js";
import { drawGraph } from "./graph.js";

const box = document.getElementById("network");
const status = document.getElementById("network-status");

async function load() {
  const params = new URLSearchParams();
  if (box.dataset.type) params.set("type", box.dataset.type);
  try {
    const graph = await getJSON(`/api/graph?${params}`);
    if (!graph.nodes.length) {
      say(status, "No events between actors yet.");
      box.classList.add("is-empty");
      box.dataset.ready = "true";
      return;
    }
    window.wirewatchGraph = drawGraph(box, graph.nodes, graph.edges);
    const shown = graph.edges.length < graph.total_edges ? ` (the ${graph.edges.length} heaviest shown)` : "";
    say(status, `${graph.nodes.length} actors, ${graph.total_edges} links${shown}. Click an actor to open it.`);
  } catch (error) {
    say(status, `Could not load the network: ${error.message}`);
  }
}

load();
