"""Generate the known-answer vectors of docs/spec.md into tests/vectors/spec/*.json.

Every vector is computed by the project's own code from fixed inputs, with fixed randomness
(:class:`plebiscite.crypto.rand.DeterministicRandom`, one seed per vector, named in the file), so
running this script again gives the same bytes. ``tests/test_spec_vectors.py`` checks that the code
still reproduces every frozen file byte for byte and re-derives the outputs from the documented
formulas. Run it only when the spec changes on purpose::

    .venv/bin/python scripts/make_vectors.py            # write the files
    .venv/bin/python scripts/make_vectors.py --check    # exit 1 if any file would change

Values that the canonical encoding distinguishes (bytes from text, integers of any size) are
written in the *typed notation* of docs/spec.md §2.3: ``["N"]``, ``["F"]``, ``["T"]``,
``["I", "<decimal>"]``, ``["B", "<hex>"]``, ``["S", "<text>"]``, ``["L", [items]]``,
``["D", [[key, item], …]]``.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from plebiscite.crypto import tags
from plebiscite.crypto.credential import (
    HKDF_SHA256,
    KdfParams,
    derive_signing_key,
    generate_credential,
    parse_credential,
    scrypt,
)
from plebiscite.crypto.elgamal import Ciphertext, add, encrypt
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes
from plebiscite.crypto.group import Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.hash_to_curve import hash_to_curve
from plebiscite.crypto.hashing import H, expand_message_xmd, hash_to_field, hash_to_scalar
from plebiscite.crypto.pet import (
    pet_challenge,
    pet_commitments_digest,
    pet_stage,
    pet_statement,
    quotients,
)
from plebiscite.crypto.proofs import (
    encode_proof,
    group_hash,
    prove_chaum_pedersen,
    prove_partial_decryption,
    prove_range,
    prove_schnorr,
    prove_zero_one,
)
from plebiscite.crypto.proofs.credential_ballot import encrypt_credential, prove_credential
from plebiscite.crypto.proofs.designated import prove_designated, simulate_designated
from plebiscite.crypto.proofs.roll_pointer import prove_roll_pointer, reencrypt
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.sealing import seal_with_secret
from plebiscite.crypto.secp256k1 import P as P_SECP256K1
from plebiscite.crypto.shuffle import (
    commitments_digest,
    final_challenge,
    permutation_challenges,
    prove_shuffle,
    shuffle,
    shuffle_generators,
    statement_digest,
)
from plebiscite.crypto.shuffle_codec import encode_items, encode_shuffle_proof
from plebiscite.crypto.signatures import SigningKey, signed_message
from plebiscite.crypto.tags_blind import (
    blind_and_prove,
    blinded_tag,
    blinding_challenge,
    blinding_commitment,
    blinding_statement,
    blinding_weights,
)
from plebiscite.model.ballot.content import BallotParams, format_tracking
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.ballot import encrypt_credential_ballot
from plebiscite.model.coercion.codec import ballot_json, credential_ballot_tracking
from plebiscite.model.coercion.registration import encode_share
from plebiscite.model.coercion.roll import roll_leaf, roll_root
from plebiscite.model.coercion.tally_entries import PET_BLIND, items_digest, pet_items
from plebiscite.model.entry import GENESIS_PREV, Entry, SignedHead, SignedRefusal, submission_hash
from plebiscite.model.signed import sign_body
from plebiscite.model.tally import cosign_early_close

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "vectors" / "spec"

#: the election id every vector uses (16 bytes)
ELECTION_ID = bytes.fromhex("00112233445566778899aabbccddeeff")


# -- the typed notation ---------------------------------------------------------------------------


def typed(value: CanonicalValue) -> Any:
    """``value`` in the typed notation (docs/spec.md §2.3)."""
    if value is None:
        return ["N"]
    if value is True:
        return ["T"]
    if value is False:
        return ["F"]
    if isinstance(value, int):
        return ["I", str(value)]
    if isinstance(value, bytes | bytearray | memoryview):
        return ["B", bytes(value).hex()]
    if isinstance(value, str):
        return ["S", value]
    if isinstance(value, Mapping):
        return ["D", [[k, typed(v)] for k, v in value.items()]]
    return ["L", [typed(v) for v in value]]


def untyped(node: Any) -> CanonicalValue:
    """The value written in the typed notation (the inverse of :func:`typed`)."""
    tag = node[0]
    if tag == "N":
        return None
    if tag == "T":
        return True
    if tag == "F":
        return False
    if tag == "I":
        return int(node[1])
    if tag == "B":
        return bytes.fromhex(node[1])
    if tag == "S":
        return str(node[1])
    if tag == "L":
        return [untyped(v) for v in node[1]]
    if tag == "D":
        return {str(k): untyped(v) for k, v in node[1]}
    raise ValueError(f"unknown typed-notation tag {tag!r}")


# -- §2 the canonical encoding ---------------------------------------------------------------

ENCODING_SAMPLES: list[tuple[str, CanonicalValue]] = [
    ("none", None),
    ("false", False),
    ("true", True),
    ("int 0", 0),
    ("int 1", 1),
    ("int 255", 255),
    ("int 256", 256),
    ("int 2^64", 1 << 64),
    ("bytes empty", b""),
    ("bytes 00ff", b"\x00\xff"),
    ("str empty", ""),
    ("str ascii", "yes"),
    ("str non-ascii", "Так"),
    ("list empty", []),
    ("list mixed", [1, b"\x01", "1", None]),
    ("dict sorted by key bytes", {"b": 2, "a": 1, "ab": [True], "B": b""}),
    ("nested", {"q": [{"id": "q1", "n": 3}], "x": {"": 0}}),
    ("several values", ["tag", b"\xab", 7]),
]


def encoding_vectors() -> dict[str, Any]:
    vectors = []
    for name, value in ENCODING_SAMPLES:
        if name == "several values":
            assert isinstance(value, list)
            encoded = canonical_bytes(*value)
            vectors.append({"name": name, "values": typed(value), "canonical": encoded.hex()})
        else:
            vectors.append(
                {"name": name, "value": typed(value), "canonical": canonical_bytes(value).hex()}
            )
    return {"section": "2", "vectors": vectors}


# -- §4 hashing ---------------------------------------------------------------------------------

HASH_SAMPLES: list[tuple[str, list[CanonicalValue]]] = [
    (tags.ENTRY_HASH, []),
    (tags.BALLOT_STATEMENT, [b"\x00" * 32, "district-1", b"\x02" * 32]),
    (tags.KEY_FINGERPRINT, ["bip340", bytes(range(32))]),
    (tags.ROLL_LEAF, ["north", bytes(range(32, 64))]),
    # what a ballot's credential signs (§11.2): ballot_stmt, the proofs value, the named head
    (tags.BALLOT_SIGNATURE, [b"\x22" * 32, [{"proofs": [], "range": {}}], 7, bytes(range(64, 96))]),
]

XMD_SAMPLES: list[tuple[bytes, bytes, int]] = [
    (b"", b"QUUX-V01-CS02-with-expander-SHA256-128", 0x20),
    (b"abc", b"QUUX-V01-CS02-with-expander-SHA256-128", 0x20),
    (canonical_bytes({"a": 1}), tags.SCHNORR_CHALLENGE.encode(), 48),
]


def hashing_vectors() -> dict[str, Any]:
    secp = get_group("secp256k1")
    modp = get_group("modp4096")
    h_vectors = [
        {
            "tag": tag,
            "values": typed(values),
            "input": canonical_bytes(tag, *values).hex(),
            "H": H(tag, *values).hex(),
        }
        for tag, values in HASH_SAMPLES
    ]
    xmd = [
        {
            "msg": msg.hex(),
            "dst": dst.decode(),
            "len_in_bytes": length,
            "uniform_bytes": expand_message_xmd(msg, dst, length).hex(),
        }
        for msg, dst, length in XMD_SAMPLES
    ]
    scalars = []
    for group in (secp, modp):
        for tag, values in (
            (tags.SCHNORR_CHALLENGE, [{"statement": b"\x01"}]),
            (tags.DISJUNCTIVE_CHALLENGE, [[1, 2, 3]]),
        ):
            scalars.append(
                {
                    "group": group.name,
                    "tag": tag,
                    "values": typed(values),
                    "msg": canonical_bytes(*values).hex(),
                    "scalar": group.scalar_to_hex(hash_to_scalar(tag, group.q, *values)),
                }
            )
    return {"section": "4", "H": h_vectors, "expand_message_xmd": xmd, "hash_to_scalar": scalars}


# -- §3 groups ----------------------------------------------------------------------------------


def _modp_summary(data: bytes) -> dict[str, Any]:
    return {
        "length": len(data),
        "first16": data[:16].hex(),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


def group_vectors() -> dict[str, Any]:
    secp = get_group("secp256k1")
    modp = get_group("modp4096")
    out: dict[str, Any] = {"section": "3"}
    out["secp256k1"] = {
        "q-1": secp.scalar_to_hex(secp.q - 1),
        "g": secp.to_hex(secp.generator()),
        "g^2": secp.to_hex(secp.exp_g(2)),
        "g^-1": secp.to_hex(secp.exp_g(-1)),
        "identity": secp.to_hex(secp.identity()),
        "description": typed(secp.description()),
        "group_hash": group_hash(secp).hex(),
        "scalar 1": secp.scalar_to_hex(1),
    }
    out["modp4096"] = {
        "description_sha256": hashlib.sha256(canonical_bytes(modp.description())).hexdigest(),
        "g": _modp_summary(modp.encode(modp.generator())),
        "g^2": _modp_summary(modp.encode(modp.exp_g(2))),
        "identity": _modp_summary(modp.encode(modp.identity())),
        "group_hash": group_hash(modp).hex(),
        "scalar 1": modp.scalar_to_hex(1),
    }
    return out


# -- §5 ElGamal ---------------------------------------------------------------------------------


def _keypair(group: Group, seed: str) -> tuple[int, Any]:
    x = group.random_nonzero_scalar(DeterministicRandom(seed))
    return x, group.exp_g(x)


def elgamal_vectors() -> dict[str, Any]:
    group = get_group("secp256k1")
    x, K = _keypair(group, "spec/elgamal/key")
    r = group.random_nonzero_scalar(DeterministicRandom("spec/elgamal/r"))
    out = []
    for m in (0, 1, 5):
        ct, _ = encrypt(group, K, m, r=r)
        out.append(
            {
                "m": m,
                "r": group.scalar_to_hex(r),
                "alpha": group.to_hex(ct.alpha),
                "beta": group.to_hex(ct.beta),
            }
        )
    return {
        "section": "5",
        "group": group.name,
        "secret": group.scalar_to_hex(x),
        "K": group.to_hex(K),
        "encryptions": out,
    }


# -- §6 proofs ----------------------------------------------------------------------------------


def _challenge_input(
    group: Group,
    context: CanonicalValue,
    statement: Mapping[str, CanonicalValue],
    commitments: Sequence[CanonicalValue],
) -> bytes:
    return canonical_bytes(
        {
            "group": group_hash(group),
            "context": context,
            "statement": statement,
            "commitments": commitments,
        }
    )


def proof_vectors() -> dict[str, Any]:
    group = get_group("secp256k1")
    enc, sc = group.encode, group.scalar_to_hex
    g = enc(group.generator())
    vectors: list[dict[str, Any]] = []

    def record(
        kind: str,
        tag: str,
        seed: str,
        witness: dict[str, Any],
        context: CanonicalValue,
        statement: dict[str, CanonicalValue],
        proof: Any,
        commitments: Sequence[CanonicalValue],
    ) -> None:
        message = _challenge_input(group, context, statement, commitments)
        c = hash_to_field(message, tag.encode("utf-8"), group.q)[0]
        vectors.append(
            {
                "kind": kind,
                "tag": tag,
                "rng_seed": seed,
                "witness": witness,
                "context": typed(context),
                "statement": typed(statement),
                "proof": encode_proof(group, proof),
                "challenge_input": message.hex(),
                "challenge": sc(c),
            }
        )

    # Schnorr: a trustee's coefficient commitment in the key ceremony
    x, X = _keypair(group, "spec/proofs/schnorr/witness")
    ctx: CanonicalValue = {"ceremony": b"\x11" * 32, "trustee": 1, "coefficient": 0}
    seed = "spec/proofs/schnorr"
    p = prove_schnorr(group, x, ctx, rng=DeterministicRandom(seed))
    record(
        "schnorr",
        tags.SCHNORR_CHALLENGE,
        seed,
        {"x": sc(x)},
        ctx,
        {"g": g, "X": enc(X)},
        p,
        [enc(p.commitment)],
    )

    # Chaum–Pedersen: log_g A = log_B C
    x, A = _keypair(group, "spec/proofs/cp/witness")
    _, B = _keypair(group, "spec/proofs/cp/base")
    C = group.exp(B, x)
    ctx = {"example": "chaum-pedersen"}
    seed = "spec/proofs/chaum-pedersen"
    cp = prove_chaum_pedersen(group, x, B, ctx, rng=DeterministicRandom(seed))
    record(
        "chaum_pedersen",
        tags.CHAUM_PEDERSEN_CHALLENGE,
        seed,
        {"x": sc(x)},
        ctx,
        {"g": g, "A": enc(A), "B": enc(B), "C": enc(C)},
        cp,
        [enc(cp.a), enc(cp.b)],
    )

    # the election key and two ballot ciphertexts
    _, K = _keypair(group, "spec/proofs/election-key")
    r0 = group.random_nonzero_scalar(DeterministicRandom("spec/proofs/r0"))
    r1 = group.random_nonzero_scalar(DeterministicRandom("spec/proofs/r1"))
    ct0, _ = encrypt(group, K, 1, r=r0)
    ct1, _ = encrypt(group, K, 0, r=r1)
    stmt_hash = b"\x22" * 32

    # zero-one for each option (m = 1 and m = 0)
    for option, (ct, m, r) in enumerate(((ct0, 1, r0), (ct1, 0, r1))):
        ctx = {"ballot": stmt_hash, "question": 0, "option": option}
        seed = f"spec/proofs/zero-one/{option}"
        z = prove_zero_one(group, K, ct, m, r, ctx, rng=DeterministicRandom(seed))
        record(
            "zero_one",
            tags.DISJUNCTIVE_CHALLENGE,
            seed,
            {"m": m, "r": sc(r)},
            ctx,
            {"g": g, "K": enc(K), "alpha": enc(ct.alpha), "beta": enc(ct.beta)},
            z,
            [enc(z.a0), enc(z.b0), enc(z.a1), enc(z.b1)],
        )

    # range proof over the product of the question's options: 1 in [0, 2]
    total: Ciphertext = add(group, ct0, ct1)
    r_sum = (r0 + r1) % group.q
    ctx = {"ballot": stmt_hash, "question": 0}
    seed = "spec/proofs/range"
    rp = prove_range(group, K, total, 1, r_sum, 0, 2, ctx, rng=DeterministicRandom(seed))
    record(
        "range",
        tags.RANGE_CHALLENGE,
        seed,
        {"m": 1, "r": sc(r_sum)},
        ctx,
        {
            "g": g,
            "K": enc(K),
            "alpha": enc(total.alpha),
            "beta": enc(total.beta),
            "lo": 0,
            "hi": 2,
        },
        rp,
        [[enc(a), enc(b)] for a, b in zip(rp.a, rp.b, strict=True)],
    )

    # partial decryption of the aggregate by trustee 2
    s, vk = _keypair(group, "spec/proofs/trustee-share")
    ctx = {
        "election": b"\x33" * 32,
        "trustee": 2,
        "district": "north",
        "question": 0,
        "option": 0,
    }
    seed = "spec/proofs/partial-decryption"
    M, pd = prove_partial_decryption(group, s, total, ctx, rng=DeterministicRandom(seed))
    record(
        "partial_decryption",
        tags.DECRYPTION_CHALLENGE,
        seed,
        {"s": sc(s)},
        ctx,
        {
            "g": g,
            "VK": enc(vk),
            "alpha": enc(total.alpha),
            "beta": enc(total.beta),
            "M": enc(M),
        },
        pd,
        [enc(pd.a), enc(pd.b)],
    )
    return {"section": "6", "group": group.name, "vectors": vectors}


# -- §7 signatures -------------------------------------------------------------------------------


def signature_vectors() -> dict[str, Any]:
    key = SigningKey(hashlib.sha256(b"plebiscite/spec/signing-key").digest())
    aux = DeterministicRandom("spec/signatures/aux").randbytes(32)
    values: list[CanonicalValue] = [ELECTION_ID, 7, "text"]
    tag = tags.SIGNED_HEAD
    message = signed_message(tag, *values)
    body: JSONObject = {"districts": [{"id": "north", "count": 2, "root": "aa" * 32}]}
    body_seed = "spec/signatures/body"
    signed = sign_body(
        key, ELECTION_ID, "credential_roll_final", body, DeterministicRandom(body_seed)
    )
    return {
        "section": "7",
        "secret_key": key.secret_bytes().hex(),
        "xonly": key.public.hex(),
        "fingerprint": key.public.fingerprint(),
        "message_signature": {
            "tag": tag,
            "values": typed(values),
            "message": message.hex(),
            "aux": aux.hex(),
            "signature": key.sign_raw(message, aux).hex(),
        },
        "body_signature": {
            "election_id": ELECTION_ID.hex(),
            "kind": "credential_roll_final",
            "body": body,
            "message": signed_message(
                tags.ENTRY_SIGNATURE, ELECTION_ID, "credential_roll_final", body
            ).hex(),
            "aux": DeterministicRandom(body_seed).randbytes(32).hex(),
            "rng_seed": body_seed,
            "signed_body": signed,
        },
        "early_close_cosignature": _early_close_vector(key),
    }


def _early_close_vector(key: SigningKey) -> dict[str, Any]:
    """A trustee's co-signature of an early close (spec §12.5)."""
    ctx = DeterministicRandom("spec/signatures/early-close ctx").randbytes(32)
    seed = "spec/signatures/early-close"
    cosignature = cosign_early_close(key, 2, ELECTION_ID, ctx, DeterministicRandom(seed))
    return {
        "tag": tags.EARLY_CLOSE_SIGNATURE,
        "election_id": ELECTION_ID.hex(),
        "election_ctx": ctx.hex(),
        "message": signed_message(tags.EARLY_CLOSE_SIGNATURE, ELECTION_ID, ctx).hex(),
        "aux": DeterministicRandom(seed).randbytes(32).hex(),
        "rng_seed": seed,
        "cosignature": cosignature.to_json(),
    }


# -- §8 credentials ------------------------------------------------------------------------------


def credential_vectors() -> dict[str, Any]:
    seed = "spec/credential"
    grouped = generate_credential(DeterministicRandom(seed))
    credential = parse_credential(grouped)
    salt = canonical_bytes(tags.CREDENTIAL_KEY, ELECTION_ID)
    info = canonical_bytes(tags.CREDENTIAL_KEY, HKDF_SHA256.name)
    okm = HKDF(algorithm=hashes.SHA256(), length=48, salt=salt, info=info).derive(
        credential.kdf_password()
    )
    key = derive_signing_key(credential, ELECTION_ID, HKDF_SHA256)
    params = KdfParams(n=1024, r=8, p=1)
    scrypt_okm = scrypt(credential.kdf_password(), salt, params, 48)
    scrypt_key = derive_signing_key(credential, ELECTION_ID, params)
    typed_in = grouped.lower().replace("-", " ").replace("1", "l").replace("0", "o")
    return {
        "section": "8",
        "rng_seed": seed,
        "credential": grouped,
        "normalised": credential.text,
        "typed_input": typed_in,
        "check_target": int.from_bytes(H(tags.CREDENTIAL_CHECKSUM, "crockford-mod-1021"), "big")
        % 1021,
        "election_id": ELECTION_ID.hex(),
        "kdf": HKDF_SHA256.to_dict(),
        "salt": salt.hex(),
        "info": info.hex(),
        "okm": okm.hex(),
        "secret_key": key.secret_bytes().hex(),
        "xonly": key.public.hex(),
        "scrypt": {
            "kdf": params.to_dict(),
            "okm": scrypt_okm.hex(),
            "secret_key": scrypt_key.secret_bytes().hex(),
            "xonly": scrypt_key.public.hex(),
        },
    }


# -- record.md: entries, heads, refusals ---------------------------------------------------------


def entry_vectors() -> dict[str, Any]:
    board = SigningKey(hashlib.sha256(b"plebiscite/spec/board-key").digest())
    authority = SigningKey(hashlib.sha256(b"plebiscite/spec/authority-key").digest())
    first = Entry.create(
        0, 1_790_000_000_000_000, "manifest", {"example": "a tiny body"}, GENESIS_PREV
    )
    body = sign_body(
        authority,
        ELECTION_ID,
        "close",
        {"election_ctx": "33" * 32},
        DeterministicRandom("spec/entry/close-signature"),
    )
    second = Entry.create(1, 1_790_000_000_000_123, "close", body, first.hash)
    head_seed = "spec/entry/head"
    head = SignedHead.for_entry(board, ELECTION_ID, second, DeterministicRandom(head_seed))
    refused_body: JSONObject = {"example": "refused"}
    submission = submission_hash("ballot", refused_body)
    refusal_seed = "spec/entry/refusal"
    refusal = SignedRefusal.sign(
        board,
        ELECTION_ID,
        submission,
        "not_on_roll",
        1_790_000_000_000_200,
        DeterministicRandom(refusal_seed),
    )
    entries = []
    for entry in (first, second):
        entries.append(
            {
                "line": entry.to_line(),
                "hash_input": canonical_bytes(
                    tags.ENTRY_HASH, entry.index, entry.time, entry.kind, entry.body, entry.prev
                ).hex(),
                "hash": entry.hash.hex(),
            }
        )
    return {
        "section": "record",
        "election_id": ELECTION_ID.hex(),
        "board_key": board.public.hex(),
        "authority_key": authority.public.hex(),
        "entries": entries,
        "head": {
            "rng_seed": head_seed,
            "message": signed_message(
                tags.SIGNED_HEAD, ELECTION_ID, head.index, head.entry_hash, head.time
            ).hex(),
            "line": head.to_line(),
        },
        "refusal": {
            "kind": "ballot",
            "body": refused_body,
            "submission": submission.hex(),
            "rng_seed": refusal_seed,
            "json": refusal.to_json(),
        },
    }


# -- §14 sealing ---------------------------------------------------------------------------------


def sealing_vectors() -> dict[str, Any]:
    recipient = SigningKey(hashlib.sha256(b"plebiscite/spec/recipient-key").digest())
    seed = "spec/sealing"
    plaintext = bytes(range(32))
    aad = canonical_bytes("example-aad", 1, 2)
    blob, secret = seal_with_secret(recipient.public, plaintext, aad, DeterministicRandom(seed))
    return {
        "section": "14",
        "recipient_secret": recipient.secret_bytes().hex(),
        "recipient": recipient.public.hex(),
        "plaintext": plaintext.hex(),
        "aad": aad.hex(),
        "rng_seed": seed,
        "ephemeral_secret": secret.hex(),
        "blob": blob.hex(),
    }


# -- §10 contexts --------------------------------------------------------------------------------


def context_vectors() -> dict[str, Any] | None:
    """Vectors of ``model/contexts.py``; None while that module does not exist."""
    try:
        contexts = importlib.import_module("plebiscite.model.contexts")
    except ImportError:
        return None
    group = get_group("secp256k1")
    manifest = {"election_id": ELECTION_ID.hex(), "example": "a manifest body"}
    cctx = contexts.ceremony_context(ELECTION_ID, manifest, group, 3, 2)
    K = group.exp_g(1234)
    vks = {1: group.exp_g(11), 3: group.exp_g(33)}
    board = SigningKey(hashlib.sha256(b"plebiscite/spec/board-key").digest()).public
    authority = SigningKey(hashlib.sha256(b"plebiscite/spec/authority-key").digest()).public
    ca = SigningKey(hashlib.sha256(b"plebiscite/spec/ca-key").digest()).public
    roots = {"south": b"\x55" * 32, "north": b"\x44" * 32}
    ectx = contexts.election_context(group, cctx, K, vks, [3, 1], roots, board, authority, ca)
    return {
        "section": "10",
        "group": group.name,
        "ceremony": {
            "election_id": ELECTION_ID.hex(),
            "manifest": manifest,
            "n": 3,
            "k": 2,
            "ceremony_ctx": cctx.hex(),
        },
        "election": {
            "ceremony_ctx": cctx.hex(),
            "K": group.to_hex(K),
            "verification_keys": {str(i): group.to_hex(v) for i, v in sorted(vks.items())},
            "qual": [1, 3],
            "roll_roots": {d: r.hex() for d, r in roots.items()},
            "board_key": board.hex(),
            "authority_key": authority.hex(),
            "ca_key": ca.hex(),
            "election_ctx": ectx.hex(),
        },
    }


def ceremony_vectors() -> dict[str, Any] | None:
    """Vectors of ``model/ceremony.py``'s derived values; None while that module does not exist."""
    try:
        ceremony = importlib.import_module("plebiscite.model.ceremony")
    except ImportError:
        return None
    group = get_group("secp256k1")
    ctx = b"\x11" * 32
    commitments = [group.exp_g(101), group.exp_g(102)]
    K = group.exp_g(1234)
    vks = {1: group.exp_g(11), 3: group.exp_g(33)}
    test = ceremony.liveness_ciphertext(group, ctx, K, vks, [1, 3])
    return {
        "section": "9",
        "group": group.name,
        "ceremony_ctx": ctx.hex(),
        "commitment_hash": {
            "trustee": 2,
            "commitments": [group.to_hex(c) for c in commitments],
            "hash": ceremony.commitment_hash(group, ctx, 2, commitments).hex(),
        },
        "share_aad": {
            "dealer": 2,
            "recipient": 3,
            "aad": ceremony.share_aad(ctx, 2, 3).hex(),
        },
        "coefficient_context": typed(ceremony.coefficient_context(ctx, 2, 1)),
        "liveness_context": typed(ceremony.liveness_context(ctx, 3)),
        "liveness_ciphertext": {
            "K": group.to_hex(K),
            "verification_keys": {str(i): group.to_hex(v) for i, v in sorted(vks.items())},
            "qualified": [1, 3],
            "alpha": group.to_hex(test.alpha),
            "beta": group.to_hex(test.beta),
        },
    }


# -- §15 the verifiable shuffle -------------------------------------------------------------------

#: the context of the shuffle vectors (bytes)
SHUFFLE_CONTEXT = b"plebiscite shuffle vectors"

#: RFC 9380 Appendix J.8.1 (secp256k1_XMD:SHA-256_SSWU_RO_): msg and the expected P (x, y)
RFC9380_DST = "QUUX-V01-CS02-with-secp256k1_XMD:SHA-256_SSWU_RO_"
RFC9380_MESSAGES = ("", "abc", "abcdef0123456789", "q128_" + "q" * 128, "a512_" + "a" * 512)


def _generator_summary(group: Group, element: Any) -> str:
    data = group.encode(element)
    return data.hex() if group.name == "secp256k1" else data[:16].hex()


def shuffle_generator_rows() -> list[dict[str, Any]]:
    """The generator vectors of §15.2, one row per group (also written into docs/spec.md)."""
    rows = []
    for name in ("secp256k1", "modp4096"):
        group = get_group(name)
        gens = shuffle_generators(group, SHUFFLE_CONTEXT, 3)
        row: dict[str, Any] = {
            "group": name,
            "seed": gens.seed.hex(),
            "h": _generator_summary(group, gens.h),
            "h_i": [_generator_summary(group, h) for h in gens.hs],
        }
        if name == "modp4096":
            row["sha256"] = [
                hashlib.sha256(group.encode(e)).hexdigest() for e in (gens.h, *gens.hs)
            ]
        rows.append(row)
    return rows


def shuffle_vectors() -> dict[str, Any]:
    group = get_group("secp256k1")
    rfc = []
    for msg in RFC9380_MESSAGES:
        u = hash_to_field(msg.encode(), RFC9380_DST.encode(), P_SECP256K1, 2)
        x, y = hash_to_curve(msg.encode(), RFC9380_DST.encode())
        rfc.append({"msg": msg, "u": [f"{v:064x}" for v in u], "x": f"{x:064x}", "y": f"{y:064x}"})
    x, K = _keypair(group, "spec/shuffle/key")
    rng = DeterministicRandom("spec/shuffle/encrypt")
    inputs = [tuple(encrypt(group, K, m, rng=rng)[0] for m in (i, 10 + i)) for i in range(3)]
    rng = DeterministicRandom("spec/shuffle/prove")
    outputs, secret = shuffle(group, K, inputs, rng=rng)
    trustee = 2
    proof = prove_shuffle(group, K, inputs, outputs, secret, SHUFFLE_CONTEXT, trustee, rng=rng)
    gens = shuffle_generators(group, SHUFFLE_CONTEXT, len(inputs))
    y = statement_digest(group, gens, SHUFFLE_CONTEXT, trustee, K, inputs, outputs, proof.c)
    d = commitments_digest(
        group, y, proof.c_hat, proof.t1, proof.t2, proof.t3, proof.t4, proof.t_hat
    )
    return {
        "section": "15",
        "rfc9380": {"dst": RFC9380_DST, "vectors": rfc},
        "generators": {"context": SHUFFLE_CONTEXT.hex(), "groups": shuffle_generator_rows()},
        "shuffle": {
            "group": group.name,
            "context": SHUFFLE_CONTEXT.hex(),
            "trustee": trustee,
            "secret": group.scalar_to_hex(x),
            "K": group.to_hex(K),
            "inputs": encode_items(group, inputs),
            "outputs": encode_items(group, outputs),
            "permutation": list(secret.permutation),
            "proof": encode_shuffle_proof(group, proof),
            "y": y.hex(),
            "u": [f"{u:032x}" for u in permutation_challenges(y, len(inputs))],
            "d": d.hex(),
            "c": group.scalar_to_hex(final_challenge(group, gens, SHUFFLE_CONTEXT, trustee, y, d)),
        },
    }


# -- §16.6 blinded tags ---------------------------------------------------------------------------

#: the context of the blinded-tag vectors (a map, as a tally's round context is)
TAGS_CONTEXT: dict[str, CanonicalValue] = {"vectors": "plebiscite blinded tags", "list": "ballots"}


def _ciphertexts(group: Group, cts: Sequence[Ciphertext]) -> list[dict[str, str]]:
    return [{"alpha": group.to_hex(ct.alpha), "beta": group.to_hex(ct.beta)} for ct in cts]


def tags_blind_vectors() -> dict[str, Any]:
    group = get_group("secp256k1")
    x, K = _keypair(group, "spec/tags/key")
    rng = DeterministicRandom("spec/tags/encrypt")
    plaintexts = [7, 9, 7]
    inputs = [encrypt(group, K, m, rng=rng)[0] for m in plaintexts]
    rng = DeterministicRandom("spec/tags/blind")
    stages = []
    previous = inputs
    for trustee in (1, 3):
        secret, commitment = blinding_commitment(group, rng)
        outputs, proof = blind_and_prove(group, secret, trustee, previous, TAGS_CONTEXT, rng=rng)
        y = blinding_statement(group, TAGS_CONTEXT, trustee, commitment, previous, outputs)
        c = blinding_challenge(group, TAGS_CONTEXT, trustee, commitment, y, proof.a, proof.b)
        stages.append(
            {
                "trustee": trustee,
                "z": group.scalar_to_hex(secret.z),
                "Z": group.to_hex(commitment),
                "outputs": _ciphertexts(group, outputs),
                "proof": encode_proof(group, proof),
                "y": y.hex(),
                "weights": [[f"{e:032x}" for e in pair] for pair in blinding_weights(y, 3)],
                "c": group.scalar_to_hex(c),
            }
        )
        previous = outputs
    decrypted = [group.div(ct.beta, group.exp(ct.alpha, x)) for ct in previous]
    return {
        "section": "16.6",
        "group": group.name,
        "context": typed(TAGS_CONTEXT),
        "secret": group.scalar_to_hex(x),
        "K": group.to_hex(K),
        "plaintexts": plaintexts,
        "inputs": _ciphertexts(group, inputs),
        "stages": stages,
        "T": [group.to_hex(e) for e in decrypted],
        "tags": [blinded_tag(group, TAGS_CONTEXT, e).hex() for e in decrypted],
    }


#: the contexts of the fake-credentials vectors (§16.3, §16.5, §16.7)
PET_CONTEXT: dict[str, CanonicalValue] = {"vectors": "plebiscite equality tests", "round": "match"}
POINTER_CONTEXT: dict[str, CanonicalValue] = {"election": bytes(32), "district": "north"}
REGISTRATION_CONTEXT: dict[str, CanonicalValue] = {
    "election": bytes(32),
    "district": "north",
    "registrar": 1,
    "position": 4,
}
BALLOT_STATEMENT = bytes(range(32))


def _pet_round(group: Group, K: Any, x: int) -> dict[str, Any]:
    rng = DeterministicRandom("spec/coercion/pet-inputs")
    credentials = [encrypt(group, K, m, rng=rng)[0] for m in (5, 6, 7)]
    pointers = [encrypt(group, K, m, rng=rng)[0] for m in (5, 9, 7)]
    inputs = quotients(group, credentials, pointers)
    rng = DeterministicRandom("spec/coercion/pet")
    stages = []
    previous = inputs
    for trustee in (1, 3):
        secret, stage = pet_stage(group, trustee, previous, PET_CONTEXT, rng=rng)
        y = pet_statement(group, PET_CONTEXT, trustee, stage.commitments, previous, stage.outputs)
        d = pet_commitments_digest(group, y, stage.proof.a, stage.proof.b)
        stages.append(
            {
                "trustee": trustee,
                "z": [group.scalar_to_hex(z) for z in secret.zs],
                "Z": [group.to_hex(z) for z in stage.commitments],
                "outputs": _ciphertexts(group, stage.outputs),
                "a": [group.to_hex(e) for e in stage.proof.a],
                "b": [group.to_hex(e) for e in stage.proof.b],
                "v": [group.scalar_to_hex(e) for e in stage.proof.v],
                "y": y.hex(),
                "weights": [
                    [f"{e:032x}" for e in pair] for pair in blinding_weights(y, 3, tags.PET_WEIGHT)
                ],
                "d": d.hex(),
                "c": group.scalar_to_hex(pet_challenge(group, PET_CONTEXT, trustee, y, d)),
                # the closing pet_blind entry's digest of the stage's items (record.md §6)
                "items_digest": items_digest(
                    group, PET_BLIND, trustee, len(previous), [pet_items(stage)]
                ).hex(),
            }
        )
        previous = stage.outputs
    decrypted = [group.div(ct.beta, group.exp(ct.alpha, x)) for ct in previous]
    return {
        "context": typed(PET_CONTEXT),
        "credentials": _ciphertexts(group, credentials),
        "pointers": _ciphertexts(group, pointers),
        "inputs": _ciphertexts(group, inputs),
        "stages": stages,
        "T": [group.to_hex(e) for e in decrypted],
        "counted": [j for j, e in enumerate(decrypted) if group.is_identity(e)],
    }


def coercion_vectors() -> dict[str, Any]:
    group = get_group("secp256k1")
    x, K = _keypair(group, "spec/coercion/key")
    rng = DeterministicRandom("spec/coercion/proofs")
    sigma = group.random_nonzero_scalar(rng)
    D, s = encrypt_credential(group, K, sigma, rng=rng)
    credential = prove_credential(group, K, D, s, sigma, BALLOT_STATEMENT, rng=rng)
    entries = [encrypt_credential(group, K, group.random_nonzero_scalar(rng), rng=rng)[0]]
    entries += [encrypt_credential(group, K, sigma, rng=rng)[0]]
    entries += [encrypt_credential(group, K, group.random_nonzero_scalar(rng), rng=rng)[0]]
    P, t = reencrypt(group, K, entries[1], rng=rng)
    pointer = prove_roll_pointer(group, K, P, entries, 1, t, POINTER_CONTEXT, rng=rng)
    v, V = _keypair(group, "spec/coercion/device")
    share = group.random_nonzero_scalar(rng)
    r = group.random_nonzero_scalar(rng)
    S = group.exp_g(share)
    R = Ciphertext(group.exp_g(r), group.mul(S, group.exp(K, r)))
    real = prove_designated(group, K, V, R, S, r, REGISTRATION_CONTEXT, rng=rng)
    fake_share = group.random_nonzero_scalar(rng)
    fake = simulate_designated(
        group, K, v, R, group.exp_g(fake_share), REGISTRATION_CONTEXT, rng=rng
    )
    el, sc = group.to_hex, group.scalar_to_hex

    def designated(proof: Any, value: int) -> dict[str, Any]:
        return {
            "share": encode_share(value),
            "S": el(group.exp_g(value)),
            "proof": {
                "a": el(proof.a),
                "b": el(proof.b),
                "h": el(proof.h),
                "c1": sc(proof.c1),
                "v1": sc(proof.v1),
                "v2": sc(proof.v2),
            },
        }

    return {
        "section": "16.3-16.7",
        "group": group.name,
        "secret": sc(x),
        "K": el(K),
        "equality_test": _pet_round(group, K, x),
        "credential_proof": {
            "context": BALLOT_STATEMENT.hex(),
            "sigma": sc(sigma),
            "s": sc(s),
            "D": _ciphertexts(group, [D])[0],
            "proof": {
                "a": el(credential.a),
                "b": el(credential.b),
                "vs": sc(credential.vs),
                "vsigma": sc(credential.vsigma),
            },
        },
        "roll_pointer": {
            "context": typed(POINTER_CONTEXT),
            "entries": _ciphertexts(group, entries),
            "index": 1,
            "P": _ciphertexts(group, [P])[0],
            "proof": {
                "a": [el(e) for e in pointer.a],
                "b": [el(e) for e in pointer.b],
                "c": [sc(e) for e in pointer.c],
                "v": [sc(e) for e in pointer.v],
            },
        },
        "designated": {
            "context": typed(REGISTRATION_CONTEXT),
            "V": el(V),
            "R": _ciphertexts(group, [R])[0],
            "real": designated(real, share),
            "fake": designated(fake, fake_share),
        },
        "shares": {"1": encode_share(1), "q-1": encode_share(group.q - 1)},
        "mode_ballot": _mode_ballot(group, K, sigma, entries),
    }


#: the election context of the mode ballot vector (§16.5)
MODE_ELECTION_CTX = bytes(range(32, 64))


def _mode_ballot(group: Group, K: Any, sigma: int, roll: list[Ciphertext]) -> dict[str, Any]:
    """A district's roll (its leaves and root, §16.3) and a ballot of this mode pointing at its
    entry 1 (§16.5: the statement and the tracking hash)."""
    params = BallotParams.from_manifest(group, K, MODE_ELECTION_CTX, [(2, 1, 1)], ["north"])
    rng = DeterministicRandom("spec/coercion/ballot")
    opened = encrypt_credential_ballot(
        params, roll, "north", sigma, 1, (0, 1, 2), [[0, 1]], rng=rng
    )
    ballot = opened.ballot
    tracking = credential_ballot_tracking(group, ballot)
    return {
        "election_ctx": MODE_ELECTION_CTX.hex(),
        "district": "north",
        "questions": [[2, 1, 1]],
        "roll": _ciphertexts(group, roll),
        "leaves": [roll_leaf(group, "north", ct).hex() for ct in roll],
        "root": roll_root(group, "north", roll).hex(),
        "body": ballot_json(group, ballot),
        "statement": ballot.statement.hex(),
        "tracking": tracking.hex(),
        "tracking_text": format_tracking(tracking),
    }


# -- driver --------------------------------------------------------------------------------------

BUILDERS: dict[str, Callable[[], dict[str, Any] | None]] = {
    "encoding.json": encoding_vectors,
    "hashing.json": hashing_vectors,
    "groups.json": group_vectors,
    "elgamal.json": elgamal_vectors,
    "proofs.json": proof_vectors,
    "signatures.json": signature_vectors,
    "credential.json": credential_vectors,
    "entry.json": entry_vectors,
    "sealing.json": sealing_vectors,
    "contexts.json": context_vectors,
    "ceremony.json": ceremony_vectors,
    "shuffle.json": shuffle_vectors,
    "tags_blind.json": tags_blind_vectors,
    "coercion.json": coercion_vectors,
}


def render(content: dict[str, Any]) -> str:
    """A vector file's exact text: JSON, two-space indent, sorted keys, UTF-8, final newline."""
    return json.dumps(content, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def build_all() -> dict[str, str]:
    """Every vector file's name and exact text (files whose module is missing are left out)."""
    out: dict[str, str] = {}
    for name, builder in BUILDERS.items():
        content = builder()
        if content is not None:
            out[name] = render(content)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare instead of writing")
    args = parser.parse_args(argv)
    files = build_all()
    if args.check:
        stale = [
            n
            for n, t in files.items()
            if not (OUT / n).is_file() or (OUT / n).read_text(encoding="utf-8") != t
        ]
        for name in stale:
            print(f"{name}: differs from what the code produces", file=sys.stderr)
        return 1 if stale else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (OUT / name).write_text(text, encoding="utf-8")
        print(f"{OUT.relative_to(ROOT) / name}: {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
