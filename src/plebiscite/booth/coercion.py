"""The voter's client in the mode fake-credentials (docs/spec.md §16.4–§16.5): cast with sheets.

The voter gives her sheet files, one per registrar (real or fake: the client cannot tell and
does not try). :func:`read_sheets` checks that they belong together (one election, district and
roll position, every registrar of the manifest once) and that every share has valid check
characters; :func:`cast_with_sheets` sums the shares into the credential σ, encrypts the
selections with the roll pointer over an anonymity set of the district's roll, shows the tracking
hash, then casts (posts the ballot and keeps the receipt) or challenges (posts it opened, spec
§16.5) and encrypts afresh, as the mode ``revote``'s booth.

The anonymity set drawn for a credential is kept in the booth's state directory
(:class:`AnonymitySets`, spec §16.5): a revote or a retry on another day names the same set, so
that the voter's ballots, linked by their time or connection, do not narrow her roll position to
the intersection of their sets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from plebiscite.booth.client import (
    Post,
    Posted,
    ReceiptStore,
    VoterInterface,
    as_decision,
    keep_posted,
    post_ballot,
)
from plebiscite.booth.election import BoothElection
from plebiscite.crypto import rand
from plebiscite.crypto.hashing import H
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.crypto.tags import BOOTH_ANONYMITY_SET
from plebiscite.errors import InputError, ParameterError
from plebiscite.model.ballot.content import format_tracking
from plebiscite.model.codec import JSONObject, dumps_canonical, loads_strict
from plebiscite.model.coercion.ballot import (
    CredentialBallot,
    anonymity_set,
    check_credential_ballot,
    encrypt_credential_ballot,
)
from plebiscite.model.coercion.challenge import (
    CredentialChallenge,
    challenge_json,
    check_credential_challenge,
)
from plebiscite.model.coercion.codec import (
    ballot_json,
    credential_ballot_tracking,
    decode_credential_ballot,
)
from plebiscite.model.coercion.registration import SheetFile, credential_of, read_sheet_file
from plebiscite.state.files import read_bounded, write_atomic

__all__ = [
    "ANONYMITY_FORMAT",
    "AnonymitySets",
    "ModeOutcome",
    "cast_with_sheets",
    "check_challenge_of",
    "opened_tracking",
    "read_sheets",
]

_MAX_SHEET_BYTES = 1 << 16
#: the ``format`` of a kept anonymity set's file
ANONYMITY_FORMAT: Final = "plebiscite-booth-anonymity-v1"
_MAX_SET_BYTES: Final = 1 << 16


class AnonymitySets:
    """The anonymity sets the booth drew, in ``<state dir>/anonymity``, one owner-only file per
    credential (spec §16.5), named by a hash of the election, the sheet's district and position
    and the credential σ: found again by the same credential only, and naming none."""

    def __init__(self, state_dir: str | Path) -> None:
        self.directory = Path(state_dir) / "anonymity"

    def path(self, election_id: bytes, district: str, position: int, sigma: int) -> Path:
        """The file of the set kept for this credential (it may not exist yet)."""
        name = H(BOOTH_ANONYMITY_SET, election_id, district, position, sigma).hex()
        return self.directory / f"{name}.json"

    def members(
        self,
        election_id: bytes,
        district: str,
        position: int,
        sigma: int,
        roll_size: int,
        anonymity: int,
        rng: rand.Random | None = None,
    ) -> tuple[int, ...]:
        """The set kept for this credential, or a new one drawn and kept (durably) first."""
        path = self.path(election_id, district, position, sigma)
        if path.exists():
            return _read_set(path, position, roll_size, anonymity)
        members = anonymity_set(roll_size, position, anonymity, rng)
        document: JSONObject = {"format": ANONYMITY_FORMAT, "members": list(members)}
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        write_atomic(path, (dumps_canonical(document) + "\n").encode("utf-8"), 0o600)
        return members


def _read_set(path: Path, position: int, roll_size: int, anonymity: int) -> tuple[int, ...]:
    """A kept set, refused (naming the file) unless it is a valid set for the sheet."""
    value = loads_strict(read_bounded(path, _MAX_SET_BYTES, "a kept anonymity set"), str(path))
    members = value.get("members") if isinstance(value, dict) else None
    if (
        not isinstance(value, dict)
        or value.get("format") != ANONYMITY_FORMAT
        or not isinstance(members, list)
        or not all(isinstance(m, int) and not isinstance(m, bool) for m in members)
    ):
        raise InputError(f"{path}: not a kept anonymity set of this version")
    chosen = tuple(m for m in members if isinstance(m, int))
    size = min(anonymity, roll_size)
    if (
        len(chosen) != size
        or list(chosen) != sorted(set(chosen))
        or not all(0 <= m < roll_size for m in chosen)
        or position not in chosen
    ):
        raise InputError(
            f"{path}: the kept anonymity set is not a set of {size} positions of the district's "
            f"roll of {roll_size} holding position {position}; nothing was encrypted or sent "
            "(remove the file only if you know why it changed: a new set narrows your position)"
        )
    return chosen


@dataclass(frozen=True)
class ModeOutcome:
    """What the voter did: the challenges posted, then the ballot cast, its tracking hash and
    where it went (None when she challenged ``max_rounds`` times without casting)."""

    challenges: tuple[Posted, ...]
    ballot: CredentialBallot | None
    tracking: str | None
    posted: Posted | None


def read_sheets(election: BoothElection, paths: Sequence[Path]) -> list[SheetFile]:
    """The voter's sheet files, checked to belong together and to this election."""
    group, definition = election.group, election.definition
    files: list[SheetFile] = []
    for path in paths:
        data = path.read_bytes()
        if len(data) > _MAX_SHEET_BYTES:
            raise InputError(f"{path}: larger than a sheet file")
        files.append(read_sheet_file(group, loads_strict(data, str(path)), str(path)))
    if not files:
        raise InputError("give your sheets (--sheet FILE, one per registrar)")
    first = files[0].sheet
    for path, file in zip(paths, files, strict=True):
        sheet = file.sheet
        if file.election_id != election.election_id:
            raise InputError(f"{path}: this sheet is for another election")
        if (sheet.district, sheet.position) != (first.district, first.position):
            raise InputError(f"{path}: not the same district and roll position as {paths[0]}")
    registrars = sorted(f.sheet.registrar for f in files)
    if registrars != list(range(1, len(definition.registrars) + 1)):
        raise InputError(
            f"give one sheet of each of the {len(definition.registrars)} registrars "
            f"(got registrars {registrars})"
        )
    if first.district not in election.params.districts:
        raise InputError(f"district {first.district!r} is not a district of this election")
    return files


def cast_with_sheets(
    election: BoothElection,
    sheets: Sequence[SheetFile],
    selections: Sequence[Sequence[int]],
    ui: VoterInterface,
    post: Post,
    *,
    receipts: ReceiptStore | None = None,
    board_key: VerifyingKey | None = None,
    max_rounds: int = 100,
    rng: rand.Random | None = None,
    kept: AnonymitySets | None = None,
) -> ModeOutcome:
    """Run the voter's flow with the credential on ``sheets`` until she casts (or
    ``max_rounds`` ballots have been challenged), as the mode ``revote``'s booth does.

    Every round encrypts afresh (a new credential ciphertext, pointer and option randomness)
    over one anonymity set drawn once (spec §16.5; with ``kept``, the set kept for this
    credential across runs, drawn and kept at its first), shows the tracking hash, then asks. A
    challenge posts the opened ballot (the options' randomness, never the credential's)."""
    if max_rounds < 1:
        raise ParameterError("booth: max_rounds must be at least 1")
    group, params = election.group, election.params
    sheet = sheets[0].sheet
    roll = election.roll.roll(sheet.district)
    if not 0 <= sheet.position < len(roll):
        raise InputError(f"roll position {sheet.position} is not on the district's roll")
    sigma = credential_of(group, [f.sheet for f in sheets])
    anonymity = election.definition.anonymity
    if kept is None:
        members = anonymity_set(len(roll), sheet.position, anonymity, rng)
    else:
        members = kept.members(
            election.election_id, sheet.district, sheet.position, sigma, len(roll), anonymity, rng
        )
    challenges: list[Posted] = []
    for _ in range(max_rounds):
        opened = encrypt_credential_ballot(
            params, roll, sheet.district, sigma, sheet.position, members, selections, rng=rng
        )
        ballot = opened.ballot
        tracking = format_tracking(credential_ballot_tracking(group, ballot))
        ui.show_tracking(tracking)
        if as_decision(ui.decide()) == "challenge":
            body = challenge_json(group, ballot, selections, opened.randomness)
            posted = keep_posted("challenge", tracking, post("challenge", body), receipts)
            challenges.append(posted)
            ui.challenged(posted)
            continue
        cast = post_ballot(post, ballot_json(group, ballot), tracking, receipts, board_key)
        ui.cast(cast)
        return ModeOutcome(tuple(challenges), ballot, tracking, cast)
    return ModeOutcome(tuple(challenges), None, None, None)


def opened_tracking(election: BoothElection, kind: str, body: object, where: str) -> bytes:
    """The tracking hash of a ``ballot`` or ``challenge`` entry of this mode, once it passes
    V12 or V10 against the district's roll (for ``check-receipt``)."""
    if kind == "challenge":
        return check_challenge_of(election, body, where).tracking
    params = election.params
    ballot = decode_credential_ballot(params, body, where)
    roll = election.roll.roll(ballot.district)
    check_credential_ballot(
        params, roll, ballot, anonymity=election.definition.anonymity, where=where
    )
    return credential_ballot_tracking(election.group, ballot)


def check_challenge_of(election: BoothElection, body: object, where: str) -> CredentialChallenge:
    """V10 on a challenge of this mode (spec §16.5), against the district's roll."""
    return check_credential_challenge(
        election.params, election.roll.roll, election.definition.anonymity, body, where
    )
