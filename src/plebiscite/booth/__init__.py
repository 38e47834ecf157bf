"""The Python voter client: encrypt locally, show the tracking hash, then cast or challenge.

:func:`plebiscite.model.ballot.encrypt_ballot` (beside its check) builds the encrypted ballot;
:mod:`~plebiscite.booth.client` runs the voter's flow (tracking hash shown before the choice of
cast or challenge; a challenge is posted opened and the ballot is encrypted afresh) and keeps the
receipts; :mod:`~plebiscite.booth.election` reads what the booth needs from the board;
:mod:`~plebiscite.booth.command` holds the ``vote``, ``check-challenge`` and ``check-receipt``
commands. The wire format and the checks live in :mod:`plebiscite.model.ballot`.
"""

from __future__ import annotations

__all__: list[str] = []
