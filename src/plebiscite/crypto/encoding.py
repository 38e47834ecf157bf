"""The canonical, typed, length-prefixed byte encoding that every hash in plebiscite consumes.

Never hash JSON text: hash this encoding of the value. Each value is a one-byte type tag followed by
its content; strings, byte strings and integers carry a 4-byte big-endian length, lists and maps a
4-byte big-endian count. The encoding is injective over the values it accepts (docs/spec.md §2).

=========  ====  =====================================================================
type       tag   content
=========  ====  =====================================================================
None       0x4E  (nothing)
False      0x46  (nothing)
True       0x54  (nothing)
int >= 0   0x49  u32 length || minimal big-endian magnitude (0 is the empty string)
bytes      0x42  u32 length || bytes
str        0x53  u32 length || UTF-8 bytes
list       0x4C  u32 count || each item encoded
dict       0x44  u32 count || (key as str, value) pairs sorted by the key's UTF-8 bytes
=========  ====  =====================================================================
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from plebiscite.errors import EncodingError

__all__ = ["CanonicalValue", "canonical_bytes", "int_to_bytes_fixed", "u32", "u64"]

CanonicalValue = (
    None | bool | int | bytes | str | Sequence["CanonicalValue"] | Mapping[str, "CanonicalValue"]
)

_MAX_LEN = 0xFFFFFFFF


def u32(n: int) -> bytes:
    """Four-byte big-endian unsigned integer."""
    if not 0 <= n <= _MAX_LEN:
        raise EncodingError(f"length or count {n} does not fit in 32 bits")
    return n.to_bytes(4, "big")


def u64(n: int) -> bytes:
    """Eight-byte big-endian unsigned integer."""
    if not 0 <= n < 1 << 64:
        raise EncodingError(f"integer {n} does not fit in 64 bits")
    return n.to_bytes(8, "big")


def int_to_bytes_fixed(n: int, length: int, role: str = "integer") -> bytes:
    """Big-endian encoding of ``n`` in exactly ``length`` bytes."""
    if n < 0 or n >= 1 << (8 * length):
        raise EncodingError(f"{role}: {n} does not fit in {length} bytes")
    return n.to_bytes(length, "big")


def _encode(value: CanonicalValue, out: list[bytes]) -> None:
    if value is None:
        out.append(b"N")
    elif value is True:
        out.append(b"T")
    elif value is False:
        out.append(b"F")
    elif isinstance(value, int):
        if value < 0:
            raise EncodingError(f"negative integer {value} has no canonical encoding")
        raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
        out.append(b"I" + u32(len(raw)) + raw)
    elif isinstance(value, bytes | bytearray | memoryview):
        raw = bytes(value)
        out.append(b"B" + u32(len(raw)) + raw)
    elif isinstance(value, str):
        try:
            raw = value.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise EncodingError(f"string is not valid Unicode text: {exc}") from None
        out.append(b"S" + u32(len(raw)) + raw)
    elif isinstance(value, Mapping):
        items: list[tuple[bytes, CanonicalValue]] = []
        for key, item in value.items():
            if not isinstance(key, str):
                raise EncodingError(f"map key {key!r} is not a string")
            items.append((key.encode("utf-8"), item))
        items.sort(key=lambda kv: kv[0])
        out.append(b"D" + u32(len(items)))
        for raw_key, item in items:
            out.append(b"S" + u32(len(raw_key)) + raw_key)
            _encode(item, out)
    elif isinstance(value, list | tuple):
        out.append(b"L" + u32(len(value)))
        for item in value:
            _encode(item, out)
    else:
        raise EncodingError(f"type {type(value).__name__} has no canonical encoding")


def canonical_bytes(*values: CanonicalValue) -> bytes:
    """The canonical encoding of ``values``, concatenated (each value self-delimiting)."""
    out: list[bytes] = []
    for value in values:
        _encode(value, out)
    return b"".join(out)
