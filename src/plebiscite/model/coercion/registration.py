"""Registration in the fake-credentials mode (docs/spec.md §16.3–§16.4): registrars' shares, their
roll entries with Schnorr proofs, the voter's sheets with designated-verifier proofs, the voter's
check, and fake sheets.

Registrar j draws ``σ_j`` for a voter, posts ``R_j = Enc(g^(σ_j); r_j)`` at the voter's roll
position with a Schnorr proof of ``r_j``, and hands her sheet j: ``σ_j`` in 54 Crockford
characters (256 bits and four zero bits, then §8.2's two check characters) with a
designated-verifier proof that ``R_j`` encrypts ``g^(σ_j)``. Her credential is ``σ = Σ σ_j``; her
roll entry the product of the ``R_j``. With her designated-verifier secret ``v`` she can write a
fake sheet — a fresh ``σ′_j`` and a proof just as valid — that nothing public tells from the real.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plebiscite.crypto import rand
from plebiscite.crypto.credential import crockford_value, normalise_checked, with_check
from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.encoding import CanonicalValue
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.proofs.designated import (
    DesignatedProof,
    prove_designated,
    simulate_designated,
    verify_designated,
)
from plebiscite.crypto.proofs.schnorr import SchnorrProof, prove_schnorr, verify_schnorr
from plebiscite.errors import EncodingError, InputError, ParameterError
from plebiscite.model.codec import JSONObject

__all__ = [
    "SHARE_CHARS",
    "SHEET_FORMAT",
    "RegistrarEntry",
    "Sheet",
    "SheetFile",
    "check_sheet",
    "combine_entries",
    "credential_of",
    "encode_share",
    "fake_sheet",
    "issue_sheet",
    "parse_share",
    "read_sheet_file",
    "registration_context",
    "sheet_file_json",
    "verify_registrar_entry",
]

#: the ``format`` of a sheet file (what ``plebiscite credentials issue`` writes per voter and
#: registrar, and ``plebiscite credentials fake`` writes in the same form)
SHEET_FORMAT = "plebiscite-sheet-v1"
_SHEET_FIELDS = (
    "format",
    "election_id",
    "district",
    "position",
    "registrar",
    "share",
    "designated",
    "proof",
)
_PROOF_FIELDS = ("a", "b", "h", "c1", "v1", "v2")

#: characters of a share on a sheet: 52 for 256 bits and four zero bits, then two check characters
SHARE_CHARS = 54
_BODY_CHARS = 52
_PAD_BITS = 4


@dataclass(frozen=True)
class RegistrarEntry:
    """What registrar j posts for one voter: ``R_j`` and the Schnorr proof of ``r_j``."""

    ciphertext: Ciphertext
    proof: SchnorrProof


@dataclass(frozen=True)
class Sheet:
    """Sheet j of a voter (real or fake: the same form). ``share`` is secret (the repr hides it)."""

    district: str
    position: int
    registrar: int
    share: str
    proof: DesignatedProof

    def __repr__(self) -> str:
        return (
            f"Sheet(district={self.district!r}, position={self.position}, "
            f"registrar={self.registrar}, share=<secret>)"
        )


def registration_context(
    ceremony_ctx: bytes, district: str, registrar: int, position: int
) -> dict[str, CanonicalValue]:
    """``{"election", "district", "registrar", "position"}`` of registrar j's proofs; its
    ``election`` is the ceremony context (spec §16.3: the election context binds the roll's
    roots, so it does not exist while the roll is posted)."""
    return {
        "election": ceremony_ctx,
        "district": district,
        "registrar": registrar,
        "position": position,
    }


def encode_share(sigma: int) -> str:
    """``σ_j`` as 54 characters (§16.4), grouped by nothing (the booth groups for printing)."""
    if not 0 <= sigma < 1 << 256:
        raise ParameterError("a share is a 256-bit value")
    return with_check(sigma << _PAD_BITS, _BODY_CHARS)


def parse_share(group: Group, text: str) -> int:
    """Read a typed share leniently (§8.1's rules); :class:`InputError` if its check characters,
    its padding or its range are wrong (never echoing it)."""
    chars = normalise_checked(text, SHARE_CHARS, "sheet share")
    value = crockford_value(chars[:_BODY_CHARS])
    sigma, pad = divmod(value, 1 << _PAD_BITS)
    if pad or not 1 <= sigma < group.q:
        raise InputError("sheet share: not a share of this election's group")
    return sigma


def issue_sheet(
    group: Group,
    K: Element,
    V: Element,
    ceremony_ctx: bytes,
    district: str,
    registrar: int,
    position: int,
    *,
    rng: rand.Random | None = None,
) -> tuple[Sheet, RegistrarEntry]:
    """Registrar ``registrar``'s part for one voter with designated-verifier key ``V``: her sheet
    and the roll entry it posts."""
    sigma = group.random_nonzero_scalar(rng)
    r = group.random_nonzero_scalar(rng)
    S = group.exp_g_secret(sigma)
    entry = Ciphertext(group.exp_g_secret(r), group.mul(S, group.exp_secret(K, r)))
    context = registration_context(ceremony_ctx, district, registrar, position)
    proof = prove_designated(group, K, V, entry, S, r, context, rng=rng)
    sheet = Sheet(district, position, registrar, encode_share(sigma), proof)
    return sheet, RegistrarEntry(entry, prove_schnorr(group, r, context, rng=rng))


def verify_registrar_entry(group: Group, entry: RegistrarEntry, context: CanonicalValue) -> None:
    """A posted ``R_j``: neither component the identity, and the Schnorr proof of ``r_j``."""
    group.check_element(entry.ciphertext.beta, "roll entry beta")
    verify_schnorr(group, entry.ciphertext.alpha, entry.proof, context)


def combine_entries(group: Group, entries: Sequence[Ciphertext]) -> Ciphertext:
    """The voter's roll entry ``R = ∏_j R_j``, which encrypts ``g^σ``."""
    if not entries:
        raise ParameterError("a roll entry combines at least one registrar's")
    return Ciphertext(group.prod([e.alpha for e in entries]), group.prod([e.beta for e in entries]))


def credential_of(group: Group, sheets: Sequence[Sheet]) -> int:
    """``σ = Σ_j σ_j mod q`` from the voter's sheets (one per registrar)."""
    return sum(parse_share(group, s.share) for s in sheets) % group.q


def check_sheet(
    group: Group, K: Element, V: Element, ceremony_ctx: bytes, sheet: Sheet, entry: Ciphertext
) -> None:
    """The voter's check (``plebiscite credentials check``): the posted ``R_j`` at her position
    encrypts the share on her sheet. Raises :class:`ProofError` or :class:`InputError`."""
    S = group.exp_g(parse_share(group, sheet.share))
    context = registration_context(ceremony_ctx, sheet.district, sheet.registrar, sheet.position)
    verify_designated(group, K, V, entry, S, sheet.proof, context)


def fake_sheet(
    group: Group,
    K: Element,
    v: int,
    ceremony_ctx: bytes,
    sheet: Sheet,
    entry: Ciphertext,
    *,
    rng: rand.Random | None = None,
) -> Sheet:
    """A sheet of the same form as ``sheet`` (same district, position and registrar) with a fresh
    share and a proof simulated with the voter's secret ``v``: it passes :func:`check_sheet`."""
    sigma = group.random_nonzero_scalar(rng)
    context = registration_context(ceremony_ctx, sheet.district, sheet.registrar, sheet.position)
    proof = simulate_designated(group, K, v, entry, group.exp_g(sigma), context, rng=rng)
    return Sheet(sheet.district, sheet.position, sheet.registrar, encode_share(sigma), proof)


@dataclass(frozen=True)
class SheetFile:
    """A sheet as its file holds it: the sheet, the election, and the voter's designated-verifier
    key V (public: the proof is checked against it, and only her secret v can simulate one)."""

    election_id: bytes
    designated: Element
    sheet: Sheet


def sheet_file_json(group: Group, file: SheetFile) -> JSONObject:
    """The JSON object of a sheet file (real and fake sheets alike)."""
    sheet, proof = file.sheet, file.sheet.proof
    el, sc = group.to_hex, group.scalar_to_hex
    return {
        "format": SHEET_FORMAT,
        "election_id": file.election_id.hex(),
        "district": sheet.district,
        "position": sheet.position,
        "registrar": sheet.registrar,
        "share": sheet.share,
        "designated": el(file.designated),
        "proof": {
            "a": el(proof.a),
            "b": el(proof.b),
            "h": el(proof.h),
            "c1": sc(proof.c1),
            "v1": sc(proof.v1),
            "v2": sc(proof.v2),
        },
    }


def read_sheet_file(group: Group, obj: object, where: str) -> SheetFile:
    """Read a sheet file's JSON strictly; :class:`InputError` names the field (never the
    share)."""

    def fail(field: str, detail: str) -> InputError:
        return InputError(f"{where}: field {field}: {detail}")

    if not isinstance(obj, dict):
        raise fail("(top)", "a sheet file holds one JSON object")
    for name in _SHEET_FIELDS:
        if name not in obj:
            raise fail(name, "missing")
    unknown = sorted(set(obj) - set(_SHEET_FIELDS))
    if unknown:
        raise fail(unknown[0], "unknown field")
    if obj["format"] != SHEET_FORMAT:
        raise fail("format", f"expected {SHEET_FORMAT!r}")
    district, position, registrar = obj["district"], obj["position"], obj["registrar"]
    if not isinstance(district, str) or not district:
        raise fail("district", "expected a district id")
    for name, value, low in (("position", position, 0), ("registrar", registrar, 1)):
        if type(value) is not int or value < low:
            raise fail(name, f"expected an integer of at least {low}")
    share = obj["share"]
    if not isinstance(share, str):
        raise fail("share", "expected the share's characters")
    parse_share(group, share)  # check characters, padding and range (the share is not echoed)
    proof = obj["proof"]
    if not isinstance(proof, dict) or sorted(proof) != sorted(_PROOF_FIELDS):
        raise fail("proof", f"expected an object with {', '.join(_PROOF_FIELDS)}")
    election_id = obj["election_id"]
    try:
        if not isinstance(election_id, str) or len(election_id) != 32:
            raise ValueError("16 bytes in hex")
        eid = bytes.fromhex(election_id)
        V = group.from_hex(obj["designated"], "designated")
        parsed = DesignatedProof(
            a=group.from_hex(proof["a"], "proof.a"),
            b=group.from_hex(proof["b"], "proof.b"),
            h=group.from_hex(proof["h"], "proof.h"),
            c1=group.scalar_from_hex(proof["c1"], "proof.c1"),
            v1=group.scalar_from_hex(proof["v1"], "proof.v1"),
            v2=group.scalar_from_hex(proof["v2"], "proof.v2"),
        )
    except (ValueError, EncodingError) as exc:
        raise fail(getattr(exc, "field", "") or "election_id", str(exc)) from None
    assert isinstance(position, int) and isinstance(registrar, int)
    sheet = Sheet(district, position, registrar, share, parsed)
    return SheetFile(eid, V, sheet)
