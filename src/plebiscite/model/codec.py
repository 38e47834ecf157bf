"""The strict JSON codec of the record, and typed field readers with errors that say where.

The record is JSON, read strictly: duplicate object keys, ``NaN``/``Infinity``, numbers with a
fraction or an exponent (the record has no floats), text that is not UTF-8 and trailing data are
refused with a :class:`~plebiscite.errors.RecordError` naming the place (``where``: a file and
line, an entry) and the field.

:func:`dumps_canonical` writes compact, sorted-key JSON for storage and export. It is never
hashed: hashes are taken over :func:`plebiscite.crypto.encoding.canonical_bytes` of the values.

A *JSON value* here is ``None``, ``bool``, an ``int`` of at least 0, a ``str`` of valid Unicode, a
``list`` of JSON values or a ``dict`` with ``str`` keys and JSON values; :func:`check_json_value`
refuses anything else (a negative integer, a float, a tuple, bytes) and names the field path.
"""

from __future__ import annotations

import functools
import importlib
import json
import sys
import threading
from collections.abc import Callable, Collection, Mapping
from typing import Final, NoReturn, TypeAlias

from plebiscite.crypto.group import strict_hex
from plebiscite.errors import EncodingError, NestingError, RecordError

__all__ = [
    "MAX_DEPTH",
    "JSONObject",
    "JSONValue",
    "Place",
    "check_json_value",
    "dumps_canonical",
    "field_path",
    "loads_strict",
    "place_of",
    "plain_json_text",
    "require_bool",
    "require_fields",
    "require_hex",
    "require_int",
    "require_list",
    "require_object",
    "require_str",
]

JSONValue: TypeAlias = "bool | int | str | list[JSONValue] | dict[str, JSONValue] | None"
JSONObject: TypeAlias = "dict[str, JSONValue]"

#: the deepest nesting of arrays and objects a record value may have
MAX_DEPTH = 64


def _fail(where: str, field: str, detail: str) -> NoReturn:
    raise RecordError.at(where, field, detail)


class Place(str):
    """A value's place in the record as text, ``where: field FIELD``, with ``where`` and ``field``
    kept as attributes: the label of a proof's equations in a
    :class:`~plebiscite.crypto.batch.BatchVerifier`, whose failing labels come back as these same
    objects, so a caller reads the entry and the field path without parsing the text."""

    where: str
    field: str

    def __new__(cls, where: str, field: str) -> Place:
        place = super().__new__(cls, f"{where}: field {field}" if field else where)
        place.where = where
        place.field = field
        return place

    def __reduce__(self) -> tuple[type[Place], tuple[str, str]]:
        return (Place, (self.where, self.field))


def place_of(label: str) -> tuple[str, str]:
    """``(where, field)`` of a batch label: a :class:`Place`'s attributes, or the whole label
    and no field for a plain one."""
    if isinstance(label, Place):
        return label.where, label.field
    return label, ""


def field_path(path: str, key: str | int) -> str:
    """The path of ``key`` in ``path``: ``entry.body`` and ``x`` give ``entry.body.x``; ``[i]``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


class _Refused(Exception):
    """What the strict decoder's hooks refuse (:func:`loads_strict` names the place)."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


def _object(items: list[tuple[str, JSONValue]]) -> JSONObject:
    """An object of the document: built in one call, its duplicate keys found by its size."""
    obj = dict(items)
    if len(obj) != len(items):
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                raise _Refused(f"duplicate key {key!r} in a JSON object")
            seen.add(key)
    return obj


def _no_float(token: str) -> NoReturn:
    raise _Refused(f"number {token} has a fraction or exponent; the record has no floats")


def _no_constant(token: str) -> NoReturn:
    raise _Refused(f"{token} is not allowed in the record")


_decoders = threading.local()
_BOM = "Unexpected UTF-8 BOM (decode using utf-8-sig)"


def _load_object_hook() -> Callable[[list[tuple[str, JSONValue]]], JSONObject]:
    """:func:`_object` by the compiled ``json_object`` of ``crypto/strict_hex.c`` (built by
    ``make setup``: scripts/build_native.py), which hands a repeated key back to :func:`_object`
    to name it; :func:`_object` itself where that is not built (tests hold the two equal)."""
    try:
        module = importlib.import_module("plebiscite.crypto._strict_hex")
    except ImportError:
        return _object
    compiled = getattr(module, "json_object", None)  # a module built from an older source
    return _object if compiled is None else functools.partial(compiled, _object)


#: the strict decoder's object hook: :func:`_object`, compiled when built
OBJECT_HOOK: Final = _load_object_hook()


def _decoder() -> json.JSONDecoder:
    """This thread's strict decoder (made once: its hooks name no place)."""
    found: json.JSONDecoder | None = getattr(_decoders, "strict", None)
    if found is None:
        found = _decoders.strict = json.JSONDecoder(
            object_pairs_hook=OBJECT_HOOK, parse_float=_no_float, parse_constant=_no_constant
        )
    return found


def loads_strict(text: str | bytes, where: str) -> JSONValue:
    """Parse one JSON document strictly; ``where`` (file and line, or an entry) names the place.

    Refuses: bytes that are not UTF-8, a byte-order mark, duplicate keys in any object, ``NaN``
    and ``Infinity``, numbers with a fraction or exponent or over Python's digit limit, and
    anything after the document; JSON nested too deeply to parse raises :class:`NestingError`.
    """
    if isinstance(text, bytes | bytearray):
        try:
            text = bytes(text).decode("utf-8")
        except UnicodeDecodeError as exc:
            _fail(where, "", f"not UTF-8 text (byte {exc.start})")
    if text.startswith("\ufeff"):  # refused as json.loads refuses it
        _fail(where, "", f"not valid JSON: {_BOM} (line 1, column 1)")
    try:
        value: JSONValue = _decoder().decode(text)
    except _Refused as exc:
        _fail(where, "", exc.detail)
    except json.JSONDecodeError as exc:
        _fail(where, "", f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})")
    except RecursionError:
        raise NestingError(f"{where}: JSON nested too deeply to parse") from None
    except ValueError:  # the only other ValueError: an integer over the conversion limit
        limit = sys.get_int_max_str_digits()
        _fail(
            where,
            "",
            f"a number has more than {limit} digits; the record's numbers are far shorter",
        )
    return value


def dumps_canonical(value: JSONValue) -> str:
    """Compact JSON with sorted keys and UTF-8 text (no ASCII escapes); for storage, not hashing."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _is_json_value(value: object, depth: int) -> bool:
    """Whether ``value`` is a JSON value of the record (the fast check, no field paths)."""
    kind = type(value)
    if kind is str:
        if value.isascii():  # type: ignore[attr-defined]
            return True  # ASCII text (the record's hex, names and keys) encodes: no encode call
        try:
            value.encode("utf-8")  # type: ignore[attr-defined]
        except UnicodeEncodeError:
            return False
        return True
    if kind is int:
        return value >= 0  # type: ignore[operator]
    if value is None or kind is bool:
        return True
    if depth >= MAX_DEPTH:
        return False
    if kind is list:
        return all(_is_json_value(item, depth + 1) for item in value)  # type: ignore[attr-defined]
    if kind is dict:
        return all(
            type(key) is str and _is_json_value(item, depth + 1)
            for key, item in value.items()  # type: ignore[attr-defined]
        )
    return False


def plain_json_text(text: bytes, brackets: int = MAX_DEPTH - 1) -> bool:
    """Whether whatever :func:`loads_strict` parses from ``text`` is a JSON value of the record
    (:func:`check_json_value` passes for it and every value inside it), seen from the text alone:
    no ``\\u`` escape (the only way to a lone surrogate in UTF-8 text), no minus sign (the only
    way to a negative integer) and at most ``brackets`` brackets (each level of nesting needs
    one; above ``MAX_DEPTH - 1`` the record's own limit still applies), so no deeper nesting.
    False says nothing: the parsed value must then be checked."""
    most = min(brackets, MAX_DEPTH - 1)
    return b"\\u" not in text and b"-" not in text and text.count(b"{") + text.count(b"[") <= most


def check_json_value(value: object, where: str, path: str, depth: int = 0) -> None:
    """Refuse anything that is not a JSON value of the record, naming ``where`` and the field."""
    if _is_json_value(value, depth):
        return
    _check_json_value(value, where, path, depth)


def _check_json_value(value: object, where: str, path: str, depth: int) -> None:
    """:func:`check_json_value` naming the first bad field (run once the fast check failed)."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if value < 0:
            _fail(where, path, f"negative integer {value} is not allowed")
        return
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            _fail(where, path, "string is not valid Unicode (a lone surrogate)")
        return
    if depth >= MAX_DEPTH:
        _fail(where, path, f"nested deeper than {MAX_DEPTH} levels")
    if type(value) is list:
        for i, item in enumerate(value):
            _check_json_value(item, where, field_path(path, i), depth + 1)
        return
    if type(value) is dict:
        for key, item in value.items():
            if not isinstance(key, str):
                _fail(where, path, f"key {key!r} is not a string")
            _check_json_value(item, where, field_path(path, key), depth + 1)
        return
    _fail(where, path, f"a {type(value).__name__} is not a JSON value of the record")


def require_object(value: object, where: str, path: str) -> dict[str, object]:
    """``value`` as a JSON object, or a :class:`RecordError` naming the field."""
    if type(value) is not dict:
        _fail(where, path, f"expected an object, got {_kind(value)}")
    return value


def require_fields(
    obj: Mapping[str, object],
    where: str,
    path: str,
    required: Collection[str],
    optional: Collection[str] = (),
) -> None:
    """Refuse an object whose keys are not exactly ``required`` plus some of ``optional``."""
    missing = [k for k in required if k not in obj]
    if missing:
        _fail(where, path, f"missing field(s) {', '.join(sorted(missing))}")
    unknown = [k for k in obj if k not in required and k not in optional]
    if unknown:
        _fail(where, path, f"unknown field(s) {', '.join(sorted(unknown))}")


def require_int(
    obj: Mapping[str, object],
    key: str,
    where: str,
    path: str,
    minimum: int = 0,
    maximum: int | None = None,
) -> int:
    """The integer ``obj[key]`` in ``[minimum, maximum]``; booleans are not integers."""
    value = obj.get(key)
    name = field_path(path, key)
    if type(value) is not int:
        _fail(where, name, f"expected an integer, got {_kind(value)}")
    if value < minimum or (maximum is not None and value > maximum):
        bound = f"[{minimum}, {maximum}]" if maximum is not None else f"at least {minimum}"
        _fail(where, name, f"{value} is not {bound}")
    return value


def require_str(
    obj: Mapping[str, object], key: str, where: str, path: str, max_length: int | None = None
) -> str:
    """The string ``obj[key]`` (at most ``max_length`` characters when given)."""
    value = obj.get(key)
    name = field_path(path, key)
    if not isinstance(value, str):
        _fail(where, name, f"expected a string, got {_kind(value)}")
    if max_length is not None and len(value) > max_length:
        _fail(where, name, f"longer than {max_length} characters")
    return value


def require_bool(obj: Mapping[str, object], key: str, where: str, path: str) -> bool:
    """The boolean ``obj[key]``."""
    value = obj.get(key)
    if not isinstance(value, bool):
        _fail(where, field_path(path, key), f"expected true or false, got {_kind(value)}")
    return value


def require_list(obj: Mapping[str, object], key: str, where: str, path: str) -> list[object]:
    """The array ``obj[key]``."""
    value = obj.get(key)
    if type(value) is not list:
        _fail(where, field_path(path, key), f"expected an array, got {_kind(value)}")
    return value


def require_hex(
    obj: Mapping[str, object], key: str, where: str, path: str, length: int | None = None
) -> bytes:
    """The bytes of the lowercase hex string ``obj[key]``, exactly ``length`` bytes when given."""
    name = field_path(path, key)
    try:
        return strict_hex(obj.get(key), name, length)
    except EncodingError as exc:
        raise exc.placed(where) from None


def _kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a float"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return f"a {type(value).__name__}"
