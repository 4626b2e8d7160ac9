"""Actor gazetteers (``wirewatch/data/actors/*.tsv``) and a PhraseMatcher over them, built once per vocab."""

from __future__ import annotations

import csv
import hashlib
import marshal
import os
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

from spacy.lang.en import English
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

ENTRY_FILES = ("igos.tsv", "groups.tsv", "territories.tsv", "institutions.tsv", "media.tsv")
# What a state row's alias columns name, and the mention label and code suffix each gives.
STATE_COLUMNS = {"aliases": ("GPE", ""), "demonyms": ("NORP", ""), "capitals": ("GPE", "GOV")}


@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer actor: ``key`` is what its article-level Actor id is hashed from."""

    key: str
    code: str
    kind: str
    name: str
    label: str
    source: str
    country: str | None = None


@dataclass(slots=True)
class Gazetteer:
    """Surface forms → entries, plus the word lists that the extractors share."""

    forms: dict[str, Entry] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    countries: dict[str, str] = field(default_factory=dict)
    state_names: dict[str, str] = field(default_factory=dict)
    heads: dict[str, str] = field(default_factory=dict)
    titles: frozenset[str] = frozenset()
    org_words: frozenset[str] = frozenset()
    metonymy: dict[str, frozenset[str]] = field(default_factory=dict)

    def country_of(self, text: str) -> str | None:
        """ISO alpha-3 of a country name or adjective ("Russian", "Russia", "the United States")."""
        return self.countries.get(text) or self.countries.get(strip_the(text))


def strip_the(text: str) -> str:
    """``text`` without a leading article."""
    for prefix in ("the ", "The "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def data_dir() -> Path:
    """Where the actor data files live."""
    return Path(str(resources.files("wirewatch.data").joinpath("actors")))


def government_name(gaz: Gazetteer, code: str) -> str | None:
    """"Government of Russia" for RUSGOV; None for codes that are not a state's government."""
    if code.endswith("GOV") and code[:3] in gaz.state_names:
        return f"Government of {gaz.state_names[code[:3]]}"
    return None


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as handle:
        lines = [line for line in handle if line.strip() and not line.startswith("#")]
    return [row for row in csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)][1:]


def _words(path: Path) -> list[str]:
    with open(path, encoding="utf-8") as handle:
        return [line.strip() for line in handle if line.strip() and not line.startswith("#")]


def _add(gaz: Gazetteer, form: str, entry: Entry) -> None:
    gaz.forms.setdefault(form, entry)
    bare = strip_the(form)
    if bare != form:
        gaz.forms.setdefault(bare, entry)


def _load_states(gaz: Gazetteer, path: Path) -> None:
    for code, name, *cells in _rows(path):
        columns = dict(zip(("aliases", "demonyms", "capitals"), (c.split("|") if c else [] for c in cells)))
        columns["aliases"] = [name, *columns["aliases"]]
        gaz.state_names[code] = name
        for column, forms in columns.items():
            label, suffix = STATE_COLUMNS[column]
            canonical = f"Government of {name}" if suffix else name
            entry = Entry(code + suffix, code + suffix, "state", canonical, label, column, code)
            for form in forms:
                _add(gaz, form, entry)
                if column != "capitals":
                    gaz.countries.setdefault(form, code)
                if column == "demonyms":
                    gaz.demonyms.setdefault(form, code)


def _load_entries(gaz: Gazetteer, path: Path) -> None:
    rows = _rows(path)
    shared = {code for code in (r[0] for r in rows) if sum(r[0] == code for r in rows) > 1}
    for code, kind, name, *rest in rows:
        key = code if code not in shared or path.stem == "institutions" else f"{code}/{name}"
        country = code[:3] if code[:3] in gaz.state_names else None
        canonical = government_name(gaz, key) or name
        entry = Entry(key, code, kind, canonical, "ORG", path.stem, country)
        for form in [name, *(rest[0].split("|") if rest and rest[0] else [])]:
            _add(gaz, form, entry)


@lru_cache(maxsize=1)
def load_gazetteer(directory: str | None = None) -> Gazetteer:
    """Read every actor data file once per process (``directory`` overrides the shipped data)."""
    base = Path(directory) if directory else data_dir()
    gaz = Gazetteer()
    _load_states(gaz, base / "states.tsv")
    for name in ENTRY_FILES:
        _load_entries(gaz, base / name)
    for head, suffix in (line.split("\t") for line in _words(base / "institution_heads.tsv")):
        gaz.heads[head] = suffix
    gaz.titles = frozenset(_words(base / "titles.txt"))
    gaz.org_words = frozenset(_words(base / "org_words.txt"))
    groups: dict[str, set[str]] = {}
    for kind, word in (line.split("\t") for line in _words(base / "metonymy.tsv")):
        groups.setdefault(kind, set()).add(word)
    gaz.metonymy = {k: frozenset(v) for k, v in groups.items()}
    return gaz


_MATCHERS: dict[int, PhraseMatcher] = {}
TOKENS_VERSION = 1


def _tokens_cache() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wirewatch"


def form_tokens(vocab, forms: list[str]) -> list[tuple[str, ...]]:
    """Each form's tokens under spaCy's English tokenizer, as the matcher's patterns need them.

    Tokenising the ~2,000 forms (and building the blank pipeline that does it) cost ~0.3 s of every
    start-up, so the result is kept in the user's cache folder, keyed by a hash of the forms themselves
    (a changed or extended data file gives new forms, hence a new key) and the spaCy version.
    """
    import spacy

    digest = hashlib.sha1(f"v{TOKENS_VERSION}\t{spacy.__version__}\n".encode())
    digest.update("\n".join(forms).encode())
    path = _tokens_cache() / f"actor-forms-{digest.hexdigest()[:16]}.marshal"
    try:
        words = marshal.loads(path.read_bytes())
        if isinstance(words, list) and len(words) == len(forms):
            return words
    except (OSError, ValueError, EOFError, TypeError):
        pass
    tokenizer = English(vocab=vocab).tokenizer
    words = [tuple(t.text for t in doc) for doc in tokenizer.pipe(forms)]
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(marshal.dumps(words))
        os.replace(tmp, path)
    except OSError:
        pass  # a read-only cache folder: tokenise again next time
    return words


def gazetteer_matcher(vocab, gaz: Gazetteer) -> PhraseMatcher:
    """A case-sensitive PhraseMatcher over every gazetteer form, built once per vocab.

    Matching runs on the finished Doc, so the shared cached pipeline is never modified. The pattern
    Docs are made from each form's cached tokens (:func:`form_tokens`), the same tokens as tokenising.
    """
    key = id(vocab)
    if key not in _MATCHERS:
        matcher = PhraseMatcher(vocab, attr="ORTH")
        forms = sorted(gaz.forms)
        docs = [Doc(vocab, words=list(words)) for words in form_tokens(vocab, forms)]
        for start in range(0, len(docs), 1000):
            matcher.add("ACTOR", docs[start:start + 1000])
        _MATCHERS[key] = matcher
    return _MATCHERS[key]
