"""A checker's state saved to a directory and read back (docs/spec.md §14.3): what lets a party
that checked a board once go on from where it stopped instead of checking the whole board again.

A party's follower (:class:`~plebiscite.tally.count.BoardFollower`) holds an incremental
:class:`~plebiscite.rules.checker.Checker`. :func:`save` writes such an object graph to a
directory, and :func:`load` reads it back::

    state.pickle    the object graph, pickled; the parts whose state lives in files
                    (:data:`~plebiscite.rules.state.FILE_BACKED`: the entry log, the disk tables
                    of the per-credential state, the databases of V11's lists and of the
                    fake-credentials tally's stages) stand in it as references (a part met
                    again by its number) to
    files/N         copies of their files
    seal.json       the format, the digest of the code that wrote it, the SHA-256 of every file
                    above, and an HMAC-SHA256 tag over all of it under the party's key

The key comes from the party's own signing secret (:func:`state_key`), so only the party that
holds it (its passphrase) can write a state that it will read back: nothing in the directory is
unpickled before the tag and the digests are checked. The files are copied, not moved, both ways:
the saved state stays as it was while the checker read back from it goes on (a run that fails
half-way leaves the last saved state intact, and a new one replaces it only once complete).

A state written by other code (any change to the package's Python files) is not read back: the
state of a checker is its objects, and only the code that made them knows their meaning. Every
refusal is an :class:`~plebiscite.errors.InputError` whose ``reason`` says which
(``saved_state_tag``, ``saved_state_code``, ``saved_state_broken``, ``saved_state_other``); its
caller checks the board from the start instead, which gives the same verdicts.
"""

from __future__ import annotations

import hashlib
import io
import os
import pickle
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import IO, Final

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from plebiscite.crypto import tags
from plebiscite.crypto.encoding import canonical_bytes
from plebiscite.errors import InputError, PlebisciteError
from plebiscite.model.codec import JSONObject, dumps_canonical, loads_strict
from plebiscite.rules.hashfile import HashFile
from plebiscite.rules.state import FILE_BACKED

__all__ = ["FORMAT", "code_digest", "load", "save", "state_key"]

FORMAT: Final = "plebiscite-checked-state-v1"
STATE_FILE: Final = "state.pickle"
SEAL_FILE: Final = "seal.json"
FILES_DIR: Final = "files"
_MAX_SEAL_BYTES: Final = 1 << 20
_CHUNK: Final = 1 << 20

#: the globals a saved state may name outside the package (what pickle needs for the builtin
#: containers, arrays, big integers and objects rebuilt from their class)
_OUTSIDE: Final[dict[str, frozenset[str]]] = {
    "builtins": frozenset({"set", "frozenset", "bytearray", "complex", "slice", "range", "object"}),
    "copyreg": frozenset({"_reconstructor", "__newobj__", "__newobj_ex__"}),
    "array": frozenset({"array", "_array_reconstructor"}),
    "collections": frozenset({"OrderedDict", "defaultdict", "deque", "Counter"}),
    "operator": frozenset({"itemgetter"}),
    "gmpy2": frozenset({"mpz", "from_binary"}),
    "gmpy2.gmpy2": frozenset({"mpz", "from_binary"}),
    "numpy": frozenset({"dtype", "ndarray"}),
    "numpy._core.numeric": frozenset({"_frombuffer"}),
    "numpy.core.numeric": frozenset({"_frombuffer"}),
    "numpy._core.multiarray": frozenset({"_reconstruct", "scalar"}),
    "numpy.core.multiarray": frozenset({"_reconstruct", "scalar"}),
}
#: the package's functions a saved state may name (each rebuilds a value, or is one: a
#: batch's weight function); any other name inside the package must be a class or a constant
_FUNCTIONS: Final = frozenset(
    {
        ("plebiscite.crypto.secp256k1", "_restore"),
        ("plebiscite.crypto.batch", "_system_weight"),
        ("plebiscite.errors", "_rebuild"),
        ("plebiscite.model.coercion.tally_store", "items_codec"),
        ("plebiscite.rules.coercion_tally", "_partial"),
        ("plebiscite.rules.coercion_tally", "_pet_output"),
    }
)
#: rebuilt only from their saved forms (a file of their own), never named by a pickle
_FILE_CLASSES: Final = (HashFile, *FILE_BACKED.values())


def state_key(secret: bytes, election_id: bytes) -> bytes:
    """The key of a party's saved states for one election: HKDF-SHA256 of its 32-byte signing
    secret, info ``enc(plebiscite/v1/derive/checked-state) ‖ enc(election_id)`` (spec §14.3)."""
    info = canonical_bytes(tags.CHECKED_STATE_KEY, election_id)
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info).derive(secret)


_CODE: list[str] = []


def code_digest() -> str:
    """The SHA-256 of this package's Python files (their paths and contents): a saved state is
    read back only by the code that wrote it."""
    if not _CODE:
        root = Path(__file__).resolve().parent.parent
        digest = hashlib.sha256()
        for path in sorted(root.rglob("*.py")):
            name = path.relative_to(root).as_posix().encode("utf-8")
            data = path.read_bytes()
            digest.update(len(name).to_bytes(8, "big") + name + len(data).to_bytes(8, "big"))
            digest.update(data)
        _CODE.append(digest.hexdigest())
    return _CODE[0]


class _SavingFiles:
    """Where a saved state's file-backed parts copy their files, with the SHA-256 of each
    (:class:`~plebiscite.rules.hashfile.SavingFiles`)."""

    def __init__(self, directory: Path) -> None:
        self._directory = directory
        (directory / FILES_DIR).mkdir(mode=0o700)
        self.digests: dict[str, str] = {}

    def copy_path(self, path: str) -> str:
        """Copy the file at ``path``; the name it is saved under."""
        with open(path, "rb") as source:
            return self.copy_stream(source)

    def copy_stream(self, source: IO[bytes]) -> str:
        """Copy what is left to read of ``source``; the name it is saved under."""
        name = f"{FILES_DIR}/{len(self.digests)}"
        digest = hashlib.sha256()
        with open(self._directory / name, "xb") as out:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
        self.digests[name] = digest.hexdigest()
        return name


class _SavedFiles:
    """A saved state's files, each copied back only when its SHA-256 is the sealed one
    (:class:`~plebiscite.rules.hashfile.SavedFiles`)."""

    def __init__(self, directory: Path, digests: dict[str, str]) -> None:
        self._directory = directory
        self._digests = digests

    def broken(self, what: str) -> InputError:
        """The error for a part of the saved state that does not read back."""
        return _refusal(self._directory, f"{what} does not read back", "saved_state_broken")

    def copy_to_path(self, name: str, path: str) -> None:
        """Copy the saved file ``name`` to a new file at ``path``."""
        with open(path, "xb") as out:
            self.copy_to_stream(name, out)

    def copy_to_stream(self, name: str, out: IO[bytes]) -> None:
        """Write the saved file ``name`` to ``out``, checking its digest."""
        expected = self._digests.get(name)
        if expected is None or name == STATE_FILE:
            raise self.broken(f"a reference to {name!r}")
        digest = hashlib.sha256()
        try:
            source = open(self._directory / name, "rb")
        except OSError as exc:
            raise self.broken(f"{name} ({exc.strerror})") from None
        with source:
            while chunk := source.read(_CHUNK):
                digest.update(chunk)
                out.write(chunk)
        out.flush()
        if digest.hexdigest() != expected:
            raise self.broken(f"{name} (its SHA-256 is not the sealed one)")


class _Pickler(pickle.Pickler):
    def __init__(self, file: _HashingWriter, files: _SavingFiles) -> None:
        super().__init__(file, protocol=5)
        self._files = files
        self._kinds: dict[type, str] = {cls: kind for kind, cls in FILE_BACKED.items()}
        # a part met again (the lists that share one database) is saved once, by number
        self._parts: dict[int, tuple[str, int, object]] = {}
        self._held: list[object] = []  # the parts saved, alive while their ids are keys

    def persistent_id(self, obj: object) -> object:
        kind = self._kinds.get(type(obj))
        if kind is not None:
            pid = self._parts.get(id(obj))
            if pid is None:
                pid = (kind, len(self._parts), obj.saved_form(self._files))  # type: ignore[attr-defined]
                self._parts[id(obj)] = pid
                self._held.append(obj)
            return pid
        if isinstance(obj, HashFile | io.IOBase | sqlite3.Connection):
            # state in a file or a database that has no saved form: not saved
            raise pickle.PicklingError(f"{type(obj).__name__} has no saved form")
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(
        self, file: IO[bytes], files: _SavedFiles, scratch: str | None, opened: list[object]
    ) -> None:
        super().__init__(file)
        self._files = files
        self._scratch = scratch
        self._opened = opened
        self._parts: dict[int, object] = {}

    def find_class(self, module: str, name: str) -> object:
        allowed = _OUTSIDE.get(module)
        if allowed is not None and name in allowed:
            return super().find_class(module, name)
        if module == "plebiscite" or module.startswith("plebiscite."):
            found = super().find_class(module, name)
            if found in _FILE_CLASSES:
                raise pickle.UnpicklingError(f"{module}.{name} is read only from its files")
            if isinstance(found, type) or not callable(found) or (module, name) in _FUNCTIONS:
                return found
        raise pickle.UnpicklingError(f"a saved state does not name {module}.{name}")

    def persistent_load(self, pid: object) -> object:
        if not (
            isinstance(pid, tuple)
            and len(pid) == 3
            and isinstance(pid[1], int)
            and isinstance(pid[2], dict)
        ):
            raise self._files.broken("a reference to a file-backed part")
        kind, number, form = pid
        cls = FILE_BACKED.get(kind) if isinstance(kind, str) else None
        if cls is None:
            raise self._files.broken(f"a reference to a part of kind {kind!r}")
        part = self._parts.get(number)
        if part is None:  # the first reference to this part: rebuilt from its files
            if number != len(self._parts):
                raise self._files.broken(
                    f"a reference to part {number} before part {len(self._parts)}"
                )
            part = cls.from_saved(form, self._files, self._scratch)
            self._opened.append(part)
            self._parts[number] = part
        elif not isinstance(part, cls):
            raise self._files.broken(f"part {number} named as a {kind!r}")
        return part


def _refusal(directory: Path, detail: str, reason: str) -> InputError:
    return InputError.at(str(directory), "", detail, reason=reason)


def _mac(key: bytes, seal: JSONObject) -> hmac.HMAC:
    """HMAC-SHA256 under ``key`` over ``enc(plebiscite/v1/derive/checked-state) ‖ enc(the seal
    without its tag, as canonical JSON text)``, to finalize or verify."""
    mac = hmac.HMAC(key, hashes.SHA256())
    mac.update(canonical_bytes(tags.CHECKED_STATE_KEY, dumps_canonical(seal)))
    return mac


class _HashingWriter:
    """A file written once, its SHA-256 taken as it is written (the pickle is not read back)."""

    def __init__(self, out: IO[bytes]) -> None:
        self._out = out
        self.digest = hashlib.sha256()

    def write(self, data: bytes) -> int:
        self.digest.update(data)
        return self._out.write(data)


def save(obj: object, directory: str | os.PathLike[str], key: bytes, what: str) -> None:
    """Save ``obj`` (a graph holding checkers) in ``directory`` under ``key``, replacing what
    was saved there once the new state is complete; ``what`` names what it is, and :func:`load`
    asks for the same. Raises :class:`pickle.PicklingError` (nothing replaced) when a part has
    no saved form: an open file or database that is not one of the parts whose state is on disk
    (``FILE_BACKED``, saved as copies of their files). Two runs that save at once each write a
    directory of their own; one of the two complete states is kept."""
    target = Path(directory)
    target.parent.mkdir(parents=True, exist_ok=True)
    # names of this save's own: two runs of a party saving at once do not share a directory
    fresh = Path(tempfile.mkdtemp(prefix=f".{target.name}.new-", dir=target.parent))
    old = fresh.with_name(fresh.name.replace(".new-", ".old-", 1))
    try:
        files = _SavingFiles(fresh)
        with open(fresh / STATE_FILE, "xb") as out:
            pickled = _HashingWriter(out)
            _Pickler(pickled, files).dump(obj)
        seal: JSONObject = {
            "format": FORMAT,
            "what": what,
            "code": code_digest(),
            "files": {STATE_FILE: pickled.digest.hexdigest(), **files.digests},
        }
        sealed = {**seal, "tag": _mac(key, seal).finalize().hex()}
        (fresh / SEAL_FILE).write_text(dumps_canonical(sealed) + "\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    try:
        os.replace(target, old)
    except FileNotFoundError:
        pass  # the first save, or another run's swap in between
    try:
        os.replace(fresh, target)
    except OSError:
        shutil.rmtree(fresh, ignore_errors=True)  # another run saved its own just now: kept
    shutil.rmtree(old, ignore_errors=True)


def load(
    directory: str | os.PathLike[str],
    key: bytes,
    what: str,
    *,
    scratch: str | None = None,
) -> object:
    """The object :func:`save` saved in ``directory`` under ``key`` as ``what``; its file-backed
    parts in new temporary files (under ``scratch`` when given). Raises
    :class:`~plebiscite.errors.InputError` (module docstring) when it cannot be read back as
    saved; the file-backed parts it made before a failure are closed (their files removed)."""
    where = Path(directory)
    seal_path = where / SEAL_FILE
    try:
        raw = seal_path.read_bytes()
    except OSError as exc:
        raise _refusal(where, f"no saved state ({exc.strerror})", "saved_state_broken") from None
    if len(raw) > _MAX_SEAL_BYTES:
        raise _refusal(where, f"{SEAL_FILE} is too large", "saved_state_broken")
    try:
        sealed = loads_strict(raw, str(seal_path))
    except PlebisciteError as exc:
        raise _refusal(where, f"{SEAL_FILE}: {exc}", "saved_state_broken") from None
    tag = sealed.pop("tag", None) if isinstance(sealed, dict) else None
    if not isinstance(sealed, dict) or not isinstance(tag, str):
        raise _refusal(where, f"{SEAL_FILE} holds no tag", "saved_state_broken")
    try:
        _mac(key, sealed).verify(bytes.fromhex(tag) if len(tag) == 64 else b"")
    except (InvalidSignature, ValueError):
        raise _refusal(
            where,
            "the seal's tag does not hold under this key (written with another key, or changed)",
            "saved_state_tag",
        ) from None
    if sealed.get("format") != FORMAT or sealed.get("what") != what:
        raise _refusal(
            where,
            f"a saved {sealed.get('what')!r} in format {sealed.get('format')!r}, not a {what!r}",
            "saved_state_other",
        )
    if sealed.get("code") != code_digest():
        raise _refusal(where, "saved by another version of plebiscite", "saved_state_code")
    digests = sealed.get("files")
    if not isinstance(digests, dict) or not all(isinstance(v, str) for v in digests.values()):
        raise _refusal(where, f"{SEAL_FILE} lists no files", "saved_state_broken")
    files = _SavedFiles(where, {k: str(v) for k, v in digests.items()})
    try:
        data = (where / STATE_FILE).read_bytes()
    except OSError as exc:
        raise files.broken(f"{STATE_FILE} ({exc.strerror})") from None
    if hashlib.sha256(data).hexdigest() != digests.get(STATE_FILE):
        raise files.broken(f"{STATE_FILE} (its SHA-256 is not the sealed one)")
    opened: list[object] = []
    try:
        return _Unpickler(io.BytesIO(data), files, scratch, opened).load()
    except BaseException as exc:
        for part in opened:
            part.close()  # type: ignore[attr-defined]
        if isinstance(exc, pickle.UnpicklingError | AttributeError | TypeError | EOFError):
            raise files.broken(f"{STATE_FILE} ({exc})") from None
        raise
