"""The parts of an election definition: texts, questions, districts, window, trustees, KDF, keys,
and the :class:`Problem` that names where a definition is wrong (file, line, field path).

:mod:`plebiscite.model.definition` assembles them into a
:class:`~plebiscite.model.definition.Definition`; :mod:`plebiscite.model.definition_reader`
checks them field by field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from plebiscite.crypto.credential import HKDF_SHA256, CredentialKdf, KdfParams
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import DefinitionError

__all__ = [
    "ANONYMITY_RANGE",
    "CEREMONY_ROUNDS",
    "COERCION_MODES",
    "DEFAULT_ANONYMITY",
    "DEFAULT_KDF",
    "DEFAULT_MAX_BALLOT_AGE",
    "ELECTION_ID_BYTES",
    "EPOCH",
    "KDF_ALGORITHMS",
    "KDF_MIN_N",
    "KEY_NAMES",
    "MAX_BALLOT_AGE_LIMIT",
    "MAX_CHECKERS",
    "MAX_REGISTRARS",
    "MICROSECOND",
    "MIN_DISTRICT_SIZE_FLOOR",
    "SCRYPT_DEFAULTS",
    "UNDETERMINED_LANGUAGE",
    "CeremonyDeadlines",
    "ChallengeChecker",
    "District",
    "FieldPath",
    "Kdf",
    "Keys",
    "Option",
    "Problem",
    "Question",
    "Registrar",
    "Text",
    "Trustee",
    "Trustees",
    "Window",
    "definition_error",
    "format_path",
]

ELECTION_ID_BYTES: Final = 16
"""An election id is 128 random bits, written as 32 lowercase hex characters."""

MIN_DISTRICT_SIZE_FLOOR: Final = 100
"""The default and smallest ``min_district_size`` accepted without ``allow_small_districts``."""

KDF_MIN_N: Final = 2**14
"""The smallest scrypt cost ``n`` accepted without ``allow_weak``."""

KDF_ALGORITHMS: Final = ("hkdf-sha256", "scrypt")

UNDETERMINED_LANGUAGE: Final = "und"
"""The language tag under which a plain-string text is recorded."""

EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
MICROSECOND: Final = timedelta(microseconds=1)

#: where a field is in a definition: keys and array indices (``("districts", 2, "registered")``)
FieldPath = tuple[str | int, ...]


def format_path(path: FieldPath) -> str:
    """``districts[2].registered``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


# --------------------------------------------------------------------------------------- values


@dataclass(frozen=True)
class Text:
    """Human-readable text in one or more languages; the first language is the default."""

    translations: tuple[tuple[str, str], ...]

    @classmethod
    def plain(cls, text: str) -> Text:
        """One text in no stated language (recorded under ``und``)."""
        return cls(((UNDETERMINED_LANGUAGE, text),))

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(language for language, _ in self.translations)

    def get(self, language: str | None = None) -> str:
        """The text in ``language``, or in the default (first) language when it is missing."""
        for tag, text in self.translations:
            if tag == language:
                return text
        return self.translations[0][1]

    def to_json(self) -> dict[str, str]:
        return dict(self.translations)

    def __str__(self) -> str:
        return self.get()


@dataclass(frozen=True)
class Option:
    """One answer to a question: an id and its label."""

    id: str
    label: Text


@dataclass(frozen=True)
class Question:
    """A question: a voter chooses between ``min`` and ``max`` of its options."""

    id: str
    text: Text
    options: tuple[Option, ...]
    min: int
    max: int

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(option.id for option in self.options)


@dataclass(frozen=True)
class District:
    """A district: its own roll of ``registered`` voters and its own tally and decryption."""

    id: str
    name: Text
    registered: int


@dataclass(frozen=True)
class Window:
    """When ballots are accepted: ``opens_us`` ≤ t < ``closes_us``, UTC microseconds."""

    opens_us: int
    closes_us: int

    @property
    def opens(self) -> datetime:
        return EPOCH + self.opens_us * MICROSECOND

    @property
    def closes(self) -> datetime:
        return EPOCH + self.closes_us * MICROSECOND

    @property
    def duration(self) -> timedelta:
        return (self.closes_us - self.opens_us) * MICROSECOND

    def contains(self, time_us: int) -> bool:
        """Whether a board time (UTC microseconds) is inside the window."""
        return self.opens_us <= time_us < self.closes_us


CEREMONY_ROUNDS: Final = ("commit", "reveal", "shares", "complaints")
"""The key ceremony's rounds that have an authority-signed deadline (spec §9), in order."""


@dataclass(frozen=True)
class CeremonyDeadlines:
    """When each round of the key ceremony closes (board time, UTC microseconds; spec §9).

    A trustee entry of a round counts only before its round's deadline; a ``trustee_reveal``
    only once the commit round has closed (so no trustee can close it early by revealing first,
    locking out a late honest one); ``election_key`` only after the complaints deadline.
    """

    commit: int
    reveal: int
    shares: int
    complaints: int

    def of(self, round_name: str) -> int:
        """The deadline of ``round_name`` (one of :data:`CEREMONY_ROUNDS`)."""
        value = getattr(self, round_name)
        assert isinstance(value, int)
        return value

    def to_json(self) -> dict[str, int]:
        return {name: self.of(name) for name in CEREMONY_ROUNDS}


@dataclass(frozen=True)
class Trustee:
    """A trustee: an id, a name and the fingerprint of its long-term identity key."""

    id: str
    name: str
    fingerprint: str


@dataclass(frozen=True)
class Trustees:
    """The ``n`` trustees, any ``k`` of whom can decrypt."""

    n: int
    k: int
    members: tuple[Trustee, ...]


@dataclass(frozen=True)
class Kdf:
    """The key-derivation function that turns a secret credential into its signing key.

    ``hkdf-sha256`` has no parameters (``n``, ``r``, ``p`` are None); ``scrypt`` has all three.
    """

    algorithm: str
    n: int | None = None
    r: int | None = None
    p: int | None = None
    allow_weak: bool = False

    @property
    def memory_bytes(self) -> int:
        """Memory one derivation needs (scrypt: 128·n·r bytes; a hash: next to nothing)."""
        return 128 * self.n * self.r if self.n is not None and self.r is not None else 0

    def derivation(self) -> CredentialKdf:
        """What :func:`~plebiscite.crypto.credential.derive_signing_key` takes."""
        if self.algorithm == HKDF_SHA256.name:
            return HKDF_SHA256
        if self.n is None or self.r is None or self.p is None:
            raise DefinitionError(f"kdf: {self.algorithm} needs n, r and p")
        return KdfParams(n=self.n, r=self.r, p=self.p)

    def to_manifest(self) -> dict[str, Any]:
        """The manifest's ``kdf`` field."""
        if self.algorithm == HKDF_SHA256.name:
            return {"algorithm": self.algorithm}
        return {
            "algorithm": self.algorithm,
            "n": self.n,
            "r": self.r,
            "p": self.p,
            "allow_weak": self.allow_weak,
        }


DEFAULT_KDF: Final = Kdf(HKDF_SHA256.name)
SCRYPT_DEFAULTS: Final = Kdf("scrypt", 2**15, 8, 1)
"""scrypt's defaults, for a definition that names scrypt without every parameter."""


@dataclass(frozen=True)
class Keys:
    """The board, authority and credential-authority public keys (BIP-340, x-only)."""

    board: VerifyingKey | None = None
    authority: VerifyingKey | None = None
    credential_authority: VerifyingKey | None = None

    @property
    def complete(self) -> bool:
        return None not in (self.board, self.authority, self.credential_authority)


KEY_NAMES: Final = ("board", "authority", "credential_authority")

MAX_CHECKERS: Final = 16
"""The most independent challenge checkers a definition may list."""

DEFAULT_MAX_BALLOT_AGE: Final = 900
"""Seconds a ballot may be posted after the head it names was replaced by a newer one (spec
§11.4), when the definition does not say: long enough for a slow device, short enough that a
ballot signed and held back cannot wait for the close."""
MAX_BALLOT_AGE_LIMIT: Final = 7 * 24 * 3600
"""The largest ``max_ballot_age`` a definition may set (one week, in seconds)."""

COERCION_MODES: Final = ("revote", "fake-credentials")
"""The election modes (docs/spec.md §16.2); the first is the default, absent from a manifest."""

DEFAULT_ANONYMITY: Final = 64
"""A fake-credentials ballot's anonymity-set size β unless the definition says otherwise."""

ANONYMITY_RANGE: Final = (2, 1024)
"""The smallest and largest β a definition may set."""

MAX_REGISTRARS: Final = 16
"""The most registrars a definition of the mode fake-credentials may list (spec §16.3)."""


@dataclass(frozen=True)
class Registrar:
    """A registrar of the mode fake-credentials (spec §16.3): an id, a name and the BIP-340 key
    that signs its ``registrar_roll`` entries. Registrar j is the j-th listed (1-based)."""

    id: str
    name: str
    key: VerifyingKey


@dataclass(frozen=True)
class ChallengeChecker:
    """An independent challenge checker (an observer's copy of the page), shown by the booth."""

    name: Text
    url: str


@dataclass(frozen=True)
class Problem:
    """One problem (or warning) in a definition: the file, the line if known, the field path."""

    file: str
    line: int | None
    path: str
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


def definition_error(file: str, problems: Sequence[Problem]) -> DefinitionError:
    """One error listing every problem of the definition in ``file``."""
    count = len(problems)
    head = f"{file}: the election definition is not valid ({count} problem{'s' * (count != 1)})"
    return DefinitionError("\n  ".join([head + ":", *map(str, problems)]))
