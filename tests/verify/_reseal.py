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

from plebiscite.crypto import threshold
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import prove_partial_decryption, prove_schnorr
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.sealing import seal_with_secret
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model import tally as mt
from plebiscite.model.ceremony import (
    Commit,
    Complaint,
    ElectionKey,
    Liveness,
    Reveal,
    Shares,
    coefficient_context,
    commitment_hash,
    liveness_ciphertext,
    liveness_context,
    share_aad,
)
from plebiscite.model.codec import JSONObject
from plebiscite.model.contexts import ceremony_context
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.signed import sign_body
from plebiscite.rules.checker import Checker
from plebiscite.rules.report import Report

from . import _record
from ._record import DECRYPTING, ELECTION_ID, Builder, Built, K, N, Plan, key, reseal

COUNTING = ("tally", "partial_decryption", "result")


def polynomials(group_name: str) -> dict[int, threshold.Polynomial]:
    """The trustees' polynomials of :mod:`tests.verify._record` (deterministic, so recomputable)."""
    group = get_group(group_name)
    return {
        i: threshold.random_polynomial(group, K, DeterministicRandom(f"poly {i}"))
        for i in range(1, N + 1)
    }


def only(report: Report, check: str, index: int | None, field: str | None = None) -> None:
    """V1 passed and exactly ``check`` failed, only at entry ``index`` (and ``field``)."""
    shown = [str(f) for f in report.failures]
    assert report.failed_checks == [check], shown
    assert all(f.index == index for f in report.failures), shown
    if field is not None:
        assert any(f.field == field for f in report.failures), shown


def verify(built: Built) -> Report:
    """Every check over ``built`` (its entries and its heads)."""
    checker = Checker()
    try:
        checker.feed_all(built.entries)
        for number, head in enumerate(built.heads, start=1):
            checker.feed_head(head, f"heads.jsonl:{number}")
        return checker.finish()
    finally:
        checker.close()


class HostileBoard:
    """A valid record to change; :meth:`seal` re-seals it (and re-counts, see the module)."""

    def __init__(self, built: Built, group_name: str = "secp256k1") -> None:
        self.definition = built.definition
        self.entries: list[Entry] = [e for e in built.entries if e.kind not in COUNTING]
        #: each entry's hash before the board changed it (ballots name heads: see reseal)
        self.original = {e.index: e.hash for e in built.entries}
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
        entries, heads = reseal(self.entries, self.original)
        if recount:
            entries, heads = reseal(entries + self._count(entries))
        return Built(self.definition, entries, heads, {}, dict(self.ballots))

    def _count(self, entries: Sequence[Entry]) -> list[Entry]:
        """The tally, partial decryptions and result that the authority and trustees would post
        over ``entries`` (as in :meth:`tests.verify._record.Builder.count`)."""
        group = self.group
        checker = Checker()
        checker.feed_all(entries)
        assert checker.election_ctx is not None
        time = max(entries[-1].time, self.close_time - 1_000_000)
        out: list[Entry] = []
        authority = key("authority")

        def post(kind: str, body: JSONObject) -> Entry:
            nonlocal time
            time += 1_000_000
            prev = (out[-1] if out else entries[-1]).hash
            out.append(Entry.create(len(entries) + len(out), time, kind, body, prev))
            return out[-1]

        if self._close:
            received = checker.figures().received
            early = time + 1_000_000 < _record.CLOSES
            close = mt.Close(early, received, self.cosignatures).to_body()
            checker.feed(post("close", sign_body(authority, ELECTION_ID, "close", close, self.rng)))
        tally = checker.aggregates()
        tally_entry = post(
            "tally", sign_body(authority, ELECTION_ID, "tally", tally.to_body(group), self.rng)
        )
        polys = polynomials(group.name)
        qual = tuple(range(1, N + 1))
        partials: dict[int, mt.PartialDecryption] = {}
        for i in DECRYPTING:
            secret = sum(polys[d](i) for d in qual) % group.q
            partial = mt.make_partial_decryption(
                group, i, secret, tally, tally_entry.hash, checker.election_ctx, self.rng
            )
            partials[i] = partial
            body = sign_body(
                key(f"trustee {i}"), ELECTION_ID, "partial_decryption", partial.to_body(group)
            )
            post("partial_decryption", body)
        counts = mt.combine_counts(group, tally, partials, K)
        figures = checker.figures()
        result = mt.build_result(
            self.definition,
            tally,
            tally_entry.hash,
            counts,
            figures.superseded,
            figures.challenged,
            DECRYPTING,
        )
        post("result", sign_body(authority, ELECTION_ID, "result", result.to_body(), self.rng))
        checker.close()
        return out


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
    :class:`HostilePlan` (and any group)."""

    def __init__(self, plan: HostilePlan) -> None:
        super().__init__(plan)
        self.hostile = plan
        if plan.group != "secp256k1":
            self.group = get_group(plan.group)
            self.definition = _definition(plan.group)

    def setup(self) -> None:
        """The ceremony as in the honest builder, with the plan's misbehaviour."""
        group, defn, cp = self.group, self.definition, self.hostile.ceremony
        manifest = self.signed(self.authority, "manifest", defn.to_manifest())
        self.post("manifest", manifest)
        ctx = ceremony_context(ELECTION_ID, manifest, group, N, K)
        self.ceremony_ctx = ctx
        polys = polynomials(group.name)
        commitments = {i: threshold.commit(group, p) for i, p in polys.items()}
        tkeys = {i: key(f"trustee {i}") for i in range(1, N + 1)}
        for i in range(1, N + 1):
            body = Commit(i, tkeys[i].public, commitment_hash(group, ctx, i, commitments[i]))
            self.post(
                "trustee_commit", self.signed(tkeys[i], "trustee_commit", body.to_body(group))
            )
        proofs = {
            i: [
                prove_schnorr(group, a, coefficient_context(ctx, i, pos), rng=self.rng)
                for pos, a in enumerate(polys[i].coefficients)
            ]
            for i in range(1, N + 1)
        }
        if cp.copied_proof is not None:
            copier, source = cp.copied_proof
            proofs[copier][0] = proofs[source][0]
        for i in range(1, N + 1):
            reveal = Reveal(i, commitments[i], tuple(proofs[i])).to_body(group)
            self.post("trustee_reveal", self.signed(tkeys[i], "trustee_reveal", reveal))
        for i in range(1, N + 1):
            if i == cp.no_shares:
                continue
            sealed = {
                j: seal_with_secret(
                    tkeys[j].public,
                    group.encode_scalar(polys[i](j)),
                    share_aad(ctx, i, j),
                    self.rng,
                )[0]
                for j in range(1, N + 1)
                if j != i
            }
            shares = Shares(i, sealed).to_body(group)
            self.post("trustee_shares", self.signed(tkeys[i], "trustee_shares", shares))
        out: set[int] = set()
        if cp.complaint is not None:
            complainant, accused = cp.complaint
            body = Complaint(complainant, accused, "invalid_share").to_body(group)
            self.post(
                "trustee_complaint",
                self.signed(tkeys[complainant], "trustee_complaint", body),
            )
            out.add(accused)
        if cp.copied_proof is not None:
            out.add(cp.copied_proof[0])
        if cp.no_shares is not None:
            out.add(cp.no_shares)
        qual = tuple(i for i in range(1, N + 1) if i not in out)
        posted_qual = cp.posted_qual or qual
        joint = threshold.joint_key(group, commitments, qual)
        vks = {j: threshold.verification_key(group, commitments, j, qual) for j in qual}
        test_ct = liveness_ciphertext(group, ctx, joint, vks, qual)
        if cp.posted_qual is None and cp.posted_key_from is None:
            posted = ElectionKey(ctx, qual, joint, vks, test_ct)
        else:
            from_ = cp.posted_key_from or posted_qual
            p_joint = threshold.joint_key(group, commitments, from_)
            p_vks = {
                j: threshold.verification_key(group, commitments, j, posted_qual)
                for j in posted_qual
            }
            if cp.posted_key_from is not None:
                p_vks = {j: vks[j] for j in posted_qual}
            p_ct = liveness_ciphertext(group, ctx, p_joint, p_vks, posted_qual)
            posted = ElectionKey(ctx, posted_qual, p_joint, p_vks, p_ct)
        self.post(
            "election_key", self.signed(self.authority, "election_key", posted.to_body(group))
        )
        self.secrets = {j: sum(polys[i](j) for i in qual) % group.q for j in qual}
        for j in qual:
            partial, proof = prove_partial_decryption(
                group, self.secrets[j], test_ct, liveness_context(ctx, j), rng=self.rng
            )
            body = Liveness(j, partial, proof).to_body(group)
            self.post("liveness", self.signed(tkeys[j], "liveness", body))
        self.joint, self.vks, self.qual = joint, vks, qual

    def post(self, kind: str, body: JSONObject, *, step: int = 1_000_000) -> Entry:
        """As the honest builder, plus the plan's counting misbehaviour around the result."""
        if kind == "result":
            if self.hostile.after_partials is not None:
                self.hostile.after_partials(self)
            if self.hostile.result_trustees is not None:
                body = dict(body)
                body.pop("signature", None)
                body["trustees"] = list(self.hostile.result_trustees)
                body = self.signed(self.authority, "result", body)
        return super().post(kind, body, step=step)


def _definition(group: str) -> Definition:
    """The test election of :mod:`tests.verify._record` on another group."""
    return _record.definition(group)


def build_hostile(plan: HostilePlan) -> Built:
    """Build the whole record following ``plan``."""
    b = HostileBuilder(plan)
    b.setup()
    b.roll()
    b.open()
    b.vote()
    b.count()
    heads = [_record.SignedHead.for_entry(key("board"), ELECTION_ID, e) for e in b.entries]
    return Built(b.definition, b.entries, heads, b.counts, dict(b.named))


# -- helpers of the tamper tests ------------------------------------------------------------------

SECP = get_group("secp256k1")


def question_of(body: JSONObject) -> dict[str, object]:
    questions = body["questions"]
    assert isinstance(questions, list) and isinstance(questions[0], dict)
    return questions[0]


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
    builder.setup()
    builder.roll()
    builder.open()
    builder.vote()
    builder.count()
    return sealed(Built(builder.definition, builder.entries, [], builder.counts, builder.named))
