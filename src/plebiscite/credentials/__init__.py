"""The credential authority: secret credentials, printable sheets, the signed roll (DESIGN §1, §3).

:mod:`~plebiscite.credentials.issue` draws one credential per registered voter, derives each roll
key on a pool of processes, writes the sheets (:mod:`~plebiscite.credentials.sheets`) and posts the
roll; :mod:`~plebiscite.credentials.cli` is the ``plebiscite credentials`` command. The roll's
format, Merkle roots and the check V4 live in :mod:`plebiscite.model.roll`, which verifiers import.
The tool keeps no secret after writing the sheets but its own signing key.
"""

from __future__ import annotations

__all__: list[str] = []
