"""The board service's post routes by entry kind: a plain table, no web framework.

The service (:mod:`plebiscite.server.routes.post`) serves these paths and the HTTP client
(:class:`plebiscite.board.http.HTTPBoard`) posts to them, both from this one table.
"""

from __future__ import annotations

from typing import Final

from plebiscite.board.policy import TRUSTEE_KINDS
from plebiscite.model.coercion.roll import REGISTRAR_ROLL_KIND
from plebiscite.model.coercion.tally_entries import COERCION_TALLY_KINDS, PET_MATCH, TAG_DEDUP
from plebiscite.model.mix import MIX_KINDS
from plebiscite.model.roll import FINAL_KIND, ROLL_KIND
from plebiscite.model.tally import PARTIAL_KIND

__all__ = ["AUTHORITY_KINDS", "ROLL_KINDS", "ROUTE_OF_KIND", "TRUSTEE_ROUTE_KINDS"]

#: the fake-credentials tally's entries the authority signs (the rest are the trustees')
_AUTHORITY_TALLY: Final = (TAG_DEDUP, PET_MATCH)
#: kinds posted by the authority, signed with its key
AUTHORITY_KINDS: Final = (
    "manifest",
    "election_key",
    "open",
    "close",
    "tally",
    "result",
    *_AUTHORITY_TALLY,
)
#: kinds posted by the credential authority (and, in the mode fake-credentials, the registrars)
ROLL_KINDS: Final = (ROLL_KIND, REGISTRAR_ROLL_KIND, FINAL_KIND)
#: kinds posted by a trustee, signed with its identity key
TRUSTEE_ROUTE_KINDS: Final = (
    *sorted(TRUSTEE_KINDS),
    PARTIAL_KIND,
    *MIX_KINDS,
    *(k for k in COERCION_TALLY_KINDS if k not in _AUTHORITY_TALLY),
)

#: the path each entry kind is posted to
ROUTE_OF_KIND: Final[dict[str, str]] = {
    "ballot": "/ballots",
    "challenge": "/challenges",
    **{k: f"/authority/{k}" for k in AUTHORITY_KINDS},
    **{k: f"/trustees/{k}" for k in TRUSTEE_ROUTE_KINDS},
    **{k: f"/roll/{k}" for k in ROLL_KINDS},
}
