"""A trustee's ``mix``: shuffle the counted ballots of each district, with a proof (spec §15.7).

:func:`trustee_mix` replays the whole board through the verifier's checker, refuses a board that
is not closed or whose checks up to the counted set (or V11, on the shuffles already posted) fail,
and then, for each district's ``counted`` list that it may mix — at least one counted ballot, not
mixed by this trustee yet, and no trustee of a higher index has mixed it — it shuffles the
round's current list (the counted ballots, or the last shuffle's output), proves the shuffle and
posts it as ``mix_chunk`` entries and one ``mix`` (:func:`plebiscite.model.mix.mix_bodies`).

**Resumable, never two shuffles.** Before the first entry of a shuffle is posted, every entry of
it is written, signed, to ``<state>/mix/<list>-<district>.json`` (durably). A run that finds
that file posts what the board does not hold yet (after checking that the chunks on the board
are the file's), and never draws a new permutation: a crash between two chunks cannot lead to a
second, different shuffle of the same list. The permutation and the re-encryption randomness are
never written anywhere; the file holds only what the board will publish.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Final

from plebiscite.board.board import Appended
from plebiscite.board.client import BoardClient
from plebiscite.crypto import rand
from plebiscite.crypto.shuffle import (
    MAX_WIDTH,
    Item,
    list_digest,
    prove_shuffle,
    shuffle,
    shuffle_generators,
)
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import InputError
from plebiscite.model.ceremony import read_manifest
from plebiscite.model.codec import JSONObject, dumps_canonical, loads_strict
from plebiscite.model.coercion.tally_entries import KEPT_LIST
from plebiscite.model.mix import MIX_KIND, ListRef, mix_bodies, sign_mix
from plebiscite.rules.checker import Checker
from plebiscite.rules.checks import BEFORE_TALLY
from plebiscite.rules.mixing import CHECK
from plebiscite.state.files import read_bounded, write_atomic
from plebiscite.state.party import Party

__all__ = ["MIX_DIR", "MixRefused", "Mixed", "describe", "trustee_mix"]

#: the folder of a trustee's state directory that holds its prepared shuffles
MIX_DIR: Final = "mix"
_FORMAT: Final = "plebiscite-mix-prepared-v1"
#: the largest prepared shuffle file read back (a district of a few million ballots)
_MAX_FILE: Final = 8 << 30


class MixRefused(InputError):
    """The trustee will not mix this board; the message says why."""


@dataclass(frozen=True)
class Mixed:
    """What ``mix`` did for one list: the entries it posted now (possibly none), the index of
    its ``mix`` entry (posted now or found), or why it did not mix (``skipped``)."""

    list: ListRef
    posted: tuple[Appended, ...] = ()
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
    if not path.exists():
        return None
    value = loads_strict(read_bounded(path, _MAX_FILE, "the prepared shuffle"), str(path))
    if not isinstance(value, dict) or value.get("format") != _FORMAT:
        raise MixRefused(f"{path}: not a prepared shuffle of this version")
    return value


def _prepare(
    checker: Checker,
    index: int,
    key: SigningKey,
    ref: ListRef,
    previous: int | None,
    inputs: list[Item],
    rng: rand.Random | None,
    progress: Callable[[str, int], None] | None,
) -> list[tuple[str, JSONObject]]:
    group, ceremony, ctx = checker.group, checker.ceremony, checker.election_ctx
    eid = checker.election_id
    assert group is not None and ceremony is not None and ctx is not None and eid is not None
    assert ceremony.joint_key is not None
    gens = shuffle_generators(group, ctx, len(inputs))
    outputs, secret = shuffle(group, ceremony.joint_key, inputs, rng)
    if progress is not None:
        progress("shuffle", len(inputs))
    proof = prove_shuffle(
        group, ceremony.joint_key, inputs, outputs, secret, ctx, index, generators=gens, rng=rng
    )
    del secret
    if progress is not None:
        progress("prove", len(inputs))
    bodies = mix_bodies(group, index, ref, previous, inputs, outputs, proof)
    return [(kind, sign_mix(key, eid, kind, body, rng)) for kind, body in bodies]


def _entries_of(prepared: JSONObject, path: Path) -> list[tuple[str, JSONObject]]:
    raw = prepared.get("entries")
    out: list[tuple[str, JSONObject]] = []
    if not isinstance(raw, list):
        raise MixRefused(f"{path}: field entries: expected a list")
    for pos, item in enumerate(raw):
        if not (isinstance(item, list) and len(item) == 2):
            raise MixRefused(f"{path}: field entries[{pos}]: expected [kind, body]")
        kind, body = item
        if not isinstance(body, dict):
            raise MixRefused(f"{path}: field entries[{pos}]: expected [kind, body]")
        out.append((str(kind), body))
    return out


def _mix_list(
    board: BoardClient,
    checker: Checker,
    party: Party,
    index: int,
    key: SigningKey,
    ref: ListRef,
    rng: rand.Random | None,
    progress: Callable[[str, int], None] | None,
) -> Mixed:
    group = checker.group
    assert group is not None
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
        assert checker.ceremony is not None
        done = current.trustees if current is not None else []
        before = [t for t in sorted(checker.ceremony.qualified) if t < index and t not in done]
        if before:
            return Mixed(ref, skipped=f"waiting for trustees {before} to mix it first")
    inputs = checker.mixing.output_items(ref)
    if inputs is None:
        inputs = list(checker.mix_input(ref))
    if not inputs:
        return Mixed(ref, skipped="no counted ballot: nothing to mix")
    if len(inputs[0]) > MAX_WIDTH:
        return Mixed(ref, skipped=f"a ballot of {len(inputs[0])} options: at most {MAX_WIDTH} mix")
    previous = current.indices[-1] if current is not None and current.indices else None
    digest = list_digest(group, inputs).hex()
    path = _prepared_path(party, ref)
    posted_chunks = checker.mixing.posted_chunks(index, ref)
    prepared = _load_prepared(path)
    if prepared is not None and (
        prepared.get("input") != digest or prepared.get("previous") != previous
    ):
        if posted_chunks:
            raise MixRefused(
                f"{path}: the board holds chunks of this trustee's shuffle of the {ref}, but its "
                "input has changed since: the round cannot be completed by this trustee"
            )
        prepared = None  # never posted: a shuffle of an input that is gone
    if prepared is None:
        if posted_chunks:
            raise MixRefused(
                f"the board holds {len(posted_chunks)} chunk(s) of this trustee's shuffle of the "
                f"{ref} but {path} is missing: a new shuffle would differ from them"
            )
        entries = _prepare(checker, index, key, ref, previous, inputs, rng, progress)
        document: JSONObject = {
            "format": _FORMAT,
            "list": ref.to_json(),
            "input": digest,
            "previous": previous,
            "entries": [[kind, body] for kind, body in entries],
        }
        path.parent.mkdir(mode=0o700, exist_ok=True)
        write_atomic(path, (dumps_canonical(document) + "\n").encode("utf-8"))
    else:
        entries = _entries_of(prepared, path)
    for pos, chunk in enumerate(posted_chunks):
        kind, body = entries[pos]
        if dumps_canonical(chunk.to_body(group)) != dumps_canonical(_unsigned(body)):
            raise MixRefused(
                f"chunk {pos} of this trustee's shuffle of the {ref} on the board differs from "
                f"{path}: refusing to post a second shuffle"
            )
    posted: list[Appended] = []
    mix_index: int | None = None
    for kind, body in islice(entries, len(posted_chunks), None):
        appended = board.post(kind, body)
        posted.append(appended)
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
) -> list[Mixed]:
    """Mix every district's counted ballots this trustee may mix (module docstring); return
    what was done per list. ``progress(stage, n)`` hears of entries read (``read``), items
    shuffled and proved (``shuffle``, ``prove``) and entries posted (``post``).
    ``checker_factory`` makes the checker the board is replayed with."""
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
            _mix_list(board, checker, party, index, key, ref, rng, progress)
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
