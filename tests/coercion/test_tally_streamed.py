"""The library tally over stores (model/coercion/tally.py, tally_store.py): the board and the
roll kept on disk (a :class:`BallotList`, a stored roll), every stage past ``spill_at`` = 0 in
lists on disk read chunk by chunk, and the verifier's own lists on disk too: the same tally as
over lists in memory, it verifies, and a stored stage tampered on disk is caught by its check.
"""

from __future__ import annotations

import dataclasses
import itertools
from collections.abc import Sequence
from pathlib import Path

import pytest

from plebiscite.crypto import shuffle as shuffle_module
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs.credential_ballot import encrypt_credential
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.threshold import random_polynomial, shares
from plebiscite.errors import CoercionTallyError
from plebiscite.model.ballot.content import BallotParams
from plebiscite.model.coercion.ballot import CredentialBallot, cast_credential_ballot
from plebiscite.model.coercion.tally import (
    DistrictTally,
    TallyRun,
    Trustees,
    run_district_tally,
    verify_district_tally,
)
from plebiscite.model.coercion.tally_store import (
    BallotList,
    BlindLists,
    StoredList,
    TallyStore,
    stage_views,
)
from plebiscite.state.mix_spill import DiskColumns

GROUP = get_group("secp256k1")
ANONYMITY = 3


@dataclasses.dataclass
class World:
    params: BallotParams
    roll: list[Ciphertext]
    board: list[CredentialBallot]
    shares: dict[int, int]
    trustees: Trustees


@pytest.fixture(scope="module")
def world() -> World:
    rng = DeterministicRandom(31)
    polynomial = random_polynomial(GROUP, 2, rng)
    trustee_shares = shares(GROUP, polynomial, 3)
    key = GROUP.exp_g(polynomial(0))
    params = BallotParams.from_manifest(GROUP, key, b"\x08" * 32, [(2, 1, 1)], ["d"])
    sigmas = [GROUP.random_nonzero_scalar(rng) for _ in range(7)]
    roll = [encrypt_credential(GROUP, key, s, rng=rng)[0] for s in sigmas]
    plan = [(sigmas[j], j) for j in range(7)] + [(sigmas[1], 1), (sigmas[4], 4)]
    plan += [(GROUP.random_nonzero_scalar(rng), 2), (GROUP.random_nonzero_scalar(rng), 6)]
    board = [
        cast_credential_ballot(
            params, roll, "d", s, p, [[j % 2, 1 - j % 2]], anonymity=ANONYMITY, rng=rng
        )
        for j, (s, p) in enumerate(plan)
    ]
    vks = {i: GROUP.exp_g(s) for i, s in trustee_shares.items()}
    return World(params, roll, board, trustee_shares, Trustees(vks, 2))


def _tally(
    world: World, roll: object, board: object, tmp_path: Path, **kw: object
) -> DistrictTally:
    return run_district_tally(
        world.params,
        roll,  # type: ignore[arg-type]
        board,  # type: ignore[arg-type]
        "d",
        world.shares,
        2,
        anonymity=ANONYMITY,
        rng=DeterministicRandom(5),
        spill_dir=str(tmp_path),
        **kw,  # type: ignore[arg-type]
    )


def test_a_tally_over_stores_is_the_tally_over_lists_and_verifies(
    world: World, tmp_path: Path
) -> None:
    lists = TallyStore(GROUP, spill_at=0, directory=str(tmp_path))
    roll: StoredList[Ciphertext] = lists.ciphertexts("test roll")
    roll.append(world.roll[:4])
    roll.append(world.roll[4:])
    board: BallotList = lists.ballots()
    board.append(world.board)
    assert list(roll) == world.roll and roll[5] == world.roll[5] and list(board) == world.board
    assert board[9] == world.board[9] and len(board) == len(world.board)
    made = itertools.count()

    def columns() -> DiskColumns:
        return DiskColumns(GROUP, tmp_path / f"columns-{next(made)}")

    in_memory = _tally(world, world.roll, world.board, tmp_path, spill_at=None)
    stored = _tally(world, roll, board, tmp_path, spill_at=0, mix_columns=columns)
    assert stored == in_memory
    views = stage_views(stored.dedup_stages)
    assert all(isinstance(view, BlindLists) for view in views)
    assert all(isinstance(view.outputs, StoredList) and view.outputs.on_disk for view in views)
    assert in_memory.counts == (3, 4)  # the last ballot of each real credential, none of the fakes
    for tally in (in_memory, stored):
        verify_district_tally(
            world.params, roll, board, world.trustees, tally, anonymity=ANONYMITY, spill_at=0
        )
    lists.close()


def test_a_stored_stage_tampered_on_disk_is_caught(world: World, tmp_path: Path) -> None:
    stored = _tally(world, world.roll, world.board, tmp_path, spill_at=0)
    views = stage_views(stored.dedup_stages)
    outputs = views[1].outputs
    assert isinstance(outputs, StoredList) and outputs.on_disk
    swapped = list(outputs)
    swapped[0], swapped[1] = swapped[1], swapped[0]
    tampered = outputs.store.new_list(outputs.codec, len(swapped), "tampered")
    tampered.append(swapped)
    assert tampered.on_disk
    bad = dataclasses.replace(views[1], outputs=tampered)
    tally = dataclasses.replace(stored, dedup_stages=(views[0], bad, views[2]))
    with pytest.raises(CoercionTallyError) as caught:
        verify_district_tally(
            world.params, world.roll, world.board, world.trustees, tally, anonymity=ANONYMITY
        )
    assert (caught.value.check, caught.value.trustee) == ("V13", 2)


def test_kept_positions_out_of_order_are_read_from_the_board_and_refused(
    world: World, tmp_path: Path
) -> None:
    """An authority that keeps the ballots in another order (not a part of the valid list in
    its order): the tally reads their tuples from the board, and V13 refuses the kept list."""

    class Reversed(TallyRun):
        def keep(self, valid: Sequence[int], tag_list: Sequence[bytes]) -> tuple[int, ...]:
            return tuple(reversed(super().keep(valid, tag_list)))

    run = Reversed(
        world.params, world.shares, 2, anonymity=ANONYMITY, rng=DeterministicRandom(5), spill_at=0
    )
    tally = run.run(world.roll, world.board, "d")
    assert list(tally.kept) == sorted(tally.kept, reverse=True)
    with pytest.raises(CoercionTallyError) as caught:
        verify_district_tally(
            world.params, world.roll, world.board, world.trustees, tally, anonymity=ANONYMITY
        )
    assert (caught.value.check, caught.value.field) == ("V13", "kept")


def test_v11_over_stored_lists_keeps_no_list_of_generators(world: World, tmp_path: Path) -> None:
    """Past ``spill_at`` V11 takes each chunk's generators from its own source (derived once,
    kept packed), not from the process-wide cache of N decoded generators."""
    stored = _tally(world, world.roll, world.board, tmp_path, spill_at=0)

    def verify(spill_at: int | None) -> None:
        verify_district_tally(
            world.params,
            world.roll,
            world.board,
            world.trustees,
            stored,
            anonymity=ANONYMITY,
            spill_at=spill_at,
        )

    shuffle_module._GENERATOR_CACHE.clear()
    verify(0)
    assert all(not hs for _, _, hs in shuffle_module._GENERATOR_CACHE.values())
    shuffle_module._GENERATOR_CACHE.clear()
    verify(None)
    assert [len(hs) for _, _, hs in shuffle_module._GENERATOR_CACHE.values()] == [len(stored.kept)]
