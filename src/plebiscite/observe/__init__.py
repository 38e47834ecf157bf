"""Observers: mirror a live board, check every entry, keep every signed head, raise alarms.

:mod:`~plebiscite.observe.observer` holds the mirror and its checks, :mod:`.command` the
``plebiscite observe`` command. An observer reads the board only through its public HTTP API
(:class:`plebiscite.board.http.HTTPBoard`) and checks it with the verifier's incremental
checker.
"""

from __future__ import annotations

__all__: list[str] = []
