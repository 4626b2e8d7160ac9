"""Parquet export (pyarrow): one file per record type in a directory, with real column types.

Counts are int64, scores and coordinates float64, flags bool, ``published`` a date, ``ingested_at`` a UTC
timestamp, id lists ``list<string>``, and nested objects (actor ``roles``, quote ``sources``, event
``reports`` and ``disagreements``) lists of structs. Partial dates (``2021-05``, ``XXXX-05-02``) stay strings.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from ..store import Store
from .jsonl import EVENT_REPORT, QUOTE_SOURCE
from .tables import COLUMNS, TABLE_NAMES, write_tables

BATCH = 1000
_SPAN_INTS = {"start", "end", "speaker_start", "speaker_end"}


def _struct_list(fields) -> pa.DataType:
    return pa.list_(pa.struct([(f, pa.int64() if f in _SPAN_INTS else pa.string()) for f in fields]))


SCALARS = {"str": pa.string(), "int": pa.int64(), "float": pa.float64(), "bool": pa.bool_(),
           "date": pa.date32(), "timestamp": pa.timestamp("us", tz="UTC"), "ids": pa.list_(pa.string()),
           "strs": pa.list_(pa.string())}
NESTED = {
    ("actor", "roles"): _struct_list(("title", "organization", "country", "article_id", "date", "start", "end")),
    ("quote", "sources"): _struct_list(QUOTE_SOURCE),
    ("event", "reports"): pa.list_(pa.struct(
        [(f, pa.int64() if f in _SPAN_INTS else pa.list_(pa.string()) if f.endswith("_ids")
          else pa.float64() if f == "confidence" else pa.string()) for f in EVENT_REPORT])),
    ("story", "members"): pa.list_(pa.struct([("article_id", pa.string()), ("score", pa.float64()),
                                              ("reason", pa.string())])),
    ("event", "disagreements"): pa.list_(pa.struct([
        ("field", pa.string()),
        ("values", pa.list_(pa.struct([("value", pa.string()), ("article_ids", pa.list_(pa.string()))])))])),
}
_PARSE = {"date": date.fromisoformat, "timestamp": datetime.fromisoformat}


def column_type(kind: str, column: str, sample: list) -> pa.DataType:
    """The Arrow type of a column: from the known columns, else inferred from sample values (string if none)."""
    known = COLUMNS.get(kind, {}).get(column)
    if known == "nested":
        return NESTED[(kind, column)]
    if known:
        return SCALARS[known]
    inferred = pa.array(sample).type
    return pa.string() if pa.types.is_null(inferred) else inferred


class _ParquetTable:
    def __init__(self, out_dir: Path, kind: str, columns: list[str]):
        self.path = out_dir / f"{TABLE_NAMES[kind]}.parquet"
        self.kind, self.columns = kind, columns
        self.parsers = {c: _PARSE[COLUMNS[kind][c]] for c in columns
                        if COLUMNS.get(kind, {}).get(c) in _PARSE}
        self.rows: list[dict] = []
        self.schema: pa.Schema | None = None
        self.writer: pq.ParquetWriter | None = None

    def write(self, row: dict) -> None:
        for column, parse in self.parsers.items():
            if isinstance(row.get(column), str):
                row[column] = parse(row[column])
        self.rows.append(row)
        if len(self.rows) >= BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.schema is None:
            self.schema = pa.schema([(c, column_type(self.kind, c, [r.get(c) for r in self.rows]))
                                     for c in self.columns])
            self.writer = pq.ParquetWriter(self.path, self.schema)
        self.writer.write_table(pa.Table.from_pylist(self.rows, schema=self.schema))
        self.rows = []

    def close(self) -> None:
        try:
            self._flush()
        finally:
            if self.writer is not None:
                self.writer.close()


def export_parquet(store: Store, out_dir: Path) -> dict[str, int]:
    """Write ``<table>.parquet`` for every record type into ``out_dir``; return table name → rows written."""
    return write_tables(store, Path(out_dir), _ParquetTable)
