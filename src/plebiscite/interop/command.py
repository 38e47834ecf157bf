"""``plebiscite verify-electionguard DIR``: check an ElectionGuard 1.x election record.

Prints the report (:meth:`EGReport.render`) or, with ``--json``, the JSON report; warnings about
non-standard constants go to standard error as well, in capitals, so they cannot be missed. The
exit status is 0 only when every check passed, 1 when a check failed and 2 when the directory
does not exist.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from plebiscite.interop.electionguard import verify_electionguard

__all__ = ["register"]


def run(directory: Path, as_json: bool, chunk: int = 64) -> int:
    """Check the record in ``directory``, print the report; return the exit status."""
    if not directory.is_dir():
        print(f"verify: {directory} is not a directory", file=sys.stderr)
        return 2
    report = verify_electionguard(directory, chunk=chunk)
    for warning in report.warnings:
        print(f"!!! WARNING: {warning}", file=sys.stderr)
    if as_json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        print(report.render())
    return 0 if report.ok else 1


def _verify_electionguard(
    directory: Annotated[Path, typer.Argument(help="the ElectionGuard record directory")],
    as_json: Annotated[bool, typer.Option("--json", help="print the JSON report")] = False,
    chunk: Annotated[int, typer.Option(help="ballots whose proofs are batched together")] = 64,
) -> None:
    """Check an ElectionGuard 1.x (spec 1.0) election record: checks EG0-EG13.

    The same as ``plebiscite verify --format electionguard``.
    """
    raise typer.Exit(run(directory, as_json, chunk))


def register(app: typer.Typer) -> None:
    """Add ``verify-electionguard`` to ``plebiscite`` (:mod:`plebiscite.cli` also hands
    :func:`run` to ``verify --format electionguard``)."""
    app.command("verify-electionguard")(_verify_electionguard)
