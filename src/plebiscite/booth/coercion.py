"""The voter's client in the mode fake-credentials (docs/spec.md §16.4–§16.5): cast with sheets.

The voter gives her sheet files, one per registrar (real or fake: the client cannot tell and
does not try). :func:`read_sheets` checks that they belong together (one election, district and
roll position, every registrar of the manifest once) and that every share has valid check
characters; :func:`cast_with_sheets` sums the shares into the credential σ, encrypts the
selections with the roll pointer over an anonymity set of the district's roll, shows the tracking
hash, posts the ballot and keeps the receipt. The booth's cast-or-challenge of this mode is not
built yet: a ballot is cast or nothing is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from plebiscite.booth.client import (
    LatestHead,
    Post,
    Posted,
    ReceiptStore,
    VoterInterface,
    post_ballot,
)
from plebiscite.booth.election import BoothElection
from plebiscite.crypto import rand
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import InputError
from plebiscite.model.ballot.content import format_tracking
from plebiscite.model.codec import loads_strict
from plebiscite.model.coercion.ballot import CredentialBallot, cast_credential_ballot
from plebiscite.model.coercion.codec import ballot_json, credential_ballot_tracking
from plebiscite.model.coercion.registration import SheetFile, credential_of, read_sheet_file

__all__ = ["ModeOutcome", "cast_with_sheets", "read_sheets"]

_MAX_SHEET_BYTES = 1 << 16


@dataclass(frozen=True)
class ModeOutcome:
    """What the voter cast: the ballot, its tracking hash and where it went."""

    ballot: CredentialBallot
    tracking: str
    posted: Posted


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
    latest: LatestHead | None = None,
    rng: rand.Random | None = None,
) -> ModeOutcome | None:
    """Encrypt and, if the voter casts, post the ballot of the credential on ``sheets``; None
    when she does not cast (this mode's challenge is not built: nothing is sent)."""
    del latest  # a ballot of this mode names no head (record.md §6)
    group, params = election.group, election.params
    sheet = sheets[0].sheet
    roll = election.roll.roll(sheet.district)
    if not 0 <= sheet.position < len(roll):
        raise InputError(f"roll position {sheet.position} is not on the district's roll")
    sigma = credential_of(group, [f.sheet for f in sheets])
    ballot = cast_credential_ballot(
        params,
        roll,
        sheet.district,
        sigma,
        sheet.position,
        selections,
        anonymity=election.definition.anonymity,
        rng=rng,
    )
    tracking = format_tracking(credential_ballot_tracking(group, ballot))
    ui.show_tracking(tracking)
    if ui.decide() != "cast":
        return None
    posted = post_ballot(post, ballot_json(group, ballot), tracking, receipts, board_key)
    ui.cast(posted)
    return ModeOutcome(ballot, tracking, posted)
