"""``plebiscite verify RECORD``: the command's options, then the verifier.

The command is registered from this module, which imports nothing of the verifier: once its
options are read, the local workers' server is started (when there are to be workers,
:func:`~plebiscite.verify.processes.start_server`) and only then is the verifier imported
(:mod:`plebiscite.verify.command`), so the server's import of the checks and this process's run
at once. :func:`~plebiscite.verify.command.verify_record` is the library entry point.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from plebiscite.rules.collector import tune_collector
from plebiscite.verify.processes import default_workers, start_server

__all__ = ["FORMATS", "register"]

#: Other record formats ``plebiscite verify --format NAME`` understands, added by
#: :mod:`plebiscite.cli` (the ElectionGuard checker as "electionguard"): the verifier never
#: imports them. Each takes the directory and the ``--json`` flag and returns the exit status.
FORMATS: dict[str, Callable[[Path, bool], int]] = {}


def _command(
    record: Annotated[
        Path, typer.Argument(help="The record directory (record.json, shards, heads).")
    ],
    record_format: Annotated[
        str,
        typer.Option(
            "--format",
            help="The record's format: 'plebiscite' (checks V1–V14), or 'electionguard' for an "
            "ElectionGuard 1.x record (checks EG0–EG13; --json applies, the other options do not).",
        ),
    ] = "plebiscite",
    heads: Annotated[
        list[Path] | None,
        typer.Option(
            "--heads",
            help="JSON Lines of signed heads or receipts kept outside the record (repeatable).",
        ),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Write the JSON report to stdout.")
    ] = False,
    explain: Annotated[
        bool,
        typer.Option("--explain", help="Say what each check means and what must still be trusted."),
    ] = False,
    batch: Annotated[
        int | None,
        typer.Option(
            "--batch",
            min=1,
            help="Ballots whose proofs are batch-verified together (default: 64).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            "--workers",
            min=1,
            help="Local processes checking ballots and the mix rounds' proofs of shuffle "
            "(default: every core; 1 runs in this process alone).",
        ),
    ] = None,
    in_progress: Annotated[
        bool,
        typer.Option(
            "--in-progress",
            help="The election is still running: check everything on the record so far and "
            "report its state (setup, open, closed); a close, tally or result not posted yet "
            "is no failure (in the mode fake-credentials, nor is an unfinished tag round until "
            "a tally or result is posted).",
        ),
    ] = False,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Check the ballots and the proofs of shuffle on the Dask cluster whose "
            "scheduler is at ADDRESS (tcp://host:8786) instead of local processes.",
        ),
    ] = None,
) -> None:
    """Re-derive everything from the public record: checks V1–V14, every failure reported."""
    err = Console(stderr=True)
    if record_format != "plebiscite":
        known = ", ".join(["plebiscite", *sorted(FORMATS)])
        if record_format not in FORMATS:
            err.print(f"error: unknown --format {record_format!r}; known: {known}", markup=False)
            raise typer.Exit(2)
        raise typer.Exit(FORMATS[record_format](record, as_json))
    count = workers if workers is not None else default_workers()
    if count > 1 and dask is None:
        start_server()  # it imports the checks while this process does (below)
    from plebiscite.errors import InputError, PlebisciteError
    from plebiscite.model.record import RecordReader
    from plebiscite.rules.checker import DEFAULT_BATCH
    from plebiscite.rules.explain import explain_text
    from plebiscite.verify.command import state_line, summary_table, verify_record

    tune_collector()
    out = Console()
    total = 0
    try:
        total = RecordReader(record).entry_count
    except (PlebisciteError, OSError):
        pass
    with Progress(
        TextColumn("verifying"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=as_json or not err.is_terminal,
    ) as bar:
        task = bar.add_task("entries", total=total or None)
        try:
            report = verify_record(
                record,
                heads or [],
                batch_size=batch if batch is not None else DEFAULT_BATCH,
                progress=lambda n: bar.advance(task, n),
                workers=count,
                dask=dask,
                in_progress=in_progress,
            )
        except InputError as exc:
            err.print(f"error: {exc}", markup=False, highlight=False)
            raise typer.Exit(2) from None
    if as_json:
        sys.stdout.write(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        for failure in report.failures:
            out.print(f"[red]FAIL[/red] {failure}", markup=True, highlight=False)
        out.print(summary_table(report))
        for note in report.notes:
            out.print(f"note: {note}", highlight=False, markup=False)
        for rejected in report.rejected:
            err.print(  # one line, never wrapped: the place is a file name to copy
                f"warning: rejected input {rejected}", highlight=False, markup=False, soft_wrap=True
            )
        verdict = "every check passed" if report.ok else f"{len(report.failures)} failure(s)"
        out.print(f"{report.entries} entries read: {verdict}", highlight=False)
        out.print(state_line(report), highlight=False, markup=False)
    if explain:
        (err if as_json else out).print(explain_text(), markup=False, highlight=False)
    raise typer.Exit(0 if report.ok else 1)


def register(app: typer.Typer) -> None:
    """Add ``plebiscite verify`` to ``app``."""
    app.command("verify")(_command)
