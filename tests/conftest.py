"""Shared test fixtures: the seed article and the location of ../shared/data."""

from __future__ import annotations

import os
from pathlib import Path

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
