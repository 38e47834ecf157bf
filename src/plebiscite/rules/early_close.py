"""The early-close rule (spec §12.5), shared by the board's acceptance, the authority and V5.

A ``close`` before the window's end is valid only where the manifest's ``allow_early_close`` is
true and with the co-signatures of at least k distinct QUAL trustees, each by the trustee's
identity key over ``H(plebiscite/v1/sign/early-close, election_id, election_ctx)``
(:func:`plebiscite.model.tally.cosign_early_close`); a close on time carries none.
"""

from __future__ import annotations

from dataclasses import dataclass

from plebiscite.crypto import tags
from plebiscite.model import tally as mt
from plebiscite.model.definition import Definition
from plebiscite.rules.ceremony import CeremonyResult

__all__ = ["EarlyCloseProblem", "check_early_close"]


@dataclass(frozen=True, slots=True)
class EarlyCloseProblem:
    """Why a ``close`` breaks the early-close rule: the field, a reason code (the board's
    refusal), and a message."""

    field: str
    reason: str
    message: str


def check_early_close(
    definition: Definition,
    close: mt.Close,
    ceremony: CeremonyResult,
    election_ctx: bytes,
) -> list[EarlyCloseProblem]:
    """Every breach of spec §12.5 by ``close`` (``close.early`` as posted): an early close only
    where the manifest allows it and with k valid co-signatures of distinct QUAL trustees; none
    on a close that is not early."""
    assert definition.election_id is not None
    if not close.early:
        if close.cosignatures:
            return [
                EarlyCloseProblem(
                    "body.cosignatures",
                    "malformed",
                    "co-signatures on a close that is not early: the list must be empty",
                )
            ]
        return []
    if not definition.allow_early_close:
        return [
            EarlyCloseProblem(
                "body.early",
                "early_close_not_allowed",
                "an early close, but the manifest does not allow one (allow_early_close is false)",
            )
        ]
    problems: list[EarlyCloseProblem] = []
    message = mt.early_close_message(definition.election_id, election_ctx)
    valid: list[int] = []
    for pos, cosignature in enumerate(close.cosignatures):
        i = cosignature.trustee
        status = ceremony.trustees.get(i)
        field = f"body.cosignatures[{pos}]"
        if i not in ceremony.qualified or status is None or status.key is None:
            problems.append(
                EarlyCloseProblem(
                    f"{field}.trustee", "early_close_not_cosigned", f"trustee {i} is not in QUAL"
                )
            )
        elif not status.key.verify(cosignature.signature, tags.EARLY_CLOSE_SIGNATURE, *message):
            problems.append(
                EarlyCloseProblem(
                    f"{field}.signature",
                    "early_close_not_cosigned",
                    f"not trustee {i}'s signature of an early close of this election",
                )
            )
        else:
            valid.append(i)
    k = definition.trustees.k
    if len(valid) < k:
        problems.append(
            EarlyCloseProblem(
                "body.cosignatures",
                "early_close_not_cosigned",
                f"an early close co-signed by {len(valid)} trustee(s) {valid}; k = {k} are needed",
            )
        )
    return problems
