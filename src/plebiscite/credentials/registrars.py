"""Registration in the mode fake-credentials (docs/spec.md §16.3–§16.4), as the registrars, the
credential authority and the voter run it from the command line.

* :func:`issue_registrar`: registrar j reads the voters' designated-verifier keys (the
  registration list, the same for every registrar, in roll order per district), writes each
  voter's sheet j to its own file as it goes (``SHEETS/<district>/<position>-r<j>.json``, mode
  0600; nothing is held for the whole roll) and posts its ``registrar_roll`` chunks.
* :func:`close_roll`: the credential authority posts ``credential_roll_final`` once every
  registrar's roll is complete and passes V4, with the roots of the combined roll.
* :func:`check_sheet_file` and :func:`fake_sheet_file`: the voter's check of a sheet against the
  board, and a fake sheet of the same form (it needs her designated-verifier secret v); a
  :class:`SheetBoard` reads the board once for many sheets.
* :func:`new_designated_key`: the voter's designated-verifier secret, made on her own device.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from plebiscite.board.board import Appended
from plebiscite.credentials.sheets import prepare_sheets_dir
from plebiscite.crypto import rand
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import BoardError, InputError
from plebiscite.model.codec import JSONObject, dumps_canonical, loads_strict
from plebiscite.model.coercion.registration import (
    RegistrarEntry,
    SheetFile,
    check_sheet,
    fake_sheet,
    issue_sheet,
    read_sheet_file,
    sheet_file_json,
)
from plebiscite.model.coercion.roll import (
    MAX_CHUNK_ENTRIES,
    REGISTRAR_ROLL_KIND,
    RegistrarRollReader,
    registrar_chunk_bodies,
)
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.roll import FINAL_KIND, final_body
from plebiscite.model.signed import unsigned_part
from plebiscite.rules.ceremony import check_ceremony
from plebiscite.rules.coercion_roll import RegistrarRollChecker
from plebiscite.state.files import write_new

__all__ = [
    "DESIGNATED_FORMAT",
    "Election",
    "SheetBoard",
    "check_sheet_file",
    "close_roll",
    "fake_sheet_file",
    "issue_registrar",
    "new_designated_key",
    "read_designated_secret",
    "read_voters",
    "sheet_file_path",
]

#: the ``format`` of a voter's designated-verifier key file
DESIGNATED_FORMAT = "plebiscite-designated-v1"
_MAX_FILE = 1 << 16


@dataclass(frozen=True)
class Election:
    """What registration needs from the board: the manifest, K and the ceremony context."""

    definition: Definition
    group: Group
    joint_key: Element
    ceremony_ctx: bytes

    @classmethod
    def from_board(cls, entries: Sequence[Entry]) -> Election:
        """Read the election from a board whose key ceremony is finished; :class:`InputError`
        when it is not, or when the election is not in the mode fake-credentials."""
        ceremony = check_ceremony(entries, final=True)
        definition, group = ceremony.definition, ceremony.group
        if definition is None or group is None:
            raise InputError("the board holds no valid manifest")
        if not definition.fake_credentials:
            raise InputError(
                "this election runs in the mode revote: its credentials are issued without "
                "registrars (plebiscite credentials issue with the credential authority's state)"
            )
        if ceremony.joint_key is None or ceremony.ceremony_context is None or ceremony.failures:
            raise InputError("the key ceremony is not finished: registrars encrypt under its key")
        return cls(definition, group, ceremony.joint_key, ceremony.ceremony_context)


def sheet_file_path(directory: Path, district: str, position: int, registrar: int) -> Path:
    """Where :func:`issue_registrar` writes a voter's sheet j."""
    return directory / district / f"{position}-r{registrar}.json"


def read_voters(group: Group, definition: Definition, path: Path) -> dict[str, list[Element]]:
    """The registration list: JSON Lines ``{"district": id, "designated": V}`` in roll order;
    every district of the manifest with exactly its ``registered`` voters."""
    voters: dict[str, list[Element]] = {d.id: [] for d in definition.districts}
    text = path.read_text(encoding="utf-8")
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        obj = loads_strict(line, where)
        if not isinstance(obj, dict) or sorted(obj) != ["designated", "district"]:
            raise InputError(f'{where}: expected {{"district": id, "designated": key}}')
        district = obj["district"]
        if not isinstance(district, str) or district not in voters:
            raise InputError(f"{where}: field district: {district!r} is not a district")
        try:
            voters[district].append(group.from_hex(obj["designated"], "designated"))
        except ValueError as exc:
            raise InputError(f"{where}: field designated: {exc}") from None
    for d in definition.districts:
        if len(voters[d.id]) != d.registered:
            raise InputError(
                f"{path}: district {d.id!r} lists {len(voters[d.id])} voters, "
                f"{d.registered} registered"
            )
    return voters


def issue_registrar(
    election: Election,
    key: SigningKey,
    voters: dict[str, list[Element]],
    sheets: Path,
    post: Callable[[str, JSONObject], Appended],
    *,
    chunk_size: int = MAX_CHUNK_ENTRIES,
    progress: Callable[[str, int, int], None] | None = None,
    rng: rand.Random | None = None,
) -> list[int]:
    """Registrar j's part (j found by ``key`` among the manifest's registrars): every voter's
    sheet j written to its file, the chunks posted; returns the posted entries' indices."""
    definition, group = election.definition, election.group
    j = next((i for i, r in enumerate(definition.registrars, 1) if r.key == key.public), None)
    if j is None:
        raise InputError("this key is not one of the manifest's registrars")
    assert definition.election_id is not None
    prepare_sheets_dir(sheets)  # 0700, new or empty: sheets are never overwritten
    posted: list[int] = []
    for d in definition.districts:
        (sheets / d.id).mkdir(mode=0o700)
        chunk: list[RegistrarEntry] = []
        chunk_number = 0

        def flush(district: str) -> None:
            nonlocal chunk, chunk_number
            assert definition.election_id is not None
            (body,) = registrar_chunk_bodies(
                group,
                j,
                district,
                chunk,
                key,
                definition.election_id,
                chunk_size=len(chunk),
                first_chunk=chunk_number,
                rng=rng,
            )
            posted.append(post(REGISTRAR_ROLL_KIND, body).entry.index)
            chunk, chunk_number = [], chunk_number + 1

        for p, V in enumerate(voters[d.id]):
            sheet, entry = issue_sheet(
                group, election.joint_key, V, election.ceremony_ctx, d.id, j, p, rng=rng
            )
            file = SheetFile(definition.election_id, V, sheet)
            data = dumps_canonical(sheet_file_json(group, file)) + "\n"
            write_new(sheet_file_path(sheets, d.id, p, j), data.encode(), 0o600)
            chunk.append(entry)
            if len(chunk) == chunk_size:
                flush(d.id)
            if progress is not None:
                progress(d.id, p + 1, d.registered)
        if chunk:
            flush(d.id)
    return posted


def close_roll(
    entries: Iterable[Entry],
    key: SigningKey,
    post: Callable[[str, JSONObject], Appended],
    rng: rand.Random | None = None,
) -> tuple[int, list[tuple[str, int, bytes]]]:
    """The credential authority's ``credential_roll_final`` over the registrars' roll, once it
    passes V4 but for the final entry itself; returns its index and (district, count, root)."""
    checker = RegistrarRollChecker()
    definition: Definition | None = None
    for entry in entries:
        if entry.index == 0:
            definition = Definition.from_manifest(unsigned_part(entry.body))
        if entry.kind in (FINAL_KIND, "open"):
            raise BoardError("roll_closed", f"entry {entry.index}: the roll is already final")
        checker.observe(entry)
    report = checker.report()
    problems = [f for f in report.failures if f.field != FINAL_KIND]
    if definition is None or not definition.fake_credentials:
        raise InputError("the board holds no election in the mode fake-credentials")
    short = [d for d in report.districts if d.count != d.registered]
    if problems or short:
        shown = [str(f) for f in problems] + [
            f"district {d.id!r}: {d.count} of {d.registered} voters on the roll" for d in short
        ]
        raise InputError(
            "the registrars' roll is not complete or not valid:\n  " + "\n  ".join(shown)
        )
    assert definition.election_id is not None
    listed = [(d.id, d.count, d.root) for d in report.districts if d.root is not None]
    body = final_body(key, definition.election_id, listed, rng)
    return post(FINAL_KIND, body).entry.index, listed


def _read_json(path: Path) -> object:
    data = path.read_bytes()
    if len(data) > _MAX_FILE:
        raise InputError(f"{path}: larger than {_MAX_FILE} bytes")
    return loads_strict(data, str(path))


class SheetBoard:
    """The board as the voters' checks read it: the election read once and the registrars'
    chunks decoded once each (:class:`RegistrarRollReader`), for checking many sheets against
    one board (the sheets of every voter, or of one voter's registrars)."""

    def __init__(self, entries: Sequence[Entry]) -> None:
        self.election = Election.from_board(entries)
        self.roll = RegistrarRollReader(self.election.group, entries)

    def posted_entry(self, file: SheetFile) -> Ciphertext:
        """Registrar j's posted roll entry at the sheet's position: what the sheet is checked
        against; :class:`InputError` when the sheet is not for this board's roll."""
        definition, sheet = self.election.definition, file.sheet
        if file.election_id != definition.election_id:
            raise InputError("the sheet is for another election")
        if sheet.registrar > len(definition.registrars):
            raise InputError(
                f"the sheet names registrar {sheet.registrar}, who is not in the manifest"
            )
        found = self.roll.entry_at(sheet.registrar, sheet.district, sheet.position)
        if found is None:
            raise InputError(
                f"registrar {sheet.registrar} has posted no roll entry at position "
                f"{sheet.position} of district {sheet.district!r}"
            )
        return found


def _sheet_board(board: Sequence[Entry] | SheetBoard) -> SheetBoard:
    return board if isinstance(board, SheetBoard) else SheetBoard(board)


def check_sheet_file(board: Sequence[Entry] | SheetBoard, path: Path) -> SheetFile:
    """The voter's check (spec §16.3): the roll entry registrar j posted at her position
    encrypts the share on her sheet. ``board``: its entries, or a :class:`SheetBoard` read
    once for many sheets. Raises :class:`ProofError` (it does not) or :class:`InputError`."""
    read = _sheet_board(board)
    election = read.election
    file = read_sheet_file(election.group, _read_json(path), str(path))
    posted = read.posted_entry(file)
    check_sheet(
        election.group,
        election.joint_key,
        file.designated,
        election.ceremony_ctx,
        file.sheet,
        posted,
    )
    return file


def fake_sheet_file(
    board: Sequence[Entry] | SheetBoard,
    path: Path,
    secret: int,
    out: Path,
    rng: rand.Random | None = None,
) -> SheetFile:
    """A fake sheet of the same form as the sheet in ``path`` (same election, district,
    position, registrar and designated key; a fresh share; a proof simulated with ``secret``),
    written to the new file ``out``; it passes :func:`check_sheet_file` as the real one does.
    ``board`` as for :func:`check_sheet_file`."""
    read = _sheet_board(board)
    election = read.election
    group = election.group
    real = read_sheet_file(group, _read_json(path), str(path))
    if group.exp_g(secret) != real.designated:
        raise InputError("the designated-verifier secret is not the one this sheet was made for")
    posted = read.posted_entry(real)
    sheet = fake_sheet(
        group, election.joint_key, secret, election.ceremony_ctx, real.sheet, posted, rng=rng
    )
    fake = SheetFile(real.election_id, real.designated, sheet)
    write_new(out, (dumps_canonical(sheet_file_json(group, fake)) + "\n").encode(), 0o600)
    return fake


def new_designated_key(group_name: str, out: Path, rng: rand.Random | None = None) -> Element:
    """The voter's designated-verifier secret v, written to the new file ``out`` (mode 0600);
    returns V = g^v, which she gives the registrars."""
    group = get_group(group_name)
    v = group.random_nonzero_scalar(rng)
    obj = {"format": DESIGNATED_FORMAT, "group": group_name, "secret": group.scalar_to_hex(v)}
    write_new(out, (json.dumps(obj) + "\n").encode(), 0o600)
    return group.exp_g(v)


def read_designated_secret(group: Group, path: Path) -> int:
    """The secret v of a designated-verifier key file."""
    obj = _read_json(path)
    if not isinstance(obj, dict) or obj.get("format") != DESIGNATED_FORMAT:
        raise InputError(f"{path}: not a designated-verifier key file ({DESIGNATED_FORMAT})")
    try:
        return group.scalar_from_hex(obj.get("secret"), "secret")
    except ValueError:
        raise InputError(f"{path}: field secret: not a scalar of this election's group") from None
