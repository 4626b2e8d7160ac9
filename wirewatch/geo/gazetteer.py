"""The gazetteer index, looked up where it lies: an SQLite file opened read-only in milliseconds.

Nothing is loaded whole: each lookup reads one B-tree row of the name table and the place rows it
points to, so every process (and every ``--workers`` process) shares the file through the page cache
instead of holding 282k places as Python objects. Recent lookups are kept in a small per-process cache.
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import threading
from array import array
from pathlib import Path
from typing import NamedTuple

from ..errors import WirewatchError
from .build import FORMAT_VERSION, build_gazetteer, default_path, stderr_progress
from .names import normalise_name

_CACHE_SIZE = 50_000


class Candidate(NamedTuple):
    """One gazetteer entry a name can refer to; ``primary`` when the name is its main name.

    ``name`` is the name readers use ('Iran', 'Termez'); ``official`` the gazetteer's own one. A named
    tuple: lookups build thousands, four times faster than a frozen dataclass.
    """

    index: int
    name: str
    lat: float
    lon: float
    country: str
    geonames_id: int
    feature: str
    population: int
    source: str
    source_id: str
    admin1: str
    official: str
    primary: bool


_PLACE_COLUMNS = "idx, name, lat, lon, country, geonames_id, feature, population, source, source_id, admin1, official"


class Gazetteer:
    """Name → candidate places, plus country, demonym, border and outline tables."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._pid = os.getpid()
        meta = {k: json.loads(v) for k, v in self._db().execute("SELECT key, value FROM meta")}
        if meta.get("version") != FORMAT_VERSION:
            raise _Stale(f"{path}: gazetteer index version {meta.get('version')}, expected {FORMAT_VERSION}")
        self._countries: dict[str, int] = meta["countries"]
        self._admin1: dict[str, int] = meta["admin1"]
        self._demonyms: dict[str, str] = meta["demonyms"]
        self._borders: dict[str, list[float]] = meta["borders"]
        self._boxes: dict[str, list[float]] = meta["boxes"]
        self._regions: dict[str, list[int]] | None = None
        self._names: dict[str, tuple[int, ...]] = {}
        self._found: dict[str, tuple[Candidate, ...]] = {}
        self._rows: dict[int, tuple] = {}

    @classmethod
    def load(cls, path: Path | None = None, progress: bool | None = None) -> Gazetteer:
        """Open the index at ``path`` (default cache location), building it first when missing or stale."""
        path = Path(path) if path else default_path()
        show = sys.stderr.isatty() if progress is None else progress
        try:
            return cls(path)
        except (_Stale, sqlite3.DatabaseError, WirewatchError):
            _build_once(path, show)
            return cls(path)

    def _db(self) -> sqlite3.Connection:
        """This thread's read-only connection (reopened in a forked worker)."""
        con = getattr(self._local, "con", None)
        if con is None or self._pid != os.getpid():
            if self._pid != os.getpid():
                self._local, self._pid = threading.local(), os.getpid()
            try:
                con = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True, check_same_thread=False)
            except sqlite3.OperationalError as exc:
                raise WirewatchError(f"{self.path}: cannot open the gazetteer index ({exc}); "
                                     "rebuild it with `python -m wirewatch.geo`") from exc
            self._local.con = con
        return con

    def _codes(self, key: str) -> tuple[int, ...]:
        codes = self._names.get(key)
        if codes is None:
            row = self._db().execute("SELECT codes FROM names WHERE key = ?", (key,)).fetchone()
            codes = tuple(array("i", row[0])) if row else ()
            if len(self._names) >= _CACHE_SIZE:
                self._names.clear()
            self._names[key] = codes
        return codes

    def _place_rows(self, indices: list[int]) -> dict[int, tuple]:
        missing = [i for i in indices if i not in self._rows]
        if missing:
            if len(self._rows) >= _CACHE_SIZE:
                self._rows.clear()
            db = self._db()
            for start in range(0, len(missing), 500):
                chunk = missing[start : start + 500]
                marks = ",".join("?" * len(chunk))
                for row in db.execute(f"SELECT {_PLACE_COLUMNS} FROM places WHERE idx IN ({marks})", chunk):
                    self._rows[row[0]] = row
        return {i: self._rows[i] for i in indices if i in self._rows}

    def _candidates(self, codes) -> list[Candidate]:
        rows = self._place_rows([c >> 1 for c in codes])
        return [Candidate(*rows[c >> 1], primary=bool(c & 1)) for c in codes if (c >> 1) in rows]

    def lookup(self, name: str) -> list[Candidate]:
        """All places called ``name`` (normalised), best-populated first."""
        key = normalise_name(name)
        found = self._found.get(key)
        if found is None:
            codes = self._codes(key)
            found = tuple(self._candidates(codes)) if codes else ()
            if len(self._found) >= _CACHE_SIZE:
                self._found.clear()
            self._found[key] = found
        return list(found)

    def has(self, name: str) -> bool:
        return bool(self._codes(normalise_name(name)))

    def place(self, index: int) -> Candidate | None:
        """The entry at ``index`` (as named by its main name)."""
        return next(iter(self._candidates([index * 2 + 1])), None)

    def country(self, alpha3: str) -> Candidate | None:
        """The country entry for an ISO alpha-3 code."""
        idx = self._countries.get(alpha3)
        return None if idx is None else self.place(idx)

    def admin1(self, key: str) -> Candidate | None:
        """The first-level subdivision for a GeoNames admin1 key like 'US.TX'."""
        idx = self._admin1.get(key)
        return None if idx is None else self.place(idx)

    def regions(self, alpha3: str) -> list[Candidate]:
        """The first-level subdivisions of a country."""
        if self._regions is None:
            by_country: dict[str, list[int]] = {}
            for idx, row in self._place_rows(list(self._admin1.values())).items():
                by_country.setdefault(row[4], []).append(idx)
            self._regions = by_country
        return self._candidates([i * 2 + 1 for i in self._regions.get(alpha3, ())])

    def demonym(self, word: str) -> str | None:
        """ISO alpha-3 of the country a demonym/adjective refers to ('Tajik' → 'TJK')."""
        return self._demonyms.get(normalise_name(word))

    def box(self, alpha3: str) -> tuple[float, float, float, float] | None:
        """(south, west, north, east) of a country's main landmass."""
        box = self._boxes.get(alpha3)
        return tuple(box) if box else None

    def border_point(self, a3: str, b3: str) -> tuple[float, float] | None:
        """A point on the land border of two neighbouring countries, if they share one."""
        point = self._borders.get("|".join(sorted((a3, b3))))
        return tuple(point) if point else None


def _build_once(path: Path, show: bool) -> None:
    """Build the index unless another process (a ``--workers`` sibling) did while we waited for the lock."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_name(path.name + ".lock"), "w") as lock:
        try:
            import fcntl

            fcntl.flock(lock, fcntl.LOCK_EX)
        except ImportError:  # not POSIX: build without a lock (the file is still replaced atomically)
            pass
        try:
            Gazetteer(path)
            return
        except (_Stale, sqlite3.DatabaseError, WirewatchError):
            if not show:
                sys.stderr.write(f"building the gazetteer index {path} (first use, about half a minute of CPU)\n")
            build_gazetteer(path, stderr_progress() if show else None)


class _Stale(Exception):
    """The index file was written by another version of the builder."""


_LOCK = threading.Lock()
_LOADED: dict[str, Gazetteer] = {}


def get_gazetteer(path: Path | None = None) -> Gazetteer:
    """The process-wide gazetteer (opened, or built then opened, on first use)."""
    key = str(path or default_path())
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = Gazetteer.load(path)
        return _LOADED[key]
