"""What the tests of saved checks share."""

from __future__ import annotations

from pathlib import Path

import pytest

from plebiscite.errors import InputError
from plebiscite.rules import saved


def refuses_a_changed_copy(where: Path, key: bytes, name: str = "0") -> None:
    """The saved check in ``where`` with one bit of its file copy ``name`` flipped: reading it
    back (under ``key``, as "test") is refused, naming the file."""
    copy = where / "files" / name
    data = bytearray(copy.read_bytes())
    data[-1] ^= 1
    copy.write_bytes(bytes(data))
    with pytest.raises(InputError, match=f"files/{name}"):
        saved.load(where, key, "test")
