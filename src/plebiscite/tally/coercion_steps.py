"""The fake-credentials tally run by its parties from their state directories against a board
(docs/spec.md §16.5 steps 2 and 4, docs/record.md §6): ``plebiscite trustee tag`` and
``plebiscite authority tag`` (the mix between them is ``plebiscite trustee mix`` on the ``kept``
lists).

:func:`trustee_steps` replays the board through the verifier's checker, refuses a board that is
not closed or whose checks up to the counted set (or V11, V13, V14 so far) fail, and then, per
district, posts whichever of this trustee's entries are due: ``tag_commit`` (once every QUAL
trustee may join), ``tag_blind`` (its turn: every committed trustee of a lower index has blinded,
and every QUAL trustee has committed), ``tag_decrypt`` (every committed trustee has blinded),
``pet_blind`` (the ``kept`` list mixed by every QUAL trustee, or at least k of them with none
left to come, and every QUAL trustee of a lower index has tested) and ``pet_decrypt`` (every QUAL
trustee has tested). :func:`authority_steps` posts ``tag_dedup`` and ``pet_match`` once k
decryptions are on the board. Run them again after each other party's turn: what is already on
the board is skipped.

**Resumable, never two different entries.** An entry whose making draws randomness — with a stage
of a per-item list, all its ``tally_chunk`` entries and its closing entry — is written, signed, to
``<state>/coercion/<district digest>-<kind>.json`` (durably) before the first of them is posted,
with the digest of the board list it was made from; a run that finds that file posts the same
bodies (when its list has not changed), never new ones, and skips the chunks the board holds
already (after checking they are the file's): a crash between two chunks resumes where it
stopped. The blinding exponent ``z_i`` of ``tag_commit`` is kept as a secret of the party
(sealed with its passphrase) until its ``tag_blind`` is posted, then overwritten and removed (by
the run that posts it, or by the next run after a crash); the equality tests' exponents are
never stored (their entries are made in one go).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import Final

from plebiscite.board.client import BoardClient
from plebiscite.ceremony.trustee import load_secret_share
from plebiscite.crypto import rand
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Group
from plebiscite.crypto.pet import counted_positions, pet_results, pet_stage, quotients
from plebiscite.crypto.proofs import prove_partial_decryption
from plebiscite.crypto.shuffle import list_digest
from plebiscite.crypto.signatures import SigningKey
from plebiscite.crypto.tags_blind import (
    BlindingSecret,
    blind_and_prove,
    combine_tags,
    decryption_context,
    keep_last,
)
from plebiscite.errors import InputError
from plebiscite.model.ceremony import read_manifest
from plebiscite.model.codec import JSONObject, dumps_canonical, loads_strict
from plebiscite.model.coercion.tally import Context, tally_context
from plebiscite.model.coercion.tally_entries import (
    KEPT_LIST,
    PET_BLIND,
    PET_DECRYPT,
    PET_MATCH,
    TAG_BLIND,
    TAG_COMMIT,
    TAG_DECRYPT,
    TAG_DEDUP,
    TALLY_CHUNK,
    ChunkItem,
    Combined,
    Share,
    TagCommit,
    TallyChunk,
    TallyEntry,
    encode,
    pet_items,
    sign_tally_entry,
    stage_entries,
)
from plebiscite.model.mix import ListRef
from plebiscite.model.signed import SIGNATURE_FIELD
from plebiscite.rules.checker import Checker
from plebiscite.rules.checks import BEFORE_TALLY
from plebiscite.rules.coercion_tally import DistrictRounds
from plebiscite.state.files import read_bounded, write_atomic
from plebiscite.state.party import Party

__all__ = ["STEPS_DIR", "Step", "StepsRefused", "authority_steps", "describe", "trustee_steps"]

#: the folder of a party's state directory that holds its prepared entries
STEPS_DIR: Final = "coercion"
_FORMAT: Final = "plebiscite-coercion-prepared-v2"
_MAX_FILE: Final = 1 << 30
#: the checks a party runs before it posts (the board up to the counted set, and the tally so far)
_CHECKS: Final = (*BEFORE_TALLY, "V11", "V13", "V14")

#: makes the checker a party replays the board with
CheckerFactory = Callable[[], Checker]
Progress = Callable[[str, int], None]


class StepsRefused(InputError):
    """The party will not act on this board; the message says why."""


@dataclass(frozen=True)
class Step:
    """What a run did for one district: the entries it posted (kinds and indices), or why it
    posted nothing."""

    district: str
    posted: tuple[tuple[str, int], ...] = ()
    waiting: str | None = None


def _read(board: BoardClient, factory: CheckerFactory, progress: Progress | None) -> Checker:
    checker = factory()
    try:
        for entry in board.iter_entries(0):
            checker.feed(entry)
            if progress is not None:
                progress("read", 1)
        checker.finish(in_progress=True)
    except BaseException:
        checker.close()
        raise
    if checker.close_index is None:
        checker.close()
        raise StepsRefused("voting is not closed: the tally starts after close")
    failures = [f for f in checker.failures if f.check in _CHECKS]
    if failures:
        checker.close()
        raise StepsRefused(
            "the board fails the checks a party runs before the tally:\n  "
            + "\n  ".join(map(str, failures))
        )
    return checker


def _digest(group: Group, items: Sequence[Ciphertext]) -> str:
    return list_digest(group, [(ct,) for ct in items]).hex()


class _Poster:
    """Posts a party's entries, each prepared in its state directory first when ``party``."""

    def __init__(
        self,
        board: BoardClient,
        checker: Checker,
        key: SigningKey,
        party: Party | None,
        rng: rand.Random | None,
        progress: Progress | None,
    ) -> None:
        self.board, self.checker, self.key, self.party = board, checker, key, party
        self.rng, self.progress = rng, progress
        assert checker.group is not None and checker.election_id is not None
        self.group, self.election_id = checker.group, checker.election_id

    def _path(self, district: str, kind: str) -> Path:
        assert self.party is not None
        name = hashlib.sha256(district.encode("utf-8")).hexdigest()[:16]
        return self.party.directory / STEPS_DIR / f"{name}-{kind}.json"

    def _prepared(self, path: Path, made_from: str) -> list[tuple[str, JSONObject]] | None:
        value = loads_strict(read_bounded(path, _MAX_FILE, "a prepared entry"), str(path))
        if not isinstance(value, dict) or value.get("format") != _FORMAT:
            raise StepsRefused(f"{path}: not a prepared entry of this version")
        if value.get("from") != made_from:
            return None
        stored = value.get("entries")
        if not isinstance(stored, list):
            raise StepsRefused(f"{path}: field entries: expected a list")
        out: list[tuple[str, JSONObject]] = []
        for pos, item in enumerate(stored):
            if not (
                isinstance(item, list)
                and len(item) == 2
                and isinstance(item[0], str)
                and isinstance(item[1], dict)
            ):
                raise StepsRefused(f"{path}: field entries[{pos}]: expected [kind, body]")
            out.append((item[0], item[1]))
        return out

    def post(
        self,
        district: str,
        kind: str,
        made_from: str,
        make: Callable[[], Sequence[TallyEntry]],
        trustee: int | None = None,
    ) -> tuple[str, int]:
        """Post the entries that ``make()`` gives (a stage's chunks, then its closing entry of
        ``kind``), or the ones prepared from the same list (``made_from``, a digest) before,
        skipping the chunks of the stage that trustee ``trustee`` already posted."""
        entries: list[tuple[str, JSONObject]] | None = None
        path: Path | None = None
        rounds = self.checker.coercion.districts.get(district, DistrictRounds())
        posted = rounds.pending.get((kind, trustee)) if trustee is not None else None
        if self.party is not None:
            path = self._path(district, kind)
            if path.exists():
                entries = self._prepared(path, made_from)
        if posted is not None and entries is None:
            raise StepsRefused(
                f"the board holds {len(posted.chunks)} chunk(s) of trustee {trustee}'s {kind} in "
                f"district {district!r}, but {path} is missing or was made from another list: "
                "new entries would differ from them"
            )
        if entries is None:
            made = [
                sign_tally_entry(self.key, self.group, self.election_id, entry, self.rng)
                for entry in make()
            ]
            assert made[-1][0] == kind
            entries = made
            if path is not None:
                document: JSONObject = {
                    "format": _FORMAT,
                    "from": made_from,
                    "kind": kind,
                    "entries": [[k, body] for k, body in entries],
                }
                path.parent.mkdir(mode=0o700, exist_ok=True)
                write_atomic(path, (dumps_canonical(document) + "\n").encode("utf-8"))
        skip = 0
        if posted is not None:
            skip = len(posted.chunks)
            self._same_chunks(posted.chunks, entries[:skip], trustee, kind, district, path)
        index = -1
        for entry_kind, body in entries[skip:]:
            appended = self.board.post(entry_kind, body)
            self.checker.feed(appended.entry)
            index = appended.entry.index
            if self.progress is not None:
                self.progress("post", 1)
        return kind, index

    def _same_chunks(
        self,
        chunks: Sequence[Sequence[ChunkItem]],
        prepared: Sequence[tuple[str, JSONObject]],
        trustee: int | None,
        kind: str,
        district: str,
        path: Path | None,
    ) -> None:
        """Refuse to go on where the chunks on the board are not the prepared file's."""
        assert trustee is not None
        for pos, (items, (entry_kind, body)) in enumerate(zip(chunks, prepared, strict=False)):
            _, on_board = encode(self.group, TallyChunk(kind, trustee, district, pos, tuple(items)))
            mine = {k: v for k, v in body.items() if k != SIGNATURE_FIELD}
            if entry_kind != TALLY_CHUNK or dumps_canonical(on_board) != dumps_canonical(mine):
                raise StepsRefused(
                    f"chunk {pos} of trustee {trustee}'s {kind} in district {district!r} on the "
                    f"board differs from {path}: refusing to post a second one"
                )
        if len(prepared) < len(chunks):
            raise StepsRefused(f"{path}: fewer chunks than the board holds")


def _trustees(checker: Checker) -> tuple[int, ...]:
    assert checker.ceremony is not None
    return tuple(sorted(checker.ceremony.qualified))


def _kept_round(checker: Checker, district: str) -> list[int]:
    """The trustees who mixed the district's kept list so far, in order."""
    current = checker.mixing.rounds.get(ListRef(KEPT_LIST, district))
    return [] if current is None else list(current.trustees)


def _read_z(group: Group, party: Party, name: str, passphrase: str) -> int:
    text = party.read_secret(name, passphrase).decode("ascii", "replace")
    return group.scalar_from_hex(text, f"{party.directory}: the blinding exponent")


def trustee_steps(
    board: BoardClient,
    party: Party,
    passphrase: str,
    rng: rand.Random | None = None,
    *,
    districts: tuple[str, ...] | None = None,
    progress: Progress | None = None,
    checker_factory: CheckerFactory = Checker,
) -> list[Step]:
    """Post every entry of the tally this trustee may post now (module docstring)."""
    definition, _ = read_manifest(list(islice(board.iter_entries(0), 1)))
    eid = definition.election_id
    assert eid is not None
    mine = [
        i
        for i, m in enumerate(definition.trustees.members, start=1)
        if m.fingerprint == party.fingerprint
    ]
    if not mine:
        raise StepsRefused(f"{party.directory}: this trustee's key is not one of the manifest's")
    i = mine[0]
    key = party.signing_key(passphrase)
    index, share = load_secret_share(party, passphrase, eid)
    if index != i:
        raise StepsRefused(f"the secret share is trustee {index}'s, but this key is trustee {i}'s")
    checker = _read(board, checker_factory, progress)
    try:
        if i not in _trustees(checker):
            raise StepsRefused(f"trustee {i} is not in QUAL {list(_trustees(checker))}")
        poster = _Poster(board, checker, key, party, rng, progress)
        known = [d.id for d in definition.districts]
        out: list[Step] = []
        for district in districts or tuple(known):
            if district not in known:
                raise StepsRefused(f"district {district!r} is not one of the manifest's {known}")
            out.append(_trustee_district(checker, poster, party, passphrase, i, share, district))
        return out
    finally:
        checker.close()


def _z_name(election_id: bytes, district: str) -> str:
    digest = hashlib.sha256(district.encode("utf-8")).hexdigest()[:16]
    return f"tagz-{election_id.hex()}-{digest}"


def _trustee_district(
    checker: Checker,
    poster: _Poster,
    party: Party,
    passphrase: str,
    i: int,
    share: int,
    district: str,
) -> Step:
    group, eid = poster.group, poster.election_id
    assert checker.election_ctx is not None
    posted: list[tuple[str, int]] = []
    qual = _trustees(checker)
    valid = checker.credential_ballots(district)
    if not valid:
        return Step(district, waiting="no valid ballot of the mode in this district")
    rounds = checker.coercion.districts.get(district, DistrictRounds())
    ctx = tally_context(checker.election_ctx, district, "dedup")
    z_name = _z_name(eid, district)
    # tag_commit
    if i not in rounds.commits:
        if rounds.blinders:
            return Step(district, waiting="the dedup round began without this trustee")
        if not party.has_secret(z_name):
            fresh = group.random_nonzero_scalar(poster.rng)
            party.write_secret(z_name, group.scalar_to_hex(fresh).encode(), passphrase, poster.rng)
        z = _read_z(group, party, z_name, passphrase)

        def tag_commit() -> list[TallyEntry]:
            return [TagCommit(i, district, group.exp_g_secret(z))]

        posted.append(poster.post(district, TAG_COMMIT, "", tag_commit))
        rounds = checker.coercion.districts[district]
    # tag_blind
    if i not in rounds.blinders:
        if set(rounds.commits) != set(qual):
            return Step(district, tuple(posted), "waiting for every QUAL trustee's tag_commit")
        before = [t for t in rounds.commits if t < i and t not in rounds.blinders]
        if before:
            return Step(district, tuple(posted), f"waiting for trustees {before} to blind")
        z = _read_z(group, party, z_name, passphrase)
        inputs = rounds.blinded or [ballot.credential for _, ballot in valid]

        def tag_blind() -> list[TallyEntry]:
            outputs, proof = blind_and_prove(
                group, BlindingSecret(z), i, inputs, ctx, rng=poster.rng
            )
            return stage_entries(group, TAG_BLIND, i, district, outputs, proof)

        made_from = _digest(group, inputs)
        posted.append(poster.post(district, TAG_BLIND, made_from, tag_blind, i))
        rounds = checker.coercion.districts[district]
    # z_i's last use is on the board: its file goes (a run after a crash before this erases it)
    party.erase_secret(z_name)
    # tag_decrypt
    if i not in rounds.tag_shares and rounds.kept is None:
        missing = sorted(set(rounds.commits) - set(rounds.blinders))
        if missing or rounds.blinded is None:
            return Step(district, tuple(posted), f"waiting for trustees {missing} to blind")
        blinded = rounds.blinded

        def tag_decrypt() -> list[TallyEntry]:
            shares = _shares(group, share, i, blinded, ctx, poster.rng)
            return stage_entries(group, TAG_DECRYPT, i, district, shares)

        made_from = _digest(group, blinded)
        posted.append(poster.post(district, TAG_DECRYPT, made_from, tag_decrypt, i))
        rounds = checker.coercion.districts[district]
    if rounds.kept is None:
        return Step(district, tuple(posted), "waiting for the authority's tag_dedup")
    # pet_blind
    match_ctx = tally_context(checker.election_ctx, district, "match")
    if i not in rounds.pet_blinders:
        if rounds.pet_shares:
            return Step(district, tuple(posted), "the equality tests were decrypted without it")
        mixers = _kept_round(checker, district)
        if rounds.match_mixes is None and mixers != list(qual):
            return Step(
                district,
                tuple(posted),
                f"waiting for every QUAL trustee to mix the kept list (mixed: {mixers})",
            )
        before = [t for t in qual if t < i and t not in rounds.pet_blinders]
        if before:
            return Step(district, tuple(posted), f"waiting for trustees {before} to test")
        mixed = checker.mixing.output_items(ListRef(KEPT_LIST, district)) or []
        tests = rounds.tested or quotients(group, [t[0] for t in mixed], [t[1] for t in mixed])

        def pet_blind() -> list[TallyEntry]:
            _, stage = pet_stage(group, i, tests, match_ctx, rng=poster.rng)
            return stage_entries(group, PET_BLIND, i, district, pet_items(stage))

        made_from = _digest(group, tests)
        posted.append(poster.post(district, PET_BLIND, made_from, pet_blind, i))
        rounds = checker.coercion.districts[district]
    # pet_decrypt
    if i not in rounds.pet_shares and rounds.counted is None:
        before = [t for t in qual if t not in rounds.pet_blinders]
        if before or rounds.tested is None:
            return Step(district, tuple(posted), f"waiting for trustees {before} to test")
        tested = rounds.tested

        def pet_decrypt() -> list[TallyEntry]:
            shares = _shares(group, share, i, tested, match_ctx, poster.rng)
            return stage_entries(group, PET_DECRYPT, i, district, shares)

        made_from = _digest(group, tested)
        posted.append(poster.post(district, PET_DECRYPT, made_from, pet_decrypt, i))
    return Step(district, tuple(posted))


def _shares(
    group: Group,
    share: int,
    i: int,
    items: Sequence[Ciphertext],
    context: Context,
    rng: rand.Random | None,
) -> tuple[Share, ...]:
    return tuple(
        prove_partial_decryption(group, share, ct, decryption_context(context, i, j), rng=rng)
        for j, ct in enumerate(items)
    )


def authority_steps(
    board: BoardClient,
    key: SigningKey,
    rng: rand.Random | None = None,
    *,
    progress: Progress | None = None,
    checker_factory: CheckerFactory = Checker,
) -> list[Step]:
    """Post every ``tag_dedup`` and ``pet_match`` due: k decryptions are on the board (the
    first k trustees' in index order are combined)."""
    checker = _read(board, checker_factory, progress)
    try:
        assert checker.definition is not None
        k = checker.definition.trustees.k
        poster = _Poster(board, checker, key, None, rng, progress)
        group = poster.group
        out: list[Step] = []
        for d in checker.definition.districts:
            district = d.id
            rounds = checker.coercion.districts.get(district)
            if rounds is None:
                out.append(Step(district, waiting="no tally entry yet"))
                continue
            posted: list[tuple[str, int]] = []
            assert checker.election_ctx is not None
            if rounds.kept is None:
                chosen = tuple(sorted(rounds.tag_shares))[:k]
                if len(chosen) < k or rounds.blinded is None:
                    out.append(Step(district, waiting=f"{len(chosen)} tag_decrypt of k = {k}"))
                    continue
                ctx = tally_context(checker.election_ctx, district, "dedup")
                partials = {t: rounds.tag_shares[t] for t in chosen}
                tags = combine_tags(group, rounds.blinded, partials, k, ctx)
                valid = checker.credential_ballots(district)
                kept = tuple(valid[p][0] for p in keep_last(tags[: len(valid)]))
                dedup = Combined(TAG_DEDUP, district, chosen, kept)
                posted.append(poster.post(district, TAG_DEDUP, "", _given(dedup)))
                rounds = checker.coercion.districts[district]
            if rounds.counted is None:
                chosen = tuple(sorted(rounds.pet_shares))[:k]
                if len(chosen) < k or rounds.tested is None:
                    out.append(
                        Step(district, tuple(posted), f"{len(chosen)} pet_decrypt of k = {k}")
                    )
                    continue
                partials = {t: rounds.pet_shares[t] for t in chosen}
                results = pet_results(group, rounds.tested, partials, k)
                counted = tuple(counted_positions(group, results))
                match = Combined(PET_MATCH, district, chosen, counted)
                posted.append(poster.post(district, PET_MATCH, "", _given(match)))
            out.append(Step(district, tuple(posted)))
        return out
    finally:
        checker.close()


def _given(entry: TallyEntry) -> Callable[[], list[TallyEntry]]:
    def make() -> list[TallyEntry]:
        return [entry]

    return make


def describe(step: Step) -> str:
    """One line for a command's output."""
    done = ", ".join(f"{kind} at entry {index}" for kind, index in step.posted)
    if step.waiting is None:
        return f"district {step.district!r}: posted {done or 'nothing (all done)'}"
    if done:
        return f"district {step.district!r}: posted {done}; then {step.waiting}"
    return f"district {step.district!r}: {step.waiting}"
