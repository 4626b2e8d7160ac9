"""Named features the GeoNames-derived packages lack (rivers, bridges, crossings, dams, passes, bases,
regions, small border towns), read from ``wirewatch/data/places/features.tsv`` into the index."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

#: GeoNames feature codes of features that are lines or areas: their point is only representative, so a
#: town named on them places an event better (see ``extract.places``).
LINEAR = frozenset({"H.STM", "H.CNL", "H.STRT", "L.BRDR", "T.MTS", "T.VAL", "L.RGN", "L.AREA", "H.SEA",
                    "H.GULF", "H.LK", "H.OCN", "L.CONT"})


def features_path() -> Path:
    return Path(str(resources.files("wirewatch.data").joinpath("places").joinpath("features.tsv")))


def read_features(path: Path | None = None) -> list[dict]:
    """Rows of the features table (comment lines and the header skipped)."""
    rows = []
    with open(path or features_path(), encoding="utf-8") as fh:
        lines = [line.rstrip("\n") for line in fh if line.strip() and not line.startswith("#")]
    for line in lines[1:]:
        cells = (line.split("\t") + [""] * 8)[:8]
        name, aliases, feature, lat, lon, countries, on, _note = cells
        rows.append({"name": name, "aliases": [a for a in aliases.split("|") if a], "feature": feature,
                     "lat": float(lat), "lon": float(lon), "countries": [c for c in countries.split("|") if c],
                     "on": [t for t in on.split("|") if t]})
    return rows


def add_features(builder, path: Path | None = None) -> None:
    """Add each feature under its name and aliases; the first country is the one it is filed under."""
    for f in read_features(path):
        country = f["countries"][0] if f["countries"] else ""
        if f["feature"] != "P.PPL" and len(f["countries"]) > 1:
            country = ""  # shared by several states: no single country
        source_id = f"{f['feature']}:{f['name']}"
        row = (f["name"], f["lat"], f["lon"], country, 0, f["feature"], 0, "wirewatch", source_id, "")
        builder.add(row, [f["name"]], f["aliases"])
