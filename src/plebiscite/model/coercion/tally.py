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
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass

from plebiscite.crypto import elgamal, rand
from plebiscite.crypto.batch import BatchVerifier, Equation
from plebiscite.crypto.elgamal import Ciphertext, DiscreteLog
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element
from plebiscite.crypto.pet import (
    PetStage,
    counted_positions,
    pet_results,
    pet_stage,
    quotients,
    verify_pet_chain,
)
from plebiscite.crypto.proofs import (
    prove_partial_decryption,
    verify_partial_decryption,
)
from plebiscite.crypto.shuffle import Item, prove_shuffle, shuffle
from plebiscite.crypto.shuffle_verify import MixStage, verify_shuffle
from plebiscite.crypto.tags_blind import (
    BlindStage,
    blind_and_prove,
    blinding_commitment,
    combine_tags,
    decryption_context,
    keep_last,
    verify_blind_chain,
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
    DEFAULT_TALLY_SPILL_AT,
    Kept,
    Share,
    Stages,
    StoredDecryptions,
    TallyStore,
)

__all__ = [
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
    many local processes (the verdicts are the same)."""
    mine = [(j, ballot) for j, ballot in enumerate(board) if ballot.district == district]
    chunks = [mine[lo : lo + VALID_BATCH] for lo in range(0, len(mine), VALID_BATCH)]
    passed: list[int]
    if workers > 1 and len(chunks) > 1:
        with ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("forkserver"),
            initializer=_start_worker,
            initargs=(params, roll, anonymity),
        ) as pool:
            # at most two chunks per worker are out at once, so the pickled ballots stay few
            out_now: deque[Future[list[int]]] = deque()
            passed = []
            for chunk in chunks:
                out_now.append(pool.submit(_worker_passed, chunk))
                if len(out_now) >= 2 * workers:
                    passed += out_now.popleft().result()
            while out_now:
                passed += out_now.popleft().result()
    else:
        passed = [j for chunk in chunks for j in _passed(params, roll, chunk, anonymity)]
    seen: set[bytes] = set()
    out: list[int] = []
    for j in passed:
        if board[j].statement not in seen:
            seen.add(board[j].statement)
            out.append(j)
    return tuple(out)


def _partials(decryptions: Decryptions) -> dict[int, list[Element]]:
    return {i: [partial for partial, _ in shares] for i, shares in decryptions.items()}


def _combined(
    partials: Mapping[int, list[Element]], trustees: Sequence[int]
) -> Mapping[int, list[Element]]:
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
    ) -> None:
        self.params, self.shares, self.k = params, shares, k
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
        self, items: Sequence[Ciphertext], context: Context, store: TallyStore
    ) -> tuple[StoredDecryptions, dict[int, list[Element]]]:
        """Every decrypting trustee's partial decryptions of ``items`` with their proofs, each
        trustee's kept by ``store`` as they are made; and the partials alone (what is combined,
        so that the stored shares need not be read back)."""
        pool = self._pool
        futures: dict[int, list[Future[list[Share]]]] = {}
        if pool is not None:
            futures = {
                i: [
                    pool.submit(self.decrypt_chunk, i, items[lo : lo + DECRYPT_CHUNK], context, lo)
                    for lo in range(0, len(items), DECRYPT_CHUNK)
                ]
                for i in self.decrypting
            }
        kept: dict[int, Kept[tuple[Share, ...]]] = {}
        partials: dict[int, list[Element]] = {}
        for i in self.decrypting:  # one trustee's shares held at a time
            if pool is None:
                held = tuple(self.decrypt_chunk(i, items, context, 0))
            else:
                held = tuple(share for future in futures[i] for share in future.result())
            partials[i] = [partial for partial, _ in held]
            kept[i] = store.shares(held)
        return StoredDecryptions(kept), partials

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
        valid = valid_ballots(
            params, roll, board, district, anonymity=self.anonymity, workers=self.workers
        )
        if not valid:
            raise ParameterError(f"district {district!r}: no valid ballot to tally")
        on_step("valid")
        if self.workers <= 1 or self.rng is not None:
            return self._rounds(board, district, valid, on_step)
        with ProcessPoolExecutor(
            max_workers=self.workers, mp_context=multiprocessing.get_context("forkserver")
        ) as pool:
            self._pool = pool
            try:
                return self._rounds(board, district, valid, on_step)
            finally:
                self._pool = None

    def _rounds(
        self,
        board: Sequence[CredentialBallot],
        district: str,
        valid: tuple[int, ...],
        on_step: StepHook,
    ) -> DistrictTally:
        """Steps 2–5 on the valid ballots, each stage kept by the tally's store as it is made
        (only the list the next stage reads stays here)."""
        params, group, k = self.params, self.params.group, self.k
        store = TallyStore(group, self.spill_at, self.spill_dir)
        # step 2: blinded tags over the credential ciphertexts, in board order
        dedup_ctx = round_context(params, district, "dedup")
        previous: Sequence[Ciphertext] = [board[j].credential for j in valid]
        dedup_stages: list[Kept[BlindStage]] = []
        for i in self.trustees:
            blinded = self.blind_stage(i, previous, dedup_ctx)
            dedup_stages.append(store.blind_stage(blinded))
            previous = blinded.outputs
        del blinded
        dedup_decryptions, made = self.decrypt(previous, dedup_ctx, store)
        dedup_trustees = self.combining(dedup_decryptions)
        partials = {i: made[i] for i in dedup_trustees}
        kept = self.keep(valid, combine_tags(group, previous, partials, k, dedup_ctx))
        on_step("dedup")
        # step 3: the mix of the kept tuples
        items: Sequence[Item] = [
            (board[j].credential, board[j].pointer, *board[j].options()) for j in kept
        ]
        mix_stages: list[Kept[MixStage]] = []
        for i in self.trustees:
            mixed = self.mix_stage(i, items)
            mix_stages.append(store.mix_stage(mixed))
            items = mixed.outputs
        del mixed
        on_step("mix")
        # step 4: one equality test per mixed tuple
        match_ctx = round_context(params, district, "match")
        tests: Sequence[Ciphertext] = quotients(
            group, [item[0] for item in items], [item[1] for item in items]
        )
        pet_stages: list[Kept[PetStage]] = []
        for i in self.trustees:
            tested = self.pet_stage(i, tests, match_ctx)
            pet_stages.append(store.pet_stage(tested))
            tests = tested.outputs
        del tested
        pet_decryptions, made = self.decrypt(tests, match_ctx, store)
        match_trustees = self.combining(pet_decryptions)
        partials = {i: made[i] for i in match_trustees}
        counted = self.count(pet_results(group, tests, partials, k))
        on_step("match")
        # step 5: aggregates of the counted tuples and their decryption
        result_ctx = round_context(params, district, "result")
        aggregates = _aggregates(params, [items[p] for p in counted], len(items[0]) - 2)
        result_decryptions, _ = self.decrypt(aggregates, result_ctx, store)
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
) -> DistrictTally:
    """Play the five steps for ``district`` with every QUAL trustee's ``shares`` (the first k in
    index order decrypt). Raises :class:`ParameterError` when no valid ballot is left.
    ``on_step`` is called with each step's name as it ends; ``workers`` > 1 checks the ballots
    of step 1 on that many local processes (the outputs are the same). Stages beyond
    ``spill_at`` list items are kept on disk in ``spill_dir`` (:class:`TallyRun`)."""
    run = TallyRun(
        params,
        shares,
        k,
        anonymity=anonymity,
        rng=rng,
        workers=workers,
        spill_at=spill_at,
        spill_dir=spill_dir,
    )
    return run.run(roll, board, district, on_step=on_step)


def _aggregates(params: BallotParams, items: Sequence[Item], width: int) -> tuple[Ciphertext, ...]:
    group = params.group
    if not items:
        one = Ciphertext(group.identity(), group.identity())
        return tuple(one for _ in range(width))
    return tuple(
        elgamal.aggregate(group, [_tuple_options(item)[o] for item in items]) for o in range(width)
    )


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


#: partial decryptions whose proofs are checked in one batch by :func:`_verify_decryptions`
DECRYPTION_BATCH = 1024


def _verify_decryptions(
    params: BallotParams,
    trustees: Trustees,
    items: Sequence[Ciphertext],
    decryptions: Decryptions,
    context: Mapping[str, CanonicalValue],
    check: str,
    field: str,
) -> dict[int, list[Element]]:
    """Check every trustee's partial decryptions of ``items``, trustee after trustee, the proofs
    of :data:`DECRYPTION_BATCH` items at a time in one batch; on a failure, the first failing
    share is checked alone and named (trustee, item), as one by one. Returns the checked
    partial decryptions (``{i: [M_(i,j) for j]}``), each trustee's shares read once."""
    if len(decryptions) < trustees.k:
        raise _fail(check, field, f"{len(decryptions)} decrypting trustees, k = {trustees.k}")
    keys: dict[int, Element] = {}
    for i, shares in decryptions.items():
        vk = trustees.verification_keys.get(i)
        if vk is None:
            raise _fail(check, field, f"trustee {i} is not in QUAL", trustee=i)
        if len(shares) != len(items):
            raise _fail(check, field, f"{len(shares)} shares for {len(items)} items", trustee=i)
        keys[i] = vk

    def verify(i: int, j: int, batch: BatchVerifier | None) -> None:
        partial, proof = decryptions[i][j]
        ctx = decryption_context(context, i, j)
        try:
            verify_partial_decryption(
                params.group, keys[i], items[j], partial, proof, ctx, batch=batch, label=f"{i}:{j}"
            )
        except ProofError as exc:
            raise _fail(check, field, f"trustee {i}, item {j}: {exc}", i, j) from None

    verified: dict[int, list[Element]] = {}
    for i in keys:
        for lo in range(0, len(items), DECRYPTION_BATCH):
            batch = BatchVerifier(params.group)
            where: dict[str, int] = {}
            for j in range(lo, min(lo + DECRYPTION_BATCH, len(items))):
                verify(i, j, batch)
                where[f"{i}:{j}"] = j
            failed = batch.check()
            if failed:
                verify(i, where[failed[0]], None)
                raise _fail(check, field, "a share fails in the batch", i)  # pragma: no cover
        verified[i] = [partial for partial, _ in decryptions[i]]
    return verified


def _check_trustee_order(check: str, stages: Sequence[int], trustees: Trustees) -> None:
    if sorted(stages) != sorted(trustees.verification_keys) or list(stages) != sorted(stages):
        raise _fail(check, "stages", f"the trustees {list(stages)} are not QUAL in index order")


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
) -> None:
    """Recompute or check every step of ``tally`` from the board, the roll and the trustees'
    public keys; raise :class:`CoercionTallyError` (``check`` V11–V16) at the first failure.
    ``on_step`` is called with each check's ID as it passes; ``workers`` > 1 checks the ballots
    of V12 on that many local processes."""
    group, K, district = params.group, params.joint_key, tally.district
    k = trustees.k
    # V12
    valid = valid_ballots(params, roll, board, district, anonymity=anonymity, workers=workers)
    if valid != tally.valid:
        raise _fail("V12", "valid", "the valid ballots do not recompute from the board")
    on_step("V12")
    # V13
    dedup_ctx = round_context(params, district, "dedup")
    _check_trustee_order("V13", [s.trustee for s in tally.dedup_stages], trustees)
    try:
        blinded = verify_blind_chain(
            group, [board[j].credential for j in valid], tally.dedup_stages, dedup_ctx
        )
    except BlindProofError as exc:
        raise _fail("V13", exc.field, str(exc), exc.trustee) from None
    verified = _verify_decryptions(
        params, trustees, blinded, tally.dedup_decryptions, dedup_ctx, "V13", "tag_decrypt"
    )
    tag_list = combine_tags(group, blinded, _combined(verified, tally.dedup_trustees), k, dedup_ctx)
    if tuple(valid[p] for p in keep_last(tag_list)) != tally.kept:
        raise _fail("V13", "kept", "the kept ballots are not the last of each tag")
    on_step("V13")
    # V11: shuffle after shuffle, so that two of the round's lists at most are held at once
    _check_trustee_order("V11", [s.trustee for s in tally.mix_stages], trustees)
    mixed: Sequence[Item] = [
        (board[j].credential, board[j].pointer, *board[j].options()) for j in tally.kept
    ]
    for stage in tally.mix_stages:
        try:
            verify_shuffle(
                group, K, mixed, stage.outputs, stage.proof, params.election_ctx, stage.trustee
            )
        except ShuffleProofError as exc:
            raise _fail("V11", exc.field, str(exc), exc.trustee, exc.index) from None
        mixed = stage.outputs
    on_step("V11")
    # V14
    match_ctx = round_context(params, district, "match")
    _check_trustee_order("V14", [s.trustee for s in tally.pet_stages], trustees)
    tests = quotients(group, [item[0] for item in mixed], [item[1] for item in mixed])
    last: Sequence[Ciphertext] = tests
    for tested in tally.pet_stages:  # stage after stage: each read once (from disk if stored)
        try:
            last = verify_pet_chain(group, last, [tested], match_ctx)
        except BlindProofError as exc:
            raise _fail("V14", exc.field, str(exc), exc.trustee, exc.index) from None
    verified = _verify_decryptions(
        params, trustees, last, tally.pet_decryptions, match_ctx, "V14", "pet_decrypt"
    )
    results = pet_results(group, last, _combined(verified, tally.match_trustees), k)
    if tuple(counted_positions(group, results)) != tally.counted:
        raise _fail("V14", "counted", "the counted positions are not the passed tests")
    on_step("V14")
    # V15
    width = len(mixed[0]) - 2
    if _aggregates(params, [mixed[p] for p in tally.counted], width) != tally.aggregates:
        raise _fail("V15", "aggregates", "the aggregates are not the counted tuples' products")
    on_step("V15")
    # V16
    result_ctx = round_context(params, district, "result")
    _verify_decryptions(
        params,
        trustees,
        tally.aggregates,
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
