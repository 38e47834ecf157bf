"""The board's acceptance of the registrars' roll (mode fake-credentials, record.md §6
``registrar_roll``): an honest registration goes on, and the board refuses, before writing, a
chunk that V4 would fail, with the refusal code of its fault; the record it keeps passes V4."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from _builder import ElectionBuilder, ElectionSpec, Phase
from plebiscite.board.policy import SignedSetupPolicy
from plebiscite.errors import BoardError
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.roll import REGISTRAR_ROLL_KIND
from plebiscite.model.entry import Entry
from plebiscite.model.signed import sign_body
from plebiscite.rules.checker import Checker
from tally._election import LocalBoard, SimClock

SPEC = ElectionSpec(
    "registrar roll board test",
    bytes(range(16)),
    {"a": 3},
    coercion="fake-credentials",
    registrars=2,
)
#: board time before the window (2030-01-01T08:00Z): registration happens before voting
_BEFORE_WINDOW = 1_893_000_000_000_000


class Collecting(ElectionBuilder):
    """Plays the setup onto the board but keeps the roll's entries (kind, body) to itself."""

    collected: list[tuple[str, JSONObject]]

    def post(self, kind: str, body: JSONObject, *, step: int = 1_000_000) -> Entry:
        if kind in (REGISTRAR_ROLL_KIND, "credential_roll_final"):
            self.collected.append((kind, body))
            return self.entries[-1]
        return super().post(kind, body, step=step)


@pytest.fixture
def client(tmp_path: Path) -> Iterator[LocalBoard]:
    setup = SignedSetupPolicy(SPEC.key("board").public)
    board = LocalBoard(
        tmp_path / "board.sqlite",
        SimClock(_BEFORE_WINDOW),
        SPEC.election_id,
        board_key=SPEC.key("board"),
        setup=setup,
    )
    try:
        yield board
    finally:
        board.close()


def _refused(client: LocalBoard, body: JSONObject) -> str:
    with pytest.raises(BoardError) as refusal:
        client.post(REGISTRAR_ROLL_KIND, body)
    return refusal.value.reason or ""


def _resigned(j: int, body: JSONObject) -> JSONObject:
    return sign_body(SPEC.registrar_key(j), SPEC.election_id, REGISTRAR_ROLL_KIND, body)


def test_the_board_takes_an_honest_roll_and_its_record_passes_v4(client: LocalBoard) -> None:
    ElectionBuilder(SPEC, client, seed="board", roll_chunk=2).play(Phase.CREDENTIALS)
    kinds = [e.kind for e in client.entries()]
    assert kinds.count(REGISTRAR_ROLL_KIND) == 4 and kinds[-1] == "credential_roll_final"
    checker = Checker()
    try:
        checker.feed_all(client.entries())
        report = checker.finish(in_progress=True)
    finally:
        checker.close()
    assert not [f for f in report.failures if f.check in ("V1", "V2", "V3", "V4")], [
        str(f) for f in report.failures
    ]


def test_the_board_refuses_chunks_v4_would_fail(client: LocalBoard) -> None:
    builder = Collecting(SPEC, client, seed="board", roll_chunk=2).play(Phase.CEREMONY)
    builder.collected = []
    builder.registration()
    chunks = [body for kind, body in builder.collected if kind == REGISTRAR_ROLL_KIND]
    (final,) = [body for kind, body in builder.collected if kind != REGISTRAR_ROLL_KIND]
    first, second = chunks[0], chunks[1]
    # out of order: registrar 1's second chunk first
    assert _refused(client, second) == "out_of_order"
    # a registrar the manifest does not list, and a chunk signed by another registrar
    assert _refused(client, _resigned(1, {**first, "registrar": 3})) == "wrong_signer"
    assert _refused(client, _resigned(2, first)) == "bad_signature"
    # an entry whose Schnorr proof is another's, re-signed by its registrar
    entries = first["entries"]
    assert isinstance(entries, list) and isinstance(entries[0], dict)
    assert isinstance(entries[1], dict)
    bad = {**entries[0], "proof": entries[1]["proof"]}
    assert _refused(client, _resigned(1, {**first, "entries": [bad, entries[1]]})) == "bad_proof"
    # a ciphertext that is not a group element: malformed
    broken = {**entries[0], "ciphertext": {"alpha": "00" * 33, "beta": "00" * 33}}
    assert _refused(client, _resigned(1, {**first, "entries": [broken]})) == "malformed"
    assert not [e for e in client.entries() if e.kind == REGISTRAR_ROLL_KIND]
    for body in chunks:
        client.post(REGISTRAR_ROLL_KIND, body)
    client.post("credential_roll_final", final)
    # after the final entry: closed
    assert _refused(client, _resigned(1, {**first, "position": 2})) == "roll_closed"
