"""The ElectionGuard checks of the tally and the spoiled ballots: EG10 aggregates, EG11 and EG12
decryption shares and their combination, EG13 spoiled ballots."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element
from plebiscite.crypto.proofs import (
    ChaumPedersenProof,
    partial_decryption_equations,
)
from plebiscite.crypto.threshold import lagrange_at_zero
from plebiscite.errors import ParameterError
from plebiscite.interop.eghash import EGHex, hash_elems
from plebiscite.interop.electionguard.base import (
    Checks,
    Elements,
    Guardian,
    Skip,
    SpoiledBallot,
    element_value,
)

__all__ = ["TallyChecks"]


class TallyChecks(Checks):
    """EG10–EG13: the aggregates, the guardians' shares, the counts, the spoiled ballots."""

    # -- EG10..EG13 tally and spoiled ballots ----------------------------------------------------

    def _tally(
        self,
        aggregate: Mapping[tuple[str, str], Ciphertext],
        ext: int,
        guardians: Mapping[str, Guardian],
    ) -> None:
        try:
            encrypted = self.load("encrypted_tally.json")
        except Skip:
            encrypted = None
        if encrypted is not None:
            els = Elements(self, "encrypted_tally.json")
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
                    except Skip:
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
        except Skip:
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
        self, tally: Mapping[str, Any], guardians: Mapping[str, Guardian]
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
        except Skip:
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
                except Skip:
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
        guardians: Mapping[str, Guardian],
        lagrange: Mapping[str, int],
        *,
        expected: Mapping[tuple[str, str], Ciphertext],
        expected_check: str,
        all_expected: bool = False,
        optional: frozenset[tuple[str, str]] = frozenset(),
    ) -> None:
        """Shares (direct and compensated), their combination, the plaintext of each selection."""
        els = Elements(self, file)
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
                except Skip:
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
        els: Elements,
        ct: Ciphertext,
        ext: int,
        guardians: Mapping[str, Guardian],
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
            except Skip:
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
                except Skip:
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
        except Skip:
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
        els: Elements,
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
                EGHex(element_value(self.group, ct.alpha)),
                EGHex(element_value(self.group, ct.beta)),
                els.h(f"{pf}.pad"),
                els.h(f"{pf}.data"),
                els.h(share_field),
            )
        except Skip:
            return False
        self.check_equal(
            check, file, f"{pf}.challenge", want, c, "decryption challenge H(Q̄, α, β, a, b, M)"
        )
        eqs = partial_decryption_equations(self.group, key, ct, m, ChaumPedersenProof(a, b, v), c)
        self.equations(check, file, pf, "decryption Chaum-Pedersen proof", eqs)
        return True

    def _spoiled(
        self,
        spoiled: Mapping[str, SpoiledBallot],
        ext: int,
        guardians: Mapping[str, Guardian],
    ) -> None:
        done: set[str] = set()
        lagrange: dict[str, int] | None = None
        for file in self.files("spoiled_ballots"):
            try:
                obj = self.load(file)
            except Skip:
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
        self, obj: Mapping[str, Any], guardians: Mapping[str, Guardian]
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
