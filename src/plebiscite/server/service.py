"""The board behind the HTTP service: one writer, its policies, and its monitor.

:class:`BoardService` owns a :class:`~plebiscite.board.board.Board` over a store with the voting
policy (:class:`~plebiscite.board.acceptance.VotingPolicy`) whose setup rules are
:class:`~plebiscite.board.policy.SignedSetupPolicy`, and a
:class:`~plebiscite.server.monitor.Monitor` that checks what the store holds. An empty board has
no election id yet: the writer is created at the first post after the manifest is in the store,
whether it was posted here (the policy checks it first) or by a party writing to the board
directory itself. With ``verify_workers`` the ballots of each batch are verified in that many
worker processes (:class:`~plebiscite.board.prechecks.VerifierPool`) while the one writer
commits the batch before.
"""

from __future__ import annotations

import threading
from concurrent.futures import Future

from plebiscite.board.acceptance import VotingPolicy
from plebiscite.board.board import Appended, Board, BoardStats, Clock, system_clock
from plebiscite.board.policy import SignedSetupPolicy
from plebiscite.board.prechecks import VerifierPool
from plebiscite.board.stores.base import Store
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.errors import BoardError
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import ELECTION_ID_BYTES, SignedRefusal
from plebiscite.server.monitor import Monitor

__all__ = ["BoardService", "SignedRefusalError"]


def _election_id(body: JSONObject, where: str) -> bytes:
    value = body.get("election_id")
    try:
        raw = bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        raw = b""
    if len(raw) != ELECTION_ID_BYTES:
        raise BoardError("malformed", f"{where}: field election_id: not 16 bytes of hex")
    return raw


class BoardService:
    """The service's board: posts go through one writer; reads go to the store.

    ``store`` is closed by :meth:`close` when ``owns_store``; ``key`` is the board's signing key;
    ``clock`` the board's clock (UTC microseconds); ``monitor_interval`` how often the monitor
    catches up (None: only when asked); ``verify_workers`` how many worker processes verify the
    ballots of each group-commit batch (0: the board's precheck thread does).
    """

    def __init__(
        self,
        store: Store,
        key: SigningKey,
        *,
        clock: Clock = system_clock,
        monitor_interval: float | None = 0.25,
        owns_store: bool = True,
        verify_workers: int = 0,
    ) -> None:
        self.store = store
        self._pool = VerifierPool(verify_workers) if verify_workers > 0 else None
        self._key = key
        self._clock = clock
        self._owns_store = owns_store
        self._board: Board | None = None
        self._lock = threading.Lock()
        self.monitor = Monitor(store, interval=monitor_interval or 0.25)
        self._monitor_running = monitor_interval is not None
        first = next(iter(store.read(0, 1)), None)
        if first is not None:
            self._board = self._make_board(_election_id(first.body, "entry 0"))

    @property
    def board_key(self) -> VerifyingKey:
        """The board's verifying key (heads and receipts verify against it)."""
        return self._key.public

    @property
    def election_id(self) -> bytes | None:
        """The election's id, once the manifest is on the board."""
        return None if self._board is None else self._board.election_id

    @property
    def stats(self) -> BoardStats | None:
        """The writer's counters (None before the manifest)."""
        return None if self._board is None else self._board.stats

    def _make_board(self, election_id: bytes) -> Board:
        policy = VotingPolicy(
            clock=self._clock,
            setup=SignedSetupPolicy(self._key.public),
            on_verified=self.monitor.remember,
            pool=self._pool,
        )
        return Board(self.store, election_id, self._key, clock=policy.clock, policy=policy)

    def start(self) -> None:
        """Start the monitor's background thread (unless it runs only when asked) and the
        verifier processes."""
        if self._monitor_running:
            self.monitor.start()
        if self._pool is not None:
            self._pool.start()

    def _writer(self, kind: str, body: JSONObject) -> Board:
        with self._lock:
            if self._board is None:
                # the manifest may have reached the store without this service (a party that
                # acts as the board through its directory, `election create --board DIR`)
                first = next(iter(self.store.read(0, 1)), None)
                if first is not None:
                    self._board = self._make_board(_election_id(first.body, "entry 0"))
                elif kind != "manifest":
                    raise BoardError("no_manifest", "the first entry must be the manifest")
                else:
                    self._board = self._make_board(_election_id(body, "manifest body"))
            return self._board

    def post(self, kind: str, body: JSONObject, *, sign_refusal: bool = False) -> Appended:
        """Append ``(kind, body)`` durably; :class:`BoardError` with the reason if refused.

        With ``sign_refusal`` a policy refusal is raised as :class:`SignedRefusalError`.
        """
        board = self._writer(kind, body)
        if not sign_refusal:
            return board.append(kind, body)
        outcome = board.append_or_refuse(kind, body)
        if isinstance(outcome, SignedRefusal):
            raise SignedRefusalError(outcome)
        return outcome

    def hand_over(
        self, kind: str, body: JSONObject, *, sign_refusal: bool = False
    ) -> Future[Appended | SignedRefusal]:
        """Queue ``(kind, body)`` for the writer without waiting (:meth:`Board.hand_over`: a
        body the caller parsed and checked itself and lets go of); the future resolves to
        :class:`Appended` or, with ``sign_refusal``, to the board's :class:`SignedRefusal`, or
        raises the refusal (:class:`BoardError`)."""
        return self._writer(kind, body).hand_over(kind, body, sign_refusal=sign_refusal)

    def close(self) -> None:
        """Stop the writer and the monitor; close the store when the service owns it."""
        with self._lock:
            board, self._board = self._board, None
        if board is not None:
            board.close()
        if self._pool is not None:
            self._pool.close()
        self.monitor.stop()
        if self._owns_store:
            self.store.close()


class SignedRefusalError(BoardError):
    """A refusal the board signed (a well-formed signed ballot): the reason and the signature."""

    def __init__(self, refusal: SignedRefusal) -> None:
        super().__init__(refusal.reason, f"refused: {refusal.reason}")
        self.refusal = refusal
