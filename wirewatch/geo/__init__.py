"""Gazetteer: built offline from installed GeoNames-derived packages, indexed by normalised name."""

from .build import build_gazetteer, cache_dir, default_path
from .gazetteer import Candidate, Gazetteer, get_gazetteer
from .names import normalise_name

__all__ = [
    "Candidate",
    "Gazetteer",
    "build_gazetteer",
    "cache_dir",
    "default_path",
    "get_gazetteer",
    "normalise_name",
]
