"""The Russian data files (``wirewatch/data/ru/``), read once per process and keyed by lemma sequences so
that every case form of a name or word is found."""

from __future__ import annotations

import gettext
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from ...extract.event_lexicon import load_lexicon
from ...extract.gazetteer import Entry, load_gazetteer
from .model import load_pipeline


@dataclass(frozen=True, slots=True)
class EventPattern:
    """A Russian event verb or noun: CAMEO code, PLOVER type and mode, where its target is."""

    cameo: str
    plover: str
    mode: str | None
    targets: tuple[str, ...]
    mutual: bool
    noun: bool
    obj: str | None = None


@dataclass(slots=True)
class RuLexicon:
    """Lemma sequences → English gazetteer entries, and the Russian word lists."""

    forms: dict[tuple[str, ...], tuple[Entry, str]] = field(default_factory=dict)  # entry, case: upper|title|any
    longest: int = 1
    adjectives: dict[str, str] = field(default_factory=dict)
    titles: frozenset[str] = frozenset()
    heads: dict[tuple[str, ...], str] = field(default_factory=dict)
    quote_verbs: frozenset[str] = frozenset()
    events: dict[str, list[EventPattern]] = field(default_factory=dict)  # first lemma → patterns
    country_names: dict[str, str] = field(default_factory=dict)  # alpha-3 → Russian name


def data_dir() -> Path:
    return Path(str(resources.files("wirewatch.data").joinpath("ru")))


def _lines(path: Path) -> list[str]:
    return [line.rstrip("\n") for line in path.read_text("utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def _rows(path: Path) -> list[list[str]]:
    return [line.split("\t") for line in _lines(path)[1:]]


def lemmas_of(text: str) -> tuple[str, ...]:
    """Out-of-context lemmas of a phrase's words (pymorphy's first reading)."""
    vocab = load_pipeline().morph_vocab
    words = text.replace("«", " ").replace("»", " ").split()
    return tuple(_lemma(vocab, w) for w in words)


def _lemma(vocab, word: str) -> str:
    if word.isupper() or not word.isalpha() and "-" not in word:
        return word.lower().replace("ё", "е")
    parses = vocab.parse(word)
    return (parses[0].normal_form if parses else word.lower()).replace("ё", "е")


def russian_country_names() -> dict[str, list[str]]:
    """alpha-3 → Russian names (ISO 3166 name, common and official names) from pycountry's translations."""
    import pycountry

    try:
        tr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ru"])
    except OSError:
        return {}
    out: dict[str, list[str]] = {}
    for country in pycountry.countries:
        names = [country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)]
        ru = [unicodedata.normalize("NFC", tr.gettext(n)).replace("\u0301", "") for n in names if n]
        out[country.alpha_3] = [n for n in dict.fromkeys(ru) if n and n not in names]
    return out


@lru_cache(maxsize=1)
def load_ru_lexicon() -> RuLexicon:
    """Every Russian data file, read once per process."""
    gaz = load_gazetteer()
    lex = RuLexicon()
    base = data_dir()

    def add(form: str, entry: Entry) -> None:
        key = lemmas_of(form)
        if key and key not in lex.forms:
            acronym = len(form) > 1 and form.replace("-", "").isupper()
            lex.forms[key] = (entry, "upper" if acronym else "any" if form[:1].islower() else "title")
            lex.longest = max(lex.longest, len(key))

    for form, english in _rows(base / "actors.tsv"):
        entry = gaz.forms.get(english)
        if entry is not None:
            add(form, entry)
    for code, names in russian_country_names().items():
        name = gaz.state_names.get(code)
        if name and name in gaz.forms:
            for form in names:
                add(form, gaz.forms[name])
            if names:
                lex.country_names[code] = names[-1] if len(names) > 1 and len(names[-1]) < len(names[0]) else names[0]
    for adjective, code in _rows(base / "adjectives.tsv"):
        lex.adjectives[adjective.replace("ё", "е")] = code
    lex.titles = frozenset(w.replace("ё", "е") for w in _lines(base / "titles.txt"))
    for head, suffix in _rows(base / "institution_heads.tsv"):
        lex.heads[tuple(head.replace("ё", "е").split())] = suffix
    lex.quote_verbs = frozenset(w.replace("ё", "е") for w in _lines(base / "quote_verbs.txt"))
    crosswalk = load_lexicon()
    for lemma, pos, cameo, targets, mutual, *_ in _rows(base / "events.tsv"):
        plover, mode = crosswalk.plover(cameo) or ("OTHER", None)
        first, _, obj = lemma.replace("ё", "е").partition("+")
        pattern = EventPattern(cameo, plover, mode, tuple(t for t in targets.split(",") if t and t != "-"),
                               mutual == "mutual", pos == "noun", obj or None)
        lex.events.setdefault(first, []).append(pattern)
    for patterns in lex.events.values():
        patterns.sort(key=lambda p: p.obj is None)  # patterns needing an object word first
    return lex
