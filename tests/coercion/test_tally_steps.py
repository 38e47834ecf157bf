"""The fake-credentials tally run by its parties from their state directories (``plebiscite
trustee tag``, ``plebiscite authority tag``, ``plebiscite trustee mix`` on the kept lists): each
run posts what is due and waits for the others; the record then passes V11, V13 and V14 and
counts the real credentials only; a run after a crash posts the entry it prepared, never a
second, different one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

from _builder import Chain
from plebiscite.board.board import Appended
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.model.ballot import BallotParams
from plebiscite.model.codec import JSONObject, loads_strict
from plebiscite.model.coercion import tally_entries
from plebiscite.rules.checker import Checker
from plebiscite.state.party import TEST_KDF_ENV, Party, init_party
from plebiscite.tally.coercion_steps import STEPS_DIR, authority_steps, trustee_steps
from plebiscite.tally.mix import trustee_mix

from ._record import SPEC, TALLY_CHECKS, ModeChecker, with_parties

PASSPHRASE = "coercion tally trustee"


@dataclass
class Board:
    chain: Chain
    params: BallotParams
    roll: list[Ciphertext]
    trustees: list[Party]

    def checker(self) -> Checker:
        return ModeChecker(self.params, self.roll)


@pytest.fixture
def board(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Board:
    monkeypatch.setenv(TEST_KDF_ENV, "1")
    trustees = [
        init_party(tmp_path / f"t{i}", "trustee", PASSPHRASE, info={"trustee_id": f"t{i}"})
        for i in range(1, SPEC.n + 1)
    ]
    chain, params, roll = with_parties(trustees, PASSPHRASE)
    return Board(chain, params, roll, trustees)


def _turn(b: Board, who: int) -> int:
    """Trustee ``who``'s run of every command it has; the number of entries it posted."""
    before = b.chain.count
    party = b.trustees[who - 1]
    trustee_steps(b.chain, party, PASSPHRASE, checker_factory=b.checker)
    trustee_mix(b.chain, party, PASSPHRASE, checker_factory=b.checker)
    return b.chain.count - before


def _authority(b: Board) -> int:
    before = b.chain.count
    authority_steps(b.chain, SPEC.key("authority"), checker_factory=b.checker)
    return b.chain.count - before


def _play(b: Board, order: Sequence[int] = (1, 2, 3)) -> None:
    for _ in range(8):
        posted = sum(_turn(b, who) for who in order) + _authority(b)
        if posted == 0:
            return
    raise AssertionError("the tally did not finish")


def _failures(b: Board) -> list[str]:
    checker = b.checker()
    try:
        checker.feed_all(b.chain.entries())
        report = checker.finish()
    finally:
        checker.close()
    return [str(f) for f in report.failures if f.check in TALLY_CHECKS]


def test_the_parties_run_the_tally_in_turn(board: Board) -> None:
    _play(board, (3, 1, 2))  # whoever runs first, each waits for its turn
    assert _failures(board) == []
    kinds = [e.kind for e in board.chain.entries()]
    assert kinds.count("tag_commit") == 3 and kinds.count("tag_blind") == 3
    assert kinds.count("mix") == 3 and kinds.count("pet_blind") == 3
    assert kinds.count("tag_decrypt") == 3 and kinds.count("pet_decrypt") == 3
    assert kinds.count("tag_dedup") == 1 and kinds.count("pet_match") == 1
    checker = board.checker()
    try:
        checker.feed_all(board.chain.entries())
        rounds = checker.coercion.districts["north"]
    finally:
        checker.close()
    assert rounds.counted is not None and len(rounds.counted) == 4  # voters 0–3, real sheets
    assert rounds.kept is not None and len(rounds.kept) == 7  # voter 2's first ballot gone
    # a second run of everyone posts nothing
    assert sum(_turn(board, who) for who in (1, 2, 3)) + _authority(board) == 0


class _Crash(Exception):
    pass


class _CrashingChain(Chain):
    """The board as a trustee sees it when its process dies before a post reaches the board."""

    def __init__(self, chain: Chain, crash_on: str, chunk: int | None = None) -> None:
        self.__dict__.update(chain.__dict__)
        self.crash_on, self.chunk = crash_on, chunk

    def post(self, kind: str, body: JSONObject, *, step: int = 1_000_000) -> Appended:
        if self.chunk is None and kind == self.crash_on:
            raise _Crash
        if kind == "tally_chunk" and (body["stage"], body["position"]) == (
            self.crash_on,
            self.chunk,
        ):
            raise _Crash
        return super().post(kind, body, step=step)


@pytest.mark.parametrize(
    ("kind", "chunk"),
    [("tag_commit", None), ("pet_blind", None), ("tag_decrypt", 1), ("pet_blind", 2)],
)
def test_a_run_after_a_crash_posts_the_prepared_entry(
    board: Board, kind: str, chunk: int | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crash before the closing entry, or between two chunks of a stage (three items a
    chunk): the next run posts the rest of the prepared entries, the same bodies."""
    monkeypatch.setattr(tally_entries, "CHUNK_ITEMS", 3)
    party = board.trustees[0]
    for _ in range(8):  # up to trustee 1's turn for ``kind``
        crashing = _CrashingChain(board.chain, kind, chunk)
        try:
            trustee_steps(crashing, party, PASSPHRASE, checker_factory=board.checker)
        except _Crash:
            break
        board.chain.__dict__.update(crashing.__dict__)
        for who in (2, 3):
            _turn(board, who)
        trustee_mix(board.chain, party, PASSPHRASE, checker_factory=board.checker)
        _authority(board)
    else:
        raise AssertionError(f"trustee 1 never reached {kind}")
    board.chain.__dict__.update(
        {k: v for k, v in crashing.__dict__.items() if k not in ("crash_on", "chunk")}
    )
    prepared = list((party.directory / STEPS_DIR).glob(f"*-{kind}.json"))
    assert len(prepared) == 1
    trustee_steps(board.chain, party, PASSPHRASE, checker_factory=board.checker)
    mine = [
        [e.kind, e.body]
        for e in board.chain.entries()
        if e.body.get("trustee") == 1 and kind in (e.kind, e.body.get("stage"))
    ]
    stored = loads_strict(prepared[0].read_text(encoding="utf-8"), "prepared")
    assert isinstance(stored, dict) and stored["entries"] == mine  # each once, as prepared
    if chunk is not None:
        assert len(mine) > chunk + 1  # the chunks after the crash, then the closing entry
    _play(board)
    assert _failures(board) == []


def _z_files(party: Party) -> list[Path]:
    return sorted(party.directory.glob("tagz-*.secret"))


class _CrashingErase(Party):
    """Trustee 1 as it is when its process dies after its ``tag_blind`` reached the board, before
    the blinding exponent's file is erased."""

    def erase_secret(self, name: str) -> None:
        if self.has_secret(name):
            raise _Crash
        super().erase_secret(name)


@pytest.mark.parametrize("crash_on", ["tag_commit", "tag_blind", "erase"])
def test_the_blinding_exponent_is_erased_once_its_tag_blind_is_posted(
    board: Board, crash_on: str
) -> None:
    party = board.trustees[0]
    assert _z_files(party) == []
    crashing_party = _CrashingErase(party.directory, party.role, party.public_key, party.info)
    for _ in range(4):  # trustee 1 runs until it dies at ``crash_on``
        crashing = _CrashingChain(board.chain, crash_on)
        try:
            trustee_steps(crashing, crashing_party, PASSPHRASE, checker_factory=board.checker)
        except _Crash:
            break
        board.chain.__dict__.update({k: v for k, v in crashing.__dict__.items() if k != "crash_on"})
        for who in (2, 3):
            _turn(board, who)
    else:
        raise AssertionError(f"trustee 1 never died at {crash_on}")
    board.chain.__dict__.update({k: v for k, v in crashing.__dict__.items() if k != "crash_on"})
    # the exponent survives the crash: the runs after it need it (or erase it)
    assert len(_z_files(party)) == 1
    blinders = [e.body["trustee"] for e in board.chain.entries() if e.kind == "tag_blind"]
    assert (1 in blinders) == (crash_on == "erase")
    _play(board)
    blinders = [e.body["trustee"] for e in board.chain.entries() if e.kind == "tag_blind"]
    assert len(blinders) == 3 and set(blinders) == {1, 2, 3}
    assert _failures(board) == []
    assert all(_z_files(p) == [] for p in board.trustees)  # every tag_blind is on the board
