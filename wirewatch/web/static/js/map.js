// The map: a Natural Earth basemap (no tile server), event counts per place, and the control layer — who
// holds each place as of the slider's date, every claim's evidence, outlet and confidence on click, and
// contested places (different controllers claimed by different sources) drawn as a dashed red ring.
import { colourOf, el, getJSON, link, say } from "./dom.js";

const box = document.getElementById("map");
const status = document.getElementById("map-status");
const slider = document.getElementById("as-of-slider");
const sliderLabel = document.getElementById("as-of-label");
const controlList = document.getElementById("map-controls");
const map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 12 }).setView([30, 15], 2);
map.attributionControl.setPrefix(false);
map.attributionControl.addAttribution("Natural Earth");
window.wirewatchMap = map;
const controls = L.featureGroup();

async function basemap() {
  const countries = await getJSON("/static/vendor/countries.geojson");
  L.geoJSON(countries, {
    style: { color: "#8a94a6", weight: 0.6, fillColor: "#e9edf2", fillOpacity: 1 },
    interactive: false,
  }).addTo(map);
}

function eventMarkers(rows) {
  const layer = L.featureGroup();
  for (const p of rows) {
    const marker = L.circleMarker([p.lat, p.lon], {
      radius: 4 + 3 * Math.sqrt(p.events), color: "#b3261e", weight: 1, fillColor: "#e4572e", fillOpacity: 0.55,
    });
    marker.bindTooltip(el("span", {}, `${p.name}: ${p.events} event${p.events === 1 ? "" : "s"}`));
    marker.on("click", () => { window.location.href = `/timeline?place=${encodeURIComponent(p.id)}`; });
    marker.placeId = p.id;
    layer.addLayer(marker);
  }
  return layer;
}

function claimItem(c) {
  const confidence = c.confidence === null || c.confidence === undefined ? "not scored" : c.confidence.toFixed(2);
  return el("li", { class: "claim" },
    el("blockquote", { class: "evidence" }, c.sentence.before, el("mark", {}, c.sentence.span), c.sentence.after),
    el("span", { class: "meta" }, `${c.controller_name} · ${c.status} · ${c.when} · `,
      link(`/articles/${encodeURIComponent(c.article_id)}`, c.source || c.article_title || "article"),
      ` · confidence ${confidence}`));
}

function popup(p) {
  const head = p.contested ? `${p.place_name}: contested` : `${p.place_name}: ${p.status} by ${p.controller_name}`;
  return el("div", { class: "claim-popup" }, el("strong", {}, head), el("ul", { class: "list compact" },
    ...p.claims.map(claimItem)));
}

function drawControls(layer) {
  controls.clearLayers();
  controlList.replaceChildren();
  for (const p of layer.places) {
    const marker = L.circleMarker([p.lat, p.lon], p.contested
      ? { radius: 9, color: "#b3261e", weight: 3, dashArray: "4 3", fillColor: "#ffffff", fillOpacity: 0.9,
        className: "contested" }
      : { radius: 7, color: "#222", weight: 2, fillColor: colourOf(p.controller?.id || p.controller_name),
        fillOpacity: 0.9, className: "held" });
    marker.bindTooltip(el("span", {}, p.contested ? `${p.place_name}: contested`
      : `${p.place_name}: ${p.status} by ${p.controller_name} (${p.when || "undated"})`));
    marker.bindPopup(() => popup(p), { maxWidth: 360 });
    marker.placeId = p.place_id;
    controls.addLayer(marker);
    const holder = p.controller ? link(`/actors/${encodeURIComponent(p.controller.id)}`, p.controller_name)
      : p.controller_name;
    const item = p.contested
      ? el("li", { class: "control contested", "data-place": p.place_id }, `${p.place_name} — `,
        el("strong", {}, "contested"), ": ",
        p.claims.filter((c) => c.claimed === p.claimed).map((c) => `${c.controller_name} (${c.source || "unknown source"})`).join(" vs "))
      : el("li", { class: "control", "data-place": p.place_id }, `${p.place_name} — ${p.status} — `, holder, " ",
        el("span", { class: "muted" }, p.when || "undated"));
    item.append(el("details", { class: "claims" }, el("summary", {}, `${p.claims.length} claim${p.claims.length === 1 ? "" : "s"}`),
      el("ul", { class: "list compact" }, ...p.claims.map(claimItem))));
    controlList.append(item);
  }
  box.dataset.asOf = layer.as_of || "";
}

async function loadControls(asOf) {
  const params = new URLSearchParams();
  if (asOf) params.set("as_of", asOf);
  const layer = await getJSON(`/api/control?${params}`);
  drawControls(layer);
  return layer;
}

function watchSlider() {
  if (!slider) return;
  const dates = slider.dataset.dates.split(",");
  slider.addEventListener("input", () => { sliderLabel.textContent = dates[Number(slider.value)]; });
  slider.addEventListener("change", async () => {
    const asOf = dates[Number(slider.value)];
    const form = document.querySelector("#map-form input[name=as_of]");
    if (form) form.value = asOf;
    box.dataset.ready = "false";
    try {
      const layer = await loadControls(asOf);
      say(status, `${layer.places.length} places held as of ${asOf}`);
    } catch (error) {
      say(status, `Could not load control claims: ${error.message}`);
    }
    box.dataset.ready = "true";
  });
}

async function load() {
  const params = new URLSearchParams();
  if (box.dataset.type) params.set("type", box.dataset.type);
  try {
    await basemap();
    const data = await getJSON(`/api/map?${params}`);
    const events = eventMarkers(data.events);
    const layer = await loadControls(box.dataset.asOf);
    events.addTo(map);
    controls.addTo(map);
    L.control.layers(null, { Events: events, "Who holds what": controls }, { collapsed: false }).addTo(map);
    const all = [...events.getLayers(), ...controls.getLayers()];
    const wanted = all.find((m) => m.placeId === box.dataset.place);
    if (wanted) {
      map.setView(wanted.getLatLng(), 5);
      wanted.openTooltip();
    } else if (all.length) {
      map.fitBounds(L.featureGroup(all).getBounds().pad(0.3), { maxZoom: 6 });
    }
    say(status, all.length ? `${data.events.length} places with events, ${layer.places.length} places with control claims`
      : "No located events or control claims yet.");
    watchSlider();
    box.dataset.ready = "true";
  } catch (error) {
    say(status, `Could not load the map: ${error.message}`);
  }
}

load();
