"""``plebiscite demo-core``: the cryptographic core played end to end on one machine.

A 3-of-5 threshold key from five dealers (every share checked against its dealer's commitments),
N yes/no ballots encrypted with a 0/1 proof per option and a range proof on their sum, every proof
verified in one batch (a planted bad proof is found and named by the bisection), the ballots
aggregated per option, partial decryptions with Chaum–Pedersen proofs from the four trustees
present (one is absent), the proofs checked, two different quorums of three Lagrange-combined,
and each count recovered by a discrete logarithm and compared with the plaintext count kept
aside. Every step is timed; the command exits non-zero if anything disagrees.

:func:`run_core_demo` is the library function; :mod:`plebiscite.demo.core_command` is the thin
command over it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from plebiscite.crypto import elgamal, rand, threshold
from plebiscite.crypto.batch import BatchVerifier
from plebiscite.crypto.elgamal import Ciphertext, DiscreteLog
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.proofs import (
    ChaumPedersenProof,
    RangeProof,
    ZeroOneProof,
    prove_range,
    prove_schnorr,
    prove_zero_one,
    verify_partial_decryption,
    verify_range,
    verify_schnorr,
    verify_zero_one,
)
from plebiscite.errors import ParameterError, PlebisciteError, ProofError

__all__ = ["OPTIONS", "CoreDemoResult", "DemoBallot", "Step", "ballot_labels", "run_core_demo"]

#: the two options of the demonstration's yes/no question, in ballot order
OPTIONS = ("yes", "no")
#: trustees and threshold of the demonstration key
N_TRUSTEES = 5
THRESHOLD = 3
#: the demonstration's own context value, bound into every proof's challenge
DEMO_CONTEXT = "plebiscite core demonstration"


@dataclass(frozen=True)
class Step:
    """One timed step of the demonstration and whether its checks agreed."""

    name: str
    seconds: float
    ok: bool
    detail: str


@dataclass(frozen=True)
class DemoBallot:
    """A yes/no ballot: one ciphertext and 0/1 proof per option, a range proof on their sum."""

    ciphertexts: tuple[Ciphertext, ...]
    zero_one: tuple[ZeroOneProof, ...]
    sum_proof: RangeProof


@dataclass
class CoreDemoResult:
    """What the demonstration did and found; :attr:`ok` is True only if everything agreed."""

    group: str
    ballots: int
    steps: list[Step] = field(default_factory=list)
    #: the label of the proof that was tampered with on purpose
    planted: str = ""
    #: the labels the batch verifier reported as failing
    reported: list[str] = field(default_factory=list)
    #: the message the one-at-a-time verifier gives for the reported proof
    verifier_message: str = ""
    #: decrypted counts and the plaintext counts kept aside, per option
    counts: dict[str, int] = field(default_factory=dict)
    expected: dict[str, int] = field(default_factory=dict)
    absent_trustee: int = 0
    quorums: list[tuple[int, ...]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether every step agreed."""
        return bool(self.steps) and all(step.ok for step in self.steps)


def _context(*parts: str | int) -> list[str | int]:
    return [DEMO_CONTEXT, *parts]


def _proof_label(ballot: int, what: str) -> str:
    return f"ballot {ballot}, {what}"


def ballot_labels(ballot: int) -> list[str]:
    """The batch labels of a ballot's proofs: one per option's 0/1 proof, one for the sum."""
    return [_proof_label(ballot, f"option {option!r}: zero-one proof") for option in OPTIONS] + [
        _proof_label(ballot, "sum of the options: range proof")
    ]


def encrypt_ballot(
    group: Group, key: Element, ballot: int, choice: int, rng: rand.Random | None
) -> DemoBallot:
    """Encrypt a yes/no ballot (``choice`` 0 = yes, 1 = no) with its proofs."""
    cts: list[Ciphertext] = []
    proofs: list[ZeroOneProof] = []
    total_r = 0
    for position, option in enumerate(OPTIONS):
        m = 1 if position == choice else 0
        ct, r = elgamal.encrypt(group, key, m, rng=rng)
        proofs.append(prove_zero_one(group, key, ct, m, r, _context(ballot, option), rng=rng))
        cts.append(ct)
        total_r += r
    total = elgamal.aggregate(group, cts)
    sum_proof = prove_range(group, key, total, 1, total_r, 1, 1, _context(ballot, "sum"), rng=rng)
    return DemoBallot(tuple(cts), tuple(proofs), sum_proof)


def add_ballot_proofs(
    group: Group, key: Element, ballot: int, content: DemoBallot, batch: BatchVerifier | None
) -> None:
    """Verify a ballot's three proofs, into ``batch`` if given (else directly, raising)."""
    labels = ballot_labels(ballot)
    for position, (option, ct, proof) in enumerate(
        zip(OPTIONS, content.ciphertexts, content.zero_one, strict=True)
    ):
        verify_zero_one(
            group,
            key,
            ct,
            proof,
            _context(ballot, option),
            batch=batch,
            label=labels[position],
        )
    verify_range(
        group,
        key,
        elgamal.aggregate(group, content.ciphertexts),
        1,
        1,
        content.sum_proof,
        _context(ballot, "sum"),
        batch=batch,
        label=labels[-1],
    )


def _tamper(group: Group, content: DemoBallot) -> DemoBallot:
    """The same ballot with the response v0 of its first 0/1 proof changed by one."""
    first = content.zero_one[0]
    bad = ZeroOneProof(
        first.a0, first.b0, first.a1, first.b1, first.c0, (first.v0 + 1) % group.q, first.v1
    )
    return DemoBallot(content.ciphertexts, (bad, *content.zero_one[1:]), content.sum_proof)


class _Stopped(Exception):
    """A step raised: it is recorded as failed and the demonstration stops there."""


@contextmanager
def _timed(result: CoreDemoResult, name: str) -> Iterator[dict[str, object]]:
    """Time a step; the body sets ``ok`` and ``detail`` in the yielded dict."""
    outcome: dict[str, object] = {"ok": False, "detail": ""}
    start = time.perf_counter()
    try:
        yield outcome
    except PlebisciteError as exc:
        outcome["ok"] = False
        outcome["detail"] = f"{type(exc).__name__}: {exc}"
        raise _Stopped from exc
    finally:
        result.steps.append(
            Step(name, time.perf_counter() - start, bool(outcome["ok"]), str(outcome["detail"]))
        )


def run_core_demo(
    group: Group,
    ballots: int,
    *,
    rng: rand.Random | None = None,
    on_ballot: Callable[[int], None] | None = None,
) -> CoreDemoResult:
    """Run the demonstration on ``group`` with ``ballots`` yes/no ballots.

    ``rng`` drives every secret and every choice (None: the OS CSPRNG); the batch verifier's
    weights always come from the OS CSPRNG. ``on_ballot(i)`` is called after each ballot is
    encrypted (a progress bar).
    """
    if isinstance(ballots, bool) or not isinstance(ballots, int) or ballots < 2:
        raise ParameterError(f"the demonstration needs at least 2 ballots, got {ballots!r}")
    result = CoreDemoResult(group=group.name, ballots=ballots)
    try:
        _run(group, ballots, rand.get(rng), on_ballot, result)
    except _Stopped:
        pass  # the failing step is recorded; ``result.ok`` is False
    return result


def _run(
    group: Group,
    ballots: int,
    source: rand.Random,
    on_ballot: Callable[[int], None] | None,
    result: CoreDemoResult,
) -> None:

    # 1. key ceremony: five dealers, a 3-of-5 joint key, every share checked
    with _timed(result, "key ceremony: 5 dealers, 3-of-5 joint key") as out:
        polynomials = {
            d: threshold.random_polynomial(group, THRESHOLD, source)
            for d in range(1, N_TRUSTEES + 1)
        }
        commitments = {d: threshold.commit(group, p) for d, p in polynomials.items()}
        for d, p in polynomials.items():
            knowledge = prove_schnorr(group, p.coefficients[0], _context("dealer", d), rng=source)
            verify_schnorr(group, commitments[d][0], knowledge, _context("dealer", d))
        bad_shares = []
        trustee_secret: dict[int, int] = {}
        for i in range(1, N_TRUSTEES + 1):
            total = 0
            for d, p in polynomials.items():
                s = threshold.share(group, p, i)
                if not threshold.check_share(group, commitments[d], i, s):
                    bad_shares.append((d, i))
                total = (total + s) % group.q
            trustee_secret[i] = total
        key = threshold.joint_key(group, commitments)
        vks = {i: threshold.verification_key(group, commitments, i) for i in trustee_secret}
        own_keys = all(group.exp_g(trustee_secret[i]) == vks[i] for i in trustee_secret)
        out["ok"] = not bad_shares and own_keys and not group.is_identity(key)
        out["detail"] = (
            f"{N_TRUSTEES * N_TRUSTEES} shares checked against the commitments, "
            f"{N_TRUSTEES} Schnorr proofs; " + ("all hold" if out["ok"] else f"bad: {bad_shares}")
        )

    # 2. ballots: random yes/no choices, the plaintext counts kept aside
    contents: list[DemoBallot] = []
    choices: list[int] = []
    with _timed(result, f"encrypt {ballots} ballots (2 × 0/1 proof + range proof)") as out:
        for b in range(ballots):
            choice = source.randbelow(2)
            choices.append(choice)
            contents.append(encrypt_ballot(group, key, b, choice, source))
            if on_ballot is not None:
                on_ballot(b)
        planted_ballot = source.randbelow(ballots)
        contents[planted_ballot] = _tamper(group, contents[planted_ballot])
        result.planted = ballot_labels(planted_ballot)[0]
        out["ok"] = True
        out["detail"] = f"ballot {planted_ballot}: one response of one proof changed on purpose"

    # 3. every proof in one batch; the bisection names the bad one
    with _timed(result, f"verify {3 * ballots} proofs in one batch") as out:
        batch = BatchVerifier(group)
        for b, content in enumerate(contents):
            add_ballot_proofs(group, key, b, content, batch)
        result.reported = batch.check()
        try:
            add_ballot_proofs(group, key, planted_ballot, contents[planted_ballot], None)
            result.verifier_message = "the named proof verifies on its own (a disagreement)"
        except ProofError as exc:
            result.verifier_message = str(exc)
        out["ok"] = result.reported == [result.planted]
        out["detail"] = f"{batch.multi_exps} multi-exponentiations; reported: " + (
            "; ".join(result.reported) or "nothing"
        )

    # 4. the valid ballots aggregated per option; the counts kept aside for comparison
    with _timed(result, "aggregate the valid ballots per option") as out:
        rejected = {b for b in range(ballots) if set(ballot_labels(b)) & set(result.reported)}
        counted = [b for b in range(ballots) if b not in rejected]
        aggregates = {
            option: elgamal.aggregate(group, [contents[b].ciphertexts[pos] for b in counted])
            for pos, option in enumerate(OPTIONS)
        }
        result.expected = {
            option: sum(1 for b in counted if choices[b] == pos)
            for pos, option in enumerate(OPTIONS)
        }
        out["ok"] = True
        out["detail"] = f"{len(counted)} ballots counted, {len(rejected)} rejected"

    # 5. partial decryptions with proofs from the four trustees present
    present = list(range(1, N_TRUSTEES + 1))
    result.absent_trustee = present.pop(source.randbelow(N_TRUSTEES))
    partials: dict[str, dict[int, Element]] = {option: {} for option in OPTIONS}
    dec_proofs: dict[str, dict[int, ChaumPedersenProof]] = {option: {} for option in OPTIONS}
    with _timed(result, f"partial decryptions by trustees {present}") as out:
        for option, ct in aggregates.items():
            for i in present:
                m_i, proof = threshold.partial_decrypt(
                    group, trustee_secret[i], ct, _context("decrypt", option, i), rng=source
                )
                partials[option][i] = m_i
                dec_proofs[option][i] = proof
        out["ok"] = True
        out["detail"] = f"trustee {result.absent_trustee} absent; Chaum–Pedersen proof each"

    with _timed(result, "check the decryption proofs (one batch)") as out:
        batch = BatchVerifier(group)
        for option, ct in aggregates.items():
            for i in present:
                verify_partial_decryption(
                    group,
                    vks[i],
                    ct,
                    partials[option][i],
                    dec_proofs[option][i],
                    _context("decrypt", option, i),
                    batch=batch,
                    label=f"trustee {i}, option {option!r}: partial decryption",
                )
        failed = batch.check()
        out["ok"] = not failed
        out["detail"] = f"{len(present) * len(OPTIONS)} proofs; " + (
            "all hold" if not failed else "failing: " + "; ".join(failed)
        )

    # 6. two different quorums combine; the counts by discrete log
    result.quorums = [tuple(present[:THRESHOLD]), tuple(present[-THRESHOLD:])]
    with _timed(result, "combine (Lagrange), discrete log, compare") as out:
        dlog = DiscreteLog(group, ballots)
        disagreements = []
        for option, ct in aggregates.items():
            values = []
            for quorum in result.quorums:
                shares = {i: partials[option][i] for i in quorum}
                g_m = threshold.combine(group, ct, shares, THRESHOLD)
                values.append(g_m)
            if values[0] != values[1]:
                disagreements.append(f"{option}: the two quorums disagree")
            result.counts[option] = dlog.solve(values[0])
            if result.counts[option] != result.expected[option]:
                disagreements.append(
                    f"{option}: decrypted {result.counts[option]}, "
                    f"kept aside {result.expected[option]}"
                )
        out["ok"] = not disagreements
        out["detail"] = (
            f"quorums {result.quorums[0]} and {result.quorums[1]} agree; counts match"
            if not disagreements
            else "; ".join(disagreements)
        )
