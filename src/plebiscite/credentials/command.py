"""The ``plebiscite credentials`` commands: the credential authority's key, issuing, checking."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from plebiscite.board.client import DirectoryBoard, connect
from plebiscite.credentials.coercion_command import (
    check_sheet_command,
    issue_as_registrar,
    register_coercion_commands,
)
from plebiscite.credentials.issue import check_board_ready, issue, post_roll
from plebiscite.election.setup import init_credential_authority
from plebiscite.errors import InputError, PlebisciteError
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.roll import MAX_CHUNK_KEYS
from plebiscite.model.signed import unsigned_part
from plebiscite.rules.coercion_roll import check_any_roll
from plebiscite.state.party import BOARD_PASSPHRASE_ENV, PASSPHRASE_ENV, open_party, read_passphrase

__all__ = ["credentials_app", "register"]

credentials_app = typer.Typer(
    name="credentials",
    help=(
        "The credential authority: its signing key, one secret credential per registered voter "
        "(printable sheets), the signed credential roll on the board, and the roll check V4."
    ),
    no_args_is_help=True,
)

_err = Console(stderr=True)
_out = Console(soft_wrap=True)  # key lines must survive copy and paste

PassphraseFile = Annotated[
    Path | None,
    typer.Option(
        "--passphrase-file",
        help=f"File whose first line is the credential authority's passphrase "
        f"(else ${PASSPHRASE_ENV}, else a hidden prompt).",
    ),
]


_INIT_HELP = (
    "Create the credential authority's state directory and signing key.\n\n"
    "Writes DIRECTORY/identity.secret (the BIP-340 signing key, encrypted under the passphrase, "
    "mode 0600) and DIRECTORY/party.json (public key and fingerprint). Prints the public key, "
    "to be written into the definition as [keys] credential_authority, and its fingerprint. "
    "This key signs the roll; it is the only secret the credential authority keeps."
)

_ISSUE_HELP = (
    "Issue one secret credential per registered voter and post the signed roll.\n\n"
    "In the mode fake-credentials, run by each registrar (STATE: its key, made with "
    "`credentials init`, listed in the manifest's [[registrars]]) with --voters: for every "
    "voter of the list, a fresh share, sheet SHEETS/<district>/<position>-r<j>.json (written as "
    "it goes) and the registrar_roll entries; the credential authority then posts the final "
    "entry with `credentials final`. Otherwise (mode revote):\n\n"
    "Reads the manifest (entry 0) from the board directory. For every district, draws one "
    "credential per registered voter, derives its key with the election's scrypt parameters "
    "salted by the election id (on every core, with a progress bar), and writes "
    "SHEETS/<district>.html: one printable page per voter with the credential, the district, "
    "the election id, the title and the instructions.\n\n"
    "SHEETS HOLDS EVERY VOTER'S SECRET CREDENTIAL (directory mode 0700, files 0600): keep it "
    "offline, print the sheets, hand them out, then destroy it.\n\n"
    "Then posts the keys, in random order, as credential_roll entries, and the "
    "credential_roll_final entry (per-district count and Merkle root) signed with the key in "
    "STATE, and prints the counts and roots. Nothing secret is written anywhere else: not in "
    "STATE, not on the board, not in any log."
)

_CHECK_HELP = (
    "Run check V4 on the board's credential roll and print every failure; or, given SHEET (mode "
    "fake-credentials), check a voter's sheet against the roll. Writes nothing.\n\n"
    "With SHEET: the roll entry that the sheet's registrar posted at the sheet's position "
    "encrypts the sheet's share (its designated-verifier proof, made for the voter's key: it "
    "convinces her and nobody else, and a fake sheet passes it too). Exit status 0 when it "
    "matches, 1 when it does not, 2 when the sheet or board cannot be read.\n\n"
    "Without SHEET: "
    "checks well-formed x-only keys (or, mode fake-credentials, the registrars' entries), "
    "no duplicates within or across districts, chunks in order "
    "without gaps, each district's size equal to its registered count, counts and Merkle roots "
    "recomputed, the final entry signed by the manifest's credential authority, the roll final "
    "before open and no chunk after the final entry. Exit status: 0 when V4 "
    "passes, 1 when it fails, 2 when the board cannot be read."
)


def _fail(message: str, code: int = 2) -> NoReturn:
    _err.print(f"[bold red]error:[/] {message}", highlight=False, markup=True)
    raise typer.Exit(code)


def _manifest(entries: list[Entry]) -> Definition:
    if not entries or entries[0].kind != "manifest":
        raise InputError("the board holds no manifest (run `plebiscite election create` first)")
    return Definition.from_manifest(unsigned_part(entries[0].body))


@credentials_app.command("init", help=_INIT_HELP)
def init(
    directory: Annotated[
        Path, typer.Argument(help="New state directory of the credential authority.")
    ],
    passphrase_file: PassphraseFile = None,
) -> None:
    """Create the credential authority's state directory and signing key."""
    try:
        passphrase = read_passphrase(
            passphrase_file,
            PASSPHRASE_ENV,
            "New passphrase of the credential authority: ",
            confirm=True,
        )
        party = init_credential_authority(directory, passphrase)
    except PlebisciteError as exc:
        _fail(str(exc))
    _out.print(f"credential authority created in {party.directory}", highlight=False)
    _out.print(f'[keys] credential_authority = "{party.public_key.hex()}"', highlight=False)
    _out.print(f"fingerprint: {party.fingerprint}", highlight=False)


@credentials_app.command("issue", help=_ISSUE_HELP)
def issue_command(
    board: Annotated[
        Path, typer.Option("--board", help="The board directory (holds the manifest).")
    ],
    state: Annotated[
        Path, typer.Option("--state", help="The credential authority's state directory.")
    ],
    sheets: Annotated[
        Path,
        typer.Option(
            "--sheets",
            help="New (or empty) directory for the printable sheets: SECRET, mode 0700.",
        ),
    ],
    passphrase_file: PassphraseFile = None,
    board_passphrase_file: Annotated[
        Path | None,
        typer.Option(
            "--board-passphrase-file",
            help=f"File whose first line is the board operator's passphrase, to post "
            f"(else ${BOARD_PASSPHRASE_ENV}, else a hidden prompt).",
        ),
    ] = None,
    workers: Annotated[
        int | None,
        typer.Option(min=1, help="Processes deriving keys (scrypt); default: every core."),
    ] = None,
    chunk_size: Annotated[
        int,
        typer.Option(min=1, max=MAX_CHUNK_KEYS, help="Keys (or registrar entries) per entry."),
    ] = MAX_CHUNK_KEYS,
    voters: Annotated[
        Path | None,
        typer.Option(
            "--voters",
            help="Mode fake-credentials: the registration list, JSON Lines "
            '{"district": id, "designated": V} in roll order (the voters\' designated-verifier '
            "keys, plebiscite credentials designated-key).",
        ),
    ] = None,
) -> None:
    """Issue one secret credential per registered voter and post the signed roll."""
    try:
        board_passphrase: list[str] = []

        def unlock_board() -> str:
            if not board_passphrase:
                board_passphrase.append(
                    read_passphrase(
                        board_passphrase_file, BOARD_PASSPHRASE_ENV, "Board passphrase: "
                    )
                )
            return board_passphrase[0]

        client = connect(board, unlock_board)
        entries = client.entries()
        definition = _manifest(entries)
        if definition.fake_credentials:
            if isinstance(client, DirectoryBoard):
                unlock_board()

            def unlock_registrar() -> str:
                return read_passphrase(passphrase_file, PASSPHRASE_ENV, "Registrar passphrase: ")

            issue_as_registrar(client, state, sheets, voters, unlock_registrar, chunk_size)
            return
        party = open_party(state, "credential_authority")
        passphrase = read_passphrase(
            passphrase_file, PASSPHRASE_ENV, "Passphrase of the credential authority: "
        )
        if definition.keys.credential_authority != party.public_key:
            raise InputError(
                f"{state}: this credential authority's key is not the manifest's "
                "keys.credential_authority"
            )
        check_board_ready(entries)
        ca_key = party.signing_key(passphrase)  # a wrong passphrase fails before any work
        if isinstance(client, DirectoryBoard):
            unlock_board()  # posting through a board directory signs with the board's key
        assert definition.election_id is not None
        total = definition.total_registered
        _err.print(
            f"[bold yellow]WARNING:[/] {sheets} will hold the secret credential of every one of "
            f"the {total} voters. Keep it offline, print the sheets, then destroy it.",
            highlight=False,
        )
        started = time.perf_counter()
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=_err,
            transient=not sys.stderr.isatty(),
        ) as progress:
            tasks: dict[str, TaskID] = {}

            def advance(district: str, done: int, registered: int) -> None:
                if district not in tasks:
                    tasks[district] = progress.add_task(f"district {district}", total=registered)
                progress.update(tasks[district], completed=done)

            issued = issue(definition, sheets, workers=workers, progress=advance)
        elapsed = time.perf_counter() - started
        posted = post_roll(
            client.post, ca_key, definition.election_id, issued, chunk_size=chunk_size
        )
    except PlebisciteError as exc:
        _fail(str(exc))
    table = Table(title=f"credential roll of election {definition.election_id.hex()}")
    table.add_column("district")
    table.add_column("registered", justify="right")
    table.add_column("keys", justify="right")
    table.add_column("root", overflow="fold")
    for district, roll in zip(definition.districts, issued, strict=True):
        table.add_row(district.id, str(district.registered), str(roll.count), roll.root.hex())
    _out.print(table)
    _out.print(
        f"{total} credentials issued in {elapsed:.1f} s ({total / max(elapsed, 1e-9):.1f}/s); "
        f"roll posted as entries {posted.chunks[0]}-{posted.chunks[-1]}, final entry "
        f"{posted.final}; sheets in {sheets}",
        highlight=False,
    )


@credentials_app.command("check", help=_CHECK_HELP)
def check_command(
    board: Annotated[
        str, typer.Option("--board", help="The board to check: a directory, or a service URL.")
    ],
    sheet: Annotated[
        Path | None,
        typer.Argument(help="Mode fake-credentials: a sheet file to check against the roll."),
    ] = None,
) -> None:
    """Run check V4 on the board's credential roll and print every failure."""
    if sheet is not None:
        check_sheet_command(board, sheet)
        return

    def no_passphrase() -> str:
        raise InputError("checking the roll never posts")

    try:
        entries = connect(board, no_passphrase).entries()
        report = check_any_roll(entries)
    except PlebisciteError as exc:
        _fail(str(exc))
    table = Table(title="credential roll (V4)")
    for column in ("district", "registered", "keys", "chunks", "root"):
        table.add_column(
            column, justify="right" if column in ("registered", "keys", "chunks") else "left"
        )
    for d in report.districts:
        root = d.root.hex() if d.root is not None else "-"
        table.add_row(d.id, str(d.registered), str(d.count), str(d.chunks), root)
    _out.print(table)
    final = "never" if report.final_index is None else f"entry {report.final_index}"
    opened = "not yet" if report.open_index is None else f"entry {report.open_index}"
    _out.print(f"roll final: {final}; voting opened: {opened}", highlight=False)
    if report.ok:
        _out.print(f"V4 passed: {report.keys} keys on the roll", highlight=False)
        return
    for failure in report.failures:
        _out.print(str(failure), highlight=False, markup=False)
    _out.print(f"V4 failed: {len(report.failures)} failure(s)", highlight=False)
    raise typer.Exit(1)


register_coercion_commands(credentials_app)


def register(app: typer.Typer) -> None:
    """Add the ``credentials`` command group to ``app``."""
    app.add_typer(credentials_app, name="credentials")
