"""The forensic methods: pure functions over :class:`ElectionData` returning result objects.

Each result carries its statistic, the null model it was judged against, a p-value or an
interval, whether it raised an alarm at the chosen level, and the recipe (every parameter used),
in the spirit of ``scipy.stats`` results. Nothing here plots or prints; :mod:`.report` does.

An alarm is a statistical statement about the table, never proof of fraud: each method's
docstring and ``docs/forensics.md`` say what an alarm does and does not mean.

One module per method: :mod:`.integer`, :mod:`.klimek2012` (the published fingerprint fit),
:mod:`.klimek` (its regional variant), :mod:`.excess`, :mod:`.digits`, :mod:`.implausible`,
:mod:`.regions`; :mod:`.common` holds what they share.
"""

from __future__ import annotations

from plebiscite.forensics.methods.common import TurnoutBase
from plebiscite.forensics.methods.digits import DigitTestResult, last_digit_test, second_digit_test
from plebiscite.forensics.methods.excess import ExcessVotesResult, excess_votes
from plebiscite.forensics.methods.implausible import ImplausibleResult, impossible_values
from plebiscite.forensics.methods.integer import (
    IntegerPeaksResult,
    PendingPeaks,
    integer_peaks,
    start_integer_peaks,
)
from plebiscite.forensics.methods.klimek import CleanModel, FingerprintResult, fingerprint
from plebiscite.forensics.methods.klimek2012 import Klimek2012Result, klimek2012
from plebiscite.forensics.methods.regions import RegionRanking, region_ranking

__all__ = [
    "CleanModel",
    "DigitTestResult",
    "ExcessVotesResult",
    "FingerprintResult",
    "ImplausibleResult",
    "IntegerPeaksResult",
    "Klimek2012Result",
    "PendingPeaks",
    "RegionRanking",
    "TurnoutBase",
    "excess_votes",
    "fingerprint",
    "impossible_values",
    "integer_peaks",
    "klimek2012",
    "last_digit_test",
    "region_ranking",
    "second_digit_test",
    "start_integer_peaks",
]
