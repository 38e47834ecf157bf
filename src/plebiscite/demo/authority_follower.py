"""The demonstration's authority checking the board in a process of its own.

A real authority is a party on its own machine, following the board as an observer does and
running ``plebiscite authority close|tally|result`` there. The demo's authority follows the board
from the open in a worker process of its own (:class:`~.followers.Followers`), as the trustees
do, so the process that runs the board's writer and the voters' driver checks no ballot again.
At the close, the tally and the result the demo asks that process for the signed body
(:func:`~plebiscite.authority.counting.prepare_close`, ``prepare_tally``, ``prepare_result``,
each with the authority's follower, reading the board only) and posts it itself at the
simulated time it always used, so the record is the one an authority in the demo's process
would make.

Each step is told how many entries the board holds (every one committed): the authority's
process checks exactly those, and says so if it saw another number.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from plebiscite.authority.counting import Signed, prepare_close, prepare_result, prepare_tally
from plebiscite.demo.followers import Followers, Member
from plebiscite.errors import InputError
from plebiscite.model.tally import Result
from plebiscite.state.party import Party

__all__ = ["AuthorityFollower"]


def _caught_up(authority: Member, length: int) -> None:
    """Bring the authority's follower to the board's head; refuse if that is not ``length``."""
    authority.follower.follow(authority.board, progress=authority.advance)
    if authority.follower.entries != length:
        raise InputError(
            f"the authority's process read {authority.follower.entries} entries where the board "
            f"holds {length}"
        )


def _close(authority: Member, length: int, now_us: int) -> Signed:
    _caught_up(authority, length)
    return prepare_close(
        authority.board, authority.signing_key, clock=lambda: now_us, follower=authority.follower
    )


def _tally(authority: Member, length: int) -> Signed:
    _caught_up(authority, length)
    return prepare_tally(authority.board, authority.signing_key, follower=authority.follower)


def _result(authority: Member, length: int) -> tuple[Signed, Result]:
    _caught_up(authority, length)
    return prepare_result(authority.board, authority.signing_key, follower=authority.follower)


class AuthorityFollower(Followers):
    """The authority, following the board in a worker process of its own (module docstring).
    ``length`` is how many entries the board holds now, every one committed.

    Use as a context manager: leaving it stops the process.
    """

    def __init__(self, store_path: Path, authority: tuple[Party, str]) -> None:
        super().__init__(store_path, [authority], "authority")

    def close_voting(self, advance: Callable[[int], None], length: int, now_us: int) -> Signed:
        """The signed ``close`` body, the authority's clock at ``now_us``."""
        return self.run(advance, _close, length, now_us)[0]

    def tally(self, advance: Callable[[int], None], length: int) -> Signed:
        """The signed ``tally`` body."""
        return self.run(advance, _tally, length)[0]

    def result(self, advance: Callable[[int], None], length: int) -> tuple[Signed, Result]:
        """The signed ``result`` body, and the result."""
        return self.run(advance, _result, length)[0]
