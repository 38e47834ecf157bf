"""False-positive rates over 200 clean synthetic elections sit at each method's nominal level.

Each clean election has 20 regions with their own turnout and vote (logit-normal effects) and
beta-binomial overdispersion. Every method runs at level 0.05; with Monte-Carlo p-values from 99
replicates the exact level is floor(0.05 x 100) / 100 = 0.05. The count of alarms must lie in
the binomial 99 % interval of Binomial(200, 0.05).
"""

from __future__ import annotations

import pytest
from scipy import stats

from plebiscite.forensics import methods
from plebiscite.forensics.synthetic import synthetic_election

REPLICATES = 200
ALPHA = 0.05
LOW, HIGH = stats.binom.interval(0.99, REPLICATES, ALPHA)


@pytest.fixture(scope="module")
def alarms() -> dict[str, int]:
    counts = dict.fromkeys(("peaks", "fingerprint", "excess", "last", "second"), 0)
    for i in range(REPLICATES):
        data = synthetic_election(600, seed=10_000 + i)
        counts["peaks"] += methods.integer_peaks(data, runs=99, seed=i, alpha=ALPHA).alarm
        counts["fingerprint"] += methods.fingerprint(
            data, null_runs=99, boot_runs=0, samples=6000, seed=i, alpha=ALPHA
        ).alarm
        counts["excess"] += methods.excess_votes(data, boot_runs=200, seed=i, alpha=ALPHA).alarm
        counts["last"] += methods.last_digit_test(data, alpha=ALPHA).alarm
        counts["second"] += methods.second_digit_test(data, alpha=ALPHA).alarm
    return counts


@pytest.mark.parametrize("method", ["peaks", "fingerprint", "excess", "last", "second"])
def test_false_positive_rate_is_nominal(alarms: dict[str, int], method: str) -> None:
    assert LOW <= alarms[method] <= HIGH, (method, alarms[method], (LOW, HIGH))
