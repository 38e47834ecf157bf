"""What counts: the one implementation of the protocol's rules (V1–V10), below every producer.

Imports only :mod:`plebiscite.crypto`, :mod:`plebiscite.model` and :mod:`plebiscite.errors`.
The board's acceptance rules, the authority's tally, each trustee's ``decrypt``, the service's
monitor, an observer and the verifier all run the same code from here:
:mod:`~plebiscite.rules.checker` is the incremental checker, :mod:`~plebiscite.rules.counting`
its V7–V9 part, :mod:`~plebiscite.rules.ceremony` the key ceremony recomputed (V3),
:mod:`~plebiscite.rules.setup` what voting opens on, :mod:`~plebiscite.rules.state` the
per-credential state, :mod:`~plebiscite.rules.report` failures and the JSON report and
:mod:`~plebiscite.rules.checks` the registry of the checks (ids, titles, stages) and
:mod:`~plebiscite.rules.explain` the plain-language text of ``--explain``.
"""

from __future__ import annotations

__all__: list[str] = []
