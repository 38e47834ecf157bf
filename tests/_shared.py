"""The real data beside the project (``../shared``), one rule for every test that reads it.

``../shared`` is beside the project on every development machine and in CI. Where it is absent
(a copy of the tests elsewhere) a test that needs it is skipped with a reason naming the path;
in CI (``CI`` set, as CI services do, or ``PLEBISCITE_REQUIRE_SHARED=1``, which ``.ci/run`` sets)
a missing path fails instead, so that a moved or deleted data file can never pass as a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def required() -> bool:
    """Whether a missing ``../shared`` path fails (CI) rather than skips."""
    return bool(os.environ.get("CI")) or os.environ.get("PLEBISCITE_REQUIRE_SHARED") == "1"


def _reason(path: Path, what: str) -> str:
    return f"{what} not found at {path} (../shared beside the project)"


def require(path: Path, what: str) -> Path:
    """``path``, or a skip (a failure in CI) naming it when it does not exist."""
    if not path.exists():
        if required():
            pytest.fail(_reason(path, what) + ": CI must have ../shared", pytrace=False)
        pytest.skip(_reason(path, what))
    return path


def needs(path: Path, what: str) -> pytest.MarkDecorator:
    """A mark skipping the test where ``path`` is absent, except in CI (there it runs and fails)."""
    return pytest.mark.skipif(not path.exists() and not required(), reason=_reason(path, what))
