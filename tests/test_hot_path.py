"""The verifier's fast paths give exactly what the plain definitions give.

The canonical encoder's fast path against its reference, the challenges and the ballot's proofs
encoding assembled from parts against the generic encoding of the same values, the range proof
over a product with factored equations against the plain range proof, the batch's bulk weights
and the ballot decoder's hex check against :func:`strict_hex`.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import batch as batch_module
from plebiscite.crypto import proofs, tags
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue, _encode, canonical_bytes, encode_bytes
from plebiscite.crypto.group import Element, Group, strict_hex
from plebiscite.crypto.hashing import hash_to_scalar
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.errors import EncodingError, ProofError
from plebiscite.model.ballot import EncryptedQuestion, proofs_value
from plebiscite.model.ballot.codec import _lowercase_hex
from plebiscite.model.ballot.content import encoded_proofs

_leaves = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-3, max_value=2**300)
    | st.binary(max_size=40)
    | st.text(max_size=12)
    | st.just("\ud800")
    | st.floats(allow_nan=False)
    | st.binary(max_size=4).map(bytearray)
)
_values = st.recursive(
    _leaves,
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(children, max_size=3).map(tuple)
        | st.dictionaries(st.text(max_size=6) | st.integers() | st.just("\udc00"), children)
    ),
    max_leaves=15,
)


def _outcome(run: Any) -> object:
    try:
        return run()
    except Exception as exc:  # the same exception, or the same bytes
        return (type(exc), str(exc))


def _reference(*values: Any) -> bytes:
    out: list[bytes] = []
    for value in values:
        _encode(value, out)
    return b"".join(out)


@settings(max_examples=2000, deadline=None, database=None)
@given(st.lists(_values, max_size=3))
def test_fast_encoder_matches_the_reference(values: list[Any]) -> None:
    assert _outcome(lambda: canonical_bytes(*values)) == _outcome(lambda: _reference(*values))


@pytest.mark.parametrize("n", [255, 1023, 1024, 70_000])
def test_fast_encoder_beyond_its_header_tables(n: int) -> None:
    """Lengths and counts on both sides of the fast path's header tables, ASCII and not."""
    values: list[Any] = [
        "x" * n,
        "é" * (n // 2 + 1),
        b"\xff" * n,
        2 ** (8 * n) - 1 if n <= 1024 else 7,
        list(range(n)),
        {f"k{i}": "v" for i in range(n)},
        ["é", b"\x80", {"é": 1}, ("a", 300)],
    ]
    for value in values:
        assert canonical_bytes(value) == _reference(value)
    assert canonical_bytes(*values) == _reference(*values)


@given(st.binary(max_size=70))
def test_encode_bytes(data: bytes) -> None:
    assert encode_bytes(data) == canonical_bytes(data)


def _random_element(group: Group, rng: DeterministicRandom, identity: bool = True) -> Element:
    if identity and rng.randbelow(5) == 0:
        return group.identity()
    return group.exp_g(group.random_nonzero_scalar(rng))


def _generic_challenge(
    group: Group,
    tag: str,
    statement: dict[str, Any],
    commitments: list[Any],
    context: Any,
) -> int:
    value = {
        "group": proofs.group_hash(group),
        "context": context,
        "statement": statement,
        "commitments": commitments,
    }
    return hash_to_scalar(tag, group.q, value)


def test_challenges_from_parts_match_the_generic_encoding(group: Group) -> None:
    rng = DeterministicRandom(b"challenge parts")
    enc = group.encode
    for trial in range(12):
        K = _random_element(group, rng, identity=False)
        ct = Ciphertext(_random_element(group, rng), _random_element(group, rng))
        context: CanonicalValue = {
            "ballot": bytes([trial]) * 32,
            "question": trial,
            "option": 300 * trial,
        }
        a = [_random_element(group, rng) for _ in range(2)]
        b = [_random_element(group, rng) for _ in range(2)]
        statement: dict[str, Any] = {
            "g": enc(group.generator()),
            "K": enc(K),
            "alpha": enc(ct.alpha),
            "beta": enc(ct.beta),
        }
        expected = _generic_challenge(
            group,
            tags.DISJUNCTIVE_CHALLENGE,
            statement,
            [enc(a[0]), enc(b[0]), enc(a[1]), enc(b[1])],
            context,
        )
        assert proofs.disjunction._zero_one_challenge(group, K, ct, a, b, context) == expected
        n = 1 + trial % 4
        lo = trial % 3
        a = [_random_element(group, rng) for _ in range(n)]
        b = [_random_element(group, rng) for _ in range(n)]
        expected = _generic_challenge(
            group,
            tags.RANGE_CHALLENGE,
            {**statement, "lo": lo, "hi": lo + n - 1},
            [[enc(x), enc(y)] for x, y in zip(a, b, strict=True)],
            context,
        )
        assert (
            proofs.disjunction._range_challenge(group, K, ct, lo, lo + n - 1, a, b, context)
            == expected
        )


def test_proofs_encoding_from_parts(group: Group) -> None:
    rng = DeterministicRandom(b"proofs parts")
    for trial in range(6):
        questions = []
        for _ in range(1 + trial % 3):
            n = 1 + rng.randbelow(3)
            k = 1 + rng.randbelow(3)

            def el() -> Element:
                return _random_element(group, rng)

            def sc() -> int:
                return group.random_scalar(rng)

            questions.append(
                EncryptedQuestion(
                    tuple(Ciphertext(el(), el()) for _ in range(n)),
                    tuple(
                        proofs.ZeroOneProof(el(), el(), el(), el(), sc(), sc(), sc())
                        for _ in range(n)
                    ),
                    proofs.RangeProof(
                        tuple(el() for _ in range(k)),
                        tuple(el() for _ in range(k)),
                        tuple(sc() for _ in range(k - 1)),
                        tuple(sc() for _ in range(k)),
                    ),
                )
            )
        assert encoded_proofs(group, questions) == canonical_bytes(proofs_value(group, questions))


def _verdict(run: Any) -> str:
    try:
        run()
    except ProofError as exc:
        return str(exc)
    return "ok"


@pytest.mark.parametrize("spoil", [None, "v", "c", "a"])
def test_range_of_product_agrees_with_the_plain_range_proof(
    group: Group, spoil: str | None
) -> None:
    rng = DeterministicRandom(b"range of product")
    x = group.random_nonzero_scalar(rng)
    K = group.exp_g(x)
    choices, randomness = [1, 0, 1], [group.random_scalar(rng) for _ in range(3)]
    cts = [
        Ciphertext(group.exp_g(r), group.mul(group.exp_g(m), group.exp(K, r)))
        for m, r in zip(choices, randomness, strict=True)
    ]
    total = Ciphertext(group.prod([c.alpha for c in cts]), group.prod([c.beta for c in cts]))
    context: CanonicalValue = {"ballot": bytes(32), "question": 0}
    proof = proofs.prove_range(group, K, total, 2, sum(randomness), 1, 3, context, rng=rng)
    if spoil == "v":
        proof = proofs.RangeProof(proof.a, proof.b, proof.c, (proof.v[0] + 1, *proof.v[1:]))
    elif spoil == "c":
        proof = proofs.RangeProof(
            proof.a, proof.b, ((proof.c[0] + 1) % group.q, *proof.c[1:]), proof.v
        )
    elif spoil == "a":
        proof = proofs.RangeProof((group.generator(), *proof.a[1:]), proof.b, proof.c, proof.v)

    def plain() -> None:
        proofs.verify_range(group, K, total, 1, 3, proof, context)

    def product() -> None:
        got = proofs.verify_range_of_product(group, K, cts, 1, 3, proof, context)
        assert got == total

    assert _verdict(product) == _verdict(plain)
    assert (_verdict(plain) == "ok") == (spoil is None)
    for verify_one in (plain, product):
        verifier = BatchVerifier(group)
        if verify_one is plain:
            proofs.verify_range(group, K, total, 1, 3, proof, context, batch=verifier, label="r")
        else:
            proofs.verify_range_of_product(
                group, K, cts, 1, 3, proof, context, batch=verifier, label="r"
            )
        assert verifier.check() == ([] if spoil is None else ["r"])


def test_bulk_weights() -> None:
    weights = batch_module.system_weights(1000)
    assert len(weights) == 1000 and len(set(weights)) == 1000
    assert all(0 < w < 2**64 for w in weights)
    assert batch_module.system_weights(0) == []


@given(st.text(alphabet="0123456789abcdefABCDEF \n\u0661g", max_size=8) | st.binary(max_size=2))
def test_lowercase_hex_accepts_what_strict_hex_accepts(text: Any) -> None:
    def check(decode: Any) -> object:
        try:
            return decode(text)
        except EncodingError:
            return "refused"

    assert check(_lowercase_hex) == check(lambda t: strict_hex(t, "x"))
