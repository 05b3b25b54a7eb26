"""Shared test fixtures: the seed article and the location of ../shared/data."""

from __future__ import annotations

import os
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

from kroniek.ingest import read_path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("KRONIEK_SHARED", ROOT.parent / "shared")).resolve()
SEED = SHARED / "seed" / "000_f80c548452cfc866.txt"
SAMPLE = ROOT / "sample"


def shared_data(*parts: str) -> Path:
    """A path in ../shared/data; the test is skipped when it is absent."""
    p = SHARED.joinpath("data", *parts)
    if not p.exists():
        pytest.skip(f"shared data not available: {p}")
    return p


@pytest.fixture(scope="session")
def seed_article():
    if not SEED.exists():
        pytest.skip("seed article not available")
    (article,) = list(read_path(SEED))
    return article


@pytest.fixture(scope="session")
def seed_text(seed_article):
    return seed_article.text


# ---- store back-ends: SQLite always, PostgreSQL when KRONIEK_TEST_PG holds a URL (.ci/postgres.sh sets it) ----
PG_URL = os.environ.get("KRONIEK_TEST_PG")
BACKENDS = ["sqlite", pytest.param("postgres", marks=[
    pytest.mark.postgres, pytest.mark.skipif(not PG_URL, reason="KRONIEK_TEST_PG is not set (see .ci/postgres.sh)")])]


def pg_schema_url(base: str, schema: str) -> str:
    """``base`` with a search_path that puts every table in ``schema``."""
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


def make_pg_schema() -> tuple[str, str]:
    """A fresh schema in the test database: (its URL, its name)."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    return pg_schema_url(PG_URL, name), name


def drop_pg_schema(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


@pytest.fixture
def store_url(request, tmp_path):
    """A URL for an empty store of the requested back-end."""
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    url, name = make_pg_schema()
    yield url
    drop_pg_schema(name)


