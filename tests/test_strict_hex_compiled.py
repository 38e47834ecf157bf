"""The compiled strict hex of the ballot decoder (``strict_hex.c``) against its reference.

The compiled module is built by ``make setup`` (``scripts/build_native.py``); a plain ``pip
install .`` has none, and then the tests that need it are skipped, except under ``make test`` and
in CI (``PLEBISCITE_REQUIRE_COMPILED=1``), where a missing module fails.
"""

from __future__ import annotations

import copy
import json
import os
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import elgamal
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.secp256k1 import SECP256K1
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import ProofError, RecordError
from plebiscite.model import codec as model_codec
from plebiscite.model.ballot import BallotParams, NamedHead, check_ballot, codec, sign_ballot
from plebiscite.model.ballot.create import encrypt_ballot

REQUIRED = os.environ.get("PLEBISCITE_REQUIRE_COMPILED") == "1" or bool(os.environ.get("CI"))
compiled = pytest.mark.skipif(
    codec._UNHEX is None and not REQUIRED,
    reason="the compiled strict hex is not built (make setup builds it)",
)

hexlike = st.text(alphabet="0123456789abcdefABCDEF g\u00e9\u0660", max_size=12)
items = st.one_of(
    st.binary(max_size=12).map(bytes.hex),
    hexlike,
    st.none(),
    st.integers(),
    st.binary(max_size=4),
)


@compiled
@settings(max_examples=300, deadline=None)
@given(st.lists(items, max_size=6))
def test_compiled_equals_the_reference(texts: list[object]) -> None:
    assert codec._UNHEX is not None
    assert codec._UNHEX(texts) == codec.python_unhex_all(texts)


@compiled
@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        ([], []),
        ([""], [b""]),
        (["00ff", "7a"], [b"\x00\xff", b"\x7a"]),
        (["00FF"], None),
        (["0"], None),
        (["0 "], None),
        ([" 00"], None),
        (["00", b"00"], None),
        (["0g"], None),
        (["\u0660\u0660"], None),  # Arabic-Indic digits: no hex
        (["00", None], None),
    ],
)
def test_known_answers(texts: list[object], expected: list[bytes] | None) -> None:
    assert codec._UNHEX is not None
    assert codec._UNHEX(texts) == expected
    assert codec.python_unhex_all(texts) == expected


@compiled
def test_only_a_list() -> None:
    assert codec._UNHEX is not None
    with pytest.raises(TypeError):
        codec._UNHEX(("00",))  # type: ignore[arg-type]


def _body() -> dict[str, Any]:
    """A signed ballot for a yes/no question and a "two of three" one (what V5 checks)."""
    group = SECP256K1
    key = elgamal.keygen(group, DeterministicRandom("strict hex joint key")).public
    params = BallotParams.from_manifest(group, key, bytes(32), [(2, 1, 1), (3, 0, 2)], ["north"])
    signer = SigningKey(bytes(31) + b"\x0a")
    opened = encrypt_ballot(
        params, "north", signer.public.xonly, [[1, 0], [0, 1, 1]], DeterministicRandom("hex")
    )
    body: dict[str, Any] = sign_ballot(
        signer, group, opened.encrypted, NamedHead(7, bytes(32))
    ).to_json(group)
    _BODY_PARAMS.append(params)
    return body


_BODY_PARAMS: list[BallotParams] = []
SPOILED = [
    ("ciphertexts", 0, "alpha", str.upper),
    ("proofs", 1, "v1", lambda t: t[:-1]),
    ("proofs", 0, "a1", lambda t: t + " "),
    ("proofs", 0, "c0", lambda t: "0g" + t[2:]),
    ("range", None, "v", lambda t: t.upper()),
    ("range", None, "a", lambda t: None),
    ("range", None, "c", lambda t: "ff" * 32),  # hex, but no scalar below q
]


@compiled
@pytest.mark.parametrize("spoil", range(len(SPOILED)))
def test_a_spoiled_ballot_is_named_the_same_either_way(
    spoil: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A ballot with one value spoiled is refused with the same error, naming the same field,
    whether its hex goes through the compiled helper or through the reference."""
    body = _body()
    params = _BODY_PARAMS[-1]
    where, index, key, change = SPOILED[spoil]
    question = body["questions"][1]
    if where == "range":
        items = question["range"][key]
        items[-1 if items else 0] = change(items[-1]) if items else change("")
    else:
        item = question[where][index]
        item[key] = change(item[key])

    def refusal() -> tuple[type[Exception], str, str | None]:
        with pytest.raises((RecordError, ProofError)) as caught:
            check_ballot(params, copy.deepcopy(body), "entry 9")
        return type(caught.value), str(caught.value), caught.value.field

    compiled_refusal = refusal()
    monkeypatch.setattr(codec, "_UNHEX", None)
    monkeypatch.setattr(codec, "_QUESTION_VALUES", None)
    assert refusal() == compiled_refusal
    assert compiled_refusal[2] is not None and compiled_refusal[2].startswith("body.questions[1]")


# -- a question's values in one call (question_values) --------------------------------------------

ORDER = SECP256K1.q.to_bytes(32, "big")
#: what a spoiled value may become: other hex, wrong case or length, no text at all, a scalar
#: at or above q, or just below it
VALUE_CHANGES = st.one_of(
    st.binary(max_size=40).map(bytes.hex),
    hexlike,
    st.none(),
    st.integers(),
    st.sampled_from(["ff" * 32, ORDER.hex(), (SECP256K1.q - 1).to_bytes(32, "big").hex()]),
)


def _question() -> dict[str, Any]:
    question: dict[str, Any] = _body()["questions"][1]
    return question


def _places(question: dict[str, Any]) -> list[tuple[Any, Any]]:
    """Every (container, key) of the question's values and lists, to spoil one of them."""
    places: list[tuple[Any, Any]] = [(question, "ciphertexts"), (question, "proofs")]
    places += [(question, "range")]
    for ct in question["ciphertexts"]:
        places += [(ct, k) for k in ct]
    for proof in question["proofs"]:
        places += [(proof, k) for k in proof]
    for k, items in question["range"].items():
        places += [(question["range"], k)] + [(items, i) for i in range(len(items))]
    return places


@compiled
@settings(max_examples=300, deadline=None)
@given(st.data())
def test_question_values_compiled_equals_the_reference(data: st.DataObject) -> None:
    """The compiled question_values gives what the reference gives (values, or None) for a
    question with any one of its values, lists or objects spoiled, a key added or removed, or
    the shape asked for changed."""
    question = _question()
    n, branches = 3, 3
    action = data.draw(st.sampled_from(["none", "value", "add key", "drop key", "shape"]))
    if action == "shape":
        n = data.draw(st.integers(0, 4))
        branches = data.draw(st.integers(1, 4))
    elif action != "none":
        place, key = data.draw(st.sampled_from(_places(question)))
        if action == "value":
            place[key] = data.draw(VALUE_CHANGES)
        elif action == "add key" and isinstance(place, dict):
            place["extra"] = "00"
        elif isinstance(place, dict):
            del place[key]
        else:
            del place[key]
    assert codec._QUESTION_VALUES is not None
    expected = codec.python_question_values(question, n, branches, ORDER)
    assert codec._QUESTION_VALUES(question, n, branches, ORDER) == expected
    if action == "none":
        assert expected is not None
        elements, scalars = expected
        assert len(elements) == 6 * n + 2 * branches and len(scalars) == 3 * n + 2 * branches - 1


@compiled
def test_question_values_known_answers() -> None:
    """Known answers: the values in the decoder's order; a scalar equal to q (or one byte
    short, or upper case) refused; q − 1 accepted."""
    question = _question()
    assert codec._QUESTION_VALUES is not None
    values = codec._QUESTION_VALUES(question, 3, 3, ORDER)
    assert values is not None
    elements, scalars = values
    ct, proof, rng = question["ciphertexts"], question["proofs"], question["range"]
    assert elements[:2] == [bytes.fromhex(ct[0]["alpha"]), bytes.fromhex(ct[0]["beta"])]
    assert elements[6] == bytes.fromhex(proof[0]["a0"])
    assert elements[-1] == bytes.fromhex(rng["b"][-1])
    assert scalars[:3] == [int(proof[0][k], 16) for k in ("c0", "v0", "v1")]
    assert scalars[-1] == int(rng["v"][-1], 16)
    for text, accepted in (
        (ORDER.hex(), False),
        ((SECP256K1.q - 1).to_bytes(32, "big").hex(), True),
        (ORDER.hex()[2:], False),
        (proof[0]["v1"].upper(), proof[0]["v1"] == proof[0]["v1"].upper()),
    ):
        changed = copy.deepcopy(question)
        changed["proofs"][0]["v1"] = text
        for run in (codec._QUESTION_VALUES, codec.python_question_values):
            assert (run(changed, 3, 3, ORDER) is not None) == accepted
    with pytest.raises(TypeError):
        codec._QUESTION_VALUES([], 3, 3, ORDER)  # type: ignore[arg-type]


# -- a JSON object of the strict decoder (json_object) ---------------------------------------------

json_json = st.recursive(
    st.none() | st.booleans() | st.integers(0, 2**70) | st.text(max_size=4),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.lists(st.tuples(st.sampled_from("abc"), inner), max_size=4).map(
            lambda pairs: _ObjectText(
                "{" + ",".join(f"{json.dumps(k)}:{_text(v)}" for k, v in pairs) + "}"
            )
        )
    ),
    max_leaves=12,
)


class _ObjectText(str):
    """An object's JSON text as drawn above (a drawn string leaf may start with "{" too)."""


def _text(value: object) -> str:
    """A value as JSON text; an object's text (drawn above) stays as is."""
    if isinstance(value, _ObjectText):
        return str(value)
    if isinstance(value, list):
        return "[" + ",".join(_text(v) for v in value) + "]"
    return json.dumps(value)


def _decoded(hook: Any, text: str) -> object:
    try:
        return json.JSONDecoder(object_pairs_hook=hook).decode(text)
    except model_codec._Refused as exc:  # the reference's refusal of a repeated key
        return "refused", exc.detail


@compiled
@settings(max_examples=300, deadline=None)
@given(json_json.map(_text))
def test_json_object_compiled_equals_the_reference(text: str) -> None:
    """Any JSON text, keys repeated or not, decodes with the compiled object hook to what the
    reference hook gives: the same objects, or the same refusal naming the same key."""
    assert model_codec.OBJECT_HOOK is not model_codec._object
    expected = _decoded(model_codec._object, text)
    assert _decoded(model_codec.OBJECT_HOOK, text) == expected
    assert repr(_decoded(model_codec.OBJECT_HOOK, text)) == repr(expected)  # key order too


@compiled
def test_json_object_known_answers() -> None:
    hook = model_codec.OBJECT_HOOK
    assert hook([]) == {}
    assert list(hook([("b", 1), ("a", [2])]).items()) == [("b", 1), ("a", [2])]
    with pytest.raises(model_codec._Refused, match="duplicate key 'a'"):
        hook([("a", 1), ("b", 2), ("a", 1)])
    with pytest.raises(RecordError, match=r"^x:1: duplicate key 'k' in a JSON object"):
        model_codec.loads_strict('{"a": [{"k": 1, "k": 1}]}', "x:1")
    with pytest.raises(TypeError):
        hook(("a", 1))  # type: ignore[arg-type]
