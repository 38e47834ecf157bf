"""``plebiscite demo-core``: the thin command over :func:`plebiscite.demo.core.run_core_demo`,
with a progress bar and the steps, their times and the counts as tables."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from plebiscite.crypto import rand
from plebiscite.crypto.groups import DEFAULT_GROUP, GROUP_NAMES, get_group
from plebiscite.demo.core import OPTIONS, CoreDemoResult, run_core_demo
from plebiscite.errors import ParameterError

__all__ = ["demo_core", "register"]


_HELP = """Demonstrate the cryptographic core end to end on this machine.

A 3-of-5 threshold key from five dealers, N yes/no ballots encrypted with 0/1 and range proofs,
all proofs verified in one batch (one bad proof planted on purpose must be found and named),
the ballots aggregated, decrypted by a quorum of trustees with Chaum–Pedersen proofs (one
trustee absent), and the counts compared with the plaintext kept aside. Exit status 0 when
everything agrees, 1 otherwise.
"""


def demo_core(
    group: Annotated[
        str, typer.Option(help=f"Election group: {' or '.join(GROUP_NAMES)}.")
    ] = DEFAULT_GROUP,
    ballots: Annotated[int, typer.Option(min=2, help="Number of yes/no ballots.")] = 1000,
    seed: Annotated[
        int | None,
        typer.Option(
            help="Seed for a reproducible demonstration (throwaway keys only); absent: the OS "
            "CSPRNG. Batch-verification weights always come from the OS CSPRNG."
        ),
    ] = None,
) -> None:
    console = Console()
    try:
        chosen = get_group(group)
    except ParameterError as exc:
        raise typer.BadParameter(str(exc), param_hint="--group") from None
    rng = None if seed is None else rand.DeterministicRandom(seed)
    with Progress(
        TextColumn("encrypting ballots"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("ballots", total=ballots)
        result = run_core_demo(chosen, ballots, rng=rng, on_ballot=lambda _: progress.advance(task))
    _print(console, result)
    if not result.ok:
        raise typer.Exit(1)


demo_core.__doc__ = _HELP


def _print(console: Console, result: CoreDemoResult) -> None:
    table = Table(title=f"plebiscite core demonstration — {result.group}, {result.ballots} ballots")
    table.add_column("step")
    table.add_column("result")
    table.add_column("time", justify="right")
    table.add_column("detail")
    for step in result.steps:
        table.add_row(
            step.name,
            "[green]ok[/green]" if step.ok else "[red]DISAGREES[/red]",
            f"{step.seconds * 1000:,.1f} ms",
            step.detail,
        )
    console.print(table)
    console.print(f"The verifier would report: [bold]{result.planted}[/bold] is invalid")
    console.print(f"  ({result.verifier_message})")
    counts = Table(title="count")
    counts.add_column("option")
    counts.add_column("decrypted", justify="right")
    counts.add_column("kept aside", justify="right")
    for option in OPTIONS:
        counts.add_row(
            option, str(result.counts.get(option, "—")), str(result.expected.get(option, "—"))
        )
    console.print(counts)
    if result.ok:
        console.print("[green]Everything agrees.[/green]")
    else:
        console.print("[red]Something disagrees: see the steps above.[/red]")


def register(app: typer.Typer) -> None:
    """Add ``demo-core`` to the ``plebiscite`` command."""
    app.command("demo-core", help=_HELP)(demo_core)
