"""The known-answer vectors of docs/spec.md, and the spec's coverage of tags and entry kinds.

Two kinds of check:

* the code reproduces every frozen file of ``tests/vectors/spec/`` byte for byte
  (``scripts/make_vectors.py`` regenerates them with fixed randomness);
* each vector is re-derived from the formulas written in docs/spec.md with as little of the
  project's code as possible (an encoder written here from the spec's table, ``hashlib`` for
  SHA-256 and scrypt, direct group equations), so the document and the code cannot drift apart.
"""

from __future__ import annotations

import hashlib
import hmac
import importlib.util
import json
import re
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from plebiscite.crypto import tags
from plebiscite.crypto.credential import parse_credential
from plebiscite.crypto.elgamal import Ciphertext, decrypt_to_element
from plebiscite.crypto.encoding import canonical_bytes
from plebiscite.crypto.group import Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import (
    decode_chaum_pedersen,
    decode_range,
    decode_schnorr,
    decode_zero_one,
    verify_chaum_pedersen,
    verify_partial_decryption,
    verify_range,
    verify_schnorr,
    verify_zero_one,
)
from plebiscite.crypto.sealing import open_revealed, open_sealed
from plebiscite.crypto.shuffle_codec import decode_items, decode_shuffle_proof
from plebiscite.crypto.shuffle_verify import verify_shuffle
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.crypto.tags_blind import BlindStage, verify_blind_chain
from plebiscite.model.entry import ENTRY_KINDS, parse_entry, parse_head, parse_refusal
from plebiscite.model.signed import verify_body_signature

ROOT = Path(__file__).resolve().parents[1]
VECTORS = ROOT / "tests" / "vectors" / "spec"
SPEC = ROOT / "docs" / "spec.md"
RECORD = ROOT / "docs" / "record.md"
SECP_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "make_vectors", ROOT / "scripts" / "make_vectors.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["make_vectors"] = module
    spec.loader.exec_module(module)
    return module


MAKE = _load_script()
BUILT: dict[str, str] = MAKE.build_all()


def _vectors(name: str) -> Any:
    path = VECTORS / name
    if not path.is_file():
        pytest.fail(f"{path} is missing: run scripts/make_vectors.py")
    return json.loads(path.read_text(encoding="utf-8"))


# -- the frozen files --------------------------------------------------------------------------


def test_every_frozen_file_is_reproduced_byte_for_byte() -> None:
    frozen = sorted(p.name for p in VECTORS.glob("*.json"))
    assert frozen == sorted(BUILT), "the set of vector files differs from what the code produces"
    for name, text in BUILT.items():
        assert (VECTORS / name).read_text(encoding="utf-8") == text, f"{name} changed"


def test_vector_files_are_small() -> None:
    assert sum(p.stat().st_size for p in VECTORS.glob("*.json")) < 200_000


# -- §2 an independent encoder, written from the spec's table ----------------------------------


def _spec_encode(value: Any) -> bytes:
    """docs/spec.md §2, transcribed: one tag byte, then a u32 length or count, then content."""

    def u32(n: int) -> bytes:
        return n.to_bytes(4, "big")

    tag, *rest = value
    if tag in ("N", "F", "T"):
        return tag.encode()
    if tag == "I":
        n = int(rest[0])
        raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
        return b"I" + u32(len(raw)) + raw
    if tag == "B":
        raw = bytes.fromhex(rest[0])
        return b"B" + u32(len(raw)) + raw
    if tag == "S":
        raw = rest[0].encode("utf-8")
        return b"S" + u32(len(raw)) + raw
    if tag == "L":
        return b"L" + u32(len(rest[0])) + b"".join(_spec_encode(v) for v in rest[0])
    assert tag == "D"
    pairs = sorted(((k.encode("utf-8"), v) for k, v in rest[0]), key=lambda kv: kv[0])
    body = b"".join(b"S" + u32(len(k)) + k + _spec_encode(v) for k, v in pairs)
    return b"D" + u32(len(pairs)) + body


def test_encoding_vectors() -> None:
    for vector in _vectors("encoding.json")["vectors"]:
        expected = bytes.fromhex(vector["canonical"])
        if "values" in vector:
            items = vector["values"][1]
            assert b"".join(_spec_encode(v) for v in items) == expected, vector["name"]
            assert canonical_bytes(*MAKE.untyped(vector["values"])) == expected
        else:
            assert _spec_encode(vector["value"]) == expected, vector["name"]
            assert canonical_bytes(MAKE.untyped(vector["value"])) == expected, vector["name"]


# -- §4 hashing ---------------------------------------------------------------------------------


def _xmd(msg: bytes, dst: bytes, length: int) -> bytes:
    """RFC 9380 §5.3.1 expand_message_xmd with SHA-256, transcribed."""
    dst_prime = dst + bytes([len(dst)])
    b0 = hashlib.sha256(bytes(64) + msg + length.to_bytes(2, "big") + b"\0" + dst_prime).digest()
    blocks = [hashlib.sha256(b0 + b"\x01" + dst_prime).digest()]
    for i in range(2, -(-length // 32) + 1):
        mixed = bytes(a ^ b for a, b in zip(b0, blocks[-1], strict=True))
        blocks.append(hashlib.sha256(mixed + bytes([i]) + dst_prime).digest())
    return b"".join(blocks)[:length]


def _to_scalar(msg: bytes, tag: str, q: int) -> int:
    length = -(-(q.bit_length() + 128) // 8)
    return int.from_bytes(_xmd(msg, tag.encode(), length), "big") % q


def test_hash_vectors() -> None:
    data = _vectors("hashing.json")
    for v in data["H"]:
        encoded = _spec_encode(["S", v["tag"]]) + b"".join(_spec_encode(x) for x in v["values"][1])
        assert encoded.hex() == v["input"]
        assert hashlib.sha256(encoded).hexdigest() == v["H"]
    rfc = {
        "": "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235",
        "616263": "d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615",
    }  # RFC 9380 K.1
    for v in data["expand_message_xmd"]:
        out = _xmd(bytes.fromhex(v["msg"]), v["dst"].encode(), v["len_in_bytes"])
        assert out.hex() == v["uniform_bytes"]
        if v["msg"] in rfc and v["dst"].startswith("QUUX"):
            assert out.hex() == rfc[v["msg"]]
    for v in data["hash_to_scalar"]:
        group = get_group(v["group"])
        msg = b"".join(_spec_encode(x) for x in v["values"][1])
        assert msg.hex() == v["msg"]
        assert _to_scalar(msg, v["tag"], group.q).to_bytes(32, "big").hex() == v["scalar"]


# -- §3 groups ----------------------------------------------------------------------------------


def test_group_vectors() -> None:
    data = _vectors("groups.json")
    secp = data["secp256k1"]
    assert secp["g"] == "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    assert secp["g^2"] == "02c6047f9441ed7d6d3045406e95c07cd85c778e4b8cef3ca7abac09b95c709ee5"
    assert secp["g^-1"] == "0379be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"
    assert secp["identity"] == "00"
    assert int(secp["q-1"], 16) + 1 == SECP_N
    description = _spec_encode(secp["description"])
    tagged = _spec_encode(["S", tags.GROUP_DESCRIPTION]) + description
    assert hashlib.sha256(tagged).hexdigest() == secp["group_hash"]
    modp = data["modp4096"]
    group = get_group("modp4096")
    assert modp["identity"]["first16"] == "00" * 16 and modp["identity"]["length"] == 512
    assert modp["g"]["first16"] == "1d41e49c477e15eaeef0c5e4ac08d4a4"
    for name, element in (("g", group.generator()), ("g^2", group.exp_g(2))):
        raw = group.encode(element)
        assert hashlib.sha256(raw).hexdigest() == modp[name]["sha256"]
        assert group.decode(raw, name) == element
    assert modp["scalar 1"] == "00" * 31 + "01"


# -- §5 ElGamal ---------------------------------------------------------------------------------


def test_elgamal_vectors() -> None:
    data = _vectors("elgamal.json")
    group = get_group(data["group"])
    x = int(data["secret"], 16)
    K = group.from_hex(data["K"], "K")
    assert K == group.exp_g(x)
    for v in data["encryptions"]:
        r = int(v["r"], 16)
        assert group.from_hex(v["alpha"], "alpha") == group.exp_g(r)
        beta = group.from_hex(v["beta"], "beta")
        assert beta == group.mul(group.exp_g(v["m"]), group.exp(K, r))
        assert group.div(beta, group.exp(group.exp_g(r), x)) == group.exp_g(v["m"])


# -- §6 proofs ----------------------------------------------------------------------------------


def _el(group: Group, stmt: dict[str, Any], key: str) -> Any:
    return group.decode(stmt[key], key, allow_identity=True)


def _check_proof(group: Group, v: dict[str, Any]) -> None:
    ctx = MAKE.untyped(v["context"])
    stmt = MAKE.untyped(v["statement"])
    assert stmt["g"] == group.encode(group.generator())
    proof_json = v["proof"]
    sc = int
    c = _to_scalar(bytes.fromhex(v["challenge_input"]), v["tag"], group.q)
    assert c == sc(v["challenge"], 16)
    kind = v["kind"]
    g = group.generator()
    if kind == "schnorr":
        commitments = [bytes.fromhex(proof_json["h"])]
    elif kind in ("chaum_pedersen", "partial_decryption"):
        commitments = [bytes.fromhex(proof_json["a"]), bytes.fromhex(proof_json["b"])]
    elif kind == "zero_one":
        commitments = [bytes.fromhex(proof_json[k]) for k in ("a0", "b0", "a1", "b1")]
    else:
        commitments = [
            [bytes.fromhex(a), bytes.fromhex(b)]
            for a, b in zip(proof_json["a"], proof_json["b"], strict=True)
        ]
    group_hash = hashlib.sha256(
        _spec_encode(["S", tags.GROUP_DESCRIPTION]) + canonical_bytes(group.description())
    ).digest()
    expected_input = canonical_bytes(
        {"group": group_hash, "context": ctx, "statement": stmt, "commitments": commitments}
    )
    assert expected_input.hex() == v["challenge_input"], f"{kind}: challenge input"

    if kind == "schnorr":
        p = decode_schnorr(group, proof_json, kind)
        X = _el(group, stmt, "X")
        assert group.exp_g(p.response) == group.mul(p.commitment, group.exp(X, c))
        verify_schnorr(group, X, p, ctx)
        assert group.exp_g(sc(v["witness"]["x"], 16)) == X
    elif kind == "chaum_pedersen":
        p = decode_chaum_pedersen(group, proof_json, kind)
        A, B, C = (_el(group, stmt, k) for k in ("A", "B", "C"))
        assert group.exp_g(p.response) == group.mul(p.a, group.exp(A, c))
        assert group.exp(B, p.response) == group.mul(p.b, group.exp(C, c))
        verify_chaum_pedersen(group, A, B, C, p, ctx)
    elif kind == "partial_decryption":
        p = decode_chaum_pedersen(group, proof_json, kind)
        vk, alpha, beta, M = (_el(group, stmt, k) for k in ("VK", "alpha", "beta", "M"))
        assert group.exp_g(p.response) == group.mul(p.a, group.exp(vk, c))
        assert group.exp(alpha, p.response) == group.mul(p.b, group.exp(M, c))
        verify_partial_decryption(group, vk, Ciphertext(alpha, beta), M, p, ctx)
    elif kind == "zero_one":
        p = decode_zero_one(group, proof_json, kind)
        K, alpha, beta = (_el(group, stmt, k) for k in ("K", "alpha", "beta"))
        c1 = (c - p.c0) % group.q
        assert group.exp_g(p.v0) == group.mul(p.a0, group.exp(alpha, p.c0))
        assert group.exp(K, p.v0) == group.mul(p.b0, group.exp(beta, p.c0))
        assert group.exp_g(p.v1) == group.mul(p.a1, group.exp(alpha, c1))
        assert group.exp(K, p.v1) == group.mul(p.b1, group.exp(group.div(beta, g), c1))
        verify_zero_one(group, K, Ciphertext(alpha, beta), p, ctx)
    else:
        p = decode_range(group, proof_json, kind)
        K, alpha, beta = (_el(group, stmt, k) for k in ("K", "alpha", "beta"))
        lo, hi = stmt["lo"], stmt["hi"]
        challenges = [*p.c, (c - sum(p.c)) % group.q]
        for j, a, b, cj, vj in zip(range(lo, hi + 1), p.a, p.b, challenges, p.v, strict=True):
            assert group.exp_g(vj) == group.mul(a, group.exp(alpha, cj))
            shifted = group.div(beta, group.exp_g(j))
            assert group.exp(K, vj) == group.mul(b, group.exp(shifted, cj))
        verify_range(group, K, Ciphertext(alpha, beta), lo, hi, p, ctx)


def test_proof_vectors() -> None:
    data = _vectors("proofs.json")
    group = get_group(data["group"])
    kinds = [v["kind"] for v in data["vectors"]]
    assert set(kinds) == {"schnorr", "chaum_pedersen", "zero_one", "range", "partial_decryption"}
    for v in data["vectors"]:
        _check_proof(group, v)


# -- §7 signatures ------------------------------------------------------------------------------


def test_signature_vectors() -> None:
    data = _vectors("signatures.json")
    key = SigningKey(bytes.fromhex(data["secret_key"]))
    public = VerifyingKey.from_hex(data["xonly"])
    assert key.public == public
    fp = _spec_encode(["S", tags.KEY_FINGERPRINT]) + _spec_encode(["S", "bip340"])
    fp += _spec_encode(["B", data["xonly"]])
    assert hashlib.sha256(fp).hexdigest() == data["fingerprint"] == public.fingerprint()

    m = data["message_signature"]
    encoded = _spec_encode(["S", m["tag"]]) + b"".join(_spec_encode(x) for x in m["values"][1])
    message = hashlib.sha256(encoded).digest()
    assert message.hex() == m["message"]
    signature = bytes.fromhex(m["signature"])
    assert public.verify_raw(signature, message)
    assert key.sign_raw(message, bytes.fromhex(m["aux"])) == signature

    b = data["body_signature"]
    election_id = bytes.fromhex(b["election_id"])
    unsigned = {k: v for k, v in b["signed_body"].items() if k != "signature"}
    assert unsigned == b["body"]
    message = hashlib.sha256(
        canonical_bytes(tags.ENTRY_SIGNATURE, election_id, b["kind"], unsigned)
    ).digest()
    assert message.hex() == b["message"]
    signature = bytes.fromhex(b["signed_body"]["signature"])
    assert key.sign_raw(message, bytes.fromhex(b["aux"])) == signature
    verify_body_signature(public, election_id, b["kind"], b["signed_body"], "vector", "signer")

    c = data["early_close_cosignature"]
    encoded = _spec_encode(["S", c["tag"]]) + _spec_encode(["B", c["election_id"]])
    encoded += _spec_encode(["B", c["election_ctx"]])
    message = hashlib.sha256(encoded).digest()
    assert c["tag"] == tags.EARLY_CLOSE_SIGNATURE and message.hex() == c["message"]
    signature = bytes.fromhex(c["cosignature"]["signature"])
    assert key.sign_raw(message, bytes.fromhex(c["aux"])) == signature
    assert public.verify_raw(signature, message)


# -- §8 credentials -----------------------------------------------------------------------------


def test_credential_vector() -> None:
    data = _vectors("credential.json")
    credential = parse_credential(data["typed_input"])
    assert credential.text == data["normalised"] == data["credential"].replace("-", "")
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    value = 0
    for ch in data["normalised"]:
        value = value * 32 + alphabet.index(ch)
    target = int.from_bytes(
        hashlib.sha256(
            _spec_encode(["S", tags.CREDENTIAL_CHECKSUM])
            + _spec_encode(["S", "crockford-mod-1021"])
        ).digest(),
        "big",
    )
    assert value % 1021 == target % 1021 == data["check_target"]
    salt = _spec_encode(["S", tags.CREDENTIAL_KEY]) + _spec_encode(["B", data["election_id"]])
    assert salt.hex() == data["salt"]
    password = data["normalised"].encode("ascii")
    # HKDF-SHA256 (RFC 5869) written out with the standard library's HMAC
    assert data["kdf"] == {"name": "hkdf-sha256"}
    info = _spec_encode(["S", tags.CREDENTIAL_KEY]) + _spec_encode(["S", "hkdf-sha256"])
    assert info.hex() == data["info"]
    prk = hmac.new(salt, password, hashlib.sha256).digest()
    blocks, block = b"", b""
    for counter in (1, 2):
        block = hmac.new(prk, block + info + bytes([counter]), hashlib.sha256).digest()
        blocks += block
    okm = blocks[:48]
    assert okm.hex() == data["okm"]
    _check_key(okm, data)
    older = data["scrypt"]
    kdf = older["kdf"]
    okm = hashlib.scrypt(password, salt=salt, n=kdf["n"], r=kdf["r"], p=kdf["p"], dklen=48)
    assert okm.hex() == older["okm"]
    _check_key(okm, older)


def _check_key(okm: bytes, data: dict[str, Any]) -> None:
    x = int.from_bytes(okm, "big") % SECP_N
    assert x.to_bytes(32, "big").hex() == data["secret_key"]
    assert SigningKey(x.to_bytes(32, "big")).public.hex() == data["xonly"]


# -- record.md: entries, heads, refusals ----------------------------------------------------------


def test_entry_vectors() -> None:
    data = _vectors("entry.json")
    board = VerifyingKey.from_hex(data["board_key"])
    authority = VerifyingKey.from_hex(data["authority_key"])
    election_id = bytes.fromhex(data["election_id"])
    previous = bytes(32)
    entries = []
    for v in data["entries"]:
        entry = parse_entry(v["line"], "vector")
        assert entry.prev == previous
        raw = json.loads(v["line"])
        encoded = b"".join(
            [
                _spec_encode(["S", tags.ENTRY_HASH]),
                canonical_bytes(raw["index"], raw["time"], raw["kind"], raw["body"]),
                _spec_encode(["B", raw["prev"]]),
            ]
        )
        assert encoded.hex() == v["hash_input"]
        assert hashlib.sha256(encoded).hexdigest() == v["hash"] == raw["hash"]
        previous = entry.hash
        entries.append(entry)
    close = entries[1]
    verify_body_signature(authority, election_id, "close", close.body, "vector", "authority")
    head = parse_head(data["head"]["line"], "vector")
    assert head.matches(close) and head.verify(board)
    message = hashlib.sha256(
        canonical_bytes(tags.SIGNED_HEAD, election_id, head.index, head.entry_hash, head.time)
    ).hexdigest()
    assert message == data["head"]["message"]
    r = data["refusal"]
    submission = hashlib.sha256(canonical_bytes(tags.SUBMISSION_HASH, r["kind"], r["body"]))
    assert submission.hexdigest() == r["submission"] == r["json"]["submission"]
    assert parse_refusal(r["json"], "vector").verify(board)


# -- §14 sealing --------------------------------------------------------------------------------


def test_sealing_vector() -> None:
    data = _vectors("sealing.json")
    recipient = SigningKey(bytes.fromhex(data["recipient_secret"]))
    assert recipient.public.hex() == data["recipient"]
    blob, aad = bytes.fromhex(data["blob"]), bytes.fromhex(data["aad"])
    plaintext = bytes.fromhex(data["plaintext"])
    assert blob[0] == 1 and len(blob) == 1 + 33 + len(plaintext) + 16
    assert open_sealed(recipient, blob, aad) == plaintext
    secret = bytes.fromhex(data["ephemeral_secret"])
    assert open_revealed(recipient.public, blob, aad, secret) == plaintext


# -- §10 contexts -------------------------------------------------------------------------------


def test_context_vectors() -> None:
    path = VECTORS / "contexts.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    group = get_group(data["group"])
    c = data["ceremony"]
    cctx = hashlib.sha256(
        canonical_bytes(
            tags.CEREMONY_CONTEXT,
            bytes.fromhex(c["election_id"]),
            c["manifest"],
            group.description(),
            c["n"],
            c["k"],
        )
    ).hexdigest()
    assert cctx == c["ceremony_ctx"]
    e = data["election"]
    qual = e["qual"]
    ectx = hashlib.sha256(
        canonical_bytes(
            tags.ELECTION_CONTEXT,
            bytes.fromhex(e["ceremony_ctx"]),
            bytes.fromhex(e["K"]),
            [bytes.fromhex(e["verification_keys"][str(i)]) for i in qual],
            qual,
            {d: bytes.fromhex(r) for d, r in e["roll_roots"].items()},
            bytes.fromhex(e["board_key"]),
            bytes.fromhex(e["authority_key"]),
            bytes.fromhex(e["ca_key"]),
        )
    ).hexdigest()
    assert ectx == e["election_ctx"]


# -- §9 the key ceremony's derived values ---------------------------------------------------------


def test_ceremony_vectors() -> None:
    path = VECTORS / "ceremony.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    group = get_group(data["group"])
    ctx = bytes.fromhex(data["ceremony_ctx"])
    c = data["commitment_hash"]
    encoded = canonical_bytes(
        tags.POLYNOMIAL_COMMITMENTS, ctx, c["trustee"], [bytes.fromhex(x) for x in c["commitments"]]
    )
    assert hashlib.sha256(encoded).hexdigest() == c["hash"]
    a = data["share_aad"]
    encoded = canonical_bytes(tags.TRUSTEE_SHARE_AAD, ctx, a["dealer"], a["recipient"])
    assert hashlib.sha256(encoded).hexdigest() == a["aad"]
    assert MAKE.untyped(data["coefficient_context"]) == {
        "ceremony": ctx,
        "trustee": 2,
        "coefficient": 1,
    }
    assert MAKE.untyped(data["liveness_context"]) == {
        "ceremony": ctx,
        "trustee": 3,
        "use": "liveness",
    }
    live = data["liveness_ciphertext"]
    qual = live["qualified"]
    msg = canonical_bytes(
        ctx,
        bytes.fromhex(live["K"]),
        [bytes.fromhex(live["verification_keys"][str(i)]) for i in qual],
        qual,
    )
    r = 1 + _to_scalar(msg, tags.LIVENESS_CIPHERTEXT, group.q - 1)
    K = group.from_hex(live["K"], "K")
    assert group.to_hex(group.exp_g(r)) == live["alpha"]
    assert group.to_hex(group.mul(group.generator(), group.exp(K, r))) == live["beta"]


# -- §15 the verifiable shuffle ----------------------------------------------------------------

#: RFC 9380 Appendix J.8.1 (secp256k1_XMD:SHA-256_SSWU_RO_), transcribed from the RFC: P.x, P.y
RFC9380_SECP256K1_RO = {
    "": (
        "c1cae290e291aee617ebaef1be6d73861479c48b841eaba9b7b5852ddfeb1346",
        "64fa678e07ae116126f08b022a94af6de15985c996c3a91b64c406a960e51067",
    ),
    "abc": (
        "3377e01eab42db296b512293120c6cee72b6ecf9f9205760bd9ff11fb3cb2c4b",
        "7f95890f33efebd1044d382a01b1bee0900fb6116f94688d487c6c7b9c8371f6",
    ),
    "abcdef0123456789": (
        "bac54083f293f1fe08e4a70137260aa90783a5cb84d3f35848b324d0674b0e3a",
        "4436476085d4c3c4508b60fcf4389c40176adce756b398bdee27bca19758d828",
    ),
    "q128_" + "q" * 128: (
        "e2167bc785333a37aa562f021f1e881defb853839babf52a7f72b102e41890e9",
        "f2401dd95cc35867ffed4f367cd564763719fbc6a53e969fb8496a1e6685d873",
    ),
    "a512_" + "a" * 512: (
        "e3c8d35aaaf0b9b647e88a0a0a7ee5d5bed5ad38238152e4e6fd8c1f8cb7c998",
        "8446eeb6181bf12f56a9d24e262221cc2f0c4725c7e3803024b5888ee5823aa6",
    ),
}
#: u[0] of the RFC's first vector (msg ""): hash_to_field with L = 48
RFC9380_U0_EMPTY = "6b0f9910dd2ba71c78f2ee9f04d73b5f4c5f7fc773a701abea1e573cab002fb3"


def test_shuffle_hash_to_curve_matches_rfc9380() -> None:
    data = _vectors("shuffle.json")["rfc9380"]
    assert data["dst"] == "QUUX-V01-CS02-with-secp256k1_XMD:SHA-256_SSWU_RO_"
    assert {v["msg"]: (v["x"], v["y"]) for v in data["vectors"]} == RFC9380_SECP256K1_RO
    first = data["vectors"][0]
    assert first["u"][0] == RFC9380_U0_EMPTY
    p = 2**256 - 2**32 - 977
    u0 = int.from_bytes(_xmd(b"", data["dst"].encode(), 96)[:48], "big") % p
    assert f"{u0:064x}" == RFC9380_U0_EMPTY
    secp = get_group("secp256k1")
    for msg, (x, y) in RFC9380_SECP256K1_RO.items():
        point = secp.hash_to_element(msg.encode(), data["dst"].encode())
        assert secp.to_hex(point) == f"{2 + int(y, 16) % 2:02x}{x}"


def test_shuffle_generator_vectors_are_in_the_spec() -> None:
    data = _vectors("shuffle.json")["generators"]
    context = bytes.fromhex(data["context"])
    spec = SPEC.read_text(encoding="utf-8")
    for row in data["groups"]:
        group = get_group(row["group"])
        description = canonical_bytes(group.description())
        group_hash = hashlib.sha256(_spec_encode(["S", tags.GROUP_DESCRIPTION]) + description)
        seed = hashlib.sha256(
            _spec_encode(["S", tags.SHUFFLE_GENERATORS])
            + _spec_encode(["B", group_hash.hexdigest()])
            + _spec_encode(["B", context.hex()])
        ).hexdigest()
        assert seed == row["seed"]
        dst = tags.SHUFFLE_GENERATOR.encode()
        prefix = _spec_encode(["B", seed])
        h = group.hash_to_element(prefix + _spec_encode(["S", "h"]), dst)
        hs = [group.hash_to_element(prefix + _spec_encode(["I", str(i)]), dst) for i in range(3)]
        short = 33 if group.name == "secp256k1" else 16
        assert group.encode(h)[:short].hex() == row["h"]
        assert [group.encode(e)[:short].hex() for e in hs] == row["h_i"]
        if group.name == "modp4096":
            x = int.from_bytes(_xmd(prefix + _spec_encode(["I", "0"]), dst, 528), "big")
            h0 = pow(x % group.p, group.r, group.p)  # type: ignore[attr-defined]
            assert h0.to_bytes(512, "big")[:16].hex() == row["h_i"][0]
        cells = [row["seed"], row["h"], row["h_i"][0], row["h_i"][1]]
        line = f"| {row['group']} | " + " | ".join(f"`{c}`" for c in cells) + " |"
        assert line in spec, f"docs/spec.md §15.2 lacks the {row['group']} generator row"


def test_shuffle_proof_vector() -> None:
    v = _vectors("shuffle.json")["shuffle"]
    group = get_group(v["group"])
    context = bytes.fromhex(v["context"])
    K = group.from_hex(v["K"], "K")
    inputs = decode_items(group, v["inputs"], "inputs")
    outputs = decode_items(group, v["outputs"], "outputs")
    proof = decode_shuffle_proof(group, v["proof"], "proof")
    verify_shuffle(group, K, inputs, outputs, proof, context, v["trustee"])
    # y, u, d and c from the formulas of §15.4, with the nested lists encoded in one piece
    gh = hashlib.sha256(
        _spec_encode(["S", tags.GROUP_DESCRIPTION]) + canonical_bytes(group.description())
    ).digest()
    seed = hashlib.sha256(canonical_bytes(tags.SHUFFLE_GENERATORS, gh, context)).digest()

    def items(rows: list[Any]) -> list[Any]:
        return [
            [[bytes.fromhex(ct["alpha"]), bytes.fromhex(ct["beta"])] for ct in row] for row in rows
        ]

    p = v["proof"]
    y = hashlib.sha256(
        canonical_bytes(
            tags.SHUFFLE_STATEMENT,
            gh,
            seed,
            context,
            v["trustee"],
            bytes.fromhex(v["K"]),
            2,
            3,
            items(v["inputs"]),
            items(v["outputs"]),
            [bytes.fromhex(c) for c in p["c"]],
        )
    ).digest()
    assert y.hex() == v["y"]
    u = [
        _xmd(canonical_bytes(y, j), tags.SHUFFLE_PERMUTATION_CHALLENGE.encode(), 16).hex()
        for j in range(3)
    ]
    assert u == v["u"]
    hexes = [bytes.fromhex(x) for x in p["c_hat"]]
    d = hashlib.sha256(
        canonical_bytes(
            tags.SHUFFLE_COMMITMENTS,
            y,
            hexes,
            bytes.fromhex(p["t1"]),
            bytes.fromhex(p["t2"]),
            bytes.fromhex(p["t3"]),
            [[bytes.fromhex(ct["alpha"]), bytes.fromhex(ct["beta"])] for ct in p["t4"]],
            [bytes.fromhex(x) for x in p["t_hat"]],
        )
    ).digest()
    assert d.hex() == v["d"]
    statement = {
        "group": gh,
        "generators": seed,
        "context": context,
        "trustee": v["trustee"],
        "statement": y,
        "commitments": d,
    }
    c = _to_scalar(canonical_bytes(statement), tags.SHUFFLE_CHALLENGE, group.q)
    assert f"{c:064x}" == v["c"]
    # the outputs decrypt to the inputs' plaintexts in the recorded order
    x = int(v["secret"], 16)
    for i, j in enumerate(v["permutation"]):
        for k in range(2):
            before = decrypt_to_element(group, x, inputs[j][k])
            assert decrypt_to_element(group, x, outputs[i][k]) == before


def test_blinded_tag_vector() -> None:
    """§16.6 recomputed from its formulas: y, the weights, c, both equations, T and the tags."""
    v = _vectors("tags_blind.json")
    group = get_group(v["group"])
    context = MAKE.untyped(v["context"])
    gh = hashlib.sha256(
        _spec_encode(["S", tags.GROUP_DESCRIPTION]) + canonical_bytes(group.description())
    ).digest()

    def cts(rows: list[Any]) -> list[Ciphertext]:
        return [
            Ciphertext(group.from_hex(r["alpha"], "alpha"), group.from_hex(r["beta"], "beta"))
            for r in rows
        ]

    def pairs(rows: list[Any]) -> list[Any]:
        return [[bytes.fromhex(r["alpha"]), bytes.fromhex(r["beta"])] for r in rows]

    previous = v["inputs"]
    stages = []
    g = group.generator()
    for s in v["stages"]:
        i, Z = s["trustee"], group.from_hex(s["Z"], "Z")
        assert group.exp_g(int(s["z"], 16)) == Z
        y = hashlib.sha256(
            canonical_bytes(
                tags.BLIND_STATEMENT,
                gh,
                context,
                i,
                bytes.fromhex(s["Z"]),
                3,
                pairs(previous),
                pairs(s["outputs"]),
            )
        ).digest()
        assert y.hex() == s["y"]
        weights = [
            [_xmd(canonical_bytes(y, j, k), tags.BLIND_WEIGHT.encode(), 16).hex() for k in range(2)]
            for j in range(3)
        ]
        assert weights == s["weights"]
        p = s["proof"]
        statement = {
            "group": gh,
            "context": context,
            "statement": {
                "g": group.encode(g),
                "Z": bytes.fromhex(s["Z"]),
                "trustee": i,
                "list": y,
            },
            "commitments": [bytes.fromhex(p["a"]), bytes.fromhex(p["b"])],
        }
        c = _to_scalar(canonical_bytes(statement), tags.BLIND_CHALLENGE, group.q)
        assert f"{c:064x}" == s["c"]
        e = [int(w, 16) for row in weights for w in row]
        ins, outs = cts(previous), cts(s["outputs"])
        A = group.multi_exp([x for ct in ins for x in (ct.alpha, ct.beta)], e)
        A2 = group.multi_exp([x for ct in outs for x in (ct.alpha, ct.beta)], e)
        a, b, resp = group.from_hex(p["a"], "a"), group.from_hex(p["b"], "b"), int(p["v"], 16)
        assert group.exp_g(resp) == group.mul(a, group.exp(Z, c))
        assert group.exp(A, resp) == group.mul(b, group.exp(A2, c))
        stages.append(BlindStage(i, Z, tuple(outs), decode_chaum_pedersen(group, p, "proof")))
        previous = s["outputs"]
    last = verify_blind_chain(group, cts(v["inputs"]), stages, context)
    x = int(v["secret"], 16)
    z = 1
    for s in v["stages"]:
        z = z * int(s["z"], 16) % group.q
    for ct, m, T, tag in zip(last, v["plaintexts"], v["T"], v["tags"], strict=True):
        element = decrypt_to_element(group, x, ct)
        assert group.to_hex(element) == T
        assert element == group.exp(group.exp_g(m), z)
        encoded = _spec_encode(["S", tags.BLINDED_TAG]) + canonical_bytes(context, bytes.fromhex(T))
        assert hashlib.sha256(encoded).hexdigest() == tag
    assert v["tags"][0] == v["tags"][2] != v["tags"][1]


# -- the documents cover the code -----------------------------------------------------------------


def test_every_tag_is_in_the_spec_and_every_spec_tag_exists() -> None:
    text = SPEC.read_text(encoding="utf-8")
    missing = [t for t in tags.ALL_TAGS if f"`{t}`" not in text]
    assert not missing, f"tags not documented in docs/spec.md: {missing}"
    written = set(re.findall(r"plebiscite/v1/[a-z0-9/-]+", text))
    unknown = sorted(written - set(tags.ALL_TAGS))
    assert not unknown, f"docs/spec.md names tags that crypto/tags.py does not define: {unknown}"


def test_every_entry_kind_is_in_the_record_schema() -> None:
    text = RECORD.read_text(encoding="utf-8")
    headings = set(re.findall(r"^### `([a-z_]+)`", text, flags=re.MULTILINE))
    assert set(ENTRY_KINDS) <= headings, f"undocumented kinds: {set(ENTRY_KINDS) - headings}"
    assert headings <= set(ENTRY_KINDS), (
        f"documented kinds unknown to the code: {headings - set(ENTRY_KINDS)}"
    )
