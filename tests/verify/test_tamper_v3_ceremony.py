"""V3, the key ceremony: unanswered complaints, disqualified dealers, copied proofs, identity keys.

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

import pytest

from _builder import Phase
from plebiscite.crypto import threshold
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element
from plebiscite.model import tally as mt
from plebiscite.model.ceremony import (
    ElectionKey,
)
from plebiscite.rules.checker import Checker

from ._record import (
    Builder,
    Built,
    Plan,
)
from ._reseal import (
    CeremonyPlan,
    HostilePlan,
    build_hostile,
    only,
    verify,
)

# -- V3: the ceremony (during the run) ---------------------------------------------------------


def _election_key(built: Built) -> int:
    return next(e.index for e in built.entries if e.kind == "election_key")


def test_unanswered_complaint_fails_v3() -> None:
    """During the run: trustee 1 complains against trustee 2, who never answers; the authority
    still lists 2 in QUAL and in K. (The drill, ``open`` and the ballots use the honest key; a
    ballot under the posted key would fail V2 and V5 as well.)"""
    built = build_hostile(
        HostilePlan(ceremony=CeremonyPlan(complaint=(1, 2), posted_qual=(1, 2, 3)))
    )
    report = verify(built)
    only(report, "V3", _election_key(built), "body.qualified")
    assert any("unanswered" in n for n in report.notes)


def test_disqualified_dealer_in_the_joint_key_fails_v3() -> None:
    """During the run: dealer 2 never posts its shares and is rightly left out of QUAL, but the
    authority multiplies its constant term into K."""
    built = build_hostile(
        HostilePlan(ceremony=CeremonyPlan(no_shares=2, posted_key_from=(1, 2, 3)))
    )
    report = verify(built)
    only(report, "V3", _election_key(built), "body.joint_key")
    assert "body.qualified" not in {f.field for f in report.failures}


def test_copied_schnorr_proof_fails_v3() -> None:
    """During the run: trustee 2 reveals its commitments with trustee 1's proof for the
    constant term (re-signed by 2); the authority counts 2 as qualified."""
    built = build_hostile(
        HostilePlan(ceremony=CeremonyPlan(copied_proof=(2, 1), posted_qual=(1, 2, 3)))
    )
    report = verify(built)
    only(report, "V3", _election_key(built), "body.qualified")


# -- 2. a joint key or verification key that is the identity (V3, never a crash) ------------------


class IdentityKeyBuilder(Builder):
    """A ceremony where trustee 3 picks its constant term so that K (``which = "joint"``) or
    VK_1 (``"verification"``) is the identity; the authority posts it with a made-up test
    ciphertext, then the roll and ``open`` follow (no ballot can be encrypted under it)."""

    def __init__(self, which: str) -> None:
        super().__init__(Plan())
        self.which = which

    def polynomials(self) -> dict[int, threshold.Polynomial]:
        group, polys = self.group, super().polynomials()
        rest = polys[3].coefficients[1:]
        if self.which == "joint":  # Σ_i f_i(0) = 0
            constant = -(polys[1](0) + polys[2](0))
        else:  # Σ_i f_i(1) = 0: trustee 1's share of the joint secret is 0
            constant = -(polys[1](1) + polys[2](1) + sum(rest))
        polys[3] = threshold.Polynomial((constant % group.q, *rest), group.q)
        return polys

    def publish_key(self, ctx: bytes, joint: Element, vks: dict[int, Element]) -> None:
        group = self.group
        qual = tuple(vks)
        target = joint if self.which == "joint" else vks[1]
        assert group.is_identity(target)
        g = group.generator()
        ek = ElectionKey(ctx, qual, joint, vks, Ciphertext(g, g)).to_body(group)
        self.post("election_key", self.signed(self.authority, "election_key", ek))

    def open(self) -> None:
        body = self.signed(self.authority, "open", mt.Open(bytes(32)).to_body())
        self.post("open", body)


@pytest.mark.parametrize(
    ("which", "field"),
    [("joint", "body.joint_key"), ("verification", "body.verification_keys[0].key")],
)
def test_identity_key_is_a_v3_failure_not_a_crash(which: str, field: str) -> None:
    builder = IdentityKeyBuilder(which).play(until=Phase.OPEN)
    checker = Checker()
    try:
        checker.feed_all(builder.entries)  # raised ParameterError before
        report = checker.finish()
    finally:
        checker.close()
    v3 = [f for f in report.failures_of("V3") if f.field == field]
    assert v3 and "identity" in v3[0].message, [str(f) for f in report.failures]
    assert checker.ceremony is not None and checker.ceremony.joint_key is None
    assert checker.params is None


def test_the_voter_client_refuses_an_election_key_the_commitments_do_not_give() -> None:
    """The same authority-signed lie (dealer 2's constant term multiplied into K): the voter's
    client recomputes K from the trustees' commitments (V3) before it encrypts, and refuses to
    encrypt under the posted key; the honest record's key it accepts."""
    from plebiscite.booth.election import read_election
    from plebiscite.crypto.groups import get_group
    from plebiscite.errors import InputError

    built = build_hostile(
        HostilePlan(ceremony=CeremonyPlan(no_shares=2, posted_key_from=(1, 2, 3)))
    )
    with pytest.raises(InputError, match="fails V3") as refused:
        read_election(built.entries)
    assert "body.joint_key" in str(refused.value)
    honest = build_hostile(HostilePlan(ceremony=CeremonyPlan(no_shares=2)))
    election = read_election(honest.entries)
    key_entry = honest.entries[_election_key(honest)]
    assert get_group("secp256k1").to_hex(election.params.joint_key) == key_entry.body["joint_key"]
