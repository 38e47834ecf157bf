"""The fake-credentials tally's per-item stages in chunks (docs/record.md §6 ``tally_chunk``,
spec §16.5 *posting a stage*), with three items a chunk so that every stage of the test district
(eight valid ballots, seven kept) is cut in three: the honest tally passes; a hostile board or
trustee that drops, repeats, reorders or adds a chunk, closes a stage with a count or digest
that disagrees with its chunks, posts a chunk after its closing entry or interleaves two
trustees' chunks of a blinding round, or posts a ``pet_match`` after the tally, is caught by V13
or V14 at the entry at fault with the field named, and the board's acceptance refuses it with
the code record.md §6 gives. Every hostile entry is signed by the party it names and the record
re-chained (re-sealed), so only the targeted check can catch it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence

import pytest

from plebiscite.model.codec import JSONObject, JSONValue
from plebiscite.model.coercion import tally_entries
from plebiscite.model.entry import Entry
from plebiscite.model.signed import SIGNATURE_FIELD, sign_body
from plebiscite.rules.coercion_tally import refusal_reason
from plebiscite.rules.report import Failure

from ._record import SPEC, ModeChecker, Scene, check, rechained, scene

#: items a chunk in these tests
SMALL: int = 3


@pytest.fixture(autouse=True)
def small_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tally_entries, "CHUNK_ITEMS", SMALL)


@pytest.fixture(scope="module")
def s() -> Scene:
    return scene()


@pytest.fixture(scope="module")
def honest(s: Scene) -> list[Entry]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tally_entries, "CHUNK_ITEMS", SMALL)
        return s.posted(s.play())


def _chunk_at(entries: Sequence[Entry], stage: str, trustee: int, position: int) -> int:
    """The list position (= board index once re-chained) of a chunk."""
    return next(
        p
        for p, e in enumerate(entries)
        if e.kind == "tally_chunk"
        and (e.body["stage"], e.body["trustee"], e.body["position"]) == (stage, trustee, position)
    )


def _closing_at(entries: Sequence[Entry], kind: str, trustee: int) -> int:
    return next(p for p, e in enumerate(entries) if e.kind == kind and e.body["trustee"] == trustee)


def _resigned(entry: Entry, change: Callable[[JSONObject], None]) -> Entry:
    """``entry`` with its body changed and signed again by the trustee it names."""
    body = {k: v for k, v in entry.body.items() if k != SIGNATURE_FIELD}
    change(body)
    trustee = body["trustee"]
    assert isinstance(trustee, int)
    signed = sign_body(SPEC.trustee_key(trustee), SPEC.election_id, entry.kind, body)
    return Entry.create(entry.index, entry.time, entry.kind, signed, entry.prev)


def _failures(s: Scene, entries: list[Entry]) -> list[tuple[str, int | None, str]]:
    failures: list[Failure] = check(s, rechained(entries))[1]
    found = [(f.check, f.index, f.field) for f in failures]
    return sorted(found, key=lambda f: (len(entries) if f[1] is None else f[1], f))


def _refusal(s: Scene, entries: Sequence[Entry], at: int) -> str | None:
    """What the board's acceptance says of ``entries[at]`` after the ones before it: the refusal
    code (board/acceptance.py refuses with :func:`refusal_reason` of the verdict), or None."""
    chained = rechained(entries)
    checker = ModeChecker(s.params, s.roll)
    try:
        checker.feed_all(chained[:at])
        checker.flush()
        entry = chained[at]
        verdict = checker.coercion.check(checker, entry.kind, entry.body, at)
    finally:
        checker.close()
    return None if verdict.error is None else refusal_reason(verdict.error)


def _kinds(entries: Sequence[Entry]) -> Iterator[tuple[str, object, object]]:
    for e in entries:
        if e.kind == "tally_chunk":
            yield (e.kind, e.body["stage"], e.body["trustee"])


def test_every_stage_is_cut_in_chunks_and_the_honest_tally_passes(
    s: Scene, honest: list[Entry]
) -> None:
    assert _failures(s, honest) == []
    chunks = list(_kinds(honest))
    for stage in tally_entries.CHUNK_STAGES:
        trustees = {t for _, st, t in chunks if st == stage}
        per = [c for c in chunks if c[1] == stage]
        assert len(per) == 3 * len(trustees)  # 8 or 7 items: three chunks each
    closing = next(e for e in honest if e.kind == "pet_blind")
    assert closing.body["count"] == 7 and closing.body["chunks"] == 3
    assert "outputs" not in closing.body and "proof" not in closing.body


def test_a_dropped_chunk(s: Scene, honest: list[Entry]) -> None:
    at = _chunk_at(honest, "pet_blind", 1, 1)
    hostile = honest[:at] + honest[at + 1 :]
    failures = _failures(s, hostile)
    assert failures[0] == ("V14", at, "body.position")  # chunk 2 where 1 is next
    assert {f[0] for f in failures} == {"V14"}  # and its closing entry: chunks missing
    assert ("V14", _closing_at(hostile, "pet_blind", 1), "body.chunks") in failures
    assert _refusal(s, hostile, at) == "out_of_order"


def test_a_repeated_chunk(s: Scene, honest: list[Entry]) -> None:
    at = _chunk_at(honest, "pet_blind", 2, 0)
    hostile = [*honest[: at + 1], honest[at], *honest[at + 1 :]]
    assert _failures(s, hostile) == [("V14", at + 1, "body.position")]  # refused: nothing else
    assert _refusal(s, hostile, at + 1) == "out_of_order"


def test_reordered_chunks(s: Scene, honest: list[Entry]) -> None:
    at = _chunk_at(honest, "pet_decrypt", 1, 0)
    hostile = [*honest[:at], honest[at + 1], honest[at], *honest[at + 2 :]]
    failures = _failures(s, hostile)
    assert failures[0] == ("V14", at, "body.position")
    assert {f[0] for f in failures} == {"V14"}


def test_an_extra_chunk(s: Scene, honest: list[Entry]) -> None:
    last = _chunk_at(honest, "pet_blind", 3, 2)
    extra = _resigned(honest[last], lambda body: body.update(position=3))
    hostile = [*honest[: last + 1], extra, *honest[last + 1 :]]
    assert _failures(s, hostile) == [("V14", last + 1, "body.position")]
    assert _refusal(s, hostile, last + 1) == "out_of_order"


def test_a_chunk_with_more_items_than_the_input(s: Scene, honest: list[Entry]) -> None:
    """The last chunk of pet_blind (chunk 2 of 7 items holds one) with a second item, within the
    chunk size but past the input: wrong_input; with four, more than the chunk size: malformed."""
    last = _chunk_at(honest, "pet_blind", 1, 2)
    items = honest[last].body["items"]
    assert isinstance(items, list) and len(items) == 1
    grown = _resigned(honest[last], lambda body: body.update(items=[*items, items[0]]))
    hostile = [*honest[:last], grown, *honest[last + 1 :]]
    failures = _failures(s, hostile)
    assert failures[0] == ("V14", last, "body.items")
    assert _refusal(s, hostile, last) == "wrong_input"
    too_many = _resigned(honest[last], lambda body: body.update(items=[items[0]] * (SMALL + 1)))
    hostile = [*honest[:last], too_many, *honest[last + 1 :]]
    assert _failures(s, hostile)[0] == ("V14", last, "body.items")
    assert _refusal(s, hostile, last) == "malformed"


@pytest.mark.parametrize(("field", "value"), [("count", 7), ("digest", "00" * 32)])
def test_a_closing_entry_that_disagrees_with_its_chunks(
    s: Scene, honest: list[Entry], field: str, value: JSONValue
) -> None:
    at = _closing_at(honest, "tag_blind", 2)
    hostile = list(honest)
    hostile[at] = _resigned(honest[at], lambda body: body.update({field: value}))
    assert _failures(s, hostile) == [("V13", at, f"body.{field}")]  # the round still links
    assert _refusal(s, hostile, at) == "wrong_input"


def test_a_chunk_after_its_closing_entry(s: Scene, honest: list[Entry]) -> None:
    chunk = honest[_chunk_at(honest, "pet_decrypt", 1, 0)]
    at = _closing_at(honest, "pet_decrypt", 1) + 1
    hostile = [*honest[:at], chunk, *honest[at:]]
    assert _failures(s, hostile) == [("V14", at, "kind")]
    assert _refusal(s, hostile, at) == "out_of_order"


def test_two_trustees_chunks_of_a_blinding_round_never_interleave(
    s: Scene, honest: list[Entry]
) -> None:
    second = _chunk_at(honest, "tag_blind", 2, 0)
    closing = _closing_at(honest, "tag_blind", 1)
    moved = honest[second]
    hostile = [e for e in honest[:closing] if e is not moved]
    hostile += [moved, *[e for e in honest[closing:] if e is not moved]]
    failures = _failures(s, hostile)
    assert failures[0] == ("V13", closing, "body.trustee")
    assert _refusal(s, hostile, closing) == "out_of_order"


def test_a_pet_match_after_the_tally_is_refused(s: Scene, honest: list[Entry]) -> None:
    """The authority tallies before its pet_match, then posts the match: the match fails V14
    (field kind) and changes nothing, so the tally is a tally over no match (V14 at it)."""
    match = honest[-1]
    assert match.kind == "pet_match"
    counted = s.counted(honest[:-1])
    tally = next(e.index for e in counted if e.kind == "tally")
    hostile = [*counted, match]
    failures = _failures(s, hostile)
    assert ("V14", len(counted), "kind") in failures
    assert ("V14", tally, "pet_match") in failures
    assert _refusal(s, hostile, len(counted)) == "after_tally"
