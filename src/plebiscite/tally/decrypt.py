"""A trustee's ``decrypt``: re-check the closed board, then post a signed partial decryption.

:func:`trustee_decrypt` decrypts only what the trustee has checked itself. It runs the verifier's
checker over the whole board (V1–V7), recomputes every aggregate of the counted set, and refuses
(:class:`DecryptRefused`, naming the reason) when:

* voting is not closed, or no tally is posted, or the first ``tally`` entry is malformed or not
  signed by the authority (an unsigned or forged tally is never decrypted);
* a check up to V7 fails on the board (each failure is listed); in the mode fake-credentials
  also V11, V13 or V14, or a district whose ballots have no ``pet_match`` yet (the counted set is
  what the tally's steps decided: spec §16.5 step 5);
* the posted tally differs from its own recomputation (each differing field is listed);
* its secret share does not match its verification key, or it is not in QUAL.

Then it computes ``M_i = α^(s_i)`` with its Chaum–Pedersen proof for exactly the aggregates the
disclosure rule allows (spec §12.2; :func:`plebiscite.model.tally.make_partial_decryption`): the
districts that counted at least the manifest's ``min_district_size`` ballots, less the smallest
of them when the districts left out would together hold fewer (but some), and the total only when
it counted at least the minimum. No published figure, nor any difference of published figures,
then gives the counts of fewer voters than the minimum (the definition's
``allow_small_districts`` is what lowers that minimum). It signs the body with its identity key
and posts it. Run again, it finds its entry and posts nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import islice

from plebiscite.board.board import Appended
from plebiscite.board.client import BoardClient
from plebiscite.ceremony.trustee import load_secret_share
from plebiscite.crypto import rand
from plebiscite.errors import InputError
from plebiscite.model.ceremony import read_manifest
from plebiscite.model.codec import JSONObject
from plebiscite.model.tally import (
    PARTIAL_KIND,
    compare_tally,
    make_partial_decryption,
    sign,
)
from plebiscite.rules.checks import UP_TO_TALLY
from plebiscite.rules.report import Failure
from plebiscite.state.party import Party
from plebiscite.tally.count import BoardCount, BoardFollower, count_board

__all__ = [
    "DecryptRefused",
    "Decrypted",
    "Prepared",
    "check_before_decrypting",
    "post_decryption",
    "prepare_decryption",
    "trustee_decrypt",
]


class DecryptRefused(InputError):
    """The trustee will not decrypt this board; the message says why, ``failures`` the checks
    that fail on it (each with its check ID and entry) when that is the reason."""

    def __init__(self, message: str, failures: Sequence[Failure] = ()) -> None:
        super().__init__(message)
        self.failures = tuple(failures)


@dataclass(frozen=True)
class Decrypted:
    """What ``decrypt`` did: the trustee's index and its entry (posted now, or found)."""

    trustee: int
    appended: Appended | None
    existing: int | None


def _refuse(message: str, failures: Sequence[Failure] = ()) -> DecryptRefused:
    return DecryptRefused(message, failures)


def check_before_decrypting(count: BoardCount) -> None:
    """Raise :class:`DecryptRefused` unless the closed board and its tally may be decrypted."""
    if not count.closed:
        raise _refuse("voting is not closed: a trustee decrypts only a closed board's tally")
    if count.posted_tally is None:
        if count.tally_problems:
            raise _refuse(
                "the board's tally is not one a trustee decrypts:\n  "
                + "\n  ".join(count.tally_problems)
            )
        raise _refuse("no valid tally is posted on the board yet")
    tally_entry, posted = count.posted_tally
    differences = compare_tally(posted, count.tally)
    if differences:
        lines = [f"entry {tally_entry.index}: {path}: {message}" for path, message in differences]
        raise _refuse(
            "the posted tally differs from this trustee's own recomputation of the counted "
            "set:\n  " + "\n  ".join(lines)
        )
    failures = count.failed(UP_TO_TALLY) + count.mode_failures()
    if failures:
        raise _refuse(
            "the board fails the checks a trustee runs before decrypting:\n  "
            + "\n  ".join(map(str, failures)),
            failures,
        )


@dataclass(frozen=True)
class Prepared:
    """A trustee's checked decision: its index, and the signed ``partial_decryption`` body to
    post (None when its entry is on the board already: ``existing`` is its index)."""

    trustee: int
    body: JSONObject | None
    existing: int | None


def prepare_decryption(
    board: BoardClient,
    party: Party,
    passphrase: str,
    rng: rand.Random | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    follower: BoardFollower | None = None,
) -> Prepared:
    """Check the closed board and sign this trustee's partial decryption, without posting it.

    The trustee's secrets (its share and its identity key) are unlocked first, from the manifest
    alone: a wrong passphrase fails at once, and the scrypt's memory is spent before the count,
    not on top of it. The board is then read once, streamed
    (:meth:`~plebiscite.board.client.BoardClient.iter_entries`); ``progress`` is called
    with 1 per entry checked. Reads only: trustees on their own machines may prepare at once.

    A trustee that followed the board while it was open passes its ``follower``
    (:class:`~plebiscite.tally.count.BoardFollower`): only the entries added since its last
    :meth:`~plebiscite.tally.count.BoardFollower.follow` are checked now, with the same count.
    """
    definition, _ = read_manifest(list(islice(board.iter_entries(0), 1)))
    assert definition.election_id is not None
    eid = definition.election_id
    members = definition.trustees.members
    mine = [i for i, m in enumerate(members, start=1) if m.fingerprint == party.fingerprint]
    if not mine:
        raise _refuse(f"{party.directory}: this trustee's key is not one of the manifest's")
    index, share = load_secret_share(party, passphrase, eid)
    if index != mine[0]:
        raise _refuse(f"the secret share is trustee {index}'s, but this key is trustee {mine[0]}'s")
    signing_key = party.signing_key(passphrase)
    if follower is None:
        count = count_board(board.iter_entries(0), progress=progress)
    else:
        count = follower.count(board, progress=progress)
    check_before_decrypting(count)
    vk = count.ceremony.verification_keys.get(index)
    if vk is None:
        raise _refuse(f"trustee {index} is not in QUAL {list(count.ceremony.qualified)}")
    if count.group.exp_g_secret(share) != vk:
        raise _refuse("the secret share does not match this trustee's verification key")
    for entry in count.counting:
        if entry.kind == PARTIAL_KIND and entry.body.get("trustee") == index:
            return Prepared(index, None, entry.index)
    assert count.posted_tally is not None
    tally_entry, tally = count.posted_tally
    partial = make_partial_decryption(
        count.group,
        index,
        share,
        tally,
        tally_entry.hash,
        count.election_ctx,
        rng,
        minimum=count.definition.min_district_size,
    )
    body = sign(signing_key, eid, PARTIAL_KIND, partial.to_body(count.group), rng)
    return Prepared(index, body, None)


def post_decryption(board: BoardClient, prepared: Prepared) -> Decrypted:
    """Post what :func:`prepare_decryption` signed (nothing when the entry was there)."""
    if prepared.body is None:
        return Decrypted(prepared.trustee, None, prepared.existing)
    return Decrypted(prepared.trustee, board.post(PARTIAL_KIND, prepared.body), None)


def trustee_decrypt(
    board: BoardClient,
    party: Party,
    passphrase: str,
    rng: rand.Random | None = None,
    *,
    progress: Callable[[int], None] | None = None,
    follower: BoardFollower | None = None,
) -> Decrypted:
    """Check the closed board and post this trustee's partial decryption (module docstring):
    :func:`prepare_decryption` (with the trustee's ``follower`` when it followed the board),
    then :func:`post_decryption`."""
    prepared = prepare_decryption(
        board, party, passphrase, rng, progress=progress, follower=follower
    )
    return post_decryption(board, prepared)
