"""The board's acceptance policies before voting: the setup rules, and the signed setup entries.

:class:`SetupPolicy` is the board's acceptance policy for the setup phase: the manifest only as
entry 0 and nothing before it; ceremony bodies must parse
(:func:`plebiscite.model.ceremony.parse_body`); a party's entry of a round is accepted once (a
repeated command cannot post twice, even when two runs race). Signatures and everything else are
the checker's business (V3), not the board's.

Through a board directory only the board operator posts; through the HTTP service anyone can, so
:class:`SignedSetupPolicy` refuses, before anything is written, a setup entry whose signer is not
the one its kind names (DESIGN §4):

* ``manifest``: it must name this board's key, and carry the signature of the authority key it
  names;
* ``trustee_commit``: the identity key in the body must have trustee i's fingerprint in the
  manifest, and the body must be signed by it;
* the other trustee rounds and ``liveness``: signed by the key of trustee i's first valid
  ``trustee_commit`` on the board (``no_trustee_key`` before there is one);
* ``election_key``: signed by the authority; every ``credential_roll`` chunk and
  ``credential_roll_final``: by the credential authority (so nobody else can add a chunk before
  the final entry and make V4 fail); a ``registrar_roll`` chunk (mode fake-credentials): by the
  registrar it names.

Then the rules of :class:`SetupPolicy` apply (manifest first, one
entry per party and round). ``open``, ``close``, ``tally``, ``partial_decryption`` and ``result``
are the voting policy's (:class:`~plebiscite.board.acceptance.VotingPolicy`), which checks their
signatures.
"""

from __future__ import annotations

from collections.abc import Hashable
from typing import Final

from plebiscite.board.board import BoardView
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.signatures import VerifyingKey
from plebiscite.errors import BoardError, PlebisciteError, ProofError, RecordError
from plebiscite.model.ceremony import (
    CEREMONY_KINDS,
    Commit,
    Complaint,
    ElectionKey,
    Liveness,
    Reveal,
    ShareReveal,
    Shares,
    parse_body,
)
from plebiscite.model.codec import JSONObject
from plebiscite.model.coercion.roll import REGISTRAR_ROLL_KIND
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.roll import FINAL_KIND, ROLL_KIND
from plebiscite.model.signed import unsigned_part, verify_body_signature
from plebiscite.rules.coercion_roll import ROLL_ENTRY_KINDS, AnyRollChecker

__all__ = ["TRUSTEE_KINDS", "SetupPolicy", "SignedSetupPolicy"]

#: the kinds a trustee signs with its identity key (partial decryptions are the voting policy's)
TRUSTEE_KINDS: Final = frozenset(k for k in CEREMONY_KINDS if k != "election_key")
_WHERE: Final = "submission"


class SetupPolicy:
    """The acceptance policy before voting: manifest first, ceremony rounds once per party."""

    def __init__(self) -> None:
        self._definition: Definition | None = None
        self._seen: set[Hashable] = set()
        self._roll = AnyRollChecker()

    def _slot(self, kind: str, body: JSONObject, where: str) -> Hashable:
        if self._definition is None:
            raise BoardError("no_manifest", "the board holds no manifest yet")
        trustees = self._definition.trustees
        group = get_group(self._definition.group)
        parsed = parse_body(group, trustees.n, trustees.k, kind, body, where)
        if isinstance(parsed, Complaint):
            return (kind, parsed.trustee, parsed.accused)
        if isinstance(parsed, ShareReveal):
            return (kind, parsed.trustee, parsed.complainant)
        if isinstance(parsed, ElectionKey):
            return (kind,)
        assert isinstance(parsed, Commit | Reveal | Shares | Liveness)
        return (kind, parsed.trustee)

    def observe(self, entry: Entry) -> None:
        """Remember the manifest, which ceremony slots are taken, and the roll (V4)."""
        if entry.kind in _ROLL_OBSERVED:
            self._roll.observe(entry)
        if entry.index == 0 and entry.kind == "manifest":
            try:
                self._definition = Definition.from_manifest(unsigned_part(entry.body))
            except PlebisciteError:
                self._definition = None
            return
        if entry.kind in CEREMONY_KINDS:
            try:
                self._seen.add(self._slot(entry.kind, entry.body, f"entry {entry.index}"))
            except (PlebisciteError, ValueError):
                pass  # a malformed entry takes no slot; the checker reports it

    def __call__(self, view: BoardView, kind: str, body: JSONObject) -> None:
        if kind == "manifest":
            if view.next_index != 0:
                raise BoardError("manifest_exists", "the board already holds a manifest")
            try:
                Definition.from_manifest(unsigned_part(body))
            except PlebisciteError as exc:
                raise BoardError("malformed", str(exc)) from None
            return
        if view.next_index == 0:
            raise BoardError("no_manifest", "the first entry must be the manifest")
        if kind == REGISTRAR_ROLL_KIND:
            self._registrar_roll(view, body)
        if kind not in CEREMONY_KINDS:
            return
        try:
            slot = self._slot(kind, body, "submission")
        except RecordError as exc:
            raise BoardError("malformed", str(exc)) from None
        if slot in self._seen:
            raise BoardError("duplicate", f"{kind}: this party's entry is already on the board")

    def _registrar_roll(self, view: BoardView, body: JSONObject) -> None:
        """Refuse a ``registrar_roll`` chunk that V4 would fail (rules/coercion_roll.py): one
        late, malformed, out of order, too long, not signed by its registrar, or with a proof of
        an entry that does not verify."""
        failures = self._roll.admit(view.next_index, body)
        if failures:
            first = failures[0]
            reason = _ROLL_REFUSALS.get(first.field.rsplit(".", 1)[-1], "malformed")
            if first.field == "kind":
                reason = "roll_closed"
            raise BoardError(reason, f"{REGISTRAR_ROLL_KIND}: field {first.field}: {first.message}")


#: the entries the setup policy's roll checker reads
_ROLL_OBSERVED: Final = frozenset({"manifest", "open", *ROLL_ENTRY_KINDS})
#: the refusal of a registrar_roll by the last part of its failing field
_ROLL_REFUSALS: Final = {
    "signature": "bad_signature",
    "proof": "bad_proof",
    "position": "out_of_order",
    "registrar": "wrong_signer",
}


class SignedSetupPolicy:
    """The setup policy of the HTTP service (module docstring); ``board_key`` is this board's."""

    def __init__(self, board_key: VerifyingKey) -> None:
        self.board_key = board_key
        self._rules = SetupPolicy()
        self._definition: Definition | None = None
        self._trustee_keys: dict[int, VerifyingKey] = {}

    def observe(self, entry: Entry) -> None:
        """Remember the manifest and each trustee's identity key (its first valid commit)."""
        self._rules.observe(entry)
        if entry.index == 0 and entry.kind == "manifest":
            try:
                self._definition = Definition.from_manifest(unsigned_part(entry.body))
            except PlebisciteError:
                self._definition = None
            return
        if entry.kind == "trustee_commit" and self._definition is not None:
            try:
                commit = self._parse(entry.kind, entry.body, f"entry {entry.index}")
                assert isinstance(commit, Commit)
                self._check_commit(commit, entry.body)
            except (PlebisciteError, BoardError, AssertionError):
                return  # an invalid commit gives no key; the checker reports it (V3)
            self._trustee_keys.setdefault(commit.trustee, commit.key)

    def _parse(self, kind: str, body: JSONObject, where: str) -> object:
        definition = self._definition
        assert definition is not None
        group = get_group(definition.group)
        return parse_body(group, definition.trustees.n, definition.trustees.k, kind, body, where)

    def _check_commit(self, commit: Commit, body: JSONObject) -> None:
        definition = self._definition
        assert definition is not None and definition.election_id is not None
        member = definition.trustees.members[commit.trustee - 1]
        if commit.key.fingerprint() != member.fingerprint:
            raise BoardError(
                "wrong_signer",
                f"trustee_commit: field body.key: its fingerprint is not trustee "
                f"{commit.trustee}'s ({member.id}) in the manifest",
            )
        self._verify(commit.key, "trustee_commit", body, f"trustee {commit.trustee}")

    def _verify(self, key: VerifyingKey, kind: str, body: JSONObject, role: str) -> None:
        definition = self._definition
        assert definition is not None and definition.election_id is not None
        try:
            verify_body_signature(key, definition.election_id, kind, body, _WHERE, role)
        except RecordError as exc:
            raise BoardError("malformed", str(exc)) from None
        except ProofError as exc:
            raise BoardError("bad_signature", str(exc)) from None

    def __call__(self, view: BoardView, kind: str, body: JSONObject) -> None:
        """Accept ``(kind, body)`` or raise :class:`BoardError` with the reason."""
        if kind == "manifest":
            self._manifest(body)
        elif self._definition is None:
            raise BoardError("no_manifest", "the board holds no valid manifest yet")
        elif kind in TRUSTEE_KINDS:
            self._trustee(kind, body)
        elif kind == "election_key":
            authority = self._definition.keys.authority
            assert authority is not None
            self._verify(authority, kind, body, "authority")
        elif kind == REGISTRAR_ROLL_KIND:
            self._registrar(body)
        elif kind in (ROLL_KIND, FINAL_KIND):
            ca = self._definition.keys.credential_authority
            assert ca is not None
            self._verify(ca, kind, body, "credential authority")
        self._rules(view, kind, body)

    def _registrar(self, body: JSONObject) -> None:
        definition = self._definition
        assert definition is not None
        j = body.get("registrar")
        if type(j) is not int or not 1 <= j <= len(definition.registrars):
            raise BoardError(
                "wrong_signer",
                f"{REGISTRAR_ROLL_KIND}: field body.registrar: {j!r} is not a registrar of the "
                f"manifest (it lists {len(definition.registrars)})",
            )
        self._verify(definition.registrars[j - 1].key, REGISTRAR_ROLL_KIND, body, f"registrar {j}")

    def _manifest(self, body: JSONObject) -> None:
        try:
            definition = Definition.from_manifest(unsigned_part(body))
        except PlebisciteError as exc:
            raise BoardError("malformed", str(exc)) from None
        keys = definition.keys
        if keys.board != self.board_key:
            raise BoardError(
                "wrong_board", "manifest: field body.keys.board: it is not this board's key"
            )
        if keys.authority is None or definition.election_id is None:
            raise BoardError("malformed", "manifest: the authority key or election id is missing")
        try:
            verify_body_signature(
                keys.authority, definition.election_id, "manifest", body, _WHERE, "authority"
            )
        except RecordError as exc:
            raise BoardError("malformed", str(exc)) from None
        except ProofError as exc:
            raise BoardError("bad_signature", str(exc)) from None

    def _trustee(self, kind: str, body: JSONObject) -> None:
        try:
            parsed = self._parse(kind, body, _WHERE)
        except (RecordError, ValueError) as exc:
            raise BoardError("malformed", str(exc)) from None
        if isinstance(parsed, Commit):
            self._check_commit(parsed, body)
            return
        trustee = getattr(parsed, "trustee", None)
        assert isinstance(trustee, int)
        key = self._trustee_keys.get(trustee)
        if key is None:
            raise BoardError(
                "no_trustee_key",
                f"{kind}: trustee {trustee} has no valid trustee_commit on the board: no key to "
                "check its signature against",
            )
        self._verify(key, kind, body, f"trustee {trustee}")
