"""Fixtures of the verifier suite: the honest record, built once per session."""

from __future__ import annotations

import pytest

from ._record import Built, build


@pytest.fixture(scope="session")
def honest() -> Built:
    """The small valid election record (see :mod:`tests.verify._record`)."""
    return build()
