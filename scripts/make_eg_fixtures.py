"""Run one referendum through ElectionGuard's Python SDK 1.4.0 and publish its election record.

Runs ONLY with the peer's Python (``scripts/eg_peer_env.sh`` builds ``.peer-venv/``)::

    .peer-venv/bin/python scripts/make_eg_fixtures.py --out DIR [--ballots N] [--test-primes]
        [--timings FILE]

The referendum: one yes/no question, four districts (one ballot style each), 3 guardians with
quorum 2; guardian 3 is absent at decryption, so every share of it is rebuilt from compensated
shares of guardians 1 and 2. Ballot i is cast, except every fourth ballot (i % 4 == 3), which is
spoiled and decrypted. The record is written in the SDK's own layout by its own exporter
(``export_record``). ``--test-primes`` uses the SDK's 64-bit test constants (small, fast, for test
fixtures only). ``--timings FILE`` writes the SDK's timings (seconds) and sizes as JSON, used by
``bench/peer_electionguard.py``.

The committed fixture ``tests/fixtures/electionguard/referendum-missing-guardian`` was made with::

    .peer-venv/bin/python scripts/make_eg_fixtures.py --test-primes --ballots 6 \
        --out tests/fixtures/electionguard/referendum-missing-guardian
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

DISTRICTS = 4
GUARDIANS = 3
QUORUM = 2


def manifest_json() -> dict[str, Any]:
    """The referendum's manifest in the SDK's JSON form."""
    districts = [f"district-{d + 1}" for d in range(DISTRICTS)]
    return {
        "election_scope_id": "plebiscite-peer-referendum",
        "spec_version": "1.0",
        "type": "special",
        "start_date": "2024-06-02T07:00:00+02:00",
        "end_date": "2024-06-02T20:00:00+02:00",
        "geopolitical_units": [
            {"object_id": "jurisdiction", "name": "Jurisdiction", "type": "state"}
        ]
        + [{"object_id": d, "name": d.title(), "type": "precinct"} for d in districts],
        "parties": [],
        "candidates": [
            {"object_id": "yes", "name": {"text": [{"value": "Yes", "language": "en"}]}},
            {"object_id": "no", "name": {"text": [{"value": "No", "language": "en"}]}},
        ],
        "contests": [
            {
                "@type": "ReferendumContest",
                "object_id": "question-1",
                "sequence_order": 0,
                "electoral_district_id": "jurisdiction",
                "vote_variation": "one_of_m",
                "number_elected": 1,
                "votes_allowed": 1,
                "name": "Question 1",
                "ballot_selections": [
                    {"object_id": "question-1-yes", "sequence_order": 0, "candidate_id": "yes"},
                    {"object_id": "question-1-no", "sequence_order": 1, "candidate_id": "no"},
                ],
            }
        ],
        "ballot_styles": [
            {"object_id": f"style-{d}", "geopolitical_unit_ids": ["jurisdiction", d]}
            for d in districts
        ],
    }


def gzip_size(paths: list[Path]) -> int:
    """Bytes of the gzip (level 9) of the files' contents concatenated."""
    return len(gzip.compress(b"".join(p.read_bytes() for p in paths), compresslevel=9))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--ballots", type=int, default=6)
    parser.add_argument("--test-primes", action="store_true")
    parser.add_argument("--timings", type=Path)
    args = parser.parse_args()
    logging.disable(logging.INFO)  # the SDK logs every encryption at INFO
    if args.test_primes:
        os.environ["PRIME_OPTION"] = "TestOnly"  # read by the SDK on every constant lookup

    from electionguard.ballot import (
        BallotBoxState,
        PlaintextBallot,
        PlaintextBallotContest,
        PlaintextBallotSelection,
    )
    from electionguard.ballot_box import BallotBox, get_ballots
    from electionguard.constants import get_constants
    from electionguard.data_store import DataStore
    from electionguard.decryption_mediator import DecryptionMediator
    from electionguard.election_polynomial import LagrangeCoefficientsRecord
    from electionguard.encrypt import EncryptionDevice, EncryptionMediator
    from electionguard.key_ceremony import CeremonyDetails
    from electionguard.key_ceremony_mediator import KeyCeremonyMediator
    from electionguard.manifest import Manifest
    from electionguard.serialize import from_raw
    from electionguard.tally import tally_ballots
    from electionguard_tools.helpers.election_builder import ElectionBuilder
    from electionguard_tools.helpers.export import export_record
    from electionguard_tools.helpers.key_ceremony_orchestrator import KeyCeremonyOrchestrator
    from electionguard_tools.helpers.tally_ceremony_orchestrator import (
        TallyCeremonyOrchestrator,
    )

    manifest = from_raw(Manifest, json.dumps(manifest_json()))
    builder = ElectionBuilder(GUARDIANS, QUORUM, manifest)
    details = CeremonyDetails(GUARDIANS, QUORUM)
    guardians = KeyCeremonyOrchestrator.create_guardians(details)
    key_mediator = KeyCeremonyMediator("key-ceremony", details)
    KeyCeremonyOrchestrator.perform_full_ceremony(guardians, key_mediator)
    joint = key_mediator.publish_joint_key()
    assert joint is not None
    builder.set_public_key(joint.joint_public_key)
    builder.set_commitment_hash(joint.commitment_hash)
    built = builder.build()
    assert built is not None
    internal, context = built

    device = EncryptionDevice(91755434160, 12345, 45678, "polling-place")
    encrypter = EncryptionMediator(internal, context, device)
    store: DataStore = DataStore()
    box = BallotBox(internal, context, store)
    submitted = []
    encrypt_s = verify_s = 0.0
    for i in range(args.ballots):
        district = i % DISTRICTS + 1
        yes = 1 if i % 3 != 2 else 0
        plain = PlaintextBallot(
            f"ballot-{i:05d}",
            f"style-district-{district}",
            [
                PlaintextBallotContest(
                    "question-1",
                    [
                        PlaintextBallotSelection("question-1-yes", yes, False),
                        PlaintextBallotSelection("question-1-no", 1 - yes, False),
                    ],
                )
            ],
        )
        t0 = time.perf_counter()
        ballot = encrypter.encrypt(plain)
        t1 = time.perf_counter()
        assert ballot is not None
        ok = ballot.is_valid_encryption(
            internal.manifest_hash, context.elgamal_public_key, context.crypto_extended_base_hash
        )
        t2 = time.perf_counter()
        assert ok, f"the SDK refused its own ballot {i}"
        encrypt_s += t1 - t0
        verify_s += t2 - t1
        result = box.spoil(ballot) if i % 4 == 3 else box.cast(ballot)
        assert result is not None
        submitted.append(result)

    t0 = time.perf_counter()
    tally = tally_ballots(store, internal, context)
    t1 = time.perf_counter()
    assert tally is not None
    spoiled = list(get_ballots(store, BallotBoxState.SPOILED).values())
    decrypter = DecryptionMediator("decryption", context)
    present = guardians[:QUORUM]
    TallyCeremonyOrchestrator.perform_compensated_decryption_setup(
        present, [g.share_key() for g in guardians], decrypter, context, tally, spoiled
    )
    plaintext = decrypter.get_plaintext_tally(tally, manifest)
    t2 = time.perf_counter()
    assert plaintext is not None
    spoiled_plain = decrypter.get_plaintext_ballots(spoiled, manifest)
    assert spoiled_plain is not None

    if args.out.exists():
        shutil.rmtree(args.out)
    export_record(
        manifest,
        context,
        get_constants(),
        [device],
        submitted,
        list(spoiled_plain.values()),
        tally.publish(),
        plaintext,
        [g.publish() for g in guardians],
        LagrangeCoefficientsRecord(decrypter.get_lagrange_coefficients()),
        str(args.out),
    )
    if args.timings is not None:
        ballots = sorted((args.out / "submitted_ballots").glob("*.json"))
        args.timings.write_text(
            json.dumps(
                {
                    "sdk": "electionguard 1.4.0",
                    "python": sys.version.split()[0],
                    "ballots": args.ballots,
                    "encrypt_s": encrypt_s,
                    "verify_s": verify_s,
                    "tally_s": t1 - t0,
                    "decrypt_s": t2 - t1,
                    "ballot_json_bytes": sum(p.stat().st_size for p in ballots),
                    "ballot_gzip_bytes": gzip_size(ballots),
                    "record_gzip_bytes": gzip_size(sorted(args.out.rglob("*.json"))),
                },
                indent=2,
            )
        )
    print(f"wrote the ElectionGuard record of {args.ballots} ballots to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
