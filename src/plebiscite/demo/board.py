"""The demonstration's board: the board operator's one writer, the attacks posted to it, and the
poster that submits the voters' entries and checks every receipt."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from typing import Final

from plebiscite.board.acceptance import VotingPolicy
from plebiscite.board.board import Appended, Board
from plebiscite.board.client import STORE_FILE
from plebiscite.board.policy import SetupPolicy
from plebiscite.board.prechecks import VerifierPool
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.demo.clock import SimulatedClock
from plebiscite.demo.outcome import AttackOutcome, DemoOutcome
from plebiscite.demo.receipts import ReceiptKeeper
from plebiscite.demo.scenario import (
    ATTACKS,
    DAY_US,
)
from plebiscite.errors import BoardError, InputError, PlebisciteError
from plebiscite.model.codec import JSONObject, JSONValue
from plebiscite.model.entry import Entry, SignedHead, check_body
from plebiscite.rules.checker import Checker
from plebiscite.state.party import Party

__all__ = ["DemoBoard", "Poster", "attack", "break_point"]

_IN_FLIGHT: Final = 256  # board submissions awaiting their receipt
#: per-credential rows the board's own checker keeps in memory before moving them to disk: the
#: demo runs the board in the same process as every other party, so it keeps little
_BOARD_SPILL_AT: Final = 10_000


# ------------------------------------------------------------------------------ the board


class DemoBoard:
    """The board operator's process: one writer over ``board.sqlite`` with the voting rules.

    A board client (:class:`~plebiscite.board.client.BoardClient`) for every party. The
    writer is built at the first post (the manifest names the election); its acceptance policy
    is :class:`~plebiscite.board.acceptance.VotingPolicy` over the setup policy, its time the
    simulated clock. With ``verifiers`` > 0 the ballots' proofs and signatures of each batch are
    checked in that many processes of the board operator's own
    (:class:`~plebiscite.board.prechecks.VerifierPool`, as ``plebiscite serve --workers``), so
    the process that runs the writer (and, in the demo, every other party's main steps) keeps
    its core for the chain, the heads and the commits.
    """

    def __init__(
        self, party: Party, key: SigningKey, clock: SimulatedClock, *, verifiers: int = 0
    ) -> None:
        self.party = party
        self.path = party.directory / STORE_FILE
        self.store = SQLiteStore(self.path)
        self.clock = clock
        self._key = key
        self._board: Board | None = None
        self._pool = VerifierPool(verifiers) if verifiers > 0 else None

    @property
    def public_key(self) -> VerifyingKey:
        return self._key.public

    def entries(self) -> list[Entry]:
        return list(self.store.read(0))

    def iter_entries(self, start: int = 0) -> Iterator[Entry]:
        return self.store.read(start)

    def head(self) -> SignedHead | None:
        return self.store.last_head()

    def _writer(self, kind: str, body: JSONObject) -> Board:
        if self._board is None:
            source = body if kind == "manifest" else self._manifest_body()
            value = source.get("election_id")
            if not isinstance(value, str) or len(value) != 32:
                raise BoardError("malformed", "the manifest's election_id is not 16 bytes of hex")
            policy = VotingPolicy(
                clock=self.clock,
                setup=SetupPolicy(),
                checker=Checker(spill_at=_BOARD_SPILL_AT),
                pool=self._pool,
            )
            self._board = Board(
                self.store, bytes.fromhex(value), self._key, clock=policy.clock, policy=policy
            )
        return self._board

    def _manifest_body(self) -> JSONObject:
        first = next(iter(self.store.read(0, 1)), None)
        if first is None:
            raise BoardError("no_manifest", "the board holds no manifest yet")
        return first.body

    def post(self, kind: str, body: JSONObject) -> Appended:
        return self._writer(kind, body).append(kind, body)

    def submit(self, kind: str, body: JSONObject) -> Future[Appended]:
        return self._writer(kind, body).submit(kind, body)

    def hand_over(self, kind: str, body: JSONObject) -> Future[Appended]:
        """Submit a body this process has just made and lets go of: checked against the JSON
        value rules here (a malformed one is refused as by :meth:`submit`), not copied again."""
        try:
            check_body(kind, body, "submission")
        except PlebisciteError as exc:
            failed: Future[Appended] = Future()
            failed.set_exception(BoardError("malformed", str(exc)))
            return failed
        future = self._writer(kind, body).hand_over(kind, body)
        return future  # type: ignore[return-value] # no signed refusal was asked for

    def close(self) -> None:
        if self._board is not None:
            self._board.close()
            self._board = None
        if self._pool is not None:
            self._pool.close()
            self._pool = None
        self.store.close()


def break_point(body: JSONObject, group: str = "secp256k1") -> JSONObject:
    """A copy of ``body`` whose first group element is no valid encoding: on secp256k1 a
    compressed point with an invalid prefix byte, on modp4096 a value not below p."""
    done = False
    modp_hex = 2 * get_group(group).element_bytes if group != "secp256k1" else -1

    def walk(value: JSONValue) -> JSONValue:
        nonlocal done
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v) for v in value]
        if not done and isinstance(value, str) and len(value) == 66 and value[:2] in ("02", "03"):
            done = True
            return "05" + value[2:]
        if not done and isinstance(value, str) and len(value) == modp_hex:
            done = True
            return "ff" * (modp_hex // 2)
        return value

    copy = walk(body)
    assert isinstance(copy, dict)
    if not done:
        raise InputError("malformed attack: the ballot has no point to break")
    return copy


def attack(
    board: DemoBoard, name: str, body: JSONObject | None, kind: str = "ballot"
) -> AttackOutcome:
    """Post ``body`` as a ``kind`` entry (a ballot unless said), like any submission, and record
    the board's answer."""
    attack = next(a for a in ATTACKS if a.name == name)
    if body is None:
        return AttackOutcome(attack, False, "not played", "no material for this attack")
    try:
        appended = board.post(kind, body)
    except BoardError as exc:
        return AttackOutcome(attack, True, exc.reason, exc.message)
    return AttackOutcome(
        attack, False, "ACCEPTED", f"the board accepted it as entry {appended.entry.index}"
    )


class Poster:
    """Submits the voters' entries to the board and hands each receipt, as it comes back, to
    the ``receipts`` keeper (which checks and keeps it); :meth:`finish` at the end."""

    def __init__(
        self,
        board: DemoBoard,
        receipts: ReceiptKeeper,
        outcome: DemoOutcome,
        opens_us: int,
    ) -> None:
        self.board = board
        self.receipts = receipts
        self.outcome = outcome
        self.opens_us = opens_us
        self.accepted = 0
        self._pending: deque[tuple[Future[Appended], str, str]] = deque()

    def submit(self, kind: str, body: JSONObject, label: str, tracking: str) -> None:
        """Submit a voter's entry (a body made for it, not used again but to be read or copied:
        handed over, not copied)."""
        self._pending.append((self.board.hand_over(kind, body), label, tracking))
        while len(self._pending) > _IN_FLIGHT:
            self._settle(*self._pending.popleft())

    def settle(self) -> None:
        while self._pending:
            self._settle(*self._pending.popleft())

    def finish(self) -> None:
        """Settle, then wait for every receipt's check: each that failed is a problem."""
        self.settle()
        for index in self.receipts.finish():
            self.outcome.problems.append(f"entry {index}: the receipt does not verify")

    def _settle(self, future: Future[Appended], label: str, tracking: str) -> None:
        try:
            entry, receipt = future.result()
        except BoardError as exc:
            self.outcome.problems.append(f"a voter's {label} ({tracking}) was refused: {exc}")
            return
        self.receipts.keep(entry, receipt)
        self.outcome.receipts += 1
        self.accepted += 1
        days = self.outcome.days
        day = days[min((entry.time - self.opens_us) // DAY_US, len(days) - 1)]
        if label == "challenge":
            day.challenges += 1
        elif label == "revote":
            day.revotes += 1
        else:
            day.first_ballots += 1
