"""The service's own watch over its board: the incremental checker on what the store holds.

:class:`Monitor` reads the committed entries back from the store (not what the writer thinks it
wrote) and feeds them, in order, to a :class:`~plebiscite.rules.checker.Checker` of its own. It
keeps what the read endpoints need and the chain alone does not give quickly: the index of every
ballot and challenge by tracking hash, and per district the ballots and challenges received while
voting runs (counts, never contents). :meth:`Monitor.status` is the service's ``/status``.

A background thread (:meth:`Monitor.start`) catches up every ``interval`` seconds;
:meth:`Monitor.catch_up` does it at once (tests, and a status request that asks for it).

A ballot the board's policy in this process has just verified is not verified a second time:
the policy hands its verdict over (:meth:`Monitor.remember`, keyed by the entry's index and
hash), and when the entry read back from the store has that very hash (so the very content),
the checker takes the verdict (:meth:`~plebiscite.rules.checker.Checker.feed_checked_ballot`)
after its own sequential checks (V1, the window, the roll, V6). Any other entry, or one whose
verdict was dropped (at most ``remember`` are kept), is checked in full.

An entry this process's store committed is read back as the very entry its writer made when the
row the store reads equals, column by column, the row it wrote (a SQL store's rows read back as
written, :mod:`plebiscite.board.stores.sql`): its body is not parsed nor its hash computed again,
and a row changed in the database since is read whole and checked as any other.

**The end-of-record checks.** V7–V9 (the tally against the counted set, the partial decryptions
and their proofs, the result) run only at :meth:`~plebiscite.rules.checker.Checker.finish`. Once
the board holds a ``result`` entry, and again after every counting entry (``close``, ``tally``,
``partial_decryption``, ``result``) fed since, :meth:`Monitor.run_final` takes a snapshot of the
live checker (:meth:`~plebiscite.rules.checker.Checker.snapshot`, under the lock: the state is
copied, nothing is checked), restores it into a second checker and runs ``finish`` there, off the
lock: the live checker is never finished and readers wait only for the copy. The outcome
(:class:`FinalRun`) is kept with the index of the last entry it covered, and :meth:`status`
reports V7–V9 from it. The background thread runs it after catching up; posting never waits for
it (the writer does not take the monitor's lock).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Final

from plebiscite.board.prechecks import Checked
from plebiscite.board.stores.base import Store
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.errors import PlebisciteError
from plebiscite.model.ballot import check_ballot
from plebiscite.model.codec import JSONObject, JSONValue
from plebiscite.model.coercion.codec import credential_ballot_tracking, decode_credential_ballot
from plebiscite.model.entry import Entry
from plebiscite.rules.checker import Checker
from plebiscite.rules.checks import CHECK_IDS, END_OF_RECORD
from plebiscite.rules.report import Failure
from plebiscite.rules.state import CredentialState, EntryLog

__all__ = ["COUNTING_KINDS", "DistrictCounts", "FinalRun", "Monitor"]

_CHUNK = 256
#: the entries after which the end-of-record checks run again (once a result is on the board)
COUNTING_KINDS: Final = frozenset({"close", "tally", "partial_decryption", "result"})


@dataclass
class DistrictCounts:
    """Ballots and challenges received in one district while voting ran."""

    ballots: int = 0
    challenges: int = 0


@dataclass
class _Found:
    index: int
    kind: str


@dataclass
class _State:
    tracking: dict[bytes, _Found] = field(default_factory=dict)
    counts: dict[str, DistrictCounts] = field(default_factory=dict)
    last_index: int | None = None  # the last entry fed
    result_index: int | None = None  # the first result entry fed
    last_counting: int | None = None  # the last counting entry fed


@dataclass(frozen=True)
class FinalRun:
    """One run of the end-of-record checks on a snapshot of the monitor's checker.

    ``head_index`` is the index of the last entry the snapshot held (``entries`` of them);
    ``checked`` the items checked per check V1–V10 and ``failures`` every failure of that run
    (the live checker's up to then, and what the end-of-record checks added); ``seconds`` how long
    the run took; ``error`` what went wrong when the run itself could not complete.
    """

    head_index: int
    entries: int
    checked: dict[str, int]
    failures: tuple[Failure, ...]
    seconds: float
    error: str | None = None

    def to_json(self) -> JSONObject:
        """The run as ``/status`` reports it (failures counted per check, not listed)."""
        per_check: JSONObject = {c: 0 for c in CHECK_IDS}
        for f in self.failures:
            count = per_check[f.check]
            assert isinstance(count, int)
            per_check[f.check] = count + 1
        checked: JSONObject = dict(self.checked)
        return {
            "head_index": self.head_index,
            "entries": self.entries,
            "checks": checked,
            "failed": per_check,
            "failures": len(self.failures),
            "milliseconds": round(self.seconds * 1000),
            "error": self.error,
        }


class Monitor:
    """Feeds the store's committed entries to an incremental checker (module docstring)."""

    def __init__(
        self,
        store: Store,
        *,
        interval: float = 0.25,
        batch_size: int = 64,
        remember: int = 65_536,
    ) -> None:
        self.store = store
        self._remember = remember
        self._verdicts: OrderedDict[int, tuple[bytes, Checked]] = OrderedDict()
        self._verdict_lock = threading.Lock()
        self.interval = interval
        self.checker = Checker(batch_size=batch_size)
        self._state = _State()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.error: str | None = None
        self._final: FinalRun | None = None
        self._final_lock = threading.Lock()  # one end-of-record run at a time

    # -- verdicts from the policy ----------------------------------------------------------------

    def remember(self, entry: Entry, verdict: Checked) -> None:
        """Keep the policy's verdict on the ballot ``entry`` until the store's copy is fed."""
        with self._verdict_lock:
            self._verdicts[entry.index] = (entry.hash, verdict)
            while len(self._verdicts) > self._remember:
                self._verdicts.popitem(last=False)

    def _verdict(self, entry: Entry) -> Checked | None:
        with self._verdict_lock:
            found = self._verdicts.pop(entry.index, None)
        if found is None or found[0] != entry.hash:
            return None
        return found[1]

    # -- running ---------------------------------------------------------------------------------

    def start(self) -> None:
        """Start the background thread that catches up every ``interval`` seconds."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="board-monitor", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop the background thread and drop the checker's temporary files."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        with self._lock:
            self.checker.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.catch_up()
                self.run_final()
            except Exception as exc:  # the status says so; the service keeps serving
                self.error = f"{type(exc).__name__}: {exc}"
            self._stop.wait(self.interval)

    def catch_up(self) -> int:
        """Feed every committed entry not fed yet; return how many were fed."""
        fed = 0
        while not self._stop.is_set():
            with self._lock:  # one chunk at a time, so that readers are not kept waiting
                start = self.checker.entries
                chunk = list(self.store.read(start, start + _CHUNK))
                for entry in chunk:
                    self._feed(entry)
                self.checker.flush()
            if not chunk:
                break
            fed += len(chunk)
        return fed

    def _feed(self, entry: Entry) -> None:
        checker = self.checker
        state = self._state
        state.last_index = entry.index
        if entry.kind in COUNTING_KINDS:
            state.last_counting = entry.index
            if entry.kind == "result" and state.result_index is None:
                state.result_index = entry.index
        verdict = self._verdict(entry) if entry.kind == "ballot" else None
        if verdict is not None and entry.check_hash():  # hashed once, here
            deferred = checker.feed_deferred(entry)
            if deferred is not None:
                checker.feed_checked_ballot(verdict.check(entry.index), deferred.errors)
        else:
            verdict = None
            checker.feed(entry)
        if entry.kind not in ("ballot", "challenge"):
            return
        voting = checker.open_index is not None and checker.close_index is None
        district = entry.body.get("district")
        if voting and isinstance(district, str):
            counts = self._state.counts.get(district)
            if counts is None:  # made once per district, not once per entry
                counts = self._state.counts[district] = DistrictCounts()
            if entry.kind == "ballot":
                counts.ballots += 1
            else:
                counts.challenges += 1
        tracking = verdict.tracking if verdict is not None else self._tracking(entry)
        if tracking is not None and tracking not in self._state.tracking:
            self._state.tracking[tracking] = _Found(entry.index, entry.kind)

    def _tracking(self, entry: Entry) -> bytes | None:
        """The entry's tracking hash: posted in a challenge; recomputed for a ballot."""
        if entry.kind == "challenge":
            value = entry.body.get("tracking")
            try:
                raw = bytes.fromhex(value) if isinstance(value, str) else b""
            except ValueError:
                return None
            return raw if len(raw) == 32 else None
        params = self.checker.params
        if params is None:
            return None
        definition = self.checker.definition
        if definition is not None and definition.fake_credentials:
            try:  # decoding and the hash only (the checker verifies the proofs, V12)
                mode_ballot = decode_credential_ballot(params, entry.body, f"entry {entry.index}")
            except PlebisciteError:
                return None
            return credential_ballot_tracking(params.group, mode_ballot)
        # decoding and the hashes only: the proofs go to a batch that is never run (the checker
        # verifies them); a ballot that does not decode has no tracking hash
        try:
            ballot = check_ballot(
                params, entry.body, f"entry {entry.index}", batch=BatchVerifier(params.group)
            )
        except PlebisciteError:
            return None
        return ballot.tracking

    # -- the end-of-record checks ---------------------------------------------------------------

    def _final_due(self) -> bool:
        """Whether a result is on the board and a counting entry came after the last final run
        (the caller holds the lock)."""
        state = self._state
        if state.result_index is None or state.last_counting is None:
            return False
        final = self._final
        return final is None or final.head_index < state.last_counting

    def run_final(self) -> FinalRun | None:
        """Run the end-of-record checks on a snapshot of the checker when they are due (module
        docstring); return the new run, or None when none was due."""
        with self._final_lock:
            with self._lock:
                if not self._final_due() or self._stop.is_set():
                    return None
                head = self._state.last_index
                assert head is not None
                snapshot = self.checker.snapshot()
                batch_size = self.checker.batch_size
            started = time.perf_counter()
            copy = Checker(batch_size=batch_size)
            try:
                copy.restore(snapshot)
                report = copy.finish()
                run = FinalRun(
                    head,
                    report.entries,
                    dict(report.checked),
                    report.failures,
                    time.perf_counter() - started,
                )
            except Exception as exc:  # reported in the status, not retried until the next entry
                run = FinalRun(
                    head,
                    snapshot.entries,
                    {},
                    (),
                    time.perf_counter() - started,
                    f"{type(exc).__name__}: {exc}",
                )
            finally:
                copy.close()
                for value in snapshot.state.values():
                    if isinstance(value, CredentialState | EntryLog):
                        value.close()
            with self._lock:
                self._final = run
            return run

    @property
    def final(self) -> FinalRun | None:
        """The last run of the end-of-record checks, or None before the first."""
        with self._lock:
            return self._final

    # -- reading ---------------------------------------------------------------------------------

    def find_tracking(self, tracking: bytes) -> tuple[int, str] | None:
        """``(index, kind)`` of the first ballot or challenge with this tracking hash."""
        with self._lock:
            found = self._state.tracking.get(tracking)
        return None if found is None else (found.index, found.kind)

    def counted_ballot(self, credential: bytes) -> int | None:
        """The entry index of the ballot that counts for ``credential`` so far (V6: the named
        heads order a credential's ballots), or None."""
        with self._lock:
            found = self.checker.counted(credential)
        return None if found is None else found.index

    def counts(self) -> JSONObject:
        """Per district of the manifest: ballots and challenges received while voting ran."""
        with self._lock:
            checker = self.checker
            definition = checker.definition
            ids = [d.id for d in definition.districts] if definition is not None else []
            rows: list[JSONValue] = []
            for district in ids:
                c = self._state.counts.get(district, DistrictCounts())
                rows.append(
                    {"district": district, "ballots": c.ballots, "challenges": c.challenges}
                )
            return {
                "phase": checker.phase,
                "entries": checker.entries,
                "districts": rows,
            }

    def contexts(self) -> JSONObject:
        """The election id and both contexts as recomputed by the checker (null until known)."""
        with self._lock:
            c = self.checker
            return {
                "election_id": None if c.election_id is None else c.election_id.hex(),
                "ceremony_context": None if c.ceremony_ctx is None else c.ceremony_ctx.hex(),
                "election_context": None if c.election_ctx is None else c.election_ctx.hex(),
                "phase": c.phase,
            }

    def status(self) -> JSONObject:
        """The checker's state: entries checked, phase, items checked per check, failures.

        ``checks`` and ``failed`` (failures per check) cover V1–V10: V7–V9 as the last
        end-of-record run found them (0 before the first); ``failures`` lists the live checker's
        failures and then those only that run found; ``final`` is that run (null before it),
        ``final_due`` whether a counting entry came after it.
        """
        with self._lock:
            checker = self.checker
            found = list(checker.failures)
            checked: JSONObject = dict(checker.checked)
            final = self._final
            due = self._final_due()
            if final is not None:
                known = set(found)
                found.extend(f for f in final.failures if f not in known)
                for check in END_OF_RECORD:
                    checked[check] = final.checked.get(check, 0)
            failed: JSONObject = {c: 0 for c in CHECK_IDS}
            for f in found:
                count = failed[f.check]
                assert isinstance(count, int)
                failed[f.check] = count + 1
            failures: list[JSONValue] = [f.to_json() for f in found]
            final_error = None if final is None else final.error
            return {
                "checked_entries": checker.entries,
                "phase": checker.phase,
                "open_index": checker.open_index,
                "close_index": checker.close_index,
                "result_index": self._state.result_index,
                "checks": checked,
                "failed": failed,
                "failures": failures,
                "final": None if final is None else final.to_json(),
                "final_due": due,
                "ok": not failures and self.error is None and final_error is None,
                "monitor_error": self.error,
            }
