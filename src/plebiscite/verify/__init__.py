"""The independent verifier: checks V1–V10 over a record (DESIGN §5).

Imports only :mod:`plebiscite.crypto`, :mod:`plebiscite.model` and :mod:`plebiscite.errors`.
:mod:`~plebiscite.verify.checker` is the incremental checker, :mod:`~plebiscite.verify.counting`
its V7–V9 part, :mod:`~plebiscite.verify.state` the per-credential state,
:mod:`~plebiscite.verify.report` failures and the JSON report,
:mod:`~plebiscite.verify.explain` the plain-language text and
:mod:`~plebiscite.verify.command` the ``plebiscite verify`` command.
"""

from __future__ import annotations

__all__: list[str] = []
