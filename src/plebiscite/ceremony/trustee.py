"""A trustee's side of the key ceremony: its secrets, and one function per round.

Each round reads the board, recomputes the ceremony with
:func:`plebiscite.rules.ceremony.check_ceremony`, refuses to run out of order
(:class:`~plebiscite.errors.InputError` saying what it waits for), and posts at most one entry of
its kind: run again, it finds its entry on the board and posts nothing (the board's
:class:`~plebiscite.board.client.SetupPolicy` refuses a second one even when two runs race).

The trustee's secrets for an election live in its state directory under its passphrase:
``ceremony-<election id>`` (its polynomial and the ephemeral secrets of its seals, written before
anything that depends on them is posted) and ``share-<election id>`` (its secret share
``s_i = Σ_(d∈QUAL) f_d(i)``, written by the liveness round and kept for decrypting tallies).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from plebiscite.board.board import Clock, system_clock
from plebiscite.board.client import BoardClient
from plebiscite.crypto import rand, threshold
from plebiscite.crypto.group import Group, strict_hex
from plebiscite.crypto.proofs import prove_partial_decryption, prove_schnorr
from plebiscite.crypto.sealing import open_sealed, seal_with_secret
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import EncodingError, InputError, ProofError
from plebiscite.model.ceremony import (
    Commit,
    Complaint,
    Liveness,
    Reveal,
    ShareReveal,
    Shares,
    coefficient_context,
    commitment_hash,
    liveness_context,
    share_aad,
)
from plebiscite.model.codec import JSONObject
from plebiscite.model.entry import Entry
from plebiscite.model.signed import sign_body
from plebiscite.rules.ceremony import CeremonyResult, check_ceremony
from plebiscite.state.party import Party

__all__ = [
    "CeremonySecrets",
    "Posted",
    "TrusteeSession",
    "load_secret_share",
]


@dataclass(frozen=True)
class Posted:
    """What a round did: the entries it posted now, and the ones already on the board."""

    posted: tuple[Entry, ...] = ()
    existing: tuple[int, ...] = ()
    note: str = ""


class CeremonySecrets:
    """The trustee's polynomial and its seals' ephemeral secrets for one election."""

    __slots__ = ("coefficients", "ephemeral", "index")

    def __init__(
        self, index: int, coefficients: Sequence[int], ephemeral: dict[int, bytes]
    ) -> None:
        self.index = index
        self.coefficients = tuple(coefficients)
        self.ephemeral = ephemeral

    def polynomial(self, group: Group) -> threshold.Polynomial:
        return threshold.Polynomial(self.coefficients, group.q)

    def to_bytes(self, group: Group) -> bytes:
        return json.dumps(
            {
                "index": self.index,
                "coefficients": [group.scalar_to_hex(a) for a in self.coefficients],
                "ephemeral": {str(j): e.hex() for j, e in sorted(self.ephemeral.items())},
            },
            sort_keys=True,
        ).encode()

    @classmethod
    def from_bytes(cls, group: Group, data: bytes, where: str) -> CeremonySecrets:
        try:
            obj = json.loads(data)
            coefficients = [group.scalar_from_hex(a, "coefficient") for a in obj["coefficients"]]
            ephemeral = {
                int(j): strict_hex(e, "ephemeral", 32) for j, e in obj["ephemeral"].items()
            }
            index = obj["index"]
        except (ValueError, KeyError, TypeError, AttributeError, EncodingError) as exc:
            raise InputError(f"{where}: the ceremony secret is malformed ({exc})") from None
        if type(index) is not int:
            raise InputError(f"{where}: the ceremony secret has no trustee index")
        return cls(index, coefficients, ephemeral)

    def __repr__(self) -> str:
        return f"CeremonySecrets(index={self.index}, <hidden>)"


def _secret_name(kind: str, election_id: bytes) -> str:
    return f"{kind}-{election_id.hex()}"


def load_secret_share(party: Party, passphrase: str, election_id: bytes) -> tuple[int, int]:
    """``(trustee index, secret share s_i)`` kept by the liveness round, for decryption."""
    name = _secret_name("share", election_id)
    if not party.has_secret(name):
        raise InputError(f"{party.directory}: no secret share for election {election_id.hex()}")
    data = party.read_secret(name, passphrase)
    try:
        obj = json.loads(data)
        return int(obj["index"]), int(obj["share"], 16)
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"{party.directory}: the secret share is malformed ({exc})") from None


def _file_identity(path: Path) -> tuple[int, ...] | None:
    """What tells one version of a file from another without reading it: its device, inode,
    size and times (a secret file is replaced by a rename, so a new version is a new inode
    with new times); None when there is none to read (as ``Path.exists`` says it)."""
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def _when(time_us: int) -> str:
    return datetime.fromtimestamp(time_us / 1_000_000, tz=UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


class TrusteeSession:
    """One trustee, one board: the ceremony as the board shows it now, and the rounds."""

    def __init__(
        self,
        party: Party,
        passphrase: str,
        board: BoardClient,
        *,
        rng: rand.Random | None = None,
        clock: Clock = system_clock,
    ) -> None:
        if party.role != "trustee":
            raise InputError(f"{party.directory}: not a trustee's directory")
        self.party = party
        self.board = board
        self._passphrase = passphrase
        self._rng = rng
        self._clock = clock
        self._key: SigningKey | None = None
        #: the ceremony secret as this session last read or wrote it, with the file's identity
        #: then (:func:`_file_identity`): a session that plays several rounds (the demo's, a
        #: trustee's long-running process) unlocks the file (scrypt under the passphrase, about
        #: half a second) again only when the file was replaced since
        self._secrets: tuple[CeremonySecrets, tuple[int, ...]] | None = None
        self.refresh()
        definition = self.result.definition
        assert definition is not None
        for i, member in enumerate(definition.trustees.members, start=1):
            if member.fingerprint == party.fingerprint:
                self.index = i
                break
        else:
            raise InputError(
                f"{party.directory}: this trustee's key (fingerprint {party.fingerprint}) is not "
                "listed in the manifest"
            )
        wanted = party.info.get("trustee_id")
        if wanted is not None and wanted != definition.trustees.members[self.index - 1].id:
            raise InputError(
                f"{party.directory}: this trustee is {wanted!r}, but the manifest lists its key "
                f"as {definition.trustees.members[self.index - 1].id!r}"
            )

    # -- state ----------------------------------------------------------------------------------

    def refresh(self) -> CeremonyResult:
        """Read the board again and recompute the ceremony."""
        result = check_ceremony(self.board.entries(), final=False)
        if result.definition is None or result.group is None:
            raise InputError(
                "the board holds no valid manifest: " + "; ".join(map(str, result.failures))
            )
        self.result = result
        self.group: Group = result.group
        assert result.ceremony_context is not None and result.definition.election_id is not None
        self.ctx: bytes = result.ceremony_context
        self.election_id: bytes = result.definition.election_id
        return result

    @property
    def key(self) -> SigningKey:
        if self._key is None:
            self._key = self.party.signing_key(self._passphrase)
        return self._key

    @property
    def me(self) -> int:
        return self.index

    def _load_secrets(self) -> CeremonySecrets | None:
        name = _secret_name("ceremony", self.election_id)
        path = self.party.secret_path(name)
        before = _file_identity(path)
        if before is None:
            return None
        if self._secrets is not None and self._secrets[1] == before:
            return self._secrets[0]  # the file this session read or wrote last, unchanged
        data = self.party.read_secret(name, self._passphrase)
        secrets = CeremonySecrets.from_bytes(self.group, data, str(path))
        if secrets.index != self.me or len(secrets.coefficients) != self.result.k:
            raise InputError(f"{path}: not this ceremony's secret")
        self._secrets = (secrets, before) if _file_identity(path) == before else None
        return secrets

    def _require_secrets(self) -> CeremonySecrets:
        secrets = self._load_secrets()
        if secrets is None:
            raise InputError(f"{self.party.directory}: no ceremony secret (run `ceremony commit`)")
        return secrets

    def _save_secrets(self, secrets: CeremonySecrets) -> None:
        name = _secret_name("ceremony", self.election_id)
        self._secrets = None
        self.party.write_secret(name, secrets.to_bytes(self.group), self._passphrase, self._rng)
        written = _file_identity(self.party.secret_path(name))
        self._secrets = None if written is None else (secrets, written)

    def _post(self, kind: str, body: JSONObject) -> Entry:
        signed = sign_body(self.key, self.election_id, kind, body, self._rng)
        entry = self.board.post(kind, signed).entry
        self.refresh()
        return entry

    def _closed(self) -> None:
        if self.result.election_key_index is not None:
            raise InputError(
                f"the ceremony's rounds closed with election_key (entry "
                f"{self.result.election_key_index})"
            )

    def _in_round(self, round_name: str) -> bool:
        """With the manifest's ceremony deadlines (spec §9), refuse a round's step outside its
        round (by this machine's clock: the board dates the entry, V3 ignores one outside it);
        whether the election has deadlines."""
        definition = self.result.definition
        deadlines = None if definition is None else definition.ceremony_deadlines
        if deadlines is None:
            return False
        now = self._clock()
        if now >= deadlines.of(round_name):
            raise InputError(f"the {round_name} round closed at {_when(deadlines.of(round_name))}")
        if round_name == "reveal" and now < deadlines.commit:
            raise InputError(
                f"the commit round is open until {_when(deadlines.commit)}: reveal after it "
                "(a reveal before then would be ignored)"
            )
        return True

    # -- rounds ---------------------------------------------------------------------------------

    def commit(self) -> Posted:
        """Round 1: draw the polynomial (kept secret) and post the hash of its commitments."""
        self.refresh()
        mine = self.result.trustees[self.me]
        if mine.commit is not None:
            return Posted(existing=(mine.commit,))
        self._closed()
        reveals = [s.reveal for s in self.result.trustees.values() if s.reveal is not None]
        if not self._in_round("commit") and reveals:
            raise InputError(
                f"the commit round closed with the first trustee_reveal (entry {min(reveals)})"
            )
        secrets = self._load_secrets()
        if secrets is None:
            polynomial = threshold.random_polynomial(self.group, self.result.k, self._rng)
            secrets = CeremonySecrets(self.me, polynomial.coefficients, {})
            self._save_secrets(secrets)
        commitments = threshold.commit(self.group, secrets.polynomial(self.group))
        body = Commit(
            self.me,
            self.party.public_key,
            commitment_hash(self.group, self.ctx, self.me, commitments),
        ).to_body(self.group)
        return Posted(posted=(self._post("trustee_commit", body),))

    def reveal(self, *, allow_missing: bool = False) -> Posted:
        """Round 2: reveal the commitments with a Schnorr proof each (after every commit)."""
        self.refresh()
        mine = self.result.trustees[self.me]
        if mine.reveal is not None:
            return Posted(existing=(mine.reveal,))
        self._closed()
        if mine.commit is None:
            raise InputError("no trustee_commit of this trustee on the board: run `commit` first")
        committed = [i for i, s in self.result.trustees.items() if s.commit is not None]
        missing = sorted(set(self.result.trustees) - set(committed))
        timed = self._in_round("reveal")  # then the round closed at its deadline, not at a reveal
        if missing and not timed and not (allow_missing and len(committed) >= self.result.k):
            raise InputError(
                f"waiting for the commits of trustees {missing} (reveal closes the commit round; "
                "--allow-missing proceeds without them when at least k have committed)"
            )
        secrets = self._require_secrets()
        polynomial = secrets.polynomial(self.group)
        commitments = threshold.commit(self.group, polynomial)
        proofs = tuple(
            prove_schnorr(self.group, a, coefficient_context(self.ctx, self.me, pos), rng=self._rng)
            for pos, a in enumerate(polynomial.coefficients)
        )
        body = Reveal(self.me, commitments, proofs).to_body(self.group)
        return Posted(posted=(self._post("trustee_reveal", body),))

    def shares(self) -> Posted:
        """Round 3: seal ``f_i(j)`` to every other committed trustee ``j``."""
        self.refresh()
        mine = self.result.trustees[self.me]
        if mine.shares is not None:
            return Posted(existing=(mine.shares,))
        self._closed()
        if mine.reveal is None:
            raise InputError("no trustee_reveal of this trustee on the board: run `reveal` first")
        self._in_round("shares")
        secrets = self._require_secrets()
        polynomial = secrets.polynomial(self.group)
        sealed: dict[int, bytes] = {}
        ephemeral: dict[int, bytes] = {}
        for j, status in sorted(self.result.trustees.items()):
            if j == self.me or status.key is None or status.commit is None:
                continue
            plaintext = self.group.encode_scalar(threshold.share(self.group, polynomial, j))
            blob, secret = seal_with_secret(
                status.key, plaintext, share_aad(self.ctx, self.me, j), self._rng
            )
            sealed[j], ephemeral[j] = blob, secret
        secrets = CeremonySecrets(self.me, secrets.coefficients, ephemeral)
        self._save_secrets(secrets)  # before posting: an answer needs these
        body = Shares(self.me, sealed).to_body(self.group)
        return Posted(posted=(self._post("trustee_shares", body),))

    def _open_share(self, dealer: int) -> tuple[int | None, str | None]:
        """This trustee's share from ``dealer`` and, if it is bad, the complaint reason."""
        revealed = self.result.share_for(dealer, self.me)
        if revealed is not None:
            return revealed, None
        blob = self.result.sealed[dealer][self.me]
        try:
            plaintext = open_sealed(self.key, blob, share_aad(self.ctx, dealer, self.me))
            value = self.group.decode_scalar(plaintext, f"share from trustee {dealer}")
        except (EncodingError, ProofError):
            return None, "undecryptable"
        if not threshold.check_share(self.group, self.result.commitments[dealer], self.me, value):
            return None, "invalid_share"
        return value, None

    def complain(self, *, allow_missing: bool = False) -> Posted:
        """Round 4: open every dealer's share for this trustee; complain about each bad one."""
        self.refresh()
        self._closed()
        mine = self.result.trustees[self.me]
        if mine.shares is None:
            raise InputError("no trustee_shares of this trustee on the board: run `shares` first")
        self._in_round("complaints")
        dealers = [
            d
            for d, s in self.result.trustees.items()
            if d != self.me and s.qualified and d in self.result.commitments
        ]
        waiting = [d for d in dealers if d not in self.result.sealed]
        if waiting and not allow_missing:
            raise InputError(
                f"waiting for the shares of trustees {waiting} (--allow-missing checks the "
                "shares posted so far; run again later for the others)"
            )
        posted: list[Entry] = []
        existing: list[int] = []
        for dealer in sorted(d for d in dealers if d in self.result.sealed):
            earlier = [
                c
                for c in self.result.complaints
                if c.complainant == self.me and c.accused == dealer
            ]
            if earlier:
                existing.append(earlier[0].index)
                continue
            _, reason = self._open_share(dealer)
            if reason is not None:
                body = Complaint(self.me, dealer, reason).to_body(self.group)
                posted.append(self._post("trustee_complaint", body))
        note = "" if posted or existing else f"the shares of trustees {sorted(dealers)} are valid"
        return Posted(tuple(posted), tuple(existing), note)

    def answer(self) -> Posted:
        """Round 5: reveal the share (and the seal's secret) for each complaint against us."""
        self.refresh()
        self._closed()
        against = [c for c in self.result.complaints if c.accused == self.me]
        existing = tuple(c.answer for c in against if c.answer is not None)
        todo = [c for c in against if c.answer is None and c.status == "pending"]
        if not todo:
            note = "" if against else "no complaint against this trustee"
            return Posted(existing=existing, note=note)
        secrets = self._require_secrets()
        polynomial = secrets.polynomial(self.group)
        posted = []
        for complaint in todo:
            j = complaint.complainant
            if j not in secrets.ephemeral:
                raise InputError(f"no seal secret for trustee {j} in this trustee's state")
            share = threshold.share(self.group, polynomial, j)
            body = ShareReveal(self.me, j, share, secrets.ephemeral[j]).to_body(self.group)
            posted.append(self._post("trustee_share_reveal", body))
        return Posted(tuple(posted), existing)

    def secret_share(self) -> int:
        """``s_i = Σ_(d∈QUAL) f_d(i)`` from the sealed and revealed shares, checked against VK_i."""
        result = self.result
        if result.election_key_index is None:
            raise InputError("no election_key on the board yet: QUAL is not final")
        if self.me not in result.qualified:
            why = result.trustees[self.me].disqualified or "not in QUAL"
            raise InputError(f"this trustee is not in QUAL: {why}")
        secrets = self._require_secrets()
        total = secrets.polynomial(self.group)(self.me)
        for dealer in result.qualified:
            if dealer == self.me:
                continue
            value, reason = self._open_share(dealer)
            if value is None:
                raise InputError(
                    f"the share from trustee {dealer} is {reason}, and no complaint resolved it"
                )
            total = (total + value) % self.group.q
        if self.group.exp_g_secret(total) != result.verification_keys[self.me]:
            raise InputError("the secret share does not match this trustee's verification key")
        return total

    def liveness(self) -> Posted:
        """Round 7: keep the secret share, and decrypt the drill's test ciphertext with a proof."""
        self.refresh()
        result = self.result
        mine = result.trustees[self.me]
        if mine.liveness is not None:
            return Posted(existing=(mine.liveness,))
        share = self.secret_share()
        name = _secret_name("share", self.election_id)
        data = json.dumps({"index": self.me, "share": self.group.scalar_to_hex(share)}).encode()
        self.party.write_secret(name, data, self._passphrase, self._rng)
        assert result.test_ciphertext is not None
        partial, proof = prove_partial_decryption(
            self.group,
            share,
            result.test_ciphertext,
            liveness_context(self.ctx, self.me),
            rng=self._rng,
        )
        body = Liveness(self.me, partial, proof).to_body(self.group)
        return Posted(posted=(self._post("liveness", body),))
