"""The board's acceptance rules for voting and counting (DESIGN §4, V2, V5, V6).

:class:`VotingPolicy` is an acceptance policy for :class:`~plebiscite.board.board.Board`. It
feeds every entry of the chain to the verifier's incremental
:class:`~plebiscite.rules.checker.Checker` (the one implementation of what counts) and asks it
the questions each rule needs: the phase (open, closed), the roll, the ballot identities seen.

A ``ballot`` or a ``challenge`` is accepted only when, in this order:

1. voting is open: a signed ``open`` is on the board and no ``close`` (``voting_not_open``,
   ``voting_closed``);
2. the board time is inside the manifest's window (``outside_window``);
3. (ballots) the credential is on the roll of the ballot's district (``not_on_roll``,
   ``wrong_district``); a challenge names no credential (spec §11.2);
4. (ballots) the credential's revotes are within the rate limit: the first
   :data:`FREE_REVOTES` ballots of a credential are free, then one per
   :data:`REVOTE_INTERVAL_US` of board time (``rate_limited``); (challenges) the district has
   fewer valid challenges than registered voters (``challenges_exhausted``, V10.3): anyone can
   post a valid challenge, so they are bounded per district here and per client by the board
   service (:mod:`plebiscite.server.limits`);
5. the body decodes strictly (``malformed``), the credential's signature is valid
   (``bad_signature``) and every proof verifies (``bad_proof``); a challenge re-encrypts from its
   revealed plaintext and randomness (``bad_challenge``);
6. its identity is not that of an earlier ballot (``replay``) or of a challenged ballot
   (``challenged_ballot``); a challenge of a ballot already cast is ``already_cast``;
7. none of its ciphertexts has the α of a ciphertext already on the board, ballots and
   challenges together, or of another of its own (``copied_ciphertext``): an opened challenge
   re-proved under another credential is refused;
8. (ballots) its named head is an earlier entry with that hash (``unknown_head``), replaced by a
   newer one at most the manifest's ``max_ballot_age`` before the board time (``stale_head``: a
   ballot signed and held back, spec §11.4).

A later valid ballot of the same credential supersedes the earlier one, "later" in the heads they
name (spec §11.4); both stay on the board.

**Throughput.** The board hands the policy each group-commit batch first, on its precheck
thread while the writer commits the batch before (:meth:`VotingPolicy.precheck`): the ballots of
credentials on the roll are decoded and their signatures checked one by one, and the proof
equations of all of them go into one :class:`~plebiscite.crypto.batch.BatchVerifier` (bisected on
failure, so each bad ballot gets its own ``bad_proof``), by
:func:`~plebiscite.board.prechecks.precheck_ballots`, in worker processes when the policy has a
:class:`~plebiscite.board.prechecks.VerifierPool`. A verdict is what the board needs of a ballot
(:class:`~plebiscite.board.prechecks.Checked`: its identity, head, ciphertexts in the checker's
encoding), not the decoded ballot. Rule 5 then uses that verdict, and an
accepted ballot (of either mode: V12's verdict in the mode fake-credentials) reaches the checker
as already checked
(:meth:`~plebiscite.rules.checker.Checker.feed_checked_ballot`) instead of being verified again;
``on_verified`` hears of each such ballot (the service's monitor reuses it).

The counting entries are checked too: ``open`` only once, signed by the authority and carrying the
recomputed election context, after the ceremony's ``election_key``, the liveness drill by every
QUAL trustee and ``credential_roll_final`` (``not_ready``, ``wrong_context``); ``close`` only while
voting is open, signed, with the board's own counts and ``early`` exactly when before the window's
end; ``tally``, ``partial_decryption`` (its proofs against the trustee's verification key) and
``result`` only after ``close``, signed, and once each (per trustee for partial decryptions,
which decrypt the total and exactly the districts that counted at least ``min_district_size``).
Setup entries (manifest, ceremony, roll) are refused once voting has opened (``voting_open``);
before, they go to the ``setup`` policy given (if any).

Every refusal is a :class:`~plebiscite.errors.BoardError` with a short reason code and a sentence
a person can read; a refused submission changes nothing. The board's time for an entry is the
time the policy decided on (:meth:`VotingPolicy.clock`): build the board with
:func:`voting_board`, or pass ``clock=policy.clock``.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import Any, Final

from plebiscite.board.board import (
    AcceptancePolicy,
    Board,
    BoardView,
    Clock,
    Observer,
    system_clock,
)
from plebiscite.board.prechecks import Checked, Verdict, VerifierPool, precheck_ballots
from plebiscite.board.revotes import Revotes
from plebiscite.board.stores.base import Store
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import (
    BoardError,
    PlebisciteError,
    ProofError,
    RecordError,
    ShuffleProofError,
)
from plebiscite.model.ballot import BallotParams, check_ballot, check_challenge
from plebiscite.model.ceremony import CEREMONY_KINDS
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.ballot import CredentialBallot
from plebiscite.model.coercion.challenge import check_credential_challenge
from plebiscite.model.coercion.roll import REGISTRAR_ROLL_KIND
from plebiscite.model.coercion.tally_entries import COERCION_TALLY_KINDS
from plebiscite.model.entry import Entry
from plebiscite.model.mix import MIX_KINDS
from plebiscite.model.roll import FINAL_KIND, ROLL_KIND
from plebiscite.model.signed import verify_body_signature
from plebiscite.model.tally import (
    CLOSE_KIND,
    OPEN_KIND,
    PARTIAL_KIND,
    RESULT_KIND,
    TALLY_KIND,
    Close,
    Result,
    Tally,
    check_close,
    check_open,
    check_partial_decryption,
    parse_partial_decryption,
    parse_result,
    parse_tally,
)
from plebiscite.rules.checker import Checker, encode_ciphertexts, mode_ballot_check
from plebiscite.rules.coercion_ballots import check_mode_ballot
from plebiscite.rules.coercion_tally import refusal_reason
from plebiscite.rules.early_close import check_early_close
from plebiscite.rules.setup import election_setup
from plebiscite.rules.state import Seen

__all__ = [
    "FREE_REVOTES",
    "REVOTE_INTERVAL_US",
    "VotingPolicy",
    "voting_board",
]

#: ballots a credential may cast before the rate limit applies
FREE_REVOTES: Final = 50
#: board time (microseconds) between two ballots of a credential beyond the free ones: 5 minutes
REVOTE_INTERVAL_US: Final = 5 * 60 * 1_000_000

_SETUP_KINDS: Final = frozenset(
    {"manifest", ROLL_KIND, REGISTRAR_ROLL_KIND, FINAL_KIND, *CEREMONY_KINDS}
)
#: the refusal of a mix entry by the field at fault, where the check set no reason
_MIX_REASONS: Final = {
    "body.trustee": "out_of_order",
    "body.position": "out_of_order",
    "body.previous": "out_of_order",
    "body.list": "wrong_input",
    "body.count": "wrong_input",
    "body.width": "wrong_input",
    "body.input": "wrong_input",
    "body.output": "wrong_output",
    "body.chunks": "wrong_output",
}
_WHERE: Final = "submission"


def _refuse(reason: str, message: str) -> BoardError:
    return BoardError(reason, message)


def _crypto_refusal(exc: RecordError | ProofError, kind: str) -> BoardError:
    """The refusal of a ballot or challenge that does not check: the reason the check that
    failed set (``bad_signature``, ``bad_challenge``), else ``malformed`` or ``bad_proof``."""
    text = str(exc)
    if isinstance(exc, RecordError):
        return _refuse("malformed", f"the {kind} is malformed: {text}")
    if exc.reason == "bad_signature":
        return _refuse("bad_signature", f"the {kind}'s signature is not valid: {text}")
    if kind == "challenge" and exc.reason == "bad_challenge":
        return _refuse("bad_challenge", f"the challenge does not open its ballot: {text}")
    return _refuse("bad_proof", f"a proof of the {kind} does not verify: {text}")


def _refuse_seen(kind: str, earlier: Seen) -> BoardError:
    """The refusal of a ``kind`` whose identity is that of the ballot cast or challenged at
    ``earlier`` (spec §11.4, both modes)."""
    if kind == "challenge":
        if earlier.kind == "ballot":
            return _refuse(
                "already_cast",
                f"this ballot was cast at entry {earlier.index}: a cast ballot cannot be "
                "challenged",
            )
        return _refuse("replay", f"this ballot was already challenged at entry {earlier.index}")
    if earlier.kind == "challenge":
        return _refuse(
            "challenged_ballot",
            f"this ballot was challenged (opened) at entry {earlier.index}: a challenged "
            "ballot can never be cast; encrypt afresh",
        )
    return _refuse(
        "replay", f"this ballot is already on the board at entry {earlier.index} (a replay)"
    )


def _refuse_copies(reused: tuple[str, int | None] | None) -> None:
    """Refuse a ballot or challenge that repeats a ciphertext's α (``reused``: where, from the
    checker), as ``copied_ciphertext``."""
    if reused is not None:
        field_, at = reused
        where = "another of its own ciphertexts" if at is None else f"entry {at}"
        raise _refuse(
            "copied_ciphertext",
            f"{_WHERE}: field {field_}: the ciphertext's α is also that of {where}: no "
            "ciphertext may appear twice on the board (encrypt afresh)",
        )


def _credential(body: JSONObject) -> bytes | None:
    value = body.get("credential")
    if not isinstance(value, str) or len(value) != 64:
        return None
    try:
        return bytes.fromhex(value)
    except ValueError:
        return None


class VotingPolicy:
    """The acceptance rules of a board from setup to result (module docstring).

    ``clock`` is the source of board time (UTC microseconds); ``setup`` the policy for setup
    entries before voting opens (None accepts them); ``free_revotes`` and
    ``revote_interval_us`` set the rate limit of ballots per credential. ``checker`` is the
    verifier's incremental checker the policy feeds (a fresh one by default); ``pool`` the worker
    processes that verify the ballots of a batch (None: the board's precheck thread verifies
    them).
    """

    def __init__(
        self,
        *,
        clock: Clock = system_clock,
        setup: AcceptancePolicy | None = None,
        free_revotes: int = FREE_REVOTES,
        revote_interval_us: int = REVOTE_INTERVAL_US,
        checker: Checker | None = None,
        on_verified: Callable[[Entry, Checked], None] | None = None,
        pool: VerifierPool | None = None,
    ) -> None:
        self._source = clock
        self._decided: int | None = None
        self._setup = setup
        self._setup_observer = setup if isinstance(setup, Observer) else None
        self.free_revotes = free_revotes
        self.revote_interval_us = revote_interval_us
        self.checker = checker if checker is not None else Checker()
        self._revotes = Revotes()  # credential -> (ballots, last time)
        self.on_verified = on_verified
        self.pool = pool
        # id(body) -> (body, params, verdict) of the batches prechecked and not decided yet;
        # the body is kept so that its id is not reused while the verdict is held
        self._prechecked: dict[int, tuple[JSONObject, BallotParams, Verdict]] = {}
        self._prechecked_lock = threading.Lock()
        # the ballot accepted last, either mode's
        self._accepted: tuple[JSONObject, Checked | CredentialBallot] | None = None
        self._tally: tuple[Entry, Tally] | None = None
        self._partials: set[int] = set()
        self._result: int | None = None

    # -- time ------------------------------------------------------------------------------------

    def clock(self) -> int:
        """The board's clock: the time the last decision was taken at (then the source's)."""
        decided, self._decided = self._decided, None
        return decided if decided is not None else self._source()

    def _now(self, view: BoardView) -> int:
        now = self._source()
        last = view.last
        if last is not None:
            now = max(now, last.time)
        self._decided = now
        return now

    # -- the chain -------------------------------------------------------------------------------

    def observe(self, entry: Entry) -> None:
        """Take the next entry of the chain into account."""
        accepted, self._accepted = self._accepted, None
        if entry.kind == "ballot" and accepted is not None and accepted[0] is entry.body:
            self._feed_checked(entry, accepted[1])
        else:
            self.checker.feed(entry)
        if self._setup_observer is not None and self.checker.open_index is None:
            self._setup_observer.observe(entry)
        kind = entry.kind
        if kind == "ballot":
            credential = _credential(entry.body)
            if credential is not None:
                self._revotes.add(credential, entry.time, self.checker.roll.final_keys())
        elif kind == TALLY_KIND and self._tally is None:
            definition, group = self.checker.definition, self.checker.group
            if definition is not None and group is not None:
                try:
                    tally = parse_tally(group, definition, entry.body, f"entry {entry.index}")
                except PlebisciteError:
                    return
                self._tally = (entry, tally)
        elif kind == PARTIAL_KIND:
            trustee = entry.body.get("trustee")
            if type(trustee) is int:
                self._partials.add(trustee)
        elif kind == RESULT_KIND and self._result is None:
            self._result = entry.index

    def _feed_checked(self, entry: Entry, ballot: Checked | CredentialBallot) -> None:
        """Feed a ballot this policy has just verified and accepted, without verifying it again
        (V5's checks, or V12's in the mode fake-credentials)."""
        deferred = self.checker.feed_deferred(entry)
        if deferred is None:  # no parameters to check against: fed completely
            return
        if isinstance(ballot, CredentialBallot):
            group = self.checker.group
            assert group is not None
            mode = mode_ballot_check(group, entry.index, ballot)
            self.checker.feed_checked_ballot(mode, deferred.errors, ballot)
            return
        self.checker.feed_checked_ballot(ballot.check(entry.index), deferred.errors)
        if self.on_verified is not None and not deferred.errors:
            self.on_verified(entry, ballot)

    # -- batches ---------------------------------------------------------------------------------

    def precheck(self, submissions: Sequence[tuple[str, JSONObject]]) -> None:
        """Verify the ballots of a batch together (module docstring, *Throughput*).

        Only ballots of credentials on the roll, once the parameters are known, in the policy's
        :class:`~plebiscite.board.prechecks.VerifierPool` if it has one; each verdict is used by
        :meth:`__call__` for that very body, and dropped once the policy has decided on it.
        """
        params = self.checker.params
        if params is None:
            return
        bodies = [
            body
            for kind, body in submissions
            if kind == "ballot"
            and (credential := _credential(body)) is not None
            and self.checker.roll.district_of(credential) is not None
        ]
        if not bodies:
            return
        if self.pool is not None:
            verdicts = self.pool.check(params, bodies)
        else:
            verdicts = precheck_ballots(params, bodies)
        with self._prechecked_lock:
            for body, verdict in zip(bodies, verdicts, strict=True):
                self._prechecked[id(body)] = (body, params, verdict)

    def _verdict(self, params: BallotParams, body: JSONObject) -> Checked:
        """The verdict on the ballot ``body``: the batch's, or checked now."""
        with self._prechecked_lock:
            found = self._prechecked.pop(id(body), None)
        if found is not None and found[0] is body and found[1] is params:
            verdict = found[2]
            if isinstance(verdict, Checked):
                return verdict
            raise verdict
        return Checked.of(params, check_ballot(params, body, _WHERE))

    # -- deciding --------------------------------------------------------------------------------

    def __call__(self, view: BoardView, kind: str, body: JSONObject) -> None:
        """Accept ``(kind, body)`` or raise :class:`BoardError` with the reason."""
        now = self._now(view)
        if kind in ("ballot", "challenge"):
            try:
                self._cast(kind, body, now)
            finally:  # a verdict not used (a refusal before the proofs) goes too
                with self._prechecked_lock:
                    self._prechecked.pop(id(body), None)
        elif kind == OPEN_KIND:
            self._open(view, body)
        elif kind == CLOSE_KIND:
            self._close(body, now)
        elif kind in (TALLY_KIND, PARTIAL_KIND, RESULT_KIND):
            self._counting(kind, body)
        elif kind in MIX_KINDS:
            self._mix(kind, body)
        elif kind in COERCION_TALLY_KINDS:
            self._coercion_tally(kind, body)
        elif kind in _SETUP_KINDS:
            if self.checker.open_index is not None:
                raise _refuse(
                    "voting_open",
                    f"voting opened at entry {self.checker.open_index}: no {kind} entry after it",
                )
            if self._setup is not None:
                self._setup(view, kind, body)
        else:  # pragma: no cover - Board refuses unknown kinds before the policy runs
            raise _refuse("malformed", f"unknown entry kind {kind!r}")

    def _mix(self, kind: str, body: JSONObject) -> None:
        """A shuffle's chunk or its closing ``mix``: V11's checks (:mod:`plebiscite.rules.mixing`),
        the proof of shuffle included, before anything is written."""
        checker = self.checker
        checker.flush()
        try:
            verdict = checker.mixing.check(checker, kind, body, checker.entries)
        except ShuffleProofError as exc:
            raise _refuse("bad_proof", f"the proof of shuffle does not verify: {exc}") from None
        except (RecordError, ProofError) as exc:
            reason = exc.reason or _MIX_REASONS.get(exc.field, "malformed")
            raise _refuse(reason, str(exc)) from None
        checker.mixing.remember(verdict)

    def _coercion_tally(self, kind: str, body: JSONObject) -> None:
        """An entry of the fake-credentials tally: V13's or V14's checks
        (:mod:`plebiscite.rules.coercion_tally`), proofs included, before anything is written."""
        checker = self.checker
        checker.flush()
        verdict = checker.coercion.check(checker, kind, body, checker.entries)
        if verdict.error is not None:
            raise _refuse(refusal_reason(verdict.error), str(verdict.error))
        checker.coercion.remember(verdict)

    def _cast(self, kind: str, body: JSONObject, now: int) -> None:
        checker = self.checker
        if checker.open_index is None:
            raise _refuse("voting_not_open", "voting has not opened: there is no open entry yet")
        if checker.close_index is not None:
            raise _refuse("voting_closed", f"voting closed at entry {checker.close_index}")
        definition, params = checker.definition, checker.params
        if definition is None or params is None:
            raise _refuse("not_ready", "the election parameters could not be recomputed")
        window = definition.window
        if not window.contains(now):
            side = "opens" if now < window.opens_us else "closed"
            edge = window.opens if now < window.opens_us else window.closes
            raise _refuse(
                "outside_window",
                f"board time {now} is outside the voting window: it {side} at {edge.isoformat()}",
            )
        if definition.fake_credentials:
            if kind == "ballot":
                self._credential_ballot(params, definition.anonymity, body)
            else:
                self._credential_challenge(params, definition.anonymity, body)
            return
        credential = _credential(body) if kind == "ballot" else None  # a challenge names none
        district = body.get("district")
        if credential is not None and isinstance(district, str):
            on_roll = checker.roll.district_of(credential)
            if on_roll is None:
                raise _refuse("not_on_roll", "the credential is on no district's roll")
            if on_roll != district:
                raise _refuse(
                    "wrong_district",
                    f"the credential is on the roll of district {on_roll!r}, not {district!r}",
                )
        if kind == "ballot" and credential is not None:
            count, last = self._revotes.get(credential, checker.roll.final_keys())
            if count >= self.free_revotes and now - last < self.revote_interval_us:
                wait = (last + self.revote_interval_us - now + 999_999) // 1_000_000
                raise _refuse(
                    "rate_limited",
                    f"this credential has cast {count} ballots; beyond {self.free_revotes} one "
                    f"ballot per {self.revote_interval_us // 1_000_000} seconds is accepted: try "
                    f"again in {wait} seconds",
                )
        if kind == "challenge":
            self._refuse_exhausted(district)
        ballot: Checked | None = None
        try:
            if kind == "ballot":
                ballot = self._verdict(params, body)
                identity, encoded = ballot.identity, ballot.encoded
            else:
                opened = check_challenge(params, body, _WHERE)
                identity = opened.identity
                encoded = encode_ciphertexts(params.group, opened.encrypted)
        except (RecordError, ProofError) as exc:
            raise _crypto_refusal(exc, kind) from None
        earlier = checker.seen(identity)
        if earlier is None:
            _refuse_copies(checker.reused_alpha_of(encoded))
            if ballot is not None:
                problem = checker.head_problem(ballot.head, checker.entries, now)
                if problem is not None:
                    raise _refuse(
                        problem.reason,
                        f"{_WHERE}: field {problem.field}: {problem.message} (read the latest "
                        "head and sign again)",
                    )
                self._accepted = (body, ballot)
            return
        raise _refuse_seen(kind, earlier)

    def _refuse_exhausted(self, district: object) -> None:
        """Refuse a challenge beyond its district's bound (spec §11.6, V10.3)."""
        checker = self.checker
        if not isinstance(district, str):
            return
        bound = checker.challenge_bound(district)
        if checker.challenges_valid(district) >= bound:
            raise _refuse(
                "challenges_exhausted",
                f"district {district!r} already has {bound} valid challenges, as many as its "
                "registered voters: no more are accepted (spec §11.6); cast, or check the "
                "ballot with the challenge checker without posting it",
            )

    def _credential_ballot(self, params: BallotParams, anonymity: int, body: JSONObject) -> None:
        """A ballot of the mode fake-credentials (V12): accepted whatever credential it carries
        (the board cannot tell), once its every element and proof check against the district's
        roll; a replay of a ballot or of a challenged one and a copied ciphertext are refused."""
        checker = self.checker
        try:
            ballot = check_mode_ballot(params, checker.roll.roll, anonymity, body, _WHERE)
        except (RecordError, ProofError) as exc:
            raise _crypto_refusal(exc, "ballot") from None
        earlier = checker.seen(ballot.statement)
        if earlier is not None:
            raise _refuse_seen("ballot", earlier)
        _refuse_copies(checker.reused_alpha_of(ballot.encoded_options(params.group)))
        self._accepted = (body, ballot)  # its checker takes this verdict (V12 is not run twice)

    def _credential_challenge(self, params: BallotParams, anonymity: int, body: JSONObject) -> None:
        """A challenge of the mode fake-credentials (V10, spec §16.5): within its district's
        bound, opening its ballot with every proof checking against the district's roll, of no
        ballot already cast or challenged, with no copied ciphertext."""
        checker = self.checker
        self._refuse_exhausted(body.get("district"))
        try:
            opened = check_credential_challenge(params, checker.roll.roll, anonymity, body, _WHERE)
        except (RecordError, ProofError) as exc:
            raise _crypto_refusal(exc, "challenge") from None
        earlier = checker.seen(opened.identity)
        if earlier is not None:
            raise _refuse_seen("challenge", earlier)
        _refuse_copies(checker.reused_alpha_of(opened.ballot.encoded_options(params.group)))

    def _open(self, view: BoardView, body: JSONObject) -> None:
        if self.checker.open_index is not None:
            raise _refuse("already_open", f"voting opened at entry {self.checker.open_index}")
        setup = election_setup(view.read())  # streamed: the roll's chunks are not all held
        if not setup.ready or setup.election_context is None:
            raise _refuse(
                "not_ready", "voting cannot open yet: " + "; ".join(setup.problems or ("?",))
            )
        definition = setup.definition
        assert definition is not None and definition.election_id is not None
        assert definition.keys.authority is not None
        try:
            check_open(
                body,
                definition.keys.authority,
                definition.election_id,
                setup.election_context,
                _WHERE,
            )
        except RecordError as exc:
            raise _refuse("malformed", str(exc)) from None
        except ProofError as exc:
            raise _refuse(exc.reason or "wrong_context", str(exc)) from None

    def _close(self, body: JSONObject, now: int) -> None:
        checker = self.checker
        if checker.open_index is None:
            raise _refuse("voting_not_open", "voting has not opened: nothing to close")
        if checker.close_index is not None:
            raise _refuse("already_closed", f"voting closed at entry {checker.close_index}")
        definition = checker.definition
        assert definition is not None
        ceremony, ctx = checker.ceremony, checker.election_ctx
        if ceremony is None or ctx is None:
            raise _refuse("not_ready", "the election context could not be recomputed")

        def early_close(close: Close) -> None:
            for problem in check_early_close(definition, close, ceremony, ctx):
                raise _refuse(problem.reason, f"{_WHERE}: field {problem.field}: {problem.message}")

        received = list(checker.figures().received)
        try:
            check_close(definition, body, now, received, _WHERE, rule=early_close)
        except RecordError as exc:
            raise _refuse("malformed", str(exc)) from None
        except ProofError as exc:
            raise _refuse(exc.reason or "wrong_figures", str(exc)) from None

    def _counting(self, kind: str, body: JSONObject) -> None:
        checker = self.checker
        if checker.close_index is None:
            raise _refuse("voting_not_closed", f"a {kind} entry is posted only after close")
        definition, group, ceremony = checker.definition, checker.group, checker.ceremony
        if definition is None or group is None or ceremony is None or not definition.election_id:
            raise _refuse("not_ready", "the election parameters could not be recomputed")
        eid = definition.election_id
        authority = definition.keys.authority
        assert authority is not None
        try:
            if kind == TALLY_KIND:
                if self._tally is not None:
                    raise _refuse("duplicate", f"the tally is entry {self._tally[0].index}")
                parse_tally(group, definition, body, _WHERE)
                verify_body_signature(authority, eid, kind, body, _WHERE, "authority")
            elif kind == RESULT_KIND:
                if self._tally is None:
                    raise _refuse("no_tally", "a result is posted only after the tally")
                if self._result is not None:
                    raise _refuse("duplicate", f"the result is entry {self._result}")
                result, _ = parse_result(definition, body, _WHERE)
                verify_body_signature(authority, eid, kind, body, _WHERE, "authority")
                self._result_figures(result)
            else:
                self._partial(body)
        except RecordError as exc:
            raise _refuse("malformed", str(exc)) from None
        except ProofError as exc:
            raise _refuse(exc.reason or "bad_proof", str(exc)) from None

    def _result_figures(self, result: Result) -> None:
        """The result's counted, superseded and challenged figures per district are the board's
        own (V9.2): an authority cannot claim a challenge, or any ballot, that is not on the
        board (``wrong_figures``)."""
        figures = self.checker.figures()
        for p, (district, posted) in enumerate(result.districts):
            for name, held in (
                ("counted", figures.counted.get(district, 0)),
                ("superseded", figures.superseded.get(district, 0)),
                ("challenged", figures.challenged.get(district, 0)),
            ):
                if getattr(posted, name) != held:
                    raise _refuse(
                        "wrong_figures",
                        f"{_WHERE}: field body.districts[{p}].{name}: {getattr(posted, name)}, "
                        f"but the board holds {held} for district {district!r}",
                    )

    def _partial(self, body: JSONObject) -> None:
        checker = self.checker
        definition, group, ceremony = checker.definition, checker.group, checker.ceremony
        assert definition is not None and group is not None and ceremony is not None
        assert definition.election_id is not None
        if self._tally is None:
            raise _refuse("no_tally", "a partial decryption is posted only after the tally")
        partial = parse_partial_decryption(group, definition, body, _WHERE)
        i = partial.trustee
        if i not in ceremony.qualified:
            raise _refuse("not_qualified", f"trustee {i} is not in QUAL {list(ceremony.qualified)}")
        if i in self._partials:
            raise _refuse("duplicate", f"trustee {i}'s partial decryption is already posted")
        key = ceremony.trustees[i].key
        if key is None or checker.election_ctx is None:
            raise _refuse("not_ready", f"trustee {i} has no identity key on the board")
        verify_body_signature(
            key, definition.election_id, PARTIAL_KIND, body, _WHERE, f"trustee {i}"
        )
        entry, tally = self._tally
        check_partial_decryption(
            group,
            partial,
            tally,
            entry.hash,
            ceremony.verification_keys[i],
            checker.election_ctx,
            _WHERE,
            minimum=definition.min_district_size,
        )


def voting_board(
    store: Store,
    election_id: bytes,
    key: SigningKey,
    *,
    clock: Clock = system_clock,
    setup: AcceptancePolicy | None = None,
    spill_at: int | None = None,
    **board_options: Any,
) -> Board:
    """A :class:`Board` over ``store`` with a :class:`VotingPolicy` and its clock
    (``board_options``: ``max_batch``, ``rng``). ``spill_at``: the rows of per-credential state
    the policy's checker keeps in memory before moving them to disk (the checker's default when
    None)."""
    checker = Checker() if spill_at is None else Checker(spill_at=spill_at)
    policy = VotingPolicy(clock=clock, setup=setup, checker=checker)
    return Board(store, election_id, key, clock=policy.clock, policy=policy, **board_options)
