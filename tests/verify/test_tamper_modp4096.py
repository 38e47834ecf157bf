"""A record on modp4096: valid, and elements outside the subgroup (V5).

How each record is made (re-sealed, during the run, unsealed): :mod:`tests.verify._reseal`.
"""

from __future__ import annotations

import json

import pytest

from plebiscite.crypto.groups import get_group
from plebiscite.model.codec import JSONObject
from plebiscite.rules.checker import Checker
from plebiscite.rules.report import Report
from plebiscite.verify.parallel import (
    DEFAULT_CHUNK,
    MODP4096_CHUNK,
    PortableParams,
    in_process,
    run_sharded,
    sharded_chunk,
)

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
    assert sharded(modp, 4).to_json() == report.to_json()


@pytest.mark.parametrize(
    ("what", "field"),
    [
        ("negated commitment", "body.questions[0].proofs[0].a0"),
        ("small-order element", "body.questions[0].ciphertexts[0].alpha"),
        ("order-r′ factor", "body.questions[0].proofs[0].b1"),
        ("order-r′ factor in the range proof", "body.questions[0].range.b[0]"),
    ],
)
def test_modp4096_element_outside_the_subgroup_fails_v5(modp: Built, what: str, field: str) -> None:
    """Re-sealed: ``p − a0`` (the negation, outside the order-q subgroup) as a proof commitment,
    ``p − 1`` (order 2) as a ciphertext component, or ``b1·z`` with z of order r′ = (p−1)/(2q) (a
    quadratic residue), or ``b[0]·z`` in the range proof, in a counted ballot. Sharded, a
    commitment's membership is left to the chunk's proof batch (docs/spec.md §3.2): the batch
    fails, the commitments join the fold, which fails, and the chunk checked again names it."""
    group = get_group("modp4096")
    p = group.p  # type: ignore[attr-defined]
    size = group.element_bytes

    def change(body: JSONObject) -> None:
        if what == "negated commitment":
            proof = proof_of(body)
            proof["a0"] = (p - int(proof["a0"], 16)).to_bytes(size, "big").hex()
        elif what == "order-r′ factor":
            proof = proof_of(body)
            z = pow(2, 2 * group.q, p)  # a quadratic residue of order dividing r′, not 1
            proof["b1"] = (int(proof["b1"], 16) * z % p).to_bytes(size, "big").hex()
        elif what == "order-r′ factor in the range proof":
            b = question_of(body)["range"]["b"]  # type: ignore[index]
            b[0] = (int(b[0], 16) * pow(2, 2 * group.q, p) % p).to_bytes(size, "big").hex()
        else:
            ciphertext_of(body)["alpha"] = (p - 1).to_bytes(size, "big").hex()

    board = HostileBoard(modp, "modp4096")
    index = modp.ballots["north-2"]
    body = board.body(index)
    change(body)
    board.replace(index, body)
    sealed = board.seal()
    report = verify(sealed)
    only(report, "V5", index, field)
    # sharded in this process, as `plebiscite verify` runs: the chunks decode with membership
    # deferred to one fold; the fold fails, and the chunk checked again names the same element
    # (None: the group's own chunk size, sharded_chunk)
    for chunk_size in (4, 200, None):
        assert sharded(sealed, chunk_size).to_json() == report.to_json(), chunk_size


def test_modp4096_commitment_whose_proofs_never_reach_the_batch(modp: Built) -> None:
    """Re-sealed: a counted ballot whose commitment ``b1`` is multiplied by z of order r′ and
    whose named head is malformed, so that, decoded with membership deferred, the ballot fails
    at its head before its proofs reach the chunk's batch. Decoding element by element names
    the commitment first; sharded, the chunk's batch holds without that commitment among its
    bases, so it does not vouch for it: it is folded, the fold fails, and the chunk checked
    again names the commitment (docs/spec.md §3.2, condition 3)."""
    group = get_group("modp4096")
    p = group.p  # type: ignore[attr-defined]
    board = HostileBoard(modp, "modp4096")
    index = modp.ballots["north-2"]
    body = board.body(index)
    proof = proof_of(body)
    z = pow(2, 2 * group.q, p)
    proof["b1"] = (int(proof["b1"], 16) * z % p).to_bytes(group.element_bytes, "big").hex()
    body["head"] = {"index": "not a number", "hash": "00" * 32}
    board.replace(index, body)
    sealed = board.seal()
    report = verify(sealed)
    only(report, "V5", index, "body.questions[0].proofs[0].b1")
    for chunk_size in (4, 200, None):
        assert sharded(sealed, chunk_size).to_json() == report.to_json(), chunk_size


def test_modp4096_chunk_fold_leaves_the_commitments_to_the_batch(
    modp: Built, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a valid record checked sharded, the chunks' folds take the ballots' ciphertexts and no
    commitment of a ballot's proofs (the batch vouches for those), and the report is the same."""
    from plebiscite.crypto.modp import ModpGroup

    folded: set[int] = set()
    fold = ModpGroup._batch_holds

    def recording(self: ModpGroup, values: list[int]) -> bool:
        folded.update(int(v) for v in values)
        return fold(self, values)

    expected = verify(modp).to_json()  # sequential: every element checked as it is decoded
    monkeypatch.setattr(ModpGroup, "_batch_holds", recording)
    assert sharded(modp, None).to_json() == expected
    commitments: set[int] = set()
    ciphertexts: set[int] = set()
    for entry in modp.entries:
        if entry.kind != "ballot":
            continue
        for question in entry.body["questions"]:  # type: ignore[union-attr]
            for ct in question["ciphertexts"]:  # type: ignore[index]
                ciphertexts.update(int(ct[k], 16) for k in ("alpha", "beta"))
            for proof in question["proofs"]:  # type: ignore[index]
                commitments.update(int(proof[k], 16) for k in ("a0", "b0", "a1", "b1"))
            rng = question["range"]  # type: ignore[index]
            commitments.update(int(x, 16) for x in (*rng["a"], *rng["b"]))
    assert commitments and ciphertexts <= folded
    assert not commitments & folded


def sharded(built: Built, chunk_size: int | None) -> Report:
    """``built`` checked as ``verify_record`` checks a record with one worker."""
    checker = Checker()
    try:
        with in_process() as submit:
            run_sharded(checker, built.entries, submit, chunk_size=chunk_size)
        for number, head in enumerate(built.heads, start=1):
            checker.feed_head(head, f"heads.jsonl:{number}")
        return checker.finish()
    finally:
        checker.close()


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


def test_modp4096_challenge_element_outside_the_subgroup_fails_v10(modp: Built) -> None:
    """Re-sealed: a challenge whose first ciphertext's α is multiplied by z of order r′ (a
    quadratic residue outside the order-q subgroup). Sharded, the chunk's challenges are decoded
    with membership deferred to one fold, as its ballots are; the fold fails and the challenges
    checked again name the element as the sequential check does."""
    group = get_group("modp4096")
    p = group.p  # type: ignore[attr-defined]
    size = group.element_bytes
    board = HostileBoard(modp, "modp4096")
    index = next(e.index for e in modp.entries if e.kind == "challenge")
    body = board.body(index)
    alpha = ciphertext_of(body)
    z = pow(2, 2 * group.q, p)
    alpha["alpha"] = (int(alpha["alpha"], 16) * z % p).to_bytes(size, "big").hex()
    board.replace(index, body)
    sealed = board.seal()
    report = verify(sealed)
    v10 = [f for f in report.failures if f.check == "V10"]
    assert [(f.index, f.field) for f in v10] == [(index, "body.questions[0].ciphertexts[0].alpha")]
    for chunk_size in (4, 200):
        assert sharded(sealed, chunk_size).to_json() == report.to_json(), chunk_size


def test_modp4096_partial_decryption_share_outside_the_subgroup_fails_v8(modp: Built) -> None:
    """Re-sealed and re-signed by its trustee: a partial decryption's first share multiplied by z
    of order r′ (a quadratic residue outside the order-q subgroup). The partial decryption's
    elements are decoded with membership deferred to one fold (docs/spec.md §3.2); the fold
    fails, they are decoded again one by one, and V8 names that share as decoding it alone
    does."""
    import copy

    from plebiscite.crypto.rand import DeterministicRandom
    from plebiscite.model.entry import Entry
    from plebiscite.model.signed import sign_body

    from ._record import ELECTION_ID, key, reseal

    group = get_group("modp4096")
    p = group.p  # type: ignore[attr-defined]
    size = group.element_bytes
    entries = list(modp.entries)
    at = next(e.index for e in entries if e.kind == "partial_decryption")
    body = copy.deepcopy(entries[at].body)
    share = body["districts"][0]["shares"][0][0]  # type: ignore[index]
    z = pow(2, 2 * group.q, p)
    share["partial"] = (int(share["partial"], 16) * z % p).to_bytes(size, "big").hex()
    trustee = body["trustee"]
    del body["signature"]
    body = sign_body(
        key(f"trustee {trustee}"), ELECTION_ID, "partial_decryption", body, DeterministicRandom("t")
    )
    old = entries[at]
    entries[at] = Entry.create(at, old.time, old.kind, body, old.prev)
    resealed, heads = reseal(entries, {e.index: e.hash for e in modp.entries})
    sealed = Built(modp.definition, resealed, heads, {}, dict(modp.ballots))
    report = verify(sealed)
    assert report.failed_checks == ["V8"], [str(f) for f in report.failures]
    first = report.failures[0]  # then the result lacks that trustee's partial decryption
    assert (first.index, first.field) == (at, "body.districts[0].shares[0][0].partial")
    assert first.message == "value is not in the order-q subgroup", first.message
    assert sharded(sealed, 4).to_json() == report.to_json()


def test_modp4096_ballots_go_in_larger_chunks_when_none_is_named() -> None:
    """A chunk's size decides the speed only (the reports above are equal at every size): the
    default is larger for modp4096 ballots in the mode revote, and the usual one elsewhere."""

    def params(group: str, anonymity: int = 0) -> PortableParams:
        return PortableParams(group, b"", b"", ((2, 0, 1),), ("north",), anonymity)

    assert sharded_chunk(params("modp4096")) == MODP4096_CHUNK > DEFAULT_CHUNK
    assert sharded_chunk(params("secp256k1")) == DEFAULT_CHUNK
    assert sharded_chunk(params("modp4096", anonymity=4)) == DEFAULT_CHUNK
    assert sharded_chunk(None) == DEFAULT_CHUNK
