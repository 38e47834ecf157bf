"""The self-contained HTML page of a forensics report: plots embedded as PNG data URIs, no
external requests (a content-security policy forbids them)."""

from __future__ import annotations

import html
from pathlib import Path

from plebiscite import __version__
from plebiscite.forensics import methods
from plebiscite.forensics.methods.common import NotRun, pvalue_text, ztext
from plebiscite.forensics.plots import plot_digits, plot_excess, plot_fingerprint, plot_integer
from plebiscite.forensics.report import ForensicsReport

__all__ = ["render", "write_html"]

_CSS = """
body{font:15px/1.5 system-ui,-apple-system,Segoe UI,sans-serif;max-width:1100px;margin:2em auto;
padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:2em}
table{border-collapse:collapse;margin:.6em 0}td,th{border:1px solid #ccc;padding:.25em .6em;
text-align:left;vertical-align:top}th{background:#f3f3f3}td.n{text-align:right}
.alarm{color:#b00;font-weight:600}.ok{color:#060}.means{background:#f6f9ff;border-left:4px solid
#36c;padding:.5em 1em}.not{background:#fff7f2;border-left:4px solid #c63;padding:.5em 1em}
.notrun{background:#f4f4f4;border-left:4px solid #888;padding:.5em 1em}
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


def _not_run(result: NotRun) -> str:
    return f'<p class="notrun"><b>{_e(result.status.capitalize())}.</b> The other methods ran.</p>'


def _head(report: ForensicsReport) -> list[str]:
    data = report.data
    summary = data.summary()
    parts = [
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
            [[x.method, x.figure, x.verdict, x.evidence] for x in report.findings()],
            ["method", "figure", "verdict", "z-score and p-value, or interval"],
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
    return parts


def _peaks(report: ForensicsReport) -> list[str]:
    p = report.peaks
    parts = [
        "<h2>1. Integer-percentage peaks</h2>",
        "<p>Kobak, Shpilkin &amp; Pshenichnikov (2016). People who write numbers instead of "
        "counting them favour round percentages. Among stations with at least 100 voters, we "
        "count those whose turnout or leader's share is an integer percentage (within 0.05 "
        "points), and compare with what binomial noise at each station's own rates gives.</p>",
    ]
    if isinstance(p, NotRun):
        return [*parts, _not_run(p)]
    return [
        *parts,
        _table(
            [
                [
                    k,
                    f"{p.observed[k]:,}",
                    f"{p.expected[k]:,.1f}",
                    f"{p.sd[k]:,.1f}",
                    f"{p.anomaly[k]:+,.1f}",
                    f"{p.anomaly[k] / p.sd[k]:+.1f}" if p.sd[k] > 0 else "",
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
                "z",
                "anomaly (exact expectation)",
            ],
            {1, 2, 3, 4, 5, 6},
        ),
        f"<p>{p.n_stations:,} stations. {_e(ztext(p.zscore))}, Monte-Carlo "
        f"{_e(pvalue_text(p.pvalue, p.runs))}: {_verdict(p.alarm)}.</p>",
        f'<img alt="integer peaks" '
        f'src="{plot_integer(report.data, p, str(report.settings["turnout"]))}">',
        _explain(
            "More stations report round percentages than binomial chance allows at their own "
            "rates: a trace of numbers set to hit targets. The peaks in the histograms sit at "
            "whole (and especially multiple-of-5) percentages.",
            "It does not tell which stations were edited, nor how many votes: a station with a "
            "round number may be honest, and edited numbers need not be round. A reporting "
            "habit of rounding (not falsification) would also produce peaks.",
        ),
    ]


def _klimek(report: ForensicsReport) -> list[str]:
    k = report.klimek
    if isinstance(k, NotRun):
        return [_not_run(k)]
    return [
        "<h3>The published fit</h3>",
        _table(
            [
                ["incremental f_i", f"{k.f_incremental:.3f}", f"{k.sd_incremental:.3f}"],
                ["extreme f_e", f"{k.f_extreme:.3f}", f"{k.sd_extreme:.3f}"],
            ],
            ["fraction of units", "fitted (mean of the fits)", "sd over the fits"],
            {1, 2},
        ),
        f"<p>Clean core (the first peaks of the 1-point histograms): turnout "
        f"{k.turnout_peak:.0%} (sd {k.turnout_sd:.3f}), leader's share {k.share_peak:.0%} "
        f"(sd {k.share_sd:.3f}); incremental-fraud spread θ = {k.theta:.3f}; "
        f"{k.n_stations:,} stations, {len(k.fits)} fits with fresh draws. "
        f"{_e(k.descriptive)}</p>",
        f'<img alt="fingerprint, observed, fitted and their difference" '
        f'src="{plot_fingerprint(k)}">',
    ]


def _regional(report: ForensicsReport) -> list[str]:
    f = report.fingerprint
    if isinstance(f, NotRun):
        return ["<h3>The regional variant</h3>", _not_run(f)]
    return [
        "<h3>The regional variant, with a calibrated test</h3>",
        "<p>Our variant: each region's own centre (its medians) and each station's own spread "
        "(its size), the fractions fitted by least squares on a 25 × 25 histogram, and a "
        "parametric-bootstrap test of zero fraud calibrated on clean synthetic elections.</p>",
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
        f"<p>{f.clean.groups} regional groups, {f.n_stations:,} stations. "
        f"{_e(ztext(f.zscore))}, {_e(pvalue_text(f.pvalue, f.null_runs))}: "
        f"{_verdict(f.alarm)}.</p>",
    ]


def _fingerprint(report: ForensicsReport) -> list[str]:
    return [
        "<h2>2. Turnout × leader-share fingerprint</h2>",
        "<p>Klimek, Yegorov, Hanel &amp; Thurner (PNAS 2012). Honest stations form a cloud "
        "around the low-turnout core; ballot stuffing drags stations toward 100 % / 100 %. The "
        "published model fits the fraction of units with incremental fraud (f<sub>i</sub>) and "
        "with extreme fraud (f<sub>e</sub>).</p>",
        *_klimek(report),
        *_regional(report),
        _explain(
            "Within the election (or, for the variant, within regions), too many stations sit "
            "above and to the right of the honest cloud, in the direction that ballot stuffing "
            "moves them.",
            "Honest heterogeneity gives the same picture: places that turn out more may also "
            "favour the leader (rural areas, closed institutions, a popular local figure). The "
            "fractions are model-based estimates, not counts of falsified stations.",
        ),
    ]


def _excess(report: ForensicsReport) -> list[str]:
    e = report.excess
    parts = [
        "<h2>3. Excess votes from the clean bulk (an estimate)</h2>",
        "<p>After Sergey Shpilkin's method. Stations up to the <i>clean turnout</i> form the "
        "clean bulk: the clean turnout is the upper edge of the clean peak, the lowest peak "
        "of the voter-weighted turnout histogram that reaches half the highest (the mode when "
        "there is one peak). Above it, the leader's votes beyond the bulk's ratio to the other "
        "options are counted as excess: the shaded area in the plot, between the leader's "
        "curve and the others' curve scaled by that ratio.</p>",
    ]
    if isinstance(e, NotRun):
        return [*parts, _not_run(e)]
    return [
        *parts,
        _table(
            [
                ["clean turnout (upper edge of the clean peak)", f"{e.clean_turnout:.0%}"],
                ["leader's share in the clean bulk", f"{e.clean_share:.2%}"],
                ["leader's official share of valid votes", f"{e.official_share:.2%}"],
                ["estimated excess votes", f"{e.statistic:,.0f}"],
                [f"{e.recipe['interval']}", f"{e.interval[0]:,.0f} … {e.interval[1]:,.0f}"],
                ["z (estimate / bootstrap sd)", ztext(e.zscore)],
                ["share of the leader's votes", f"{e.excess_share_of_leader:.1%}"],
                [
                    "single-bin recipe (ratio in the clean-peak bin, invalid ballots with the "
                    "others, every station)",
                    f"{e.peak_bin_excess:,.0f}",
                ],
            ],
            ["", "value"],
            {1},
        ),
        f"<p>{_verdict(e.alarm)} (lower bound at level {e.alpha}: {e.lower_bound:,.0f}).</p>",
        f'<img alt="excess votes" src="{plot_excess(e, report.data.leader)}">',
        _explain(
            "Above the typical turnout the leader gains votes while the other options do not: "
            "the leader's curve has a long right tail that the others lack.",
            "It is an estimate under the assumption that honest high-turnout stations vote like "
            "the bulk. Where that is false (different regions, rural and urban stations) the "
            "figure is positive without fraud. It is not a count of stolen votes.",
        ),
    ]


def _digit_row(name: str, d: methods.DigitTestResult | NotRun) -> list[str]:
    if isinstance(d, NotRun):
        return [name, str(d.found), "", "", "", d.status]
    verdict = "descriptive, no alarm" if d.descriptive else ("alarm" if d.alarm else "no alarm")
    return [
        name,
        f"{d.n_counts:,}",
        f"{d.statistic:.1f}",
        ztext(d.zscore).removeprefix("z = "),
        pvalue_text(d.pvalue),
        verdict,
    ]


def _digits(report: ForensicsReport) -> list[str]:
    last, second = report.last_digit, report.second_digit
    parts = [
        "<h2>4. Digit tests</h2>",
        _table(
            [
                _digit_row("last digit (Beber & Scacco 2012)", last),
                _digit_row("second digit, Benford (Mebane)", second),
            ],
            ["test", "counts", "chi-square (9 df)", "z", "p", "verdict"],
            {1, 2, 3},
        ),
    ]
    if not (isinstance(last, NotRun) and isinstance(second, NotRun)):
        shown = plot_digits(
            None if isinstance(last, NotRun) else last,
            None if isinstance(second, NotRun) else second,
        )
        parts.append(f'<img alt="digits" src="{shown}">')
    parts.append(
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
        )
    )
    return parts


def _implausible(report: ForensicsReport) -> list[str]:
    imp = report.implausible
    parts = [
        "<h2>5. Impossible and implausible values</h2>",
        _table([[k, f"{v:,}"] for k, v in imp.counts.items()], ["check", "stations"], {1}),
        f"<p>Identical rows form {imp.duplicate_groups:,} groups.</p>",
    ]
    for kind, rows in imp.examples.items():
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
    return parts


def _pct(value: float, fmt: str) -> str:
    return "" if value != value else format(value, fmt)  # NaN: the method did not run


def _left_out(report: ForensicsReport, name: object) -> str:
    """``integer peaks 312, fingerprint 3`` for the region's row (methods that left none out
    are not named)."""
    parts = []
    for method, per_region in report.regions.excluded.items():
        count = sum(per_region.get(str(name), {}).values())
        if count:
            parts.append(f"{method} {count:,}")
    return ", ".join(parts) if parts else "none"


def _exclusions(report: ForensicsReport) -> str:
    """Per region and method: how many stations were left out of how many, and why."""
    stations = report.regions.table["stations"]
    rows = []
    for method, per_region in report.regions.excluded.items():
        for region, reasons in sorted(per_region.items(), key=lambda kv: -sum(kv[1].values())):
            total = int(stations.get(region, 0))
            why = "; ".join(f"{reason}: {count:,}" for reason, count in reasons.items())
            rows.append([region, method, f"{sum(reasons.values()):,} of {total:,}", why])
    if not rows:
        return "<p>No method left out any station.</p>"
    return (
        f"<details><summary>Stations each method left out, by region and reason "
        f"({len(rows):,} rows)</summary>"
        + _table(rows, ["region", "method", "left out", "why"], {2})
        + "</details>"
    )


def _regions(report: ForensicsReport) -> list[str]:
    table = report.regions.table
    return [
        "<h2>Regions, ranked</h2>",
        f"<p><b>The score.</b> {_e(report.regions.recipe['score'])} Top 30 of {len(table):,}; "
        "all are in report.json. The last column says how many of the region's stations each "
        "method left out (the reasons are in the table below it).</p>",
        _table(
            [
                [
                    str(name),
                    f"{int(row['stations']):,}",
                    f"{row['turnout']:.1%}",
                    f"{row['leader_share']:.1%}",
                    _pct(row["integer_excess_per_100"], "+.1f"),
                    f"{row['high_turnout_share']:.1%}",
                    _pct(row["excess_share_of_leader"], ".1%"),
                    f"{row['score']:.2f}",
                    _left_out(report, name),
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
                "stations left out",
            ],
            {1, 2, 3, 4, 5, 6, 7},
        ),
        _exclusions(report),
        _explain(
            "A high score marks a region where several independent signs point the same way.",
            "Ranks are relative: the top region of a clean election still ranks first. A "
            "region whose stations were largely left out of a method (for instance, most of "
            "its stations above 99 % turnout are out of the integer test) is judged on the few "
            "that remain.",
        ),
    ]


def render(report: ForensicsReport) -> str:
    """The whole page as one string."""
    parts = [
        *_head(report),
        *_peaks(report),
        *_fingerprint(report),
        *_excess(report),
        *_digits(report),
        *_implausible(report),
        *_regions(report),
        "</body></html>",
    ]
    return "".join(parts)


def write_html(report: ForensicsReport, path: Path) -> None:
    """Write the self-contained ``report.html``."""
    path.write_text(render(report), encoding="utf-8")
