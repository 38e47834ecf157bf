"""BIP-340 signatures: the official test vectors and the domain-tagged API around them."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

import pytest
from coincurve import PrivateKey, PublicKeyXOnly
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import rand, tags
from plebiscite.crypto.hashing import H
from plebiscite.crypto.signatures import SigningKey, VerifyingKey, signed_message
from plebiscite.errors import EncodingError, ProofError

VECTORS = Path(__file__).parent / "vectors"
N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
P = 2**256 - 2**32 - 977
# README: the stored upstream file, byte for byte
BIP340_SHA256 = "a17adbd2c19032ddc12e63b5f35d5224a9295e9f82397d2632a301696b3cac9f"


def _rows(name: str) -> list[dict[str, str]]:
    with (VECTORS / name).open(newline="") as handle:
        return list(csv.DictReader(handle))


OFFICIAL = _rows("bip340.csv")
VARLEN = _rows("bip340-varlen.csv")


def _id(row: dict[str, str]) -> str:
    return f"vector{row['index']}"


def test_official_file_is_unchanged_and_complete() -> None:
    assert hashlib.sha256((VECTORS / "bip340.csv").read_bytes()).hexdigest() == BIP340_SHA256
    assert [int(r["index"]) for r in OFFICIAL] == list(range(15))
    assert [int(r["index"]) for r in VARLEN] == [15, 16, 17, 18]


@pytest.mark.parametrize("row", [r for r in OFFICIAL if r["secret key"]], ids=_id)
def test_signing_vectors_reproduce_the_signature(row: dict[str, str]) -> None:
    """Rows with a secret key: same public key, and the exact signature with the given aux."""
    key = SigningKey(bytes.fromhex(row["secret key"]))
    assert key.public.xonly == bytes.fromhex(row["public key"])
    signature = key.sign_raw(bytes.fromhex(row["message"]), aux=bytes.fromhex(row["aux_rand"]))
    assert signature.hex().upper() == row["signature"]
    assert key.public.verify_raw(signature, bytes.fromhex(row["message"]))


@pytest.mark.parametrize("row", OFFICIAL, ids=_id)
def test_verification_vectors_give_the_expected_verdict(row: dict[str, str]) -> None:
    """Every row: a refused public key counts as a failed verification, never as acceptance."""
    expected = row["verification result"] == "TRUE"
    message = bytes.fromhex(row["message"])
    signature = bytes.fromhex(row["signature"])
    try:
        key = VerifyingKey(bytes.fromhex(row["public key"]))
    except EncodingError:
        assert not expected, "a valid public key was refused"
        return
    assert key.verify_raw(signature, message) is expected


def test_invalid_public_key_vectors_are_refused_at_construction() -> None:
    by_index = {int(r["index"]): r for r in OFFICIAL}
    for index in (5, 14):  # not on the curve; x ≥ p
        with pytest.raises(EncodingError):
            VerifyingKey(bytes.fromhex(by_index[index]["public key"]))


@pytest.mark.parametrize("row", VARLEN, ids=_id)
def test_variable_length_vectors(row: dict[str, str]) -> None:
    """Rows 15–18 sign messages of 0, 1, 17 and 100 bytes (BIP-340's 2022 extension).

    plebiscite signs only 32-byte messages (``H(tag, …)``), so for these rows: the public key is
    checked against the secret key; the signature is verified with coincurve's own variable-length
    ``PublicKeyXOnly.verify`` (libsecp256k1 supports it), also after one flipped bit; and
    plebiscite's ``sign_raw`` and ``verify_raw`` refuse the non-32-byte message instead of
    signing or accepting it. coincurve cannot sign variable-length messages, so no signing check.
    """
    key = SigningKey(bytes.fromhex(row["secret key"]))
    assert key.public.xonly == bytes.fromhex(row["public key"])
    message = bytes.fromhex(row["message"])
    signature = bytes.fromhex(row["signature"])
    assert len(message) != 32
    library_key = PublicKeyXOnly(bytes.fromhex(row["public key"]))
    assert library_key.verify(signature, message) is (row["verification result"] == "TRUE")
    flipped = bytes([signature[0]]) + signature[1:63] + bytes([signature[63] ^ 1])
    assert not library_key.verify(flipped, message)
    assert key.public.verify_raw(signature, message) is False
    with pytest.raises(EncodingError):
        key.sign_raw(message, aux=bytes.fromhex(row["aux_rand"]))


def test_variable_length_inputs_follow_the_upstream_generator() -> None:
    """The transcribed rows use the inputs of ``varlen_vector`` in upstream test-vectors.py."""
    messages = [b"", b"\x11", bytes(range(1, 18)), b"\x99" * 100]
    assert [bytes.fromhex(r["message"]) for r in VARLEN] == messages
    for r in VARLEN:
        assert r["secret key"] == "0340" * 16
        assert r["aux_rand"] == "00" * 32


# --- the domain-tagged API -------------------------------------------------------------------


def test_sign_verify_check_round_trip() -> None:
    key = SigningKey.generate(rand.DeterministicRandom("sig"))
    sig = key.sign(tags.SIGNED_HEAD, b"election", 7, "x", rng=rand.DeterministicRandom(1))
    assert len(sig) == 64
    assert key.public.verify(sig, tags.SIGNED_HEAD, b"election", 7, "x")
    key.public.check(sig, "head signature", tags.SIGNED_HEAD, b"election", 7, "x")
    assert key.public.verify_raw(sig, signed_message(tags.SIGNED_HEAD, b"election", 7, "x"))
    assert signed_message(tags.SIGNED_HEAD, 1) == H(tags.SIGNED_HEAD, 1)


def test_wrong_tag_value_key_or_bit_fails() -> None:
    key = SigningKey.generate(rand.DeterministicRandom("sig2"))
    other = SigningKey.generate(rand.DeterministicRandom("sig3"))
    sig = key.sign(tags.SIGNED_HEAD, 1, rng=rand.DeterministicRandom(2))
    assert not key.public.verify(sig, tags.SIGNATURE_MESSAGE, 1)
    assert not key.public.verify(sig, tags.SIGNED_HEAD, 2)
    assert not other.public.verify(sig, tags.SIGNED_HEAD, 1)
    for i in range(64):
        bad = sig[:i] + bytes([sig[i] ^ 0x01]) + sig[i + 1 :]
        assert not key.public.verify(bad, tags.SIGNED_HEAD, 1)
    assert not key.public.verify(sig[:63], tags.SIGNED_HEAD, 1)
    assert not key.public.verify(sig + b"\x00", tags.SIGNED_HEAD, 1)
    with pytest.raises(ProofError, match="receipt"):
        key.public.check(sig, "receipt", tags.SIGNED_HEAD, 2)


def test_signing_is_deterministic_in_aux_and_randomised_otherwise() -> None:
    key = SigningKey(bytes.fromhex("0340" * 16))
    msg = bytes(32)
    assert key.sign_raw(msg, aux=bytes(32)) == key.sign_raw(msg, aux=bytes(32))
    assert key.sign_raw(msg) != key.sign_raw(msg)  # fresh aux from the OS CSPRNG
    for bad_aux in (b"", bytes(31), bytes(33)):
        with pytest.raises(EncodingError, match="aux"):
            key.sign_raw(msg, aux=bad_aux)


@settings(max_examples=40, deadline=None)
@given(
    secret=st.integers(1, N - 1),
    message=st.binary(min_size=32, max_size=32),
    aux=st.binary(min_size=32, max_size=32),
)
def test_keypair_signing_equals_coincurve_private_key(
    secret: int, message: bytes, aux: bytes
) -> None:
    """The keypair kept by SigningKey signs as coincurve's PrivateKey.sign_schnorr does (BIP-340
    is deterministic in the aux bytes) and has its x-only key, for keys with odd and even y."""
    raw = secret.to_bytes(32, "big")
    key = SigningKey(raw)
    reference = PrivateKey(raw)
    assert key.public.xonly == reference.public_key_xonly.format()
    assert key.sign_raw(message, aux=aux) == reference.sign_schnorr(message, aux)
    assert key.secret_bytes() == raw


@pytest.mark.parametrize("secret", [0, N, N + 1, 2**256 - 1])
def test_secret_key_range(secret: int) -> None:
    with pytest.raises(EncodingError):
        SigningKey(secret.to_bytes(32, "big"))


def test_secret_key_edges_are_accepted() -> None:
    for secret in (1, N - 1):
        key = SigningKey(secret.to_bytes(32, "big"))
        sig = key.sign(tags.SIGNED_HEAD, 3)
        assert key.public.verify(sig, tags.SIGNED_HEAD, 3)


@pytest.mark.parametrize(
    "raw",
    [bytes(31), bytes(33), P.to_bytes(32, "big"), (2**256 - 1).to_bytes(32, "big")],
    ids=["short", "long", "x=p", "x=2^256-1"],
)
def test_verifying_key_refuses_malformed(raw: bytes) -> None:
    with pytest.raises(EncodingError):
        VerifyingKey(raw)


def test_verifying_key_hex_is_strict_and_fingerprint_is_tagged() -> None:
    key = SigningKey.generate(rand.DeterministicRandom("fp")).public
    assert VerifyingKey.from_hex(key.hex()) == key
    with pytest.raises(EncodingError):
        VerifyingKey.from_hex(key.hex().upper())
    assert key.fingerprint() == H(tags.KEY_FINGERPRINT, "bip340", key.xonly).hex()
    assert len({key, VerifyingKey(key.xonly)}) == 1


def test_reprs_never_show_the_secret() -> None:
    secret = bytes.fromhex("0340" * 16)
    key = SigningKey(secret)
    assert secret.hex() not in repr(key).lower()
    assert key.public.hex() in repr(key)
    assert key.secret_bytes() == secret
