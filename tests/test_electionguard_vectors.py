"""Cross-implementation check: an ElectionGuard 1.0 record holds under plebiscite's equations.

The record is the ElectionGuard Python SDK's sample election in
``../shared/data/electionguard/python-sdk-sample/`` (guardians with coefficient commitments and
Schnorr proofs, submitted ballots with disjunctive and constant Chaum–Pedersen proofs, the tally
and a spoiled ballot with decryption shares and their Chaum–Pedersen proofs). Every element is
decoded with ``MODP4096`` (range and order-q membership checked) and every proof's GROUP
EQUATIONS are evaluated with plebiscite's own equation builders, using the challenges the record
carries (ElectionGuard's own challenge hashes are not recomputed here).

ElectionGuard 1.0's conventions and how they map onto plebiscite's (the SDK's
``chaum_pedersen.py`` and ``schnorr.py``; the same forms in its Java port
``JohnLCaron/electionguard-java`` ``ChaumPedersen.java``):

* Elements and scalars are uppercase hex without a fixed width; responses are ``v = u + c·s``, the
  sign convention plebiscite uses, so no response is negated.
* Schnorr (``election_proofs``): ``public_key`` K, ``commitment`` h, ``challenge`` c,
  ``response`` u; check ``g^u = h·K^c``: :func:`schnorr_equations`.
* Disjunctive Chaum–Pedersen (a selection's ``proof``): ``proof_zero_pad/data`` = (a0, b0),
  ``proof_one_pad/data`` = (a1, b1), ``proof_zero/one_challenge`` = c0, c1 with
  ``challenge = c0 + c1``, responses v0, v1; checks ``g^v0 = a0·α^c0``, ``K^v0 = b0·β^c0``,
  ``g^v1 = a1·α^c1`` and ``g^c1·K^v1 = b1·β^c1``. The last is ``K^v1 = b1·(β/g)^c1``:
  exactly :func:`zero_one_equations` with the carried c0 and c1.
* Constant Chaum–Pedersen (a contest's ``proof`` on ``ciphertext_accumulation``, with
  ``constant`` L): ``g^v = a·α^c`` and ``g^(L·c)·K^v = b·β^c``, i.e. ``K^v = b·(β/g^L)^c``: one
  branch of a range proof with ``lo = hi = L`` (:func:`range_equations`).
* Decryption shares (``tally.json`` and ``spoiled_ballots``): guardian i's share
  ``M_i = A^(s_i)`` with ``pad`` a, ``data`` b, ``challenge`` c, ``response`` v; checks
  ``g^v = a·K_i^c`` and ``A^v = b·M_i^c`` where K_i is the guardian's ``election_public_key``:
  :func:`partial_decryption_equations`. With every guardian present, ``β / ∏ M_i`` is the
  selection's ``value`` and equals ``g^tally``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from _shared import SHARED, needs
from plebiscite.crypto.batch import BatchVerifier, Equation, equation_holds
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element
from plebiscite.crypto.modp import MODP4096, MODP4096_G, MODP4096_P, MODP4096_Q, MODP4096_R
from plebiscite.crypto.proofs import (
    ChaumPedersenProof,
    RangeProof,
    SchnorrProof,
    ZeroOneProof,
    partial_decryption_equations,
    range_equations,
    schnorr_equations,
    zero_one_equations,
)

SAMPLE = SHARED / "data" / "electionguard" / "python-sdk-sample"

pytestmark = [
    pytest.mark.shared,
    needs(SAMPLE / "context.json", "the ElectionGuard 1.0 sample record"),
]

G = MODP4096
#: ElectionGuard 1.0 ballot-box state of a cast ballot (2 is spoiled)
CAST = 1


# -- adapters from ElectionGuard's JSON to plebiscite values ---------------------------------------


def element(text: object, role: str, *, identity: bool = False) -> Element:
    """An ElectionGuard element (uppercase hex, any width) decoded strictly by MODP4096."""
    assert isinstance(text, str), f"{role}: expected a hex string"
    value = int(text, 16)
    return G.decode(value.to_bytes(G.element_bytes, "big"), role, allow_identity=identity)


def scalar(text: object, role: str) -> int:
    """An ElectionGuard scalar (uppercase hex, any width), which must lie below q."""
    assert isinstance(text, str), f"{role}: expected a hex string"
    return G.decode_scalar(int(text, 16).to_bytes(G.scalar_bytes, "big"), role)


def ciphertext(obj: Mapping[str, Any], role: str) -> Ciphertext:
    return Ciphertext(element(obj["pad"], f"{role}.pad"), element(obj["data"], f"{role}.data"))


def load(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


@dataclass(frozen=True)
class Case:
    """One proof of the record: its group equations as a function of its responses."""

    label: str
    responses: dict[str, int]
    build: Callable[[Mapping[str, int]], list[Equation]]

    def equations(self, responses: Mapping[str, int] | None = None) -> list[Equation]:
        return self.build(self.responses if responses is None else responses)


@dataclass(frozen=True)
class Record:
    cases: list[Case]
    context: dict[str, Any]
    guardian_keys: dict[str, Element]
    ballots: list[tuple[str, dict[str, Any]]]
    tally: dict[str, Any]
    encrypted_tally: dict[str, Any]
    spoiled: list[tuple[str, dict[str, Any]]]


def _schnorr_cases(name: str, guardian: Mapping[str, Any]) -> Iterator[Case]:
    commitments = guardian["election_commitments"]
    assert len(guardian["election_proofs"]) == len(commitments)
    for j, proof in enumerate(guardian["election_proofs"]):
        role = f"{name}: election_proofs[{j}]"
        key = element(proof["public_key"], f"{role}.public_key")
        assert key == element(commitments[j], f"{name}: election_commitments[{j}]")
        h = element(proof["commitment"], f"{role}.commitment")
        c = scalar(proof["challenge"], f"{role}.challenge")

        def build(r: Mapping[str, int], key: Element = key, h: Element = h, c: int = c) -> Any:
            return schnorr_equations(G, key, SchnorrProof(h, r["response"]), c)

        yield Case(role, {"response": scalar(proof["response"], f"{role}.response")}, build)


def _ballot_cases(name: str, ballot: Mapping[str, Any], key: Element) -> Iterator[Case]:
    for contest in ballot["contests"]:
        where = f"{name}: contest {contest['object_id']}"
        product = Ciphertext(G.identity(), G.identity())
        for selection in contest["ballot_selections"]:
            role = f"{where}, selection {selection['object_id']}"
            ct = ciphertext(selection["ciphertext"], f"{role}.ciphertext")
            product = Ciphertext(G.mul(product.alpha, ct.alpha), G.mul(product.beta, ct.beta))
            p = selection["proof"]
            pr = f"{role}.proof"
            c0 = scalar(p["proof_zero_challenge"], f"{pr}.proof_zero_challenge")
            c1 = scalar(p["proof_one_challenge"], f"{pr}.proof_one_challenge")
            # the record's own consistency: c = c0 + c1 (c itself is not recomputed here)
            assert (c0 + c1) % G.q == scalar(p["challenge"], f"{pr}.challenge"), pr
            a0 = element(p["proof_zero_pad"], f"{pr}.proof_zero_pad")
            b0 = element(p["proof_zero_data"], f"{pr}.proof_zero_data")
            a1 = element(p["proof_one_pad"], f"{pr}.proof_one_pad")
            b1 = element(p["proof_one_data"], f"{pr}.proof_one_data")

            def build_01(
                r: Mapping[str, int],
                ct: Ciphertext = ct,
                a: tuple[Element, ...] = (a0, b0, a1, b1),
                c: tuple[int, int] = (c0, c1),
            ) -> Any:
                proof = ZeroOneProof(*a, c0=c[0], v0=r["proof_zero_response"], v1=r["v1"])
                return zero_one_equations(G, key, ct, proof, *c)

            responses = {
                "proof_zero_response": scalar(
                    p["proof_zero_response"], f"{pr}.proof_zero_response"
                ),
                "v1": scalar(p["proof_one_response"], f"{pr}.proof_one_response"),
            }
            yield Case(f"{pr} (disjunctive Chaum-Pedersen)", responses, build_01)

        role = f"{where}.proof"
        accumulation = ciphertext(contest["ciphertext_accumulation"], f"{where}.accumulation")
        # the accumulation is the product of the contest's selections, placeholders included
        assert accumulation == product, f"{where}: ciphertext_accumulation is not the product"
        p = contest["proof"]
        constant = p["constant"]
        assert isinstance(constant, int) and 0 <= constant < 1_000_000, f"{role}.constant"
        a = element(p["pad"], f"{role}.pad")
        b = element(p["data"], f"{role}.data")
        c = scalar(p["challenge"], f"{role}.challenge")

        def build_const(
            r: Mapping[str, int],
            ct: Ciphertext = accumulation,
            a: Element = a,
            b: Element = b,
            c: int = c,
            lv: int = constant,
        ) -> Any:
            proof = RangeProof(a=(a,), b=(b,), c=(), v=(r["response"],))
            return range_equations(G, key, ct, lv, lv, proof, [c])

        response = {"response": scalar(p["response"], f"{role}.response")}
        yield Case(f"{role} (constant Chaum-Pedersen, L = {constant})", response, build_const)


def _share_cases(
    name: str, contests: Mapping[str, Any], guardian_keys: Mapping[str, Element]
) -> Iterator[Case]:
    for contest_id, contest in contests.items():
        for selection_id, selection in contest["selections"].items():
            where = f"{name}: {contest_id}/{selection_id}"
            ct = ciphertext(selection["message"], f"{where}.message")
            for n, share in enumerate(selection["shares"]):
                role = f"{where}.shares[{n}] (guardian {share['guardian_id']})"
                vk = guardian_keys[share["guardian_id"]]
                m_i = element(share["share"], f"{role}.share", identity=True)
                p = share["proof"]
                a = element(p["pad"], f"{role}.proof.pad")
                b = element(p["data"], f"{role}.proof.data", identity=True)
                c = scalar(p["challenge"], f"{role}.proof.challenge")

                def build(
                    r: Mapping[str, int],
                    vk: Element = vk,
                    ct: Ciphertext = ct,
                    m_i: Element = m_i,
                    ab: tuple[Element, Element] = (a, b),
                    c: int = c,
                ) -> Any:
                    proof = ChaumPedersenProof(ab[0], ab[1], r["response"])
                    return partial_decryption_equations(G, vk, ct, m_i, proof, c)

                response = {"response": scalar(p["response"], f"{role}.proof.response")}
                yield Case(f"{role} (Chaum-Pedersen)", response, build)


@pytest.fixture(scope="module")
def record() -> Record:
    context = load(SAMPLE / "context.json")
    key = element(context["elgamal_public_key"], "context.json: elgamal_public_key")
    cases: list[Case] = []
    guardian_keys: dict[str, Element] = {}
    for path in sorted((SAMPLE / "guardians").glob("*.json")):
        guardian = load(path)
        name = f"guardians/{path.name}"
        guardian_keys[str(guardian["guardian_id"])] = element(
            guardian["election_public_key"], f"{name}: election_public_key"
        )
        cases.extend(_schnorr_cases(name, guardian))
    ballots = []
    for path in sorted((SAMPLE / "submitted_ballots").glob("*.json")):
        ballot = load(path)
        ballots.append((path.name, ballot))
        cases.extend(_ballot_cases(f"submitted_ballots/{path.name}", ballot, key))
    tally = load(SAMPLE / "tally.json")
    cases.extend(_share_cases("tally.json", tally["contests"], guardian_keys))
    spoiled = []
    for path in sorted((SAMPLE / "spoiled_ballots").glob("*.json")):
        decrypted = load(path)
        spoiled.append((path.name, decrypted))
        cases.extend(
            _share_cases(f"spoiled_ballots/{path.name}", decrypted["contests"], guardian_keys)
        )
    return Record(
        cases=cases,
        context=context,
        guardian_keys=guardian_keys,
        ballots=ballots,
        tally=tally,
        encrypted_tally=load(SAMPLE / "encrypted_tally.json"),
        spoiled=spoiled,
    )


# -- the checks ------------------------------------------------------------------------------------


def test_constants_are_modp4096() -> None:
    constants = load(SAMPLE / "constants.json")
    assert int(constants["large_prime"], 16) == MODP4096_P
    assert int(constants["small_prime"], 16) == MODP4096_Q
    assert int(constants["cofactor"], 16) == MODP4096_R
    assert int(constants["generator"], 16) == MODP4096_G


def test_the_record_has_every_kind_of_proof(record: Record) -> None:
    kinds = {
        "Schnorr": sum("election_proofs" in c.label for c in record.cases),
        "disjunctive": sum("disjunctive" in c.label for c in record.cases),
        "constant": sum("constant" in c.label for c in record.cases),
        "decryption": sum(c.label.endswith("(Chaum-Pedersen)") for c in record.cases),
    }
    n_guardians = record.context["number_of_guardians"]
    assert kinds["Schnorr"] == n_guardians * record.context["quorum"]
    assert kinds["disjunctive"] >= 40 and kinds["constant"] >= 9
    assert kinds["decryption"] >= 2 * n_guardians * 6


def test_joint_key_is_the_product_of_the_guardians_keys(record: Record) -> None:
    key = element(record.context["elgamal_public_key"], "context.json: elgamal_public_key")
    assert G.prod(list(record.guardian_keys.values())) == key


def test_every_proof_holds_one_by_one(record: Record) -> None:
    failing = [
        case.label
        for case in record.cases
        if not all(equation_holds(G, eq) for eq in case.equations())
    ]
    assert failing == []


def test_every_proof_holds_in_one_batch(record: Record) -> None:
    batch = BatchVerifier(G)
    for case in record.cases:
        batch.add_equations(case.label, case.equations())
    assert batch.check() == []
    assert batch.multi_exps == 1


def test_a_one_bit_change_to_any_response_fails(record: Record) -> None:
    survivors = []
    for case in record.cases:
        for name, value in case.responses.items():
            changed = dict(case.responses, **{name: value ^ 1})
            if all(equation_holds(G, eq) for eq in case.equations(changed)):
                survivors.append(f"{case.label}: {name}")
    assert survivors == []


def test_the_batch_names_the_one_changed_proof(record: Record) -> None:
    target = record.cases[len(record.cases) // 2]
    name, value = next(iter(target.responses.items()))
    batch = BatchVerifier(G)
    for case in record.cases:
        responses = dict(case.responses, **{name: value ^ 1}) if case is target else None
        batch.add_equations(case.label, case.equations(responses))
    assert batch.check() == [target.label]


def test_the_tally_is_the_cast_ballots_decrypted(record: Record) -> None:
    g = G.generator()
    cast = [b for _, b in record.ballots if b["state"] == CAST]
    assert cast and len(cast) < len(record.ballots)  # one ballot of the sample is spoiled
    for contest_id, contest in record.tally["contests"].items():
        encrypted = record.encrypted_tally["contests"][contest_id]["selections"]
        for selection_id, selection in contest["selections"].items():
            role = f"tally.json: {contest_id}/{selection_id}"
            ct = ciphertext(selection["message"], f"{role}.message")
            assert ct == ciphertext(encrypted[selection_id]["ciphertext"], "encrypted_tally")
            product = Ciphertext(G.identity(), G.identity())
            for ballot in cast:
                for c in ballot["contests"]:
                    for s in c["ballot_selections"]:
                        if c["object_id"] == contest_id and s["object_id"] == selection_id:
                            one = ciphertext(s["ciphertext"], "ballot selection")
                            product = Ciphertext(
                                G.mul(product.alpha, one.alpha), G.mul(product.beta, one.beta)
                            )
            assert product == ct, role
            shares = [element(s["share"], role, identity=True) for s in selection["shares"]]
            value = element(selection["value"], f"{role}.value", identity=True)
            assert G.div(ct.beta, G.prod(shares)) == value, role
            assert G.exp(g, selection["tally"]) == value, role
