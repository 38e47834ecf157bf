"""The roll's Merkle tree and the V4 checker: an honest roll passes, each tampering is named.

Each tamper test rebuilds the chain (hashes recomputed, the final entry re-signed by the CA where
the tampering is not the signature itself), so that only the targeted rule can fail.
"""

from __future__ import annotations

import copy
import tracemalloc
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import tags
from plebiscite.crypto.hashing import H
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.errors import EncodingError, ParameterError
from plebiscite.model import roll as roll_module
from plebiscite.model.codec import JSONObject
from plebiscite.model.roll import (
    FINAL_KIND,
    ROLL_KIND,
    MerkleAccumulator,
    RollChecker,
    RollReport,
    check_roll,
    chunk_bodies,
    final_body,
    inclusion_proof,
    leaf_hash,
    merkle_root,
    node_hash,
    shuffled,
    verify_inclusion,
)
from plebiscite.model.signed import sign_body, verify_body_signature

from ._election import (
    ELECTION_ID,
    REGISTERED,
    chain,
    definition,
    fake_keys,
    honest_rolls,
    key,
    manifest_item,
    roll_items,
)


def ca_signed(body: JSONObject) -> JSONObject:
    """A roll chunk body (re-)signed by the credential authority, after it was altered."""
    return sign_body(key("ca"), ELECTION_ID, ROLL_KIND, body)


def reference_root(district: str, keys: Sequence[bytes]) -> bytes:
    """The rule as stated: pair left to right, carry an odd last node up unchanged."""
    level = [H(tags.ROLL_LEAF, district, k) for k in keys]
    while len(level) > 1:
        level = [
            H(tags.ROLL_NODE, level[i], level[i + 1]) if i + 1 < len(level) else level[i]
            for i in range(0, len(level), 2)
        ]
    return level[0]


def failures_at(report: RollReport, index: int | None, field: str) -> list[str]:
    return [f.message for f in report.failures if f.index == index and f.field == field]


def only_failure(report: RollReport, index: int | None, field: str, fragment: str) -> None:
    """Exactly one failure, at ``index`` and ``field``, saying ``fragment``."""
    assert len(report.failures) == 1, [str(f) for f in report.failures]
    failure = report.failures[0]
    assert (failure.index, failure.field) == (index, field), str(failure)
    assert fragment in failure.message, str(failure)
    assert failure.check == "V4"
    assert str(failure).startswith("V4: ")


# ------------------------------------------------------------------------------ Merkle tree


@pytest.mark.parametrize("count", [*range(1, 20), 31, 32, 33, 100])
def test_accumulator_matches_the_level_by_level_rule(count: int) -> None:
    keys = fake_keys("north", count)
    assert merkle_root("north", keys) == reference_root("north", keys)


def test_root_of_one_key_is_its_leaf_and_of_three_carries_the_odd_one_up() -> None:
    a, b, c = fake_keys("north", 3)
    assert merkle_root("north", [a]) == leaf_hash("north", a)
    expected = node_hash(
        node_hash(leaf_hash("north", a), leaf_hash("north", b)), leaf_hash("north", c)
    )
    assert merkle_root("north", [a, b, c]) == expected


def test_root_depends_on_district_order_and_every_key() -> None:
    keys = fake_keys("north", 6)
    root = merkle_root("north", keys)
    assert merkle_root("south", keys) != root
    assert merkle_root("north", [*keys[1:], keys[0]]) != root
    assert merkle_root("north", keys[:-1]) != root
    assert merkle_root("north", [*keys, keys[-1]]) != root  # no duplication ambiguity


def test_empty_roll_has_no_root() -> None:
    with pytest.raises(ParameterError, match="empty roll"):
        MerkleAccumulator("north").root()


@pytest.mark.parametrize("count", [1, 2, 3, 5, 8, 13])
def test_inclusion_proofs_verify_for_every_position_and_nothing_else(count: int) -> None:
    keys = fake_keys("south", count)
    root = merkle_root("south", keys)
    other = fake_keys("other", 1)[0]
    for position, k in enumerate(keys):
        proof = inclusion_proof("south", keys, position)
        assert verify_inclusion("south", k, position, count, proof, root)
        assert not verify_inclusion("south", other, position, count, proof, root)
        assert not verify_inclusion("north", k, position, count, proof, root)
        assert not verify_inclusion("south", k, position, position, proof, root)
        if count > 1:
            assert not verify_inclusion("south", k, (position + 1) % count, count, proof, root)
            assert not verify_inclusion("south", k, position, count, proof[:-1], root)


def test_shuffle_is_a_permutation_driven_by_the_rng() -> None:
    keys = fake_keys("north", 50)
    first = shuffled(keys, DeterministicRandom("a"))
    assert sorted(first) == sorted(keys)
    assert first != keys
    assert shuffled(keys, DeterministicRandom("b")) != first
    assert shuffled(keys, DeterministicRandom("a")) == first


def test_chunks_hold_at_most_chunk_size_lowercase_keys_in_order() -> None:
    keys = fake_keys("north", 7)
    bodies = list(chunk_bodies("north", keys, 3))
    assert [b["position"] for b in bodies] == [0, 1, 2]
    assert [len(b["keys"]) for b in bodies] == [3, 3, 1]  # type: ignore[arg-type]
    flat = [k for b in bodies for k in b["keys"]]  # type: ignore[union-attr]
    assert flat == [k.hex() for k in keys]
    with pytest.raises(ParameterError):
        list(chunk_bodies("north", keys, 1001))
    with pytest.raises(EncodingError):
        list(chunk_bodies("north", [bytes(32)], 3))


# ---------------------------------------------------------------------- an honest roll passes


def honest_entries() -> list:
    return chain([manifest_item(), *roll_items(honest_rolls())])


def test_honest_roll_passes_with_sizes_equal_to_registered_and_roots_recomputed() -> None:
    rolls = honest_rolls()
    report = check_roll(honest_entries())
    assert report.ok, [str(f) for f in report.failures]
    assert {d.id: d.count for d in report.districts} == REGISTERED
    assert {d.id: d.root for d in report.districts} == {
        d: reference_root(d, keys) for d, keys in rolls.items()
    }
    assert report.keys == sum(REGISTERED.values())
    assert report.final_index == len(honest_entries()) - 1
    assert report.open_index is None


def test_open_after_the_final_entry_passes_and_chunks_may_interleave() -> None:
    items = roll_items(honest_rolls())
    chunks, final = items[:-1], items[-1]
    interleaved = chunks[::2] + chunks[1::2]  # positions stay in order within each district
    by_district: dict[str, list[int]] = {}
    for _, body in interleaved:
        by_district.setdefault(str(body["district"]), []).append(int(body["position"]))  # type: ignore[call-overload]
    if any(p != sorted(p) for p in by_district.values()):
        interleaved = chunks
    entries = chain([manifest_item(), *interleaved, final, ("open", {"x": 1})])
    report = check_roll(entries)
    assert report.ok, [str(f) for f in report.failures]
    assert report.open_index == len(entries) - 1


def test_final_signature_verifies_with_the_ca_key_and_fails_with_another() -> None:
    body = roll_items(honest_rolls())[-1][1]
    verify_body_signature(key("ca").public, ELECTION_ID, FINAL_KIND, body, "final", "CA")
    with pytest.raises(Exception, match="not a valid signature by the CA"):
        verify_body_signature(key("other").public, ELECTION_ID, FINAL_KIND, body, "final", "CA")
    # a manifest naming another CA key: the same roll fails V4 at every chunk's signature and at
    # the final entry's
    entries = chain(
        [manifest_item(definition(ca=key("other").public)), *roll_items(honest_rolls())]
    )
    report = check_roll(entries)
    signed = [e.index for e in entries[1:]]
    assert [f.index for f in report.failures if f.field == "body.signature"] == signed
    assert all("credential authority" in f.message for f in report.failures[: len(signed)])


def test_district_of_names_the_roll_a_key_is_on() -> None:
    rolls = honest_rolls()
    checker = RollChecker()
    for entry in honest_entries():
        checker.observe(entry)
    assert checker.report().ok
    for district, keys in rolls.items():
        assert all(checker.district_of(k) == district for k in keys)
    assert checker.district_of(fake_keys("nowhere", 1)[0]) is None


# ----------------------------------------------------------------------- each failure, named


def test_duplicate_key_within_a_district_is_named() -> None:
    rolls = honest_rolls()
    rolls["north"][5] = rolls["north"][1]  # chunk size 2: key 1 in entry 1, key 5 in entry 3
    entries = chain([manifest_item(), *roll_items(rolls)])
    only_failure(check_roll(entries), 3, "body.keys[1]", "duplicate key")
    assert "entry 1" in check_roll(entries).failures[0].message


def test_duplicate_key_within_one_chunk_is_named() -> None:
    rolls = honest_rolls()
    rolls["north"][1] = rolls["north"][0]
    entries = chain([manifest_item(), *roll_items(rolls)])
    only_failure(check_roll(entries), 1, "body.keys[1]", "duplicate key")


def test_duplicate_key_across_districts_is_named() -> None:
    rolls = honest_rolls()
    rolls["south"][0] = rolls["north"][2]
    entries = chain([manifest_item(), *roll_items(rolls)])
    south_first = next(e.index for e in entries if e.body.get("district") == "south")
    report = check_roll(entries)
    only_failure(report, south_first, "body.keys[0]", "district 'north'")


def _with_key_text(text: str) -> list:
    items = roll_items(honest_rolls())
    body = copy.deepcopy(items[1][1])  # north, position 1
    keys = body["keys"]
    assert isinstance(keys, list)
    keys[0] = text
    items[1] = (ROLL_KIND, ca_signed(body))
    # the final entry recomputed over what is posted, and re-signed
    rolls = {d: [] for d in REGISTERED}  # type: dict[str, list[bytes]]
    for _kind, b in items[:-1]:
        rolls[str(b["district"])] += [bytes.fromhex(str(k)) for k in b["keys"]]  # type: ignore[union-attr]
    listed = [(d, len(k), merkle_root(d, k)) for d, k in rolls.items()]
    items[-1] = (FINAL_KIND, final_body(key("ca"), ELECTION_ID, listed))
    return chain([manifest_item(), *items])


def not_on_curve() -> bytes:
    x = 5
    while True:
        candidate = x.to_bytes(32, "big")
        try:
            from plebiscite.crypto.signatures import VerifyingKey

            VerifyingKey(candidate)
        except EncodingError:
            return candidate
        x += 1


def test_key_not_on_the_curve_is_named() -> None:
    entries = _with_key_text(not_on_curve().hex())
    only_failure(check_roll(entries), 2, "body.keys[0]", "not the x-coordinate")


def test_key_in_upper_case_hex_is_named() -> None:
    upper = fake_keys("north", 1, "upper")[0].hex().upper()
    assert upper != upper.lower()
    entries = _with_key_text(upper)
    only_failure(check_roll(entries), 2, "body.keys[0]", "upper-case")


@pytest.mark.parametrize("text", ["ab" * 31, "zz" * 32, 7])
def test_key_of_wrong_length_or_type_is_named(text: object) -> None:
    items = roll_items(honest_rolls())
    body = copy.deepcopy(items[1][1])
    body["keys"][0] = text  # type: ignore[index]
    items[1] = (ROLL_KIND, ca_signed(body))
    report = check_roll(chain([manifest_item(), *items]))
    assert failures_at(report, 2, "body.keys[0]"), [str(f) for f in report.failures]


def test_size_not_equal_to_registered_is_named() -> None:
    rolls = honest_rolls()
    rolls["south"].pop()  # 2 keys where 3 are registered; the final entry says 2, signed
    entries = chain([manifest_item(), *roll_items(rolls)])
    only_failure(check_roll(entries), len(entries) - 1, "body.districts[1].count", "3 registered")


def test_claimed_count_that_is_not_the_posted_count_is_named() -> None:
    entries = chain([manifest_item(), *roll_items(honest_rolls(), counts={"east-1": 4})])
    only_failure(
        check_roll(entries), len(entries) - 1, "body.districts[2].count", "5 keys were posted"
    )


def test_root_that_does_not_recompute_is_named() -> None:
    items = roll_items(honest_rolls())
    body = copy.deepcopy(items[-1][1])
    body["districts"][0]["root"] = "00" * 32  # type: ignore[index,call-overload]
    items[-1] = (
        FINAL_KIND,
        final_body(
            key("ca"),
            ELECTION_ID,
            [
                (d["id"], d["count"], bytes.fromhex(d["root"]))
                for d in body["districts"]  # type: ignore[index,union-attr,arg-type]
            ],
        ),
    )
    entries = chain([manifest_item(), *items])
    only_failure(check_roll(entries), len(entries) - 1, "body.districts[0].root", "Merkle root")


def test_chunk_after_the_final_entry_is_named() -> None:
    items = roll_items(honest_rolls())
    extra = next(iter(chunk_bodies("north", fake_keys("late", 1), 2)))
    extra["position"] = 4  # the next position of north: only the lateness is wrong
    entries = chain([manifest_item(), *items, (ROLL_KIND, ca_signed(extra))])
    checker = RollChecker()
    for entry in entries:
        checker.observe(entry)
    only_failure(checker.report(), len(entries) - 1, "kind", "after the final entry")
    assert checker.district_of(fake_keys("late", 1)[0]) is None  # it never joins the roll


def test_bad_signature_on_the_final_entry_is_named() -> None:
    items = roll_items(honest_rolls())
    body = copy.deepcopy(items[-1][1])
    signature = bytearray(bytes.fromhex(str(body["signature"])))
    signature[10] ^= 1
    body["signature"] = signature.hex()
    items[-1] = (FINAL_KIND, body)
    entries = chain([manifest_item(), *items])
    only_failure(check_roll(entries), len(entries) - 1, "body.signature", "not a valid signature")


def test_final_entry_signed_by_another_key_is_named() -> None:
    entries = chain([manifest_item(), *roll_items(honest_rolls(), ca=key("other"))])
    only_failure(check_roll(entries), len(entries) - 1, "body.signature", "credential authority")


def test_gap_in_chunk_positions_is_named() -> None:
    items = roll_items(honest_rolls())
    for i in (2, 3):  # north's chunks 2 and 3 posted as 3 and 4: position 2 is missing
        body = copy.deepcopy(items[i][1])
        assert body["district"] == "north" and body["position"] == i
        body["position"] = i + 1
        items[i] = (ROLL_KIND, ca_signed(body))
    entries = chain([manifest_item(), *items])
    report = check_roll(entries)
    assert failures_at(report, 3, "body.position") == [
        "chunk 3 of district 'north' where chunk 2 was expected (a gap)"
    ]
    assert len(report.failures) == 1, [str(f) for f in report.failures]


def test_repeated_chunk_position_is_named() -> None:
    items = roll_items(honest_rolls())
    body = copy.deepcopy(items[2][1])
    body["position"] = 1
    items[2] = (ROLL_KIND, ca_signed(body))
    report = check_roll(chain([manifest_item(), *items]))
    assert failures_at(report, 3, "body.position"), [str(f) for f in report.failures]
    assert "out of order or repeated" in failures_at(report, 3, "body.position")[0]


def test_open_before_the_roll_is_final_is_named() -> None:
    items = roll_items(honest_rolls())
    entries = chain([manifest_item(), *items[:-1], ("open", {"x": 1}), items[-1]])
    report = check_roll(entries)
    opened = len(entries) - 2
    assert failures_at(report, opened, "kind") == ["voting opened before the roll was final"]
    assert failures_at(report, opened + 1, "kind")  # and the late final entry is named too


def test_roll_never_closed_is_named() -> None:
    items = roll_items(honest_rolls())
    only_failure(
        check_roll(chain([manifest_item(), *items[:-1]])), None, FINAL_KIND, "never closed"
    )


def test_missing_district_and_unknown_district_are_named() -> None:
    rolls = honest_rolls()
    del rolls["east-1"]
    entries = chain([manifest_item(), *roll_items(rolls)])
    report = check_roll(entries)
    assert failures_at(report, len(entries) - 1, "body.districts")
    items = roll_items(honest_rolls())
    body = copy.deepcopy(items[0][1])
    body["district"] = "atlantis"
    report = check_roll(chain([manifest_item(), (ROLL_KIND, ca_signed(body)), *items]))
    assert failures_at(report, 1, "body.district") == [
        "'atlantis' is not a district of the manifest"
    ]


def test_unknown_fields_are_named() -> None:
    items = roll_items(honest_rolls())
    body: JSONObject = {**items[0][1], "voter": "alice"}
    items[0] = (ROLL_KIND, ca_signed(body))
    report = check_roll(chain([manifest_item(), *items]))
    assert failures_at(report, 1, "body") == ["unknown field(s) voter"]


def test_stream_must_start_with_the_manifest() -> None:
    entries = chain(roll_items(honest_rolls()))
    report = check_roll(entries)
    assert failures_at(report, 0, "kind")
    assert check_roll(entries, definition()).ok  # a stream starting later, with the manifest given


def test_memory_per_key_is_about_a_hundred_bytes() -> None:
    count = 20_000
    keys = fake_keys("north", count, "memory")
    entries = chain(
        [
            manifest_item(definition(registered={"north": count})),
            *roll_items({"north": keys}, chunk_size=1000),
        ]
    )
    tracemalloc.start()
    checker = RollChecker()
    for entry in entries:
        checker.observe(entry)
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert checker.report().ok
    per_key = current / count
    assert per_key < 200, per_key


def test_chunk_after_open_is_named_and_never_joins_the_roll() -> None:
    items = roll_items(honest_rolls())
    late = next(iter(chunk_bodies("south", fake_keys("late", 1), 2)))
    late["position"] = 2
    entries = chain(
        [manifest_item(), *items[:-1], ("open", {"x": 1}), (ROLL_KIND, ca_signed(late))]
    )
    report = check_roll(entries)
    assert failures_at(report, len(entries) - 1, "kind") == ["a roll chunk after open (entry 10)"]
    assert {d.id: d.count for d in report.districts} == REGISTERED


# ------------------------------------------------------------------------ signed roll chunks


def test_every_chunk_is_signed_by_the_credential_authority() -> None:
    for kind, body in roll_items(honest_rolls()):
        verify_body_signature(key("ca").public, ELECTION_ID, kind, body, "chunk", "CA")
    with pytest.raises(ParameterError):
        list(chunk_bodies("north", fake_keys("north", 1), key=key("ca")))


def test_unsigned_chunk_is_named_and_never_joins_the_roll() -> None:
    items = roll_items(honest_rolls())
    stray = next(iter(chunk_bodies("north", fake_keys("stray", 1), 2)))
    assert "signature" not in stray
    # posted first, at position 0: it takes no position and adds no key
    entries = chain([manifest_item(), (ROLL_KIND, stray), *items])
    checker = RollChecker()
    for entry in entries:
        checker.observe(entry)
    only_failure(checker.report(), 1, "body.signature", "missing")
    assert checker.district_of(fake_keys("stray", 1)[0]) is None


@pytest.mark.parametrize("how", ["other key", "altered"])
def test_forged_chunk_is_named_at_its_entry(how: str) -> None:
    items = roll_items(honest_rolls())
    if how == "other key":
        keys = fake_keys("forged", 1)
        (forged,) = chunk_bodies("south", keys, 2, key=key("other"), election_id=ELECTION_ID)
    else:
        forged = copy.deepcopy(items[0][1])
        forged["keys"] = [fake_keys("forged", 1)[0].hex()]
    entries = chain([manifest_item(), (ROLL_KIND, forged), *items])
    report = check_roll(entries)
    only_failure(report, 1, "body.signature", "not a valid signature by the credential authority")
    assert {d.id: d.count for d in report.districts} == REGISTERED


def test_a_copy_goes_on_independently_before_and_after_the_final_entry() -> None:
    items = roll_items(honest_rolls())
    extra = next(iter(chunk_bodies("north", fake_keys("late", 1), 2)))
    extra["position"] = 4
    entries = chain([manifest_item(), *items, (ROLL_KIND, ca_signed(extra))])
    original = RollChecker()
    for entry in entries[:2]:  # the manifest and north's first chunk: not final yet
        original.observe(entry)
    early = original.copy()
    for entry in entries[2:-1]:
        original.observe(entry)
    final = original.copy()
    original.observe(entries[-1])  # the late chunk: a failure of the original only
    for entry in entries[2:-1]:
        early.observe(entry)
    assert early.report() == final.report() == check_roll(entries[:-1])
    assert final.report().ok and early.report().ok
    only_failure(original.report(), len(entries) - 1, "kind", "after the final entry")
    key_on_roll = bytes.fromhex(str(items[0][1]["keys"][0]))  # type: ignore[index]
    assert final.district_of(key_on_roll) == early.district_of(key_on_roll) == "north"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(0, 3),
            st.binary(min_size=24, max_size=24),
            st.integers(0, 10**6) | st.integers(2**32 - 2, 2**40),
        ),
        max_size=60,
    ),
    st.lists(st.binary(min_size=0, max_size=40), max_size=10),
)
def test_the_key_index_answers_as_a_dict_across_merges(
    added: list[tuple[int, bytes, int]], probes: list[bytes]
) -> None:
    # first words drawn from four (0 among them, so that keys end in zero bytes and share their
    # first words); merged every 7 keys; entry indices past 32 bits in some examples
    index, reference = roll_module._KeyIndex(), dict[bytes, int]()
    copies = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(roll_module, "_MERGE_AT", 7)
        for word, rest, entry in added:
            key = rest[:12] + bytes([word]) * 8 + rest[12:] if word else rest + bytes(8)
            if key not in reference:
                index.add(key, entry)
                reference[key] = entry
                copies.append((index.copy(), dict(reference)))
    assert len(index) == len(reference)
    extra = [
        bytes(32),
        b"\xff" * 32,
        *(key[:-1] for key in reference),
        *(k + b"\0" for k in reference),
    ]
    for key in [*reference, *probes, *extra]:
        assert index.get(key) == reference.get(key)
    frozen = index.frozen()
    assert len(frozen) == len(reference) and index.get(bytes(31)) is None
    assert all(frozen.get(k) == v for k, v in reference.items())
    for copy_, then in copies[-5:]:  # each copy kept what it held when it was made
        assert len(copy_) == len(then) and all(copy_.get(k) == v for k, v in then.items())
        assert all(copy_.get(k) is None for k in reference if k not in then)


def test_a_final_roll_index_is_held_once_per_process() -> None:
    keys = fake_keys("north", 40, "shared")
    index = {k: 1 + i // 10 for i, k in enumerate(keys)}
    first, second, other = roll_module._KeyIndex(), roll_module._KeyIndex(), roll_module._KeyIndex()
    for k, entry in index.items():
        first.add(k, entry)
        second.add(k, entry)
        other.add(k, entry + 1)  # the same keys from other entries: another index
    shared = first.frozen()
    assert second.frozen() is shared and other.frozen() is not shared
    assert shared.nbytes == 40 * 36
    assert [shared.get(k) for k in keys] == list(index.values())
    # checkers reading the same roll end on one index; what they answer is unchanged
    entries = chain([manifest_item(), *roll_items(honest_rolls())])
    checkers = [RollChecker() for _ in range(3)]
    for checker in checkers:
        for item in entries:
            checker.observe(item)
    held = {id(c._keys._base) for c in checkers}
    assert len(held) == 1 and len(checkers[0]._keys._base) == sum(REGISTERED.values())
    assert all(c.report().ok and c.report() == checkers[0].report() for c in checkers)
    on_roll = bytes.fromhex(str(entries[1].body["keys"][0]))  # type: ignore[index]
    assert {c.district_of(on_roll) for c in checkers} == {"north"}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.binary(min_size=32, max_size=32), st.integers(0, 3)), min_size=1, max_size=40
    ),
    st.lists(st.sampled_from(["same", "other entry", "dropped", "extra"]), max_size=40),
)
def test_a_roll_read_again_follows_the_final_index_and_answers_as_a_dict(
    known: list[tuple[bytes, int]], changes: list[str]
) -> None:
    # a first reading, final: then a second reading of the same roll, or of one that departs
    # from it somewhere (a key from another entry, one missing, one more)
    first, reference = roll_module._KeyIndex(), dict[bytes, int]()
    for k, entry in known:
        if k not in reference:
            first.add(k, entry)
            reference[k] = entry
    held = first.frozen()
    again, expected = roll_module._KeyIndex(), dict[bytes, int]()
    posted = list(reference.items())
    for i, (k, entry) in enumerate(posted):
        change = changes[i] if i < len(changes) else "same"
        if change == "dropped":
            continue
        if change == "extra":
            again.add(H(tags.ROLL_LEAF, k), 9)
            expected[H(tags.ROLL_LEAF, k)] = 9
        entry = entry + 1 if change == "other entry" else entry
        assert again.get(k) is None
        again.add(k, entry)
        expected[k] = entry
        copied = again.copy()
        assert all(again.get(x) == copied.get(x) == v for x, v in expected.items())
        assert all(again.get(x) is None for x in reference if x not in expected)
    assert len(again) == len(expected)
    frozen = again.frozen()
    assert (frozen is held) == (expected == reference)
    assert len(frozen) == len(expected) and all(frozen.get(x) == v for x, v in expected.items())
