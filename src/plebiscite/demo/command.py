"""``plebiscite demo``: play the referendum end to end, then verify it; print what happened.

The command is thin over :func:`plebiscite.demo.play.play`; this module prints its outcome as
tables (steps and their times, turnout per day, the attacks and the board's reasons, results per
district against the counts kept aside, the verifier's summary) and saves the transcript to
``DIR/demo.log``. Exit status 0 only when everything agrees and every check passed.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated, Final

import typer
from rich.console import Console
from rich.table import Table

from plebiscite.demo.fake_credentials import DEFAULT_VOTERS as FAKE_CREDENTIALS_VOTERS
from plebiscite.demo.fake_credentials import THRESHOLD, narrative, play_fake_credentials
from plebiscite.demo.outcome import DemoOutcome
from plebiscite.demo.play import PASSPHRASE_FILE, play
from plebiscite.demo.scenario import DEFAULT_VOTERS, DEMO_KDF_N, Scenario
from plebiscite.errors import ParameterError
from plebiscite.model.tally import Figures
from plebiscite.verify.command import summary_table

__all__ = ["demo", "outcome_tables", "register"]

LOG_FILE: Final = "demo.log"

_HELP = (
    "Play a whole referendum end to end, then verify its record.\n\n"
    "Four districts, five days of simulated board time, five trustees (any three decrypt, one is "
    "absent), N registered voters of whom some challenge a ballot before casting and some "
    "revote. Every party has its own state directory under OUT/parties/ and runs the library "
    "functions its `plebiscite` commands run; the board applies its acceptance rules, and ten "
    "attacks are posted and refused. Then close, tally, decryption, result, the record in "
    "OUT/record/ and `plebiscite verify` over it. Prints results per district against the "
    "counts the simulation kept aside; exit status 1 on any disagreement or failed check.\n\n"
    "OUT/sheets/ holds every voter's secret credential and OUT/parties/*/passphrase the "
    "parties' passphrases: a real deployment keeps them elsewhere."
)


def _fresh(out: Path) -> None:
    """Remove ``out`` when it holds a previous demonstration's output (and nothing else)."""
    if not out.exists():
        return
    known = {"parties", "sheets", "record", "receipts.jsonl", "referendum.toml", LOG_FILE}
    names = {p.name for p in out.iterdir()}
    if names - known or (names and not (out / "parties" / "board" / PASSPHRASE_FILE).exists()):
        raise ParameterError(
            f"{out}: not a previous demonstration's output; --fresh removes only those"
        )
    shutil.rmtree(out)


def _row(figures: Figures, kept: Figures) -> list[str]:
    counts = figures.counts[0]
    cells = [
        f"{n:,} ({100 * n / figures.counted:.1f} %)" if figures.counted else "0" for n in counts
    ]
    agree = figures == kept
    return [
        *cells,
        f"{figures.counted:,}",
        f"{figures.registered:,}",
        f"{figures.turnout_ppm / 10_000:.2f} %",
        f"{figures.superseded:,}",
        f"{figures.challenged:,}",
        "[green]✓ agrees[/green]" if agree else f"[red]✗ kept {kept.counts[0]}[/red]",
    ]


def outcome_tables(outcome: DemoOutcome) -> list[Table]:
    """The outcome as tables, in the order they are printed."""
    tables: list[Table] = []

    steps = Table(title="steps")
    steps.add_column("step")
    steps.add_column("time", justify="right")
    steps.add_column("peak memory", justify="right")
    steps.add_column("memory after", justify="right")
    steps.add_column("what happened")
    for step in outcome.steps:
        steps.add_row(
            step.name,
            f"{step.seconds:.1f} s",
            f"{step.peak_rss_mb:,.0f} MB",
            f"{step.rss_mb:,.0f} MB" if step.rss_mb else "?",
            step.detail,
        )
    steps.add_row(
        "[bold]total[/bold]",
        f"[bold]{sum(s.seconds for s in outcome.steps):.1f} s[/bold]",
        f"{outcome.peak_rss_mb:,.0f} MB",
        "",
        "",
    )
    tables.append(steps)

    if outcome.days and outcome.definition is not None:
        registered = outcome.definition.total_registered
        days = Table(title="voting, day by day (board time)")
        for header in ("day", "date", "first ballots", "revotes", "challenges", "turnout so far"):
            days.add_column(header, justify="left" if header == "date" else "right")
        voted = 0
        for day in outcome.days:
            voted += day.first_ballots
            days.add_row(
                str(day.day + 1),
                day.date,
                f"{day.first_ballots:,}",
                f"{day.revotes:,}",
                f"{day.challenges:,}",
                f"{100 * voted / registered:.1f} %",
            )
        tables.append(days)

    if outcome.attacks:
        attacks = Table(title="attacks posted to the board")
        attacks.add_column("attack")
        attacks.add_column("board")
        attacks.add_column("reason", no_wrap=True)
        attacks.add_column("the board's message", overflow="fold")
        for found in outcome.attacks:
            verdict = (
                "[green]refused[/green]"
                if found.as_expected
                else f"[red]{'refused' if found.refused else 'ACCEPTED'}, expected "
                f"{found.attack.reason}[/red]"
            )
            attacks.add_row(found.attack.description, verdict, found.reason, found.message)
        tables.append(attacks)

    if outcome.result is not None and outcome.definition is not None:
        question = outcome.definition.questions[0]
        names = {d.id: d.name.get() for d in outcome.definition.districts}
        results = Table(title=f"result — {question.text.get()}")
        results.add_column("district")
        for option in question.options:
            results.add_column(option.label.get(), justify="right")
        for header in ("counted", "registered", "turnout", "superseded", "challenged"):
            results.add_column(header, justify="right")
        results.add_column("kept aside")
        rows = list(outcome.result.districts)
        for position, (district, figures) in enumerate(rows):
            kept = outcome.expected[district].figures()
            results.add_row(
                names[district], *_row(figures, kept), end_section=position == len(rows) - 1
            )
        results.add_row("[bold]total[/bold]", *_row(outcome.result.total, outcome.expected_total()))
        tables.append(results)

    if outcome.report is not None:
        tables.append(summary_table(outcome.report, "plebiscite verify DIR/record"))
    return tables


def demo(
    voters: Annotated[
        int | None,
        typer.Option(
            "--voters",
            min=4,
            help=f"Registered voters, over four districts (default {DEFAULT_VOTERS}).",
        ),
    ] = None,
    out: Annotated[
        Path,
        typer.Option("--out", help="New or empty output directory.", file_okay=False),
    ] = Path("demo-out"),
    fresh: Annotated[
        bool,
        typer.Option("--fresh", help="First remove OUT if it holds an earlier demonstration."),
    ] = False,
    seed: Annotated[
        int, typer.Option("--seed", help="Seed of the voters' simulated behaviour (not keys).")
    ] = 2026,
    workers: Annotated[
        int | None,
        typer.Option("--workers", min=1, help="Processes for credential keys and voters' devices."),
    ] = None,
    group: Annotated[
        str,
        typer.Option(
            "--group",
            help="The election group: secp256k1 (the default) or modp4096 (ElectionGuard's; "
            "a ballot costs tens of times more to make and to check).",
        ),
    ] = "secp256k1",
    kdf_n: Annotated[
        int | None,
        typer.Option(
            "--kdf-n",
            help="Derive credentials with scrypt at this cost (a power of two, e.g. "
            f"{DEMO_KDF_N}), as elections of the older kind do; default: HKDF-SHA256.",
        ),
    ] = None,
    mix: Annotated[
        bool,
        typer.Option(
            "--mix/--no-mix",
            help="After the tally, three trustees in turn shuffle each district's counted "
            "ballots with proofs (plebiscite trustee mix, spec §15.7), checked by V11. An optional "
            "audit step: it roughly doubles what verify spends on a record.",
        ),
    ] = False,
    coercion: Annotated[
        str,
        typer.Option(
            "--coercion",
            help="revote (the default) or fake-credentials: the latter plays the mode of "
            "docs/spec.md §16 on the board in one district (two registrars, three trustees, "
            f"coerced voters hand over fake sheets; --voters defaults to {FAKE_CREDENTIALS_VOTERS} "
            "there), then verifies its record in OUT/record.",
        ),
    ] = "revote",
) -> None:
    console = Console(record=True, highlight=False)
    if not console.is_terminal:  # a log or a pipe: wide enough for the tables
        console.width = 120
    if coercion != "revote":
        given = {"--workers": workers is not None, "--group": group != "secp256k1"}
        given |= {"--kdf-n": kdf_n is not None, "--mix": mix}
        if any(given.values()):
            named = ", ".join(name for name, on in given.items() if on)
            console.print(
                f"[bold red]error:[/bold red] {named}: not options of --coercion {coercion} "
                "(it plays secp256k1, its own mix of the kept ballots, in one process)",
                soft_wrap=True,
            )
            raise typer.Exit(2)
        _demo_fake_credentials(console, coercion, voters, seed, out, fresh)
    voters = DEFAULT_VOTERS if voters is None else voters
    try:
        scenario = Scenario(voters=voters, seed=seed, kdf_n=kdf_n, group=group, mix=mix)
        if fresh:
            _fresh(out)
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise ParameterError(
                f"{out}: the output directory must be new or empty (--fresh replaces an "
                "earlier demonstration's output)"
            )
    except ParameterError as exc:
        console.print(f"[bold red]error:[/bold red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from None
    console.print(
        f"[bold]plebiscite demo[/bold]: {voters:,} registered voters, output in {out}/",
    )
    outcome = play(scenario, out, console, workers=workers)
    for table in outcome_tables(outcome):
        console.print(table)
    for problem in outcome.problems:
        console.print(f"[bold red]PROBLEM[/bold red] {problem}", soft_wrap=True)
    for line in outcome.disagreements() if outcome.result is not None else []:
        console.print(f"[bold red]DISAGREES[/bold red] {line}", soft_wrap=True)
    if outcome.report is not None:
        for failure in outcome.report.failures:
            console.print(f"[red]FAIL[/red] {failure}", soft_wrap=True)
    console.print(
        f"peak memory: {outcome.peak_rss_mb:,.0f} MB in the main process, "
        f"{outcome.peak_worker_rss_mb:,.0f} MB in the largest worker"
    )
    console.print(
        f"[dim]{out}/record is the public record (check it again with `plebiscite verify "
        f"{out}/record`); {out}/sheets holds every voter's SECRET credential and "
        f"{out}/parties/*/{PASSPHRASE_FILE} the parties' passphrases, kept there for this "
        "demonstration only: a real deployment prints and destroys the sheets and keeps "
        "passphrases elsewhere.[/dim]"
    )
    if outcome.ok:
        console.print(
            "[bold green]Everything agrees:[/bold green] the posted result equals the counts "
            "kept aside, every attack was refused, and the verifier passed every check."
        )
    else:
        console.print("[bold red]The demonstration found a problem: see above.[/bold red]")
    if out.is_dir():
        console.save_text(str(out / LOG_FILE))
    raise typer.Exit(0 if outcome.ok else 1)


demo.__doc__ = _HELP


#: the entries of the mode's tally, in the order they are posted: who posts them, what they do
_TALLY_KINDS: Final = {
    "close": ("authority", "ends voting"),
    "tag_commit": ("each trustee", "commits to its blinding exponent"),
    "tally_chunk": ("each trustee", "a part of the list of a blinding, a test or a decryption"),
    "tag_blind": ("each trustee", "blinds every valid ballot's credential, with proofs"),
    "tag_decrypt": ("each trustee", "its share of the blinded tags' decryption"),
    "tag_dedup": ("authority", "keeps each credential's last ballot (equal tags)"),
    "mix_chunk": ("each trustee", "a part of its shuffle of the kept ballots"),
    "mix": ("each trustee", "shuffles the kept ballots, with a proof (V11)"),
    "pet_blind": ("each trustee", "blinds each mixed ballot's equality test with its roll entry"),
    "pet_decrypt": ("each trustee", "its share of the tests' decryption"),
    "pet_match": ("authority", "the mixed ballots whose test is 1: the counted set"),
    "tally": ("authority", "multiplies the counted ballots' option ciphertexts"),
    "partial_decryption": (f"k = {THRESHOLD} trustees", "their shares of the tally's decryption"),
    "result": ("authority", "the counts, under the minimum-size rule (§12.2)"),
}


def _demo_fake_credentials(
    console: Console, coercion: str, voters: int | None, seed: int, out: Path, fresh: bool
) -> None:
    """``--coercion fake-credentials``: play on the board, verify, print the steps and the
    narrative; exit 0 when everything agrees."""
    if coercion != "fake-credentials":
        console.print(
            f"[bold red]error:[/bold red] unknown mode {coercion!r}: revote or fake-credentials"
        )
        raise typer.Exit(2)
    count = FAKE_CREDENTIALS_VOTERS if voters is None else voters
    try:
        if fresh and out.exists():
            if not (out / "parties" / "board" / PASSPHRASE_FILE).exists():
                raise ParameterError(
                    f"{out}: not a previous demonstration's output; --fresh removes only those"
                )
            shutil.rmtree(out)
        if out.exists() and (not out.is_dir() or any(out.iterdir())):
            raise ParameterError(
                f"{out}: the output directory must be new or empty (--fresh replaces an "
                "earlier demonstration's output)"
            )
        if count < 8:
            raise ParameterError("the fake-credentials demonstration needs at least 8 voters")
    except ParameterError as exc:
        console.print(f"[bold red]error:[/bold red] {exc}", soft_wrap=True)
        raise typer.Exit(2) from None
    console.print(
        f"[bold]plebiscite demo --coercion fake-credentials[/bold]: {count:,} voters in one "
        f"district on the board, output in {out}/"
    )
    outcome = play_fake_credentials(
        count, seed, out, lambda said: console.print(said, soft_wrap=True, highlight=False)
    )
    steps = Table(title="steps")
    steps.add_column("step")
    steps.add_column("time", justify="right")
    steps.add_column("what happened")
    for step in outcome.steps:
        steps.add_row(step.name, f"{step.seconds:.1f} s", step.detail)
    console.print(steps)
    if outcome.counting:
        tally = Table(title="the tally on the board, after the close (docs/spec.md §16.5)")
        for header in ("entry kind", "entries", "posted by", "what it does"):
            tally.add_column(header, justify="right" if header == "entries" else "left")
        for kind, (who, what) in _TALLY_KINDS.items():
            if kind in outcome.counting:
                tally.add_row(kind, str(outcome.counting[kind]), who, what)
        console.print(tally)
    if outcome.report is not None:
        console.print(summary_table(outcome.report, f"plebiscite verify {out}/record"))
        for failure in outcome.report.failures:
            console.print(f"[red]FAIL[/red] {failure}", soft_wrap=True)
    if outcome.result is not None:
        for said in narrative(outcome):
            console.print(said, soft_wrap=True)
    for problem in outcome.problems:
        console.print(f"[bold red]PROBLEM[/bold red] {problem}", soft_wrap=True)
    if outcome.ok:
        console.print(
            "[bold green]Everything agrees:[/bold green] the posted result equals the counts "
            "kept aside, the coercer's ballots were accepted and silently left out, and the "
            "verifier passed every check."
        )
    else:
        console.print("[bold red]The demonstration found a problem: see above.[/bold red]")
    if out.is_dir():
        console.save_text(str(out / LOG_FILE))
    raise typer.Exit(0 if outcome.ok else 1)


def register(app: typer.Typer) -> None:
    """Add ``demo`` to the ``plebiscite`` command."""
    app.command("demo", help=_HELP)(demo)
