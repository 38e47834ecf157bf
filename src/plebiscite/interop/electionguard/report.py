"""What the ElectionGuard verifier reports: the named checks EG0–EG13, each failure, the report."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = [
    "BALLOT_CAST",
    "BALLOT_SPOILED",
    "CHECKS",
    "MIN_BATCH_Q_BITS",
    "MIN_SAFE_Q_BITS",
    "EGFailure",
    "EGReport",
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
