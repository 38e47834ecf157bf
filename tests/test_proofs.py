"""Proofs on every backend: each verifies, each single-field change fails, identity cases work.

A proof "case" is a flat map of every field that a verification reads (the statement, the
context with the ballot position, and the proof's own fields) and a function that verifies such a
map. Hypothesis picks one field and a new value for it; the verifier must then refuse, both
directly and through a batch.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from plebiscite.crypto import elgamal, proofs
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.errors import EncodingError, ParameterError, ProofError
from tinygroup import TinyGroup

Fields = dict[str, Any]
Verify = Callable[[Group, Fields, BatchVerifier | None], None]


def _context(f: Fields) -> dict[str, Any]:
    return {"ballot": f["ballot"], "question": f["question"], "option": f["option"]}


def _ct(f: Fields) -> Ciphertext:
    return Ciphertext(f["alpha"], f["beta"])


def _verify_schnorr(group: Group, f: Fields, batch: BatchVerifier | None) -> None:
    proof = proofs.SchnorrProof(f["h"], f["v"])
    proofs.verify_schnorr(group, f["X"], proof, _context(f), batch=batch, label="p")


def _verify_cp(group: Group, f: Fields, batch: BatchVerifier | None) -> None:
    proof = proofs.ChaumPedersenProof(f["a"], f["b"], f["v"])
    proofs.verify_chaum_pedersen(
        group, f["A"], f["B"], f["C"], proof, _context(f), batch=batch, label="p"
    )


def _verify_pd(group: Group, f: Fields, batch: BatchVerifier | None) -> None:
    proof = proofs.ChaumPedersenProof(f["a"], f["b"], f["v"])
    proofs.verify_partial_decryption(
        group, f["VK"], _ct(f), f["M"], proof, _context(f), batch=batch, label="p"
    )


def _verify_zero_one(group: Group, f: Fields, batch: BatchVerifier | None) -> None:
    names = ("a0", "b0", "a1", "b1", "c0", "v0", "v1")
    proof = proofs.ZeroOneProof(*(f[n] for n in names))
    proofs.verify_zero_one(group, f["K"], _ct(f), proof, _context(f), batch=batch, label="p")


def _verify_range(group: Group, f: Fields, batch: BatchVerifier | None) -> None:
    proof = proofs.RangeProof(f["a"], f["b"], f["c"], f["v"])
    proofs.verify_range(
        group, f["K"], _ct(f), f["lo"], f["hi"], proof, _context(f), batch=batch, label="p"
    )


@dataclass
class Case:
    fields: Fields
    verify: Verify


ELEMENT_FIELDS = {"X", "h", "A", "B", "C", "a", "b", "VK", "M", "K", "alpha", "beta"}
ELEMENT_FIELDS |= {"a0", "b0", "a1", "b1"}
SCALAR_FIELDS = {"v", "c0", "v0", "v1", "c"}


def _base_context() -> Fields:
    return {"ballot": bytes(range(32)), "question": 1, "option": 2}


def _proof_fields(proof: object) -> Fields:
    return {f.name: getattr(proof, f.name) for f in dataclasses.fields(proof)}  # type: ignore[arg-type]


def make_cases(group: Group) -> dict[str, Case]:
    rng = DeterministicRandom(f"proof-cases-{group.name}")
    kp = elgamal.keygen(group, rng)
    K = kp.public
    base = _base_context()
    ctx = _context(base)
    cases: dict[str, Case] = {}

    s = proofs.prove_schnorr(group, kp.secret, ctx, rng=rng)
    cases["schnorr"] = Case({**base, "X": K, "h": s.commitment, "v": s.response}, _verify_schnorr)

    B = group.exp_g(group.random_nonzero_scalar(rng))
    cp = proofs.prove_chaum_pedersen(group, kp.secret, B, ctx, rng=rng)
    cases["chaum-pedersen"] = Case(
        {**base, "A": K, "B": B, "C": group.exp(B, kp.secret), "a": cp.a, "b": cp.b}
        | {"v": cp.response},
        _verify_cp,
    )

    for m in (0, 1):
        ct, r = elgamal.encrypt(group, K, m, rng=rng)
        zo = proofs.prove_zero_one(group, K, ct, m, r, ctx, rng=rng)
        cases[f"zero-one-{m}"] = Case(
            {**base, "K": K, "alpha": ct.alpha, "beta": ct.beta, **_proof_fields(zo)},
            _verify_zero_one,
        )

    for m, lo, hi in ((1, 1, 1), (2, 0, 3), (0, 0, 2)):
        ct, r = elgamal.encrypt(group, K, m, rng=rng)
        rp = proofs.prove_range(group, K, ct, m, r, lo, hi, ctx, rng=rng)
        cases[f"range-{m}-in-{lo}-{hi}"] = Case(
            {**base, "K": K, "alpha": ct.alpha, "beta": ct.beta, "lo": lo, "hi": hi}
            | {"a": rp.a, "b": rp.b, "c": rp.c, "v": rp.v},
            _verify_range,
        )

    ct, _ = elgamal.encrypt(group, K, 3, rng=rng)
    partial, pd = proofs.prove_partial_decryption(group, kp.secret, ct, ctx, rng=rng)
    cases["partial-decryption"] = Case(
        {**base, "VK": K, "alpha": ct.alpha, "beta": ct.beta, "M": partial}
        | {"a": pd.a, "b": pd.b, "v": pd.response},
        _verify_pd,
    )
    return cases


_CASES: dict[str, dict[str, Case]] = {}


def cases_for(group: Group) -> dict[str, Case]:
    if group.name not in _CASES:
        _CASES[group.name] = make_cases(group)
    return _CASES[group.name]


CASE_NAMES = [
    "schnorr",
    "chaum-pedersen",
    "zero-one-0",
    "zero-one-1",
    "range-1-in-1-1",
    "range-2-in-0-3",
    "range-0-in-0-2",
    "partial-decryption",
]


@pytest.mark.parametrize("name", CASE_NAMES)
def test_each_proof_verifies(group: Group, name: str) -> None:
    case = cases_for(group)[name]
    case.verify(group, case.fields, None)
    batch = BatchVerifier(group)
    case.verify(group, case.fields, batch)
    assert batch.check() == []


def _new_value(data: st.DataObject, group: Group, name: str, old: Any) -> Any:
    if name in ELEMENT_FIELDS and isinstance(old, tuple):
        i = data.draw(st.integers(0, len(old) - 1), label="index")
        return (*old[:i], _new_value(data, group, name, old[i]), *old[i + 1 :])
    if name in SCALAR_FIELDS and isinstance(old, tuple):
        if not old:
            return (data.draw(st.integers(0, group.q - 1), label="extra challenge"),)
        i = data.draw(st.integers(0, len(old) - 1), label="index")
        return (*old[:i], _new_value(data, group, name, old[i]), *old[i + 1 :])
    new: Any
    if name in ELEMENT_FIELDS:
        k = data.draw(st.integers(1, group.q - 1), label="exponent")
        new = data.draw(
            st.sampled_from([group.exp_g(k), group.mul(old, group.generator()), group.inv(old)])
        )
    elif name in SCALAR_FIELDS:
        new = data.draw(
            st.sampled_from([(old + 1) % group.q, (old - 1) % group.q, 0])
            | st.integers(0, group.q - 1)
        )
    elif name == "ballot":
        i = data.draw(st.integers(0, 31), label="byte")
        new = old[:i] + bytes([old[i] ^ data.draw(st.integers(1, 255))]) + old[i + 1 :]
    else:  # question, option, lo, hi: small integers
        new = data.draw(st.integers(0, 6))
    assume(new != old)
    return new


@pytest.mark.parametrize("name", CASE_NAMES)
def test_any_single_change_fails(group: Group, name: str, examples: hsettings) -> None:
    case = cases_for(group)[name]

    @examples
    @given(st.data())
    def check(data: st.DataObject) -> None:
        field = data.draw(st.sampled_from(sorted(case.fields)), label="field")
        fields = {**case.fields, field: _new_value(data, group, field, case.fields[field])}
        with pytest.raises(ProofError):
            case.verify(group, fields, None)
        batch = BatchVerifier(group)
        try:
            case.verify(group, fields, batch)
        except ProofError:
            return  # refused before any equation was added
        assert batch.check() == ["p"]

    check()


def test_errors_name_the_proof_and_the_part(group: Group) -> None:
    cases = cases_for(group)
    zo = cases["zero-one-1"]
    with pytest.raises(ProofError, match=r"zero-one proof: the equation g\^v0"):
        zo.verify(group, {**zo.fields, "v0": (zo.fields["v0"] + 1) % group.q}, None)
    with pytest.raises(ProofError, match="zero-one proof: commitment b1 is the identity"):
        zo.verify(group, {**zo.fields, "b1": group.identity()}, None)
    with pytest.raises(ProofError, match="zero-one proof: ciphertext alpha is the identity"):
        zo.verify(group, {**zo.fields, "alpha": group.identity()}, None)
    with pytest.raises(ProofError, match=r"response v1 is not a scalar in \[0, q\)"):
        zo.verify(group, {**zo.fields, "v1": group.q}, None)
    with pytest.raises(ProofError, match="zero-one proof: public key K is the identity"):
        zo.verify(group, {**zo.fields, "K": group.identity()}, None)
    rp = cases["range-2-in-0-3"]
    with pytest.raises(ProofError, match="range proof: expected 4 commitments"):
        rp.verify(group, {**rp.fields, "v": rp.fields["v"][:-1]}, None)
    with pytest.raises(ProofError, match="range proof: the range"):
        rp.verify(group, {**rp.fields, "lo": 4}, None)
    s = cases["schnorr"]
    with pytest.raises(ProofError, match="Schnorr proof: commitment h is the identity"):
        s.verify(group, {**s.fields, "h": group.identity()}, None)


def test_prover_refuses_false_statements(group: Group) -> None:
    kp = elgamal.keygen(group, DeterministicRandom(11))
    ct, r = elgamal.encrypt(group, kp.public, 2, rng=DeterministicRandom(12))
    with pytest.raises(ParameterError):
        proofs.prove_zero_one(group, kp.public, ct, 2, r, "ctx")
    with pytest.raises(ParameterError):
        proofs.prove_range(group, kp.public, ct, 2, r, 3, 5, "ctx")
    with pytest.raises(ParameterError):
        proofs.prove_range(group, kp.public, ct, 2, r, 3, 1, "ctx")
    # a proof for the wrong plaintext does not verify
    lying = proofs.prove_zero_one(group, kp.public, ct, 1, r, "ctx", rng=DeterministicRandom(13))
    with pytest.raises(ProofError):
        proofs.verify_zero_one(group, kp.public, ct, lying, "ctx")
    lying_range = proofs.prove_range(group, kp.public, ct, 1, r, 0, 1, "ctx")
    with pytest.raises(ProofError):
        proofs.verify_range(group, kp.public, ct, 0, 1, lying_range, "ctx")


class ScriptedRandom:
    """Hands out the given values in order (each reduced below the requested bound)."""

    def __init__(self, values: list[int]) -> None:
        self.values = list(values)

    def randbytes(self, n: int) -> bytes:
        raise AssertionError("not used by the provers")

    def randbelow(self, bound: int) -> int:
        return self.values.pop(0) % bound


def test_simulated_branch_with_zero_response(group: Group) -> None:
    kp = elgamal.keygen(group, DeterministicRandom(21))
    ct, r = elgamal.encrypt(group, kp.public, 1, rng=DeterministicRandom(22))
    # draws: nonce u, simulated challenges c'_0 c'_1, simulated responses v'_0 v'_1
    rng = ScriptedRandom([123, 456, 789, 0, 0])
    proof = proofs.prove_zero_one(group, kp.public, ct, 1, r, "ctx", rng=rng)
    assert proof.v0 == 0 and proof.c0 == 456
    proofs.verify_zero_one(group, kp.public, ct, proof, "ctx")
    assert proofs.decode_zero_one(group, proofs.encode_proof(group, proof), "p") == proof
    batch = BatchVerifier(group)
    proofs.verify_zero_one(group, kp.public, ct, proof, "ctx", batch=batch, label="v0=0")
    assert batch.check() == []


def test_partial_decryption_of_identity_aggregates(group: Group) -> None:
    kp = elgamal.keygen(group, DeterministicRandom(31))
    ct1, r1 = elgamal.encrypt(group, kp.public, 1, rng=DeterministicRandom(32))
    ct2, _ = elgamal.encrypt(group, kp.public, 0, r=-r1)
    for total in (elgamal.add(group, ct1, ct2), elgamal.aggregate(group, [])):
        assert group.is_identity(total.alpha)
        partial, proof = proofs.prove_partial_decryption(group, kp.secret, total, "ctx")
        assert group.is_identity(partial) and group.is_identity(proof.b)
        proofs.verify_partial_decryption(group, kp.public, total, partial, proof, "ctx")
        encoded = proofs.encode_proof(group, proof)
        assert proofs.decode_chaum_pedersen(group, encoded, "pd") == proof
        batch = BatchVerifier(group)
        proofs.verify_partial_decryption(
            group, kp.public, total, partial, proof, "ctx", batch=batch, label="pd"
        )
        assert batch.check() == []
        # a non-identity partial decryption of α = 1 cannot be proven
        bogus = group.generator()
        with pytest.raises(ProofError):
            proofs.verify_partial_decryption(group, kp.public, total, bogus, proof, "ctx")


def test_range_over_an_identity_sum(group: Group) -> None:
    kp = elgamal.keygen(group, DeterministicRandom(41))
    ct1, r1 = elgamal.encrypt(group, kp.public, 1, rng=DeterministicRandom(42))
    ct2, r2 = elgamal.encrypt(group, kp.public, 0, r=-r1)
    total = elgamal.add(group, ct1, ct2)
    proof = proofs.prove_range(group, kp.public, total, 1, (r1 + r2) % group.q, 1, 1, "ctx")
    proofs.verify_range(group, kp.public, total, 1, 1, proof, "ctx")


def test_proof_codecs_round_trip_and_refuse(group: Group) -> None:
    cases = cases_for(group)
    f = cases["range-2-in-0-3"].fields
    rp = proofs.RangeProof(f["a"], f["b"], f["c"], f["v"])
    encoded = proofs.encode_proof(group, rp)
    assert proofs.decode_range(group, encoded, "r") == rp
    s = cases["schnorr"].fields
    sp = proofs.SchnorrProof(s["h"], s["v"])
    assert proofs.decode_schnorr(group, proofs.encode_proof(group, sp), "s") == sp
    with pytest.raises(EncodingError, match="exactly the fields"):
        proofs.decode_schnorr(group, {**proofs.encode_proof(group, sp), "x": "00"}, "s")
    vs, as_ = encoded["v"], encoded["a"]
    assert isinstance(vs, list) and isinstance(as_, list)
    bad = {**encoded, "v": [*vs[:-1], group.scalar_to_hex(0)[:-2]]}
    with pytest.raises(EncodingError, match=r"r\.v\[3\]"):
        proofs.decode_range(group, bad, "r")
    identity = {**encoded, "a": [group.to_hex(group.identity()), *as_[1:]]}
    with pytest.raises(EncodingError, match=r"r\.a\[0\]"):
        proofs.decode_range(group, identity, "r")


class RecordingTiny(TinyGroup):
    """The tiny group, recording the name of every operation the prover calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def _log(self, name: str) -> None:
        self.calls.append(name)

    def mul(self, a: Element, b: Element) -> Element:
        self._log("mul")
        return super().mul(a, b)

    def div(self, a: Element, b: Element) -> Element:
        self._log("div")
        return super().div(a, b)

    def exp(self, a: Element, k: int) -> Element:
        self._log("exp")
        return super().exp(a, k)

    def exp_g(self, k: int) -> Element:
        self._log("exp_g")
        return super().exp_g(k)

    def exp_secret(self, a: Element, k: int) -> Element:
        self._log("exp_secret")
        return super().exp_secret(a, k)

    def exp_g_secret(self, k: int) -> Element:
        self._log("exp_g_secret")
        return super().exp_g_secret(k)


def test_disjunctive_provers_do_the_same_work_for_every_message() -> None:
    group = RecordingTiny()
    kp = elgamal.keygen(group, DeterministicRandom(51))
    traces = []
    for m in (0, 1):
        ct, r = elgamal.encrypt(group, kp.public, m, rng=DeterministicRandom(52))
        group.calls.clear()
        proofs.prove_zero_one(group, kp.public, ct, m, r, "ctx", rng=DeterministicRandom(53))
        traces.append(list(group.calls))
    assert traces[0] == traces[1] and traces[0]
    range_traces = []
    for m in (2, 3, 4):
        ct, r = elgamal.encrypt(group, kp.public, m, rng=DeterministicRandom(54))
        group.calls.clear()
        proofs.prove_range(group, kp.public, ct, m, r, 2, 4, "ctx", rng=DeterministicRandom(55))
        range_traces.append(list(group.calls))
    assert range_traces[0] == range_traces[1] == range_traces[2]


def test_equation_functions_accept_outside_challenges(group: Group) -> None:
    """The exposed equations hold for the challenges the proof was made with, and only those."""
    f = cases_for(group)["zero-one-0"].fields
    proof = proofs.ZeroOneProof(*(f[n] for n in ("a0", "b0", "a1", "b1", "c0", "v0", "v1")))
    ct = _ct(f)
    c = proofs.disjunction._zero_one_challenge(
        group, f["K"], ct, [proof.a0, proof.a1], [proof.b0, proof.b1], _context(f)
    )
    good = proofs.zero_one_equations(group, f["K"], ct, proof, proof.c0, (c - proof.c0) % group.q)
    batch = BatchVerifier(group)
    batch.add_equations("good", good)
    bad = proofs.zero_one_equations(
        group, f["K"], ct, proof, proof.c0, (c - proof.c0 + 1) % group.q
    )
    batch.add_equations("bad", bad)
    assert batch.check() == ["bad"]


@pytest.mark.parametrize(
    ("field", "role"),
    [
        ("K", "public key K"),
        ("alpha", "ciphertext alpha"),
        ("beta", "ciphertext beta"),
        ("a0", "commitment a0"),
        ("a1", "commitment a1"),
        ("b0", "commitment b0"),
        ("b1", "commitment b1"),
    ],
)
def test_zero_one_refuses_each_element_naming_it(group: Group, field: str, role: str) -> None:
    """Each element of a 0/1 proof's statement and commitments is refused, naming its role,
    when it is the identity or no element at all; an earlier bad value is named first."""
    zo = cases_for(group)["zero-one-1"]
    for bad, what in ((group.identity(), "is the identity"), (7, "is not a group element")):
        with pytest.raises(ProofError, match=f"zero-one proof: {role} {what}"):
            zo.verify(group, {**zo.fields, field: bad}, BatchVerifier(group))
    with pytest.raises(ProofError, match=f"zero-one proof: {role} is"):
        zo.verify(group, {**zo.fields, field: 7, "v1": -1}, None)


@pytest.mark.parametrize(
    ("field", "role"), [("c0", "challenge c0"), ("v0", "response v0"), ("v1", "response v1")]
)
def test_zero_one_refuses_each_scalar_naming_it(group: Group, field: str, role: str) -> None:
    """A 0/1 proof's scalars are ints in [0, q): q, −1, a bool and a float are refused,
    naming the scalar."""
    zo = cases_for(group)["zero-one-1"]
    for bad in (group.q, -1, True, 1.0):
        with pytest.raises(
            ProofError, match=rf"zero-one proof: {role} is not a scalar in \[0, q\)"
        ):
            zo.verify(group, {**zo.fields, field: bad}, BatchVerifier(group))
