"""The entries that bound the voting: ``open`` (the recomputed election context) and ``close``
(what the board received)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plebiscite.crypto.signatures import VerifyingKey
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
from plebiscite.model.tally.common import CLOSE_KIND, HASH_BYTES, OPEN_KIND, SIG, districts_in_order

__all__ = ["Close", "Open", "Received", "check_close", "check_open", "parse_close", "parse_open"]


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
class Close:
    """``close``: voting is over; what was received per district, and whether it came early."""

    early: bool
    received: tuple[Received, ...]

    def to_body(self) -> JSONObject:
        """The unsigned body."""
        return {"early": self.early, "received": [r.to_json() for r in self.received]}


def parse_close(definition: Definition, body: object, where: str) -> Close:
    """Read a ``close`` body strictly (its signature required, not checked)."""
    obj = require_object(body, where, "body")
    require_fields(obj, where, "body", ("early", "received", *SIG))
    early = require_bool(obj, "early", where, "body")
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
    return Close(early, tuple(received))


def check_close(
    definition: Definition,
    body: JSONObject,
    time: int,
    received: Sequence[Received],
    where: str,
) -> Close:
    """Parse ``close`` posted at board ``time``; check the signature, ``early`` and the counts."""
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
