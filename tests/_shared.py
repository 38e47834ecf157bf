"""The real data beside the project (``../shared``), one rule for every test that reads it.

``../shared`` is beside the project on every development machine and in CI. Only where the whole
directory is absent (a copy of the tests elsewhere), and not in CI, is a test that needs it
skipped, with a reason naming the path. A path missing from a ``../shared`` that is there fails,
and so does any missing path in CI (``CI`` set, as CI services do, or
``PLEBISCITE_REQUIRE_SHARED=1``, which ``.ci/run`` sets): a moved or deleted data file can never
pass as a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"


def required() -> bool:
    """Whether a missing ``../shared`` path fails (CI) rather than skips."""
    return bool(os.environ.get("CI")) or os.environ.get("PLEBISCITE_REQUIRE_SHARED") == "1"


def skippable(path: Path) -> bool:
    """Whether a test needing ``path`` may skip: only when ``path`` is missing because the whole
    of ``../shared`` is, and not in CI."""
    return not path.exists() and not SHARED.exists() and not required()


def _reason(path: Path, what: str) -> str:
    return f"{what} not found at {path} (../shared beside the project)"


def require(path: Path, what: str) -> Path:
    """``path``; a skip naming it where ``../shared`` is absent outside CI; else a failure
    when it does not exist."""
    if not path.exists():
        if not skippable(path):
            where = "CI must have ../shared" if required() else f"{SHARED} is there without it"
            pytest.fail(f"{_reason(path, what)}: {where}", pytrace=False)
        pytest.skip(_reason(path, what))
    return path


def needs(path: Path, what: str) -> pytest.MarkDecorator:
    """A mark skipping the test where :func:`skippable` (elsewhere it runs, and fails without
    ``path``)."""
    return pytest.mark.skipif(skippable(path), reason=_reason(path, what))
