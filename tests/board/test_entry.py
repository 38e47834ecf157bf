"""Entries, the entry hash, chain links, signed heads and signed refusals."""

from __future__ import annotations

import dataclasses
import hashlib
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plebiscite.crypto import rand, tags
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import ParameterError, RecordError
from plebiscite.model.entry import (
    ENTRY_KINDS,
    GENESIS_PREV,
    Entry,
    SignedHead,
    SignedRefusal,
    check_link,
    entry_hash,
    parse_entry,
    parse_head,
    parse_refusal,
    read_entry,
    submission_hash,
)


def _s(text: str) -> bytes:
    raw = text.encode()
    return b"S" + len(raw).to_bytes(4, "big") + raw


def test_entry_hash_is_sha256_of_the_canonical_encoding() -> None:
    # spelled out byte by byte: tag, index 1, time 258, kind, body {"a": true}, prev
    expected_input = (
        _s(tags.ENTRY_HASH)
        + b"I\x00\x00\x00\x01\x01"
        + b"I\x00\x00\x00\x02\x01\x02"
        + _s("ballot")
        + b"D\x00\x00\x00\x01"
        + _s("a")
        + b"T"
        + b"B\x00\x00\x00\x20"
        + bytes(32)
    )
    digest = entry_hash(1, 258, "ballot", {"a": True}, GENESIS_PREV)
    assert digest == hashlib.sha256(expected_input).digest()
    assert tags.ENTRY_HASH == "plebiscite/v1/hash/entry"


def test_the_kinds_are_fixed() -> None:
    assert len(ENTRY_KINDS) == 28 and ENTRY_KINDS[0] == "manifest"  # tally_chunk added
    assert ENTRY_KINDS[-1] == "pet_match"
    with pytest.raises(RecordError, match="unknown entry kind 'vote'"):
        Entry.create(0, 0, "vote", {}, GENESIS_PREV)


def test_line_round_trip() -> None:
    entry = Entry.create(0, 1_700_000_000_000_000, "manifest", {"title": "Référendum"}, bytes(32))
    line = entry.to_line()
    assert json.loads(line)["prev"] == "00" * 32
    assert parse_entry(line, "board-000000.jsonl:1") == entry
    assert parse_entry(line.encode(), "x") == entry


def _line(**changes: object) -> str:
    entry = Entry.create(3, 10, "ballot", {"n": 1}, bytes(range(32)))
    obj = entry.to_json()
    obj.update(changes)  # type: ignore[arg-type]
    for key in [k for k, v in changes.items() if v is _DROP]:
        del obj[key]
    return json.dumps(obj)


_DROP = object()


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (_line(extra=1), "b:4: field entry: unknown field(s) extra"),
        (_line(time=_DROP), "b:4: field entry: missing field(s) time"),
        (_line(index=-1), "b:4: field entry.index: -1 is not [0,"),
        (_line(time=1.5), "b:4: number 1.5 has a fraction"),
        (_line(kind="vote"), "b:4: field kind: unknown entry kind 'vote'"),
        (_line(body=[1]), "b:4: field body: expected an object, got an array"),
        (_line(body={"n": -1}), "b:4: field body.n: negative integer -1"),
        (_line(prev=bytes(range(32)).hex().upper()), "b:4: field entry.prev: not lowercase hex"),
        (_line(hash="00" * 31), "b:4: field entry.hash: expected 32 bytes, got 31"),
        ('{"index": 3, "index": 3}', "b:4: duplicate key 'index'"),
    ],
)
def test_strict_entry_parsing(line: str, message: str) -> None:
    with pytest.raises(RecordError) as info:
        parse_entry(line, "b:4")
    assert str(info.value).startswith(message)


def test_wrong_hash_is_refused_or_reported() -> None:
    entry = Entry.create(3, 10, "ballot", {"n": 1}, bytes(range(32)))
    obj = entry.to_json()
    obj["body"] = {"n": 2}
    line = json.dumps(obj)
    with pytest.raises(RecordError, match=r"^b:4: field entry\.hash: stored [0-9a-f]{64} but"):
        parse_entry(line, "b:4")
    read = read_entry(line, "b:4")  # the verifier's way: keep the stored hash, recompute
    assert read.hash == entry.hash
    assert read.recomputed_hash() != read.hash
    assert read.recomputed_hash() == entry_hash(3, 10, "ballot", {"n": 2}, bytes(range(32)))


def test_an_entry_is_hashed_once_and_a_changed_copy_again() -> None:
    made = Entry.create(3, 10, "ballot", {"n": 1}, bytes(range(32)))
    assert made.hash_known and made.recomputed_hash() == made.hash
    # a copy with another body (a tampered entry re-sealed by hand) is hashed again: V1 sees it
    changed = dataclasses.replace(made, body={"n": 2})
    assert not changed.hash_known
    assert changed.recomputed_hash() == entry_hash(3, 10, "ballot", {"n": 2}, bytes(range(32)))
    assert not changed.check_hash() and not changed.hash_known
    # read from the record: unknown until compared, then known
    read = read_entry(made.to_line(), "b:1")
    assert not read.hash_known
    assert read.check_hash() and read.hash_known
    assert parse_entry(made.to_line(), "b:1").hash_known
    # the flag is no part of the entry's value
    assert read == made and repr(read) == repr(dataclasses.replace(made))


def test_links() -> None:
    first = Entry.create(0, 5, "manifest", {}, GENESIS_PREV)
    second = Entry.create(1, 5, "open", {}, first.hash)
    check_link(None, first, "e0")
    check_link(first, second, "e1")
    with pytest.raises(RecordError, match="e1: field index: 1 where 0"):
        check_link(None, second, "e1")
    with pytest.raises(RecordError, match="e1: field prev"):
        check_link(first, Entry.create(1, 5, "open", {}, GENESIS_PREV), "e1")
    with pytest.raises(RecordError, match="e1: field time: 4 is before the previous entry's 5"):
        check_link(first, Entry.create(1, 4, "open", {}, first.hash), "e1")


def test_signed_head_round_trip_and_keys(board_key: SigningKey, other_key: SigningKey) -> None:
    eid = bytes(16)
    entry = Entry.create(0, 7, "manifest", {}, GENESIS_PREV)
    head = SignedHead.for_entry(board_key, eid, entry)
    assert head.verify(board_key.public)
    assert not head.verify(other_key.public)
    assert head.matches(entry)
    parsed = parse_head(head.to_line(), "heads.jsonl:1")
    assert parsed == head and parsed.verify(board_key.public)
    for change in ({"index": 1}, {"time": 8}, {"election_id": "01" * 16}):
        obj = head.to_json()
        obj.update(change)
        assert not parse_head(obj, "h").verify(board_key.public)
    with pytest.raises(RecordError, match=r"h: field head: unknown field\(s\) note"):
        parse_head({**head.to_json(), "note": "x"}, "h")
    with pytest.raises(ParameterError, match="election id"):
        SignedHead.sign(board_key, bytes(15), 0, entry.hash, 7)


def test_signed_heads_of_a_batch_are_each_entrys(board_key: SigningKey) -> None:
    """The writer's heads of a transaction (for_entries, signed together) are for_entry's, each
    with the aux bytes it would draw in turn, each verifying alone."""
    eid = bytes(range(16))
    entries = [Entry.create(0, 7, "manifest", {}, GENESIS_PREV)]
    for i in range(1, 9):
        entries.append(Entry.create(i, 7 + i, "manifest", {"i": i}, entries[-1].hash))
    heads = SignedHead.for_entries(board_key, eid, entries, rand.DeterministicRandom("h"))
    source = rand.DeterministicRandom("h")
    assert heads == [SignedHead.for_entry(board_key, eid, e, source) for e in entries]
    assert all(
        h.matches(e) and h.verify(board_key.public) for h, e in zip(heads, entries, strict=True)
    )
    assert SignedHead.for_entries(board_key, eid, []) == []
    with pytest.raises(ParameterError, match="election id"):
        SignedHead.for_entries(board_key, bytes(15), entries)


def test_signed_refusal(board_key: SigningKey, other_key: SigningKey) -> None:
    submission = submission_hash("ballot", {"n": 1})
    refusal = SignedRefusal.sign(board_key, bytes(16), submission, "not_on_roll", 99)
    assert refusal.verify(board_key.public) and not refusal.verify(other_key.public)
    parsed = parse_refusal(json.dumps(refusal.to_json()), "r")
    assert parsed == refusal
    obj = refusal.to_json()
    obj["reason"] = "duplicate"
    assert not parse_refusal(obj, "r").verify(board_key.public)
    with pytest.raises(ParameterError, match="short lowercase code"):
        SignedRefusal.sign(board_key, bytes(16), submission, "Not On Roll", 99)


_ENVELOPE_VALUES: dict[str, list[object]] = {
    "index": [0, 3, 2**64 - 1, 2**64, -1, True, "3"],
    "time": [10, 2**64 - 1, 2**64, False, None],
    "kind": ["ballot", "vote", 1],
    "body": [{"n": 1}, [1], {"n": -1}, {"t": "\ud800"}],
    "prev": ["00" * 32, "AB" * 32, "00" * 31, " 0" * 32, "0g" * 32, 7],
    "hash": ["11" * 32, "11" * 33, "1" * 64 + " ", None],
}


@given(
    st.fixed_dictionaries({k: st.sampled_from(values) for k, values in _ENVELOPE_VALUES.items()})
)
def test_an_entrys_text_reads_as_its_parsed_object(envelope: dict[str, object]) -> None:
    # a line's envelope goes through one pass of type tests; the parsed object through the
    # field-by-field checks (the reference): the same entry or the same error
    line = json.dumps(envelope)
    outcomes: list[Entry | str] = []
    for value in (line, line.encode(), json.loads(line)):
        try:
            outcomes.append(read_entry(value, "b:4"))
        except RecordError as exc:
            outcomes.append(str(exc))
    assert outcomes[0] == outcomes[1] == outcomes[2]
