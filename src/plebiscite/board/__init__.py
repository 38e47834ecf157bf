"""The bulletin board: one writer per process over a store, heads and receipts, record export.

:mod:`~plebiscite.board.store` is the small storage protocol every adapter implements,
:mod:`~plebiscite.board.sqlite` the embedded default, :mod:`~plebiscite.board.board` the single
writer with group commit, and :mod:`~plebiscite.board.export` writes the published record.
``board`` imports :mod:`plebiscite.model` and :mod:`plebiscite.crypto`, never the reverse.
"""

from __future__ import annotations

__all__: list[str] = []
