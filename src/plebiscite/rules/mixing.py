"""V11: the mix rounds (docs/spec.md §15.7, docs/record.md ``mix_chunk`` and ``mix``).

A mix round shuffles one list (a :class:`~plebiscite.model.mix.ListRef`) by QUAL trustees in
turn, in increasing index order; each shuffle is posted as ``mix_chunk`` entries then one ``mix``.
:class:`MixRounds` is fed those entries in board order by the checker and checks, for each:

* it comes after ``close`` (the counted set, and so the first input, is final);
* it decodes strictly and is signed by the identity key of the QUAL trustee it names;
* (chunks) positions count up from 0 for the trustee and list, before its ``mix``;
* (mix) the trustee has not mixed this list before and follows the list's last mixer in index
  order; ``previous`` is the board index of that mixer's ``mix`` (null for the first); the input
  is the recomputed list (``counted``: the counted ballots of the district at close, in board
  order, each the tuple of its option ciphertexts question by question) or the previous mix's
  output, its length, width and digest are the ones named; the chunks hold the output whose
  digest is named; and the proof of shuffle (§15.5) holds, or the failing equation is named.

At the end (:meth:`MixRounds.finish`) a round that some trustee started must hold at least k
shuffles (the quorum: fewer than k colluding trustees cannot decrypt, and the permutation stays
hidden unless every mixer colludes), and no chunk may be left without its ``mix``. Mixing is
optional: a record without mix entries passes V11 with nothing to check.

The board's acceptance runs :meth:`MixRounds.check` before writing (the same checks, the first
problem raised), then the checker's feed finds the verdict it already has.

The lists (each round's input, each shuffle's output with the proof's per-item parts) are kept
chunk by chunk by :mod:`plebiscite.rules.mix_store`: decoded in memory up to ``spill_at`` items,
on disk beyond; the proof is checked over them chunk by chunk (spec §15.5), its chunks folded by
``folder`` (this process, or the verifier's workers: :mod:`plebiscite.verify.mix_workers`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Final, Protocol

from plebiscite.crypto.group import Group
from plebiscite.crypto.shuffle import Item
from plebiscite.crypto.shuffle_verify import (
    FOLD_HERE,
    Folder,
    GeneratorSource,
    ProofHead,
    verify_shuffle_chunks,
)
from plebiscite.errors import PlebisciteError, RecordError, ShuffleProofError
from plebiscite.model.codec import JSONObject
from plebiscite.model.definition import Definition
from plebiscite.model.mix import (
    MIX_CHUNK_KIND,
    ListRef,
    Mix,
    MixChunk,
    chunk_count,
    chunk_size,
    parse_mix,
    parse_mix_chunk,
)
from plebiscite.model.signed import verify_body_signature
from plebiscite.rules.ceremony import CeremonyResult
from plebiscite.rules.mix_store import (
    DEFAULT_MIX_SPILL_AT,
    MixLists,
    ProofParts,
    ShuffleOfStored,
    StoredList,
)

__all__ = ["CHECK", "MixRounds", "Round"]

CHECK: Final = "V11"


class MixBoard(Protocol):
    """What V11 needs from the checker: the election, the ceremony, close, the counted lists."""

    definition: Definition | None
    group: Group | None
    election_id: bytes | None
    election_ctx: bytes | None
    ceremony: CeremonyResult | None
    close_index: int | None

    def mix_input(self, ref: ListRef) -> Iterable[Item]:
        """The list ``ref`` names, recomputed from the board (``counted``: the counted ballots
        of the district in board order, each the tuple of its option ciphertexts), read once."""
        ...


@dataclass
class Round:
    """One list's round so far: its shuffles' trustees and ``mix`` indices, its last output."""

    trustees: list[int] = field(default_factory=list)
    indices: list[int] = field(default_factory=list)
    output: StoredList | None = None
    failed: bool = False


@dataclass(frozen=True)
class _Verdict:
    """A ``mix`` that passed :meth:`MixRounds.check`: what applying it records."""

    body: JSONObject
    index: int
    mix: Mix
    outputs: StoredList


class MixRounds:
    """The V11 state: chunks waiting for their ``mix``, and every round so far."""

    def __init__(
        self,
        folder: Folder = FOLD_HERE,
        spill_at: int = DEFAULT_MIX_SPILL_AT,
        directory: str | None = None,
    ) -> None:
        #: where the proofs' chunks are folded (this process, or workers: plebiscite.verify)
        self.folder = folder
        #: the lists: decoded in memory up to ``spill_at`` items in all, then on disk
        self.spill_at = spill_at
        self.directory = directory
        self.lists: MixLists | None = None
        self.pending: dict[tuple[int, ListRef], StoredList] = {}
        self.rounds: dict[ListRef, Round] = {}
        self._inputs: dict[ListRef, StoredList] = {}
        self._verdict: _Verdict | None = None
        #: whether :attr:`lists` are another's, shared by :meth:`copy` (that one removes them)
        self._borrowed = False

    def copy(self) -> MixRounds:
        """A copy for a checker snapshot (the lists' chunks shared: they never change; the
        original keeps and removes them, so the copy's :meth:`close` leaves them)."""
        other = MixRounds(self.folder, self.spill_at, self.directory)
        other.lists = self.lists
        other._borrowed = self.lists is not None
        other.pending = {k: v.view() for k, v in self.pending.items()}
        other.rounds = {
            k: Round(list(r.trustees), list(r.indices), r.output, r.failed)
            for k, r in self.rounds.items()
        }
        other._inputs = dict(self._inputs)
        return other

    def close(self) -> None:
        """Remove the lists kept on disk, unless they are another's (a copy's: the original's
        own close removes them, so close the original last)."""
        if self.lists is not None and not self._borrowed:
            self.lists.close()

    def output_items(self, ref: ListRef) -> list[Item] | None:
        """The last output of ``ref``'s round, in memory (a trustee's next input), or None."""
        current = self.rounds.get(ref)
        if current is None or current.output is None:
            return None
        return [item for chunk in current.output.items() for item in chunk]

    def posted_chunks(self, trustee: int, ref: ListRef) -> list[MixChunk]:
        """The ``mix_chunk`` entries ``trustee`` posted of ``ref`` with no ``mix`` yet."""
        pending = self.pending.get((trustee, ref))
        if pending is None:
            return []
        return [
            MixChunk(
                trustee,
                ref,
                position,
                tuple(items),
                tuple(parts.c),
                tuple(parts.c_hat),
                tuple(parts.t_hat),
                tuple(parts.s_hat),
                tuple(parts.s_prime),
            )
            for position, (items, parts) in enumerate(
                zip(pending.items(), pending.parts(), strict=True)
            )
        ]

    def _generators(self, group: Group, context: bytes, n: int) -> GeneratorSource | None:
        """Where the generators of a list of ``n`` items come from: the process-wide cache for
        lists kept in memory, the lists' database for longer ones."""
        lists = self._lists(group)
        return lists.generators(context) if n > lists.spill_at else None

    def _lists(self, group: Group) -> MixLists:
        if self.lists is None:
            self.lists = MixLists(group, self.spill_at, self.directory)
        return self.lists

    # -- feeding -------------------------------------------------------------------------------

    def feed(
        self,
        board: MixBoard,
        kind: str,
        body: JSONObject,
        index: int,
        fail: Callable[[str, str], None],
    ) -> None:
        """Check and record one mix entry; each problem goes to ``fail(field, message)``."""
        try:
            verdict = self.check(board, kind, body, index)
        except ShuffleProofError as exc:
            fail(_shuffle_field(exc), exc.detail or str(exc))
            self._record_failed(board, body, index)
            return
        except PlebisciteError as exc:
            fail(exc.field, exc.detail)
            return
        self._apply(verdict)

    def check(
        self, board: MixBoard, kind: str, body: JSONObject, index: int
    ) -> MixChunk | _Verdict:
        """Raise (:class:`RecordError`, :class:`ProofError`, :class:`ShuffleProofError`) at the
        first problem of the entry ``(kind, body)`` at ``index``; else return what it records."""
        verdict = self._verdict
        if verdict is not None and verdict.body is body:
            return verdict
        where = f"entry {index}"
        definition, group, ceremony = board.definition, board.group, board.ceremony
        if board.close_index is None or board.close_index > index:
            raise RecordError.at(
                where, "kind", f"a {kind} entry before close", reason="voting_not_closed"
            )
        if definition is None or group is None or ceremony is None or board.election_id is None:
            raise RecordError.at(where, "kind", f"a {kind} entry on a board without an election")
        parsed: MixChunk | Mix
        if kind == MIX_CHUNK_KIND:
            parsed = parse_mix_chunk(group, definition, body, where)
        else:
            parsed = parse_mix(group, definition, body, where)
        i = parsed.trustee
        status = ceremony.trustees.get(i)
        if i not in ceremony.qualified or status is None or status.key is None:
            raise RecordError.at(
                where, "body.trustee", f"trustee {i} is not in QUAL", reason="not_qualified"
            )
        verify_body_signature(status.key, board.election_id, kind, body, where, f"trustee {i}")
        ref = parsed.list
        current = self.rounds.get(ref, Round())
        if i in current.trustees:
            raise RecordError.at(
                where,
                "body.trustee",
                f"trustee {i} already mixed the {ref} (entry "
                f"{current.indices[current.trustees.index(i)]})",
            )
        if current.trustees and i < current.trustees[-1]:
            raise RecordError.at(
                where,
                "body.trustee",
                f"trustee {i} mixes the {ref} after trustee {current.trustees[-1]}: the "
                "trustees of a round mix in increasing index order",
            )
        pending = self.pending.get((i, ref))
        posted = pending.chunk_count if pending is not None else 0
        if isinstance(parsed, MixChunk):
            if parsed.position != posted:
                raise RecordError.at(
                    where, "body.position", f"chunk {parsed.position} where {posted} is next"
                )
            inputs = self._input(board, ref, current)
            width = len(parsed.items[0])
            most = chunk_count(inputs.count, chunk_size(group, width)) if inputs.count else 0
            if parsed.position >= most:
                raise RecordError.at(
                    where,
                    "body.position",
                    f"chunk {parsed.position}: the input of {inputs.count} item(s) of width "
                    f"{width} fills {most} chunk(s)",
                )
            return parsed
        return self._check_mix(board, parsed, body, index, pending, current)

    def _check_mix(
        self,
        board: MixBoard,
        mix: Mix,
        body: JSONObject,
        index: int,
        pending: StoredList | None,
        current: Round,
    ) -> _Verdict:
        where = f"entry {index}"
        group, ceremony = board.group, board.ceremony
        assert group is not None and ceremony is not None and ceremony.joint_key is not None
        assert board.election_ctx is not None
        want = current.indices[-1] if current.indices else None
        if mix.previous != want:
            raise RecordError.at(
                where,
                "body.previous",
                f"{mix.previous} where the {mix.list}'s last mix is "
                + ("none (this is the first)" if want is None else f"entry {want}"),
            )
        inputs = self._input(board, mix.list, current)
        if not inputs.count:
            raise RecordError.at(where, "body.list", f"the {mix.list} is empty: nothing to mix")
        if mix.count != inputs.count:
            raise RecordError.at(
                where, "body.count", f"{mix.count}; the input holds {inputs.count}"
            )
        if mix.width != inputs.width:
            raise RecordError.at(
                where, "body.width", f"{mix.width}; the input's width is {inputs.width}"
            )
        if mix.input != inputs.digest():
            raise RecordError.at(where, "body.input", "not the digest of the recomputed input")
        outputs = pending if pending is not None else self._lists(group).new_list(mix.width)
        _check_cut(group, mix, outputs, where)
        if mix.output != outputs.digest():
            raise RecordError.at(where, "body.output", "not the digest of the chunks' items")
        try:
            verify_shuffle_chunks(
                group,
                ceremony.joint_key,
                mix.count,
                mix.width,
                ProofHead(mix.t1, mix.t2, mix.t3, mix.t4, mix.s1, mix.s2, mix.s3, mix.s4),
                ShuffleOfStored(inputs, outputs, self.folder.chunk_items),
                board.election_ctx,
                mix.trustee,
                folder=self.folder,
                generator_source=self._generators(group, board.election_ctx, mix.count),
            )
        except ShuffleProofError as exc:
            exc.trustee = mix.trustee
            raise
        return _Verdict(body, index, mix, outputs)

    def _input(self, board: MixBoard, ref: ListRef, current: Round) -> StoredList:
        """The input of the round's next shuffle: the last output, or the list itself (read
        from the board once, cut as its shuffles' outputs are)."""
        if current.output is not None:
            return current.output
        cached = self._inputs.get(ref)
        if cached is None:
            group = board.group
            assert group is not None
            cached = _store_list(self._lists(group), board.mix_input(ref))
            self._inputs[ref] = cached
        return cached

    def remember(self, verdict: MixChunk | _Verdict) -> None:
        """Keep a ``mix`` verdict so that feeding the same body next costs nothing (the board
        checks before writing, then feeds its checker)."""
        if isinstance(verdict, _Verdict):
            self._verdict = verdict

    def _apply(self, verdict: MixChunk | _Verdict) -> None:
        self._verdict = None
        if isinstance(verdict, MixChunk):
            key = (verdict.trustee, verdict.list)
            pending = self.pending.get(key)
            if pending is None:
                lists = self.lists
                assert lists is not None  # the chunk's check read the input into the lists
                pending = self.pending[key] = lists.new_list(len(verdict.items[0]))
            pending.append(
                verdict.items,
                ProofParts(verdict.c, verdict.c_hat, verdict.t_hat, verdict.s_hat, verdict.s_prime),
            )
            return
        mix = verdict.mix
        self.pending.pop((mix.trustee, mix.list), None)
        current = self.rounds.setdefault(mix.list, Round())
        current.trustees.append(mix.trustee)
        current.indices.append(verdict.index)
        current.output = verdict.outputs

    def _record_failed(self, board: MixBoard, body: JSONObject, index: int) -> None:
        """A parsed, signed ``mix`` whose proof fails still links the round (the next trustee
        shuffles its output); the round is marked failed."""
        group, definition = board.group, board.definition
        assert group is not None and definition is not None
        try:
            mix = parse_mix(group, definition, body, f"entry {index}")
        except PlebisciteError:  # pragma: no cover - check() parsed it already
            return
        outputs = self.pending.pop((mix.trustee, mix.list), None)
        if outputs is None:  # pragma: no cover - check() found the chunks
            return
        current = self.rounds.setdefault(mix.list, Round())
        current.trustees.append(mix.trustee)
        current.indices.append(index)
        current.output = outputs
        current.failed = True

    # -- the end ---------------------------------------------------------------------------------

    def finish(self, k: int, fail: Callable[[str, str], None], *, in_progress: bool) -> None:
        """The end-of-record part of V11: every round reached the quorum ``k``; no chunk is
        left without its ``mix`` (skipped ``in_progress``)."""
        if in_progress:
            return
        for ref, current in self.rounds.items():
            if len(current.trustees) < k:
                fail(
                    "mix",
                    f"the {ref} was mixed by {len(current.trustees)} trustee(s) "
                    f"{current.trustees}: a round needs at least k = {k}",
                )
        for (trustee, ref), chunks in self.pending.items():
            fail(
                "mix_chunk",
                f"trustee {trustee} posted {chunks.chunk_count} chunk(s) of the {ref} and no mix",
            )


def _shuffle_field(exc: ShuffleProofError) -> str:
    """The field path of the failing part of a proof of shuffle (``body.proof.t_hat[3]``)."""
    path = f"body.proof.{exc.field}" if exc.field else "body.proof"
    return path if exc.index is None else f"{path}[{exc.index}]"


def _check_cut(group: Group, mix: Mix, outputs: StoredList, where: str) -> None:
    """The chunks of ``mix`` hold exactly ``mix.count`` items of ``mix.width``, every chunk
    :func:`~plebiscite.model.mix.chunk_size` items but the last (as
    :func:`~plebiscite.model.mix.assemble` requires of chunks in memory)."""
    size = chunk_size(group, mix.width)
    lengths = outputs.chunk_lengths()
    if len(lengths) != mix.chunks:
        raise RecordError.at(
            where, "body.chunks", f"{mix.chunks} chunks named, {len(lengths)} posted before it"
        )
    for position, length in enumerate(lengths):
        full = position < len(lengths) - 1
        if (full and length != size) or length > size:
            raise RecordError.at(
                where,
                "body.chunks",
                f"chunk {position} holds {length} items; every chunk but the last holds {size}, "
                "the last at most as many",
            )
    if lengths and outputs.width != mix.width:
        raise RecordError.at(where, "body.width", f"chunk 0 holds tuples of width {outputs.width}")
    if outputs.count != mix.count:
        raise RecordError.at(
            where, "body.count", f"{mix.count} items named, {outputs.count} posted"
        )


def _store_list(lists: MixLists, items: Iterable[Item]) -> StoredList:
    """``items`` read once into a stored list cut in chunks of
    :func:`~plebiscite.model.mix.chunk_size` (the cut of its shuffles' outputs)."""
    stored: StoredList | None = None
    chunk: list[Item] = []
    size = 0
    for item in items:
        if stored is None:
            stored = lists.new_list(len(item))
            size = chunk_size(lists.group, len(item))
        chunk.append(item)
        if len(chunk) == size:
            stored.append(chunk)
            chunk = []
    if stored is None:
        return lists.new_list(0)
    if chunk:
        stored.append(chunk)
    return stored
