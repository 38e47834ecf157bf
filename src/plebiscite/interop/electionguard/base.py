"""What every group of ElectionGuard checks shares: the group, the record's files, the elements of
a file checked together, and the reporting (a failure, a count, a proof's equations in a batch).

:class:`Checks` is the base of the check groups (:mod:`.setup`, :mod:`.ballots`, :mod:`.tally`);
:class:`Skip` stops one check whose input was already reported bad.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from plebiscite.crypto.batch import BatchVerifier, Equation, equation_holds
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element
from plebiscite.crypto.modp import MODP4096, MODP4096_G, MODP4096_P, MODP4096_Q, ModpGroup
from plebiscite.errors import GroupElementError, ParameterError
from plebiscite.interop.eghash import EGHex, eg_hex
from plebiscite.interop.electionguard.report import EGFailure, EGReport

__all__ = [
    "Checks",
    "Elements",
    "Guardian",
    "Skip",
    "SpoiledBallot",
    "element_value",
    "group_from_constants",
    "hex_int",
]


class Skip(Exception):
    """An input of a check was already reported bad (or is missing); the check is not run."""


def hex_int(text: object) -> int:
    """The integer of ElectionGuard hex text; ``ValueError`` for anything else."""
    if not isinstance(text, str) or not text or any(ch not in HEX_DIGITS for ch in text):
        raise ValueError(f"expected a hex string, got {text!r:.40}")
    return int(text, 16)


HEX_DIGITS: Final = frozenset("0123456789abcdefABCDEF")


def group_from_constants(constants: Mapping[str, Any]) -> tuple[ModpGroup, bool]:
    """The group a record declares, and whether it is ElectionGuard 1.0's standard group.

    Raises :class:`~plebiscite.errors.ParameterError` when the constants do not form a group
    (p, q prime, q | p−1, r = (p−1)/q, g of order q).
    """
    try:
        p = hex_int(constants.get("large_prime"))
        q = hex_int(constants.get("small_prime"))
        r = hex_int(constants.get("cofactor"))
        g = hex_int(constants.get("generator"))
    except ValueError as exc:
        raise ParameterError(f"constants.json: {exc}") from exc
    if (p, q, g) == (MODP4096_P, MODP4096_Q, MODP4096_G) and r == MODP4096.r:
        return MODP4096, True
    return ModpGroup(p, q, g, r=r, name=f"electionguard-nonstandard-{p.bit_length()}bit"), False


class Elements:
    """The group elements of one file, parsed by field and checked for membership together."""

    def __init__(self, verifier: Checks, file: str) -> None:
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
            x = hex_int(text)
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
            raise Skip(fld)
        return element

    def ct(self, fld: str) -> Ciphertext:
        """The ciphertext at ``fld`` (``fld.pad``, ``fld.data``)."""
        return Ciphertext(self[f"{fld}.pad"], self[f"{fld}.data"])

    def h(self, fld: str) -> EGHex:
        """The element at ``fld`` as ElectionGuard hashes it (only once it is known good)."""
        self[fld]
        return EGHex(self._raw[fld])


class Checks:
    """The state of one verification and the reporting every check group uses."""

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
            k = hex_int(text)
        except ValueError as exc:
            self.fail("EG6", file, fld, str(exc))
            raise Skip(fld) from exc
        if k >= self.q:
            self.fail("EG6", file, fld, "scalar is not below q")
            raise Skip(fld)
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
        raise Skip(rel)

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

    def _int(self, obj: Mapping[str, Any], key: str, file: str) -> int:
        try:
            return hex_int(obj.get(key))
        except ValueError as exc:
            self.fail("EG0", file, key, str(exc))
            raise Skip(key) from exc


@dataclass(frozen=True)
class Guardian:
    """A guardian as the checks use it: its key and coefficient commitments, validated."""

    guardian_id: str
    sequence_order: int
    key: Element
    commitments: list[Element]
    key_hex: EGHex


#: a spoiled ballot: its file, its selections' ciphertexts and its placeholder selections (whose
#: decryption SDK 1.4 does not publish)
SpoiledBallot = tuple[str, dict[tuple[str, str], Ciphertext], frozenset[tuple[str, str]]]


def element_value(group: ModpGroup, e: Element) -> int:
    """The element as the integer ElectionGuard hashes."""
    return int.from_bytes(group.encode(e), "big")
