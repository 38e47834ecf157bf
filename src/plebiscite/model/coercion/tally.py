"""The linear tally of the fake-credentials mode, district by district (docs/spec.md §16.5), and
its verification: V12 (valid ballots in board order), V13 (duplicates removed by blinded tags,
keeping the last), V11 (the mix of the kept tuples ``(D, P, options …)``), V14 (one equality test
per mixed tuple, §16.7), V15 (aggregates of the counted tuples) and V16 (their decryption).

:func:`run_district_tally` plays every trustee in one process from their shares (for tests, the
benchmark and the demo); :func:`verify_district_tally` needs only public values and recomputes or
checks every step, raising :class:`~plebiscite.errors.CoercionTallyError` with the check ID, the
field and the trustee at fault. Every step is linear in the number of ballots. The §12.2
disclosure rule and the record entries of record.md §6 are applied where the tally is posted,
which is not built yet.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from plebiscite.crypto import elgamal, rand
from plebiscite.crypto.batch import BatchVerifier
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
    ChaumPedersenProof,
    prove_partial_decryption,
    verify_partial_decryption,
)
from plebiscite.crypto.shuffle import Item, prove_shuffle, shuffle
from plebiscite.crypto.shuffle_verify import MixStage, verify_mix_round
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

__all__ = [
    "Context",
    "Decryptions",
    "DistrictTally",
    "Share",
    "TallyRun",
    "Trustees",
    "round_context",
    "run_district_tally",
    "tally_context",
    "valid_ballots",
    "verify_district_tally",
]

#: a partial decryption and its proof
Share = tuple[Element, ChaumPedersenProof]
#: per decrypting trustee, its shares of a list, item by item
Decryptions = Mapping[int, tuple[Share, ...]]
#: a round's context map
Context = Mapping[str, CanonicalValue]


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
    dedup_stages: tuple[BlindStage, ...]  #: V13: the blinding chain over the valid D's
    dedup_decryptions: Decryptions  #: V13: partial decryptions of its last list
    kept: tuple[int, ...]  #: V13: board positions kept, increasing
    mix_stages: tuple[MixStage, ...]  #: V11: the mix of the kept tuples (D, P, options …)
    pet_stages: tuple[PetStage, ...]  #: V14: the equality tests of the mixed tuples
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


def valid_ballots(
    params: BallotParams,
    roll: Sequence[Ciphertext],
    board: Sequence[CredentialBallot],
    district: str,
    *,
    anonymity: int = DEFAULT_ANONYMITY,
) -> tuple[int, ...]:
    """Step 1: the positions of ``district``'s ballots that pass, in board order; a repeated
    statement (a replay) counts once, at its first position. Each ballot's proofs are checked
    in one batch (a failing batch makes the ballot invalid, whichever proof failed)."""
    seen: set[bytes] = set()
    out: list[int] = []
    for j, ballot in enumerate(board):
        if ballot.district != district or ballot.statement in seen:
            continue
        batch = BatchVerifier(params.group)  # one ballot's proofs in one multi-exponentiation
        try:
            check_credential_ballot(
                params, roll, ballot, anonymity=anonymity, where=f"ballot {j}", batch=batch
            )
        except (ProofError, ValueError):
            continue
        if batch.check():
            continue
        seen.add(ballot.statement)
        out.append(j)
    return tuple(out)


def _partials(decryptions: Decryptions) -> dict[int, list[Element]]:
    return {i: [partial for partial, _ in shares] for i, shares in decryptions.items()}


def _combined(decryptions: Decryptions, trustees: Sequence[int]) -> Decryptions:
    """The decryptions the authority combined (all of them when it named none)."""
    return {i: decryptions[i] for i in trustees if i in decryptions} if trustees else decryptions


def _tuple_options(item: Item) -> tuple[Ciphertext, ...]:
    return item[2:]


class TallyRun:
    """The five steps played by every QUAL trustee in one process, from their ``shares``; each
    party's act is a method, so that a hostile variant (the tamper tests) overrides the one it
    lies in and the rest of the tally follows from what it posted.

    ``decrypting``: the trustees who post partial decryptions (default: the first k in index
    order); :meth:`combining` chooses, among them, the ones the authority combines.
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
    ) -> None:
        self.params, self.shares, self.k = params, shares, k
        self.anonymity, self.rng = anonymity, rng
        self.trustees = sorted(shares)
        self.decrypting = tuple(decrypting or self.trustees[:k])

    # -- each party's act (what a hostile variant overrides) -------------------------------------

    def blind_stage(self, i: int, inputs: Sequence[Ciphertext], context: Context) -> BlindStage:
        """Trustee i's step of the dedup round: a fresh ``z_i``, its commitment, the proof."""
        group = self.params.group
        secret, commitment = blinding_commitment(group, self.rng)
        outputs, proof = blind_and_prove(group, secret, i, inputs, context, rng=self.rng)
        return BlindStage(i, commitment, tuple(outputs), proof)

    def decrypt_item(self, i: int, item: Ciphertext, context: Context, j: int) -> Share:
        """Trustee i's partial decryption of item j of a list, with its proof."""
        return prove_partial_decryption(
            self.params.group, self.shares[i], item, decryption_context(context, i, j), rng=self.rng
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
        _, stage = pet_stage(self.params.group, i, tests, context, rng=self.rng)
        return stage

    def count(self, results: Sequence[Element]) -> tuple[int, ...]:
        """The authority's counted positions: the tests whose result is the identity."""
        return tuple(counted_positions(self.params.group, results))

    # -- the five steps -------------------------------------------------------------------------

    def decrypt(
        self, items: Sequence[Ciphertext], context: Context
    ) -> dict[int, tuple[Share, ...]]:
        return {
            i: tuple(self.decrypt_item(i, ct, context, j) for j, ct in enumerate(items))
            for i in self.decrypting
        }

    def run(
        self, roll: Sequence[Ciphertext], board: Sequence[CredentialBallot], district: str
    ) -> DistrictTally:
        """Play the five steps for ``district``. Raises :class:`ParameterError` when no valid
        ballot is left."""
        params, group, k = self.params, self.params.group, self.k
        valid = valid_ballots(params, roll, board, district, anonymity=self.anonymity)
        if not valid:
            raise ParameterError(f"district {district!r}: no valid ballot to tally")
        # step 2: blinded tags over the credential ciphertexts, in board order
        dedup_ctx = round_context(params, district, "dedup")
        previous: Sequence[Ciphertext] = [board[j].credential for j in valid]
        dedup_stages: list[BlindStage] = []
        for i in self.trustees:
            dedup_stages.append(self.blind_stage(i, previous, dedup_ctx))
            previous = dedup_stages[-1].outputs
        dedup_decryptions = self.decrypt(previous, dedup_ctx)
        dedup_trustees = self.combining(dedup_decryptions)
        partials = _partials({i: dedup_decryptions[i] for i in dedup_trustees})
        kept = self.keep(valid, combine_tags(group, previous, partials, k, dedup_ctx))
        # step 3: the mix of the kept tuples
        items: Sequence[Item] = [
            (board[j].credential, board[j].pointer, *board[j].options()) for j in kept
        ]
        mix_stages: list[MixStage] = []
        for i in self.trustees:
            mix_stages.append(self.mix_stage(i, items))
            items = mix_stages[-1].outputs
        # step 4: one equality test per mixed tuple
        match_ctx = round_context(params, district, "match")
        tests: Sequence[Ciphertext] = quotients(
            group, [item[0] for item in items], [item[1] for item in items]
        )
        pet_stages: list[PetStage] = []
        for i in self.trustees:
            pet_stages.append(self.pet_stage(i, tests, match_ctx))
            tests = pet_stages[-1].outputs
        pet_decryptions = self.decrypt(tests, match_ctx)
        match_trustees = self.combining(pet_decryptions)
        partials = _partials({i: pet_decryptions[i] for i in match_trustees})
        counted = self.count(pet_results(group, tests, partials, k))
        # step 5: aggregates of the counted tuples and their decryption
        result_ctx = round_context(params, district, "result")
        aggregates = _aggregates(params, [items[p] for p in counted], len(items[0]) - 2)
        result_decryptions = self.decrypt(aggregates, result_ctx)
        counts = _counts(params, aggregates, result_decryptions, k, len(counted))
        return DistrictTally(
            district,
            valid,
            tuple(dedup_stages),
            dedup_decryptions,
            kept,
            tuple(mix_stages),
            tuple(pet_stages),
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
) -> DistrictTally:
    """Play the five steps for ``district`` with every QUAL trustee's ``shares`` (the first k in
    index order decrypt). Raises :class:`ParameterError` when no valid ballot is left."""
    return TallyRun(params, shares, k, anonymity=anonymity, rng=rng).run(roll, board, district)


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


def _verify_decryptions(
    params: BallotParams,
    trustees: Trustees,
    items: Sequence[Ciphertext],
    decryptions: Decryptions,
    context: Mapping[str, CanonicalValue],
    check: str,
    field: str,
) -> None:
    if len(decryptions) < trustees.k:
        raise _fail(check, field, f"{len(decryptions)} decrypting trustees, k = {trustees.k}")
    for i, shares in decryptions.items():
        vk = trustees.verification_keys.get(i)
        if vk is None:
            raise _fail(check, field, f"trustee {i} is not in QUAL", trustee=i)
        if len(shares) != len(items):
            raise _fail(check, field, f"{len(shares)} shares for {len(items)} items", trustee=i)
        for j, (ct, (partial, proof)) in enumerate(zip(items, shares, strict=True)):
            try:
                verify_partial_decryption(
                    params.group, vk, ct, partial, proof, decryption_context(context, i, j)
                )
            except ProofError as exc:
                raise _fail(check, field, f"trustee {i}, item {j}: {exc}", i, j) from None


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
) -> None:
    """Recompute or check every step of ``tally`` from the board, the roll and the trustees'
    public keys; raise :class:`CoercionTallyError` (``check`` V11–V16) at the first failure."""
    group, K, district = params.group, params.joint_key, tally.district
    k = trustees.k
    # V12
    valid = valid_ballots(params, roll, board, district, anonymity=anonymity)
    if valid != tally.valid:
        raise _fail("V12", "valid", "the valid ballots do not recompute from the board")
    # V13
    dedup_ctx = round_context(params, district, "dedup")
    _check_trustee_order("V13", [s.trustee for s in tally.dedup_stages], trustees)
    try:
        blinded = verify_blind_chain(
            group, [board[j].credential for j in valid], tally.dedup_stages, dedup_ctx
        )
    except BlindProofError as exc:
        raise _fail("V13", exc.field, str(exc), exc.trustee) from None
    _verify_decryptions(
        params, trustees, blinded, tally.dedup_decryptions, dedup_ctx, "V13", "tag_decrypt"
    )
    tag_list = combine_tags(
        group,
        blinded,
        _partials(_combined(tally.dedup_decryptions, tally.dedup_trustees)),
        k,
        dedup_ctx,
    )
    if tuple(valid[p] for p in keep_last(tag_list)) != tally.kept:
        raise _fail("V13", "kept", "the kept ballots are not the last of each tag")
    # V11
    _check_trustee_order("V11", [s.trustee for s in tally.mix_stages], trustees)
    items: Sequence[Item] = [
        (board[j].credential, board[j].pointer, *board[j].options()) for j in tally.kept
    ]
    try:
        mixed = verify_mix_round(group, K, items, tally.mix_stages, params.election_ctx)
    except ShuffleProofError as exc:
        raise _fail("V11", exc.field, str(exc), exc.trustee, exc.index) from None
    # V14
    match_ctx = round_context(params, district, "match")
    _check_trustee_order("V14", [s.trustee for s in tally.pet_stages], trustees)
    tests = quotients(group, [item[0] for item in mixed], [item[1] for item in mixed])
    try:
        last = verify_pet_chain(group, tests, tally.pet_stages, match_ctx)
    except BlindProofError as exc:
        raise _fail("V14", exc.field, str(exc), exc.trustee, exc.index) from None
    _verify_decryptions(
        params, trustees, last, tally.pet_decryptions, match_ctx, "V14", "pet_decrypt"
    )
    results = pet_results(
        group, last, _partials(_combined(tally.pet_decryptions, tally.match_trustees)), k
    )
    if tuple(counted_positions(group, results)) != tally.counted:
        raise _fail("V14", "counted", "the counted positions are not the passed tests")
    # V15
    width = len(mixed[0]) - 2
    if _aggregates(params, [mixed[p] for p in tally.counted], width) != tally.aggregates:
        raise _fail("V15", "aggregates", "the aggregates are not the counted tuples' products")
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
