"""The ElectionGuard checks of the ballots: EG7 selection and contest proofs, EG8 confirmation
codes, EG9 the chain of codes per device."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element
from plebiscite.crypto.proofs import (
    RangeProof,
    ZeroOneProof,
    range_equations,
    zero_one_equations,
)
from plebiscite.interop import eghash
from plebiscite.interop.eghash import EGHex, hash_elems
from plebiscite.interop.electionguard.base import (
    Checks,
    Elements,
    Skip,
    SpoiledBallot,
)
from plebiscite.interop.electionguard.report import BALLOT_CAST, BALLOT_SPOILED

__all__ = ["BallotChecks"]


class BallotChecks(Checks):
    """EG7–EG9: every ballot's proofs, its confirmation code and the chain of codes."""

    # -- EG7..EG9 ballots ------------------------------------------------------------------------

    def _devices(self) -> set[int]:
        hashes: set[int] = set()
        for file in self.files("encryption_devices"):
            try:
                hashes.add(int(eghash.device_hash(self.q, self.load(file))))
            except Skip:
                continue
        return hashes

    def _ballots(
        self,
        manifest: eghash.ManifestHashes | None,
        context_manifest: int,
        ext: int,
        joint: Element,
        devices: set[int],
    ) -> tuple[dict[tuple[str, str], Ciphertext], dict[str, SpoiledBallot]]:
        """Stream over submitted ballots; return the cast aggregate and the spoiled ciphertexts."""
        aggregate: dict[tuple[str, str], Ciphertext] = {}
        spoiled: dict[str, SpoiledBallot] = {}
        links: list[tuple[str, int, int]] = []  # (file, code_seed, code)
        files = self.files("submitted_ballots")
        for n, file in enumerate(files, 1):
            try:
                obj = self.load(file)
                result = self._ballot(file, obj, manifest, context_manifest, ext, joint)
            except Skip:
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
        els = Elements(self, file)
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
                except Skip:
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
            except Skip:
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
        els: Elements,
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
        except Skip:
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
        els: Elements,
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
        except Skip:
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
