"""The ElectionGuard checks of the election's setup: EG1 constants, EG2 manifest, EG4 guardians,
EG3 and EG5 hashes and joint key."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plebiscite.crypto.group import Element
from plebiscite.crypto.proofs import (
    SchnorrProof,
    schnorr_equations,
)
from plebiscite.errors import ParameterError, RecordError
from plebiscite.interop import eghash
from plebiscite.interop.eghash import EGHex, eg_hex, hash_elems
from plebiscite.interop.electionguard.base import (
    Checks,
    Elements,
    Guardian,
    Skip,
    element_value,
    group_from_constants,
)
from plebiscite.interop.electionguard.report import MIN_SAFE_Q_BITS

__all__ = ["SetupChecks"]


class SetupChecks(Checks):
    """EG1–EG5: the group, the manifest hash, the guardians and their proofs, the joint key."""

    # -- EG1 constants ---------------------------------------------------------------------------

    def _constants(self) -> None:
        constants = self.load("constants.json")
        self.count("EG1")
        try:
            group, standard = group_from_constants(constants)
        except ParameterError as exc:
            self.fail("EG1", "constants.json", "", str(exc))
            raise Skip("constants") from exc
        self.group, self.q = group, group.q
        self.report.group = group.name
        self.report.standard_group = standard
        if not standard:
            self.report.warnings.append(
                "NON-STANDARD CONSTANTS: this record does not use ElectionGuard 1.0's standard "
                f"group; it declares its own {group.p.bit_length()}-bit p and "
                f"{group.q.bit_length()}-bit q (checked to form a group, read from "
                "constants.json). Its proofs are only as strong as those constants."
            )
        if group.q.bit_length() < MIN_SAFE_Q_BITS:
            self.report.warnings.append(
                f"SMALL q: q has {group.q.bit_length()} bits; every proof and hash of this "
                f"record can be forged with about 2^{group.q.bit_length() // 2} work or less "
                "(test constants, not for a real election)."
            )

    # -- EG2 manifest ----------------------------------------------------------------------------

    def _manifest(self, context: Mapping[str, Any]) -> eghash.ManifestHashes | None:
        try:
            manifest = self.load("manifest.json")
        except Skip:
            return None
        try:
            recomputed = eghash.manifest_hash(self.q, manifest)
            descriptions = eghash.ManifestHashes(self.q, manifest)
        except RecordError as exc:
            self.fail("EG0", "manifest.json", "", str(exc))
            return None
        try:
            recorded = self._int(context, "manifest_hash", "context.json")
        except Skip:
            return descriptions
        self.count("EG2")
        if recomputed != recorded:
            self.fail(
                "EG2",
                "context.json",
                "manifest_hash",
                f"recorded {eg_hex(recorded)}, but manifest.json hashes to {eg_hex(recomputed)}",
            )
            self.report.warnings.append(
                "manifest.json is not the manifest the election context commits to (EG2): the "
                "ballots' contest and selection description hashes were not compared with it"
            )
            return None
        return descriptions

    # -- EG4 guardians ---------------------------------------------------------------------------

    def _guardians(self, context: Mapping[str, Any]) -> dict[str, Guardian]:
        guardians: dict[str, Guardian] = {}
        quorum = context.get("quorum")
        n = context.get("number_of_guardians")
        files = self.files("guardians")
        self.count("EG4")
        if not isinstance(n, int) or not isinstance(quorum, int) or not 1 <= quorum <= n:
            self.fail("EG4", "context.json", "quorum", "needs 1 ≤ quorum ≤ number_of_guardians")
            return guardians
        if len(files) != n:
            self.fail("EG4", "guardians/", "", f"{len(files)} guardian files for {n} guardians")
        for file in files:
            try:
                g = self._guardian(file, quorum)
            except Skip:
                continue
            except (KeyError, TypeError, ValueError) as exc:
                self.fail("EG0", file, "", f"malformed guardian record: {exc!r}")
                continue
            if g.guardian_id in guardians or any(
                o.sequence_order == g.sequence_order for o in guardians.values()
            ):
                self.fail("EG4", file, "sequence_order", "duplicate guardian id or sequence order")
                continue
            if not 1 <= g.sequence_order <= n:
                self.fail("EG4", file, "sequence_order", f"not in 1..{n}")
            guardians[g.guardian_id] = g
        self.flush()
        return dict(sorted(guardians.items(), key=lambda kv: kv[1].sequence_order))

    def _guardian(self, file: str, quorum: int) -> Guardian:
        obj = self.load(file)
        gid = str(obj["guardian_id"])
        order = obj["sequence_order"]
        if not isinstance(order, int) or isinstance(order, bool):
            raise TypeError("sequence_order must be an integer")
        commitments = obj["election_commitments"]
        proofs = obj["election_proofs"]
        els = Elements(self, file)
        els.want("election_public_key", obj["election_public_key"], identity=False)
        for j, c in enumerate(commitments):
            els.want(f"election_commitments[{j}]", c, identity=False)
        for j, p in enumerate(proofs):
            els.want(f"election_proofs[{j}].public_key", p["public_key"], identity=False)
            els.want(f"election_proofs[{j}].commitment", p["commitment"])
        els.resolve()
        self.count("EG4")
        if len(commitments) != quorum or len(proofs) != quorum:
            self.fail(
                "EG4",
                file,
                "election_commitments",
                f"{len(commitments)} commitments and {len(proofs)} proofs; the quorum is {quorum}",
            )
        key = els["election_public_key"]
        comms = [els[f"election_commitments[{j}]"] for j in range(len(commitments))]
        if comms and key != comms[0]:
            self.fail("EG4", file, "election_public_key", "is not the first commitment K_i0")
        for j, p in enumerate(proofs):
            fld = f"election_proofs[{j}]"
            try:
                k = els[f"{fld}.public_key"]
                h = els[f"{fld}.commitment"]
                c = self.scalar("EG4", file, f"{fld}.challenge", p["challenge"])
                u = self.scalar("EG4", file, f"{fld}.response", p["response"])
                if j < len(comms) and k != comms[j]:
                    self.fail("EG4", file, f"{fld}.public_key", f"is not commitment {j}")
                want = hash_elems(self.q, els.h(f"{fld}.public_key"), els.h(f"{fld}.commitment"))
                self.check_equal("EG4", file, f"{fld}.challenge", want, c, "Schnorr challenge")
                self.equations(
                    "EG4",
                    file,
                    fld,
                    "Schnorr proof",
                    schnorr_equations(self.group, k, SchnorrProof(h, u), c),
                )
            except Skip:
                continue
        return Guardian(gid, order, key, comms, EGHex(els.h("election_public_key")))

    # -- EG3 / EG5 hashes and joint key ---------------------------------------------------------

    def _context(
        self, context: Mapping[str, Any], guardians: Mapping[str, Guardian]
    ) -> Element | None:
        """EG5: the joint key is the product of the guardians' keys; the joint key."""
        els = Elements(self, "context.json")
        els.want("elgamal_public_key", context.get("elgamal_public_key"), identity=False)
        els.resolve()
        try:
            joint = els["elgamal_public_key"]
        except Skip:
            return None
        if guardians:
            self.count("EG5")
            if self.group.prod([g.key for g in guardians.values()]) != joint:
                self.fail(
                    "EG5",
                    "context.json",
                    "elgamal_public_key",
                    "is not the product of the guardians' keys",
                )
        return joint

    def _hashes_and_key(
        self, context: Mapping[str, Any], guardians: Mapping[str, Guardian]
    ) -> None:
        """EG3: commitment hash, base hash, extended base hash."""
        q = self.q
        manifest_h = self._int(context, "manifest_hash", "context.json")
        commitment_h = self._int(context, "commitment_hash", "context.json")
        base = self._int(context, "crypto_base_hash", "context.json")
        ext = self._int(context, "crypto_extended_base_hash", "context.json")
        if guardians:
            commitments = [
                EGHex(element_value(self.group, c))
                for g in guardians.values()
                for c in g.commitments
            ]
            self.check_equal(
                "EG3",
                "context.json",
                "commitment_hash",
                hash_elems(q, commitments),
                commitment_h,
                "commitment hash H(K_10, …, K_nk)",
            )
        n, k = context.get("number_of_guardians"), context.get("quorum")
        if isinstance(n, int) and isinstance(k, int):
            want_base = hash_elems(
                q, EGHex(self.group.p), EGHex(q), EGHex(self.group.g), n, k, EGHex(manifest_h)
            )
            self.check_equal(
                "EG3",
                "context.json",
                "crypto_base_hash",
                want_base,
                base,
                "base hash H(p, q, g, n, k, manifest hash)",
            )
        self.check_equal(
            "EG3",
            "context.json",
            "crypto_extended_base_hash",
            hash_elems(q, EGHex(base), EGHex(commitment_h)),
            ext,
            "extended base hash H(base hash, commitment hash)",
        )
