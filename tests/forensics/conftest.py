"""Shared fixtures of the forensics tests: the real-data folder and small synthetic tables."""

from __future__ import annotations

from pathlib import Path

import pytest

from _shared import SHARED, require

RU_FEDERAL = SHARED / "data" / "ru-federal"


@pytest.fixture
def ru_federal() -> Path:
    """The Russian federal election tables (skipped outside CI where ../shared is absent)."""
    return require(RU_FEDERAL, "the Russian federal election tables")
