"""A small, complete election record built from the library pieces, for the verifier's tests.

Three districts (``north`` 6 voters, ``south`` 3, ``empty`` 1 who never votes), one yes/no
question, three trustees with k = 2 (trustee 2 never decrypts). Voting: most voters cast once;
voter north-0 revotes; voter north-1 challenges a ballot, then casts a fresh one; voters south-0
and south-1 cast ballots whose randomness is ``r`` and ``−r`` option by option (so the district's
aggregates have ``α`` = the identity); north-5's ballot has a 0/1 proof whose simulated branch has
``v = 0``; south-2 abstains. Then close, tally, two partial decryptions and the result.

:func:`build` takes a :class:`Plan` whose hooks let a test play a dishonest party *while the
record is produced* (a board that accepts a replay, a CA that posts a duplicate key, an authority
that signs a wrong turnout); :func:`reseal` plays a hostile board *after* the fact (entries
changed, every later hash recomputed, the heads re-signed).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from _builder import ElectionSpec
from plebiscite.crypto import elgamal, rand, threshold
from plebiscite.crypto.group import Element
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import prove_partial_decryption, prove_schnorr
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.sealing import seal_with_secret
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model import tally as mt
from plebiscite.model.ballot import (
    BallotParams,
    sign_ballot,
)
from plebiscite.model.ballot.content import NONCE_BYTES
from plebiscite.model.ballot.create import OpenedBallot, encrypt_ballot, prove_ballot
from plebiscite.model.ceremony import (
    Commit,
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
from plebiscite.model.contexts import ceremony_context, election_context
from plebiscite.model.definition import Definition
from plebiscite.model.entry import GENESIS_PREV, Entry, SignedHead
from plebiscite.model.record import FileInfo, RecordIndex, ShardInfo
from plebiscite.model.roll import chunk_bodies, final_body, merkle_root
from plebiscite.model.signed import sign_body
from plebiscite.rules.checker import Checker

ELECTION_ID = bytes.fromhex("0f1e2d3c4b5a69788796a5b4c3d2e1f0")
REGISTERED = {"north": 6, "south": 3, "empty": 1}
N, K = 3, 2
DECRYPTING = (1, 3)
HOUR = 3_600_000_000
OPENS = 1_893_484_800_000_000  # 2030-01-01T08:00:00Z
CLOSES = OPENS + 24 * HOUR

#: the election of this suite (its keys are seeded by "verify test key")
SPEC = ElectionSpec(
    "verify test key", ELECTION_ID, REGISTERED, title='"Verifier test referendum"', n=N, k=K
)


def key(name: str) -> SigningKey:
    """A deterministic test key."""
    return SPEC.key(name)


def voter(district: str, i: int) -> SigningKey:
    return SPEC.voter(district, i)


def definition(group: str = "secp256k1") -> Definition:
    """The test definition with its election id and keys, on ``group``."""
    return dataclasses.replace(SPEC, group=group).definition()


class ZeroAt:
    """A deterministic randomness source that returns 0 from its ``n``-th ``randbelow`` call."""

    def __init__(self, seed: str, zero_at: int) -> None:
        self._inner = DeterministicRandom(seed)
        self._calls = 0
        self._zero_at = zero_at

    def randbytes(self, n: int) -> bytes:
        return self._inner.randbytes(n)

    def randbelow(self, bound: int) -> int:
        self._calls += 1
        value = self._inner.randbelow(bound)
        return 0 if self._calls == self._zero_at else value


def encrypt_with(
    params: BallotParams,
    district: str,
    credential: bytes,
    bits: Sequence[int],
    rs: Sequence[int],
    rng: rand.Random,
) -> OpenedBallot:
    """A one-question ballot with the given per-option randomness (for the ``r, −r`` pair)."""
    group, K_ = params.group, params.joint_key
    cts = [elgamal.encrypt(group, K_, m, r=r)[0] for m, r in zip(bits, rs, strict=True)]
    nonce = rng.randbytes(NONCE_BYTES)
    return prove_ballot(params, district, credential, nonce, [bits], [cts], [rs], rng)


Hook = Callable[["Builder"], None]


@dataclass
class Plan:
    """How to build the record; the hooks let a test play a dishonest party during the run."""

    #: called after the honest ballots, before ``close`` (e.g. a board accepting a replay)
    before_close: Hook | None = None
    #: replaces the roll keys of each district before they are posted
    roll_keys: Callable[[dict[str, list[bytes]]], dict[str, list[bytes]]] | None = None
    #: changes the result body before the authority signs it
    result_body: Callable[[JSONObject], JSONObject] | None = None
    #: changes the challenge body before the board accepts it
    challenge_body: Callable[[JSONObject], JSONObject] | None = None


@dataclass
class Built:
    """A built record: its entries, signed heads, and what was kept aside to compare with."""

    definition: Definition
    entries: list[Entry]
    heads: list[SignedHead]
    plaintext_counts: dict[str, list[list[int]]]
    ballots: dict[str, int] = field(default_factory=dict)  # named ballot -> entry index


class Builder:
    """Produces the record entry by entry, as the parties would."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.group = get_group("secp256k1")
        self.definition = definition()
        self.entries: list[Entry] = []
        self.time = OPENS - 10 * HOUR
        self.authority = key("authority")
        self.counts: dict[str, list[list[int]]] = {d: [[0, 0]] for d in REGISTERED}
        self.last_vote: dict[bytes, tuple[str, Sequence[int]]] = {}
        self.named: dict[str, int] = {}
        self.bodies: dict[str, JSONObject] = {}
        self.rng = DeterministicRandom("verify test record")

    def post(self, kind: str, body: JSONObject, *, step: int = 1_000_000) -> Entry:
        """Append an entry at the next index, ``step`` microseconds after the previous one."""
        self.time += step
        prev = self.entries[-1].hash if self.entries else GENESIS_PREV
        entry = Entry.create(len(self.entries), self.time, kind, body, prev)
        self.entries.append(entry)
        return entry

    def signed(self, signer: SigningKey, kind: str, body: JSONObject) -> JSONObject:
        return sign_body(signer, ELECTION_ID, kind, body, self.rng)

    # -- phases -------------------------------------------------------------------------------

    def setup(self) -> None:
        """The manifest, then the key ceremony: :meth:`polynomials` dealt by :meth:`deal`, the
        key published by :meth:`publish_key` (each a hook for a hostile builder)."""
        group, defn = self.group, self.definition
        manifest = self.signed(self.authority, "manifest", defn.to_manifest())
        self.post("manifest", manifest)
        ctx = ceremony_context(ELECTION_ID, manifest, group, N, K)
        self.ceremony_ctx = ctx
        polys = self.polynomials()
        commitments, tkeys = self.deal(ctx, polys)
        qual = tuple(range(1, N + 1))
        joint = threshold.joint_key(self.group, commitments, qual)
        vks = {j: threshold.verification_key(self.group, commitments, j, qual) for j in qual}
        self.publish_key(ctx, polys, tkeys, joint, vks)

    def polynomials(self) -> dict[int, threshold.Polynomial]:
        """Each trustee's secret polynomial (deterministic)."""
        return {
            i: threshold.random_polynomial(self.group, K, DeterministicRandom(f"poly {i}"))
            for i in range(1, N + 1)
        }

    def deal(
        self, ctx: bytes, polys: dict[int, threshold.Polynomial]
    ) -> tuple[dict[int, tuple[Element, ...]], dict[int, SigningKey]]:
        """Post every trustee's commit, reveal and sealed shares; return the commitments and
        the trustees' identity keys."""
        group = self.group
        commitments = {i: threshold.commit(group, p) for i, p in polys.items()}
        tkeys = {i: key(f"trustee {i}") for i in range(1, N + 1)}
        for i in range(1, N + 1):
            body = Commit(i, tkeys[i].public, commitment_hash(group, ctx, i, commitments[i]))
            self.post(
                "trustee_commit", self.signed(tkeys[i], "trustee_commit", body.to_body(group))
            )
        for i in range(1, N + 1):
            proofs = tuple(
                prove_schnorr(group, a, coefficient_context(ctx, i, pos), rng=self.rng)
                for pos, a in enumerate(polys[i].coefficients)
            )
            reveal = Reveal(i, commitments[i], proofs).to_body(group)
            self.post("trustee_reveal", self.signed(tkeys[i], "trustee_reveal", reveal))
        for i in range(1, N + 1):
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
        return commitments, tkeys

    def publish_key(
        self,
        ctx: bytes,
        polys: dict[int, threshold.Polynomial],
        tkeys: dict[int, SigningKey],
        joint: Element,
        vks: dict[int, Element],
    ) -> None:
        """The authority's ``election_key`` (K and the verification keys over every trustee),
        then each one's liveness drill."""
        group = self.group
        qual = tuple(vks)
        test_ct = liveness_ciphertext(group, ctx, joint, vks, qual)
        ek = ElectionKey(ctx, qual, joint, vks, test_ct).to_body(group)
        self.post("election_key", self.signed(self.authority, "election_key", ek))
        self.secrets = {j: sum(polys[i](j) for i in qual) % group.q for j in qual}
        for j in qual:
            partial, proof = prove_partial_decryption(
                group, self.secrets[j], test_ct, liveness_context(ctx, j), rng=self.rng
            )
            body = Liveness(j, partial, proof).to_body(group)
            self.post("liveness", self.signed(tkeys[j], "liveness", body))
        self.joint, self.vks, self.qual = joint, vks, qual

    def roll(self) -> None:
        keys = {d: [voter(d, i).public.xonly for i in range(n)] for d, n in REGISTERED.items()}
        if self.plan.roll_keys is not None:
            keys = self.plan.roll_keys(keys)
        for d, ks in keys.items():
            for body in chunk_bodies(
                d, ks, 4, key=key("ca"), election_id=ELECTION_ID, rng=self.rng
            ):
                self.post("credential_roll", body)
        listed = [(d, len(ks), merkle_root(d, ks)) for d, ks in keys.items()]
        self.post("credential_roll_final", final_body(key("ca"), ELECTION_ID, listed, self.rng))
        self.roots = {d: merkle_root(d, ks) for d, ks in keys.items()}

    def open(self) -> None:
        defn, group = self.definition, self.group
        keys = defn.keys
        assert keys.board and keys.authority and keys.credential_authority
        self.election_ctx = election_context(
            group,
            self.ceremony_ctx,
            self.joint,
            self.vks,
            self.qual,
            self.roots,
            keys.board,
            keys.authority,
            keys.credential_authority,
        )
        self.time = OPENS - 1_000_000
        body = self.signed(self.authority, "open", mt.Open(self.election_ctx).to_body())
        self.post("open", body)
        self.params = BallotParams.from_manifest(
            group,
            self.joint,
            self.election_ctx,
            [(len(q.options), q.min, q.max) for q in defn.questions],
            [d.id for d in defn.districts],
        )

    def cast(self, name: str, district: str, i: int, bits: Sequence[int], **kw: object) -> None:
        """Voter ``i`` of ``district`` casts ``bits`` (``opened=`` a prepared ballot)."""
        signer = voter(district, i)
        opened = kw.get("opened")
        if not isinstance(opened, OpenedBallot):
            opened = encrypt_ballot(
                self.params, district, signer.public.xonly, [list(bits)], self.rng
            )
        ballot = sign_ballot(signer, self.group, opened.encrypted)
        entry = self.post("ballot", ballot.to_json(self.group), step=HOUR // 4)
        self.named[name] = entry.index
        self.bodies[name] = entry.body
        self.last_vote[signer.public.xonly] = (district, bits)

    def challenge(self, name: str, district: str, i: int, bits: Sequence[int]) -> None:
        signer = voter(district, i)
        opened = encrypt_ballot(self.params, district, signer.public.xonly, [list(bits)], self.rng)
        body = opened.challenge().to_json(self.group)
        if self.plan.challenge_body is not None:
            body = self.plan.challenge_body(body)
        entry = self.post("challenge", body, step=HOUR // 4)
        self.named[name] = entry.index
        self.bodies[name] = entry.body

    def vote(self) -> None:
        self.cast("north-0 first", "north", 0, [1, 0])
        for i, bits in ((1, [0, 1]), (2, [1, 0]), (3, [1, 0]), (4, [0, 1])):
            if i == 1:
                self.challenge("north-1 challenge", "north", 1, [1, 0])
            self.cast(f"north-{i}", "north", i, bits)
        self.cast("north-0 revote", "north", 0, [0, 1])
        r = 1 + self.rng.randbelow(self.group.q - 1)
        s = 1 + self.rng.randbelow(self.group.q - 1)
        for i, (bits, rs) in enumerate((([1, 0], [r, s]), ([0, 1], [-r % self.group.q, -s]))):
            signer = voter("south", i)
            opened = encrypt_with(
                self.params,
                "south",
                signer.public.xonly,
                bits,
                [x % self.group.q for x in rs],
                self.rng,
            )
            self.cast(f"south-{i}", "south", i, bits, opened=opened)
        # calls: r0, r1, then option 0's proof draws u, c0, c1, v0: v0 is the simulated branch
        zero = ZeroAt("v = 0", zero_at=6)
        signer = voter("north", 5)
        opened = encrypt_ballot(self.params, "north", signer.public.xonly, [[1, 0]], zero)
        assert opened.encrypted.questions[0].proofs[0].v0 == 0
        self.cast("north-5", "north", 5, [1, 0], opened=opened)
        if self.plan.before_close is not None:
            self.plan.before_close(self)

    def count(self) -> None:
        group, defn = self.group, self.definition
        for district, bits in self.last_vote.values():
            for o, bit in enumerate(bits):
                self.counts[district][0][o] += bit
        self.time = max(self.time, CLOSES)
        checker = Checker()
        checker.feed_all(self.entries)
        received = checker.figures().received
        close = mt.Close(self.time + 1_000_000 < CLOSES, received).to_body()
        self.post("close", self.signed(self.authority, "close", close))
        checker.feed(self.entries[-1])
        tally = checker.aggregates()
        tally_entry = self.post("tally", self.signed(self.authority, "tally", tally.to_body(group)))
        partials: dict[int, mt.PartialDecryption] = {}
        for i in DECRYPTING:
            partial = mt.make_partial_decryption(
                group, i, self.secrets[i], tally, tally_entry.hash, self.election_ctx, self.rng
            )
            partials[i] = partial
            body = self.signed(key(f"trustee {i}"), "partial_decryption", partial.to_body(group))
            self.post("partial_decryption", body)
        counts = mt.combine_counts(group, tally, partials, K)
        figures = checker.figures()
        result = mt.build_result(
            defn,
            tally,
            tally_entry.hash,
            counts,
            figures.superseded,
            figures.challenged,
            DECRYPTING,
        )
        body = result.to_body()
        if self.plan.result_body is not None:
            body = self.plan.result_body(body)
        self.post("result", self.signed(self.authority, "result", body))
        checker.close()


def build(plan: Plan | None = None) -> Built:
    """Build the whole record following ``plan`` (honest when None)."""
    b = Builder(plan or Plan())
    b.setup()
    b.roll()
    b.open()
    b.vote()
    b.count()
    heads = [SignedHead.for_entry(key("board"), ELECTION_ID, e) for e in b.entries]
    return Built(b.definition, b.entries, heads, b.counts, dict(b.named))


def reseal(entries: Sequence[Entry]) -> tuple[list[Entry], list[SignedHead]]:
    """A hostile board's re-sealing: indices, links and hashes recomputed in order, every head
    re-signed with the board key (times kept)."""
    out: list[Entry] = []
    for entry in entries:
        prev = out[-1].hash if out else GENESIS_PREV
        out.append(Entry.create(len(out), entry.time, entry.kind, entry.body, prev))
    heads = [SignedHead.for_entry(key("board"), ELECTION_ID, e) for e in out]
    return out, heads


def write_record(directory: Path, entries: Sequence[Entry], heads: Sequence[SignedHead]) -> Path:
    """Write a record directory (one uncompressed shard) that :class:`RecordReader` reads."""
    import hashlib

    directory.mkdir(parents=True, exist_ok=True)
    board = "".join(e.to_line() + "\n" for e in entries).encode()
    head_text = "".join(h.to_line() + "\n" for h in heads).encode()
    (directory / "board-000000.jsonl").write_bytes(board)
    (directory / "heads.jsonl").write_bytes(head_text)
    index = RecordIndex(
        len(entries),
        (
            ShardInfo(
                "board-000000.jsonl", 0, len(entries), len(board), hashlib.sha256(board).digest()
            ),
        ),
        FileInfo("heads.jsonl", len(heads), len(head_text), hashlib.sha256(head_text).digest()),
    )
    (directory / "record.json").write_text(index.to_text())
    return directory


def heads_file(path: Path, heads: Sequence[SignedHead]) -> Path:
    """Signed heads as JSON Lines (what an observer or a voter kept)."""
    path.write_text("".join(json.dumps(h.to_json()) + "\n" for h in heads))
    return path
