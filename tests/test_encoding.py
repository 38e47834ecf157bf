"""Known answers and properties of the canonical encoding and the hashes built on it."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plebiscite.crypto import tags
from plebiscite.crypto.encoding import canonical_bytes
from plebiscite.crypto.hashing import H, expand_message_xmd, hash_to_field
from plebiscite.errors import EncodingError

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=0, max_value=2**300)
    | st.binary(max_size=40)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)


def _normalise(v: object) -> object:
    if isinstance(v, tuple):
        return [_normalise(x) for x in v]
    if isinstance(v, list):
        return [_normalise(x) for x in v]
    if isinstance(v, dict):
        return {k: _normalise(x) for k, x in v.items()}
    return v


@given(values, values)
def test_encoding_is_injective(a: object, b: object) -> None:
    if canonical_bytes(a) == canonical_bytes(b):  # type: ignore[arg-type]
        assert (_normalise(a) == _normalise(b) and type(a) is type(b)) or a == b


def test_known_answers() -> None:
    assert canonical_bytes(None, True, False) == b"NTF"
    assert canonical_bytes(0) == b"I\x00\x00\x00\x00"
    assert canonical_bytes(256) == b"I\x00\x00\x00\x02\x01\x00"
    assert canonical_bytes(b"\x00") == b"B\x00\x00\x00\x01\x00"
    assert canonical_bytes("é") == b"S\x00\x00\x00\x02\xc3\xa9"
    assert canonical_bytes([1, "a"]) == b"L\x00\x00\x00\x02I\x00\x00\x00\x01\x01S\x00\x00\x00\x01a"
    # maps are sorted by key bytes, whatever the insertion order
    assert canonical_bytes({"b": 1, "a": 2}) == canonical_bytes({"a": 2, "b": 1})
    assert canonical_bytes({"b": 1, "a": 2}).startswith(b"D\x00\x00\x00\x02S\x00\x00\x00\x01a")
    assert H("t", b"x") == hashlib.sha256(b"S\x00\x00\x00\x01tB\x00\x00\x00\x01x").digest()


@pytest.mark.parametrize("bad", [-1, 1.5, object(), {1: 2}])
def test_refuses_values_without_canonical_form(bad: object) -> None:
    with pytest.raises(EncodingError):
        canonical_bytes(bad)  # type: ignore[arg-type]


def test_bytes_and_text_differ() -> None:
    assert canonical_bytes(b"a") != canonical_bytes("a")
    assert canonical_bytes([b"ab"]) != canonical_bytes([b"a", b"b"])


# RFC 9380 appendix K.1, expand_message_xmd(SHA-256), DST "QUUX-V01-CS02-with-expander-SHA256-128"
_DST = b"QUUX-V01-CS02-with-expander-SHA256-128"
_XMD_VECTORS = [
    (b"", 0x20, "68a985b87eb6b46952128911f2a4412bbc302a9d759667f87f7a21d803f07235"),
    (b"abc", 0x20, "d8ccab23b5985ccea865c6c97b6e5b8350e794e603b4b97902f53a8a0d605615"),
]


@pytest.mark.parametrize(("msg", "length", "expected"), _XMD_VECTORS)
def test_expand_message_xmd_rfc9380(msg: bytes, length: int, expected: str) -> None:
    assert expand_message_xmd(msg, _DST, length).hex() == expected


def test_hash_to_field_is_reduced_and_tagged() -> None:
    q = 2**255 - 19
    a = hash_to_field(b"m", b"tag-a", q, 2)
    b = hash_to_field(b"m", b"tag-b", q, 2)
    assert all(0 <= x < q for x in a + b)
    assert a != b and a[0] != a[1]


def test_tags_are_distinct_and_prefixed() -> None:
    assert len(set(tags.ALL_TAGS)) == len(tags.ALL_TAGS) > 10
    assert all(t.startswith(tags.PREFIX) for t in tags.ALL_TAGS)
