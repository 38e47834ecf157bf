"""Batch verification: same verdicts as one-at-a-time, one multi-exponentiation, exact bisection."""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Callable

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from plebiscite.crypto import batch as batch_module
from plebiscite.crypto import elgamal, proofs
from plebiscite.crypto.batch import BatchVerifier, Equation
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.secp256k1 import SECP256K1
from plebiscite.errors import ProofError
from tinygroup import TINY

Item = tuple[Ciphertext, proofs.ZeroOneProof, dict[str, CanonicalValue]]


def make_items(group: Group, key: Element, count: int, seed: str) -> list[Item]:
    """``count`` valid 0/1 proofs, each with its own ballot position in the context."""
    rng = DeterministicRandom(seed)
    items: list[Item] = []
    for i in range(count):
        m = i % 2
        ct, r = elgamal.encrypt(group, key, m, rng=rng)
        context: dict[str, CanonicalValue] = {"ballot": seed.encode(), "question": 0, "option": i}
        items.append((ct, proofs.prove_zero_one(group, key, ct, m, r, context, rng=rng), context))
    return items


def spoil(group: Group, item: Item, how: int) -> Item:
    """A copy of ``item`` whose proof fails only its group equations (shapes stay valid)."""
    ct, proof, context = item
    q = group.q
    changes: list[Callable[[], proofs.ZeroOneProof]] = [
        lambda: dataclasses.replace(proof, v0=(proof.v0 + 1) % q),
        lambda: dataclasses.replace(proof, c0=(proof.c0 - 1) % q),
        lambda: dataclasses.replace(proof, b1=group.mul(proof.b1, group.generator())),
        lambda: dataclasses.replace(proof, v1=0),
    ]
    return ct, changes[how % len(changes)](), context


def direct_failures(group: Group, key: Element, items: list[Item]) -> list[str]:
    failures = []
    for i, (ct, proof, context) in enumerate(items):
        try:
            proofs.verify_zero_one(group, key, ct, proof, context)
        except ProofError:
            failures.append(f"item {i}")
    return failures


def batched_failures(group: Group, key: Element, items: list[Item], cuts: list[int]) -> list[str]:
    """Verify ``items`` in consecutive batches split at ``cuts``; return the failing labels."""
    failures: list[str] = []
    bounds = [0, *sorted(set(cuts)), len(items)]
    for start, stop in itertools.pairwise(bounds):
        verifier = BatchVerifier(group)
        for i in range(start, stop):
            ct, proof, context = items[i]
            proofs.verify_zero_one(
                group, key, ct, proof, context, batch=verifier, label=f"item {i}"
            )
        failures += verifier.check()
    return failures


@pytest.fixture(scope="module")
def key(group: Group) -> Element:
    return elgamal.keygen(group, DeterministicRandom("batch-key")).public


@pytest.fixture(scope="module")
def pool(group: Group, key: Element) -> list[Item]:
    return make_items(group, key, 6 if group.name == "modp4096" else 16, "pool")


def test_valid_batch_is_one_multi_exp(group: Group, key: Element, pool: list[Item]) -> None:
    verifier = BatchVerifier(group)
    for i, (ct, proof, context) in enumerate(pool):
        proofs.verify_zero_one(group, key, ct, proof, context, batch=verifier, label=f"item {i}")
    assert len(verifier) == len(pool)
    assert verifier.check() == []
    assert verifier.multi_exps == 1


def test_verdicts_do_not_depend_on_the_split(
    group: Group, key: Element, pool: list[Item], examples: hsettings
) -> None:
    n = len(pool)

    @examples
    @given(
        st.sets(st.integers(0, n - 1), max_size=4),
        st.integers(0, 3),
        st.lists(st.integers(1, n - 1), max_size=3),
    )
    def check(bad: set[int], how: int, cuts: list[int]) -> None:
        items = [spoil(group, item, how + i) if i in bad else item for i, item in enumerate(pool)]
        expected = [f"item {i}" for i in sorted(bad)]
        assert direct_failures(group, key, items) == expected
        assert batched_failures(group, key, items, []) == expected
        assert batched_failures(group, key, items, cuts) == expected
        assert batched_failures(group, key, items, list(range(1, n))) == expected

    check()


@pytest.mark.parametrize("group", [TINY, SECP256K1], ids=["tiny", "secp256k1"], indirect=True)
def test_one_bad_proof_among_thousands_is_named(group: Group, key: Element) -> None:
    count = 2000
    items = make_items(group, key, count, "thousands")
    bad = 1234
    items[bad] = spoil(group, items[bad], 0)
    verifier = BatchVerifier(group)
    for i, (ct, proof, context) in enumerate(items):
        proofs.verify_zero_one(group, key, ct, proof, context, batch=verifier, label=f"ballot {i}")
    assert verifier.check() == [f"ballot {bad}"]
    # one fold per level of the bisection on each side, plus the leaf's own equations
    assert verifier.multi_exps <= 2 * math.ceil(math.log2(count)) + 1 + 4
    assert direct_failures(group, key, items[bad - 2 : bad + 3]) == ["item 2"]


def test_random_weights_catch_cancelling_errors(group: Group) -> None:
    g = group.generator()
    q = group.q

    def fill(verifier: BatchVerifier) -> None:
        verifier.add("x", [g], [1])  # g = 1: false
        verifier.add("y", [g], [q - 1])  # g⁻¹ = 1: false, and cancels "x" with equal weights

    fixed = BatchVerifier(group, _weight_source=lambda: 1)
    fill(fixed)
    assert fixed.check() == []  # why the weights must be random and secret
    fresh = BatchVerifier(group)
    fill(fresh)
    assert fresh.check() == ["x", "y"]


def test_fresh_weights_for_every_run_and_step(group: Group, key: Element, pool: list[Item]) -> None:
    drawn: list[int] = []

    def recording() -> int:
        w = batch_module._system_weight()
        drawn.append(w)
        return w

    items = [spoil(group, item, 2) if i == 1 else item for i, item in enumerate(pool)]
    verifier = BatchVerifier(group, _weight_source=recording)
    for i, (ct, proof, context) in enumerate(items):
        proofs.verify_zero_one(group, key, ct, proof, context, batch=verifier, label=f"item {i}")
    assert verifier.check() == ["item 1"]
    first_run = len(drawn)
    assert first_run > 4 * len(items)  # the top fold, then new weights at each bisection step
    assert verifier.check() == ["item 1"]
    assert len(drawn) == 2 * first_run
    assert len(set(drawn)) == len(drawn)
    assert all(0 < w < 2**64 for w in drawn)


def test_labels_and_shapes(group: Group) -> None:
    g = group.generator()
    verifier = BatchVerifier(group)
    assert verifier.check() == []
    verifier.add("ok", [g, g], [5, group.q - 5])
    verifier.add("ok", [group.identity()], [7])
    verifier.add("bad", [g], [1])
    verifier.add("bad", [g], [2])  # two failing equations, one label
    verifier.add_equations("empty", [Equation((), ())])
    assert verifier.check() == ["bad"]
    with pytest.raises(ValueError, match="2 bases but 1 exponents"):
        verifier.add("x", [g, g], [1])


def test_uncovered_after_a_check(group: Group, key: Element, pool: list[Item]) -> None:
    """What a batch vouches for (docs/spec.md §3.2, "Commitments' membership from the proof
    batch"): after a first fold over every item that held, the very commitment objects among its
    bases; nothing before a check, after a failing one, after a check of a single item (no fold)
    or with weights from anywhere but the CSPRNG; never an equal value that is another object."""
    items = pool[:3]
    commitments = [proof.a0 for _, proof, _ in items] + [proof.b1 for _, proof, _ in items]
    verifier = BatchVerifier(group)
    assert verifier.uncovered(commitments) == commitments
    for i, (ct, proof, context) in enumerate(items):
        proofs.verify_zero_one(group, key, ct, proof, context, batch=verifier, label=f"item {i}")
    assert verifier.uncovered(commitments) == commitments
    assert verifier.check() == []
    twin = group.decode(group.encode(items[0][1].a0), "twin")  # equal, another object
    assert twin == items[0][1].a0 and twin is not items[0][1].a0
    assert verifier.uncovered([*commitments, twin]) == [twin]

    def one_batch(chosen: list[Item], **kwargs: Callable[[], int]) -> BatchVerifier:
        verifier = BatchVerifier(group, **kwargs)
        for i, (ct, proof, context) in enumerate(chosen):
            proofs.verify_zero_one(group, key, ct, proof, context, batch=verifier, label=f"{i}")
        return verifier

    failing = one_batch([items[0], spoil(group, items[1], 0), items[2]])
    assert failing.check() == ["1"]
    assert failing.uncovered(commitments) == commitments
    single = one_batch(items[:1])
    assert single.check() == []
    assert single.uncovered(commitments[:1]) == commitments[:1]
    seeded = one_batch(items, _weight_source=lambda: 12345)
    assert seeded.check() == []
    assert seeded.uncovered(commitments) == commitments


def test_identity_aggregates_in_a_batch(group: Group) -> None:
    kp = elgamal.keygen(group, DeterministicRandom("identity-batch"))
    ct1, r1 = elgamal.encrypt(group, kp.public, 1, rng=DeterministicRandom(1))
    ct2, _ = elgamal.encrypt(group, kp.public, 1, r=-r1)
    aggregates = [elgamal.add(group, ct1, ct2), elgamal.aggregate(group, []), ct1]
    verifier = BatchVerifier(group)
    for i, total in enumerate(aggregates):
        partial, proof = proofs.prove_partial_decryption(group, kp.secret, total, i)
        proofs.verify_partial_decryption(
            group, kp.public, total, partial, proof, i, batch=verifier, label=f"pd {i}"
        )
    assert verifier.check() == []
