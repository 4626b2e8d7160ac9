"""The canonical records as flat tables, one per record type, for the CSV and Parquet exports.

A table's columns are the fields of its records (the canonical JSONL contract) in the same order, without
``type``. Writers get rows streamed to them and never hold a whole table in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Protocol

from ..errors import InputError
from ..store import Store
from .jsonl import RECORD_TYPES, iter_records

#: Record type → table (file) name.
TABLE_NAMES = {kind: {"timex": "timexes", "story": "stories"}.get(kind, f"{kind}s") for kind in RECORD_TYPES}

#: Known columns of each record type and their kind: str, int, float, bool, date, timestamp, ids (a list of
#: ids), strs (a list of strings) or nested (a list of objects). Fields not listed here (added to the
#: records later) are exported too; their type is inferred.
COLUMNS: dict[str, dict[str, str]] = {
    "article": {"id": "str", "title": "str", "source": "str", "url": "str", "published": "date",
                "language": "str", "text": "str", "author": "str", "origin": "str", "ingested_at": "timestamp",
                "dateline": "str", "title_derived": "bool"},
    "relation": {"kind": "str", "a": "str", "b": "str", "similarity": "float"},
    "actor": {"id": "str", "name": "str", "kind": "str", "country": "str", "code": "str", "aliases": "strs",
              "roles": "nested"},
    "mention": {"id": "str", "article_id": "str", "actor_id": "str", "place_id": "str", "start": "int",
                "end": "int", "text": "str", "label": "str", "kind": "str", "confidence": "float", "language": "str"},
    "place": {"id": "str", "name": "str", "lat": "float", "lon": "float", "country": "str",
              "geonames_id": "int", "feature": "str", "source": "str", "official": "str", "linear": "bool"},
    "timex": {"id": "str", "article_id": "str", "start": "int", "end": "int", "text": "str", "value": "str",
              "precision": "str", "future": "bool", "timex_type": "str", "language": "str"},
    "quote": {"id": "str", "article_ids": "ids", "text": "str", "speaker_actor_id": "str",
              "speaker_text": "str", "direct": "bool", "start": "int", "end": "int", "cue": "str",
              "sources": "nested", "language": "str", "languages": "strs"},
    "event": {"id": "str", "event_type": "str", "mode": "str", "cameo": "str", "source_actor_ids": "ids",
              "target_actor_ids": "ids", "place_id": "str", "date": "str", "date_precision": "str",
              "status": "str", "quantity": "str", "corroboration": "int", "article_ids": "ids",
              "disagreements": "nested", "reports": "nested", "language": "str", "languages": "strs"},
    "control": {"id": "str", "place_id": "str", "controller_actor_id": "str", "as_of": "str", "status": "str",
                "article_id": "str", "start": "int", "end": "int", "article_ids": "ids", "confidence": "float",
                "language": "str"},
    "story": {"id": "str", "title": "str", "article_id": "str", "first_published": "date",
              "last_published": "date", "size": "int", "article_ids": "ids", "members": "nested",
              "actor_ids": "ids", "place_ids": "ids"},
}


class TableWriter(Protocol):
    def write(self, row: dict) -> None: ...

    def close(self) -> None: ...


#: Opens the writer of one table: (directory, record type, column names) → writer.
OpenWriter = Callable[[Path, str, list[str]], TableWriter]


def prepare_dir(out_dir: Path) -> Path:
    """The output directory, created when missing; an existing file in its place is an error."""
    if out_dir.exists() and not out_dir.is_dir():
        raise InputError(str(out_dir), "is a file; give a directory to write one file per record type into")
    out_dir.mkdir(parents=True, exist_ok=True)
    return out_dir


def write_tables(store: Store, out_dir: Path, open_writer: OpenWriter,
                 records: Iterable[dict] | None = None) -> dict[str, int]:
    """Route every canonical record to its table's writer; every record type gets a file, even an empty one.

    Returns table name → rows written.
    """
    prepare_dir(out_dir)
    writers: dict[str, TableWriter] = {}
    counts = {TABLE_NAMES[kind]: 0 for kind in RECORD_TYPES}
    try:
        for record in iter_records(store) if records is None else records:
            kind = record["type"]
            row = {k: v for k, v in record.items() if k != "type"}
            if kind not in writers:
                writers[kind] = open_writer(out_dir, kind, list(row))
            writers[kind].write(row)
            counts[TABLE_NAMES[kind]] += 1
        for kind in RECORD_TYPES:
            if kind not in writers:
                writers[kind] = open_writer(out_dir, kind, list(COLUMNS[kind]))
    finally:
        for writer in writers.values():
            writer.close()
    return counts
