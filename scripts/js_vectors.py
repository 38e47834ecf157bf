"""Generate the cross-language vectors of the web booth into tests/vectors/js/*.json.

Every value is computed by the Python code (the voter client, the ballot model, the credential
module) from fixed inputs with fixed randomness, so running this script again gives the same
bytes. The JavaScript tests (``web/test/*.test.mjs``, run against the committed bundle
``src/plebiscite/server/static/booth/booth-crypto.js``) must reproduce every ballot, proof,
tracking hash and signature byte for byte, and accept or refuse exactly what Python does;
``tests/test_booth_js.py`` runs them and checks that these files are what the code produces::

    .venv/bin/python scripts/js_vectors.py            # write the files
    .venv/bin/python scripts/js_vectors.py --check    # exit 1 if any file would change

Randomness: :class:`ScriptedRandom` is ``DeterministicRandom(seed)`` whose ``randbytes`` calls
may be replaced, call by call, by fixed bytes (``overrides``: call number → hex). That is how a
vector gets a response ``v = 0`` in a simulated branch (48 zero bytes reduce to 0). The
JavaScript tests implement the same source, so both sides draw the same scalars.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from plebiscite.crypto import elgamal, tags, threshold
from plebiscite.crypto import proofs as zk
from plebiscite.crypto.credential import (
    HKDF_SHA256,
    CredentialKdf,
    KdfParams,
    derive_signing_key,
    generate_credential,
    parse_credential,
    with_check,
)
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue, canonical_bytes
from plebiscite.crypto.group import Group
from plebiscite.crypto.hashing import expand_message_xmd, hash_to_scalar
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.secp256k1 import G_COMPRESSED, SECP256K1, N, P
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import EncodingError, GroupElementError, InputError
from plebiscite.model.authoring import load_definition
from plebiscite.model.ballot import (
    Ballot,
    BallotParams,
    NamedHead,
    check_ballot,
    check_challenge,
    format_tracking,
    parse_tracking,
)
from plebiscite.model.ballot.content import proofs_value, tracking_hash
from plebiscite.model.ballot.create import encrypt_ballot
from plebiscite.model.ceremony import commitment_hash
from plebiscite.model.codec import dumps_canonical
from plebiscite.model.coercion.ballot import (
    CredentialBallot,
    anonymity_set,
    check_credential_ballot,
    encrypt_credential_ballot,
)
from plebiscite.model.coercion.challenge import challenge_json, check_credential_challenge
from plebiscite.model.coercion.codec import (
    ballot_json,
    credential_ballot_tracking,
    decode_credential_ballot,
)
from plebiscite.model.coercion.registration import (
    Sheet,
    SheetFile,
    check_sheet,
    combine_entries,
    credential_of,
    encode_share,
    fake_sheet,
    issue_sheet,
    parse_share,
    sheet_file_json,
)

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "tests" / "vectors" / "js"
G = SECP256K1

# RFC 9380 appendix K.1: expand_message_xmd(SHA-256), DST "QUUX-V01-CS02-with-expander-SHA256-128"
RFC9380_DST = "QUUX-V01-CS02-with-expander-SHA256-128"
_Q128 = "q128_" + "q" * 128
_A512 = "a512_" + "a" * 512
RFC9380_XMD = [
    ("", 0x20, "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235"),
    ("abc", 0x20, "d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615"),
    ("abcdef0123456789", 0x20, "eff31487c770a893cfb36f912fbfcbff40d5661771ca4b2cb4eafe524333f5c1"),
    (_Q128, 0x20, "b23a1d2b4d97b2ef7785562a7e8bac7eed54ed6e97e29aa51bfe3f12ddad1ff9"),
    (_A512, 0x20, "4623227bcc01293b8c130bf771da8c298dede7383243dc0993d2d94823958c4c"),
    (
        "",
        0x80,
        "af84c27ccfd45d41914fdff5df25293e221afc53d8ad2ac06d5e3e29485dadbe"
        "e0d121587713a3e0dd4d5e69e93eb7cd4f5df4cd103e188cf60cb02edc3edf18"
        "eda8576c412b18ffb658e3dd6ec849469b979d444cf7b26911a08e63cf31f9dc"
        "c541708d3491184472c2c29bb749d4286b004ceb5ee6b9a7fa5b646c993f0ced",
    ),
    (
        "abc",
        0x80,
        "abba86a6129e366fc877aab32fc4ffc70120d8996c88aee2fe4b32d6c7b6437a"
        "647e6c3163d40b76a73cf6a5674ef1d890f95b664ee0afa5359a5c4e07985635"
        "bbecbac65d747d3d2da7ec2b8221b17b0ca9dc8a1ac1c07ea6a1e60583e2cb00"
        "058e77b7b72a298425cd1b941ad4ec65e8afc50303a22c0f99b0509b4c895f40",
    ),
    (
        "abcdef0123456789",
        0x80,
        "ef904a29bffc4cf9ee82832451c946ac3c8f8058ae97d8d629831a74c6572bd9"
        "ebd0df635cd1f208e2038e760c4994984ce73f0d55ea9f22af83ba4734569d4b"
        "c95e18350f740c07eef653cbb9f87910d833751825f0ebefa1abe5420bb52be1"
        "4cf489b37fe1a72f7de2d10be453b2c9d9eb20c7e3f6edc5a60629178d9478df",
    ),
    (
        _Q128,
        0x80,
        "80be107d0884f0d881bb460322f0443d38bd222db8bd0b0a5312a6fedb49c1bb"
        "d88fd75d8b9a09486c60123dfa1d73c1cc3169761b17476d3c6b7cbbd727acd0"
        "e2c942f4dd96ae3da5de368d26b32286e32de7e5a8cb2949f866a0b80c58116b"
        "29fa7fabb3ea7d520ee603e0c25bcaf0b9a5e92ec6a1fe4e0391d1cdbce8c68a",
    ),
    (
        _A512,
        0x80,
        "546aff5444b5b79aa6148bd81728704c32decb73a3ba76e9e75885cad9def1d0"
        "6d6792f8a7d12794e90efed817d96920d728896a4510864370c207f99bd4a608"
        "ea121700ef01ed879745ee3e4ceef777eda6d9e5e38b90c86ea6fb0b36504ba4"
        "a45d22e86f6db5dd43d98a294bebb9125d5b794e9d2a81181066eb954966a487",
    ),
]


class ScriptedRandom:
    """``DeterministicRandom(seed)`` with chosen ``randbytes`` calls replaced by fixed bytes.

    ``randbelow`` draws ``byte_length(bound) + 16`` bytes through :meth:`randbytes` and reduces
    them, exactly as ``DeterministicRandom`` does. For test vectors only.
    """

    def __init__(self, seed: str, overrides: Mapping[int, bytes] | None = None) -> None:
        self._inner = DeterministicRandom(seed)
        self._overrides = dict(overrides or {})
        self._calls = 0

    def randbytes(self, n: int) -> bytes:
        call = self._calls
        self._calls += 1
        if call in self._overrides:
            data = self._overrides[call]
            if len(data) != n:
                raise ValueError(f"override of call {call} has {len(data)} bytes, {n} are drawn")
            return data
        return self._inner.randbytes(n)

    def randbelow(self, bound: int) -> int:
        nbytes = (bound.bit_length() + 7) // 8 + 16
        return int.from_bytes(self.randbytes(nbytes), "big") % bound


def typed(value: CanonicalValue) -> Any:
    """The typed notation of docs/spec.md §2.3."""
    if value is None:
        return ["N"]
    if value is True:
        return ["T"]
    if value is False:
        return ["F"]
    if isinstance(value, int):
        return ["I", str(value)]
    if isinstance(value, bytes):
        return ["B", value.hex()]
    if isinstance(value, str):
        return ["S", value]
    if isinstance(value, Mapping):
        return ["D", [[k, typed(v)] for k, v in value.items()]]
    return ["L", [typed(v) for v in value]]


def _hexes(overrides: Mapping[int, bytes]) -> dict[str, str]:
    return {str(k): v.hex() for k, v in sorted(overrides.items())}


# ------------------------------------------------------------------------------------ hashing


def hashing_vectors() -> dict[str, Any]:
    rfc = []
    for msg, length, expected in RFC9380_XMD:
        got = expand_message_xmd(msg.encode(), RFC9380_DST.encode(), length).hex()
        if got != expected:
            raise AssertionError(f"expand_message_xmd disagrees with RFC 9380 for {msg[:8]!r}")
        rfc.append({"dst": RFC9380_DST, "msg": msg, "len_in_bytes": length, "uniform": expected})
    own = []
    for i, (dst, length) in enumerate(
        [(tags.DISJUNCTIVE_CHALLENGE, 48), (tags.RANGE_CHALLENGE, 48), ("x" * 255, 255 * 32)]
    ):
        raw = DeterministicRandom(f"js/xmd/{i}").randbytes(37 * i)
        own.append(
            {
                "dst": dst,
                "msg_hex": raw.hex(),
                "len_in_bytes": length,
                "uniform": expand_message_xmd(raw, dst.encode(), length).hex(),
            }
        )
    scalars = []
    samples: list[tuple[str, list[CanonicalValue]]] = [
        (tags.DISJUNCTIVE_CHALLENGE, [{"ballot": bytes(32), "question": 0, "option": 1}]),
        (tags.RANGE_CHALLENGE, [[b"\x00", "Так", 2**70, None, True, False], {"": {}}]),
        (tags.BALLOT_STATEMENT, []),
    ]
    for tag, values in samples:
        scalars.append(
            {
                "tag": tag,
                "values": typed(values),
                "msg": canonical_bytes(*values).hex(),
                "scalar": f"{hash_to_scalar(tag, N, *values):064x}",
            }
        )
    return {"rfc9380": rfc, "xmd": own, "hash_to_scalar": scalars}


# ------------------------------------------------------------------------------------- points


def _off_curve_x() -> int:
    x = 5
    while pow((x**3 + 7) % P, (P - 1) // 2, P) == 1:
        x += 1
    return x


def point_vectors() -> dict[str, Any]:
    gx = G_COMPRESSED[1:]
    g2 = G.exp_g(2)
    uncompressed = b"\x04" + G.encode(g2)[1:] + b"\x00" * 32  # shape of an uncompressed point
    valid: list[dict[str, Any]] = [
        {"hex": G_COMPRESSED.hex(), "identity": False},
        {"hex": G.to_hex(G.inv(G.generator())), "identity": False},
        {"hex": "00", "identity": True},
    ]
    for i in range(4):
        k = 1 + DeterministicRandom(f"js/points/{i}").randbelow(N - 1)
        valid.append({"hex": G.to_hex(G.exp_g(k)), "identity": False})
    invalid = [
        ("00", "the identity where it is not allowed", False),
        ("", "empty", True),
        ("0000", "two zero bytes", True),
        ("00" * 33, "33 zero bytes (prefix 00)", True),
        ("04" + gx.hex() + "00" * 32, "uncompressed form (65 bytes)", True),
        (uncompressed.hex(), "uncompressed form of 2G's x with a zero y", True),
        ("06" + gx.hex() + "00" * 32, "hybrid form 06", True),
        ("07" + gx.hex() + "00" * 32, "hybrid form 07", True),
        ("04" + gx.hex(), "prefix 04 on 33 bytes", True),
        ("05" + gx.hex(), "prefix 05", True),
        ("01" + gx.hex(), "prefix 01", True),
        ("02" + f"{P:064x}", "x = p", True),
        ("03" + "ff" * 32, "x = 2^256 - 1", True),
        ("02" + f"{_off_curve_x():064x}", "x of no curve point", True),
        ("02" + gx.hex()[:-2], "32 bytes", True),
        (G_COMPRESSED.hex() + "00", "34 bytes", True),
    ]
    refused = []
    for text, reason, allow_identity in invalid:
        try:
            G.decode(bytes.fromhex(text), "point", allow_identity=allow_identity)
        except GroupElementError:
            refused.append({"hex": text, "reason": reason, "allow_identity": allow_identity})
            continue
        raise AssertionError(f"Python accepts the invalid point encoding: {reason}")
    bad_hex = [G_COMPRESSED.hex().upper(), "0x" + G_COMPRESSED.hex(), " " + G_COMPRESSED.hex()]
    for text in bad_hex:
        try:
            G.from_hex(text, "point")
        except EncodingError:
            continue
        raise AssertionError(f"Python accepts the hex {text!r}")
    scalars_ok = ["00" * 32, f"{N - 1:064x}", "00" * 31 + "01"]
    scalars_bad = [f"{N:064x}", "ff" * 32, "00" * 31, "00" * 33, ("ab" * 32).upper()]
    for text in scalars_bad:
        try:
            G.scalar_from_hex(text, "scalar")
        except EncodingError:
            continue
        raise AssertionError(f"Python accepts the scalar {text!r}")
    for text in scalars_ok:
        G.scalar_from_hex(text, "scalar")
    return {
        "valid": valid,
        "invalid": refused,
        "invalid_hex": bad_hex,
        "scalars_valid": scalars_ok,
        "scalars_invalid": scalars_bad,
    }


# -------------------------------------------------------------------------------- credentials


def credential_vectors() -> dict[str, Any]:
    valid = []
    for i in range(4):
        grouped = generate_credential(DeterministicRandom(f"js/credential/{i}"))
        normalised = grouped.replace("-", "")
        typed_forms = [grouped, normalised, grouped.lower(), " ".join(normalised)]
        variant = normalised.replace("1", "l").replace("0", "o")
        typed_forms.append(variant.lower())
        for text in typed_forms:
            if parse_credential(text).text != normalised:
                raise AssertionError("parse_credential does not normalise a credential")
            valid.append({"typed": text, "normalised": normalised})
    base = generate_credential(DeterministicRandom("js/credential/0")).replace("-", "")
    changed = base[:5] + ("A" if base[5] != "A" else "B") + base[6:]
    swap_at = next(i for i in range(len(base) - 1) if base[i] != base[i + 1])
    swapped = base[:swap_at] + base[swap_at + 1] + base[swap_at] + base[swap_at + 2 :]
    invalid = [
        (changed, "one character changed"),
        (swapped, "two adjacent characters swapped"),
        (base[:-1], "27 characters"),
        (base + "0", "29 characters"),
        (base[:10] + "U" + base[11:], "the letter U"),
        (base[:10] + "*" + base[11:], "a symbol"),
        ("", "empty"),
    ]
    refused = []
    for text, reason in invalid:
        try:
            parse_credential(text)
        except InputError:
            refused.append({"typed": text, "reason": reason})
            continue
        raise AssertionError(f"parse_credential accepts {reason}")
    derive = []
    kdfs: list[CredentialKdf] = [
        HKDF_SHA256,
        KdfParams(n=1024, r=8, p=1),
        HKDF_SHA256,
        KdfParams(n=16, r=1, p=1),
        KdfParams(n=64, r=2, p=3),
    ]
    for i, kdf in enumerate(kdfs):
        credential = parse_credential(generate_credential(DeterministicRandom(f"js/derive/{i}")))
        election_id = DeterministicRandom(f"js/derive/election/{i}").randbytes(16)
        salt = canonical_bytes(tags.CREDENTIAL_KEY, election_id)
        key = derive_signing_key(credential, election_id, kdf)
        manifest_kdf = (
            {"algorithm": "scrypt", "n": kdf.n, "r": kdf.r, "p": kdf.p}
            if isinstance(kdf, KdfParams)
            else {"algorithm": kdf.name}
        )
        derive.append(
            {
                "credential": credential.grouped(),
                "election_id": election_id.hex(),
                "kdf": manifest_kdf,
                "salt": salt.hex(),
                "secret": key.secret_bytes().hex(),
                "xonly": key.public.hex(),
                "fingerprint": key.public.fingerprint(),
            }
        )
    return {"valid": valid, "invalid": refused, "derive": derive}


# ---------------------------------------------------------------------------------- tracking


def tracking_vectors() -> dict[str, Any]:
    cases = []
    for i in range(3):
        digest = DeterministicRandom(f"js/tracking/{i}").randbytes(32)
        text = format_tracking(digest)
        lenient = [text, text.upper(), text.replace("-", " "), text.replace("-", ""), digest.hex()]
        lenient.append(text.replace("1", "L").replace("0", "o"))
        for typed_text in lenient:
            if parse_tracking(typed_text) != digest:
                raise AssertionError("parse_tracking does not read back format_tracking")
        cases.append({"digest": digest.hex(), "text": text, "lenient": lenient})
    zero = format_tracking(bytes(32))
    bad = [zero[:-1], zero + "0", zero[:-1] + "1", zero.replace("0", "u", 1), "0" * 63]
    for text in bad:
        try:
            parse_tracking(text)
        except InputError:
            continue
        raise AssertionError(f"parse_tracking accepts {text!r}")
    return {"cases": cases, "invalid": bad}


# ----------------------------------------------------------------------------------- ballots


def _params_json(params: BallotParams, questions: Sequence[tuple[int, int, int]]) -> Any:
    return {
        "joint_key": G.to_hex(params.joint_key),
        "election_ctx": params.election_ctx.hex(),
        "questions": [list(q) for q in questions],
        "districts": sorted(params.districts),
    }


def _make_params(
    name: str, questions: Sequence[tuple[int, int, int]], districts: Sequence[str]
) -> BallotParams:
    joint = elgamal.keygen(G, DeterministicRandom(f"js/params/{name}/key")).public
    ctx = DeterministicRandom(f"js/params/{name}/ctx").randbytes(32)
    return BallotParams.from_manifest(G, joint, ctx, questions, districts)


PARAM_SETS: dict[str, tuple[list[tuple[int, int, int]], list[str]]] = {
    "yes_no": ([(2, 1, 1)], ["north", "south"]),
    "multi": ([(2, 1, 1), (3, 0, 2)], ["north", "south"]),
    "wide": ([(4, 0, 4)], ["only"]),
    "forced": ([(2, 2, 2), (1, 0, 1)], ["Київ", "d-2"]),
}

#: (name, parameter set, seed, district, selections, overrides of randbytes calls)
BALLOT_CASES: list[tuple[str, str, str, str, list[list[int]], dict[int, bytes]]] = [
    ("yes", "yes_no", "js/ballot/yes", "north", [[1, 0]], {}),
    ("no", "yes_no", "js/ballot/no", "south", [[0, 1]], {}),
    ("multi", "multi", "js/ballot/multi", "north", [[1, 0], [0, 1, 1]], {}),
    ("multi-blank", "multi", "js/ballot/multi-blank", "south", [[0, 1], [0, 0, 0]], {}),
    ("wide", "wide", "js/ballot/wide", "only", [[1, 0, 1, 1]], {}),
    ("forced", "forced", "js/ballot/forced", "Київ", [[1, 1], [0]], {}),
    # draws of [[1, 0]]: the nonce (0), r0 (1), r1 (2), then option 0's proof: u (3), c'0 (4),
    # c'1 (5), v'0 (6), v'1 (7); option 0 encrypts 1, so branch 0 is simulated and its response
    # v0 is v'0 = 0
    ("v0-zero", "yes_no", "js/ballot/v0-zero", "north", [[1, 0]], {6: bytes(48)}),
    # a zero simulated challenge: option 1 (m = 0) simulates branch 1; its draws are
    # u (8), c'0 (9), c'1 (10), v'0 (11), v'1 (12) (c'1 = v'1 = 0 would make a1 the identity)
    ("c1-zero", "yes_no", "js/ballot/c1-zero", "north", [[1, 0]], {10: bytes(48)}),
]


def _head(seed: str) -> NamedHead:
    """The head a case's ballot names: any entry of a board (its index and hash)."""
    rng = DeterministicRandom(f"{seed}/head")
    return NamedHead(1 + rng.randbelow(10_000), rng.randbytes(32))


def ballot_vectors() -> dict[str, Any]:
    params_out: dict[str, Any] = {}
    built: dict[str, BallotParams] = {}
    for name, (questions, districts) in PARAM_SETS.items():
        built[name] = _make_params(name, questions, districts)
        params_out[name] = _params_json(built[name], questions)
    cases = []
    for name, set_name, seed, district, selections, overrides in BALLOT_CASES:
        params = built[set_name]
        key = SigningKey(DeterministicRandom(f"{seed}/key").randbytes(32))
        rng = ScriptedRandom(seed, overrides)
        opened = encrypt_ballot(params, district, key.public.xonly, selections, rng)
        head = _head(seed)
        message = opened.encrypted.signed_message(G, head)
        signature = key.sign(tags.BALLOT_SIGNATURE, *message, rng=rng)
        body = Ballot(opened.encrypted, signature, head).to_json(G)
        statement = opened.encrypted.statement
        challenge = opened.challenge().to_json(G)
        check_ballot(params, json.loads(json.dumps(body)), f"case {name}")
        check_challenge(params, json.loads(json.dumps(challenge)), f"case {name}")
        cases.append(
            {
                "name": name,
                "params": set_name,
                "seed": seed,
                "overrides": _hexes(overrides),
                "secret": key.secret_bytes().hex(),
                "district": district,
                "selections": selections,
                "head": head.to_json(),
                "nonce": (opened.encrypted.nonce or b"").hex(),
                "binding": opened.encrypted.binding.hex(),
                "statement": statement.hex(),
                "tracking": opened.encrypted.tracking.hex(),
                "tracking_text": opened.tracking_text,
                "identity": opened.encrypted.identity.hex(),
                "body": body,
                "challenge": challenge,
            }
        )
    return {"params": params_out, "cases": cases}


# ------------------------------------------------------------------------------------ proofs


def proof_vectors() -> dict[str, Any]:
    K = elgamal.keygen(G, DeterministicRandom("js/proofs/key")).public
    stmt = DeterministicRandom("js/proofs/stmt").randbytes(32)
    out = []

    def record(kind: str, seed: str, overrides: dict[int, bytes], **fields: Any) -> None:
        out.append({"kind": kind, "seed": seed, "overrides": _hexes(overrides), **fields})

    ct1, r1 = elgamal.encrypt(G, K, 1, rng=DeterministicRandom("js/proofs/ct1"))
    ct0, r0 = elgamal.encrypt(G, K, 0, rng=DeterministicRandom("js/proofs/ct0"))
    for m, ct, r in ((1, ct1, r1), (0, ct0, r0)):
        for label, overrides in (("plain", {}), ("sim-v-zero", {(3 if m == 1 else 4): bytes(48)})):
            seed = f"js/proofs/zero-one/{m}/{label}"
            ctx: CanonicalValue = {"ballot": stmt, "question": 0, "option": m}
            proof = zk.prove_zero_one(G, K, ct, m, r, ctx, rng=ScriptedRandom(seed, overrides))
            zk.verify_zero_one(G, K, ct, proof, ctx)
            record(
                "zero_one",
                seed,
                overrides,
                m=m,
                r=G.scalar_to_hex(r),
                ciphertext=elgamal.encode_ciphertext(G, ct),
                context=typed(ctx),
                proof=zk.encode_proof(G, proof),
            )
    # draws of a range proof over N branches: u (0), c'_j (1 … N), v'_j (N + 1 … 2N)
    ct_b, r_b = elgamal.encrypt(G, K, 1, rng=DeterministicRandom("js/proofs/ctb"))
    total = elgamal.add(G, ct1, ct_b)
    r_total = (r1 + r_b) % G.q
    # two ciphertexts with r2 = -r1 multiply to α = 1: a range proof over that aggregate
    ct_neg, _ = elgamal.encrypt(G, K, 0, r=G.q - r1)
    cancelled = elgamal.add(G, ct1, ct_neg)
    assert G.is_identity(cancelled.alpha)
    range_cases: list[tuple[str, Ciphertext, int, int, int, int, dict[int, bytes]]] = [
        ("plain", total, 2, r_total, 0, 3, {}),
        ("sim-v-zero", total, 2, r_total, 0, 3, {5: bytes(48)}),
        ("single", total, 2, r_total, 2, 2, {}),
        ("alpha-identity", cancelled, 1, 0, 0, 2, {}),
    ]
    for label, ct, m, r, lo, hi, overrides in range_cases:
        seed = f"js/proofs/range/{label}"
        ctx = {"ballot": stmt, "question": 1}
        rproof = zk.prove_range(G, K, ct, m, r, lo, hi, ctx, rng=ScriptedRandom(seed, overrides))
        zk.verify_range(G, K, ct, lo, hi, rproof, ctx)
        record(
            "range",
            seed,
            overrides,
            m=m,
            r=G.scalar_to_hex(r),
            lo=lo,
            hi=hi,
            ciphertext=elgamal.encode_ciphertext(G, ct),
            context=typed(ctx),
            proof=zk.encode_proof(G, rproof),
        )
    return {"joint_key": G.to_hex(K), "vectors": out}


# ---------------------------------------------------------------------------------- manifest


def manifest_vectors() -> dict[str, Any]:
    definition = load_definition(ROOT / "examples" / "referendum.toml")
    keys = [SigningKey(DeterministicRandom(f"js/manifest/{n}").randbytes(32)) for n in "bac"]
    definition = definition.with_election_id(DeterministicRandom("js/manifest/id").randbytes(16))
    definition = definition.with_keys(
        board=keys[0].public, authority=keys[1].public, credential_authority=keys[2].public
    )
    manifest = definition.to_manifest()
    joint = elgamal.keygen(G, DeterministicRandom("js/manifest/joint")).public
    ctx = DeterministicRandom("js/manifest/ctx").randbytes(32)
    params = BallotParams.from_manifest(
        G,
        joint,
        ctx,
        [(len(q.options), q.min, q.max) for q in definition.questions],
        [d.id for d in definition.districts],
    )
    key = SigningKey(DeterministicRandom("js/manifest/voter").randbytes(32))
    rng = ScriptedRandom("js/manifest/ballot")
    district = definition.districts[2].id
    opened = encrypt_ballot(params, district, key.public.xonly, [[0, 1]], rng)
    head = _head("js/manifest/ballot")
    message = opened.encrypted.signed_message(G, head)
    body = Ballot(opened.encrypted, key.sign(tags.BALLOT_SIGNATURE, *message, rng=rng), head)
    return {
        "manifest": manifest,
        "joint_key": G.to_hex(joint),
        "election_ctx": ctx.hex(),
        "voter_secret": key.secret_bytes().hex(),
        "seed": "js/manifest/ballot",
        "district": district,
        "selections": [[0, 1]],
        "head": head.to_json(),
        "body": body.to_json(G),
    }


# ---------------------------------------------------------------------------------- ceremony


def ceremony_vectors() -> dict[str, Any]:
    """Three trustees (k = 2): their commitments, what each commit binds, and K and the
    verification keys over QUAL = [1, 3] (the web booth recomputes them, spec §9)."""
    k, qual = 2, (1, 3)
    ctx = DeterministicRandom("js/ceremony/ctx").randbytes(32)
    polys = {
        i: threshold.random_polynomial(G, k, DeterministicRandom(f"js/ceremony/poly {i}"))
        for i in (1, 2, 3)
    }
    commitments = {i: threshold.commit(G, p) for i, p in polys.items()}
    return {
        "ceremony_ctx": ctx.hex(),
        "k": k,
        "qualified": list(qual),
        "trustees": [
            {
                "trustee": i,
                "commitments": [G.to_hex(c) for c in cs],
                "commitment": commitment_hash(G, ctx, i, cs).hex(),
            }
            for i, cs in commitments.items()
        ],
        "joint_key": G.to_hex(threshold.joint_key(G, commitments, qual)),
        "verification_keys": {
            str(j): G.to_hex(threshold.verification_key(G, commitments, j, qual)) for j in qual
        },
    }


# ------------------------------------------------------------------------ fake-credentials mode


def sheet_json(group: Group, sheet: Sheet) -> dict[str, Any]:
    """A sheet as the vectors (and the web booth's fake-sheet page) write it."""
    p = sheet.proof
    return {
        "district": sheet.district,
        "position": sheet.position,
        "registrar": sheet.registrar,
        "share": sheet.share,
        "proof": {
            "a": group.to_hex(p.a),
            "b": group.to_hex(p.b),
            "h": group.to_hex(p.h),
            "c1": group.scalar_to_hex(p.c1),
            "v1": group.scalar_to_hex(p.v1),
            "v2": group.scalar_to_hex(p.v2),
        },
    }


def _mode_proofs(group: Group, ballot: CredentialBallot) -> CanonicalValue:
    """What the tracking hash of a ballot of the mode covers (spec §16.5): its proofs as the body
    carries them, bytes in place of hex."""
    body = ballot_json(group, ballot)
    pp, cp = body["pointer_proof"], body["credential_proof"]
    assert isinstance(pp, dict) and isinstance(cp, dict)
    return {
        "pointer": {
            k: [bytes.fromhex(str(x)) for x in v] for k, v in pp.items() if isinstance(v, list)
        },
        "questions": proofs_value(group, ballot.questions),
        "credential": {k: bytes.fromhex(str(v)) for k, v in cp.items()},
    }


#: districts of the mode's parameter set: (name, roll size); β = 4, so "south" uses its whole roll
MODE_ROLLS: list[tuple[str, int]] = [("north", 6), ("south", 3)]
MODE_ANONYMITY = 4
MODE_REGISTRARS = 2
#: the voter whose sheets the vectors carry: district, position
MODE_VOTER = ("north", 2)

#: (name, district, credential ("real", "fake" or "other"), position, selections, β, overrides)
MODE_CASES: list[tuple[str, str, str, int, list[list[int]], int, dict[int, bytes]]] = [
    ("real", "north", "real", 2, [[1, 0], [0, 1, 1]], MODE_ANONYMITY, {}),
    ("fake", "north", "fake", 2, [[1, 0], [0, 1, 1]], MODE_ANONYMITY, {}),
    ("fake-other-position", "north", "fake", 5, [[0, 1], [0, 0, 0]], MODE_ANONYMITY, {}),
    ("whole-roll", "south", "other", 0, [[0, 1], [1, 0, 0]], MODE_ANONYMITY, {}),
    ("beta-two", "north", "real", 2, [[1, 0], [1, 1, 0]], 2, {}),
    # draws: the anonymity set (calls 0 to 2, 17 bytes each: positions 0, 4 and 5 beside the
    # voter's 2), s (3), t (4), the five options' r (5 to 9), the pointer proof's u (10), then its
    # simulated challenges (11 to 14): branch 0 (position 0) is simulated, and its c_0 is 0
    ("sim-c-zero", "north", "real", 2, [[1, 0], [0, 1, 1]], MODE_ANONYMITY, {11: bytes(48)}),
]


def mode_vectors() -> dict[str, Any]:
    """A registration (two registrars) and ballots of the mode (spec §16.3–§16.5, §16.7)."""
    group: Group = G
    questions = [(2, 1, 1), (3, 0, 2)]
    params = _make_params("mode", questions, [d for d, _ in MODE_ROLLS])
    K, ctx = params.joint_key, params.election_ctx
    v = 1 + DeterministicRandom("js/mode/voter-v").randbelow(group.q - 1)
    V = group.exp_g(v)
    rolls: dict[str, list[Ciphertext]] = {}
    voter_sheets: list[Sheet] = []
    voter_entries: list[Ciphertext] = []
    for district, size in MODE_ROLLS:
        rolls[district] = []
        for position in range(size):
            parts = []
            for j in range(1, MODE_REGISTRARS + 1):
                rng = DeterministicRandom(f"js/mode/issue/{district}/{position}/{j}")
                sheet, entry = issue_sheet(group, K, V, ctx, district, j, position, rng=rng)
                parts.append(entry.ciphertext)
                if (district, position) == MODE_VOTER:
                    voter_sheets.append(sheet)
                    voter_entries.append(entry.ciphertext)
            rolls[district].append(combine_entries(group, parts))
    fakes = []
    for j, (sheet, posted) in enumerate(zip(voter_sheets, voter_entries, strict=True)):
        seed = f"js/mode/fake/{j + 1}"
        fake = fake_sheet(group, K, v, ctx, sheet, posted, rng=ScriptedRandom(seed))
        check_sheet(group, K, V, ctx, sheet, posted)
        check_sheet(group, K, V, ctx, fake, posted)
        fakes.append((seed, fake))
    sigmas = {
        "real": credential_of(group, voter_sheets),
        "fake": credential_of(group, [f for _, f in fakes]),
        "other": 1 + DeterministicRandom("js/mode/other-sigma").randbelow(group.q - 1),
    }
    cases = []
    for name, district, which, position, selections, beta, overrides in MODE_CASES:
        seed = f"js/mode/ballot/{name}"
        # cast_credential_ballot's draws, then (the same source going on) the ballot the booth
        # encrypts after a challenge, over the same anonymity set (spec §16.5)
        rng = ScriptedRandom(seed, overrides)
        members = anonymity_set(len(rolls[district]), position, beta, rng)
        opened = encrypt_credential_ballot(
            params, rolls[district], district, sigmas[which], position, members, selections, rng=rng
        )
        again = encrypt_credential_ballot(
            params, rolls[district], district, sigmas[which], position, members, selections, rng=rng
        )
        ballot = opened.ballot
        body = ballot_json(group, ballot)
        challenge = challenge_json(group, ballot, selections, opened.randomness)
        check_credential_challenge(
            params, rolls.__getitem__, beta, json.loads(json.dumps(challenge)), f"case {name}"
        )
        decoded = decode_credential_ballot(params, json.loads(json.dumps(body)), f"case {name}")
        check_credential_ballot(params, rolls[district], decoded, anonymity=beta)
        if overrides and ballot.pointer_proof.c[0] != 0:
            raise AssertionError(f"case {name}: the override missed the simulated challenge")
        proofs = _mode_proofs(group, ballot)
        cases.append(
            {
                "name": name,
                "seed": seed,
                "overrides": _hexes(overrides),
                "district": district,
                "credential": which,
                "position": position,
                "selections": selections,
                "anonymity": beta,
                "statement": ballot.statement.hex(),
                "tracking": tracking_hash(ballot.statement, proofs).hex(),
                "tracking_text": format_tracking(tracking_hash(ballot.statement, proofs)),
                "body": body,
                "challenge": challenge,
                "again": {
                    "tracking": credential_ballot_tracking(group, again.ballot).hex(),
                    "body": ballot_json(group, again.ballot),
                },
            }
        )
    shares = []
    for i in range(3):
        sigma = 1 + DeterministicRandom(f"js/mode/share/{i}").randbelow(group.q - 1)
        text = encode_share(sigma)
        grouped = "-".join(text[k : k + 6] for k in range(0, len(text), 6))
        for typed_text in (text, text.lower(), grouped, text.replace("0", "o").replace("1", "l")):
            if parse_share(group, typed_text) != sigma:
                raise AssertionError("parse_share does not read back encode_share")
        shares.append({"sigma": f"{sigma:064x}", "text": text, "grouped": grouped})
    base = shares[0]["text"]
    flipped = base[:7] + ("A" if base[7] != "A" else "B") + base[8:]
    invalid_shares = [
        (flipped, "one character changed"),
        (base[:-1], "53 characters"),
        (encode_share(0), "a zero share"),
        (with_check((group.q << 4), 52), "a share not below n"),
        (with_check((5 << 4) | 1, 52), "padding bits set"),
        (base[:9] + "U" + base[10:], "the letter U"),
    ]
    for text, reason in invalid_shares:
        try:
            parse_share(group, text)
        except InputError:
            continue
        raise AssertionError(f"parse_share accepts {reason}")
    election_id = DeterministicRandom("js/mode/election-id").randbytes(16)
    sheet_files = [
        dumps_canonical(sheet_file_json(group, SheetFile(election_id, V, s))) + "\n"
        for s in [*voter_sheets, *(f for _, f in fakes)]
    ]
    return {
        "election_id": election_id.hex(),
        "sheet_files": sheet_files,
        "params": _params_json(params, questions),
        "rolls": {
            d: [dict(elgamal.encode_ciphertext(group, ct)) for ct in r] for d, r in rolls.items()
        },
        "anonymity": MODE_ANONYMITY,
        "voter": {
            "v": group.scalar_to_hex(v),
            "V": group.to_hex(V),
            "district": MODE_VOTER[0],
            "position": MODE_VOTER[1],
            "sheets": [sheet_json(group, s) for s in voter_sheets],
            "entries": [dict(elgamal.encode_ciphertext(group, e)) for e in voter_entries],
            "sigma": f"{sigmas['real']:064x}",
            "fakes": [{"seed": seed, "sheet": sheet_json(group, f)} for seed, f in fakes],
            "fake_sigma": f"{sigmas['fake']:064x}",
        },
        "other_sigma": f"{sigmas['other']:064x}",
        "shares": shares,
        "invalid_shares": [{"text": t, "reason": r} for t, r in invalid_shares],
        "cases": cases,
    }


# ------------------------------------------------------------------------------------- files


def render(content: Any) -> str:
    return json.dumps(content, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def build_all() -> dict[str, str]:
    """Every vector file's name and text."""
    return {
        "hashing.json": render(hashing_vectors()),
        "points.json": render(point_vectors()),
        "credential.json": render(credential_vectors()),
        "tracking.json": render(tracking_vectors()),
        "ballots.json": render(ballot_vectors()),
        "proofs.json": render(proof_vectors()),
        "manifest.json": render(manifest_vectors()),
        "ceremony.json": render(ceremony_vectors()),
        "coercion.json": render(mode_vectors()),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
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
