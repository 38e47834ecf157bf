"""The parties' state directories: one per party, each used by that party's own process.

A party is the board operator, the authority, the credential authority or a trustee. Its
directory holds::

    party.json          public facts, plain JSON: the format, the role, the BIP-340 public key,
                        its fingerprint and role-specific facts (a trustee's id, an election id)
    identity.secret     the party's BIP-340 signing key, in a secret file (state.secrets)
    *.secret            any other secret of the party (a trustee's polynomial, its share)

Secrets exist only in secret files under the party's passphrase; each is written for a purpose
``"<role>:<name>"`` so that one cannot be read back as another. Passphrases come from a file
(``--passphrase-file``), from an environment variable (:data:`PASSPHRASE_ENV` for the party's own,
:data:`BOARD_PASSPHRASE_ENV` for the board operator's key when a command posts through a board
directory) or from a hidden prompt; never from a command-line value, never logged.

The API is small: :func:`init_party`, :func:`open_party`, :class:`Party` (its key, its secrets,
its public facts) and :func:`read_passphrase`.

The test suite may set :data:`TEST_KDF_ENV` to ``1`` to write secret files with a cheap scrypt
cost; the default cost is untouched and a file always records its own cost. The variable is
honoured only inside a pytest run (pytest's own ``PYTEST_CURRENT_TEST`` is set, in the test
process and in the processes it starts); anywhere else it is refused (:func:`secret_kdf` raises),
so it can never silently weaken a real party's secrets.
"""

from __future__ import annotations

import getpass
import hashlib
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from plebiscite.crypto import rand
from plebiscite.crypto.credential import KdfParams
from plebiscite.crypto.secretbox import DEFAULT_SECRET_KDF
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.errors import EncodingError, InputError, ParameterError
from plebiscite.model.codec import JSONObject, JSONValue, dumps_canonical, loads_strict
from plebiscite.state.files import erase_file, read_bounded, write_atomic
from plebiscite.state.secrets import read_secret, write_secret

__all__ = [
    "BOARD_PASSPHRASE_ENV",
    "FORMAT",
    "IDENTITY_SECRET",
    "PASSPHRASE_ENV",
    "PUBLIC_FILE",
    "ROLES",
    "TEST_KDF_ENV",
    "Party",
    "init_party",
    "open_party",
    "read_passphrase",
    "secret_kdf",
]

FORMAT: Final = "plebiscite-party-v1"
ROLES: Final = ("board", "authority", "credential_authority", "trustee")
PUBLIC_FILE: Final = "party.json"
IDENTITY_SECRET: Final = "identity"  # noqa: S105 - a file name
PASSPHRASE_ENV: Final = "PLEBISCITE_PASSPHRASE"  # noqa: S105 - a variable name
BOARD_PASSPHRASE_ENV: Final = "PLEBISCITE_BOARD_PASSPHRASE"  # noqa: S105 - a variable name
TEST_KDF_ENV: Final = "PLEBISCITE_INSECURE_TEST_KDF"
_TEST_KDF: Final = KdfParams(n=1 << 4, r=8, p=1)
#: set by pytest while a test runs (and inherited by the processes a test starts)
_TEST_RUN_ENV: Final = "PYTEST_CURRENT_TEST"
_RESERVED: Final = frozenset({"format", "role", "public_key", "fingerprint"})
_MAX_PUBLIC_BYTES: Final = 1 << 20


def secret_kdf() -> KdfParams:
    """The scrypt cost for new secret files: the default, or a cheap one inside the test suite
    only (:class:`ParameterError` when :data:`TEST_KDF_ENV` is set outside a pytest run, or to
    anything but ``1``)."""
    value = os.environ.get(TEST_KDF_ENV)
    if value is None:
        return DEFAULT_SECRET_KDF
    if value == "1" and _TEST_RUN_ENV in os.environ:
        return _TEST_KDF
    raise ParameterError(
        f"{TEST_KDF_ENV} is set: it weakens the scrypt cost of every new secret file and is "
        f"honoured only inside the test suite ({TEST_KDF_ENV}=1 under pytest); unset it"
    )


def read_passphrase(
    file: str | os.PathLike[str] | None,
    env: str = PASSPHRASE_ENV,
    prompt: str = "Passphrase: ",
    *,
    confirm: bool = False,
) -> str:
    """The passphrase from ``file`` (its first line), else the variable ``env``, else a prompt.

    The prompt hides what is typed and asks twice when ``confirm`` is set (a new secret).
    """
    if file is not None:
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"passphrase file {os.fspath(file)}: cannot read it ({exc})") from None
        lines = text.splitlines()
        value = lines[0] if lines else ""
        if not value:
            raise InputError(f"passphrase file {os.fspath(file)}: the first line is empty")
        return value
    value = os.environ.get(env, "")
    if value:
        return value
    value = getpass.getpass(prompt)
    if not value:
        raise InputError("passphrase: must not be empty")
    if confirm and getpass.getpass("Repeat it: ") != value:
        raise InputError("passphrase: the two entries differ")
    return value


@dataclass(frozen=True)
class Party:
    """A party's state directory: its role, its public key and public facts, its secrets."""

    directory: Path
    role: str
    public_key: VerifyingKey
    info: Mapping[str, JSONValue] = field(default_factory=dict)
    #: the identity key once unlocked, under the SHA-256 of the passphrase that unlocked it (the
    #: scrypt of its secret file is paid once per party object: a command that both signs and
    #: keys its saved check of the board unlocks it once)
    _unlocked: dict[bytes, SigningKey] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __getstate__(self) -> dict[str, object]:
        # a party sent to another process goes without its unlocked key
        return {**self.__dict__, "_unlocked": {}}

    @property
    def fingerprint(self) -> str:
        """The fingerprint of the public key (what the election definition lists)."""
        return self.public_key.fingerprint()

    def secret_path(self, name: str) -> Path:
        """Where the secret ``name`` lives."""
        if not name.replace("-", "").replace("_", "").isalnum():
            raise ParameterError(f"secret name {name!r}: letters, digits, - and _ only")
        return self.directory / f"{name}.secret"

    def has_secret(self, name: str) -> bool:
        """Whether the secret ``name`` has been written."""
        return self.secret_path(name).exists()

    def write_secret(
        self, name: str, data: bytes, passphrase: str, rng: rand.Random | None = None
    ) -> None:
        """Write (or replace) the secret ``name`` under ``passphrase``, atomically, mode 0600."""
        write_secret(
            self.secret_path(name), data, passphrase, f"{self.role}:{name}", secret_kdf(), rng
        )

    def read_secret(self, name: str, passphrase: str) -> bytes:
        """Read the secret ``name``; :class:`InputError` on a wrong passphrase or a bad file."""
        return read_secret(self.secret_path(name), passphrase, f"{self.role}:{name}")

    def erase_secret(self, name: str) -> None:
        """Overwrite the secret ``name`` with zeros and remove it (nothing if it is gone)."""
        erase_file(self.secret_path(name))

    def signing_key(self, passphrase: str) -> SigningKey:
        """The party's signing key; checked against the public key in ``party.json``; read
        from its secret file once per party object and passphrase."""
        unlocked = hashlib.sha256(passphrase.encode("utf-8")).digest()
        key = self._unlocked.get(unlocked)
        if key is not None:
            return key
        key = SigningKey(self.read_secret(IDENTITY_SECRET, passphrase))
        if key.public != self.public_key:
            raise InputError(
                f"{self.directory}: the identity secret does not belong to the public key in "
                f"{PUBLIC_FILE}"
            )
        self._unlocked[unlocked] = key
        return key

    def with_info(self, **values: JSONValue) -> Party:
        """Record more public facts in ``party.json`` (atomically) and return the new state."""
        clash = _RESERVED & set(values)
        if clash:
            raise ParameterError(f"public facts {sorted(clash)} are reserved")
        updated = Party(self.directory, self.role, self.public_key, {**self.info, **values})
        updated._write_public()
        return updated

    def _write_public(self) -> None:
        document: JSONObject = {
            **self.info,
            "format": FORMAT,
            "role": self.role,
            "public_key": self.public_key.hex(),
            "fingerprint": self.fingerprint,
        }
        write_atomic(
            self.directory / PUBLIC_FILE, (dumps_canonical(document) + "\n").encode("utf-8"), 0o644
        )


def init_party(
    directory: str | os.PathLike[str],
    role: str,
    passphrase: str,
    *,
    info: Mapping[str, JSONValue] | None = None,
    rng: rand.Random | None = None,
) -> Party:
    """Create a new party in ``directory`` (made if missing; must hold no party yet).

    Generates the identity key, writes it as a secret under ``passphrase`` and the public facts
    to ``party.json``.
    """
    if role not in ROLES:
        raise ParameterError(f"party role {role!r}: expected one of {', '.join(ROLES)}")
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    if (path / PUBLIC_FILE).exists():
        raise InputError(f"{path}: already holds a party ({PUBLIC_FILE} exists)")
    key = SigningKey.generate(rng)
    extra = dict(info or {})
    clash = _RESERVED & set(extra)
    if clash:
        raise ParameterError(f"public facts {sorted(clash)} are reserved")
    party = Party(path, role, key.public, extra)
    party.write_secret(IDENTITY_SECRET, key.secret_bytes(), passphrase, rng)
    party._write_public()
    return party


def open_party(directory: str | os.PathLike[str], role: str | None = None) -> Party:
    """Open the party in ``directory``; refuse another role than ``role`` when given."""
    path = Path(directory)
    file = path / PUBLIC_FILE
    where = str(file)
    raw = read_bounded(file, _MAX_PUBLIC_BYTES, "the party's state")
    try:
        document = loads_strict(raw, where)
    except ValueError as exc:
        raise InputError(str(exc)) from None
    if not isinstance(document, dict):
        raise InputError(f"{where}: expected a JSON object")
    if document.get("format") != FORMAT:
        raise InputError(f"{where}: field format: not {FORMAT!r}")
    found = document.get("role")
    if not isinstance(found, str) or found not in ROLES:
        raise InputError(f"{where}: field role: {found!r} is not a party role")
    if role is not None and found != role:
        raise InputError(f"{where}: this directory belongs to a {found}, not a {role}")
    try:
        key = VerifyingKey.from_hex(document.get("public_key"), f"{where}: field public_key")
    except EncodingError as exc:
        raise InputError(str(exc)) from None
    if document.get("fingerprint") != key.fingerprint():
        raise InputError(f"{where}: field fingerprint: does not match the public key")
    info = {k: v for k, v in document.items() if k not in _RESERVED}
    return Party(path, found, key, info)
