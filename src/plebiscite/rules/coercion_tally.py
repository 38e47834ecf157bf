"""V13 and V14: the fake-credentials tally on the board (docs/spec.md §16.5 steps 2 and 4,
docs/record.md §6), and the ``kept`` lists that step 3 mixes (V11, :mod:`.mixing`).

:class:`CoercionTally` is fed the tally's entries in board order (the kinds of
:data:`~plebiscite.model.coercion.tally_entries.COERCION_TALLY_KINDS`) and checks, per district:

* **V13, duplicates removed.** ``tag_commit``: after ``close``, by a QUAL trustee, once per
  trustee, before the district's first ``tag_blind``; ``Z_i`` fresh (equal to no other
  commitment). ``tag_blind``: by a trustee that committed, in increasing index order, before any
  ``tag_decrypt``; its input is the previous output (the first: the credential ciphertexts D of
  the district's valid ballots, V12's list, in board order); its proof of blinding (§16.6) holds,
  or the trustee is named. ``tag_decrypt``: once every committed trustee has blinded; one per QUAL
  trustee; a partial decryption with a proof per item of the last output. ``tag_dedup``: by the
  authority, once; the trustees it combines posted ``tag_decrypt`` (at least k); its ``kept``
  board indices are, for each recomputed tag, the highest.
* **V11 of the kept list**: the mix round of ``{"kind": "kept", "district": d}`` is the
  mixnet's; its first input, the kept ballots' tuples ``(D, P, options …)`` in board order, is
  :meth:`CoercionTally.kept_items`.
* **V14, matching.** ``pet_blind``: after ``tag_dedup`` and after the kept list's mix round has
  at least k shuffles, none failing; the first fixes its input (the quotients ``D_j / P_j`` of
  the round's last output) and no shuffle of that list may follow; trustees in increasing index
  order, before any ``pet_decrypt``; the per-item proof (§16.7) holds, or the trustee is named.
  ``pet_decrypt``: once at least k trustees have blinded; one per QUAL trustee; a share with a
  proof per item. ``pet_match``: by the authority, once; at least k trustees that posted
  ``pet_decrypt``; ``counted`` is exactly the positions whose decryption is the identity.

* **Chunks** (record.md §6 ``tally_chunk``). The lists of ``tag_blind``, ``tag_decrypt``,
  ``pet_blind`` and ``pet_decrypt`` come in numbered chunks before the stage's closing entry: a
  chunk is checked where its closing entry could be (the order above), numbered without gaps,
  full but for the last, never past the input, none after its closing entry, and in a blinding
  round no two trustees' chunks interleave; a share's proof is checked at its chunk. The chunks
  wait in :attr:`DistrictRounds.pending` until the closing entry, whose ``count``, ``chunks`` and
  ``digest`` must agree with them, and which takes their items as the stage's list (the proof of
  a blinding or of a test, whose challenge covers the whole list, is checked there).
* **Memory.** Each chunk's items are appended, as the chunk is checked, to a
  :class:`~plebiscite.model.coercion.tally_store.ChunkRun` of the checker's own
  :class:`~plebiscite.model.coercion.tally_store.TallyStore`: decoded in memory while it holds
  fewer than ``spill_at`` items, on disk after. The stages' lists (the blinded and tested lists,
  the partial decryptions, the tests' first input) stay there, and every proof and combination
  reads them back chunk by chunk (the ``*_chunks`` verifiers), so the checker holds a chunk of a
  list at a time whatever N; proofs sent to workers go as whole lists.
* **After the tally.** Every entry of the tally after the record's first ``tally`` or
  ``result`` fails (``after_tally``) and changes nothing: the counted set is fixed there.

At the end (:meth:`CoercionTally.finish`) a district whose tally began must have reached its
``pet_match``, every chunk must have its closing entry, and once a ``tally`` or ``result`` is
posted every district with a valid ballot must have a tag round (V13, at that entry): step 5
counts the matched ballots only. Each
problem is reported as ``fail(check, field, message)`` at its entry. A signed step whose proof
fails (a blinding, a test, a share) still links its round, as a failing ``mix``
does in V11: the next trustee works from what was posted, so a dishonest trustee's entry is the
only one that fails; an entry refused for its place (out of order, before ``close``, a second
commitment) changes nothing. Likewise a ``tag_dedup`` or ``pet_match`` that does not recompute
fails alone, and the list it names is the one the next step takes.

**Workers.** Every proof of a step depends only on public values posted before it, and no step's
state depends on a proof's verdict, so :attr:`CoercionTally.submit` may send them elsewhere
(``plebiscite verify --workers``/``--dask``): each trustee's blinding or test proof is one task,
its shares :data:`SHARES_PER_TASK` per task; at most ``in_flight`` are out at once and their
failures are reported at their entries by :meth:`CoercionTally.finish` — the verdicts of a
sequential run. The board's acceptance checks here, before writing (:meth:`CoercionTally.check`).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import islice
from operator import itemgetter
from typing import Any, Final, Protocol

from plebiscite.crypto.chunked import LIST_CHUNK, ChunkedList, as_chunked
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.pet import (
    PetProof,
    PetStage,
    PetStageLike,
    quotients,
    verify_pet_stage_chunks,
)
from plebiscite.crypto.proofs import ChaumPedersenProof, verify_partial_decryption
from plebiscite.crypto.shuffle import Item
from plebiscite.crypto.tags_blind import (
    combine_chunks,
    combine_tags_chunks,
    decryption_context,
    keep_last,
    verify_blinding_chunks,
)
from plebiscite.errors import (
    BlindProofError,
    ParameterError,
    PlebisciteError,
    ProofError,
    RecordError,
)
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.ballot import CredentialBallot
from plebiscite.model.coercion.tally import tally_context
from plebiscite.model.coercion.tally_entries import (
    KEPT_LIST,
    PET_BLIND,
    PET_DECRYPT,
    PET_MATCH,
    TAG_BLIND,
    TAG_COMMIT,
    TAG_DECRYPT,
    TAG_DEDUP,
    TALLY_CHUNK,
    ChunkItem,
    Closing,
    Combined,
    Decrypt,
    PetBlind,
    PetItem,
    Share,
    TagBlind,
    TagCommit,
    TallyChunk,
    TallyEntry,
    chunk_count,
    chunk_size,
    items_digest,
    parse_tally_entry,
)
from plebiscite.model.coercion.tally_store import (
    CIPHERTEXTS,
    DEFAULT_TALLY_SPILL_AT,
    PET_ITEMS,
    SHARES,
    ChunkRun,
    TallyStore,
)
from plebiscite.model.mix import ListRef
from plebiscite.model.signed import verify_body_signature
from plebiscite.rules.mixing import MixBoard, MixRounds

__all__ = [
    "CHECK_DEDUP",
    "CHECK_MATCH",
    "CoercionTally",
    "DistrictRounds",
    "Pending",
    "TallyBoard",
    "Verdict",
    "check_of",
    "refusal_reason",
]

CHECK_DEDUP: Final = "V13"
CHECK_MATCH: Final = "V14"

#: ``fail(check, field, message)``
Fail = Callable[[str, str, str], None]
#: ``fail(check, index, field, message)``
FailAt = Callable[[str, int | None, str, str], None]


class TallyBoard(MixBoard, Protocol):
    """What V13 and V14 need from the checker: what V11 needs (the election, the ceremony,
    ``close``), the mix rounds (V11) and the valid ballots of the mode (V12)."""

    mixing: MixRounds

    @property
    def counted_at(self) -> int | None:
        """The board index of the record's first ``tally`` or ``result`` (None before one)."""
        ...

    def credential_ballots(self, district: str) -> Sequence[tuple[int, CredentialBallot]]:
        """The valid ballots of ``district`` (V12: replays once), in board order, each with its
        board index."""
        ...


@dataclass(frozen=True)
class Pending:
    """A trustee's ``tally_chunk`` entries of one stage not closed yet: their board indices and
    items, chunk by chunk, kept in the checker's store (in memory below its ``spill_at``, else
    on disk) as they are checked."""

    items: ChunkRun[ChunkItem]
    indices: tuple[int, ...] = ()

    @property
    def count(self) -> int:
        """The items of the chunks."""
        return len(self.items)

    @property
    def sizes(self) -> tuple[int, ...]:
        """The length of each chunk."""
        return self.items.sizes()

    @property
    def chunks(self) -> list[Sequence[ChunkItem]]:
        """The chunks' items, read back from the store."""
        return list(self.items.chunks())


@dataclass
class DistrictRounds:
    """One district's tally so far."""

    commits: dict[int, Element] = field(default_factory=dict)
    blinders: list[int] = field(default_factory=list)
    blinded: Sequence[Ciphertext] | None = None  #: the dedup round's last output
    #: per trustee, its partial decryptions of ``blinded`` (their proofs are checked at their
    #: chunks; only the partials are combined), read back from the checker's store
    tag_shares: dict[int, ChunkRun[Element]] = field(default_factory=dict)
    kept: tuple[int, ...] | None = None  #: board indices (``tag_dedup``)
    kept_items: list[Item] | None = None
    match_mixes: int | None = None  #: the kept list's shuffles when matching began
    pet_blinders: list[int] = field(default_factory=list)
    tested: Sequence[Ciphertext] | None = None  #: the match round's last output
    mixed: Sequence[Item] | None = None  #: the kept list's mix output the tests were made of
    #: the round's first input, the quotients of ``mixed`` (fixed by its first chunk or entry)
    match_input: Sequence[Ciphertext] | None = None
    pet_shares: dict[int, ChunkRun[Element]] = field(default_factory=dict)  #: as tag_shares
    counted: tuple[int, ...] | None = None  #: positions of the mixed list (``pet_match``)
    entries: list[int] = field(default_factory=list)  #: board indices of the tally's entries
    #: per stage and trustee, the chunks posted before their closing entry
    pending: dict[tuple[str, int], Pending] = field(default_factory=dict)


class _Refused(PlebisciteError):
    """An entry this check refuses: ``field`` and ``detail`` say why (``check`` which)."""

    def __init__(self, check: str, field_: str, detail: str, reason: str | None = None) -> None:
        super().__init__(f"{check}: {detail}", field=field_, detail=detail, reason=reason)
        self.check = check


def check_of(kind: str, body: Mapping[str, object]) -> str:
    """V13 or V14: the check of an entry of ``kind`` (a ``tally_chunk`` by its ``stage``)."""
    name = body.get("stage") if kind == TALLY_CHUNK else kind
    return CHECK_DEDUP if isinstance(name, str) and name.startswith("tag_") else CHECK_MATCH


@dataclass(frozen=True)
class Verdict:
    """What checking one entry found: the district's state after it (a failing step of a round
    still links it, see the module docstring) and the problem, if any."""

    body: JSONObject
    district: str | None
    rounds: DistrictRounds | None
    error: PlebisciteError | None
    #: the proofs sent to workers, each with its check (their verdicts come later)
    deferred: tuple[tuple[str, ProofFuture], ...] = ()


def _copy_rounds(rounds: DistrictRounds) -> DistrictRounds:
    return replace(
        rounds,
        commits=dict(rounds.commits),
        blinders=list(rounds.blinders),
        tag_shares=dict(rounds.tag_shares),
        pet_blinders=list(rounds.pet_blinders),
        pet_shares=dict(rounds.pet_shares),
        entries=list(rounds.entries),
        pending=dict(rounds.pending),
    )


class CoercionTally:
    """The V13/V14 state of every district."""

    def __init__(
        self, submit: Submit | None = None, in_flight: int = 4, spill_at: int | None = None
    ) -> None:
        self.districts: dict[str, DistrictRounds] = {}
        #: the items of the stages' chunks, from their chunk to the end: decoded in memory until
        #: they hold more than ``spill_at`` items in all (the tally's threshold by default),
        #: then on disk (:class:`~plebiscite.model.coercion.tally_store.TallyStore`)
        self.spill_at = DEFAULT_TALLY_SPILL_AT if spill_at is None else spill_at
        self._store: TallyStore | None = None
        #: per district and count of the kept list's shuffles, the quotients of its last output
        self._quotients: dict[tuple[str, int], ChunkRun[Ciphertext]] = {}
        self._verdict: Verdict | None = None
        #: where the proofs are checked: here, as each entry is fed (None), or by workers
        #: (``plebiscite verify --workers``/``--dask``), at most ``in_flight`` at once
        self.submit = submit
        self.in_flight = in_flight
        self._deferred: deque[tuple[str, int, ProofFuture]] = deque()
        self._late: list[tuple[str, int, str, str]] = []
        self._collect: list[tuple[str, ProofFuture]] = []
        self._index = -1  #: the board index of the entry being checked

    def copy(self) -> CoercionTally:
        """A copy for a checker snapshot (the proofs still out are waited for first)."""
        self._drain(0)
        other = CoercionTally(self.submit, self.in_flight, self.spill_at)
        other._store = self._store  # the runs are never changed: a copy shares them
        other._quotients = dict(self._quotients)
        other.districts = {d: _copy_rounds(r) for d, r in self.districts.items()}
        other._late = list(self._late)
        return other

    def _run(self, group: Group, stage: str) -> ChunkRun[Any]:
        """An empty run of ``stage``'s items in the checker's store (the quotients that the
        equality tests begin with for any other name)."""
        if self._store is None:
            self._store = TallyStore(group, self.spill_at)
        codec, role = _CODECS.get(stage, (CIPHERTEXTS, stage))
        return ChunkRun(self._store, codec, role)

    def _prove(
        self, check: str, function: Callable[..., Problem | None], args: tuple[object, ...]
    ) -> None:
        """Check a proof here (raising at its failure), or send it to a worker (the lists of
        the checker's store go as lists: its database stays in this process)."""
        if self.submit is None:
            problem = function(*args)
            if problem is not None:
                raise _Refused(check, *problem, reason="bad_proof")
            return
        sent = tuple(list(a) if isinstance(a, ChunkRun) else a for a in args)
        self._collect.append((check, self.submit(function, *sent)))

    def wait(self) -> None:
        """Wait for every proof sent to workers (their failures are reported at the end)."""
        self._drain(0)

    def _drain(self, keep: int) -> None:
        while len(self._deferred) > keep:
            check, index, future = self._deferred.popleft()
            problem = future.result()
            if problem is not None:
                self._late.append((check, index, *problem))

    def feed(self, board: TallyBoard, kind: str, body: JSONObject, index: int, fail: Fail) -> None:
        """Check and record one tally entry; each problem goes to ``fail(check, field, msg)``."""
        verdict = self._verdict
        if verdict is None or verdict.body is not body:
            verdict = self.check(board, kind, body, index)
        self._verdict = None
        if verdict.district is not None and verdict.rounds is not None:
            verdict.rounds.entries.append(index)
            self.districts[verdict.district] = verdict.rounds
        self._deferred.extend((check_, index, future) for check_, future in verdict.deferred)
        self._drain(self.in_flight)
        exc = verdict.error
        if exc is None:
            return
        check = check_of(kind, body)
        if isinstance(exc, _Refused):
            fail(exc.check, exc.field, exc.detail)
        elif isinstance(exc, BlindProofError):
            fail(check, f"body.proof.{exc.field}" if exc.field else "body.proof", str(exc))
        else:
            fail(check, exc.field, exc.detail)

    def remember(self, verdict: Verdict) -> None:
        """Keep a passing verdict so that feeding the same body next costs nothing (the board
        checks before writing, then feeds its checker)."""
        self._verdict = verdict

    def check(self, board: TallyBoard, kind: str, body: JSONObject, index: int) -> Verdict:
        """Check the entry ``(kind, body)`` at ``index`` against the state so far, which it does
        not change; the verdict says what :meth:`feed` records."""
        where = f"entry {index}"
        definition, group, ceremony = board.definition, board.group, board.ceremony
        try:
            if board.close_index is None or board.close_index > index:
                raise RecordError.at(
                    where, "kind", f"a {kind} entry before close", reason="voting_not_closed"
                )
            if definition is None or group is None or ceremony is None or board.election_id is None:
                raise RecordError.at(
                    where, "kind", f"a {kind} entry on a board without an election"
                )
            counted_at = board.counted_at
            if counted_at is not None and counted_at < index:
                raise RecordError.at(
                    where,
                    "kind",
                    f"a {kind} entry after the tally (entry {counted_at}): the counted set is "
                    "fixed when it is tallied",
                    reason="after_tally",
                )
            districts = [d.id for d in definition.districts]
            entry = parse_tally_entry(group, districts, definition.trustees.n, kind, body, where)
            if isinstance(entry, Combined):
                authority = definition.keys.authority
                assert authority is not None
                verify_body_signature(authority, board.election_id, kind, body, where, "authority")
            else:
                i = entry.trustee
                status = ceremony.trustees.get(i)
                if i not in ceremony.qualified or status is None or status.key is None:
                    raise RecordError.at(
                        where,
                        "body.trustee",
                        f"trustee {i} is not in QUAL",
                        reason="not_qualified",
                    )
                verify_body_signature(
                    status.key, board.election_id, kind, body, where, f"trustee {i}"
                )
        except PlebisciteError as exc:
            return Verdict(body, None, None, exc)
        current = self.districts.get(entry.district)
        rounds = DistrictRounds() if current is None else _copy_rounds(current)
        self._collect = []
        self._index = index
        try:
            _STEPS[kind](self, board, rounds, entry)
        except PlebisciteError as exc:
            return Verdict(body, entry.district, rounds, exc, tuple(self._collect))
        return Verdict(body, entry.district, rounds, None, tuple(self._collect))

    # -- V13 -----------------------------------------------------------------------------------

    def _commit(self, board: TallyBoard, rounds: DistrictRounds, entry: TallyEntry) -> None:
        assert isinstance(entry, TagCommit) and board.group is not None
        i = entry.trustee
        if rounds.blinders:
            raise _Refused(
                CHECK_DEDUP, "kind", f"a commitment after trustee {rounds.blinders[0]}'s blinding"
            )
        if i in rounds.commits:
            raise _Refused(CHECK_DEDUP, "body.trustee", f"trustee {i} committed already")
        encoded = board.group.encode(entry.commitment)
        earlier = (z for r in self.districts.values() for z in r.commits.values())
        if any(board.group.encode(z) == encoded for z in earlier):
            raise _Refused(CHECK_DEDUP, "body.commitment", "not fresh: an earlier tag_commit's")
        rounds.commits[i] = entry.commitment

    # -- the chunked stages ----------------------------------------------------------------------

    def _stage_input(
        self, board: TallyBoard, rounds: DistrictRounds, stage: str, i: int, district: str
    ) -> Sequence[Ciphertext]:
        """Where trustee ``i``'s ``stage`` may begin or close: its input list (the list it blinds
        or decrypts). Raises :class:`_Refused` where it may not (record.md §6's order)."""
        if stage == TAG_BLIND:
            if i not in rounds.commits:
                raise _Refused(CHECK_DEDUP, "body.trustee", f"trustee {i} posted no tag_commit")
            _blinding_in_order(
                CHECK_DEDUP,
                bool(rounds.tag_shares) or _began(rounds, TAG_DECRYPT),
                rounds.blinders,
                i,
            )
            if rounds.blinded is not None:
                return rounds.blinded
            inputs = [ballot.credential for _, ballot in board.credential_ballots(district)]
            if not inputs:
                raise _Refused(CHECK_DEDUP, "body.district", "no valid ballot to blind")
            return inputs
        if stage == TAG_DECRYPT:
            missing = sorted(set(rounds.commits) - set(rounds.blinders))
            if rounds.blinded is None or missing:
                raise _Refused(
                    CHECK_DEDUP, "kind", f"a decryption before the blinding by trustees {missing}"
                )
            if rounds.kept is not None:
                raise _Refused(CHECK_DEDUP, "kind", "a decryption after the tag_dedup")
            if i in rounds.tag_shares:
                raise _Refused(CHECK_DEDUP, "body.trustee", f"trustee {i} decrypted already")
            return rounds.blinded
        if stage == PET_BLIND:
            return self._pet_input(board, rounds, i, district)
        k = _k(board)
        if rounds.tested is None or len(rounds.pet_blinders) < k:
            raise _Refused(
                CHECK_MATCH,
                "kind",
                f"a decryption after {len(rounds.pet_blinders)} blinding(s): k = {k}",
            )
        if rounds.counted is not None:
            raise _Refused(CHECK_MATCH, "kind", "a decryption after the pet_match")
        if i in rounds.pet_shares:
            raise _Refused(CHECK_MATCH, "body.trustee", f"trustee {i} decrypted already")
        return rounds.tested

    def _chunk(self, board: TallyBoard, rounds: DistrictRounds, entry: TallyEntry) -> None:
        """A ``tally_chunk``: in its stage's place and order; a share's proof is checked here."""
        assert isinstance(entry, TallyChunk) and board.group is not None
        stage, i = entry.stage, entry.trustee
        check = CHECK_DEDUP if stage.startswith("tag_") else CHECK_MATCH
        done = {
            TAG_BLIND: rounds.blinders,
            TAG_DECRYPT: rounds.tag_shares,
            PET_BLIND: rounds.pet_blinders,
            PET_DECRYPT: rounds.pet_shares,
        }[stage]
        if i in done:
            raise _Refused(check, "kind", f"a chunk after trustee {i}'s closing {stage} entry")
        inputs = self._stage_input(board, rounds, stage, i, entry.district)
        if stage in (TAG_BLIND, PET_BLIND):
            others = sorted(t for (s, t) in rounds.pending if s == stage and t != i)
            if others:
                raise _Refused(
                    check,
                    "body.trustee",
                    f"trustee {others[0]}'s {stage} chunks are not closed: the chunks of a "
                    "blinding round's trustees never interleave",
                )
        pending = rounds.pending.get((stage, i)) or Pending(self._run(board.group, stage))
        size = chunk_size(board.group, stage)
        posted = len(pending.sizes)
        if entry.position != posted:
            raise _Refused(check, "body.position", f"chunk {entry.position} where {posted} is next")
        most = chunk_count(len(inputs), size)
        if entry.position >= most:
            raise _Refused(
                check,
                "body.position",
                f"chunk {entry.position}: the input of {len(inputs)} item(s) fills {most} "
                f"chunk(s) of {size}",
            )
        if pending.sizes and pending.sizes[-1] < size:
            raise _Refused(
                check, "body.position", f"a chunk after chunk {posted - 1}, which was not full"
            )
        start = pending.count
        if stage == PET_BLIND and rounds.match_mixes is None:
            self._fix_match_input(board, rounds, entry.district, inputs)
        # a chunk in its place links its stage even when it holds too many items: the closing
        # entry then fails too, and the next trustee works from what was posted
        rounds.pending[(stage, i)] = Pending(
            pending.items.plus(entry.items), (*pending.indices, self._index)
        )
        if start + len(entry.items) > len(inputs):
            raise _Refused(
                check,
                "body.items",
                f"items {start} … {start + len(entry.items) - 1} for an input of "
                f"{len(inputs)}: an item added",
            )
        if stage in (TAG_DECRYPT, PET_DECRYPT):
            shares: Sequence[Share] = entry.items  # type: ignore[assignment]
            self._prove_shares(board, check, stage, i, entry.district, inputs, shares, start)

    def _prove_shares(
        self,
        board: TallyBoard,
        check: str,
        stage: str,
        i: int,
        district: str,
        inputs: Sequence[Ciphertext],
        shares: Sequence[Share],
        start: int,
    ) -> None:
        assert board.group is not None and board.ceremony is not None
        vk = board.ceremony.verification_keys.get(i)
        if vk is None:
            raise _Refused(check, "body.trustee", f"trustee {i} has no verification key")
        context = _context(board, district, "dedup" if stage == TAG_DECRYPT else "match")
        for offset in range(0, len(shares), SHARES_PER_TASK):
            end = min(offset + SHARES_PER_TASK, len(shares))
            self._prove(
                check,
                check_shares,
                (
                    board.group.name,
                    vk,
                    i,
                    inputs[start + offset : start + end],
                    shares[offset:end],
                    context,
                    start + offset,
                    "body.items",
                    offset,
                ),
            )

    def _closed(
        self, board: TallyBoard, rounds: DistrictRounds, stage: str, i: int, closing: Closing
    ) -> tuple[ChunkRun[ChunkItem], str | None, str]:
        """The items of trustee ``i``'s chunks of ``stage``, taken out of the pending ones (as
        stored), and what is wrong with the closing entry's ``count``, ``chunks`` or ``digest``
        (its field and message; None when they agree)."""
        assert board.group is not None
        pending = rounds.pending.pop((stage, i), None) or Pending(self._run(board.group, stage))
        items = pending.items
        if closing.chunks != len(pending.sizes):
            return (
                items,
                "body.chunks",
                (f"{closing.chunks} chunks stated, {len(pending.sizes)} posted before it"),
            )
        if closing.count != len(items):
            return (
                items,
                "body.count",
                f"{closing.count} items stated, the chunks hold {len(items)}",
            )
        digest = items_digest(board.group, stage, i, len(items), items.chunks())
        if digest != closing.digest:
            return items, "body.digest", "not the digest of the chunks' items"
        return items, None, ""

    def _blind(self, board: TallyBoard, rounds: DistrictRounds, entry: TallyEntry) -> None:
        assert isinstance(entry, TagBlind) and board.group is not None
        i = entry.trustee
        inputs = self._stage_input(board, rounds, TAG_BLIND, i, entry.district)
        items, wrong, message = self._closed(board, rounds, TAG_BLIND, i, entry.closing)
        outputs: ChunkRun[Ciphertext] = items  # type: ignore[assignment]
        # a signed blinding that fails still links the round: the next trustee blinds its
        # output, and only this entry fails
        rounds.blinders.append(i)
        rounds.blinded = outputs
        if wrong is not None:
            raise _Refused(CHECK_DEDUP, wrong, message)
        if len(outputs) != len(inputs):
            raise _Refused(
                CHECK_DEDUP,
                "body.count",
                f"{len(outputs)} outputs for an input of {len(inputs)}: a tag dropped or added",
            )
        self._prove(
            CHECK_DEDUP,
            check_blinding,
            (
                board.group.name,
                i,
                rounds.commits[i],
                inputs,
                outputs,
                entry.proof,
                _context(board, entry.district, "dedup"),
            ),
        )

    def _decrypt(self, board: TallyBoard, rounds: DistrictRounds, entry: TallyEntry) -> None:
        assert isinstance(entry, Decrypt)
        i, stage = entry.trustee, entry.kind
        check = CHECK_DEDUP if stage == TAG_DECRYPT else CHECK_MATCH
        items = self._stage_input(board, rounds, stage, i, entry.district)
        got, wrong, message = self._closed(board, rounds, stage, i, entry.closing)
        shares: ChunkRun[Share] = got  # type: ignore[assignment]
        # a share that fails still counts as posted (its chunk failed): only it fails
        target = rounds.tag_shares if stage == TAG_DECRYPT else rounds.pet_shares
        target[i] = shares.picked(_partial)
        if wrong is not None:
            raise _Refused(check, wrong, message)
        if len(shares) != len(items):
            raise _Refused(check, "body.count", f"{len(shares)} shares for {len(items)} items")

    def _dedup(self, board: TallyBoard, rounds: DistrictRounds, entry: TallyEntry) -> None:
        assert isinstance(entry, Combined) and board.group is not None
        if rounds.kept is not None:
            raise _Refused(CHECK_DEDUP, "kind", "a second tag_dedup")
        blinded = rounds.blinded
        assert blinded is not None or not rounds.tag_shares
        partials = _chosen(board, rounds.tag_shares, entry, CHECK_DEDUP)
        assert blinded is not None
        ctx = _context(board, entry.district, "dedup")
        _same_length(blinded, partials)
        tags = combine_tags_chunks(board.group, as_chunked(blinded), partials, _k(board), ctx)
        valid = board.credential_ballots(entry.district)
        kept = tuple(valid[p][0] for p in keep_last(islice(tags, len(valid))))
        by_index = dict(valid)
        if any(j not in by_index for j in entry.positions):
            raise _Refused(CHECK_DEDUP, "body.kept", "an index that is not a valid ballot's")
        # the kept list the authority named is the one the mix takes, even a wrong one: only
        # this entry fails then, and V11 checks the mix of what was posted
        rounds.kept = entry.positions
        rounds.kept_items = [
            (by_index[j].credential, by_index[j].pointer, *by_index[j].options())
            for j in entry.positions
        ]
        if kept != entry.positions:
            raise _Refused(
                CHECK_DEDUP,
                "body.kept",
                f"the kept ballots are entries {list(kept)}: the last of each tag",
            )

    # -- V14 -----------------------------------------------------------------------------------

    def _pet_input(
        self, board: TallyBoard, rounds: DistrictRounds, i: int, district: str
    ) -> Sequence[Ciphertext]:
        k = _k(board)
        ref = ListRef(KEPT_LIST, district)
        current = board.mixing.rounds.get(ref)
        shuffles = len(current.trustees) if current is not None else 0
        if rounds.kept is None or current is None or current.output is None or shuffles < k:
            raise _Refused(
                CHECK_MATCH,
                "kind",
                f"equality tests after {shuffles} shuffle(s) of the kept list: k = {k}",
            )
        if rounds.match_mixes is not None and rounds.match_mixes != shuffles:
            raise _Refused(
                CHECK_MATCH,
                "kind",
                f"the kept list was shuffled again after the equality tests began "
                f"({rounds.match_mixes} shuffles then, {shuffles} now)",
            )
        _blinding_in_order(
            CHECK_MATCH,
            bool(rounds.pet_shares) or _began(rounds, PET_DECRYPT),
            rounds.pet_blinders,
            i,
        )
        if rounds.tested is not None:
            return rounds.tested
        if rounds.match_input is not None:
            return rounds.match_input
        # the quotients go to the checker's store, a chunk of the mixed list at a time, once
        # per mix output (entries refused before the round's first do not write them again)
        key = (district, shuffles)
        run = self._quotients.get(key)
        if run is None:
            mixed = board.mixing.output_items(ref) or []
            assert board.group is not None
            run = self._run(board.group, "equality test input")
            for start in range(0, len(mixed), LIST_CHUNK):
                part = mixed[start : start + LIST_CHUNK]
                run = run.plus(quotients(board.group, [t[0] for t in part], [t[1] for t in part]))
            self._quotients[key] = run
        return run

    def _fix_match_input(
        self,
        board: TallyBoard,
        rounds: DistrictRounds,
        district: str,
        inputs: Sequence[Ciphertext],
    ) -> None:
        """The round's first chunk or entry fixes its input: the kept list's last mix output,
        and its quotients ``inputs`` (kept for the round's later chunks)."""
        ref = ListRef(KEPT_LIST, district)
        current = board.mixing.rounds.get(ref)
        assert current is not None
        rounds.match_mixes = len(current.trustees)
        rounds.mixed = board.mixing.output_items(ref) or []
        rounds.match_input = inputs

    def _pet_blind(self, board: TallyBoard, rounds: DistrictRounds, entry: TallyEntry) -> None:
        assert isinstance(entry, PetBlind) and board.group is not None
        i = entry.trustee
        inputs = self._pet_input(board, rounds, i, entry.district)
        if rounds.match_mixes is None:
            self._fix_match_input(board, rounds, entry.district, inputs)
        got, wrong, message = self._closed(board, rounds, PET_BLIND, i, entry.closing)
        items: ChunkRun[PetItem] = got  # type: ignore[assignment]
        outputs: ChunkRun[Ciphertext] = items.picked(_pet_output)
        rounds.pet_blinders.append(i)  # as in the dedup round, a failing step still links
        rounds.tested = outputs
        rounds.match_input = None  # the round goes on from the outputs
        if wrong is not None:
            raise _Refused(CHECK_MATCH, wrong, message)
        if len(items) != len(inputs):
            raise _Refused(
                CHECK_MATCH,
                "body.count",
                f"{len(items)} items for an input of {len(inputs)}: a test dropped or added",
            )
        # the proof is read from the store chunk by chunk here; a worker gets it as lists
        parts = [items.picked(itemgetter(k)) for k in (0, 2, 3, 4)]
        if self.submit is not None:
            stage = PetStage(
                i, tuple(parts[0]), tuple(outputs), PetProof(*(tuple(p) for p in parts[1:]))
            )
        else:
            stage = PetStage(i, parts[0], outputs, PetProof(*parts[1:]))  # type: ignore[arg-type]
        context = _context(board, entry.district, "match")
        self._prove(CHECK_MATCH, check_pet, (board.group.name, inputs, stage, context))

    def _match(self, board: TallyBoard, rounds: DistrictRounds, entry: TallyEntry) -> None:
        assert isinstance(entry, Combined) and board.group is not None
        if rounds.counted is not None:
            raise _Refused(CHECK_MATCH, "kind", "a second pet_match")
        partials = _chosen(board, rounds.pet_shares, entry, CHECK_MATCH)
        assert rounds.tested is not None
        _same_length(rounds.tested, partials)
        chunks = combine_chunks(board.group, as_chunked(rounds.tested), partials, _k(board))
        results = (t for chunk in chunks for t in chunk)
        counted = tuple(j for j, t in enumerate(results) if board.group.is_identity(t))
        rounds.counted = entry.positions
        if counted != entry.positions:
            raise _Refused(
                CHECK_MATCH,
                "body.counted",
                f"the tests that pass are at positions {list(counted)} of the mixed list",
            )

    # -- queries and the end ---------------------------------------------------------------------

    def kept_items(self, district: str) -> list[Item]:
        """The first input of the ``kept`` mix round of ``district`` (V11): the kept ballots'
        tuples ``(D, P, options …)`` in board order; :class:`RecordError` before ``tag_dedup``."""
        rounds = self.districts.get(district)
        if rounds is None or rounds.kept_items is None:
            raise RecordError(f"district {district!r}: no tag_dedup yet: the kept list is unknown")
        return rounds.kept_items

    def matched(self) -> dict[str, list[tuple[Ciphertext, ...]]]:
        """Step 5's input: per district whose ``pet_match`` is on the board, the option
        ciphertexts of the mixed ballots it counted (the tuples without D and P), in the mixed
        list's order. Empty when no district has one (an election of the mode revote)."""
        out: dict[str, list[tuple[Ciphertext, ...]]] = {}
        for district, rounds in self.districts.items():
            if rounds.counted is not None and rounds.mixed is not None:
                mixed = rounds.mixed
                out[district] = [tuple(mixed[p][2:]) for p in rounds.counted if p < len(mixed)]
        return out

    def superseded(self, district: str, valid: int) -> int:
        """The valid ballots of ``district`` that a later ballot of the same credential
        replaced (the dedup round dropped them), once its ``tag_dedup`` is on the board."""
        rounds = self.districts.get(district)
        return 0 if rounds is None or rounds.kept is None else max(0, valid - len(rounds.kept))

    def finish(
        self,
        fail: FailAt,
        *,
        in_progress: bool,
        board: TallyBoard | None = None,
        counted_at: int | None = None,
    ) -> None:
        """Report the proofs checked by workers that failed, at their entries; then every
        district whose tally began must have reached its ``pet_match``, and, when the record
        counts (``counted_at``: the index of its first ``tally`` or ``result``), every district
        of ``board`` with a valid ballot must have a tag round: step 5 counts the matched ballots
        only (spec §16.5), so a district without its round would be counted as empty. A record
        ``in_progress`` is held to both once it counts, and to neither before.
        ``fail(check, index, field, message)``."""
        self._drain(0)
        for check, index, field_, message in self._late:
            fail(check, index, field_, message)
        self._late = []
        if in_progress and counted_at is None:
            return
        counts = "" if counted_at is None else f", yet entry {counted_at} counts the district"
        for district, rounds in self.districts.items():
            where = f"district {district!r}"
            for (stage, i), pending in sorted(rounds.pending.items()):
                check = CHECK_DEDUP if stage.startswith("tag_") else CHECK_MATCH
                fail(
                    check,
                    pending.indices[-1],
                    "tally_chunk",
                    f"{where}: trustee {i}'s {len(pending.sizes)} chunk(s) of {stage} (entries "
                    f"{list(pending.indices)}) have no closing {stage} entry",
                )
            if rounds.kept is None:
                message = f"{where}: the dedup round has no tag_dedup{counts}"
                fail(CHECK_DEDUP, counted_at, "tag_dedup", message)
            elif rounds.counted is None:
                message = f"{where}: the tally has no pet_match{counts}"
                fail(CHECK_MATCH, counted_at, "pet_match", message)
        definition = None if board is None else board.definition
        if board is None or counted_at is None or definition is None:
            return
        if not definition.fake_credentials:
            return
        for d in definition.districts:
            if d.id in self.districts:
                continue
            valid = len(board.credential_ballots(d.id))
            if valid:
                message = (
                    f"district {d.id!r}: {valid} valid ballot(s) and no tag round (no tag_commit), "
                    f"yet entry {counted_at} counts the district: its ballots were never matched"
                )
                fail(CHECK_DEDUP, counted_at, "tag_commit", message)


#: the board's refusal reason by the field at fault (the rest: ``bad_proof`` for a proof, else
#: ``malformed``)
_REASONS: Final = {
    "kind": "out_of_order",
    "body.trustee": "out_of_order",
    "body.trustees": "wrong_result",
    "body.kept": "wrong_result",
    "body.counted": "wrong_result",
    "body.district": "wrong_input",
    "body.commitment": "not_fresh",
    "body.position": "out_of_order",
    "body.items": "wrong_input",
    "body.count": "wrong_input",
    "body.chunks": "wrong_input",
    "body.digest": "wrong_input",
}


def refusal_reason(exc: PlebisciteError) -> str:
    """The code a board refuses an entry with, for the problem :meth:`CoercionTally.check`
    found."""
    if exc.reason is not None:
        return exc.reason
    if isinstance(exc, BlindProofError | ProofError):
        return "bad_proof"
    return _REASONS.get(exc.field, "malformed")


def _began(rounds: DistrictRounds, stage: str) -> bool:
    """Whether some trustee posted a chunk of ``stage`` (its closing entry not yet)."""
    return any(s == stage for s, _ in rounds.pending)


def _k(board: TallyBoard) -> int:
    assert board.definition is not None
    return board.definition.trustees.k


def _context(board: TallyBoard, district: str, name: str) -> dict[str, CanonicalValue]:
    assert board.election_ctx is not None
    return tally_context(board.election_ctx, district, name)


def _partial(share: Share) -> Element:
    return share[0]


def _pet_output(item: PetItem) -> Ciphertext:
    return item[1]


def _same_length(items: Sequence[Ciphertext], partials: Mapping[int, ChunkedList[Element]]) -> None:
    """Every trustee's partial decryptions are as many as ``items``."""
    for i, shares in partials.items():
        if len(shares) != len(items):
            raise ParameterError(
                f"trustee {i}: {len(shares)} partial decryptions for {len(items)} items"
            )


def _chosen(
    board: TallyBoard, posted: Mapping[int, ChunkedList[Element]], entry: Combined, check: str
) -> dict[int, ChunkedList[Element]]:
    k = _k(board)
    missing = [i for i in entry.trustees if i not in posted]
    if missing:
        raise _Refused(check, "body.trustees", f"trustees {missing} posted no decryption")
    if len(entry.trustees) < k:
        raise _Refused(check, "body.trustees", f"{len(entry.trustees)} trustees combined: k = {k}")
    return {i: posted[i] for i in entry.trustees}


def _blinding_in_order(check: str, decrypting: bool, blinders: Sequence[int], i: int) -> None:
    """Refuse trustee ``i``'s blinding once its round's decryptions began, or when it does not
    follow the round's previous blinder in increasing index order (record.md §6)."""
    if decrypting:
        raise _Refused(check, "kind", "a blinding after the round's decryptions")
    if blinders and i <= blinders[-1]:
        raise _Refused(
            check,
            "body.trustee",
            f"trustee {i} blinds after trustee {blinders[-1]}: the trustees of a round blind "
            "once each, in increasing index order",
        )


# -- the proofs, checked here or by workers -------------------------------------------------------

#: the shares of one trustee checked by one task (a few hundred milliseconds)
SHARES_PER_TASK: Final = 256
#: a proof's failure: the field at fault and what is wrong
Problem = tuple[str, str]


class ProofFuture(Protocol):
    """A submitted proof check (``concurrent.futures`` and ``distributed`` futures both are)."""

    def result(self) -> Problem | None: ...


#: sends one proof check (a module-level function and its arguments, public values only) to a
#: worker: an executor's or a Dask client's ``submit``
Submit = Callable[..., ProofFuture]


def check_blinding(
    group_name: str,
    trustee: int,
    commitment: Element,
    inputs: Sequence[Ciphertext] | ChunkedList[Ciphertext],
    outputs: Sequence[Ciphertext] | ChunkedList[Ciphertext],
    proof: ChaumPedersenProof,
    context: Mapping[str, CanonicalValue],
) -> Problem | None:
    """Trustee ``trustee``'s proof of blinding (spec §16.6), anywhere: over lists read chunk by
    chunk (the checker's store's, here) or held whole (a worker's)."""
    try:
        verify_blinding_chunks(
            get_group(group_name),
            trustee,
            commitment,
            as_chunked(inputs),
            as_chunked(outputs),
            proof,
            dict(context),
        )
    except BlindProofError as exc:
        return (f"body.proof.{exc.field}" if exc.field else "body.proof", str(exc))
    return None


def check_pet(
    group_name: str,
    inputs: Sequence[Ciphertext] | ChunkedList[Ciphertext],
    stage: PetStageLike,
    context: Mapping[str, CanonicalValue],
) -> Problem | None:
    """A trustee's step of an equality-test round (spec §16.7), anywhere."""
    try:
        verify_pet_stage_chunks(get_group(group_name), as_chunked(inputs), stage, dict(context))
    except BlindProofError as exc:
        if exc.index is None:
            return ("body.items", str(exc))
        return (f"body.items[{exc.index}].{exc.field}" if exc.field else "body.items", str(exc))
    return None


def check_shares(
    group_name: str,
    vk: Element,
    trustee: int,
    items: Sequence[Ciphertext],
    shares: Sequence[Share],
    context: Mapping[str, CanonicalValue],
    start: int,
    path: str,
    first: int = 0,
) -> Problem | None:
    """Items ``start …`` of a trustee's partial decryptions of a list, with their proofs; the
    field names the share at ``path[first + offset]``."""
    group = get_group(group_name)
    for offset, (ct, (partial, proof)) in enumerate(zip(items, shares, strict=True)):
        j = start + offset
        try:
            verify_partial_decryption(
                group, vk, ct, partial, proof, decryption_context(context, trustee, j)
            )
        except ProofError as exc:
            return (f"{path}[{first + offset}]", f"trustee {trustee}, item {j}: {exc.detail}")
    return None


#: per chunked stage, how its items are stored and what they are called in errors
_CODECS: Final[dict[str, tuple[Any, str]]] = {
    TAG_BLIND: (CIPHERTEXTS, "tag_blind item"),
    TAG_DECRYPT: (SHARES, "tag_decrypt item"),
    PET_BLIND: (PET_ITEMS, "pet_blind item"),
    PET_DECRYPT: (SHARES, "pet_decrypt item"),
}

_Step = Callable[[CoercionTally, TallyBoard, DistrictRounds, TallyEntry], None]
_STEPS: Final[dict[str, _Step]] = {
    TALLY_CHUNK: CoercionTally._chunk,
    TAG_COMMIT: CoercionTally._commit,
    TAG_BLIND: CoercionTally._blind,
    TAG_DECRYPT: CoercionTally._decrypt,
    TAG_DEDUP: CoercionTally._dedup,
    PET_BLIND: CoercionTally._pet_blind,
    PET_DECRYPT: CoercionTally._decrypt,
    PET_MATCH: CoercionTally._match,
}
