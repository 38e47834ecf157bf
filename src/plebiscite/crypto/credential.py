"""Voters' secret credentials and the BIP-340 keys derived from them (DESIGN §3).

A secret credential is 26 characters of Crockford base32 (130 bits from the CSPRNG) followed by two
check characters, 28 characters in all, shown in seven groups of four::

    63FR-Y088-GWH8-JF3Y-R64S-6MVM-D3BE

**Alphabet.** ``0123456789ABCDEFGHJKMNPQRSTVWXYZ`` (no I, L, O, U). Parsing accepts what people
type: lower case, spaces and hyphens anywhere, and Crockford's substitutions I, L → 1 and O → 0.

**Check characters.** Read the 28 characters as one base-32 integer V (first character most
significant). The two check characters are chosen so that ``V ≡ T (mod 1021)``, where 1021 is the
largest prime below 32² and ``T = int(H(CREDENTIAL_CHECKSUM, "crockford-mod-1021")) mod 1021``
(the domain tag keeps credentials of another scheme or version from parsing as these). Because 1021
is a prime that divides neither a digit difference (|δ| < 32), nor a power of 32, nor 31, every
change of one character and every swap of two adjacent different characters anywhere in the 28 —
check characters included — changes V mod 1021 and is detected.

**Key derivation.** The credential's key is derived once per election, by default with HKDF-SHA256
(RFC 5869, from ``cryptography``; ``hkdf-sha256``)::

    salt = canonical_bytes(CREDENTIAL_KEY, election_id)
    okm  = HKDF-SHA256(ikm = the 28 normalised characters in ASCII, salt = salt,
                       info = canonical_bytes(CREDENTIAL_KEY, "hkdf-sha256"), length = 48 bytes)
    x    = int(okm, big-endian) mod n_secp256k1        (refused if 0)

or, for elections whose manifest names ``scrypt`` (RFC 7914, from ``cryptography``)::

    okm = scrypt(password = the same characters, salt = the same salt,
                 n, r, p  = the election's KdfParams, length = 48 bytes)

The credential carries 130 bits from the CSPRNG, so no stretching is needed against guessing
(docs/spec.md §8.3 gives the reasoning); the derivation's job is domain separation and binding the
key to one election. The 48-byte output is reduced like RFC 9380 ``hash_to_field`` (256 + 128 bits,
so the bias is below 2⁻¹²⁸). The key is a BIP-340 :class:`SigningKey`; its 32-byte x-only public
key is the roll entry. Error messages never contain the credential or any part of it.
"""

from __future__ import annotations

import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, ClassVar, Final, TypeAlias

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from plebiscite.crypto import rand, tags
from plebiscite.crypto.encoding import canonical_bytes
from plebiscite.crypto.hashing import H
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import InputError, ParameterError

__all__ = [
    "ALPHABET",
    "CREDENTIAL_CHARS",
    "DEFAULT_KDF",
    "ELECTION_ID_BYTES",
    "GROUP_SIZE",
    "HKDF_SHA256",
    "Credential",
    "CredentialKdf",
    "HashDerivation",
    "KdfParams",
    "crockford_value",
    "derive_signing_key",
    "generate_credential",
    "normalise_checked",
    "parse_credential",
    "scrypt",
    "with_check",
]

ALPHABET: Final = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_CHARS: Final = 26  # 130 bits
CHECK_CHARS: Final = 2
CREDENTIAL_CHARS: Final = BODY_CHARS + CHECK_CHARS
GROUP_SIZE: Final = 4
ELECTION_ID_BYTES: Final = 16
CHECK_MODULUS: Final = 1021  # the largest prime below 32**2
_DERIVED_BYTES: Final = 48  # 256 + 128 bits, reduced mod n as in RFC 9380 hash_to_field
_SECP256K1_N: Final = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141

_VALUE = {ch: i for i, ch in enumerate(ALPHABET)}
_TYPED = {**_VALUE, "I": 1, "L": 1, "O": 0}
_IGNORED = frozenset(" -\t")
_CHECK_TARGET: Final = (
    int.from_bytes(H(tags.CREDENTIAL_CHECKSUM, "crockford-mod-1021"), "big") % CHECK_MODULUS
)

# bounds on scrypt parameters read from an election definition or a file
_MAX_LOG2_N: Final = 24
_MAX_R: Final = 32
_MAX_P: Final = 16
_MAX_MEMORY: Final = 2 << 30  # 128·n·r bytes


@dataclass(frozen=True, slots=True)
class KdfParams:
    """scrypt parameters (RFC 7914): cost ``n`` (a power of two), block size ``r``, lanes ``p``.

    The election definition carries them (manifest field ``kdf``); a secret file stores its own.
    Construction refuses values outside sane bounds (n ≤ 2²⁴, r ≤ 32, p ≤ 16, 128·n·r ≤ 2 GiB), so
    a hostile definition or file cannot make a reader allocate without limit.
    """

    n: int
    r: int
    p: int

    def __post_init__(self) -> None:
        for name in ("n", "r", "p"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ParameterError(f"scrypt parameter {name}: must be an integer")
        if self.n < 2 or self.n & (self.n - 1) or self.n > 1 << _MAX_LOG2_N:
            raise ParameterError(
                f"scrypt parameter n: must be a power of two in [2, 2^{_MAX_LOG2_N}], got {self.n}"
            )
        if not 1 <= self.r <= _MAX_R:
            raise ParameterError(f"scrypt parameter r: must be in [1, {_MAX_R}], got {self.r}")
        if not 1 <= self.p <= _MAX_P:
            raise ParameterError(f"scrypt parameter p: must be in [1, {_MAX_P}], got {self.p}")
        if 128 * self.n * self.r > _MAX_MEMORY:
            raise ParameterError("scrypt parameters: 128·n·r exceeds 2 GiB of memory")

    def to_dict(self) -> dict[str, Any]:
        """``{"name": "scrypt", "n": n, "r": r, "p": p}``, as definitions and files carry it."""
        return {"name": "scrypt", "n": self.n, "r": self.r, "p": self.p}

    @classmethod
    def from_dict(cls, data: object, role: str = "kdf") -> KdfParams:
        """Parse :meth:`to_dict`'s form strictly: exactly those four fields, integers only."""
        if not isinstance(data, Mapping):
            raise ParameterError(f"{role}: expected an object with name, n, r, p")
        expected = {"name", "n", "r", "p"}
        keys = set(data)
        if keys != expected:
            extra = sorted(str(k) for k in keys - expected)
            missing = sorted(expected - keys)
            raise ParameterError(f"{role}: unknown fields {extra}, missing fields {missing}")
        if data["name"] != "scrypt":
            raise ParameterError(f"{role}.name: only 'scrypt' is supported")
        try:
            return cls(n=data["n"], r=data["r"], p=data["p"])
        except ParameterError as exc:
            raise ParameterError(f"{role}: {exc}") from None


#: scrypt's cost for credentials of elections that still name scrypt: 32 MiB of memory and roughly
#: 0.1 s per derivation on one core.
DEFAULT_KDF: Final = KdfParams(n=1 << 15, r=8, p=1)


@dataclass(frozen=True, slots=True)
class HashDerivation:
    """The hash-based credential derivation, HKDF-SHA256 (spec §8.3): no cost parameters."""

    name: ClassVar[str] = "hkdf-sha256"

    def to_dict(self) -> dict[str, Any]:
        """``{"name": "hkdf-sha256"}``."""
        return {"name": self.name}


#: The credential derivation of new elections.
HKDF_SHA256: Final = HashDerivation()

#: How a credential becomes its key: HKDF-SHA256, or scrypt with its cost (older elections).
CredentialKdf: TypeAlias = HashDerivation | KdfParams


def scrypt(password: bytes, salt: bytes, params: KdfParams, length: int) -> bytes:
    """scrypt from ``cryptography`` with ``params``: ``length`` bytes."""
    return Scrypt(salt=salt, length=length, n=params.n, r=params.r, p=params.p).derive(password)


class Credential:
    """A parsed, normalised secret credential. Its repr and str never show the secret."""

    __slots__ = ("_text",)

    def __init__(self, normalised: str) -> None:
        """Wrap the 28 normalised characters; use :func:`parse_credential` for typed text."""
        if len(normalised) != CREDENTIAL_CHARS or not set(normalised) <= _VALUE.keys():
            raise InputError("credential: not in normalised form (use parse_credential)")
        if _value(normalised) % CHECK_MODULUS != _CHECK_TARGET:
            raise InputError("credential: the check characters do not match")
        self._text = normalised

    @property
    def text(self) -> str:
        """The 28 characters, upper case, without separators. Secret: keep it out of logs."""
        return self._text

    def grouped(self) -> str:
        """The credential as shown to the voter: groups of four joined by hyphens."""
        t = self._text
        return "-".join(t[i : i + GROUP_SIZE] for i in range(0, CREDENTIAL_CHARS, GROUP_SIZE))

    def kdf_password(self) -> bytes:
        """The key derivation's input: the normalised characters in ASCII."""
        return self._text.encode("ascii")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Credential) and hmac.compare_digest(self._text, other._text)

    def __hash__(self) -> int:
        return hash(("Credential", self._text))

    def __repr__(self) -> str:
        return "Credential(<secret>)"

    __str__ = __repr__


def _value(chars: str) -> int:
    v = 0
    for ch in chars:
        v = v * 32 + _VALUE[ch]
    return v


def _encode(value: int, width: int) -> str:
    out = []
    for _ in range(width):
        value, digit = divmod(value, 32)
        out.append(ALPHABET[digit])
    return "".join(reversed(out))


def _with_check(body: str) -> str:
    # V = body·32² + c must be ≡ T (mod 1021); c < 1021 < 32² fits in two characters.
    check = (_CHECK_TARGET - _value(body) * 32**CHECK_CHARS) % CHECK_MODULUS
    return body + _encode(check, CHECK_CHARS)


def generate_credential(rng: rand.Random | None = None) -> str:
    """A fresh credential (130 random bits + check characters), grouped for printing."""
    body = _encode(rand.get(rng).randbelow(32**BODY_CHARS), BODY_CHARS)
    return Credential(_with_check(body)).grouped()


def parse_credential(text: str) -> Credential:
    """Normalise what a voter typed and check it; raise :class:`InputError` without echoing it.

    Accepts lower case, spaces, tabs and hyphens anywhere, and I/L for 1 and O for 0.
    """
    return Credential(normalise_checked(text, CREDENTIAL_CHARS, "credential"))


def normalise_checked(text: str, length: int, what: str) -> str:
    """``length`` Crockford characters typed leniently (§8.1), normalised, with §8.2's check;
    :class:`InputError` naming ``what`` (never echoing the text) otherwise."""
    if not isinstance(text, str):
        raise InputError(f"{what}: expected text")
    chars: list[str] = []
    for ch in text.upper():
        if ch in _IGNORED:
            continue
        digit = _TYPED.get(ch)
        if digit is None:
            raise InputError(
                f"{what}: character {len(chars) + 1} is not one of the {what}'s "
                "letters and digits (0-9 and A-Z without U)"
            )
        chars.append(ALPHABET[digit])
    if len(chars) != length:
        raise InputError(
            f"{what}: expected {length} letters and digits "
            f"(spaces and hyphens aside), got {len(chars)}"
        )
    normalised = "".join(chars)
    if _value(normalised) % CHECK_MODULUS != _CHECK_TARGET:
        raise InputError(f"{what}: the check characters do not match; a character is mistyped")
    return normalised


def crockford_value(chars: str) -> int:
    """The base-32 integer of normalised Crockford characters (first most significant)."""
    return _value(chars)


def with_check(value: int, width: int) -> str:
    """``value`` as ``width`` Crockford characters followed by §8.2's two check characters."""
    return _with_check(_encode(value, width))


def derive_signing_key(
    credential: Credential, election_id: bytes, kdf: CredentialKdf
) -> SigningKey:
    """The credential's BIP-340 key for one election (see the module docstring for the recipe)."""
    if not isinstance(credential, Credential):
        raise InputError("credential: expected a parsed Credential")
    if not isinstance(election_id, bytes) or len(election_id) != ELECTION_ID_BYTES:
        raise ParameterError(f"election_id: must be exactly {ELECTION_ID_BYTES} bytes")
    salt = canonical_bytes(tags.CREDENTIAL_KEY, election_id)
    if isinstance(kdf, HashDerivation):
        okm = HKDF(
            algorithm=hashes.SHA256(),
            length=_DERIVED_BYTES,
            salt=salt,
            info=canonical_bytes(tags.CREDENTIAL_KEY, kdf.name),
        ).derive(credential.kdf_password())
    elif isinstance(kdf, KdfParams):
        okm = scrypt(credential.kdf_password(), salt, kdf, _DERIVED_BYTES)
    else:
        raise ParameterError("credential kdf: expected hkdf-sha256 or scrypt parameters")
    x = int.from_bytes(okm, "big") % _SECP256K1_N
    if x == 0:  # probability 2^-256; refused rather than remapped
        raise ParameterError("credential key: derived scalar is zero; issue a new credential")
    return SigningKey(x.to_bytes(32, "big"))
