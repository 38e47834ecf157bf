"""The bulletin board, and everything that talks to it.

:mod:`~plebiscite.board.board` is the single writer with group commit over a store
(:mod:`~plebiscite.board.stores`: the protocol every adapter implements, SQLite and PostgreSQL),
:mod:`~plebiscite.board.acceptance` and :mod:`~plebiscite.board.policy` the acceptance policies,
:mod:`~plebiscite.board.export` writes the published record. A party reaches a board through
:mod:`~plebiscite.board.client` (:func:`~plebiscite.board.client.connect`: a board directory, or a
board service through :mod:`~plebiscite.board.http`), whose post paths are
:mod:`~plebiscite.board.routes`. ``board`` imports :mod:`plebiscite.crypto`,
:mod:`plebiscite.model` and :mod:`plebiscite.rules`; the service (:mod:`plebiscite.server`)
imports ``board``, never the reverse.
"""

from __future__ import annotations

__all__: list[str] = []
