"""Secret files on disk: a party's secrets, encrypted under its passphrase
(:mod:`plebiscite.crypto.secretbox`), written atomically with mode 0600 and read back strictly."""

from __future__ import annotations

import os
from pathlib import Path

from plebiscite.crypto import rand
from plebiscite.crypto.credential import KdfParams
from plebiscite.crypto.secretbox import (
    DEFAULT_SECRET_KDF,
    MAX_FILE_BYTES,
    decrypt_secret,
    encrypt_secret,
)
from plebiscite.state.files import read_bounded, write_atomic

__all__ = ["read_secret", "write_secret"]


def write_secret(
    path: str | os.PathLike[str],
    plaintext: bytes,
    passphrase: str,
    purpose: str,
    params: KdfParams = DEFAULT_SECRET_KDF,
    rng: rand.Random | None = None,
) -> None:
    """Encrypt ``plaintext`` under ``passphrase`` for ``purpose`` and write it atomically, 0600."""
    write_atomic(path, encrypt_secret(plaintext, passphrase, purpose, params, rng), 0o600)


def read_secret(path: str | os.PathLike[str], passphrase: str, purpose: str) -> bytes:
    """Read and decrypt a secret file written by :func:`write_secret` for ``purpose``.

    Raises :class:`~plebiscite.errors.InputError` naming the file and the field for a malformed
    file, and for a failed decryption (wrong passphrase, wrong purpose or altered content).
    """
    file = Path(path)
    raw = read_bounded(file, MAX_FILE_BYTES, "the secret file")
    return decrypt_secret(raw, passphrase, purpose, f"secret file {file}")
