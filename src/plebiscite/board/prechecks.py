"""The pure part of a ballot's acceptance, for a whole batch, in this process or in workers.

:func:`precheck_ballots` decides what :func:`~plebiscite.model.ballot.check_ballot` would say
of each ballot of a batch (strict decoding, district, every proof, the credential's signature),
with the proofs' group equations of the whole batch in one
:class:`~plebiscite.crypto.batch.BatchVerifier` (bisected on failure, so each bad ballot gets its
own ``bad_proof`` at its first failing proof). The verdicts depend on the bodies and the
election's :class:`~plebiscite.model.ballot.BallotParams` alone, never on the board's state, so
they may be computed anywhere and in any order.

:class:`VerifierPool` computes them in worker processes: a batch is cut into one slice per
worker (a batch too small to share goes to one worker whole), each slice verified with a batch
of its own, and the verdicts come back in order. A verdict is the error refusing the ballot, or
what the board needs of a ballot that passed (:class:`Checked`: plain bytes and text, its
ciphertexts in the checker's counted encoding), never the decoded ballot: its group elements
would be pickled in the worker and unpickled and validated again in the service, and the
service's checker would encode them again. The workers are started at the first batch (or by
:meth:`VerifierPool.start`), with the ``spawn`` method (no lock of the
service's threads is inherited), and each keeps the parameters it unpickled last, so they are
decoded once per election. A worker whose service is gone (killed) exits within a second.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Final

from plebiscite.crypto.batch import BatchVerifier
from plebiscite.errors import ParameterError, ProofError, RecordError
from plebiscite.model.ballot import Ballot, BallotParams, NamedHead, check_ballot
from plebiscite.model.codec import JSONObject, place_of
from plebiscite.rules.checker import BallotCheck, encode_ciphertexts

__all__ = [
    "BATCH_FAILED",
    "MIN_SHARED",
    "Checked",
    "Verdict",
    "VerifierPool",
    "precheck_ballots",
    "watch_parent",
]

#: what a ballot whose proofs failed in the batch is told (the field names the proof)
BATCH_FAILED: Final = "the proof's group equations do not hold"
#: the fewest ballots per worker for a batch to be shared out among workers (a smaller batch goes
#: to one worker whole)
MIN_SHARED: Final = 4
#: how often (seconds) a worker looks whether the service that started it is still there
_PARENT_POLL_S: Final = 1.0
#: where every verdict's error is placed (as the board's policy reports a submission)
WHERE: Final = "submission"


@dataclass(frozen=True, slots=True)
class Checked:
    """What the board needs of a ballot that passed :func:`~plebiscite.model.ballot.check_ballot`:
    its identity, credential, district and tracking hash, the head it names, and its ciphertexts
    in the checker's counted encoding (:func:`~plebiscite.rules.checker.encode_ciphertexts`)."""

    identity: bytes
    credential: bytes
    district: str
    tracking: bytes
    head: NamedHead
    encoded: bytes

    @classmethod
    def of(cls, params: BallotParams, ballot: Ballot) -> Checked:
        """The verdict on ``ballot``, which passed :func:`check_ballot` under ``params``."""
        enc = ballot.encrypted
        assert enc.credential is not None  # decode reads it for every ballot
        encoded = encode_ciphertexts(params.group, enc)
        return cls(enc.identity, enc.credential, enc.district, enc.tracking, ballot.head, encoded)

    def check(self, index: int) -> BallotCheck:
        """The checker's outcome for this ballot at entry ``index``
        (:meth:`~plebiscite.rules.checker.Checker.feed_checked_ballot`: nothing checked twice)."""
        return BallotCheck(
            index,
            None,
            self.identity,
            self.credential,
            self.district,
            (),
            self.encoded,
            (),
            self.head,
        )


#: a ballot's verdict: what the board needs of it, or the error refusing it
Verdict = Checked | RecordError | ProofError


def precheck_ballots(params: BallotParams, bodies: Sequence[JSONObject]) -> list[Verdict]:
    """The verdict of :func:`check_ballot` ``(params, body, "submission")`` for each body, in
    order, with the proofs of all of them verified as one batch (module docstring)."""
    batch = BatchVerifier(params.group)
    pending: list[tuple[str, Verdict]] = []
    for k, body in enumerate(bodies):
        where = f"{WHERE} {k}"
        verdict: Verdict
        try:
            verdict = Checked.of(params, check_ballot(params, body, where, batch=batch))
        except (RecordError, ProofError) as exc:
            verdict = exc
        pending.append((where, verdict))
    failed: dict[str, str] = {}  # where -> the field of its first failing proof
    for label in batch.check():
        where, field = place_of(label)
        failed.setdefault(where, field)
    out: list[Verdict] = []
    for where, verdict in pending:
        # the proofs come before the signature (as check_ballot alone would report them)
        late = isinstance(verdict, ProofError) and verdict.reason == "bad_signature"
        if (isinstance(verdict, Checked) or late) and where in failed:
            verdict = ProofError.at(WHERE, failed[where], BATCH_FAILED)
        elif not isinstance(verdict, Checked):
            # the same error at the submission, as check_ballot(params, body, WHERE) says it
            verdict = type(verdict).at(WHERE, verdict.field, verdict.detail, reason=verdict.reason)
        out.append(verdict)
    return out


# -- the workers' side -----------------------------------------------------------------------------

_worker_params: tuple[bytes, BallotParams] | None = None


def _worker_check(digest: bytes, packed: bytes, bodies: list[JSONObject]) -> list[Verdict]:
    """In a worker: the verdicts of ``bodies`` under the pickled parameters ``packed`` (whose
    SHA-256 is ``digest``)."""
    global _worker_params  # one election's parameters per worker process
    if _worker_params is None or _worker_params[0] != digest:
        params = pickle.loads(packed)  # noqa: S301 - sent by the service that started the worker
        if not isinstance(params, BallotParams):
            raise ParameterError("verifier worker: the parameters are not ballot parameters")
        _worker_params = (digest, params)
    return precheck_ballots(_worker_params[1], bodies)


def watch_parent(parent: int) -> None:
    """In a worker: exit as soon as the service that started it is gone (killed, say), rather
    than live on as an orphan."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL_S)
        os._exit(0)

    threading.Thread(target=watch, name="verifier-parent-watch", daemon=True).start()


def _warm(seconds: float) -> None:
    """In a worker: nothing, for long enough that every worker gets one (see ``start``)."""
    time.sleep(seconds)


class VerifierPool:
    """``workers`` processes that check ballots for one board service (module docstring)."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ParameterError("verifier pool: at least one worker")
        self.workers = workers
        self._lock = threading.Lock()
        self._executor: ProcessPoolExecutor | None = None
        self._closed = False

    def _pool(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._closed:
                raise ParameterError("verifier pool: closed")
            if self._executor is None:
                self._executor = ProcessPoolExecutor(
                    self.workers,
                    mp_context=multiprocessing.get_context("spawn"),
                    initializer=watch_parent,
                    initargs=(os.getpid(),),
                )
            return self._executor

    def start(self) -> None:
        """Start every worker now (each imports the verifier), rather than at the first batch."""
        pool = self._pool()
        for future in [pool.submit(_warm, 0.05) for _ in range(self.workers)]:
            future.result()

    def check(self, params: BallotParams, bodies: Sequence[JSONObject]) -> list[Verdict]:
        """The verdicts of :func:`precheck_ballots` for ``bodies``: computed by the workers, in
        slices of at least :data:`MIN_SHARED` ballots (a smaller batch in one slice), never in
        this process, whose core the HTTP layer and the writer need."""
        if not bodies:
            return []
        # the parameters travel with every slice (a few hundred bytes); a worker unpickles
        # them only when they differ from the last it had
        packed = pickle.dumps(params)
        digest = hashlib.sha256(packed).digest()
        pool = self._pool()
        slices = max(1, min(self.workers, len(bodies) // MIN_SHARED))
        size = -(-len(bodies) // slices)
        futures = [
            pool.submit(_worker_check, digest, packed, list(bodies[i : i + size]))
            for i in range(0, len(bodies), size)
        ]
        out: list[Verdict] = []
        for future in futures:
            out.extend(future.result())
        return out

    def close(self) -> None:
        """Stop the workers (waiting for the slices they are checking)."""
        with self._lock:
            self._closed = True
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=True)
