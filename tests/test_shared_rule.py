"""The rule for ``../shared``: a missing path skips only where the whole directory is absent outside
CI; it fails in CI and wherever ``../shared`` is there."""

from __future__ import annotations

from pathlib import Path

import pytest

import _shared
from _shared import SHARED, needs, require


def test_a_missing_path_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("PLEBISCITE_REQUIRE_SHARED", raising=False)
    monkeypatch.setattr(_shared, "SHARED", tmp_path / "no shared here")
    with pytest.raises(pytest.skip.Exception, match="absent"):
        require(tmp_path / "absent", "the data")
    assert needs(tmp_path / "absent", "the data").args == (True,)


@pytest.mark.parametrize("name", ["CI", "PLEBISCITE_REQUIRE_SHARED"])
def test_a_missing_path_fails_in_ci(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv(name, "1")
    with pytest.raises(pytest.fail.Exception, match="CI must have"):
        require(tmp_path / "absent", "the data")
    assert needs(tmp_path / "absent", "the data").args == (False,)


def test_a_present_path_is_returned(tmp_path: Path) -> None:
    assert require(tmp_path, "the data") == tmp_path
    assert SHARED.name == "shared"


def test_a_path_missing_from_a_shared_that_is_there_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("PLEBISCITE_REQUIRE_SHARED", raising=False)
    monkeypatch.setattr(_shared, "SHARED", tmp_path)
    with pytest.raises(pytest.fail.Exception, match="is there without it"):
        require(tmp_path / "moved.csv", "the data")
    assert needs(tmp_path / "moved.csv", "the data").args == (False,)
