"""The compiled bucket multi-exponentiation (``secp256k1_msm.c``) against the pure path.

The compiled module is built by ``make setup``; a plain ``pip install .`` has none, and then the
tests that need it are skipped, except under ``make test`` and in CI
(``PLEBISCITE_REQUIRE_COMPILED=1``), where a missing module fails: the build must have made it.
"""

from __future__ import annotations

import os
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import secp256k1 as backend
from plebiscite.crypto.group import Element
from plebiscite.crypto.secp256k1 import SECP256K1, N, Secp256k1Element

GROUP = SECP256K1
ONE = GROUP.identity()
HALF = N // 2
REQUIRED = os.environ.get("PLEBISCITE_REQUIRE_COMPILED") == "1" or bool(os.environ.get("CI"))
_RNG = random.Random(11)
POINTS = [GROUP.exp_g(_RNG.randrange(1, N)) for _ in range(24)]

compiled = pytest.mark.skipif(
    backend._COMPILED is None and not REQUIRED,
    reason="the compiled multi-exponentiation is not built (make setup builds it)",
)

# folded exponents as the multi-exponentiation hands them on: in [1, n/2]
folded_scalars = st.one_of(
    st.integers(min_value=1, max_value=HALF),
    st.sampled_from([1, 2, 3, HALF, HALF - 1, 2**128 - 1, 2**128, 2**64]),
    st.integers(min_value=1, max_value=2**16),
)
windows = st.sampled_from([(c, s) for c in range(1, 17) for s in (1, 2, 3, 4) if c % s == 0])


def terms(
    picks: list[tuple[int, int, bool]],
) -> tuple[list[object], list[int], list[bool], list[Element]]:
    pks = []
    bases = []
    for index, _, _ in picks:
        point = POINTS[index]
        assert isinstance(point, Secp256k1Element)
        pks.append(point._pk)
        bases.append(point)
    return pks, [k for _, k, _ in picks], [neg for _, _, neg in picks], bases


def reference(bases: list[Element], scalars: list[int], negated: list[bool]) -> Element:
    acc = ONE
    for base, k, neg in zip(bases, scalars, negated, strict=True):
        acc = GROUP.mul(acc, GROUP.exp(base, -k if neg else k))
    return acc


@compiled
def test_compiled_module_is_built() -> None:
    assert backend._COMPILED is not None


@compiled
@settings(max_examples=60, deadline=None, database=None)
@given(
    picks=st.lists(
        st.tuples(st.integers(0, len(POINTS) - 1), folded_scalars, st.booleans()),
        min_size=1,
        max_size=40,
    ),
    window=windows,
)
def test_compiled_equals_pure(picks: list[tuple[int, int, bool]], window: tuple[int, int]) -> None:
    """Random terms (duplicated bases, both signs, short and full-length scalars), any window."""
    pks, scalars, negated, bases = terms(picks)
    c, s = window
    pure = backend._bucket_multi_exp(pks, scalars, negated, c, s)
    assert backend._compiled_multi_exp(pks, scalars, negated, c, s) == pure
    assert pure == reference(bases, scalars, negated)


@compiled
@pytest.mark.parametrize(("c", "s"), [(1, 1), (2, 2), (3, 1), (4, 4), (8, 2), (16, 4)])
def test_compiled_sums_that_cancel(c: int, s: int) -> None:
    """Whole sums, single buckets and running sums that reach the point at infinity."""
    rng = random.Random(c * 16 + s)
    picks = [
        (rng.randrange(len(POINTS)), rng.randrange(1, HALF), rng.random() < 0.5) for _ in range(20)
    ]
    pks, scalars, negated, bases = terms(picks)
    flipped = [not neg for neg in negated]
    # every term beside its negation: the identity
    assert backend._compiled_multi_exp(pks + pks, scalars * 2, negated + flipped, c, s) == ONE
    # a cancelling half beside terms that survive
    survivors = terms([(1, 5, False), (2, HALF, True), (3, 2**200, False)])
    assert backend._compiled_multi_exp(
        pks + pks + survivors[0],
        scalars * 2 + survivors[1],
        negated + flipped + survivors[2],
        c,
        s,
    ) == reference(survivors[3], survivors[1], survivors[2])
    # one term, and one point twice with opposite signs (an empty sum in every bucket)
    assert backend._compiled_multi_exp(pks[:1], scalars[:1], negated[:1], c, s) == reference(
        bases[:1], scalars[:1], negated[:1]
    )
    assert backend._compiled_multi_exp(pks[:1] * 2, [7, 7], [False, True], c, s) == ONE


@compiled
def test_group_multi_exp_takes_the_compiled_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """The group's multi_exp runs the compiled path when built and the pure one when not; the
    results agree (a size where the planner picks buckets)."""
    rng = random.Random(5)
    bases = [rng.choice(POINTS) for _ in range(200)]
    exps = [rng.choice((rng.getrandbits(128), -rng.getrandbits(256), 0, N - 1)) for _ in bases]
    calls: list[int] = []
    run = backend._compiled_multi_exp

    def counted(*args: object) -> Element:
        calls.append(1)
        return run(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(backend, "_compiled_multi_exp", counted)
    with_compiled = GROUP.multi_exp(bases, exps)
    assert calls == [1]
    monkeypatch.setattr(backend, "_COMPILED", None)
    assert GROUP.multi_exp(bases, exps) == with_compiled
    assert calls == [1]
    assert with_compiled == GROUP.prod([GROUP.exp(b, e) for b, e in zip(bases, exps, strict=True)])
