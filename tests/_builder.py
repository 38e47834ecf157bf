"""The one test election: its definition, its keys, and the election played phase by phase.

Every test and benchmark that needs an election starts here. An :class:`ElectionSpec`
(``tests/_spec.py``, re-exported here) says what varies between them (the districts and their
voters, the trustees, the window, the group, the title) and derives the TOML, the
:class:`~plebiscite.model.definition.Definition` with its election id and keys, and a
deterministic BIP-340 key for every named party (``key("authority")``, ``key("trustee 2")``,
``voter("north", 3)``) seeded by the spec's ``namespace``.

An :class:`ElectionBuilder` then plays the election onto a board, one :class:`Phase` after the
other: definition (the signed manifest) -> ceremony -> credentials -> open -> ballots -> close ->
tally -> decryption -> result, stopping after any phase (:meth:`ElectionBuilder.play` ``until=``)
and going on later from there. The board is any
:class:`~plebiscite.board.client.BoardClient`: a :class:`Chain` of entries made in memory (no
acceptance policy; the builder sets its times), an in-process board with its policy, or a board
directory. The trustees are simulated from deterministic polynomials, or, given their party
directories, run the real :class:`~plebiscite.ceremony.trustee.TrusteeSession` rounds. Every
step is a method: a hostile variant overrides the one it lies in (the V3 tamper tests override
:meth:`~ElectionBuilder.polynomials`, :meth:`~ElectionBuilder.reveal_proofs`,
:meth:`~ElectionBuilder.posted_election_key` …) and the record around it stays honest.

Who plays it: the verifier's record (``tests/verify/_record.py``, its tamper variants
``_reseal.py``), real parties on an in-process board (``tests/tally/_election.py``), a board
directory opened for the booth (``tests/booth/_opened.py``), bodies the service's tests post
over HTTP (``tests/server/_election.py``), the credential authority's rolls
(``tests/credentials/_election.py``) and the benchmarks' large records (``bench/``).

Importable as ``_builder`` from the tests (``tests/`` is on ``sys.path``) and from ``bench/``,
which puts ``tests/`` on its path.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from enum import IntEnum

from _spec import ElectionSpec, timestamp
from plebiscite.authority.counting import close_voting, open_voting, post_result, post_tally
from plebiscite.board.board import Appended
from plebiscite.board.client import BoardClient
from plebiscite.ceremony.authority import post_election_key
from plebiscite.ceremony.trustee import TrusteeSession
from plebiscite.crypto import threshold
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.proofs import SchnorrProof, prove_partial_decryption, prove_schnorr
from plebiscite.crypto.rand import DeterministicRandom, Random
from plebiscite.crypto.sealing import seal_with_secret
from plebiscite.crypto.signatures import SigningKey
from plebiscite.model import tally as mt
from plebiscite.model.ballot import BallotParams, NamedHead, sign_ballot
from plebiscite.model.ballot.create import OpenedBallot, encrypt_ballot
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
from plebiscite.model.coercion.ballot import CredentialBallot, cast_credential_ballot
from plebiscite.model.coercion.codec import ballot_json
from plebiscite.model.coercion.registration import (
    RegistrarEntry,
    Sheet,
    combine_entries,
    credential_of,
    issue_sheet,
)
from plebiscite.model.coercion.roll import REGISTRAR_ROLL_KIND, registrar_chunk_bodies, roll_root
from plebiscite.model.contexts import ceremony_context, election_context
from plebiscite.model.definition import Definition
from plebiscite.model.entry import GENESIS_PREV, Entry, SignedHead
from plebiscite.model.roll import FINAL_KIND, ROLL_KIND, chunk_bodies, final_body, merkle_root
from plebiscite.model.signed import sign_body
from plebiscite.rules.ceremony import check_ceremony
from plebiscite.rules.checker import Checker
from plebiscite.rules.setup import election_setup
from plebiscite.state.party import Party
from plebiscite.tally.decrypt import trustee_decrypt
from plebiscite.tally.early_close import trustee_cosign_close

__all__ = ["Chain", "ElectionBuilder", "ElectionSpec", "Phase", "timestamp"]

SECOND = 1_000_000  # board time is in microseconds


class Phase(IntEnum):
    """The phases of an election, in the order :class:`ElectionBuilder` plays them."""

    DEFINITION = 1  # the authority's signed manifest
    CEREMONY = 2  # commit, reveal, shares, (complaints), election_key, liveness
    CREDENTIALS = 3  # the roll and its final entry
    OPEN = 4
    BALLOTS = 5
    CLOSE = 6
    TALLY = 7
    DECRYPTION = 8
    RESULT = 9


class Chain:
    """A board made in memory: each post becomes the next entry, ``step`` microseconds after the
    previous one (no acceptance policy: a hostile builder may post anything), with its head
    signed by ``board_key``. A :class:`~plebiscite.board.client.BoardClient`."""

    def __init__(
        self, board_key: SigningKey, election_id: bytes, start: int, entries: Sequence[Entry] = ()
    ) -> None:
        self.board_key = board_key
        self.election_id = election_id
        #: the time of the last entry (UTC microseconds); the next is ``step`` later
        self.time = entries[-1].time if entries else start
        self.prev = entries[-1].hash if entries else GENESIS_PREV
        self.count = len(entries)
        self._entries = list(entries)
        self._heads = [SignedHead.for_entry(board_key, election_id, e) for e in entries]
        self._last_head = self._heads[-1] if self._heads else None

    def post(self, kind: str, body: JSONObject, *, step: int = SECOND) -> Appended:
        self.time += step
        entry = Entry.create(self.count, self.time, kind, body, self.prev)
        self.count, self.prev = self.count + 1, entry.hash
        appended = Appended(entry, SignedHead.for_entry(self.board_key, self.election_id, entry))
        self._last_head = appended.receipt
        self.keep(appended)
        return appended

    def keep(self, appended: Appended) -> None:
        """Keep the new entry and its head (a streaming chain writes them out instead)."""
        self._entries.append(appended.entry)
        self._heads.append(appended.receipt)

    def advance_to(self, moment: int) -> None:
        """Move the time of the last entry forward to ``moment`` (never back)."""
        self.time = max(self.time, moment)

    def entries(self) -> list[Entry]:
        return list(self._entries)

    def iter_entries(self, start: int = 0) -> Iterator[Entry]:
        return iter(self._entries[start:])

    def heads(self) -> list[SignedHead]:
        """The signed head of every entry (the receipts the board gave)."""
        return list(self._heads)

    def head(self) -> SignedHead | None:
        """The latest signed head (None before the first entry): what a ballot names."""
        return self._last_head


class ElectionBuilder:
    """Plays the election of ``spec`` onto ``board`` phase by phase (:meth:`play`).

    ``definition``: the definition posted (default: the spec's, with its keys). ``seed`` seeds
    every randomness of the run (signatures, proofs, sealing); ``poly_seed`` the simulated
    trustees' polynomials (``"<poly_seed> <i>"``). ``trustees``: the trustees' party directories
    and ``passphrase``: the real parties play the ceremony, the early close's co-signatures and
    the decryptions with their own commands' code (and the authority its ``open``, ``close``,
    ``tally`` and ``result``). ``decrypting``: the trustees who post a partial decryption (and
    co-sign an early close). ``roll_chunk``: the keys per roll entry.
    """

    def __init__(
        self,
        spec: ElectionSpec,
        board: BoardClient,
        *,
        definition: Definition | None = None,
        seed: str = "",
        poly_seed: str = "poly",
        trustees: Sequence[Party] = (),
        passphrase: str = "",
        decrypting: Sequence[int] | None = None,
        roll_chunk: int = 4,
    ) -> None:
        self.spec = spec
        self.board = board
        self.election_id = spec.election_id
        self.group = get_group(spec.group)
        self.definition = definition or spec.definition()
        self.rng: Random = DeterministicRandom(seed or f"{spec.namespace} run")
        self.poly_seed = poly_seed
        self.parties = list(trustees)
        self.passphrase = passphrase
        self.n, self.k = spec.n, spec.k
        self.decrypting = tuple(decrypting or range(1, spec.k + 1))
        self.roll_chunk = roll_chunk
        self.authority = spec.key("authority")
        self.done: Phase | None = None
        #: the ballot parameters, once voting is open
        self.params: BallotParams | None = None
        self.roots: dict[str, bytes] = {}
        #: when a :class:`Chain`'s ``close`` is posted (None: a second after the window)
        self.close_at: int | None = None
        #: whether the close is early (None: on a :class:`Chain`, by its time; else on time)
        self.early: bool | None = None
        #: the trustees' co-signatures on the close (None: the decrypting ones', when early)
        self.close_cosignatures: tuple[mt.Cosignature, ...] | None = None
        self._checker: Checker | None = None
        self._fed = 0

    # -- playing ------------------------------------------------------------------------------

    def play(self, until: Phase = Phase.RESULT) -> ElectionBuilder:
        """Play every phase after the last one played, up to and including ``until``."""
        steps = {
            Phase.DEFINITION: self.manifest,
            Phase.CEREMONY: self.ceremony,
            Phase.CREDENTIALS: self.credentials,
            Phase.OPEN: self.open,
            Phase.BALLOTS: self.ballots,
            Phase.CLOSE: self.close,
            Phase.TALLY: self.tally,
            Phase.DECRYPTION: self.decrypt,
            Phase.RESULT: self.result,
        }
        for phase in Phase:
            if (self.done is None or phase > self.done) and phase <= until:
                steps[phase]()
                self.done = phase
        if self.done == Phase.RESULT:
            self.finish()
        return self

    def resume(self, after: Phase) -> ElectionBuilder:
        """Go on from the board, on which ``after`` was played (by real parties, or by this
        builder's simulated trustees: their secrets recomputed from :meth:`polynomials` over
        :meth:`qualified`)."""
        if not self.parties:
            polys, qual = self.polynomials(), self.qualified()
            self.secrets = {j: sum(polys[i](j) for i in qual) % self.group.q for j in qual}
        self.done = after
        return self

    def post(self, kind: str, body: JSONObject, *, step: int = SECOND) -> Entry:
        """Post ``body``; on a :class:`Chain`, ``step`` microseconds after the previous entry."""
        if isinstance(self.board, Chain):
            return self.board.post(kind, body, step=step).entry
        return self.board.post(kind, body).entry

    def signed(self, signer: SigningKey, kind: str, body: JSONObject) -> JSONObject:
        return sign_body(signer, self.election_id, kind, body, self.rng)

    @property
    def entries(self) -> list[Entry]:
        """The board's entries so far."""
        return self.board.entries()

    def advance_to(self, moment: int) -> None:
        """Move a :class:`Chain`'s time to ``moment`` (a real board keeps its own clock)."""
        if isinstance(self.board, Chain):
            self.board.advance_to(moment)

    def finish(self) -> None:
        """Release the counting checker (its spill files)."""
        if self._checker is not None:
            self._checker.close()
            self._checker = None

    # -- definition and ceremony --------------------------------------------------------------

    def manifest(self) -> None:
        body = self.signed(self.authority, "manifest", self.definition.to_manifest())
        self.manifest_body = body
        self.post("manifest", body)

    def ceremony(self) -> None:
        """The key ceremony: the parties' real rounds, or simulated trustees whose
        :meth:`polynomials` are dealt by :meth:`deal` and whose key :meth:`publish_key` posts."""
        if self.parties:
            sessions = [TrusteeSession(t, self.passphrase, self.board) for t in self.parties]
            for step in ("commit", "reveal", "shares", "complain"):
                for session in sessions:
                    getattr(session, step)()
            post_election_key(self.board, self.authority, rng=self.rng)
            for session in sessions:
                session.liveness()
            return
        group = self.group
        ctx = ceremony_context(self.election_id, self.manifest_body, group, self.n, self.k)
        self.ceremony_ctx = ctx
        self.polys = polys = self.polynomials()
        commitments, self.tkeys = self.deal(ctx, polys)
        qual = self.qualified()
        joint = threshold.joint_key(group, commitments, qual)
        vks = {j: threshold.verification_key(group, commitments, j, qual) for j in qual}
        self.publish_key(ctx, joint, vks)

    def trustee_key(self, i: int) -> SigningKey:
        return self.spec.trustee_key(i)

    def polynomials(self) -> dict[int, threshold.Polynomial]:
        """Each simulated trustee's secret polynomial (deterministic)."""
        return {
            i: threshold.random_polynomial(
                self.group, self.k, DeterministicRandom(f"{self.poly_seed} {i}")
            )
            for i in range(1, self.n + 1)
        }

    def deal(
        self, ctx: bytes, polys: dict[int, threshold.Polynomial]
    ) -> tuple[dict[int, tuple[Element, ...]], dict[int, SigningKey]]:
        """Post every trustee's commit, reveal (:meth:`reveal_proofs`) and sealed shares (from
        those :meth:`deals_shares`), then :meth:`complaints`; the commitments and the trustees'
        identity keys."""
        group, trustees = self.group, range(1, self.n + 1)
        commitments = {i: threshold.commit(group, p) for i, p in polys.items()}
        self.commitments = commitments
        tkeys = {i: self.trustee_key(i) for i in trustees}
        for i in trustees:
            body = Commit(i, tkeys[i].public, commitment_hash(group, ctx, i, commitments[i]))
            self.post(
                "trustee_commit", self.signed(tkeys[i], "trustee_commit", body.to_body(group))
            )
        for i in trustees:
            proofs = self.reveal_proofs(ctx, i, polys)
            reveal = Reveal(i, commitments[i], tuple(proofs)).to_body(group)
            self.post("trustee_reveal", self.signed(tkeys[i], "trustee_reveal", reveal))
        for i in filter(self.deals_shares, trustees):
            sealed = {
                j: seal_with_secret(
                    tkeys[j].public,
                    group.encode_scalar(polys[i](j)),
                    share_aad(ctx, i, j),
                    self.rng,
                )[0]
                for j in trustees
                if j != i
            }
            shares = Shares(i, sealed).to_body(group)
            self.post("trustee_shares", self.signed(tkeys[i], "trustee_shares", shares))
        self.complaints(tkeys)
        return commitments, tkeys

    def reveal_proofs(
        self, ctx: bytes, i: int, polys: dict[int, threshold.Polynomial]
    ) -> list[SchnorrProof]:
        """Trustee ``i``'s Schnorr proofs of its coefficients."""
        return [
            prove_schnorr(self.group, a, coefficient_context(ctx, i, pos), rng=self.rng)
            for pos, a in enumerate(polys[i].coefficients)
        ]

    def deals_shares(self, i: int) -> bool:
        """Whether dealer ``i`` posts its shares (every one does)."""
        return True

    def complaints(self, tkeys: dict[int, SigningKey]) -> None:
        """The complaints after the shares (an honest ceremony has none)."""

    def qualified(self) -> tuple[int, ...]:
        """QUAL: the trustees whose constant terms make K (every one)."""
        return tuple(range(1, self.n + 1))

    def publish_key(self, ctx: bytes, joint: Element, vks: dict[int, Element]) -> None:
        """The authority's ``election_key`` (:meth:`posted_election_key` of the honest one),
        then each qualified trustee's liveness drill."""
        group, qual, polys, tkeys = self.group, tuple(vks), self.polys, self.tkeys
        test_ct = liveness_ciphertext(group, ctx, joint, vks, qual)
        honest = ElectionKey(ctx, qual, joint, vks, test_ct)
        ek = self.posted_election_key(honest).to_body(group)
        self.post("election_key", self.signed(self.authority, "election_key", ek))
        self.secrets = {j: sum(polys[i](j) for i in qual) % group.q for j in qual}
        for j in qual:
            partial, proof = prove_partial_decryption(
                group, self.secrets[j], test_ct, liveness_context(ctx, j), rng=self.rng
            )
            body = Liveness(j, partial, proof).to_body(group)
            self.post("liveness", self.signed(tkeys[j], "liveness", body))
        self.joint, self.vks, self.qual = joint, vks, qual

    def posted_election_key(self, honest: ElectionKey) -> ElectionKey:
        """The ``election_key`` the authority posts (the honest one)."""
        return honest

    # -- credentials and open ---------------------------------------------------------------

    def voter(self, district: str, i: int) -> SigningKey:
        """Voter ``i`` of ``district``'s credential key."""
        return self.spec.voter(district, i)

    def roll_keys(self) -> dict[str, list[bytes]]:
        """The keys the credential authority lists, per district."""
        registered = {d.id: d.registered for d in self.definition.districts}
        return {
            d: [self.voter(d, i).public.xonly for i in range(count)]
            for d, count in registered.items()
        }

    def credentials(self) -> None:
        """The roll of :meth:`roll_keys`, ``roll_chunk`` keys an entry, then its final entry;
        in the mode fake-credentials, the registrars' roll (:meth:`registration`)."""
        if self.definition.fake_credentials:
            self.registration()
            return
        keys, ca = self.roll_keys(), self.spec.key("ca")
        for d, ks in keys.items():
            for body in chunk_bodies(
                d, ks, self.roll_chunk, key=ca, election_id=self.election_id, rng=self.rng
            ):
                self.post(ROLL_KIND, body)
        listed = [(d, len(ks), merkle_root(d, ks)) for d, ks in keys.items()]
        self.post(FINAL_KIND, self.roll_final(listed))
        self.roots = {d: root for d, _, root in listed}

    def joint_key(self) -> Element:
        """K: the simulated trustees', or the one the real parties' ceremony posted."""
        if not self.parties:
            return self.joint
        key = check_ceremony(self.board.entries(), final=True).joint_key
        assert key is not None
        return key

    def registration(self) -> None:
        """The mode fake-credentials (spec §16.3): every registrar issues each voter (voter i of
        a district at roll position i) her sheet and posts its entries, ``roll_chunk`` an entry;
        then the CA's final entry over the combined roll. Keeps :attr:`sheets` (the voters'
        real sheets, per district and position) and :attr:`rolls` (the combined rolls)."""
        group, K, spec = self.group, self.joint_key(), self.spec
        ctx = ceremony_context(self.election_id, self.manifest_body, group, self.n, self.k)
        self.sheets: dict[tuple[str, int], list[Sheet]] = {}
        self.rolls: dict[str, list[Ciphertext]] = {}
        #: what each registrar issued, per (district, registrar), in roll order
        self.issued: dict[tuple[str, int], list[RegistrarEntry]] = {}
        for d in self.definition.districts:
            issued: list[list[RegistrarEntry]] = []
            for j in range(1, len(self.definition.registrars) + 1):
                posted: list[RegistrarEntry] = []
                for p in range(d.registered):
                    V = group.exp_g(spec.designated_secret(d.id, p))
                    sheet, entry = issue_sheet(group, K, V, ctx, d.id, j, p, rng=self.rng)
                    self.sheets.setdefault((d.id, p), []).append(sheet)
                    posted.append(self.registrar_entry(d.id, j, p, entry))
                issued.append(posted)
                self.issued[(d.id, j)] = posted
                for body in registrar_chunk_bodies(
                    group,
                    j,
                    d.id,
                    posted,
                    spec.registrar_key(j),
                    self.election_id,
                    chunk_size=self.roll_chunk,
                    rng=self.rng,
                ):
                    self.post(REGISTRAR_ROLL_KIND, body)
            self.rolls[d.id] = [
                combine_entries(group, [e[p].ciphertext for e in issued])
                for p in range(d.registered)
            ]
        listed = [(d, len(roll), roll_root(group, d, roll)) for d, roll in self.rolls.items()]
        final = self.roll_final(listed)
        self.post(FINAL_KIND, final)
        stated = final["districts"]
        assert isinstance(stated, list)
        self.roots = {x["id"]: bytes.fromhex(x["root"]) for x in stated if isinstance(x, dict)}

    def sigma(self, district: str, position: int) -> int:
        """The credential σ of the voter at ``position`` of ``district`` (her real sheets)."""
        return credential_of(self.group, self.sheets[(district, position)])

    def cast_mode(
        self,
        district: str,
        sigma: int,
        position: int,
        bits: Sequence[int],
        rng: Random | None = None,
    ) -> CredentialBallot:
        """A ballot of the mode fake-credentials for the credential ``sigma`` (real or fake),
        pointing at ``position`` of ``district``'s roll, with one question's ``bits``."""
        assert self.params is not None
        return cast_credential_ballot(
            self.params,
            self.rolls[district],
            district,
            sigma,
            position,
            [list(bits)],
            anonymity=self.definition.anonymity,
            rng=rng or self.rng,
        )

    def post_mode_ballot(self, ballot: CredentialBallot, *, step: int = SECOND) -> Entry:
        """Post a ballot of the mode fake-credentials."""
        return self.post("ballot", ballot_json(self.group, ballot), step=step)

    def registrar_entry(
        self, district: str, registrar: int, position: int, entry: RegistrarEntry
    ) -> RegistrarEntry:
        """What registrar ``registrar`` posts for the voter at ``position`` (the honest entry;
        a tamper test overrides it)."""
        return entry

    def roll_final(self, listed: Sequence[tuple[str, int, bytes]]) -> JSONObject:
        """The CA's signed ``credential_roll_final`` over ``(district, count, root)``."""
        return final_body(self.spec.key("ca"), self.election_id, listed, self.rng)

    def open(self) -> None:
        """The authority's ``open`` (on a :class:`Chain`, as the window opens); sets
        :attr:`params`."""
        defn = self.definition
        self.advance_to(defn.window.opens_us - SECOND)
        if self.parties:
            open_voting(self.board, self.authority, self.rng)
            self.params = election_setup(self.board.entries()).ballot_params()
            return
        keys = defn.keys
        assert keys.board and keys.authority and keys.credential_authority
        self.election_ctx = election_context(
            self.group,
            self.ceremony_ctx,
            self.joint,
            self.vks,
            self.qual,
            self.roots,
            keys.board,
            keys.authority,
            keys.credential_authority,
        )
        self.post("open", self.signed(self.authority, "open", mt.Open(self.election_ctx).to_body()))
        self.params = BallotParams.from_manifest(
            self.group,
            self.joint,
            self.election_ctx,
            [(len(q.options), q.min, q.max) for q in defn.questions],
            [d.id for d in defn.districts],
        )

    # -- ballots ------------------------------------------------------------------------------

    def ballots(self) -> None:
        """The ballots (none here: a suite's builder casts its own)."""

    def encrypt(
        self, district: str, voter: SigningKey, bits: Sequence[int], rng: Random | None = None
    ) -> OpenedBallot:
        """``voter``'s one-question ballot for ``bits``, with its secrets (to cast or open)."""
        return encrypt_ballot(
            self.ballot_params(), district, voter.public.xonly, [list(bits)], rng or self.rng
        )

    def ballot_params(self) -> BallotParams:
        """The ballot parameters (read from the board when the builder resumed after open)."""
        if self.params is None:
            self.params = election_setup(self.board.entries()).ballot_params()
        return self.params

    def head(self) -> NamedHead:
        """The board's latest entry as a ballot names it (docs/spec.md §11.4): the head a
        voter's device reads just before it signs."""
        head = self.board.head()
        assert head is not None, "a ballot names a head: the board is empty"
        return NamedHead(head.index, head.entry_hash)

    def post_ballot(self, voter: SigningKey, opened: OpenedBallot, *, step: int = SECOND) -> Entry:
        """Post ``opened`` as ``voter``'s signed ballot, naming the latest entry (:meth:`head`)."""
        ballot = sign_ballot(voter, self.group, opened.encrypted, self.head())
        return self.post("ballot", ballot.to_json(self.group), step=step)

    # -- counting -----------------------------------------------------------------------------

    def checker(self) -> Checker:
        """The verifier's incremental checker, fed with the board up to now."""
        if self._checker is None:
            self._checker = Checker()
        entries = self.board.entries()
        self._checker.feed_all(entries[self._fed :])
        self._fed = len(entries)
        return self._checker

    def received(self) -> tuple[mt.Received, ...]:
        """What the ``close`` says was received per district."""
        return self.checker().figures().received

    def close(self) -> None:
        """The authority's ``close``: on a :class:`Chain` at :attr:`close_at` (default: a second
        after the window's end). An early one carries the co-signatures of the decrypting
        trustees (real parties co-sign with their own command)."""
        closes = self.definition.window.closes_us
        self.advance_to((self.close_at or closes + SECOND) - SECOND)
        early = self.early
        if early is None:
            early = isinstance(self.board, Chain) and self.board.time + SECOND < closes
        if self.parties:
            cosigned = [
                trustee_cosign_close(self.board, self.party(i), self.passphrase, self.rng)
                for i in self.decrypting
                if early
            ]
            cosignatures = [c.cosignature for c in cosigned]
            close_voting(
                self.board, self.authority, early=early, cosignatures=cosignatures, rng=self.rng
            )
            return
        self.post("close", self.close_body(early, self.received()))

    def party(self, i: int) -> Party:
        """Trustee ``i``'s party directory (from 1)."""
        return self.parties[i - 1]

    def close_body(self, early: bool, received: tuple[mt.Received, ...]) -> JSONObject:
        """The signed ``close``; an early one with :attr:`close_cosignatures` (default: those
        of the decrypting trustees)."""
        cosignatures = self.close_cosignatures
        if cosignatures is None:
            cosignatures = tuple(
                mt.cosign_early_close(
                    self.trustee_key(i), i, self.election_id, self.election_context(), self.rng
                )
                for i in self.decrypting
                if early
            )
        body = mt.Close(early, received, cosignatures).to_body()
        return self.signed(self.authority, "close", body)

    def aggregates(self) -> mt.Tally:
        """The tally of the counted set."""
        return self.checker().aggregates()

    def figures(self) -> tuple[dict[str, int], dict[str, int]]:
        """The ballots superseded and challenged per district."""
        assert self._checker is not None
        figures = self._checker.figures()
        return dict(figures.superseded), dict(figures.challenged)

    def tally(self) -> None:
        if self.parties:
            post_tally(self.board, self.authority, self.rng)
            return
        self.tally_value = self.aggregates()
        body = self.signed(self.authority, "tally", self.tally_value.to_body(self.group))
        self.tally_entry = self.post("tally", body)

    def decrypt(self) -> None:
        """The partial decryptions of the :attr:`decrypting` trustees."""
        if self.parties:
            for i in self.decrypting:
                trustee_decrypt(self.board, self.party(i), self.passphrase, self.rng)
            return
        group, ctx = self.group, self.election_context()
        self.partials: dict[int, mt.PartialDecryption] = {}
        for i in self.decrypting:
            partial = mt.make_partial_decryption(
                group, i, self.secrets[i], self.tally_value, self.tally_entry.hash, ctx, self.rng
            )
            self.partials[i] = partial
            body = self.signed(self.trustee_key(i), "partial_decryption", partial.to_body(group))
            self.post("partial_decryption", body)

    def election_context(self) -> bytes:
        """The election context of ``open`` (from the board when the builder resumed)."""
        if self.params is not None:
            return self.params.election_ctx
        ctx = self.checker().election_ctx
        assert ctx is not None, "no open on the board"
        return ctx

    def result(self) -> None:
        """The counts combined from the partials, posted as the signed ``result``
        (:meth:`result_body` of the honest body; real parties post theirs)."""
        if self.parties:
            post_result(self.board, self.authority, self.rng)
            return
        counts = mt.combine_counts(self.group, self.tally_value, self.partials, self.k)
        superseded, challenged = self.figures()
        result = mt.build_result(
            self.definition,
            self.tally_value,
            self.tally_entry.hash,
            counts,
            superseded,
            challenged,
            tuple(self.partials),
        )
        body = self.result_body(result.to_body())
        self.post("result", self.signed(self.authority, "result", body))

    def result_body(self, body: JSONObject) -> JSONObject:
        """The result body the authority signs (the honest one)."""
        return body
