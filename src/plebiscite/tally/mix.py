"""A trustee's ``mix``: shuffle the counted ballots of each district, with a proof (spec §15.7).

:func:`trustee_mix` replays the whole board through the verifier's checker, refuses a board that
is not closed or whose checks up to the counted set (or V11, on the shuffles already posted) fail,
and then, for each district's ``counted`` list that it may mix — at least one counted ballot, not
mixed by this trustee yet, and no trustee of a higher index has mixed it — it shuffles the
round's current list (the counted ballots, or the last shuffle's output), proves the shuffle and
posts it as ``mix_chunk`` entries and one ``mix`` (:func:`plebiscite.model.mix.mix_bodies`).

**Resumable, never two shuffles.** Before the first entry of a shuffle is posted, every entry of
it is written, signed, to ``<state>/mix/<list>-<district>.json`` (durably: a header line, then
one ``[kind, body]`` line per entry, renamed into place when whole). A run that finds that file
posts what the board does not hold yet (after checking that the chunks on the board are the
file's), and never draws a new permutation: a crash between two chunks cannot lead to a second,
different shuffle of the same list. The file holds only what the board will publish.

**Memory.** A list of more than ``spill_at`` items (:data:`DEFAULT_PROVER_SPILL_AT`) is read
from the board into files, shuffled and proved with every per-item list on disk
(:class:`plebiscite.state.mix_spill.DiskColumns` under ``<state>/mix/spill-<list>-<district>``,
0700, removed when the file is written): the permutation (8 bytes an item) stays in memory, the
re-encryption randomness and the proof's secret lists are written sealed under a key that never
leaves the process, so a crash leaves nothing that reveals the permutation and nothing any run
resumes from. Entries are signed and written one at a time, and posted one at a time.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import chain, islice
from pathlib import Path
from typing import Final

from plebiscite.board.client import BoardClient
from plebiscite.crypto import rand
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.shuffle import (
    MAX_WIDTH,
    ColumnGenerators,
    Item,
    chain_base,
    generator_range,
    generators_seed,
    list_digest_chunks,
    prove_columns,
    shuffle_columns,
)
from plebiscite.crypto.shuffle_columns import (
    PROVER_CHUNK,
    Column,
    Columns,
    ListColumn,
    MemoryColumns,
)
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import InputError
from plebiscite.model.ceremony import read_manifest
from plebiscite.model.codec import JSONObject, dumps_canonical, loads_strict
from plebiscite.model.coercion.tally_entries import KEPT_LIST
from plebiscite.model.mix import (
    MIX_KIND,
    ListRef,
    chunk_count,
    chunk_size,
    mix_bodies_columns,
    sign_mix,
)
from plebiscite.rules.checker import Checker
from plebiscite.rules.checks import BEFORE_TALLY
from plebiscite.rules.mixing import CHECK
from plebiscite.state.files import NewFile, read_bounded
from plebiscite.state.mix_spill import DiskColumns
from plebiscite.state.party import Party

__all__ = [
    "DEFAULT_PROVER_SPILL_AT",
    "MIX_DIR",
    "MixRefused",
    "Mixed",
    "Posted",
    "describe",
    "input_list",
    "prepare_shuffle",
    "trustee_mix",
]

#: the folder of a trustee's state directory that holds its prepared shuffles
MIX_DIR: Final = "mix"
#: lists of more items than this are shuffled and proved with their lists on disk
DEFAULT_PROVER_SPILL_AT: Final = 20_000
_FORMAT: Final = "plebiscite-mix-prepared-v2"
#: the format of a prepared file written before the entries went one a line (read back only)
_FORMAT_V1: Final = "plebiscite-mix-prepared-v1"
#: the largest prepared shuffle file of the first version read back
_MAX_FILE: Final = 8 << 30
#: the longest line of a prepared file (an entry: a chunk is about 1 MiB of JSON)
_MAX_LINE: Final = 64 << 20


class MixRefused(InputError):
    """The trustee will not mix this board; the message says why."""


@dataclass(frozen=True)
class Posted:
    """One entry ``mix`` posted: its kind and board index."""

    kind: str
    index: int


@dataclass(frozen=True)
class Mixed:
    """What ``mix`` did for one list: the entries it posted now (possibly none), the index of
    its ``mix`` entry (posted now or found), or why it did not mix (``skipped``)."""

    list: ListRef
    posted: tuple[Posted, ...] = ()
    mix_index: int | None = None
    skipped: str | None = None


def _read_board(
    board: BoardClient,
    progress: Callable[[str, int], None] | None,
    checker_factory: Callable[[], Checker] = Checker,
) -> Checker:
    checker = checker_factory()
    try:
        for entry in board.iter_entries(0):
            checker.feed(entry)
            if progress is not None:
                progress("read", 1)
        checker.finish(in_progress=True)
    except BaseException:
        checker.close()
        raise
    return checker


def _refuse_board(checker: Checker) -> None:
    if checker.close_index is None:
        raise MixRefused("voting is not closed: trustees mix only the counted ballots at close")
    failures = [f for f in checker.failures if f.check in (*BEFORE_TALLY, CHECK)]
    if failures:
        raise MixRefused(
            "the board fails the checks a trustee runs before mixing:\n  "
            + "\n  ".join(map(str, failures))
        )


def _prepared_path(party: Party, ref: ListRef) -> Path:
    return party.directory / MIX_DIR / f"{ref.kind}-{ref.district}.json"


def _load_prepared(path: Path) -> JSONObject | None:
    """The header of the prepared file at ``path`` (None if there is none)."""
    if not path.exists():
        return None
    with path.open("rb") as lines:
        first = lines.readline(_MAX_LINE)
    value = loads_strict(first, str(path))
    if isinstance(value, dict) and value.get("format") == _FORMAT_V1:
        value = loads_strict(read_bounded(path, _MAX_FILE, "the prepared shuffle"), str(path))
    if not isinstance(value, dict) or value.get("format") not in (_FORMAT, _FORMAT_V1):
        raise MixRefused(f"{path}: not a prepared shuffle of this version")
    return value


def _prepared_entries(header: JSONObject, path: Path) -> Iterator[tuple[str, JSONObject]]:
    """The entries of the prepared file at ``path`` (whose header is ``header``), read one at a
    time; refused (:class:`MixRefused`) where one is malformed or missing."""
    if header.get("format") == _FORMAT_V1:
        raw = header.get("entries")
        if not isinstance(raw, list):
            raise MixRefused(f"{path}: field entries: expected a list")
        yield from (_entry(item, path, pos) for pos, item in enumerate(raw))
        return
    count = header.get("entries")
    if not isinstance(count, int):
        raise MixRefused(f"{path}: field entries: expected the number of entries")
    with path.open("rb") as lines:
        lines.readline(_MAX_LINE)
        for pos in range(count):
            line = lines.readline(_MAX_LINE)
            if not line.endswith(b"\n"):
                raise MixRefused(f"{path}: line {pos + 2}: missing or longer than {_MAX_LINE}")
            yield _entry(loads_strict(line, f"{path}: line {pos + 2}"), path, pos)


def _entry(item: object, path: Path, pos: int) -> tuple[str, JSONObject]:
    if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], dict)):
        raise MixRefused(f"{path}: field entries[{pos}]: expected [kind, body]")
    return str(item[0]), item[1]


def _write_prepared(
    path: Path, header: JSONObject, entries: Iterable[tuple[str, JSONObject]]
) -> None:
    """Write the prepared file: the header (which says how many entries follow), then each entry
    on a line of its own; renamed into place once whole and durable."""
    path.parent.mkdir(mode=0o700, exist_ok=True)
    part = path.with_name(path.name + ".part")
    part.unlink(missing_ok=True)
    new = NewFile(part)
    try:
        new.write((dumps_canonical(header) + "\n").encode("utf-8"))
        count = 0
        for kind, body in entries:
            new.write((dumps_canonical([kind, body]) + "\n").encode("utf-8"))
            count += 1
        if count != header["entries"]:
            raise AssertionError(f"{count} entries prepared, {header['entries']} announced")
        new.commit_as(path)
    except BaseException:
        new.abandon()
        part.unlink(missing_ok=True)
        raise


@contextmanager
def input_list(
    group: Group, items: Iterable[Item], spill: Path, spill_at: int
) -> Iterator[tuple[Column[Item], Columns]]:
    """The list ``items`` as a column, and the maker of the prover's other columns: in memory
    for at most ``spill_at`` items, else in files under the new directory ``spill`` (a
    directory left there by a run that died is removed first: nothing in it can be read)."""
    stream = iter(items)
    head = list(islice(stream, spill_at + 1))
    if len(head) <= spill_at:
        yield ListColumn(group, "items", head), MemoryColumns(group)
        return
    if spill.exists():
        shutil.rmtree(spill)
    spill.parent.mkdir(mode=0o700, exist_ok=True)
    with DiskColumns(group, spill) as columns:
        width = len(head[0])
        column: Column[Item] = columns.column("inputs", "items", width)
        rest = chain(head, stream)
        del head
        while chunk := list(islice(rest, PROVER_CHUNK)):
            column.append(chunk)
        yield column, columns


def prepare_shuffle(
    group: Group,
    public_key: Element,
    context: CanonicalValue,
    trustee: int,
    sign: Callable[[str, JSONObject], JSONObject],
    ref: ListRef,
    previous: int | None,
    inputs: Column[Item],
    input_digest: bytes,
    columns: Columns,
    path: Path,
    rng: rand.Random | None = None,
    progress: Callable[[str, int], None] | None = None,
) -> None:
    """Shuffle ``inputs`` (the list ``ref``, of digest ``input_digest``, the output of the
    ``mix`` at ``previous``), prove it and write every entry posting it, signed by ``sign(kind,
    body)``, to the prepared file ``path``; the prover's lists are columns of ``columns``."""
    n = len(inputs)
    width = len(inputs[0])
    hs: Column[Element] = columns.column("hs", "elements")
    for start in range(0, n, PROVER_CHUNK):
        hs.append(generator_range(group, context, start, min(n, start + PROVER_CHUNK)))
    generators = ColumnGenerators(generators_seed(group, context), chain_base(group, context), hs)
    outputs, witness = shuffle_columns(group, public_key, inputs, width, columns, rng)
    if progress is not None:
        progress("shuffle", n)
    proof = prove_columns(
        group, public_key, inputs, outputs, witness, context, trustee, generators, columns, rng
    )
    del witness
    if progress is not None:
        progress("prove", n)
    bodies = mix_bodies_columns(group, trustee, ref, previous, input_digest, outputs, proof)
    header: JSONObject = {
        "format": _FORMAT,
        "list": ref.to_json(),
        "input": input_digest.hex(),
        "previous": previous,
        "entries": chunk_count(n, chunk_size(group, width)) + 1,
    }
    _write_prepared(path, header, ((kind, sign(kind, body)) for kind, body in bodies))


def _mix_list(
    board: BoardClient,
    checker: Checker,
    party: Party,
    index: int,
    key: SigningKey,
    ref: ListRef,
    rng: rand.Random | None,
    progress: Callable[[str, int], None] | None,
    spill_at: int,
) -> Mixed:
    group, ceremony, eid = checker.group, checker.ceremony, checker.election_id
    assert group is not None and ceremony is not None and eid is not None
    current = checker.mixing.rounds.get(ref)
    if current is not None and index in current.trustees:
        return Mixed(ref, mix_index=current.indices[current.trustees.index(index)])
    if current is not None and current.trustees and current.trustees[-1] > index:
        return Mixed(
            ref,
            skipped=f"trustee {current.trustees[-1]} has mixed it already; the trustees of a "
            "round mix in increasing index order",
        )
    if ref.kind == KEPT_LIST:  # the tally's round: every QUAL trustee mixes, in index order
        done = current.trustees if current is not None else []
        before = [t for t in sorted(ceremony.qualified) if t < index and t not in done]
        if before:
            return Mixed(ref, skipped=f"waiting for trustees {before} to mix it first")
    if current is not None and current.output is not None:
        items: Iterable[Item] = (item for chunk in current.output.items() for item in chunk)
    else:
        items = checker.mix_input(ref)
    path = _prepared_path(party, ref)
    spill = path.with_name(f"spill-{ref.kind}-{ref.district}")
    with input_list(group, items, spill, spill_at) as (inputs, columns):
        if not len(inputs):
            return Mixed(ref, skipped="no counted ballot: nothing to mix")
        width = len(inputs[0])
        if width > MAX_WIDTH:
            return Mixed(ref, skipped=f"a ballot of {width} options: at most {MAX_WIDTH} mix")
        previous = current.indices[-1] if current is not None and current.indices else None
        digest = list_digest_chunks(group, width, len(inputs), inputs.encoded())
        posted_chunks = checker.mixing.posted_chunks(index, ref)
        prepared = _load_prepared(path)
        if prepared is not None and (
            prepared.get("input") != digest.hex() or prepared.get("previous") != previous
        ):
            if posted_chunks:
                raise MixRefused(
                    f"{path}: the board holds chunks of this trustee's shuffle of the {ref}, but "
                    "its input has changed since: the round cannot be completed by this trustee"
                )
            prepared = None  # never posted: a shuffle of an input that is gone
        if prepared is None:
            if posted_chunks:
                raise MixRefused(
                    f"the board holds {len(posted_chunks)} chunk(s) of this trustee's shuffle of "
                    f"the {ref} but {path} is missing: a new shuffle would differ from them"
                )
            assert ceremony.joint_key is not None and checker.election_ctx is not None

            def sign(kind: str, body: JSONObject) -> JSONObject:
                return sign_mix(key, eid, kind, body, rng)

            prepare_shuffle(
                group,
                ceremony.joint_key,
                checker.election_ctx,
                index,
                sign,
                ref,
                previous,
                inputs,
                digest,
                columns,
                path,
                rng,
                progress,
            )
            prepared = _load_prepared(path)
            assert prepared is not None
    entries = _prepared_entries(prepared, path)
    for pos, chunk in enumerate(posted_chunks):
        _, body = next(entries)
        if dumps_canonical(chunk.to_body(group)) != dumps_canonical(_unsigned(body)):
            raise MixRefused(
                f"chunk {pos} of this trustee's shuffle of the {ref} on the board differs from "
                f"{path}: refusing to post a second shuffle"
            )
    posted: list[Posted] = []
    mix_index: int | None = None
    for kind, body in entries:
        appended = board.post(kind, body)
        posted.append(Posted(kind, appended.entry.index))
        if kind == MIX_KIND:
            mix_index = appended.entry.index
        if progress is not None:
            progress("post", 1)
    return Mixed(ref, tuple(posted), mix_index)


def _unsigned(body: JSONObject) -> JSONObject:
    return {k: v for k, v in body.items() if k != "signature"}


def _lists(checker: Checker, districts: tuple[str, ...] | None) -> Iterator[ListRef]:
    definition = checker.definition
    assert definition is not None
    known = [d.id for d in definition.districts]
    for district in districts or known:
        if district not in known:
            raise MixRefused(f"district {district!r} is not one of the manifest's {known}")
        yield ListRef("counted", district)
        # the fake-credentials tally's kept ballots, once its tag_dedup is on the board
        rounds = checker.coercion.districts.get(district)
        if rounds is not None and rounds.kept_items is not None:
            yield ListRef(KEPT_LIST, district)


def trustee_mix(
    board: BoardClient,
    party: Party,
    passphrase: str,
    rng: rand.Random | None = None,
    *,
    districts: tuple[str, ...] | None = None,
    progress: Callable[[str, int], None] | None = None,
    checker_factory: Callable[[], Checker] = Checker,
    spill_at: int = DEFAULT_PROVER_SPILL_AT,
) -> list[Mixed]:
    """Mix every district's counted ballots this trustee may mix (module docstring); return
    what was done per list. ``progress(stage, n)`` hears of entries read (``read``), items
    shuffled and proved (``shuffle``, ``prove``) and entries posted (``post``).
    ``checker_factory`` makes the checker the board is replayed with; lists of more than
    ``spill_at`` items are proved with their lists on disk (module docstring)."""
    definition, _ = read_manifest(list(islice(board.iter_entries(0), 1)))
    assert definition.election_id is not None
    members = definition.trustees.members
    mine = [i for i, m in enumerate(members, start=1) if m.fingerprint == party.fingerprint]
    if not mine:
        raise MixRefused(f"{party.directory}: this trustee's key is not one of the manifest's")
    index = mine[0]
    key = party.signing_key(passphrase)
    checker = _read_board(board, progress, checker_factory)
    try:
        _refuse_board(checker)
        ceremony = checker.ceremony
        assert ceremony is not None
        if index not in ceremony.qualified:
            raise MixRefused(f"trustee {index} is not in QUAL {list(ceremony.qualified)}")
        return [
            _mix_list(board, checker, party, index, key, ref, rng, progress, spill_at)
            for ref in _lists(checker, districts)
        ]
    finally:
        checker.close()


def describe(mixed: Mixed) -> str:
    """One line for the command's output."""
    if mixed.skipped is not None:
        return f"{mixed.list}: not mixed: {mixed.skipped}"
    if not mixed.posted:
        return f"{mixed.list}: already mixed by this trustee (entry {mixed.mix_index})"
    return f"{mixed.list}: posted {len(mixed.posted)} entries, the mix at entry {mixed.mix_index}"
