"""Counting a closed board: aggregation, the trustees' partial decryptions, combination, result.

:mod:`~plebiscite.tally.count` runs the verifier's incremental checker over the board (the one
implementation of what counts) and gives the counted set's aggregates and figures;
:mod:`~plebiscite.tally.decrypt` is a trustee's ``decrypt``: it re-checks the closed board,
recomputes every aggregate itself and posts its signed partial decryption;
:mod:`~plebiscite.tally.result` combines any k valid partial decryptions into the counts. The
bodies and their pure checks are :mod:`plebiscite.model.tally`'s.
"""

from __future__ import annotations

__all__: list[str] = []
