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
from plebiscite.crypto.batch import BatchVerifier, equation_holds
from plebiscite.crypto.hashing import H
from plebiscite.crypto.secp256k1 import SECP256K1
from plebiscite.crypto.signatures import (
    SigningKey,
    VerifyingKey,
    signature_equation,
    signed_message,
    verify_together,
    xonly_key_problem,
)
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


def test_signing_many_signs_each_as_sign_raw_with_the_same_aux() -> None:
    """sign_many gives sign_raw's signature for each message, the aux bytes drawn in order from
    the same source; each verifies alone, and none is lost or reordered."""
    key = SigningKey.generate(rand.DeterministicRandom("many"))
    messages = [bytes([i]) * 32 for i in range(17)]
    many = key.sign_many(messages, rand.DeterministicRandom("aux"))
    source = rand.DeterministicRandom("aux")
    assert many == [key.sign_raw(m, rng=source) for m in messages]
    assert all(key.public.verify_raw(s, m) for s, m in zip(many, messages, strict=True))
    assert key.sign_many([]) == []
    with pytest.raises(EncodingError, match="32 bytes"):
        key.sign_many([bytes(32), bytes(31)])


@pytest.mark.parametrize("faulty", [0, 5, 16])
def test_a_faulty_signature_never_leaves_sign_many_or_sign_raw(
    monkeypatch: pytest.MonkeyPatch, faulty: int
) -> None:
    """A signature spoiled between signing and returning (a fault: one bit of s flipped) is
    caught by the verification before it leaves: in sign_many by the fold, then by the library
    alone, whichever of the batch it is; in sign_raw by the library."""
    key = SigningKey.generate(rand.DeterministicRandom("fault"))
    messages = [bytes([i + 1]) * 32 for i in range(17)]
    signed = SigningKey._signed
    calls = []

    def spoiled(self: SigningKey, message32: bytes, aux: bytes | None, rng: object) -> bytes:
        signature = signed(self, message32, aux, rng)  # type: ignore[arg-type]
        calls.append(message32)
        if len(calls) - 1 == faulty:
            return signature[:63] + bytes([signature[63] ^ 1])
        return signature

    monkeypatch.setattr(SigningKey, "_signed", spoiled)
    with pytest.raises(ProofError, match="does not verify"):
        key.sign_many(messages, rand.DeterministicRandom("aux"))
    calls.clear()
    for i, message in enumerate(messages[: faulty + 1]):
        if i == faulty:
            with pytest.raises(ProofError, match="does not verify"):
                key.sign_raw(message)
        else:
            assert key.public.verify_raw(key.sign_raw(message), message)


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


# -- many signatures at once (verify_together, spec §7.1) ------------------------------------------


def _one_by_one(items: list[tuple[VerifyingKey, bytes, bytes]]) -> list[int]:
    return [i for i, (key, sig, msg) in enumerate(items) if not key.verify_raw(sig, msg)]


def _batched(items: list[tuple[VerifyingKey, bytes, bytes]]) -> list[int]:
    return [i for i, ok in enumerate(verify_together(items)) if not ok]


def _odd_nonce_signature(secret: int, message: bytes, nonce: int) -> tuple[VerifyingKey, bytes]:
    """A signature made without BIP-340's negation of a nonce whose point has odd y: ``s·G −
    e·P`` is then ``R`` with odd y, which BIP-340 refuses, while ``lift_x(r)`` is ``−R`` (the
    classic trap of a batch verifier that would compare x-coordinates only)."""
    d = secret if SECP256K1.exp_g(secret).encoding()[0] == 2 else N - secret
    R = SECP256K1.exp_g(nonce)
    while R.encoding()[0] != 3:
        nonce += 1
        R = SECP256K1.exp_g(nonce)
    key = VerifyingKey(SECP256K1.exp_g(d).encoding()[1:])
    r = R.encoding()[1:]
    tag = hashlib.sha256(b"BIP0340/challenge").digest()
    e = int.from_bytes(hashlib.sha256(tag + tag + r + key.xonly + message).digest(), "big") % N
    return key, r + ((nonce + e * d) % N).to_bytes(32, "big")


def test_a_batch_of_the_official_vectors_gives_their_verdicts() -> None:
    """Every official row whose key can be built (R not on the curve, r = p, s = n, negated
    keys and messages …) in one batch: the rows marked FALSE and no other."""
    items, expected = [], []
    for row in OFFICIAL:
        try:
            key = VerifyingKey(bytes.fromhex(row["public key"]))
        except EncodingError:
            continue
        if row["verification result"] != "TRUE":
            expected.append(len(items))
        items.append((key, bytes.fromhex(row["signature"]), bytes.fromhex(row["message"])))
    assert len(items) == 13 and len(expected) == 8
    assert _batched(items) == expected == _one_by_one(items)


_FLAWS = ("none", "message", "r", "s", "s=n", "r=p", "other key", "short", "odd R")


@settings(max_examples=60, deadline=None)
@given(
    flaws=st.lists(st.sampled_from(_FLAWS), min_size=1, max_size=12),
    shared=st.booleans(),
    seed=st.binary(min_size=8, max_size=8),
)
def test_a_batch_names_exactly_the_signatures_that_fail_alone(
    flaws: list[str], shared: bool, seed: bytes
) -> None:
    """Signatures by one shared key (as the board's heads) or each by its own (as ballots), each
    sound or spoiled one way: the batch names exactly those libsecp256k1 refuses one by one."""
    items = _spoiled(flaws, shared, seed)
    refused = _one_by_one(items)
    assert refused == [i for i, flaw in enumerate(flaws) if flaw != "none"]
    assert _batched(items) == refused


def _spoiled(
    flaws: list[str], shared: bool, seed: bytes
) -> list[tuple[VerifyingKey, bytes, bytes]]:
    """A signature for each of ``flaws``, sound (``none``) or spoiled that way, by one key or
    each by its own."""
    source = rand.DeterministicRandom(seed.hex())
    keys = [SigningKey.generate(source) for _ in range(1 if shared else len(flaws))]
    items = []
    for i, flaw in enumerate(flaws):
        signer = keys[0 if shared else i]
        key, message = signer.public, source.randbytes(32)
        sig = signer.sign_raw(message, rng=source)
        if flaw == "message":
            message = bytes([message[0] ^ 1]) + message[1:]
        elif flaw == "r":
            sig = bytes([sig[0] ^ 0x80]) + sig[1:]
        elif flaw == "s":
            sig = sig[:63] + bytes([sig[63] ^ 1])
        elif flaw == "s=n":
            sig = sig[:32] + N.to_bytes(32, "big")
        elif flaw == "r=p":
            sig = P.to_bytes(32, "big") + sig[32:]
        elif flaw == "other key":
            key = SigningKey.generate(source).public
        elif flaw == "short":
            sig = sig[:63]
        elif flaw == "odd R":
            key, sig = _odd_nonce_signature(
                int.from_bytes(signer.secret_bytes(), "big"), message, 1 + source.randbelow(N - 2)
            )
        items.append((key, sig, message))
    return items


def test_a_sound_batch_is_one_fold_and_a_spoiled_one_is_decided_by_the_library(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Sound signatures never reach libsecp256k1's one-at-a-time verification: the fold vouches
    for them. One spoiled signature (an odd-y nonce, whose x-coordinate is right) makes the fold
    fail, and then every signature is verified alone."""
    source = rand.DeterministicRandom("batch-calls")
    board = SigningKey.generate(source)
    items = []
    for _ in range(20):
        message = source.randbytes(32)
        items.append((board.public, board.sign_raw(message, rng=source), message))
    alone = []
    verify_raw = VerifyingKey.verify_raw

    def counted(self: VerifyingKey, signature: bytes, message32: bytes) -> bool:
        alone.append(message32)
        return verify_raw(self, signature, message32)

    monkeypatch.setattr(VerifyingKey, "verify_raw", counted)
    assert _batched(items) == [] and alone == []
    secret = int.from_bytes(board.secret_bytes(), "big")
    items.append((*_odd_nonce_signature(secret, b"\x05" * 32, 7), b"\x05" * 32))
    assert items[-1][0] == board.public
    assert _batched(items) == [20] and len(alone) == 21


# -- one signature as a batch's equation (signature_equation, spec §7.1) ---------------------------


def _equation_verdict(key: VerifyingKey, signature: bytes, message: bytes) -> bool:
    """What a batch learns of one signature: its equation evaluated directly, or a refusal of
    its form (None), which every caller verifies alone."""
    equation = signature_equation(key, signature, message)
    if equation is None:
        return key.verify_raw(signature, message)
    return equation_holds(SECP256K1, equation)


def test_the_equation_of_each_official_vector_holds_exactly_when_it_verifies() -> None:
    checked = ruled_out = 0
    for row in OFFICIAL:
        try:
            key = VerifyingKey(bytes.fromhex(row["public key"]))
        except EncodingError:
            continue
        sig, msg = bytes.fromhex(row["signature"]), bytes.fromhex(row["message"])
        expected = row["verification result"] == "TRUE"
        equation = signature_equation(key, sig, msg)
        if equation is None:
            ruled_out += 1
            assert not expected  # a form ruled out of a fold never verifies
        else:
            assert equation_holds(SECP256K1, equation) == expected, row["index"]
        checked += 1
    assert (checked, ruled_out) == (13, 4)


@settings(max_examples=60, deadline=None)
@given(
    flaws=st.lists(st.sampled_from(_FLAWS), min_size=1, max_size=8),
    seed=st.binary(min_size=8, max_size=8),
)
def test_signature_equations_in_one_batch_name_exactly_the_refused(
    flaws: list[str], seed: bytes
) -> None:
    """Each signature's equation alone, and all of them in one batch beside each other under
    their own labels: exactly the signatures libsecp256k1 refuses fail (the odd-y nonce whose
    x-coordinate is right among them), and a refused form never enters the batch."""
    items = _spoiled(flaws, False, seed)
    refused = _one_by_one(items)
    assert [i for i, item in enumerate(items) if not _equation_verdict(*item)] == refused
    batch = BatchVerifier(SECP256K1)
    in_batch = []
    for i, (key, sig, msg) in enumerate(items):
        equation = signature_equation(key, sig, msg)
        if equation is not None:
            batch.add(str(i), equation.bases, equation.exponents)
            in_batch.append(i)
    assert [int(label) for label in batch.check()] == [i for i in refused if i in in_batch]
    assert all(flaw not in ("short", "s=n", "r=p") for i, flaw in enumerate(flaws) if i in in_batch)


@settings(max_examples=40, deadline=None)
@given(secret=st.integers(min_value=1, max_value=N - 1))
def test_a_keys_point_is_its_even_y_lift(secret: int) -> None:
    """The point taken from the parsed key (no square root) is ``lift_x`` of its x-only form."""
    key = SigningKey(secret.to_bytes(32, "big")).public
    assert key.point == SECP256K1.decode(b"\x02" + key.xonly, "key")
    assert key.point.encoding() == b"\x02" + key.xonly


def test_a_parsed_key_that_does_not_serialize_to_its_x_is_decoded_instead() -> None:
    """``from_xonly_key`` given a struct of another point: the copy is refused, the x decoded."""
    one, two = (
        SigningKey((5).to_bytes(32, "big")).public,
        SigningKey((9).to_bytes(32, "big")).public,
    )
    point = SECP256K1.from_xonly_key(two._key.public_key, one.xonly)
    assert point.encoding() == b"\x02" + one.xonly


def _library_refusal(raw: bytes) -> str | None:
    try:
        VerifyingKey(raw, "key")
    except EncodingError as exc:
        return exc.detail
    return None


@settings(max_examples=300, deadline=None)
@given(
    raw=st.one_of(
        st.binary(min_size=32, max_size=32),
        st.integers(min_value=P - 2**16, max_value=2**256 - 1).map(lambda x: x.to_bytes(32, "big")),
        st.integers(min_value=0, max_value=2**16).map(lambda x: x.to_bytes(32, "big")),
        st.binary(min_size=0, max_size=40),
    )
)
def test_a_keys_problem_is_the_one_the_library_refuses_it_for(raw: bytes) -> None:
    """The Jacobi symbol's verdict on an x-only key equals libsecp256k1's parse, detail and all
    (about half of all x are no point's: both answers are exercised)."""
    assert xonly_key_problem(raw) == _library_refusal(raw)


def test_the_official_keys_get_the_librarys_verdicts() -> None:
    keys = {bytes.fromhex(row["public key"]) for row in OFFICIAL}
    verdicts = {raw: xonly_key_problem(raw) for raw in keys}
    assert verdicts == {raw: _library_refusal(raw) for raw in keys}
    assert sum(v is not None for v in verdicts.values()) == 2  # the two invalid-key rows
