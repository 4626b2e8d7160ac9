"""Exports of the store: the canonical JSONL dump (and its import) plus formats other tools open.

Each format lives in its own module. ``FORMATS`` maps a ``--format`` name to its writer: a ``stream``
writer takes an open text stream (a file or stdout), a ``directory`` writer a folder it fills with one file
per record type. Adding a format is one module and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from .csvfiles import export_csv
from .geojson import export_geojson, geojson_features
from .graph import actor_network, export_gexf, export_graphml
from .jsonl import RECORD_TYPES, export_jsonl, import_jsonl, iter_records
from .parquet import export_parquet
from .plover import export_plover


@dataclass(frozen=True)
class Format:
    """One export format: its writer, whether it writes a stream or a directory, what it counts, a help line."""

    write: Callable
    target: str  # "stream" | "directory"
    unit: str
    help: str


FORMATS: dict[str, Format] = {
    "jsonl": Format(export_jsonl, "stream", "records", "the canonical dump, one JSON object per line"),
    "csv": Format(export_csv, "directory", "rows", "one CSV file per record type (pandas, spreadsheets)"),
    "parquet": Format(export_parquet, "directory", "rows", "one Parquet file per record type (pandas, pyarrow)"),
    "geojson": Format(export_geojson, "stream", "features", "places and located events (QGIS)"),
    "gexf": Format(export_gexf, "stream", "actors and edges", "the actor network (Gephi, networkx)"),
    "graphml": Format(export_graphml, "stream", "actors and edges", "the actor network (Gephi, yEd, networkx)"),
    "plover": Format(export_plover, "stream", "events", "events merged across sources as PLOVER-JSON records"),
}

__all__ = ["FORMATS", "RECORD_TYPES", "Format", "actor_network", "export_csv", "export_geojson", "export_gexf",
           "export_graphml", "export_jsonl", "export_parquet", "export_plover", "geojson_features", "import_jsonl",
           "iter_records"]
