"""Plain-language text for each check: what it covers, what it means, which fraud it reveals.

``plebiscite verify --explain`` prints every check of the registry
(:data:`plebiscite.rules.checks.REGISTRY`) and :data:`STILL_TRUSTED` (the short form of
``docs/trust.md``).
"""

from __future__ import annotations

from typing import Final

from plebiscite.rules.checks import REGISTRY

__all__ = ["STILL_TRUSTED", "explain_text"]


#: what must still be trusted, in short (docs/trust.md has the full text)
STILL_TRUSTED: Final = (
    "The credential authority can regenerate credentials: with the board it could cast for "
    "abstainers or revote last for anyone, and it knows who holds which credential. It signs "
    "the roll, the roll is frozen before voting opens, its tool keeps no secret after printing, "
    "and each voter can check after closing that her credential's last ballot is hers.",
    "Revoting defeats a coercer who watches once and never gets the credential. It does not "
    "hide that a revote happened, and does not help against a coercer who seizes the "
    "credential.",
    "The board's clock: it dates every entry; times never go back and every signed head fixes "
    "its entry's time, so heads kept by observers bound what it can back-date. A store failure "
    "it reports is unsigned: a ballot answered that way may be kept aside and posted later, "
    "but only within max_ballot_age of the head it names, and never over a ballot the voter "
    "signed after a later head.",
    "The authority writes the manifest and signs the election key, open, close, tally and "
    "result, all checked; it cannot close early without k trustees' co-signatures.",
    "Any k colluding trustees can decrypt single ballots without leaving evidence.",
    "A challenge names no voter, so anyone may post one, the board included: the challenged "
    "figure counts opened ballots on the board (recounted, at most one per registered voter "
    "per district), not voters. The board service sees where posts come from and could link a "
    "challenge to the cast that follows from the same connection.",
    "The web booth's code comes from whoever serves it: its build is reproducible and its hash "
    "is in the manifest; the command-line voter client is an equal alternative; challenges "
    "catch a lying encryption with some probability, not with certainty.",
    "The libraries (libsecp256k1, GMP, OpenSSL) and the voter's own device, for the secrecy of "
    "her choice while she votes and of her credential.",
)


def explain_text() -> str:
    """The text of ``--explain``: every check, then what must still be trusted."""
    lines = ["What each check means", ""]
    for text in REGISTRY:
        lines.append(f"{text.id}  {text.title}")
        lines.append(f"    {text.meaning}")
        lines.append(f"    A failure would reveal: {text.reveals}.")
        lines.append("")
    lines.append("What must still be trusted (docs/trust.md)")
    lines.append("")
    lines.extend(f"  - {item}" for item in STILL_TRUSTED)
    return "\n".join(lines)
