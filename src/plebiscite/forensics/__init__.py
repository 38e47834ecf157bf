"""Election forensics on published polling-station results.

Loaders (:mod:`.data`), the methods as pure functions returning result objects
(:mod:`.methods`), a synthetic election generator (:mod:`.synthetic`), the JSON/HTML report
(:mod:`.report`) and the ``plebiscite forensics`` command (:mod:`.command`). Nothing here imports
the voting code.
"""

from plebiscite.forensics.data import ColumnMapping, ElectionData, ExcludedRow, load_election
from plebiscite.forensics.methods import (
    excess_votes,
    fingerprint,
    impossible_values,
    integer_peaks,
    last_digit_test,
    region_ranking,
    second_digit_test,
)
from plebiscite.forensics.synthetic import synthetic_election

__all__ = [
    "ColumnMapping",
    "ElectionData",
    "ExcludedRow",
    "excess_votes",
    "fingerprint",
    "impossible_values",
    "integer_peaks",
    "last_digit_test",
    "load_election",
    "region_ranking",
    "second_digit_test",
    "synthetic_election",
]
