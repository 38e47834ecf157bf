"""Where the prover of a shuffle keeps its per-item lists (:mod:`plebiscite.crypto.shuffle`).

A shuffle of N items makes a dozen lists of N values: the output items, the randomness of each
re-encryption, the commitments c, ĉ, t̂ and their randomness, the responses ŝ, s′. The prover
writes each of them as a :class:`Column`, chunk by chunk (every chunk :data:`PROVER_CHUNK` values
but the last), and reads it back chunk by chunk in the same cut; the input list and the
generators h_i are also read at any position (``column[i]``: the permutation reads them out of
order). :class:`Columns` makes the columns of one proof. :class:`MemoryColumns` keeps them in
lists; :class:`plebiscite.state.mix_spill.DiskColumns` writes them to files, the secret ones
sealed, so that a prover's memory does not grow with N.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Literal, Protocol, TypeVar

from plebiscite.crypto.encoding import encode_bytes, u32
from plebiscite.crypto.group import Group

__all__ = [
    "PROVER_CHUNK",
    "Column",
    "ColumnKind",
    "Columns",
    "ListColumn",
    "MemoryColumns",
    "chunked",
    "elements_bytes_of",
    "items_bytes_of",
]

#: values per chunk of a prover's column
PROVER_CHUNK = 1024

#: what a column holds: items (tuples of ``width`` ciphertexts), elements, scalars, or tuples of
#: ``width`` scalars
ColumnKind = Literal["items", "elements", "scalars", "scalar_tuples"]

T = TypeVar("T")


class Column(Protocol[T]):
    """A list written chunk by chunk and read back in the same chunks (or at a position)."""

    def append(self, values: Sequence[T]) -> None:
        """Add one chunk (:data:`PROVER_CHUNK` values, fewer for the last)."""

    def chunks(self) -> Iterator[Sequence[T]]:
        """The chunks in the order appended."""

    def encoded(self) -> Iterator[bytes]:
        """Per chunk, the canonical encoding of its values inside a list (items and elements
        only): what a digest of the whole column absorbs."""

    def __getitem__(self, index: int) -> T:
        """The value at ``index`` (public columns: inputs, generators, challenges)."""

    def __len__(self) -> int:
        """How many values were appended."""


class Columns(Protocol):
    """The maker of a proof's columns. ``secret`` columns hold the witness or what reveals it."""

    def column(
        self, name: str, kind: ColumnKind, width: int = 1, *, secret: bool = False
    ) -> Column[Any]:
        """A new empty column ``name`` (unique within this maker)."""


class ListColumn:
    """A :class:`Column` in a list."""

    def __init__(self, group: Group, kind: ColumnKind, values: Iterable[Any] = ()) -> None:
        self.group = group
        self.kind = kind
        self.values: list[Any] = list(values)

    def append(self, values: Sequence[Any]) -> None:
        self.values.extend(values)

    def chunks(self) -> Iterator[Sequence[Any]]:
        return chunked(self.values, PROVER_CHUNK)

    def encoded(self) -> Iterator[bytes]:
        encode = self.group.encode
        for chunk in self.chunks():
            if self.kind == "items":
                width = len(chunk[0]) if chunk else 0
                flat = [encode(e) for item in chunk for ct in item for e in (ct.alpha, ct.beta)]
                yield items_bytes_of(flat, width)
            else:
                yield elements_bytes_of([encode(e) for e in chunk])

    def __getitem__(self, index: int) -> Any:
        return self.values[index]

    def __len__(self) -> int:
        return len(self.values)


class MemoryColumns:
    """:class:`Columns` kept in memory (short lists, tests)."""

    def __init__(self, group: Group) -> None:
        self.group = group

    def column(
        self, name: str, kind: ColumnKind, width: int = 1, *, secret: bool = False
    ) -> Column[Any]:
        del name, width, secret
        return ListColumn(self.group, kind)


def chunked(values: Sequence[T], size: int) -> Iterator[Sequence[T]]:
    """``values`` cut in consecutive slices of ``size`` (the last shorter)."""
    for start in range(0, len(values), size):
        yield values[start : start + size]


_PAIR = b"L" + u32(2)


def elements_bytes_of(encodings: Sequence[bytes]) -> bytes:
    """The canonical encoding of elements inside a list, from their encodings, without the list's
    length prefix (:func:`plebiscite.crypto.shuffle.elements_bytes` of the decoded elements)."""
    headers: dict[int, bytes] = {}
    parts: list[bytes] = []
    for data in encodings:
        header = headers.get(len(data))
        if header is None:
            header = headers[len(data)] = encode_bytes(bytes(len(data)))[:5]
        parts.append(header)
        parts.append(data)
    return b"".join(parts)


def items_bytes_of(encodings: Sequence[bytes], width: int) -> bytes:
    """The canonical encoding of items inside a list from the encodings of their elements (α, β
    of each component, item after item), without the list's length prefix
    (:func:`plebiscite.crypto.shuffle.items_bytes` of the decoded items)."""
    headers: dict[int, bytes] = {}
    head = b"L" + u32(width)
    parts: list[bytes] = []
    append = parts.append
    for pos, data in enumerate(encodings):
        if pos % (2 * width) == 0:
            append(head)
        if pos % 2 == 0:
            append(_PAIR)
        header = headers.get(len(data))
        if header is None:
            header = headers[len(data)] = encode_bytes(bytes(len(data)))[:5]
        append(header)
        append(data)
    return b"".join(parts)
