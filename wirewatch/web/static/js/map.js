// The map: a Natural Earth basemap (no tile server), event counts per place and who holds each place.
import { colourOf, el, getJSON, link, say } from "./dom.js";

const box = document.getElementById("map");
const status = document.getElementById("map-status");
const map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([30, 15], 2);
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution("Natural Earth");
window.wirewatchMap = map;

async function basemap() {
  const countries = await getJSON("/static/vendor/countries.geojson");
  L.geoJSON(countries, {
    style: { color: "#8a94a6", weight: 0.6, fillColor: "#e9edf2", fillOpacity: 1 },
    interactive: false,
  }).addTo(map);
}

function eventMarkers(rows, list) {
  const layer = L.featureGroup();
  for (const p of rows) {
    const marker = L.circleMarker([p.lat, p.lon], {
      radius: 4 + 3 * Math.sqrt(p.events), color: "#b3261e", weight: 1, fillColor: "#e4572e", fillOpacity: 0.55,
    });
    marker.bindTooltip(el("span", {}, `${p.name}: ${p.events} event${p.events === 1 ? "" : "s"}`));
    marker.on("click", () => { window.location.href = `/timeline?place=${encodeURIComponent(p.id)}`; });
    marker.placeId = p.id;
    layer.addLayer(marker);
    list.append(el("li", {}, link(`/timeline?place=${encodeURIComponent(p.id)}`, p.name), ` ${p.events}`));
  }
  return layer;
}

function controlMarkers(rows, list) {
  const layer = L.featureGroup();
  for (const c of rows) {
    const who = c.controller_name || "unknown";
    const marker = L.circleMarker([c.lat, c.lon], {
      radius: 7, color: "#222", weight: 2, fillColor: colourOf(c.controller_actor_id || who), fillOpacity: 0.9,
    });
    marker.bindTooltip(el("span", {}, `${c.place_name}: ${c.status} by ${who} (${c.claimed || "undated"})`));
    marker.placeId = c.place_id;
    layer.addLayer(marker);
    const holder = c.controller_actor_id ? link(`/actors/${encodeURIComponent(c.controller_actor_id)}`, who) : who;
    list.append(el("li", {}, `${c.place_name} — ${c.status} — `, holder,
      " ", el("span", { class: "muted" }, c.claimed || "undated")));
  }
  return layer;
}

async function load() {
  const params = new URLSearchParams();
  if (box.dataset.asOf) params.set("as_of", box.dataset.asOf);
  if (box.dataset.type) params.set("type", box.dataset.type);
  try {
    await basemap();
    const data = await getJSON(`/api/map?${params}`);
    const events = eventMarkers(data.events, document.getElementById("map-events"));
    const controls = controlMarkers(data.controls, document.getElementById("map-controls"));
    events.addTo(map);
    controls.addTo(map);
    L.control.layers(null, { Events: events, "Control claims": controls }, { collapsed: false }).addTo(map);
    const all = [...events.getLayers(), ...controls.getLayers()];
    const wanted = all.find((m) => m.placeId === box.dataset.place);
    if (wanted) {
      map.setView(wanted.getLatLng(), 5);
      wanted.openTooltip();
    } else if (all.length) {
      map.fitBounds(L.featureGroup(all).getBounds().pad(0.3), { maxZoom: 6 });
    }
    say(status, all.length ? `${data.events.length} places with events, ${data.controls.length} control claims`
      : "No located events or control claims yet.");
    box.dataset.ready = "true";
  } catch (error) {
    say(status, `Could not load the map: ${error.message}`);
  }
}

load();
