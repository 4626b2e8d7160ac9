// Copies the vendor packages the web app uses into wirewatch/web/static/vendor (committed, so a
// wheel carries them and users need no Node), and turns Natural Earth TopoJSON into a GeoJSON basemap.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { feature } from "topojson-client";

const here = dirname(fileURLToPath(import.meta.url));
const modules = join(here, "node_modules");
const out = join(here, "..", "wirewatch", "web", "static", "vendor");
mkdirSync(join(out, "images"), { recursive: true });

const copies = {
  "leaflet/dist/leaflet.js": "leaflet.js",
  "leaflet/dist/leaflet.css": "leaflet.css",
  "leaflet/dist/images/layers.png": "images/layers.png",
  "leaflet/dist/images/layers-2x.png": "images/layers-2x.png",
  "leaflet/LICENSE": "LICENSE.leaflet.txt",
  "cytoscape/dist/cytoscape.min.js": "cytoscape.min.js",
  "cytoscape/LICENSE": "LICENSE.cytoscape.txt",
  "swagger-ui-dist/swagger-ui-bundle.js": "swagger-ui-bundle.js",
  "swagger-ui-dist/swagger-ui.css": "swagger-ui.css",
  "swagger-ui-dist/LICENSE": "LICENSE.swagger-ui.txt",
  "world-atlas/LICENSE": "LICENSE.world-atlas.txt",
};
for (const [from, to] of Object.entries(copies)) copyFileSync(join(modules, from), join(out, to));

// Countries at 1:110m, coordinates rounded to 0.01° (about 1 km): small enough to ship.
const topo = JSON.parse(readFileSync(join(modules, "world-atlas/countries-110m.json"), "utf8"));
const round = (v) => (Array.isArray(v) ? v.map(round) : Math.round(v * 100) / 100);
const countries = feature(topo, topo.objects.countries);
for (const f of countries.features) f.geometry.coordinates = round(f.geometry.coordinates);
writeFileSync(join(out, "countries.geojson"), JSON.stringify(countries));
console.log(`vendor files written to ${out}`);
