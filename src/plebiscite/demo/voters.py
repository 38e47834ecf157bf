"""The simulated voters' devices: worker processes that run the voter client's steps.

Each worker reads the election from the board as the voter client does
(:func:`plebiscite.booth.election.read_election`: the manifest, the ceremony's key and the roll,
with the election context recomputed), then for each voter it is given: parses her credential as
typed from her sheet, derives her key (scrypt, the manifest's parameters, salted with the
election id), finds her district on the roll, and encrypts with the booth's code
(:func:`plebiscite.model.ballot.encrypt_ballot`). A challenge is opened and checked with the
verifier's V10 code before a fresh ballot is encrypted and signed; a revote is encrypted now and
posted later by the main process. Attack material is made here too (the devices of attackers).

A worker returns only bodies to post, never the credential or the derived key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.booth.election import BoothElection, read_election
from plebiscite.crypto.credential import (
    derive_signing_key,
    generate_credential,
    parse_credential,
)
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import InputError
from plebiscite.model.ballot import check_challenge
from plebiscite.model.ballot.create import OpenedBallot, encrypt_ballot, prove_ballot
from plebiscite.model.codec import JSONObject

__all__ = ["Job", "Visit", "forge_ballot", "init_worker", "prepare_visit"]

_election: BoothElection | None = None


@dataclass(frozen=True, slots=True)
class Job:
    """What a voter's device is asked to prepare.

    ``credential`` is the text as printed on her sheet; ``first`` and ``final`` the option
    chosen (index into the one question's options); ``wrong_district`` and ``cast_challenged``
    ask for attack material too, and ``copy_of`` (another voter's posted challenge) for a ballot
    of this credential that re-proves its ciphertexts. ``forge_district`` makes the device an
    attacker's: a credential that was never issued, and a ballot for that district.
    """

    voter: int
    credential: str
    first: int
    final: int
    challenges: bool = False
    revotes: bool = False
    wrong_district: bool = False
    cast_challenged: bool = False
    copy_of: JSONObject | None = None


@dataclass(frozen=True, slots=True)
class Visit:
    """What the device prepared: the bodies to post in order, with their tracking hashes."""

    voter: int
    district: str
    ballot: JSONObject
    tracking: str
    challenge: JSONObject | None = None
    challenge_tracking: str | None = None
    revote: JSONObject | None = None
    revote_tracking: str | None = None
    attacks: dict[str, JSONObject] = field(default_factory=dict)


def init_worker(board_file: str, upto: int) -> None:
    """Read the election from the board's first ``upto`` entries (through ``open``)."""
    global _election
    store = SQLiteStore(board_file)
    try:
        _election = read_election(store.read(0, upto))
    finally:
        store.close()


def _bits(option: int, options: int) -> list[list[int]]:
    return [[1 if i == option else 0 for i in range(options)]]


def _encrypt(election: BoothElection, district: str, key: SigningKey, option: int) -> OpenedBallot:
    options = election.params.questions[0].options
    return encrypt_ballot(election.params, district, key.public.xonly, _bits(option, options))


def prepare_visit(job: Job) -> Visit:
    """Prepare one voter's visit (module docstring)."""
    election = _election
    if election is None:
        raise InputError("voter device: init_worker was not run")
    params, group = election.params, election.group
    kdf = election.definition.kdf.derivation()
    key = derive_signing_key(parse_credential(job.credential), election.election_id, kdf)
    district = election.district_of(key.public.xonly)
    if district is None:
        raise InputError(f"voter {job.voter}: the credential's key is on no district's roll")
    attacks: dict[str, JSONObject] = {}
    challenge = challenge_tracking = None
    if job.challenges:
        opened = _encrypt(election, district, key, job.first)
        challenge_tracking = opened.tracking_text
        challenge = opened.challenge().to_json(group)
        # the voter checks her challenge with the verifier's code, not the board's word
        check_challenge(params, challenge, f"voter {job.voter}'s challenge")
        if job.cast_challenged:
            attacks["cast_challenged"] = opened.cast(key, params).to_json(group)
    if job.wrong_district:
        # the manifest's order: params.districts is a set, whose order varies between runs
        others = [d.id for d in election.definition.districts if d.id != district]
        other = others[job.voter % len(others)]
        attacks["wrong_district"] = (
            _encrypt(election, other, key, job.first).cast(key, params).to_json(group)
        )
    if job.copy_of is not None:  # a vote buyer's public receipt: someone's opened challenge
        shown = check_challenge(params, job.copy_of, f"the challenge voter {job.voter} copies")
        cts = [list(q.ciphertexts) for q in shown.encrypted.questions]
        copy = prove_ballot(
            params, district, key.public.xonly, shown.choices, cts, shown.randomness
        )
        attacks["copied_challenge"] = copy.cast(key, params).to_json(group)
    opened = _encrypt(election, district, key, job.first)
    ballot = opened.cast(key, params).to_json(group)
    revote = revote_tracking = None
    if job.revotes:
        again = _encrypt(election, district, key, job.final)
        revote, revote_tracking = again.cast(key, params).to_json(group), again.tracking_text
    return Visit(
        job.voter,
        district,
        ballot,
        opened.tracking_text,
        challenge,
        challenge_tracking,
        revote,
        revote_tracking,
        attacks,
    )


def forge_ballot(district: str, option: int) -> JSONObject:
    """An attacker's ballot: a well-formed credential that was never issued, a valid ballot."""
    election = _election
    if election is None:
        raise InputError("voter device: init_worker was not run")
    forged = parse_credential(generate_credential())
    key = derive_signing_key(forged, election.election_id, election.definition.kdf.derivation())
    opened = _encrypt(election, district, key, option)
    return opened.cast(key, election.params).to_json(election.group)
