"""Plain-language text for each check: what it covers, what it means, which fraud it reveals.

``plebiscite verify --explain`` prints :data:`CHECKS` and :data:`STILL_TRUSTED` (the short form of
``docs/trust.md``). The frauds are those of DESIGN §1's table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["CHECKS", "STILL_TRUSTED", "CheckText", "explain_text"]


@dataclass(frozen=True, slots=True)
class CheckText:
    """A check's short title, what passing it means, and the fraud its failure would reveal."""

    check: str
    title: str
    meaning: str
    reveals: str


CHECKS: Final[dict[str, CheckText]] = {
    c.check: c
    for c in (
        CheckText(
            "V1",
            "the chain: hashes, links, times, signed heads and receipts",
            "Every entry hashes to the value it carries and links to the one before it, indices "
            "count up and times never go back; every head the board signed (in the record and "
            "kept by observers and voters, given with --heads) names an entry of this chain.",
            "ballots dropped, swapped or replayed overnight; a board that shows different "
            "histories to different people or rewrites an entry after issuing its receipt",
        ),
        CheckText(
            "V2",
            "the manifest, group, keys, authority signatures and contexts",
            "The manifest parses strictly and is signed by the authority; the group is the one "
            "named; each trustee's identity key matches its published fingerprint; the authority "
            "signed open, close and result; the election context in open is the recomputed one.",
            "an election quietly run under other parameters, keys or trustees than those "
            "published; entries the authority never signed",
        ),
        CheckText(
            "V3",
            "the key ceremony: commitments, proofs, complaints, QUAL, K, liveness",
            "The trustees' commitments match what they committed to, their proofs hold, "
            "complaints were resolved publicly, and the qualified set, the election key and the "
            "verification keys are recomputed; every qualified trustee proved it can decrypt.",
            "an election key that one party alone can open, so that the authority reads "
            "individual votes",
        ),
        CheckText(
            "V4",
            "the credential roll: keys, duplicates, sizes, CA signature, frozen before open",
            "Every roll key is a valid x-only key, none appears twice, each district holds "
            "exactly its registered number, the credential authority signed the roll and the "
            "roll was final before voting opened.",
            "ballot stuffing through invented credentials or a roll changed during voting",
        ),
        CheckText(
            "V5",
            "each ballot: decoding, roll, signature, proofs, open window",
            "Each ballot decodes strictly, comes from a credential on its district's roll, is "
            "signed by it, every encrypted option is 0 or 1 and each question's total is within "
            "its bounds, and it was posted between open and close, inside the voting window.",
            "ballot stuffing by the board; ballots that add more than one vote to an option; "
            "ballots cast outside the voting period",
        ),
        CheckText(
            "V6",
            "the counted set: last valid ballot per credential, no replays",
            "Only the last valid ballot of each credential counts; a ballot equal to any earlier "
            "ballot or to a challenged one is invalid and supersedes nothing.",
            "replays of a voter's earlier ballot to undo her revote; a challenged (opened) "
            "ballot sneaked into the count; a vote coerced once, then corrected",
        ),
        CheckText(
            "V7",
            "the tally: each aggregate is the product of the counted ballots",
            "For every district, question and option the posted aggregate is the product of the "
            "counted ballots' ciphertexts, with the number of ballots counted; none is missing.",
            "counts rigged after the vote by changing what is decrypted",
        ),
        CheckText(
            "V8",
            "the partial decryptions: signed, proved, enough, combinable",
            "Each partial decryption is signed by a qualified trustee and proved against its "
            "verification key; at least k distinct trustees took part and their Lagrange "
            "combination is what the result uses.",
            "a decryption made up by the authority instead of computed by the trustees",
        ),
        CheckText(
            "V9",
            "the result: counts match the decryption, every figure recomputed",
            "Each count is the discrete logarithm of the decrypted aggregate; counted, "
            "registered, turnout, superseded and challenged are recomputed; each option is at "
            "most the number counted and each question's total within its bounds; nothing is "
            "missing.",
            "counts rigged after the vote; a turnout or a figure announced that the ballots do "
            "not support",
        ),
        CheckText(
            "V10",
            "challenged ballots: re-encryption and tracking hash",
            "Every challenged ballot re-encrypts from its revealed choices and randomness to what "
            "was posted, and its tracking hash is the one the voter was shown.",
            "a voting device or server that lies about the encryption of the voter's choice",
        ),
    )
}

#: what must still be trusted, in short (docs/trust.md has the full text)
STILL_TRUSTED: Final = (
    "The credential authority can regenerate credentials: with the board it could cast for "
    "abstainers or revote last for anyone, and it knows who holds which credential. It signs "
    "the roll, the roll is frozen before voting opens, its tool keeps no secret after printing, "
    "and each voter can check after closing that her credential's last ballot is hers.",
    "Revoting defeats a coercer who watches once and never gets the credential. It does not "
    "hide that a revote happened, and does not help against a coercer who seizes the "
    "credential.",
    "Any k colluding trustees can decrypt single ballots without leaving evidence.",
    "The web booth's code comes from whoever serves it: its build is reproducible and its hash "
    "is in the manifest; the command-line voter client is an equal alternative; challenges "
    "catch a lying encryption with some probability, not with certainty.",
    "The libraries (libsecp256k1, GMP, OpenSSL) and the voter's own device, for the secrecy of "
    "her choice while she votes and of her credential.",
)


def explain_text() -> str:
    """The text of ``--explain``: every check, then what must still be trusted."""
    lines = ["What each check means", ""]
    for text in CHECKS.values():
        lines.append(f"{text.check}  {text.title}")
        lines.append(f"    {text.meaning}")
        lines.append(f"    A failure would reveal: {text.reveals}.")
        lines.append("")
    lines.append("What must still be trusted (docs/trust.md)")
    lines.append("")
    lines.extend(f"  - {item}" for item in STILL_TRUSTED)
    return "\n".join(lines)
