"""The ``plebiscite credentials`` commands of the mode fake-credentials (docs/spec.md §16.3–§16.4):
a voter's designated-verifier key, a registrar's issue, the roll's final entry, the voter's check
of a sheet and a fake sheet. ``credentials issue`` and ``credentials check`` dispatch here in that
mode (:mod:`plebiscite.credentials.command`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from plebiscite.board.client import BoardClient, DirectoryBoard, connect
from plebiscite.credentials.registrars import (
    Election,
    check_sheet_file,
    close_roll,
    fake_sheet_file,
    issue_registrar,
    new_designated_key,
    read_designated_secret,
    read_voters,
)
from plebiscite.crypto.groups import GROUP_NAMES
from plebiscite.errors import InputError, PlebisciteError, ProofError
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, PASSPHRASE_ENV, open_party, read_passphrase

__all__ = ["issue_as_registrar", "register_coercion_commands"]

_err = Console(stderr=True)
_out = Console(soft_wrap=True)

_DESIGNATED_HELP = (
    "Make a voter's designated-verifier key (mode fake-credentials), on her own device.\n\n"
    "Writes the secret v to the new file OUT (mode 0600) and prints V = g^v, which she gives "
    "every registrar at registration. With v she checks her sheets (their proofs are made for V "
    "and convince nobody else) and makes fake sheets (plebiscite credentials fake). Keep OUT; "
    "handing it over does not reveal which sheet is real."
)
_FINAL_HELP = (
    "Close the registrars' roll (mode fake-credentials): post credential_roll_final.\n\n"
    "Run by the credential authority once every registrar has posted its roll: checks the "
    "registrars' registrar_roll entries (V4: signatures, order, counts, Schnorr proofs), then "
    "posts the per-district count and Merkle root of the combined roll, signed with the key in "
    "STATE. Refuses a roll that is incomplete or fails V4."
)
_FAKE_HELP = (
    "Write a fake sheet of the same form as SHEET (mode fake-credentials).\n\n"
    "The fake has the same election, district, roll position and registrar, a fresh share with "
    "valid check characters, and a designated-verifier proof simulated with your secret "
    "(--key): `plebiscite credentials check` accepts it exactly as it accepts the real one, and "
    "nothing public tells them apart. Hand the fake to whoever demands your credential; vote "
    "later with the real one. It does not help if the coercer watched you register or controls "
    "you until voting closes (docs/fake-credentials.md)."
)

Board = Annotated[str, typer.Option("--board", help="The board: a directory, or a service URL.")]


def _fail(message: str, code: int = 2) -> NoReturn:
    _err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def _reader(board: str) -> BoardClient:
    def no_passphrase() -> str:
        raise InputError("this command never posts")

    return connect(board, no_passphrase)


def _poster(board: str, board_passphrase_file: Path | None) -> BoardClient:
    held: list[str] = []

    def unlock() -> str:
        if not held:
            held.append(
                read_passphrase(board_passphrase_file, BOARD_PASSPHRASE_ENV, "Board passphrase: ")
            )
        return held[0]

    client = connect(board, unlock)
    if isinstance(client, DirectoryBoard):
        unlock()  # posting through a board directory signs with the board's key
    return client


def issue_as_registrar(
    client: BoardClient,
    state: Path,
    sheets: Path,
    voters: Path | None,
    passphrase: Callable[[], str],
    chunk_size: int,
) -> None:
    """``credentials issue`` in the mode fake-credentials: registrar j's sheets and roll."""
    if voters is None:
        raise InputError(
            "the mode fake-credentials needs --voters: the registration list, JSON Lines "
            '{"district": id, "designated": V} in roll order'
        )
    election = Election.from_board(client.entries())
    party = open_party(state, "credential_authority")
    if all(r.key != party.public_key for r in election.definition.registrars):
        raise InputError(f"{state}: this key is not one of the manifest's registrars")
    listed = read_voters(election.group, election.definition, voters)
    key = party.signing_key(passphrase())
    posted = issue_registrar(election, key, listed, sheets, client.post, chunk_size=chunk_size)
    total = election.definition.total_registered
    _out.print(
        f"{total} sheets written under {sheets} (SECRET: hand each voter hers, then destroy "
        f"them); roll posted as entries {posted[0]}-{posted[-1]}",
        highlight=False,
    )


def check_sheet_command(board: str, sheet: Path) -> None:
    """``credentials check SHEET``: the voter's designated-verifier check."""
    try:
        file = check_sheet_file(_reader(board).entries(), sheet)
    except ProofError as exc:
        _out.print(f"the sheet does NOT match the roll: {exc}", highlight=False, markup=False)
        raise typer.Exit(1) from None
    except PlebisciteError as exc:
        _fail(str(exc))
    s = file.sheet
    _out.print(
        f"the sheet matches registrar {s.registrar}'s roll entry at position {s.position} of "
        f"district {s.district!r} (a proof that convinces only the holder of its "
        "designated-verifier key)",
        highlight=False,
    )


def register_coercion_commands(app: typer.Typer) -> None:
    """Add ``designated-key``, ``final`` and ``fake`` to the ``credentials`` group."""

    @app.command("designated-key", help=_DESIGNATED_HELP)
    def designated_key(
        out: Annotated[Path, typer.Argument(help="New file for the secret v (mode 0600).")],
        group: Annotated[
            str, typer.Option("--group", help=f"The election's group: {', '.join(GROUP_NAMES)}.")
        ] = "secp256k1",
    ) -> None:
        try:
            if group not in GROUP_NAMES:
                raise InputError(f"unknown group {group!r}; known: {', '.join(GROUP_NAMES)}")
            from plebiscite.crypto.groups import get_group

            V = new_designated_key(group, out)
        except (PlebisciteError, OSError) as exc:
            _fail(str(exc))
        _out.print(f"designated-verifier key: {get_group(group).to_hex(V)}", highlight=False)

    @app.command("final", help=_FINAL_HELP)
    def final_command(
        board: Board,
        state: Annotated[
            Path, typer.Option("--state", help="The credential authority's state directory.")
        ],
        passphrase_file: Annotated[
            Path | None,
            typer.Option("--passphrase-file", help=f"Else ${PASSPHRASE_ENV}, else a prompt."),
        ] = None,
        board_passphrase_file: Annotated[
            Path | None, typer.Option("--board-passphrase-file", help="To post to a directory.")
        ] = None,
    ) -> None:
        try:
            party = open_party(state, "credential_authority")
            passphrase = read_passphrase(
                passphrase_file, PASSPHRASE_ENV, "Passphrase of the credential authority: "
            )
            client = _poster(board, board_passphrase_file)
            entries = client.entries()
            Election.from_board(entries)
            key = party.signing_key(passphrase)
            index, listed = close_roll(entries, key, client.post)
        except PlebisciteError as exc:
            _fail(str(exc))
        for district, count, root in listed:
            _out.print(f"district {district}: {count} voters, root {root.hex()}", highlight=False)
        _out.print(f"roll final at entry {index}", highlight=False)

    @app.command("fake", help=_FAKE_HELP)
    def fake_command(
        sheet: Annotated[Path, typer.Argument(help="Your real sheet file.")],
        board: Board,
        key: Annotated[
            Path,
            typer.Option("--key", help="Your designated-verifier key file (designated-key)."),
        ],
        out: Annotated[Path, typer.Option("--out", help="New file for the fake sheet.")],
    ) -> None:
        try:
            entries = _reader(board).entries()
            group = Election.from_board(entries).group
            fake_sheet_file(entries, sheet, read_designated_secret(group, key), out)
        except (PlebisciteError, OSError) as exc:
            _fail(str(exc))
        _out.print(f"fake sheet written to {out}", highlight=False)
