"""The pure part of a ballot's acceptance, for a whole batch, in this process or in workers.

:func:`precheck_ballots` decides what :func:`~plebiscite.model.ballot.check_ballot` would say
of each ballot of a batch (strict decoding, district, every proof, the credential's signature),
with the proofs' group equations of the whole batch, and on secp256k1 the signatures' (docs/spec.md
§7.1), in one :class:`~plebiscite.crypto.batch.BatchVerifier` (bisected on failure, so each bad
ballot gets its own ``bad_proof`` at its first failing proof; one whose signature the batch refuses
is checked again alone, for libsecp256k1's verdict and the error a check of it alone gives). The
verdicts depend on the bodies and the election's :class:`~plebiscite.model.ballot.BallotParams`
alone, never on the board's state, so they may be computed anywhere and in any order.

:class:`VerifierPool` computes them in worker processes: a batch is cut into one slice per
worker (a batch too small to share goes to one worker whole), each slice verified with a batch
of its own, and the verdicts come back in order. A verdict is the error refusing the ballot, or
what the board needs of a ballot that passed (:class:`Checked`: plain bytes and text, its
ciphertexts in the checker's counted form), never the decoded ballot: its group elements
would be pickled in the worker and unpickled and validated again in the service, and the
service's checker would encode them again. Each worker is a process of its own with a pipe to
the service; the thread that checks a batch sends each slice down its worker's pipe and reads
the verdicts back (no pool's threads, queues and futures between them). The workers are started
at the first batch (or by :meth:`VerifierPool.start`), with the ``spawn`` method (no lock of the
service's threads is inherited); the parameters are pickled once per election and sent to each
worker once, which keeps them decoded. A worker whose service is gone (killed) exits within a
second.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Final, cast

from plebiscite.crypto.batch import BatchVerifier
from plebiscite.errors import ParameterError, ProofError, RecordError
from plebiscite.model.ballot import Ballot, BallotParams, NamedHead, check_ballot
from plebiscite.model.ballot.check import refused_places
from plebiscite.model.codec import JSONObject
from plebiscite.rules.checker import BallotCheck, encode_ciphertexts
from plebiscite.rules.collector import tune_collector

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
#: to one worker whole): each slice pays the batch's fixed cost (its multi-exponentiation's plan
#: and generator terms, about 0.2 ms), so slices of 4 cost about a tenth more per ballot than 8
MIN_SHARED: Final = 8
#: how often (seconds) a worker looks whether the service that started it is still there
_PARENT_POLL_S: Final = 1.0
#: where every verdict's error is placed (as the board's policy reports a submission)
WHERE: Final = "submission"


@dataclass(frozen=True, slots=True)
class Checked:
    """What the board needs of a ballot that passed :func:`~plebiscite.model.ballot.check_ballot`:
    its identity, credential, district and tracking hash, the head it names, and its ciphertexts
    in the checker's counted form (:func:`~plebiscite.rules.checker.encode_ciphertexts`)."""

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


def precheck_ballots(
    params: BallotParams, bodies: Sequence[JSONObject], *, fold_signatures: bool = True
) -> list[Verdict]:
    """The verdict of :func:`check_ballot` ``(params, body, "submission")`` for each body, in
    order, with the proofs of all of them verified as one batch, and the signatures too unless
    ``fold_signatures`` is false (module docstring)."""
    batch = BatchVerifier(params.group)
    pending: list[tuple[str, Verdict]] = []
    for k, body in enumerate(bodies):
        where = f"{WHERE} {k}"
        verdict: Verdict
        try:
            ballot = check_ballot(params, body, where, batch=batch, fold_signature=fold_signatures)
            verdict = Checked.of(params, ballot)
        except (RecordError, ProofError) as exc:
            verdict = exc
        pending.append((where, verdict))
    again, proofs = refused_places(batch.check())
    failed: dict[str, str] = {}  # where -> the field of its first failing proof
    for where, field in proofs:
        failed.setdefault(where, field)
    out: list[Verdict] = []
    for k, (where, verdict) in enumerate(pending):
        # the proofs come before the signature (as check_ballot alone would report them)
        late = isinstance(verdict, ProofError) and verdict.reason == "bad_signature"
        if where in again:
            verdict = precheck_ballots(params, [bodies[k]], fold_signatures=False)[0]
        elif (isinstance(verdict, Checked) or late) and where in failed:
            verdict = ProofError.at(WHERE, failed[where], BATCH_FAILED)
        elif not isinstance(verdict, Checked):
            # the same error at the submission, as check_ballot(params, body, WHERE) says it
            verdict = type(verdict).at(WHERE, verdict.field, verdict.detail, reason=verdict.reason)
        out.append(verdict)
    return out


# -- the workers' side -----------------------------------------------------------------------------


def _serve(conn: Connection, parent: int) -> None:
    """A worker: answer each request on ``conn`` until it is closed or told to stop (None).

    A request is ``(digest, packed, bodies)``: the SHA-256 of the pickled parameters, the
    pickled parameters themselves or None when this worker holds them already, and the bodies
    (none: a call to see that the worker is up); the answer ``(True, verdicts)``, or
    ``(False, what went wrong)``."""
    watch_parent(parent)
    tune_collector()
    held: tuple[bytes, BallotParams] | None = None
    while True:
        try:
            request = pickle.loads(conn.recv_bytes())  # noqa: S301 - from our own service
        except (EOFError, OSError):
            return
        if request is None:
            return
        answer: tuple[bool, object] = (True, [])
        try:
            digest, packed, bodies = request
            if bodies and (held is None or held[0] != digest):
                held = (digest, _params(packed))
            if bodies and held is not None:
                answer = (True, precheck_ballots(held[1], bodies))
        except Exception as exc:  # the service is told, and this worker serves on
            answer = (False, f"{type(exc).__name__}: {exc}")
        conn.send_bytes(pickle.dumps(answer, pickle.HIGHEST_PROTOCOL))


def _params(packed: bytes | None) -> BallotParams:
    """In a worker: the parameters the service pickled (``packed``)."""
    if packed is None:
        raise ParameterError("verifier worker: the parameters were not sent")
    params = pickle.loads(packed)  # noqa: S301 - sent by the service that started the worker
    if not isinstance(params, BallotParams):
        raise ParameterError("verifier worker: the parameters are not ballot parameters")
    return params


def watch_parent(parent: int) -> None:
    """In a worker: exit as soon as the service that started it is gone (killed, say), rather
    than live on as an orphan."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_PARENT_POLL_S)
        os._exit(0)

    threading.Thread(target=watch, name="verifier-parent-watch", daemon=True).start()


class _Worker:
    """One worker process and the service's end of its pipe."""

    def __init__(self) -> None:
        context = multiprocessing.get_context("spawn")
        here, there = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_serve, args=(there, os.getpid()), name="plebiscite-verifier", daemon=True
        )
        self.process.start()
        there.close()
        self.conn = here
        self.holds: bytes | None = None  # the digest of the parameters it holds

    def send(self, digest: bytes, packed: bytes, bodies: Sequence[JSONObject]) -> None:
        sent = None if self.holds == digest else packed
        self.conn.send_bytes(pickle.dumps((digest, sent, list(bodies)), pickle.HIGHEST_PROTOCOL))
        self.holds = digest

    def receive(self) -> list[Verdict]:
        """The worker's next answer: its verdicts; :class:`ParameterError` if it failed."""
        done, verdicts = pickle.loads(self.conn.recv_bytes())  # noqa: S301 - our own worker
        if not done:
            raise ParameterError(f"verifier worker: {verdicts}")
        return cast(list[Verdict], verdicts)

    def stop(self, timeout: float) -> None:
        try:
            self.conn.send_bytes(pickle.dumps(None))
        except OSError:
            pass
        self.process.join(timeout)
        if self.process.is_alive():
            self.process.terminate()
            self.process.join()
        self.conn.close()


class VerifierPool:
    """``workers`` processes that check ballots for one board service (module docstring)."""

    def __init__(self, workers: int) -> None:
        if workers < 1:
            raise ParameterError("verifier pool: at least one worker")
        self.workers = workers
        self._lock = threading.Lock()  # one batch at a time, and the workers' list
        self._procs: list[_Worker] = []
        self._closed = False
        self._packed: tuple[BallotParams, bytes, bytes] | None = None  # params, pickled, digest

    def _started(self) -> list[_Worker]:
        if self._closed:
            raise ParameterError("verifier pool: closed")
        while len(self._procs) < self.workers:
            self._procs.append(_Worker())
        return self._procs

    def start(self) -> None:
        """Start every worker now (each imports the verifier), rather than at the first batch."""
        with self._lock:
            procs = self._started()
            for worker in procs:
                worker.conn.send_bytes(pickle.dumps((b"", None, []), pickle.HIGHEST_PROTOCOL))
            for worker in procs:
                worker.receive()  # an empty answer: the worker is up

    def check(self, params: BallotParams, bodies: Sequence[JSONObject]) -> list[Verdict]:
        """The verdicts of :func:`precheck_ballots` for ``bodies``: computed by the workers, in
        slices of at least :data:`MIN_SHARED` ballots (a smaller batch in one slice), never in
        this process, whose core the HTTP layer and the writer need. Each slice goes down the
        worker's own pipe from this thread, and its verdicts come back up it: no thread of a
        pool between them. A worker that is gone makes the batch fail
        (:class:`~plebiscite.errors.ParameterError`) and is replaced at the next one."""
        if not bodies:
            return []
        with self._lock:
            procs = self._started()
            if self._packed is None or self._packed[0] is not params:
                # the parameters are pickled once per election, and each worker gets them once
                packed = pickle.dumps(params, pickle.HIGHEST_PROTOCOL)
                self._packed = (params, packed, hashlib.sha256(packed).digest())
            _, packed, digest = self._packed
            slices = max(1, min(self.workers, len(bodies) // MIN_SHARED))
            size = -(-len(bodies) // slices)
            parts = [bodies[i : i + size] for i in range(0, len(bodies), size)]
            busy = procs[: len(parts)]
            out: list[Verdict] = []
            failed: ParameterError | None = None
            try:
                for worker, part in zip(busy, parts, strict=True):
                    worker.send(digest, packed, part)
                for worker in busy:  # every answer is read, so no pipe holds a stale one
                    try:
                        out.extend(worker.receive())
                    except ParameterError as exc:
                        failed = failed or exc
            except (EOFError, OSError) as exc:
                for worker in busy:  # the pipes' state is unknown: start them afresh
                    worker.stop(0.0)
                self._procs = [w for w in self._procs if w not in busy]
                raise ParameterError(f"verifier pool: a worker is gone ({exc!r})") from None
            if failed is not None:
                raise failed
            return out

    def close(self) -> None:
        """Stop the workers (each finishing the slice it is checking)."""
        with self._lock:
            self._closed = True
            procs, self._procs = self._procs, []
        for worker in procs:
            worker.stop(5.0)
