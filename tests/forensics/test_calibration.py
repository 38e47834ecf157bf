"""False-alarm rates over 200 clean synthetic elections sit at each method's nominal level.

Each clean election has 2,500 stations in 20 regions with their own turnout and vote
(logit-normal effects), log-normal station sizes and beta-binomial overdispersion: large enough
that a null which ignores station sizes (a normal fingerprint cloud, uniform last digits, a
percentile bootstrap over 20 regions) drifts above its level. Every method runs at level 0.05.
With Monte-Carlo p-values from 99 replicates and the rule p < 0.05, the exact level is 4/100;
the chi-square and bootstrap methods are at 5/100. The count of alarms must lie in the binomial
99 % interval of Binomial(200, exact level). The second-digit figure is descriptive: it never
alarms.
"""

from __future__ import annotations

import math

import pytest
from scipy import stats

from plebiscite.forensics import methods
from plebiscite.forensics.synthetic import synthetic_election

REPLICATES = 200
STATIONS = 2500
ALPHA = 0.05
RUNS = 99
MC_LEVEL = (math.ceil(ALPHA * (RUNS + 1)) - 1) / (RUNS + 1)
LEVEL = {"peaks": MC_LEVEL, "fingerprint": MC_LEVEL, "excess": ALPHA, "last": ALPHA}


@pytest.fixture(scope="module")
def alarms() -> dict[str, int]:
    counts = dict.fromkeys(("peaks", "fingerprint", "excess", "last", "second"), 0)
    for i in range(REPLICATES):
        data = synthetic_election(STATIONS, seed=10_000 + i)
        counts["peaks"] += methods.integer_peaks(data, runs=RUNS, seed=i, alpha=ALPHA).alarm
        counts["fingerprint"] += methods.fingerprint(
            data, null_runs=RUNS, boot_runs=0, samples=6000, seed=i, alpha=ALPHA
        ).alarm
        counts["excess"] += methods.excess_votes(data, boot_runs=200, seed=i, alpha=ALPHA).alarm
        counts["last"] += methods.last_digit_test(data, alpha=ALPHA).alarm
        counts["second"] += methods.second_digit_test(data, alpha=ALPHA).alarm
    return counts


@pytest.mark.parametrize("method", sorted(LEVEL))
def test_false_alarm_rate_is_nominal(alarms: dict[str, int], method: str) -> None:
    low, high = stats.binom.interval(0.99, REPLICATES, LEVEL[method])
    assert low <= alarms[method] <= high, (method, alarms[method], (low, high))


def test_second_digit_is_descriptive(alarms: dict[str, int]) -> None:
    assert alarms["second"] == 0
