"""The simulated voters' devices: worker processes that run the voter client's steps.

Each worker reads the election from the board as the voter client does
(:func:`plebiscite.booth.election.read_election`: the manifest, the ceremony's key and the roll,
with the election context recomputed), then for each voter it is given: parses her credential as
typed from her sheet, derives her key (scrypt, the manifest's parameters, salted with the
election id), finds her district on the roll, and encrypts with the booth's code
(:func:`plebiscite.model.ballot.encrypt_ballot`). A challenge is opened and checked with the
verifier's V10 code before a fresh ballot is encrypted; a revote is encrypted now and posted
later. Attack material is made here too (the devices of attackers).

A ballot names the board's latest signed head when it is signed (spec §11.4), so the device's
last step, signing, runs in the main process at posting time: a worker returns each ballot
:class:`Unsigned`, with the derived credential key of this simulated voter (never the credential
text); challenges are returned as the bodies to post.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plebiscite.board.prechecks import watch_parent
from plebiscite.board.stores.sqlite import SQLiteStore
from plebiscite.booth.election import BoothElection, read_election
from plebiscite.crypto import rand
from plebiscite.crypto.credential import (
    derive_signing_key,
    generate_credential,
    parse_credential,
)
from plebiscite.crypto.group import Group
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import InputError
from plebiscite.model.ballot import EncryptedBallot, NamedHead, check_challenge, sign_ballot
from plebiscite.model.ballot.content import NONCE_BYTES
from plebiscite.model.ballot.create import OpenedBallot, encrypt_ballot, prove_ballot
from plebiscite.model.codec import JSONObject

__all__ = ["Job", "Unsigned", "Visit", "forge_ballot", "init_worker", "prepare_visit"]

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
    withheld: bool = False


@dataclass(frozen=True, slots=True)
class Unsigned:
    """A ballot the device encrypted, signed when it is posted (naming the latest head)."""

    encrypted: EncryptedBallot
    secret: bytes

    def sign(self, group: Group, head: NamedHead) -> JSONObject:
        """The ``ballot`` body signed by the credential key, naming ``head``."""
        key = SigningKey(self.secret)
        return sign_ballot(key, group, self.encrypted, head).to_json(group)

    def __repr__(self) -> str:  # never show the key
        return f"Unsigned({self.encrypted!r})"


@dataclass(frozen=True, slots=True)
class Visit:
    """What the device prepared: the entries to post in order, with their tracking hashes.

    ``withheld`` (when the job asked for it) is a ballot a coercer makes her sign at her visit
    and keeps, to post it later.
    """

    voter: int
    district: str
    ballot: Unsigned
    tracking: str
    challenge: JSONObject | None = None
    challenge_tracking: str | None = None
    revote: Unsigned | None = None
    revote_tracking: str | None = None
    attacks: dict[str, Unsigned] = field(default_factory=dict)
    withheld: Unsigned | None = None


def init_worker(board_file: str, upto: int, parent: int | None = None) -> None:
    """Read the election from the board's first ``upto`` entries (through ``open``); with
    ``parent`` (the demonstration's process id), exit as soon as that process is gone."""
    global _election
    if parent is not None:
        watch_parent(parent)
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
    secret = key.secret_bytes()

    def unsigned(opened: OpenedBallot) -> Unsigned:
        return Unsigned(opened.encrypted, secret)

    attacks: dict[str, Unsigned] = {}
    challenge = challenge_tracking = None
    if job.challenges:
        opened = _encrypt(election, district, key, job.first)
        challenge_tracking = opened.tracking_text
        challenge = opened.challenge().to_json(group)
        # the voter checks her challenge with the verifier's code, not the board's word
        check_challenge(params, challenge, f"voter {job.voter}'s challenge")
        if job.cast_challenged:
            attacks["cast_challenged"] = unsigned(opened)
    if job.wrong_district:
        # the manifest's order: params.districts is a set, whose order varies between runs
        others = [d.id for d in election.definition.districts if d.id != district]
        other = others[job.voter % len(others)]
        attacks["wrong_district"] = unsigned(_encrypt(election, other, key, job.first))
    if job.copy_of is not None:  # a vote buyer's public receipt: someone's opened challenge
        shown = check_challenge(params, job.copy_of, f"the challenge voter {job.voter} copies")
        cts = [list(q.ciphertexts) for q in shown.encrypted.questions]
        nonce = rand.get(None).randbytes(NONCE_BYTES)  # his own binding, fresh proofs
        copy = prove_ballot(
            params, district, key.public.xonly, nonce, shown.choices, cts, shown.randomness
        )
        attacks["copied_challenge"] = unsigned(copy)
    withheld = None
    if job.withheld:  # the coercer's choice: the option she does not want
        withheld = unsigned(_encrypt(election, district, key, 1 - job.final))
    opened = _encrypt(election, district, key, job.first)
    ballot = unsigned(opened)
    revote = revote_tracking = None
    if job.revotes:
        again = _encrypt(election, district, key, job.final)
        revote, revote_tracking = unsigned(again), again.tracking_text
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
        withheld,
    )


def forge_ballot(district: str, option: int) -> Unsigned:
    """An attacker's ballot: a well-formed credential that was never issued, a valid ballot."""
    election = _election
    if election is None:
        raise InputError("voter device: init_worker was not run")
    forged = parse_credential(generate_credential())
    key = derive_signing_key(forged, election.election_id, election.definition.kdf.derivation())
    return Unsigned(_encrypt(election, district, key, option).encrypted, key.secret_bytes())
