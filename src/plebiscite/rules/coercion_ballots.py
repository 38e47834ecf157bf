"""V12 of the mode fake-credentials (docs/spec.md §16.5 step 1): a ballot's checks.

:func:`check_mode_ballot` decodes a ballot body strictly (record.md §6, *ballot in this mode*) and
checks it against its district's roll: the anonymity set (β positions, or the whole roll when it
is shorter, strictly increasing, on the roll), the roll-pointer proof over those entries, the
credential proof and every 0/1 and range proof, each bound to the ballot statement (so that
neither the ballot nor its credential ciphertext can be copied or re-randomised into another). The
verifier (:class:`~plebiscite.rules.checker.Checker`, which adds the board-order rules: an
identical statement counts once, no ciphertext twice) and the board's acceptance run the same
function; nothing in it tells a real credential from a fake one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.model.ballot import BallotParams
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.ballot import CredentialBallot, check_credential_ballot
from plebiscite.model.coercion.codec import decode_credential_ballot

__all__ = ["check_mode_ballot"]


def check_mode_ballot(
    params: BallotParams,
    roll_of: Callable[[str], Sequence[Ciphertext]],
    anonymity: int,
    body: JSONObject,
    where: str,
) -> CredentialBallot:
    """The checked ballot of ``body``; :class:`RecordError` or :class:`ProofError` naming the
    field (``roll_of(district)``: the district's combined roll, V4)."""
    ballot = decode_credential_ballot(params, body, where)
    roll = roll_of(ballot.district)
    check_credential_ballot(params, roll, ballot, anonymity=anonymity, where=where)
    return ballot
