"""The counted set of a board, from the verifier's checker: aggregates, figures, problems.

:func:`count_board` feeds every entry to :class:`~plebiscite.rules.checker.Checker` and keeps
what the authority's tally and each trustee's ``decrypt`` need: the recomputed tally (per
district × question × option the product of the counted ballots' ciphertexts, and the number of
ballots counted), the figures (superseded, challenged, received), the ceremony, the election
context, and the checks that failed up to V7. It also reads the counting entries already posted
(the tally, the partial decryptions, the result) strictly: only the first ``tally`` entry is
considered, and only when it parses and carries the authority's signature.

:class:`BoardFollower` keeps the checker of a party that follows the board while it is open, so
that each count after the close checks only the entries added since the last.

Memory: the entries are consumed one at a time, in one pass, and never kept; what stays is the
checker's state (which moves to files above its ``spill_at`` rows), the first index of each
entry kind, and the counting entries themselves (a tally, a few partial decryptions, a result).
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from itertools import islice
from typing import Final

from plebiscite.board.client import BoardClient
from plebiscite.crypto.group import Group
from plebiscite.errors import InputError, PlebisciteError, ProofError, RecordError
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.signed import verify_body_signature
from plebiscite.model.tally import (
    PARTIAL_KIND,
    RESULT_KIND,
    TALLY_KIND,
    PartialDecryption,
    Tally,
    check_partial_decryption,
    parse_partial_decryption,
    parse_tally,
)
from plebiscite.rules import saved
from plebiscite.rules.ceremony import CeremonyResult
from plebiscite.rules.checker import DEFAULT_BATCH, Checker, CheckerSnapshot
from plebiscite.rules.counting import BoardFigures
from plebiscite.rules.report import Failure
from plebiscite.rules.state import DEFAULT_SPILL_AT, CredentialState, EntryLog

__all__ = [
    "COUNTING_KINDS",
    "MODE_TALLY_CHECKS",
    "BoardCount",
    "BoardFollower",
    "count_board",
]

#: what :mod:`plebiscite.rules.saved` records a saved follower as
FOLLOWER_STATE: Final = "board-follower"

#: the kinds of the entries posted after the close that :func:`count_board` keeps
COUNTING_KINDS: Final = frozenset({TALLY_KIND, PARTIAL_KIND, RESULT_KIND})
#: the checks of the fake-credentials tally's steps 2–4 (the kept lists' mixes, the tags, the
#: equality tests): in that mode the counted set is what they decide (spec §16.5 step 5)
MODE_TALLY_CHECKS: Final = ("V11", "V13", "V14")


@dataclass
class BoardCount:
    """What :func:`count_board` found; ``tally`` is the recomputed one, ``posted_tally`` the
    board's (with its entry; None when there is none or it is malformed or not signed by the
    authority, ``tally_problems`` says why), ``partials`` the valid partial decryptions by
    trustee index; ``first`` the index of the first entry of each kind on the board, ``counting``
    every entry of the :data:`COUNTING_KINDS`, in board order."""

    definition: Definition
    group: Group
    ceremony: CeremonyResult
    election_ctx: bytes
    open_index: int
    close_index: int | None
    tally: Tally
    figures: BoardFigures
    failures: tuple[Failure, ...]
    posted_tally: tuple[Entry, Tally] | None = None
    partials: dict[int, PartialDecryption] = field(default_factory=dict)
    partial_problems: list[str] = field(default_factory=list)
    result_index: int | None = None
    tally_problems: list[str] = field(default_factory=list)
    first: dict[str, int] = field(default_factory=dict)
    counting: list[Entry] = field(default_factory=list)
    #: mode fake-credentials: the districts with valid ballots of the mode (V12) whose tally has
    #: not begun on the board (no tag entry yet); their counted set is unknown
    untagged: tuple[str, ...] = ()

    @property
    def election_id(self) -> bytes:
        assert self.definition.election_id is not None
        return self.definition.election_id

    @property
    def closed(self) -> bool:
        return self.close_index is not None

    def failed(self, checks: Iterable[str]) -> list[Failure]:
        """The failures of the checks named."""
        wanted = set(checks)
        return [f for f in self.failures if f.check in wanted]

    def mode_failures(self) -> list[Failure]:
        """Mode fake-credentials: why the counted set is not yet one to tally, decrypt or
        publish: the failures of V11, V13 and V14 (a wrong tag, mix or test entry, at its entry;
        a district whose tally stopped before its ``tag_dedup`` or ``pet_match``), and each
        district whose valid ballots no tag round has taken up yet. Empty in the mode revote."""
        if not self.definition.fake_credentials:
            return []
        missing = [
            Failure(
                "V13",
                None,
                "tag_commit",
                f"district {district!r}: its ballots of the mode have no tag round yet (the "
                "trustees' plebiscite trustee tag comes first)",
            )
            for district in self.untagged
        ]
        return self.failed(MODE_TALLY_CHECKS) + missing

    def first_index(self, kind: str) -> int | None:
        """The index of the board's first entry of ``kind``, or None when it holds none."""
        return self.first.get(kind)


def count_board(
    entries: Iterable[Entry],
    *,
    progress: Callable[[int], None] | None = None,
    spill_at: int = DEFAULT_SPILL_AT,
) -> BoardCount:
    """Run the checker over ``entries`` (the board from entry 0, read once, in order, and never
    kept: pass a board client's ``iter_entries()``) and collect the counted set.

    ``progress`` is called with 1 after each entry; ``spill_at`` is the checker's (how many
    rows of per-credential state stay in memory before they move to disk). Raises
    :class:`InputError` when the board has no valid manifest or voting never opened.
    """
    first: dict[str, int] = {}
    kept: list[Entry] = []
    checker = Checker(spill_at=spill_at)
    try:
        for entry in entries:
            _take(checker, first, kept, entry)
            if progress is not None:
                progress(1)
        count = _counted(checker, first, kept)
    finally:
        checker.close()
    _read_counting(count, kept)
    return count


def _take(checker: Checker, first: dict[str, int], kept: list[Entry], entry: Entry) -> None:
    checker.feed(entry)
    first.setdefault(entry.kind, entry.index)
    if entry.kind in COUNTING_KINDS:
        kept.append(entry)


def _counted(checker: Checker, first: dict[str, int], kept: list[Entry]) -> BoardCount:
    """The count of what ``checker`` was fed (its end-of-record checks run now)."""
    report = checker.finish()
    definition, group, ceremony = checker.definition, checker.group, checker.ceremony
    ctx, open_index = checker.election_ctx, checker.open_index
    if definition is None or group is None:
        raise InputError("the board holds no valid manifest: " + _first(report.failures))
    if open_index is None or ceremony is None or ctx is None or checker.params is None:
        raise InputError("voting never opened on this board (no valid open entry)")
    return BoardCount(
        definition,
        group,
        ceremony,
        ctx,
        open_index,
        checker.close_index,
        checker.aggregates(),
        checker.figures(),
        report.failures,
        first=dict(first),
        counting=list(kept),
        untagged=_untagged(checker),
    )


def _untagged(checker: Checker) -> tuple[str, ...]:
    """The districts whose valid ballots of the mode no tag entry has taken up (mode
    fake-credentials; none in the mode revote)."""
    definition = checker.definition
    if definition is None or not definition.fake_credentials:
        return ()
    return tuple(
        d.id
        for d in definition.districts
        if d.id not in checker.coercion.districts and checker.credential_ballots(d.id)
    )


class BoardFollower:
    """A party's own checker, kept while it follows the board: each :meth:`count` reads only
    the entries added since the one before, instead of the whole board again.

    The authority (close, tally, result) and a trustee (decrypt) follow the board while voting
    is open (:meth:`follow`, e.g. now and then, as an observer does), so that what remains to
    check after the close is the entries since. :meth:`count` gives what :func:`count_board`
    would give for the whole board: it runs the end-of-record checks on a copy of the checker
    (:meth:`~plebiscite.rules.checker.Checker.snapshot`), so the checker itself goes on as if
    they had not run. Use it on one board only; :meth:`close` drops the checker's files.
    ``batch_size`` is the checker's: how many ballots share one batch of proof equations (a
    party that follows a large board gains from larger batches; the verdicts are the same).
    """

    def __init__(
        self, *, spill_at: int = DEFAULT_SPILL_AT, batch_size: int = DEFAULT_BATCH
    ) -> None:
        self._spill_at = spill_at
        self._checker = Checker(spill_at=spill_at, batch_size=batch_size)
        self._first: dict[str, int] = {}
        self._kept: list[Entry] = []
        self._next = 0
        #: whether the board was seen to hold the last entry checked (a follower read back
        #: from disk checks it first: :meth:`follow`)
        self._anchored = True
        #: whether an entry was taken only in part (an error while the checker read it): such a
        #: follower is not saved
        self._broken = False

    @property
    def entries(self) -> int:
        """How many entries of the board have been checked so far."""
        return self._next

    @property
    def failures(self) -> list[Failure]:
        """The checks that failed so far, in the order found."""
        return list(self._checker.failures)

    @property
    def first(self) -> dict[str, int]:
        """The index of the first entry of each kind checked so far."""
        return dict(self._first)

    def follow(self, board: BoardClient, *, progress: Callable[[int], None] | None = None) -> int:
        """Check the entries added to ``board`` since the last call; return how many."""
        if not self._anchored:
            self._anchor(board)
        before = self._next
        for entry in board.iter_entries(self._next):
            if entry.index != self._next:
                raise InputError(
                    f"the board gave entry {entry.index} where entry {self._next} was due"
                )
            try:
                _take(self._checker, self._first, self._kept, entry)
            except BaseException:
                self._broken = True
                raise
            self._next += 1
            if progress is not None:
                progress(1)
        return self._next - before

    def _anchor(self, board: BoardClient) -> None:
        """Check that ``board`` still holds the last entry this follower checked, unchanged (the
        hash chain makes it stand for every entry before it); else raise
        :class:`~plebiscite.errors.InputError` (``reason`` ``board_changed``)."""
        tip = self._checker.tip
        if tip is not None:
            index, stored = tip
            entry = next(islice(board.iter_entries(index), 1), None)
            if entry is None or entry.index != index or entry.hash != stored:
                now = "holds no such entry" if entry is None else f"holds {entry.hash.hex()}"
                raise InputError.at(
                    f"board entry {index}",
                    "hash",
                    f"this party checked the entry with hash {stored.hex()}, the board now "
                    f"{now}: the board lost or rewrote entries it had published",
                    reason="board_changed",
                )
        self._anchored = True

    def save(self, directory: str | os.PathLike[str], key: bytes) -> bool:
        """Save this follower in ``directory`` under ``key``
        (:func:`~plebiscite.rules.saved.save`; the key from
        :func:`~plebiscite.rules.saved.state_key`), for :meth:`load` in a later run; False (and
        nothing written) when it cannot be: an entry taken only in part, or a part of the checker
        with no saved form."""
        if self._broken:
            return False
        self._checker.flush()
        try:
            saved.save(self, directory, key, FOLLOWER_STATE)
        except (pickle.PicklingError, TypeError, AttributeError):  # a part with no saved form
            return False
        return True

    @classmethod
    def load(cls, directory: str | os.PathLike[str], key: bytes) -> BoardFollower:
        """The follower :meth:`save` saved in ``directory`` under ``key``; its first
        :meth:`follow` checks that the board still holds the last entry it checked. Raises
        :class:`~plebiscite.errors.InputError` when it cannot be read back
        (:func:`~plebiscite.rules.saved.load`)."""
        follower = saved.load(directory, key, FOLLOWER_STATE)
        if not isinstance(follower, BoardFollower):
            raise InputError.at(
                str(directory), "", "the saved state is not a follower", reason="saved_state_other"
            )
        follower._anchored = False
        return follower

    def count(
        self, board: BoardClient, *, progress: Callable[[int], None] | None = None
    ) -> BoardCount:
        """Follow ``board`` to its head, then count it as :func:`count_board` would.

        Once the board is closed, V7's products of the counted set are made by this follower's
        own checker, not by the copy the count runs on: they stay cached until the counted set
        changes (it does not after the close, but for the fake-credentials tally's matches), so
        the counts after the close (tally, each decryption, result), and a follower saved and
        read back, make them once."""
        self.follow(board, progress=progress)
        if self._checker.close_index is not None and self._checker.params is not None:
            try:
                self._checker.aggregates()
            except PlebisciteError:
                pass  # the count's own checks meet it again and report it as before
        snapshot = self._checker.snapshot()
        copy = Checker(spill_at=self._spill_at, batch_size=self._checker.batch_size)
        try:
            copy.restore(snapshot, take=True)  # the snapshot's files are the copy's: not copied
            count = _counted(copy, self._first, self._kept)
        finally:
            copy.close()
            _close_files(snapshot)
        _read_counting(count, count.counting)
        return count

    def resumed(self, board: BoardClient) -> Checker:
        """Follow ``board`` to its head, then a copy of this checker for a command that replays
        the board from entry 0 itself (``checker_factory`` of ``plebiscite trustee tag|mix`` and
        ``authority tag``): the copy skips the entries this follower checked already and checks
        the rest. The caller closes it; this follower goes on as before."""
        self.follow(board)
        snapshot = self._checker.snapshot()
        copy = _Resumed(spill_at=self._spill_at, batch_size=self._checker.batch_size)
        try:
            copy.restore(snapshot, take=True)  # the snapshot's files are the copy's from now
        except BaseException:
            copy.close()
            _close_files(snapshot)
            raise
        return copy

    def close(self) -> None:
        self._checker.close()

    def __enter__(self) -> BoardFollower:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Resumed(Checker):
    """A follower's checker resumed (:meth:`BoardFollower.resumed`): fed the board from entry 0,
    it skips the entries it holds already."""

    def feed(self, entry: Entry) -> None:
        if entry.index >= self.entries:
            super().feed(entry)


def _close_files(snapshot: CheckerSnapshot) -> None:
    """Close the state files a snapshot holds (those a checker took are closed with it: closing
    twice does nothing)."""
    for value in snapshot.state.values():
        if isinstance(value, CredentialState | EntryLog):
            value.close()


def _first(failures: Iterable[Failure]) -> str:
    return next((str(f) for f in failures), "no entries")


def _read_counting(count: BoardCount, chain: Iterable[Entry]) -> None:
    """The posted tally, the valid partial decryptions and the result, read strictly."""
    definition, group, ceremony = count.definition, count.group, count.ceremony
    authority = definition.keys.authority
    tally_seen = False
    for entry in chain:
        where = f"entry {entry.index}"
        if entry.kind == TALLY_KIND and not tally_seen:
            tally_seen = True
            try:
                parsed = parse_tally(group, definition, entry.body, where)
                if authority is None:
                    raise RecordError(f"{where}: the manifest has no authority key")
                verify_body_signature(
                    authority, count.election_id, TALLY_KIND, entry.body, where, "authority"
                )
            except PlebisciteError as exc:
                count.tally_problems.append(str(exc))
                continue
            count.posted_tally = (entry, parsed)
        elif entry.kind == PARTIAL_KIND and count.posted_tally is not None:
            tally_entry, tally = count.posted_tally
            try:
                partial = parse_partial_decryption(group, definition, entry.body, where)
                i = partial.trustee
                status = ceremony.trustees.get(i)
                vk = ceremony.verification_keys.get(i)
                if status is None or status.key is None or vk is None:
                    raise ProofError.at(where, "body.trustee", f"trustee {i} is not in QUAL")
                verify_body_signature(
                    status.key, count.election_id, PARTIAL_KIND, entry.body, where, f"trustee {i}"
                )
                check_partial_decryption(
                    group,
                    partial,
                    tally,
                    tally_entry.hash,
                    vk,
                    count.election_ctx,
                    where,
                    minimum=definition.min_district_size,
                )
            except PlebisciteError as exc:
                count.partial_problems.append(str(exc))
                continue
            count.partials.setdefault(partial.trustee, partial)
        elif entry.kind == RESULT_KIND and count.result_index is None:
            count.result_index = entry.index
