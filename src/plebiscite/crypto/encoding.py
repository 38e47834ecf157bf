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

import importlib
import struct
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from plebiscite.errors import EncodingError

__all__ = [
    "CanonicalValue",
    "canonical_bytes",
    "encode_bytes",
    "int_to_bytes_fixed",
    "python_canonical_bytes",
    "u32",
    "u64",
]

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
        raise EncodingError.of(role, f"{n} does not fit in {length} bytes")
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


# -- the fast path ---------------------------------------------------------------------------------
#
# ``_encode`` above is the reference. The fast path below produces the same bytes for the values
# hashed most (exact ``bytes``, ``str``, ``int``, ``list``, ``tuple``, ``dict``, None and the
# booleans) with exact type tests. It builds the encoding as text in which each character stands
# for one byte (Latin-1), so ASCII text -- the hex, names and field keys of a JSON body -- goes in
# as it is, with no encode call per string, headers for lengths and counts below
# ``_HEADS_CACHED`` come from tables, and one ``encode("latin-1")`` at the end gives the bytes.
# Anything else (a subclass, another mapping or sequence, a negative integer, text that is not
# valid Unicode, a length beyond 32 bits) makes it give up, and the whole value goes through the
# reference, which encodes it or raises its error: the two paths cannot disagree on a value the
# fast one accepts.


class _Unhandled(Exception):
    """The fast path does not handle this value; the reference encoder will."""


_pack_tagged: Final = struct.Struct(">cI").pack
_HEADS_CACHED: Final = 1024
_KEY_CACHE_LIMIT: Final = 4096
_KEY_CACHE_MAX_CHARS: Final = 64


def _heads(tag: bytes) -> tuple[str, ...]:
    """The headers ``tag`` ‖ u32 n for n below ``_HEADS_CACHED``, as Latin-1 text."""
    return tuple((tag + n.to_bytes(4, "big")).decode("latin-1") for n in range(_HEADS_CACHED))


_S_HEADS: Final = _heads(b"S")
_B_HEADS: Final = _heads(b"B")
_L_HEADS: Final = _heads(b"L")
_D_HEADS: Final = _heads(b"D")
_SMALL_INTS: Final = tuple(
    (b"I" + u32(len(raw)) + raw).decode("latin-1")
    for raw in (n.to_bytes((n.bit_length() + 7) // 8, "big") for n in range(256))
)
_key_cache: dict[str, str] = {}


def _head(tag: bytes, n: int) -> str:
    """``tag`` ‖ u32 n as Latin-1 text, for any n (the tables hold the small ones)."""
    if n > _MAX_LEN:
        raise _Unhandled
    return _pack_tagged(tag, n).decode("latin-1")


def _text(value: str) -> str:
    """``S`` ‖ u32 length ‖ UTF-8, as Latin-1 text."""
    if value.isascii():
        n = len(value)
        return (_S_HEADS[n] if n < _HEADS_CACHED else _head(b"S", n)) + value
    try:
        raw = value.encode("utf-8")
    except UnicodeEncodeError:
        raise _Unhandled from None
    n = len(raw)
    return (_S_HEADS[n] if n < _HEADS_CACHED else _head(b"S", n)) + raw.decode("latin-1")


def _key(key: str) -> str:
    """A map key's encoding, cached for short keys (the same field names recur in every value;
    map keys are names, never secrets)."""
    enc = _key_cache.get(key)
    if enc is None:
        enc = _text(key)
        if len(key) <= _KEY_CACHE_MAX_CHARS and len(_key_cache) < _KEY_CACHE_LIMIT:
            _key_cache[key] = enc
    return enc


def _fast(value: Any, out: list[str]) -> None:
    t = type(value)
    if t is str:
        n = len(value)
        if n < _HEADS_CACHED and value.isascii():
            out.append(_S_HEADS[n])
            out.append(value)
        else:
            out.append(_text(value))
    elif t is bytes:
        n = len(value)
        out.append(_B_HEADS[n] if n < _HEADS_CACHED else _head(b"B", n))
        out.append(value.decode("latin-1"))
    elif t is int:
        if 0 <= value < 256:
            out.append(_SMALL_INTS[value])
            return
        if value < 0:
            raise _Unhandled
        raw = value.to_bytes((value.bit_length() + 7) // 8, "big")
        out.append(_head(b"I", len(raw)))
        out.append(raw.decode("latin-1"))
    elif t is dict:
        for key in value:
            if type(key) is not str:
                raise _Unhandled
        # UTF-8 preserves code-point order, so sorting the keys sorts their UTF-8 bytes
        keys = sorted(value)
        n = len(keys)
        out.append(_D_HEADS[n] if n < _HEADS_CACHED else _head(b"D", n))
        for key in keys:
            out.append(_key_cache.get(key) or _key(key))
            item = value[key]
            # short ASCII text inline (most of a JSON body), the rest recursively
            if type(item) is str and len(item) < _HEADS_CACHED and item.isascii():
                out.append(_S_HEADS[len(item)])
                out.append(item)
            else:
                _fast(item, out)
    elif t is list or t is tuple:
        n = len(value)
        out.append(_L_HEADS[n] if n < _HEADS_CACHED else _head(b"L", n))
        for item in value:
            if type(item) is str and len(item) < _HEADS_CACHED and item.isascii():  # as in a map
                out.append(_S_HEADS[len(item)])
                out.append(item)
            else:
                _fast(item, out)
    elif value is None:
        out.append("N")
    elif value is True:
        out.append("T")
    elif value is False:
        out.append("F")
    else:
        raise _Unhandled


def encode_bytes(data: bytes) -> bytes:
    """``canonical_bytes(data)`` for one byte string (``B`` ‖ u32 length ‖ data), without the
    type dispatch: for callers that assemble an encoding from parts."""
    if type(data) is not bytes:
        return canonical_bytes(data)
    if len(data) > _MAX_LEN:
        raise EncodingError(f"length or count {len(data)} does not fit in 32 bits")
    return _pack_tagged(b"B", len(data)) + data


# -- the compiled path ----------------------------------------------------------------------------
#
# ``canonical.c`` (built by ``make setup``: scripts/build_native.py) writes the same bytes as the
# reference for the values the fast path handles, by exact type, and returns None for anything
# else; then the Python paths run as without it. Tests hold the three paths equal.


def _load_compiled() -> Callable[[tuple[Any, ...]], bytes | None] | None:
    """The compiled encoder's ``encode``, or None where it is not built."""
    try:
        module = importlib.import_module("plebiscite.crypto._canonical")
    except ImportError:
        return None
    encode: Callable[[tuple[Any, ...]], bytes | None] = module.encode
    return encode


#: the compiled encoder, when built; None runs the Python paths
_COMPILED: Final = _load_compiled()


def canonical_bytes(*values: CanonicalValue) -> bytes:
    """The canonical encoding of ``values``, concatenated (each value self-delimiting)."""
    if _COMPILED is not None:
        encoded = _COMPILED(values)
        if encoded is not None:
            return encoded
    return python_canonical_bytes(*values)


def python_canonical_bytes(*values: CanonicalValue) -> bytes:
    """:func:`canonical_bytes` by the Python paths alone (the fast one, then the reference)."""
    text: list[str] = []
    try:
        for value in values:
            _fast(value, text)
    except _Unhandled:
        out: list[bytes] = []
        for value in values:
            _encode(value, out)
        return b"".join(out)
    return "".join(text).encode("latin-1")
