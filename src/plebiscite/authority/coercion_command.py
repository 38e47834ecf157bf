"""``plebiscite trustee tag`` and ``plebiscite authority tag``: the fake-credentials tally's
steps (docs/spec.md §16.5 steps 2 and 4) run by each party from its state directory against a
board (directory or URL), over :mod:`plebiscite.tally.coercion_steps`; the mix between them is
``plebiscite trustee mix`` (the ``kept`` lists). Each run posts what is due and says what it
waits for; run it again after the others' turns. After a crash, run it again: it posts the entry
it prepared, never a second one. The commands join the setup's ``trustee`` and ``authority``
groups when this module is imported (:mod:`plebiscite.authority.command` does)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn

from plebiscite.board.client import connect
from plebiscite.election.command import (
    BOARD_DIR,
    BOARD_PASSPHRASE_FILE,
    PASSPHRASE_FILE,
    authority_app,
    board_passphrase,
    guarded,
    trustee_app,
)
from plebiscite.state.party import open_party, read_passphrase
from plebiscite.tally.coercion_steps import authority_steps, describe, trustee_steps

__all__ = ["authority_tag", "trustee_tag"]

STATE_DIR = typer.Option(..., "--state", help="This party's state directory.", file_okay=False)
_DISTRICTS = typer.Option(
    None, "--district", metavar="ID", help="Only this district (repeatable); default: every one."
)
_STAGES: Final = {"read": "entries checked", "post": "entries posted"}


@contextmanager
def _progress() -> Iterator[Callable[[str, int], None]]:
    err = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def advance(stage: str, n: int) -> None:
            if stage not in tasks:
                tasks[stage] = bar.add_task(_STAGES.get(stage, stage), total=None)
            bar.advance(tasks[stage], n)

        yield advance


@trustee_app.command("tag")
def trustee_tag(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
    district: list[str] | None = _DISTRICTS,
) -> None:
    """Fake-credentials tally: this trustee's commitment, blinding and decryption of the
    duplicate tags, then its equality tests and their decryption, each when it is due.

    Re-checks the board first (V1–V6, V10, V11, V13, V14). Run it again after the other
    trustees' turns (and the mix of the kept ballots, plebiscite trustee mix).
    """

    def run() -> None:
        party = open_party(state, "trustee")
        passphrase = read_passphrase(passphrase_file)
        link = connect(board, board_passphrase(board_passphrase_file))
        with _progress() as advance:
            steps = trustee_steps(
                link,
                party,
                passphrase,
                districts=tuple(district) if district else None,
                progress=advance,
            )
        for step in steps:
            typer.echo(describe(step))

    guarded(run)


@authority_app.command("tag")
def authority_tag(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
) -> None:
    """Fake-credentials tally: the kept ballots (tag_dedup) and the counted tests (pet_match)
    of each district, once k trustees' decryptions are on the board."""

    def run() -> None:
        party = open_party(state, "authority")
        key = party.signing_key(read_passphrase(passphrase_file))
        link = connect(board, board_passphrase(board_passphrase_file))
        with _progress() as advance:
            steps = authority_steps(link, key, progress=advance)
        for step in steps:
            typer.echo(describe(step))

    guarded(run)
