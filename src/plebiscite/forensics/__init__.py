"""Election forensics on published polling-station results.

Loaders (:mod:`.data`), the methods as pure functions returning result objects
(:mod:`.methods`), a synthetic election generator (:mod:`.synthetic`), the JSON/HTML report
(:mod:`.report`) and the ``plebiscite forensics`` command (:mod:`.command`). Nothing here imports
the voting code.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from plebiscite.forensics.data import ColumnMapping, ElectionData, ExcludedRow, load_election
    from plebiscite.forensics.methods import (
        excess_votes,
        fingerprint,
        impossible_values,
        integer_peaks,
        klimek2012,
        last_digit_test,
        region_ranking,
        second_digit_test,
    )
    from plebiscite.forensics.synthetic import synthetic_election

# the public names, by module: loaded on first use, so that `plebiscite --help` and the voting
# commands never pay for numpy, pandas, scipy and matplotlib
_WHERE = {
    "ColumnMapping": "data",
    "ElectionData": "data",
    "ExcludedRow": "data",
    "load_election": "data",
    "excess_votes": "methods",
    "fingerprint": "methods",
    "impossible_values": "methods",
    "integer_peaks": "methods",
    "klimek2012": "methods",
    "last_digit_test": "methods",
    "region_ranking": "methods",
    "second_digit_test": "methods",
    "synthetic_election": "synthetic",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        return getattr(importlib.import_module(f"plebiscite.forensics.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'plebiscite.forensics' has no attribute {name!r}")


__all__ = [
    "ColumnMapping",
    "ElectionData",
    "ExcludedRow",
    "excess_votes",
    "fingerprint",
    "impossible_values",
    "integer_peaks",
    "klimek2012",
    "last_digit_test",
    "load_election",
    "region_ranking",
    "second_digit_test",
    "synthetic_election",
]
