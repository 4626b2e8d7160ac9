"""The gazetteer index: loaded once per process, looked up by normalised name."""

from __future__ import annotations

import marshal
import threading
from dataclasses import dataclass
from pathlib import Path

from .build import FORMAT_VERSION, build_gazetteer, default_path
from .names import normalise_name


@dataclass(frozen=True, slots=True)
class Candidate:
    """One gazetteer entry a name can refer to; ``primary`` when the name is its main name."""

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
    primary: bool


class Gazetteer:
    """Name → candidate places, plus country and demonym tables."""

    def __init__(self, data: dict) -> None:
        self._places = data["places"]
        self._names = data["names"]
        self._countries = data["countries"]
        self._admin1 = data["admin1"]
        self._demonyms = data["demonyms"]
        self._borders = data["borders"]
        self._boxes = data["boxes"]
        self._regions: dict[str, list[int]] | None = None

    @classmethod
    def load(cls, path: Path | None = None) -> Gazetteer:
        """Read the index file at ``path`` (default cache location), building it first when missing."""
        path = Path(path) if path else default_path()
        if not path.is_file():
            build_gazetteer(path)
        data = marshal.loads(path.read_bytes())
        if data.get("version") != FORMAT_VERSION:
            data = marshal.loads(build_gazetteer(path).read_bytes())
        return cls(data)

    def _candidate(self, code: int) -> Candidate:
        row = self._places[code >> 1]
        return Candidate(code >> 1, *row, primary=bool(code & 1))

    def lookup(self, name: str) -> list[Candidate]:
        """All places called ``name`` (normalised), best-populated first."""
        codes = self._names.get(normalise_name(name), ())
        return sorted((self._candidate(c) for c in codes), key=lambda c: -c.population)

    def has(self, name: str) -> bool:
        return normalise_name(name) in self._names

    def country(self, alpha3: str) -> Candidate | None:
        """The country entry for an ISO alpha-3 code."""
        idx = self._countries.get(alpha3)
        return None if idx is None else self._candidate(idx * 2 + 1)

    def admin1(self, key: str) -> Candidate | None:
        """The first-level subdivision for a GeoNames admin1 key like 'US.TX'."""
        idx = self._admin1.get(key)
        return None if idx is None else self._candidate(idx * 2 + 1)

    def regions(self, alpha3: str) -> list[Candidate]:
        """The first-level subdivisions of a country."""
        if self._regions is None:
            by_country: dict[str, list[int]] = {}
            for idx in self._admin1.values():
                by_country.setdefault(self._places[idx][3], []).append(idx)
            self._regions = by_country
        return [self._candidate(i * 2 + 1) for i in self._regions.get(alpha3, ())]

    def demonym(self, word: str) -> str | None:
        """ISO alpha-3 of the country a demonym/adjective refers to ('Tajik' → 'TJK')."""
        return self._demonyms.get(normalise_name(word))

    def box(self, alpha3: str) -> tuple[float, float, float, float] | None:
        """(south, west, north, east) of a country's main landmass."""
        return self._boxes.get(alpha3)

    def border_point(self, a3: str, b3: str) -> tuple[float, float] | None:
        """A point on the land border of two neighbouring countries, if they share one."""
        return self._borders.get("|".join(sorted((a3, b3))))


_LOCK = threading.Lock()
_LOADED: dict[str, Gazetteer] = {}


def get_gazetteer(path: Path | None = None) -> Gazetteer:
    """The process-wide gazetteer (loaded, or built then loaded, on first use)."""
    key = str(path or default_path())
    with _LOCK:
        if key not in _LOADED:
            _LOADED[key] = Gazetteer.load(path)
        return _LOADED[key]
