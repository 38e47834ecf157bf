"""Shared fixtures of the forensics tests: the real-data folder and small synthetic tables."""

from __future__ import annotations

from pathlib import Path

import pytest

RU_FEDERAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "data" / "ru-federal"


@pytest.fixture
def ru_federal() -> Path:
    """The Russian federal election tables, or a skip when they are not beside the project."""
    if not RU_FEDERAL.is_dir():
        pytest.skip(f"real data not found at {RU_FEDERAL} (../shared/data/ru-federal)")
    return RU_FEDERAL
