"""V3, the key ceremony: unanswered complaints, disqualified dealers, copied proofs, identity keys.

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

import pytest

from plebiscite.crypto import threshold
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.proofs import prove_schnorr
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.sealing import seal_with_secret
from plebiscite.model import tally as mt
from plebiscite.model.ceremony import (
    Commit,
    ElectionKey,
    Reveal,
    Shares,
    coefficient_context,
    commitment_hash,
    share_aad,
)
from plebiscite.model.contexts import ceremony_context
from plebiscite.rules.checker import Checker

from ._record import (
    ELECTION_ID,
    Builder,
    Built,
    K,
    N,
    Plan,
    key,
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

    def setup(self) -> None:
        group = self.group
        manifest = self.signed(self.authority, "manifest", self.definition.to_manifest())
        self.post("manifest", manifest)
        ctx = ceremony_context(ELECTION_ID, manifest, group, N, K)
        self.ceremony_ctx = ctx
        polys = {
            i: threshold.random_polynomial(group, K, DeterministicRandom(f"poly {i}"))
            for i in range(1, N + 1)
        }
        rest = polys[3].coefficients[1:]
        if self.which == "joint":  # Σ_i f_i(0) = 0
            constant = -(polys[1](0) + polys[2](0))
        else:  # Σ_i f_i(1) = 0: trustee 1's share of the joint secret is 0
            constant = -(polys[1](1) + polys[2](1) + sum(rest))
        polys[3] = threshold.Polynomial((constant % group.q, *rest), group.q)
        commitments = {i: threshold.commit(group, p) for i, p in polys.items()}
        tkeys = {i: key(f"trustee {i}") for i in range(1, N + 1)}
        for i in range(1, N + 1):
            body = Commit(i, tkeys[i].public, commitment_hash(group, ctx, i, commitments[i]))
            self.post(
                "trustee_commit", self.signed(tkeys[i], "trustee_commit", body.to_body(group))
            )
        for i in range(1, N + 1):
            proofs = tuple(
                prove_schnorr(group, a, coefficient_context(ctx, i, pos), rng=self.rng)
                for pos, a in enumerate(polys[i].coefficients)
            )
            reveal = Reveal(i, commitments[i], proofs).to_body(group)
            self.post("trustee_reveal", self.signed(tkeys[i], "trustee_reveal", reveal))
        for i in range(1, N + 1):
            sealed_shares = {
                j: seal_with_secret(
                    tkeys[j].public,
                    group.encode_scalar(polys[i](j)),
                    share_aad(ctx, i, j),
                    self.rng,
                )[0]
                for j in range(1, N + 1)
                if j != i
            }
            body = Shares(i, sealed_shares).to_body(group)
            self.post("trustee_shares", self.signed(tkeys[i], "trustee_shares", body))
        qual = tuple(range(1, N + 1))
        joint = threshold.joint_key(group, commitments, qual)
        vks = {j: threshold.verification_key(group, commitments, j, qual) for j in qual}
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
    builder = IdentityKeyBuilder(which)
    builder.setup()
    builder.roll()
    builder.open()
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
