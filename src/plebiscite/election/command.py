"""Commands that set up an election: ``board init``, ``authority init``, ``trustee init``,
``election create``. Thin: each parses its options, reads passphrases and calls the library.

Passphrases: ``--passphrase-file PATH`` (first line), else the environment variable
``PLEBISCITE_PASSPHRASE``, else a hidden prompt; the board key's passphrase, needed by every
command that posts through a board directory, likewise from ``--board-passphrase-file`` or
``PLEBISCITE_BOARD_PASSPHRASE``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from plebiscite.board.client import STORE_FILE, DirectoryBoard, connect
from plebiscite.board.http import HTTPBoard
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.election.setup import create_election, init_authority, init_board, init_trustee
from plebiscite.errors import InputError, PlebisciteError
from plebiscite.state.party import (
    BOARD_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    Party,
    open_party,
    read_passphrase,
)

if TYPE_CHECKING:
    from rich.progress import Progress

__all__ = [
    "BOARD_DIR",
    "BOARD_PASSPHRASE_FILE",
    "PASSPHRASE_FILE",
    "board_passphrase",
    "fail",
    "guarded",
    "register",
    "terminal_bar",
]

_T = TypeVar("_T")

PASSPHRASE_FILE = typer.Option(
    None,
    "--passphrase-file",
    help=f"Read this party's passphrase from the file's first line (else ${PASSPHRASE_ENV}, "
    "else a prompt).",
    dir_okay=False,
)
BOARD_PASSPHRASE_FILE = typer.Option(
    None,
    "--board-passphrase-file",
    help="Read the board key's passphrase from the file's first line (else "
    f"${BOARD_PASSPHRASE_ENV}, else a prompt).",
    dir_okay=False,
)
BOARD_DIR = typer.Option(
    ..., "--board", help="The board directory, or the URL of a board service.", file_okay=False
)
_NEW_DIR = typer.Argument(..., help="The new state directory.", file_okay=False)
_TRUSTEE_ID = typer.Option(..., "--id", help="The trustee's id in the definition.")
_DEFINITION = typer.Argument(..., help="The definition (TOML).", dir_okay=False)
_AUTHORITY_DIR = typer.Option(..., "--authority", help="The authority's directory.")
_CA_DIR = typer.Option(
    None, "--ca", help="The credential authority's directory (else its key in the TOML)."
)
_NO_WRITE_BACK = typer.Option(False, "--no-write-back", help="Leave the definition unchanged.")


def fail(message: str) -> NoReturn:
    """Print ``error: message`` to standard error and exit with status 1."""
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def guarded(action: Callable[[], _T]) -> _T:
    """Run ``action``; a :class:`PlebisciteError` becomes a one-line error and exit status 1."""
    try:
        return action()
    except PlebisciteError as exc:
        fail(str(exc))


def terminal_bar(label: str = "{task.description}") -> Progress:
    """A progress display for a command's long work, on the standard error of a terminal only
    (nothing on a pipe or in a log): ``label``, the bar, how many of how many, the time taken;
    it is cleared when done."""
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    err = Console(stderr=True)
    return Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=not err.is_terminal,
    )


def board_passphrase(file: Path | None) -> Callable[[], str]:
    """The board key's passphrase, read only when something is posted (and only once)."""
    found: list[str] = []

    def get() -> str:
        if not found:
            found.append(read_passphrase(file, BOARD_PASSPHRASE_ENV, "Board passphrase: "))
        return found[0]

    return get


board_app = typer.Typer(help="The board operator: its directory, key and SQLite board.")
authority_app = typer.Typer(help="The election authority: its directory and key.")
trustee_app = typer.Typer(help="A trustee: its directory and identity key.")
election_app = typer.Typer(help="Create an election from its definition.")


@board_app.command("init")
def board_init(
    directory: Path = _NEW_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
) -> None:
    """Create a board directory: the board's signing key and an empty SQLite board."""
    passphrase = guarded(lambda: read_passphrase(passphrase_file, confirm=True))
    party = guarded(lambda: init_board(directory, passphrase))
    typer.echo(f"board key {party.public_key.hex()} (fingerprint {party.fingerprint})")


@board_app.command("export")
def board_export(
    directory: Annotated[Path, typer.Argument(help="The board directory (its board.sqlite).")],
    record: Annotated[Path, typer.Argument(help="The record directory to write (new, or empty).")],
    db: Annotated[
        str | None,
        typer.Option("--db", help="Read the board from this store instead (postgresql://…)."),
    ] = None,
    gzip: Annotated[
        bool | None,
        typer.Option(
            "--gzip/--no-gzip", help="Compress the shards (default: above 10,000 entries)."
        ),
    ] = None,
) -> None:
    """Write the public record: the board as JSON Lines shards, its signed heads, record.json.

    The record is what `plebiscite verify RECORD` checks and what observers publish; it holds
    no secret. Only the entries on the board when the export starts are written.
    """
    from rich.progress import TaskID

    from plebiscite.board.export import export_record
    from plebiscite.board.stores.factory import open_store

    def run() -> None:
        location = db if db is not None else str(directory / STORE_FILE)
        if db is None and not (directory / STORE_FILE).exists():
            raise InputError(f"{directory}: no {STORE_FILE} here (run `plebiscite board init`)")
        store = open_store(location)
        try:
            with terminal_bar() as bar:
                tasks: dict[str, TaskID] = {}

                def advance(stage: str, n: int, total: int | None) -> None:
                    if stage not in tasks:
                        tasks[stage] = bar.add_task(f"{stage} written", total=total)
                    bar.advance(tasks[stage], n)

                report = export_record(store, record, compress=gzip, progress=advance)
        finally:
            store.close()
        typer.echo(
            f"{report.entries} entries written to {record} "
            f"({report.bytes_per_entry:.0f} bytes per entry as stored, "
            f"{'gzip' if report.compressed else 'plain'}); "
            f"check it with `plebiscite verify {record}`"
        )

    guarded(run)


@authority_app.command("init")
def authority_init(
    directory: Path = _NEW_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
) -> None:
    """Create the authority's directory and signing key."""
    passphrase = guarded(lambda: read_passphrase(passphrase_file, confirm=True))
    party = guarded(lambda: init_authority(directory, passphrase))
    typer.echo(f"authority key {party.public_key.hex()} (fingerprint {party.fingerprint})")


@trustee_app.command("init")
def trustee_init(
    directory: Path = _NEW_DIR,
    trustee_id: str = _TRUSTEE_ID,
    passphrase_file: Path | None = PASSPHRASE_FILE,
) -> None:
    """Create a trustee's directory and identity key; print the fingerprint for the definition."""
    passphrase = guarded(lambda: read_passphrase(passphrase_file, confirm=True))
    party = guarded(lambda: init_trustee(directory, trustee_id, passphrase))
    typer.echo(party.fingerprint)
    typer.echo(
        f'put it in the definition: [[trustees.members]] id = "{trustee_id}", '
        f'fingerprint = "{party.fingerprint}"',
        err=True,
    )


@election_app.command("create")
def election_create(
    definition: Path = _DEFINITION,
    board: Path = BOARD_DIR,
    authority: Path = _AUTHORITY_DIR,
    ca: Path | None = _CA_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
    no_write_back: bool = _NO_WRITE_BACK,
) -> None:
    """Validate the definition, fill in the id and keys, and post the signed manifest."""

    def run() -> None:
        link = connect(board, board_passphrase(board_passphrase_file))
        if isinstance(link, DirectoryBoard):
            board_identity: Party | VerifyingKey = link.party
        else:
            assert isinstance(link, HTTPBoard)
            board_identity = link.board_key()
            typer.echo(f"the service's board key: {board_identity.hex()}", err=True)
        authority_party = open_party(authority, "authority")
        ca_party = open_party(ca, "credential_authority") if ca is not None else None
        key = authority_party.signing_key(read_passphrase(passphrase_file))
        created = create_election(
            definition,
            link,
            board_identity,
            authority_party,
            key,
            credential_authority=ca_party,
            write_back=not no_write_back,
        )
        typer.echo(f"election {created.election_id.hex()}")
        typer.echo(f"manifest posted as entry {created.appended.entry.index}", err=True)
        for warning in created.definition.warnings():
            typer.echo(warning, err=True)

    guarded(run)
    sys.stdout.flush()


def register(app: typer.Typer) -> None:
    """Add the ``board``, ``authority``, ``trustee`` and ``election`` command groups."""
    app.add_typer(board_app, name="board")
    app.add_typer(authority_app, name="authority")
    app.add_typer(trustee_app, name="trustee")
    app.add_typer(election_app, name="election")
