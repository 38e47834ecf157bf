"""The entries that bound the voting: ``open`` (the recomputed election context) and ``close``
(what the board received)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from plebiscite.crypto import rand, tags
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.signatures import SIGNATURE_BYTES, SigningKey, VerifyingKey
from plebiscite.errors import ProofError
from plebiscite.model.codec import (
    JSONObject,
    require_bool,
    require_fields,
    require_hex,
    require_int,
    require_list,
    require_object,
    require_str,
)
from plebiscite.model.definition import Definition
from plebiscite.model.signed import verify_body_signature
from plebiscite.model.tally.common import (
    CLOSE_KIND,
    HASH_BYTES,
    OPEN_KIND,
    SIG,
    districts_in_order,
    fail,
)

__all__ = [
    "Close",
    "Cosignature",
    "Open",
    "Received",
    "check_close",
    "check_open",
    "cosign_early_close",
    "early_close_message",
    "parse_close",
    "parse_cosignature",
    "parse_open",
]


# ------------------------------------------------------------------------------------------ open


@dataclass(frozen=True, slots=True)
class Open:
    """``open``: voting opens under the election context ``election_ctx``."""

    election_context: bytes

    def to_body(self) -> JSONObject:
        """The unsigned body."""
        return {"election_ctx": self.election_context.hex()}


def parse_open(body: object, where: str) -> Open:
    """Read an ``open`` body strictly (its signature required, not checked)."""
    obj = require_object(body, where, "body")
    require_fields(obj, where, "body", ("election_ctx", *SIG))
    return Open(require_hex(obj, "election_ctx", where, "body", HASH_BYTES))


def check_open(
    body: JSONObject,
    authority: VerifyingKey,
    election_id: bytes,
    expected_context: bytes,
    where: str,
) -> Open:
    """Parse ``open``, check the authority's signature and the recomputed election context."""
    parsed = parse_open(body, where)
    verify_body_signature(authority, election_id, OPEN_KIND, body, where, "authority")
    if parsed.election_context != expected_context:
        raise ProofError.at(
            where,
            "body.election_ctx",
            f"{parsed.election_context.hex()} is not the "
            f"recomputed election context {expected_context.hex()}",
        )
    return parsed


# ----------------------------------------------------------------------------------------- close


@dataclass(frozen=True, slots=True)
class Received:
    """What the board accepted for one district between ``open`` and ``close``."""

    district: str
    ballots: int
    challenges: int

    def to_json(self) -> JSONObject:
        return {"district": self.district, "ballots": self.ballots, "challenges": self.challenges}


@dataclass(frozen=True, slots=True)
class Cosignature:
    """Trustee ``trustee``'s consent to an early close: its identity key's BIP-340 signature
    over :func:`early_close_message`."""

    trustee: int
    signature: bytes

    def to_json(self) -> JSONObject:
        return {"trustee": self.trustee, "signature": self.signature.hex()}


def parse_cosignature(value: object, where: str, path: str, n: int) -> Cosignature:
    """Read one ``{"trustee", "signature"}`` strictly (the signature not checked)."""
    obj = require_object(value, where, path)
    require_fields(obj, where, path, ("trustee", "signature"))
    trustee = require_int(obj, "trustee", where, path, minimum=1, maximum=n)
    return Cosignature(trustee, require_hex(obj, "signature", where, path, SIGNATURE_BYTES))


@dataclass(frozen=True, slots=True)
class Close:
    """``close``: voting is over; what was received per district, whether it came early, and
    the trustees' co-signatures that an early close needs."""

    early: bool
    received: tuple[Received, ...]
    cosignatures: tuple[Cosignature, ...] = ()

    def to_body(self) -> JSONObject:
        """The unsigned body."""
        return {
            "early": self.early,
            "received": [r.to_json() for r in self.received],
            "cosignatures": [c.to_json() for c in self.cosignatures],
        }


def parse_close(definition: Definition, body: object, where: str) -> Close:
    """Read a ``close`` body strictly (its signature required, not checked)."""
    obj = require_object(body, where, "body")
    require_fields(obj, where, "body", ("early", "received", "cosignatures", *SIG))
    early = require_bool(obj, "early", where, "body")
    cosignatures: list[Cosignature] = []
    for pos, item in enumerate(require_list(obj, "cosignatures", where, "body")):
        path = f"body.cosignatures[{pos}]"
        cosignature = parse_cosignature(item, where, path, definition.trustees.n)
        if cosignatures and cosignature.trustee <= cosignatures[-1].trustee:
            raise fail(where, f"{path}.trustee", "trustees must be listed in increasing order")
        cosignatures.append(cosignature)
    items = require_list(obj, "received", where, "body")
    received: list[Received] = []
    for pos, item in enumerate(
        districts_in_order(definition, items, where, "body.received", "district")
    ):
        path = f"body.received[{pos}]"
        require_fields(item, where, path, ("district", "ballots", "challenges"))
        received.append(
            Received(
                require_str(item, "district", where, path),
                require_int(item, "ballots", where, path),
                require_int(item, "challenges", where, path),
            )
        )
    return Close(early, tuple(received), tuple(cosignatures))


def check_close(
    definition: Definition,
    body: JSONObject,
    time: int,
    received: Sequence[Received],
    where: str,
    *,
    rule: Callable[[Close], None] | None = None,
) -> Close:
    """Parse ``close`` posted at board ``time``; check the signature, ``early``, then ``rule``
    (the caller's early-close check, which raises) and the counts."""
    parsed = parse_close(definition, body, where)
    assert definition.keys.authority is not None and definition.election_id is not None
    verify_body_signature(
        definition.keys.authority, definition.election_id, CLOSE_KIND, body, where, "authority"
    )
    early = time < definition.window.closes_us
    if parsed.early != early:
        raise ProofError.at(
            where,
            "body.early",
            f"{str(parsed.early).lower()}, but the board time {time} "
            f"is {'before' if early else 'not before'} the window's end "
            f"{definition.window.closes_us}",
        )
    if rule is not None:
        rule(parsed)
    for pos, (posted, counted) in enumerate(zip(parsed.received, received, strict=True)):
        if posted != counted:
            raise ProofError.at(
                where,
                f"body.received[{pos}]",
                f"{posted.ballots} ballots and "
                f"{posted.challenges} challenges for {posted.district!r}, but the board holds "
                f"{counted.ballots} and {counted.challenges}",
            )
    return parsed


def early_close_message(election_id: bytes, election_ctx: bytes) -> tuple[CanonicalValue, ...]:
    """What a trustee co-signs to consent to an early close (after the tag
    ``plebiscite/v1/sign/early-close``): the election id and the election context."""
    return (election_id, election_ctx)


def cosign_early_close(
    key: SigningKey,
    trustee: int,
    election_id: bytes,
    election_ctx: bytes,
    rng: rand.Random | None = None,
) -> Cosignature:
    """Trustee ``trustee``'s co-signature of an early close of this election."""
    message = early_close_message(election_id, election_ctx)
    return Cosignature(trustee, key.sign(tags.EARLY_CLOSE_SIGNATURE, *message, rng=rng))
