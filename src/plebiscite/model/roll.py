"""The credential roll on the board, its Merkle roots, and the check V4 (DESIGN §4, §5).

**Entries.** The roll is a sequence of ``credential_roll`` entries closed by one
``credential_roll_final`` entry, all posted before ``open``::

    credential_roll        {"district": "<district id>",
                            "position": <0, 1, 2, … within the district>,
                            "keys": ["<x-only key, 64 lowercase hex>", … 1 to 1,000 keys],
                            "signature": "<BIP-340 by the credential authority>"}

    credential_roll_final  {"districts": [{"id": "<district id>", "count": <keys>,
                                           "root": "<Merkle root, 64 lowercase hex>"}, …],
                            "signature": "<BIP-340 by the credential authority>"}

A district's keys are posted in chunks of at most :data:`MAX_CHUNK_KEYS`, positions counting from 0
without gaps; the chunks of different districts may interleave. The keys are in random order
(shuffled with the CSPRNG), so the order on the board says nothing about who holds which key. The
final entry lists every district of the manifest, in the manifest's order. Every chunk and the
final entry are signed with :func:`plebiscite.model.signed.sign_body` by the credential authority
key of the manifest, so that nobody else can put a chunk on the roll (a board service refuses an
unsigned chunk before writing it; V4 fails on one that is on the chain).

**Merkle root.** A district's root is taken over its keys in posted order (chunk by chunk)::

    leaf_i = H(ROLL_LEAF, district_id, key_i)         (key_i the 32-byte x-only key)
    node   = H(ROLL_NODE, left, right)

Each level pairs its nodes left to right; when a level has an odd number of nodes, the last one is
carried up to the next level unchanged (it is never paired with itself, so no two different lists of
keys share a root by duplication). The root of one key is its leaf. An empty district has no root
(a district has at least one registered voter). The count in the final entry fixes the tree's
shape; :func:`inclusion_proof` and :func:`verify_inclusion` let a voter check that her key is on the
roll of her district from the root alone.

**V4.** :class:`RollChecker` reads a stream of entries (entry 0 is the manifest) and reports every
failure with the entry index and the field: malformed or duplicate keys (within or across
districts), chunks out of order or with gaps, a chunk after the final entry, a chunk or a final
entry not signed by the credential authority (such a chunk never joins the roll), a district whose
size is not its ``registered`` count, counts or roots that do not recompute, and a roll not final
before ``open``.

**Memory.** The checker keeps every key on the roll (to find duplicates, and so that V5 can look
up a ballot's district) and a Merkle frontier of O(log n) hashes per district. The keys read last
wait in a dictionary; every :data:`_MERGE_AT` keys they join one sorted fixed-width array, and once
the roll is final that array is a :class:`RollIndex` of 36 bytes per key (the key and the index of
its entry), one per process for every checker that read the same roll: about 36 MB for a roll of a
million voters, however many checkers a process runs. A checker that reads a roll the process
already holds final marks the keys it finds there (a byte per key) instead of building them again.
"""

from __future__ import annotations

import hashlib
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Final

import numpy as np

from plebiscite.crypto import rand, tags
from plebiscite.crypto.hashing import H
from plebiscite.crypto.signatures import SigningKey, VerifyingKey, xonly_key_problem
from plebiscite.errors import ParameterError, PlebisciteError
from plebiscite.model.codec import JSONObject, JSONValue
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.signed import sign_body, unsigned_part, verify_body_signature

__all__ = [
    "CHECK",
    "FINAL_KIND",
    "KEY_BYTES",
    "MAX_CHUNK_KEYS",
    "ROLL_KIND",
    "DistrictRoll",
    "MerkleAccumulator",
    "RollChecker",
    "RollFailure",
    "RollIndex",
    "RollReport",
    "check_roll",
    "chunk_bodies",
    "final_body",
    "inclusion_proof",
    "leaf_hash",
    "merkle_root",
    "node_hash",
    "shuffled",
    "verify_inclusion",
]

CHECK: Final = "V4"
ROLL_KIND: Final = "credential_roll"
FINAL_KIND: Final = "credential_roll_final"
#: the most keys one ``credential_roll`` entry may carry
MAX_CHUNK_KEYS: Final = 1000
KEY_BYTES: Final = 32
_HASH_BYTES: Final = 32
_CHUNK_FIELDS: Final = frozenset({"district", "position", "keys", "signature"})
_FINAL_FIELDS: Final = frozenset({"districts", "signature"})
_FINAL_DISTRICT_FIELDS: Final = frozenset({"id", "count", "root"})
_HEX_DIGITS: Final = frozenset("0123456789abcdef")
_ANY_HEX_DIGITS: Final = frozenset("0123456789abcdefABCDEF")


# ------------------------------------------------------------------------------- Merkle tree


def leaf_hash(district: str, key: bytes) -> bytes:
    """``H(ROLL_LEAF, district, key)``: the leaf of one x-only key in its district's tree."""
    return H(tags.ROLL_LEAF, district, key)


def node_hash(left: bytes, right: bytes) -> bytes:
    """``H(ROLL_NODE, left, right)``: an inner node of a roll tree."""
    return H(tags.ROLL_NODE, left, right)


class MerkleAccumulator:
    """A district's Merkle root built one key at a time, in O(log n) memory.

    ``_frontier[i]`` holds the root of a complete subtree of 2^i leaves when bit i of the count is
    set. :meth:`root` folds the frontier from the lowest level up, which gives exactly the
    level-by-level rule of the module docstring (an odd last node is carried up unchanged).
    """

    __slots__ = ("_frontier", "count", "district")

    def __init__(self, district: str) -> None:
        self.district = district
        self.count = 0
        self._frontier: list[bytes | None] = []

    def copy(self) -> MerkleAccumulator:
        """An accumulator in the same state that goes on independently."""
        other = MerkleAccumulator(self.district)
        other.count = self.count
        other._frontier = list(self._frontier)
        return other

    def add(self, key: bytes) -> None:
        """Append the 32-byte key as the next leaf."""
        self.add_leaf(leaf_hash(self.district, key))

    def add_leaf(self, node: bytes) -> None:
        """Append a leaf hash already computed (the fake-credentials roll hashes ciphertexts)."""
        self.count += 1
        level = 0
        while level < len(self._frontier) and self._frontier[level] is not None:
            left = self._frontier[level]
            assert left is not None
            node = node_hash(left, node)
            self._frontier[level] = None
            level += 1
        if level == len(self._frontier):
            self._frontier.append(node)
        else:
            self._frontier[level] = node

    def root(self) -> bytes:
        """The root over the keys added so far; :class:`ParameterError` when there are none."""
        carry: bytes | None = None
        for node in self._frontier:
            if node is not None:
                carry = node if carry is None else node_hash(node, carry)
        if carry is None:
            raise ParameterError(f"district {self.district!r}: an empty roll has no Merkle root")
        return carry


def merkle_root(district: str, keys: Iterable[bytes]) -> bytes:
    """The Merkle root of ``district`` over ``keys`` (32-byte x-only keys) in order."""
    acc = MerkleAccumulator(district)
    for key in keys:
        acc.add(key)
    return acc.root()


def inclusion_proof(district: str, keys: Sequence[bytes], position: int) -> list[bytes]:
    """The sibling hashes from the leaf at ``position`` up to the root, lowest level first.

    Levels where the node is the unpaired last one contribute no sibling.
    """
    if not 0 <= position < len(keys):
        raise ParameterError(f"inclusion proof: position {position} is not in [0, {len(keys)})")
    level = [leaf_hash(district, key) for key in keys]
    proof: list[bytes] = []
    index = position
    while len(level) > 1:
        sibling = index ^ 1
        if sibling < len(level):
            proof.append(level[sibling])
        level = [
            node_hash(level[i], level[i + 1]) if i + 1 < len(level) else level[i]
            for i in range(0, len(level), 2)
        ]
        index //= 2
    return proof


def verify_inclusion(
    district: str, key: bytes, position: int, count: int, proof: Sequence[bytes], root: bytes
) -> bool:
    """Whether ``key`` is the leaf at ``position`` of a roll of ``count`` keys with ``root``."""
    if not 0 <= position < count:
        return False
    node = leaf_hash(district, key)
    index, size, used = position, count, 0
    while size > 1:
        if index % 2 == 1 or index + 1 < size:
            if used >= len(proof) or len(proof[used]) != _HASH_BYTES:
                return False
            sibling = proof[used]
            used += 1
            node = node_hash(sibling, node) if index % 2 else node_hash(node, sibling)
        index //= 2
        size = (size + 1) // 2
    return used == len(proof) and node == root


# ---------------------------------------------------------------------------------- building


def shuffled(keys: Sequence[bytes], rng: rand.Random | None = None) -> list[bytes]:
    """A copy of ``keys`` in uniformly random order (Fisher–Yates over the CSPRNG)."""
    out = list(keys)
    source = rand.get(rng)
    for i in range(len(out) - 1, 0, -1):
        j = source.randbelow(i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def chunk_bodies(
    district: str,
    keys: Sequence[bytes],
    chunk_size: int = MAX_CHUNK_KEYS,
    *,
    key: SigningKey | None = None,
    election_id: bytes | None = None,
    rng: rand.Random | None = None,
) -> Iterator[JSONObject]:
    """The ``credential_roll`` bodies that post ``keys`` (in this order) for ``district``, each
    signed with the credential authority's ``key`` for ``election_id``.

    Without ``key`` the bodies carry no signature: the board refuses them and V4 fails on them
    (what a test of those rules posts); ``key`` and ``election_id`` come together.
    """
    if not 1 <= chunk_size <= MAX_CHUNK_KEYS:
        raise ParameterError(f"roll chunk size: {chunk_size} is not in [1, {MAX_CHUNK_KEYS}]")
    if (key is None) != (election_id is None):
        raise ParameterError("roll chunks: the signing key and the election id come together")
    for position, start in enumerate(range(0, len(keys), chunk_size)):
        chunk: list[JSONValue] = []
        for voter in keys[start : start + chunk_size]:
            VerifyingKey(voter, f"district {district!r}: roll key")
            chunk.append(voter.hex())
        body: JSONObject = {"district": district, "position": position, "keys": chunk}
        if key is not None and election_id is not None:
            body = sign_body(key, election_id, ROLL_KIND, body, rng)
        yield body


def final_body(
    key: SigningKey,
    election_id: bytes,
    districts: Sequence[tuple[str, int, bytes]],
    rng: rand.Random | None = None,
) -> JSONObject:
    """The signed ``credential_roll_final`` body for ``(district id, count, root)`` in order."""
    listed: list[JSONValue] = [
        {"id": district, "count": count, "root": root.hex()} for district, count, root in districts
    ]
    return sign_body(key, election_id, FINAL_KIND, {"districts": listed}, rng)


# ---------------------------------------------------------------------------------- checking


@dataclass(frozen=True, slots=True)
class RollFailure:
    """One V4 failure: the entry index (None when about the record as a whole), field, message."""

    index: int | None
    field: str
    message: str
    check: str = CHECK

    def __str__(self) -> str:
        where = "record" if self.index is None else f"entry {self.index}"
        return f"{self.check}: {where}: {self.field}: {self.message}"


@dataclass(frozen=True, slots=True)
class DistrictRoll:
    """What the roll holds for one district: keys posted, chunks and the recomputed root."""

    id: str
    registered: int
    count: int
    chunks: int
    root: bytes | None


@dataclass(frozen=True, slots=True)
class RollReport:
    """The outcome of V4: every failure, each district's roll, where the roll was closed."""

    failures: tuple[RollFailure, ...]
    districts: tuple[DistrictRoll, ...]
    final_index: int | None
    open_index: int | None

    @property
    def ok(self) -> bool:
        """Whether V4 passed."""
        return not self.failures

    @property
    def keys(self) -> int:
        """How many keys the roll holds in all."""
        return sum(d.count for d in self.districts)

    def roots(self) -> dict[str, bytes]:
        """The recomputed root of each district with keys, by district id (for ``election_ctx``)."""
        return {d.id: d.root for d in self.districts if d.root is not None}


#: keys a :class:`_KeyIndex` takes in its dict before merging them into its sorted arrays
_MERGE_AT: Final = 1 << 16
_KEY_DTYPE: Final = np.dtype(f"S{KEY_BYTES}")
_ENTRY_MAX_SMALL: Final = 0xFFFF_FFFF


class RollIndex:
    """An immutable index of distinct 32-byte keys, each with the index of the entry that posted
    it: the keys sorted in one fixed-width array (byte order, binary search) beside the entries'
    indices, 36 bytes per key (``uint32`` indices; ``int64`` where one does not fit).

    :meth:`shared` gives the one index of equal content already alive in this process, if any,
    so that the checkers of one process that read the same roll (the board's, the authority's)
    hold its keys once.
    """

    __slots__ = ("__weakref__", "_entries", "_keys", "_rows")

    def __init__(self, keys: np.ndarray, entries: np.ndarray) -> None:
        self._keys = keys  # dtype S32, sorted, distinct
        self._rows = keys.view(np.uint8).reshape(len(keys), KEY_BYTES)  # the same memory
        self._entries = entries

    @classmethod
    def empty(cls) -> RollIndex:
        return cls(np.empty(0, dtype=_KEY_DTYPE), np.empty(0, dtype=np.uint32))

    def __len__(self) -> int:
        return len(self._keys)

    @property
    def nbytes(self) -> int:
        """The bytes its arrays hold."""
        return int(self._keys.nbytes + self._entries.nbytes)

    def get(self, key: bytes) -> int | None:
        """The index of the entry that posted ``key``, or None."""
        at = self.position(key)
        return None if at is None else int(self._entries[at])

    def position(self, key: bytes) -> int | None:
        """Where ``key`` is in the sorted keys, or None."""
        if len(key) != KEY_BYTES or not len(self._keys):
            return None
        i = int(self._keys.searchsorted(key))  # the method: numpy's function adds a dispatch
        return i if i < len(self._keys) and self._rows[i].tobytes() == key else None

    def entry(self, position: int) -> int:
        """The index of the entry that posted the key at ``position``."""
        return int(self._entries[position])

    def subset(self, held: np.ndarray) -> RollIndex:
        """The index of the keys where ``held`` (booleans, one per key) is true."""
        return RollIndex(self._keys[held], self._entries[held])

    @staticmethod
    def holding(key: bytes, entry: int) -> RollIndex | None:
        """A final index alive in this process in which ``entry`` posted ``key``, if any."""
        for index in list(_SHARED.values()):
            at = index.position(key)
            if at is not None and index.entry(at) == entry:
                return index
        return None

    def merged(self, added: dict[bytes, int]) -> RollIndex:
        """A new index with ``added`` (32-byte keys none of which it holds, each with its entry)."""
        count = len(added)
        new = np.frombuffer(b"".join(added), dtype=_KEY_DTYPE)
        big = count and max(added.values()) > _ENTRY_MAX_SMALL
        dtype = np.int64 if big or self._entries.dtype == np.int64 else np.uint32
        entries = np.fromiter(added.values(), dtype=dtype, count=count)
        order = np.argsort(new)
        new, entries = new[order], entries[order]
        at = np.searchsorted(self._keys, new)
        return RollIndex(
            np.insert(self._keys, at, new), np.insert(self._entries.astype(dtype), at, entries)
        )

    def shared(self) -> RollIndex:
        """The index alive in this process with the same keys and entries (this one if none)."""
        digest = hashlib.blake2b(self._keys.data, digest_size=16)
        digest.update(self._entries.dtype.str.encode("ascii"))
        digest.update(self._entries.data)
        name = digest.digest()
        known = _SHARED.get(name)
        if (
            known is not None
            and np.array_equal(known._keys, self._keys)
            and np.array_equal(known._entries, self._entries)
        ):
            return known
        _SHARED[name] = self
        return self


#: the final rolls' indices alive in this process, by a digest of their content
_SHARED: weakref.WeakValueDictionary[bytes, RollIndex] = weakref.WeakValueDictionary()


class _KeyIndex:
    """The roll's keys while it is read, each with the index of the entry that posted it first:
    the latest keys in a dict, merged every :data:`_MERGE_AT` keys into a :class:`RollIndex`;
    :meth:`frozen` gives the whole as one :class:`RollIndex` (shared in the process).

    A roll that the process already holds final (another checker read it) is not built again:
    while every key posted is one of that index's, from the same entry, the index only marks
    which of its keys were posted (a byte each), and at the end is that index when all were. The
    first key that is not (another roll, or this one altered) turns the marks into an index of
    its own, and the reading goes on as above.
    """

    __slots__ = ("_base", "_final", "_held", "_known", "_recent", "_seen")

    def __init__(self) -> None:
        self._final: RollIndex | None = None  # what frozen gave
        self._recent: dict[bytes, int] = {}
        self._base = RollIndex.empty()
        self._known: RollIndex | None = None  # a final index this roll follows so far
        self._seen = bytearray()  # which of its keys were posted
        self._held = 0  # how many

    def __len__(self) -> int:
        return len(self._recent) + len(self._base) + self._held

    def get(self, key: bytes) -> int | None:
        """The index of the entry that posted ``key`` first, or None."""
        if self._known is not None:
            at = self._known.position(key)
            return None if at is None or not self._seen[at] else self._known.entry(at)
        found = self._recent.get(key)
        return self._base.get(key) if found is None else found

    def add(self, key: bytes, entry: int) -> None:
        """Take ``key`` (32 bytes, not already held) as posted by ``entry``."""
        if not len(self):
            self._known = RollIndex.holding(key, entry)
            self._seen = bytearray(len(self._known) if self._known is not None else 0)
        if self._known is not None:
            at = self._known.position(key)
            if at is not None and not self._seen[at] and self._known.entry(at) == entry:
                self._seen[at] = 1
                self._held += 1
                return
            self._own()
        self._recent[key] = entry
        if len(self._recent) >= _MERGE_AT:
            self._merge()

    def _own(self) -> None:
        """Stop following the known index: the keys marked become an index of this one's."""
        assert self._known is not None
        self._base = self._known.subset(np.frombuffer(self._seen, dtype=np.bool_))
        self._known, self._seen, self._held = None, bytearray(), 0

    def _merge(self) -> None:
        recent, self._recent = self._recent, {}
        self._base = self._base.merged(recent)

    def frozen(self) -> RollIndex:
        """Every key held, as the process's shared :class:`RollIndex` of this content (no key
        is added afterwards)."""
        if self._final is not None:
            return self._final
        if self._known is not None and self._held == len(self._known):
            self._base = self._known
            self._known, self._seen, self._held = None, bytearray(), 0
        else:
            if self._known is not None:
                self._own()
            if self._recent:
                self._merge()
            self._base = self._base.shared()
        self._final = self._base
        return self._final

    def copy(self) -> _KeyIndex:
        """An index holding the same keys that goes on independently."""
        other = _KeyIndex()
        other._recent = dict(self._recent)
        other._base = self._base  # an immutable index, shared
        other._known, other._seen, other._held = self._known, bytearray(self._seen), self._held
        other._final = self._final
        return other


@dataclass
class _District:
    id: str
    registered: int
    acc: MerkleAccumulator
    next_position: int = 0
    chunks: int = 0


@dataclass
class _State:
    manifest: Definition | None = None
    failures: list[RollFailure] = field(default_factory=list)
    final_index: int | None = None
    open_index: int | None = None


class RollChecker:
    """The V4 checker, fed one entry at a time (:meth:`observe`), then :meth:`report`.

    Entry 0 must be the manifest (or pass ``manifest`` when the stream starts later). Entries of
    other kinds are looked at only for ``open``. After the report, :meth:`district_of` tells which
    district a key is on the roll of (for V5).
    """

    def __init__(self, manifest: Definition | None = None) -> None:
        self._state = _State(manifest=manifest)
        self._districts: dict[str, _District] = {}
        self._keys = _KeyIndex()  # key -> index of the entry that posted it first
        self._chunk_district: dict[int, str] = {}
        self._ca_key: VerifyingKey | None = None
        self._seen_any = False
        if manifest is not None:
            self._use_manifest(manifest, None)

    # -- reading ---------------------------------------------------------------------------------

    def _fail(self, index: int | None, where: str, message: str) -> None:
        self._state.failures.append(RollFailure(index, where, message))

    def _use_manifest(self, manifest: Definition, index: int | None) -> None:
        self._state.manifest = manifest
        self._districts = {
            d.id: _District(d.id, d.registered, MerkleAccumulator(d.id)) for d in manifest.districts
        }
        self._ca_key = manifest.keys.credential_authority
        if self._ca_key is None:
            self._fail(index, "body.keys.credential_authority", "the manifest has no CA key")

    def observe(self, entry: Entry) -> None:
        """Take the next entry of the chain into account."""
        first = not self._seen_any
        self._seen_any = True
        if self._state.manifest is None:
            if first and entry.kind == "manifest":
                try:
                    manifest = Definition.from_manifest(unsigned_part(entry.body))
                except PlebisciteError as exc:
                    self._fail(entry.index, "body", f"the manifest does not parse: {exc}")
                    return
                self._use_manifest(manifest, entry.index)
            elif first:
                self._fail(entry.index, "kind", f"{entry.kind!r} where the manifest was expected")
            return
        if entry.kind == ROLL_KIND:
            self._chunk(entry)
        elif entry.kind == FINAL_KIND:
            self._final(entry)
        elif entry.kind == "open" and self._state.open_index is None:
            self._state.open_index = entry.index
            if self._state.final_index is None:
                self._fail(entry.index, "kind", "voting opened before the roll was final")

    def _chunk(self, entry: Entry) -> None:
        index, body = entry.index, entry.body
        # a late chunk is reported and never joins the roll (V5 must not find its keys)
        if self._state.final_index is not None:
            self._fail(
                index, "kind", f"a roll chunk after the final entry {self._state.final_index}"
            )
            return
        if self._state.open_index is not None:
            self._fail(index, "kind", f"a roll chunk after open (entry {self._state.open_index})")
            return
        if not self._signed(entry, ROLL_KIND):
            return
        if not self._exact_fields(index, body, "body", _CHUNK_FIELDS):
            return
        district_id = body["district"]
        district = self._districts.get(district_id) if isinstance(district_id, str) else None
        if district is None:
            self._fail(index, "body.district", f"{district_id!r} is not a district of the manifest")
            return
        position = body["position"]
        if type(position) is not int:
            self._fail(index, "body.position", "expected an integer")
        elif position != district.next_position:
            gap = "a gap" if position > district.next_position else "out of order or repeated"
            self._fail(
                index,
                "body.position",
                f"chunk {position} of district {district.id!r} where chunk "
                f"{district.next_position} was expected ({gap})",
            )
        district.next_position = (position if type(position) is int else district.next_position) + 1
        district.chunks += 1
        keys = body["keys"]
        if type(keys) is not list:
            self._fail(index, "body.keys", "expected an array of x-only keys")
            return
        if not 1 <= len(keys) <= MAX_CHUNK_KEYS:
            self._fail(index, "body.keys", f"{len(keys)} keys; a chunk holds 1 to {MAX_CHUNK_KEYS}")
        self._chunk_district[index] = district.id
        for i, text in enumerate(keys):
            key = self._key(index, f"body.keys[{i}]", text)
            if key is None:
                continue
            district.acc.add(key)
            earlier = self._keys.get(key)
            if earlier is None:
                self._keys.add(key, index)
            else:
                self._fail(
                    index,
                    f"body.keys[{i}]",
                    f"duplicate key: already on the roll of district "
                    f"{self._chunk_district[earlier]!r} (entry {earlier})",
                )

    def _key(self, index: int, where: str, text: object) -> bytes | None:
        """The key's 32 bytes for the tree (any hex case), after reporting what is malformed."""
        if not isinstance(text, str) or len(text) != 2 * KEY_BYTES:
            self._fail(index, where, f"not an x-only key of {KEY_BYTES} bytes in lowercase hex")
            return None
        if not set(text) <= _ANY_HEX_DIGITS:
            self._fail(index, where, "not hexadecimal")
            return None
        key = bytes.fromhex(text)
        if not set(text) <= _HEX_DIGITS:
            self._fail(index, where, "upper-case hex; keys are written in lowercase hex")
            return key
        problem = xonly_key_problem(key)
        if problem is not None:
            self._fail(index, where, problem)
        return key

    def _exact_fields(
        self, index: int, body: dict[str, JSONValue], where: str, fields: frozenset[str]
    ) -> bool:
        missing = sorted(fields - body.keys())
        unknown = sorted(body.keys() - fields)
        if missing:
            self._fail(index, where, f"missing field(s) {', '.join(missing)}")
        if unknown:
            self._fail(index, where, f"unknown field(s) {', '.join(unknown)}")
        return not missing and not unknown

    def _signed(self, entry: Entry, kind: str) -> bool:
        """Whether the entry's body carries the credential authority's signature; if not, the
        failure is reported at ``body.signature``."""
        manifest = self._state.manifest
        assert manifest is not None
        index = entry.index
        if self._ca_key is None or manifest.election_id is None:
            self._fail(index, "body.signature", "no credential authority key to check it with")
            return False
        if "signature" not in entry.body:
            self._fail(index, "body.signature", f"missing: a {kind} is signed by the CA")
            return False
        try:
            verify_body_signature(
                self._ca_key,
                manifest.election_id,
                kind,
                entry.body,
                f"entry {index}",
                "credential authority",
            )
        except PlebisciteError as exc:
            self._fail(index, "body.signature", exc.detail)
            return False
        return True

    def _final(self, entry: Entry) -> None:
        index, body = entry.index, entry.body
        manifest = self._state.manifest
        assert manifest is not None
        if self._state.final_index is not None:
            self._fail(
                index, "kind", f"a second final entry (the first is {self._state.final_index})"
            )
            return
        self._state.final_index = index
        self._keys.frozen()  # no key joins the roll from now on: its index is shared
        if self._state.open_index is not None:
            self._fail(
                index, "kind", f"the roll closed after open (entry {self._state.open_index})"
            )
        if self._ca_key is not None:
            self._signed(entry, FINAL_KIND)
        if not self._exact_fields(index, body, "body", _FINAL_FIELDS):
            return
        listed = body["districts"]
        if type(listed) is not list:
            self._fail(index, "body.districts", "expected an array")
            return
        expected = [d.id for d in manifest.districts]
        if len(listed) != len(expected):
            self._fail(
                index,
                "body.districts",
                f"{len(listed)} districts listed; the manifest has {len(expected)}",
            )
        for i, item in enumerate(listed):
            self._final_district(index, i, item, expected[i] if i < len(expected) else None)

    def _final_district(self, index: int, i: int, item: JSONValue, expected_id: str | None) -> None:
        where = f"body.districts[{i}]"
        if type(item) is not dict:
            self._fail(index, where, "expected an object")
            return
        if not self._exact_fields(index, item, where, _FINAL_DISTRICT_FIELDS):
            return
        district_id = item["id"]
        if expected_id is None or district_id != expected_id:
            self._fail(index, f"{where}.id", f"{district_id!r} where {expected_id!r} was expected")
            return
        district = self._districts[expected_id]
        posted = district.acc.count
        count = item["count"]
        if posted != district.registered:
            self._fail(
                index,
                f"{where}.count",
                f"district {district.id!r}: {posted} keys on the roll, "
                f"{district.registered} registered",
            )
        if type(count) is not int:
            self._fail(index, f"{where}.count", "expected an integer")
        elif count != posted:
            self._fail(index, f"{where}.count", f"{count} but {posted} keys were posted")
        root = item["root"]
        if (
            not isinstance(root, str)
            or len(root) != 2 * _HASH_BYTES
            or not set(root) <= _HEX_DIGITS
        ):
            self._fail(index, f"{where}.root", "expected 32 bytes in lowercase hex")
        elif posted == 0:
            self._fail(index, f"{where}.root", f"district {district.id!r} has no keys posted")
        elif bytes.fromhex(root) != district.acc.root():
            self._fail(index, f"{where}.root", "not the Merkle root of the keys posted")

    def copy(self) -> RollChecker:
        """A checker in the same state that goes on independently (for a checker's snapshot).

        Once the roll is final nothing but the failures and the open index changes (a later chunk
        is only reported), so the copy shares the keys instead of copying them: a few hundred
        bytes, not about 100 bytes per voter.
        """
        other = RollChecker.__new__(RollChecker)
        other._state = replace(self._state, failures=list(self._state.failures))
        other._ca_key = self._ca_key
        other._seen_any = self._seen_any
        if self._state.final_index is None:
            other._districts = {k: replace(d, acc=d.acc.copy()) for k, d in self._districts.items()}
            other._keys = self._keys.copy()
            other._chunk_district = dict(self._chunk_district)
        else:
            other._districts = self._districts
            other._keys = self._keys
            other._chunk_district = self._chunk_district
        return other

    # -- results ---------------------------------------------------------------------------------

    def report(self) -> RollReport:
        """Every failure so far, plus those of a roll that is incomplete or never closed."""
        failures = list(self._state.failures)
        if self._state.manifest is None:
            if not self._seen_any:
                failures.append(RollFailure(None, "entries", "the record is empty"))
        elif self._state.final_index is None:
            failures.append(
                RollFailure(None, FINAL_KIND, "the roll was never closed by a final entry")
            )
        districts = tuple(
            DistrictRoll(
                d.id, d.registered, d.acc.count, d.chunks, d.acc.root() if d.acc.count else None
            )
            for d in self._districts.values()
        )
        return RollReport(
            tuple(failures), districts, self._state.final_index, self._state.open_index
        )

    def district_of(self, key: bytes) -> str | None:
        """The district whose roll holds ``key`` (the first one, if posted twice), or None."""
        index = self._keys.get(key)
        return None if index is None else self._chunk_district[index]

    def final_keys(self) -> RollIndex | None:
        """Once the roll is final, its keys (the process's shared :class:`RollIndex`, whose
        positions may index what is kept per key); None before."""
        return None if self._state.final_index is None else self._keys.frozen()


def check_roll(entries: Iterable[Entry], manifest: Definition | None = None) -> RollReport:
    """Run V4 over ``entries`` (from entry 0, the manifest, unless ``manifest`` is given)."""
    checker = RollChecker(manifest)
    for entry in entries:
        checker.observe(entry)
    return checker.report()
