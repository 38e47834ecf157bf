"""The compiled canonical encoder (``canonical.c``) against the Python paths.

The compiled module is built by ``make setup`` (``scripts/build_native.py``); a plain ``pip
install .`` has none, and then the tests that need it are skipped, except under ``make test`` and
in CI (``PLEBISCITE_REQUIRE_COMPILED=1``), where a missing module fails: the build must have made
it. The compiled path answers None for what it leaves to the Python paths; ``canonical_bytes``
then gives exactly what those give, bytes or error.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
from collections import OrderedDict
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import encoding
from plebiscite.crypto.encoding import canonical_bytes, python_canonical_bytes
from plebiscite.errors import EncodingError

REQUIRED = os.environ.get("PLEBISCITE_REQUIRE_COMPILED") == "1" or bool(os.environ.get("CI"))
compiled = pytest.mark.skipif(
    encoding._COMPILED is None and not REQUIRED,
    reason="the compiled canonical encoder is not built (make setup builds it)",
)

values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=0, max_value=2**600)
    | st.sampled_from([0, 1, 255, 256, 2**63 - 1, 2**63, 2**64 - 1, 2**64, 2**256 - 1])
    | st.binary(max_size=40)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4)
        | st.lists(children, max_size=4).map(tuple)
        | st.dictionaries(st.text(max_size=8), children, max_size=20)
    ),
    max_leaves=30,
)


def reference(*values: Any) -> bytes:
    out: list[bytes] = []
    for value in values:
        encoding._encode(value, out)
    return b"".join(out)


def run(*values: Any) -> bytes | None:
    assert encoding._COMPILED is not None
    return encoding._COMPILED(values)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(values, max_size=4))
def test_compiled_equals_the_reference(items: list[Any]) -> None:
    expected = reference(*items)
    assert run(*items) == expected
    assert python_canonical_bytes(*items) == expected
    assert canonical_bytes(*items) == expected


@compiled
def test_known_answers() -> None:
    assert run(None, True, False) == b"NTF"
    assert run(0) == b"I\x00\x00\x00\x00"
    assert run(256) == b"I\x00\x00\x00\x02\x01\x00"
    assert run(2**64) == b"I\x00\x00\x00\x09\x01" + bytes(8)
    assert run(b"\x00") == b"B\x00\x00\x00\x01\x00"
    assert run("é") == b"S\x00\x00\x00\x02\xc3\xa9"
    assert run([1, "a"]) == b"L\x00\x00\x00\x02I\x00\x00\x00\x01\x01S\x00\x00\x00\x01a"
    assert run(()) == b"L\x00\x00\x00\x00"
    # keys sorted by their UTF-8 bytes: "a" < "ab" < "b" < "é" (0xc3) whatever the order given
    assert run({"é": 0, "b": 0, "ab": 0, "a": 0}) == run({"a": 0, "ab": 0, "b": 0, "é": 0})
    assert run({"é": 0, "b": 0, "ab": 0, "a": 0}) == reference({"a": 0, "ab": 0, "b": 0, "é": 0})
    # a 33-byte point as a ballot's statement carries it
    point = bytes.fromhex("02" + "11" * 32)
    assert run([[point]]) == b"L\x00\x00\x00\x01L\x00\x00\x00\x01B\x00\x00\x00\x21" + point


class _Str(str):
    pass


class _Int(int):
    pass


@compiled
@pytest.mark.parametrize(
    "value",
    [
        -1,
        -(2**70),
        1.5,
        object(),
        {1: 2},
        {"a": -1},
        [0, "\ud800"],
        {"\udc00": 1},
        _Str("x"),
        _Int(3),
        OrderedDict(a=1),
        bytearray(b"x"),
        memoryview(b"x"),
        {"k": [[[[[]]]]], "j": 1.0},
    ],
)
def test_compiled_leaves_the_rest_to_the_python_paths(value: object) -> None:
    """What the compiled path does not handle it answers None for; ``canonical_bytes`` then gives
    what the Python paths give: the same bytes, or the same error."""
    assert run(value) is None
    try:
        expected: object = reference(value)
    except (EncodingError, UnicodeError) as exc:  # a surrogate key: the reference's own error
        expected = (type(exc), str(exc))
    try:
        got: object = canonical_bytes(value)  # type: ignore[arg-type]
    except (EncodingError, UnicodeError) as exc:
        got = (type(exc), str(exc))
    assert got == expected


@compiled
def test_deep_nesting_is_left_to_the_python_paths() -> None:
    deep: Any = 0
    for _ in range(300):
        deep = [deep]
    assert run(deep) is None
    assert canonical_bytes(deep) == reference(deep)
    shallow: Any = 0
    for _ in range(150):
        shallow = [shallow]
    assert run(shallow) == reference(shallow)


@compiled
def test_only_a_tuple_of_values() -> None:
    assert encoding._COMPILED is not None
    with pytest.raises(TypeError):
        encoding._COMPILED([1])  # type: ignore[arg-type]


def test_python_paths_alone_match_the_reference() -> None:
    """Without the compiled module (a plain install) the Python paths give the same bytes."""
    item: Any = {"b": [1, b"x", None], "a": (True, "é", 2**300)}
    assert python_canonical_bytes(item, "t") == reference(item, "t")


def test_the_build_script_builds_it(tmp_path: Path) -> None:
    """``scripts/build_native.py``'s compiler command, run into a directory of the test's own,
    gives a module that encodes as the reference does (what ``make setup`` and CI build)."""
    script = Path(__file__).parents[1] / "scripts" / "build_native.py"
    spec = importlib.util.spec_from_file_location("build_native", script)
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    out = tmp_path / build.target("_canonical").name
    subprocess.run(build.command("_canonical", out), check=True, capture_output=True)
    loaded = importlib.util.spec_from_file_location("plebiscite.crypto._canonical", out)
    assert loaded is not None and loaded.loader is not None
    module = importlib.util.module_from_spec(loaded)
    loaded.loader.exec_module(module)
    item: Any = {"b": [1, b"x", None], "a": (True, "é", 2**300)}
    assert module.encode((item, "t")) == reference(item, "t")
    assert module.encode((-1,)) is None
