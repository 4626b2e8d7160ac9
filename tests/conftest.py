"""Shared fixtures: the real spaCy model (loaded once), article builder, dev-data locator."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import os
import uuid

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


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path) -> str:
    """A fresh, empty store URL: a SQLite file, or a new database on the PostgreSQL test server.

    The PostgreSQL variant needs WIREWATCH_TEST_PG (set by .ci/run, which starts the server).
    """
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    admin_url = os.environ.get("WIREWATCH_TEST_PG")
    if not admin_url:
        pytest.skip("no PostgreSQL test server: set WIREWATCH_TEST_PG (bash .ci/postgres.sh prints one)")
    from sqlalchemy import create_engine, text

    from wirewatch.store import normalise_url

    name = f"ww_{uuid.uuid4().hex[:12]}"
    admin = create_engine(normalise_url(admin_url), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name}"))
    yield admin_url.rsplit("/", 1)[0] + "/" + name
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()
