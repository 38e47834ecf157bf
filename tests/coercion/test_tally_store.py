"""The tally's store (model/coercion/tally_store.py): a stage past ``spill_at`` list items goes to
disk and reads back equal, one under it stays in memory, a closed store refuses to read."""

from __future__ import annotations

from pathlib import Path

import pytest

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import ChaumPedersenProof
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.tags_blind import BlindStage
from plebiscite.model.coercion.tally_store import Stages, StoredDecryptions, TallyStore

GROUP = get_group("secp256k1")


def _stage(trustee: int, n: int) -> BlindStage:
    rng = DeterministicRandom(trustee)

    def element() -> Element:
        return GROUP.exp_g(GROUP.random_nonzero_scalar(rng))

    outputs = tuple(Ciphertext(element(), element()) for _ in range(n))
    outputs += (Ciphertext(GROUP.identity(), element()),)  # the identity encodes and decodes too
    proof = ChaumPedersenProof(a=element(), b=element(), response=GROUP.random_scalar(rng))
    return BlindStage(trustee, element(), outputs, proof)


def test_stages_past_the_threshold_go_to_disk_and_read_back_equal(tmp_path: Path) -> None:
    store = TallyStore(GROUP, spill_at=3000, directory=str(tmp_path))
    first, second = _stage(1, 2000), _stage(2, 2000)  # 2,001 items each: the second spills
    stages = Stages([store.blind_stage(first), store.blind_stage(second)])
    assert store.on_disk
    assert list(stages) == [first, second] and stages[1] == second
    assert stages[1:] == [second] and stages == (first, second)
    shares = tuple((ct.alpha, first.proof) for ct in first.outputs)
    decryptions = StoredDecryptions({1: store.shares(shares)})
    assert decryptions[1] == shares and dict(decryptions) == {1: shares}
    store.close()
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="closed"):
        stages[1]
    assert stages[0] == first  # a stage held in memory needs no disk


def test_no_threshold_keeps_everything_in_memory() -> None:
    store = TallyStore(GROUP, spill_at=None)
    stage = _stage(1, 50)
    assert Stages([store.blind_stage(stage)])[0] is stage
    assert not store.on_disk
    with pytest.raises(ValueError):
        TallyStore(GROUP, spill_at=-1)
