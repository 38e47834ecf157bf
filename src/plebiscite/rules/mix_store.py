"""V11's lists, in memory or on disk: the inputs and outputs of the mix rounds, chunk by chunk.

A mix round's lists are as long as a district's counted ballots, and a shuffle's output comes
with the proof's per-item parts (c, ĉ, t̂, ŝ, s′). :class:`MixLists` keeps every list as the
sequence of its chunks (the ``mix_chunk`` cut, :func:`~plebiscite.model.mix.chunk_size`): decoded,
in memory, until the lists hold more than ``spill_at`` items in all; every later chunk goes to a
SQLite database in a private temporary directory, and the first chunk of a list that goes there
takes the list's earlier chunks with it (a long list is kept whole on disk, so its head does not
stay decoded beside the fold's chunks), as the encodings the challenges hash
(:func:`~plebiscite.crypto.shuffle.items_bytes`, :func:`~plebiscite.crypto.shuffle.elements_bytes`,
the scalars at fixed width), so the verifier's memory holds a few chunks whatever N (as the
credential state of :mod:`plebiscite.rules.state` does). The shuffles' generators of such lists
go there too (:meth:`MixLists.generators`), derived once per range. The hashing passes read the
encodings as they are; the folding pass decodes a chunk at a time (the elements were validated
when their ``mix_chunk`` was read, and are validated again when read back). Where the group has a
packed form (:meth:`~plebiscite.crypto.group.Group.pack`: secp256k1's uncompressed points) the
elements are kept in it too, and read back from it: a compressed point costs a square root to
decode, an uncompressed one only the check that it lies on the curve.

A :class:`StoredList` is appended to chunk by chunk and read as often as wanted; :meth:`view`
gives a copy for a checker snapshot (the chunks are shared: they never change).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final, TypeVar, overload

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.shuffle import (
    Item,
    elements_bytes,
    generator_range,
    items_bytes,
    list_digest_chunks,
)
from plebiscite.crypto.shuffle_verify import ShuffleChunk
from plebiscite.errors import GroupElementError
from plebiscite.model.scratch import ScratchStore

__all__ = ["DEFAULT_MIX_SPILL_AT", "MixLists", "PackedValues", "ProofParts", "StoredList"]

T = TypeVar("T")

#: items (of all lists together) kept decoded in memory before the next chunks go to disk
DEFAULT_MIX_SPILL_AT: Final = 20_000
#: the lists' database, in a directory of its own named with this prefix
_DATABASE: Final = "lists.sqlite"
_PREFIX: Final = "plebiscite-mix-"

_PARTS: Final = ("c", "c_hat", "t_hat", "s_hat", "s_prime")
_ELEMENT_PARTS: Final = ("c", "c_hat", "t_hat")
_COLUMNS: Final = ("items", *_PARTS, *(f"{n}_packed" for n in ("items", *_ELEMENT_PARTS)))


@dataclass(frozen=True, slots=True)
class ProofParts:
    """The per-item parts of a proof of shuffle at one chunk's positions."""

    c: Sequence[Element]
    c_hat: Sequence[Element]
    t_hat: Sequence[Element]
    s_hat: Sequence[int]
    s_prime: Sequence[int]


@dataclass(frozen=True, slots=True)
class _InMemory:
    items: Sequence[Item]
    parts: ProofParts | None


@dataclass(frozen=True, slots=True)
class _OnDisk:
    row: int
    count: int


class MixLists(ScratchStore):
    """Every list of one verifier's mix rounds, and the database the long ones spill to."""

    DATABASE = _DATABASE
    PREFIX = _PREFIX
    WHAT = "the mix lists'"
    #: the encodings (hashed) and, where the group has one, the packed form (decoded)
    TABLES = (
        "CREATE TABLE chunks (id INTEGER PRIMARY KEY, items BLOB, c BLOB, c_hat BLOB, "
        "t_hat BLOB, s_hat BLOB, s_prime BLOB, items_packed BLOB, c_packed BLOB, "
        "c_hat_packed BLOB, t_hat_packed BLOB)",
        "CREATE TABLE generators (context BLOB, start INTEGER, stop INTEGER, data BLOB, "
        "PRIMARY KEY (context, start, stop))",
    )

    def __init__(
        self, group: Group, spill_at: int = DEFAULT_MIX_SPILL_AT, directory: str | None = None
    ) -> None:
        super().__init__(group, spill_at, directory)
        self.spill_at: int = spill_at
        #: whether the group has a packed form (read back more cheaply than the encodings)
        self._packs = group.pack([]) is not None
        #: bytes per element in the packed form (0 without one)
        self.packed_size = len(group.pack([group.generator()]) or b"")

    def new_list(self, width: int) -> StoredList:
        """An empty list of tuples of ``width``."""
        return StoredList(self, width)

    def _store(self, items: Sequence[Item], parts: ProofParts | None) -> _InMemory | _OnDisk:
        if self._held + len(items) <= self.spill_at:
            self._held += len(items)
            return _InMemory(tuple(items), parts)
        return self._write(items, parts)

    def _write(self, items: Sequence[Item], parts: ProofParts | None) -> _OnDisk:
        """A chunk written to the database (its encodings, and its packed form)."""
        group = self.group
        width = len(items[0])
        flat = [e for item in items for ct in item for e in (ct.alpha, ct.beta)]
        row: list[bytes | None] = [items_bytes(group, items, width)]
        packed: list[bytes | None] = [group.pack(flat)]
        if parts is None:
            row += [None] * len(_PARTS)
            packed += [None] * 3
        else:
            size = group.scalar_bytes
            row += [
                elements_bytes(group, parts.c),
                elements_bytes(group, parts.c_hat),
                elements_bytes(group, parts.t_hat),
                b"".join(s.to_bytes(size, "big") for s in parts.s_hat),
                b"".join(s.to_bytes(size, "big") for s in parts.s_prime),
            ]
            packed += [group.pack(parts.c), group.pack(parts.c_hat), group.pack(parts.t_hat)]
        cursor = self._connection().execute(
            "INSERT INTO chunks (items, c, c_hat, t_hat, s_hat, s_prime, items_packed, c_packed, "
            "c_hat_packed, t_hat_packed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row + packed,
        )
        assert cursor.lastrowid is not None
        return _OnDisk(cursor.lastrowid, len(items))

    def generators(self, context: bytes) -> Callable[[int, int], list[Element]]:
        """A source of the shuffle generators of ``context`` by range (``h_start …
        h_(stop−1)``): each range derived once (RFC 9380 hashing), kept on disk as its encodings,
        decoded when asked again (the next trustee of a round asks for the same ranges)."""
        group = self.group

        def source(start: int, stop: int) -> list[Element]:
            db = self._connection()
            row = db.execute(
                "SELECT data FROM generators WHERE context = ? AND start = ? AND stop = ?",
                (context, start, stop),
            ).fetchone()
            if row is not None:
                return self._elements(row[0], "stored generator", self._packs)
            derived = generator_range(group, context, start, stop)
            data = group.pack(derived)
            db.execute(
                "INSERT INTO generators VALUES (?, ?, ?, ?)",
                (context, start, stop, elements_bytes(group, derived) if data is None else data),
            )
            return derived

        return source

    def _read(self, row: int, column: str) -> bytes:
        assert self._db is not None and column in _COLUMNS
        query = f"SELECT {column} FROM chunks WHERE id = ?"  # noqa: S608 - a known column
        (data,) = self._db.execute(query, (row,)).fetchone()
        assert isinstance(data, bytes)
        return data

    def _decoded(self, row: int, column: str, role: str) -> list[Element]:
        """The elements of ``column`` (``items`` or a proof part) of a stored chunk: from their
        packed form where the group has one (no root per point on secp256k1), else from their
        encodings."""
        assert self._db is not None and column in _COLUMNS
        query = f"SELECT {column}_packed, {column} FROM chunks WHERE id = ?"  # noqa: S608
        packed, encoded = self._db.execute(query, (row,)).fetchone()
        if packed is not None:
            return self._elements(packed, role, True)
        return self._elements(encoded, role, False)

    def _packed_data(self, row: int, column: str) -> bytes:
        """The packed form of ``column`` of a stored chunk (a group that packs)."""
        return self._read(row, f"{column}_packed")

    def _elements(self, data: bytes, role: str, packed: bool) -> list[Element]:
        """The elements of a packed form or of an encoding written by :meth:`_store` (list
        headers skipped)."""
        if packed:
            return self.group.unpack(data, role)
        decode = self.group.decode_validated  # written from elements this process decoded
        out: list[Element] = []
        at = 0
        end = len(data)
        while at < end:
            length = int.from_bytes(data[at + 1 : at + 5], "big")
            if data[at] == 0x4C:  # "L": a list header, its count already known
                at += 5
                continue
            out.append(decode(data[at + 5 : at + 5 + length], role, allow_identity=True))
            at += 5 + length
        return out

    def _items(self, row: int, width: int) -> list[Item]:
        flat = self._decoded(row, "items", "stored mix list item")
        pairs = [Ciphertext(flat[i], flat[i + 1]) for i in range(0, len(flat), 2)]
        return [tuple(pairs[i : i + width]) for i in range(0, len(pairs), width)]

    def _scalars(self, row: int, column: str) -> list[int]:
        data = self._read(row, column)
        size = self.group.scalar_bytes
        return [int.from_bytes(data[i : i + size], "big") for i in range(0, len(data), size)]


class StoredList:
    """One list of a mix round: its chunks in order, with the proof's parts when it is a
    shuffle's output."""

    def __init__(self, lists: MixLists, width: int) -> None:
        self.lists = lists
        self.width = width
        self.count = 0
        self._chunks: list[_InMemory | _OnDisk] = []
        self._digest: bytes | None = None

    @property
    def chunk_count(self) -> int:
        return len(self._chunks)

    def chunk_lengths(self) -> list[int]:
        """How many items each chunk holds."""
        return [len(c.items) if isinstance(c, _InMemory) else c.count for c in self._chunks]

    def append(self, items: Sequence[Item], parts: ProofParts | None = None) -> None:
        """Add the next chunk (already checked by the caller). The first chunk of this list that
        goes to disk takes the list's earlier chunks with it: a list longer than the lists'
        memory is kept whole on disk, so what stays decoded in memory is the short lists, not the
        head of a long one (the budget they used is not given back: later lists go to disk, as
        they did)."""
        chunk = self.lists._store(items, parts)
        if isinstance(chunk, _OnDisk):
            self._spill_held()
        self._chunks.append(chunk)
        self.count += len(items)
        self._digest = None

    def _spill_held(self) -> None:
        """Write this list's chunks held in memory to disk (the same encodings: the digests,
        challenges and folds read the same values); a view taken before keeps its own."""
        for position, chunk in enumerate(self._chunks):
            if isinstance(chunk, _InMemory):
                self._chunks[position] = self.lists._write(chunk.items, chunk.parts)

    def view(self) -> StoredList:
        """A copy that later appends to either do not change (the chunks are shared)."""
        other = StoredList(self.lists, self.width)
        other.count = self.count
        other._chunks = list(self._chunks)
        other._digest = self._digest
        return other

    def digest(self) -> bytes:
        """:func:`~plebiscite.crypto.shuffle.list_digest` of the list (computed once)."""
        if self._digest is None:
            self._digest = list_digest_chunks(
                self.lists.group, self.width, self.count, self.encoded("items")
            )
        return self._digest

    def encoded(self, name: str) -> Iterator[bytes]:
        """Chunk by chunk, the encodings of ``items`` or of one of the proof's element parts
        (``c``, ``c_hat``, ``t_hat``), as the challenges hash them."""
        group = self.lists.group
        for chunk in self._chunks:
            if isinstance(chunk, _OnDisk):
                yield self.lists._read(chunk.row, name)
            elif name == "items":
                yield items_bytes(group, chunk.items, self.width)
            else:
                assert chunk.parts is not None
                yield elements_bytes(group, getattr(chunk.parts, name))

    def items(self) -> Iterator[Sequence[Item]]:
        """Chunk by chunk, the items, decoded."""
        for chunk in self._chunks:
            yield self._chunk_items(chunk)

    def parts(self) -> Iterator[ProofParts]:
        """Chunk by chunk, the proof's per-item parts, decoded (a shuffle's output only)."""
        for chunk in self._chunks:
            yield self._chunk_parts(chunk)

    def pieces(self, with_parts: bool) -> Iterator[list[_Piece]]:
        """Chunk by chunk, the columns (the items, then with ``with_parts`` c, ĉ, t̂, ŝ, s′) as
        they are kept: the elements of a chunk on disk in their packed form where the group has
        one (:class:`Packed`, unpacked where it is read), else decoded."""
        lists = self.lists
        for chunk in self._chunks:
            if isinstance(chunk, _InMemory) or not lists.packed_size:
                columns: list[_Piece] = [list(self._chunk_items(chunk))]
                if with_parts:
                    parts = self._chunk_parts(chunk)
                    columns += [list(getattr(parts, name)) for name in _PARTS]
                yield columns
                continue
            row, count = chunk.row, chunk.count
            columns = [_Packed(lists._packed_data(row, "items"), count, 2 * self.width)]
            if with_parts:
                columns += [_Packed(lists._packed_data(row, n), count, 1) for n in _ELEMENT_PARTS]
                columns += [lists._scalars(row, "s_hat"), lists._scalars(row, "s_prime")]
            yield columns

    def _chunk_items(self, chunk: _InMemory | _OnDisk) -> Sequence[Item]:
        if isinstance(chunk, _OnDisk):
            return self.lists._items(chunk.row, self.width)
        return chunk.items

    def _chunk_parts(self, chunk: _InMemory | _OnDisk) -> ProofParts:
        if isinstance(chunk, _InMemory):
            assert chunk.parts is not None
            return chunk.parts
        lists, row = self.lists, chunk.row
        return ProofParts(
            lists._decoded(row, "c", "stored proof part c"),
            lists._decoded(row, "c_hat", "stored proof part c_hat"),
            lists._decoded(row, "t_hat", "stored proof part t_hat"),
            lists._scalars(row, "s_hat"),
            lists._scalars(row, "s_prime"),
        )


# -- chunks handed to the fold, packed where they were stored packed ----------------------------


@dataclass(frozen=True, slots=True)
class _Packed:
    """``count`` items of ``per_item`` elements each, in the group's packed form."""

    data: bytes
    count: int
    per_item: int

    def split(self, n: int) -> tuple[_Packed, _Packed]:
        cut = len(self.data) * n // self.count
        return (
            _Packed(self.data[:cut], n, self.per_item),
            _Packed(self.data[cut:], self.count - n, self.per_item),
        )


#: a column of a stored chunk: decoded values, or elements packed
_Piece = Sequence[object] | _Packed


class PackedValues(Sequence[T]):
    """Values of a chunk kept as their elements' packed form (:meth:`Group.pack`) until first
    read: a chunk folded on a worker travels as these bytes and is unpacked there (each point
    checked on the curve), not decoded here and encoded again. ``width`` 0: elements; else
    items of ``width`` ciphertexts."""

    __slots__ = ("_values", "data", "group", "length", "width")

    def __init__(self, group: Group, data: bytes, count: int, width: int) -> None:
        self.group = group
        self.data = data
        self.length = count
        self.width = width
        self._values: list[T] | None = None

    def __len__(self) -> int:
        return self.length

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, int) and self._values is None:
            i = range(self.length)[index]  # IndexError as a list's
            per_item = 2 * self.width or 1
            size = len(self.data) // (self.length * per_item)
            part = self.data[i * per_item * size : (i + 1) * per_item * size]
            return self._build(self.group.unpack(part, "stored mix element"))[0]
        return self._all()[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self._all())

    def __reduce__(self) -> tuple[object, ...]:
        return (_packed_values, (self.group.name, self.data, self.length, self.width))

    def _all(self) -> list[T]:
        if self._values is None:
            values = self._build(self.group.unpack(self.data, "stored mix element"))
            if len(values) != self.length:
                raise GroupElementError.of(
                    "stored mix element", f"{len(values)} values where {self.length} were packed"
                )
            self._values = values
        return self._values

    def _build(self, elements: list[Element]) -> list[T]:
        if not self.width:
            return elements  # type: ignore[return-value]
        width = self.width
        pairs = [Ciphertext(elements[i], elements[i + 1]) for i in range(0, len(elements), 2)]
        return [tuple(pairs[i : i + width]) for i in range(0, len(pairs), width)]  # type: ignore[misc]


def _packed_values(group_name: str, data: bytes, count: int, width: int) -> PackedValues[object]:
    """Unpickle :class:`PackedValues` (unpacked, and so checked, when first read)."""
    return PackedValues(get_group(group_name), data, count, width)


class _Column:
    """One column of the chunks being re-cut: its pieces, taken from the front."""

    def __init__(self, group: Group, width: int) -> None:
        self.group = group
        self.width = width  #: 0 for elements and scalars
        self.pieces: list[_Piece] = []

    def add(self, piece: _Piece) -> None:
        if (piece.count if isinstance(piece, _Packed) else len(piece)) > 0:
            self.pieces.append(piece)

    def take(self, n: int) -> Sequence[object]:
        """The next ``n`` values: packed when every piece they come from is."""
        taken: list[_Piece] = []
        left = n
        while left:
            piece = self.pieces[0]
            size = piece.count if isinstance(piece, _Packed) else len(piece)
            if size <= left:
                taken.append(self.pieces.pop(0))
                left -= size
            elif isinstance(piece, _Packed):
                head, self.pieces[0] = piece.split(left)
                taken.append(head)
                left = 0
            else:
                taken.append(piece[:left])
                self.pieces[0] = piece[left:]
                left = 0
        if all(isinstance(p, _Packed) for p in taken):
            data = b"".join(p.data for p in taken)  # type: ignore[union-attr]
            return PackedValues(self.group, data, n, self.width)
        out: list[object] = []
        for p in taken:
            out += (
                list(PackedValues(self.group, p.data, p.count, self.width))
                if isinstance(p, _Packed)
                else p
            )
        return out


class ShuffleOfStored:
    """A :class:`~plebiscite.crypto.shuffle_verify.ChunkSource` over an input list and a
    shuffle's output list cut alike (both checked as they were stored). The chunks of lists on
    disk keep their elements packed (:class:`PackedValues`) until the fold reads them."""

    checked = True

    def __init__(self, inputs: StoredList, outputs: StoredList, size: int) -> None:
        if size < 1:
            raise ValueError("the chunk size must be at least 1")
        self.inputs = inputs
        self.outputs = outputs
        #: items per chunk handed out (the stored chunks re-cut: a longer multi-exponentiation
        #: costs less per term, a shorter one spreads over more workers)
        self.size = size

    def chunks(self) -> Iterator[ShuffleChunk]:
        size = self.size
        group = self.inputs.lists.group
        widths = (self.inputs.width, self.outputs.width, 0, 0, 0, 0, 0)
        held = [_Column(group, width) for width in widths]
        start = 0
        ready = 0
        for ins, outs in zip(self.inputs.pieces(False), self.outputs.pieces(True), strict=True):
            for column, piece in zip(held, [*ins, *outs], strict=True):
                column.add(piece)
            ready += len(ins[0]) if not isinstance(ins[0], _Packed) else ins[0].count
            while ready >= size:
                yield _chunk(start, [column.take(size) for column in held])
                start += size
                ready -= size
        if ready:
            yield _chunk(start, [column.take(ready) for column in held])

    def encoded(self, name: str) -> Iterator[bytes]:
        if name == "inputs":
            return self.inputs.encoded("items")
        if name == "outputs":
            return self.outputs.encoded("items")
        return self.outputs.encoded(name)


def _chunk(start: int, columns: list[Sequence[object]]) -> ShuffleChunk:
    ins, outs, c, c_hat, t_hat, s_hat, s_prime = columns
    return ShuffleChunk(start, ins, outs, c, c_hat, t_hat, s_hat, s_prime)  # type: ignore[arg-type]
