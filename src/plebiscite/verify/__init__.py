"""The independent verifier: ``plebiscite verify`` runs the checks V1–V10 over a record (DESIGN §5).

Imports only :mod:`plebiscite.crypto`, :mod:`plebiscite.model`, :mod:`plebiscite.rules` and
:mod:`plebiscite.errors`. The checks themselves are :mod:`plebiscite.rules`;
:mod:`~plebiscite.verify.launch` is the ``plebiscite verify`` command,
:mod:`~plebiscite.verify.command` the verifier it runs (:func:`verify_record`),
:mod:`~plebiscite.verify.parallel` the local multi-process runner (its processes' server:
:mod:`~plebiscite.verify.processes`) and
:mod:`~plebiscite.verify.cluster` the Dask runner.
"""

from __future__ import annotations

__all__: list[str] = []
