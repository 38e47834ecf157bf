"""The trustees' key ceremony (DESIGN §3): each trustee's rounds, and the authority's key.

:mod:`~plebiscite.ceremony.trustee` runs a trustee's rounds against the board,
:mod:`~plebiscite.ceremony.authority` computes and posts ``election_key``, and
:mod:`~plebiscite.ceremony.command` holds the ``plebiscite ceremony`` commands. The entry bodies
and the checker every party and verifier share are in :mod:`plebiscite.model.ceremony`.
"""

from __future__ import annotations

__all__: list[str] = []
