"""The registry of the checks V1–V14: one list from which everything that names a check reads.

:data:`REGISTRY` holds each check's id, title, plain-language meaning, the fraud a failure would
reveal and its stage. The verifier's report and summary, ``plebiscite verify --explain``, the
checks the authority's tally and a trustee's decryption require to pass first
(:data:`BEFORE_TALLY`, :data:`UP_TO_TALLY`), the service's monitor and ``/status``, the observer
dashboard's list and ``docs/verify-schema.json`` are generated from it or tested against it. The
frauds are those of DESIGN §1's table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = [
    "BEFORE_TALLY",
    "BOARD",
    "CHECKS",
    "CHECK_IDS",
    "END_OF_RECORD",
    "REGISTRY",
    "STAGES",
    "UP_TO_TALLY",
    "Check",
    "applies",
]


@dataclass(frozen=True, slots=True)
class Check:
    """One check: its id, a short title, what passing it means, the fraud its failure would
    reveal, and its :data:`STAGES` stage (what it is about, and so when it can run)."""

    id: str
    title: str
    meaning: str
    reveals: str
    stage: str

    @property
    def before_tally(self) -> bool:
        """Whether it must pass before the authority tallies (it is about the board up to the
        counted set)."""
        return self.stage == BOARD

    @property
    def end_of_record(self) -> bool:
        """Whether it runs only once the counting entries are on the board (V7–V9)."""
        return self.stage != BOARD


#: the stages: the board up to the counted set, the tally, the decryption, the result, the mix
#: rounds after close (optional: spec §15.7) and the fake-credentials mode's tally (spec §16.5)
BOARD: Final = "board"
STAGES: Final = (BOARD, "tally", "decryption", "result", "mixing", "coercion")

#: every check, in the order DESIGN §5 numbers them
REGISTRY: Final[tuple[Check, ...]] = (
    Check(
        "V1",
        "the chain: hashes, links, times, signed heads and receipts",
        "Every entry hashes to the value it carries and links to the one before it, indices "
        "count up and times never go back; every head the board signed (in the record and "
        "kept by observers and voters, given with --heads) names an entry of this chain.",
        "ballots dropped, swapped or replayed overnight; a board that shows different "
        "histories to different people or rewrites an entry after issuing its receipt",
        BOARD,
    ),
    Check(
        "V2",
        "the manifest, group, keys, authority signatures and contexts",
        "The manifest parses strictly and is signed by the authority; the group is the one "
        "named; each trustee's identity key matches its published fingerprint; the authority "
        "signed open, close and result; the election context in open is the recomputed one.",
        "an election quietly run under other parameters, keys or trustees than those "
        "published; entries the authority never signed",
        BOARD,
    ),
    Check(
        "V3",
        "the key ceremony: commitments, proofs, complaints, QUAL, K, liveness",
        "The trustees' commitments match what they committed to, their proofs hold, "
        "complaints were resolved publicly, and the qualified set, the election key and the "
        "verification keys are recomputed; every qualified trustee proved it can decrypt. "
        "Where the manifest sets round deadlines, each round's entries count only in time, no "
        "reveal closes the commit round early, and the election key comes after the last "
        "deadline.",
        "an election key that one party alone can open, so that the authority reads "
        "individual votes; a trustee locked out of the ceremony by another's early reveal",
        BOARD,
    ),
    Check(
        "V4",
        "the credential roll: keys, duplicates, sizes, CA signature, frozen before open",
        "Every roll key is a valid x-only key, none appears twice, each district holds "
        "exactly its registered number, the credential authority signed the roll and the "
        "roll was final before voting opened.",
        "ballot stuffing through invented credentials or a roll changed during voting",
        BOARD,
    ),
    Check(
        "V5",
        "each ballot: decoding, roll, signature, proofs, open window, a recent named head",
        "Each ballot decodes strictly, comes from a credential on its district's roll, is "
        "signed by it, every encrypted option is 0 or 1 and each question's total is within "
        "its bounds, and it was posted between open and close, inside the voting window. "
        "It names a signed head of this board read just before it was signed, and was posted "
        "at most the manifest's max_ballot_age after a newer head replaced that one. "
        "Voting closed at the window's end, or early only where the definition allows it "
        "and with the co-signatures of k trustees (every early close is noted).",
        "ballot stuffing by the board; ballots that add more than one vote to an option; "
        "ballots cast outside the voting period; a ballot a coercer made a voter sign, or one "
        "the board held back, posted late; an authority that ends voting early on its own",
        BOARD,
    ),
    Check(
        "V6",
        "the counted set: last valid ballot per credential, no replays",
        "Only the last valid ballot of each credential counts, last in what the voter signed: "
        "the one naming the latest head, then the board's order; a ballot equal to any "
        "earlier ballot or to a challenged one is invalid and supersedes nothing.",
        "replays of a voter's earlier ballot to undo her revote; a withheld ballot put after "
        "hers by the board to supersede it; a challenged (opened) ballot sneaked into the "
        "count; a vote coerced once, then corrected",
        BOARD,
    ),
    Check(
        "V7",
        "the tally: each aggregate is the product of the counted ballots",
        "For every district, question and option the posted aggregate is the product of the "
        "counted ballots' ciphertexts, with the number of ballots counted; none is missing. "
        "In the mode fake-credentials the counted ballots are exactly the matched ballots of "
        "each district's equality tests (V14), and none where a district has no match.",
        "counts rigged after the vote by changing what is decrypted; in the mode "
        "fake-credentials, a tally over other ballots than the matched ones",
        "tally",
    ),
    Check(
        "V8",
        "the partial decryptions: signed, proved, enough, combinable",
        "Each partial decryption is signed by a qualified trustee and proved against its "
        "verification key; it decrypts exactly what the disclosure rule allows (no figure, "
        "nor any difference of figures, gives the counts of fewer ballots than the minimum "
        "district size); at least k distinct trustees took part and their Lagrange "
        "combination is what the result uses.",
        "a decryption made up by the authority instead of computed by the trustees; "
        "trustees revealing how a small group of voters voted",
        "decryption",
    ),
    Check(
        "V9",
        "the result: counts match the decryption, every figure recomputed",
        "Each count is the discrete logarithm of the decrypted aggregate; counted, "
        "registered, turnout, superseded and challenged are recomputed; each option is at "
        "most the number counted and each question's total within its bounds; nothing is "
        "missing, and no count is published that the disclosure rule withholds.",
        "counts rigged after the vote; a turnout or a figure announced that the ballots do "
        "not support",
        "result",
    ),
    Check(
        "V10",
        "challenged ballots: re-encryption, tracking hash, at most one per registered voter",
        "Every challenged ballot re-encrypts from its revealed choices and randomness to what "
        "was posted, and its tracking hash is the one the voter was shown. A challenge names no "
        "credential (only a commitment to it), so nobody learns who challenged or how she "
        "meant to vote; anyone may post one, and at most as many valid challenges as registered "
        "voters count per district. The challenged figure counts these entries, not voters.",
        "a voting device or server that lies about the encryption of the voter's choice; a "
        "board that floods a district with challenges beyond its bound",
        BOARD,
    ),
    Check(
        "V11",
        "the mix rounds: inputs, proofs of shuffle, order and quorum",
        "Every shuffle posted after close is signed by a qualified trustee and takes as input "
        "exactly the list it names (the counted ballots of a district, recomputed from the "
        "board, or the previous trustee's output); its proof shows that its output re-encrypts "
        "a permutation of that input; the trustees of a round mix in increasing order, each "
        "once, and at least k of them complete it. A record without mix rounds passes.",
        "a trustee that drops, adds, replaces or alters ballots while shuffling them; a mixed "
        "list that does not come from the counted ballots; a round completed by fewer trustees "
        "than can decrypt, so that they alone could link mixed ballots to voters",
        "mixing",
    ),
    Check(
        "V12",
        "mode fake-credentials: the valid ballots, in board order",
        "In an election of the mode fake-credentials, every ballot between open and close is "
        "well formed and its proofs verify against its district's roll: the anonymity set names "
        "beta positions of the roll, the roll pointer re-encrypts one of them, the credential "
        "ciphertext carries a proof of knowledge and the options their 0/1 and range proofs, "
        "all bound to the whole ballot statement; an identical statement counts once and no "
        "ciphertext appears twice. These ballots, in board order, are the tally's input. The "
        "check cannot tell a real credential from a fake one, and does not try. An election of "
        "the mode revote has none: it passes.",
        "a board that accepted an invalid ballot, a replayed one, or one whose credential "
        "ciphertext or pointer was copied or re-randomised from another ballot; an authority "
        "whose tally leaves out a valid ballot or counts an invalid one",
        BOARD,
    ),
    Check(
        "V13",
        "fake-credentials tally: duplicate credentials removed by blinded tags, keeping the last",
        "In an election of the mode fake-credentials, each district's valid ballots are tagged "
        "in board order by a blinding round of the qualified trustees (each commits to a fresh "
        "secret exponent before anyone blinds, raises every credential ciphertext to it and "
        "proves it) and the threshold decryption of the last blinded list (each share proved); "
        "the authority's kept ballots are, for each tag, the one with the highest board index. "
        "Nothing else is tagged: no roll value ever enters a blinding round. Each trustee's "
        "blinded list and shares come in numbered chunks of bounded size, closed by an entry "
        "that states their count and digest: a missing, repeated, reordered or extra chunk "
        "fails where it is. A record without these entries passes while it has no tally; once "
        "a tally or result is posted, a district with valid ballots and no tag round fails, "
        "named at that entry, and no entry of the tally may follow it.",
        "a trustee that drops, adds or alters a tag or decrypts one wrongly, so that a voter's "
        "last ballot is dropped, a superseded one counts, or two ballots of one credential both "
        "count; an authority that keeps another duplicate than the last; a board that reorders "
        "ballots after the tally so that another duplicate would be last, or drops, repeats "
        "or reorders a trustee's chunks; an authority that "
        "skips a district's tally and posts a tally, decryption and result that drop every "
        "vote of it",
        "coercion",
    ),
    Check(
        "V14",
        "fake-credentials tally: one equality test per mixed ballot against its roll pointer",
        "After the kept ballots are mixed (V11, list kind kept), each mixed ballot's credential "
        "ciphertext is compared with the roll entry it points to by an equality test: the "
        "qualified trustees raise each quotient to fresh per-item exponents they committed to, "
        "with proofs, and decrypt the result with proofs; the authority counts exactly the "
        "ballots whose result is the identity. A result names a position in the mixed list, "
        "never a posted ballot, and a failed test is a random value. Each trustee's tests and "
        "shares come in numbered chunks closed by an entry stating their count and digest, as "
        "in V13.",
        "a trustee that forces a test to pass (a fake credential made to count) or to fail (a "
        "real vote dropped), or decrypts wrongly; an authority that counts a ballot whose test "
        "failed or leaves out one that passed, or tallies a district before its match (named "
        "at the tally: its votes would all be dropped) or matches after the tally, changing the "
        "set it counted; a board that drops, repeats or reorders a trustee's chunks",
        "coercion",
    ),
)

#: the checks by id
CHECKS: Final[dict[str, Check]] = {c.id: c for c in REGISTRY}
#: the check ids, in order
CHECK_IDS: Final = tuple(c.id for c in REGISTRY)
#: the checks about the board up to the counted set (what the authority's tally rests on)
BEFORE_TALLY: Final = tuple(c.id for c in REGISTRY if c.before_tally)
#: … and the tally itself (what a trustee re-checks before it decrypts)
UP_TO_TALLY: Final = tuple(c.id for c in REGISTRY if c.stage in (BOARD, "tally"))
#: the checks that run only once the counting entries are on the board
END_OF_RECORD: Final = tuple(c.id for c in REGISTRY if c.end_of_record)

#: the checks of one coercion mode only (docs/spec.md §16): in an election of the other mode
#: they have nothing to check (V6's counted set is the mode revote's; the mode fake-credentials
#: removes duplicates in its tally, V13)
_MODE_ONLY: Final = {
    "V6": "revote",
    "V12": "fake-credentials",
    "V13": "fake-credentials",
    "V14": "fake-credentials",
}


def applies(check: str, mode: str | None) -> bool:
    """Whether ``check`` has anything to check in an election of ``mode`` (the definition's
    ``coercion``; None, unknown: every check applies)."""
    only = _MODE_ONLY.get(check)
    return mode is None or only is None or only == mode
