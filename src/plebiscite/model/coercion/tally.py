"""The linear tally of the fake-credentials mode, district by district (docs/spec.md §16.5), and
its verification: V12 (valid ballots in board order), V13 (duplicates removed by blinded tags,
keeping the last), V11 (the mix of the kept tuples ``(D, P, options …)``), V14 (one equality test
per mixed tuple, §16.7), V15 (aggregates of the counted tuples) and V16 (their decryption).

:func:`run_district_tally` plays every trustee in one process from their shares (for tests, the
benchmark and the demo); :func:`verify_district_tally` needs only public values and recomputes or
checks every step, raising :class:`~plebiscite.errors.CoercionTallyError` with the check ID, the
field and the trustee at fault. Every step is linear in the number of ballots. Each stage is kept
as it is made by a :class:`~plebiscite.model.coercion.tally_store.TallyStore` (on disk past
``spill_at`` list items) and read back one stage at a time, so the tally and its verification
hold a step's lists, not every stage's. The §12.2 disclosure rule and the record entries of
record.md §6 are applied where the tally is posted, which is not built yet.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from contextlib import AbstractContextManager, ExitStack
from dataclasses import dataclass
from typing import Any, TypeVar

from plebiscite.crypto import rand
from plebiscite.crypto.batch import BatchVerifier, Equation
from plebiscite.crypto.chunked import ChunkedList, ListSink, as_chunked, rechunk
from plebiscite.crypto.elgamal import Ciphertext, DiscreteLog
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.pet import (
    PetStage,
    counted_positions,
    pet_stage,
    pet_stage_chunks,
    quotients,
    verify_pet_chain_chunks,
)
from plebiscite.crypto.proofs import prove_partial_decryption
from plebiscite.crypto.shuffle import (
    ColumnGenerators,
    Item,
    chain_base,
    generator_range,
    generators_seed,
    prove_columns,
    prove_shuffle,
    shuffle,
    shuffle_columns,
)
from plebiscite.crypto.shuffle_columns import PROVER_CHUNK, Column, Columns
from plebiscite.crypto.shuffle_verify import (
    MixStage,
    ProofHead,
    ShuffleLists,
    verify_shuffle_lists,
)
from plebiscite.crypto.tags_blind import (
    BlindStage,
    blind_and_prove,
    blind_and_prove_chunks,
    blinding_commitment,
    combine_chunks,
    combine_tags_chunks,
    decryption_context,
    keep_last,
    verify_blind_chain_chunks,
    verify_decryptions_chunks,
)
from plebiscite.crypto.threshold import combine
from plebiscite.errors import (
    BlindProofError,
    CoercionTallyError,
    ParameterError,
    ProofError,
    ShuffleProofError,
)
from plebiscite.model.ballot.content import BallotParams
from plebiscite.model.coercion.ballot import (
    DEFAULT_ANONYMITY,
    CredentialBallot,
    check_credential_ballot,
)
from plebiscite.model.coercion.tally_store import (
    CHUNK,
    CIPHERTEXTS,
    DEFAULT_TALLY_SPILL_AT,
    SHARES,
    BlindLists,
    Kept,
    MixView,
    PetView,
    Picked,
    Share,
    SharesView,
    Stages,
    StoredDecryptions,
    StoredList,
    TallyStore,
    items_codec,
    share_lists,
    stage_views,
)

T = TypeVar("T")

__all__ = [
    "ColumnsMaker",
    "Context",
    "Decryptions",
    "DistrictTally",
    "Share",
    "StepHook",
    "TallyRun",
    "Trustees",
    "round_context",
    "run_district_tally",
    "tally_context",
    "valid_ballots",
    "verify_district_tally",
]

#: per decrypting trustee, its shares of a list, item by item
Decryptions = Mapping[int, tuple[Share, ...]]
#: a round's context map
Context = Mapping[str, CanonicalValue]
#: called with a step's name when it ends (``"valid"``, ``"dedup"``, ``"mix"``, ``"match"``,
#: ``"result"``; the checks' IDs when verifying): the benchmark times the steps with it
StepHook = Callable[[str], None]


#: makes the columns of one shuffle's prover, removed when the context exits (the callers above
#: this layer pass :class:`plebiscite.state.mix_spill.DiskColumns` in a new directory)
ColumnsMaker = Callable[[], AbstractContextManager[Columns]]


def _no_hook(step: str) -> None:
    del step


@dataclass(frozen=True)
class Trustees:
    """The public side of the QUAL trustees: verification keys ``VK_i`` and the threshold k."""

    verification_keys: Mapping[int, Element]
    k: int


@dataclass(frozen=True)
class DistrictTally:
    """Everything a district's tally posts (the record entries of record.md §6, as values)."""

    district: str
    valid: tuple[int, ...]  #: V12: board positions of the valid ballots, replays once
    dedup_stages: Sequence[BlindStage]  #: V13: the blinding chain over the valid D's
    dedup_decryptions: Decryptions  #: V13: partial decryptions of its last list
    kept: tuple[int, ...]  #: V13: board positions kept, increasing
    mix_stages: Sequence[MixStage]  #: V11: the mix of the kept tuples (D, P, options …)
    pet_stages: Sequence[PetStage]  #: V14: the equality tests of the mixed tuples
    pet_decryptions: Decryptions  #: V14: partial decryptions of their last list
    counted: tuple[int, ...]  #: V14: positions of the mixed list that passed
    aggregates: tuple[Ciphertext, ...]  #: V15: per option (question after question)
    result_decryptions: Decryptions  #: V16: partial decryptions of the aggregates
    counts: tuple[int, ...]  #: V16: per option
    dedup_trustees: tuple[int, ...] = ()  #: V13: the decryptions combined (``tag_dedup``)
    match_trustees: tuple[int, ...] = ()  #: V14: the decryptions combined (``pet_match``)


def round_context(
    params: BallotParams, district: str, round_name: str
) -> dict[str, CanonicalValue]:
    """``{"election", "district", "round"}`` (plus ``"list": "ballots"`` for the dedup round); the
    ``dedup`` and ``match`` rounds' context. The mix between them takes the mixnet's context,
    ``election_ctx`` (spec §15.7), as every mix round does."""
    return tally_context(params.election_ctx, district, round_name)


def tally_context(election_ctx: bytes, district: str, round_name: str) -> dict[str, CanonicalValue]:
    """:func:`round_context` from the election context itself (what a board's checker has)."""
    context: dict[str, CanonicalValue] = {
        "election": election_ctx,
        "district": district,
        "round": round_name,
    }
    if round_name == "dedup":
        context["list"] = "ballots"
    return context


#: items per task when a trustee's partial decryptions run on several processes
DECRYPT_CHUNK = 1024

#: ballots whose proofs are checked in one batch by :func:`valid_ballots`
VALID_BATCH = 128


class _BallotBatch(BatchVerifier):
    """A batch of several ballots' proofs that remembers which ballot added each label."""

    def __init__(self, params: BallotParams) -> None:
        super().__init__(params.group)
        self.ballot = -1  #: the position of the ballot whose proofs are being added
        self.owner: dict[str, int] = {}

    def add(self, label: str, bases: Sequence[Element], exponents: Sequence[int]) -> None:
        self.owner.setdefault(label, self.ballot)
        super().add(label, bases, exponents)

    def add_equations(self, label: str, equations: Sequence[Equation]) -> None:
        self.owner.setdefault(label, self.ballot)
        super().add_equations(label, equations)

    def failed_ballots(self) -> set[int]:
        return {self.owner[label] for label in self.check()}


def _passed(
    params: BallotParams,
    roll: Sequence[Ciphertext],
    chunk: Sequence[tuple[int, CredentialBallot]],
    anonymity: int,
) -> list[int]:
    """The positions of the ballots of ``chunk`` whose checks pass, their proofs in one batch."""
    batch = _BallotBatch(params)
    pending: list[int] = []
    for j, ballot in chunk:
        batch.ballot = j
        try:
            check_credential_ballot(
                params, roll, ballot, anonymity=anonymity, where=f"ballot {j}", batch=batch
            )
        except (ProofError, ValueError):
            continue
        pending.append(j)
    failed = batch.failed_ballots() if pending else set()
    return [j for j in pending if j not in failed]


#: a worker process's election parameters, roll and anonymity (set once, by its initializer)
_WORKER: list[tuple[BallotParams, Sequence[Ciphertext], int]] = []


def _start_worker(params: BallotParams, roll: Sequence[Ciphertext], anonymity: int) -> None:
    _WORKER[:] = [(params, roll, anonymity)]


def _worker_passed(chunk: Sequence[tuple[int, CredentialBallot]]) -> list[int]:
    params, roll, anonymity = _WORKER[0]
    return _passed(params, roll, chunk, anonymity)


def valid_ballots(
    params: BallotParams,
    roll: Sequence[Ciphertext],
    board: Sequence[CredentialBallot],
    district: str,
    *,
    anonymity: int = DEFAULT_ANONYMITY,
    workers: int = 1,
) -> tuple[int, ...]:
    """Step 1: the positions of ``district``'s ballots that pass, in board order; a repeated
    statement (a replay) counts once, at its first valid position. The proofs of
    :data:`VALID_BATCH` ballots at a time are checked in one batch: a failing batch is bisected
    down to the failing ballots (each one invalid, whichever of its proofs failed), so the
    verdict on every ballot is the one it gets alone. ``workers`` > 1 checks the batches on that
    many local processes (the verdicts are the same). The board is read once, in order."""
    return _valid(params, roll, board, district, anonymity, workers, None)


def _district_chunks(
    board: Iterable[CredentialBallot], district: str
) -> Iterator[list[tuple[int, CredentialBallot]]]:
    """The district's ballots with their board positions, :data:`VALID_BATCH` at a time."""
    chunk: list[tuple[int, CredentialBallot]] = []
    for j, ballot in enumerate(board):
        if ballot.district == district:
            chunk.append((j, ballot))
            if len(chunk) == VALID_BATCH:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


def ballot_tuple(ballot: CredentialBallot) -> Item:
    """The tuple ``(D, P, options …)`` a ballot enters the mix as."""
    return (ballot.credential, ballot.pointer, *ballot.options())


def _valid(
    params: BallotParams,
    roll: Sequence[Ciphertext],
    board: Sequence[CredentialBallot],
    district: str,
    anonymity: int,
    workers: int,
    tuples: ListSink[Item] | None,
    credentials: ListSink[Ciphertext] | None = None,
) -> tuple[int, ...]:
    """:func:`valid_ballots`; with ``tuples`` (and ``credentials``), each valid ballot's tuple
    (and its credential ciphertext, the tuple's first: the dedup round reads that list alone)
    appended, in the order of the positions returned, so the later steps need not read the
    board again."""
    seen: set[bytes] = set()
    out: list[int] = []

    def accept(chunk: Sequence[tuple[int, CredentialBallot]], passed: Sequence[int]) -> None:
        ok = set(passed)
        picked: list[Item] = []
        for j, ballot in chunk:
            if j in ok and ballot.statement not in seen:
                seen.add(ballot.statement)
                out.append(j)
                picked.append(ballot_tuple(ballot))
        if tuples is not None and picked:
            tuples.append(picked)
        if credentials is not None and picked:
            credentials.append([item[0] for item in picked])

    chunks = _district_chunks(board, district)
    if workers > 1:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=_start_worker,
            initargs=(params, roll, anonymity),
        ) as pool:
            # at most two chunks per worker are out at once, so the pickled ballots stay few
            out_now: deque[tuple[list[tuple[int, CredentialBallot]], Future[list[int]]]]
            out_now = deque()
            for chunk in chunks:
                out_now.append((chunk, pool.submit(_worker_passed, chunk)))
                if len(out_now) >= 2 * workers:
                    done, future = out_now.popleft()
                    accept(done, future.result())
            while out_now:
                done, future = out_now.popleft()
                accept(done, future.result())
    else:
        for chunk in chunks:
            accept(chunk, _passed(params, roll, chunk, anonymity))
    return tuple(out)


def _tuple_width(params: BallotParams) -> int:
    return 2 + sum(shape.options for shape in params.questions)


def _ballot_lists(
    store: TallyStore, params: BallotParams, board: int
) -> tuple[StoredList[Item], StoredList[Ciphertext]]:
    """Empty lists for the valid ballots' tuples and credentials (at most ``board`` each)."""
    width = _tuple_width(params)
    return (
        store.new_list(items_codec(width), board, "stored ballot tuple"),
        store.new_list(CIPHERTEXTS, board, "stored credential"),
    )


def _in_order_within(part: Iterable[int], whole: Iterable[int]) -> bool:
    """Whether ``part`` is a subsequence of ``whole`` (both read once; ``whole`` increasing)."""
    rest = iter(whole)
    return all(any(v == j for v in rest) for j in part)


def _kept_items(
    store: TallyStore,
    params: BallotParams,
    tuples: ChunkedList[Item],
    valid: Sequence[int],
    kept: Sequence[int],
    board: Sequence[CredentialBallot],
) -> ChunkedList[Item]:
    """The tuples of the ``kept`` board positions, in their order: taken from ``tuples`` (one
    per ``valid`` position) when ``kept`` is an increasing part of ``valid``, else read from
    the board (a hostile authority's list)."""
    out = store.new_list(items_codec(_tuple_width(params)), len(kept), "stored kept tuple")
    wanted = iter(kept)
    if _in_order_within(kept, valid):
        positions = iter(valid)
        want = next(wanted, None)
        for chunk in tuples.chunks():
            picked = []
            for item in chunk:
                if next(positions) == want:
                    picked.append(item)
                    want = next(wanted, None)
            out.append(picked)
        return out
    for lo in range(0, len(kept), CHUNK):
        out.append([ballot_tuple(board[j]) for j in kept[lo : lo + CHUNK]])
    return out


def _partials(decryptions: Decryptions) -> dict[int, list[Element]]:
    return {i: [partial for partial, _ in shares] for i, shares in decryptions.items()}


def _combined(
    partials: Mapping[int, ChunkedList[Element]], trustees: Sequence[int]
) -> Mapping[int, ChunkedList[Element]]:
    """The partial decryptions the authority combined (all of them when it named none)."""
    return {i: partials[i] for i in trustees if i in partials} if trustees else partials


def _tuple_options(item: Item) -> tuple[Ciphertext, ...]:
    return item[2:]


class TallyRun:
    """The five steps played by every QUAL trustee in one process, from their ``shares``; each
    party's act is a method, so that a hostile variant (the tamper tests) overrides the one it
    lies in and the rest of the tally follows from what it posted.

    ``decrypting``: the trustees who post partial decryptions (default: the first k in index
    order); :meth:`combining` chooses, among them, the ones the authority combines.

    ``spill_at``: the list items the stages may hold in memory before later stages go to disk
    (:class:`~plebiscite.model.coercion.tally_store.TallyStore` in ``spill_dir``; ``None``:
    never); the tally's outputs are the same either way.

    ``workers`` > 1 checks the ballots of step 1 on that many local processes and, when no fixed
    ``rng`` is given, runs the trustees' blinding, equality-test and decryption rounds on as
    many (each item's exponentiations and proofs in chunks; the decrypting trustees side by
    side, as on their own machines). With a fixed ``rng`` those rounds stay in this process, so
    its draws, hence every output, are those of ``workers`` = 1.

    ``mix_columns``: when the mix's stages do not fit under ``spill_at``, each trustee shuffles
    and proves over the columns it makes (:func:`~plebiscite.crypto.shuffle.prove_columns`;
    files on disk, read a chunk at a time), reading the previous trustee's outputs from its
    columns, and the store copies each stage from them chunk by chunk, so that the mix holds no
    whole list but the one step 4 reads. The draws are :meth:`mix_stage`'s, in its order, and
    the stages the same. A variant that overrides :meth:`mix_stage` mixes through it, in memory.
    """

    def __init__(
        self,
        params: BallotParams,
        shares: Mapping[int, int],
        k: int,
        *,
        anonymity: int = DEFAULT_ANONYMITY,
        decrypting: Sequence[int] | None = None,
        rng: rand.Random | None = None,
        workers: int = 1,
        spill_at: int | None = DEFAULT_TALLY_SPILL_AT,
        spill_dir: str | None = None,
        mix_columns: ColumnsMaker | None = None,
    ) -> None:
        self.params, self.shares, self.k = params, shares, k
        self.mix_columns = mix_columns
        self.anonymity, self.rng, self.workers = anonymity, rng, workers
        self.spill_at, self.spill_dir = spill_at, spill_dir
        #: each trustee's verification key, computed once (not per partial decryption)
        self.vks = {i: params.group.exp_g_secret(s) for i, s in shares.items()}
        self.trustees = sorted(shares)
        self.decrypting = tuple(decrypting or self.trustees[:k])
        self._pool: Executor | None = None  #: the trustees' processes, while :meth:`run` runs

    def __getstate__(self) -> dict[str, object]:
        """Pickled for the trustees' processes without the pool itself."""
        return {**self.__dict__, "_pool": None}

    # -- each party's act (what a hostile variant overrides) -------------------------------------

    def blind_stage(self, i: int, inputs: Sequence[Ciphertext], context: Context) -> BlindStage:
        """Trustee i's step of the dedup round: a fresh ``z_i``, its commitment, the proof."""
        group = self.params.group
        secret, commitment = blinding_commitment(group, self.rng)
        outputs, proof = blind_and_prove(
            group, secret, i, inputs, context, rng=self.rng, pool=self._pool
        )
        return BlindStage(i, commitment, tuple(outputs), proof)

    def decrypt_item(self, i: int, item: Ciphertext, context: Context, j: int) -> Share:
        """Trustee i's partial decryption of item j of a list, with its proof."""
        return prove_partial_decryption(
            self.params.group,
            self.shares[i],
            item,
            decryption_context(context, i, j),
            rng=self.rng,
            verification_key=self.vks[i],
        )

    def combining(self, decryptions: Decryptions) -> tuple[int, ...]:
        """The trustees whose partial decryptions the authority combines (all it received)."""
        return tuple(sorted(decryptions))

    def keep(self, valid: Sequence[int], tag_list: Sequence[bytes]) -> tuple[int, ...]:
        """The authority's kept positions: for each tag, the last."""
        return tuple(valid[p] for p in keep_last(tag_list))

    def mix_stage(self, i: int, items: Sequence[Item]) -> MixStage:
        """Trustee i's shuffle of the kept tuples, proved with the mixnet's context."""
        group, K = self.params.group, self.params.joint_key
        outs, secret = shuffle(group, K, items, self.rng)
        proof = prove_shuffle(
            group, K, items, outs, secret, self.params.election_ctx, i, rng=self.rng
        )
        return MixStage(i, tuple(outs), proof)

    def pet_stage(self, i: int, tests: Sequence[Ciphertext], context: Context) -> PetStage:
        """Trustee i's step of the match round."""
        _, stage = pet_stage(self.params.group, i, tests, context, rng=self.rng, pool=self._pool)
        return stage

    def count(self, results: Sequence[Element]) -> tuple[int, ...]:
        """The authority's counted positions: the tests whose result is the identity."""
        return tuple(counted_positions(self.params.group, results))

    # -- the five steps -------------------------------------------------------------------------

    def decrypt_chunk(
        self, i: int, items: Sequence[Ciphertext], context: Context, start: int
    ) -> list[Share]:
        """Trustee i's partial decryptions of ``items``, items ``start`` … of a list."""
        return [self.decrypt_item(i, ct, context, start + j) for j, ct in enumerate(items)]

    def decrypt(
        self, items: ChunkedList[Ciphertext], context: Context, store: TallyStore
    ) -> tuple[StoredDecryptions, dict[int, ChunkedList[Element]]]:
        """Every decrypting trustee's partial decryptions of ``items`` with their proofs, each
        trustee's written to a list of ``store`` chunk by chunk as they are made (on the
        trustees' processes, :data:`DECRYPT_CHUNK` items a task, when there are); and the
        partials alone, read from those lists (what is combined)."""
        kept: dict[int, Kept[tuple[Share, ...]]] = {}
        partials: dict[int, ChunkedList[Element]] = {}
        for i in self.decrypting:  # one trustee after the other
            shares = store.new_list(SHARES, len(items), "stored partial decryption")
            for chunk in self._decrypted(i, items, context):
                shares.append(chunk)
            kept[i] = store.viewed(SharesView(shares))
            partials[i] = Picked(shares, _first)
        return StoredDecryptions(kept), partials

    def _decrypted(
        self, i: int, items: ChunkedList[Ciphertext], context: Context
    ) -> Iterator[list[Share]]:
        pool = self._pool
        pieces = _pieces(items, DECRYPT_CHUNK)
        if pool is None:
            for start, piece in pieces:
                yield self.decrypt_chunk(i, piece, context, start)
            return
        out: deque[Future[list[Share]]] = deque()
        for start, piece in pieces:
            out.append(pool.submit(self.decrypt_chunk, i, piece, context, start))
            if len(out) >= 2 * self.workers:
                yield out.popleft().result()
        while out:
            yield out.popleft().result()

    def run(
        self,
        roll: Sequence[Ciphertext],
        board: Sequence[CredentialBallot],
        district: str,
        *,
        on_step: StepHook = _no_hook,
    ) -> DistrictTally:
        """Play the five steps for ``district`` (``on_step`` hears of each as it ends). Raises
        :class:`ParameterError` when no valid ballot is left."""
        params = self.params
        store = TallyStore(params.group, self.spill_at, self.spill_dir)
        tuples, credentials = _ballot_lists(store, params, len(board))
        valid = _valid(
            params, roll, board, district, self.anonymity, self.workers, tuples, credentials
        )
        if not valid:
            raise ParameterError(f"district {district!r}: no valid ballot to tally")
        on_step("valid")
        lists = (tuples, credentials)
        if self.workers <= 1 or self.rng is not None:
            return self._rounds(board, district, valid, lists, store, on_step)
        with ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("forkserver")
        ) as pool:
            self._pool = pool
            try:
                return self._rounds(board, district, valid, lists, store, on_step)
            finally:
                self._pool = None

    def _overrides(self, name: str) -> bool:
        """Whether a variant plays its own ``name`` act (then it gets and gives whole lists)."""
        return getattr(type(self), name) is not getattr(TallyRun, name)

    def _blind(
        self, i: int, inputs: ChunkedList[Ciphertext], context: Context, store: TallyStore
    ) -> tuple[Kept[BlindStage], ChunkedList[Ciphertext]]:
        """Trustee i's blinding step, kept by ``store``, and its outputs."""
        if self._overrides("blind_stage"):
            stage = self.blind_stage(i, _values(inputs), context)
            return store.blind_stage(stage), as_chunked(stage.outputs)
        group = self.params.group
        secret, commitment = blinding_commitment(group, self.rng)
        outputs = store.new_list(CIPHERTEXTS, len(inputs), "stored blinded list")
        proof = blind_and_prove_chunks(
            group, secret, i, inputs, outputs, context, rng=self.rng, pool=self._pool
        )
        return store.viewed(BlindLists(i, commitment, outputs, proof)), outputs

    def _pet(
        self,
        i: int,
        inputs: ChunkedList[Ciphertext],
        context: Context,
        store: TallyStore,
        scratch: Columns | None,
    ) -> tuple[Kept[PetStage], ChunkedList[Ciphertext]]:
        """Trustee i's equality-test step, kept by ``store``, and its outputs."""
        if self._overrides("pet_stage"):
            stage = self.pet_stage(i, _values(inputs), context)
            return store.pet_stage(stage), as_chunked(stage.outputs)
        lists = store.pet_lists(i, len(inputs))
        pet_stage_chunks(
            self.params.group,
            i,
            inputs,
            context,
            lists,
            rng=self.rng,
            pool=self._pool,
            scratch=scratch,
        )
        return store.viewed(PetView(lists)), lists.outputs

    def _rounds(
        self,
        board: Sequence[CredentialBallot],
        district: str,
        valid: tuple[int, ...],
        lists: tuple[ChunkedList[Item], ChunkedList[Ciphertext]],
        store: TallyStore,
        on_step: StepHook,
    ) -> DistrictTally:
        """Steps 2–5 on the valid ballots' tuples, each list written to the tally's store as it
        is made and read from it chunk by chunk (no whole list is held past ``spill_at``)."""
        params, group, k = self.params, self.params.group, self.k
        # step 2: blinded tags over the credential ciphertexts, in board order
        dedup_ctx = round_context(params, district, "dedup")
        tuples, previous = lists
        dedup_stages: list[Kept[BlindStage]] = []
        for i in self.trustees:
            kept_stage, previous = self._blind(i, previous, dedup_ctx, store)
            dedup_stages.append(kept_stage)
        dedup_decryptions, made = self.decrypt(previous, dedup_ctx, store)
        dedup_trustees = self.combining(dedup_decryptions)
        partials = {i: made[i] for i in dedup_trustees}
        tags = combine_tags_chunks(group, previous, partials, k, dedup_ctx)
        if self._overrides("keep"):
            kept = self.keep(valid, list(tags))
        else:  # the tags go into keep_last one at a time, not held as a list
            kept = tuple(valid[p] for p in keep_last(tags))
        on_step("dedup")
        # step 3: the mix of the kept tuples
        items: ChunkedList[Item] = _kept_items(store, params, tuples, valid, kept, board)
        mix_stages: list[Kept[MixStage]] = []
        on_columns = (
            self.mix_columns is not None
            and not self._overrides("mix_stage")  # a variant's own act is played
            and not store.fits(len(items) * len(self.trustees))
        )
        if on_columns and self.mix_columns is not None:
            items = self._mix_on_columns(items, store, self.mix_columns, mix_stages)
        else:
            whole: Sequence[Item] = _values(items)
            for i in self.trustees:
                mixed = self.mix_stage(i, whole)
                mix_stages.append(store.mix_stage(mixed))
                whole = mixed.outputs
            items = as_chunked(whole)
        on_step("mix")
        # step 4: one equality test per mixed tuple
        match_ctx = round_context(params, district, "match")
        tests: ChunkedList[Ciphertext] = _quotients(store, group, items)
        pet_stages: list[Kept[PetStage]] = []
        with ExitStack() as held:
            for i in self.trustees:
                scratch = (
                    held.enter_context(self.mix_columns())
                    if on_columns and self.mix_columns
                    else None
                )
                kept_pet, tests = self._pet(i, tests, match_ctx, store, scratch)
                pet_stages.append(kept_pet)
        pet_decryptions, made = self.decrypt(tests, match_ctx, store)
        match_trustees = self.combining(pet_decryptions)
        partials = {i: made[i] for i in match_trustees}
        results = combine_chunks(group, tests, partials, k)
        if self._overrides("count"):
            counted = self.count([t for chunk in results for t in chunk])
        else:
            counted = tuple(_identity_positions(group, results))
        on_step("match")
        # step 5: aggregates of the counted tuples and their decryption
        result_ctx = round_context(params, district, "result")
        aggregates = _aggregates(params, items, counted)
        result_decryptions, _ = self.decrypt(as_chunked(aggregates), result_ctx, store)
        counts = _counts(params, aggregates, result_decryptions, k, len(counted))
        on_step("result")
        return DistrictTally(
            district,
            valid,
            Stages(dedup_stages),
            dedup_decryptions,
            kept,
            Stages(mix_stages),
            Stages(pet_stages),
            pet_decryptions,
            counted,
            aggregates,
            result_decryptions,
            counts,
            dedup_trustees,
            match_trustees,
        )

    def _mix_on_columns(
        self,
        items: ChunkedList[Item],
        store: TallyStore,
        maker: ColumnsMaker,
        stages: list[Kept[MixStage]],
    ) -> ChunkedList[Item]:
        """Step 3 over columns (see the class): every trustee's stage appended to ``stages``
        as the store keeps it; the last outputs returned, as the store keeps them."""
        group, K, context = self.params.group, self.params.joint_key, self.params.election_ctx
        n, width = len(items), _tuple_width(self.params)
        last: ChunkedList[Item] = items
        with ExitStack() as held:
            shared = held.enter_context(maker())
            hs: Column[Element] = shared.column("hs", "elements")
            for start in range(0, n, PROVER_CHUNK):
                hs.append(generator_range(group, context, start, min(n, start + PROVER_CHUNK)))
            generators = ColumnGenerators(
                generators_seed(group, context), chain_base(group, context), hs
            )
            inputs: Column[Item] = shared.column("inputs", "items", width)
            for chunk in rechunk(items.chunks(), PROVER_CHUNK):
                inputs.append(chunk)
            previous: ExitStack | None = None  # the columns that hold ``inputs``
            for i in self.trustees:
                mine = ExitStack()
                held.push(mine)
                columns = mine.enter_context(maker())
                outputs, witness = shuffle_columns(group, K, inputs, width, columns, self.rng)
                proof = prove_columns(
                    group, K, inputs, outputs, witness, context, i, generators, columns, self.rng
                )
                del witness
                kept = store.mix_columns(i, width, outputs, proof)
                stages.append(kept)
                if previous is not None:
                    previous.close()  # the previous trustee's columns are read for the last time
                previous, inputs = mine, outputs
                last = _mixed_outputs(kept)
            return last


def _first(value: Any) -> Any:
    return value[0]


def _values(values: ChunkedList[T]) -> list[T]:
    return [value for chunk in values.chunks() for value in chunk]


def _pieces(values: ChunkedList[T], size: int) -> Iterator[tuple[int, Sequence[T]]]:
    """The list's chunks cut in pieces of at most ``size`` values, with their start."""
    start = 0
    for chunk in values.chunks():
        for lo in range(0, len(chunk), size):
            yield start + lo, chunk[lo : lo + size]
        start += len(chunk)


def _mixed_outputs(kept: Kept[MixStage]) -> ChunkedList[Item]:
    view = stage_views(Stages([kept]))[0]
    return view.lists.outputs if isinstance(view, MixView) else as_chunked(view.outputs)


def _quotients(
    store: TallyStore, group: Group, items: ChunkedList[Item]
) -> ChunkedList[Ciphertext]:
    """``D_j / P_j`` of the mixed tuples, written to a list of ``store``."""
    tests = store.new_list(CIPHERTEXTS, len(items), "stored test input")
    for chunk in items.chunks():
        tests.append(quotients(group, [item[0] for item in chunk], [item[1] for item in chunk]))
    return tests


def _identity_positions(group: Group, results: Iterable[Sequence[Element]]) -> Iterator[int]:
    """The positions of the results (chunk after chunk) that are the identity."""
    start = 0
    for chunk in results:
        for j in counted_positions(group, chunk):
            yield start + j
        start += len(chunk)


def run_district_tally(
    params: BallotParams,
    roll: Sequence[Ciphertext],
    board: Sequence[CredentialBallot],
    district: str,
    shares: Mapping[int, int],
    k: int,
    *,
    anonymity: int = DEFAULT_ANONYMITY,
    rng: rand.Random | None = None,
    on_step: StepHook = _no_hook,
    workers: int = 1,
    spill_at: int | None = DEFAULT_TALLY_SPILL_AT,
    spill_dir: str | None = None,
    mix_columns: ColumnsMaker | None = None,
) -> DistrictTally:
    """Play the five steps for ``district`` with every QUAL trustee's ``shares`` (the first k in
    index order decrypt). Raises :class:`ParameterError` when no valid ballot is left.
    ``on_step`` is called with each step's name as it ends; ``workers`` > 1 checks the ballots
    of step 1 on that many local processes (the outputs are the same). Stages beyond
    ``spill_at`` list items are kept on disk in ``spill_dir``, and the mix, when it goes there,
    is proved over the columns ``mix_columns`` makes (:class:`TallyRun`)."""
    run = TallyRun(
        params,
        shares,
        k,
        anonymity=anonymity,
        rng=rng,
        workers=workers,
        spill_at=spill_at,
        spill_dir=spill_dir,
        mix_columns=mix_columns,
    )
    return run.run(roll, board, district, on_step=on_step)


def _aggregates(
    params: BallotParams, items: ChunkedList[Item], counted: Sequence[int]
) -> tuple[Ciphertext, ...]:
    """Per option, the product of the counted tuples' option ciphertexts (``(1, 1)`` for none),
    the tuples read chunk by chunk."""
    group = params.group
    width = _tuple_width(params) - 2
    alphas, betas = [group.identity()] * width, [group.identity()] * width
    wanted = iter(sorted(counted))
    want = next(wanted, None)
    start = 0
    for chunk in items.chunks():
        while want is not None and want < start + len(chunk):
            options = _tuple_options(chunk[want - start])
            for o, ct in enumerate(options):
                alphas[o] = group.mul(alphas[o], ct.alpha)
                betas[o] = group.mul(betas[o], ct.beta)
            want = next(wanted, None)
        start += len(chunk)
    return tuple(Ciphertext(a, b) for a, b in zip(alphas, betas, strict=True))


def _counts(
    params: BallotParams,
    aggregates: Sequence[Ciphertext],
    decryptions: Decryptions,
    k: int,
    counted: int,
) -> tuple[int, ...]:
    group = params.group
    dlog = DiscreteLog(group, counted)
    partials = _partials(decryptions)
    return tuple(
        dlog.solve(combine(group, ct, {i: s[o] for i, s in partials.items()}, k))
        for o, ct in enumerate(aggregates)
    )


def _fail(
    check: str, field: str, message: str, trustee: int | None = None, index: int | None = None
) -> CoercionTallyError:
    return CoercionTallyError(
        f"{check}: {message}", check=check, field=field, trustee=trustee, index=index
    )


def _verify_decryptions(
    params: BallotParams,
    trustees: Trustees,
    items: ChunkedList[Ciphertext],
    decryptions: Decryptions,
    context: Mapping[str, CanonicalValue],
    check: str,
    field: str,
) -> dict[int, ChunkedList[Element]]:
    """Check every trustee's partial decryptions of ``items``, trustee after trustee, both read
    chunk by chunk (:func:`~plebiscite.crypto.tags_blind.verify_decryptions_chunks`: batches,
    the first failing share named). Returns the checked partial decryptions
    (``{i: [M_(i,j) for j]}``) as lists read from the shares."""
    if len(decryptions) < trustees.k:
        raise _fail(check, field, f"{len(decryptions)} decrypting trustees, k = {trustees.k}")
    lists: dict[int, ChunkedList[Share]] = {}
    for i in decryptions:
        if i not in trustees.verification_keys:
            raise _fail(check, field, f"trustee {i} is not in QUAL", trustee=i)
        lists[i] = share_lists(decryptions, i)
        if len(lists[i]) != len(items):
            raise _fail(check, field, f"{len(lists[i])} shares for {len(items)} items", trustee=i)
    for i, shares in lists.items():
        vk = trustees.verification_keys[i]
        try:
            verify_decryptions_chunks(params.group, i, vk, items, shares, context)
        except BlindProofError as exc:
            raise _fail(check, field, str(exc), i, exc.index) from None
    return {i: Picked(shares, _first) for i, shares in lists.items()}


def _check_trustee_order(check: str, stages: Sequence[int], trustees: Trustees) -> None:
    if sorted(stages) != sorted(trustees.verification_keys) or list(stages) != sorted(stages):
        raise _fail(check, "stages", f"the trustees {list(stages)} are not QUAL in index order")


def _generator_ranges(
    params: BallotParams, n: int, spill_at: int | None
) -> Callable[[int, int], Sequence[Element]] | None:
    """Where V11 takes the shuffle generators of a kept list of ``n`` items: the process-wide
    cache (``None``) for a list kept in memory; past ``spill_at``, each chunk's range derived
    once and kept packed (65 bytes a generator on secp256k1, read back with an on-curve check),
    or derived again for every stage where the group has no packed form, so that no list of N
    decoded generators outlives the check."""
    if spill_at is None or n <= spill_at:
        return None
    group, context = params.group, params.election_ctx
    kept: dict[tuple[int, int], bytes] = {}

    def source(start: int, stop: int) -> Sequence[Element]:
        data = kept.get((start, stop))
        if data is not None:
            return group.unpack(data, "shuffle generator")
        derived = generator_range(group, context, start, stop)
        packed = group.pack(derived)
        if packed is not None:
            kept[(start, stop)] = packed
        return derived

    return source


def verify_district_tally(
    params: BallotParams,
    roll: Sequence[Ciphertext],
    board: Sequence[CredentialBallot],
    trustees: Trustees,
    tally: DistrictTally,
    *,
    anonymity: int = DEFAULT_ANONYMITY,
    on_step: StepHook = _no_hook,
    workers: int = 1,
    spill_at: int | None = DEFAULT_TALLY_SPILL_AT,
    spill_dir: str | None = None,
) -> None:
    """Recompute or check every step of ``tally`` from the board, the roll and the trustees'
    public keys; raise :class:`CoercionTallyError` (``check`` V11–V16) at the first failure.
    ``on_step`` is called with each check's ID as it passes; ``workers`` > 1 checks the ballots
    of V12 on that many local processes. The board is read once; the lists the checks make (the
    valid ballots' tuples, the kept ones, the tests) go to a store of their own (on disk past
    ``spill_at`` items, in ``spill_dir``), and every list is read chunk by chunk, a stored
    stage's from disk."""
    store = TallyStore(params.group, spill_at, spill_dir)
    try:
        _verify(params, roll, board, trustees, tally, anonymity, on_step, workers, store)
    finally:
        store.close()


def _verify(
    params: BallotParams,
    roll: Sequence[Ciphertext],
    board: Sequence[CredentialBallot],
    trustees: Trustees,
    tally: DistrictTally,
    anonymity: int,
    on_step: StepHook,
    workers: int,
    store: TallyStore,
) -> None:
    group, K, district = params.group, params.joint_key, tally.district
    k = trustees.k
    # V12
    tuples, credentials = _ballot_lists(store, params, len(board))
    valid = _valid(params, roll, board, district, anonymity, workers, tuples, credentials)
    if valid != tally.valid:
        raise _fail("V12", "valid", "the valid ballots do not recompute from the board")
    on_step("V12")
    # V13
    dedup_ctx = round_context(params, district, "dedup")
    dedup_views = stage_views(tally.dedup_stages)  # no stage read whole
    _check_trustee_order("V13", [s.trustee for s in dedup_views], trustees)
    try:
        blinded = verify_blind_chain_chunks(group, credentials, dedup_views, dedup_ctx)
    except BlindProofError as exc:
        raise _fail("V13", exc.field, str(exc), exc.trustee) from None
    verified = _verify_decryptions(
        params, trustees, blinded, tally.dedup_decryptions, dedup_ctx, "V13", "tag_decrypt"
    )
    combined = _combined(verified, tally.dedup_trustees)
    tags = combine_tags_chunks(group, blinded, combined, k, dedup_ctx)
    if tuple(valid[p] for p in keep_last(tags)) != tally.kept:
        raise _fail("V13", "kept", "the kept ballots are not the last of each tag")
    on_step("V13")
    # V11: shuffle after shuffle, each stage's lists read chunk by chunk
    mix_views = stage_views(tally.mix_stages)
    _check_trustee_order("V11", [s.trustee for s in mix_views], trustees)
    mixed: ChunkedList[Item] = _kept_items(store, params, tuples, valid, tally.kept, board)
    generators = _generator_ranges(params, len(tally.kept), store.spill_at)
    for stage in mix_views:
        if isinstance(stage, MixView):
            lists, head = stage.lists, stage.head
        else:
            lists, head = ShuffleLists.of(stage.outputs, stage.proof), ProofHead.of(stage.proof)
        try:
            verify_shuffle_lists(
                group,
                K,
                mixed,
                lists,
                head,
                params.election_ctx,
                stage.trustee,
                generator_source=generators,
            )
        except ShuffleProofError as exc:
            raise _fail("V11", exc.field, str(exc), exc.trustee, exc.index) from None
        mixed = lists.outputs
    on_step("V11")
    # V14
    match_ctx = round_context(params, district, "match")
    pet_views = stage_views(tally.pet_stages)
    _check_trustee_order("V14", [s.trustee for s in pet_views], trustees)
    last: ChunkedList[Ciphertext] = _quotients(store, group, mixed)
    for tested in pet_views:  # stage after stage, each read from its lists
        try:
            last = verify_pet_chain_chunks(group, last, [tested], match_ctx)
        except BlindProofError as exc:
            raise _fail("V14", exc.field, str(exc), exc.trustee, exc.index) from None
    verified = _verify_decryptions(
        params, trustees, last, tally.pet_decryptions, match_ctx, "V14", "pet_decrypt"
    )
    results = combine_chunks(group, last, _combined(verified, tally.match_trustees), k)
    if tuple(_identity_positions(group, results)) != tally.counted:
        raise _fail("V14", "counted", "the counted positions are not the passed tests")
    on_step("V14")
    # V15
    if _aggregates(params, mixed, tally.counted) != tally.aggregates:
        raise _fail("V15", "aggregates", "the aggregates are not the counted tuples' products")
    on_step("V15")
    # V16
    result_ctx = round_context(params, district, "result")
    _verify_decryptions(
        params,
        trustees,
        as_chunked(tally.aggregates),
        tally.result_decryptions,
        result_ctx,
        "V16",
        "decryptions",
    )
    try:
        counts = _counts(params, tally.aggregates, tally.result_decryptions, k, len(tally.counted))
    except ParameterError as exc:
        raise _fail("V16", "counts", str(exc)) from None
    if counts != tally.counts:
        raise _fail("V16", "counts", f"the counts decrypt to {list(counts)}")
    on_step("V16")
