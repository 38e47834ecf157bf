"""The key ceremony recomputed from the board (V3): :func:`check_ceremony` and its result.

One recomputation, round after round, over shared per-trustee state; it stays one module (a
little over 600 lines) so that the order of the rounds reads top to bottom.

The entry bodies, the derived values (commitment hash, share associated data, the liveness
ciphertext) and the rounds' order are in :mod:`plebiscite.model.ceremony`, whose docstring is the
ceremony's description. This module recomputes the ceremony from the entries alone. It never stops
at the first problem. What a trustee did wrong (an entry that is malformed, unsigned, late,
duplicated or invalid) is a :class:`Finding`: the protocol absorbs it by ignoring the entry or
disqualifying the trustee. What makes the record wrong (an ``election_key`` that does not match the
recomputation, a failed ceremony, a missing or invalid drill) is a failure: V3 fails.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from plebiscite.crypto import threshold
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import (
    verify_partial_decryption,
    verify_schnorr,
)
from plebiscite.crypto.sealing import open_revealed
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import (
    EncodingError,
    ParameterError,
    PlebisciteError,
    ProofError,
    RecordError,
)
from plebiscite.model.ceremony import (
    CEREMONY_KINDS,
    LIVENESS_MESSAGE,
    TRUSTEE_KINDS,
    Commit,
    Complaint,
    ElectionKey,
    Liveness,
    Reveal,
    ShareReveal,
    Shares,
    coefficient_context,
    commitment_hash,
    liveness_ciphertext,
    liveness_context,
    parse_body,
    read_manifest,
    share_aad,
)
from plebiscite.model.codec import JSONObject
from plebiscite.model.contexts import ceremony_context
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry, format_time
from plebiscite.model.signed import verify_body_signature

__all__ = [
    "CeremonyResult",
    "ComplaintStatus",
    "Finding",
    "TrusteeStatus",
    "check_ceremony",
]

# ---------------------------------------------------------------------------------- results


#: the round whose deadline (manifest ``ceremony_deadlines``) each trustee entry kind keeps to
_ROUND_OF: Final = {
    "trustee_commit": "commit",
    "trustee_reveal": "reveal",
    "trustee_shares": "shares",
    "trustee_complaint": "complaints",
}


@dataclass(frozen=True)
class Finding:
    """One problem, placed: the entry index (None when not tied to one), the field, what."""

    index: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = "ceremony" if self.index is None else f"entry {self.index}"
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass
class TrusteeStatus:
    """One trustee's progress through the rounds (entry indices) and its standing."""

    index: int
    id: str
    fingerprint: str
    key: VerifyingKey | None = None
    commit: int | None = None
    reveal: int | None = None
    shares: int | None = None
    liveness: int | None = None
    disqualified: str | None = None  #: why, with the entry and field, when disqualified

    @property
    def qualified(self) -> bool:
        return self.disqualified is None


@dataclass
class ComplaintStatus:
    """A complaint and how it was resolved.

    ``status``: ``pending`` (not answered yet), ``dismissed`` (a valid reveal), ``upheld`` (an
    invalid reveal, or unanswered at the deadline), ``moot`` (the accused was disqualified for
    another reason first).
    """

    index: int
    complainant: int
    accused: int
    reason: str
    status: str = "pending"
    answer: int | None = None


@dataclass
class CeremonyResult:
    """Everything :func:`check_ceremony` recomputed, and what it found."""

    definition: Definition | None = None
    group: Group | None = None
    manifest: JSONObject | None = None
    ceremony_context: bytes | None = None
    trustees: dict[int, TrusteeStatus] = field(default_factory=dict)
    commitments: dict[int, tuple[Element, ...]] = field(default_factory=dict)
    sealed: dict[int, Mapping[int, bytes]] = field(default_factory=dict)
    #: shares made public by valid reveals: (dealer, recipient) -> f_dealer(recipient)
    revealed: dict[tuple[int, int], int] = field(default_factory=dict)
    complaints: list[ComplaintStatus] = field(default_factory=list)
    qualified: tuple[int, ...] = ()
    joint_key: Element | None = None
    verification_keys: dict[int, Element] = field(default_factory=dict)
    test_ciphertext: Ciphertext | None = None
    election_key_index: int | None = None
    liveness: dict[int, Liveness] = field(default_factory=dict)
    #: trustee misbehaviour the protocol absorbed (ignored entries, disqualifications)
    findings: list[Finding] = field(default_factory=list)
    #: what makes the ceremony's record wrong: V3 fails
    failures: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Whether V3 passes on what was checked."""
        return not self.failures

    @property
    def n(self) -> int:
        return 0 if self.definition is None else self.definition.trustees.n

    @property
    def k(self) -> int:
        return 0 if self.definition is None else self.definition.trustees.k

    @property
    def election_id(self) -> bytes | None:
        return None if self.definition is None else self.definition.election_id

    def pending_complaints(self) -> list[ComplaintStatus]:
        """Complaints still waiting for an answer (before the ``election_key`` deadline)."""
        return [c for c in self.complaints if c.status == "pending"]

    def share_for(self, dealer: int, recipient: int) -> int | None:
        """The share of ``recipient`` from ``dealer`` made public by a valid reveal, if any."""
        return self.revealed.get((dealer, recipient))


# ---------------------------------------------------------------------------------- checker


class _Checker:
    def __init__(self, entries: Sequence[Entry], final: bool) -> None:
        self.entries = entries
        self.final = final
        self.r = CeremonyResult()
        self.commit_hashes: dict[int, bytes] = {}

    # -- reporting ----------------------------------------------------------------------------

    def finding(self, index: int | None, path: str, message: str) -> None:
        self.r.findings.append(Finding(index, path, message))

    def failure(self, index: int | None, path: str, message: str) -> None:
        self.r.failures.append(Finding(index, path, message))

    def disqualify(self, trustee: int, index: int | None, path: str, message: str) -> None:
        status = self.r.trustees[trustee]
        if status.disqualified is None:
            where = "ceremony" if index is None else f"entry {index}"
            status.disqualified = f"{where}: {path}: {message}" if path else f"{where}: {message}"
            for complaint in self.r.complaints:
                if complaint.accused == trustee and complaint.status == "pending":
                    complaint.status = "moot"
        self.finding(index, path, f"trustee {trustee} disqualified: {message}")

    # -- the run ------------------------------------------------------------------------------

    def run(self) -> CeremonyResult:
        r = self.r
        try:
            definition, manifest = read_manifest(self.entries)
        except RecordError as exc:
            self.failure(0, "body", str(exc))
            return r
        group = get_group(definition.group)
        assert definition.election_id is not None
        n, k = definition.trustees.n, definition.trustees.k
        r.definition, r.group, r.manifest = definition, group, manifest
        r.ceremony_context = ceremony_context(definition.election_id, manifest, group, n, k)
        for i, member in enumerate(definition.trustees.members, start=1):
            r.trustees[i] = TrusteeStatus(i, member.id, member.fingerprint)
        self.group, self.n, self.k = group, n, k
        self.eid: bytes = definition.election_id
        self.ctx: bytes = r.ceremony_context
        self.first_reveal: int | None = None
        self.deadlines = definition.ceremony_deadlines
        self.open_index: int | None = None
        key_body: tuple[Entry, ElectionKey] | None = None
        drill: list[tuple[Entry, Liveness]] = []
        for entry in self.entries[1:]:
            if entry.kind == "open" and self.open_index is None:
                self.open_index = entry.index
            if entry.kind not in CEREMONY_KINDS:
                continue
            where = f"entry {entry.index}"
            if entry.kind in TRUSTEE_KINDS and r.election_key_index is not None:
                self.finding(entry.index, "kind", "after election_key: ignored")
                continue
            try:
                body = parse_body(group, n, k, entry.kind, entry.body, where)
            except RecordError as exc:
                target = self.failure if entry.kind in ("election_key",) else self.finding
                target(entry.index, "body", f"malformed, ignored: {exc}")
                continue
            if isinstance(body, ElectionKey):
                if r.election_key_index is not None:
                    self.failure(entry.index, "kind", "a second election_key entry")
                    continue
                if self.deadlines is not None and entry.time < self.deadlines.complaints:
                    self.failure(
                        entry.index,
                        "time",
                        f"election_key at {format_time(entry.time)}, before the manifest's "
                        f"complaints deadline {format_time(self.deadlines.complaints)}: it would "
                        "cut the "
                        "ceremony's rounds short",
                    )
                self.close_rounds(entry.index)
                r.election_key_index = entry.index
                key_body = (entry, body)
                continue
            if isinstance(body, Liveness):
                drill.append((entry, body))  # checked once QUAL and the keys are known
                continue
            if not self.signed(entry, body) or self.outside_round(entry):
                continue
            if isinstance(body, Commit):
                self.commit(entry, body)
            elif isinstance(body, Reveal):
                self.reveal(entry, body)
            elif isinstance(body, Shares):
                self.shares(entry, body)
            elif isinstance(body, Complaint):
                self.complaint(entry, body)
            elif isinstance(body, ShareReveal):
                self.share_reveal(entry, body)
        if r.election_key_index is None and self.final:
            self.close_rounds(None)
        self.compute()
        if key_body is not None:
            self.check_election_key(*key_body)
        elif self.final:
            self.failure(None, "election_key", "no election_key entry on the board")
        for entry, live in drill:
            self.liveness(entry, live)
        self.check_drill()
        return r

    def signed(
        self, entry: Entry, body: Commit | Reveal | Shares | Complaint | ShareReveal
    ) -> bool:
        trustee = body.trustee
        status = self.r.trustees[trustee]
        if isinstance(body, Commit):
            key = body.key
            if key.fingerprint() != status.fingerprint:
                self.finding(
                    entry.index,
                    "body.key",
                    f"the key's fingerprint is not trustee {trustee}'s ({status.id}) in the "
                    "manifest: ignored",
                )
                return False
        elif status.key is None:
            self.finding(
                entry.index,
                "body.trustee",
                f"trustee {trustee} has no valid trustee_commit, so no key to check: ignored",
            )
            return False
        else:
            key = status.key
        try:
            verify_body_signature(
                key, self.eid, entry.kind, entry.body, f"entry {entry.index}", f"trustee {trustee}"
            )
        except (ProofError, RecordError) as exc:
            self.finding(entry.index, "body.signature", f"{exc}: ignored")
            return False
        return True

    def outside_round(self, entry: Entry) -> bool:
        """With the manifest's ceremony deadlines (spec §9): whether ``entry`` lies outside its
        round, reported as a finding (the entry is ignored). A round's entries count before its
        deadline; a reveal only once the commit round has closed, so that no trustee can close
        it early by revealing first and lock out a late honest one."""
        deadlines, round_name = self.deadlines, _ROUND_OF.get(entry.kind)
        if deadlines is None or round_name is None:
            return False
        deadline = deadlines.of(round_name)
        if entry.time >= deadline:
            self.finding(
                entry.index,
                "time",
                f"{entry.kind} at {format_time(entry.time)}, not before the {round_name} "
                f"round's deadline {format_time(deadline)}: ignored",
            )
            return True
        if entry.kind == "trustee_reveal" and entry.time < deadlines.commit:
            self.finding(
                entry.index,
                "time",
                f"trustee_reveal at {format_time(entry.time)}, before the commit round's "
                f"deadline {format_time(deadlines.commit)}: ignored (a reveal cannot close the "
                "commit round early)",
            )
            return True
        return False

    def commit(self, entry: Entry, body: Commit) -> None:
        status = self.r.trustees[body.trustee]
        if status.commit is not None:
            self.finding(entry.index, "kind", f"a second trustee_commit of trustee {body.trustee}")
            return
        if self.first_reveal is not None:
            self.finding(
                entry.index,
                "kind",
                f"trustee_commit after the first trustee_reveal (entry {self.first_reveal}): "
                "the commit round had closed; ignored",
            )
            return
        status.commit, status.key = entry.index, body.key
        self.commit_hashes[body.trustee] = body.commitment

    def reveal(self, entry: Entry, body: Reveal) -> None:
        i = body.trustee
        status = self.r.trustees[i]
        if self.first_reveal is None:
            self.first_reveal = entry.index
        if status.reveal is not None:
            self.finding(entry.index, "kind", f"a second trustee_reveal of trustee {i}: ignored")
            return
        status.reveal = entry.index
        if status.disqualified is not None:
            return
        if commitment_hash(self.group, self.ctx, i, body.commitments) != self.commit_hashes[i]:
            self.disqualify(
                i,
                entry.index,
                "body.commitments",
                f"do not hash to the commitment of trustee_commit (entry {status.commit})",
            )
            return
        for pos, (c, proof) in enumerate(zip(body.commitments, body.proofs, strict=True)):
            try:
                verify_schnorr(self.group, c, proof, coefficient_context(self.ctx, i, pos))
            except ProofError as exc:
                self.disqualify(i, entry.index, f"body.proofs[{pos}]", str(exc))
                return
        self.r.commitments[i] = body.commitments

    def shares(self, entry: Entry, body: Shares) -> None:
        i = body.trustee
        status = self.r.trustees[i]
        if status.shares is not None:
            self.finding(entry.index, "kind", f"a second trustee_shares of trustee {i}: ignored")
            return
        if status.reveal is None:
            self.finding(
                entry.index, "kind", f"trustee_shares before trustee {i}'s reveal: ignored"
            )
            return
        status.shares = entry.index
        if status.disqualified is not None:
            return
        expected = sorted(j for j, s in self.r.trustees.items() if s.commit is not None and j != i)
        if sorted(body.sealed) != expected:
            self.disqualify(
                i,
                entry.index,
                "body.shares",
                f"sealed shares for {sorted(body.sealed)}, but the committed trustees other than "
                f"the dealer are {expected}",
            )
            return
        self.r.sealed[i] = dict(body.sealed)

    def complaint(self, entry: Entry, body: Complaint) -> None:
        j, i = body.trustee, body.accused
        accused = self.r.trustees[i]
        if accused.shares is None:
            self.finding(
                entry.index, "body.accused", f"trustee {i} has posted no shares yet: ignored"
            )
            return
        if any(c.complainant == j and c.accused == i for c in self.r.complaints):
            self.finding(entry.index, "kind", f"a second complaint of {j} against {i}: ignored")
            return
        complaint = ComplaintStatus(entry.index, j, i, body.reason)
        if accused.disqualified is not None:
            complaint.status = "moot"
        self.r.complaints.append(complaint)

    def share_reveal(self, entry: Entry, body: ShareReveal) -> None:
        i, j = body.trustee, body.complainant
        found = [c for c in self.r.complaints if c.complainant == j and c.accused == i]
        if not found:
            self.finding(
                entry.index, "body.complainant", f"no complaint of {j} against {i}: ignored"
            )
            return
        complaint = found[0]
        if complaint.answer is not None:
            self.finding(
                entry.index, "kind", f"a second answer to entry {complaint.index}: ignored"
            )
            return
        complaint.answer = entry.index
        if complaint.status == "moot":
            return
        problem = self.check_revealed(body)
        if problem is None:
            complaint.status = "dismissed"
            self.r.revealed[(i, j)] = body.share
        else:
            complaint.status = "upheld"
            self.disqualify(i, entry.index, problem[0], problem[1])

    def check_revealed(self, body: ShareReveal) -> tuple[str, str] | None:
        i, j = body.trustee, body.complainant
        recipient = self.r.trustees[j].key
        blob = self.r.sealed.get(i, {}).get(j)
        assert recipient is not None and blob is not None  # j committed, i's shares are valid
        try:
            plaintext = open_revealed(
                recipient, blob, share_aad(self.ctx, i, j), body.ephemeral_secret
            )
        except (EncodingError, ProofError) as exc:
            return "body.ephemeral_secret", f"does not open the sealed share for {j}: {exc}"
        if plaintext != self.group.encode_scalar(body.share) or len(plaintext) != 32:
            return "body.share", f"is not the share sealed for trustee {j}"
        if not threshold.check_share(self.group, self.r.commitments[i], j, body.share):
            return "body.share", f"does not match trustee {i}'s commitments at {j}"
        return None

    def close_rounds(self, index: int | None) -> None:
        """The deadline: disqualify every dealer with a missing round or an open complaint."""
        where = "before election_key" if index is not None else "so far"
        for i, status in self.r.trustees.items():
            if status.disqualified is not None:
                continue
            for name, value in (
                ("trustee_commit", status.commit),
                ("trustee_reveal", status.reveal),
                ("trustee_shares", status.shares),
            ):
                if value is None:
                    self.disqualify(i, index, "kind", f"no valid {name} {where}")
                    break
        for complaint in self.r.complaints:
            if complaint.status == "pending" and index is not None:
                complaint.status = "upheld"
                self.disqualify(
                    complaint.accused,
                    complaint.index,
                    "kind",
                    f"complaint of trustee {complaint.complainant} unanswered before "
                    f"election_key (entry {index})",
                )

    def compute(self) -> None:
        """QUAL, K, the verification keys and the test ciphertext (pending complaints count
        as upheld: the authority posts ``election_key`` as the deadline). A K or a verification
        key equal to the identity is a failure, and then none of them is kept."""
        r = self.r
        pending = {c.accused for c in r.complaints if c.status == "pending"}
        r.qualified = tuple(
            i
            for i, s in sorted(r.trustees.items())
            if s.qualified and i not in pending and i in r.commitments and i in r.sealed
        )
        if len(r.qualified) < self.k:
            self.failure(
                None,
                "qualified",
                f"only {len(r.qualified)} qualified trustee(s) {list(r.qualified)}, fewer than "
                f"k = {self.k}: the ceremony failed and a new election is needed",
            )
            return
        group = self.group
        joint = threshold.joint_key(group, r.commitments, r.qualified)
        vks = {
            j: threshold.verification_key(group, r.commitments, j, r.qualified) for j in r.qualified
        }
        index = r.election_key_index
        unusable = False
        if group.is_identity(joint):
            unusable = True
            self.failure(
                index,
                "body.joint_key",
                f"the joint key ∏ C_(i,0) over QUAL {list(r.qualified)} is the identity: "
                "nothing encrypted under it is secret; the ceremony failed",
            )
        for pos, j in enumerate(sorted(vks)):
            if group.is_identity(vks[j]):
                unusable = True
                self.failure(
                    index,
                    f"body.verification_keys[{pos}].key",
                    f"trustee {j}'s verification key ∏ C_(i,l)^(j^l) is the identity (its "
                    "share is 0); the ceremony failed",
                )
        if unusable:
            return  # no K, no verification keys: nothing is encrypted or decrypted under them
        r.joint_key, r.verification_keys = joint, vks
        r.test_ciphertext = liveness_ciphertext(
            group, self.ctx, r.joint_key, r.verification_keys, r.qualified
        )

    def check_election_key(self, entry: Entry, body: ElectionKey) -> None:
        r = self.r
        where = f"entry {entry.index}"
        authority = r.definition.keys.authority if r.definition is not None else None
        assert authority is not None
        try:
            verify_body_signature(authority, self.eid, entry.kind, entry.body, where, "authority")
        except (ProofError, RecordError) as exc:
            self.failure(entry.index, "body.signature", str(exc))
        if body.ceremony_context != self.ctx:
            self.failure(entry.index, "body.ceremony_context", "is not the recomputed context")
        if body.qualified != r.qualified:
            self.failure(
                entry.index,
                "body.qualified",
                f"{list(body.qualified)}, but the recomputed QUAL is {list(r.qualified)}",
            )
        if r.joint_key is None:
            return
        if body.joint_key != r.joint_key:
            self.failure(entry.index, "body.joint_key", "is not ∏ C_(i,0) over the recomputed QUAL")
        if sorted(body.verification_keys) != list(r.qualified):
            self.failure(
                entry.index,
                "body.verification_keys",
                f"for trustees {sorted(body.verification_keys)}, not QUAL {list(r.qualified)}",
            )
        for pos, j in enumerate(sorted(body.verification_keys)):
            want = r.verification_keys.get(j)
            if want is not None and body.verification_keys[j] != want:
                self.failure(
                    entry.index,
                    f"body.verification_keys[{pos}].key",
                    f"trustee {j}'s key is not the recomputed ∏ C_(i,l)^(j^l)",
                )
        assert r.test_ciphertext is not None
        if body.test_ciphertext != r.test_ciphertext:
            self.failure(entry.index, "body.test_ciphertext", "is not the recomputed ciphertext")

    def liveness(self, entry: Entry, body: Liveness) -> None:
        r = self.r
        i = body.trustee
        if r.election_key_index is None or entry.index < r.election_key_index:
            self.finding(entry.index, "kind", "liveness before election_key: ignored")
            return
        if self.open_index is not None and entry.index > self.open_index:
            self.failure(entry.index, "kind", f"liveness after open (entry {self.open_index})")
            return
        if r.test_ciphertext is None:
            return  # no usable election key (a failure already): nothing to check it against
        if i not in r.verification_keys:
            self.finding(entry.index, "body.trustee", f"trustee {i} is not in QUAL: ignored")
            return
        if i in r.liveness:
            self.finding(entry.index, "kind", f"a second liveness entry of trustee {i}: ignored")
            return
        key = r.trustees[i].key
        assert key is not None and r.test_ciphertext is not None
        where = f"entry {entry.index}"
        try:
            verify_body_signature(key, self.eid, entry.kind, entry.body, where, f"trustee {i}")
        except (ProofError, RecordError) as exc:
            self.finding(entry.index, "body.signature", f"{exc}: ignored")
            return
        try:
            verify_partial_decryption(
                self.group,
                r.verification_keys[i],
                r.test_ciphertext,
                body.partial,
                body.proof,
                liveness_context(self.ctx, i),
            )
        except ProofError as exc:
            self.failure(entry.index, "body.proof", str(exc))
            return
        r.liveness[i] = body
        r.trustees[i].liveness = entry.index

    def check_drill(self) -> None:
        r = self.r
        if r.election_key_index is None or r.test_ciphertext is None:
            return
        missing = [i for i in r.qualified if i not in r.liveness]
        if missing and self.final:
            self.failure(
                None, "liveness", f"QUAL trustees {missing} posted no valid liveness entry"
            )
        if len(r.liveness) >= self.k:
            chosen = sorted(r.liveness)[: self.k]
            try:
                combined = threshold.combine(
                    self.group,
                    r.test_ciphertext,
                    {i: r.liveness[i].partial for i in chosen},
                    self.k,
                )
            except ParameterError as exc:
                self.failure(None, "liveness", f"cannot combine: {exc}")
                return
            if combined != self.group.exp_g(LIVENESS_MESSAGE):
                self.failure(
                    None, "liveness", f"the partial decryptions of {chosen} do not combine to g"
                )


def check_ceremony(entries: Iterable[Entry], *, final: bool = True) -> CeremonyResult:
    """Recompute the key ceremony from the board's entries alone (V3).

    ``entries`` is the chain from entry 0 (the manifest), streamed: only the manifest, the
    ceremony's entries and ``open`` are kept, so a record's ballots cost no memory here.
    With ``final`` (a finished ceremony: the verifier's V3), a missing ``election_key`` and a
    QUAL trustee without a valid ``liveness`` entry are failures; without it (a ceremony in
    progress) they are not, and QUAL, K and the verification keys are those the authority would
    post now. Never raises for what the entries contain: every problem is in the result.
    """
    relevant = [e for e in entries if e.index == 0 or e.kind in CEREMONY_KINDS or e.kind == "open"]
    checker = _Checker(relevant, final)
    try:
        return checker.run()
    except PlebisciteError as exc:  # an unforeseen malformed value: report it, never accept
        checker.failure(None, "", f"the ceremony could not be checked: {exc}")
        return checker.r
