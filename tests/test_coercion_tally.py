"""The fake-credentials tally of one district end to end (docs/spec.md §16.5), and a re-sealed
tamper test for every check it adds: V12 (an invalid ballot counted), V13 (a trustee who mis-blinds,
a dropped tag, a board reordered so another duplicate is last), V11 (a dishonest mixer), V14 (a
false match, a trustee forcing a test, a wrong partial decryption), V15 (an aggregate changed),
V16 (a wrong decryption, wrong counts).

Coerced voters hand the coercer a fake sheet; he casts with it; each later casts with her real
credential. The result equals the counts kept aside (real votes only).
"""

from __future__ import annotations

import dataclasses
import gc
import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import pet, tags_blind
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.pet import pet_stage
from plebiscite.crypto.proofs.credential_ballot import encrypt_credential
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.shuffle import Item, prove_shuffle, shuffle
from plebiscite.crypto.shuffle_verify import MixStage
from plebiscite.crypto.tags_blind import BlindStage, blind_and_prove, blinding_commitment
from plebiscite.crypto.threshold import random_polynomial, shares
from plebiscite.errors import CoercionTallyError
from plebiscite.model.ballot.content import BallotParams
from plebiscite.model.coercion import tally as coercion_tally
from plebiscite.model.coercion.ballot import CredentialBallot, cast_credential_ballot
from plebiscite.model.coercion.tally import (
    ColumnsMaker,
    DistrictTally,
    TallyRun,
    Trustees,
    round_context,
    run_district_tally,
    valid_ballots,
    verify_district_tally,
)
from plebiscite.state.mix_spill import DiskColumns
from tinygroup import TINY

YES, NO = [[1, 0]], [[0, 1]]
ANONYMITY = 4


@dataclasses.dataclass
class Scene:
    params: BallotParams
    roll: list[Ciphertext]
    board: list[CredentialBallot]
    shares: dict[int, int]
    trustees: Trustees
    tally: DistrictTally


def _scene(
    group: Group,
    seed: int,
    *,
    spill_at: int | None = None,
    spill_dir: str = "",
    mix_columns: ColumnsMaker | None = None,
) -> Scene:
    rng = DeterministicRandom(seed)
    polynomial = random_polynomial(group, 2, rng)
    trustee_shares = shares(group, polynomial, 3)
    K = group.exp_g(polynomial(0))
    params = BallotParams.from_manifest(group, K, b"\x07" * 32, [(2, 1, 1)], ["north"])
    sigmas = [group.random_nonzero_scalar(rng) for _ in range(6)]
    roll = [encrypt_credential(group, K, s, rng=rng)[0] for s in sigmas]

    def cast(sigma: int, position: int, choice: list[list[int]]) -> CredentialBallot:
        return cast_credential_ballot(
            params, roll, "north", sigma, position, choice, anonymity=ANONYMITY, rng=rng
        )

    fake0, fake1 = group.random_nonzero_scalar(rng), group.random_nonzero_scalar(rng)
    board = [
        cast(fake0, 0, YES),  # the coercer, with voter 0's fake sheet
        cast(sigmas[2], 2, YES),  # voter 2, who will change her mind
        cast(fake1, 1, YES),  # the coercer, with voter 1's fake sheet
        cast(sigmas[3], 3, YES),  # voter 3
        cast(group.random_nonzero_scalar(rng), 5, YES),  # junk from outside the roll
        cast(sigmas[0], 0, NO),  # voter 0, later, with her real sheet
        cast(sigmas[2], 2, NO),  # voter 2 revotes
        cast(sigmas[1], 1, NO),  # voter 1, later, with her real sheet
    ]
    board.append(board[3])  # a replay of voter 3's ballot counts once
    vks = {i: group.exp_g(s) for i, s in trustee_shares.items()}
    tally = run_district_tally(
        params,
        roll,
        board,
        "north",
        trustee_shares,
        2,
        anonymity=ANONYMITY,
        rng=rng,
        spill_at=spill_at,
        spill_dir=spill_dir or None,
        mix_columns=mix_columns,
    )
    return Scene(params, roll, board, trustee_shares, Trustees(vks, 2), tally)


@pytest.fixture(scope="module")
def scene() -> Scene:
    return _scene(get_group("secp256k1"), 1)


def _verify(
    s: Scene, tally: DistrictTally, board: Sequence[CredentialBallot] | None = None
) -> None:
    verify_district_tally(
        s.params,
        s.roll,
        s.board if board is None else board,
        s.trustees,
        tally,
        anonymity=ANONYMITY,
    )


def _fails(s: Scene, tally: DistrictTally, check: str) -> CoercionTallyError:
    with pytest.raises(CoercionTallyError) as info:
        _verify(s, tally)
    assert info.value.check == check, str(info.value)
    return info.value


def _wrong_share(s: Scene, field: str, trustee: int, index: int) -> DistrictTally:
    """The tally with trustee ``trustee``'s partial decryption ``index`` in ``field`` (a dict of
    each trustee's (partial, proof) pairs) multiplied by g, its proof kept."""
    group = s.params.group
    decryptions = getattr(s.tally, field)
    shares = list(decryptions[trustee])
    partial, proof = shares[index]
    shares[index] = (group.mul(partial, group.generator()), proof)
    return dataclasses.replace(s.tally, **{field: {**decryptions, trustee: tuple(shares)}})


def test_the_result_counts_real_credentials_only(scene: Scene) -> None:
    t = scene.tally
    assert t.valid == (0, 1, 2, 3, 4, 5, 6, 7)  # the replay (position 8) counts once
    assert t.kept == (0, 2, 3, 4, 5, 6, 7)  # voter 2's first ballot superseded
    assert len(t.counted) == 4  # voters 0, 1, 2, 3: fakes and junk dropped, unseen
    assert t.counts == (1, 3)  # yes: voter 3; no: voters 0, 1, 2 — the counts kept aside
    _verify(scene, t)


def test_a_tally_whose_stages_went_to_disk_is_the_one_held_in_memory(
    scene: Scene, tmp_path: Path
) -> None:
    """Stages beyond ``spill_at`` list items go to disk and are read back: the same tally, the
    same verdicts (a re-sealed tamper is caught by the same check)."""
    spilled = _scene(get_group("secp256k1"), 1, spill_at=9, spill_dir=str(tmp_path))
    (directory,) = tmp_path.glob("plebiscite-tally-*")
    assert (directory / "stages.sqlite").stat().st_size > 0
    assert spilled.tally == scene.tally  # every stage, every share, read back from disk
    _verify(spilled, spilled.tally)
    error = _fails(spilled, _wrong_share(spilled, "pet_decryptions", 2, 0), "V14")
    assert (error.field, error.trustee, error.index) == ("pet_decrypt", 2, 0)
    stages = list(spilled.tally.mix_stages)
    outputs = list(stages[1].outputs)
    outputs[0], outputs[1] = outputs[1], outputs[0]
    bad = MixStage(2, tuple(outputs), stages[1].proof)
    stages[1] = bad
    error = _fails(spilled, dataclasses.replace(spilled.tally, mix_stages=tuple(stages)), "V11")
    assert error.trustee == 2
    del spilled, error
    gc.collect()
    assert not directory.exists()  # the store goes with its tally


def test_a_mix_proved_over_columns_on_disk_is_the_mix_made_in_memory(
    scene: Scene, tmp_path: Path
) -> None:
    """When the mix's stages go to disk, each trustee shuffles and proves over columns in files
    (the mixnet's prover): the same draws give the same tally, which verifies, and every
    column's directory is gone when the tally is made."""
    group = get_group("secp256k1")
    made = itertools.count()

    def columns() -> DiskColumns:
        return DiskColumns(group, tmp_path / f"columns-{next(made)}")

    spilled = _scene(group, 1, spill_at=9, spill_dir=str(tmp_path), mix_columns=columns)
    # the generators' and inputs' columns, one maker per trustee's shuffle, then one per
    # trustee's equality tests (its exponents and nonces, sealed)
    assert next(made) == 7
    assert not list(tmp_path.glob("columns-*"))
    assert spilled.tally == scene.tally
    _verify(spilled, spilled.tally)
    in_memory = _scene(group, 1, mix_columns=columns)  # no threshold: the mix stays in memory
    assert next(made) == 8 and in_memory.tally == scene.tally


def test_a_variant_that_mixes_its_own_way_mixes_in_memory(scene: Scene, tmp_path: Path) -> None:
    """A :class:`TallyRun` whose :meth:`~TallyRun.mix_stage` is overridden (a hostile trustee
    in the tamper tests) is played through it even when the mix would go on columns."""
    mixed: list[int] = []

    class Recorded(TallyRun):
        def mix_stage(self, i: int, items: Sequence[Item]) -> MixStage:
            mixed.append(i)
            return super().mix_stage(i, items)

    def columns() -> DiskColumns:
        raise AssertionError("the variant's mix went on columns")

    run = Recorded(
        scene.params,
        scene.shares,
        2,
        anonymity=ANONYMITY,
        rng=DeterministicRandom(1),
        spill_at=0,
        spill_dir=str(tmp_path),
        mix_columns=columns,
    )
    run.run(scene.roll, scene.board, "north")
    assert mixed == [1, 2, 3]


# -- V12 -----------------------------------------------------------------------------------------


def test_v12_an_invalid_ballot_counted(scene: Scene) -> None:
    bad = dataclasses.replace(scene.board[4], statement=b"\x00" * 32)
    board = [*scene.board[:4], bad, *scene.board[5:]]
    with pytest.raises(CoercionTallyError) as info:
        _verify(scene, scene.tally, board)
    assert info.value.check == "V12"


# -- V13 -----------------------------------------------------------------------------------------


def test_v13_a_trustee_who_mis_blinds_is_named(scene: Scene) -> None:
    group = scene.params.group
    stages = list(scene.tally.dedup_stages)
    outs = list(stages[1].outputs)
    outs[0] = Ciphertext(outs[0].alpha, group.mul(outs[0].beta, group.generator()))
    bad = dataclasses.replace(stages[1], outputs=tuple(outs))
    # trustee 3 re-blinds honestly on the tampered list, as a re-sealing insider would
    ctx = round_context(scene.params, "north", "dedup")
    secret, commitment = blinding_commitment(group)
    third_out, proof = blind_and_prove(group, secret, 3, bad.outputs, ctx)
    third = BlindStage(3, commitment, tuple(third_out), proof)
    error = _fails(
        scene, dataclasses.replace(scene.tally, dedup_stages=(stages[0], bad, third)), "V13"
    )
    assert error.trustee == 2


def test_v13_a_dropped_tag_is_caught(scene: Scene) -> None:
    """The authority keeps voter 2's first ballot as well (as if its tag were dropped)."""
    tally = dataclasses.replace(scene.tally, kept=(0, 1, 2, 3, 4, 5, 6, 7))
    assert _fails(scene, tally, "V13").field == "kept"


def test_v13_a_board_reordered_to_change_the_last_duplicate() -> None:
    """The tally ran over a board where voter 2's two ballots are swapped (her 'yes' last): the
    verifier, reading the board in its order, recomputes other blinded lists."""
    s = _scene(get_group("secp256k1"), 2)
    swapped = list(s.board)
    swapped[1], swapped[6] = swapped[6], swapped[1]
    rng = DeterministicRandom(3)
    hostile = run_district_tally(
        s.params, s.roll, swapped, "north", s.shares, 2, anonymity=ANONYMITY, rng=rng
    )
    assert hostile.counts == (2, 2)  # her revote undone
    with pytest.raises(CoercionTallyError) as info:
        _verify(s, hostile)
    assert info.value.check == "V13"


def test_v13_a_wrong_tag_decryption_names_the_trustee(scene: Scene) -> None:
    error = _fails(scene, _wrong_share(scene, "dedup_decryptions", 1, 2), "V13")
    assert (error.trustee, error.index) == (1, 2)


@pytest.mark.parametrize("size", [1, 2, 3])
def test_v13_a_wrong_share_is_named_whatever_the_batch_size(
    scene: Scene, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Partial decryptions are checked DECRYPTION_BATCH at a time: the honest tally passes, and
    a wrong share in a later batch is named by trustee and item."""
    monkeypatch.setattr(tags_blind, "DECRYPTION_BATCH", size)
    _verify(scene, scene.tally)
    error = _fails(scene, _wrong_share(scene, "dedup_decryptions", 2, 4), "V13")
    assert (error.trustee, error.index) == (2, 4)


# -- V11 -----------------------------------------------------------------------------------------


def test_v11_a_dishonest_mixer_is_named(scene: Scene) -> None:
    """Trustee 2 swaps in a tuple of its own (a fake credential replaced by a real-looking one)
    and proves the shuffle of the honest list; trustee 3 mixes honestly after it."""
    group, K = scene.params.group, scene.params.joint_key
    stages = list(scene.tally.mix_stages)
    outs = list(stages[1].outputs)
    outs[0] = (outs[1][0], *outs[0][1:])
    bad = dataclasses.replace(stages[1], outputs=tuple(outs))
    ctx = scene.params.election_ctx  # the mixnet's context
    third_out, secret = shuffle(group, K, bad.outputs)
    third = MixStage(
        3, tuple(third_out), prove_shuffle(group, K, bad.outputs, third_out, secret, ctx, 3)
    )
    error = _fails(
        scene, dataclasses.replace(scene.tally, mix_stages=(stages[0], bad, third)), "V11"
    )
    assert error.trustee == 2


# -- V14 -----------------------------------------------------------------------------------------


def test_v14_a_false_match_is_caught(scene: Scene) -> None:
    missing = next(
        p for p in range(len(scene.tally.mix_stages[-1].outputs)) if p not in scene.tally.counted
    )
    tally = dataclasses.replace(scene.tally, counted=tuple(sorted((*scene.tally.counted, missing))))
    assert _fails(scene, tally, "V14").field == "counted"
    tally = dataclasses.replace(scene.tally, counted=scene.tally.counted[1:])
    assert _fails(scene, tally, "V14").field == "counted"


def test_v14_a_trustee_forcing_a_test_is_named(scene: Scene) -> None:
    group = scene.params.group
    stages = list(scene.tally.pet_stages)
    outs = list(stages[0].outputs)
    outs[0] = Ciphertext(group.identity(), group.identity())
    bad = dataclasses.replace(stages[0], outputs=tuple(outs))
    ctx = round_context(scene.params, "north", "match")
    _, second = pet_stage(group, 2, bad.outputs, ctx)
    _, third = pet_stage(group, 3, second.outputs, ctx)
    error = _fails(scene, dataclasses.replace(scene.tally, pet_stages=(bad, second, third)), "V14")
    assert error.trustee == 1


def test_v14_a_wrong_test_decryption_names_the_trustee(scene: Scene) -> None:
    error = _fails(scene, _wrong_share(scene, "pet_decryptions", 2, 0), "V14")
    assert (error.trustee, error.index) == (2, 0)


# -- V15, V16 ------------------------------------------------------------------------------------


def test_v15_an_aggregate_changed(scene: Scene) -> None:
    a = scene.tally.aggregates
    tally = dataclasses.replace(scene.tally, aggregates=(a[1], a[0]))
    _fails(scene, tally, "V15")


def test_v16_a_wrong_decryption_and_wrong_counts(scene: Scene) -> None:
    error = _fails(scene, _wrong_share(scene, "result_decryptions", 1, 1), "V16")
    assert error.trustee == 1
    _fails(scene, dataclasses.replace(scene.tally, counts=(3, 1)), "V16")


def test_v12_a_ballot_whose_proof_fails_in_the_batch_is_left_out(scene: Scene) -> None:
    """A wrong response (well-formed, so only the batched equations catch it) makes the ballot
    invalid: the valid list leaves it out, and a tally that kept it fails V12."""
    ballot = scene.board[3]
    proof = ballot.credential_proof
    bad = dataclasses.replace(
        ballot,
        credential_proof=dataclasses.replace(
            proof, vsigma=(proof.vsigma + 1) % scene.params.group.q
        ),
    )
    board = [*scene.board[:3], bad, *scene.board[4:8]]
    assert valid_ballots(scene.params, scene.roll, board, "north", anonymity=ANONYMITY) == (
        0,
        1,
        2,
        4,
        5,
        6,
        7,
    )
    with pytest.raises(CoercionTallyError) as info:
        _verify(scene, scene.tally, board)
    assert info.value.check == "V12"


@pytest.mark.parametrize("size", [1, 2, 3, 128])
def test_v12_the_batch_size_changes_no_verdict(
    scene: Scene, size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ballots are checked VALID_BATCH at a time: whatever the size, a ballot whose proof fails
    is left out alone, and a replay whose first copy is invalid counts at its valid copy."""
    ballot = scene.board[3]
    proof = ballot.credential_proof
    bad = dataclasses.replace(
        ballot,
        credential_proof=dataclasses.replace(
            proof, vsigma=(proof.vsigma + 1) % scene.params.group.q
        ),
    )
    board = [*scene.board[:3], bad, *scene.board[4:]]  # position 8 replays the valid ballot
    monkeypatch.setattr(coercion_tally, "VALID_BATCH", size)
    assert valid_ballots(scene.params, scene.roll, board, "north", anonymity=ANONYMITY) == (
        0,
        1,
        2,
        4,
        5,
        6,
        7,
        8,
    )


def test_v12_on_worker_processes_the_verdicts_are_the_same(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    ballot = scene.board[3]
    proof = ballot.credential_proof
    bad = dataclasses.replace(
        ballot,
        credential_proof=dataclasses.replace(
            proof, vsigma=(proof.vsigma + 1) % scene.params.group.q
        ),
    )
    board = [*scene.board[:3], bad, *scene.board[4:]]
    monkeypatch.setattr(coercion_tally, "VALID_BATCH", 2)  # chunks are cut here, checked there
    found = valid_ballots(scene.params, scene.roll, board, "north", anonymity=ANONYMITY, workers=2)
    assert found == (0, 1, 2, 4, 5, 6, 7, 8)


def test_the_trustees_rounds_on_processes_give_a_tally_that_verifies(
    scene: Scene, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With workers and no fixed random source, the blinding, equality-test and decryption
    rounds run on processes, two items per task: the tally keeps and counts the same ballots
    and passes every check."""
    monkeypatch.setattr(coercion_tally, "DECRYPT_CHUNK", 2)
    monkeypatch.setattr(pet, "STAGE_CHUNK", 2)
    monkeypatch.setattr(tags_blind, "BLIND_CHUNK", 2)
    tally = run_district_tally(
        scene.params,
        scene.roll,
        scene.board,
        "north",
        scene.shares,
        2,
        anonymity=ANONYMITY,
        workers=2,
    )
    assert (tally.valid, tally.kept, tally.counts) == (
        scene.tally.valid,
        scene.tally.kept,
        scene.tally.counts,
    )
    assert len(tally.counted) == len(scene.tally.counted)
    _verify(scene, tally)


def test_v13_a_trustee_who_adds_a_tag_is_named(scene: Scene) -> None:
    """Trustee 1 appends a blinded copy of an item (a tag that matches no posted ballot)."""
    stages = list(scene.tally.dedup_stages)
    extra = dataclasses.replace(stages[0], outputs=(*stages[0].outputs, stages[0].outputs[0]))
    error = _fails(
        scene, dataclasses.replace(scene.tally, dedup_stages=(extra, *stages[1:])), "V13"
    )
    assert (error.trustee, error.field) == (1, "outputs")


# -- the counts, as a property ---------------------------------------------------------------------


@settings(max_examples=8, deadline=None)
@given(
    plan=st.lists(
        st.tuples(st.integers(0, 4), st.booleans(), st.integers(0, 1)), min_size=1, max_size=7
    ),
    seed=st.integers(0, 2**32),
)
def test_the_counts_are_each_real_credentials_last_vote(
    plan: list[tuple[int, bool, int]], seed: int
) -> None:
    """Ballots in any order, each by voter v with her real or a fake credential, for option c:
    the result counts each voter's last real ballot once, and verifies."""
    group = TINY
    rng = DeterministicRandom(seed)
    polynomial = random_polynomial(group, 2, rng)
    trustee_shares = shares(group, polynomial, 3)
    K = group.exp_g(polynomial(0))
    params = BallotParams.from_manifest(group, K, b"\x08" * 32, [(2, 1, 1)], ["d"])
    sigmas = [group.random_nonzero_scalar(rng) for _ in range(5)]
    roll = [encrypt_credential(group, K, s, rng=rng)[0] for s in sigmas]
    board = []
    last: dict[int, int] = {}
    for voter, real, choice in plan:
        sigma = sigmas[voter] if real else group.random_nonzero_scalar(rng)
        bits = [[1, 0] if choice == 0 else [0, 1]]
        board.append(
            cast_credential_ballot(params, roll, "d", sigma, voter, bits, anonymity=3, rng=rng)
        )
        if real:
            last[voter] = choice
    tally = run_district_tally(params, roll, board, "d", trustee_shares, 2, anonymity=3, rng=rng)
    yes = sum(1 for c in last.values() if c == 0)
    assert tally.counts == (yes, len(last) - yes)
    trustees = Trustees({i: group.exp_g(s) for i, s in trustee_shares.items()}, 2)
    verify_district_tally(params, roll, board, trustees, tally, anonymity=3)
