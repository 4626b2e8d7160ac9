"""Event dictionaries: verb and noun patterns → CAMEO code, PLOVER type and mode.

The patterns live in ``wirewatch/data/events/*.tsv`` so users can extend them: every
``verbs*.tsv`` and ``nouns*.tsv`` file in the folder (and in any extra folder passed to
:func:`load_lexicon`) is read, later rows overriding earlier ones.

A lexicon may also hold :class:`Rule` patterns that need words around the verb ("will not *",
"* diplomatic ties", "* &CURRENCY", "+ * from $"), matched by :mod:`wirewatch.extract.event_patterns`;
alternative dictionaries such as PETRARCH's verb dictionary are read into them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

DEFAULT_TARGETS = ("dobj", "with", "against", "on", "to", "at", "into", "from")


@dataclass(frozen=True, slots=True)
class Pattern:
    """What one verb or noun pattern codes: CAMEO code, PLOVER type and mode, where targets are."""

    cameo: str
    plover: str
    mode: str | None = None
    targets: tuple[str, ...] = DEFAULT_TARGETS
    of_role: str = "source"
    reverse: Pattern | None = None  # the converse event, target to source ("met" codes both ways)
    mutual: bool = False  # actors named together with no target did it to each other


Element = tuple[str, bool]
"""One item of a rule and whether it must touch the item nearer the verb: a lower-case word, a
synset "&NAME", "$" (the source phrase), "+" (the target phrase), "%" (a compound source) or "^"
(any phrase)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A verb pattern that needs words around the verb.

    ``before`` lists the items left of the verb from the nearest outwards, ``after`` those right of
    it; a ``pattern`` of None means the words cancel the event ("peace-keeping force")."""

    before: tuple[Element, ...]
    after: tuple[Element, ...]
    pattern: Pattern | None
    size: int = 0  # how many items it needs: more specific rules are tried first


@dataclass(slots=True)
class Lexicon:
    """Verb patterns keyed by (lemma, object lemma or "-"), noun patterns keyed by lemma."""

    verbs: dict[tuple[str, str], Pattern] = field(default_factory=dict)
    nouns: dict[str, Pattern] = field(default_factory=dict)
    crosswalk: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    rules: dict[str, list[Rule]] = field(default_factory=dict)  # verb key -> rules, most specific first
    synsets: dict[str, tuple[tuple[str, ...], ...]] = field(default_factory=dict)  # "&NAME" -> phrases
    surface: bool = False  # verbs are keyed by their inflected form (PETRARCH lists forms), not lemma
    keys: frozenset[str] | None = field(default=None, repr=False, compare=False)  # verb_lemmas, once built

    def verb_lemmas(self) -> frozenset[str]:
        """Every verb lemma (or form) some pattern starts with (particle forms like "pull_out" split)."""
        if self.keys is None:
            self.keys = frozenset({verb.split("_")[0] for verb, _ in self.verbs} | set(self.rules))
        return self.keys

    def verb_key(self, lemma: str, form: str) -> str:
        """The key a verb token is looked up by: its lemma, or its form in a form-keyed lexicon."""
        return form if self.surface else lemma

    def plover(self, cameo: str) -> tuple[str, str | None] | None:
        """PLOVER (type, mode) for a CAMEO code: the longest known prefix wins."""
        for n in range(len(cameo), 1, -1):
            if cameo[:n] in self.crosswalk:
                return self.crosswalk[cameo[:n]]
        return None


def data_dir() -> Path:
    """The folder of the shipped event dictionaries."""
    return Path(str(resources.files("wirewatch.data").joinpath("events")))


def _rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append([cell.strip() for cell in line.split("\t")])
    return rows[1:]  # header


def _dash(value: str) -> str | None:
    return None if value in ("", "-") else value


def _targets(value: str) -> tuple[str, ...]:
    return tuple(t.strip() for t in value.split(",") if t.strip()) if _dash(value) else DEFAULT_TARGETS


def _read_crosswalk(lex: Lexicon, path: Path) -> None:
    for cameo, plover, mode, *_ in _rows(path):
        lex.crosswalk[cameo] = (plover, _dash(mode))


def _read_verbs(lex: Lexicon, path: Path) -> None:
    for verb, obj, cameo, plover, mode, *rest in _rows(path):
        mutual = len(rest) > 1 and rest[1].lower() == "mutual"
        pattern = Pattern(cameo, plover, _dash(mode), _targets(rest[0] if rest else ""), mutual=mutual)
        lex.verbs[(verb.lower(), obj.lower())] = pattern


def _read_nouns(lex: Lexicon, path: Path) -> None:
    for noun, cameo, plover, mode, of_role, *rest in _rows(path):
        pattern = Pattern(cameo, plover, _dash(mode), _targets(rest[0] if rest else ""), of_role)
        lex.nouns[noun.lower()] = pattern


def _read_folder(lex: Lexicon, folder: Path) -> None:
    for path in sorted(folder.glob("cameo_plover*.tsv")):
        _read_crosswalk(lex, path)
    for path in sorted(folder.glob("verbs*.tsv")):
        _read_verbs(lex, path)
    for path in sorted(folder.glob("nouns*.tsv")):
        _read_nouns(lex, path)


@lru_cache(maxsize=8)
def load_lexicon(extra: str | None = None) -> Lexicon:
    """The shipped event dictionaries, extended by the TSV files in folder ``extra`` if given."""
    lex = Lexicon()
    _read_folder(lex, data_dir())
    if extra:
        _read_folder(lex, Path(extra))
    return lex
