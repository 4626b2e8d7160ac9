"""CSV export: one file per record type (``articles.csv``, ``events.csv``…) in a directory.

Flattening, so every cell is text a spreadsheet or ``pandas.read_csv`` takes as it is:
lists of ids (``article_ids``, ``source_actor_ids``, ``target_actor_ids``) are joined with ``;`` (ids never
contain one); every other list or object (``aliases``, ``roles``, quote ``sources``, event ``evidence``)
is a JSON string; a missing value is an empty cell; booleans are ``True``/``False``. UTF-8, RFC 4180 quoting.
Read ids and codes as text (``dtype={"id": str, "cameo": str}``) so that leading zeros stay.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from ..store import Store
from .tables import COLUMNS, TABLE_NAMES, write_tables

ID_SEPARATOR = ";"


def flatten(kind: str, column: str, value):
    """One cell: ``;``-joined ids, JSON for other lists and objects, the value itself otherwise."""
    if value is None:
        return None
    if COLUMNS.get(kind, {}).get(column) == "ids":
        return ID_SEPARATOR.join(value)
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, ensure_ascii=False)
    return value


class _CsvTable:
    def __init__(self, out_dir: Path, kind: str, columns: list[str]):
        self.kind = kind
        self.handle = (out_dir / f"{TABLE_NAMES[kind]}.csv").open("w", encoding="utf-8", newline="")
        self.writer = csv.DictWriter(self.handle, fieldnames=columns)
        self.writer.writeheader()

    def write(self, row: dict) -> None:
        self.writer.writerow({k: flatten(self.kind, k, v) for k, v in row.items()})

    def close(self) -> None:
        self.handle.close()


def export_csv(store: Store, out_dir: Path) -> dict[str, int]:
    """Write ``<table>.csv`` for every record type into ``out_dir``; return table name → rows written."""
    return write_tables(store, Path(out_dir), _CsvTable)
