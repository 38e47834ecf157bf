"""A hostile board, and dishonest parties during the run, for the full tamper suite.

:class:`HostileBoard` changes a finished valid record and then **re-seals** it: every index,
``prev`` and hash recomputed, every head re-signed with the board key (the tests own every key).
Where the attack needs a colluding party, that party re-signs its own body with its own key: a
voter re-signs a ballot, the CA a roll, and, with ``recount`` (the default), the authority and the
decrypting trustees redo the counting (tally, partial decryptions, result) over the changed
board exactly as honest ones would over it. So nothing but the targeted check can tell.

:class:`HostileBuilder` builds a record with a dishonest party *during the run* (see
:mod:`tests.verify._record`), for attacks that a change after the fact cannot make without
breaking a second check: a ceremony whose ``election_key`` lies (while the ballots use the key the
verifier recomputes), a second or foreign partial decryption, a record on modp4096.

The tamper tests are named after the check they target (``test_tamper_v5_ballots.py`` …); each
says how its record was made. *Re-sealed*: changed after the fact by :class:`HostileBoard`, so V1
passes and only the targeted check can fail. *During the run*: :class:`HostileBuilder` or a
:class:`~tests.verify._record.Plan` hook. *Unsealed*: the chain or a head changed without
re-sealing; V1 is the target.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from _builder import SECOND, Chain, Phase
from plebiscite.crypto import threshold
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import SchnorrProof, prove_schnorr
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model import tally as mt
from plebiscite.model.ceremony import (
    Complaint,
    ElectionKey,
    coefficient_context,
    liveness_ciphertext,
)
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry
from plebiscite.model.signed import sign_body
from plebiscite.rules.report import Report

from ._record import ELECTION_ID, Builder, Built, Plan, key, reseal, run

COUNTING = ("tally", "partial_decryption", "result")


def only(report: Report, check: str, index: int | None, field: str | None = None) -> None:
    """V1 passed and exactly ``check`` failed, only at entry ``index`` (and ``field``)."""
    shown = [str(f) for f in report.failures]
    assert report.failed_checks == [check], shown
    assert all(f.index == index for f in report.failures), shown
    if field is not None:
        assert any(f.field == field for f in report.failures), shown


#: every check over a record
verify = run


class HostileBoard:
    """A valid record to change; :meth:`seal` re-seals it (and re-counts, see the module)."""

    def __init__(self, built: Built, group_name: str = "secp256k1") -> None:
        self.definition = built.definition
        self.entries: list[Entry] = [e for e in built.entries if e.kind not in COUNTING]
        self.close_time = self.entries[-1].time
        if recount_close := self.entries[-1].kind == "close":
            self.entries.pop()
        self._close = recount_close
        self.group = get_group(group_name)
        self.ballots = built.ballots
        self.rng = DeterministicRandom("hostile board")
        #: the trustees' co-signatures the authority puts on the re-counted close
        self.cosignatures: tuple[mt.Cosignature, ...] = ()

    def body(self, index: int) -> JSONObject:
        """A deep copy of entry ``index``'s body, to change."""
        import copy

        return copy.deepcopy(self.entries[index].body)

    def replace(
        self,
        index: int,
        body: JSONObject,
        *,
        signer: SigningKey | None = None,
        time: int | None = None,
    ) -> None:
        """Put ``body`` at ``index`` (re-signed by ``signer``'s entry signature when given)."""
        old = self.entries[index]
        if signer is not None:
            body = sign_body(signer, ELECTION_ID, old.kind, body, self.rng)
        self.entries[index] = Entry.create(
            index, old.time if time is None else time, old.kind, body, old.prev
        )

    def seal(self, *, recount: bool = True) -> Built:
        entries, heads = reseal(self.entries)
        if recount:
            entries, heads = reseal(entries + self._count(entries))
        return Built(self.definition, entries, heads, {}, dict(self.ballots))

    def _count(self, entries: Sequence[Entry]) -> list[Entry]:
        """The close (when the record had one), tally, partial decryptions and result that the
        authority and trustees would post over ``entries``: the builder's counting phases."""
        counting = Builder(Plan(), self.group.name)
        counting.board = Chain(key("board"), ELECTION_ID, 0, entries)
        counting.close_at = self.close_time
        counting.close_cosignatures = self.cosignatures
        counting.advance_to(self.close_time - SECOND)
        counting.resume(Phase.BALLOTS if self._close else Phase.CLOSE).play()
        return counting.entries[len(entries) :]


# -- dishonest parties during the run ------------------------------------------------------------


@dataclass
class CeremonyPlan:
    """How the key ceremony goes wrong.

    ``complaint``: ``(complainant, accused)``, never answered; ``copied_proof``: ``(copier,
    source)``, the copier's reveal carries the source's Schnorr proof of its constant term;
    ``no_shares``: a dealer that never posts its shares. ``posted_qual`` and ``posted_key_from``
    are what the authority's ``election_key`` lists as QUAL and multiplies into K (None: the
    honest recomputation). Everything after ``election_key`` (the drill, ``open``, the ballots,
    the decryptions) uses the honest QUAL and K, so only the ``election_key`` entry is wrong.
    """

    complaint: tuple[int, int] | None = None
    copied_proof: tuple[int, int] | None = None
    no_shares: int | None = None
    posted_qual: tuple[int, ...] | None = None
    posted_key_from: tuple[int, ...] | None = None


@dataclass
class HostilePlan(Plan):
    """A :class:`~tests.verify._record.Plan` with a ceremony plan and counting hooks."""

    ceremony: CeremonyPlan = field(default_factory=CeremonyPlan)
    #: called after the honest partial decryptions, before the result
    after_partials: Callable[[HostileBuilder], None] | None = None
    #: the trustees the result names (None: those who decrypted)
    result_trustees: tuple[int, ...] | None = None
    group: str = "secp256k1"


class HostileBuilder(Builder):
    """:class:`~tests.verify._record.Builder` with the dishonest parties of a
    :class:`HostilePlan` (and any group): each overrides the builder's step it lies in."""

    def __init__(self, plan: HostilePlan) -> None:
        super().__init__(plan, plan.group)
        self.hostile = plan

    def reveal_proofs(
        self, ctx: bytes, i: int, polys: dict[int, threshold.Polynomial]
    ) -> list[SchnorrProof]:
        """The copier's reveal proves the source's constant term (in the source's context)."""
        proofs = super().reveal_proofs(ctx, i, polys)
        copied = self.hostile.ceremony.copied_proof
        if copied is not None and i == copied[0]:
            source = copied[1]
            a = polys[source].coefficients[0]
            proofs[0] = prove_schnorr(
                self.group, a, coefficient_context(ctx, source, 0), rng=self.rng
            )
        return proofs

    def deals_shares(self, i: int) -> bool:
        return i != self.hostile.ceremony.no_shares

    def complaints(self, tkeys: dict[int, SigningKey]) -> None:
        if self.hostile.ceremony.complaint is not None:
            complainant, accused = self.hostile.ceremony.complaint
            body = Complaint(complainant, accused, "invalid_share").to_body(self.group)
            signed = self.signed(tkeys[complainant], "trustee_complaint", body)
            self.post("trustee_complaint", signed)

    def qualified(self) -> tuple[int, ...]:
        """QUAL without the accused, the copier and the dealer without shares."""
        cp = self.hostile.ceremony
        out = {cp.no_shares}
        if cp.complaint is not None:
            out.add(cp.complaint[1])
        if cp.copied_proof is not None:
            out.add(cp.copied_proof[0])
        return tuple(i for i in super().qualified() if i not in out)

    def posted_election_key(self, honest: ElectionKey) -> ElectionKey:
        """The authority's lie: ``posted_qual`` as QUAL, K from ``posted_key_from``."""
        cp, group = self.hostile.ceremony, self.group
        if cp.posted_qual is None and cp.posted_key_from is None:
            return honest
        qual = cp.posted_qual or honest.qualified
        joint = threshold.joint_key(group, self.commitments, cp.posted_key_from or qual)
        vks = {j: threshold.verification_key(group, self.commitments, j, qual) for j in qual}
        if cp.posted_key_from is not None:
            vks = {j: honest.verification_keys[j] for j in qual}
        test_ct = liveness_ciphertext(group, honest.ceremony_context, joint, vks, qual)
        return ElectionKey(honest.ceremony_context, qual, joint, vks, test_ct)

    def result(self) -> None:
        """The plan's ``after_partials`` first (e.g. a foreign partial decryption)."""
        if self.hostile.after_partials is not None:
            self.hostile.after_partials(self)
        super().result()

    def result_body(self, body: JSONObject) -> JSONObject:
        body = super().result_body(body)
        if self.hostile.result_trustees is not None:
            body = {**body, "trustees": list(self.hostile.result_trustees)}
        return body


def build_hostile(plan: HostilePlan) -> Built:
    """Build the whole record following ``plan``."""
    return HostileBuilder(plan).play().built()


# -- helpers of the tamper tests ------------------------------------------------------------------

SECP = get_group("secp256k1")


def question_of(body: JSONObject) -> dict[str, object]:
    questions = body["questions"]
    assert isinstance(questions, list) and isinstance(questions[0], dict)
    return questions[0]


def district_of(body: JSONObject, i: int) -> dict[str, object]:
    """District ``i`` of a tally or result body, to change in place."""
    districts = body["districts"]
    assert isinstance(districts, list) and isinstance(districts[i], dict)
    return districts[i]


def swapped_randomness(body: JSONObject) -> JSONObject:
    """A copy of a challenge body whose first two options' randomness are swapped."""
    import copy

    broken = copy.deepcopy(body)
    rs = question_of(broken)["randomness"]
    assert isinstance(rs, list)
    rs[0], rs[1] = rs[1], rs[0]
    return broken


def ciphertext_of(body: JSONObject, option: int = 0) -> dict[str, str]:
    cts = question_of(body)["ciphertexts"]
    assert isinstance(cts, list)
    return cts[option]  # type: ignore[no-any-return]


def proof_of(body: JSONObject, option: int = 0) -> dict[str, str]:
    proofs = question_of(body)["proofs"]
    assert isinstance(proofs, list)
    return proofs[option]  # type: ignore[no-any-return]


def uncompressed(hex_point: str) -> str:
    from coincurve import PublicKey

    return PublicKey(bytes.fromhex(hex_point)).format(compressed=False).hex()


def resealed_ballot(honest: Built, name: str, change: object) -> tuple[Built, int]:
    """``honest`` with ballot ``name``'s body changed by ``change(body)`` and re-sealed."""
    board = HostileBoard(honest)
    index = honest.ballots[name]
    body = board.body(index)
    assert callable(change)
    change(body)
    board.replace(index, body)
    return board.seal(), index


def sealed(built: Built) -> Built:
    """``built`` re-sealed by the board (a no-op on an honest chain; the heads re-signed)."""
    entries, heads = reseal(built.entries)
    return Built(built.definition, entries, heads, built.plaintext_counts, built.ballots)


def build_with(builder: Builder) -> Built:
    """The whole record ``builder`` plays, re-sealed."""
    return sealed(builder.play().built())
