"""Secret credentials: format, typing variants, the check characters, and key derivation."""

from __future__ import annotations

import hashlib
import hmac
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import rand, tags
from plebiscite.crypto.credential import (
    ALPHABET,
    CREDENTIAL_CHARS,
    DEFAULT_KDF,
    HKDF_SHA256,
    Credential,
    KdfParams,
    derive_signing_key,
    generate_credential,
    parse_credential,
)
from plebiscite.crypto.encoding import canonical_bytes
from plebiscite.errors import InputError, ParameterError

N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141
SMALL = KdfParams(n=16, r=1, p=1)  # tests only: fast, not a real cost
ELECTION = bytes(range(16))
GROUPED = re.compile(r"^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){6}$")

# Known answer: frozen when the recipe in plebiscite.crypto.credential was written.
KAT_CREDENTIAL = (
    "R1GX-1Y60-3MCW-QYH3-41Q1-2GMT-JZ3D"  # generate_credential(DeterministicRandom("kat"))
)
KAT_XONLY_SMALL = "9438b93c6881050b2a98727cf97b24bbb0d8c0ce2295bf45decb4411e7409171"
KAT_XONLY_DEFAULT = "b2865a5dd96a59ab67ea19a33ccdd57d044107d3c67db0418f2fe815105e6f62"
KAT_XONLY_HKDF = "59e330b5927c33672e9fe2f13ead9d65cf9e5d689c1f2a933ec8e978da25d2a2"


class FixedRandom:
    """A source whose ``randbelow`` returns a chosen value, to probe the credential's range."""

    def __init__(self, value: int) -> None:
        self.value = value
        self.bounds: list[int] = []

    def randbytes(self, n: int) -> bytes:
        raise AssertionError("credentials draw an integer, not bytes")

    def randbelow(self, bound: int) -> int:
        self.bounds.append(bound)
        return self.value


def _secret_fragments(grouped: str) -> list[str]:
    text = grouped.replace("-", "")
    return [text[i : i + 4].lower() for i in range(0, len(text) - 3)]


def _assert_not_echoed(message: str, grouped: str) -> None:
    lowered = message.lower()
    for fragment in _secret_fragments(grouped):
        assert fragment not in lowered, "an error message echoes part of the credential"


# --- format and parsing ----------------------------------------------------------------------


def test_generated_credentials_are_grouped_and_parse_back() -> None:
    source = rand.DeterministicRandom("creds")
    seen = set()
    for _ in range(200):
        text = generate_credential(source)
        assert GROUPED.match(text), text
        cred = parse_credential(text)
        assert cred.grouped() == text
        assert cred.text == text.replace("-", "")
        seen.add(text)
    assert len(seen) == 200


def test_credential_draws_130_bits_over_the_full_range() -> None:
    low, high = FixedRandom(0), FixedRandom(32**26 - 1)
    zero, top = generate_credential(low), generate_credential(high)
    assert low.bounds == [32**26] and high.bounds == [32**26]  # 130 bits: ≥ 128 required
    assert zero.replace("-", "")[:26] == "0" * 26
    assert top.replace("-", "")[:26] == "Z" * 26
    assert len(zero.replace("-", "")) == CREDENTIAL_CHARS == 28
    parse_credential(zero)
    parse_credential(top)


def test_system_randomness_by_default() -> None:
    assert generate_credential() != generate_credential()


def _typing_variants(grouped: str) -> list[str]:
    plain = grouped.replace("-", "")
    aliased = plain.replace("0", "O").replace("1", "l")
    return [
        grouped,
        grouped.lower(),
        plain,
        plain.lower(),
        " ".join(grouped.split("-")),
        "  " + " - ".join(plain[i : i + 3] for i in range(0, 28, 3)) + "\t",
        aliased,
        aliased.lower().replace("l", "i"),
        "-".join(plain),
    ]


def test_typing_variants_give_the_same_credential_and_key() -> None:
    grouped = KAT_CREDENTIAL  # contains both 0 and 1, so the aliases are exercised
    assert "0" in grouped and "1" in grouped
    reference = parse_credential(grouped)
    key = derive_signing_key(reference, ELECTION, SMALL)
    for variant in _typing_variants(grouped):
        cred = parse_credential(variant)
        assert cred == reference, variant
        assert derive_signing_key(cred, ELECTION, SMALL).public == key.public


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=0, max_value=32**26 - 1))
def test_every_single_substitution_and_adjacent_swap_is_caught(body: int) -> None:
    """The mod-1021 check: all 28×31 substitutions and all adjacent swaps are refused."""
    text = parse_credential(generate_credential(FixedRandom(body))).text
    for i in range(CREDENTIAL_CHARS):
        for ch in ALPHABET:
            if ch != text[i]:
                typo = text[:i] + ch + text[i + 1 :]
                with pytest.raises(InputError, match="check characters"):
                    parse_credential(typo)
    for i in range(CREDENTIAL_CHARS - 1):
        if text[i] != text[i + 1]:
            swapped = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
            with pytest.raises(InputError, match="check characters"):
                parse_credential(swapped)


def test_wrong_length_is_refused_without_echo() -> None:
    grouped = KAT_CREDENTIAL
    plain = grouped.replace("-", "")
    for bad in (plain[:-1], plain + "0", plain[:20], grouped + "-ABCD", ""):
        with pytest.raises(InputError, match="expected 28") as info:
            parse_credential(bad)
        _assert_not_echoed(str(info.value), grouped)


def test_wrong_checksum_is_refused_without_echo() -> None:
    grouped = KAT_CREDENTIAL
    plain = grouped.replace("-", "")
    typo = plain[:5] + ("A" if plain[5] != "A" else "B") + plain[6:]
    with pytest.raises(InputError, match="check characters") as info:
        parse_credential(typo)
    _assert_not_echoed(str(info.value), grouped)
    assert typo.lower() not in str(info.value).lower()


@pytest.mark.parametrize("bad_char", ["U", "u", "!", "é", "_", "."])
def test_foreign_characters_are_refused_by_position_only(bad_char: str) -> None:
    grouped = KAT_CREDENTIAL
    text = grouped[:7] + bad_char + grouped[8:]
    with pytest.raises(InputError, match="character 7 ") as info:
        parse_credential(text)
    _assert_not_echoed(str(info.value), grouped)


def test_non_text_is_refused() -> None:
    with pytest.raises(InputError):
        parse_credential(b"R1GX" * 7)  # type: ignore[arg-type]


def test_repr_and_str_hide_the_secret() -> None:
    cred = parse_credential(KAT_CREDENTIAL)
    for shown in (repr(cred), str(cred), f"{cred}", f"{cred!r}", repr([cred])):
        _assert_not_echoed(shown, KAT_CREDENTIAL)
        assert "secret" in shown


def test_constructor_takes_only_checked_normalised_text() -> None:
    plain = KAT_CREDENTIAL.replace("-", "")
    assert Credential(plain) == parse_credential(KAT_CREDENTIAL)
    for bad in (plain.lower(), KAT_CREDENTIAL, plain[:-1] + ("0" if plain[-1] != "0" else "1")):
        with pytest.raises(InputError):
            Credential(bad)


# --- key derivation --------------------------------------------------------------------------


def test_kdf_known_answer_small_params() -> None:
    key = derive_signing_key(parse_credential(KAT_CREDENTIAL), ELECTION, SMALL)
    assert key.public.hex() == KAT_XONLY_SMALL


def test_kdf_known_answer_default_params() -> None:
    assert DEFAULT_KDF == KdfParams(n=2**15, r=8, p=1)
    key = derive_signing_key(parse_credential(KAT_CREDENTIAL), ELECTION, DEFAULT_KDF)
    assert key.public.hex() == KAT_XONLY_DEFAULT


def test_hkdf_known_answer() -> None:
    key = derive_signing_key(parse_credential(KAT_CREDENTIAL), ELECTION, HKDF_SHA256)
    assert key.public.hex() == KAT_XONLY_HKDF
    assert HKDF_SHA256.to_dict() == {"name": "hkdf-sha256"}


def test_hkdf_follows_the_documented_recipe() -> None:
    """RFC 5869 written out with the standard library's HMAC, independent of the module."""
    cred = parse_credential(KAT_CREDENTIAL)
    salt = canonical_bytes(tags.CREDENTIAL_KEY, ELECTION)
    info = canonical_bytes(tags.CREDENTIAL_KEY, "hkdf-sha256")
    prk = hmac.new(salt, cred.text.encode("ascii"), hashlib.sha256).digest()
    t1 = hmac.new(prk, info + b"\x01", hashlib.sha256).digest()
    t2 = hmac.new(prk, t1 + info + b"\x02", hashlib.sha256).digest()
    x = int.from_bytes((t1 + t2)[:48], "big") % N
    assert derive_signing_key(cred, ELECTION, HKDF_SHA256).secret_bytes() == x.to_bytes(32, "big")


def test_hkdf_binds_the_election_and_differs_from_scrypt() -> None:
    cred = parse_credential(KAT_CREDENTIAL)
    base = derive_signing_key(cred, ELECTION, HKDF_SHA256).public
    assert derive_signing_key(cred, bytes(16), HKDF_SHA256).public != base
    assert derive_signing_key(cred, ELECTION, SMALL).public != base
    other = parse_credential(generate_credential(rand.DeterministicRandom("other")))
    assert derive_signing_key(other, ELECTION, HKDF_SHA256).public != base
    with pytest.raises(ParameterError, match="election_id"):
        derive_signing_key(cred, bytes(15), HKDF_SHA256)
    with pytest.raises(ParameterError, match="hkdf-sha256 or scrypt"):
        derive_signing_key(cred, ELECTION, {"name": "hkdf-sha256"})  # type: ignore[arg-type]


def test_kdf_follows_the_documented_recipe() -> None:
    """Recompute with the standard library's scrypt (OpenSSL), independent of the module."""
    cred = parse_credential(KAT_CREDENTIAL)
    salt = canonical_bytes(tags.CREDENTIAL_KEY, ELECTION)
    okm = hashlib.scrypt(cred.text.encode("ascii"), salt=salt, n=16, r=1, p=1, dklen=48)
    x = int.from_bytes(okm, "big") % N
    assert derive_signing_key(cred, ELECTION, SMALL).secret_bytes() == x.to_bytes(32, "big")


def test_key_depends_on_election_params_and_credential() -> None:
    cred = parse_credential(KAT_CREDENTIAL)
    base = derive_signing_key(cred, ELECTION, SMALL).public
    assert derive_signing_key(cred, bytes(16), SMALL).public != base
    assert derive_signing_key(cred, ELECTION, KdfParams(n=32, r=1, p=1)).public != base
    assert derive_signing_key(cred, ELECTION, KdfParams(n=16, r=2, p=1)).public != base
    other = parse_credential(generate_credential(rand.DeterministicRandom("other")))
    assert derive_signing_key(other, ELECTION, SMALL).public != base
    assert len(base.xonly) == 32  # the roll entry


@pytest.mark.parametrize("eid", [bytes(15), bytes(17), b"", "0" * 32])
def test_election_id_must_be_16_bytes(eid: object) -> None:
    with pytest.raises(ParameterError, match="election_id"):
        derive_signing_key(parse_credential(KAT_CREDENTIAL), eid, SMALL)  # type: ignore[arg-type]


def test_derive_takes_a_parsed_credential() -> None:
    with pytest.raises(InputError):
        derive_signing_key(KAT_CREDENTIAL, ELECTION, SMALL)  # type: ignore[arg-type]


# --- KDF parameters --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("n", "r", "p"),
    [(0, 1, 1), (1, 1, 1), (3, 1, 1), (2**25, 1, 1), (16, 0, 1), (16, 33, 1), (16, 1, 0),
     (16, 1, 17), (2**24, 32, 1), (True, 1, 1), (16.0, 1, 1)],
)  # fmt: skip
def test_kdf_params_bounds(n: object, r: object, p: object) -> None:
    with pytest.raises(ParameterError):
        KdfParams(n=n, r=r, p=p)  # type: ignore[arg-type]


def test_kdf_params_dict_round_trip_and_strictness() -> None:
    params = KdfParams(n=1024, r=8, p=2)
    assert KdfParams.from_dict(params.to_dict()) == params
    assert params.to_dict() == {"name": "scrypt", "n": 1024, "r": 8, "p": 2}
    for bad in (
        {"name": "scrypt", "n": 1024, "r": 8},
        {"name": "scrypt", "n": 1024, "r": 8, "p": 2, "salt": "00"},
        {"name": "argon2id", "n": 1024, "r": 8, "p": 2},
        {"name": "scrypt", "n": "1024", "r": 8, "p": 2},
        [1024, 8, 2],
    ):
        with pytest.raises(ParameterError, match=r"manifest\.kdf"):
            KdfParams.from_dict(bad, "manifest.kdf")
