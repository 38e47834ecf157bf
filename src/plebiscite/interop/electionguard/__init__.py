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

from collections.abc import Iterator
from pathlib import Path

from plebiscite.crypto.batch import BatchVerifier
from plebiscite.interop.electionguard.ballots import BallotChecks
from plebiscite.interop.electionguard.base import Skip, group_from_constants
from plebiscite.interop.electionguard.report import (
    BALLOT_CAST,
    BALLOT_SPOILED,
    CHECKS,
    MIN_BATCH_Q_BITS,
    EGFailure,
    EGReport,
)
from plebiscite.interop.electionguard.setup import SetupChecks
from plebiscite.interop.electionguard.tally import TallyChecks

__all__ = [
    "BALLOT_CAST",
    "BALLOT_SPOILED",
    "CHECKS",
    "EGFailure",
    "EGReport",
    "group_from_constants",
    "iter_check_lines",
    "verify_electionguard",
]


class _Verifier(SetupChecks, BallotChecks, TallyChecks):
    """Every check group over one record: :mod:`.setup`, :mod:`.ballots`, :mod:`.tally`."""

    # -- the run ---------------------------------------------------------------------------------

    def run(self) -> EGReport:
        """Run every check group in order; the report holds every failure."""
        try:
            self._constants()
        except Skip:
            return self.report
        self._batch = BatchVerifier(self.group) if self.q.bit_length() >= MIN_BATCH_Q_BITS else None
        try:
            context = self.load("context.json")
        except Skip:
            return self.report
        manifest_h = self._manifest(context)
        guardians = self._guardians(context)
        joint = self._context(context, guardians)
        try:
            self._hashes_and_key(context, guardians)
            ext = self._int(context, "crypto_extended_base_hash", "context.json")
            context_manifest = self._int(context, "manifest_hash", "context.json")
            if joint is None:
                raise Skip("elgamal_public_key")
        except Skip:
            self.flush()
            return self.report
        devices = self._devices()
        cast, spoiled = self._ballots(manifest_h, context_manifest, ext, joint, devices)
        self._tally(cast, ext, guardians)
        self._spoiled(spoiled, ext, guardians)
        self.flush()
        return self.report


def verify_electionguard(directory: Path | str, *, chunk: int = 64) -> EGReport:
    """Check the ElectionGuard 1.x record in ``directory``; see :data:`CHECKS`.

    ``chunk`` is the number of ballots whose proofs are batched together.
    """
    return _Verifier(Path(directory), chunk).run()


def iter_check_lines() -> Iterator[str]:
    """``EGn: description`` for every check, in order."""
    for c, title in CHECKS.items():
        yield f"{c}: {title}"
