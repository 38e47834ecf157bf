"""A trustee's shuffle on disk: the prover's columns (:mod:`plebiscite.crypto.shuffle_columns`)
in files, so that ``trustee mix`` holds a chunk of each list at a time, not the lists.

:class:`DiskColumns` makes each column a file of fixed-size records (an element's encoding, an
item's 2w encodings, a scalar's ``scalar_bytes``) in a new directory, mode 0700, that
:meth:`DiskColumns.close` removes. A **secret** column (the re-encryption randomness, the
commitments' randomness and nonces: what reveals the permutation) is sealed chunk by chunk with
ChaCha20-Poly1305 (``cryptography``, the AEAD of the party's secret files) under a key drawn
when the directory is made and held only in memory: its files are unreadable by anyone,
this process included, once the process ends. Nothing resumes from them: a run that dies before
its prepared shuffle is written draws a new one (:mod:`plebiscite.tally.mix`). The nonce is the
column's number and the chunk's, the associated data the column's name and the chunk's number,
so a chunk cannot be moved to another place.

The public columns (inputs, outputs, generators, commitments, challenges, responses) are plain
records read back at any position. What they hold was made or decoded and checked by this
process in this run; they are decoded back without the subgroup check again
(:meth:`~plebiscite.crypto.group.Group.decode_validated`; secp256k1's batch decoding, which
checks everything at that cost).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import canonical_bytes
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.shuffle_columns import (
    PROVER_CHUNK,
    Column,
    ColumnKind,
    elements_bytes_of,
    items_bytes_of,
)
from plebiscite.errors import ParameterError

__all__ = ["DiskColumns"]

_SEAL_TAG = "plebiscite-mix-spill-v1"


class DiskColumns:
    """:class:`~plebiscite.crypto.shuffle_columns.Columns` in files under ``directory`` (which
    must not exist: made 0700). Use as a context manager, or call :meth:`close`."""

    def __init__(self, group: Group, directory: Path) -> None:
        directory.mkdir(mode=0o700)
        os.chmod(directory, 0o700)  # whatever the umask
        self.group = group
        self.directory = directory
        self._aead = ChaCha20Poly1305(ChaCha20Poly1305.generate_key())
        self._columns: list[_FileColumn] = []

    def column(
        self, name: str, kind: ColumnKind, width: int = 1, *, secret: bool = False
    ) -> Column[Any]:
        number = len(self._columns)
        column = _FileColumn(
            self.group,
            self.directory / f"{number:02d}-{name}",
            kind,
            width,
            (self._aead, number, name) if secret else None,
        )
        self._columns.append(column)
        return column

    def close(self) -> None:
        """Close and remove every file, and the directory."""
        for column in self._columns:
            column.close()
        self._columns.clear()
        shutil.rmtree(self.directory, ignore_errors=True)

    def __enter__(self) -> DiskColumns:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()


class _FileColumn:
    """One column: fixed-size records appended chunk by chunk to one file."""

    def __init__(
        self,
        group: Group,
        path: Path,
        kind: ColumnKind,
        width: int,
        seal: tuple[ChaCha20Poly1305, int, str] | None,
    ) -> None:
        self.group = group
        self.kind = kind
        self.width = width
        self.path = path
        self._seal = seal
        element, scalar = group.element_bytes, group.scalar_bytes
        self._record = {
            "items": 2 * width * element,
            "elements": element,
            "scalars": scalar,
            "scalar_tuples": width * scalar,
        }[kind]
        # the cut of the file: (offset, count, stored bytes) of each chunk
        self._chunks: list[tuple[int, int, int]] = []
        self._size = 0
        self._count = 0
        self._fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        # a backend with a cheaper decode_validated (modp: no q-power) uses it; else decode_many
        self._decode_validated = type(group).decode_validated is not Group.decode_validated

    # -- writing ------------------------------------------------------------------------------

    def append(self, values: Sequence[Any]) -> None:
        if self._chunks and self._chunks[-1][1] != PROVER_CHUNK:
            raise ParameterError(f"{self.path.name}: a chunk after a short one")
        data = self._encode(values)
        if self._seal is not None:
            aead, _, name = self._seal
            position = len(self._chunks)
            data = aead.encrypt(self._nonce(position), data, _aad(name, position))
        os.pwrite(self._fd, data, self._size)
        self._chunks.append((self._size, len(values), len(data)))
        self._size += len(data)
        self._count += len(values)

    def _encode(self, values: Sequence[Any]) -> bytes:
        group = self.group
        if self.kind == "scalars":
            return b"".join(group.encode_scalar(v) for v in values)
        if self.kind == "scalar_tuples":
            return b"".join(group.encode_scalar(v) for value in values for v in value)
        if self.kind == "elements":
            parts = [group.encode(e) for e in values]
        else:
            parts = [group.encode(e) for item in values for ct in item for e in (ct.alpha, ct.beta)]
        if any(len(part) != group.element_bytes for part in parts):
            raise ParameterError(f"{self.path.name}: an element of another length (the identity)")
        return b"".join(parts)

    def _nonce(self, chunk: int) -> bytes:
        assert self._seal is not None
        return self._seal[1].to_bytes(4, "big") + chunk.to_bytes(8, "big")

    # -- reading ------------------------------------------------------------------------------

    def _raw(self, position: int) -> bytes:
        offset, _, stored = self._chunks[position]
        data = os.pread(self._fd, stored, offset)
        if self._seal is not None:
            aead, _, name = self._seal
            data = aead.decrypt(self._nonce(position), data, _aad(name, position))
        return data

    def _records(self, data: bytes) -> list[bytes]:
        size = self._record if self.kind != "items" else self.group.element_bytes
        return [data[i : i + size] for i in range(0, len(data), size)]

    def _elements(self, encodings: list[bytes]) -> list[Element]:
        group = self.group
        role = f"the prover's {self.path.name}"
        if self._decode_validated:
            return [group.decode_validated(data, role) for data in encodings]
        return group.decode_many(encodings, role)

    def _decode(self, data: bytes) -> list[Any]:
        if self.kind in ("scalars", "scalar_tuples"):
            size = self.group.scalar_bytes
            scalars = [int.from_bytes(data[i : i + size], "big") for i in range(0, len(data), size)]
            if self.kind == "scalars":
                return scalars
            w = self.width
            return [tuple(scalars[i : i + w]) for i in range(0, len(scalars), w)]
        elements = self._elements(self._records(data))
        if self.kind == "elements":
            return elements
        w = self.width
        return [
            tuple(Ciphertext(elements[i + 2 * k], elements[i + 2 * k + 1]) for k in range(w))
            for i in range(0, len(elements), 2 * w)
        ]

    def chunks(self) -> Iterator[Sequence[Any]]:
        for position in range(len(self._chunks)):
            yield self._decode(self._raw(position))

    def encoded(self) -> Iterator[bytes]:
        if self.kind not in ("items", "elements") or self._seal is not None:
            raise ParameterError(f"{self.path.name}: only public elements and items are encoded")
        for position in range(len(self._chunks)):
            records = self._records(self._raw(position))
            if self.kind == "items":
                yield items_bytes_of(records, self.width)
            else:
                yield elements_bytes_of(records)

    def __getitem__(self, index: int) -> Any:
        if self._seal is not None:
            raise ParameterError(f"{self.path.name}: a secret column is read chunk by chunk")
        if not 0 <= index < self._count:
            raise IndexError(index)
        return self._decode(os.pread(self._fd, self._record, index * self._record))[0]

    def __len__(self) -> int:
        return self._count

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


def _aad(name: str, position: int) -> bytes:
    return canonical_bytes(_SEAL_TAG, name, position)
