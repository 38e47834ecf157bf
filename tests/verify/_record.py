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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from _builder import Chain, ElectionBuilder, ElectionSpec
from plebiscite.crypto import elgamal, rand
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.errors import PlebisciteError
from plebiscite.model.ballot import (
    BallotParams,
    NamedHead,
    sign_ballot,
)
from plebiscite.model.ballot.codec import decode
from plebiscite.model.ballot.content import BALLOT_FIELDS, NONCE_BYTES, QUESTION_FIELDS
from plebiscite.model.ballot.create import OpenedBallot, prove_ballot
from plebiscite.model.codec import JSONObject
from plebiscite.model.definition import Definition
from plebiscite.model.entry import GENESIS_PREV, Entry, SignedHead
from plebiscite.model.record import FileInfo, RecordIndex, ShardInfo
from plebiscite.rules.checker import Checker
from plebiscite.rules.report import Report

ELECTION_ID = bytes.fromhex("0f1e2d3c4b5a69788796a5b4c3d2e1f0")
REGISTERED = {"north": 6, "south": 3, "empty": 1}
N, K = 3, 2
DECRYPTING = (1, 3)
HOUR = 3_600_000_000
OPENS = 1_893_484_800_000_000  # 2030-01-01T08:00:00Z
CLOSES = OPENS + 24 * HOUR

#: ballots are posted 15 minutes apart and name the entry before them: an hour of age allowed
MAX_BALLOT_AGE = 3600
#: the election of this suite (its keys are seeded by "verify test key")
SPEC = ElectionSpec(
    "verify test key",
    ELECTION_ID,
    REGISTERED,
    title='"Verifier test referendum"',
    n=N,
    k=K,
    max_ballot_age=MAX_BALLOT_AGE,
)


#: a deterministic test key of the party ``name``; voter ``i`` of ``district``'s key
key, voter = SPEC.key, SPEC.voter


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


class Builder(ElectionBuilder):
    """The suite's election played on a :class:`Chain` (entries made in memory, no policy), its
    ballots the scenario of the module; ``plan``'s hooks play a dishonest party."""

    def __init__(self, plan: Plan, group: str = "secp256k1") -> None:
        spec = dataclasses.replace(SPEC, group=group)
        chain = Chain(key("board"), ELECTION_ID, OPENS - 10 * HOUR)
        super().__init__(spec, chain, seed="verify test record", decrypting=DECRYPTING)
        self.plan = plan
        self.counts: dict[str, list[list[int]]] = {d: [[0, 0]] for d in REGISTERED}
        self.last_vote: dict[bytes, tuple[str, Sequence[int]]] = {}
        self.named: dict[str, int] = {}
        self.bodies: dict[str, JSONObject] = {}

    def roll_keys(self) -> dict[str, list[bytes]]:
        keys = super().roll_keys()
        return keys if self.plan.roll_keys is None else self.plan.roll_keys(keys)

    def result_body(self, body: JSONObject) -> JSONObject:
        return body if self.plan.result_body is None else self.plan.result_body(body)

    def cast(self, name: str, district: str, i: int, bits: Sequence[int], **kw: object) -> None:
        """Voter ``i`` of ``district`` casts ``bits`` (``opened=`` a prepared ballot)."""
        signer = voter(district, i)
        opened = kw.get("opened")
        if not isinstance(opened, OpenedBallot):
            opened = self.encrypt(district, signer, bits)
        entry = self.post_ballot(signer, opened, step=HOUR // 4)
        self.named[name] = entry.index
        self.bodies[name] = entry.body
        self.last_vote[signer.public.xonly] = (district, bits)

    def challenge(self, name: str, district: str, i: int, bits: Sequence[int]) -> None:
        body = self.encrypt(district, voter(district, i), bits).challenge().to_json(self.group)
        if self.plan.challenge_body is not None:
            body = self.plan.challenge_body(body)
        entry = self.post("challenge", body, step=HOUR // 4)
        self.named[name] = entry.index
        self.bodies[name] = entry.body

    def ballots(self) -> None:
        """The scenario of the module (see its docstring), then ``plan.before_close``."""
        assert self.params is not None
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
        opened = self.encrypt("north", voter("north", 5), [1, 0], zero)
        assert opened.encrypted.questions[0].proofs[0].v0 == 0
        self.cast("north-5", "north", 5, [1, 0], opened=opened)
        if self.plan.before_close is not None:
            self.plan.before_close(self)

    def close(self) -> None:
        for district, bits in self.last_vote.values():
            for o, bit in enumerate(bits):
                self.counts[district][0][o] += bit
        super().close()

    def built(self) -> Built:
        """The record played so far, each entry with its signed head."""
        assert isinstance(self.board, Chain)
        entries = self.entries
        return Built(self.definition, entries, self.board.heads(), self.counts, dict(self.named))


def build(plan: Plan | None = None) -> Built:
    """Build the whole record following ``plan`` (honest when None)."""
    return Builder(plan or Plan()).play().built()


def run(built: Built, **options: int) -> Report:
    """Every check over ``built`` (its entries and its heads); ``options`` go to the checker."""
    checker = Checker(**options)
    try:
        checker.feed_all(built.entries)
        for number, head in enumerate(built.heads, start=1):
            checker.feed_head(head, f"heads.jsonl:{number}")
        return checker.finish()
    finally:
        checker.close()


def reseal(
    entries: Sequence[Entry], original: Mapping[int, bytes] | None = None
) -> tuple[list[Entry], list[SignedHead]]:
    """A hostile board's re-sealing: indices, links and hashes recomputed in order, every head
    re-signed with the board key (times kept).

    A ballot names a head (index and hash, docs/spec.md §11.4): had the board's chain been the
    re-sealed one during the run, its voters would have read and signed the re-sealed heads. So a
    ballot naming an entry as it was (its index and its hash, or ``original[index]`` for an entry
    the board replaced) is signed again by its voter naming that entry as re-sealed; a ballot
    naming a head the chain never had is left as it is.
    """
    out: list[Entry] = []
    moved: dict[int, tuple[bytes, NamedHead]] = {}  # index before -> (hash before, head after)
    params: list[BallotParams] = []
    for entry in entries:
        prev = out[-1].hash if out else GENESIS_PREV
        body = entry.body
        if entry.kind == "ballot":
            body = _renamed(body, moved, out, params)
        out.append(Entry.create(len(out), entry.time, entry.kind, body, prev))
        before = entry.hash if original is None else original.get(entry.index, entry.hash)
        moved[entry.index] = (before, NamedHead(out[-1].index, out[-1].hash))
    heads = [SignedHead.for_entry(key("board"), ELECTION_ID, e) for e in out]
    return out, heads


def _renamed(
    body: JSONObject,
    moved: Mapping[int, tuple[bytes, NamedHead]],
    chain: Sequence[Entry],
    params: list[BallotParams],
) -> JSONObject:
    """``body`` signed again by its voter naming the re-sealed head (see :func:`reseal`);
    ``params`` caches the ballot parameters of ``chain`` (recomputed once, after ``open``)."""
    head, credential = body.get("head"), body.get("credential")
    if not isinstance(head, dict) or not isinstance(credential, str):
        return body
    index, named = head.get("index"), head.get("hash")
    found = moved.get(index) if isinstance(index, int) else None
    if found is None or found[0].hex() != named or found[1] == NamedHead(index, found[0]):
        return body
    signer = _VOTERS.get(credential)
    if signer is None:
        return body
    if not params:
        checker = Checker()
        try:
            checker.feed_all(chain)
            found_params = checker.params
        finally:
            checker.close()
        if found_params is None:
            return body
        params.append(found_params)
    try:
        encrypted = decode(params[0], body, "reseal", BALLOT_FIELDS, QUESTION_FIELDS)[0]
    except PlebisciteError:
        return body  # a ballot the board broke: it stays broken
    group = params[0].group
    return sign_ballot(signer, group, encrypted, found[1]).to_json(group)


#: every registered voter's key by credential (hex), to re-sign a ballot as its voter would
_VOTERS: Final = {
    voter(d, i).public.hex(): voter(d, i) for d, n in REGISTERED.items() for i in range(n)
}


def write_record(directory: Path, entries: Sequence[Entry], heads: Sequence[SignedHead]) -> Path:
    """Write a record directory (one uncompressed shard) that :class:`RecordReader` reads."""
    return write_lines(directory, [e.to_line().encode() for e in entries], heads)


def write_lines(directory: Path, lines: Sequence[bytes], heads: Sequence[SignedHead]) -> Path:
    """:func:`write_record` with the board's lines as given (any bytes, one entry a line)."""
    import hashlib

    directory.mkdir(parents=True, exist_ok=True)
    board = b"".join(line + b"\n" for line in lines)
    head_text = "".join(h.to_line() + "\n" for h in heads).encode()
    (directory / "board-000000.jsonl").write_bytes(board)
    (directory / "heads.jsonl").write_bytes(head_text)
    index = RecordIndex(
        len(lines),
        (
            ShardInfo(
                "board-000000.jsonl", 0, len(lines), len(board), hashlib.sha256(board).digest()
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
