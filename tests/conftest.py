"""Shared fixtures: the real spaCy model (loaded once), article builder, dev-data locator."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from wirewatch.records import Article

DEV_DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dev"
SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "seeds"


@pytest.fixture(scope="session")
def nlp():
    from wirewatch.nlp import load_nlp
    from wirewatch.settings import Settings

    return load_nlp(Settings().model)


@pytest.fixture
def make_article():
    def build(text: str, published: date | None = date(2021, 7, 9), **kwargs) -> Article:
        return Article.create(text, published=published, language="en", **kwargs)

    return build


@pytest.fixture(scope="session")
def dev_data() -> Path:
    if not DEV_DATA.is_dir():
        pytest.skip(f"development gold data not found at {DEV_DATA}")
    return DEV_DATA


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip(f"seed articles not found at {SEEDS}")
    return SEEDS
