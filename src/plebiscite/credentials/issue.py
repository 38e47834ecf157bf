"""Issuing credentials: one secret per registered voter, its roll key, the sheets, the roll.

For each district of the manifest, in order:

1. draw ``registered`` fresh credentials from the CSPRNG (:func:`generate_credential`);
2. derive each credential's x-only key with the election's scrypt parameters salted by the election
   id (:func:`derive_signing_key`), spread over a pool of processes (scrypt is deliberately slow);
   a worker returns only the 32-byte public key, never the secret key;
3. write the district's sheets (:mod:`plebiscite.credentials.sheets`), then drop the credentials;
4. shuffle the keys with the CSPRNG (so the roll's order says nothing about the sheets' order) and
   compute the district's Merkle root (:mod:`plebiscite.model.roll`).

Only then is anything posted: :func:`post_roll` appends the ``credential_roll`` chunks and the
``credential_roll_final`` entry, each signed by the credential authority. Nothing secret is written
anywhere but the sheets: no state, no temporary file, no log line. Credentials travel to the
worker processes through pipes and live in memory only while their district is being printed
(CPython cannot wipe a freed string; the process ends when issuing is done).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from plebiscite.board.board import Appended
from plebiscite.credentials.sheets import prepare_sheets_dir, render_sheets, sheet_path, write_sheet
from plebiscite.crypto import rand
from plebiscite.crypto.credential import (
    KdfParams,
    derive_signing_key,
    generate_credential,
    parse_credential,
)
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import BoardError, ParameterError
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
    shuffled,
)

__all__ = [
    "IssuedDistrict",
    "KeyDeriver",
    "Progress",
    "RollPosted",
    "check_board_ready",
    "derive_roll_key",
    "issue",
    "kdf_params",
    "measure_rate",
    "post_roll",
]

#: called with (district id, keys derived so far in the district, registered in the district)
Progress = Callable[[str, int, int], None]

_BATCH: Final = 4  # credentials per task sent to a worker


def kdf_params(definition: Definition) -> KdfParams:
    """The scrypt parameters of ``definition`` as :class:`KdfParams`."""
    kdf = definition.kdf
    if kdf.algorithm != "scrypt":
        raise ParameterError(f"kdf.algorithm: {kdf.algorithm!r} is not supported for issuing")
    return KdfParams(n=kdf.n, r=kdf.r, p=kdf.p)


def derive_roll_key(job: tuple[str, bytes, int, int, int]) -> bytes:
    """The x-only key of one credential: ``(credential, election_id, n, r, p)`` → 32 bytes.

    Runs in a worker process; the secret key never leaves this function.
    """
    credential, election_id, n, r, p = job
    key = derive_signing_key(parse_credential(credential), election_id, KdfParams(n, r, p))
    return key.public.xonly


def _derive_batch(jobs: list[tuple[str, bytes, int, int, int]]) -> list[bytes]:
    return [derive_roll_key(job) for job in jobs]


class KeyDeriver:
    """Derives roll keys from credentials, on a pool of ``workers`` processes (1: in this one).

    Worker processes are started with ``spawn`` (a fresh interpreter, nothing inherited) and talk
    through pipes only. Use as a context manager.
    """

    def __init__(self, election_id: bytes, params: KdfParams, workers: int | None = None) -> None:
        self.election_id = election_id
        self.params = params
        self.workers = max(1, workers if workers is not None else (os.cpu_count() or 1))
        self._pool: Executor | None = None
        if self.workers > 1:
            context = multiprocessing.get_context("spawn")
            self._pool = ProcessPoolExecutor(self.workers, mp_context=context)

    def derive(
        self, credentials: Sequence[str], advance: Callable[[int], None] | None = None
    ) -> list[bytes]:
        """The x-only key of each credential, in the same order; ``advance(k)`` after k more."""
        p = self.params
        jobs = [(c, self.election_id, p.n, p.r, p.p) for c in credentials]
        batches = [jobs[i : i + _BATCH] for i in range(0, len(jobs), _BATCH)]
        del jobs
        keys: list[bytes] = []
        results = (
            map(_derive_batch, batches)
            if self._pool is None
            else self._pool.map(_derive_batch, batches)
        )
        for batch in results:
            keys.extend(batch)
            if advance is not None:
                advance(len(batch))
        return keys

    def close(self) -> None:
        """Stop the worker processes."""
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None

    def __enter__(self) -> KeyDeriver:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True, slots=True)
class IssuedDistrict:
    """A district's issued roll: its keys in posting (shuffled) order and their Merkle root."""

    id: str
    keys: tuple[bytes, ...]
    root: bytes

    @property
    def count(self) -> int:
        return len(self.keys)


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
    params = kdf_params(definition)
    prepare_sheets_dir(sheets)
    issued: list[IssuedDistrict] = []
    seen: set[bytes] = set()
    with KeyDeriver(election_id, params, workers) as deriver:
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
            credentials = [generate_credential(rng) for _ in range(district.registered)]
            keys = deriver.derive(credentials, advance)
            write_sheet(
                sheet_path(sheets, district.id), render_sheets(definition, district, credentials)
            )
            del credentials
            for key in keys:
                if key in seen:  # probability about n²·2⁻²⁵⁶: refuse rather than post it
                    raise ParameterError(
                        f"district {district.id!r}: two credentials derived the same key; "
                        "destroy the sheets and issue again"
                    )
                seen.add(key)
            order = shuffled(keys, rng)
            issued.append(
                IssuedDistrict(district.id, tuple(order), merkle_root(district.id, order))
            )
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
    chunks = tuple(
        post(ROLL_KIND, body).entry.index
        for district in issued
        for body in chunk_bodies(
            district.id, district.keys, chunk_size, key=key, election_id=election_id, rng=rng
        )
    )
    body = final_body(key, election_id, [(d.id, d.count, d.root) for d in issued], rng)
    final = post(FINAL_KIND, body).entry.index
    return RollPosted(chunks, final)


def measure_rate(params: KdfParams, workers: int, count: int) -> float:
    """Credentials per second: generate and derive ``count`` keys on ``workers`` processes."""
    election_id = bytes(16)
    credentials = [generate_credential() for _ in range(count)]
    with KeyDeriver(election_id, params, workers) as deriver:
        deriver.derive(credentials[: min(count, workers)])  # start the workers
        start = time.perf_counter()
        deriver.derive(credentials)
        elapsed = time.perf_counter() - start
    return count / elapsed
