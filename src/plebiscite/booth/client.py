"""The voter's flow: encrypt, show the tracking hash, then cast or challenge; keep the receipts.

:func:`run_booth` encrypts the voter's choices with fresh randomness and shows the tracking hash
(:meth:`VoterInterface.show_tracking`) *before* it asks whether to cast or to challenge
(:meth:`VoterInterface.decide`). **Cast**: the board's latest signed head is read and checked
against the board key, the ballot is signed with the credential key naming that head (spec
§11.4: a ballot held back goes stale) and posted as a ``ballot`` entry; the board's receipt (the
signed head at the entry) is kept. **Challenge**:
the ballot is posted opened, as a ``challenge`` entry (never signed by the credential, never to be
cast: the board and V6 refuse a ballot with its identity), and the choices are encrypted afresh
(a new tracking hash) and the voter is asked again.

Receipts are kept in the voter's state directory, one JSON file per posted entry
(:class:`ReceiptStore`)::

    receipts/<index>-<kind>.json
        {"format": "plebiscite-receipt-v1", "kind": "ballot" | "challenge",
         "tracking": "<the tracking hash as shown>", "head": <the signed head (receipt)>}

A ballot the board refuses with its signature (a board service refusing a well-formed signed
ballot: voting not open or closed, outside the window, a replay…) is evidence too: the refusal,
checked against the board key, is kept with the ballot it refused (:class:`BallotRefused` names
the file)::

    refusals/<board time>-ballot.json
        {"format": "plebiscite-refusal-v1", "kind": "ballot", "tracking": "…", "reason": "…",
         "ballot": <the ballot body refused>, "refusal": <the board's signed refusal>}

Anyone can recompute the submission hash of ``ballot`` and check the board key's signature.

:func:`check_receipt` lets the voter check later, with the board key of the manifest, that her
entry is in the board's chain.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal, Protocol

from plebiscite.board.board import Appended
from plebiscite.board.http import Refused
from plebiscite.crypto import rand
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.errors import InputError, ParameterError, ProofError, RecordError
from plebiscite.model.ballot import Ballot, BallotParams, Challenge, NamedHead
from plebiscite.model.ballot.create import encrypt_ballot
from plebiscite.model.codec import JSONObject, dumps_canonical, loads_strict
from plebiscite.model.entry import (
    Entry,
    SignedHead,
    SignedRefusal,
    check_link,
    parse_head,
    submission_hash,
)
from plebiscite.rules.checker import Checker
from plebiscite.state.files import read_bounded, write_atomic

__all__ = [
    "RECEIPT_FORMAT",
    "REFUSAL_FORMAT",
    "BallotRefused",
    "Decision",
    "LatestHead",
    "Posted",
    "ReceiptStore",
    "StoredReceipt",
    "VoteOutcome",
    "VoterInterface",
    "as_decision",
    "check_receipt",
    "counted_ballot",
    "keep_posted",
    "named_head",
    "run_booth",
]

RECEIPT_FORMAT: Final = "plebiscite-receipt-v1"
REFUSAL_FORMAT: Final = "plebiscite-refusal-v1"
_MAX_RECEIPT_BYTES: Final = 1 << 16

Decision = Literal["cast", "challenge"]
#: posts one entry to the board: ``(kind, body) -> Appended`` (the entry and its receipt)
Post = Callable[[str, JSONObject], Appended]
#: reads the board's latest signed head (None on an empty board)
LatestHead = Callable[[], SignedHead | None]


class VoterInterface(Protocol):
    """What the booth shows and asks. The tracking hash is always shown before :meth:`decide`."""

    def show_tracking(self, tracking: str) -> None:
        """Show the tracking hash of the ballot just encrypted (not yet cast or challenged)."""
        ...

    def decide(self) -> Decision:
        """Ask the voter: ``"cast"`` or ``"challenge"``."""
        ...

    def challenged(self, posted: Posted) -> None:
        """Tell the voter her ballot was posted opened and how to check it."""
        ...

    def cast(self, posted: Posted) -> None:
        """Tell the voter her ballot was cast and where its receipt is kept."""
        ...


@dataclass(frozen=True, slots=True)
class Posted:
    """An entry the booth posted: its kind, tracking hash, board entry and receipt file."""

    kind: str
    tracking: str
    entry: Entry
    receipt: SignedHead
    receipt_file: Path | None


@dataclass(frozen=True, slots=True)
class VoteOutcome:
    """What :func:`run_booth` did: the challenges posted, then the cast ballot (if any)."""

    challenges: tuple[Posted, ...]
    cast: Posted | None
    ballot: Ballot | None


@dataclass(frozen=True, slots=True)
class StoredReceipt:
    """A receipt read back from the state directory."""

    kind: str
    tracking: str
    head: SignedHead
    path: Path


class ReceiptStore:
    """The voter's receipts in ``<state dir>/receipts``, one file per posted entry."""

    def __init__(self, state_dir: str | os.PathLike[str]) -> None:
        self.directory = Path(state_dir) / "receipts"

    def save(self, kind: str, tracking: str, receipt: SignedHead) -> Path:
        """Write the receipt durably (a new file, fsynced, renamed into place); return its path."""
        self.directory.mkdir(parents=True, exist_ok=True)
        document: JSONObject = {
            "format": RECEIPT_FORMAT,
            "kind": kind,
            "tracking": tracking,
            "head": receipt.to_json(),
        }
        path = self.directory / f"{receipt.index}-{kind}.json"
        write_atomic(path, (dumps_canonical(document) + "\n").encode("utf-8"), 0o600)
        return path

    def save_refusal(self, tracking: str, ballot: JSONObject, refusal: SignedRefusal) -> Path:
        """Keep the board's signed refusal of ``ballot`` durably; return the file's path."""
        directory = self.directory.parent / "refusals"
        directory.mkdir(parents=True, exist_ok=True)
        document: JSONObject = {
            "format": REFUSAL_FORMAT,
            "kind": "ballot",
            "tracking": tracking,
            "reason": refusal.reason,
            "ballot": ballot,
            "refusal": refusal.to_json(),
        }
        path = directory / f"{refusal.time}-ballot.json"
        write_atomic(path, (dumps_canonical(document) + "\n").encode("utf-8"), 0o600)
        return path

    @staticmethod
    def load(path: str | os.PathLike[str]) -> StoredReceipt:
        """Read one receipt file strictly."""
        file = Path(path)
        where = str(file)
        raw = read_bounded(file, _MAX_RECEIPT_BYTES, "the receipt")
        try:
            obj = loads_strict(raw, where)
            if not isinstance(obj, dict):
                raise RecordError(f"{where}: expected a JSON object")
            if obj.get("format") != RECEIPT_FORMAT:
                raise RecordError.at(where, "format", f"not {RECEIPT_FORMAT!r}")
            kind, tracking = obj.get("kind"), obj.get("tracking")
            if kind not in ("ballot", "challenge") or not isinstance(tracking, str):
                raise RecordError(f"{where}: fields kind and tracking: not a booth receipt")
            head = parse_head(obj.get("head"), where)
        except RecordError as exc:
            raise InputError(str(exc)) from None
        return StoredReceipt(str(kind), tracking, head, file)

    def all(self) -> list[StoredReceipt]:
        """Every receipt kept, in board order."""
        if not self.directory.is_dir():
            return []
        found = [self.load(p) for p in self.directory.glob("*.json")]
        return sorted(found, key=lambda r: r.head.index)


class BallotRefused(InputError):
    """The board refused the cast ballot: ``reason``; ``evidence`` is the file that keeps its
    signed refusal (None when the refusal was not signed, or its signature does not verify)."""

    def __init__(self, reason: str, tracking: str, evidence: Path | None, note: str) -> None:
        message = f"the board refused your ballot {tracking}: {reason}."
        if evidence is not None:
            message += (
                f" Its signed refusal is kept in {evidence}: it shows that the board turned "
                "this ballot away, and when."
            )
        elif note:
            message += f" {note}"
        super().__init__(message)
        self.reason = reason
        self.evidence = evidence


def refusal_error(
    exc: Refused,
    tracking: str,
    ballot: JSONObject,
    receipts: ReceiptStore | None,
    board_key: VerifyingKey | None,
) -> BallotRefused:
    """The voter's error for a refused ballot, its signed refusal kept when it verifies."""
    signed = exc.refusal
    if signed is None:
        return BallotRefused(exc.reason, tracking, None, exc.message)
    genuine = (
        board_key is not None
        and signed.verify(board_key)
        and signed.reason == exc.reason
        and signed.submission == submission_hash("ballot", ballot)
    )
    if not genuine:
        note = "The board's signed refusal does not verify under the manifest's board key."
        return BallotRefused(exc.reason, tracking, None, note)
    path = receipts.save_refusal(tracking, ballot, signed) if receipts is not None else None
    return BallotRefused(exc.reason, tracking, path, "")


def as_decision(value: object) -> Decision:
    """The voter interface's answer as a :data:`Decision` (anything else is refused)."""
    if value == "cast":
        return "cast"
    if value == "challenge":
        return "challenge"
    raise InputError(f"booth: the answer must be cast or challenge, got {value!r}")


def run_booth(
    params: BallotParams,
    district: str,
    key: SigningKey,
    selections: Sequence[Sequence[int]],
    ui: VoterInterface,
    post: Post,
    *,
    receipts: ReceiptStore | None = None,
    max_rounds: int = 100,
    rng: rand.Random | None = None,
    board_key: VerifyingKey | None = None,
    latest: LatestHead,
) -> VoteOutcome:
    """Run the voter's flow until she casts (or ``max_rounds`` ballots have been challenged).

    ``key`` is the credential's key (derived before encrypting: the ballot statement binds its
    public key). Every round encrypts afresh, shows the tracking hash, then asks. A cast names
    the head ``latest`` reads (:func:`named_head`: signed by ``board_key`` when given). A cast
    ballot the board refuses raises :class:`BallotRefused`; its signed refusal is kept in
    ``receipts`` when it verifies under ``board_key``.
    """
    if max_rounds < 1:
        raise ParameterError("booth: max_rounds must be at least 1")
    group = params.group
    challenges: list[Posted] = []
    for _ in range(max_rounds):
        opened = encrypt_ballot(params, district, key.public.xonly, selections, rng)
        tracking = opened.tracking_text
        ui.show_tracking(tracking)
        decision = as_decision(ui.decide())
        if decision == "challenge":
            challenge: Challenge = opened.challenge()
            appended = post("challenge", challenge.to_json(group))
            posted = keep_posted("challenge", tracking, appended, receipts)
            challenges.append(posted)
            ui.challenged(posted)
            continue
        ballot = opened.cast(key, params, named_head(latest(), board_key))
        posted = post_ballot(post, ballot.to_json(group), tracking, receipts, board_key)
        ui.cast(posted)
        return VoteOutcome(tuple(challenges), posted, ballot)
    return VoteOutcome(tuple(challenges), None, None)


def named_head(head: SignedHead | None, board_key: VerifyingKey | None) -> NamedHead:
    """The head a ballot names, from the board's latest signed head: it must verify under
    ``board_key`` (the manifest's board key) when given, so that what the voter signs is a
    head the board signed (spec §11.4)."""
    if head is None:
        raise ProofError("board: no signed head to name in the ballot (the board is empty)")
    if board_key is not None and not head.verify(board_key):
        raise ProofError(f"board: the head at index {head.index} is not signed by the board key")
    return NamedHead(head.index, head.entry_hash)


def counted_ballot(entries: Sequence[Entry], credential: bytes) -> Entry | None:
    """The ballot entry that counts for ``credential`` on the chain ``entries``: V6 over the
    whole chain (the verifier's checker: named heads order revotes, spec §11.4), None when no
    valid ballot of the credential is there. A voter whose receipt names another entry was
    superseded by this one."""
    checker = Checker()
    try:
        checker.feed_all(entries)
        counted = checker.counted(credential)
    finally:
        checker.close()
    if counted is None:
        return None
    return next(e for e in entries if e.index == counted.index)


def post_ballot(
    post: Post,
    body: JSONObject,
    tracking: str,
    receipts: ReceiptStore | None,
    board_key: VerifyingKey | None,
) -> Posted:
    """Post a cast ballot and keep its receipt; :class:`BallotRefused` (with the board's signed
    refusal kept when it verifies under ``board_key``) if the board refuses it."""
    try:
        appended = post("ballot", body)
    except Refused as exc:
        raise refusal_error(exc, tracking, body, receipts, board_key) from None
    return keep_posted("ballot", tracking, appended, receipts)


def keep_posted(
    kind: str, tracking: str, appended: Appended, receipts: ReceiptStore | None
) -> Posted:
    entry, receipt = appended
    if entry.kind != kind or not receipt.matches(entry):
        raise ProofError(f"board: the receipt for the {kind} does not name the entry posted")
    path = receipts.save(kind, tracking, receipt) if receipts is not None else None
    return Posted(kind, tracking, entry, receipt, path)


def check_receipt(
    receipt: SignedHead,
    board_key: VerifyingKey,
    entries: Iterable[Entry],
    election_id: bytes | None = None,
) -> Entry:
    """Check that ``receipt`` is the board's and that its entry is in the chain ``entries``.

    The receipt must verify under ``board_key`` (the manifest's board key) and name
    ``election_id`` when given; the chain is checked link by link (hash, ``prev``, index, time)
    up to the receipted entry, which must have the receipt's index, hash and time. Returns that
    entry; raises :class:`ProofError` or :class:`RecordError` otherwise.
    """
    if not receipt.verify(board_key):
        raise ProofError(f"receipt at index {receipt.index}: not signed by the board key")
    if election_id is not None and receipt.election_id != election_id:
        raise ProofError(f"receipt at index {receipt.index}: names another election")
    previous: Entry | None = None
    for entry in entries:
        where = f"entry {entry.index}"
        if entry.hash != entry.recomputed_hash():
            raise RecordError.at(where, "hash", "does not match the entry's content")
        check_link(previous, entry, where)
        if entry.index == receipt.index:
            if not receipt.matches(entry):
                raise ProofError(
                    f"receipt at index {receipt.index}: the board's entry there is not the one "
                    f"receipted (hash {entry.hash.hex()}, receipt {receipt.entry_hash.hex()})"
                )
            return entry
        previous = entry
    raise ProofError(f"receipt at index {receipt.index}: the board has no entry there")
