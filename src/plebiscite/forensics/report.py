"""Run every method over one election and write ``report.json`` and a self-contained
``report.html`` with :func:`.page.write_html` (its plots are :mod:`.plots`).

A method that cannot run on the table (too few usable stations or counts) does not stop the
others: its place in the report holds a :class:`~.methods.common.NotRun` that says why.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from plebiscite import __version__
from plebiscite.forensics import methods
from plebiscite.forensics.data import ElectionData
from plebiscite.forensics.methods.common import (
    NotRun,
    TooFewStations,
    TurnoutBase,
    pvalue_text,
    ztext,
)

__all__ = ["Finding", "ForensicsReport", "run_all", "write_json"]

R = TypeVar("R")


@dataclass(frozen=True)
class Finding:
    """One line of the summary: the method, its headline figure, the verdict and the evidence.

    ``verdict`` is ``"alarm"``, ``"no alarm"``, ``"descriptive"`` or ``"not run: …"``.
    """

    method: str
    figure: str
    verdict: str
    evidence: str

    @property
    def alarm(self) -> bool:
        """Whether the method raised an alarm."""
        return self.verdict == "alarm"


@dataclass(frozen=True)
class ForensicsReport:
    """Every method's result for one election (or why it did not run), and the settings."""

    data: ElectionData
    peaks: methods.IntegerPeaksResult | NotRun
    klimek: methods.Klimek2012Result | NotRun
    """The fingerprint fit as published (descriptive)."""
    fingerprint: methods.FingerprintResult | NotRun
    """The regional variant of the fingerprint, with its calibrated test."""
    excess: methods.ExcessVotesResult | NotRun
    last_digit: methods.DigitTestResult | NotRun
    second_digit: methods.DigitTestResult | NotRun
    implausible: methods.ImplausibleResult
    regions: methods.RegionRanking
    settings: dict[str, object]

    def findings(self) -> list[Finding]:
        """The summary table: one :class:`Finding` per method."""
        imp = self.implausible
        return [
            _finding("Integer-percentage peaks", self.peaks, _peaks_line),
            _finding("Fingerprint fit (Klimek et al. 2012)", self.klimek, _klimek_line),
            _finding(
                "Fingerprint, regional variant (calibrated test)",
                self.fingerprint,
                _fingerprint_line,
            ),
            _finding("Excess votes (estimate)", self.excess, _excess_line),
            _finding("Last digit (station-level binomial)", self.last_digit, _digit_line),
            _finding(
                "Second digit (Benford; descriptive, never alarms)", self.second_digit, _digit_line
            ),
            Finding(
                "Impossible values",
                f"{imp.counts['any_impossible']:,} stations; "
                f"{imp.counts['identical_rows']:,} identical rows",
                _verdict(imp.counts["any_impossible"] > 0),
                "count",
            ),
        ]

    def to_dict(self) -> dict[str, object]:
        """Everything, JSON-ready: settings, data summary, excluded rows, each method's result."""
        return {
            "plebiscite": __version__,
            "settings": self.settings,
            "data": self.data.summary().to_dict(),
            "excluded_rows": [
                {"line": r.line, "reason": r.reason, "detail": r.detail} for r in self.data.excluded
            ],
            "integer_peaks": self.peaks.to_dict(),
            "fingerprint_klimek2012": self.klimek.to_dict(),
            "fingerprint_regional": self.fingerprint.to_dict(),
            "excess_votes": self.excess.to_dict(),
            "last_digit": self.last_digit.to_dict(),
            "second_digit": self.second_digit.to_dict(),
            "implausible": self.implausible.to_dict(),
            "regions": self.regions.to_dict(),
        }


def _verdict(alarm: bool) -> str:
    return "alarm" if alarm else "no alarm"


def _finding(name: str, result: R | NotRun, line: Callable[[R], tuple[str, str, str]]) -> Finding:
    if isinstance(result, NotRun):
        return Finding(name, "", result.status, "")
    return Finding(name, *line(result))


def _peaks_line(p: methods.IntegerPeaksResult) -> tuple[str, str, str]:
    return (
        f"{p.anomaly['either']:+,.1f} stations (sd {p.sd['either']:,.1f})",
        _verdict(p.alarm),
        f"{ztext(p.zscore)}, {pvalue_text(p.pvalue, p.runs)}",
    )


def _klimek_line(k: methods.Klimek2012Result) -> tuple[str, str, str]:
    return (
        f"f_i = {k.f_incremental:.3f} (sd {k.sd_incremental:.3f}), "
        f"f_e = {k.f_extreme:.3f} (sd {k.sd_extreme:.3f})",
        "descriptive",
        f"clean core: turnout {k.turnout_peak:.0%}, share {k.share_peak:.0%}",
    )


def _fingerprint_line(f: methods.FingerprintResult) -> tuple[str, str, str]:
    return (
        f"f_i = {f.f_incremental:.3f}, f_e = {f.f_extreme:.4f}",
        _verdict(f.alarm),
        f"{ztext(f.zscore)}, {pvalue_text(f.pvalue, f.null_runs)}",
    )


def _excess_line(e: methods.ExcessVotesResult) -> tuple[str, str, str]:
    return (
        f"{e.statistic:,.0f} votes ({e.excess_share_of_leader:.1%} of the leader's)",
        _verdict(e.alarm),
        f"{ztext(e.zscore)}; {e.confidence:.0%} interval {e.interval[0]:,.0f} … "
        f"{e.interval[1]:,.0f}",
    )


def _digit_line(d: methods.DigitTestResult) -> tuple[str, str, str]:
    if d.descriptive:
        return (
            f"chi2 = {d.statistic:.1f}",
            "descriptive",
            f"{ztext(d.zscore)}, {pvalue_text(d.pvalue)} against Benford",
        )
    return (
        f"chi2 = {d.statistic:.1f}",
        _verdict(d.alarm),
        f"{ztext(d.zscore)}, {pvalue_text(d.pvalue)}",
    )


def _attempt(run: Callable[[], R]) -> R | NotRun:
    """The method's result, or the reason it could not run on this table."""
    try:
        return run()
    except TooFewStations as exc:
        return NotRun.from_error(exc)


def run_all(
    data: ElectionData,
    *,
    runs: int = 1000,
    seed: int = 0,
    turnout: TurnoutBase = "issued",
    alpha: float = 0.01,
    workers: int = 1,
    progress: Callable[[int], None] | None = None,
) -> ForensicsReport:
    """Run every method with one seed (each method gets its own stream derived from it).

    A method with too few usable stations for it is reported as not run; the others run. With
    ``workers`` > 1 the integer-peak replicates run in that many processes while this one
    computes the other methods; the figures do not depend on it.
    """
    seeds = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(seed).spawn(4)]
    pending = _attempt(
        lambda: methods.start_integer_peaks(
            data,
            runs=runs,
            seed=seeds[0],
            turnout=turnout,
            alpha=alpha,
            workers=workers,
            progress=progress,
        )
    )
    try:
        finger = _attempt(
            lambda: methods.fingerprint(data, turnout=turnout, alpha=alpha, seed=seeds[1])
        )
        excess = _attempt(
            lambda: methods.excess_votes(data, turnout=turnout, alpha=alpha, seed=seeds[2])
        )
        klimek = _attempt(lambda: methods.klimek2012(data, seed=seeds[3]))
        last_digit = _attempt(lambda: methods.last_digit_test(data, alpha=alpha))
        second_digit = _attempt(lambda: methods.second_digit_test(data, alpha=alpha))
        implausible = methods.impossible_values(data)
    except BaseException:
        if not isinstance(pending, NotRun):
            pending.cancel()
        raise
    peaks = pending if isinstance(pending, NotRun) else pending.result()
    return ForensicsReport(
        data=data,
        peaks=peaks,
        klimek=klimek,
        fingerprint=finger,
        excess=excess,
        last_digit=last_digit,
        second_digit=second_digit,
        implausible=implausible,
        regions=methods.region_ranking(
            data,
            None if isinstance(peaks, NotRun) else peaks,
            None if isinstance(excess, NotRun) else excess,
            fingerprint=None if isinstance(finger, NotRun) else finger,
            turnout=turnout,
        ),
        settings={
            "runs": runs,
            "seed": seed,
            "turnout": turnout,
            "alpha": alpha,
            "method_seeds": seeds,
        },
    )


def _clean(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if isinstance(value, np.generic):
        return _clean(value.item())
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_json(report: ForensicsReport, path: Path) -> None:
    """Write ``report.json`` (non-finite numbers become null)."""
    with path.open("w", encoding="utf-8") as out:  # streamed: no second copy as one string
        json.dump(_clean(report.to_dict()), out, ensure_ascii=False, indent=1)
