"""The PETRARCH2 production dictionaries shipped in ``wirewatch/data/petrarch2``, loaded once per process.

``CAMEO.2.0.txt`` (about 15,000 verb phrases and patterns → CAMEO codes) codes events beside
wirewatch's own patterns; the Phoenix actor and agent files give CAMEO actor codes ("RUSGOV");
``CAMEO2PLOVER-2021.txt`` maps CAMEO codes to PLOVER types and modes. Parsing them takes about a
second and a half, so the first load writes a compiled copy (plain tuples and dicts, :mod:`marshal`)
into ``__pycache__`` beside the data (or the user cache folder when that is read-only), keyed by a
hash of the files; later processes read it in tens of milliseconds.

Users extend the dictionaries with files of their own in the same formats (setting
``event_dictionaries``: paths separated by ``,``): ``*verbs*`` / ``CAMEO*`` files add verb
patterns, ``*actors*`` files actors, ``*agents*`` files agents. A user's entry wins over the shipped one.
"""

from __future__ import annotations

import gc
import hashlib
import marshal
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .event_lexicon import Lexicon, Pattern, Rule, load_lexicon

CACHE_VERSION = 2
VERBS_FILE = "CAMEO.2.0.txt"
CROSSWALK_FILE = "CAMEO2PLOVER-2021.txt"
ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
AGENT_FILES = ("Phoenix.agents.txt",)
# PLOVER 0.5b1 (2016) type names → the current ones, as the PLOVER codebook renamed and merged them
PLOVER_RENAMED = {"FIGHT": "ASSAULT", "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE",
                  "YIELD": "CONCEDE", "ENGAGE": "COOPERATE", "EXPEL": "SANCTION"}


def data_dir() -> Path:
    """The folder of the shipped PETRARCH2 dictionaries."""
    return Path(str(resources.files("wirewatch.data").joinpath("petrarch2")))


@dataclass(slots=True)
class Dictionaries:
    """The CAMEO verb lexicon (keyed by verb form) and the actor/agent dictionary, with the files read."""

    verbs: Lexicon
    actors: object  # wirewatch.evaluate.petrarch_dict.Dictionary (phrase → code, agents, dated codes)
    files: tuple[str, ...] = ()
    user_files: tuple[str, ...] = ()


class LazyRules(Mapping):
    """Verb form → its rules, most specific first, turned into :class:`Rule` records on first use
    (the dictionary holds about 200,000 of them; an article needs a few dozen)."""

    def __init__(self, index: dict[str, list[int]], table: list, patterns: list[Pattern | None],
                 overlay: dict[str, list[Rule]] | None = None):
        self._index, self._table, self._patterns = index, table, patterns
        self._built: dict[str, list[Rule]] = dict(overlay or {})
        self._overlay = set(overlay or ())

    def __getitem__(self, form: str) -> list[Rule]:
        found = self._built.get(form)
        if found is not None and (form not in self._overlay or form not in self._index):
            return found
        if form not in self._index:
            raise KeyError(form)
        rules = [Rule(tuple(map(tuple, b)), tuple(map(tuple, a)), self._patterns[p] if p >= 0 else None, size)
                 for b, a, p, size in (self._table[i] for i in self._index[form])]
        if found is not None:  # a user's rules first, then the shipped ones, each most specific first
            rules = found + rules
            self._overlay.discard(form)
        self._built[form] = rules
        return rules

    def __iter__(self) -> Iterator[str]:
        yield from self._index
        yield from (f for f in self._built if f not in self._index)

    def __len__(self) -> int:
        return len(set(self._index) | set(self._built))


# ---------------------------------------------------------------- crosswalk


_CROSS = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*,([^,#]*)")


def read_crosswalk(path: Path) -> dict[str, tuple[str, str | None]]:
    """CAMEO code → (PLOVER type, mode) from the published CAMEO2PLOVER table."""
    out: dict[str, tuple[str, str | None]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        m = _CROSS.match(line.strip())
        if m:
            mode = m.group(3).strip() or None
            out.setdefault(m.group(1), (m.group(2), mode))
    return out


def crosswalk() -> dict[str, tuple[str, str | None]]:
    """wirewatch's own CAMEO → PLOVER table (which also covers 01/02), then the published one."""
    table = dict(load_lexicon().crosswalk)
    table.update(read_crosswalk(data_dir() / CROSSWALK_FILE))
    return table


# ---------------------------------------------------------------- compiled cache


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha1(f"v{CACHE_VERSION}".encode())
    for p in paths:
        h.update(p.name.encode())
        h.update(hashlib.sha1(p.read_bytes()).digest())
    own = Path(__file__).with_name("event_lexicon.py"), data_dir().parent / "events" / "cameo_plover.tsv"
    for p in own:
        h.update(p.read_bytes())
    return h.hexdigest()[:16]


def _shipped_paths() -> list[Path]:
    folder = data_dir()
    return [folder / n for n in (VERBS_FILE, CROSSWALK_FILE, *ACTOR_FILES, *AGENT_FILES)]


def _cache_dirs() -> list[Path]:
    home = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "wirewatch"
    return [data_dir() / "__pycache__", home]


def _compile() -> tuple:
    """Parse the shipped files into plain tuples and dicts that marshal can store."""
    from ..evaluate.petrarch_dict import load_dictionary
    from ..evaluate.petrarch_verbs import read_verbs

    lex = read_verbs(data_dir() / VERBS_FILE, crosswalk())
    patterns: dict[Pattern, int] = {}

    def pid(p: Pattern | None) -> int:
        if p is None:
            return -1
        if p not in patterns:
            rev = pid(p.reverse) if p.reverse is not None else -1
            patterns[p] = len(patterns)
            rows.append((p.cameo, p.plover, p.mode, p.targets, p.of_role, rev, p.mutual))
        return patterns[p]

    rows: list[tuple] = []
    rules: dict[int, int] = {}
    table: list[tuple] = []
    index: dict[str, list[int]] = {}
    for form, found in lex.rules.items():
        ids = []
        for r in found:
            if id(r) not in rules:
                rules[id(r)] = len(table)
                table.append((r.before, r.after, pid(r.pattern), r.size))
            ids.append(rules[id(r)])
        index[form] = ids
    verbs = {f"{a}\t{b}": pid(p) for (a, b), p in lex.verbs.items()}
    dic = load_dictionary(data_dir())
    return (rows, table, index, verbs, dict(lex.synsets), dict(lex.crosswalk), dic.actors, dic.agents, dic.dated)


def _load_compiled() -> tuple:
    key = _digest(_shipped_paths())
    name = f"petrarch2-{key}.marshal"
    for folder in _cache_dirs():
        try:
            return marshal.loads((folder / name).read_bytes())
        except (OSError, ValueError, EOFError, TypeError):
            continue
    data = _compile()
    blob = marshal.dumps(data)
    for folder in _cache_dirs():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            tmp = folder / f"{name}.{os.getpid()}.tmp"
            tmp.write_bytes(blob)
            os.replace(tmp, folder / name)
            break
        except OSError:
            continue
    return data


def _patterns(rows: list[tuple]) -> list[Pattern]:
    out: list[Pattern] = []
    for cameo, plover, mode, targets, of_role, rev, mutual in rows:  # a reverse always comes first
        out.append(Pattern(cameo, plover, mode, tuple(targets), of_role, out[rev] if rev >= 0 else None, mutual))
    return out


# ---------------------------------------------------------------- loading


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused: loading makes ~300,000 small tuples, lists and dicts, and
    the collections that their allocation set off cost about twice the loading itself (nothing made here
    forms a cycle that needs collecting)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@lru_cache(maxsize=8)
def load_dictionaries(extra: tuple[str, ...] = ()) -> Dictionaries:
    """The shipped dictionaries (from the compiled cache), extended by the user's files ``extra``."""
    with _collector_paused():
        return _load_dictionaries(extra)


def _load_dictionaries(extra: tuple[str, ...]) -> Dictionaries:
    from ..evaluate.petrarch_dict import Dictionary, read_actors, read_agents
    from ..evaluate.petrarch_verbs import read_verbs

    rows, table, index, verbs, synsets, cross, actors, agents, dated = _load_compiled()
    patterns = _patterns(rows)
    overlay: dict[str, list[Rule]] = {}
    lex = Lexicon(verbs={tuple(k.split("\t")): patterns[p] for k, p in verbs.items()}, crosswalk=cross,
                  synsets={k: tuple(map(tuple, v)) for k, v in synsets.items()}, surface=True)
    # marshal gives new objects on every load and keeps tuples as tuples: no copies needed (user files update them)
    dic = Dictionary(actors=actors, agents=agents, dated=dated)
    users = tuple(str(Path(p).expanduser()) for p in extra if p)
    for raw in users:
        path = Path(raw)
        name = path.name.lower()
        if "verb" in name or name.startswith("cameo"):
            user = read_verbs(path, cross)
            lex.verbs.update(user.verbs)
            lex.synsets.update(user.synsets)
            for form, found in user.rules.items():
                overlay[form] = found + overlay.get(form, [])
        elif "agent" in name:
            found: dict[str, str] = {}
            read_agents(path, found)
            dic.agents.update(found)
        else:
            found, when = {}, {}
            read_actors(path, found, when)
            dic.actors.update(found)
            dic.dated.update(when)
    lex.rules = LazyRules(index, table, patterns, overlay)
    return Dictionaries(lex, dic, tuple(p.name for p in _shipped_paths()), users)


def user_files(setting: str) -> tuple[str, ...]:
    """The user's dictionary files named by the ``event_dictionaries`` setting."""
    return tuple(p.strip() for p in setting.split(",") if p.strip())


@lru_cache(maxsize=1)
def default_dictionaries() -> Dictionaries:
    """The shipped dictionaries with the user's files from the settings (file/env), once per process."""
    from ..settings import load_settings

    try:
        setting = load_settings().event_dictionaries
    except Exception:  # a broken config is reported by the CLI; extraction still codes with the shipped data
        setting = os.environ.get("WIREWATCH_EVENT_DICTIONARIES", "")
    return load_dictionaries(user_files(setting))
