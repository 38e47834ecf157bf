"""Registration in the fake-credentials mode (docs/spec.md §16.3–§16.4): registrars' roll entries
and their proofs, the voter's designated-verifier check, fake sheets that pass the same check, and
the share encoding (known answers, typing leniency, every typo caught)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Element
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.errors import InputError, ProofError
from plebiscite.model.coercion.registration import (
    RegistrarEntry,
    Sheet,
    check_sheet,
    combine_entries,
    credential_of,
    encode_share,
    fake_sheet,
    issue_sheet,
    parse_share,
    registration_context,
    verify_registrar_entry,
)

GROUP = get_group("secp256k1")
CTX = b"\x0a" * 32


@dataclasses.dataclass
class Voter:
    K: Element
    x: int  # the election secret (to check what the roll encrypts)
    v: int  # the voter's designated-verifier secret
    V: Element
    sheets: list[Sheet]
    entries: list[RegistrarEntry]


@pytest.fixture(scope="module")
def voter() -> Voter:
    rng = DeterministicRandom(1)
    x = GROUP.random_nonzero_scalar(rng)
    v = GROUP.random_nonzero_scalar(rng)
    K, V = GROUP.exp_g(x), GROUP.exp_g(v)
    issued = [issue_sheet(GROUP, K, V, CTX, "north", j, 7, rng=rng) for j in (1, 2)]
    return Voter(K, x, v, V, [s for s, _ in issued], [e for _, e in issued])


def test_the_roll_entry_encrypts_the_credential_of_the_sheets(voter: Voter) -> None:
    for sheet, entry in zip(voter.sheets, voter.entries, strict=True):
        verify_registrar_entry(GROUP, entry, registration_context(CTX, "north", sheet.registrar, 7))
        check_sheet(GROUP, voter.K, voter.V, CTX, sheet, entry.ciphertext)
    roll_entry = combine_entries(GROUP, [e.ciphertext for e in voter.entries])
    plaintext = GROUP.div(roll_entry.beta, GROUP.exp(roll_entry.alpha, voter.x))
    assert plaintext == GROUP.exp_g(credential_of(GROUP, voter.sheets))
    # no single registrar's share is the credential
    assert all(
        credential_of(GROUP, [s]) != credential_of(GROUP, voter.sheets) for s in voter.sheets
    )


def test_a_fake_sheet_passes_the_same_check(voter: Voter) -> None:
    real, entry = voter.sheets[0], voter.entries[0].ciphertext
    fake = fake_sheet(GROUP, voter.K, voter.v, CTX, real, entry)
    check_sheet(GROUP, voter.K, voter.V, CTX, fake, entry)
    assert (fake.district, fake.position, fake.registrar) == (
        real.district,
        real.position,
        real.registrar,
    )
    assert len(fake.share) == len(real.share) and fake.share != real.share
    assert real.share not in repr(real) and fake.share not in repr(fake)


@pytest.mark.parametrize("change", ["share", "position", "registrar", "entry", "proof", "key"])
def test_the_voter_check_catches_a_wrong_roll_entry(voter: Voter, change: str) -> None:
    """A registrar who posted another value, or a sheet for another position, fails her check."""
    sheet, entry, V = voter.sheets[0], voter.entries[0].ciphertext, voter.V
    g = GROUP.generator()
    if change == "share":
        sheet = dataclasses.replace(sheet, share=voter.sheets[1].share)
    elif change == "position":
        sheet = dataclasses.replace(sheet, position=8)
    elif change == "registrar":
        sheet = dataclasses.replace(sheet, registrar=2)
    elif change == "entry":
        entry = Ciphertext(entry.alpha, GROUP.mul(entry.beta, g))
    elif change == "proof":
        sheet = dataclasses.replace(
            sheet, proof=dataclasses.replace(sheet.proof, v1=(sheet.proof.v1 + 1) % GROUP.q)
        )
    else:  # the registrar proves to another designated key than the voter's
        V = GROUP.mul(V, g)
    with pytest.raises(ProofError):
        check_sheet(GROUP, voter.K, V, CTX, sheet, entry)


def test_a_registrar_entry_with_a_bad_proof_is_refused(voter: Voter) -> None:
    entry = voter.entries[0]
    context = registration_context(CTX, "north", 1, 7)
    with pytest.raises(ProofError):
        verify_registrar_entry(GROUP, entry, registration_context(CTX, "north", 1, 8))
    bad = dataclasses.replace(
        entry, proof=dataclasses.replace(entry.proof, response=(entry.proof.response + 1) % GROUP.q)
    )
    with pytest.raises(ProofError):
        verify_registrar_entry(GROUP, bad, context)


# -- the share's encoding --------------------------------------------------------------------------


def test_share_known_answers() -> None:
    # 1 << 4 = 16 = "G"; check = (935 − 16·32²) mod 1021 = 886 = "VQ" (spec §8.2's T = 935)
    assert encode_share(1) == "0" * 51 + "G" + "VQ"
    assert encode_share((1 << 256) - 1) == "Z" * 51 + "G" + "SE"
    assert parse_share(GROUP, "0" * 51 + "g-vq") == 1


@settings(max_examples=50, deadline=None)
@given(sigma=st.integers(1, GROUP.q - 1), where=st.integers(0, 53), delta=st.integers(1, 31))
def test_every_single_typo_is_caught(sigma: int, where: int, delta: int) -> None:
    text = encode_share(sigma)
    assert parse_share(GROUP, text.lower()) == sigma
    alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
    typo = alphabet[(alphabet.index(text[where]) + delta) % 32]
    with pytest.raises(InputError, match="check characters"):
        parse_share(GROUP, text[:where] + typo + text[where + 1 :])


def test_shares_outside_the_group_are_refused() -> None:
    with pytest.raises(InputError, match="not a share"):
        parse_share(GROUP, encode_share(GROUP.q))
    with pytest.raises(InputError, match="not a share"):
        parse_share(GROUP, encode_share(0))
    with pytest.raises(InputError, match="expected 54"):
        parse_share(GROUP, "0" * 28)
