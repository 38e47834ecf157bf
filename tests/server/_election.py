"""A small live election for the service's tests, built from the library pieces.

Two districts (``north`` 4 voters, ``south`` 2), one yes/no question, two trustees (k = 2). The
voting window is around the real time now, so that a server running in another process with the
system clock accepts the ballots. :class:`Election` produces every party's signed body; the tests
post them over HTTP.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from _builder import ElectionSpec
from plebiscite.crypto import threshold
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import prove_partial_decryption, prove_schnorr
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.sealing import seal_with_secret
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.model import tally as mt
from plebiscite.model.ballot import BallotParams, EncryptedBallot, NamedHead, sign_ballot
from plebiscite.model.ballot.create import OpenedBallot, encrypt_ballot
from plebiscite.model.ceremony import (
    Commit,
    ElectionKey,
    Liveness,
    Reveal,
    Shares,
    coefficient_context,
    commitment_hash,
    liveness_ciphertext,
    liveness_context,
    share_aad,
)
from plebiscite.model.codec import JSONObject
from plebiscite.model.contexts import ceremony_context
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.roll import chunk_bodies, final_body
from plebiscite.model.signed import sign_body
from plebiscite.rules.setup import election_setup

ELECTION_ID = bytes.fromhex("5e77e5e77e5e77e5e77e5e77e5e77e50")
REGISTERED = {"north": 4, "south": 2}
N, K = 2, 2

#: the election of this suite (its window is set around the present by :func:`definition`)
SPEC = ElectionSpec(
    "server test key", ELECTION_ID, REGISTERED, title='"Service test referendum"', n=N, k=K
)


def key(name: str) -> SigningKey:
    """A deterministic test key."""
    return SPEC.key(name)


def voter(district: str, i: int) -> SigningKey:
    """Voter ``i`` of ``district``'s credential key."""
    return SPEC.voter(district, i)


def definition(board: VerifyingKey, extra_voters: int = 0) -> Definition:
    """The test definition, its window from an hour ago to a day from now, for ``board``."""
    now = datetime.now(UTC).replace(microsecond=0)
    spec = dataclasses.replace(
        SPEC,
        registered={**REGISTERED, "north": REGISTERED["north"] + extra_voters},
        opens=now - timedelta(hours=1),
        closes=now + timedelta(days=1),
    )
    return spec.definition(board=board)


class Election:
    """Every party's entries for the test election, in the order they are posted.

    ``extra_voters`` adds voters to ``north`` (for load tests); voter keys are deterministic.
    """

    def __init__(self, board: VerifyingKey, extra_voters: int = 0) -> None:
        self.group = get_group("secp256k1")
        self.definition = definition(board, extra_voters)
        self.registered = {d.id: d.registered for d in self.definition.districts}
        self.authority = key("authority")
        self.trustees = {i: key(f"trustee {i}") for i in range(1, N + 1)}
        self.rng = DeterministicRandom("server test election")
        self.params: BallotParams | None = None
        self.head: NamedHead | None = None
        self._voters: dict[tuple[str, int], SigningKey] = {}

    def voter(self, district: str, i: int) -> SigningKey:
        """Voter ``i`` of ``district`` (keys are cached: deriving one costs a little)."""
        found = self._voters.get((district, i))
        if found is None:
            found = self._voters[(district, i)] = voter(district, i)
        return found

    def signed(self, signer: SigningKey, kind: str, body: JSONObject) -> JSONObject:
        return sign_body(signer, ELECTION_ID, kind, body, self.rng)

    def manifest(self) -> JSONObject:
        return self.signed(self.authority, "manifest", self.definition.to_manifest())

    def setup(self) -> list[tuple[str, JSONObject]]:
        """Manifest, ceremony (commit, reveal, shares, election key, liveness) and roll."""
        group = self.group
        manifest = self.manifest()
        items: list[tuple[str, JSONObject]] = [("manifest", manifest)]
        ctx = ceremony_context(ELECTION_ID, manifest, group, N, K)
        polys = {
            i: threshold.random_polynomial(group, K, DeterministicRandom(f"server poly {i}"))
            for i in range(1, N + 1)
        }
        commitments = {i: threshold.commit(group, p) for i, p in polys.items()}
        tk = self.trustees
        for i in range(1, N + 1):
            body = Commit(i, tk[i].public, commitment_hash(group, ctx, i, commitments[i]))
            items.append(
                ("trustee_commit", self.signed(tk[i], "trustee_commit", body.to_body(group)))
            )
        for i in range(1, N + 1):
            proofs = tuple(
                prove_schnorr(group, a, coefficient_context(ctx, i, pos), rng=self.rng)
                for pos, a in enumerate(polys[i].coefficients)
            )
            reveal = Reveal(i, commitments[i], proofs).to_body(group)
            items.append(("trustee_reveal", self.signed(tk[i], "trustee_reveal", reveal)))
        for i in range(1, N + 1):
            sealed = {
                j: seal_with_secret(
                    tk[j].public, group.encode_scalar(polys[i](j)), share_aad(ctx, i, j), self.rng
                )[0]
                for j in range(1, N + 1)
                if j != i
            }
            shares = Shares(i, sealed).to_body(group)
            items.append(("trustee_shares", self.signed(tk[i], "trustee_shares", shares)))
        qual = tuple(range(1, N + 1))
        joint = threshold.joint_key(group, commitments, qual)
        vks = {j: threshold.verification_key(group, commitments, j, qual) for j in qual}
        test_ct = liveness_ciphertext(group, ctx, joint, vks, qual)
        ek = ElectionKey(ctx, qual, joint, vks, test_ct).to_body(group)
        items.append(("election_key", self.signed(self.authority, "election_key", ek)))
        secrets = {j: sum(polys[i](j) for i in qual) % group.q for j in qual}
        for j in qual:
            partial, proof = prove_partial_decryption(
                group, secrets[j], test_ct, liveness_context(ctx, j), rng=self.rng
            )
            body = Liveness(j, partial, proof).to_body(group)
            items.append(("liveness", self.signed(tk[j], "liveness", body)))
        keys = {
            d: [self.voter(d, i).public.xonly for i in range(n)] for d, n in self.registered.items()
        }
        for d, ks in keys.items():
            for body in chunk_bodies(d, ks, 500, key=key("ca"), election_id=ELECTION_ID):
                items.append(("credential_roll", body))
        from plebiscite.model.roll import merkle_root

        listed = [(d, len(ks), merkle_root(d, ks)) for d, ks in keys.items()]
        items.append(
            ("credential_roll_final", final_body(key("ca"), ELECTION_ID, listed, self.rng))
        )
        return items

    def open_body(self, entries: Sequence[Entry]) -> JSONObject:
        """The signed ``open`` for the board's setup entries; sets :attr:`params`."""
        entries = list(entries)
        setup = election_setup(entries)
        assert setup.ready and setup.election_context is not None, setup.problems
        self.params = setup.ballot_params()
        self.head = NamedHead(entries[-1].index, entries[-1].hash)
        return self.signed(self.authority, "open", mt.Open(setup.election_context).to_body())

    def params_from(self, entries: Sequence[Entry]) -> BallotParams:
        """The ballot parameters recomputed from the board's entries (after ``open``)."""
        setup = election_setup(list(entries))
        self.params = setup.ballot_params()
        return self.params

    def encrypt(self, district: str, i: int, bits: Sequence[int], seed: str = "") -> OpenedBallot:
        assert self.params is not None
        rng = DeterministicRandom(f"ballot {district} {i} {list(bits)} {seed}")
        credential = self.voter(district, i).public.xonly
        return encrypt_ballot(self.params, district, credential, [list(bits)], rng)

    def ballot(self, district: str, i: int, bits: Sequence[int], seed: str = "") -> JSONObject:
        """A cast ballot of voter ``i`` of ``district``, naming :attr:`head`."""
        opened = self.encrypt(district, i, bits, seed)
        return self.sign(self.voter(district, i), opened.encrypted)

    def sign(self, signer: SigningKey, encrypted: EncryptedBallot) -> JSONObject:
        """``encrypted`` signed by ``signer`` naming :attr:`head` (set by :meth:`open_body`:
        the last setup entry, seconds before the ballots of a test)."""
        assert self.head is not None, "open_body names the head ballots sign"
        return sign_ballot(signer, self.group, encrypted, self.head).to_json(self.group)

    def challenge(self, district: str, i: int, bits: Sequence[int], seed: str = "") -> JSONObject:
        """A challenge (an opened ballot) of voter ``i`` of ``district``."""
        return self.encrypt(district, i, bits, seed).challenge().to_json(self.group)

    def close_body(self, received: Sequence[mt.Received], early: bool = True) -> JSONObject:
        """The authority's ``close``; an early one co-signed by both trustees (k = 2)."""
        cosignatures: tuple[mt.Cosignature, ...] = ()
        if early:
            assert self.params is not None
            ctx = self.params.election_ctx
            cosignatures = tuple(
                mt.cosign_early_close(self.trustees[i], i, ELECTION_ID, ctx, self.rng)
                for i in sorted(self.trustees)
            )
        close = mt.Close(early, tuple(received), cosignatures)
        return self.signed(self.authority, "close", close.to_body())
