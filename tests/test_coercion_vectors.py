"""docs/spec.md §16.3–§16.7 recomputed from their formulas, not from the modules: the equality-test
round (y, weights, d, c, both equations, the decrypted results), the credential, roll-pointer and
designated-verifier proofs (challenges and equations), the share encoding, a district roll's
leaves and a ballot's statement and tracking hash (tests/vectors/spec/coercion.json, written by
scripts/make_vectors.py)."""

from __future__ import annotations

import hashlib
from typing import Any

from plebiscite.crypto import tags
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.pet import PetProof, PetStage, verify_pet_chain
from plebiscite.model.ballot.content import BallotParams, format_tracking
from plebiscite.model.coercion.ballot import check_credential_ballot
from plebiscite.model.coercion.codec import credential_ballot_tracking, decode_credential_ballot
from plebiscite.model.coercion.registration import parse_share
from plebiscite.model.coercion.roll import roll_leaf, roll_root
from test_spec_vectors import MAKE, _spec_encode, _to_scalar, _vectors, _xmd

V = _vectors("coercion.json")
GROUP = get_group(V["group"])
GH = hashlib.sha256(
    _spec_encode(["S", tags.GROUP_DESCRIPTION]) + canonical_bytes(GROUP.description())
).digest()
G = GROUP.generator()


def _el(text: str, identity: bool = False) -> Element:
    return GROUP.from_hex(text, "vector", allow_identity=identity)


def _ct(row: dict[str, str], identity: bool = False) -> Ciphertext:
    return Ciphertext(_el(row["alpha"], identity), _el(row["beta"], identity))


def _pairs(rows: list[Any]) -> list[Any]:
    return [[bytes.fromhex(r["alpha"]), bytes.fromhex(r["beta"])] for r in rows]


def _challenge(tag: str, context: CanonicalValue, statement: Any, commitments: Any) -> int:
    value = {"group": GH, "context": context, "statement": statement, "commitments": commitments}
    return _to_scalar(canonical_bytes(value), tag, GROUP.q)


def _exp(base: Element, e: int) -> Element:
    return GROUP.exp(base, e % GROUP.q)


def test_equality_test_round() -> None:
    v = V["equality_test"]
    context = MAKE.untyped(v["context"])
    g: Group = GROUP
    for d, p, e in zip(v["credentials"], v["pointers"], v["inputs"], strict=True):
        D, P, E = _ct(d), _ct(p), _ct(e, True)
        assert E == Ciphertext(g.div(D.alpha, P.alpha), g.div(D.beta, P.beta))
    previous = v["inputs"]
    stages = []
    for s in v["stages"]:
        n, i = len(previous), s["trustee"]
        y = hashlib.sha256(
            canonical_bytes(
                tags.PET_STATEMENT,
                GH,
                context,
                i,
                n,
                [bytes.fromhex(z) for z in s["Z"]],
                _pairs(previous),
                _pairs(s["outputs"]),
            )
        ).digest()
        assert y.hex() == s["y"]
        weights = [
            [_xmd(canonical_bytes(y, j, k), tags.PET_WEIGHT.encode(), 16).hex() for k in range(2)]
            for j in range(n)
        ]
        assert weights == s["weights"]
        d = hashlib.sha256(
            canonical_bytes(
                tags.PET_COMMITMENTS,
                y,
                [[bytes.fromhex(a), bytes.fromhex(b)] for a, b in zip(s["a"], s["b"], strict=True)],
            )
        ).digest()
        assert d.hex() == s["d"]
        statement = {"g": g.encode(G), "trustee": i, "list": y}
        c = _challenge(tags.PET_CHALLENGE, context, statement, d)
        assert f"{c:064x}" == s["c"]
        for j in range(n):
            ins, outs = _ct(previous[j], True), _ct(s["outputs"][j], True)
            e0, e1 = (int(w, 16) for w in weights[j])
            A = g.mul(_exp(ins.alpha, e0), _exp(ins.beta, e1))
            A2 = g.mul(_exp(outs.alpha, e0), _exp(outs.beta, e1))
            Z, a, b = _el(s["Z"][j]), _el(s["a"][j]), _el(s["b"][j], True)
            resp = int(s["v"][j], 16)
            assert g.exp_g(int(s["z"][j], 16)) == Z
            assert g.exp_g(resp) == g.mul(a, _exp(Z, c))
            assert _exp(A, resp) == g.mul(b, _exp(A2, c))
        items = [
            [
                bytes.fromhex(s["Z"][j]),
                _pairs(s["outputs"])[j],
                bytes.fromhex(s["a"][j]),
                bytes.fromhex(s["b"][j]),
                int(s["v"][j], 16),
            ]
            for j in range(n)
        ]
        digest = hashlib.sha256(canonical_bytes(tags.TALLY_ITEMS, GH, "pet_blind", i, n, items))
        assert digest.hexdigest() == s["items_digest"]  # the closing pet_blind's (record.md §6)
        stages.append(
            PetStage(
                i,
                tuple(_el(z) for z in s["Z"]),
                tuple(_ct(o, True) for o in s["outputs"]),
                PetProof(
                    tuple(_el(a) for a in s["a"]),
                    tuple(_el(b, True) for b in s["b"]),
                    tuple(int(x, 16) for x in s["v"]),
                ),
            )
        )
        previous = s["outputs"]
    last = verify_pet_chain(g, [_ct(e, True) for e in v["inputs"]], stages, context)
    x = int(V["secret"], 16)
    results = [g.div(ct.beta, _exp(ct.alpha, x)) for ct in last]
    assert [g.to_hex(t) for t in results] == v["T"]
    assert v["counted"] == [j for j, t in enumerate(results) if g.is_identity(t)] == [0, 2]


def test_credential_proof() -> None:
    v = V["credential_proof"]
    K, D, p = _el(V["K"]), _ct(v["D"]), v["proof"]
    sigma, s = int(v["sigma"], 16), int(v["s"], 16)
    assert D == Ciphertext(GROUP.exp_g(s), GROUP.mul(GROUP.exp_g(sigma), _exp(K, s)))
    statement = {
        "g": GROUP.encode(G),
        "K": GROUP.encode(K),
        "alpha": GROUP.encode(D.alpha),
        "beta": GROUP.encode(D.beta),
    }
    commitments = [bytes.fromhex(p["a"]), bytes.fromhex(p["b"])]
    c = _challenge(tags.CREDENTIAL_CHALLENGE, bytes.fromhex(v["context"]), statement, commitments)
    vs, vsigma = int(p["vs"], 16), int(p["vsigma"], 16)
    assert GROUP.exp_g(vs) == GROUP.mul(_el(p["a"]), _exp(D.alpha, c))
    assert GROUP.mul(GROUP.exp_g(vsigma), _exp(K, vs)) == GROUP.mul(_el(p["b"]), _exp(D.beta, c))


def test_roll_pointer_proof() -> None:
    v = V["roll_pointer"]
    K, P, p = _el(V["K"]), _ct(v["P"]), v["proof"]
    entries = [_ct(e) for e in v["entries"]]
    enc = GROUP.encode
    statement = {
        "g": enc(G),
        "K": enc(K),
        "P": [enc(P.alpha), enc(P.beta)],
        "entries": [[enc(r.alpha), enc(r.beta)] for r in entries],
    }
    commitments = [
        [bytes.fromhex(a), bytes.fromhex(b)] for a, b in zip(p["a"], p["b"], strict=True)
    ]
    c = _challenge(tags.ROLL_POINTER_CHALLENGE, MAKE.untyped(v["context"]), statement, commitments)
    cs = [int(x, 16) for x in p["c"]]
    assert sum(cs) % GROUP.q == c
    for r, a, b, ck, vk in zip(entries, p["a"], p["b"], cs, p["v"], strict=True):
        X, Y = GROUP.div(P.alpha, r.alpha), GROUP.div(P.beta, r.beta)
        assert GROUP.exp_g(int(vk, 16)) == GROUP.mul(_el(a), _exp(X, ck))
        assert _exp(K, int(vk, 16)) == GROUP.mul(_el(b), _exp(Y, ck))
    # P re-encrypts the entry at the index: same plaintext
    x = int(V["secret"], 16)
    entry = entries[v["index"]]
    assert GROUP.div(P.beta, _exp(P.alpha, x)) == GROUP.div(entry.beta, _exp(entry.alpha, x))


def test_designated_verifier_proofs_real_and_simulated() -> None:
    v = V["designated"]
    K, Vkey, R = _el(V["K"]), _el(v["V"]), _ct(v["R"])
    context = MAKE.untyped(v["context"])
    enc = GROUP.encode
    for which in ("real", "fake"):
        item = v[which]
        S, p = _el(item["S"]), item["proof"]
        assert GROUP.exp_g(parse_share(GROUP, item["share"])) == S
        statement = {
            "g": enc(G),
            "K": enc(K),
            "V": enc(Vkey),
            "alpha": enc(R.alpha),
            "beta": enc(R.beta),
            "S": enc(S),
        }
        commitments = [bytes.fromhex(p[k]) for k in ("a", "b", "h")]
        c = _challenge(tags.DESIGNATED_CHALLENGE, context, statement, commitments)
        c1, v1, v2 = (int(p[k], 16) for k in ("c1", "v1", "v2"))
        assert GROUP.exp_g(v1) == GROUP.mul(_el(p["a"]), _exp(R.alpha, c1))
        assert _exp(K, v1) == GROUP.mul(_el(p["b"]), _exp(GROUP.div(R.beta, S), c1))
        assert GROUP.exp_g(v2) == GROUP.mul(_el(p["h"]), _exp(Vkey, c - c1))
    # only the real share is what R encrypts
    x = int(V["secret"], 16)
    plain = GROUP.div(R.beta, _exp(R.alpha, x))
    assert plain == _el(v["real"]["S"]) != _el(v["fake"]["S"])


def test_share_encoding() -> None:
    assert V["shares"]["1"] == "0" * 51 + "GVQ"
    assert parse_share(GROUP, V["shares"]["q-1"]) == GROUP.q - 1


# -- §16.3 the roll's leaves, §16.5 a ballot's statement and tracking hash ----------------------


def _typed(value: Any) -> Any:
    """A value in the typed form of the §2 transcription (bytes, text, integers, lists, maps)."""
    if isinstance(value, bytes):
        return ["B", value.hex()]
    if isinstance(value, str):
        return ["S", value]
    if isinstance(value, int):
        return ["I", value]
    if isinstance(value, list):
        return ["L", [_typed(v) for v in value]]
    assert isinstance(value, dict)
    return ["D", [[k, _typed(v)] for k, v in value.items()]]


def _spec_h(tag: str, *values: Any) -> bytes:
    """H of spec §4 from the §2 transcription: SHA-256 of the tag and the values encoded."""
    return hashlib.sha256(b"".join(_spec_encode(_typed(v)) for v in (tag, *values))).digest()


def _unhex(value: Any) -> Any:
    """A proof as the body carries it, with bytes in place of hex (§11.3, §16.5)."""
    if isinstance(value, dict):
        return {k: _unhex(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unhex(v) for v in value]
    return bytes.fromhex(value)


def _pair(ct: dict[str, str]) -> list[bytes]:
    return [bytes.fromhex(ct["alpha"]), bytes.fromhex(ct["beta"])]


def test_roll_leaves_and_root() -> None:
    v = V["mode_ballot"]
    for row, leaf in zip(v["roll"], v["leaves"], strict=True):
        expected = _spec_h("plebiscite/v1/hash/roll-leaf", v["district"], _pair(row))
        assert expected.hex() == leaf
        assert roll_leaf(GROUP, v["district"], _ct(row)) == expected
    assert roll_root(GROUP, v["district"], [_ct(r) for r in v["roll"]]).hex() == v["root"]


def test_mode_ballot_statement_and_tracking_hash() -> None:
    v = V["mode_ballot"]
    body = v["body"]
    statement = _spec_h(
        "plebiscite/v1/hash/credential-ballot-statement",
        bytes.fromhex(v["election_ctx"]),
        body["district"],
        _pair(body["credential"]),
        body["anonymity"],
        _pair(body["pointer"]),
        [[_pair(ct) for ct in q["ciphertexts"]] for q in body["questions"]],
    )
    assert statement.hex() == v["statement"]
    proofs = {
        "pointer": _unhex(body["pointer_proof"]),
        "questions": [
            _unhex({"proofs": q["proofs"], "range": q["range"]}) for q in body["questions"]
        ],
        "credential": _unhex(body["credential_proof"]),
    }
    tracking = _spec_h("plebiscite/v1/hash/tracking", statement, proofs)
    assert tracking.hex() == v["tracking"]
    assert format_tracking(tracking) == v["tracking_text"]
    # the modules agree, and the ballot checks against its roll
    K = _el(V["K"])
    params = BallotParams.from_manifest(
        GROUP, K, bytes.fromhex(v["election_ctx"]), [tuple(q) for q in v["questions"]], ["north"]
    )
    ballot = decode_credential_ballot(params, body)
    assert ballot.statement == statement
    assert credential_ballot_tracking(GROUP, ballot) == tracking
    check_credential_ballot(params, [_ct(r) for r in v["roll"]], ballot, anonymity=3)
