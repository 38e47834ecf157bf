"""Sealed shares (ECIES to an identity key) and passphrase-sealed secret files.

Sealed shares: round trips, tampering, wrong recipient or associated data, public opening.
Secret files: round trip, wrong passphrase or purpose, tampering, strict parsing, mode 0600.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from coincurve import PrivateKey, PublicKey
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from plebiscite.crypto import rand, tags
from plebiscite.crypto.credential import KdfParams
from plebiscite.crypto.encoding import canonical_bytes
from plebiscite.crypto.sealing import (
    OVERHEAD,
    open_revealed,
    open_sealed,
    seal,
    seal_with_secret,
)
from plebiscite.crypto.secretbox import DEFAULT_SECRET_KDF, FORMAT
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import (
    EncodingError,
    GroupElementError,
    InputError,
    ParameterError,
    ProofError,
)
from plebiscite.state.secrets import read_secret, write_secret

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
P = 2**256 - 2**32 - 977
AAD = canonical_bytes("ceremony", bytes(32), 1, 2)
SHARE = bytes.fromhex("5a" * 32)


def _key_with_parity(odd: bool, seed: str) -> SigningKey:
    """A trustee key whose public point d·G has odd (or even) y."""
    source = rand.DeterministicRandom(seed)
    while True:
        key = SigningKey.generate(source)
        prefix = PrivateKey(key.secret_bytes()).public_key.format(compressed=True)[0]
        if (prefix == 3) == odd:
            return key


EVEN = _key_with_parity(False, "even")
ODD = _key_with_parity(True, "odd")


@pytest.mark.parametrize("recipient", [EVEN, ODD], ids=["even-y", "odd-y"])
@pytest.mark.parametrize("size", [0, 1, 32, 1000])
def test_round_trip(recipient: SigningKey, size: int) -> None:
    plaintext = bytes(range(256)) * 4
    plaintext = plaintext[:size]
    blob = seal(recipient.public, plaintext, AAD)
    assert len(blob) == OVERHEAD + size
    assert blob[0] == 1 and blob[1] in (2, 3)
    assert open_sealed(recipient, blob, AAD) == plaintext


def test_fresh_ephemeral_every_time() -> None:
    a, b = seal(EVEN.public, SHARE, AAD), seal(EVEN.public, SHARE, AAD)
    assert a != b and a[1:34] != b[1:34]


def test_construction_matches_the_documented_recipe() -> None:
    """Recompute a blob from the library parts named in the module docstring."""
    blob, secret = seal_with_secret(ODD.public, SHARE, AAD, rng=rand.DeterministicRandom("r"))
    eph = PrivateKey(secret)
    ephemeral = eph.public_key.format(compressed=True)
    assert blob[1:34] == ephemeral
    shared = eph.ecdh(b"\x02" + ODD.public.xonly)
    # libsecp256k1's default ECDH output is SHA-256 of the compressed shared point e·P
    shared_point = PublicKey(b"\x02" + ODD.public.xonly).multiply(secret)
    assert shared == hashlib.sha256(shared_point.format(compressed=True)).digest()
    info = canonical_bytes(tags.SEAL_KEY, 1, ephemeral, ODD.public.xonly, AAD)
    okm = HKDF(algorithm=hashes.SHA256(), length=44, salt=None, info=info).derive(shared)
    ad = canonical_bytes(tags.SEAL_AAD, 1, ephemeral, ODD.public.xonly, AAD)
    expected = ChaCha20Poly1305(okm[:32]).encrypt(okm[32:], SHARE, ad)
    assert blob == b"\x01" + ephemeral + expected


def test_every_single_byte_change_fails() -> None:
    blob = seal(ODD.public, SHARE, AAD)
    for i in range(len(blob)):
        for flip in (0x01, 0x80):
            bad = blob[:i] + bytes([blob[i] ^ flip]) + blob[i + 1 :]
            with pytest.raises((ProofError, EncodingError)):
                open_sealed(ODD, bad, AAD)


def test_truncation_and_extension_fail() -> None:
    blob = seal(EVEN.public, SHARE, AAD)
    for bad in (blob[:-1], blob[: OVERHEAD - 1], b"", blob + b"\x00"):
        with pytest.raises((ProofError, EncodingError)):
            open_sealed(EVEN, bad, AAD)


def test_wrong_recipient_fails() -> None:
    blob = seal(EVEN.public, SHARE, AAD)
    with pytest.raises(ProofError, match="authentication failed"):
        open_sealed(ODD, blob, AAD)


@pytest.mark.parametrize(
    "aad",
    [b"", AAD[:-1], AAD + b"\x00", canonical_bytes("ceremony", bytes(32), 2, 1)],
    ids=["empty", "short", "long", "indices-swapped"],
)
def test_wrong_associated_data_fails(aad: bytes) -> None:
    blob = seal(EVEN.public, SHARE, AAD)
    with pytest.raises(ProofError):
        open_sealed(EVEN, blob, aad)


def test_strict_blob_format() -> None:
    blob = seal(EVEN.public, SHARE, AAD)
    with pytest.raises(EncodingError, match="version"):
        open_sealed(EVEN, b"\x02" + blob[1:], AAD)
    with pytest.raises(GroupElementError, match="compressed"):
        open_sealed(EVEN, blob[:1] + b"\x04" + blob[2:], AAD)
    off_curve = b"\x02" + (5).to_bytes(32, "big")  # x = 5: x³+7 = 132 is not a square mod p
    with pytest.raises(GroupElementError):
        open_sealed(EVEN, blob[:1] + off_curve + blob[34:], AAD)
    too_big = b"\x02" + (P + 1).to_bytes(32, "big")
    with pytest.raises(GroupElementError):
        open_sealed(EVEN, blob[:1] + too_big + blob[34:], AAD)
    with pytest.raises(EncodingError):
        open_sealed(EVEN, bytearray(blob), AAD)  # type: ignore[arg-type]
    with pytest.raises(EncodingError):
        open_sealed(EVEN, blob, "aad")  # type: ignore[arg-type]


def test_public_opening_with_the_revealed_ephemeral_secret() -> None:
    blob, secret = seal_with_secret(ODD.public, SHARE, AAD)
    assert open_revealed(ODD.public, blob, AAD, secret) == SHARE
    assert open_sealed(ODD, blob, AAD) == SHARE
    _, other_secret = seal_with_secret(ODD.public, SHARE, AAD)
    with pytest.raises(ProofError, match="does not match"):
        open_revealed(ODD.public, blob, AAD, other_secret)
    with pytest.raises(ProofError, match="authentication failed"):
        open_revealed(EVEN.public, blob, AAD, secret)
    with pytest.raises(ProofError):
        open_revealed(ODD.public, blob, AAD + b"x", secret)
    for bad_secret in (bytes(32), N.to_bytes(32, "big"), secret[:31]):
        with pytest.raises(EncodingError):
            open_revealed(ODD.public, blob, AAD, bad_secret)
    tampered = blob[:-1] + bytes([blob[-1] ^ 1])
    with pytest.raises(ProofError):
        open_revealed(ODD.public, tampered, AAD, secret)


def test_deterministic_with_a_seeded_source() -> None:
    a = seal(EVEN.public, SHARE, AAD, rng=rand.DeterministicRandom(5))
    b = seal(EVEN.public, SHARE, AAD, rng=rand.DeterministicRandom(5))
    assert a == b


# --- passphrase-protected secret files -------------------------------------------------------

SMALL = KdfParams(n=16, r=1, p=1)  # tests only
SECRET = b"trustee polynomial coefficients \x00\xff"
PASS = "correct horse battery staple"
PURPOSE = "trustee-polynomial"


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.json"
    write_secret(path, SECRET, PASS, PURPOSE, params=SMALL)
    return path


@pytest.fixture
def open_umask() -> Iterator[None]:
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def _edit(path: Path, change: Callable[[dict[str, Any]], None]) -> None:
    doc = json.loads(path.read_text())
    change(doc)
    path.write_text(json.dumps(doc))


@pytest.mark.parametrize("plaintext", [b"", b"x", SECRET, bytes(range(256)) * 40])
def test_secret_file_round_trip(tmp_path: Path, plaintext: bytes) -> None:
    path = tmp_path / "s.json"
    write_secret(path, plaintext, PASS, PURPOSE, params=SMALL)
    assert read_secret(path, PASS, PURPOSE) == plaintext


def test_secret_file_default_parameters(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    write_secret(path, SECRET, PASS, PURPOSE)
    doc = json.loads(path.read_text())
    assert doc["kdf"] == {"name": "scrypt", "n": 2**17, "r": 8, "p": 1}
    assert DEFAULT_SECRET_KDF.to_dict() == doc["kdf"]
    assert read_secret(path, PASS, PURPOSE) == SECRET


def test_secret_file_format(secret_file: Path) -> None:
    doc = json.loads(secret_file.read_text())
    assert set(doc) == {"format", "kdf", "salt", "nonce", "ciphertext"}
    assert doc["format"] == FORMAT == "plebiscite-secret-v1"
    assert doc["kdf"] == SMALL.to_dict()
    assert len(bytes.fromhex(doc["salt"])) == 16
    assert len(bytes.fromhex(doc["nonce"])) == 12
    assert len(bytes.fromhex(doc["ciphertext"])) == len(SECRET) + 16
    assert SECRET.hex() not in secret_file.read_text()
    assert b"trustee polynomial" not in secret_file.read_bytes()


def test_mode_0600_whatever_the_umask(tmp_path: Path, open_umask: None) -> None:
    path = tmp_path / "s.json"
    path.write_text("old content")
    path.chmod(0o644)
    write_secret(path, SECRET, PASS, PURPOSE, params=SMALL)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read_secret(path, PASS, PURPOSE) == SECRET
    assert [p.name for p in tmp_path.iterdir()] == ["s.json"]  # no temporary left behind


def test_fresh_salt_and_nonce_each_write(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    write_secret(a, SECRET, PASS, PURPOSE, params=SMALL)
    write_secret(b, SECRET, PASS, PURPOSE, params=SMALL)
    da, db = json.loads(a.read_text()), json.loads(b.read_text())
    assert da["salt"] != db["salt"] and da["nonce"] != db["nonce"]
    c, d = tmp_path / "c.json", tmp_path / "d.json"
    write_secret(c, SECRET, PASS, PURPOSE, params=SMALL, rng=rand.DeterministicRandom(1))
    write_secret(d, SECRET, PASS, PURPOSE, params=SMALL, rng=rand.DeterministicRandom(1))
    assert c.read_bytes() == d.read_bytes()


def test_wrong_passphrase(secret_file: Path) -> None:
    for wrong in ("correct horse battery stapl", PASS.upper(), PASS + " "):
        with pytest.raises(InputError, match="wrong passphrase") as info:
            read_secret(secret_file, wrong, PURPOSE)
        assert str(secret_file) in str(info.value)
        assert wrong not in str(info.value)


def test_wrong_purpose(secret_file: Path) -> None:
    with pytest.raises(InputError, match="another purpose"):
        read_secret(secret_file, PASS, "identity-key")


def test_passphrase_is_unicode_normalised(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    write_secret(path, SECRET, "caf\u00e9", PURPOSE, params=SMALL)
    assert read_secret(path, "cafe\u0301", PURPOSE) == SECRET


def _set_field(path: Path, field: str, value: object) -> None:
    doc = json.loads(path.read_text())
    doc[field] = value
    path.write_text(json.dumps(doc))


@pytest.mark.parametrize("field", ["ciphertext", "nonce", "salt"])
def test_tampered_content_fails(secret_file: Path, field: str) -> None:
    original = json.loads(secret_file.read_text())[field]
    for position in (0, len(original) // 2, len(original) - 1):
        digit = "0" if original[position] != "0" else "1"
        _set_field(secret_file, field, original[:position] + digit + original[position + 1 :])
        with pytest.raises(InputError, match="cannot decrypt"):
            read_secret(secret_file, PASS, PURPOSE)
    _set_field(secret_file, field, original)
    assert read_secret(secret_file, PASS, PURPOSE) == SECRET


def test_tampered_kdf_parameters_fail(secret_file: Path) -> None:
    _edit(secret_file, lambda d: d["kdf"].__setitem__("n", 32))
    with pytest.raises(InputError, match="cannot decrypt"):
        read_secret(secret_file, PASS, PURPOSE)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.__setitem__("comment", "x"), "unknown fields \\['comment'\\]"),
        (lambda d: d.pop("nonce"), "missing fields \\['nonce'\\]"),
        (lambda d: d.__setitem__("format", "plebiscite-secret-v2"), "format"),
        (lambda d: d.__setitem__("salt", d["salt"].upper()), "salt"),
        (lambda d: d.__setitem__("salt", d["salt"][:-2]), "salt: expected 16 bytes"),
        (lambda d: d.__setitem__("nonce", 12), "nonce"),
        (lambda d: d.__setitem__("ciphertext", "00" * 15), "ciphertext"),
        (lambda d: d["kdf"].__setitem__("n", True), "kdf"),
        (lambda d: d["kdf"].__setitem__("n", 2**30), "kdf"),
        (lambda d: d["kdf"].__setitem__("extra", 1), "kdf"),
        (lambda d: d["kdf"].__setitem__("name", "pbkdf2"), "kdf"),
    ],
    ids=["unknown", "missing", "format", "hex-case", "salt-length", "type", "short-ct",
         "bool-n", "huge-n", "kdf-extra", "kdf-name"],
)  # fmt: skip
def test_secret_file_strict_parsing(
    secret_file: Path, change: Callable[[dict[str, Any]], None], message: str
) -> None:
    _edit(secret_file, change)
    with pytest.raises(InputError, match=message) as info:
        read_secret(secret_file, PASS, PURPOSE)
    assert str(secret_file) in str(info.value)


@pytest.mark.parametrize(
    "text",
    ["", "not json", "[1, 2]", '{"format": 1, "format": 2}', "\udcff"],
    ids=["empty", "text", "array", "duplicate", "bad-utf8"],
)
def test_not_a_secret_file(tmp_path: Path, text: str) -> None:
    path = tmp_path / "s.json"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    with pytest.raises(InputError, match="secret file"):
        read_secret(path, PASS, PURPOSE)


def test_duplicate_field_is_refused(secret_file: Path) -> None:
    text = secret_file.read_text().rstrip().rstrip("}") + ', "salt": "' + "00" * 16 + '"}'
    secret_file.write_text(text)
    with pytest.raises(InputError, match="duplicate field 'salt'"):
        read_secret(secret_file, PASS, PURPOSE)


def test_secret_file_missing(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_secret(tmp_path / "absent.json", PASS, PURPOSE)


def test_secret_file_bad_arguments(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    with pytest.raises(InputError):
        write_secret(path, "text", PASS, PURPOSE, params=SMALL)  # type: ignore[arg-type]
    with pytest.raises(InputError, match="passphrase"):
        write_secret(path, SECRET, "", PURPOSE, params=SMALL)
    with pytest.raises(ParameterError, match="purpose"):
        write_secret(path, SECRET, PASS, "", params=SMALL)
    assert not path.exists()
