"""A simulated board clock: UTC microseconds that the demonstration moves forward by hand."""

from __future__ import annotations

from plebiscite.errors import ParameterError
from plebiscite.model.entry import format_time

__all__ = ["SimulatedClock", "format_time"]


class SimulatedClock:
    """Board time (UTC microseconds) that only moves when told, and never backwards.

    Pass it wherever a :data:`~plebiscite.board.board.Clock` is taken: the board's acceptance
    policy reads it on its writer thread (an ``int`` attribute read, atomic in CPython).
    """

    def __init__(self, now_us: int) -> None:
        if now_us < 0:
            raise ParameterError(f"simulated clock: {now_us} is before 1970")
        self._now = now_us

    def __call__(self) -> int:
        return self._now

    @property
    def now(self) -> int:
        """The current simulated time in UTC microseconds."""
        return self._now

    def set(self, time_us: int) -> None:
        """Move to ``time_us``; a time earlier than now leaves the clock where it is."""
        if time_us > self._now:
            self._now = time_us

    def advance(self, delta_us: int) -> None:
        """Move forward by ``delta_us`` microseconds (at least 0)."""
        if delta_us < 0:
            raise ParameterError(f"simulated clock: cannot go back by {-delta_us} µs")
        self._now += delta_us
