"""Regenerate states.tsv: ISO-3166 states from pycountry, demonyms and capitals from countryinfo.

Run ``python wirewatch/data/actors/build_states.py`` after editing ``states_overrides.tsv``;
it needs the dev-only package ``countryinfo`` (pycountry lacks demonyms and capitals).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pycountry
from countryinfo import all_countries

HERE = Path(__file__).resolve().parent
HEADER = ("code", "name", "aliases", "demonyms", "capitals")
# Capitals that are everyday English words or common given names; never matched.
SKIP_CAPITALS = {"Male", "Victoria", "Hamilton", "Kingston", "Georgetown", "Saint John's", "Washington D.C."}
_WORDLIKE = re.compile(r"^[A-Z][A-Za-z .'\-]+$")


def _usable(alias: str) -> bool:
    """Ascii, capitalised, not an ISO code (those are matched through the overrides only)."""
    return bool(_WORDLIKE.match(alias)) and len(alias) > 3 and "," not in alias


def _split(cell: str) -> list[str]:
    return [part for part in cell.split("|") if part]


def read_overrides() -> dict[str, list[str]]:
    """Rows of states_overrides.tsv keyed by code."""
    rows: dict[str, list[str]] = {}
    with open(HERE / "states_overrides.tsv", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            cells = (line.rstrip("\n").split("\t") + [""] * 5)[:5]
            rows[cells[0]] = cells
    return rows


def base_rows() -> dict[str, dict]:
    """One row per ISO-3166 country: names from pycountry, the rest from countryinfo."""
    info = {c.get("ISO", {}).get("alpha3"): c for c in (x if isinstance(x, dict) else x.info() for x in all_countries())}
    rows = {}
    for country in pycountry.countries:
        extra = info.get(country.alpha_3) or {}
        names = [getattr(country, "common_name", None), country.name, getattr(country, "official_name", None)]
        names += extra.get("altSpellings") or []
        name = names[0] or extra.get("name") or country.name
        if "," in name and extra.get("name"):
            name = extra["name"]
        aliases = [n for n in dict.fromkeys([extra.get("name"), *names]) if n and n != name and _usable(n)]
        demonym = extra.get("demonym")
        capital = extra.get("capital")
        rows[country.alpha_3] = {
            "code": country.alpha_3,
            "name": name,
            "aliases": aliases,
            "demonyms": [demonym] if demonym else [],
            "capitals": [capital] if capital and capital not in SKIP_CAPITALS else [],
        }
    return rows


def apply_overrides(rows: dict[str, dict], overrides: dict[str, list[str]]) -> None:
    """Add aliases; replace demonyms and capitals where the override gives them.

    A form an override claims ("American") is removed from every other state.
    """
    claimed = {form for cells in overrides.values() for cell in cells[2:5] for form in _split(cell)}
    for code, row in rows.items():
        if code not in overrides:
            for column in ("aliases", "demonyms", "capitals"):
                row[column] = [form for form in row[column] if form not in claimed]
    for code, (_, name, aliases, demonyms, capitals) in overrides.items():
        row = rows.setdefault(code, {"code": code, "name": name, "aliases": [], "demonyms": [], "capitals": []})
        if name and name != row["name"]:
            row["aliases"].insert(0, row["name"])
            row["name"] = name
        row["aliases"] = [a for a in dict.fromkeys(row["aliases"] + _split(aliases)) if a != row["name"]]
        if demonyms:
            row["demonyms"] = _split(demonyms)
        if capitals:
            row["capitals"] = _split(capitals)


def main() -> None:
    rows = base_rows()
    apply_overrides(rows, read_overrides())
    with open(HERE / "states.tsv", "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(HEADER)
        for code in sorted(rows):
            row = rows[code]
            writer.writerow([code, row["name"], *("|".join(row[k]) for k in HEADER[2:])])
    print(f"wrote {len(rows)} states to {HERE / 'states.tsv'}")


if __name__ == "__main__":
    main()
