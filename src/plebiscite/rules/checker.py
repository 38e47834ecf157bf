"""The incremental checker of V1–V10: one implementation of "what counts".

This module is longer than the project's usual ~600 lines on purpose: the checks are the
methods of one state machine fed in board order, and they share its state (the entries seen, the
roll, the batch of pending ballots, the per-credential state); the pure parts already live
beside it (:mod:`.counting`, :mod:`.ceremony`, :mod:`.state`, :mod:`.early_close`).

:class:`Checker` is fed the chain one entry at a time, in board order (:meth:`Checker.feed`),
and the signed heads and receipts from wherever they were kept (:meth:`Checker.feed_head`);
:meth:`Checker.finish` runs the checks that need the whole board (V7–V9, heads that name entries
never seen) and returns a :class:`~plebiscite.rules.report.Report`. It never stops at the first
failure: each is a :class:`~plebiscite.rules.report.Failure` naming the check, the entry and the
field. The board's acceptance rules, the authority's tally and each trustee's ``decrypt`` run this
same checker and ask it questions (:meth:`Checker.on_roll`, :meth:`Checker.seen`,
:meth:`Checker.counted`, :meth:`Checker.aggregates`, …).

**What runs when.**

* V1 on every entry (hash, link, index, time) and every head.
* V2 at the manifest (entry 0), at each ``trustee_commit`` (the identity key's fingerprint), at
  ``open`` (the authority's signature and the recomputed ``election_ctx``), ``close``,
  ``tally`` and ``result`` (signatures).
* V3 and V4 when voting opens, by :func:`plebiscite.rules.ceremony.check_ceremony` and
  :class:`plebiscite.model.roll.RollChecker` over the entries so far (and again at the end when
  ceremony or roll entries came after ``open``).
* V5 on each ballot: the window, the roll, then :func:`plebiscite.model.ballot.check_ballot`
  whose proof equations go into one :class:`~plebiscite.crypto.batch.BatchVerifier` for every
  ``batch_size`` ballots (flushed and bisected then, so each failing ballot is named).
* V5.7 on each ballot: the head it names is an earlier entry with that hash, at most the
  manifest's ``max_ballot_age`` older than the ballot (:meth:`Checker.head_problem`, which the
  board's acceptance rules ask too).
* V6 in board order once a batch is flushed: the last valid ballot of each credential counts,
  "last" in the order of the heads the ballots name (then board order);
  a ballot whose identity equals an earlier ballot's (valid or not) or an earlier valid
  challenge's is invalid and supersedes nothing; a valid challenge whose identity equals an
  earlier ballot's or valid challenge's is invalid and changes nothing. A valid ballot or
  challenge one of whose ciphertexts has the α of a ciphertext of an earlier valid ballot or
  challenge (or of another option of its own) is invalid too: a copied ciphertext (an opened
  challenge re-proved under another credential) never counts. An invalid ballot or challenge
  (V5, V10) is never "seen": it cannot make a later one invalid.
* V10 on each challenge (:func:`plebiscite.model.ballot.check_challenge`; a challenge names no
  credential), and in board order its district's bound: at most ``registered`` valid
  challenges count (spec §11.6).
* V7–V9 at :meth:`Checker.finish` from the counted set (:mod:`plebiscite.rules.counting`).
* V11 on each ``mix_chunk`` and ``mix`` (:mod:`plebiscite.rules.mixing`); V13 and V14 on each
  entry of the fake-credentials tally (:mod:`plebiscite.rules.coercion_tally`), whose matched
  ballots become the counted set of V7–V9 once a ``pet_match`` is posted (spec §16.5 step 5).

**V7 design.** The counted ciphertexts of each credential are kept (in
:class:`~plebiscite.rules.state.CredentialState`, on disk when large) and multiplied per
district, question and option when asked (:meth:`Checker.aggregates`, cached once the board is
closed). Running products with "un-multiply" on supersede would need the same per-credential
ciphertexts and an inversion per revote; a product at the end costs one multiplication per
counted ciphertext and keeps the state a plain map.

**Parallel runs.** V5's per-ballot work is pure given the :class:`BallotParams`
(:func:`check_ballot_pure`): a runner can shard it and feed the verdicts back in board order
(:meth:`Checker.feed_checked_ballot`), while V1, V6 and V7 stay sequential here.
:meth:`Checker.feed_deferred` does a ballot's sequential part and leaves the pure part to the
caller; :mod:`plebiscite.verify.parallel` and :mod:`plebiscite.verify.cluster` are such runners.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Final

from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext, decode_ciphertext
from plebiscite.crypto.group import Group, membership_folded
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import EncodingError, PlebisciteError, ProofError, RecordError
from plebiscite.model import tally as mt
from plebiscite.model.ballot import (
    Ballot,
    BallotParams,
    Challenge,
    EncryptedBallot,
    NamedHead,
    ballot_binding,
    ballot_identity,
    ballot_statement,
    check_ballot,
    check_challenge,
    open_challenge_into,
)
from plebiscite.model.ceremony import CEREMONY_KINDS
from plebiscite.model.codec import JSONObject, place_of
from plebiscite.model.coercion.ballot import CredentialBallot
from plebiscite.model.coercion.challenge import check_credential_challenge
from plebiscite.model.coercion.codec import decode_credential_ballot
from plebiscite.model.coercion.tally_entries import COERCION_TALLY_KINDS, KEPT_LIST
from plebiscite.model.contexts import ceremony_context, election_context
from plebiscite.model.definition import Definition
from plebiscite.model.entry import GENESIS_PREV, Entry, ScannedBallot, SignedHead, format_time
from plebiscite.model.mix import MIX_KINDS, ListRef
from plebiscite.model.signed import unsigned_part, verify_body_signature
from plebiscite.rules import counting
from plebiscite.rules.ceremony import CeremonyResult, check_ceremony
from plebiscite.rules.checks import CHECK_IDS
from plebiscite.rules.coercion_ballots import check_mode_ballot
from plebiscite.rules.coercion_roll import ROLL_ENTRY_KINDS, AnyRollChecker
from plebiscite.rules.coercion_tally import CoercionTally, check_of
from plebiscite.rules.mix_store import DEFAULT_MIX_SPILL_AT
from plebiscite.rules.mixing import MixRounds
from plebiscite.rules.report import Failure, RejectedInput, Report, sort_failures
from plebiscite.rules.state import (
    DEFAULT_SPILL_AT,
    KIND_BALLOT,
    KIND_CHALLENGE,
    Counted,
    CredentialState,
    EntryLog,
    Seen,
    alpha_key,
)

__all__ = [
    "DEFAULT_BATCH",
    "BallotCheck",
    "ChallengeCheck",
    "Checker",
    "CheckerSnapshot",
    "Deferred",
    "HeadProblem",
    "check_ballot_pure",
    "check_challenge_pure",
    "check_challenges_pure",
    "check_mode_ballot_pure",
    "encode_ciphertexts",
    "entry_where",
    "mode_ballot_check",
]

#: ballots whose proof equations are folded into one batch before it is checked
DEFAULT_BATCH: Final = 64
_BATCH_FAILED: Final = "the proof's group equations do not hold"


def entry_where(index: int) -> str:
    """How an error names entry ``index`` (the ``where`` of every check of that entry)."""
    return f"entry {index}"


def _field_and_message(exc: Exception) -> tuple[str, str]:
    """``(field, message)`` of an error raised while checking an entry: the field path and the
    detail the raiser set (:class:`~plebiscite.errors.PlebisciteError`), never parsed from text."""
    if isinstance(exc, PlebisciteError):
        return exc.field, exc.detail
    return "", str(exc)


@dataclass(frozen=True, slots=True)
class BallotCheck:
    """The outcome of the pure per-ballot part of V5 (:func:`check_ballot_pure`).

    ``ballot`` is the checked ballot (None if it failed); ``identity`` its identity whenever its
    statement could be decoded, valid or not; ``errors`` the V5 failures as ``(field, message)``.

    A ballot checked in another process comes back :meth:`portable`: ``ballot`` is None and
    ``encoded`` holds its ciphertexts in the counted form (None when it failed), and
    ``failed_proofs`` the field paths of the proofs whose batched group equations failed there.
    """

    index: int
    ballot: Ballot | None
    identity: bytes | None
    credential: bytes | None
    district: str | None
    errors: tuple[tuple[str, str], ...]
    encoded: bytes | None = None
    failed_proofs: tuple[str, ...] = ()
    head: NamedHead | None = None

    @property
    def passed(self) -> bool:
        """Whether decoding, the signature and the unbatched proof checks passed."""
        return self.ballot is not None or self.encoded is not None

    def portable(self, group: Group, failed_proofs: Iterable[str] = ()) -> BallotCheck:
        """This outcome in plain bytes and text (no group elements), to send between processes,
        with the proofs that failed in the sender's batch."""
        encoded = self.encoded
        if self.ballot is not None:
            encoded = _encode_ciphertexts(group, self.ballot)
        return BallotCheck(
            self.index,
            None,
            self.identity,
            self.credential,
            self.district,
            self.errors,
            encoded,
            (*self.failed_proofs, *failed_proofs),
            self.head,
        )


def _statement_identity(
    params: BallotParams, body: JSONObject
) -> tuple[bytes, bytes | None, str] | None:
    """``(identity, credential, district)`` of a ballot or challenge body whose proofs or
    signature may be bad, when its district, binding (a challenge's, or a ballot's credential and
    nonce) and ciphertexts decode; else None. A challenge's credential is None: it names none."""
    try:
        district = body["district"]
        credential: bytes | None = None
        if "binding" in body:
            binding = bytes.fromhex(str(body["binding"]))
        else:
            credential = bytes.fromhex(str(body["credential"]))
            binding = ballot_binding(credential, bytes.fromhex(str(body["nonce"])))
        questions = body["questions"]
        if not isinstance(district, str) or not isinstance(questions, list):
            return None
        if len(binding) != 32 or district not in params.districts:
            return None
        cts: list[list[Ciphertext]] = []
        for q in questions:
            if not isinstance(q, dict) or not isinstance(q.get("ciphertexts"), list):
                return None
            raw = q["ciphertexts"]
            assert isinstance(raw, list)
            cts.append(
                [decode_ciphertext(params.group, x, "ct", allow_identity=False) for x in raw]
            )
        statement = ballot_statement(params, district, binding, cts)
    except (KeyError, ValueError, TypeError, PlebisciteError):
        return None
    return ballot_identity(statement), credential, district


def check_ballot_pure(
    params: BallotParams,
    index: int,
    body: JSONObject,
    batch: BatchVerifier | None = None,
    *,
    fold_signature: bool = False,
) -> BallotCheck:
    """The part of V5 that depends on the ballot and the parameters alone.

    Strict decoding, the credential's signature and every proof (into ``batch`` when given: the
    caller checks it and adds the failing labels; with ``fold_signature`` the signature too,
    as :func:`~plebiscite.model.ballot.check.check_ballot` says, and a caller whose batch
    refuses a signature's label checks that ballot again without folding it). Roll, window and
    order are the checker's.
    """
    where = entry_where(index)
    try:
        ballot = check_ballot(params, body, where, batch=batch, fold_signature=fold_signature)
    except (RecordError, ProofError) as exc:
        found = _statement_identity(params, body)
        identity, credential, district = found if found is not None else (None, None, None)
        errors = (_field_and_message(exc),)
        return BallotCheck(index, None, identity, credential, district, errors)
    return ballot_check(index, ballot)


def check_mode_ballot_pure(
    params: BallotParams,
    roll_of: Callable[[str], Sequence[Ciphertext]],
    anonymity: int,
    index: int,
    body: JSONObject,
) -> BallotCheck:
    """The part of V12 that depends on the ballot, the parameters and its district's roll alone
    (mode fake-credentials, spec §16.5 step 1): :func:`check_mode_ballot`, its failure as
    ``(field, message)``. The outcome is already :meth:`BallotCheck.portable`: its identity is
    its statement, its ciphertexts ``encoded``; it names no credential and no head."""
    try:
        ballot = check_mode_ballot(params, roll_of, anonymity, body, entry_where(index))
    except (RecordError, ProofError) as exc:
        return BallotCheck(index, None, None, None, None, (_field_and_message(exc),))
    return mode_ballot_check(params.group, index, ballot)


def mode_ballot_check(group: Group, index: int, ballot: CredentialBallot) -> BallotCheck:
    """The :class:`BallotCheck` of a mode ballot that passed :func:`check_mode_ballot` at
    ``index`` (the board, having checked it to accept it, feeds this instead of checking again)."""
    cts = ballot.encoded_options(group)
    return BallotCheck(index, None, ballot.statement, None, ballot.district, (), cts)


@dataclass(frozen=True, slots=True)
class ChallengeCheck:
    """The outcome of V10's pure part for one challenge (:func:`check_challenge_pure`), in plain
    bytes and text: the failure ``(field, message)`` (None when the challenge opened correctly),
    its statement's identity and district whenever they decode, and its ciphertexts in the
    counted form when it passed."""

    index: int
    error: tuple[str, str] | None
    identity: bytes | None
    district: str | None
    encoded: bytes = b""


def check_challenge_pure(params: BallotParams, index: int, body: JSONObject) -> ChallengeCheck:
    """The part of V10 that depends on the challenge and the parameters alone: strict decoding,
    every re-encryption and proof, the tracking hash (the timing is the checker's)."""
    try:
        opened = check_challenge(params, body, entry_where(index))
    except (RecordError, ProofError) as exc:
        found = _statement_identity(params, body)
        identity, _, district = found if found is not None else (None, None, None)
        return ChallengeCheck(index, _field_and_message(exc), identity, district)
    return _opened_check(params, index, opened)


def _opened_check(params: BallotParams, index: int, opened: Challenge) -> ChallengeCheck:
    """The :class:`ChallengeCheck` of a challenge that opened correctly."""
    enc = opened.encrypted
    return ChallengeCheck(
        index, None, opened.identity, enc.district, encode_ciphertexts(params.group, enc)
    )


def check_challenges_pure(
    params: BallotParams, items: Sequence[tuple[int, JSONObject]]
) -> list[ChallengeCheck]:
    """:func:`check_challenge_pure` of each challenge of ``items`` (entry index and body), the
    group equations of them all (re-encryptions and proofs) checked in one batch.

    A challenge that fails to open, or one with an equation the batch finds failing, is checked
    again alone by :func:`check_challenge_pure` (one equation at a time, in the former order), so
    its outcome names the same field and check; the others keep what the batch opened.
    """
    batch = BatchVerifier(params.group)
    opened = [open_challenge_into(params, body, entry_where(index), batch) for index, body in items]
    failed = {place_of(label)[0] for label in batch.check()} if len(batch) else set()
    out: list[ChallengeCheck] = []
    for (index, body), found in zip(items, opened, strict=True):
        if found is None or entry_where(index) in failed:
            out.append(check_challenge_pure(params, index, body))
            continue
        out.append(_opened_check(params, index, found))
    return out


def ballot_check(index: int, ballot: Ballot) -> BallotCheck:
    """The :class:`BallotCheck` of a ballot that passed :func:`check_ballot` at ``index``."""
    enc = ballot.encrypted
    return BallotCheck(
        index, ballot, ballot.identity, enc.credential, enc.district, (), head=ballot.head
    )


@dataclass(frozen=True, slots=True)
class HeadProblem:
    """Why a ballot's named head is not acceptable (V5.7): the board's refusal ``reason``
    (``unknown_head`` or ``stale_head``), the ``field`` and a sentence."""

    reason: str
    field: str
    message: str


@dataclass(frozen=True, slots=True)
class Deferred:
    """A ballot fed by :meth:`Checker.feed_deferred` whose pure V5 part the caller runs:
    its entry index and the failures found so far (the window, the phase) as ``(field, message)``.
    """

    index: int
    errors: tuple[tuple[str, str], ...]


@dataclass
class _Pending:
    """A ballot or challenge checked but not yet applied to the counted set (V6)."""

    kind: str
    index: int
    identity: bytes | None
    credential: bytes | None
    district: str | None
    valid: bool
    ciphertexts: bytes = b""
    head: int = 0
    #: a challenge whose group equations wait in the checker's batch: its body, and what
    #: :func:`~plebiscite.model.ballot.open_challenge_into` opened (None: it did not open)
    body: JSONObject | None = None
    opened: Challenge | None = None


@dataclass
class _Districts:
    """Per-district counters of the counted set."""

    valid: dict[str, int] = field(default_factory=dict)  # valid ballots (not replays)
    superseded: dict[str, int] = field(default_factory=dict)
    challenged: dict[str, int] = field(default_factory=dict)  # valid, distinct challenges


@dataclass
class CheckerSnapshot:
    """The checker's state at one point of the chain (:meth:`Checker.snapshot`)."""

    entries: int
    state: dict[str, object]


class Checker:
    """The incremental V1–V10 checker (see the module docstring).

    ``batch_size`` ballots share one batch of proof equations; ``spill_at`` rows of
    per-credential state stay in memory before moving to files in a temporary directory (under
    ``directory`` when given); so do V11's lists beyond ``mix_spill_at`` items.
    """

    def __init__(
        self,
        *,
        batch_size: int = DEFAULT_BATCH,
        spill_at: int = DEFAULT_SPILL_AT,
        directory: str | None = None,
        mix_spill_at: int = DEFAULT_MIX_SPILL_AT,
    ) -> None:
        if batch_size < 1:
            raise ValueError("batch_size must be at least 1")
        self.batch_size = batch_size
        self._directory = directory
        self.failures: list[Failure] = []
        self.notes: list[str] = []
        self.checked: dict[str, int] = dict.fromkeys(CHECK_IDS, 0)
        self._reported: set[tuple[str, int | None, str, str]] = set()
        # V1
        self._count = 0
        self._tip: tuple[int, bytes, int] | None = None  # index, hash, time
        self._log = EntryLog(directory)
        self._late_heads: list[tuple[SignedHead, str, bool]] = []
        self.rejected: list[RejectedInput] = []
        self._alpha_fields: tuple[str, ...] | None = None
        # V2
        self.definition: Definition | None = None
        self.group: Group | None = None
        self.election_id: bytes | None = None
        self._manifest: Entry | None = None
        self.ceremony_ctx: bytes | None = None
        self.election_ctx: bytes | None = None
        # V3, V4
        self._ceremony_entries: list[Entry] = []
        self._ceremony_after_open = False
        self.ceremony: CeremonyResult | None = None
        self.roll = AnyRollChecker()
        # the mode fake-credentials' roll entries, replayed by restore (a revote roll is copied)
        self._roll_entries: list[Entry] = []
        #: V12 (mode fake-credentials): the board indices of the valid ballots, in board order
        self.mode_ballots: list[int] = []
        #: the decoded ballots waiting for their verdict, and the valid ones (the tally's input)
        self._mode_decoded: dict[int, CredentialBallot] = {}
        # the bodies of the ballots whose V12 outcome comes from elsewhere (workers, the board)
        self._mode_bodies: dict[int, JSONObject] = {}
        self._mode_valid: list[tuple[int, CredentialBallot]] = []
        self._roll_after_open = False
        # V5, V6, V10
        self.open_index: int | None = None
        self.close_index: int | None = None
        self.params: BallotParams | None = None
        self._batch: BatchVerifier | None = None
        self._pending: list[_Pending] = []
        self.state = CredentialState(spill_at, directory)
        self._districts = _Districts()
        self._received: dict[str, list[int]] = {}  # district -> [ballots, challenges]
        # V7–V9
        self._counting: list[Entry] = []
        self._aggregates: mt.Tally | None = None
        #: where V7's products of the counted set are computed in parts (``plebiscite verify
        #: --workers``/``--dask``: :func:`~plebiscite.rules.counting.aggregate_part`), at most
        #: ``aggregate_in_flight`` parts at once; None computes them here
        self.aggregate_submit: counting.PartSubmit | None = None
        self.aggregate_in_flight = 4
        # V11
        self.mixing = MixRounds(spill_at=mix_spill_at, directory=directory)
        # V13, V14
        self.coercion = CoercionTally()

    # -- reporting -------------------------------------------------------------------------

    def fail(self, check: str, index: int | None, field_: str, message: str) -> None:
        """Record a failure (the same failure twice is kept once)."""
        key = (check, index, field_, message)
        if key in self._reported:
            return
        self._reported.add(key)
        self.failures.append(Failure(check, index, field_, message))

    def note(self, text: str) -> None:
        """Record a finding that is not a failure (the same note twice is kept once)."""
        if text not in self.notes:
            self.notes.append(text)

    def fail_error(self, check: str, index: int, exc: Exception) -> None:
        """Record a failure from an error raised while checking entry ``index``."""
        field_, message = _field_and_message(exc)
        self.fail(check, index, field_, message)

    @property
    def entries(self) -> int:
        """How many entries have been fed."""
        return self._count

    # -- feeding ---------------------------------------------------------------------------

    @property
    def tip(self) -> tuple[int, bytes] | None:
        """The index and stored hash of the last entry fed (None before the first)."""
        return None if self._tip is None else self._tip[:2]

    def feed(self, entry: Entry) -> None:
        """Check the next entry of the chain (in board order)."""
        self._feed(entry, defer=False)

    def feed_deferred(
        self,
        entry: Entry,
        hashed: bytes | None = None,
        challenge: ChallengeCheck | None = None,
    ) -> Deferred | None:
        """Feed ``entry`` as :meth:`feed` does, except the pure part of a ballot's V5; ``hashed``,
        when given, is the hash the entry's content gives, computed elsewhere (V1 compares it
        with the hash the entry carries instead of hashing the entry here), and ``challenge``
        the outcome of :func:`check_challenge_pure` for a challenge entry, computed elsewhere.

        For a ballot that has election parameters to be checked against, the sequential part
        runs here (V1, the counters, the window) and a :class:`Deferred` is returned: the caller
        hands :func:`check_ballot_pure` ``(self.params, entry.index, entry.body)`` to a worker and
        passes its outcome to :meth:`feed_checked_ballot` with ``deferred.errors`` before
        feeding the next entry. Any other entry is fed completely and None is returned.
        """
        return self._feed(entry, defer=True, hashed=hashed, challenge=challenge)

    def _feed(
        self,
        entry: Entry,
        *,
        defer: bool,
        hashed: bytes | None = None,
        challenge: ChallengeCheck | None = None,
    ) -> Deferred | None:
        position = self._count
        expected = entry.recomputed_hash() if hashed is None else hashed
        self._chain(entry.index, entry.time, entry.prev, entry.hash, expected)
        kind = entry.kind
        if position == 0 or kind == "manifest":
            self._on_manifest(entry, position)
            return None
        if self.definition is None:
            return None  # nothing else can be checked without the manifest (V2 failed)
        if kind in ("ballot", "challenge") and self.phase == "voting":
            district = entry.body.get("district")
            if isinstance(district, str) and district in self._received:
                self._received[district][kind == "challenge"] += 1
        if kind in CEREMONY_KINDS:
            self._on_ceremony(entry)
        elif kind in ROLL_ENTRY_KINDS:
            self.checked["V4"] += 1
            self._observe_roll(entry)
            if self.open_index is not None:
                self._roll_after_open = True
        elif kind == "open":
            self._on_open(entry)
        elif kind == "ballot":
            return self._on_ballot(entry, defer)
        elif kind == "challenge":
            self._on_challenge(entry, challenge)
        elif kind == "close":
            self._on_close(entry)
        elif kind in MIX_KINDS:
            self._on_mix(entry)
        elif kind in COERCION_TALLY_KINDS:
            self._on_coercion_tally(entry)
        else:  # tally, partial_decryption, result
            self._on_counting(entry)
        return None

    def feed_scanned_ballot(self, scanned: ScannedBallot, hashed: bytes) -> Deferred:
        """:meth:`feed_deferred` for a ballot known by its envelope and district alone (its line
        parsed strictly elsewhere, where the scan was found to agree with the parse, and hashed
        there: ``hashed``). Only for a ballot that :meth:`scanned_ballots` allows; the body goes
        to :func:`check_ballot_pure` where the line was parsed."""
        if not self.scanned_ballots():
            raise ValueError("ballots must be fed whole before the parameters (or in this mode)")
        self._chain(scanned.index, scanned.time, scanned.prev, scanned.hash, hashed)
        if self.phase == "voting":
            counts = self._received.get(scanned.district)
            if counts is not None:
                counts[0] += 1
        deferred = self._ballot_timing(scanned.index, scanned.time)
        assert deferred is not None  # the parameters exist (scanned_ballots)
        return deferred

    def scanned_ballots(self) -> bool:
        """Whether the next ballots may be fed by :meth:`feed_scanned_ballot`: after the
        manifest, with election parameters, outside the mode fake-credentials (whose checks
        need the body here)."""
        definition = self.definition
        return (
            self._count > 0
            and definition is not None
            and not definition.fake_credentials
            and self.params is not None
        )

    def feed_all(self, entries: Iterable[Entry]) -> None:
        for entry in entries:
            self.feed(entry)

    # -- V1 ---------------------------------------------------------------------------------

    def _chain(self, index: int, time: int, prev: bytes, stored: bytes, expected: bytes) -> None:
        """V1 for the next entry of the chain (its envelope; ``expected``: the hash its content
        gives), then the entry is appended to the chain."""
        position = self._count
        self.checked["V1"] += 1
        if index != position:
            self.fail("V1", index, "index", f"{index} where {position} was expected")
        tip = self._tip
        want_prev = GENESIS_PREV if tip is None else tip[1]
        if prev != want_prev:
            self.fail("V1", index, "prev", f"{prev.hex()} does not link to {want_prev.hex()}")
        if tip is not None and time < tip[2]:
            self.fail("V1", index, "time", f"{time} is before the previous entry's {tip[2]}")
        if expected != stored:
            self.fail(
                "V1",
                index,
                "hash",
                f"stored {stored.hex()} but the entry hashes to {expected.hex()}",
            )
        self._count += 1
        self._log.append(position, stored, time)
        self._tip = (index, stored, time)

    def feed_head(
        self, head: SignedHead, where: str, *, outside: bool = False, signed: bool | None = None
    ) -> None:
        """Check a signed head or receipt (from the record or kept outside; ``where`` names it).

        Its signature must be the board key's over this election's head, and it must name an
        entry of the chain with the same hash and time. A head naming an entry not fed yet is
        checked at :meth:`finish`. A head given from ``outside`` the record that is not signed by
        the board's key for this election is rejected input (:meth:`reject`), not a failure:
        anyone can write one (spec §13 V1.6). ``signed``, when given, is whether the signature
        verifies under the manifest's board key, computed elsewhere.
        """
        self.checked["V1"] += 1
        if self.definition is None or head.index >= self._count:
            self._late_heads.append((head, where, outside))
            return
        self._check_head(head, where, outside, signed)

    def reject(self, place: str, message: str) -> None:
        """Record a line given from outside the record as rejected input (a warning)."""
        self.rejected.append(RejectedInput(place, message))

    def _check_head(
        self, head: SignedHead, where: str, outside: bool, signed: bool | None = None
    ) -> None:
        definition = self.definition
        board_key = definition.keys.board if definition is not None else None
        if board_key is None or self.election_id is None:
            message = "no board key in the manifest to check this head"
            if outside:
                self.reject(where, message)
            else:
                self.fail("V1", head.index, where, message)
            return
        foreign = head.election_id != self.election_id
        problem = None
        if foreign:
            problem = f"signed head for election {head.election_id.hex()}, not this election's"
        elif not (head.verify(board_key) if signed is None else signed):
            problem = "the signature is not the board key's"
        if problem is not None and outside:
            self.reject(where, f"{problem}: not a head or receipt of this board, not checked")
            return
        if problem is not None:
            self.fail("V1", head.index, where, problem)
            if not foreign:  # a bad signature names nothing: a foreign head is still compared
                return
        found = self._log.get(head.index)
        if found is None:
            self.fail(
                "V1",
                head.index,
                where,
                f"a signed head or receipt names entry {head.index}, but the chain has only "
                f"{self._count} entries",
            )
            return
        entry_hash, time = found
        if entry_hash != head.entry_hash:
            self.fail(
                "V1",
                head.index,
                where,
                f"signed head names hash {head.entry_hash.hex()} for entry {head.index}, but "
                f"the chain's entry hashes to {entry_hash.hex()}",
            )
        elif time != head.time:
            self.fail(
                "V1",
                head.index,
                where,
                f"signed head names time {head.time} for entry {head.index}, the chain {time}",
            )

    # -- V2 ---------------------------------------------------------------------------------

    def _on_manifest(self, entry: Entry, position: int) -> None:
        self.checked["V2"] += 1
        index = entry.index
        if position != 0 or entry.kind != "manifest":
            what = "a second manifest" if position else f"{entry.kind!r} as the first entry"
            self.fail("V2", index, "kind", f"{what}: the board starts with exactly one manifest")
            return
        try:
            definition = Definition.from_manifest(unsigned_part(entry.body))
        except PlebisciteError as exc:
            self.fail("V2", index, "body", f"the manifest does not parse: {exc}")
            return
        keys = definition.keys
        if definition.election_id is None or not keys.complete:
            self.fail("V2", index, "body", "the manifest lacks the election id or a key")
            return
        assert keys.authority is not None
        try:
            verify_body_signature(
                keys.authority, definition.election_id, "manifest", entry.body, "m", "authority"
            )
        except (ProofError, RecordError):
            self.fail("V2", index, "body.signature", "not a valid signature by the authority")
        try:
            group = get_group(definition.group)
        except PlebisciteError as exc:
            self.fail("V2", index, "body.group", str(exc))
            return
        self.definition, self.group, self.election_id = definition, group, definition.election_id
        self._manifest = entry
        self.ceremony_ctx = ceremony_context(
            definition.election_id, entry.body, group, definition.trustees.n, definition.trustees.k
        )
        self._ceremony_entries.append(entry)
        self._observe_roll(entry)
        self._received = {d.id: [0, 0] for d in definition.districts}

    def _check_fingerprint(self, entry: Entry) -> None:
        assert self.definition is not None
        self.checked["V2"] += 1
        trustee, key = entry.body.get("trustee"), entry.body.get("key")
        members = self.definition.trustees.members
        if type(trustee) is not int or not 1 <= trustee <= len(members):
            return  # malformed: the ceremony check reports it
        try:
            fingerprint = VerifyingKey.from_hex(key, "body.key").fingerprint()
        except EncodingError:
            return
        member = members[trustee - 1]
        if fingerprint != member.fingerprint:
            self.fail(
                "V2",
                entry.index,
                "body.key",
                f"trustee {trustee} ({member.id}) posts a key whose fingerprint {fingerprint} is "
                f"not the manifest's {member.fingerprint}",
            )

    def _authority_signed(self, entry: Entry) -> bool:
        assert self.definition is not None and self.election_id is not None
        authority = self.definition.keys.authority
        assert authority is not None
        self.checked["V2"] += 1
        try:
            verify_body_signature(
                authority, self.election_id, entry.kind, entry.body, "e", "authority"
            )
        except (ProofError, RecordError):
            self.fail("V2", entry.index, "body.signature", "not a valid signature by the authority")
            return False
        return True

    # -- V3, V4 -------------------------------------------------------------------------------

    def _on_ceremony(self, entry: Entry) -> None:
        self.checked["V3"] += 1
        self._ceremony_entries.append(entry)
        if entry.kind == "trustee_commit":
            self._check_fingerprint(entry)
        if self.open_index is not None:
            self._ceremony_after_open = True

    def _run_ceremony(self, until_open: Entry | None) -> CeremonyResult:
        entries = list(self._ceremony_entries)
        if until_open is not None:
            entries.append(until_open)
        # the ceremony's elements checked by one membership fold (docs/spec.md §3.2)
        result = membership_folded(self.group, lambda: check_ceremony(entries, final=True))
        for finding in result.failures:
            self.fail("V3", finding.index, finding.field, finding.message)
        for note in result.findings:
            self.note(f"V3 note: {note}")
        return result

    def _run_roll(self) -> None:
        for failure in self.roll.report().failures:
            self.fail("V4", failure.index, failure.field, failure.message)

    # -- open ---------------------------------------------------------------------------------

    def _observe_roll(self, entry: Entry) -> None:
        self.roll.observe(entry)
        if self.roll.copy_unsupported:
            self._roll_entries.append(entry)

    def _on_open(self, entry: Entry) -> None:
        self._observe_roll(entry)
        if self.open_index is not None:
            self.checked["V2"] += 1
            self.fail(
                "V2", entry.index, "kind", f"a second open (the first is entry {self.open_index})"
            )
            return
        self.open_index = entry.index
        self._authority_signed(entry)
        self.ceremony = self._run_ceremony(entry)
        self._run_roll()
        self._make_params(entry)

    def _make_params(self, entry: Entry) -> None:
        definition, group, ceremony = self.definition, self.group, self.ceremony
        assert definition is not None and group is not None and ceremony is not None
        keys = definition.keys
        assert keys.board and keys.authority and keys.credential_authority
        if ceremony.joint_key is None or self.ceremony_ctx is None:
            self.fail("V2", entry.index, "body", "no election key: the ballots cannot be checked")
            return
        roots = self.roll.report().roots()
        try:
            self.election_ctx = election_context(
                group,
                self.ceremony_ctx,
                ceremony.joint_key,
                ceremony.verification_keys,
                ceremony.qualified,
                roots,
                keys.board,
                keys.authority,
                keys.credential_authority,
            )
        except PlebisciteError as exc:
            self._params_failed(exc)
            return
        try:
            posted = counting.read_open(entry)
        except RecordError as exc:
            self.fail_error("V2", entry.index, exc)
        else:
            if posted != self.election_ctx:
                self.fail(
                    "V2",
                    entry.index,
                    "body.election_context",
                    f"{posted.hex()} but the recomputed election context is "
                    f"{self.election_ctx.hex()}",
                )
        try:
            self.params = BallotParams.from_manifest(
                group,
                ceremony.joint_key,
                self.election_ctx,
                [(len(q.options), q.min, q.max) for q in definition.questions],
                [d.id for d in definition.districts],
            )
        except PlebisciteError as exc:
            self._params_failed(exc)
            return
        self._batch = BatchVerifier(group)
        registered = sum(d.registered for d in definition.districts)
        ballots = registered + registered // 4  # revotes and challenges: a size, not a bound
        width = sum(len(q.options) for q in definition.questions)
        self.state.expect(ballots, ballots * width, registered)

    def _params_failed(self, exc: PlebisciteError) -> None:
        """Report why the ballots' parameters cannot be built (never raise from the record):
        a joint key or verification key that is the identity is the ceremony's (V3), anything
        else the manifest's (V2)."""
        ceremony, group = self.ceremony, self.group
        assert ceremony is not None and group is not None
        keys = [ceremony.joint_key, *ceremony.verification_keys.values()]
        if any(k is not None and group.is_identity(k) for k in keys):
            where = ceremony.election_key_index
            self.fail("V3", where, "body.joint_key", f"the ballots cannot be checked: {exc}")
        else:
            self.fail("V2", 0, "body", f"the election parameters cannot be built: {exc}")

    # -- V5, V10 ------------------------------------------------------------------------------

    def _timing(self, time: int, what: str) -> list[tuple[str, str]]:
        assert self.definition is not None
        errors: list[tuple[str, str]] = []
        if self.open_index is None:
            errors.append(("kind", f"a {what} before voting opened (no open entry before it)"))
        if self.close_index is not None:
            errors.append(("kind", f"a {what} after close (entry {self.close_index})"))
        window = self.definition.window
        if not window.contains(time):
            errors.append(
                (
                    "time",
                    f"board time {time} is outside the voting window "
                    f"[{window.opens_us}, {window.closes_us})",
                )
            )
        return errors

    def _on_ballot(self, entry: Entry, defer: bool) -> Deferred | None:
        if self.definition is not None and self.definition.fake_credentials:
            return self._on_credential_ballot(entry, defer)
        deferred = self._ballot_timing(entry.index, entry.time)
        if deferred is None or defer:
            return deferred
        params = self.params
        assert params is not None  # else no Deferred
        result = check_ballot_pure(params, entry.index, entry.body, self._batch)
        self.feed_checked_ballot(result, deferred.errors)
        return None

    def _ballot_timing(self, index: int, time: int) -> Deferred | None:
        """V5's count and time rules of a ballot (mode revote) as a :class:`Deferred`; None, the
        failures reported, when there are no parameters to check it against."""
        self.checked["V5"] += 1
        errors = self._timing(time, "ballot")
        if self.params is None:
            for field_, message in errors:
                self.fail("V5", index, field_, message)
            self.fail("V5", index, "body", "no checked election parameters (see V2/V3)")
            return None
        return Deferred(index, tuple(errors))

    def feed_checked_ballot(
        self,
        result: BallotCheck,
        errors: Iterable[tuple[str, str]] = (),
        decoded: CredentialBallot | None = None,
    ) -> None:
        """Apply a ballot checked by :func:`check_ballot_pure` (its proofs in this checker's
        batch, or already checked by a runner): roll membership, then V6 in board order. In
        the mode fake-credentials (:func:`check_mode_ballot_pure`) the ballot's own failures are
        V12's, ``errors`` (the time rules) V5's, and a ballot that passed is kept decoded for the
        tally (V13): ``decoded`` when the caller has it, else its body decoded again here (the
        proofs are not checked twice)."""
        own = self._set_check if self._set_check == "V12" else "V5"
        if own == "V12":
            self._keep_mode_ballot(result, decoded)
        problems = list(errors) + (list(result.errors) if own == "V5" else [])
        if result.credential is not None and result.district is not None:
            on_roll = self.roll.district_of(result.credential)
            if on_roll is None:
                problems.append(("body.credential", "the credential is on no district's roll"))
            elif on_roll != result.district:
                problems.append(
                    (
                        "body.district",
                        f"the credential is on the roll of district {on_roll!r}, not "
                        f"{result.district!r}",
                    )
                )
        if result.head is not None:
            logged = self._log.get(result.index)
            time = logged[1] if logged is not None else 0
            problem = self.head_problem(result.head, result.index, time)
            if problem is not None:
                problems.append((problem.field, problem.message))
        for field_, message in problems:
            self.fail("V5", result.index, field_, message)
        if own == "V12":
            for field_, message in result.errors:
                self.fail(own, result.index, field_, message)
        for path in result.failed_proofs:
            self.fail(own, result.index, path, _BATCH_FAILED)
        cts = b""
        if result.encoded is not None:
            cts = result.encoded
        elif result.ballot is not None and self.group is not None:
            cts = _encode_ciphertexts(self.group, result.ballot)
        self._pending.append(
            _Pending(
                KIND_BALLOT,
                result.index,
                result.identity,
                result.credential,
                result.district,
                not problems and not result.errors and not result.failed_proofs and result.passed,
                cts,
                result.head.index if result.head is not None else 0,
            )
        )
        if len(self._pending) >= self.batch_size:
            self.flush()

    def _on_credential_ballot(self, entry: Entry, defer: bool) -> Deferred | None:
        """A ballot of the mode fake-credentials: V5's time rules, then V12 (spec §16.5 step 1:
        its proofs against the district's roll, and in board order no replay of an identical
        statement nor a copied ciphertext). Deferred as V5's pure part is (:meth:`ballot_pure`
        runs where the caller likes)."""
        self.checked["V5"] += 1
        self.checked["V12"] += 1
        errors = self._timing(entry.time, "ballot")
        if self.params is None:
            for field_, message in errors:
                self.fail("V5", entry.index, field_, message)
            self.fail("V12", entry.index, "body", "no checked election parameters (see V2/V3)")
            return None
        self._mode_bodies[entry.index] = entry.body
        if defer:
            return Deferred(entry.index, tuple(errors))
        self.feed_checked_ballot(self.ballot_pure(entry.index, entry.body), errors)
        return None

    def _keep_mode_ballot(self, result: BallotCheck, decoded: CredentialBallot | None) -> None:
        """Keep the decoded mode ballot of ``result`` for the tally, when it passed."""
        body = self._mode_bodies.pop(result.index, None)
        if result.identity is None or result.index in self._mode_decoded:
            return
        if decoded is None and body is not None and self.params is not None:
            decoded = decode_credential_ballot(self.params, body, entry_where(result.index))
        if decoded is not None:
            self._mode_decoded[result.index] = decoded

    def ballot_pure(self, index: int, body: JSONObject) -> BallotCheck:
        """The pure part of a ballot's check, in this election's mode: V5's
        (:func:`check_ballot_pure`, unbatched) or V12's (:func:`check_mode_ballot`, against the
        district's roll; the decoded ballot kept for the tally)."""
        params, definition = self.params, self.definition
        assert params is not None and definition is not None
        if not definition.fake_credentials:
            return check_ballot_pure(params, index, body)
        try:
            ballot = check_mode_ballot(
                params, self.roll.roll, definition.anonymity, body, entry_where(index)
            )
        except (RecordError, ProofError) as exc:
            return BallotCheck(index, None, None, None, None, (_field_and_message(exc),))
        self._mode_decoded[index] = ballot
        return mode_ballot_check(params.group, index, ballot)

    @property
    def _set_check(self) -> str:
        """The check of replays and copied ciphertexts: V6, or V12 in the mode fake-credentials."""
        definition = self.definition
        return "V12" if definition is not None and definition.fake_credentials else "V6"

    def head_problem(self, head: NamedHead, index: int, time: int) -> HeadProblem | None:
        """V5.7 for a ballot at entry ``index`` and board time ``time`` naming ``head``: None when
        the head is an earlier entry of the chain with that hash that was still the latest head
        at most the manifest's ``max_ballot_age`` before ``time`` (the entry after it, if any
        before the ballot, is at most that much older), else the problem (spec §11.4)."""
        logged = self._log.get(head.index) if head.index < index else None
        if logged is None:
            return HeadProblem(
                "unknown_head",
                "body.head.index",
                f"the named head {head.index} is not an earlier entry of the board "
                f"(the ballot is entry {index})",
            )
        entry_hash, _ = logged
        if entry_hash != head.hash:
            return HeadProblem(
                "unknown_head",
                "body.head.hash",
                f"{head.hash.hex()} is not the hash of entry {head.index} ({entry_hash.hex()})",
            )
        following = self._log.get(head.index + 1) if head.index + 1 < index else None
        if following is None:
            return None  # the named head is the latest before the ballot
        assert self.definition is not None
        age, replaced = self.definition.max_ballot_age, following[1]
        if time - replaced > age * 1_000_000:
            return HeadProblem(
                "stale_head",
                "body.head",
                f"stale: its named head (entry {head.index}) was followed by entry "
                f"{head.index + 1} at {format_time(replaced)}, {(time - replaced) // 1_000_000} "
                f"seconds before the ballot ({format_time(time)}); at most {age} are allowed "
                "(max_ballot_age)",
            )
        return None

    def _on_challenge(self, entry: Entry, outcome: ChallengeCheck | None = None) -> None:
        self.checked["V10"] += 1
        timing = self._timing(entry.time, "challenge")
        for field_, message in timing:
            self.fail("V10", entry.index, field_, message)
        params = self.params
        if params is None:
            self.fail("V10", entry.index, "body", "no checked election parameters (see V2/V3)")
            return
        definition = self.definition
        if definition is not None and definition.fake_credentials:
            self._on_credential_challenge(entry, params, definition.anonymity, not timing)
            return
        if (outcome is None or outcome.index != entry.index) and self._batch is not None:
            # its group equations join the batch of the ballots (checked at the flush, as
            # check_challenges_pure checks a chunk's challenges); the outcome is settled there
            where = entry_where(entry.index)
            opened = open_challenge_into(params, entry.body, where, self._batch)
            item = _Pending(KIND_CHALLENGE, entry.index, None, None, None, not timing)
            item.body, item.opened = entry.body, opened
            self._pending.append(item)
            if len(self._pending) >= self.batch_size:
                self.flush()
            return
        if outcome is None or outcome.index != entry.index:
            outcome = check_challenge_pure(params, entry.index, entry.body)
        if outcome.error is not None:
            self.fail("V10", entry.index, *outcome.error)
        valid = outcome.error is None and not timing
        self._pending.append(
            _Pending(
                KIND_CHALLENGE,
                entry.index,
                outcome.identity,
                None,
                outcome.district,
                valid,
                outcome.encoded,
            )
        )

    def _on_credential_challenge(
        self, entry: Entry, params: BallotParams, anonymity: int, timely: bool
    ) -> None:
        """A challenge of the mode fake-credentials (V10, spec §16.5): the opening and every
        proof against the district's roll; its identity is the ballot statement. An invalid one
        is not "seen" (it blocks nothing)."""
        try:
            opened = check_credential_challenge(
                params, self.roll.roll, anonymity, entry.body, entry_where(entry.index)
            )
        except (RecordError, ProofError) as exc:
            self.fail_error("V10", entry.index, exc)
            return
        ballot = opened.ballot
        cts = ballot.encoded_options(params.group)
        self._pending.append(
            _Pending(
                KIND_CHALLENGE, entry.index, opened.identity, None, ballot.district, timely, cts
            )
        )

    def flush(self) -> None:
        """Check the batched proofs, then apply every pending ballot and challenge (V6)."""
        failed: dict[int, list[str]] = {}
        if self._batch is not None and len(self._batch):
            index_of = {entry_where(item.index): item.index for item in self._pending}
            for label in self._batch.check():
                where, path = place_of(label)
                failed.setdefault(index_of[where], []).append(path)
            self._batch = BatchVerifier(self._batch.group)
        pending, self._pending = self._pending, []
        for item in pending:
            if item.body is not None:
                self._settle_challenge(item, item.index in failed)
            else:
                for path in failed.get(item.index, []):
                    self.fail("V5", item.index, path, _BATCH_FAILED)
                    item.valid = False
        for item in pending:
            if item.kind == KIND_BALLOT:
                self._apply_ballot(item)
            else:
                self._apply_challenge(item)

    def _settle_challenge(self, item: _Pending, failed: bool) -> None:
        """V10's outcome of a challenge whose equations were in the batch: what it opened when
        they held (``failed``: one did not), else :func:`check_challenge_pure` alone, which names
        the error as a check of that challenge alone does."""
        params, body = self.params, item.body
        assert params is not None and body is not None
        if item.opened is None or failed:
            outcome = check_challenge_pure(params, item.index, body)
        else:
            outcome = _opened_check(params, item.index, item.opened)
        if outcome.error is not None:
            self.fail("V10", item.index, *outcome.error)
        item.identity, item.district, item.ciphertexts = (
            outcome.identity,
            outcome.district,
            outcome.encoded,
        )
        item.valid = item.valid and outcome.error is None
        item.body = item.opened = None

    def _apply_ballot(self, item: _Pending) -> None:
        check = self._set_check
        decoded = self._mode_decoded.pop(item.index, None)
        if check == "V6":
            self.checked["V6"] += 1
        if item.identity is None or not item.valid:
            # an invalid ballot (V5) is not "seen": a hostile board cannot void a voter's ballot by
            # posting a broken copy of it first
            return
        earlier = self.state.seen(item.identity)
        if earlier is not None:
            self.fail(check, item.index, "body", _replay_message(earlier))
            return
        if not self._fresh_alphas(item, "ballot", "supersedes nothing"):
            return
        self.state.add_seen(item.identity, KIND_BALLOT, item.index)
        if check == "V12" and item.district is not None:  # valid, in board order (spec §16.5)
            districts = self._districts
            districts.valid[item.district] = districts.valid.get(item.district, 0) + 1
            self.mode_ballots.append(item.index)
            if decoded is not None:  # the tally's input (V13)
                self._mode_valid.append((item.index, decoded))
        if item.credential is None or item.district is None:
            return
        districts = self._districts
        districts.valid[item.district] = districts.valid.get(item.district, 0) + 1
        previous = self.state.counted(item.credential)
        if previous is not None and item.head < previous.head:
            # it names an earlier head than the counted ballot: what the voter signed later
            # wins over where the board put it (spec §11.4), so it is superseded as it arrives
            districts.superseded[item.district] = districts.superseded.get(item.district, 0) + 1
            return
        if previous is not None:
            districts.superseded[previous.district] = (
                districts.superseded.get(previous.district, 0) + 1
            )
        self.state.set_counted(
            item.credential, Counted(item.district, item.index, item.ciphertexts, item.head)
        )
        self._aggregates = None

    def _apply_challenge(self, item: _Pending) -> None:
        check = self._set_check
        if check == "V6":
            self.checked["V6"] += 1
        if item.identity is None:
            return
        if not item.valid or item.district is None:
            return  # an invalid challenge (V10) is not "seen": it cannot block a later ballot
        earlier = self.state.seen(item.identity)
        if earlier is not None:
            what = "cast" if earlier.kind == KIND_BALLOT else "challenged"
            self.fail(
                check,
                item.index,
                "body",
                f"a challenge of the ballot already {what} at entry {earlier.index}: a ballot is "
                "challenged at most once and never after it was cast; invalid, it changes nothing",
            )
            return
        challenged = self._districts.challenged
        bound = self.challenge_bound(item.district)
        if challenged.get(item.district, 0) >= bound:
            self.fail(
                "V10",
                item.index,
                "body.district",
                f"district {item.district!r} already has {bound} valid challenges, its registered "
                "voters: no more count (spec §11.6); invalid, the challenge changes nothing",
            )
            return
        if not self._fresh_alphas(item, "challenge", "changes nothing"):
            return
        self.state.add_seen(item.identity, KIND_CHALLENGE, item.index)
        challenged[item.district] = challenged.get(item.district, 0) + 1

    def challenge_bound(self, district: str) -> int:
        """How many valid challenges count in ``district`` (spec §11.6): its registered voters."""
        if self.definition is None:
            return 0
        return next((d.registered for d in self.definition.districts if d.id == district), 0)

    def challenges_valid(self, district: str) -> int:
        """The valid challenges of ``district`` so far."""
        self.flush()
        return self._districts.challenged.get(district, 0)

    def _fresh_alphas(self, item: _Pending, what: str, effect: str) -> bool:
        """V6: no α of ``item``'s ciphertexts was seen before (nor twice in it); record them
        when so, else fail at the first repeated one and return False."""
        keys = self._alpha_keys(item.ciphertexts)
        reused = self._reused_key(keys)
        if reused is not None:
            field_, earlier = reused
            where = "another option of the same entry" if earlier is None else f"entry {earlier}"
            self.fail(
                self._set_check,
                item.index,
                field_,
                f"the ciphertext's α is also that of {where}: no ciphertext may appear twice on "
                f"the board (a copied ciphertext); invalid, the {what} {effect}",
            )
            return False
        self.state.add_alphas(keys, item.index)
        return True

    def _alpha_keys(self, cts: bytes) -> list[bytes]:
        assert self.group is not None
        group = self.group
        size, encoding = group.kept_bytes, group.kept_encoding
        return [alpha_key(encoding(cts[at : at + size])) for at in range(0, len(cts), 2 * size)]

    def _reused_alpha(self, cts: bytes) -> tuple[str, int | None] | None:
        """The field of the first ciphertext in ``cts`` (the counted form) whose α was seen
        before, with the entry index (None: repeated within ``cts``); None when all are fresh."""
        return self._reused_key(self._alpha_keys(cts))

    def _reused_key(self, keys: list[bytes]) -> tuple[str, int | None] | None:
        """:meth:`_reused_alpha` of the αs' keys (:meth:`_alpha_keys`)."""
        if self._alpha_fields is None:
            assert self.definition is not None
            self._alpha_fields = tuple(
                f"body.questions[{q}].ciphertexts[{o}].alpha"
                for q, question in enumerate(self.definition.questions)
                for o in range(len(question.options))
            )
        mine: set[bytes] = set()
        for field_, key in zip(self._alpha_fields, keys, strict=True):
            if key in mine:
                return field_, None
            mine.add(key)
            earlier = self.state.alpha_seen(key)
            if earlier is not None:
                return field_, earlier
        return None

    def reused_alpha_of(self, cts: bytes) -> tuple[str, int | None] | None:
        """:meth:`reused_alpha` for option ciphertexts already in the counted form."""
        self.flush()
        return self._reused_alpha(cts)

    def reused_alpha(self, encrypted: EncryptedBallot) -> tuple[str, int | None] | None:
        """Where ``encrypted`` repeats the α of a ciphertext already on the board (valid ballots
        and challenges so far) or of another of its own options: ``(field, entry index or
        None)``; None when every α is fresh (V6)."""
        self.flush()
        assert self.group is not None
        return self._reused_alpha(encode_ciphertexts(self.group, encrypted))

    # -- close and counting ---------------------------------------------------------------------

    def _on_close(self, entry: Entry) -> None:
        self.flush()
        if self.close_index is not None:
            self.checked["V2"] += 1
            self.fail(
                "V2", entry.index, "kind", f"a second close (the first is entry {self.close_index})"
            )
            return
        self.close_index = entry.index
        self._authority_signed(entry)
        self._counting.append(entry)

    def _on_counting(self, entry: Entry) -> None:
        self.flush()
        if entry.kind in ("tally", "result"):
            self._authority_signed(entry)
        self._counting.append(entry)

    @property
    def counted_at(self) -> int | None:
        """The board index of the first ``tally`` or ``result`` entry (None before one): the
        fake-credentials tally's entries end there (spec §16.5)."""
        return next((e.index for e in self._counting if e.kind in ("tally", "result")), None)

    # -- V11 ------------------------------------------------------------------------------------

    def _on_mix(self, entry: Entry) -> None:
        self.flush()
        self.checked["V11"] += 1

        def fail(field_: str, message: str) -> None:
            self.fail("V11", entry.index, field_, message)

        self.mixing.feed(self, entry.kind, entry.body, entry.index, fail)

    def mix_input(self, ref: ListRef) -> Iterator[tuple[Ciphertext, ...]]:
        """The first input of a mix round (V11): the list ``ref`` names, recomputed from the
        board, decoded item by item as it is read. A list kind of another election mode
        resolves here too."""
        if ref.kind == "counted":
            return self._counted_items(ref.district)
        if ref.kind == KEPT_LIST:
            return iter(self.coercion.kept_items(ref.district))
        raise RecordError(f"no list of kind {ref.kind!r} in this election")

    # -- V13, V14 -------------------------------------------------------------------------------

    def _on_coercion_tally(self, entry: Entry) -> None:
        self.flush()
        self.checked[check_of(entry.kind, entry.body)] += 1

        def fail(check_: str, field_: str, message: str) -> None:
            self.fail(check_, entry.index, field_, message)

        self.coercion.feed(self, entry.kind, entry.body, entry.index, fail)
        self._aggregates = None  # a pet_match makes the matched ballots the counted set

    def credential_ballots(self, district: str) -> list[tuple[int, CredentialBallot]]:
        """The valid ballots of the mode fake-credentials in ``district`` (V12), in board order,
        with their board indices: the input of its tally (V13); none in an election of the mode
        revote."""
        self.flush()
        return [(j, b) for j, b in self._mode_valid if b.district == district]

    def counted_list(self, district: str) -> list[tuple[Ciphertext, ...]]:
        """The counted ballots of ``district`` in board order, each the tuple of its option
        ciphertexts question by question (the input of its ``counted`` mix round, V11)."""
        return list(self._counted_items(district))

    def _counted_items(self, district: str) -> Iterator[tuple[Ciphertext, ...]]:
        """The counted ballots of ``district`` read back from the state's counted form, which
        this checker wrote from the elements V5 decoded and checked: no second subgroup check
        (on modp4096 a full exponentiation each) and no square root of a secp256k1 point
        (:meth:`~plebiscite.crypto.group.Group.kept`)."""
        self.flush()
        assert self.group is not None and self.definition is not None
        group = self.group
        width = sum(len(q.options) for q in self.definition.questions)
        rows = sorted(
            (item.index, item.ciphertexts)
            for _, item in self.state.iter_counted()
            if item.district == district
        )
        for _, data in rows:
            yield tuple(decode_ciphertexts(group, data, width))

    # -- queries (the board, the tally, the trustees) ---------------------------------------------

    def on_roll(self, credential: bytes, district: str) -> bool:
        """Whether ``credential`` (x-only key) is on the roll of ``district``."""
        return self.roll.district_of(credential) == district

    def seen(self, identity: bytes) -> Seen | None:
        """Where a ballot identity was first seen (as a ballot or a challenge), or None."""
        self.flush()
        return self.state.seen(identity)

    def counted(self, credential: bytes) -> Counted | None:
        """The counted ballot of ``credential`` so far (its last valid ballot), or None."""
        self.flush()
        return self.state.counted(credential)

    def aggregates(self) -> mt.Tally:
        """Per district × question × option: the product of the counted ciphertexts and the
        number of ballots counted (cached until the counted set changes)."""
        self.flush()
        if self._aggregates is None:
            assert self.definition is not None and self.group is not None
            matched = self._matched()
            self._aggregates = counting.aggregate(
                self.group,
                self.definition,
                self.state.iter_counted() if matched is None else matched,
                submit=self.aggregate_submit,
                in_flight=self.aggregate_in_flight,
            )
        return self._aggregates

    def prepare_aggregates(self) -> None:
        """Make V7's products now, while :attr:`aggregate_submit` can still reach its workers,
        when the record has a close and a tally whose check at :meth:`finish` will need them
        (they stay cached until the counted set changes)."""
        if (
            self.aggregate_submit is not None
            and self.close_index is not None
            and self.definition is not None
            and self.group is not None
            and any(e.kind == "tally" for e in self._counting)
        ):
            self.aggregates()

    def _matched(self) -> list[tuple[bytes, Counted]] | None:
        """The fake-credentials tally's counted set (spec §16.5 step 5: the matched ballots of
        each district's ``pet_match``, their option ciphertexts encoded as V6's; none for a
        district without one), or None when the board holds no ``pet_match`` in the mode revote
        (V6's counted set)."""
        matched = self.coercion.matched()
        mode = self.definition is not None and self.definition.fake_credentials
        if not matched and not mode:
            return None
        assert self.group is not None
        keep = self.group.keep
        return [
            (b"", Counted(district, p, keep([x for ct in cts for x in (ct.alpha, ct.beta)])))
            for district, items in matched.items()
            for p, cts in enumerate(items)
        ]

    def figures(self) -> counting.BoardFigures:
        """Counted, superseded, challenged and received ballots per district, recomputed."""
        self.flush()
        assert self.definition is not None
        counted = dict.fromkeys((d.id for d in self.definition.districts), 0)
        matched = self._matched()
        for _, item in self.state.iter_counted() if matched is None else matched:
            counted[item.district] = counted.get(item.district, 0) + 1
        d = self._districts
        superseded = dict(d.superseded)
        if matched is not None:  # the mode's revotes: the ballots its dedup round dropped
            for district in counted:
                valid = len(self.credential_ballots(district))
                superseded[district] = self.coercion.superseded(district, valid)
        received = tuple(mt.Received(k, v[0], v[1]) for k, v in self._received.items())
        return counting.BoardFigures(
            counted=counted,
            superseded=superseded,
            challenged=dict(d.challenged),
            received=received,
        )

    @property
    def phase(self) -> str:
        """``setup`` (before open), ``voting``, ``closed`` or ``empty`` (no manifest)."""
        if self.definition is None:
            return "empty"
        if self.open_index is None:
            return "setup"
        return "voting" if self.close_index is None else "closed"

    # -- the end ------------------------------------------------------------------------------

    @property
    def election_state(self) -> str:
        """Where the election stands on the record: ``empty`` (no manifest), ``setup`` (not
        open), ``open`` (voting), ``closed`` (no result yet) or ``complete`` (a result)."""
        phase = self.phase
        if phase == "voting":
            return "open"
        if phase == "closed" and any(e.kind == "result" for e in self._counting):
            return "complete"
        return phase

    def finish(self, record: str | None = None, *, in_progress: bool = False) -> Report:
        """Run the end-of-record checks and return the report (the checker can still be fed).

        ``in_progress``: the election is still running, so what its state does not have yet
        (voting not opened, no close, no tally or result) is its state, not a failure; every
        entry that is there is checked as always.
        """
        self.flush()
        late, self._late_heads = self._late_heads, []
        for head, where, outside in late:
            self._check_head(head, where, outside)
        if self._count == 0:
            self.fail("V1", None, "entries", "the record holds no entries")
        elif self.definition is not None:
            if self.open_index is None:
                self.ceremony = self._run_ceremony(None)
                self._run_roll()
                if not in_progress:
                    self.fail("V5", None, "open", "voting never opened: no open entry")
            else:
                if self._ceremony_after_open:
                    self._run_ceremony(None)
                self._run_roll()
            self._finish_counting(in_progress)
            self._finish_mixing(in_progress)
            counts = (e.index for e in self._counting if e.kind in ("tally", "result"))
            self.coercion.finish(
                self.fail, in_progress=in_progress, board=self, counted_at=next(counts, None)
            )
        figures: dict[str, int] = {"entries": self._count}
        if self.definition is not None and self.group is not None:
            f = self.figures()
            figures.update(
                counted=sum(f.counted.values()),
                superseded=sum(f.superseded.values()),
                challenged=sum(f.challenged.values()),
                registered=self.definition.total_registered,
            )
        return Report(
            entries=self._count,
            failures=tuple(sort_failures(self.failures)),
            checked=dict(self.checked),
            notes=tuple(self.notes),
            figures=figures,
            record=record,
            state=self.election_state,
            in_progress=in_progress,
            rejected=tuple(self.rejected),
            mode=None if self.definition is None else self.definition.coercion,
        )

    def _finish_counting(self, in_progress: bool) -> None:
        assert self.definition is not None
        if self.close_index is None:
            if not in_progress:
                self.fail(
                    "V7",
                    None,
                    "close",
                    "the board was never closed: no close entry (for an election still "
                    "running, verify with --in-progress)",
                )
            return
        if self.ceremony is None or self.group is None or self.election_id is None:
            return
        counting.check_counting(self, self._counting, in_progress=in_progress)

    def _finish_mixing(self, in_progress: bool) -> None:
        assert self.definition is not None

        def fail(field_: str, message: str) -> None:
            self.fail("V11", None, field_, message)

        self.mixing.finish(self.definition.trustees.k, fail, in_progress=in_progress)

    # -- snapshots ------------------------------------------------------------------------------

    def snapshot(self) -> CheckerSnapshot:
        """The state so far (pending ballots flushed), to :meth:`restore` later in this process."""
        self.flush()
        copied: dict[str, object] = {}
        for name, value in vars(self).items():
            if name in ("state", "_log", "roll"):
                continue
            copied[name] = _copy_value(value)
        copied["state"] = self.state.copy()
        copied["_log"] = self._log.copy()
        copied["roll"] = self.roll.copy()
        return CheckerSnapshot(self._count, copied)

    def restore(self, snapshot: CheckerSnapshot, *, take: bool = False) -> None:
        """Return to ``snapshot``'s state (the snapshot stays usable for another restore).

        ``take``: the snapshot is used once, here: its state files become this checker's
        instead of being copied (at a million ballots, hundreds of megabytes not copied again)
        and it must not be restored again; closing this checker closes them."""
        self.state.close()
        self._log.close()
        for name, value in snapshot.state.items():
            if name in ("state", "_log", "roll"):
                continue
            setattr(self, name, _copy_value(value))
        roll = snapshot.state["roll"]
        if isinstance(roll, AnyRollChecker):
            copied = roll.copy()
            assert copied is not None
            self.roll = copied
        else:
            self.roll = AnyRollChecker()
            for entry in self._roll_entries:
                self.roll.observe(entry)
        state = snapshot.state["state"]
        log = snapshot.state["_log"]
        assert isinstance(state, CredentialState) and isinstance(log, EntryLog)
        self.state = state if take else state.copy()
        self._log = log if take else log.copy()

    def close(self) -> None:
        """Drop the temporary files of the state and of V11's lists."""
        self.state.close()
        self._log.close()
        self.mixing.close()


def _copy_value(value: object) -> object:
    """A copy deep enough for a snapshot: containers copied, immutable values shared.

    Entries, heads, failures, definitions, groups, keys and the ceremony's result are never
    changed once made, so they are shared; the roll checker is copied by its own ``copy``.
    """
    if isinstance(value, BatchVerifier):
        return BatchVerifier(value.group)
    if isinstance(value, MixRounds):
        return value.copy()
    if isinstance(value, CoercionTally):
        return value.copy()
    if isinstance(value, _Districts):
        return _Districts(dict(value.valid), dict(value.superseded), dict(value.challenged))
    if isinstance(value, list):
        return list(value)
    if isinstance(value, set):
        return set(value)
    if isinstance(value, dict):
        return {k: list(v) if isinstance(v, list) else v for k, v in value.items()}
    return value


def _replay_message(earlier: Seen) -> str:
    if earlier.kind == KIND_CHALLENGE:
        return (
            f"the ballot is the one challenged (opened) at entry {earlier.index}: a challenged "
            "ballot can never be cast; invalid, it supersedes nothing"
        )
    return (
        f"the ballot equals the earlier ballot at entry {earlier.index} (a replay): invalid, it "
        "supersedes nothing"
    )


def _encode_ciphertexts(group: Group, ballot: Ballot) -> bytes:
    return encode_ciphertexts(group, ballot.encrypted)


def encode_ciphertexts(group: Group, encrypted: EncryptedBallot) -> bytes:
    """The ciphertexts of ``encrypted`` in the counted form (:class:`Counted`): each α then β,
    question by question and option by option."""
    return group.keep(
        [x for q in encrypted.questions for ct in q.ciphertexts for x in (ct.alpha, ct.beta)]
    )


def decode_ciphertexts(group: Group, data: bytes, count: int) -> list[Ciphertext]:
    """The ``count`` ciphertexts of a counted ballot's form (:class:`Counted`): elements this
    checker decoded and checked when it accepted the ballot, read back with no second subgroup
    check (on modp4096 an exponentiation per element) and no square root of a secp256k1 point
    (:meth:`~plebiscite.crypto.group.Group.kept`)."""
    if len(data) != 2 * group.kept_bytes * count:
        raise RecordError(f"counted ballot: {len(data)} bytes for {count} ciphertexts")
    elements = group.kept(data, "counted ciphertext")
    return [Ciphertext(elements[i], elements[i + 1]) for i in range(0, 2 * count, 2)]
