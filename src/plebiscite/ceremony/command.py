"""``plebiscite ceremony …``: the key ceremony's rounds, one command each, and its status.

Trustees run ``commit``, ``reveal``, ``shares``, ``complain``, ``answer`` and ``liveness`` with
``--board DIR --state TRUSTEE_DIR`` (or ``--board URL``, a board service); the authority runs
``key`` with ``--state AUTHORITY_DIR``; anyone runs ``status``. Each round refuses to run out of
order and posts nothing the second time.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from plebiscite.board.client import connect
from plebiscite.ceremony.authority import open_rounds, post_election_key
from plebiscite.ceremony.trustee import Posted, TrusteeSession
from plebiscite.election.command import (
    BOARD_DIR,
    BOARD_PASSPHRASE_FILE,
    PASSPHRASE_FILE,
    board_passphrase,
    guarded,
)
from plebiscite.rules.ceremony import CeremonyResult, check_ceremony
from plebiscite.state.party import open_party, read_passphrase

__all__ = ["ceremony_app", "register", "status_table"]

ceremony_app = typer.Typer(help="The trustees' key ceremony (joint-Feldman with complaints).")

STATE_DIR = typer.Option(..., "--state", help="This party's state directory.", file_okay=False)
ALLOW_MISSING = typer.Option(
    False, "--allow-missing", help="Go on without the trustees that have not posted yet."
)


def _trustee_round(
    board: Path,
    state: Path,
    passphrase_file: Path | None,
    board_passphrase_file: Path | None,
    step: Callable[[TrusteeSession], Posted],
) -> None:
    def run() -> None:
        party = open_party(state, "trustee")
        passphrase = read_passphrase(passphrase_file)
        link = connect(board, board_passphrase(board_passphrase_file))
        session = TrusteeSession(party, passphrase, link)
        outcome = step(session)
        for entry in outcome.posted:
            typer.echo(f"posted {entry.kind} as entry {entry.index}")
        if outcome.existing:
            shown = ", ".join(map(str, outcome.existing))
            typer.echo(f"already on the board: entry {shown}; nothing posted")
        if outcome.note:
            typer.echo(outcome.note)

    guarded(run)


@ceremony_app.command("commit")
def commit(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
) -> None:
    """Round 1: draw this trustee's polynomial; post the hash of its commitments."""
    _trustee_round(board, state, passphrase_file, board_passphrase_file, TrusteeSession.commit)


@ceremony_app.command("reveal")
def reveal(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
    allow_missing: bool = ALLOW_MISSING,
) -> None:
    """Round 2: post the coefficient commitments with their Schnorr proofs."""
    _trustee_round(
        board,
        state,
        passphrase_file,
        board_passphrase_file,
        lambda s: s.reveal(allow_missing=allow_missing),
    )


@ceremony_app.command("shares")
def shares(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
) -> None:
    """Round 3: post this trustee's shares, each sealed to its recipient."""
    _trustee_round(board, state, passphrase_file, board_passphrase_file, TrusteeSession.shares)


@ceremony_app.command("complain")
def complain(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
    allow_missing: bool = ALLOW_MISSING,
) -> None:
    """Round 4: open the shares received; post a complaint against each bad one."""
    _trustee_round(
        board,
        state,
        passphrase_file,
        board_passphrase_file,
        lambda s: s.complain(allow_missing=allow_missing),
    )


@ceremony_app.command("answer")
def answer(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
) -> None:
    """Round 5: reveal the disputed share for each complaint against this trustee."""
    _trustee_round(board, state, passphrase_file, board_passphrase_file, TrusteeSession.answer)


@ceremony_app.command("liveness")
def liveness(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
) -> None:
    """Round 7: keep the secret share; post the drill's partial decryption with its proof."""
    _trustee_round(board, state, passphrase_file, board_passphrase_file, TrusteeSession.liveness)


@ceremony_app.command("key")
def key(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
    close_rounds: bool = typer.Option(
        False,
        "--close-rounds",
        help="The deadline has passed: disqualify the trustees still silent, and post.",
    ),
) -> None:
    """Round 6 (the authority): compute QUAL, K and the verification keys; post election_key."""

    def run() -> None:
        party = open_party(state, "authority")
        signing = party.signing_key(read_passphrase(passphrase_file))
        link = connect(board, board_passphrase(board_passphrase_file))
        result, appended = post_election_key(link, signing, close_rounds=close_rounds)
        if appended is None:
            typer.echo(f"already on the board: entry {result.election_key_index}; nothing posted")
            return
        typer.echo(f"posted election_key as entry {appended.entry.index}")
        typer.echo(f"QUAL {list(result.qualified)}")
        if result.joint_key is not None and result.group is not None:
            typer.echo(f"joint key {result.group.to_hex(result.joint_key)}")

    guarded(run)


def status_table(result: CeremonyResult) -> Table:
    """The ceremony as a table: one row per trustee, its rounds' entries and its standing."""

    def cell(value: int | None) -> str:
        return "—" if value is None else f"#{value}"

    table = Table(title="key ceremony")
    for header in ("#", "trustee", "commit", "reveal", "shares", "complaints", "liveness", "QUAL"):
        table.add_column(header)
    for i, status in sorted(result.trustees.items()):
        against = [c for c in result.complaints if c.accused == i]
        complaints = ", ".join(f"#{c.index} by {c.complainant}: {c.status}" for c in against)
        if status.disqualified is not None:
            standing = f"[red]out[/red]: {status.disqualified}"
        elif i in result.qualified:
            standing = "[green]yes[/green]"
        else:
            standing = "pending"
        table.add_row(
            str(i),
            status.id,
            cell(status.commit),
            cell(status.reveal),
            cell(status.shares),
            complaints or "—",
            cell(status.liveness),
            standing,
        )
    return table


@ceremony_app.command("status")
def status(
    board: Path = BOARD_DIR,
    final: bool = typer.Option(
        False, "--final", help="Check a finished ceremony (V3): exit 1 on any failure."
    ),
) -> None:
    """Print the ceremony's state from the board: rounds, complaints, QUAL, problems."""

    def run() -> CeremonyResult:
        link = connect(board, lambda: "")
        return check_ceremony(link.entries(), final=final)

    result = guarded(run)
    console = Console()
    if result.trustees:
        console.print(status_table(result))
    if result.election_key_index is not None:
        console.print(f"election_key: entry {result.election_key_index}")
    elif result.trustees:
        waiting = open_rounds(result)
        console.print("waiting for: " + ("; ".join(waiting) if waiting else "election_key"))
    if result.joint_key is not None and result.group is not None:
        console.print(
            f"QUAL {list(result.qualified)}; joint key {result.group.to_hex(result.joint_key)}"
        )
    for finding in result.findings:
        console.print(f"[yellow]note[/yellow] {finding}", highlight=False)
    for failure in result.failures:
        console.print(f"[red]FAIL[/red] {failure}", highlight=False)
    if final and result.failures:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add the ``ceremony`` command group."""
    app.add_typer(ceremony_app, name="ceremony")
