"""``plebiscite authority open|close|tally|result``, ``plebiscite trustee decrypt`` and
``plebiscite results``: thin commands over :mod:`plebiscite.authority.counting` and
:mod:`plebiscite.tally`.

The ``authority`` and ``trustee`` command groups are the setup's
(:mod:`plebiscite.election.command`); these commands join them. Passphrases as everywhere:
``--passphrase-file``, else ``PLEBISCITE_PASSPHRASE``, else a prompt; the board key's likewise.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from itertools import islice
from pathlib import Path
from typing import Final

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    TaskID,
)
from rich.table import Table

from plebiscite.authority import coercion_command  # noqa: F401 (trustee tag, authority tag)
from plebiscite.authority.counting import (
    Step,
    close_voting,
    open_voting,
    post_result,
    post_tally,
)
from plebiscite.authority.saved_check import Advance, followed, no_bar
from plebiscite.board.client import BoardClient, connect
from plebiscite.crypto.signatures import SigningKey
from plebiscite.election.command import (
    BOARD_DIR,
    BOARD_PASSPHRASE_FILE,
    PASSPHRASE_FILE,
    authority_app,
    board_passphrase,
    fail,
    guarded,
    terminal_bar,
    trustee_app,
)
from plebiscite.errors import InputError
from plebiscite.model.ceremony import read_manifest
from plebiscite.model.definition import Definition
from plebiscite.model.tally import PPM, RESULT_KIND, Figures, Result, parse_result
from plebiscite.state.party import open_party, read_passphrase
from plebiscite.tally.count import BoardFollower
from plebiscite.tally.decrypt import trustee_decrypt
from plebiscite.tally.early_close import read_cosignature, trustee_cosign_close, write_cosignature
from plebiscite.tally.mix import describe, trustee_mix

__all__ = ["register", "result_table"]

STATE_DIR = typer.Option(..., "--state", help="This party's state directory.", file_okay=False)
EVERY = typer.Option(
    None,
    "--every",
    metavar="SECONDS",
    min=1.0,
    help="Check again every SECONDS until interrupted (Ctrl-C), saving the check after each "
    "pass; default: once.",
)
EARLY = typer.Option(
    False,
    "--early",
    help="Close before the window's end: only where the definition allows it, with k trustees' "
    "co-signatures (--cosignature); recorded as early in the close entry.",
)
COSIGNATURE_OUT = typer.Option(
    ..., "--out", help="Where to write the co-signature file for the authority.", dir_okay=False
)
COSIGNATURES = typer.Option(
    None,
    "--cosignature",
    help="A trustee's co-signature file of an early close (plebiscite trustee cosign-close); "
    "repeatable, k are needed.",
    dir_okay=False,
)


#: a step of the authority: given the board, its key, and (a step that checks the board) its
#: follower and the bar's advance
AuthorityStep = Callable[[BoardClient, SigningKey, BoardFollower | None, Advance], Step]


def _authority_step(
    board: Path,
    state: Path,
    passphrase_file: Path | None,
    board_passphrase_file: Path | None,
    step: AuthorityStep,
    *,
    checks_board: bool = True,
) -> None:
    """Run ``step`` as the authority; with ``checks_board`` (a step that checks the board up to
    its head first), with the authority's saved check
    (:func:`~plebiscite.authority.saved_check.followed`)."""

    def run() -> None:
        party = open_party(state, "authority")
        key = party.signing_key(read_passphrase(passphrase_file))
        link = connect(board, board_passphrase(board_passphrase_file))
        if not checks_board:
            outcome = step(link, key, None, lambda _n: None)
        else:
            with followed(link, key, state) as (follower, advance, _keep):
                outcome = step(link, key, follower, advance)
        for warning in outcome.warnings:
            typer.secho(warning, err=True, fg=typer.colors.RED, bold=True)
        if outcome.appended is None:
            typer.echo(f"already on the board: {outcome.kind} is entry {outcome.index}")
        else:
            typer.echo(f"posted {outcome.kind} as entry {outcome.index}")

    guarded(run)


@authority_app.command("open")
def authority_open(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
) -> None:
    """Open voting: post the signed election context (after the ceremony, drill and roll)."""
    _authority_step(
        board,
        state,
        passphrase_file,
        board_passphrase_file,
        lambda link, key, _follower, _advance: open_voting(link, key),
        checks_board=False,  # the setup only: a short board
    )


@authority_app.command("close")
def authority_close(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
    early: bool = EARLY,
    cosignature: list[Path] | None = COSIGNATURES,
) -> None:
    """Close voting at or after the window's end, with the ballots received per district (before
    it only with --early and k trustees' co-signatures, where the definition allows it)."""

    def close(
        link: BoardClient, key: SigningKey, follower: BoardFollower | None, advance: Advance
    ) -> Step:
        definition, _ = read_manifest(list(islice(link.iter_entries(0), 1)))
        cosigned = [read_cosignature(path, definition.trustees.n) for path in cosignature or []]
        for path, item in zip(cosignature or [], cosigned, strict=True):
            if item.election_id != definition.election_id:
                raise InputError(f"{path}: a co-signature for election {item.election_id.hex()}")
        return close_voting(
            link,
            key,
            early=early,
            cosignatures=[c.cosignature for c in cosigned],
            progress=advance,
            follower=follower,
        )

    _authority_step(board, state, passphrase_file, board_passphrase_file, close)


@authority_app.command("tally")
def authority_tally(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
) -> None:
    """Post the encrypted tally: per district × question × option, the counted set's product."""
    _authority_step(
        board,
        state,
        passphrase_file,
        board_passphrase_file,
        lambda link, key, follower, advance: post_tally(
            link, key, progress=advance, follower=follower
        ),
    )


@authority_app.command("result")
def authority_result(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
) -> None:
    """Combine any k valid partial decryptions and post the signed result."""
    _authority_step(
        board,
        state,
        passphrase_file,
        board_passphrase_file,
        lambda link, key, follower, advance: post_result(
            link, key, progress=advance, follower=follower
        )[0],
    )


def _follow(
    role: str,
    board: Path,
    state: Path,
    passphrase_file: Path | None,
    board_passphrase_file: Path | None,
    every: float | None,
) -> None:
    """Check the board's new entries as ``role`` and save the check (``follow``)."""

    def run() -> None:
        party = open_party(state, role)
        key = party.signing_key(read_passphrase(passphrase_file))
        link = connect(board, board_passphrase(board_passphrase_file))
        # read back once, saved after each pass (and at the end)
        with followed(link, key, state) as (follower, advance, keep):
            while True:
                before = follower.entries
                follower.follow(link, progress=advance)  # the bar counts the first pass
                advance = no_bar
                new = follower.entries - before
                failures = follower.failures
                checked = f"entries 0–{follower.entries - 1}" if follower.entries else "no entry"
                line = f"checked {new} new entries ({checked} of the board so far)"
                if failures:
                    typer.secho(
                        f"{line}; {len(failures)} checks failed, the first: {failures[0]}",
                        fg=typer.colors.RED,
                        bold=True,
                    )
                else:
                    typer.echo(f"{line}; no check failed")
                if every is None:
                    return
                keep()
                try:
                    time.sleep(every)
                except KeyboardInterrupt:
                    return

    guarded(run)


def _follow_command(role: str) -> Callable[..., None]:
    """The ``follow`` command of ``role`` (the authority or a trustee)."""

    def follow(
        board: Path = BOARD_DIR,
        state: Path = STATE_DIR,
        passphrase_file: Path | None = PASSPHRASE_FILE,
        board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
        every: float | None = EVERY,
    ) -> None:
        _follow(role, board, state, passphrase_file, board_passphrase_file, every)

    return follow


_FOLLOW_HELP: Final = (
    "Check the entries added to the board since this party's last check, now, and keep the "
    "check in STATE/checked.\n\nRun it now and then while voting is open (or with --every): "
    "{steps} then check only the entries added after the last check, not the whole board. A "
    "saved check is read back only with this party's key, for this election and this version "
    "of plebiscite; any other is set aside and the whole board checked again."
)
authority_app.command("follow", help=_FOLLOW_HELP.format(steps="close, tally and result"))(
    _follow_command("authority")
)
trustee_app.command("follow", help=_FOLLOW_HELP.format(steps="decrypt"))(_follow_command("trustee"))


@trustee_app.command("cosign-close")
def trustee_cosign_close_command(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
    out: Path = COSIGNATURE_OUT,
) -> None:
    """Co-sign an early close of the open election (only where its definition allows one).

    Recomputes the election context from the ceremony and the roll before signing; the authority
    needs k such files for ``plebiscite authority close --early``.
    """

    def run() -> None:
        party = open_party(state, "trustee")
        passphrase = read_passphrase(passphrase_file)
        link = connect(board, board_passphrase(board_passphrase_file))
        cosigned = trustee_cosign_close(link, party, passphrase)
        if out.exists():
            raise InputError(f"{out}: already exists; choose another --out")
        out.write_text(write_cosignature(cosigned), encoding="utf-8")
        typer.echo(
            f"trustee {cosigned.cosignature.trustee}'s co-signature of an early close: {out}"
        )

    guarded(run)


@trustee_app.command("decrypt")
def trustee_decrypt_command(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
) -> None:
    """Check the closed board (V1–V7) and post this trustee's partial decryption.

    Recomputes every aggregate itself and refuses a posted tally that differs, a failing check,
    or a district that counted fewer ballots than the manifest's minimum district size.
    """

    def run() -> None:
        party = open_party(state, "trustee")
        passphrase = read_passphrase(passphrase_file)
        link = connect(board, board_passphrase(board_passphrase_file))
        with followed(link, party.signing_key(passphrase), state) as (follower, advance, _):
            done = trustee_decrypt(link, party, passphrase, progress=advance, follower=follower)
        if done.appended is None:
            typer.echo(
                f"already on the board: trustee {done.trustee}'s partial decryption is entry "
                f"{done.existing}"
            )
        else:
            index = done.appended.entry.index
            typer.echo(f"posted trustee {done.trustee}'s partial_decryption as entry {index}")

    guarded(run)


_MIX_DISTRICTS: Final = typer.Option(
    None,
    "--district",
    metavar="ID",
    help="Mix only this district's counted ballots (repeatable); default: every district.",
)


@trustee_app.command("mix")
def trustee_mix_command(
    board: Path = BOARD_DIR,
    state: Path = STATE_DIR,
    passphrase_file: Path | None = PASSPHRASE_FILE,
    board_passphrase_file: Path | None = BOARD_PASSPHRASE_FILE,
    district: list[str] | None = _MIX_DISTRICTS,
) -> None:
    """Shuffle the counted ballots of each district with a proof, after the trustees before.

    Optional (spec §15.7): after close, the trustees in increasing index order (at least k of
    them) each re-encrypt and permute every district's counted ballots and prove it (check
    V11). Checks the board first (V1–V6, V10, V11; the entries since this trustee's saved check,
    STATE/checked, and reads the rest); after a crash, run it again: it posts what is missing
    of the same shuffle, never a new one.
    """

    def run() -> None:
        party = open_party(state, "trustee")
        passphrase = read_passphrase(passphrase_file)
        link = connect(board, board_passphrase(board_passphrase_file))
        key = party.signing_key(passphrase)
        # the board is replayed from entry 0, checking only what the saved check lacks
        with followed(link, key, state, bar=False) as (follower, _, _keep), terminal_bar() as bar:
            tasks: dict[str, TaskID] = {}

            def advance(stage: str, n: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(_MIX_STAGES.get(stage, stage), total=None)
                bar.advance(tasks[stage], n)

            done = trustee_mix(
                link,
                party,
                passphrase,
                districts=tuple(district) if district else None,
                progress=advance,
                checker_factory=lambda: follower.resumed(link),
            )
        for mixed in done:
            typer.echo(describe(mixed))

    guarded(run)


_MIX_STAGES: Final = {
    "read": "entries checked",
    "shuffle": "items shuffled",
    "prove": "items proved",
    "post": "entries posted",
}


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f} %" if whole else "—"


def _turnout(figures: Figures) -> str:
    return f"{figures.turnout_ppm / (PPM // 100):.2f} %"


_FIGURES: Final = ("counted", "registered", "turnout", "superseded", "challenged")


def _table(title: str) -> Table:
    # a narrow terminal wraps a cell's words (and folds a word longer than the column) rather
    # than cutting them short with an ellipsis
    return Table(title=title, box=box.SIMPLE_HEAD, padding=(0, 1), title_justify="left")


def result_table(definition: Definition, result: Result) -> list[Table]:
    """The ballots per district and in total (one table), then one table per question: each
    option's count and share per district and in total. Each table stays narrow (the figures
    do not depend on the question), so an 80-column terminal shows every name and header."""
    names = {d.id: d.name.get() for d in definition.districts}
    rows: list[tuple[str, Figures]] = [(names[d], f) for d, f in result.districts]
    rows.append(("total", result.total))
    last = len(rows) - 1
    figures = _table("ballots")
    figures.add_column("district", overflow="fold")
    for header in _FIGURES:
        figures.add_column(header, justify="right", overflow="fold", min_width=len(header))
    for position, (name, f) in enumerate(rows):
        figures.add_row(
            f"[bold]{escape(name)}[/bold]" if position == last else escape(name),
            str(f.counted),
            str(f.registered),
            _turnout(f),
            str(f.superseded),
            str(f.challenged),
            end_section=position == last - 1,
        )
    tables = [figures]
    for q, question in enumerate(definition.questions):
        table = _table(f"{question.id}: {escape(question.text.get())}")
        table.add_column("district", overflow="fold")
        for option in question.options:
            table.add_column(escape(option.label.get()), justify="right", overflow="fold")
        for position, (name, f) in enumerate(rows):
            if f.withheld:
                cells = ["withheld"] * len(question.options)
            else:
                cells = [f"{n} ({_percent(n, f.counted)})" for n in f.counts[q]]
            table.add_row(
                f"[bold]{escape(name)}[/bold]" if position == last else escape(name),
                *cells,
                end_section=position == last - 1,
            )
        tables.append(table)
    return tables


def results(board: Path = BOARD_DIR) -> None:
    """Show the posted result: counts per district and in total, with turnout."""

    def run() -> tuple[Definition, Result]:
        definition: Definition | None = None
        for entry in connect(board, lambda: "").iter_entries(0):
            if definition is None:
                definition, _ = read_manifest([entry])
            if entry.kind == RESULT_KIND:
                result, _ = parse_result(definition, entry.body, f"entry {entry.index}")
                return definition, result
        if definition is None:
            read_manifest([])  # an empty board: refused as one without a manifest
        raise InputError("the board holds no result yet")

    definition, result = guarded(run)
    if not result.districts:
        fail("the result lists no district")
    console = Console()
    for table in result_table(definition, result):
        console.print(table)
    if any(f.withheld for _, f in result.districts):
        console.print(
            "withheld: the district counted fewer ballots than the minimum district size; its "
            "votes are decrypted only inside the total."
        )
    console.print(
        "These are the figures the authority posted; `plebiscite verify` recomputes and checks "
        "every one of them from the record."
    )


def register(app: typer.Typer) -> None:
    """Add ``results``; ``authority open|close|tally|result`` and ``trustee decrypt`` join the
    setup's command groups when this module is imported."""
    app.command("results")(results)
