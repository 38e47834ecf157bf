"""The election authority's counting commands: open, close, tally and result.

:mod:`~plebiscite.authority.counting` holds the library functions (each reads the board,
recomputes what it posts with the same code the verifier runs, signs it with the authority key and
posts it once); :mod:`~plebiscite.authority.command` the thin ``plebiscite authority
open|close|tally|result``, ``plebiscite trustee decrypt`` and ``plebiscite results`` commands.
"""

from __future__ import annotations

__all__: list[str] = []
