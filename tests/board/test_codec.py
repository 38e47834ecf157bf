"""The strict JSON codec: everything the record refuses, with the place and field named."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.errors import NestingError, RecordError
from plebiscite.model.codec import (
    check_json_value,
    dumps_canonical,
    loads_strict,
    plain_json_text,
    require_fields,
    require_hex,
    require_int,
    require_str,
)


def test_accepts_plain_json_with_big_integers() -> None:
    value = loads_strict('{"a": [1, true, null, "x"], "b": {"c": 12345678901234567890123}}', "f:1")
    assert value == {"a": [1, True, None, "x"], "b": {"c": 12345678901234567890123}}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"a": 1, "a": 2}', "f.jsonl:7: duplicate key 'a'"),
        ('{"a": {"b": 1, "b": 1}}', "f.jsonl:7: duplicate key 'b'"),
        ('{"a": 1.0}', "f.jsonl:7: number 1.0 has a fraction or exponent"),
        ('{"a": 1e3}', "f.jsonl:7: number 1e3 has a fraction or exponent"),
        ('{"a": NaN}', "f.jsonl:7: NaN is not allowed"),
        ('{"a": -Infinity}', "f.jsonl:7: -Infinity is not allowed"),
        ('{"a": 1} {"b": 2}', "f.jsonl:7: not valid JSON: Extra data"),
        ('{"a": 1', "f.jsonl:7: not valid JSON"),
        ('\ufeff{"a": 1}', "f.jsonl:7: not valid JSON"),
    ],
)
def test_refusals_name_the_place(text: str, message: str) -> None:
    with pytest.raises(RecordError) as info:
        loads_strict(text, "f.jsonl:7")
    assert str(info.value).startswith(message)


def test_refuses_bytes_that_are_not_utf8() -> None:
    with pytest.raises(RecordError, match=r"^f:2: not UTF-8 text \(byte 7\)"):
        loads_strict(b'{"a": "\xff"}', "f:2")


def test_integer_digit_limit_is_a_record_error() -> None:
    with pytest.raises(RecordError, match=r"^f:1: a number has more than \d+ digits"):
        loads_strict('{"a": ' + "9" * 5000 + "}", "f:1")


def test_canonical_dump_is_compact_sorted_and_utf8() -> None:
    assert dumps_canonical({"b": [1, None], "a": "é"}) == '{"a":"é","b":[1,null]}'


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ({"a": [0, -1]}, "where: field body.a[1]: negative integer -1"),
        ({"a": {"b": 1.5}}, "where: field body.a.b: a float is not a JSON value"),
        ({"a": (1, 2)}, "where: field body.a: a tuple is not a JSON value"),
        ({"a": b"x"}, "where: field body.a: a bytes is not a JSON value"),
        ({"a": "\ud800"}, "where: field body.a: string is not valid Unicode"),
        ({1: 2}, "where: field body: key 1 is not a string"),
    ],
)
def test_json_value_rules(value: object, message: str) -> None:
    with pytest.raises(RecordError) as info:
        check_json_value(value, "where", "body")
    assert str(info.value).startswith(message)


def test_json_value_depth_is_bounded() -> None:
    deep: object = 1
    for _ in range(70):
        deep = [deep]
    with pytest.raises(RecordError, match="nested deeper than 64"):
        check_json_value({"a": deep}, "where", "body")


def test_typed_field_readers() -> None:
    obj = {"n": 3, "flag": True, "s": "x", "h": "00ff", "H": "00FF"}
    assert require_int(obj, "n", "w", "o") == 3
    with pytest.raises(RecordError, match=r"^w: field o\.flag: expected an integer, got a bool"):
        require_int(obj, "flag", "w", "o")
    with pytest.raises(RecordError, match=r"field o\.n: 3 is not \[5, 9\]"):
        require_int(obj, "n", "w", "o", minimum=5, maximum=9)
    assert require_str(obj, "s", "w", "o") == "x"
    assert require_hex(obj, "h", "w", "o", 2) == b"\x00\xff"
    with pytest.raises(RecordError, match=r"^w: field o\.H: not lowercase hex"):
        require_hex(obj, "H", "w", "o", 2)
    with pytest.raises(RecordError, match=r"field o\.h: expected 3 bytes, got 2"):
        require_hex(obj, "h", "w", "o", 3)


def test_exact_field_sets() -> None:
    with pytest.raises(RecordError, match=r"^w: field o: missing field\(s\) b, c"):
        require_fields({"a": 1}, "w", "o", ("a", "b", "c"))
    with pytest.raises(RecordError, match=r"^w: field o: unknown field\(s\) z"):
        require_fields({"a": 1, "z": 2}, "w", "o", ("a",))
    require_fields({"a": 1, "z": 2}, "w", "o", ("a",), optional=("z",))


def test_loads_strict_names_extreme_nesting_and_huge_numbers() -> None:
    with pytest.raises(NestingError, match="nested too deeply"):
        loads_strict("[" * 100_000 + "]" * 100_000, "deep.json")
    with pytest.raises(RecordError, match=r"more than \d+ digits") as caught:
        loads_strict('{"n": ' + "7" * 5_000 + "}", "huge.json")
    assert not isinstance(caught.value, NestingError)
    assert "sys." not in str(caught.value)


_LEAVES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**30), 10**30),
    st.text(alphabet=st.characters(codec="utf-8", categories=None), max_size=8),
    st.sampled_from(["\ud800", "a-b", "\\u0041"]),
)
_VALUES = st.recursive(
    _LEAVES,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner),
    max_leaves=40,
)


@given(value=_VALUES, depth=st.integers(0, 70), ascii_only=st.booleans())
@settings(max_examples=300, deadline=None)
def test_plain_json_text_only_says_yes_for_record_values(
    value: object, depth: int, ascii_only: bool
) -> None:
    """Whatever text plain_json_text passes parses to a value check_json_value accepts: negative
    integers, lone surrogates (as escapes) and deep nesting are all seen in the text."""
    for _ in range(depth):
        value = [value]
    text = json.dumps(value, ensure_ascii=ascii_only).encode("utf-8", "surrogatepass")
    try:
        parsed = loads_strict(text, "t")
    except RecordError:
        return
    if plain_json_text(text):
        check_json_value(parsed, "t", "")


def test_plain_json_text_refuses_what_it_cannot_rule_out() -> None:
    assert plain_json_text(b'{"a":[1,"x"]}')
    assert not plain_json_text(b'{"a":-1}')
    assert not plain_json_text(b'{"a":"\\ud800"}')
    assert not plain_json_text(b"[" * 64 + b"]" * 64)
    assert plain_json_text(b"[" * 63 + b"]" * 63)


@given(value=_VALUES, repeat=st.booleans())
@settings(max_examples=100, deadline=None)
def test_loads_strict_is_json_loads_without_repeated_keys(value: object, repeat: bool) -> None:
    """What loads_strict parses is what json.loads parses; a key repeated in any object, however
    many keys it has, is refused and named (the first key seen twice)."""
    text = json.dumps({"v": value, "w": [value]})
    if repeat:
        text = text[:-1] + ', "w": 1}'
        with pytest.raises(RecordError, match=r"^t: duplicate key 'w' in a JSON object"):
            loads_strict(text, "t")
    else:
        assert loads_strict(text, "t") == json.loads(text)


def test_loads_strict_refuses_a_byte_order_mark_as_json_does() -> None:
    with pytest.raises(json.JSONDecodeError) as json_error:
        json.loads('\ufeff{"a": 1}')
    with pytest.raises(RecordError) as strict_error:
        loads_strict(b'\xef\xbb\xbf{"a": 1}', "f:3")
    error = json_error.value
    assert str(strict_error.value) == (
        f"f:3: not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
    )
