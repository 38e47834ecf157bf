"""The authority's counting steps, each idempotent: run again, it posts nothing.

* :func:`open_voting` posts ``open`` with the election context recomputed from the ceremony,
  the roll roots and the keys, only after ``election_key``, the liveness drill by every QUAL
  trustee and ``credential_roll_final`` (:func:`plebiscite.rules.setup.election_setup`).
* :func:`close_voting` posts ``close`` with the ballots and challenges received per district.
  Before the window's end (by the authority's clock) it refuses unless ``early`` is given, the
  manifest allows an early close and k trustees co-signed it
  (:mod:`plebiscite.tally.early_close`): an early close is recorded in the entry (``"early":
  true`` and the co-signatures) for every reader to see.
* :func:`post_tally` runs the verifier's checker over the closed board and posts the aggregates
  of the counted set, refusing when a check before the tally fails.
* :func:`post_result` combines any k valid partial decryptions and posts the result.

Each of the last three is a ``prepare_…`` (checks, computes and signs, reading the board only:
:func:`prepare_close`, :func:`prepare_tally`, :func:`prepare_result`) and :func:`post_signed`
(posts what was signed), so that an authority checking the board on one machine may hand the
signed bodies to whatever posts them (the demo's authority checks in a process of its own).

In the mode fake-credentials the counted set is what the tally's steps decided (spec §16.5
step 5): :func:`post_tally` and :func:`post_result` refuse (:class:`TallyRefused`, each failure
with its check and entry) unless V11, V13 and V14 pass on the board they read and every district
with ballots of the mode has its ``pet_match``: the authority never tallies nor publishes over
tag, mix or test entries it has not checked.

Each step reads the board through the client's ``iter_entries()``, one pass at a time, and keeps
only what it needs (the manifest, the first index of each entry kind, the entries before
``open``, the counting entries), never the chain: memory does not grow with the number of
ballots. ``progress`` (called with 1 per entry the checker reads) drives a progress bar.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass

from plebiscite.board.board import Appended, Clock, system_clock
from plebiscite.board.client import BoardClient
from plebiscite.crypto import rand
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import InputError
from plebiscite.model.ceremony import read_manifest
from plebiscite.model.codec import JSONObject
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.tally import (
    CLOSE_KIND,
    OPEN_KIND,
    RESULT_KIND,
    TALLY_KIND,
    Close,
    Cosignature,
    Open,
    Result,
    sign,
)
from plebiscite.rules.checks import BEFORE_TALLY
from plebiscite.rules.early_close import check_early_close
from plebiscite.rules.report import Failure
from plebiscite.rules.setup import election_setup
from plebiscite.tally.count import BoardCount, BoardFollower, count_board
from plebiscite.tally.result import compute_result

__all__ = [
    "Signed",
    "Step",
    "TallyRefused",
    "close_voting",
    "open_voting",
    "post_result",
    "post_signed",
    "post_tally",
    "prepare_close",
    "prepare_result",
    "prepare_tally",
]


class TallyRefused(InputError):
    """The authority will not tally (or publish) over this board: ``failures`` are the checks
    that fail on it, each with its check ID and entry."""

    def __init__(self, what: str, failures: Sequence[Failure]) -> None:
        super().__init__(f"{what}:\n  " + "\n  ".join(map(str, failures)))
        self.failures = tuple(failures)


@dataclass(frozen=True)
class Step:
    """What a step did: the entry posted now, or the index of the one already on the board."""

    kind: str
    appended: Appended | None
    existing: int | None
    warnings: tuple[str, ...] = ()

    @property
    def index(self) -> int:
        if self.appended is not None:
            return self.appended.entry.index
        assert self.existing is not None
        return self.existing


@dataclass(frozen=True)
class Signed:
    """A counting step checked and signed, not posted yet: the signed body of ``kind`` to post,
    or None when the board holds that entry already (``existing`` is its index)."""

    kind: str
    body: JSONObject | None
    existing: int | None
    warnings: tuple[str, ...] = ()


def post_signed(board: BoardClient, signed: Signed) -> Step:
    """Post what a ``prepare_…`` signed (nothing when the entry was on the board already)."""
    if signed.body is None:
        return Step(signed.kind, None, signed.existing, signed.warnings)
    return Step(signed.kind, board.post(signed.kind, signed.body), None, signed.warnings)


def _manifest(board: BoardClient) -> list[Entry]:
    """Entry 0 alone (an empty list for an empty board)."""
    for entry in board.iter_entries(0):
        return [entry]
    return []


def _first_indices(
    board: BoardClient,
    follower: BoardFollower | None,
    progress: Callable[[int], None] | None = None,
) -> tuple[list[Entry], dict[str, int]]:
    """Entry 0, and the index of the first entry of each kind: one pass over the board, or
    the ``follower``'s, brought up to the head (``progress`` told of each entry it checks)."""
    if follower is not None:
        follower.follow(board, progress=progress)
        return _manifest(board), follower.first
    manifest: list[Entry] = []
    first: dict[str, int] = {}
    for entry in board.iter_entries(0):
        if not manifest:
            manifest.append(entry)
        first.setdefault(entry.kind, entry.index)
    return manifest, first


def _count(
    board: BoardClient,
    follower: BoardFollower | None,
    progress: Callable[[int], None] | None,
) -> BoardCount:
    """The board's count: the whole board checked now, or the ``follower``'s checker brought up
    to the head."""
    if follower is None:
        return count_board(board.iter_entries(0), progress=progress)
    return follower.count(board, progress=progress)


def _authority(entries: list[Entry], key: SigningKey) -> Definition:
    definition, _ = read_manifest(entries)
    if definition.keys.authority != key.public:
        raise InputError("this authority's key is not the manifest's authority key")
    return definition


def open_voting(board: BoardClient, key: SigningKey, rng: rand.Random | None = None) -> Step:
    """Post the signed ``open`` entry once everything it rests on is on the board.

    The setup is read once and streamed into :func:`election_setup`, which keeps only the
    manifest, the ceremony's entries and the roll's keys (never the roll's chunks); entry 0 is
    checked against ``key`` as soon as it is read. Run again once ``open`` is on the board, it
    reads (and checks) the setup once more up to it, and posts nothing."""
    found: list[int] = []  # the first open's index, where the board has one

    def setup_entries() -> Iterator[Entry]:
        for entry in board.iter_entries(0):
            if entry.index == 0:
                _authority([entry], key)
            if entry.kind == OPEN_KIND:
                found.append(entry.index)
                return
            yield entry

    setup = election_setup(setup_entries())
    if found:
        return Step(OPEN_KIND, None, found[0])
    definition = setup.definition
    if not setup.ready or setup.election_context is None or definition is None:
        if definition is None:  # no manifest read: the same error as for any other step
            _authority([], key)
        raise InputError(
            "voting cannot open yet:\n  " + "\n  ".join(setup.problems or ("incomplete",))
        )
    assert definition.election_id is not None
    body = sign(key, definition.election_id, OPEN_KIND, Open(setup.election_context).to_body(), rng)
    return Step(OPEN_KIND, board.post(OPEN_KIND, body), None)


def close_voting(
    board: BoardClient,
    key: SigningKey,
    *,
    early: bool = False,
    cosignatures: Sequence[Cosignature] = (),
    clock: Clock = system_clock,
    rng: rand.Random | None = None,
    progress: Callable[[int], None] | None = None,
    follower: BoardFollower | None = None,
) -> Step:
    """Post the signed ``close`` entry (before the window's end only with ``early`` and the
    ``cosignatures`` of k trustees, where the manifest allows an early close). With a
    ``follower`` (the authority's checker, kept while it followed the board), only the entries
    it has not checked yet are read. :func:`prepare_close`, then :func:`post_signed`."""
    signed = prepare_close(
        board,
        key,
        early=early,
        cosignatures=cosignatures,
        clock=clock,
        rng=rng,
        progress=progress,
        follower=follower,
    )
    return post_signed(board, signed)


def prepare_close(
    board: BoardClient,
    key: SigningKey,
    *,
    early: bool = False,
    cosignatures: Sequence[Cosignature] = (),
    clock: Clock = system_clock,
    rng: rand.Random | None = None,
    progress: Callable[[int], None] | None = None,
    follower: BoardFollower | None = None,
) -> Signed:
    """The signed ``close`` body :func:`close_voting` posts, the board only read."""
    manifest, first = _first_indices(board, follower, progress)
    definition = _authority(manifest, key)
    found = first.get(CLOSE_KIND)
    if found is not None:
        return Signed(CLOSE_KIND, None, found)
    if OPEN_KIND not in first:
        raise InputError("voting has not opened: there is nothing to close")
    now = clock()
    closes = definition.window.closes_us
    warnings: list[str] = []
    before = now < closes
    if before and not early:
        raise InputError(
            f"the voting window closes at {definition.window.closes.isoformat()}; closing now "
            "would end voting early (--early with k trustees' co-signatures closes anyway, where "
            "the definition allows it, and the record will say so)"
        )
    if before and not definition.allow_early_close:
        raise InputError(
            "the definition does not allow an early close (allow_early_close is false): voting "
            f"ends at {definition.window.closes.isoformat()}"
        )
    if before:
        warnings.append(
            f"WARNING: voting is being closed EARLY, before the window's end at "
            f"{definition.window.closes.isoformat()}; voters who have not voted yet cannot vote, "
            'and the close entry records "early": true for every reader to see'
        )
    count = _count(board, follower, progress)
    by_trustee = {c.trustee: c for c in reversed(cosignatures)}  # the first of each trustee
    signed_by = tuple(by_trustee[i] for i in sorted(by_trustee)) if before else ()
    close = Close(before, count.figures.received, signed_by)
    problems = check_early_close(definition, close, count.ceremony, count.election_ctx)
    if problems:
        raise InputError(
            "the early close is not co-signed as the definition requires (k = "
            f"{definition.trustees.k} trustees of QUAL):\n  "
            + "\n  ".join(f"{p.field}: {p.message}" for p in problems)
        )
    body = close.to_body()
    assert definition.election_id is not None
    signed = sign(key, definition.election_id, CLOSE_KIND, body, rng)
    return Signed(CLOSE_KIND, signed, None, tuple(warnings))


def post_tally(
    board: BoardClient,
    key: SigningKey,
    rng: rand.Random | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    follower: BoardFollower | None = None,
) -> Step:
    """Post the aggregates of the counted set of the closed board (``follower``: as for
    :func:`close_voting`): :func:`prepare_tally`, then :func:`post_signed`."""
    signed = prepare_tally(board, key, rng, progress=progress, follower=follower)
    return post_signed(board, signed)


def prepare_tally(
    board: BoardClient,
    key: SigningKey,
    rng: rand.Random | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    follower: BoardFollower | None = None,
) -> Signed:
    """The signed ``tally`` body :func:`post_tally` posts, the board only read."""
    manifest, first = _first_indices(board, follower, progress)
    _authority(manifest, key)
    found = first.get(TALLY_KIND)
    if found is not None:
        return Signed(TALLY_KIND, None, found)
    count = _count(board, follower, progress)
    if not count.closed:
        raise InputError("voting is not closed: the tally is computed over a closed board")
    failures = count.failed(BEFORE_TALLY) + count.mode_failures()
    if failures:
        raise TallyRefused("the board fails checks the tally rests on", failures)
    body = sign(key, count.election_id, TALLY_KIND, count.tally.to_body(count.group), rng)
    return Signed(TALLY_KIND, body, None)


def post_result(
    board: BoardClient,
    key: SigningKey,
    rng: rand.Random | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    follower: BoardFollower | None = None,
) -> tuple[Step, Result]:
    """Combine k valid partial decryptions and post the signed ``result`` (``follower``: as
    for :func:`close_voting`): :func:`prepare_result`, then :func:`post_signed`."""
    signed, result = prepare_result(board, key, rng, progress=progress, follower=follower)
    return post_signed(board, signed), result


def prepare_result(
    board: BoardClient,
    key: SigningKey,
    rng: rand.Random | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    follower: BoardFollower | None = None,
) -> tuple[Signed, Result]:
    """The signed ``result`` body :func:`post_result` posts, and the result, the board only
    read."""
    _authority(_manifest(board), key)
    count = _count(board, follower, progress)
    failures = count.mode_failures()
    if failures:
        raise TallyRefused("the board fails checks the counted set rests on", failures)
    result = compute_result(count)
    found = count.first_index(RESULT_KIND)
    if found is not None:
        return Signed(RESULT_KIND, None, found), result
    body = sign(key, count.election_id, RESULT_KIND, result.to_body(), rng)
    return Signed(RESULT_KIND, body, None), result
