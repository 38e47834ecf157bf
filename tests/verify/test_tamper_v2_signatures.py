"""V2, the signatures of the counting entries: a tally not signed by the authority.

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

from plebiscite.crypto.signatures import SigningKey
from plebiscite.model.codec import JSONObject

from ._record import Builder, Plan, key
from ._reseal import (
    build_with,
    only,
)
from .test_checker import run

# -- 1. the tally is signed by the authority (V2) ------------------------------------------------


class ForgedTallyBuilder(Builder):
    """An honest run, except that the tally carries a signature that is not the authority's;
    the trustees decrypt it anyway and the result names it."""

    def signed(self, signer: SigningKey, kind: str, body: JSONObject) -> JSONObject:
        if kind == "tally":
            return super().signed(key("not the authority"), kind, body)
        return super().signed(signer, kind, body)


def test_tally_not_signed_by_the_authority_fails_v2() -> None:
    built = build_with(ForgedTallyBuilder(Plan()))
    tally = next(e.index for e in built.entries if e.kind == "tally")
    report = run(built)
    only(report, "V2", tally, "body.signature")
