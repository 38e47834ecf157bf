"""The report: methods that cannot run say so, p-values at their Monte-Carlo floor, z-scores."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

from plebiscite.forensics import methods
from plebiscite.forensics.methods.common import NotRun, TooFewStations, pvalue_text, ztext
from plebiscite.forensics.page import render
from plebiscite.forensics.report import run_all
from plebiscite.forensics.synthetic import synthetic_election


def test_too_few_stations_for_the_fingerprint_only() -> None:
    data = synthetic_election(15, seed=2)
    report = run_all(data, runs=20, seed=1, workers=1)
    assert isinstance(report.fingerprint, NotRun)
    assert report.fingerprint.status == "not run: needs at least 20 usable stations, has 15"
    assert isinstance(report.peaks, methods.IntegerPeaksResult)
    assert isinstance(report.excess, methods.ExcessVotesResult)
    verdicts = {f.method: f.verdict for f in report.findings()}
    assert verdicts["Fingerprint, regional variant (calibrated test)"].startswith(
        "not run: needs at least 20"
    )
    assert verdicts["Fingerprint fit (Klimek et al. 2012)"].startswith("not run")
    assert report.to_dict()["fingerprint_regional"] == {
        "status": "not run: needs at least 20 usable stations, has 15",
        "method": "fingerprint",
        "needed": 20,
        "found": 15,
        "unit": "usable stations",
    }
    page = render(report)
    assert "Not run: needs at least 20 usable stations, has 15." in page
    assert isinstance(report.klimek, NotRun)


def test_six_stations_every_counting_method_says_why() -> None:
    report = run_all(synthetic_election(6, seed=3), runs=10, seed=1, workers=1)
    for result, needed in (
        (report.peaks, 10),
        (report.fingerprint, 20),
        (report.klimek, 20),
        (report.excess, 10),
        (report.last_digit, 50),
        (report.second_digit, 50),
    ):
        assert isinstance(result, NotRun) and result.needed == needed, result
    assert isinstance(report.second_digit, NotRun) and report.second_digit.unit == "counts"
    # the region table still has its rows; the columns of the methods that did not run are empty
    table = report.regions.table
    assert len(table) > 0 and table["integer_excess_per_100"].isna().all()
    assert "integer_excess_per_100" not in str(report.regions.recipe["score"])
    page = render(report)
    # six summary lines and two digit-table rows; the four sections say it in a sentence
    assert page.count("not run: needs at least") == 8
    assert page.count("Not run: needs at least") == 4


def test_each_method_raises_too_few_stations_with_its_facts() -> None:
    data = synthetic_election(8, seed=4)
    with pytest.raises(TooFewStations) as caught:
        methods.fingerprint(data)
    assert (caught.value.method, caught.value.needed, caught.value.found) == ("fingerprint", 20, 8)


@pytest.mark.parametrize(
    ("p", "runs", "text"),
    [
        (1 / 1001, 1000, "p < 0.001 (1/1001)"),
        (1 / 100, 99, "p < 0.01 (1/100)"),
        (1 / 201, 200, "p < 0.005 (1/201)"),
        (2 / 1001, 1000, "p = 0.002"),
        (0.0213, None, "p = 0.0213"),
        (0.0, None, "p < 1e-300"),
        (float("nan"), 5, "p not computed"),
    ],
)
def test_pvalue_text(p: float, runs: int | None, text: str) -> None:
    assert pvalue_text(p, runs) == text


def test_zscores_beside_pvalues() -> None:
    data = synthetic_election(2000, seed=3, rounding=0.08)
    report = run_all(data, runs=99, seed=1, workers=1)
    peaks = report.peaks
    assert isinstance(peaks, methods.IntegerPeaksResult)
    null = np.asarray(peaks.null_either, dtype=float)
    assert peaks.zscore == pytest.approx(
        (peaks.observed["either"] - null.mean()) / null.std(ddof=1)
    )
    assert peaks.pvalue == pytest.approx(1 / 100)
    line = {f.method: f.evidence for f in report.findings()}
    assert line["Integer-percentage peaks"] == f"z = {peaks.zscore:.1f}, p < 0.01 (1/100)"
    assert "0.01 (1/100)" in render(report)
    last = report.last_digit
    assert isinstance(last, methods.DigitTestResult)
    assert math.isclose(last.zscore, float(stats.norm.isf(last.pvalue)))
    for name in ("Fingerprint, regional", "Excess votes (estimate)", "Last digit"):
        evidence = next(f.evidence for f in report.findings() if f.method.startswith(name))
        assert evidence.startswith("z = "), evidence


def test_ztext_says_when_the_null_does_not_vary() -> None:
    assert ztext(3.24) == "z = 3.2"
    assert ztext(float("nan")) == "z undefined (the null does not vary)"


def test_the_report_is_the_same_whatever_the_workers() -> None:
    """With 2 workers the integer-peak replicates run in other processes while this one runs
    the other methods: the report must not change."""
    data = synthetic_election(800, seed=21, stuffing=0.1)
    one = run_all(data, runs=60, seed=5, workers=1).to_dict()
    seen: list[int] = []
    two = run_all(data, runs=60, seed=5, workers=2, progress=seen.append).to_dict()
    assert one == two
    assert sum(seen) == 60
