"""``plebiscite demo``: the whole referendum played end to end, then verified.

Every party has its own state directory under ``DIR/parties/`` and is driven through the same
library functions its commands call (:mod:`plebiscite.election`, :mod:`plebiscite.ceremony`,
:mod:`plebiscite.credentials`, :mod:`plebiscite.authority`, :mod:`plebiscite.tally`); the board
is the embedded SQLite store behind one writer with the voting acceptance rules
(:mod:`plebiscite.board.acceptance`), its time a simulated clock walking through the window.

:mod:`~plebiscite.demo.clock` is that clock, :mod:`~plebiscite.demo.scenario` the election played
(its definition, the voters' behaviour, the attacks), :mod:`~plebiscite.demo.voters` the
simulated voters' devices (worker processes running the booth's encryption),
:mod:`~plebiscite.demo.play` the run itself and :mod:`~plebiscite.demo.command` the command.
"""

from __future__ import annotations

__all__: list[str] = []
