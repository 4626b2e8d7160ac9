"""A static map as SVG, drawn offline: country outlines from the bundled world-atlas GeoJSON
(web/static/vendor/countries.geojson) in an equirectangular projection, with the report's places as dots."""

from __future__ import annotations

import json
import math
from functools import lru_cache
from importlib import resources
from xml.sax.saxutils import escape, quoteattr

WIDTH, MAX_HEIGHT, MIN_HEIGHT = 800, 520, 260
MIN_SPAN = 6.0  # degrees: a single place still shows its surroundings


@lru_cache(maxsize=1)
def countries() -> list[tuple[str, tuple[float, float, float, float], list[list[tuple[float, float]]]]]:
    """(name, bbox (lon0, lat0, lon1, lat1), rings) per country, read once per process."""
    raw = resources.files("wirewatch").joinpath("web/static/vendor/countries.geojson").read_text("utf-8")
    out = []
    for feature in json.loads(raw)["features"]:
        geom = feature["geometry"] or {}
        polygons = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polygons = [polygons]
        rings = [[(float(x), float(y)) for x, y in ring] for poly in polygons for ring in poly]
        if not rings:
            continue
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        out.append(((feature.get("properties") or {}).get("name", ""), (min(xs), min(ys), max(xs), max(ys)), rings))
    return out


def _view(points: list[tuple[float, float]]) -> tuple[float, float, float, float]:
    """Lon/lat bounds around the points, padded, at least ``MIN_SPAN`` wide and tall."""
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    lon0, lon1, lat0, lat1 = min(lons), max(lons), min(lats), max(lats)
    pad_lon, pad_lat = max((lon1 - lon0) * 0.15, (MIN_SPAN - (lon1 - lon0)) / 2, 1.0), \
        max((lat1 - lat0) * 0.15, (MIN_SPAN - (lat1 - lat0)) / 2, 1.0)
    return (max(lon0 - pad_lon, -180.0), max(lat0 - pad_lat, -85.0), min(lon1 + pad_lon, 180.0),
            min(lat1 + pad_lat, 85.0))


def map_svg(places: list[dict], labels: int = 15) -> str | None:
    """An SVG map of the located ``places`` (dicts with name, lat, lon, mentions, events); None when none is
    located. Dot area grows with mentions + events; the ``labels`` busiest places are named."""
    located = [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    if not located:
        return None
    lon0, lat0, lon1, lat1 = _view([(p["lon"], p["lat"]) for p in located])
    k = math.cos(math.radians((lat0 + lat1) / 2))
    scale = WIDTH / ((lon1 - lon0) * k)
    height = (lat1 - lat0) * scale
    if height > MAX_HEIGHT:  # too tall: widen the view instead
        scale = MAX_HEIGHT / (lat1 - lat0)
        extra = (WIDTH / (scale * k) - (lon1 - lon0)) / 2
        lon0, lon1, height = lon0 - extra, lon1 + extra, MAX_HEIGHT
    elif height < MIN_HEIGHT:
        extra = (MIN_HEIGHT / scale - (lat1 - lat0)) / 2
        lat0, lat1, height = lat0 - extra, lat1 + extra, MIN_HEIGHT

    def xy(lon: float, lat: float) -> tuple[float, float]:
        return (lon - lon0) * k * scale, (lat1 - lat) * scale

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height:.0f}" '
             f'viewBox="0 0 {WIDTH} {height:.0f}" font-family="DejaVu Sans, Arial, sans-serif">',
             f'<rect width="{WIDTH}" height="{height:.0f}" fill="#dbe9f4"/>']
    for name, (bx0, by0, bx1, by1), rings in countries():
        if bx1 < lon0 or bx0 > lon1 or by1 < lat0 or by0 > lat1:
            continue
        d = " ".join("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in (xy(*pt) for pt in ring)) + " Z"
                     for ring in rings)
        parts.append(f'<path d="{d}" fill="#f4f1ea" stroke="#9a9a9a" stroke-width="0.6">'
                     f'<title>{escape(name)}</title></path>')
    busiest = sorted(located, key=lambda p: -(p.get("mentions", 0) + p.get("events", 0)))
    named = {id(p) for p in busiest[:labels]}
    for p in reversed(busiest):
        x, y = xy(p["lon"], p["lat"])
        weight = p.get("mentions", 0) + p.get("events", 0)
        r = 3 + 2.2 * math.sqrt(max(weight, 1))
        colour = "#c0392b" if p.get("events") else "#2c6fbb"
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{min(r, 18):.1f}" fill={quoteattr(colour)} '
                     f'fill-opacity="0.75" stroke="#ffffff" stroke-width="1"><title>{escape(p["name"])}</title></circle>')
        if id(p) in named:
            at = f'x="{x + min(r, 18) + 3:.1f}" y="{y + 4:.1f}" font-size="12"'
            parts.append(f'<text {at} fill="#ffffff" stroke="#ffffff" stroke-width="3">{escape(p["name"])}</text>'
                         f'<text {at} fill="#1d1d1d">{escape(p["name"])}</text>')
    parts.append(f'<text x="6" y="{height - 6:.0f}" font-size="10" fill="#555555">'
                 f'Outlines: world-atlas (Natural Earth). Red: places with events; blue: named places.</text>')
    parts.append("</svg>")
    return "".join(parts)
