"""The lists of a district's tally (:mod:`plebiscite.model.coercion.tally`), in memory or on disk,
so that the tally and its verification hold one step's lists at a time whatever N.

A :class:`TallyStore` keeps each stage a trustee makes — a blinding round's outputs, a shuffle's
outputs and the per-item parts of its proof, an equality-test round's commitments, outputs and
proof, a trustee's partial decryptions — decoded, in memory, until the stages hold more than
``spill_at`` list items in all; every later stage goes to a SQLite database in a private temporary
directory, cut in chunks of :data:`CHUNK` items, as its elements' packed form
(:meth:`~plebiscite.crypto.group.Group.pack`: secp256k1's uncompressed points, which read back with
an on-curve check and no square root) beside their canonical encodings (each after its length in
two bytes; what a digest over the list absorbs without decoding, :meth:`StoredList.encodings`),
or the encodings alone where the group has no packed form, and as fixed-width scalars (as
:mod:`plebiscite.rules.mix_store` keeps the mixnet's lists for V11). A roll is held in memory
packed (:class:`PackedList`). A stored stage is decoded again when it is read, one stage at a
time: :class:`Stages` and :class:`StoredDecryptions` are the sequences and mappings the tally's
:class:`~plebiscite.model.coercion.tally.DistrictTally` holds, whichever way each stage is kept.

The database is written and read by this process only (its elements were made or validated here):
packed elements are read back with :meth:`~plebiscite.crypto.group.Group.unpack`, encodings with
:meth:`~plebiscite.crypto.group.Group.decode_validated`. It is removed by :meth:`TallyStore.close`,
or when the store is dropped.
"""

from __future__ import annotations

import bisect
import io
import pickle
from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar, overload

from plebiscite.crypto.chunked import ChunkedList, Slices, as_chunked
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.pet import PetProof, PetProofLists, PetStage, PetStageLists
from plebiscite.crypto.proofs import ChaumPedersenProof
from plebiscite.crypto.shuffle import ColumnProof, Item, ShuffleProof
from plebiscite.crypto.shuffle_columns import Column
from plebiscite.crypto.shuffle_verify import MixStage, ProofHead, ShuffleLists
from plebiscite.crypto.tags_blind import BlindStage
from plebiscite.model.coercion.ballot import CredentialBallot
from plebiscite.model.scratch import SavedFiles, ScratchStore

__all__ = [
    "CHUNK",
    "DEFAULT_TALLY_SPILL_AT",
    "Kept",
    "PackedList",
    "Share",
    "Stages",
    "StoredDecryptions",
    "TallyStore",
]

#: list items (of every stage together) kept decoded in memory before later stages go to disk
DEFAULT_TALLY_SPILL_AT: Final = 50_000
#: the store's database, in a directory of its own named with this prefix
_DATABASE: Final = "stages.sqlite"
_PREFIX: Final = "plebiscite-tally-"
#: items per chunk of a stored list (one database row)
CHUNK: Final = 1024

#: bytes of stored rows kept for reads at a position (a roll of 100,000 entries packed: 13 MB)
RAW_CACHE_BYTES: Final = 16 << 20
#: ballots per stored row of a :class:`BallotList`
BALLOT_CHUNK: Final = 256

#: a partial decryption and its proof
Share = tuple[Element, ChaumPedersenProof]

T = TypeVar("T")


class _Codec(Generic[T]):
    """How a list's values are stored: ``elements`` group elements and ``scalars`` scalars per
    value, taken apart by ``flatten`` and put together again by ``build``."""

    def __init__(
        self,
        elements: int,
        scalars: int,
        flatten: Callable[[Sequence[T]], tuple[list[Element], list[int]]],
        build: Callable[[list[Element], list[int]], list[T]],
        name: str | tuple[int] = "",
    ) -> None:
        self.elements, self.scalars, self.flatten, self.build = elements, scalars, flatten, build
        #: the module's constant this codec is, or the width of an :func:`items_codec`
        self.name = name

    def __reduce__(self) -> str | tuple[Any, ...]:
        # pickled as what it is (its functions are lambdas): a party's saved check holds lists
        if isinstance(self.name, tuple):
            return (items_codec, self.name)
        if not self.name:
            raise TypeError("an unnamed codec cannot be pickled")
        return self.name


def _pairs(flat: list[Element]) -> list[Ciphertext]:
    return [Ciphertext(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]


ELEMENTS: Final[_Codec[Element]] = _Codec(1, 0, lambda v: (list(v), []), lambda e, _: e, "ELEMENTS")
SCALARS: Final[_Codec[int]] = _Codec(0, 1, lambda v: ([], list(v)), lambda _, s: s, "SCALARS")
CIPHERTEXTS: Final[_Codec[Ciphertext]] = _Codec(
    2,
    0,
    lambda v: ([x for ct in v for x in (ct.alpha, ct.beta)], []),
    lambda e, _: _pairs(e),
    "CIPHERTEXTS",
)
SHARES: Final[_Codec[Share]] = _Codec(
    3,
    1,
    lambda v: (
        [x for partial, proof in v for x in (partial, proof.a, proof.b)],
        [proof.response for _, proof in v],
    ),
    lambda e, s: [
        (e[3 * j], ChaumPedersenProof(a=e[3 * j + 1], b=e[3 * j + 2], response=v))
        for j, v in enumerate(s)
    ],
    "SHARES",
)


def items_codec(width: int) -> _Codec[Item]:
    """Items of ``width`` ciphertexts."""

    def build(flat: list[Element], _: list[int]) -> list[Item]:
        pairs = _pairs(flat)
        return [tuple(pairs[i : i + width]) for i in range(0, len(pairs), width)]

    return _Codec(
        2 * width,
        0,
        lambda v: ([x for item in v for ct in item for x in (ct.alpha, ct.beta)], []),
        build,
        (width,),
    )


class TallyStore(ScratchStore):
    """The database one tally's long stages go to, and the count of items held in memory."""

    DATABASE = _DATABASE
    PREFIX = _PREFIX
    WHAT = "the tally store's"
    TABLES = ("CREATE TABLE chunks (id INTEGER PRIMARY KEY, data BLOB)",)
    UNBOUNDED = True

    def __init__(
        self,
        group: Group,
        spill_at: int | None = DEFAULT_TALLY_SPILL_AT,
        directory: str | None = None,
    ) -> None:
        super().__init__(group, spill_at, directory)
        #: whether elements are stored in the group's packed form (else as their encodings)
        self.packs = group.pack([]) is not None
        #: bytes per element in the packed form (0 without one)
        self.packed_size = len(group.pack([group.generator()]) or b"")
        self._rows_read: OrderedDict[int, bytes] = OrderedDict()
        self._raw_bytes = 0
        #: whether the database came from a saved state (:meth:`from_saved`): its rows are read
        #: as encodings only, never as the pickles of :func:`_load_ballots`
        self.restored = False

    def close(self) -> None:
        """Remove the database and its directory (stored stages cannot be read after this)."""
        super().close()
        self._rows_read.clear()
        self._raw_bytes = 0

    @classmethod
    def from_saved(
        cls, form: dict[str, object], files: SavedFiles, directory: str | None
    ) -> TallyStore:
        """The store :meth:`saved_form` described, its database in a new directory; its rows
        are read as encodings only (:attr:`restored`)."""
        store = super().from_saved(form, files, directory)
        store.restored = True
        return store

    def ciphertexts(self, role: str) -> StoredList[Ciphertext]:
        """An empty list of ciphertexts (a roll), read at any position cheaply: held in memory
        in the packed form where the group has one (130 bytes an entry on secp256k1), else on
        disk."""
        if self.packs:
            return PackedList(self, CIPHERTEXTS, role)
        return StoredList(self, CIPHERTEXTS, True, role, encodings=False)

    def ballots(self) -> BallotList:
        """An empty board on disk."""
        return BallotList(self)

    def _keeps(self, items: int) -> bool:
        """Whether a stage of ``items`` list items stays in memory (and count it if so)."""
        if self.spill_at is None or self._held + items <= self.spill_at:
            self._held += items
            return True
        return False

    def _write(self, data: bytes) -> int:
        cursor = self._connection().execute("INSERT INTO chunks (data) VALUES (?)", (data,))
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    def _raw(self, row: int) -> bytes:
        """A row's bytes, from the bytes kept of the rows read last (within
        :data:`RAW_CACHE_BYTES`) or from the database."""
        data = self._rows_read.get(row)
        if data is not None:
            self._rows_read.move_to_end(row)
            return data
        data = self._read(row)
        self._rows_read[row] = data
        self._raw_bytes += len(data)
        while self._raw_bytes > RAW_CACHE_BYTES and len(self._rows_read) > 1:
            _, dropped = self._rows_read.popitem(last=False)
            self._raw_bytes -= len(dropped)
        return data

    def _read(self, row: int) -> bytes:
        if self._db is None:
            raise ValueError("the tally's store was closed: its stored stages are gone")
        (data,) = self._db.execute("SELECT data FROM chunks WHERE id = ?", (row,)).fetchone()
        assert isinstance(data, bytes)
        return data

    # -- stages -------------------------------------------------------------------------------

    def _disk(self, codec: _Codec[T], role: str, chunks: Iterable[Sequence[T]]) -> StoredList[T]:
        """A list written to disk from ``chunks``."""
        stored = StoredList(self, codec, True, role)
        for chunk in chunks:
            stored.append(chunk)
        return stored

    def blind_stage(self, stage: BlindStage) -> Kept[BlindStage]:
        """A blinding round's stage, kept in memory or stored."""
        if self._keeps(len(stage.outputs)):
            return _Held(stage)
        outputs = self._disk(CIPHERTEXTS, "stored blinded list", _chunked(stage.outputs))
        return _Viewed(BlindLists(stage.trustee, stage.commitment, outputs, stage.proof))

    def pet_stage(self, stage: PetStage) -> Kept[PetStage]:
        """An equality-test round's stage, kept in memory or stored."""
        if self._keeps(len(stage.outputs)):
            return _Held(stage)
        proof = stage.proof
        lists = PetStageLists(
            stage.trustee,
            self._disk(ELEMENTS, "stored test commitment Z", _chunked(stage.commitments)),
            self._disk(CIPHERTEXTS, "stored tested list", _chunked(stage.outputs)),
            PetProofLists(
                self._disk(ELEMENTS, "stored test commitment a", _chunked(proof.a)),
                self._disk(ELEMENTS, "stored test commitment b", _chunked(proof.b)),
                self._disk(SCALARS, "stored test response v", _chunked(proof.v)),
            ),
        )
        return _Viewed(PetView(lists))

    def pet_lists(self, trustee: int, n: int) -> PetStageLists:
        """Empty lists for an equality-test step of ``n`` items, in memory if they fit."""
        on_disk = not self._keeps(n)

        def new(codec: _Codec[Any], role: str) -> StoredList[Any]:
            return StoredList(self, codec, on_disk, role)

        return PetStageLists(
            trustee,
            new(ELEMENTS, "stored test commitment Z"),
            new(CIPHERTEXTS, "stored tested list"),
            PetProofLists(
                new(ELEMENTS, "stored test commitment a"),
                new(ELEMENTS, "stored test commitment b"),
                new(SCALARS, "stored test response v"),
            ),
        )

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
            outputs.chunks(),
            proof,
            {name: column.chunks() for name, column in columns.items()},
        )

    def _mix(
        self,
        trustee: int,
        width: int,
        output_chunks: Iterable[Sequence[Item]],
        head: ShuffleProof | ColumnProof,
        parts: Mapping[str, Iterable[Sequence[Any]]],
    ) -> Kept[MixStage]:
        elements = [
            self._disk(ELEMENTS, f"stored proof part {x}", parts[x])
            for x in ("c", "c_hat", "t_hat")
        ]
        scalars = [
            self._disk(SCALARS, f"stored proof part {x}", parts[x]) for x in ("s_hat", "s_prime")
        ]
        lists = ShuffleLists(
            self._disk(items_codec(width), "stored mixed list", output_chunks),
            *elements,
            *scalars,
        )
        head_part = ProofHead(
            head.t1, head.t2, head.t3, head.t4, head.s1, head.s2, head.s3, head.s4
        )
        return _Viewed(MixView(trustee, lists, head_part))

    def shares(self, shares: tuple[Share, ...]) -> Kept[tuple[Share, ...]]:
        """A trustee's partial decryptions of a list, kept in memory or stored."""
        if self._keeps(len(shares)):
            return _Held(shares)
        return _Viewed(
            SharesView(self._disk(SHARES, "stored partial decryption", _chunked(shares)))
        )

    # -- lists written and read chunk by chunk ------------------------------------------------

    def viewed(self, view: _View[T]) -> Kept[T]:
        """A stage (or a trustee's shares) made as lists of this store, kept as them."""
        return _Viewed(view)

    def new_list(self, codec: _Codec[T], expected: int, role: str) -> StoredList[T]:
        """An empty list of about ``expected`` values: in memory if they fit under
        ``spill_at`` (and counted), else on disk. ``role`` names its values in errors."""
        return StoredList(self, codec, not self._keeps(expected), role)

    def _encode_row(self, codec: _Codec[T], values: Sequence[T], encodings: bool = True) -> bytes:
        """A row: the elements' packed form (none where the group has none), their encodings
        (each after its length in two bytes; left out of a list with ``encodings`` false where
        the packed form is kept), each part after its length in four bytes, then the scalars."""
        elements, scalars = codec.flatten(values)
        packed = (self.group.pack(elements) or b"") if self.packs else b""
        encoded = _encodings_bytes(self.group, elements) if encodings or not self.packs else b""
        size = self.group.scalar_bytes
        return b"".join(
            (
                len(packed).to_bytes(4, "big"),
                packed,
                len(encoded).to_bytes(4, "big"),
                encoded,
                *(s.to_bytes(size, "big") for s in scalars),
            )
        )

    def _decode_row(self, codec: _Codec[T], data: bytes, role: str) -> list[T]:
        packed_end = 4 + int.from_bytes(data[:4], "big")
        cut = packed_end + 4 + int.from_bytes(data[packed_end : packed_end + 4], "big")
        elements: list[Element] = []
        if codec.elements:
            if self.packs:
                elements = self.group.unpack(data[4:packed_end], role)
            else:
                elements = self._elements_of(data[packed_end + 4 : cut], role)
        size = self.group.scalar_bytes
        scalars = [int.from_bytes(data[i : i + size], "big") for i in range(cut, len(data), size)]
        return codec.build(elements, scalars)

    @staticmethod
    def _row_encodings(data: bytes) -> list[bytes] | None:
        """The encodings a row keeps (``None`` where it kept none)."""
        packed_end = 4 + int.from_bytes(data[:4], "big")
        cut = packed_end + 4 + int.from_bytes(data[packed_end : packed_end + 4], "big")
        if cut == packed_end + 4 and packed_end > 4:
            return None
        return _split_encodings(data, packed_end + 4, cut)

    def _element_bytes(self, elements: Sequence[Element]) -> bytes:
        if self.packs:
            return self.group.pack(elements) or b""
        return _encodings_bytes(self.group, elements)

    def _elements_of(self, data: bytes, role: str, encodings: bool = False) -> list[Element]:
        if self.packs:
            return self.group.unpack(data, role, encodings=encodings)
        decode = self.group.decode_validated
        return [decode(e, role, allow_identity=True) for e in _split_encodings(data, 0, len(data))]


def _encodings_bytes(group: Group, elements: Sequence[Element]) -> bytes:
    """The elements' encodings, each after its length in two bytes."""
    encode = group.encode
    return b"".join(len(e).to_bytes(2, "big") + e for e in (encode(x) for x in elements))


def _split_encodings(data: bytes, at: int, stop: int) -> list[bytes]:
    """The encodings written by :func:`_encodings_bytes` in ``data[at:stop]``."""
    out: list[bytes] = []
    append = out.append
    while at < stop:
        length = int.from_bytes(data[at : at + 2], "big")
        append(data[at + 2 : at + 2 + length])
        at += 2 + length
    return out


class _Positional(Sequence[T]):
    """A sequence read at a position through :meth:`_at` (a slice as a list of those)."""

    @abstractmethod
    def _at(self, i: int) -> T: ...

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return [self._at(i) for i in range(*index.indices(len(self)))]
        return self._at(range(len(self))[index])


class StoredList(_Positional[T]):
    """A list of the tally written and read chunk by chunk (a
    :class:`~plebiscite.crypto.chunked.WritableList`), its chunks decoded in memory or in the
    store's database (one row each, decoded again each time it is read; a value read at a
    position is unpacked alone where the group packs, else its chunk is kept for the next)."""

    def __init__(
        self,
        store: TallyStore,
        codec: _Codec[T],
        on_disk: bool,
        role: str,
        *,
        encodings: bool = True,
    ) -> None:
        self.store, self.codec, self.on_disk, self.role = store, codec, on_disk, role
        #: whether a stored row keeps its elements' encodings beside their packed form
        self.keeps_encodings = encodings
        self._held: list[Sequence[T]] = []
        self._rows: list[int] = []
        self._starts: list[int] = []
        self._count = 0
        self._cached: tuple[int, list[T]] | None = None

    def append(self, values: Sequence[T]) -> None:
        if not values:
            return
        self._starts.append(self._count)
        self._count += len(values)
        if self.on_disk:
            row = self.store._encode_row(self.codec, values, self.keeps_encodings)
            self._rows.append(self.store._write(row))
        else:
            self._held.append(list(values))

    def __len__(self) -> int:
        return self._count

    def _chunk(self, k: int, keep: bool = False) -> Sequence[T]:
        """Chunk k, decoded; with ``keep``, kept for the next read at a position in it (a pass
        over the list keeps none: the lists of a tally are many, and a chunk each would stay)."""
        if not self.on_disk:
            return self._held[k]
        if self.store._db is None:
            raise ValueError("the tally's store was closed: its stored stages are gone")
        if self._cached is not None and self._cached[0] == k:
            return self._cached[1]
        values = self.store._decode_row(self.codec, self.store._read(self._rows[k]), self.role)
        if keep:
            self._cached = (k, values)
        return values

    def chunks(self) -> Iterator[Sequence[T]]:
        for k in range(len(self._starts)):
            yield self._chunk(k)

    @property
    def elements_per_value(self) -> int:
        return self.codec.elements

    def encodings(self) -> Iterator[list[bytes]]:
        """Chunk by chunk, the encodings of the chunks' elements (an
        :class:`~plebiscite.crypto.chunked.EncodedList`): read as stored, not decoded, where
        the rows keep them; else encoded from the chunk's values."""
        encode = self.store.group.encode
        for k in range(len(self._starts)):
            encoded = None
            if self.on_disk:
                if self.store._db is None:
                    raise ValueError("the tally's store was closed: its stored stages are gone")
                encoded = self.store._row_encodings(self.store._read(self._rows[k]))
            if encoded is None:
                elements, _ = self.codec.flatten(self._chunk(k))
                encoded = [encode(x) for x in elements]
            yield encoded

    def __iter__(self) -> Iterator[T]:
        for chunk in self.chunks():
            yield from chunk

    def _at(self, i: int) -> T:
        k = bisect.bisect_right(self._starts, i) - 1
        store, codec = self.store, self.codec
        if self.on_disk and store.packed_size and not codec.scalars:
            # one value unpacked from its chunk's bytes (a roll read at the anonymity sets'
            # random positions): no chunk decoded whole
            size = codec.elements * store.packed_size
            at = 4 + (i - self._starts[k]) * size  # the packed form comes first
            data = store._raw(self._rows[k])
            return codec.build(store.group.unpack(data[at : at + size], self.role), [])[0]
        return self._chunk(k, keep=True)[i - self._starts[k]]


class PackedList(StoredList[T]):
    """A list of group elements only (no scalars) held in memory in the group's packed form, one
    ``bytes`` buffer, where a read at a position unpacks just that value (the anonymity sets'
    random positions in a roll): no database query, no chunk decoded whole. Its chunks are cut
    as appended. The group must pack."""

    def __init__(self, store: TallyStore, codec: _Codec[T], role: str) -> None:
        if not store.packs or codec.scalars:
            raise ValueError("a packed list holds group elements of a group that packs")
        super().__init__(store, codec, False, role)
        self._data = bytearray()
        self._size = codec.elements * store.packed_size

    def append(self, values: Sequence[T]) -> None:
        if not values:
            return
        self._starts.append(self._count)
        self._count += len(values)
        self._data += self.store.group.pack(self.codec.flatten(values)[0]) or b""

    def _chunk(self, k: int, keep: bool = False) -> Sequence[T]:
        stop = self._starts[k + 1] if k + 1 < len(self._starts) else self._count
        return self._values(self._starts[k], stop)

    def _values(self, start: int, stop: int) -> list[T]:
        data = bytes(self._data[start * self._size : stop * self._size])
        return self.codec.build(self.store.group.unpack(data, self.role), [])

    def _at(self, i: int) -> T:
        return self._values(i, i + 1)[0]

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if type(index) is int and 0 <= index < self._count:  # the anonymity sets' reads
            size = self._size
            data = bytes(self._data[index * size : (index + 1) * size])
            # a roll entry read at a position is hashed (a roll pointer's proof): its encodings
            elements = self.store.group.unpack(data, self.role, encodings=True)
            return self.codec.build(elements, [])[0]
        return super().__getitem__(index)


class BallotList(_Positional[CredentialBallot]):
    """A board of credential ballots written to the store's database as it is built, in rows
    of :data:`BALLOT_CHUNK` ballots, and read back in order a row at a time (the last row read
    is kept): a long board is not held in memory. A row is the ballots' pickle, written and read
    by this process only, with their group elements kept apart as the store keeps elements and
    restored in one batch (secp256k1's packed points, each checked on the curve)."""

    def __init__(self, store: TallyStore) -> None:
        self.store = store
        self._rows: list[int] = []
        self._pending: list[CredentialBallot] = []
        self._count = 0
        self._cached: tuple[int, list[CredentialBallot]] | None = None

    def append(self, ballots: Sequence[CredentialBallot]) -> None:
        """Add ballots at the end (written once a row is full)."""
        self._pending.extend(ballots)
        self._count += len(ballots)
        while len(self._pending) >= BALLOT_CHUNK:
            self._flush(self._pending[:BALLOT_CHUNK])
            del self._pending[:BALLOT_CHUNK]

    def _flush(self, ballots: list[CredentialBallot]) -> None:
        self._rows.append(self.store._write(_dump_ballots(self.store, ballots)))

    def __len__(self) -> int:
        return self._count

    def _row(self, k: int) -> list[CredentialBallot]:
        if k == len(self._rows):
            return self._pending
        if self._cached is None or self._cached[0] != k:
            self._cached = (k, _load_ballots(self.store, self._rows[k]))
        return self._cached[1]

    def _at(self, i: int) -> CredentialBallot:
        return self._row(i // BALLOT_CHUNK)[i % BALLOT_CHUNK]

    def __iter__(self) -> Iterator[CredentialBallot]:
        for k in range(len(self._rows) + 1):
            yield from self._row(k)


class _ElementPickler(pickle.Pickler):
    """Pickles ballots with their group elements set aside (packed together after the pickle,
    restored in one batch: a row of ballots holds thousands of them)."""

    def __init__(self, file: io.BytesIO) -> None:
        super().__init__(file, pickle.HIGHEST_PROTOCOL)
        self.elements: list[Element] = []

    def persistent_id(self, obj: Any) -> int | None:
        if isinstance(obj, Element):
            self.elements.append(obj)
            return len(self.elements) - 1
        return None


class _ElementUnpickler(pickle.Unpickler):
    def __init__(self, file: io.BytesIO, elements: list[Element]) -> None:
        super().__init__(file)
        self.elements = elements

    def persistent_load(self, pid: Any) -> Element:
        element: Element = self.elements[int(pid)]
        return element


def _dump_ballots(store: TallyStore, ballots: list[CredentialBallot]) -> bytes:
    """A row: the ballots' pickle with their elements set aside, then the elements as the
    store keeps elements (their packed form or encodings), after the pickle's length."""
    buffer = io.BytesIO()
    pickler = _ElementPickler(buffer)
    pickler.dump(ballots)
    data = buffer.getvalue()
    return len(data).to_bytes(4, "big") + data + store._element_bytes(pickler.elements)


def _load_ballots(store: TallyStore, row: int) -> list[CredentialBallot]:
    """The ballots of a row written by :func:`_dump_ballots` (this process's own rows), their
    elements restored in one batch (each point checked on the curve)."""
    if store.restored:  # a pickle is read only by the process that wrote it
        raise ValueError("a stored ballot list is not read back from a saved state")
    data = store._read(row)
    cut = 4 + int.from_bytes(data[:4], "big")
    # the ballots' checks hash their elements: each keeps its encoding as it is unpacked
    elements = store._elements_of(data[cut:], "stored ballot element", encodings=True)
    ballots: list[CredentialBallot] = _ElementUnpickler(io.BytesIO(data[4:cut]), elements).load()
    return ballots


class Picked(ChunkedList[T]):
    """A read-only view of a :class:`~plebiscite.crypto.chunked.ChunkedList` that maps each
    value (a tuple's component, a share's partial decryption) chunk by chunk."""

    def __init__(self, values: ChunkedList[Any], pick: Callable[[Any], T]) -> None:
        self.values, self.pick = values, pick

    def __len__(self) -> int:
        return len(self.values)

    def chunks(self) -> Iterator[list[T]]:
        pick = self.pick
        for chunk in self.values.chunks():
            yield [pick(value) for value in chunk]


#: the per-item parts of a shuffle's proof
_PROOF_COLUMNS: Final = ("c", "c_hat", "t_hat", "s_hat", "s_prime")


def _chunked(values: Sequence[T]) -> Iterator[Sequence[T]]:
    return (values[lo : lo + CHUNK] for lo in range(0, len(values), CHUNK))


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


class _Viewed(Kept[T]):
    """A stage kept as lists read chunk by chunk: :attr:`view` reads them so; :meth:`get`
    gives the stage whole (decoded from disk every time)."""

    def __init__(self, view: _View[T]) -> None:
        self.view = view

    def get(self) -> T:
        return self.view.whole()


class _View(ABC, Generic[T]):
    @abstractmethod
    def whole(self) -> T: ...


@dataclass(frozen=True)
class BlindLists(_View[BlindStage]):
    """A blinding step whose outputs are read chunk by chunk (a
    :class:`~plebiscite.crypto.tags_blind.BlindStageLike`)."""

    trustee: int
    commitment: Element
    outputs: ChunkedList[Ciphertext]
    proof: ChaumPedersenProof

    def whole(self) -> BlindStage:
        return BlindStage(self.trustee, self.commitment, _values(self.outputs), self.proof)


@dataclass(frozen=True)
class PetView(_View[PetStage]):
    """An equality-test step as lists (:class:`~plebiscite.crypto.pet.PetStageLists`)."""

    lists: PetStageLists

    def whole(self) -> PetStage:
        lists = self.lists
        proof = lists.proof
        return PetStage(
            lists.trustee,
            _values(lists.commitments),
            _values(lists.outputs),
            PetProof(_values(proof.a), _values(proof.b), _values(proof.v)),
        )


@dataclass(frozen=True)
class MixView(_View[MixStage]):
    """A shuffle as lists read chunk by chunk and its proof's constant part."""

    trustee: int
    lists: ShuffleLists
    head: ProofHead

    def whole(self) -> MixStage:
        lists, head = self.lists, self.head
        proof = ShuffleProof(
            c=_values(lists.c),
            c_hat=_values(lists.c_hat),
            t1=head.t1,
            t2=head.t2,
            t3=head.t3,
            t4=head.t4,
            t_hat=_values(lists.t_hat),
            s1=head.s1,
            s2=head.s2,
            s3=head.s3,
            s4=head.s4,
            s_hat=_values(lists.s_hat),
            s_prime=_values(lists.s_prime),
        )
        return MixStage(self.trustee, _values(lists.outputs), proof)


@dataclass(frozen=True)
class SharesView(_View[tuple[Share, ...]]):
    """A trustee's partial decryptions as a list read chunk by chunk."""

    shares: ChunkedList[Share]

    def whole(self) -> tuple[Share, ...]:
        return _values(self.shares)


def _values(values: ChunkedList[T]) -> tuple[T, ...]:
    return tuple(value for chunk in values.chunks() for value in chunk)


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

    def views(self) -> list[Any]:
        """The stages as their readers stream them: a stored stage's lists
        (:class:`BlindLists`, :class:`~plebiscite.crypto.pet.PetStageLists`,
        :class:`MixView`), one held in memory as it is."""
        return [_view_of(kept) for kept in self._kept]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Stages | tuple | list):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]


def _view_of(kept: Kept[Any]) -> Any:
    if isinstance(kept, _Viewed):
        view = kept.view
        return view.lists if isinstance(view, PetView) else view
    return kept.get()


def stage_views(stages: Sequence[T]) -> list[Any]:
    """:meth:`Stages.views` of ``stages``, or the stages themselves (held in memory)."""
    return stages.views() if isinstance(stages, Stages) else list(stages)


def share_lists(decryptions: Mapping[int, Sequence[Share]], trustee: int) -> ChunkedList[Share]:
    """A trustee's shares read chunk by chunk, however they are kept."""
    if isinstance(decryptions, StoredDecryptions):
        return decryptions.lists(trustee)
    return as_chunked(decryptions[trustee])


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
        if isinstance(self._kept[trustee], _Stored | _Viewed):
            self._last = (trustee, shares)
        return shares

    def __iter__(self) -> Iterator[int]:
        return iter(self._kept)

    def lists(self, trustee: int) -> ChunkedList[Share]:
        """The trustee's shares read chunk by chunk (from disk when stored)."""
        kept = self._kept[trustee]
        if isinstance(kept, _Viewed) and isinstance(kept.view, SharesView):
            return kept.view.shares
        return Slices(kept.get())

    def __len__(self) -> int:
        return len(self._kept)


#: the items of ``pet_blind`` chunks: ``(Z, output, a, b, v)`` (record.md §6 ``tally_chunk``)
PET_ITEMS: Final[_Codec[tuple[Element, Ciphertext, Element, Element, int]]] = _Codec(
    5,
    1,
    lambda v: (
        [x for z, out, a, b, _ in v for x in (z, out.alpha, out.beta, a, b)],
        [item[4] for item in v],
    ),
    lambda e, s: [
        (e[5 * j], Ciphertext(e[5 * j + 1], e[5 * j + 2]), e[5 * j + 3], e[5 * j + 4], v)
        for j, v in enumerate(s)
    ],
    "PET_ITEMS",
)


class ChunkRun(_Positional[T]):
    """A list posted chunk by chunk and never changed: :meth:`plus` gives a new run with one
    more chunk, written to the store (decoded in memory while the store's stages fit under
    ``spill_at``, else to its database) and sharing the chunks before it, so that a copy of a
    checker's state costs nothing and a verdict that is dropped leaves the run it extended as it
    was. Its chunks are read back as posted (a
    :class:`~plebiscite.crypto.chunked.ChunkedList`); :meth:`picked` maps each value on read."""

    def __init__(
        self,
        store: TallyStore,
        codec: _Codec[Any],
        role: str,
        parts: tuple[StoredList[Any], ...] = (),
        starts: tuple[int, ...] = (),
        pick: Callable[[Any], T] | None = None,
    ) -> None:
        self.store, self.codec, self.role = store, codec, role
        self.parts, self.starts, self.pick = parts, starts, pick
        self._count = 0 if not parts else starts[-1] + len(parts[-1])

    def plus(self, values: Sequence[T]) -> ChunkRun[T]:
        """This run and then the chunk ``values`` (not empty)."""
        part: StoredList[Any] = self.store.new_list(self.codec, len(values), self.role)
        part.append(values)
        return ChunkRun(
            self.store,
            self.codec,
            self.role,
            (*self.parts, part),
            (*self.starts, self._count),
            self.pick,
        )

    def picked(self, pick: Callable[[Any], Any]) -> ChunkRun[Any]:
        """The same chunks, each value read as ``pick(value)``."""
        return ChunkRun(self.store, self.codec, self.role, self.parts, self.starts, pick)

    def sizes(self) -> tuple[int, ...]:
        """The length of each chunk."""
        return tuple(len(part) for part in self.parts)

    def __len__(self) -> int:
        return self._count

    def chunks(self) -> Iterator[Sequence[T]]:
        pick = self.pick
        for part in self.parts:
            for chunk in part.chunks():
                yield chunk if pick is None else [pick(value) for value in chunk]

    def __iter__(self) -> Iterator[T]:
        for chunk in self.chunks():
            yield from chunk

    def _at(self, i: int) -> T:
        k = bisect.bisect_right(self.starts, i) - 1
        value = self.parts[k][i - self.starts[k]]
        return value if self.pick is None else self.pick(value)
