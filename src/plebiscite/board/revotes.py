"""How many ballots each credential has cast, and when the last one was, for the board's rate
limit of revotes (:class:`plebiscite.board.acceptance.VotingPolicy`).

A board of a million voters accepts a ballot from most of them: a dictionary from credential to
``(ballots, last time)`` grew by about 200 bytes a voter. :class:`Revotes` keeps both figures in
two arrays indexed by the credential's place in the final roll's index
(:meth:`plebiscite.model.roll.RollChecker.final_keys`, the process's one copy of the roll's
keys): 12 bytes per registered voter, allocated when the first ballot is counted after the roll
is final. A credential that is not on that roll, or a ballot the board observes before the roll
is final (in a chain it did not write), is counted in a dictionary, as before; the latter move to
the arrays when they are allocated.

The board asks for a ballot's credential twice, when it decides on the ballot
(:meth:`Revotes.get`) and when the ballot is on the chain (:meth:`Revotes.add`): the last place
found is kept, so the roll's binary search runs once per ballot.
"""

from __future__ import annotations

from typing import Final

import numpy as np

from plebiscite.model.roll import RollIndex

__all__ = ["Revotes"]

_COUNT_MAX: Final = 0xFFFF_FFFF


class Revotes:
    """Ballots per credential and the time of the last one (see the module docstring)."""

    __slots__ = ("_counts", "_index", "_last", "_other", "_times")

    def __init__(self) -> None:
        self._index: RollIndex | None = None
        self._counts = np.zeros(0, dtype=np.uint32)
        self._times = np.zeros(0, dtype=np.int64)
        self._other: dict[bytes, tuple[int, int]] = {}
        self._last: tuple[bytes, int | None] = (b"", None)  # the last credential and its place

    def _position(self, credential: bytes, roll: RollIndex | None) -> int | None:
        if self._index is None and roll is not None:
            self._index = roll
            self._counts = np.zeros(len(roll), dtype=np.uint32)
            self._times = np.zeros(len(roll), dtype=np.int64)
            for earlier, (count, time) in list(self._other.items()):  # counted before it was final
                at = roll.position(earlier)
                if at is not None:
                    self._counts[at], self._times[at] = min(count, _COUNT_MAX), time
                    del self._other[earlier]
        if self._index is None:
            return None
        last, at = self._last
        if credential != last:
            at = self._index.position(credential)
            self._last = (credential, at)
        return at

    def get(self, credential: bytes, roll: RollIndex | None) -> tuple[int, int]:
        """``(ballots cast, time of the last)`` of ``credential``; (0, 0) when none. ``roll`` is
        the final roll's index, or None before the roll is final."""
        at = self._position(credential, roll)
        if at is None:
            return self._other.get(credential, (0, 0))
        return int(self._counts[at]), int(self._times[at])

    def add(self, credential: bytes, time: int, roll: RollIndex | None) -> None:
        """Count one more ballot of ``credential`` at ``time`` (a count stops at 2³² − 1)."""
        at = self._position(credential, roll)
        if at is None:
            count, _ = self._other.get(credential, (0, 0))
            self._other[credential] = (count + 1, time)
            return
        if self._counts[at] < _COUNT_MAX:
            self._counts[at] += 1
        self._times[at] = time
