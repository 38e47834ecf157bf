"""The demonstration's trustees: each in a process of its own, following the board while it is
open, then decrypting at once.

Each present trustee follows the board from the open in a process of its own
(:class:`~.followers.Followers`), as on its own machine. After the tally each is told to stop:
each catches up with the board's head and stops; then each checks what is left, if anything
(:func:`~plebiscite.tally.decrypt.prepare_decryption` with its follower), and signs its partial
decryption. The demo then posts the signed bodies one by one, in the trustees' order, at the
simulated times it always used, so the record is the one sequential trustees would make.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from plebiscite.demo.followers import Followers, Member
from plebiscite.state.party import Party
from plebiscite.tally.decrypt import Prepared, prepare_decryption

__all__ = ["TrusteeFollowers"]


def _prepare(trustee: Member) -> Prepared:
    """In a trustee's process: check what was added since the last follow, sign the partial
    decryption."""
    return prepare_decryption(
        trustee.board,
        trustee.party,
        trustee.passphrase,
        progress=trustee.advance,
        follower=trustee.follower,
    )


class TrusteeFollowers(Followers):
    """The present trustees, one worker process each, following the board (module docstring).

    Use as a context manager: leaving it stops the processes.
    """

    def __init__(self, store_path: Path, trustees: Sequence[tuple[Party, str]]) -> None:
        super().__init__(store_path, trustees, "trustee")

    def prepare(self, advance: Callable[[int], None]) -> list[Prepared]:
        """Every trustee's :class:`Prepared`, in the order given, checked at once; ``advance``
        hears of the entries checked now (all trustees)."""
        return self.run(advance, _prepare)
