"""The voter's commands: ``vote``, ``check-challenge`` and ``check-receipt``. Thin over the booth.

``plebiscite vote --board DIR --choice QUESTION=OPTION … [--cast | --challenge]`` reads the secret
credential from ``--credential-file`` (its first line) or a hidden prompt, never from the command
line; it derives the credential's key (scrypt, the manifest's parameters, salted with the
election id), finds the voter's district on the roll, encrypts, shows the tracking hash, and then
casts, challenges, or (with neither flag) asks, as many times as the voter challenges. Receipts
go to ``--state-dir``.

``plebiscite check-challenge`` checks a posted challenge (V10) with the verifier's code, from the
chain or an exported record, never with the board's own checks, and prints the tracking hash and
the options the ballot held, for the voter to compare with what she chose and saw.

``plebiscite check-receipt`` checks kept receipts against the chain with the manifest's board key.
"""

from __future__ import annotations

import getpass
import os
import shlex
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from plebiscite.board.client import connect
from plebiscite.board.http import board_url
from plebiscite.booth.client import (
    Decision,
    Posted,
    ReceiptStore,
    check_receipt,
    counted_ballot,
    run_booth,
)
from plebiscite.booth.coercion import (
    AnonymitySets,
    cast_with_sheets,
    check_challenge_of,
    opened_tracking,
    read_sheets,
)
from plebiscite.booth.election import BoothElection, read_election
from plebiscite.crypto.credential import derive_signing_key, parse_credential
from plebiscite.errors import InputError, PlebisciteError
from plebiscite.model.ballot import (
    check_ballot,
    check_challenge,
    format_tracking,
    parse_tracking,
)
from plebiscite.model.ballot.create import selections_from_choices
from plebiscite.model.codec import JSONValue, loads_strict
from plebiscite.model.definition import ChallengeChecker
from plebiscite.model.entry import Entry, parse_entry
from plebiscite.model.record import RecordReader
from plebiscite.state.files import read_bounded
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, read_passphrase

__all__ = ["register"]

_MAX_FILE_BYTES = 1 << 22

_Board = Annotated[
    Path | None,
    typer.Option(
        "--board", help="The board directory, or the URL of `plebiscite serve`.", file_okay=False
    ),
]
_Record = Annotated[
    Path | None,
    typer.Option(
        "--record", help="An exported record directory (instead of --board).", file_okay=False
    ),
]
_Language = Annotated[
    str | None, typer.Option("--language", help="Show texts in this language (e.g. uk, en).")
]


def _fail(message: str) -> NoReturn:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(1)


def _guarded(action: Callable[[], None]) -> None:
    try:
        action()
    except PlebisciteError as exc:
        _fail(str(exc))


def _no_passphrase() -> str:
    raise InputError("checking never posts to the board")


def _entries(board: Path | None, record: Path | None) -> list[Entry]:
    """The chain, each entry re-parsed and its hash recomputed here (not the board's reading)."""
    if (board is None) == (record is None):
        raise InputError("give exactly one of --board DIR and --record DIR")
    if record is not None:
        return list(RecordReader(record).entries(check_hashes=True))
    assert board is not None
    raw = connect(board, _no_passphrase).entries()
    return [parse_entry(e.to_json(), f"entry {e.index}") for e in raw]


def _read_credential(file: Path | None) -> str:
    if file is not None:
        try:
            lines = file.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"credential file {file}: cannot read it ({exc})") from None
        if not lines or not lines[0].strip():
            raise InputError(f"credential file {file}: the first line is empty")
        return lines[0]
    return getpass.getpass("Credential (from your sheet): ")


def _parse_choices(values: list[str]) -> dict[str, list[str]]:
    choices: dict[str, list[str]] = {}
    for value in values:
        question, sep, options = value.partition("=")
        if not sep or not question.strip() or not options.strip():
            raise InputError(f"--choice {value!r}: expected QUESTION=OPTION[,OPTION…]")
        chosen = choices.setdefault(question.strip(), [])
        chosen.extend(o.strip() for o in options.split(",") if o.strip())
    return choices


def _board_argument(board: Path) -> str:
    """``--board`` as the voter gave it: the URL (a path collapses its ``//``), or the path."""
    location = os.fspath(board)
    return board_url(location) or location


def _check_challenge_command(board: str, index: int) -> str:
    """The command that checks the challenge at ``index``, runnable as printed."""
    return shlex.join(["plebiscite", "check-challenge", "--board", board, "--index", str(index)])


class _Terminal:
    """The booth on a terminal: shows the tracking hash, then takes the voter's decision."""

    def __init__(
        self, mode: Decision | None, board: str, checkers: Sequence[ChallengeChecker] = ()
    ) -> None:
        self.mode = mode
        self.board = board
        self.checkers = tuple(checkers)

    def show_tracking(self, tracking: str) -> None:
        typer.echo("Your ballot is encrypted. Its tracking hash is:")
        typer.echo(f"    {tracking}")
        typer.echo("Write it down before you decide; you can look it up on the board later.")

    def decide(self) -> Decision:
        if self.mode is not None:
            return self.mode
        while True:
            answer = typer.prompt(
                "Cast this ballot, or challenge it to check the encryption? [cast/challenge]"
            )
            word = answer.strip().lower()
            if word in ("cast", "c"):
                return "cast"
            if word in ("challenge", "ch"):
                return "challenge"
            typer.echo("Answer cast or challenge.")

    def challenged(self, posted: Posted) -> None:
        command = _check_challenge_command(self.board, posted.entry.index)
        typer.echo(
            f"Challenged: the ballot {posted.tracking} was posted opened as entry "
            f"{posted.entry.index}; it can never be cast. Check it with:"
        )
        typer.echo(f"    {command}")
        if self.checkers:
            typer.echo("Or check it with an independent challenge checker named by the election:")
            for checker in self.checkers:
                typer.echo(f"    {checker.name.get('en')}: {checker.url}")
        typer.echo("Your choices are encrypted afresh.")

    def cast(self, posted: Posted) -> None:
        typer.echo(f"Cast: your ballot {posted.tracking} is entry {posted.entry.index}.")
        if posted.receipt_file is not None:
            typer.echo(f"The board's signed receipt is kept in {posted.receipt_file}.")


def vote(
    board: Annotated[
        Path,
        typer.Option(
            "--board",
            help="The board directory, or the URL of `plebiscite serve`.",
            file_okay=False,
        ),
    ],
    choice: Annotated[
        list[str],
        typer.Option("--choice", help="QUESTION=OPTION (repeat, or OPTION,OPTION for several)."),
    ],
    credential_file: Annotated[
        Path | None,
        typer.Option(
            "--credential-file",
            help="File whose first line is your secret credential (else a hidden prompt).",
            dir_okay=False,
        ),
    ] = None,
    cast: Annotated[bool, typer.Option("--cast", help="Cast without asking.")] = False,
    challenge: Annotated[
        bool, typer.Option("--challenge", help="Challenge once (post the opened ballot) and stop.")
    ] = False,
    state_dir: Annotated[
        Path,
        typer.Option(
            "--state-dir",
            help="Where your receipts are kept (and, in the mode fake-credentials, the anonymity "
            "set drawn for each credential: keep it for your revotes).",
        ),
    ] = Path("plebiscite-voter"),
    board_passphrase_file: Annotated[
        Path | None,
        typer.Option(
            "--board-passphrase-file",
            help="The board key's passphrase, for posting through a board directory (else "
            f"${BOARD_PASSPHRASE_ENV}, else a prompt).",
            dir_okay=False,
        ),
    ] = None,
    sheet: Annotated[
        list[Path] | None,
        typer.Option(
            "--sheet",
            help="Mode fake-credentials: your sheet file from each registrar (repeat; real or "
            "fake, the booth treats them alike).",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Encrypt your choices, see the tracking hash, then cast or challenge."""
    if cast and challenge:
        _fail("give at most one of --cast and --challenge")
    mode: Decision | None = "cast" if cast else "challenge" if challenge else None

    def run() -> None:
        link = connect(
            board,
            lambda: read_passphrase(
                board_passphrase_file, BOARD_PASSPHRASE_ENV, "Board passphrase: "
            ),
        )
        election = read_election(link.entries())
        problem = election.voting_problem()
        if problem is not None:  # before anything is derived, encrypted or sent
            raise InputError(f"{problem}; nothing was encrypted or sent")
        definition = election.definition
        selections = selections_from_choices(definition.questions, _parse_choices(choice))
        if definition.fake_credentials:
            done = cast_with_sheets(
                election,
                read_sheets(election, sheet or []),
                selections,
                _Terminal(mode, _board_argument(board), definition.checkers),
                link.post,
                receipts=ReceiptStore(state_dir / election.election_id.hex()),
                board_key=election.board_key,
                max_rounds=1 if mode == "challenge" else 100,
                kept=AnonymitySets(state_dir / election.election_id.hex()),
            )
            if done.posted is None and mode != "challenge":
                raise InputError("no ballot was cast")
            return
        if sheet:
            raise InputError("--sheet is for elections of the mode fake-credentials")
        credential = parse_credential(_read_credential(credential_file))
        key = derive_signing_key(credential, election.election_id, definition.kdf.derivation())
        district = election.district_of(key.public.xonly)
        if district is None:
            raise InputError(
                "this credential's key is not on the roll of any district: check that you "
                "typed it as printed, and that this is your election"
            )
        outcome = run_booth(
            election.params,
            district,
            key,
            selections,
            _Terminal(mode, _board_argument(board), definition.checkers),
            link.post,
            receipts=ReceiptStore(state_dir / election.election_id.hex()),
            max_rounds=1 if mode == "challenge" else 100,
            board_key=election.board_key,
            latest=link.head,
        )
        if outcome.cast is None and mode != "challenge":
            raise InputError("no ballot was cast")

    _guarded(run)
    sys.stdout.flush()


def _load_json(path: Path) -> JSONValue:
    return loads_strict(read_bounded(path, _MAX_FILE_BYTES), str(path))


def _find_challenge(
    entries: list[Entry], index: int | None, tracking: str | None, file: Path | None
) -> tuple[str, JSONValue]:
    if sum(x is not None for x in (index, tracking, file)) != 1:
        raise InputError("give exactly one of --index N, --tracking HASH and --file F")
    if file is not None:
        value = _load_json(file)
        if isinstance(value, dict) and "kind" in value:
            entry = parse_entry(value, str(file))
            if entry.kind != "challenge":
                raise InputError(f"{file}: entry {entry.index} is a {entry.kind}, not a challenge")
            return f"{file}: entry {entry.index}", entry.body
        return str(file), value
    if index is not None:
        found = next((e for e in entries if e.index == index), None)
        if found is None or found.kind != "challenge":
            raise InputError(f"entry {index}: no challenge entry at this index")
        return f"entry {index}", found.body
    assert tracking is not None
    wanted = parse_tracking(tracking).hex()
    for entry in entries:
        if entry.kind == "challenge" and entry.body.get("tracking") == wanted:
            return f"entry {entry.index}", entry.body
    raise InputError(
        f"no challenge with the tracking hash {format_tracking(bytes.fromhex(wanted))}"
    )


def _show_choices(
    election: BoothElection, choices: tuple[tuple[int, ...], ...], language: str | None
) -> None:
    for question, bits in zip(election.definition.questions, choices, strict=True):
        typer.echo(question.text.get(language))
        chosen = [
            o.label.get(language) for o, bit in zip(question.options, bits, strict=True) if bit
        ]
        for label in chosen or ["(no option chosen)"]:
            typer.echo(f"    ✔ {label}")


def check_challenge_command(
    board: _Board = None,
    record: _Record = None,
    index: Annotated[
        int | None, typer.Option("--index", help="The challenge's entry index.")
    ] = None,
    tracking: Annotated[
        str | None, typer.Option("--tracking", help="The tracking hash you were shown.")
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", help="A challenge entry (or its body) as JSON.", dir_okay=False),
    ] = None,
    language: _Language = None,
) -> None:
    """Check a challenged ballot (V10) and show the options it held."""

    def run() -> None:
        entries = _entries(board, record)
        election = read_election(entries)
        where, body = _find_challenge(entries, index, tracking, file)
        if election.definition.fake_credentials:
            mode = check_challenge_of(election, body, where)
            shown, choices = format_tracking(mode.tracking), mode.choices
        else:
            opened = check_challenge(election.params, body, where)
            shown, choices = opened.encrypted.tracking_text, opened.choices
        typer.echo(f"{where}: V10 passed: the ballot re-encrypts from what was revealed.")
        typer.echo(f"tracking hash: {shown}")
        typer.echo("Compare with the tracking hash you were shown and with what you chose:")
        _show_choices(election, choices, language)

    _guarded(run)
    sys.stdout.flush()


def check_receipt_command(
    receipts: Annotated[
        list[Path], typer.Argument(help="Receipt files (from your state directory).")
    ],
    board: _Board = None,
    record: _Record = None,
) -> None:
    """Check that the entries of your receipts are on the board, as you saw them."""

    def run() -> None:
        entries = _entries(board, record)
        election = read_election(entries)
        for path in receipts:
            kept = ReceiptStore.load(path)
            entry = check_receipt(kept.head, election.board_key, entries, election.election_id)
            where = f"entry {entry.index}"
            if entry.kind != kept.kind:
                raise InputError(f"{path}: {where} is a {entry.kind}, the receipt a {kept.kind}")
            fake_credentials = election.definition.fake_credentials
            if fake_credentials:
                found = opened_tracking(election, kept.kind, entry.body, where)
            elif kept.kind == "ballot":
                found = check_ballot(election.params, entry.body, where).tracking
            else:
                found = check_challenge(election.params, entry.body, where).tracking
            if found != parse_tracking(kept.tracking):
                raise InputError(f"{path}: {where} does not have the tracking hash you kept")
            typer.echo(f"{path}: {where} ({kept.kind} {kept.tracking}) is on the board")
            if kept.kind == "ballot" and not fake_credentials:
                typer.echo(f"{path}: {_superseded(entries, entry)}")

    _guarded(run)
    sys.stdout.flush()


def _superseded(entries: Sequence[Entry], entry: Entry) -> str:
    """Whether the ballot ``entry`` counts, or which later ballot of its credential does."""
    credential = bytes.fromhex(str(entry.body["credential"]))
    counted = counted_ballot(entries, credential)
    if counted is None:
        return (
            f"no ballot of your credential counts on this board (run plebiscite verify to "
            f"see why entry {entry.index} is not valid)"
        )
    if counted.index == entry.index:
        return f"entry {entry.index} is the ballot of your credential that counts"
    when = datetime.fromtimestamp(counted.time / 1_000_000, tz=UTC)
    return (
        f"your ballot was superseded by entry {counted.index} at "
        f"{when.strftime('%Y-%m-%d %H:%M:%S UTC')}: a later ballot of your credential counts "
        "instead; if you did not cast it, your credential is in someone else's hands: vote "
        "again while voting is open, and report it"
    )


def register(app: typer.Typer) -> None:
    """Add ``vote``, ``check-challenge`` and ``check-receipt`` to ``app``."""
    app.command("vote")(vote)
    app.command("check-challenge")(check_challenge_command)
    app.command("check-receipt")(check_receipt_command)
