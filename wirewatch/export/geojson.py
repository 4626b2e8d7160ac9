"""GeoJSON (RFC 7946) of located places and of events at a located place; opens in QGIS.

One FeatureCollection of Point features, coordinates ``[longitude, latitude]`` in WGS 84. Every feature has
the record's id as its ``id`` and a ``record`` property (``place`` or ``event``); places carry how many
mentions name them and how many events happened there, events carry their canonical fields plus the names
of their actors and place. Places without coordinates (or with impossible ones) are left out, and so are
events at them.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterator
from typing import IO

from ..store import Store, reads
from .jsonl import PLACE, iter_records


def _point(place: dict) -> dict | None:
    """An RFC 7946 Point for a place, or None when its coordinates are missing or out of range."""
    lon, lat = place.get("lon"), place.get("lat")
    if lon is None or lat is None or not (math.isfinite(lon) and math.isfinite(lat)):
        return None
    if not (-180 <= lon <= 180 and -90 <= lat <= 90):
        return None
    return {"type": "Point", "coordinates": [lon, lat]}


def geojson_features(store: Store) -> Iterator[dict]:
    """Located places (with their mention and event counts), then the events at them, as GeoJSON features."""
    events = list(iter_records(store, {"event"}))
    at_place = Counter(e["place_id"] for e in events if e["place_id"])
    places, _ = reads.places(store, located=True, limit=None)
    located = {}
    for place in places:
        point = _point(place)
        if point is None:
            continue
        located[place["id"]] = (place, point)
        fields = {k: place[k] for k in PLACE if k not in ("lat", "lon")}
        yield _feature(place["id"], point, {"record": "place", **fields, "mentions": place["mentions"],
                                           "events": at_place[place["id"]]})
    events = [e for e in events if e["place_id"] in located]
    names = reads.actor_names(store, [a for e in events for a in (*e["source_actor_ids"], *e["target_actor_ids"]) if a])

    def name(actor_id: str | None) -> str | None:
        return names.get(actor_id, {}).get("name") if actor_id else None

    for event in events:
        place, point = located[event["place_id"]]
        yield _feature(event["id"], point, {
            "record": "event", **{k: v for k, v in event.items() if k != "type"}, "place_name": place["name"],
            "source_actors": [name(a) for a in event["source_actor_ids"]],
            "target_actors": [name(a) for a in event["target_actor_ids"]]})


def _feature(feature_id: str, point: dict, properties: dict) -> dict:
    return {"type": "Feature", "id": feature_id, "geometry": point, "properties": properties}


def export_geojson(store: Store, out: IO[str]) -> int:
    """Write a GeoJSON FeatureCollection of places and located events; return the number of features."""
    features = list(geojson_features(store))
    json.dump({"type": "FeatureCollection", "features": features}, out, ensure_ascii=False, allow_nan=False)
    out.write("\n")
    return len(features)
