"""Board entries, the hash chain, signed heads (receipts) and signed refusals (DESIGN §4).

An entry is ``{"index", "time", "kind", "body", "prev", "hash"}``: ``index`` counts from 0,
``time`` is board time in UTC microseconds (never decreasing along the chain), ``kind`` is one of
:data:`ENTRY_KINDS`, ``body`` a JSON object (:func:`plebiscite.model.codec.check_json_value`),
``prev`` the previous entry's hash (32 zero bytes for the first entry) and ``hash`` is::

    H(ENTRY_HASH, index, time, kind, body, prev)

over the canonical encoding (never the JSON text). ``prev`` and ``hash`` are lowercase hex in JSON.

A signed head is the board's BIP-340 signature over ``H(SIGNED_HEAD, election_id, index,
entry_hash, time)``; the receipt for an accepted entry is the signed head at its index. A signed
refusal covers ``H(SIGNED_REFUSAL, election_id, submission, reason, time)`` where ``submission``
is :func:`submission_hash` of the refused kind and body.

For the verifier's V1, :func:`read_entry` checks everything but the stored hash and
:meth:`Entry.recomputed_hash` gives the hash the entry should carry; :func:`parse_entry` raises
when the two differ. An entry whose hash this process computed (:meth:`Entry.create`) or
compared with its content (:func:`parse_entry`, :meth:`Entry.check_hash`) carries that fact, so
the board's writer, its store and its checkers hash an entry once, not once each; a copy made
with :func:`dataclasses.replace` does not carry it (its content may differ).
"""

from __future__ import annotations

import re
from binascii import unhexlify
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final

from plebiscite.crypto import rand, tags
from plebiscite.crypto.hashing import H
from plebiscite.crypto.signatures import (
    SIGNATURE_BYTES,
    SigningKey,
    VerifyingKey,
    signed_message,
    verify_together,
)
from plebiscite.errors import ParameterError, ProofError, RecordError
from plebiscite.model.codec import (
    JSONObject,
    JSONValue,
    check_json_value,
    dumps_canonical,
    loads_strict,
    plain_json_text,
    require_fields,
    require_hex,
    require_int,
    require_object,
    require_str,
)

__all__ = [
    "ELECTION_ID_BYTES",
    "ENTRY_FIELDS",
    "ENTRY_KINDS",
    "GENESIS_PREV",
    "HASH_BYTES",
    "HEAD_FIELDS",
    "REFUSAL_FIELDS",
    "Entry",
    "Receipt",
    "ScannedBallot",
    "SignedHead",
    "SignedRefusal",
    "check_body",
    "check_link",
    "entry_hash",
    "format_time",
    "head_message",
    "heads_signed",
    "parse_entry",
    "parse_head",
    "parse_refusal",
    "read_entry",
    "scan_ballot_line",
    "submission_hash",
]

HASH_BYTES: Final = 32
ELECTION_ID_BYTES: Final = 16
GENESIS_PREV: Final = bytes(HASH_BYTES)

#: every kind of board entry, in the order an election produces them (DESIGN §4)
ENTRY_KINDS: Final = (
    "manifest",
    "trustee_commit",
    "trustee_reveal",
    "trustee_shares",
    "trustee_complaint",
    "trustee_share_reveal",
    "election_key",
    "liveness",
    "credential_roll",
    "registrar_roll",
    "credential_roll_final",
    "open",
    "ballot",
    "challenge",
    "close",
    "tally",
    "partial_decryption",
    "result",
    "mix_chunk",
    "mix",
    # the fake-credentials tally (record.md §6), after close
    "tag_commit",
    "tally_chunk",
    "tag_blind",
    "tag_decrypt",
    "tag_dedup",
    "pet_blind",
    "pet_decrypt",
    "pet_match",
)
_KIND_SET: Final = frozenset(ENTRY_KINDS)

ENTRY_FIELDS: Final = ("index", "time", "kind", "body", "prev", "hash")
HEAD_FIELDS: Final = ("election_id", "index", "entry_hash", "time", "signature")
REFUSAL_FIELDS: Final = ("election_id", "submission", "reason", "time", "signature")

_REASON = re.compile(r"[a-z][a-z0-9_]{0,63}")
_U64_MAX: Final = (1 << 64) - 1


def entry_hash(index: int, time: int, kind: str, body: JSONObject, prev: bytes) -> bytes:
    """``H(ENTRY_HASH, index, time, kind, body, prev)``: the 32-byte hash an entry carries."""
    return H(tags.ENTRY_HASH, index, time, kind, body, prev)


def submission_hash(kind: str, body: JSONObject) -> bytes:
    """``H(SUBMISSION_HASH, kind, body)``: names a submission the board refused."""
    return H(tags.SUBMISSION_HASH, kind, body)


def check_body(kind: object, body: object, where: str, *, plain: bool = False) -> None:
    """Refuse an unknown kind or a body that is not a JSON object of JSON values (``plain``: the
    values are known to be, :func:`~plebiscite.model.codec.plain_json_text`)."""
    if not isinstance(kind, str) or kind not in _KIND_SET:
        raise RecordError.at(where, "kind", f"unknown entry kind {kind!r}")
    require_object(body, where, "body")
    if not plain:
        check_json_value(body, where, "body")


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of the board. Build new ones with :meth:`create`; never mutate ``body``."""

    index: int
    time: int
    kind: str
    body: JSONObject = field(hash=False)
    prev: bytes
    hash: bytes
    #: whether this process has seen ``hash`` be the hash of this content (never compared;
    #: not an argument, so :func:`dataclasses.replace` resets it)
    hash_known: bool = field(default=False, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        where = f"entry {self.index}"
        if type(self.index) is not int or not 0 <= self.index <= _U64_MAX:
            raise RecordError.at(where, "index", "not an integer in [0, 2^64)")
        if type(self.time) is not int or not 0 <= self.time <= _U64_MAX:
            raise RecordError.at(where, "time", "not an integer in [0, 2^64)")
        if self.kind not in _KIND_SET:
            raise RecordError.at(where, "kind", f"unknown entry kind {self.kind!r}")
        if type(self.body) is not dict:
            raise RecordError.at(where, "body", "expected an object")
        for name, value in (("prev", self.prev), ("hash", self.hash)):
            if not isinstance(value, bytes) or len(value) != HASH_BYTES:
                raise RecordError.at(where, f"{name}", f"expected {HASH_BYTES} bytes")

    @classmethod
    def create(
        cls,
        index: int,
        time: int,
        kind: str,
        body: JSONObject,
        prev: bytes,
        *,
        body_checked: bool = False,
    ) -> Entry:
        """A new entry with its hash computed; the body is checked against the JSON value rules
        (unless ``body_checked``: the caller has just checked it with :func:`check_body`)."""
        if not body_checked:
            check_body(kind, body, f"entry {index}")
        cls(index, time, kind, body, prev, GENESIS_PREV)  # envelope checks
        made = cls(index, time, kind, body, prev, entry_hash(index, time, kind, body, prev))
        object.__setattr__(made, "hash_known", True)
        return made

    def recomputed_hash(self) -> bytes:
        """The hash this entry's content gives (compare with :attr:`hash` for V1); not computed
        again when this process already knows it (:attr:`hash_known`)."""
        if self.hash_known:
            return self.hash
        return entry_hash(self.index, self.time, self.kind, self.body, self.prev)

    def check_hash(self) -> bool:
        """Whether the stored hash is the content's hash (remembered when it is)."""
        if self.hash_known:
            return True
        if entry_hash(self.index, self.time, self.kind, self.body, self.prev) != self.hash:
            return False
        object.__setattr__(self, "hash_known", True)
        return True

    def to_json(self) -> JSONObject:
        """The entry as a JSON object (hashes in lowercase hex)."""
        return {
            "index": self.index,
            "time": self.time,
            "kind": self.kind,
            "body": self.body,
            "prev": self.prev.hex(),
            "hash": self.hash.hex(),
        }

    def to_line(self) -> str:
        """The entry as one line of the record (compact JSON, sorted keys, no newline)."""
        return dumps_canonical(self.to_json())


def read_entry(value: str | bytes | JSONValue, where: str) -> Entry:
    """Parse an entry strictly (text, or an already parsed JSON object) without checking its hash.

    Checks the exact envelope fields, their types, the kind and the JSON value rules of the body.
    The stored hash is kept as read; :meth:`Entry.recomputed_hash` gives the expected one.
    """
    if isinstance(value, str | bytes):
        obj = loads_strict(value, where)
        if type(obj) is dict and obj.keys() == _ENTRY_KEYS:
            found = _plain_entry(obj, value, where)
            if found is not None:
                return found
    else:
        obj = value
    env = require_object(obj, where, "entry")
    require_fields(env, where, "entry", ENTRY_FIELDS)
    index = require_int(env, "index", where, "entry", maximum=_U64_MAX)
    time = require_int(env, "time", where, "entry", maximum=_U64_MAX)
    kind = require_str(env, "kind", where, "entry")
    body = env["body"]
    check_body(kind, body, where, plain=isinstance(value, bytes) and plain_json_text(value))
    assert type(body) is dict  # checked by check_body
    prev = require_hex(env, "prev", where, "entry", HASH_BYTES)
    stored = require_hex(env, "hash", where, "entry", HASH_BYTES)
    return Entry(index, time, kind, body, prev, stored)


_ENTRY_KEYS: Final = frozenset(ENTRY_FIELDS)


def _hash_bytes(text: object) -> bytes | None:
    """The 32 bytes of ``text`` when it is exactly 64 lowercase hex digits, else None."""
    if type(text) is not str or len(text) != 2 * HASH_BYTES:
        return None
    try:
        raw = bytes.fromhex(text)
    except ValueError:
        return None
    return raw if raw.hex() == text else None  # fromhex also reads upper case and spaces


def _plain_entry(env: JSONObject, value: str | bytes, where: str) -> Entry | None:
    """:func:`read_entry` of a parsed envelope whose fields are exactly the entry's, in one pass
    of type tests, when every envelope value is as it must be and the body passes
    :func:`check_body`; None for anything else, which the field-by-field checks then name (they
    accept exactly what this accepts)."""
    index, time, kind, body = env["index"], env["time"], env["kind"], env["body"]
    if not (
        type(index) is int
        and 0 <= index <= _U64_MAX
        and type(time) is int
        and 0 <= time <= _U64_MAX
        and type(kind) is str
        and type(body) is dict
    ):
        return None
    prev, stored = _hash_bytes(env["prev"]), _hash_bytes(env["hash"])
    if prev is None or stored is None:
        return None
    check_body(kind, body, where, plain=isinstance(value, bytes) and plain_json_text(value))
    return Entry(index, time, kind, body, prev, stored)


def parse_entry(value: str | bytes | JSONValue, where: str) -> Entry:
    """:func:`read_entry`, then refuse an entry whose stored hash is not its recomputed hash."""
    entry = read_entry(value, where)
    if not entry.check_hash():
        raise RecordError.at(
            where,
            "entry.hash",
            f"stored {entry.hash.hex()} but the entry hashes to {entry.recomputed_hash().hex()}",
        )
    return entry


#: the end of a ballot's line as the board writes it (:meth:`Entry.to_line`: sorted keys, no
#: spaces): the envelope after the body
_BALLOT_TAIL: Final = re.compile(
    rb'\},"hash":"([0-9a-f]{64})","index":(0|[1-9][0-9]{0,19}),"kind":"ballot",'
    rb'"prev":"([0-9a-f]{64})","time":(0|[1-9][0-9]{0,19})\}'
)
#: the start of a ballot's line as the board writes it, up to the body's district
_BALLOT_HEAD: Final = re.compile(
    rb'\{"body":\{"credential":"[0-9a-f]{64}","district":"([ -!#-\[\]-~]{0,256})",'
)


@dataclass(frozen=True, slots=True)
class ScannedBallot:
    """What :func:`scan_ballot_line` finds in a ballot's line without parsing it: the envelope
    (all but the body) and the body's district. Nothing here is checked: it is what the strict
    parse gives only when :meth:`agrees` with that parse says so."""

    index: int
    time: int
    prev: bytes
    hash: bytes
    district: str

    def agrees(self, entry: Entry) -> bool:
        """Whether the strict parse of the same line gave this envelope and district."""
        return (
            entry.kind == "ballot"
            and entry.index == self.index
            and entry.time == self.time
            and entry.prev == self.prev
            and entry.hash == self.hash
            and entry.body.get("district") == self.district
        )


def scan_ballot_line(line: bytes) -> ScannedBallot | None:
    """The envelope and district of a ballot's line in the layout :meth:`Entry.to_line` writes,
    found by two anchored patterns instead of a JSON parse; None for any other line (another
    kind, another layout, escapes in the district). A cheap first look for a process that
    leaves the strict parse (:func:`read_entry`) to another: whoever parses the line strictly
    must check :meth:`ScannedBallot.agrees` before anything scanned is used."""
    start = line.rfind(b'},"hash":"')
    if start < 0:
        return None
    tail = _BALLOT_TAIL.fullmatch(line, start)
    head = _BALLOT_HEAD.match(line) if tail is not None else None
    if tail is None or head is None:
        return None
    return ScannedBallot(
        int(tail[2]),
        int(tail[4]),
        bytes.fromhex(tail[3].decode("ascii")),
        bytes.fromhex(tail[1].decode("ascii")),
        head[1].decode("ascii"),
    )


def check_link(previous: Entry | None, entry: Entry, where: str) -> None:
    """Refuse ``entry`` as the successor of ``previous`` (None: as the first entry).

    The index must be the next one, ``prev`` the previous hash (zeros first) and the time must
    not decrease.
    """
    want_index = 0 if previous is None else previous.index + 1
    want_prev = GENESIS_PREV if previous is None else previous.hash
    if entry.index != want_index:
        raise RecordError.at(where, "index", f"{entry.index} where {want_index} was expected")
    if entry.prev != want_prev:
        raise RecordError.at(
            where, "prev", f"{entry.prev.hex()} does not link to {want_prev.hex()}"
        )
    if previous is not None and entry.time < previous.time:
        raise RecordError.at(
            where, "time", f"{entry.time} is before the previous entry's {previous.time}"
        )


def head_message(election_id: bytes, index: int, entry_hash: bytes, time: int) -> bytes:
    """The 32-byte message of a signed head: ``H(SIGNED_HEAD, election_id, index, entry_hash,
    time)`` (docs/spec.md §7.4)."""
    return signed_message(tags.SIGNED_HEAD, election_id, index, entry_hash, time)


def _check_election_id(election_id: object) -> bytes:
    if not isinstance(election_id, bytes) or len(election_id) != ELECTION_ID_BYTES:
        raise ParameterError(f"election id: expected {ELECTION_ID_BYTES} bytes")
    return election_id


@dataclass(frozen=True, slots=True)
class SignedHead:
    """The board's signature on its head: ``(election_id, index, entry_hash, time)``.

    The receipt of an accepted entry is the signed head at its index. Observers keep every head
    they see; V1 checks that each one is in the chain.
    """

    election_id: bytes
    index: int
    entry_hash: bytes
    time: int
    signature: bytes

    @classmethod
    def sign(
        cls,
        key: SigningKey,
        election_id: bytes,
        index: int,
        entry_hash: bytes,
        time: int,
        rng: rand.Random | None = None,
    ) -> SignedHead:
        """Sign the head at ``index`` with the board key."""
        _check_election_id(election_id)
        signature = key.sign_raw(head_message(election_id, index, entry_hash, time), rng=rng)
        return cls(election_id, index, entry_hash, time, signature)

    @classmethod
    def for_entry(
        cls, key: SigningKey, election_id: bytes, entry: Entry, rng: rand.Random | None = None
    ) -> SignedHead:
        """The signed head (receipt) at ``entry``."""
        return cls.sign(key, election_id, entry.index, entry.hash, entry.time, rng)

    @classmethod
    def for_entries(
        cls,
        key: SigningKey,
        election_id: bytes,
        entries: Sequence[Entry],
        rng: rand.Random | None = None,
    ) -> list[SignedHead]:
        """The signed head (receipt) at each of ``entries``: :meth:`for_entry` of each, the
        signatures verified together before any is returned (``SigningKey.sign_many``)."""
        _check_election_id(election_id)
        messages = [head_message(election_id, e.index, e.hash, e.time) for e in entries]
        signatures = key.sign_many(messages, rng)
        return [
            cls(election_id, e.index, e.hash, e.time, signature)
            for e, signature in zip(entries, signatures, strict=True)
        ]

    def message(self) -> bytes:
        """The 32-byte message the board key signs (:func:`head_message`)."""
        return head_message(self.election_id, self.index, self.entry_hash, self.time)

    def verify(self, board_key: VerifyingKey) -> bool:
        """Whether the signature is the board key's over this head."""
        return board_key.verify_raw(self.signature, self.message())

    def check(self, board_key: VerifyingKey, where: str) -> None:
        """Raise :class:`ProofError` naming ``where`` unless the signature verifies."""
        if not self.verify(board_key):
            raise ProofError(f"{where}: signed head at index {self.index} does not verify")

    def matches(self, entry: Entry) -> bool:
        """Whether this head names ``entry`` (same index, hash and time)."""
        return (
            self.index == entry.index and self.entry_hash == entry.hash and self.time == entry.time
        )

    def to_json(self) -> JSONObject:
        """The head as a JSON object (bytes in lowercase hex)."""
        return {
            "election_id": self.election_id.hex(),
            "index": self.index,
            "entry_hash": self.entry_hash.hex(),
            "time": self.time,
            "signature": self.signature.hex(),
        }

    def to_line(self) -> str:
        """The head as one line of ``heads.jsonl``."""
        return dumps_canonical(self.to_json())


def heads_signed(board_key: VerifyingKey, heads: Sequence[SignedHead]) -> list[bool]:
    """Whether each head's signature is the board key's: :meth:`SignedHead.verify` of each,
    checked together (:func:`~plebiscite.crypto.signatures.verify_together`, spec §7.1: the
    board's key is one term of one multi-exponentiation for them all)."""
    return verify_together([(board_key, head.signature, head.message()) for head in heads])


#: the receipt for an accepted entry is the signed head at its index
Receipt = SignedHead


#: a signed head's line as :meth:`SignedHead.to_line` writes it (sorted keys, no spaces)
_HEAD_LINE: Final = re.compile(
    rb'\{"election_id":"([0-9a-f]{%d})","entry_hash":"([0-9a-f]{%d})",'
    rb'"index":(0|[1-9][0-9]{0,19}),"signature":"([0-9a-f]{%d})",'
    rb'"time":(0|[1-9][0-9]{0,19})\}' % (2 * ELECTION_ID_BYTES, 2 * HASH_BYTES, 2 * SIGNATURE_BYTES)
)


def parse_head(value: str | bytes | JSONValue, where: str) -> SignedHead:
    """Parse a signed head strictly (exact fields, lowercase hex of the right lengths).

    The signature is not checked here: call :meth:`SignedHead.check` with the board key. A line
    in the layout :meth:`SignedHead.to_line` writes is read by one anchored pattern, which
    accepts exactly what the strict parse accepts in that layout; any other text is parsed.
    """
    if isinstance(value, bytes):
        found = _HEAD_LINE.fullmatch(value)
        if found is not None:
            index, time = int(found[3]), int(found[5])
            if index <= _U64_MAX and time <= _U64_MAX:
                return SignedHead(
                    unhexlify(found[1]), index, unhexlify(found[2]), time, unhexlify(found[4])
                )
    obj = loads_strict(value, where) if isinstance(value, str | bytes) else value
    env = require_object(obj, where, "head")
    require_fields(env, where, "head", HEAD_FIELDS)
    return SignedHead(
        election_id=require_hex(env, "election_id", where, "head", ELECTION_ID_BYTES),
        index=require_int(env, "index", where, "head", maximum=_U64_MAX),
        entry_hash=require_hex(env, "entry_hash", where, "head", HASH_BYTES),
        time=require_int(env, "time", where, "head", maximum=_U64_MAX),
        signature=require_hex(env, "signature", where, "head", SIGNATURE_BYTES),
    )


@dataclass(frozen=True, slots=True)
class SignedRefusal:
    """The board's signature on its refusal of a submission (a well-formed signed ballot).

    ``submission`` is :func:`submission_hash` of the refused kind and body; ``reason`` a short
    code (``[a-z][a-z0-9_]*``, at most 64 characters); ``time`` the board time of the refusal.
    """

    election_id: bytes
    submission: bytes
    reason: str
    time: int
    signature: bytes

    @classmethod
    def sign(
        cls,
        key: SigningKey,
        election_id: bytes,
        submission: bytes,
        reason: str,
        time: int,
        rng: rand.Random | None = None,
    ) -> SignedRefusal:
        """Sign the refusal of ``submission`` for ``reason`` at board time ``time``."""
        _check_election_id(election_id)
        if not isinstance(reason, str) or not _REASON.fullmatch(reason):
            raise ParameterError(f"refusal reason {reason!r} is not a short lowercase code")
        if len(submission) != HASH_BYTES:
            raise ParameterError(f"refused submission: expected a {HASH_BYTES}-byte hash")
        signature = key.sign(tags.SIGNED_REFUSAL, election_id, submission, reason, time, rng=rng)
        return cls(election_id, submission, reason, time, signature)

    def verify(self, board_key: VerifyingKey) -> bool:
        """Whether the signature is the board key's over this refusal."""
        return board_key.verify(
            self.signature,
            tags.SIGNED_REFUSAL,
            self.election_id,
            self.submission,
            self.reason,
            self.time,
        )

    def to_json(self) -> JSONObject:
        """The refusal as a JSON object (bytes in lowercase hex)."""
        return {
            "election_id": self.election_id.hex(),
            "submission": self.submission.hex(),
            "reason": self.reason,
            "time": self.time,
            "signature": self.signature.hex(),
        }


def parse_refusal(value: str | bytes | JSONValue, where: str) -> SignedRefusal:
    """Parse a signed refusal strictly; the signature is checked by :meth:`SignedRefusal.verify`."""
    obj = loads_strict(value, where) if isinstance(value, str | bytes) else value
    env = require_object(obj, where, "refusal")
    require_fields(env, where, "refusal", REFUSAL_FIELDS)
    reason = require_str(env, "reason", where, "refusal")
    if not _REASON.fullmatch(reason):
        raise RecordError.at(where, "refusal.reason", f"{reason!r} is not a reason code")
    return SignedRefusal(
        election_id=require_hex(env, "election_id", where, "refusal", ELECTION_ID_BYTES),
        submission=require_hex(env, "submission", where, "refusal", HASH_BYTES),
        reason=reason,
        time=require_int(env, "time", where, "refusal", maximum=_U64_MAX),
        signature=require_hex(env, "signature", where, "refusal", SIGNATURE_BYTES),
    )


def format_time(time_us: int) -> str:
    """A board time as an ISO 8601 UTC string to the second."""
    return datetime.fromtimestamp(time_us / 1_000_000, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
