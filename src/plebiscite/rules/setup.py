"""What voting opens on: the ceremony (V3) and the roll (V4) recomputed before ``open``.

:func:`election_setup` is what the board's acceptance rules, the authority's ``open`` and the
tests read the election context and the ballot parameters from.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from plebiscite.crypto.group import Group
from plebiscite.errors import ParameterError
from plebiscite.model.ballot import BallotParams
from plebiscite.model.ceremony import CEREMONY_KINDS
from plebiscite.model.contexts import election_context
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.roll import RollReport
from plebiscite.model.tally import OPEN_KIND
from plebiscite.rules.ceremony import CeremonyResult, check_ceremony
from plebiscite.rules.coercion_roll import AnyRollChecker

__all__ = ["Setup", "election_setup"]


@dataclass(frozen=True)
class Setup:
    """What voting opens on: the ceremony (V3) and the roll (V4) recomputed from the board, and
    the election context; ``problems`` lists why voting cannot open (empty: it can)."""

    definition: Definition | None
    group: Group | None
    ceremony: CeremonyResult
    roll: RollReport | None
    election_context: bytes | None
    problems: tuple[str, ...]

    @property
    def ready(self) -> bool:
        """Whether every condition for ``open`` holds."""
        return not self.problems and self.election_context is not None

    def ballot_params(self) -> BallotParams:
        """The values ballots are checked against (needs :attr:`ready`)."""
        definition, group, key = self.definition, self.group, self.ceremony.joint_key
        if definition is None or group is None or key is None or self.election_context is None:
            raise ParameterError("ballot parameters: the election is not ready to open")
        return BallotParams.from_manifest(
            group,
            key,
            self.election_context,
            [(len(q.options), q.min, q.max) for q in definition.questions],
            [d.id for d in definition.districts],
        )


def election_setup(entries: Iterable[Entry]) -> Setup:
    """Recompute what ``open`` needs from the board's entries before ``open``.

    Voting can open after the ceremony's ``election_key``, the liveness drill by every QUAL
    trustee (both checked by :func:`plebiscite.rules.ceremony.check_ceremony` as a finished
    ceremony) and ``credential_roll_final`` (V4 in the manifest's mode,
    :func:`plebiscite.rules.coercion_roll.check_any_roll`). The
    election context binds the ceremony context, K, the verification keys, QUAL, the roll roots
    and the board, authority and credential-authority keys. Entries from the first ``open`` on
    are not looked at.

    ``entries`` is streamed, read once: the roll's checker takes each entry as it comes, and
    only the manifest and the ceremony's entries are kept, so the roll's chunks cost no memory
    beyond the roll's keys.
    """
    roll_checker = AnyRollChecker()
    kept: list[Entry] = []  # the manifest and the ceremony's entries (few)
    for entry in entries:
        if entry.kind == OPEN_KIND:
            break
        roll_checker.observe(entry)
        if entry.index == 0 or entry.kind in CEREMONY_KINDS:
            kept.append(entry)
    ceremony = check_ceremony(kept, final=True)
    problems = [f"V3 {f}" for f in ceremony.failures]
    definition, group = ceremony.definition, ceremony.group
    if definition is None or group is None:
        return Setup(definition, group, ceremony, None, None, tuple(problems))
    roll = roll_checker.report()
    problems += [str(f) for f in roll.failures]
    keys = definition.keys
    ctx: bytes | None = None
    if (
        ceremony.ceremony_context is not None
        and ceremony.joint_key is not None
        and ceremony.election_key_index is not None
        and keys.board is not None
        and keys.authority is not None
        and keys.credential_authority is not None
        and len(roll.roots()) == len(definition.districts)
    ):
        ctx = election_context(
            group,
            ceremony.ceremony_context,
            ceremony.joint_key,
            ceremony.verification_keys,
            ceremony.qualified,
            roll.roots(),
            keys.board,
            keys.authority,
            keys.credential_authority,
        )
    elif not problems:
        problems.append("the ceremony or the roll is not complete")
    return Setup(definition, group, ceremony, roll, ctx, tuple(problems))
