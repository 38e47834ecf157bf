"""A party's check of the board kept between its commands (``STATE/checked``, spec §14.3), and
the bar that counts what a command checks: what ``plebiscite authority close|tally|result|follow``
and ``plebiscite trustee decrypt|follow|mix|tag`` and ``plebiscite authority tag`` share."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import Final

import typer

from plebiscite.board.client import BoardClient
from plebiscite.crypto.signatures import SigningKey
from plebiscite.election.command import terminal_bar
from plebiscite.errors import InputError
from plebiscite.model.ceremony import read_manifest
from plebiscite.rules.saved import state_key
from plebiscite.tally.count import BoardFollower

__all__ = ["CHECKED_DIR", "Advance", "checking", "followed", "no_bar"]

#: where in a party's state directory its check of the board is kept between commands
CHECKED_DIR: Final = "checked"


#: a step's progress: told 1 after each board entry it checked
Advance = Callable[[int], None]


def no_bar(_n: int) -> None:
    """No progress shown."""


@contextmanager
def checking(link: BoardClient, done: int = 0) -> Iterator[Advance]:
    """A bar on a terminal's standard error counting the board's entries as a step checks them
    (its total the board's length when the step starts, ``done`` of them checked before);
    nothing on a pipe."""
    with terminal_bar("checking the board") as bar:
        head = link.head() if bar.console.is_terminal else None
        task = bar.add_task(
            "entries", total=None if head is None else head.index + 1, completed=done
        )
        yield lambda n: bar.advance(task, n)


@contextmanager
def followed(
    link: BoardClient, key: SigningKey, state: Path, *, bar: bool = True
) -> Iterator[tuple[BoardFollower, Advance, Callable[[], None]]]:
    """This party's check of the board, read back from ``STATE/checked`` (where a step or
    ``follow`` left it) or begun now, under :func:`checking`'s bar (``bar``: else none, for a
    command with bars of its own); given with the bar's advance and ``keep``, which saves it
    now. It is saved there again after the step, whether it posted or refused. A saved check
    that cannot be used (another key or election, another version, a damaged file) is set aside
    with a note: the whole board is checked instead, with the same verdicts."""
    definition, _ = read_manifest(list(islice(link.iter_entries(0), 1)))
    assert definition.election_id is not None
    secret = state_key(key.secret_bytes(), definition.election_id)
    where = state / CHECKED_DIR
    follower = _read_back(where, secret)

    def keep() -> None:
        """Save the check now (a failure to save is a note: the step's work stands)."""
        try:
            saved = follower.save(where, secret)
        except OSError as exc:
            saved = False
            typer.secho(f"note: {exc}", err=True)
        if not saved:
            typer.secho(f"note: the check was not saved in {where}", err=True)

    try:
        if not bar:
            yield follower, no_bar, keep
        else:
            with checking(link, follower.entries) as advance:
                yield follower, advance, keep
    finally:
        try:
            keep()
        finally:
            follower.close()


def _read_back(where: Path, secret: bytes) -> BoardFollower:
    """The check saved in ``where``, or a new one (with a note when the saved one is not used)."""
    if where.exists():
        try:
            return BoardFollower.load(where, secret)
        except InputError as exc:
            typer.secho(
                f"note: the saved check in {where} was not used ({exc.detail}); checking the "
                "whole board",
                err=True,
                fg=typer.colors.YELLOW,
            )
    return BoardFollower()
