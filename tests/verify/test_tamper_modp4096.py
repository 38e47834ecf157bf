"""A record on modp4096: valid, and elements outside the subgroup (V5).

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

import json

import pytest

from plebiscite.crypto.groups import get_group
from plebiscite.model.codec import JSONObject

from ._record import (
    Built,
)
from ._reseal import (
    HostileBoard,
    HostilePlan,
    build_hostile,
    ciphertext_of,
    only,
    proof_of,
    question_of,
    verify,
)

# -- modp4096 (during the run: a small record) ---------------------------------------------------


@pytest.fixture(scope="module")
def modp() -> Built:
    return build_hostile(HostilePlan(group="modp4096"))


def test_valid_modp4096_record_passes(modp: Built) -> None:
    """The edge cases pass on modp4096 too: an empty district, r and −r, a v = 0 branch."""
    report = verify(modp)
    assert report.ok, [str(f) for f in report.failures]
    assert report.figures["counted"] == 8


@pytest.mark.parametrize(
    ("what", "field"),
    [
        ("negated commitment", "body.questions[0].proofs[0].a0"),
        ("small-order element", "body.questions[0].ciphertexts[0].alpha"),
    ],
)
def test_modp4096_element_outside_the_subgroup_fails_v5(modp: Built, what: str, field: str) -> None:
    """Re-sealed: ``p − a0`` (the negation, outside the order-q subgroup) as a proof commitment,
    or ``p − 1`` (order 2) as a ciphertext component, in a counted ballot."""
    group = get_group("modp4096")
    p = group.p  # type: ignore[attr-defined]
    size = group.element_bytes

    def change(body: JSONObject) -> None:
        if what == "negated commitment":
            proof = proof_of(body)
            proof["a0"] = (p - int(proof["a0"], 16)).to_bytes(size, "big").hex()
        else:
            ciphertext_of(body)["alpha"] = (p - 1).to_bytes(size, "big").hex()

    board = HostileBoard(modp, "modp4096")
    index = modp.ballots["north-2"]
    body = board.body(index)
    change(body)
    board.replace(index, body)
    only(verify(board.seal()), "V5", index, field)


def test_modp4096_batched_decoding_equals_value_by_value(modp: Built) -> None:
    """The one-batch subgroup check of a modp4096 ballot decodes exactly what the value-by-value
    decoders give, and hands every bad body back to them (so they name the bad value)."""
    from plebiscite.crypto import proofs as zk
    from plebiscite.crypto.elgamal import decode_ciphertext
    from plebiscite.model.ballot import QuestionShape
    from plebiscite.model.ballot.codec import _decode_question_batched

    group = get_group("modp4096")
    shape = QuestionShape(2, 1, 1)
    question = question_of(modp.entries[modp.ballots["north-2"]].body)
    fast = _decode_question_batched(group, question, shape)
    assert fast is not None
    cts = question["ciphertexts"]
    proofs = question["proofs"]
    assert isinstance(cts, list) and isinstance(proofs, list)
    assert fast.ciphertexts == tuple(
        decode_ciphertext(group, x, "ct", allow_identity=False) for x in cts
    )
    assert fast.proofs == tuple(zk.decode_zero_one(group, x, "p") for x in proofs)
    assert fast.range_proof == zk.decode_range(group, question["range"], "r")
    p = group.p  # type: ignore[attr-defined]
    for bad in ((p - 1).to_bytes(group.element_bytes, "big").hex(), "00", "AB" * 512):
        changed = json.loads(json.dumps(question))
        changed["proofs"][1]["b1"] = bad
        assert _decode_question_batched(group, changed, shape) is None
