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
    "Decryptions",
    "DistrictTally",
    "Share",
    "Trustees",
    "round_context",
    "run_district_tally",
    "valid_ballots",
    "verify_district_tally",
]

#: a partial decryption and its proof
Share = tuple[Element, ChaumPedersenProof]
#: per decrypting trustee, its shares of a list, item by item
Decryptions = Mapping[int, tuple[Share, ...]]


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


def round_context(
    params: BallotParams, district: str, round_name: str
) -> dict[str, CanonicalValue]:
    """``{"election", "district", "round"}`` (plus ``"list": "ballots"`` for the dedup round); the
    ``dedup`` and ``match`` rounds' context. The mix between them takes the mixnet's context,
    ``election_ctx`` (spec §15.7), as every mix round does."""
    context: dict[str, CanonicalValue] = {
        "election": params.election_ctx,
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


def _decrypt(
    params: BallotParams,
    shares: Mapping[int, int],
    items: Sequence[Ciphertext],
    context: Mapping[str, CanonicalValue],
    rng: rand.Random | None,
) -> dict[int, tuple[Share, ...]]:
    return {
        i: tuple(
            prove_partial_decryption(
                params.group, s, ct, decryption_context(context, i, j), rng=rng
            )
            for j, ct in enumerate(items)
        )
        for i, s in shares.items()
    }


def _partials(decryptions: Decryptions) -> dict[int, list[Element]]:
    return {i: [partial for partial, _ in shares] for i, shares in decryptions.items()}


def _tuple_options(item: Item) -> tuple[Ciphertext, ...]:
    return item[2:]


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
    group, K = params.group, params.joint_key
    trustees = sorted(shares)
    decrypting = {i: shares[i] for i in trustees[:k]}
    valid = valid_ballots(params, roll, board, district, anonymity=anonymity)
    if not valid:
        raise ParameterError(f"district {district!r}: no valid ballot to tally")
    # step 2: blinded tags over the credential ciphertexts, in board order
    dedup_ctx = round_context(params, district, "dedup")
    previous: Sequence[Ciphertext] = [board[j].credential for j in valid]
    dedup_stages: list[BlindStage] = []
    for i in trustees:
        secret, commitment = blinding_commitment(group, rng)
        outputs, proof = blind_and_prove(group, secret, i, previous, dedup_ctx, rng=rng)
        dedup_stages.append(BlindStage(i, commitment, tuple(outputs), proof))
        previous = outputs
    dedup_decryptions = _decrypt(params, decrypting, previous, dedup_ctx, rng)
    tag_list = combine_tags(group, previous, _partials(dedup_decryptions), k, dedup_ctx)
    kept = tuple(valid[p] for p in keep_last(tag_list))
    # step 3: the mix of the kept tuples
    mix_ctx = params.election_ctx  # the mixnet's context (spec §15.7), whatever the list
    items: Sequence[Item] = [
        (board[j].credential, board[j].pointer, *board[j].options()) for j in kept
    ]
    mix_stages: list[MixStage] = []
    for i in trustees:
        outs, secret_mix = shuffle(group, K, items, rng)
        proof_mix = prove_shuffle(group, K, items, outs, secret_mix, mix_ctx, i, rng=rng)
        mix_stages.append(MixStage(i, tuple(outs), proof_mix))
        items = outs
    # step 4: one equality test per mixed tuple
    match_ctx = round_context(params, district, "match")
    tests: Sequence[Ciphertext] = quotients(
        group, [item[0] for item in items], [item[1] for item in items]
    )
    pet_stages: list[PetStage] = []
    for i in trustees:
        _, stage = pet_stage(group, i, tests, match_ctx, rng=rng)
        pet_stages.append(stage)
        tests = stage.outputs
    pet_decryptions = _decrypt(params, decrypting, tests, match_ctx, rng)
    counted = tuple(
        counted_positions(group, pet_results(group, tests, _partials(pet_decryptions), k))
    )
    # step 5: aggregates of the counted tuples and their decryption
    result_ctx = round_context(params, district, "result")
    aggregates = _aggregates(params, [items[p] for p in counted], len(items[0]) - 2)
    result_decryptions = _decrypt(params, decrypting, aggregates, result_ctx, rng)
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
    )


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
    tag_list = combine_tags(group, blinded, _partials(tally.dedup_decryptions), k, dedup_ctx)
    if tuple(valid[p] for p in keep_last(tag_list)) != tally.kept:
        raise _fail("V13", "kept", "the kept ballots are not the last of each tag")
    # V11
    _check_trustee_order("V11", [s.trustee for s in tally.mix_stages], trustees)
    items: Sequence[Item] = [
        (board[j].credential, board[j].pointer, *board[j].options()) for j in tally.kept
    ]
    try:
        mixed = verify_mix_round(
            group, K, items, tally.mix_stages, params.election_ctx
        )
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
    results = pet_results(group, last, _partials(tally.pet_decryptions), k)
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
