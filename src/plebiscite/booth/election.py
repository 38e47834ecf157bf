"""What the voter's client reads from the board before it encrypts, recomputed, not trusted.

From the chain alone: the manifest (entry 0, signed by the authority key it names), the key
ceremony (V3, :func:`plebiscite.rules.ceremony.check_ceremony`: QUAL, the joint key K and the
verification keys recomputed from the trustees' own commitments, so that an ``election_key`` the
authority signed over another key is refused, not trusted), the roll (V4: every district's
Merkle root, and the district of the voter's key) and so the election context::

    election_ctx = election_context(group, ceremony_ctx, K, VKs, QUAL, roll roots,
                                    board key, authority key, CA key)

(:mod:`plebiscite.model.contexts`). A client that recomputes it binds its ballot to the election
that the record shows, whatever the board says it is.

The chain is read once, in order, and not kept: a board client's ``iter_entries()`` can be
passed as it is, whatever the board's size.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from plebiscite.crypto.group import Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import InputError, PlebisciteError
from plebiscite.model.ballot import BallotParams
from plebiscite.model.ceremony import CEREMONY_KINDS, ElectionKey, parse_body
from plebiscite.model.contexts import ceremony_context, election_context
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.signed import unsigned_part, verify_body_signature
from plebiscite.rules.ceremony import check_ceremony
from plebiscite.rules.coercion_roll import AnyRollChecker

__all__ = ["BoothElection", "read_election"]


@dataclass(frozen=True)
class BoothElection:
    """An election as the booth sees it: the definition, the ballot parameters, the keys."""

    definition: Definition
    election_id: bytes
    group: Group
    params: BallotParams
    board_key: VerifyingKey
    roll: AnyRollChecker
    #: the index of the ``open`` entry (None: voting has not opened)
    open_index: int | None = None
    #: the index of the ``close`` entry (None: voting has not closed)
    close_index: int | None = None

    def voting_problem(self) -> str | None:
        """Why a ballot cannot be cast now, as the chain read shows (None: voting is open)."""
        if self.close_index is not None:
            return f"voting is closed: the board's close entry is entry {self.close_index}"
        if self.open_index is None:
            return "voting has not opened: the board holds no open entry yet"
        return None

    def district_of(self, credential: bytes) -> str | None:
        """The district whose roll holds the x-only key ``credential``, or None."""
        return self.roll.district_of(credential)


def read_election(entries: Iterable[Entry]) -> BoothElection:
    """Read and check what the booth needs from the chain (consumed once, in order, and not
    kept); :class:`InputError` if it cannot."""
    try:
        return _read(iter(entries))
    except InputError:
        raise
    except PlebisciteError as exc:
        raise InputError(f"the board's election cannot be used: {exc}") from None


def _read(entries: Iterator[Entry]) -> BoothElection:
    manifest = next(entries, None)
    if manifest is None or manifest.kind != "manifest":
        raise InputError("the board holds no manifest")
    definition = Definition.from_manifest(unsigned_part(manifest.body))
    keys = definition.keys
    if (
        definition.election_id is None
        or keys.board is None
        or keys.authority is None
        or keys.credential_authority is None
    ):
        raise InputError("entry 0: the manifest lacks the election id or a key")
    election_id = definition.election_id
    verify_body_signature(
        keys.authority, election_id, "manifest", manifest.body, "entry 0", "authority"
    )
    group = get_group(definition.group)
    n, k = definition.trustees.n, definition.trustees.k
    ceremony_ctx = ceremony_context(election_id, manifest.body, group, n, k)
    roll = AnyRollChecker()
    roll.observe(manifest)
    found: Entry | None = None
    opened: int | None = None
    closed: int | None = None
    ceremony_entries: list[Entry] = [manifest]  # few: the trustees' rounds and election_key
    for entry in entries:
        if found is None and entry.kind == "election_key":
            found = entry
        elif opened is None and entry.kind == "open":
            opened = entry.index
        elif closed is None and entry.kind == "close":
            closed = entry.index
        if entry.kind in CEREMONY_KINDS or entry.kind == "open":
            ceremony_entries.append(entry)
        roll.observe(entry)
    if found is None:
        raise InputError("the board holds no election_key entry: the key ceremony is not over")
    where = f"entry {found.index}"
    election_key = parse_body(group, n, k, "election_key", found.body, where)
    assert isinstance(election_key, ElectionKey)
    verify_body_signature(
        keys.authority, election_id, "election_key", found.body, where, "authority"
    )
    if election_key.ceremony_context != ceremony_ctx:
        raise InputError(f"{where}: field body.ceremony_context: not this election's")
    ceremony = check_ceremony(ceremony_entries, final=True)
    if not ceremony.ok:
        raise InputError(
            "the key ceremony fails V3, so the election key is not the trustees': "
            + "; ".join(map(str, ceremony.failures))
        )
    if (
        ceremony.joint_key != election_key.joint_key
        or ceremony.qualified != election_key.qualified
        or ceremony.verification_keys != dict(election_key.verification_keys)
    ):
        raise InputError(
            f"{where}: the joint key, QUAL or verification keys are not those the trustees' "
            "commitments give (V3)"
        )
    report = roll.report()
    if report.final_index is None:
        raise InputError("the credential roll is not final yet: voting has not opened")
    if not report.ok:
        raise InputError("the credential roll fails V4: " + "; ".join(map(str, report.failures)))
    election_ctx = election_context(
        group,
        ceremony_ctx,
        election_key.joint_key,
        election_key.verification_keys,
        election_key.qualified,
        report.roots(),
        keys.board,
        keys.authority,
        keys.credential_authority,
    )
    params = BallotParams.from_manifest(
        group,
        election_key.joint_key,
        election_ctx,
        [(len(q.options), q.min, q.max) for q in definition.questions],
        [d.id for d in definition.districts],
    )
    return BoothElection(definition, election_id, group, params, keys.board, roll, opened, closed)
