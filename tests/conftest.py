"""Shared test fixtures.

``../shared`` (the eval kit and corpus) is read when it is there; tests that need it
skip cleanly when it is not. With ``POLICYKG_REQUIRE_ALL=1`` (set by ``.ci/run``) a
test that needs chromium or Virtuoso fails instead of skipping when they are missing.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
SHARED = Path(os.environ.get("POLICYKG_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
GOLD = SHARED / "eval" / "gold"
CORPUS2 = SHARED / "corpus2"
GOLD2 = SHARED / "eval" / "gold2"
SAMPLE = DATA / "sample" / "dongying_ip_2024.txt"


def require(condition: bool, why: str) -> None:
    """Skip (or, under POLICYKG_REQUIRE_ALL=1, fail) when a real part is missing."""
    if condition:
        return
    if os.environ.get("POLICYKG_REQUIRE_ALL") == "1":
        pytest.fail(f"required for CI but missing: {why}")
    pytest.skip(why)


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not here")
    return CORPUS


@pytest.fixture(scope="session")
def gold_dir() -> Path:
    if not GOLD.is_dir():
        pytest.skip("../shared/eval/gold is not here")
    return GOLD


@pytest.fixture(scope="session")
def sample_path() -> Path:
    return SAMPLE


@pytest.fixture(scope="session")
def shared_set2() -> tuple[Path, Path]:
    """Set 2 of the eval kit: (corpus2, gold2)."""
    if not (CORPUS2.is_dir() and GOLD2.is_dir()):
        pytest.skip("../shared/corpus2 or ../shared/eval/gold2 is not here")
    return CORPUS2, GOLD2
