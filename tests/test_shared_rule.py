"""The rule for ``../shared``: a missing path skips outside CI and fails in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from _shared import SHARED, needs, require


def test_a_missing_path_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("PLEBISCITE_REQUIRE_SHARED", raising=False)
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
