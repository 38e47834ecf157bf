"""The authority's part of the key ceremony: computing and posting ``election_key``.

Posting ``election_key`` is the ceremony's deadline: a dealer with a missing round or an
unanswered complaint is disqualified by it. So :func:`post_election_key` refuses while a round or
a complaint is still open, unless ``close_rounds`` says the deadline has come; and it refuses,
loudly, a ceremony with fewer than k qualified trustees (a new election is needed: no restart).
"""

from __future__ import annotations

from plebiscite.board.board import Appended
from plebiscite.board.client import BoardClient
from plebiscite.crypto import rand
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import InputError
from plebiscite.model.ceremony import ElectionKey
from plebiscite.model.signed import sign_body
from plebiscite.rules.ceremony import CeremonyResult, check_ceremony

__all__ = ["CeremonyFailed", "open_rounds", "post_election_key"]


class CeremonyFailed(InputError):
    """Fewer than k trustees qualified: the ceremony failed, and a new election is needed."""


def open_rounds(result: CeremonyResult) -> list[str]:
    """What the ceremony still waits for, one line each (empty: ready for ``election_key``)."""
    waiting: list[str] = []
    for i, status in sorted(result.trustees.items()):
        if status.disqualified is not None:
            continue
        for name, value in (
            ("trustee_commit", status.commit),
            ("trustee_reveal", status.reveal),
            ("trustee_shares", status.shares),
        ):
            if value is None:
                waiting.append(f"trustee {i} ({status.id}): no {name}")
                break
    for complaint in result.pending_complaints():
        waiting.append(
            f"trustee {complaint.accused}: complaint of trustee {complaint.complainant} "
            f"(entry {complaint.index}) unanswered"
        )
    return waiting


def post_election_key(
    board: BoardClient,
    authority_key: SigningKey,
    *,
    close_rounds: bool = False,
    rng: rand.Random | None = None,
) -> tuple[CeremonyResult, Appended | None]:
    """Recompute QUAL, K and the verification keys and post the signed ``election_key``.

    Returns the ceremony and the new entry, or ``None`` when an ``election_key`` is already on the
    board (the command is idempotent).
    """
    result = check_ceremony(board.entries(), final=False)
    if result.definition is None or result.group is None:
        raise InputError(
            "the board holds no valid manifest: " + "; ".join(map(str, result.failures))
        )
    if result.election_key_index is not None:
        return result, None
    if result.definition.keys.authority != authority_key.public:
        raise InputError("this authority's key is not the manifest's authority key")
    waiting = open_rounds(result)
    if waiting and not close_rounds:
        raise InputError(
            "the ceremony is still open; posting election_key now would disqualify:\n  "
            + "\n  ".join(waiting)
            + "\n(--close-rounds posts it anyway: the deadline has passed)"
        )
    if len(result.qualified) < result.k or result.joint_key is None:
        raise CeremonyFailed(
            f"only {len(result.qualified)} trustee(s) {list(result.qualified)} qualified, fewer "
            f"than k = {result.k}: the key ceremony failed; a new election is needed"
        )
    assert result.ceremony_context is not None and result.test_ciphertext is not None
    assert result.definition.election_id is not None
    body = ElectionKey(
        result.ceremony_context,
        result.qualified,
        result.joint_key,
        result.verification_keys,
        result.test_ciphertext,
    ).to_body(result.group)
    signed = sign_body(authority_key, result.definition.election_id, "election_key", body, rng)
    appended = board.post("election_key", signed)
    return check_ceremony(board.entries(), final=False), appended
