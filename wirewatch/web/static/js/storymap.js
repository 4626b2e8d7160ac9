// A story's map: the located places of its articles (server-listed in .story-places), offline basemap.
import { el, getJSON } from "./dom.js";

const box = document.getElementById("story-map");

async function load() {
  const map = L.map(box, { worldCopyJump: true, minZoom: 1, maxZoom: 10 }).setView([30, 15], 2);
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Natural Earth");
  const countries = await getJSON("/static/vendor/countries.geojson");
  L.geoJSON(countries, { style: { color: "#8a94a6", weight: 0.6, fillColor: "#e9edf2", fillOpacity: 1 },
    interactive: false }).addTo(map);
  const markers = L.featureGroup();
  for (const item of document.querySelectorAll(".story-places li")) {
    if (!item.dataset.lat) continue;
    const marker = L.circleMarker([Number(item.dataset.lat), Number(item.dataset.lon)],
      { radius: 6, color: "#b3261e", weight: 1, fillColor: "#e4572e", fillOpacity: 0.6 });
    marker.bindTooltip(el("span", {}, item.dataset.name));
    markers.addLayer(marker);
  }
  markers.addTo(map);
  if (markers.getLayers().length) map.fitBounds(markers.getBounds().pad(0.4), { maxZoom: 6 });
  box.dataset.ready = "true";
}

if (box) load();
