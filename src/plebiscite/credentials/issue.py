"""Issuing credentials: one secret per registered voter, its roll key, the sheets, the roll.

For each district of the manifest, in order, window by window (:data:`WINDOW` credentials, so
memory stays flat however large the district):

1. draw fresh credentials from the CSPRNG (:func:`draw_credentials`, the same credentials as
   :func:`~plebiscite.crypto.credential.generate_credential` draws, a window at a time);
2. derive each credential's x-only key with the election's derivation bound to the election id
   (:func:`derive_signing_key`: HKDF-SHA256, or scrypt for elections that name it), spread over
   a pool of processes; a worker returns only the 32-byte public keys, never a secret key;
3. append the window's pages to the district's sheet file (:class:`SheetWriter`) while the
   workers derive, then drop the credentials;
4. once the district is done, shuffle its keys with the CSPRNG (so the roll's order says nothing
   about the sheets' order) and compute its Merkle root (:mod:`plebiscite.model.roll`).

The roll keys are public and kept in one buffer, 32 bytes per voter (:class:`RollKeys`); no key
may appear twice in the whole roll. Only then is anything posted: :func:`post_roll` appends the
``credential_roll`` chunks and the ``credential_roll_final`` entry, each signed by the credential
authority. Nothing secret is written anywhere but the sheets: no state, no temporary file, no log
line. Credentials travel to the worker processes through pipes and live in memory only while
their window is being derived and printed, two windows at most (the next one is drawn while the
workers derive this one; CPython cannot wipe a freed string; the process ends when issuing is
done).
"""

from __future__ import annotations

import base64
import json
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final, overload

import numpy as np

from plebiscite.board.board import Appended
from plebiscite.credentials.sheets import SheetWriter, prepare_sheets_dir, sheet_path
from plebiscite.crypto import rand
from plebiscite.crypto.credential import (
    ALPHABET,
    BODY_CHARS,
    CHECK_MODULUS,
    Credential,
    CredentialKdf,
    HashDerivation,
    crockford_value,
    derive_signing_key,
    parse_credential,
    with_check,
)
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import BoardError, InputError, ParameterError
from plebiscite.model.codec import JSONObject
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.roll import (
    FINAL_KIND,
    MAX_CHUNK_KEYS,
    ROLL_KIND,
    chunk_bodies,
    final_body,
    merkle_root,
)

__all__ = [
    "WINDOW",
    "IssuedDistrict",
    "KeyDeriver",
    "Progress",
    "RollKeys",
    "RollPosted",
    "check_board_ready",
    "derive_roll_keys",
    "draw_credentials",
    "issue",
    "post_roll",
    "post_roll_file",
    "roll_entries",
    "shuffle_keys",
    "write_roll",
]

#: called with (district id, keys derived so far in the district, registered in the district)
Progress = Callable[[str, int, int], None]

#: credentials drawn, derived and printed at a time
WINDOW: Final = 2048
_KEY: Final = 32
_HASH_BATCH: Final = 512  # credentials per task sent to a worker: a hash derivation is cheap
_SCRYPT_BATCH: Final = 4  # scrypt is slow: small tasks keep the workers and the progress even


#: RFC 4648's base32 letters → Crockford's (both 5 bits a character, most significant first)
_TO_CROCKFORD: Final = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", ALPHABET.encode("ascii")
)
_BODY_BOUND: Final = 32**BODY_CHARS
_PAD_BITS: Final = 160 - 5 * BODY_CHARS  # 130 bits padded to 20 bytes, 32 base32 characters
#: the check characters' target residue (spec §8.2): those of the all-zero body
_CHECK: Final = crockford_value(with_check(0, BODY_CHARS)[BODY_CHARS:])


def draw_credentials(count: int, rng: rand.Random | None = None) -> list[str]:
    """``count`` fresh credentials, grouped for printing: the same draws from ``rng`` and the
    same text as ``count`` calls of :func:`~plebiscite.crypto.credential.generate_credential`,
    encoded a window at a time (base32 in C, translated to Crockford's alphabet)."""
    source = rand.get(rng)
    values = [source.randbelow(_BODY_BOUND) for _ in range(count)]
    packed = b"".join((v << _PAD_BITS).to_bytes(20, "big") for v in values)
    text = base64.b32encode(packed).translate(_TO_CROCKFORD).decode("ascii")
    out: list[str] = []
    for i, v in enumerate(values):
        at = 32 * i
        check = (_CHECK - v * 32 * 32) % CHECK_MODULUS
        t = text[at : at + BODY_CHARS] + ALPHABET[check >> 5] + ALPHABET[check & 31]
        out.append(f"{t[0:4]}-{t[4:8]}-{t[8:12]}-{t[12:16]}-{t[16:20]}-{t[20:24]}-{t[24:28]}")
    return out


def _parsed(credential: str) -> Credential:
    """A credential as :func:`draw_credentials` prints it, parsed without the lenient pass
    (its normalised form is the text without hyphens; still checked); any other text through
    :func:`~plebiscite.crypto.credential.parse_credential`."""
    try:
        return Credential(credential.replace("-", ""))
    except InputError:
        return parse_credential(credential)


def derive_roll_keys(job: tuple[bytes, CredentialKdf, list[str]]) -> bytes:
    """The x-only keys of credentials: ``(election_id, kdf, credentials)`` → 32 bytes each,
    concatenated in order.

    Runs in a worker process; the secret keys never leave this function.
    """
    election_id, kdf, credentials = job
    return b"".join(
        derive_signing_key(_parsed(c), election_id, kdf).public.xonly for c in credentials
    )


class KeyDeriver:
    """Derives roll keys from credentials, on a pool of ``workers`` processes (1: in this one).

    Worker processes are started with ``spawn`` (a fresh interpreter, nothing inherited) and talk
    through pipes only. Use as a context manager.
    """

    def __init__(self, election_id: bytes, kdf: CredentialKdf, workers: int | None = None) -> None:
        self.election_id = election_id
        self.kdf = kdf
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self._batch = _HASH_BATCH if isinstance(kdf, HashDerivation) else _SCRYPT_BATCH
        self._pool: Executor | None = None
        if self.workers > 1:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)

    def derive(
        self,
        credentials: Sequence[str],
        advance: Callable[[int], None] | None = None,
        during: Callable[[], None] | None = None,
    ) -> bytes:
        """The x-only keys of the credentials, 32 bytes each, concatenated in the same order;
        ``advance(k)`` after k more. ``during()`` runs in this process while the workers derive
        (with one worker: before the derivation)."""
        size = self._batch
        jobs = [
            (self.election_id, self.kdf, list(credentials[i : i + size]))
            for i in range(0, len(credentials), size)
        ]
        results = (
            map(derive_roll_keys, jobs)
            if self._pool is None
            else self._pool.map(derive_roll_keys, jobs)
        )
        if during is not None:
            during()
        keys = bytearray()
        for batch in results:
            keys += batch
            if advance is not None:
                advance(len(batch) // _KEY)
        return bytes(keys)

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> KeyDeriver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class RollKeys(Sequence[bytes]):
    """A district's roll keys in one buffer, 32 bytes each (a sequence of 32-byte ``bytes``)."""

    __slots__ = ("_data",)

    def __init__(self, data: bytes) -> None:
        if len(data) % _KEY:
            raise ParameterError("roll keys: the buffer is not a whole number of 32-byte keys")
        self._data = data

    @property
    def data(self) -> bytes:
        """The keys, concatenated."""
        return self._data

    def __len__(self) -> int:
        return len(self._data) // _KEY

    @overload
    def __getitem__(self, index: int) -> bytes: ...

    @overload
    def __getitem__(self, index: slice) -> RollKeys: ...

    def __getitem__(self, index: int | slice) -> bytes | RollKeys:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return RollKeys(b"".join(self[i] for i in range(start, stop, step)))
            return RollKeys(self._data[start * _KEY : max(start, stop) * _KEY])
        position = index + len(self) if index < 0 else index
        if not 0 <= position < len(self):
            raise IndexError("roll key index out of range")
        return self._data[position * _KEY : (position + 1) * _KEY]

    def __iter__(self) -> Iterator[bytes]:
        data = self._data
        return (data[i : i + _KEY] for i in range(0, len(data), _KEY))

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RollKeys) and self._data == other._data

    def __hash__(self) -> int:
        return hash(self._data)

    def __repr__(self) -> str:
        return f"RollKeys({len(self)} keys)"


def shuffle_keys(keys: bytearray, rng: rand.Random | None = None) -> None:
    """Shuffle 32-byte keys in place, uniformly (Fisher–Yates over the CSPRNG).

    Draws exactly as :func:`plebiscite.model.roll.shuffled` does, so both give the same order
    from the same source.
    """
    source = rand.get(rng)
    for i in range(len(keys) // _KEY - 1, 0, -1):
        j = source.randbelow(i + 1)
        if j != i:
            a, b = i * _KEY, j * _KEY
            keys[a : a + _KEY], keys[b : b + _KEY] = keys[b : b + _KEY], keys[a : a + _KEY]


def _refuse_duplicates(issued: Sequence[IssuedDistrict]) -> None:
    """Refuse a roll in which a key appears twice (probability about n²·2⁻²⁵⁶, or a broken RNG).

    Sorts the keys' first 8 bytes only (8 bytes per voter beside the roll's 32, not a copy of
    it), then compares whole keys where two first words are equal.
    """
    words = [np.frombuffer(d.keys.data, dtype=">u8")[:: _KEY // 8] for d in issued]
    firsts = np.concatenate(words) if words else np.empty(0, dtype=">u8")
    if len(firsts) < 2:
        return
    order = np.argsort(firsts, kind="stable")
    ranked = firsts[order]
    pairs = np.flatnonzero(ranked[1:] == ranked[:-1])
    del firsts, ranked
    if not len(pairs):
        return
    starts = np.cumsum([0, *(d.count for d in issued)])
    seen: set[bytes] = set()
    for position in sorted(int(order[k]) for k in np.union1d(pairs, pairs + 1)):
        which = int(np.searchsorted(starts, position, side="right")) - 1
        key = issued[which].keys[position - int(starts[which])]
        if key in seen:
            raise ParameterError(
                f"district {issued[which].id!r}: two credentials derived the same key; "
                "destroy the sheets and issue again"
            )
        seen.add(key)


@dataclass(frozen=True, slots=True)
class IssuedDistrict:
    """A district's issued roll: its keys in posting (shuffled) order and their Merkle root."""

    id: str
    keys: RollKeys
    root: bytes

    @property
    def count(self) -> int:
        return len(self.keys)


class _Window:
    """A district's credentials a window at a time: the current window, printed and followed by
    the next one's draw in :meth:`print_and_draw`, dropped by :meth:`advance`."""

    def __init__(self, sheet: SheetWriter, registered: int, rng: rand.Random | None) -> None:
        self._sheet = sheet
        self._rng = rng
        self._left = registered
        self.credentials = self._draw()
        self._next: list[str] = []

    def _draw(self) -> list[str]:
        count = min(WINDOW, self._left)
        self._left -= count
        return draw_credentials(count, self._rng)

    def print_and_draw(self) -> None:
        self._sheet.write(self.credentials)
        self._next = self._draw()

    def advance(self) -> None:
        self.credentials, self._next = self._next, []


def issue(
    definition: Definition,
    sheets: Path,
    *,
    workers: int | None = None,
    rng: rand.Random | None = None,
    progress: Progress | None = None,
) -> list[IssuedDistrict]:
    """Issue every district's credentials: write the sheets into ``sheets``, return the rolls.

    ``sheets`` must be new or empty (it is created with mode 0700). Nothing is posted here.
    """
    election_id = definition.election_id
    if election_id is None:
        raise ParameterError("issuing credentials: the definition has no election id")
    kdf = definition.kdf.derivation()
    prepare_sheets_dir(sheets)
    issued: list[IssuedDistrict] = []
    with KeyDeriver(election_id, kdf, workers) as deriver:
        for district in definition.districts:
            done = 0

            def advance(
                k: int, district_id: str = district.id, total: int = district.registered
            ) -> None:
                nonlocal done
                done += k
                if progress is not None:
                    progress(district_id, done, total)

            if progress is not None:
                progress(district.id, 0, district.registered)
            keys = bytearray()
            path = sheet_path(sheets, district.id)
            with SheetWriter(path, definition, district, district.registered) as sheet:
                window = _Window(sheet, district.registered, rng)
                while window.credentials:
                    # the window's pages are written and the next window drawn (the same draws
                    # in the same order) while the workers derive this window's keys
                    keys += deriver.derive(window.credentials, advance, window.print_and_draw)
                    window.advance()
            shuffle_keys(keys, rng)
            roll = RollKeys(bytes(keys))
            del keys
            issued.append(IssuedDistrict(district.id, roll, merkle_root(district.id, roll)))
    _refuse_duplicates(issued)
    return issued


def check_board_ready(entries: Iterable[Entry]) -> None:
    """Refuse to issue onto a board that already has roll entries or is open (``entries`` is
    read in order, up to the first such entry, and not kept: a board client's
    ``iter_entries()`` will do)."""
    for entry in entries:
        if entry.kind in (ROLL_KIND, FINAL_KIND):
            raise BoardError(
                "roll_exists",
                f"entry {entry.index} is a {entry.kind} entry: credentials were already issued",
            )
        if entry.kind == "open":
            raise BoardError("already_open", f"entry {entry.index}: voting is already open")


@dataclass(frozen=True, slots=True)
class RollPosted:
    """Where the roll went: the indices of the chunk entries and of the final entry."""

    chunks: tuple[int, ...]
    final: int


def roll_entries(
    key: SigningKey,
    election_id: bytes,
    issued: Sequence[IssuedDistrict],
    *,
    chunk_size: int = MAX_CHUNK_KEYS,
    rng: rand.Random | None = None,
) -> Iterator[tuple[str, JSONObject]]:
    """The roll's entries in posting order, ``(kind, body)``: every district's chunks, then the
    final entry, each signed with ``key`` (the credential authority's); one chunk at a time."""
    for district in issued:
        for body in chunk_bodies(
            district.id, district.keys, chunk_size, key=key, election_id=election_id, rng=rng
        ):
            yield ROLL_KIND, body
    yield FINAL_KIND, final_body(key, election_id, [(d.id, d.count, d.root) for d in issued], rng)


def post_roll(
    post: Callable[[str, JSONObject], Appended],
    key: SigningKey,
    election_id: bytes,
    issued: Sequence[IssuedDistrict],
    *,
    chunk_size: int = MAX_CHUNK_KEYS,
    rng: rand.Random | None = None,
) -> RollPosted:
    """Post every district's roll chunks, then the final entry, each signed with ``key`` (the
    credential authority's).

    ``post(kind, body)`` appends one entry (a board client's ``post``, or ``Board.append``).
    """
    return _post(post, roll_entries(key, election_id, issued, chunk_size=chunk_size, rng=rng))


def write_roll(
    path: Path,
    key: SigningKey,
    election_id: bytes,
    issued: Sequence[IssuedDistrict],
    *,
    chunk_size: int = MAX_CHUNK_KEYS,
    rng: rand.Random | None = None,
) -> int:
    """Write the signed roll entries of :func:`roll_entries` into the new file ``path``, one
    JSON line ``[kind, body]`` each, for :func:`post_roll_file` to post later (by another
    process); how many lines. The roll is public: the file holds nothing secret."""
    lines = 0
    with path.open("x", encoding="utf-8") as out:
        for item in roll_entries(key, election_id, issued, chunk_size=chunk_size, rng=rng):
            out.write(json.dumps(item, separators=(",", ":")) + "\n")
            lines += 1
    return lines


def post_roll_file(post: Callable[[str, JSONObject], Appended], path: Path) -> RollPosted:
    """Post the entries of a roll file written by :func:`write_roll`, in order, reading one line
    at a time (the roll is never held whole); :class:`InputError` naming the file and line where a
    line is not ``[kind, body]`` of a roll entry."""

    def entries() -> Iterator[tuple[str, JSONObject]]:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, 1):
                try:
                    kind, body = json.loads(line)
                except ValueError:
                    kind, body = None, None
                if kind not in (ROLL_KIND, FINAL_KIND) or not isinstance(body, dict):
                    raise InputError(f"{path}, line {number}: not [kind, body] of a roll entry")
                yield kind, body

    return _post(post, entries())


def _post(
    post: Callable[[str, JSONObject], Appended], entries: Iterable[tuple[str, JSONObject]]
) -> RollPosted:
    """Post the roll's ``entries`` (chunks, then the final entry) in order."""
    chunks: list[int] = []
    final: int | None = None
    for kind, body in entries:
        if final is not None:
            raise InputError(f"a {kind} entry after the roll's final entry")
        index = post(kind, body).entry.index
        if kind == FINAL_KIND:
            final = index
        else:
            chunks.append(index)
    if final is None:
        raise InputError("the roll has no final entry")
    return RollPosted(tuple(chunks), final)
