"""Run every method over one election and write ``report.json`` and a self-contained
``report.html`` (plots embedded as PNG data URIs; no external requests).
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from plebiscite import __version__
from plebiscite.forensics import methods
from plebiscite.forensics.data import ElectionData
from plebiscite.forensics.methods import TurnoutBase

__all__ = ["ForensicsReport", "run_all", "write_html", "write_json"]


@dataclass(frozen=True)
class ForensicsReport:
    """Every method's result for one election, and the settings used."""

    data: ElectionData
    peaks: methods.IntegerPeaksResult
    fingerprint: methods.FingerprintResult
    excess: methods.ExcessVotesResult
    last_digit: methods.DigitTestResult
    second_digit: methods.DigitTestResult
    implausible: methods.ImplausibleResult
    regions: methods.RegionRanking
    settings: dict[str, object]

    def findings(self) -> list[tuple[str, str, bool, str]]:
        """(method, headline figure, alarm, p-value or interval) for the summary table."""
        p, f, e = self.peaks, self.fingerprint, self.excess
        return [
            (
                "Integer-percentage peaks",
                f"{p.anomaly['either']:+,.1f} stations (sd {p.sd['either']:,.1f})",
                p.alarm,
                f"p = {p.pvalue:.3g}",
            ),
            (
                "Fingerprint fraud fractions",
                f"f_i = {f.f_incremental:.3f}, f_e = {f.f_extreme:.4f}",
                f.alarm,
                f"p = {f.pvalue:.3g}",
            ),
            (
                "Excess votes (estimate)",
                f"{e.statistic:,.0f} votes ({e.excess_share_of_leader:.1%} of the leader's)",
                e.alarm,
                f"{e.interval[0]:,.0f} … {e.interval[1]:,.0f}",
            ),
            (
                "Last digit (station-level binomial)",
                f"chi2 = {self.last_digit.statistic:.1f}",
                self.last_digit.alarm,
                f"p = {self.last_digit.pvalue:.3g}",
            ),
            (
                "Second digit (Benford; descriptive, never alarms)",
                f"chi2 = {self.second_digit.statistic:.1f}",
                self.second_digit.alarm,
                f"p vs Benford = {self.second_digit.pvalue:.3g}",
            ),
            (
                "Impossible values",
                f"{self.implausible.counts['any_impossible']:,} stations; "
                f"{self.implausible.counts['identical_rows']:,} identical rows",
                self.implausible.counts["any_impossible"] > 0,
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
            "fingerprint": self.fingerprint.to_dict(),
            "excess_votes": self.excess.to_dict(),
            "last_digit": self.last_digit.to_dict(),
            "second_digit": self.second_digit.to_dict(),
            "implausible": self.implausible.to_dict(),
            "regions": self.regions.to_dict(),
        }


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
    """Run every method with one seed (each method gets its own stream derived from it)."""
    seeds = [int(s.generate_state(1)[0]) for s in np.random.SeedSequence(seed).spawn(3)]
    peaks = methods.integer_peaks(
        data,
        runs=runs,
        seed=seeds[0],
        turnout=turnout,
        alpha=alpha,
        workers=workers,
        progress=progress,
    )
    finger = methods.fingerprint(data, turnout=turnout, alpha=alpha, seed=seeds[1])
    excess = methods.excess_votes(data, turnout=turnout, alpha=alpha, seed=seeds[2])
    return ForensicsReport(
        data=data,
        peaks=peaks,
        fingerprint=finger,
        excess=excess,
        last_digit=methods.last_digit_test(data, alpha=alpha),
        second_digit=methods.second_digit_test(data, alpha=alpha),
        implausible=methods.impossible_values(data),
        regions=methods.region_ranking(data, peaks, excess, turnout=turnout),
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
    path.write_text(
        json.dumps(_clean(report.to_dict()), ensure_ascii=False, indent=1), encoding="utf-8"
    )


# --------------------------------------------------------------------------------- plots


def _png(fig: Any) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=96, bbox_inches="tight")
    plt.close(fig)
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _plot_integer(report: ForensicsReport) -> str:
    st = report.data
    turnout = str(report.settings["turnout"])
    reg = st.count("registered").astype(float)
    num = st.count(turnout).astype(float)
    box = st.count("boxes").astype(float)
    lead = st.count(st.leader).astype(float)
    ok = (reg >= 100) & (box > 0)
    fig, axes = plt.subplots(3, 1, figsize=(11, 8.5))
    edges = np.arange(0, 100.1, 0.1)
    for ax, values, label in (
        (axes[0], 100 * num[ok] / reg[ok], "turnout, %"),
        (axes[1], 100 * lead[ok] / box[ok], "leader's share, %"),
    ):
        counts, _ = np.histogram(values, bins=edges)
        ax.bar(edges[:-1], counts, width=0.1, align="edge", color="#3b6ea8", linewidth=0)
        for k in range(0, 101, 5):
            ax.axvline(k, color="#d33", lw=0.4, alpha=0.5)
        ax.set_xlim(20, 100)
        ax.set_xlabel(label + " (0.1 % bins; red lines every 5 %)")
        ax.set_ylabel("stations")
    null = np.asarray(report.peaks.null_either)
    axes[2].hist(null, bins=40, color="#999", label="binomial replicates")
    axes[2].axvline(report.peaks.observed["either"], color="#d33", lw=2, label="observed")
    axes[2].set_xlabel("stations with an integer turnout or leader share")
    axes[2].legend()
    fig.tight_layout()
    return _png(fig)


def _plot_fingerprint(report: ForensicsReport) -> str:
    f = report.fingerprint
    fig, axes = plt.subplots(1, 2, figsize=(11, 4.8))
    for ax, hist, title in (
        (axes[0], np.asarray(f.histogram, dtype=float), "observed"),
        (axes[1], np.asarray(f.model_histogram), "fitted model"),
    ):
        im = ax.imshow(
            np.log1p(hist.T), origin="lower", extent=(0, 100, 0, 100), cmap="viridis", aspect="auto"
        )
        ax.set_xlabel("turnout, %")
        ax.set_ylabel("leader's share, %")
        ax.set_title(title)
        fig.colorbar(im, ax=ax, label="log(1 + stations)")
    fig.tight_layout()
    return _png(fig)


def _plot_excess(report: ForensicsReport) -> str:
    e = report.excess
    edges = np.asarray(e.turnout_hist["edges"]) * 100
    fig, ax = plt.subplots(figsize=(11, 4))
    centres = (edges[:-1] + edges[1:]) / 2
    ax.plot(centres, e.turnout_hist["leader"], color="#c33", label=f"leader ({report.data.leader})")
    ax.plot(centres, e.turnout_hist["others"], color="#36c", label="all other options")
    ax.axvline(100 * e.turnout_mode, color="k", ls="--", lw=1, label="turnout mode (clean bulk)")
    ax.set_xlabel("turnout, % (1 % bins)")
    ax.set_ylabel("votes")
    ax.legend()
    fig.tight_layout()
    return _png(fig)


def _plot_digits(report: ForensicsReport) -> str:
    fig, axes = plt.subplots(1, 2, figsize=(11, 3.6))
    for ax, res, title in (
        (axes[0], report.last_digit, "last digit vs station-level binomial"),
        (axes[1], report.second_digit, "second digit vs Benford (descriptive)"),
    ):
        n = max(res.n_counts, 1)
        ax.bar(range(10), np.asarray(res.observed) / n, color="#3b6ea8", label="observed")
        ax.plot(range(10), np.asarray(res.expected) / n, "ko-", ms=3, label="expected")
        ax.set_xticks(range(10))
        ax.set_title(title)
        ax.set_ylabel("share of counts")
        ax.legend()
    fig.tight_layout()
    return _png(fig)


# ---------------------------------------------------------------------------------- HTML

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .6em;
text-align:left;vertical-align:top}th{background:#f3f3f3}td.n{text-align:right}
.alarm{color:#b00;font-weight:600}.ok{color:#060}.means{background:#f6f9ff;border-left:4px solid
#36c;padding:.5em 1em}.not{background:#fff7f2;border-left:4px solid #c63;padding:.5em 1em}
img{max-width:100%}code{background:#f3f3f3;padding:0 .2em}details{margin:.5em 0}
"""


def _e(value: object) -> str:
    return html.escape(str(value))


def _table(rows: list[list[str]], head: list[str], numeric: set[int] | None = None) -> str:
    numeric = numeric or set()
    out = ["<table><tr>", *(f"<th>{_e(h)}</th>" for h in head), "</tr>"]
    for row in rows:
        out.append("<tr>")
        out.extend(
            f'<td class="n">{_e(c)}</td>' if i in numeric else f"<td>{_e(c)}</td>"
            for i, c in enumerate(row)
        )
        out.append("</tr>")
    out.append("</table>")
    return "".join(out)


def _verdict(alarm: bool) -> str:
    return '<span class="alarm">alarm</span>' if alarm else '<span class="ok">no alarm</span>'


def _explain(means: str, not_means: str) -> str:
    return (
        f'<p class="means"><b>What an alarm means.</b> {means}</p>'
        f'<p class="not"><b>What it does not mean.</b> {not_means}</p>'
    )


def write_html(report: ForensicsReport, path: Path) -> None:
    """Write the self-contained ``report.html``."""
    data = report.data
    summary = data.summary()
    p, f, e = report.peaks, report.fingerprint, report.excess
    parts: list[str] = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        "<title>Election forensics report</title>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "img-src data:; style-src 'unsafe-inline'\">",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Election forensics report</h1>",
        f"<p>Source: <code>{_e(summary.source)}</code>. Leader examined: "
        f"<b>{_e(data.leader)}</b>. Turnout = ballots {_e(report.settings['turnout'])} / "
        f"registered voters. Level of the tests: {report.settings['alpha']}. Seed "
        f"{_e(report.settings['seed'])}, {report.settings['runs']} Monte-Carlo runs. "
        f"plebiscite {__version__}.</p>",
        "<p>These are statistical tests on a table of published numbers. An alarm says the "
        "numbers look unlike those of the honest model each method assumes; it is a reason "
        "to look closer (observers' reports, protocols, video), not a verdict. No alarm does "
        "not certify an election: careful falsification leaves none of these traces.</p>",
        "<h2>Summary</h2>",
        _table(
            [[m, fig, "alarm" if a else "no alarm", pv] for m, fig, a, pv in report.findings()],
            ["method", "figure", "verdict", "p-value / interval"],
        ),
        "<h2>Data</h2>",
        _table(
            [
                ["rows read", f"{summary.rows_read:,}"],
                ["stations used", f"{summary.rows_used:,}"],
                ["rows excluded", f"{summary.rows_excluded:,}"],
                ["regions", f"{summary.regions:,}"],
                *[[k, f"{v:,}"] for k, v in summary.totals.items()],
            ],
            ["", "value"],
            {1},
        ),
    ]
    for note in summary.notes:
        parts.append(f"<p><b>Note:</b> {_e(note)}</p>")
    if data.excluded:
        parts.append("<h3>Excluded rows, by reason</h3>")
        parts.append(
            _table(
                [[r, f"{c:,}"] for r, c in summary.excluded_by_reason.items()],
                ["reason", "rows"],
                {1},
            )
        )
        shown = data.excluded[:300]
        parts.append(
            f"<details><summary>First {len(shown)} of {len(data.excluded):,} excluded rows "
            "(all are in report.json)</summary>"
            + _table(
                [[str(r.line), r.reason, r.detail] for r in shown], ["line", "reason", "detail"]
            )
            + "</details>"
        )

    parts += [
        "<h2>1. Integer-percentage peaks</h2>",
        "<p>Kobak, Shpilkin &amp; Pshenichnikov (2016). People who write numbers instead of "
        "counting them favour round percentages. Among stations with at least 100 voters, we "
        "count those whose turnout or leader's share is an integer percentage (within 0.05 "
        "points), and compare with what binomial noise at each station's own rates gives.</p>",
        _table(
            [
                [
                    k,
                    f"{p.observed[k]:,}",
                    f"{p.expected[k]:,.1f}",
                    f"{p.sd[k]:,.1f}",
                    f"{p.anomaly[k]:+,.1f}",
                    f"{p.observed[k] - p.expected_exact[k]:+,.1f}",
                ]
                for k in ("leader", "turnout", "either")
            ],
            [
                "integer percentage in",
                "observed",
                "expected (replicates)",
                "sd",
                "anomaly",
                "anomaly (exact expectation)",
            ],
            {1, 2, 3, 4, 5},
        ),
        f"<p>{p.n_stations:,} stations. Monte-Carlo p-value {p.pvalue:.3g}: "
        f"{_verdict(p.alarm)}.</p>",
        f'<img alt="integer peaks" src="{_plot_integer(report)}">',
        _explain(
            "More stations report round percentages than binomial chance allows at their own "
            "rates: a trace of numbers set to hit targets. The peaks in the histograms sit at "
            "whole (and especially multiple-of-5) percentages.",
            "It does not tell which stations were edited, nor how many votes: a station with a "
            "round number may be honest, and edited numbers need not be round. A reporting "
            "habit of rounding (not falsification) would also produce peaks.",
        ),
        "<h2>2. Turnout × leader-share fingerprint</h2>",
        "<p>Klimek, Yegorov, Hanel &amp; Thurner (PNAS 2012). Honest stations form a cloud "
        "around typical turnout and share; ballot stuffing drags stations toward 100 % / 100 %. "
        "We fit the share of stations with incremental fraud (f<sub>i</sub>) and extreme fraud "
        "(f<sub>e</sub>) as a mixture.</p>",
        _table(
            [
                [
                    "incremental f_i",
                    f"{f.f_incremental:.4f}",
                    f"{f.interval_incremental[0]:.4f} … {f.interval_incremental[1]:.4f}",
                ],
                [
                    "extreme f_e",
                    f"{f.f_extreme:.4f}",
                    f"{f.interval_extreme[0]:.4f} … {f.interval_extreme[1]:.4f}",
                ],
            ],
            ["fraction", "fitted", f"{f.confidence:.0%} interval"],
            {1},
        ),
        f"<p>Clean centre: turnout {f.clean.turnout_mean:.1%} (sd {f.clean.turnout_sd:.3f}), "
        f"share {f.clean.share_mean:.1%} (sd {f.clean.share_sd:.3f}), {f.clean.groups} regional "
        f"groups; {f.n_stations:,} stations. Parametric-bootstrap p-value {f.pvalue:.3g}: "
        f"{_verdict(f.alarm)}.</p>",
        f'<img alt="fingerprint" src="{_plot_fingerprint(report)}">',
        _explain(
            "Within regions, too many stations sit above and to the right of the honest cloud, "
            "in the direction that ballot stuffing moves them.",
            "Honest heterogeneity gives the same picture: places that turn out more may also "
            "favour the leader (rural areas, closed institutions, a popular local figure). The "
            "fractions are model-based estimates, not counts of falsified stations.",
        ),
        "<h2>3. Excess votes from the clean bulk (an estimate)</h2>",
        "<p>After Sergey Shpilkin's idea; no published algorithm exists, so this is our own "
        "documented recipe, not a reproduction of his figures. Stations up to the most common "
        "turnout form the clean bulk; above it, the leader's votes beyond the bulk's ratio "
        "to the other options are counted as excess.</p>",
        _table(
            [
                ["turnout mode (edge of the clean bulk)", f"{e.turnout_mode:.0%}"],
                ["leader's share in the clean bulk", f"{e.clean_share:.2%}"],
                ["leader's official share of valid votes", f"{e.official_share:.2%}"],
                ["estimated excess votes", f"{e.statistic:,.0f}"],
                [
                    f"{e.recipe['interval']}",
                    f"{e.interval[0]:,.0f} … {e.interval[1]:,.0f}",
                ],
                ["share of the leader's votes", f"{e.excess_share_of_leader:.1%}"],
            ],
            ["", "value"],
            {1},
        ),
        f"<p>{_verdict(e.alarm)} (lower bound at level {e.alpha}: {e.lower_bound:,.0f}).</p>",
        f'<img alt="excess votes" src="{_plot_excess(report)}">',
        _explain(
            "Above the typical turnout the leader gains votes while the other options do not: "
            "the leader's curve has a long right tail that the others lack.",
            "It is an estimate under the assumption that honest high-turnout stations vote like "
            "the bulk. Where that is false (different regions, rural and urban stations) the "
            "figure is positive without fraud. It is not a count of stolen votes.",
        ),
        "<h2>4. Digit tests</h2>",
        _table(
            [
                [
                    "last digit (Beber & Scacco 2012)",
                    f"{report.last_digit.n_counts:,}",
                    f"{report.last_digit.statistic:.1f}",
                    f"{report.last_digit.pvalue:.3g}",
                    "alarm" if report.last_digit.alarm else "no alarm",
                ],
                [
                    "second digit, Benford (Mebane)",
                    f"{report.second_digit.n_counts:,}",
                    f"{report.second_digit.statistic:.1f}",
                    f"{report.second_digit.pvalue:.3g}",
                    "descriptive, no alarm",
                ],
            ],
            ["test", "counts", "chi-square (9 df)", "p", "verdict"],
            {1, 2, 3},
        ),
        f'<img alt="digits" src="{_plot_digits(report)}">',
        _explain(
            "People inventing numbers choose last digits unevenly. The last digits of honest "
            "counts are close to uniform; the expected frequencies here are those of every "
            "count redrawn from its own station's binomial, so small counts and counts near "
            "the 50-vote floor are allowed for.",
            "Rounding or copying from another table also move digits, and a careful forger "
            "passes. The second-digit figure is descriptive and never raises an alarm: honest "
            "vote counts do not follow Benford's law (station sizes and vote shares fix their "
            "range), so with thousands of stations its chi-square against Benford is large "
            "without any fraud.",
        ),
        "<h2>5. Impossible and implausible values</h2>",
        _table(
            [[k, f"{v:,}"] for k, v in report.implausible.counts.items()],
            ["check", "stations"],
            {1},
        ),
        f"<p>Identical rows form {report.implausible.duplicate_groups:,} groups.</p>",
    ]
    for kind, rows in report.implausible.examples.items():
        if rows:
            parts.append(
                f"<details><summary>{_e(kind)}: first {min(len(rows), 50)} stations</summary>"
                + _table(
                    [
                        [str(r["line"]), str(r["region"]), str(r["station"]), str(r["detail"])]
                        for r in rows[:50]
                    ],
                    ["line", "region", "station", "detail"],
                )
                + "</details>"
            )
    parts.append(
        _explain(
            "Numbers that cannot be true together (more ballots than voters, more votes than "
            "ballots) are errors or edits; whole protocols repeated verbatim suggest copying.",
            "A data-entry or scraping error explains some; two small stations may match by chance.",
        )
    )
    table = report.regions.table
    parts += [
        "<h2>Regions, ranked</h2>",
        f"<p>{_e(report.regions.recipe['score'])}. Top 30 of {len(table):,}; all are in "
        "report.json.</p>",
        _table(
            [
                [
                    str(name),
                    f"{int(row['stations']):,}",
                    f"{row['turnout']:.1%}",
                    f"{row['leader_share']:.1%}",
                    f"{row['integer_excess_per_100']:+.1f}",
                    f"{row['high_turnout_share']:.1%}",
                    f"{row['excess_share_of_leader']:.1%}",
                    f"{row['score']:.2f}",
                ]
                for name, row in table.head(30).iterrows()
            ],
            [
                "region",
                "stations",
                "turnout",
                "leader",
                "integer excess / 100 stations",
                "turnout ≥ 90 %",
                "excess / leader's votes",
                "score",
            ],
            {1, 2, 3, 4, 5, 6, 7},
        ),
        _explain(
            "A high score marks a region where several independent signs point the same way.",
            "Ranks are relative: the top region of a clean election still ranks first.",
        ),
        "</body></html>",
    ]
    path.write_text("".join(parts), encoding="utf-8")
