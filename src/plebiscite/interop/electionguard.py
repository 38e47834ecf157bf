"""Verify an ElectionGuard 1.x election record (specification 1.0, the Python SDK's layout).

:func:`verify_electionguard` reads a record directory (``constants.json``, ``manifest.json``,
``context.json``, ``guardians/``, ``encryption_devices/``, ``submitted_ballots/``,
``encrypted_tally.json``, ``tally.json``, ``coefficients.json``, ``spoiled_ballots/``) and runs
the named checks of :data:`CHECKS`. Every failure names its check, the file and the field (a
JSON path inside the file). Ballots are read one file at a time (the record is never held in
memory whole) and their proofs' group equations are checked in batches of ``chunk`` ballots by
:class:`~plebiscite.crypto.batch.BatchVerifier`; every challenge is recomputed with ElectionGuard's
own ``hash_elems`` (:mod:`plebiscite.interop.eghash`).

Group elements are checked before use: range ``1 ≤ x < p`` and membership ``x^q = 1`` (batched
per file where the group allows it). A proof or hash that would use an element found bad is not
evaluated: the element's EG6 failure is the one reported, so that each defect fails exactly one
check. The identity element is allowed wherever ElectionGuard allows it, except as a guardian's
or the joint public key.

Non-standard constants are read from ``constants.json``, checked to form a group and reported in
:attr:`EGReport.warnings` (loudly on the command line); a q below 256 bits is warned about too,
and with q below 128 bits the group equations are checked one by one (a batch's random weights
would be reduced mod q).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from plebiscite.crypto.batch import BatchVerifier, Equation, equation_holds
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element
from plebiscite.crypto.modp import MODP4096, MODP4096_G, MODP4096_P, MODP4096_Q, ModpGroup
from plebiscite.crypto.proofs import (
    ChaumPedersenProof,
    RangeProof,
    SchnorrProof,
    ZeroOneProof,
    partial_decryption_equations,
    range_equations,
    schnorr_equations,
    zero_one_equations,
)
from plebiscite.crypto.threshold import lagrange_at_zero
from plebiscite.errors import GroupElementError, ParameterError, RecordError
from plebiscite.interop import eghash
from plebiscite.interop.eghash import EGHex, eg_hex, hash_elems

__all__ = [
    "BALLOT_CAST",
    "BALLOT_SPOILED",
    "CHECKS",
    "EGFailure",
    "EGReport",
    "group_from_constants",
    "verify_electionguard",
]

#: the named checks, in order, with a one-line description each
CHECKS: Final[Mapping[str, str]] = {
    "EG0": "the record's files are present and well-formed",
    "EG1": "constants: the standard group, or declared constants that form a prime-order group",
    "EG2": "the manifest hash recomputed from manifest.json matches context.json",
    "EG3": "the commitment hash, base hash and extended base hash match context.json",
    "EG4": "guardians: key = first commitment, one Schnorr proof per commitment, all valid",
    "EG5": "the joint election key is the product of the guardians' keys",
    "EG6": "every group element is in the order-q subgroup and every scalar is below q",
    "EG7": "every selection: description and crypto hashes, disjunctive Chaum-Pedersen proof",
    "EG8": "every contest: accumulation, hashes, constant Chaum-Pedersen proof (limit)",
    "EG9": "every ballot: hashes and ballot code; the codes chain from an encryption device",
    "EG10": "the encrypted tally is the product of the cast ballots' ciphertexts",
    "EG11": "tally decryption shares (and compensated shares) are proven and combine to β",
    "EG12": "the plaintext tally: every value is g^tally",
    "EG13": "every spoiled ballot is decrypted, with proven shares, and matches its ciphertext",
}

#: ``state`` of a submitted ballot that was cast / spoiled (ElectionGuard's BallotBoxState)
BALLOT_CAST: Final = 1
BALLOT_SPOILED: Final = 2
#: below this many bits of q, group equations are checked one by one (no random-weight batch)
MIN_BATCH_Q_BITS: Final = 128
#: below this many bits of q, the report warns that proofs are weak
MIN_SAFE_Q_BITS: Final = 256


@dataclass(frozen=True, slots=True)
class EGFailure:
    """One failed check: the check id, the file (relative to the record), the field, the reason."""

    check: str
    file: str
    field: str
    message: str

    def __post_init__(self) -> None:
        if self.check not in CHECKS:
            raise ValueError(f"failure: unknown check {self.check!r}")

    def __str__(self) -> str:
        place = f"{self.file}, {self.field}" if self.field else self.file
        return f"{self.check} {place}: {self.message}"

    def to_json(self) -> dict[str, str]:
        return {
            "check": self.check,
            "file": self.file,
            "field": self.field,
            "message": self.message,
        }


@dataclass
class EGReport:
    """The outcome of checking one record: failures, warnings and items checked per check."""

    directory: str
    group: str = ""
    standard_group: bool = False
    warnings: list[str] = field(default_factory=list)
    failures: list[EGFailure] = field(default_factory=list)
    checked: Counter[str] = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        """Whether every check passed (warnings do not count)."""
        return not self.failures

    def failures_of(self, check: str) -> list[EGFailure]:
        """The failures of one check."""
        return [f for f in self.failures if f.check == check]

    def failed_checks(self) -> list[str]:
        """The ids of the checks with at least one failure, in check order."""
        failed = {f.check for f in self.failures}
        return [c for c in CHECKS if c in failed]

    def to_json(self) -> dict[str, Any]:
        """The report as a JSON object (``format``: ``plebiscite-electionguard-report/1``)."""
        return {
            "format": "plebiscite-electionguard-report/1",
            "directory": self.directory,
            "group": self.group,
            "standard_group": self.standard_group,
            "ok": self.ok,
            "warnings": list(self.warnings),
            "checks": [
                {
                    "check": c,
                    "title": title,
                    "checked": self.checked[c],
                    "failures": len(self.failures_of(c)),
                }
                for c, title in CHECKS.items()
            ],
            "failures": [f.to_json() for f in self.failures],
        }

    def render(self) -> str:
        """A plain-text report: warnings, one line per check, then every failure."""
        lines = [f"ElectionGuard record {self.directory} (group {self.group})"]
        for warning in self.warnings:
            lines.append(f"WARNING: {warning}")
        for c, title in CHECKS.items():
            n = len(self.failures_of(c))
            status = "ok  " if n == 0 else "FAIL"
            lines.append(f"{status} {c:<5} {title} ({self.checked[c]} checked, {n} failed)")
        lines.extend(str(f) for f in self.failures)
        lines.append("all checks passed" if self.ok else f"{len(self.failures)} failure(s)")
        return "\n".join(lines)


class _Skip(Exception):
    """An input of a check was already reported bad (or is missing); the check is not run."""


def _hex_int(text: object) -> int:
    if not isinstance(text, str) or not text or any(ch not in _HEX_DIGITS for ch in text):
        raise ValueError(f"expected a hex string, got {text!r:.40}")
    return int(text, 16)


_HEX_DIGITS: Final = frozenset("0123456789abcdefABCDEF")


def group_from_constants(constants: Mapping[str, Any]) -> tuple[ModpGroup, bool]:
    """The group a record declares, and whether it is ElectionGuard 1.0's standard group.

    Raises :class:`~plebiscite.errors.ParameterError` when the constants do not form a group
    (p, q prime, q | p−1, r = (p−1)/q, g of order q).
    """
    try:
        p = _hex_int(constants.get("large_prime"))
        q = _hex_int(constants.get("small_prime"))
        r = _hex_int(constants.get("cofactor"))
        g = _hex_int(constants.get("generator"))
    except ValueError as exc:
        raise ParameterError(f"constants.json: {exc}") from exc
    if (p, q, g) == (MODP4096_P, MODP4096_Q, MODP4096_G) and r == MODP4096.r:
        return MODP4096, True
    return ModpGroup(p, q, g, r=r, name=f"electionguard-nonstandard-{p.bit_length()}bit"), False


class _Elements:
    """The group elements of one file, parsed by field and checked for membership together."""

    def __init__(self, verifier: _Verifier, file: str) -> None:
        self._v = verifier
        self._file = file
        self._raw: dict[str, int] = {}
        self._identity_ok: dict[str, bool] = {}
        self._good: dict[str, Element] = {}
        self._bad: set[str] = set()

    def want(self, fld: str, text: object, *, identity: bool = True) -> None:
        """Queue the element at ``fld`` (hex text) for checking."""
        group = self._v.group
        try:
            x = _hex_int(text)
        except ValueError as exc:
            self._mark_bad(fld, str(exc))
            return
        if not 1 <= x < group.p:
            self._mark_bad(fld, "value is out of range (need 1 ≤ x < p)")
            return
        if x == 1 and not identity:
            self._mark_bad(fld, "the identity is not allowed here")
            return
        self._raw[fld] = x
        self._identity_ok[fld] = identity

    def _mark_bad(self, fld: str, message: str) -> None:
        self._bad.add(fld)
        self._v.fail("EG6", self._file, fld, message)

    def resolve(self) -> None:
        """Check membership of every queued element; failures are reported under EG6."""
        group = self._v.group
        fields = [f for f in self._raw if f not in self._good]
        if not fields:
            return
        self._v.count("EG6", len(fields))
        datas = [self._raw[f].to_bytes(group.element_bytes, "big") for f in fields]
        try:
            elements = group.decode_many(datas, "element", allow_identity=True)
        except GroupElementError:
            elements = []
            for f, data in zip(fields, datas, strict=True):
                try:
                    elements.append(group.decode(data, f, allow_identity=True))
                except GroupElementError:
                    self._mark_bad(f, "value is not in the order-q subgroup")
                    elements.append(group.identity())
        for f, e in zip(fields, elements, strict=True):
            if f not in self._bad:
                self._good[f] = e

    def __getitem__(self, fld: str) -> Element:
        element = self._good.get(fld)
        if element is None:
            raise _Skip(fld)
        return element

    def ct(self, fld: str) -> Ciphertext:
        """The ciphertext at ``fld`` (``fld.pad``, ``fld.data``)."""
        return Ciphertext(self[f"{fld}.pad"], self[f"{fld}.data"])

    def h(self, fld: str) -> EGHex:
        """The element at ``fld`` as ElectionGuard hashes it (only once it is known good)."""
        self[fld]
        return EGHex(self._raw[fld])


class _Verifier:
    def __init__(self, root: Path, chunk: int) -> None:
        self.root = root
        self.chunk = max(1, chunk)
        self.report = EGReport(directory=str(root))
        self.group: ModpGroup = MODP4096
        self.q = MODP4096_Q
        self._batch: BatchVerifier | None = None
        self._pending: dict[str, tuple[str, str, str, str]] = {}
        #: (contest, selection) whose ballot ciphertext was bad somewhere: no aggregate to compare
        self._unknown: set[tuple[str, str]] = set()

    # -- reporting -------------------------------------------------------------------------------

    def fail(self, check: str, file: str, fld: str, message: str) -> None:
        self.report.failures.append(EGFailure(check, file, fld, message))

    def count(self, check: str, n: int = 1) -> None:
        self.report.checked[check] += n

    def equations(
        self, check: str, file: str, fld: str, what: str, eqs: Sequence[Equation]
    ) -> None:
        """Check a proof's group equations now, or queue them in the current batch."""
        self.count(check)
        if self._batch is None:
            if not all(equation_holds(self.group, eq) for eq in eqs):
                self.fail(check, file, fld, f"{what}: a group equation does not hold")
            return
        label = f"{len(self._pending)}"
        self._pending[label] = (check, file, fld, f"{what}: a group equation does not hold")
        self._batch.add_equations(label, eqs)

    def flush(self) -> None:
        """Evaluate the queued equations; report the failing proofs."""
        if self._batch is None or not self._pending:
            return
        for label in self._batch.check():
            self.fail(*self._pending[label])
        self._batch = BatchVerifier(self.group)
        self._pending = {}

    def scalar(self, check: str, file: str, fld: str, text: object) -> int:
        """A scalar below q (reported under EG6 otherwise, and the check skipped)."""
        try:
            k = _hex_int(text)
        except ValueError as exc:
            self.fail("EG6", file, fld, str(exc))
            raise _Skip(fld) from exc
        if k >= self.q:
            self.fail("EG6", file, fld, "scalar is not below q")
            raise _Skip(fld)
        return k

    def load(self, rel: str) -> Any:
        """The JSON of the record's file ``rel`` (one item of EG0: present and readable)."""
        self.count("EG0")
        path = self.root / rel
        try:
            with path.open(encoding="utf-8") as handle:
                return json.load(handle)
        except FileNotFoundError:
            self.fail("EG0", rel, "", "file is missing")
        except (OSError, ValueError) as exc:
            self.fail("EG0", rel, "", f"not readable JSON: {exc}")
        raise _Skip(rel)

    def files(self, sub: str) -> list[str]:
        folder = self.root / sub
        if not folder.is_dir():
            return []
        return [f"{sub}/{p.name}" for p in sorted(folder.glob("*.json"))]

    def check_equal(self, check: str, file: str, fld: str, got: int, want: int, what: str) -> None:
        self.count(check)
        if got != want:
            self.fail(
                check, file, fld, f"{what}: recorded {eg_hex(want)}, recomputed {eg_hex(got)}"
            )

    # -- the run ---------------------------------------------------------------------------------

    def run(self) -> EGReport:
        try:
            self._constants()
        except _Skip:
            return self.report
        self._batch = BatchVerifier(self.group) if self.q.bit_length() >= MIN_BATCH_Q_BITS else None
        try:
            context = self.load("context.json")
        except _Skip:
            return self.report
        manifest_h = self._manifest(context)
        guardians = self._guardians(context)
        joint = self._context(context, guardians)
        try:
            self._hashes_and_key(context, guardians)
            ext = self._int(context, "crypto_extended_base_hash", "context.json")
            context_manifest = self._int(context, "manifest_hash", "context.json")
            if joint is None:
                raise _Skip("elgamal_public_key")
        except _Skip:
            self.flush()
            return self.report
        devices = self._devices()
        cast, spoiled = self._ballots(manifest_h, context_manifest, ext, joint, devices)
        self._tally(cast, ext, guardians)
        self._spoiled(spoiled, ext, guardians)
        self.flush()
        return self.report

    def _int(self, obj: Mapping[str, Any], key: str, file: str) -> int:
        try:
            return _hex_int(obj.get(key))
        except ValueError as exc:
            self.fail("EG0", file, key, str(exc))
            raise _Skip(key) from exc

    # -- EG1 constants ---------------------------------------------------------------------------

    def _constants(self) -> None:
        constants = self.load("constants.json")
        self.count("EG1")
        try:
            group, standard = group_from_constants(constants)
        except ParameterError as exc:
            self.fail("EG1", "constants.json", "", str(exc))
            raise _Skip("constants") from exc
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
        except _Skip:
            return None
        try:
            recomputed = eghash.manifest_hash(self.q, manifest)
            descriptions = eghash.ManifestHashes(self.q, manifest)
        except RecordError as exc:
            self.fail("EG0", "manifest.json", "", str(exc))
            return None
        try:
            recorded = self._int(context, "manifest_hash", "context.json")
        except _Skip:
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

    def _guardians(self, context: Mapping[str, Any]) -> dict[str, _Guardian]:
        guardians: dict[str, _Guardian] = {}
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
            except _Skip:
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

    def _guardian(self, file: str, quorum: int) -> _Guardian:
        obj = self.load(file)
        gid = str(obj["guardian_id"])
        order = obj["sequence_order"]
        if not isinstance(order, int) or isinstance(order, bool):
            raise TypeError("sequence_order must be an integer")
        commitments = obj["election_commitments"]
        proofs = obj["election_proofs"]
        els = _Elements(self, file)
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
            except _Skip:
                continue
        return _Guardian(gid, order, key, comms, EGHex(els.h("election_public_key")))

    # -- EG3 / EG5 hashes and joint key ---------------------------------------------------------

    def _context(
        self, context: Mapping[str, Any], guardians: Mapping[str, _Guardian]
    ) -> Element | None:
        """EG5: the joint key is the product of the guardians' keys; the joint key."""
        els = _Elements(self, "context.json")
        els.want("elgamal_public_key", context.get("elgamal_public_key"), identity=False)
        els.resolve()
        try:
            joint = els["elgamal_public_key"]
        except _Skip:
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
        self, context: Mapping[str, Any], guardians: Mapping[str, _Guardian]
    ) -> None:
        """EG3: commitment hash, base hash, extended base hash."""
        q = self.q
        manifest_h = self._int(context, "manifest_hash", "context.json")
        commitment_h = self._int(context, "commitment_hash", "context.json")
        base = self._int(context, "crypto_base_hash", "context.json")
        ext = self._int(context, "crypto_extended_base_hash", "context.json")
        if guardians:
            commitments = [
                EGHex(_value(self.group, c)) for g in guardians.values() for c in g.commitments
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

    # -- EG7..EG9 ballots ------------------------------------------------------------------------

    def _devices(self) -> set[int]:
        hashes: set[int] = set()
        for file in self.files("encryption_devices"):
            try:
                hashes.add(int(eghash.device_hash(self.q, self.load(file))))
            except _Skip:
                continue
        return hashes

    def _ballots(
        self,
        manifest: eghash.ManifestHashes | None,
        context_manifest: int,
        ext: int,
        joint: Element,
        devices: set[int],
    ) -> tuple[dict[tuple[str, str], Ciphertext], dict[str, _Spoiled]]:
        """Stream over submitted ballots; return the cast aggregate and the spoiled ciphertexts."""
        aggregate: dict[tuple[str, str], Ciphertext] = {}
        spoiled: dict[str, _Spoiled] = {}
        links: list[tuple[str, int, int]] = []  # (file, code_seed, code)
        files = self.files("submitted_ballots")
        for n, file in enumerate(files, 1):
            try:
                obj = self.load(file)
                result = self._ballot(file, obj, manifest, context_manifest, ext, joint)
            except _Skip:
                continue
            except (KeyError, TypeError, ValueError) as exc:
                self.fail("EG0", file, "", f"malformed ballot: {exc!r}")
                continue
            state, ballot_id, seed, code, cts, placeholders = result
            links.append((file, seed, code))
            if state == BALLOT_CAST:
                for key, ct in cts.items():
                    if key in placeholders:
                        continue
                    prev = aggregate.get(key)
                    aggregate[key] = (
                        ct
                        if prev is None
                        else Ciphertext(
                            self.group.mul(prev.alpha, ct.alpha), self.group.mul(prev.beta, ct.beta)
                        )
                    )
            elif state == BALLOT_SPOILED:
                spoiled[ballot_id] = (file, cts, frozenset(placeholders))
            else:
                self.fail(
                    "EG9", file, "state", f"state {state} is neither cast (1) nor spoiled (2)"
                )
            if n % self.chunk == 0:
                self.flush()
        self.flush()
        self._chain(links, devices)
        return aggregate, spoiled

    def _ballot(
        self,
        file: str,
        b: Mapping[str, Any],
        manifest: eghash.ManifestHashes | None,
        context_manifest: int,
        ext: int,
        joint: Element,
    ) -> tuple[int, str, int, int, dict[tuple[str, str], Ciphertext], set[tuple[str, str]]]:
        q = self.q
        els = _Elements(self, file)
        contests = b["contests"]
        for ci, contest in enumerate(contests):
            base = f"contests[{ci}]"
            for si, sel in enumerate(contest["ballot_selections"]):
                sb = f"{base}.ballot_selections[{si}]"
                els.want(f"{sb}.ciphertext.pad", sel["ciphertext"]["pad"])
                els.want(f"{sb}.ciphertext.data", sel["ciphertext"]["data"])
                for key in ("proof_zero_pad", "proof_zero_data", "proof_one_pad", "proof_one_data"):
                    els.want(f"{sb}.proof.{key}", sel["proof"][key])
            els.want(
                f"{base}.ciphertext_accumulation.pad", contest["ciphertext_accumulation"]["pad"]
            )
            els.want(
                f"{base}.ciphertext_accumulation.data", contest["ciphertext_accumulation"]["data"]
            )
            els.want(f"{base}.proof.pad", contest["proof"]["pad"])
            els.want(f"{base}.proof.data", contest["proof"]["data"])
        els.resolve()
        ballot_id = str(b["object_id"])
        cts: dict[tuple[str, str], Ciphertext] = {}
        placeholders: set[tuple[str, str]] = set()
        contest_hashes: list[tuple[int, int]] = []
        for ci, contest in enumerate(contests):
            base = f"contests[{ci}]"
            cid = str(contest["object_id"])
            selection_hashes: list[tuple[int, int]] = []
            acc: Ciphertext | None = Ciphertext(self.group.identity(), self.group.identity())
            desc = self._int(contest, "description_hash", file)
            if manifest is not None:
                self.count("EG8")
                if manifest.contests.get(cid) != desc:
                    self.fail(
                        "EG8",
                        file,
                        f"{base}.description_hash",
                        f"not the manifest's hash of contest {cid}",
                    )
            for si, sel in enumerate(contest["ballot_selections"]):
                sb = f"{base}.ballot_selections[{si}]"
                sid = str(sel["object_id"])
                try:
                    ct = els.ct(f"{sb}.ciphertext")
                except _Skip:
                    acc = None  # reported under EG6; what depends on it is not evaluated
                    self._unknown.add((cid, sid))
                    continue
                cts[(cid, sid)] = ct
                if sel.get("is_placeholder_selection") is True:
                    placeholders.add((cid, sid))
                if acc is not None:
                    acc = Ciphertext(
                        self.group.mul(acc.alpha, ct.alpha), self.group.mul(acc.beta, ct.beta)
                    )
                sel_desc = self._int(sel, "description_hash", file)
                if manifest is not None:
                    self.count("EG7")
                    expected = manifest.selections.get(cid, {}).get(sid)
                    if expected != sel_desc:
                        self.fail(
                            "EG7",
                            file,
                            f"{sb}.description_hash",
                            f"not the manifest's hash of selection {sid}",
                        )
                    is_ph = sid in manifest.placeholders.get(cid, set())
                    if bool(sel.get("is_placeholder_selection")) != is_ph:
                        self.fail(
                            "EG7",
                            file,
                            f"{sb}.is_placeholder_selection",
                            "disagrees with the manifest",
                        )
                sh = eghash.selection_hash(
                    q, sid, sel_desc, els.h(f"{sb}.ciphertext.pad"), els.h(f"{sb}.ciphertext.data")
                )
                self.check_equal(
                    "EG7",
                    file,
                    f"{sb}.crypto_hash",
                    sh,
                    self._int(sel, "crypto_hash", file),
                    "selection hash",
                )
                selection_hashes.append(
                    (int(sel["sequence_order"]), self._int(sel, "crypto_hash", file))
                )
                self._selection_proof(file, sb, sel["proof"], els, ct, ext, joint)
            if manifest is not None and cid in manifest.selections:
                self.count("EG8")
                got = {str(s["object_id"]) for s in contest["ballot_selections"]}
                if got != set(manifest.selections[cid]):
                    self.fail(
                        "EG8",
                        file,
                        f"{base}.ballot_selections",
                        "selections (with placeholders) differ from the manifest's",
                    )
            recorded_ch = self._int(contest, "crypto_hash", file)
            if acc is not None:
                ch = eghash.contest_hash(q, cid, desc, [h for _, h in sorted(selection_hashes)])
                self.check_equal(
                    "EG8", file, f"{base}.crypto_hash", ch, recorded_ch, "contest hash"
                )
            contest_hashes.append((int(contest["sequence_order"]), recorded_ch))
            try:
                accumulation = els.ct(f"{base}.ciphertext_accumulation")
                self.count("EG8")
                if acc is not None and acc != accumulation:
                    self.fail(
                        "EG8",
                        file,
                        f"{base}.ciphertext_accumulation",
                        "is not the product of the selections",
                    )
                self._contest_proof(
                    file, base, contest["proof"], els, accumulation, ext, joint, manifest, cid
                )
            except _Skip:
                pass
        # EG9: the ballot's own hashes and code
        manifest_h = self._int(b, "manifest_hash", file)
        self.check_equal(
            "EG9", file, "manifest_hash", manifest_h, context_manifest, "manifest hash"
        )
        bh = eghash.ballot_hash(q, ballot_id, manifest_h, [h for _, h in sorted(contest_hashes)])
        self.check_equal(
            "EG9", file, "crypto_hash", bh, self._int(b, "crypto_hash", file), "ballot hash"
        )
        seed = self._int(b, "code_seed", file)
        code = self._int(b, "code", file)
        timestamp = b["timestamp"]
        if not isinstance(timestamp, int):
            raise TypeError("timestamp must be an integer")
        self.check_equal(
            "EG9",
            file,
            "code",
            eghash.ballot_code(q, seed, timestamp, bh),
            code,
            "ballot code H(code_seed, timestamp, ballot hash)",
        )
        return int(b["state"]), ballot_id, seed, code, cts, placeholders

    def _selection_proof(
        self,
        file: str,
        sb: str,
        p: Mapping[str, Any],
        els: _Elements,
        ct: Ciphertext,
        ext: int,
        joint: Element,
    ) -> None:
        pf = f"{sb}.proof"
        try:
            c0 = self.scalar("EG7", file, f"{pf}.proof_zero_challenge", p["proof_zero_challenge"])
            c1 = self.scalar("EG7", file, f"{pf}.proof_one_challenge", p["proof_one_challenge"])
            c = self.scalar("EG7", file, f"{pf}.challenge", p["challenge"])
            v0 = self.scalar("EG7", file, f"{pf}.proof_zero_response", p["proof_zero_response"])
            v1 = self.scalar("EG7", file, f"{pf}.proof_one_response", p["proof_one_response"])
            commitments = [
                els[f"{pf}.{k}"]
                for k in ("proof_zero_pad", "proof_zero_data", "proof_one_pad", "proof_one_data")
            ]
            want = hash_elems(
                self.q,
                EGHex(ext),
                els.h(f"{sb}.ciphertext.pad"),
                els.h(f"{sb}.ciphertext.data"),
                *(
                    els.h(f"{pf}.{k}")
                    for k in (
                        "proof_zero_pad",
                        "proof_zero_data",
                        "proof_one_pad",
                        "proof_one_data",
                    )
                ),
            )
        except _Skip:
            return
        self.check_equal(
            "EG7",
            file,
            f"{pf}.challenge",
            want,
            c,
            "disjunctive challenge H(Q̄, α, β, a0, b0, a1, b1)",
        )
        self.count("EG7")
        if (c0 + c1) % self.q != c:
            self.fail(
                "EG7", file, f"{pf}.challenge", "is not proof_zero_challenge + proof_one_challenge"
            )
        a0, b0, a1, b1 = commitments
        proof = ZeroOneProof(a0, b0, a1, b1, c0=c0, v0=v0, v1=v1)
        self.equations(
            "EG7",
            file,
            pf,
            "disjunctive Chaum-Pedersen proof",
            zero_one_equations(self.group, joint, ct, proof, c0, c1),
        )

    def _contest_proof(
        self,
        file: str,
        base: str,
        p: Mapping[str, Any],
        els: _Elements,
        accumulation: Ciphertext,
        ext: int,
        joint: Element,
        manifest: eghash.ManifestHashes | None,
        cid: str,
    ) -> None:
        pf = f"{base}.proof"
        constant = p["constant"]
        if (
            not isinstance(constant, int)
            or isinstance(constant, bool)
            or not 0 <= constant < 1_000_000_000
        ):
            self.fail("EG8", file, f"{pf}.constant", "not an integer limit in [0, 10^9)")
            return
        if manifest is not None and cid in manifest.number_elected:
            self.count("EG8")
            if manifest.number_elected[cid] != constant:
                self.fail(
                    "EG8",
                    file,
                    f"{pf}.constant",
                    f"is not the contest's number_elected {manifest.number_elected[cid]}",
                )
        try:
            c = self.scalar("EG8", file, f"{pf}.challenge", p["challenge"])
            v = self.scalar("EG8", file, f"{pf}.response", p["response"])
            a, b = els[f"{pf}.pad"], els[f"{pf}.data"]
            want = hash_elems(
                self.q,
                EGHex(ext),
                els.h(f"{base}.ciphertext_accumulation.pad"),
                els.h(f"{base}.ciphertext_accumulation.data"),
                els.h(f"{pf}.pad"),
                els.h(f"{pf}.data"),
            )
        except _Skip:
            return
        self.check_equal(
            "EG8", file, f"{pf}.challenge", want, c, "constant challenge H(Q̄, α, β, a, b)"
        )
        proof = RangeProof(a=(a,), b=(b,), c=(), v=(v,))
        eqs = range_equations(self.group, joint, accumulation, constant, constant, proof, [c])
        self.equations("EG8", file, pf, f"constant Chaum-Pedersen proof (L = {constant})", eqs)

    def _chain(self, links: list[tuple[str, int, int]], devices: set[int]) -> None:
        """EG9: each code_seed is a device's starting hash or the code of another ballot."""
        codes = {code: file for file, _, code in links}
        seen: dict[int, str] = {}
        for file, seed, code in links:
            self.count("EG9")
            if seed not in devices and seed not in codes:
                self.fail(
                    "EG9",
                    file,
                    "code_seed",
                    "is neither an encryption device's hash nor another ballot's code",
                )
            if seed in seen:
                self.fail(
                    "EG9",
                    file,
                    "code_seed",
                    f"the chain forks: {seen[seed]} has the same code_seed",
                )
            seen[seed] = file
            if codes.get(code) != file:
                self.fail("EG9", file, "code", "another ballot has the same code")

    # -- EG10..EG13 tally and spoiled ballots ----------------------------------------------------

    def _tally(
        self,
        aggregate: Mapping[tuple[str, str], Ciphertext],
        ext: int,
        guardians: Mapping[str, _Guardian],
    ) -> None:
        try:
            encrypted = self.load("encrypted_tally.json")
        except _Skip:
            encrypted = None
        if encrypted is not None:
            els = _Elements(self, "encrypted_tally.json")
            for cid, contest in encrypted["contests"].items():
                for sid, sel in contest["selections"].items():
                    fld = f"contests.{cid}.selections.{sid}.ciphertext"
                    els.want(f"{fld}.pad", sel["ciphertext"]["pad"])
                    els.want(f"{fld}.data", sel["ciphertext"]["data"])
            els.resolve()
            one = Ciphertext(self.group.identity(), self.group.identity())
            for cid, contest in encrypted["contests"].items():
                for sid in contest["selections"]:
                    fld = f"contests.{cid}.selections.{sid}.ciphertext"
                    try:
                        ct = els.ct(fld)
                    except _Skip:
                        continue
                    if (cid, sid) in self._unknown:
                        continue
                    self.count("EG10")
                    if aggregate.get((cid, sid), one) != ct:
                        self.fail(
                            "EG10",
                            "encrypted_tally.json",
                            fld,
                            "is not the product of the cast ballots' ciphertexts",
                        )
            missing = {
                k
                for k in aggregate
                if k[1] not in encrypted["contests"].get(k[0], {}).get("selections", {})
            }
            for cid, sid in sorted(missing):
                self.fail(
                    "EG10",
                    "encrypted_tally.json",
                    f"contests.{cid}.selections.{sid}",
                    "cast votes for this selection are not tallied",
                )
        try:
            tally = self.load("tally.json")
        except _Skip:
            return
        lagrange = self._coefficients(tally, guardians)
        self._decryption(
            "EG11",
            "EG12",
            "tally.json",
            tally,
            ext,
            guardians,
            lagrange,
            expected=aggregate,
            expected_check="EG10",
        )

    def _coefficients(
        self, tally: Mapping[str, Any], guardians: Mapping[str, _Guardian]
    ) -> dict[str, int]:
        """The Lagrange coefficients of the guardians present at decryption (coefficients.json)."""
        present = set()
        for contest in tally["contests"].values():
            for sel in contest["selections"].values():
                present |= {
                    str(s["guardian_id"]) for s in sel["shares"] if s.get("proof") is not None
                }
        orders = [guardians[g].sequence_order for g in present if g in guardians]
        try:
            want = lagrange_at_zero(self.group, orders, 1)
        except ParameterError as exc:
            self.fail("EG11", "tally.json", "shares", f"present guardians: {exc}")
            return {}
        by_id = {g: want[guardians[g].sequence_order] for g in present if g in guardians}
        try:
            recorded = self.load("coefficients.json")["coefficients"]
        except _Skip:
            return by_id
        self.count("EG11")
        if set(map(str, recorded)) != set(by_id):
            self.fail(
                "EG11",
                "coefficients.json",
                "coefficients",
                "guardians differ from those present at decryption",
            )
        for gid, w in recorded.items():
            if str(gid) in by_id:
                try:
                    got = self.scalar("EG11", "coefficients.json", f"coefficients.{gid}", w)
                except _Skip:
                    continue
                self.check_equal(
                    "EG11",
                    "coefficients.json",
                    f"coefficients.{gid}",
                    by_id[str(gid)],
                    got,
                    "Lagrange coefficient",
                )
        return by_id

    def _decryption(
        self,
        check: str,
        plain_check: str,
        file: str,
        obj: Mapping[str, Any],
        ext: int,
        guardians: Mapping[str, _Guardian],
        lagrange: Mapping[str, int],
        *,
        expected: Mapping[tuple[str, str], Ciphertext],
        expected_check: str,
        all_expected: bool = False,
        optional: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        """Shares (direct and compensated), their combination, the plaintext of each selection."""
        els = _Elements(self, file)
        for cid, contest in obj["contests"].items():
            for sid, sel in contest["selections"].items():
                fld = f"contests.{cid}.selections.{sid}"
                els.want(f"{fld}.message.pad", sel["message"]["pad"])
                els.want(f"{fld}.message.data", sel["message"]["data"])
                els.want(f"{fld}.value", sel["value"])
                for n, share in enumerate(sel["shares"]):
                    sf = f"{fld}.shares[{n}]"
                    els.want(f"{sf}.share", share["share"])
                    if share.get("proof") is not None:
                        els.want(f"{sf}.proof.pad", share["proof"]["pad"])
                        els.want(f"{sf}.proof.data", share["proof"]["data"])
                    for gid, part in (share.get("recovered_parts") or {}).items():
                        pf = f"{sf}.recovered_parts.{gid}"
                        els.want(f"{pf}.share", part["share"])
                        els.want(f"{pf}.recovery_key", part["recovery_key"], identity=False)
                        els.want(f"{pf}.proof.pad", part["proof"]["pad"])
                        els.want(f"{pf}.proof.data", part["proof"]["data"])
        els.resolve()
        seen: set[tuple[str, str]] = set()
        for cid, contest in obj["contests"].items():
            for sid, sel in contest["selections"].items():
                fld = f"contests.{cid}.selections.{sid}"
                seen.add((cid, sid))
                try:
                    ct = els.ct(f"{fld}.message")
                except _Skip:
                    continue
                if (cid, sid) in self._unknown:
                    self._selection_shares(
                        check, plain_check, file, fld, sel, els, ct, ext, guardians, lagrange
                    )
                    continue
                self.count(expected_check)
                want_ct = expected.get(
                    (cid, sid), Ciphertext(self.group.identity(), self.group.identity())
                )
                if (cid, sid) not in expected and all_expected:
                    self.fail(
                        expected_check, file, f"{fld}.message", "no such selection on the ballot"
                    )
                elif want_ct != ct:
                    self.fail(
                        expected_check, file, f"{fld}.message", "is not the ciphertext it decrypts"
                    )
                self._selection_shares(
                    check, plain_check, file, fld, sel, els, ct, ext, guardians, lagrange
                )
        if all_expected:
            for cid, sid in sorted(set(expected) - seen - optional):
                self.fail(
                    expected_check,
                    file,
                    f"contests.{cid}.selections.{sid}",
                    "this selection of the ballot is not decrypted",
                )

    def _selection_shares(
        self,
        check: str,
        plain_check: str,
        file: str,
        fld: str,
        sel: Mapping[str, Any],
        els: _Elements,
        ct: Ciphertext,
        ext: int,
        guardians: Mapping[str, _Guardian],
        lagrange: Mapping[str, int],
    ) -> None:
        group, q = self.group, self.q
        shares: list[Element] = []
        ids: set[str] = set()
        complete = True
        for n, share in enumerate(sel["shares"]):
            sf = f"{fld}.shares[{n}]"
            gid = str(share["guardian_id"])
            ids.add(gid)
            guardian = guardians.get(gid)
            try:
                m = els[f"{sf}.share"]
            except _Skip:
                complete = False
                continue
            shares.append(m)
            if guardian is None:
                self.fail(check, file, f"{sf}.guardian_id", f"unknown guardian {gid}")
                complete = False
                continue
            proof = share.get("proof")
            parts = share.get("recovered_parts")
            if (proof is None) == (parts is None):
                self.fail(check, file, sf, "needs exactly one of proof and recovered_parts")
                complete = False
                continue
            if proof is not None:
                if not self._share_proof(
                    check, file, f"{sf}.proof", proof, els, ct, guardian.key, f"{sf}.share", ext
                ):
                    complete = False
                continue
            # a missing guardian's share, rebuilt from compensated shares
            weights: list[int] = []
            bases: list[Element] = []
            for lid, part in parts.items():
                pf = f"{sf}.recovered_parts.{lid}"
                helper = guardians.get(str(lid))
                if helper is None or str(lid) not in lagrange:
                    self.fail(check, file, pf, f"guardian {lid} is unknown or was not present")
                    complete = False
                    continue
                try:
                    rk = els[f"{pf}.recovery_key"]
                    part_share = els[f"{pf}.share"]
                except _Skip:
                    complete = False
                    continue
                x = helper.sequence_order
                want_rk = group.multi_exp(
                    guardian.commitments, [pow(x, j, q) for j in range(len(guardian.commitments))]
                )
                self.count(check)
                if want_rk != rk:
                    self.fail(
                        check,
                        file,
                        f"{pf}.recovery_key",
                        f"is not ∏ K_{gid},j^({x}^j) from the commitments",
                    )
                    complete = False
                    continue
                if not self._share_proof(
                    check, file, f"{pf}.proof", part["proof"], els, ct, rk, f"{pf}.share", ext
                ):
                    complete = False
                bases.append(part_share)
                weights.append(lagrange[str(lid)])
            if bases:
                self.count(check)
                if group.multi_exp(bases, weights) != m:
                    self.fail(
                        check,
                        file,
                        f"{sf}.share",
                        "is not the Lagrange combination of its recovered parts",
                    )
                    complete = False
        self.count(check)
        if set(guardians) - ids:
            self.fail(
                check,
                file,
                f"{fld}.shares",
                f"no share for guardian(s) {sorted(set(guardians) - ids)}",
            )
            complete = False
        try:
            value = els[f"{fld}.value"]
        except _Skip:
            return
        if complete:
            self.count(check)
            if group.mul(value, group.prod(shares)) != ct.beta:
                self.fail(
                    check,
                    file,
                    f"{fld}.value",
                    "β is not value·∏ M_i (the shares do not combine to it)",
                )
        t = sel["tally"]
        self.count(plain_check)
        if not isinstance(t, int) or isinstance(t, bool) or t < 0:
            self.fail(plain_check, file, f"{fld}.tally", "not a non-negative integer")
        elif group.exp_g(t) != value:
            self.fail(plain_check, file, f"{fld}.tally", f"g^{t} is not the decrypted value")

    def _share_proof(
        self,
        check: str,
        file: str,
        pf: str,
        p: Mapping[str, Any],
        els: _Elements,
        ct: Ciphertext,
        key: Element,
        share_field: str,
        ext: int,
    ) -> bool:
        """A share's Chaum-Pedersen proof log_g key = log_α M; False when it could not be run."""
        try:
            c = self.scalar(check, file, f"{pf}.challenge", p["challenge"])
            v = self.scalar(check, file, f"{pf}.response", p["response"])
            a, b = els[f"{pf}.pad"], els[f"{pf}.data"]
            m = els[share_field]
            want = hash_elems(
                self.q,
                EGHex(ext),
                EGHex(_value(self.group, ct.alpha)),
                EGHex(_value(self.group, ct.beta)),
                els.h(f"{pf}.pad"),
                els.h(f"{pf}.data"),
                els.h(share_field),
            )
        except _Skip:
            return False
        self.check_equal(
            check, file, f"{pf}.challenge", want, c, "decryption challenge H(Q̄, α, β, a, b, M)"
        )
        eqs = partial_decryption_equations(self.group, key, ct, m, ChaumPedersenProof(a, b, v), c)
        self.equations(check, file, pf, "decryption Chaum-Pedersen proof", eqs)
        return True

    def _spoiled(
        self,
        spoiled: Mapping[str, _Spoiled],
        ext: int,
        guardians: Mapping[str, _Guardian],
    ) -> None:
        done: set[str] = set()
        lagrange: dict[str, int] | None = None
        for file in self.files("spoiled_ballots"):
            try:
                obj = self.load(file)
            except _Skip:
                continue
            bid = str(obj.get("object_id"))
            self.count("EG13")
            if bid not in spoiled:
                self.fail(
                    "EG13", file, "object_id", f"no submitted ballot {bid} in the spoiled state"
                )
                continue
            done.add(bid)
            if lagrange is None:
                lagrange = self._present_lagrange(obj, guardians)
            try:
                self._decryption(
                    "EG13",
                    "EG13",
                    file,
                    obj,
                    ext,
                    guardians,
                    lagrange,
                    expected=spoiled[bid][1],
                    expected_check="EG13",
                    all_expected=True,
                    optional=spoiled[bid][2],
                )
            except (KeyError, TypeError, ValueError) as exc:
                self.fail("EG0", file, "", f"malformed spoiled-ballot decryption: {exc!r}")
        for bid in sorted(set(spoiled) - done):
            self.count("EG13")
            self.fail(
                "EG13", spoiled[bid][0], "state", "spoiled ballot without a published decryption"
            )

    def _present_lagrange(
        self, obj: Mapping[str, Any], guardians: Mapping[str, _Guardian]
    ) -> dict[str, int]:
        present = set()
        for contest in obj["contests"].values():
            for sel in contest["selections"].values():
                present |= {
                    str(s["guardian_id"]) for s in sel["shares"] if s.get("proof") is not None
                }
        ids = [g for g in present if g in guardians]
        try:
            w = lagrange_at_zero(self.group, [guardians[g].sequence_order for g in ids], 1)
        except ParameterError:
            return {}
        return {g: w[guardians[g].sequence_order] for g in ids}


@dataclass(frozen=True)
class _Guardian:
    guardian_id: str
    sequence_order: int
    key: Element
    commitments: list[Element]
    key_hex: EGHex


#: a spoiled ballot: its file, its selections' ciphertexts and its placeholder selections (whose
#: decryption SDK 1.4 does not publish)
_Spoiled = tuple[str, dict[tuple[str, str], Ciphertext], frozenset[tuple[str, str]]]


def _value(group: ModpGroup, e: Element) -> int:
    return int.from_bytes(group.encode(e), "big")


def verify_electionguard(directory: Path | str, *, chunk: int = 64) -> EGReport:
    """Check the ElectionGuard 1.x record in ``directory``; see :data:`CHECKS`.

    ``chunk`` is the number of ballots whose proofs are batched together.
    """
    return _Verifier(Path(directory), chunk).run()


def iter_check_lines() -> Iterator[str]:
    """``EGn: description`` for every check, in order."""
    for c, title in CHECKS.items():
        yield f"{c}: {title}"
