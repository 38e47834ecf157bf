"""Tamper tests for the tally's signature, keys that are the identity, the counted set's rule
for challenges, a challenge's roll, and a guard that feeding any record never raises.

Each record is made by a dishonest party *during the run* (:class:`~tests.verify._record.Plan`
hooks or a :class:`~tests.verify._record.Builder` subclass), so everything else about it is
consistent, then re-sealed as a hostile board would (every hash, link and head redone): V1
passes and exactly the targeted check fails at the targeted entry.
"""

from __future__ import annotations

import copy
import dataclasses
import random
from collections.abc import Iterator

import pytest

from plebiscite.booth.encrypt import encrypt_ballot
from plebiscite.crypto import threshold
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.proofs import prove_schnorr
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.sealing import seal_with_secret
from plebiscite.crypto.signatures import SigningKey
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
from plebiscite.model.codec import JSONObject
from plebiscite.model.contexts import ceremony_context
from plebiscite.model.entry import Entry
from plebiscite.rules.checker import Checker
from plebiscite.rules.report import Report

from ._record import ELECTION_ID, Builder, Built, K, N, Plan, build, key, reseal, voter
from .test_checker import run


def sealed(built: Built) -> Built:
    """``built`` re-sealed by the board (a no-op on an honest chain; the heads re-signed)."""
    entries, heads = reseal(built.entries)
    return Built(built.definition, entries, heads, built.plaintext_counts, built.ballots)


def only(report: Report, check: str, index: int | None, field: str | None = None) -> None:
    """V1 passed and exactly ``check`` failed, only at entry ``index`` (and ``field``)."""
    shown = [str(f) for f in report.failures]
    assert report.failed_checks == [check], shown
    assert all(f.index == index for f in report.failures), shown
    if field is not None:
        assert any(f.field == field for f in report.failures), shown


def build_with(builder: Builder) -> Built:
    builder.setup()
    builder.roll()
    builder.open()
    builder.vote()
    builder.count()
    return sealed(Built(builder.definition, builder.entries, [], builder.counts, builder.named))


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


# -- 6. the counted set: what an invalid challenge, or a challenge after a cast, changes -----------


def _wrong_randomness(body: JSONObject) -> JSONObject:
    broken = copy.deepcopy(body)
    questions = broken["questions"]
    assert isinstance(questions, list) and isinstance(questions[0], dict)
    rs = questions[0]["randomness"]
    assert isinstance(rs, list)
    rs[0], rs[1] = rs[1], rs[0]
    return broken


def test_invalid_challenge_does_not_block_the_voters_ballot() -> None:
    """A hostile board front-runs south-2's ballot with a broken challenge of the same
    ciphertexts (V10 fails); the voter's ballot is still valid and counted (V6 passes)."""

    def front_run(b: Builder) -> None:
        signer = voter("south", 2)
        opened = encrypt_ballot(b.params, "south", signer.public.xonly, [[1, 0]], b.rng)
        b.post("challenge", _wrong_randomness(opened.challenge().to_json(b.group)))
        b.named["broken challenge"] = len(b.entries) - 1
        b.cast("south-2", "south", 2, [1, 0], opened=opened)

    built = sealed(build(Plan(before_close=front_run)))
    report = run(built)
    only(report, "V10", built.ballots["broken challenge"])
    assert report.figures["counted"] == 9  # south-2's ballot counts
    assert report.figures["challenged"] == 1  # only north-1's valid challenge


def test_invalid_copy_does_not_block_the_voters_ballot() -> None:
    """A hostile board front-runs south-2's ballot with a copy whose signature is broken (V5
    fails there); the voter's own ballot, with the same identity, is still valid and counted."""

    def front_run(b: Builder) -> None:
        signer = voter("south", 2)
        opened = encrypt_ballot(b.params, "south", signer.public.xonly, [[1, 0]], b.rng)
        broken = copy.deepcopy(opened.cast(signer, b.params).to_json(b.group))
        signature = broken["signature"]
        assert isinstance(signature, str)
        broken["signature"] = ("1" if signature[0] == "0" else "0") + signature[1:]
        b.post("ballot", broken)
        b.named["broken copy"] = len(b.entries) - 1
        b.cast("south-2", "south", 2, [1, 0], opened=opened)

    built = sealed(build(Plan(before_close=front_run)))
    report = run(built)
    only(report, "V5", built.ballots["broken copy"], "body.signature")
    assert report.figures["counted"] == 9  # south-2's own ballot counts


def test_challenge_of_a_ballot_already_cast_fails_v6_and_changes_nothing() -> None:
    """south-2 casts a ballot, then its challenge is posted: the challenge is invalid (V6 at
    the challenge), not counted in ``challenged``; the cast ballot still counts."""

    def cast_then_challenge(b: Builder) -> None:
        signer = voter("south", 2)
        opened = encrypt_ballot(b.params, "south", signer.public.xonly, [[1, 0]], b.rng)
        b.cast("south-2", "south", 2, [1, 0], opened=opened)
        b.post("challenge", opened.challenge().to_json(b.group))
        b.named["late challenge"] = len(b.entries) - 1

    built = sealed(build(Plan(before_close=cast_then_challenge)))
    report = run(built)
    only(report, "V6", built.ballots["late challenge"], "body")
    assert report.figures["counted"] == 9
    assert report.figures["challenged"] == 1
    result = built.entries[-1].body
    assert result["districts"][1]["counts"] == [[2, 1]]  # type: ignore[index,call-overload]


# -- 7. a challenge's credential is on its district's roll (V10) ----------------------------------


@pytest.mark.parametrize(
    ("signer", "district", "message"),
    [
        (voter("south", 99), "south", "on no district's roll"),
        (voter("north", 2), "south", "roll of district 'north'"),
    ],
    ids=["not on the roll", "another district's roll"],
)
def test_challenge_off_the_roll_fails_v10(signer: SigningKey, district: str, message: str) -> None:
    def challenge(b: Builder) -> None:
        opened = encrypt_ballot(b.params, district, signer.public.xonly, [[1, 0]], b.rng)
        b.post("challenge", opened.challenge().to_json(b.group))
        b.named["off the roll"] = len(b.entries) - 1

    built = sealed(build(Plan(before_close=challenge)))
    report = run(built)
    only(report, "V10", built.ballots["off the roll"], "body.credential")
    assert message in report.failures[0].message
    assert report.figures["challenged"] == 1  # not counted


# -- 2. feeding a record never raises -------------------------------------------------------------

_ODD_VALUES: list[object] = [
    None,
    True,
    0,
    2**70,
    "",
    "zz",
    "00",
    [],
    {},
    [[]],
    "ab" * 33,
    "02" + "ff" * 32,
    "00" * 32,
]


def _paths(value: object, path: tuple[object, ...] = ()) -> Iterator[tuple[object, ...]]:
    yield path
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*path, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*path, i))


def _set(body: JSONObject, path: tuple[object, ...], new: object) -> JSONObject:
    out = copy.deepcopy(body)
    here: object = out
    for step in path[:-1]:
        here = here[step]  # type: ignore[index]
    here[path[-1]] = new  # type: ignore[index]
    return out


def test_feeding_a_changed_record_never_raises(honest: Built) -> None:
    """A few fields of one or two entries of every kind set to odd values, re-sealed: the
    checker reports failures and never raises (a fixed seed, so the run is reproducible)."""
    rng = random.Random(20300101)
    by_kind: dict[str, list[int]] = {}
    for entry in honest.entries:
        by_kind.setdefault(entry.kind, []).append(entry.index)
    trials = 0
    for indices in by_kind.values():
        for n in indices[:2]:
            entry = honest.entries[n]
            paths = [p for p in _paths(entry.body) if p]
            for path in rng.sample(paths, min(len(paths), 4)):
                new = rng.choice(_ODD_VALUES)
                entries = list(honest.entries)
                body = _set(entry.body, path, new)
                if body == entry.body:
                    continue
                entries[n] = Entry.create(entry.index, entry.time, entry.kind, body, entry.prev)
                chain, heads = reseal(entries)
                report = run(dataclasses.replace(honest, entries=chain, heads=heads))
                assert not report.ok, (entry.kind, path, new)
                trials += 1
    assert trials >= 40
