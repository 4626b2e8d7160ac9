"""Exports of the store: the canonical JSONL dump (and its import) plus formats other tools open.

Each format lives in its own module. ``FORMATS`` maps a ``--format`` name to its writer: a ``stream``
writer takes an open text stream (a file or stdout), a ``directory`` writer a folder it fills with one file
per record type. Adding a format is one module and one line here. The writers' modules (networkx, pyarrow,
the resolution code) are imported when first used, so listing the formats costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib import import_module


@dataclass(frozen=True)
class Format:
    """One export format: its writer ("module:function", loaded on first use), whether it writes a stream or
    a directory, what it counts, a help line."""

    writer: str
    target: str  # "stream" | "directory"
    unit: str
    help: str

    @property
    def write(self) -> Callable:
        module, _, name = self.writer.partition(":")
        return getattr(import_module(f"{__name__}.{module}"), name)


FORMATS: dict[str, Format] = {
    "jsonl": Format("jsonl:export_jsonl", "stream", "records", "the canonical dump, one JSON object per line"),
    "csv": Format("csvfiles:export_csv", "directory", "rows", "one CSV file per record type (pandas, spreadsheets)"),
    "parquet": Format("parquet:export_parquet", "directory", "rows",
                      "one Parquet file per record type (pandas, pyarrow)"),
    "geojson": Format("geojson:export_geojson", "stream", "features", "places and located events (QGIS)"),
    "gexf": Format("graph:export_gexf", "stream", "actors and edges", "the actor network (Gephi, networkx)"),
    "graphml": Format("graph:export_graphml", "stream", "actors and edges",
                      "the actor network (Gephi, yEd, networkx)"),
    "plover": Format("plover:export_plover", "stream", "events", "events merged across sources as PLOVER-JSON records"),
}

#: Public names and the module each comes from (imported on first access).
_LAZY = {
    "RECORD_TYPES": "jsonl", "export_jsonl": "jsonl", "import_jsonl": "jsonl", "iter_records": "jsonl",
    "export_csv": "csvfiles", "export_geojson": "geojson", "geojson_features": "geojson",
    "actor_network": "graph", "export_gexf": "graph", "export_graphml": "graph",
    "export_parquet": "parquet", "export_plover": "plover",
}

__all__ = ["FORMATS", "Format", *_LAZY]


def __getattr__(name: str):
    if name in _LAZY:
        value = getattr(import_module(f"{__name__}.{_LAZY[name]}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
