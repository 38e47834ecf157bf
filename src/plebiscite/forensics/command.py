"""The ``plebiscite forensics`` command: load a results table, run every method, write reports."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from plebiscite.errors import InputError
from plebiscite.extras import needs_extra

if TYPE_CHECKING:  # numpy, pandas, scipy and matplotlib load only when the command runs
    from plebiscite.forensics.methods import TurnoutBase

__all__ = ["forensics", "register"]

_HELP = "\n\n".join(
    [
        ("Look for statistical fingerprints of falsification in polling-station results."),
        (
            "FILE is a CSV, a zip holding one CSV, or a Parquet file with one row per polling "
            "station. Say which column is which with --preset ru-cec (Russian CEC tables, "
            "2004-2024), with --column FIELD=COLUMN (repeatable), or with --mapping map.toml. "
            "Fields: region, station, registered, issued (ballots issued), boxes (ballots in the "
            "boxes), invalid, options (one --column options=NAME per option), leader (default: "
            "the option with the most votes). A field given several columns sums them (text "
            "fields are joined)."
        ),
        (
            "Example: plebiscite forensics results.csv --column region=Region --column "
            "station=Station --column registered=Voters --column issued=Issued --column "
            "boxes=InBoxes --column invalid=Invalid --column options=Yes --column options=No "
            "--out report/"
        ),
        (
            "Methods: integer-percentage peaks (Kobak et al. 2016), turnout x leader-share "
            "fingerprint (Klimek et al. 2012), excess votes from the low-turnout bulk (after "
            "Shpilkin; an estimate), last-digit and second-digit Benford tests, impossible "
            "values, and a ranking of regions."
        ),
        (
            "Writes OUT/report.json (every number, the recipes, the data summary and every "
            "excluded row with its line number and reason) and OUT/report.html (one "
            "self-contained page with plots and what each finding means and does not mean). Rows "
            "that cannot be used are excluded and listed, never dropped silently. Exit status: 0 "
            "when the report was written (alarms or not), 2 on bad input. With --series FILE... "
            "the files (one mapping for all) are compared in OUT/series.html: integer-peak "
            "anomaly and excess votes per election with intervals, the fingerprints as small "
            "multiples, and the regions that stand out across the elections."
        ),
        (
            "An alarm is a reason to look closer, not proof of fraud; no alarm does not prove an "
            "honest count."
        ),
    ]
)


def forensics(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Results table: .csv, .zip (one CSV) or .parquet; several with --series.",
            metavar="FILE...",
        ),
    ],
    out: Annotated[Path, typer.Option("--out", "-o", help="Directory for report.json/html.")],
    preset: Annotated[
        str | None, typer.Option(help="Known layout: 'ru-cec' (Russian CEC, 2004-2024).")
    ] = None,
    column: Annotated[
        list[str] | None,
        typer.Option(
            "--column",
            "-c",
            help="FIELD=COLUMN; repeat for several columns (options, summed counts).",
        ),
    ] = None,
    mapping: Annotated[
        Path | None, typer.Option(help='TOML file: field = "column" or ["col", ...].')
    ] = None,
    seed: Annotated[
        int, typer.Option(help="Seed of every random draw (same seed, same report).")
    ] = 0,
    runs: Annotated[
        int, typer.Option(min=1, help="Monte-Carlo replicates of the integer-peak null model.")
    ] = 1000,
    turnout: Annotated[
        str,
        typer.Option(
            help="Turnout numerator: 'issued' (ballots issued, as Kobak et al.) or 'boxes' "
            "(ballots found in the boxes)."
        ),
    ] = "issued",
    alpha: Annotated[float, typer.Option(min=1e-6, max=0.5, help="Level of every test.")] = 0.01,
    series: Annotated[
        bool,
        typer.Option(
            "--series",
            help="Compare several elections (one mapping for all) in OUT/series.html.",
        ),
    ] = False,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes for the Monte-Carlo runs (default: up to 2).")
    ] = min(2, os.cpu_count() or 1),
) -> None:
    with needs_extra("forensics", "plebiscite forensics"):
        from plebiscite.forensics.data import load_election, mapping_from_pairs, mapping_from_toml
        from plebiscite.forensics.page import write_html
        from plebiscite.forensics.report import run_all, write_json

    console = Console(stderr=True)
    try:
        if turnout not in ("issued", "boxes"):
            raise InputError(f"--turnout must be 'issued' or 'boxes', not {turnout!r}")
        given = sum(x is not None and x != [] for x in (preset, column, mapping))
        if given != 1:
            raise InputError("give exactly one of --preset, --column or --mapping")
        col_map = None
        if column:
            col_map = mapping_from_pairs(column)
        elif mapping is not None:
            col_map = mapping_from_toml(mapping)
        if not series and len(files) != 1:
            raise InputError("give one FILE, or several with --series")
        if series:
            elections = [(_label(f), load_election(f, col_map, preset=preset)) for f in files]
        else:
            data = load_election(files[0], col_map, preset=preset)
    except InputError as exc:
        console.print(f"[red]error:[/red] {exc}", highlight=False, soft_wrap=True)
        raise typer.Exit(2) from exc
    if series:
        from plebiscite.forensics.series import run_series, write_series

        path = write_series(run_series(elections, seed=seed), out)
        console.print(f"wrote {path}", highlight=False)
        return
    file = files[0]
    summary = data.summary()
    console.print(
        f"{summary.rows_used:,} stations used, {summary.rows_excluded:,} rows excluded "
        f"(of {summary.rows_read:,}); leader: {data.leader}",
        highlight=False,
    )
    for row in data.excluded[:20]:
        console.print(f"  excluded line {row.line}: {row.detail}", highlight=False)
    if len(data.excluded) > 20:
        console.print(f"  … and {len(data.excluded) - 20:,} more (see report.json)")
    base: TurnoutBase = "issued" if turnout == "issued" else "boxes"
    with Progress(
        TextColumn("Monte-Carlo runs"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=console,
        transient=True,
    ) as bar:
        task = bar.add_task("runs", total=runs)
        report = run_all(
            data,
            runs=runs,
            seed=seed,
            turnout=base,
            alpha=alpha,
            workers=workers,
            progress=lambda n: bar.advance(task, n),
        )
    out.mkdir(parents=True, exist_ok=True)
    write_json(report, out / "report.json")
    write_html(report, out / "report.html")
    table = Table(title=f"Election forensics: {file.name}")
    for name in ("method", "figure", "verdict", "z-score and p-value, or interval"):
        table.add_column(name)
    for found in report.findings():
        colour = "red" if found.alarm else "green" if found.verdict == "no alarm" else "yellow"
        table.add_row(
            found.method, found.figure, f"[{colour}]{found.verdict}[/{colour}]", found.evidence
        )
    Console().print(table)
    for found in report.findings():
        if found.verdict.startswith("not run"):
            console.print(f"{found.method}: {found.verdict}", highlight=False, soft_wrap=True)
    console.print(f"wrote {out / 'report.json'} and {out / 'report.html'}", highlight=False)


def _label(path: Path) -> str:
    """An election's label in the series: its file name without the extensions."""
    return path.name.split(".", 1)[0]


forensics.__doc__ = _HELP


def register(app: typer.Typer) -> None:
    """Add ``forensics`` to the ``plebiscite`` command."""
    app.command("forensics", help=_HELP)(forensics)
