"""The encryption of a party's secret files under a passphrase (the files themselves, where they
live and how they are written: :mod:`plebiscite.state.secrets`).

A secret file is one JSON object with exactly these fields::

    {"format": "plebiscite-secret-v1",
     "kdf": {"name": "scrypt", "n": 131072, "r": 8, "p": 1},
     "salt": "<16 bytes, lowercase hex>",
     "nonce": "<12 bytes, lowercase hex>",
     "ciphertext": "<ChaCha20-Poly1305 output with its 16-byte tag, lowercase hex>"}

The key is ``scrypt(passphrase in UTF-8 NFC, salt, n, r, p, 32 bytes)`` (``cryptography``), fresh
salt and nonce for every write; the associated data is ``canonical_bytes(SECRET_FILE_AAD, format,
kdf, salt, purpose)``, so a secret written for one purpose (``"trustee-polynomial"``,
``"identity-key"`` …) cannot be read back as another. :func:`encrypt_secret` makes the file's
bytes and :func:`decrypt_secret` reads them back. Reading is strict: duplicate keys, unknown or
missing fields, wrong types and non-canonical hex are refused. A wrong passphrase and an altered
ciphertext cannot be told apart (both fail authentication); the error says so.
"""

from __future__ import annotations

import json
import unicodedata
from typing import Any, Final

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from plebiscite.crypto import rand, tags
from plebiscite.crypto.credential import KdfParams, scrypt
from plebiscite.crypto.encoding import canonical_bytes
from plebiscite.crypto.group import strict_hex
from plebiscite.errors import EncodingError, InputError, ParameterError

__all__ = ["DEFAULT_SECRET_KDF", "FORMAT", "MAX_FILE_BYTES", "decrypt_secret", "encrypt_secret"]

FORMAT: Final = "plebiscite-secret-v1"
#: 128 MiB of memory and well under a second per unlock on one core
DEFAULT_SECRET_KDF: Final = KdfParams(n=1 << 17, r=8, p=1)
_SALT_BYTES: Final = 16
_NONCE_BYTES: Final = 12
_KEY_BYTES: Final = 32
#: the largest secret file read back
MAX_FILE_BYTES: Final = 64 << 20
_FIELDS: Final = frozenset({"format", "kdf", "salt", "nonce", "ciphertext"})


def _key(passphrase: str, salt: bytes, params: KdfParams) -> bytes:
    if not isinstance(passphrase, str) or not passphrase:
        raise InputError("passphrase: must be a non-empty string")
    normalised = unicodedata.normalize("NFC", passphrase).encode("utf-8")
    return scrypt(normalised, salt, params, _KEY_BYTES)


def _associated(params: KdfParams, salt: bytes, purpose: str) -> bytes:
    return canonical_bytes(tags.SECRET_FILE_AAD, FORMAT, params.to_dict(), salt, purpose)


def _check_purpose(purpose: object) -> str:
    if not isinstance(purpose, str) or not purpose:
        raise ParameterError("secret file purpose: must be a non-empty string")
    return purpose


def encrypt_secret(
    plaintext: bytes,
    passphrase: str,
    purpose: str,
    params: KdfParams = DEFAULT_SECRET_KDF,
    rng: rand.Random | None = None,
) -> bytes:
    """The secret file holding ``plaintext`` encrypted under ``passphrase`` for ``purpose``."""
    if not isinstance(plaintext, bytes):
        raise InputError("secret: plaintext must be bytes")
    purpose = _check_purpose(purpose)
    source = rand.get(rng)
    salt = source.randbytes(_SALT_BYTES)
    nonce = source.randbytes(_NONCE_BYTES)
    key = _key(passphrase, salt, params)
    ciphertext = ChaCha20Poly1305(key).encrypt(nonce, plaintext, _associated(params, salt, purpose))
    document = {
        "format": FORMAT,
        "kdf": params.to_dict(),
        "salt": salt.hex(),
        "nonce": nonce.hex(),
        "ciphertext": ciphertext.hex(),
    }
    return (json.dumps(document, indent=1) + "\n").encode("utf-8")


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate field {key!r}")
        result[key] = value
    return result


def _parse(where: str, raw: bytes) -> tuple[KdfParams, bytes, bytes, bytes]:
    try:
        document = json.loads(raw.decode("utf-8"), object_pairs_hook=_refuse_duplicates)
    except (UnicodeDecodeError, ValueError) as exc:
        raise InputError(f"{where}: not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise InputError(f"{where}: expected a JSON object")
    keys = set(document)
    if keys != _FIELDS:
        raise InputError(
            f"{where}: unknown fields {sorted(keys - _FIELDS)}, missing fields "
            f"{sorted(_FIELDS - keys)}"
        )
    if document["format"] != FORMAT:
        raise InputError(f"{where}: field 'format' is not {FORMAT!r}")
    try:
        params = KdfParams.from_dict(document["kdf"], "kdf")
        salt = strict_hex(document["salt"], "salt", _SALT_BYTES)
        nonce = strict_hex(document["nonce"], "nonce", _NONCE_BYTES)
        ciphertext = strict_hex(document["ciphertext"], "ciphertext")
    except (ParameterError, EncodingError) as exc:
        raise InputError(f"{where}: field {exc}") from None
    if len(ciphertext) < 16:
        raise InputError(f"{where}: field ciphertext: shorter than its 16-byte tag")
    return params, salt, nonce, ciphertext


def decrypt_secret(raw: bytes, passphrase: str, purpose: str, where: str) -> bytes:
    """Decrypt the secret file ``raw`` (made by :func:`encrypt_secret` for ``purpose``).

    Raises :class:`InputError` starting with ``where`` (the file) and naming the field for a
    malformed file, and for a failed decryption (wrong passphrase, wrong purpose or altered
    content).
    """
    purpose = _check_purpose(purpose)
    params, salt, nonce, ciphertext = _parse(where, raw)
    key = _key(passphrase, salt, params)
    try:
        return ChaCha20Poly1305(key).decrypt(nonce, ciphertext, _associated(params, salt, purpose))
    except InvalidTag:
        raise InputError(
            f"{where}: cannot decrypt: wrong passphrase, or the file was altered or "
            f"written for another purpose than {purpose!r}"
        ) from None
