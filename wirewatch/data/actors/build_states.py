"""Regenerate states.tsv: ISO-3166 states from pycountry, capitals from countryinfo, demonyms and
adjectives from the curated ``demonyms.tsv`` (countryinfo's single demonym where it has no row).

Run ``python wirewatch/data/actors/build_states.py`` after editing ``states_overrides.tsv`` or
``demonyms.tsv``; it needs the dev-only package ``countryinfo`` (pycountry lacks demonyms and capitals).
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


# Demonyms whose plural is the form plus "s" ("Ecuadorians", "Iraqis", "Icelanders", "Filipinos");
# those in -man take -men ("Frenchmen").
_REGULAR_PLURAL = ("an", "i", "er", "ot", "ino", "ina")
_COMPOUND_MAN = ("woman", "yman", "hman", "sman", "xman")


def with_plurals(forms: list[str]) -> list[str]:
    """``forms`` and the regular plural of each that takes one."""
    out = []
    for form in forms:
        out.append(form)
        if form.endswith(_COMPOUND_MAN):  # "Frenchman" -> "Frenchmen" (but "German" -> "Germans")
            out.append(form[:-3] + "men")
        elif form.endswith(_REGULAR_PLURAL) and form[:1].isupper():
            out.append(form + "s")
    return list(dict.fromkeys(out))


def read_demonyms() -> dict[str, list[str]]:
    """Rows of demonyms.tsv: code → its demonyms and adjectives, plurals added."""
    rows: dict[str, list[str]] = {}
    with open(HERE / "demonyms.tsv", encoding="utf-8") as handle:
        lines = [line.rstrip("\n") for line in handle if line.strip() and not line.startswith("#")]
    for line in lines[1:]:
        code, forms = (line.split("\t") + [""])[:2]
        rows[code] = with_plurals(_split(forms))
    return rows


def apply_demonyms(rows: dict[str, dict], demonyms: dict[str, list[str]]) -> None:
    """Replace each listed state's demonyms; a listed form is taken away from every other state."""
    owner = {form: code for code, forms in demonyms.items() for form in forms}
    for code, row in rows.items():
        row["demonyms"] = demonyms.get(code) or [f for f in row["demonyms"] if owner.get(f, code) == code]


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
        demonyms = [d.strip() for d in (extra.get("demonym") or "").split(",") if d.strip()]
        capital = extra.get("capital")
        rows[country.alpha_3] = {
            "code": country.alpha_3,
            "name": name,
            "aliases": aliases,
            "demonyms": demonyms,
            "capitals": [capital] if capital and capital not in SKIP_CAPITALS else [],
        }
    return rows


def apply_overrides(rows: dict[str, dict], overrides: dict[str, list[str]]) -> None:
    """Add aliases; replace demonyms and capitals where the override gives them.

    A form an override claims ("American", "Congo") is removed from every other state.
    """
    owner = {form: code for code, cells in overrides.items() for cell in cells[2:5] for form in _split(cell)}
    for code, row in rows.items():
        for column in ("aliases", "demonyms", "capitals"):
            row[column] = [form for form in row[column] if owner.get(form, code) == code]
    for code, (_, name, aliases, demonyms, capitals) in overrides.items():
        row = rows.setdefault(code, {"code": code, "name": name, "aliases": [], "demonyms": [], "capitals": []})
        if name and name != row["name"]:
            row["aliases"].insert(0, row["name"])
            row["name"] = name
        row["aliases"] = [a for a in dict.fromkeys(row["aliases"] + _split(aliases)) if a != row["name"]]
        if demonyms:
            row["demonyms"] = with_plurals(_split(demonyms))
        if capitals:
            row["capitals"] = _split(capitals)


def main() -> None:
    rows = base_rows()
    apply_demonyms(rows, read_demonyms())
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
