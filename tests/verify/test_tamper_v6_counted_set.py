"""V6, the counted set: what an invalid challenge, or a challenge after a cast, changes.

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

import copy

from plebiscite.model.ballot.create import encrypt_ballot

from ._record import Builder, Built, Plan, build, voter
from ._reseal import (
    only,
    sealed,
    swapped_randomness,
)
from .test_checker import run

# -- 6. the counted set: what an invalid challenge, or a challenge after a cast, changes -----------


def test_invalid_challenge_does_not_block_the_voters_ballot() -> None:
    """A hostile board front-runs south-2's ballot with a broken challenge of the same
    ciphertexts (V10 fails); the voter's ballot is still valid and counted (V6 passes)."""

    def front_run(b: Builder) -> None:
        signer = voter("south", 2)
        opened = encrypt_ballot(b.params, "south", signer.public.xonly, [[1, 0]], b.rng)
        b.post("challenge", swapped_randomness(opened.challenge().to_json(b.group)))
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


# -- V6: no ciphertext twice (spec §11.4) ---------------------------------------------------------


def test_challenge_copied_under_another_credential_fails_v6(honest: Built) -> None:
    """Re-sealed: a vote buyer (voter south-2, who never voted) re-proves north-1's opened
    challenge under his own credential and signs it; the board accepts it and the authority and
    trustees count over it. V6 alone, at the copy, at its first ciphertext's α; the copy is not
    counted (V7-V9 pass over the re-count)."""
    from plebiscite.crypto.groups import get_group
    from plebiscite.crypto.rand import DeterministicRandom
    from plebiscite.model.ballot.create import prove_ballot
    from plebiscite.model.entry import Entry

    from ._reseal import HostileBoard, verify

    SECP = get_group("secp256k1")
    from plebiscite.model.ballot import check_challenge, sign_ballot
    from plebiscite.rules.setup import election_setup

    params = election_setup(honest.entries).ballot_params()
    opened = check_challenge(params, honest.entries[honest.ballots["north-1 challenge"]].body, "c")
    buyer = voter("south", 2)
    cts = [list(q.ciphertexts) for q in opened.encrypted.questions]
    copy = prove_ballot(
        params,
        "south",
        buyer.public.xonly,
        opened.choices,
        cts,
        opened.randomness,
        DeterministicRandom("vote buyer"),
    )
    body = sign_ballot(buyer, SECP, copy.encrypted).to_json(SECP)
    board = HostileBoard(honest)
    last = board.entries[-1]
    assert last.kind == "ballot"
    board.entries.append(
        Entry.create(last.index + 1, last.time + 60_000_000, "ballot", body, last.hash)
    )
    resealed = board.seal()
    report = verify(resealed)
    only(report, "V6", last.index + 1, "body.questions[0].ciphertexts[0].alpha")
    # the αs kept on disk from the first row on (memory flat) give the same verdict
    assert run(resealed, spill_at=0).failures == report.failures
