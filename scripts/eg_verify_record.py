"""Verify a whole ElectionGuard 1.4 record with the SDK's own checks (`plebiscite verify`'s peer).

Run under the peer's Python (``.peer-venv/bin/python``, built by ``scripts/eg_peer_env.sh``) on a
record exported by ``scripts/make_eg_fixtures.py``::

    .peer-venv/bin/python scripts/eg_verify_record.py RECORD [--timings FILE]

SDK 1.4 ships no record verifier of its own, so this script assembles one from the SDK's
validation functions, reading everything from the exported files as an outside verifier would:

1. the manifest's hash and the joint key against the context; every guardian's coefficient
   commitments with their Schnorr proofs (``SchnorrProof.is_valid``);
2. every submitted ballot deserialized and checked with ``SubmittedBallot.is_valid_encryption``
   (every selection's disjunctive proof, the contest's constant proof, the crypto hashes);
3. the encrypted tally recomputed as the product of the cast ballots' ciphertexts and compared
   with the published one;
4. the tally's decryption: every present guardian's share proof (``ChaumPedersenProof``), for the
   absent guardian every compensated part with its recovery key recomputed from the commitments
   (``compute_recovery_public_key``) and its proof, the share rebuilt with the published Lagrange
   coefficients, and ``B / ∏ M_i = g^t`` for the published count t;
5. every spoiled ballot's decryption in the same way, against that ballot's submitted ciphertexts.

Exit status 0 when everything holds; ``--timings FILE`` writes the CPU seconds of the process
(``time.process_time``) and the wall seconds, with the number of ballots.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any


class Failed(Exception):
    """A check of the record failed."""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("record", type=Path)
    parser.add_argument("--timings", type=Path)
    args = parser.parse_args()
    logging.disable(logging.WARNING)

    wall0 = time.perf_counter()
    cpu0 = time.process_time()
    from electionguard.ballot import BallotBoxState, SubmittedBallot
    from electionguard.chaum_pedersen import ChaumPedersenProof
    from electionguard.decryption import compute_recovery_public_key
    from electionguard.election import CiphertextElectionContext
    from electionguard.election_polynomial import LagrangeCoefficientsRecord
    from electionguard.elgamal import ElGamalCiphertext, elgamal_add
    from electionguard.group import ONE_MOD_P, div_p, g_pow_p, mult_p, pow_p
    from electionguard.guardian import GuardianRecord
    from electionguard.key_ceremony import ElectionPublicKey
    from electionguard.manifest import Manifest
    from electionguard.serialize import from_file
    from electionguard.tally import PlaintextTally, PublishedCiphertextTally

    cpu_import = time.process_time()
    record: Path = args.record
    manifest = from_file(Manifest, record / "manifest.json")
    context = from_file(CiphertextElectionContext, record / "context.json")
    guardians = [
        from_file(GuardianRecord, p) for p in sorted((record / "guardians").glob("*.json"))
    ]
    lagrange = from_file(LagrangeCoefficientsRecord, record / "coefficients.json").coefficients
    hash_e = context.crypto_extended_base_hash
    joint = context.elgamal_public_key

    # 1. manifest, keys, commitments
    if manifest.crypto_hash() != context.manifest_hash:
        raise Failed("the manifest's hash is not the context's")
    if mult_p(*[g.election_public_key for g in guardians]) != joint:
        raise Failed("the joint key is not the product of the guardians' keys")
    keys: dict[str, ElectionPublicKey] = {}
    for g in guardians:
        if g.election_commitments[0] != g.election_public_key:
            raise Failed(f"guardian {g.guardian_id}: first commitment is not its key")
        for proof in g.election_proofs:
            if not proof.is_valid():
                raise Failed(f"guardian {g.guardian_id}: a coefficient's Schnorr proof fails")
        keys[g.guardian_id] = ElectionPublicKey(
            g.guardian_id,
            g.sequence_order,
            g.election_public_key,
            g.election_commitments,
            g.election_proofs,
        )

    # 2. every submitted ballot; 3. the encrypted tally from the cast ones
    sums: dict[tuple[str, str], ElGamalCiphertext] = {}
    submitted: dict[str, Any] = {}
    ballots = 0
    for path in sorted((record / "submitted_ballots").glob("*.json")):
        ballot = from_file(SubmittedBallot, path)
        ballots += 1
        if not ballot.is_valid_encryption(manifest.crypto_hash(), joint, hash_e):
            raise Failed(f"{path.name}: the encryption or a proof is not valid")
        if ballot.state == BallotBoxState.SPOILED:
            submitted[ballot.object_id] = ballot
            continue
        for contest in ballot.contests:
            for selection in contest.ballot_selections:
                if selection.is_placeholder_selection:
                    continue
                key = (contest.object_id, selection.object_id)
                found = sums.get(key)
                sums[key] = (
                    selection.ciphertext
                    if found is None
                    else elgamal_add(found, selection.ciphertext)
                )
    encrypted = from_file(PublishedCiphertextTally, record / "encrypted_tally.json")
    for contest in encrypted.contests.values():
        for selection in contest.selections.values():
            key = (contest.object_id, selection.object_id)
            if sums.get(key, ElGamalCiphertext(ONE_MOD_P, ONE_MOD_P)) != selection.ciphertext:
                raise Failed(f"encrypted tally {key}: not the product of the cast ballots")

    def check_decryption(name: str, plain: Any, ciphertexts: dict[tuple[str, str], Any]) -> None:
        for contest in plain.contests.values():
            for selection in contest.selections.values():
                where = f"{name} {contest.object_id}/{selection.object_id}"
                message = ciphertexts[(contest.object_id, selection.object_id)]
                if selection.message != message:
                    raise Failed(f"{where}: decrypted a different ciphertext")
                product = ONE_MOD_P
                for share in selection.shares:
                    if share.proof is not None:
                        proof: ChaumPedersenProof = share.proof
                        if not proof.is_valid(
                            message, keys[share.guardian_id].key, share.share, hash_e
                        ):
                            raise Failed(f"{where}: guardian {share.guardian_id}'s proof")
                    elif share.recovered_parts is not None:
                        rebuilt = ONE_MOD_P
                        missing = keys[share.guardian_id]
                        for part_id, part in share.recovered_parts.items():
                            recovery = compute_recovery_public_key(keys[part_id], missing)
                            if recovery != part.recovery_key or not part.proof.is_valid(
                                message, recovery, part.share, hash_e
                            ):
                                raise Failed(f"{where}: {part_id}'s part for {share.guardian_id}")
                            rebuilt = mult_p(rebuilt, pow_p(part.share, lagrange[part_id]))
                        if rebuilt != share.share:
                            raise Failed(f"{where}: {share.guardian_id}'s share is not rebuilt")
                    else:
                        raise Failed(f"{where}: a share without proof or parts")
                    product = mult_p(product, share.share)
                if div_p(message.data, product) != g_pow_p(selection.tally):
                    raise Failed(f"{where}: the count does not decrypt the ciphertext")

    # 4. the tally's decryption
    tally_messages = {
        (c.object_id, s.object_id): s.ciphertext
        for c in encrypted.contests.values()
        for s in c.selections.values()
    }
    check_decryption("tally", from_file(PlaintextTally, record / "tally.json"), tally_messages)

    # 5. every spoiled ballot's decryption
    for path in sorted((record / "spoiled_ballots").glob("*.json")):
        plain = from_file(PlaintextTally, path)
        ballot = submitted.pop(plain.object_id, None)
        if ballot is None:
            raise Failed(f"{path.name}: no spoiled submitted ballot of that id")
        messages = {
            (c.object_id, s.object_id): s.ciphertext
            for c in ballot.contests
            for s in c.ballot_selections
            if not s.is_placeholder_selection
        }
        check_decryption(path.name, plain, messages)
    if submitted:
        raise Failed(f"{len(submitted)} spoiled ballots without a published decryption")

    cpu = time.process_time() - cpu0
    wall = time.perf_counter() - wall0
    if args.timings is not None:
        args.timings.write_text(
            json.dumps(
                {
                    "sdk": "electionguard 1.4.0",
                    "python": sys.version.split()[0],
                    "ballots": ballots,
                    "cpu_s": cpu,
                    "import_cpu_s": cpu_import - cpu0,
                    "wall_s": wall,
                },
                indent=2,
            )
        )
    print(f"ElectionGuard record of {ballots} ballots verified: {cpu:.2f} s CPU, {wall:.2f} s wall")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failed as exc:
        print(f"ElectionGuard record verification FAILED: {exc}", file=sys.stderr)
        sys.exit(1)
