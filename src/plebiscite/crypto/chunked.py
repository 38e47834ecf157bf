"""Lists read chunk by chunk: what the streaming provers and verifiers of the tally's rounds
(:mod:`plebiscite.crypto.tags_blind`, :mod:`plebiscite.crypto.pet`,
:mod:`plebiscite.crypto.shuffle_verify`) read and write instead of whole lists.

A :class:`ChunkedList` knows its length and gives its values as consecutive chunks, once per
pass, as many passes as its reader needs (a Fiat–Shamir challenge hashes a whole list before
any item's equation can be formed, so a prover or verifier reads its lists twice or more). A
:class:`ListSink` takes the chunks of a list being made. A store that keeps long lists on disk
(the tally's :class:`~plebiscite.model.coercion.tally_store.TallyStore`, a prover's
:class:`~plebiscite.crypto.shuffle_columns.Column`) is both; :class:`Slices` reads a list held in
memory, and :class:`MemoryList` is one that is appended to. The proofs do not depend on the cut:
the same values give the same bytes, digests and challenges however they are chunked.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final, Protocol, TypeVar, overload, runtime_checkable

from plebiscite.errors import ParameterError

__all__ = [
    "LIST_CHUNK",
    "ChunkedList",
    "EncodedList",
    "ListSink",
    "MemoryList",
    "Slices",
    "WritableList",
    "aligned",
    "as_chunked",
    "rechunk",
]

#: values per chunk of a list read from memory
LIST_CHUNK: Final = 1024

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)
T_contra = TypeVar("T_contra", contravariant=True)


@runtime_checkable
class ChunkedList(Protocol[T_co]):
    """A list of known length read as consecutive chunks, once per call of :meth:`chunks`."""

    def __len__(self) -> int: ...

    def chunks(self) -> Iterable[Sequence[T_co]]:
        """The values in order, chunk after chunk (no chunk empty)."""
        ...


@runtime_checkable
class EncodedList(Protocol):
    """A list that gives its values' group elements as their canonical encodings, read without
    decoding the elements (a store that keeps the encodings beside the elements' packed form):
    what a digest over the list absorbs."""

    @property
    def elements_per_value(self) -> int:
        """Group elements per value (2 for a ciphertext, 2·w for an item of w ciphertexts)."""
        ...

    def encodings(self) -> Iterable[list[bytes]]:
        """Chunk by chunk (cut as :meth:`ChunkedList.chunks` cuts), the encodings of the chunk's
        elements in order: a ciphertext's α then β, an item's ciphertexts one after another."""
        ...


class ListSink(Protocol[T_contra]):
    """Where a list being made goes, chunk after chunk."""

    def append(self, values: Sequence[T_contra]) -> None:
        """Add the next chunk."""
        ...


class WritableList(ChunkedList[T], ListSink[T], Protocol[T]):
    """A list appended to chunk by chunk and then read back (a prover's outputs)."""


class Slices(Sequence[T]):
    """A sequence held in memory, read in slices of ``size`` values (no copy is made)."""

    def __init__(self, values: Sequence[T], size: int = LIST_CHUNK) -> None:
        if size < 1:
            raise ParameterError("a list's chunks must hold at least one value")
        self.values = values
        self.size = size

    def __len__(self) -> int:
        return len(self.values)

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        return self.values[index]

    def __iter__(self) -> Iterator[T]:
        return iter(self.values)

    def chunks(self) -> Iterator[Sequence[T]]:
        values, size = self.values, self.size
        for start in range(0, len(values), size):
            yield values[start : start + size]


class MemoryList(Slices[T]):
    """A list in memory, appended to chunk by chunk (a :class:`WritableList`)."""

    def __init__(self, values: Iterable[T] = (), size: int = LIST_CHUNK) -> None:
        self.items: list[T] = list(values)
        super().__init__(self.items, size)

    def append(self, values: Sequence[T]) -> None:
        self.items.extend(values)


def as_chunked(values: Sequence[T] | ChunkedList[T], size: int = LIST_CHUNK) -> ChunkedList[T]:
    """``values`` as a :class:`ChunkedList`: itself if it is one, else its slices."""
    if isinstance(values, ChunkedList):
        return values
    return Slices(values, size)


def rechunk(chunks: Iterable[Sequence[T]], size: int) -> Iterator[Sequence[T]]:
    """The values of ``chunks`` cut again in chunks of ``size`` (the last one shorter); chunks
    of that size already pass through as they are."""
    if size < 1:
        raise ParameterError("a list's chunks must hold at least one value")
    held: list[T] = []
    for chunk in chunks:
        if not held and len(chunk) == size:
            yield chunk
            continue
        held.extend(chunk)
        while len(held) >= size:
            yield held[:size]
            del held[:size]
    if held:
        yield held


def aligned(
    lists: Sequence[ChunkedList[Any]], size: int = LIST_CHUNK, *, where: str = "lists"
) -> Iterator[tuple[int, list[Sequence[Any]]]]:
    """The lists read side by side (all of one length): ``(start, [chunk of each])`` with the
    chunks cut alike in ``size`` values. Raises :class:`ParameterError` when their lengths or
    their chunks' totals differ."""
    n = len(lists[0])
    if any(len(values) != n for values in lists):
        lengths = [len(values) for values in lists]
        raise ParameterError(f"{where}: lengths {lengths} differ")
    readers = [rechunk(values.chunks(), size) for values in lists]
    start = 0
    for row in zip(*readers, strict=False):
        count = len(row[0])
        if any(len(chunk) != count for chunk in row):
            raise ParameterError(f"{where}: the chunks at {start} differ in length")
        yield start, list(row)
        start += count
    if start != n or any(next(reader, None) is not None for reader in readers):
        raise ParameterError(f"{where}: the chunks do not hold the {n} values named")
