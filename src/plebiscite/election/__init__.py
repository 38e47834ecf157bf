"""Setting up an election: the parties' directories, the board seam and the manifest.

:mod:`~plebiscite.board.client` is the one place where a party reaches the board (a board
directory now, the board's HTTP API later); :mod:`~plebiscite.election.setup` creates the parties'
state and posts the signed manifest as entry 0; :mod:`~plebiscite.election.command` holds the
``board``, ``authority``, ``trustee`` and ``election`` commands.
"""

from __future__ import annotations

__all__: list[str] = []
