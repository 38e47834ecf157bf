"""strict_hex against a regular expression of what it must accept."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plebiscite.crypto.group import strict_hex
from plebiscite.errors import EncodingError

_LOWER_HEX = re.compile(r"(?:[0-9a-f]{2})*")


@given(
    st.text(alphabet="0123456789abcdefABCDEF \n\t\u0661\u00e9gx", max_size=10)
    | st.binary(max_size=2)
)
def test_strict_hex_accepts_exactly_lowercase_hex_of_whole_bytes(text: Any) -> None:
    expected = isinstance(text, str) and _LOWER_HEX.fullmatch(text) is not None
    try:
        raw = strict_hex(text, "field")
    except EncodingError as exc:
        assert not expected
        assert exc.field == "field"
    else:
        assert expected and raw == bytes.fromhex(text)


def test_strict_hex_checks_the_length() -> None:
    assert strict_hex("00ff", "x", 2) == b"\x00\xff"
    for text in ("00", "00ff00"):
        with pytest.raises(EncodingError, match="expected 2 bytes"):
            strict_hex(text, "x", 2)
