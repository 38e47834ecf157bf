"""The lists of a district's tally (:mod:`plebiscite.model.coercion.tally`), in memory or on disk,
so that the tally and its verification hold one step's lists at a time whatever N.

A :class:`TallyStore` keeps each stage a trustee makes — a blinding round's outputs, a shuffle's
outputs and the per-item parts of its proof, an equality-test round's commitments, outputs and
proof, a trustee's partial decryptions — decoded, in memory, until the stages hold more than
``spill_at`` list items in all; every later stage goes to a SQLite database in a private temporary
directory, cut in chunks of :data:`CHUNK` items, as its elements' packed form
(:meth:`~plebiscite.crypto.group.Group.pack`: secp256k1's uncompressed points, which read back with
an on-curve check and no square root) or, where the group has none, their canonical encodings (each
after its length in two bytes), and as fixed-width scalars (as :mod:`plebiscite.rules.mix_store`
keeps the mixnet's lists for V11). A stored stage is decoded again when it is read, one stage at a
time: :class:`Stages` and :class:`StoredDecryptions` are the sequences and mappings the tally's
:class:`~plebiscite.model.coercion.tally.DistrictTally` holds, whichever way each stage is kept.

The database is written and read by this process only (its elements were made or validated here):
packed elements are read back with :meth:`~plebiscite.crypto.group.Group.unpack`, encodings with
:meth:`~plebiscite.crypto.group.Group.decode_validated`. It is removed by :meth:`TallyStore.close`,
or when the store is dropped.
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar, overload

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.pet import PetProof, PetStage
from plebiscite.crypto.proofs import ChaumPedersenProof
from plebiscite.crypto.shuffle import ColumnProof, Item, ShuffleProof
from plebiscite.crypto.shuffle_columns import Column
from plebiscite.crypto.shuffle_verify import MixStage
from plebiscite.crypto.tags_blind import BlindStage
from plebiscite.model.scratch import close_scratch, open_scratch

__all__ = [
    "CHUNK",
    "DEFAULT_TALLY_SPILL_AT",
    "Kept",
    "Share",
    "Stages",
    "StoredDecryptions",
    "TallyStore",
]

#: list items (of every stage together) kept decoded in memory before later stages go to disk
DEFAULT_TALLY_SPILL_AT: Final = 50_000
#: items per chunk of a stored list (one database row)
CHUNK: Final = 1024

#: a partial decryption and its proof
Share = tuple[Element, ChaumPedersenProof]

T = TypeVar("T")


class TallyStore:
    """The database one tally's long stages go to, and the count of items held in memory."""

    def __init__(
        self,
        group: Group,
        spill_at: int | None = DEFAULT_TALLY_SPILL_AT,
        directory: str | None = None,
    ) -> None:
        if spill_at is not None and spill_at < 0:
            raise ValueError("spill_at must be at least 0")
        self.group = group
        self.spill_at = spill_at
        self._directory = directory
        self._held = 0
        self._db: sqlite3.Connection | None = None
        self._tmp: str | None = None
        #: whether elements are stored in the group's packed form (else as their encodings)
        self.packs = group.pack([]) is not None

    @property
    def on_disk(self) -> bool:
        """Whether some stage went to disk."""
        return self._db is not None

    def close(self) -> None:
        """Remove the database and its directory (stored stages cannot be read after this)."""
        close_scratch(self._db, self._tmp)
        self._db, self._tmp = None, None

    def _keeps(self, items: int) -> bool:
        """Whether a stage of ``items`` list items stays in memory (and count it if so)."""
        if self.spill_at is None or self._held + items <= self.spill_at:
            self._held += items
            return True
        return False

    def _connection(self) -> sqlite3.Connection:
        if self._db is None:
            # removed when this object goes, if close() is never called
            self._tmp, db = open_scratch(
                self, prefix="plebiscite-tally-", name="stages.sqlite", directory=self._directory
            )
            db.execute("CREATE TABLE chunks (id INTEGER PRIMARY KEY, data BLOB)")
            self._db = db
        return self._db

    def _write(self, data: bytes) -> int:
        cursor = self._connection().execute("INSERT INTO chunks (data) VALUES (?)", (data,))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _read(self, row: int) -> bytes:
        if self._db is None:
            raise ValueError("the tally's store was closed: its stored stages are gone")
        (data,) = self._db.execute("SELECT data FROM chunks WHERE id = ?", (row,)).fetchone()
        assert isinstance(data, bytes)
        return data

    # -- encodings ----------------------------------------------------------------------------

    def _put_elements(self, elements: Sequence[Element]) -> _Column:
        return self._put_element_chunks(_chunked(elements), len(elements))

    def _put_element_chunks(self, chunks: Iterable[Sequence[Element]], count: int) -> _Column:
        """A list of ``count`` elements given chunk by chunk, one row per chunk."""
        if self.packs:
            pack = self.group.pack
            return _Column(tuple(self._write(pack(chunk) or b"") for chunk in chunks), count)
        encode = self.group.encode
        rows = []
        for chunk in chunks:
            encodings = [encode(x) for x in chunk]
            rows.append(self._write(b"".join(len(e).to_bytes(2, "big") + e for e in encodings)))
        return _Column(tuple(rows), count)

    def _elements(self, column: _Column, role: str) -> list[Element]:
        out: list[Element] = []
        if self.packs:
            unpack = self.group.unpack
            for row in column.rows:
                out += unpack(self._read(row), role)
            return out
        decode = self.group.decode_validated
        for row in column.rows:
            data = self._read(row)
            at = 0
            while at < len(data):
                length = int.from_bytes(data[at : at + 2], "big")
                out.append(decode(data[at + 2 : at + 2 + length], role, allow_identity=True))
                at += 2 + length
        return out

    def _put_scalars(self, scalars: Sequence[int]) -> _Column:
        return self._put_scalar_chunks(_chunked(scalars), len(scalars))

    def _put_scalar_chunks(self, chunks: Iterable[Sequence[int]], count: int) -> _Column:
        size = self.group.scalar_bytes
        rows = tuple(self._write(b"".join(s.to_bytes(size, "big") for s in c)) for c in chunks)
        return _Column(rows, count)

    def _scalars(self, column: _Column) -> list[int]:
        size = self.group.scalar_bytes
        out: list[int] = []
        for row in column.rows:
            data = self._read(row)
            out += [int.from_bytes(data[i : i + size], "big") for i in range(0, len(data), size)]
        return out

    def _put_ciphertexts(self, items: Sequence[Ciphertext]) -> _Column:
        return self._put_elements([x for ct in items for x in (ct.alpha, ct.beta)])

    def _ciphertexts(self, column: _Column, role: str) -> tuple[Ciphertext, ...]:
        flat = self._elements(column, role)
        return tuple(Ciphertext(flat[i], flat[i + 1]) for i in range(0, len(flat), 2))

    # -- stages -------------------------------------------------------------------------------

    def blind_stage(self, stage: BlindStage) -> Kept[BlindStage]:
        """A blinding round's stage, kept in memory or stored."""
        if self._keeps(len(stage.outputs)):
            return _Held(stage)
        outputs = self._put_ciphertexts(stage.outputs)
        trustee, commitment, proof = stage.trustee, stage.commitment, stage.proof

        def load() -> BlindStage:
            cts = self._ciphertexts(outputs, "stored blinded list")
            return BlindStage(trustee, commitment, cts, proof)

        return _Stored(load)

    def pet_stage(self, stage: PetStage) -> Kept[PetStage]:
        """An equality-test round's stage, kept in memory or stored."""
        if self._keeps(len(stage.outputs)):
            return _Held(stage)
        commitments = self._put_elements(stage.commitments)
        outputs = self._put_ciphertexts(stage.outputs)
        a, b = self._put_elements(stage.proof.a), self._put_elements(stage.proof.b)
        v = self._put_scalars(stage.proof.v)
        trustee = stage.trustee

        def load() -> PetStage:
            proof = PetProof(
                tuple(self._elements(a, "stored test commitment a")),
                tuple(self._elements(b, "stored test commitment b")),
                tuple(self._scalars(v)),
            )
            zs = tuple(self._elements(commitments, "stored test commitment Z"))
            return PetStage(trustee, zs, self._ciphertexts(outputs, "stored tested list"), proof)

        return _Stored(load)

    def fits(self, items: int) -> bool:
        """Whether a stage of ``items`` list items would stay in memory (nothing is counted)."""
        return self.spill_at is None or self._held + items <= self.spill_at

    def mix_stage(self, stage: MixStage) -> Kept[MixStage]:
        """A shuffle of the kept tuples, its outputs and its proof's per-item parts, kept in
        memory or stored."""
        if self._keeps(len(stage.outputs)):
            return _Held(stage)
        proof = stage.proof
        return self._mix(
            stage.trustee,
            len(stage.outputs[0]),
            len(stage.outputs),
            _chunked(stage.outputs),
            proof,
            {name: _chunked(getattr(proof, name)) for name in _PROOF_COLUMNS},
        )

    def mix_columns(
        self, trustee: int, width: int, outputs: Column[Item], proof: ColumnProof
    ) -> Kept[MixStage]:
        """A shuffle made over columns (:func:`~plebiscite.crypto.shuffle.prove_columns`),
        stored chunk by chunk as it is read from them: the same stage as :meth:`mix_stage`
        stores, never held whole."""
        columns: dict[str, Column[Any]] = {name: getattr(proof, name) for name in _PROOF_COLUMNS}
        return self._mix(
            trustee,
            width,
            len(outputs),
            outputs.chunks(),
            proof,
            {name: column.chunks() for name, column in columns.items()},
        )

    def _mix(
        self,
        trustee: int,
        width: int,
        count: int,
        output_chunks: Iterable[Sequence[Item]],
        head: ShuffleProof | ColumnProof,
        parts: Mapping[str, Iterable[Sequence[Any]]],
    ) -> Kept[MixStage]:
        outputs = self._put_element_chunks(
            (
                [x for item in chunk for ct in item for x in (ct.alpha, ct.beta)]
                for chunk in output_chunks
            ),
            2 * width * count,
        )
        c, c_hat, t_hat = (
            self._put_element_chunks(parts[x], count) for x in ("c", "c_hat", "t_hat")
        )
        s_hat, s_prime = (self._put_scalar_chunks(parts[x], count) for x in ("s_hat", "s_prime"))
        t1, t2, t3, t4 = head.t1, head.t2, head.t3, head.t4
        s1, s2, s3, s4 = head.s1, head.s2, head.s3, head.s4

        def load() -> MixStage:
            cts = self._ciphertexts(outputs, "stored mixed list")
            items = tuple(tuple(cts[i : i + width]) for i in range(0, len(cts), width))
            loaded = ShuffleProof(
                c=tuple(self._elements(c, "stored proof part c")),
                c_hat=tuple(self._elements(c_hat, "stored proof part c_hat")),
                t1=t1,
                t2=t2,
                t3=t3,
                t4=t4,
                t_hat=tuple(self._elements(t_hat, "stored proof part t_hat")),
                s1=s1,
                s2=s2,
                s3=s3,
                s4=s4,
                s_hat=tuple(self._scalars(s_hat)),
                s_prime=tuple(self._scalars(s_prime)),
            )
            return MixStage(trustee, items, loaded)

        return _Stored(load)

    def shares(self, shares: tuple[Share, ...]) -> Kept[tuple[Share, ...]]:
        """A trustee's partial decryptions of a list, kept in memory or stored."""
        if self._keeps(len(shares)):
            return _Held(shares)
        partials = self._put_elements([partial for partial, _ in shares])
        a = self._put_elements([proof.a for _, proof in shares])
        b = self._put_elements([proof.b for _, proof in shares])
        v = self._put_scalars([proof.response for _, proof in shares])

        def load() -> tuple[Share, ...]:
            proofs = zip(
                self._elements(a, "stored decryption commitment a"),
                self._elements(b, "stored decryption commitment b"),
                self._scalars(v),
                strict=True,
            )
            return tuple(
                (partial, ChaumPedersenProof(a=pa, b=pb, response=pv))
                for partial, (pa, pb, pv) in zip(
                    self._elements(partials, "stored partial decryption"), proofs, strict=True
                )
            )

        return _Stored(load)


#: the per-item parts of a shuffle's proof
_PROOF_COLUMNS: Final = ("c", "c_hat", "t_hat", "s_hat", "s_prime")


def _chunked(values: Sequence[T]) -> Iterator[Sequence[T]]:
    return (values[lo : lo + CHUNK] for lo in range(0, len(values), CHUNK))


@dataclass(frozen=True)
class _Column:
    """A stored list: its chunks' rows, and how many values it holds."""

    rows: tuple[int, ...]
    count: int


class Kept(ABC, Generic[T]):
    """A stage as the store kept it: :meth:`get` gives it, decoded."""

    @abstractmethod
    def get(self) -> T: ...


class _Held(Kept[T]):
    def __init__(self, value: T) -> None:
        self.value = value

    def get(self) -> T:
        return self.value


class _Stored(Kept[T]):
    def __init__(self, load: Callable[[], T]) -> None:
        self.load = load

    def get(self) -> T:
        return self.load()


class Stages(Sequence[T]):
    """A round's stages in order, each decoded when it is read (a stored one from disk, every
    time: the reader holds it as long as it needs it)."""

    def __init__(self, kept: Sequence[Kept[T]]) -> None:
        self._kept = tuple(kept)

    def __len__(self) -> int:
        return len(self._kept)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return Stages(self._kept[index])
        return self._kept[index].get()

    def __iter__(self) -> Iterator[T]:
        for kept in self._kept:
            yield kept.get()

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Stages | tuple | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


class StoredDecryptions(Mapping[int, tuple[Share, ...]]):
    """Per decrypting trustee, its partial decryptions of a list; a stored trustee's are decoded
    when read, and the last trustee read is kept (a checker reads one trustee's shares item by
    item)."""

    def __init__(self, kept: Mapping[int, Kept[tuple[Share, ...]]]) -> None:
        self._kept = dict(kept)
        self._last: tuple[int, tuple[Share, ...]] | None = None

    def __getitem__(self, trustee: int) -> tuple[Share, ...]:
        if self._last is not None and self._last[0] == trustee:
            return self._last[1]
        shares = self._kept[trustee].get()
        if isinstance(self._kept[trustee], _Stored):
            self._last = (trustee, shares)
        return shares

    def __iter__(self) -> Iterator[int]:
        return iter(self._kept)

    def __len__(self) -> int:
        return len(self._kept)
