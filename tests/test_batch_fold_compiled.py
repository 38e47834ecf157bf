"""The compiled first step of the batch's fold (``batch_fold.c``) against its reference.

The compiled module is built by ``make setup`` (``scripts/build_native.py``); a plain ``pip
install .`` has none, and then the tests that need it are skipped, except under ``make test`` and
in CI (``PLEBISCITE_REQUIRE_COMPILED=1``), where a missing module fails.
"""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import batch as batch_module
from plebiscite.crypto.batch import BatchVerifier, Equation, fold_by_object
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.secp256k1 import SECP256K1

REQUIRED = os.environ.get("PLEBISCITE_REQUIRE_COMPILED") == "1" or bool(os.environ.get("CI"))
compiled = pytest.mark.skipif(
    batch_module._COMPILED is None and not REQUIRED,
    reason="the compiled batch fold is not built (make setup builds it)",
)
GROUP = SECP256K1
_RNG = DeterministicRandom(b"batch fold")
POINTS = [GROUP.exp_g(GROUP.random_nonzero_scalar(_RNG)) for _ in range(6)]
# the same point as POINTS[0] but another object: merged by equality later, not here
POINTS.append(GROUP.decode(GROUP.encode(POINTS[0]), "copy"))

exponents = st.one_of(
    st.integers(min_value=0, max_value=GROUP.q - 1),
    st.integers(min_value=-(2**300), max_value=2**300),
    st.sampled_from([0, 1, GROUP.q - 1, GROUP.q, 2**64]),
)
equations = st.lists(
    st.lists(st.tuples(st.integers(0, len(POINTS) - 1), exponents), max_size=6).map(
        lambda terms: Equation(tuple(POINTS[i] for i, _ in terms), tuple(e for _, e in terms))
    ),
    max_size=12,
)


def run(eqs: list[Equation], weights: list[int]) -> tuple[list[Any], list[int]]:
    assert batch_module._COMPILED is not None
    return batch_module._COMPILED(eqs, weights)


@compiled
@settings(max_examples=200, deadline=None)
@given(equations, st.data())
def test_compiled_equals_the_reference(eqs: list[Equation], data: st.DataObject) -> None:
    weights = data.draw(
        st.lists(
            st.integers(min_value=1, max_value=2**64 - 1), min_size=len(eqs), max_size=len(eqs)
        )
    )
    objects, totals = run(eqs, weights)
    ref_objects, ref_totals = fold_by_object(eqs, weights)
    assert len(objects) == len(ref_objects)
    assert all(a is b for a, b in zip(objects, ref_objects, strict=True))
    assert totals == ref_totals


@compiled
def test_known_answer() -> None:
    p, q_, copy = POINTS[1], POINTS[2], POINTS[-1]
    eqs = [Equation((p, q_), (3, 5)), Equation((q_, copy, p), (7, 11, 13))]
    objects, totals = run(eqs, [2, 10])
    assert objects == [p, q_, copy] and objects[2] is copy
    assert totals == [2 * 3 + 10 * 13, 2 * 5 + 10 * 7, 10 * 11]


@compiled
def test_malformed_input_is_refused() -> None:
    p = POINTS[1]
    with pytest.raises(ValueError, match="one weight per equation"):
        run([Equation((p,), (1,))], [])
    with pytest.raises(ValueError, match="differ in number"):
        run([Equation((p, p), (1,))], [1])
    with pytest.raises(ValueError):  # the reference refuses it too (zip, strict)
        fold_by_object([Equation((p, p), (1,))], [1])
    with pytest.raises(TypeError):
        run([[(p,), (1,)]], [1])  # type: ignore[list-item]
    with pytest.raises(TypeError):  # an exponent that is no number: the int's own error
        run([Equation((p,), (None,))], [1])  # type: ignore[arg-type]


@compiled
@pytest.mark.parametrize("bad", [None, 0, 3])
def test_the_batch_names_the_same_failures_either_way(
    bad: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch of Schnorr-style equations, one spoiled (or none), checked with the compiled fold
    and with the reference, the same weights drawn: the same failing labels."""
    g = GROUP.generator()

    def batch() -> BatchVerifier:
        weights = iter(range(3, 10_000, 7))
        verifier = BatchVerifier(GROUP, _weight_source=lambda: next(weights))
        for i in range(6):
            x = GROUP.random_nonzero_scalar(_RNG)
            y = GROUP.exp_g(x)
            spoil = 1 if i == bad else 0
            verifier.add(f"item {i}", (g, y), (x + spoil, GROUP.q - 1))
        return verifier

    with_compiled = batch().check()
    monkeypatch.setattr(batch_module, "_COMPILED", None)
    with_reference = batch().check()
    assert with_compiled == with_reference == ([] if bad is None else [f"item {bad}"])
