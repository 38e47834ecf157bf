"""The verifiable shuffle (docs/spec.md §15): completeness, soundness, Fiat–Shamir binding.

Small lists only: the production groups are exercised at N = 3 or 4, the tiny group (tests/
tinygroup.py) carries the property tests.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto import shuffle as shuffle_module
from plebiscite.crypto.elgamal import Ciphertext, DiscreteLog, KeyPair, decrypt, encrypt, keygen
from plebiscite.crypto.group import Element, Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.shuffle import (
    Item,
    ShuffleGenerators,
    ShuffleProof,
    ShuffleSecret,
    gen_permutation,
    prove_shuffle,
    shuffle,
    shuffle_generators,
)
from plebiscite.crypto.shuffle_codec import (
    decode_items,
    decode_shuffle_proof,
    encode_items,
    encode_shuffle_proof,
)
from plebiscite.crypto.shuffle_verify import MixStage, VerifyStats, verify_mix_round, verify_shuffle
from plebiscite.errors import EncodingError, ParameterError, ShuffleProofError
from tinygroup import TINY, TinyGroup

CONTEXT = b"test election context"
TRUSTEE = 3


class OtherTiny(TinyGroup):
    """The tiny group's arithmetic under another name: only the group hash differs."""

    name = "tiny-test-other"


def _items(group: Group, kp: KeyPair, n: int, width: int, seed: str) -> list[Item]:
    rng = DeterministicRandom(seed)
    return [
        tuple(encrypt(group, kp.public, (7 * i + k) % 5, rng=rng)[0] for k in range(width))
        for i in range(n)
    ]


def _setup(
    group: Group, n: int, width: int, seed: str = "shuffle"
) -> tuple[KeyPair, list[Item], list[Item], ShuffleSecret, ShuffleProof]:
    rng = DeterministicRandom(seed)
    kp = keygen(group, rng)
    inputs = _items(group, kp, n, width, seed)
    outputs, secret = shuffle(group, kp.public, inputs, rng=rng)
    proof = prove_shuffle(group, kp.public, inputs, outputs, secret, CONTEXT, TRUSTEE, rng=rng)
    return kp, inputs, outputs, secret, proof


def _plaintexts(group: Group, kp: KeyPair, items: Sequence[Item]) -> Counter[tuple[int, ...]]:
    dlog = DiscreteLog(group, 10)
    return Counter(tuple(decrypt(group, kp.secret, ct, dlog) for ct in item) for item in items)


def _fails(call: Callable[[], None]) -> ShuffleProofError:
    with pytest.raises(ShuffleProofError) as info:
        call()
    return info.value


# -- hashing to the group and the generators ---------------------------------------------------


@pytest.mark.parametrize("group_name", ["tiny", "secp256k1", "modp4096"])
def test_hash_to_element_is_a_valid_deterministic_element(group_name: str) -> None:
    group = TINY if group_name == "tiny" else get_group(group_name)
    a = group.hash_to_element(b"message", b"plebiscite/test")
    assert a == group.hash_to_element(b"message", b"plebiscite/test")
    assert a != group.hash_to_element(b"message", b"plebiscite/test2")
    assert a != group.hash_to_element(b"message2", b"plebiscite/test")
    assert not group.is_identity(a)
    assert group.decode(group.encode(a), "hashed") == a  # a member of the order-q subgroup
    gens = shuffle_generators(group, b"ctx", 3)
    assert len({group.encode(e) for e in (gens.h, *gens.hs)}) == 4
    assert shuffle_generators(group, b"ctx", 2).hs == gens.hs[:2]


def test_the_generator_cache_keeps_few_contexts() -> None:
    first = shuffle_generators(TINY, b"context 0", 2)
    for i in range(1, shuffle_module.GENERATOR_CACHE_CONTEXTS + 2):
        shuffle_generators(TINY, f"context {i}".encode(), 2)
    assert len(shuffle_module._GENERATOR_CACHE) <= shuffle_module.GENERATOR_CACHE_CONTEXTS
    assert shuffle_generators(TINY, b"context 0", 2) == first  # derived again, the same


def test_a_group_without_hashing_refuses() -> None:
    class Plain(TinyGroup):
        name = "plain"

    Plain.hash_to_element = Group.hash_to_element  # type: ignore[method-assign]
    with pytest.raises(ParameterError, match="no hash to the group"):
        Plain().hash_to_element(b"x", b"y")


# -- completeness ------------------------------------------------------------------------------


@pytest.mark.parametrize("group_name", ["tiny", "secp256k1", "modp4096"])
@pytest.mark.parametrize("width", [1, 2, 3])
def test_completeness_and_plaintexts_kept(group_name: str, width: int) -> None:
    group = TINY if group_name == "tiny" else get_group(group_name)
    n = 3 if group_name == "modp4096" else 5
    kp, inputs, outputs, secret, proof = _setup(group, n, width)
    stats = VerifyStats()
    verify_shuffle(group, kp.public, inputs, outputs, proof, CONTEXT, TRUSTEE, stats=stats)
    assert stats.batch_held is True
    # per chunk: 1 + 2w short products and one share; then one last multi-exponentiation;
    # (4 + 2w)·N terms at most in all
    assert stats.chunks == 1
    assert stats.multi_exps == 2 + 2 * width + 1
    assert stats.terms <= (4 + 2 * width) * n + 4 * width + 8
    # the tuples are kept together: the multiset of decrypted tuples is unchanged
    assert _plaintexts(group, kp, inputs) == _plaintexts(group, kp, outputs)
    for i, j in enumerate(secret.permutation):
        assert outputs[i] != inputs[j]  # re-encrypted, not copied


def test_single_item_and_unbatched_verdict() -> None:
    kp, inputs, outputs, _, proof = _setup(TINY, 1, 2)
    verify_shuffle(TINY, kp.public, inputs, outputs, proof, CONTEXT, TRUSTEE)
    verify_shuffle(TINY, kp.public, inputs, outputs, proof, CONTEXT, TRUSTEE, batch=False)


def test_permutation_is_uniform_enough_and_a_permutation() -> None:
    rng = DeterministicRandom("perm")
    seen = Counter(tuple(gen_permutation(3, rng)) for _ in range(600))
    assert len(seen) == 6 and min(seen.values()) > 60
    assert sorted(gen_permutation(50, rng)) == list(range(50))


# -- soundness: the lists --------------------------------------------------------------------


def _reencrypt(group: Group, kp: KeyPair, item: Item, seed: str) -> Item:
    r = group.random_nonzero_scalar(DeterministicRandom(seed))
    return tuple(
        Ciphertext(group.mul(ct.alpha, group.exp_g(r)), group.mul(ct.beta, group.exp(kp.public, r)))
        for ct in item
    )


def test_dropped_or_added_item_fails_naming_the_outputs() -> None:
    kp, inputs, outputs, _, proof = _setup(TINY, 4, 2)
    err = _fails(lambda: verify_shuffle(TINY, kp.public, inputs, outputs[:-1], proof, CONTEXT, 3))
    assert err.field == "outputs"
    more = [*outputs, outputs[0]]
    assert _fails(lambda: verify_shuffle(TINY, kp.public, inputs, more, proof, CONTEXT, 3)).field
    narrow = [item[:1] for item in outputs]
    err = _fails(lambda: verify_shuffle(TINY, kp.public, inputs, narrow, proof, CONTEXT, 3))
    assert err.field == "outputs"


@pytest.mark.parametrize("how", ["duplicate", "replace", "not re-encrypted", "swap component"])
def test_a_dishonest_output_list_fails(how: str) -> None:
    group = TINY
    kp, inputs, outputs, secret, _ = _setup(group, 4, 2)
    forged = list(outputs)
    if how == "duplicate":  # output 1 is a fresh re-encryption of output 0's source
        forged[1] = _reencrypt(group, kp, inputs[secret.permutation[0]], "dup")
    elif how == "replace":  # a new ciphertext of the same plaintexts
        dlog = DiscreteLog(group, 10)
        ms = [decrypt(group, kp.secret, ct, dlog) for ct in outputs[2]]
        forged[2] = tuple(encrypt(group, kp.public, m)[0] for m in ms)
    elif how == "not re-encrypted":  # output 3 is its input copied
        forged[3] = inputs[secret.permutation[3]]
    else:  # components moved between items: no longer one permutation for the tuple
        forged[0] = (outputs[0][0], outputs[1][1])
        forged[1] = (outputs[1][0], outputs[0][1])
    # the forger proves with the honest witness (the best it has)
    proof = prove_shuffle(group, kp.public, inputs, forged, secret, CONTEXT, TRUSTEE)
    err = _fails(lambda: verify_shuffle(group, kp.public, inputs, forged, proof, CONTEXT, TRUSTEE))
    assert err.field == "t4"
    assert {name for name, _ in err.failures} == {"t4"}


def test_a_commitment_to_a_non_permutation_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    group = TINY
    rng = DeterministicRandom("nonperm")
    kp = keygen(group, rng)
    inputs = _items(group, kp, 4, 1, "nonperm")
    # item 0 twice, item 1 never: the "permutation" (0, 0, 2, 3) is no permutation
    psi = (0, 0, 2, 3)
    rs = tuple((group.random_nonzero_scalar(rng),) for _ in psi)
    outputs = [
        (
            Ciphertext(
                group.mul(inputs[j][0].alpha, group.exp_g(r[0])),
                group.mul(inputs[j][0].beta, group.exp(kp.public, r[0])),
            ),
        )
        for j, r in zip(psi, rs, strict=True)
    ]
    secret = ShuffleSecret(permutation=psi, randomness=rs)
    with pytest.raises(ParameterError):
        prove_shuffle(group, kp.public, inputs, outputs, secret, CONTEXT, TRUSTEE)
    # a dishonest prover runs Algorithm 4.3 on it anyway
    monkeypatch.setattr(shuffle_module, "check_witness", lambda secret, n: None)
    proof = prove_shuffle(group, kp.public, inputs, outputs, secret, CONTEXT, TRUSTEE, rng=rng)
    err = _fails(lambda: verify_shuffle(group, kp.public, inputs, outputs, proof, CONTEXT, TRUSTEE))
    assert err.failures


def test_wrong_generators_fail() -> None:
    group = TINY
    kp, inputs, outputs, secret, _ = _setup(group, 4, 1)
    other = shuffle_generators(group, b"another election", 4)
    proof = prove_shuffle(
        group, kp.public, inputs, outputs, secret, CONTEXT, TRUSTEE, generators=other
    )
    _fails(lambda: verify_shuffle(group, kp.public, inputs, outputs, proof, CONTEXT, TRUSTEE))
    # one h_i replaced, the seed kept: the algebra alone catches it
    right = shuffle_generators(group, CONTEXT, 4)
    bent = ShuffleGenerators(right.seed, right.h, (*right.hs[:2], group.exp_g(5), right.hs[3]))
    proof = prove_shuffle(
        group, kp.public, inputs, outputs, secret, CONTEXT, TRUSTEE, generators=bent
    )
    _fails(lambda: verify_shuffle(group, kp.public, inputs, outputs, proof, CONTEXT, TRUSTEE))
    # and the verifier refuses to run with too few generators
    short = ShuffleGenerators(right.seed, right.h, right.hs[:3])
    err = _fails(
        lambda: verify_shuffle(
            group, kp.public, inputs, outputs, proof, CONTEXT, TRUSTEE, generators=short
        )
    )
    assert err.field == "generators"


# -- soundness: every proof field ----------------------------------------------------------------


def _bump(group: Group, value: Any) -> Any:
    """The value changed: an element times g, a scalar plus one, a ciphertext's α times g."""
    if isinstance(value, Element):
        return group.mul(value, group.generator())
    if isinstance(value, Ciphertext):
        return Ciphertext(group.mul(value.alpha, group.generator()), value.beta)
    return (value + 1) % group.q


def _tampered(group: Group, proof: ShuffleProof, name: str, index: int | None) -> ShuffleProof:
    value = getattr(proof, name)
    if index is None:
        return dataclasses.replace(proof, **{name: _bump(group, value)})
    items = list(value)
    items[index] = _bump(group, items[index])
    return dataclasses.replace(proof, **{name: tuple(items)})


FIELDS = [(f.name, None) for f in dataclasses.fields(ShuffleProof)]
INDEXED = {"c", "c_hat", "t4", "t_hat", "s4", "s_hat", "s_prime"}


@pytest.mark.parametrize(
    ("name", "index"),
    [(n, None) for n, _ in FIELDS if n not in INDEXED]
    + [(n, i) for n in sorted(INDEXED) for i in (0, 1)],
)
def test_any_single_proof_field_changed_fails(name: str, index: int | None) -> None:
    kp, inputs, outputs, _, proof = _setup(TINY, 3, 2, seed="fields")
    bad = _tampered(TINY, proof, name, index)
    err = _fails(lambda: verify_shuffle(TINY, kp.public, inputs, outputs, bad, CONTEXT, TRUSTEE))
    # a response names its own equation; a commitment changes the challenge, so all fail
    expected = {
        "s1": ("t1", None),
        "s2": ("t2", None),
        "s3": ("t3", None),
        "s4": ("t4", index),
        "s_hat": ("t_hat", index),
    }
    if name in expected:
        assert (err.field, err.index) == expected[name]
        assert err.failures == [expected[name]]


def test_shape_errors_name_the_field() -> None:
    kp, inputs, outputs, _, proof = _setup(TINY, 3, 2)
    short = dataclasses.replace(proof, s_hat=proof.s_hat[:2])
    err = _fails(lambda: verify_shuffle(TINY, kp.public, inputs, outputs, short, CONTEXT, 3))
    assert err.field == "s_hat"
    ident = dataclasses.replace(proof, t_hat=(proof.t_hat[0], TINY.identity(), proof.t_hat[2]))
    err = _fails(lambda: verify_shuffle(TINY, kp.public, inputs, outputs, ident, CONTEXT, 3))
    assert (err.field, err.index) == ("t_hat", 1)
    big = dataclasses.replace(proof, s_prime=(proof.s_prime[0], TINY.q, proof.s_prime[2]))
    err = _fails(lambda: verify_shuffle(TINY, kp.public, inputs, outputs, big, CONTEXT, 3))
    assert (err.field, err.index) == ("s_prime", 1)


# -- Fiat–Shamir: every hashed input ---------------------------------------------------------


def test_every_hashed_input_is_bound() -> None:
    group = TINY
    kp, inputs, outputs, _, proof = _setup(group, 3, 2, seed="fs")
    gens = shuffle_generators(group, CONTEXT, 3)
    K = kp.public

    def check(
        *,
        grp: Group = group,
        generators: ShuffleGenerators = gens,
        context: bytes = CONTEXT,
        trustee: int = TRUSTEE,
        ins: Sequence[Item] = inputs,
        outs: Sequence[Item] = outputs,
        prf: ShuffleProof = proof,
    ) -> None:
        verify_shuffle(grp, K, ins, outs, prf, context, trustee, generators=generators)

    check()  # the honest proof with the generators passed explicitly
    # the same elements, only the hashed value differs
    _fails(lambda: check(grp=OtherTiny()))
    _fails(lambda: check(generators=ShuffleGenerators(b"\x01" * 32, gens.h, gens.hs)))
    _fails(lambda: check(context=b"another context"))
    _fails(lambda: check(trustee=TRUSTEE + 1))
    # the lists, one item each (re-encrypted: the same plaintexts)
    for i in range(3):
        ins = list(inputs)
        ins[i] = _reencrypt(group, kp, inputs[i], f"in{i}")
        _fails(lambda ins=ins: check(ins=ins))  # type: ignore[misc]
        outs = list(outputs)
        outs[i] = _reencrypt(group, kp, outputs[i], f"out{i}")
        _fails(lambda outs=outs: check(outs=outs))  # type: ignore[misc]
    # every commitment, each position
    for name in ("c", "c_hat", "t_hat", "t4"):
        for i in range(len(getattr(proof, name))):
            bad = _tampered(group, proof, name, i)
            _fails(lambda bad=bad: check(prf=bad))  # type: ignore[misc]
    for name in ("t1", "t2", "t3"):
        bad = _tampered(group, proof, name, None)
        _fails(lambda bad=bad: check(prf=bad))  # type: ignore[misc]


# -- properties (tiny group) ---------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    n=st.integers(min_value=1, max_value=6),
    width=st.integers(min_value=1, max_value=3),
    seed=st.integers(min_value=0, max_value=2**32),
    data=st.data(),
)
def test_property_complete_sound_and_plaintext_preserving(
    n: int, width: int, seed: int, data: st.DataObject
) -> None:
    group = TINY
    rng = DeterministicRandom(seed)
    kp = keygen(group, rng)
    messages = data.draw(
        st.lists(
            st.lists(st.integers(0, 9), min_size=width, max_size=width), min_size=n, max_size=n
        )
    )
    inputs = [tuple(encrypt(group, kp.public, m, rng=rng)[0] for m in row) for row in messages]
    outputs, secret = shuffle(group, kp.public, inputs, rng=rng)
    proof = prove_shuffle(group, kp.public, inputs, outputs, secret, CONTEXT, TRUSTEE, rng=rng)
    verify_shuffle(group, kp.public, inputs, outputs, proof, CONTEXT, TRUSTEE)
    assert _plaintexts(group, kp, outputs) == Counter(tuple(row) for row in messages)
    # one output component replaced by an encryption of another plaintext: refused
    i = data.draw(st.integers(0, n - 1))
    k = data.draw(st.integers(0, width - 1))
    forged = list(outputs)
    other = encrypt(group, kp.public, messages[secret.permutation[i]][k] + 1, rng=rng)[0]
    forged[i] = (*outputs[i][:k], other, *outputs[i][k + 1 :])
    bad = prove_shuffle(group, kp.public, inputs, forged, secret, CONTEXT, TRUSTEE, rng=rng)
    err = _fails(lambda: verify_shuffle(group, kp.public, inputs, forged, bad, CONTEXT, TRUSTEE))
    assert err.field == "t4"


# -- a mix round: several trustees in cascade, one batch -------------------------------------


def _round(
    group: Group, n: int, width: int, trustees: Sequence[int], seed: str
) -> tuple[KeyPair, list[Item], list[MixStage]]:
    rng = DeterministicRandom(seed)
    kp = keygen(group, rng)
    inputs = _items(group, kp, n, width, seed)
    stages = []
    current: Sequence[Item] = inputs
    for trustee in trustees:
        outputs, secret = shuffle(group, kp.public, current, rng=rng)
        proof = prove_shuffle(group, kp.public, current, outputs, secret, CONTEXT, trustee, rng=rng)
        stages.append(MixStage(trustee, outputs, proof))
        current = outputs
    return kp, inputs, stages


@pytest.mark.parametrize("group_name", ["tiny", "secp256k1"])
def test_mix_round_checks_in_one_batch(group_name: str) -> None:
    group = TINY if group_name == "tiny" else get_group(group_name)
    kp, inputs, stages = _round(group, 4, 2, [1, 2, 4], "round")
    stats = VerifyStats()
    final = verify_mix_round(group, kp.public, inputs, stages, CONTEXT, stats=stats)
    assert final == stages[-1].outputs
    assert stats.batch_held is True
    # one last batch; per stage (one chunk each) the short products and the chunk's share
    assert stats.multi_exps == 1 + 3 * (1 + 2 * 2 + 1)
    assert _plaintexts(group, kp, final) == _plaintexts(group, kp, inputs)


def test_mix_round_names_the_cheating_trustee() -> None:
    group = TINY
    kp, inputs, stages = _round(group, 4, 1, [1, 2, 3], "cheat")
    # trustee 2 replaces one item of its output and proves with its honest witness
    bad_outputs = list(stages[1].outputs)
    bad_outputs[0] = (encrypt(group, kp.public, 9)[0],)
    err = _fails(
        lambda: verify_mix_round(
            group,
            kp.public,
            inputs,
            [stages[0], MixStage(2, bad_outputs, stages[1].proof), stages[2]],
            CONTEXT,
        )
    )
    assert err.trustee == 2
    # the order matters: trustee 3's proof does not follow trustee 1's output
    err = _fails(
        lambda: verify_mix_round(group, kp.public, inputs, [stages[0], stages[2]], CONTEXT)
    )
    assert err.trustee == 3
    err = _fails(
        lambda: verify_mix_round(group, kp.public, inputs, [stages[0], stages[0]], CONTEXT)
    )
    assert err.field == "stages"
    assert _fails(lambda: verify_mix_round(group, kp.public, inputs, [], CONTEXT)).field == "stages"


# -- the JSON forms ----------------------------------------------------------------------------


def test_codec_round_trip_and_strictness() -> None:
    group = get_group("secp256k1")
    kp, _, outputs, _, proof = _setup(group, 3, 2)
    obj = encode_shuffle_proof(group, proof)
    assert decode_shuffle_proof(group, obj, "proof") == proof
    assert decode_items(group, encode_items(group, outputs), "outputs") == outputs
    with pytest.raises(EncodingError, match="exactly"):
        decode_shuffle_proof(group, {**obj, "extra": 1}, "proof")
    missing = dict(obj)
    del missing["s4"]
    with pytest.raises(EncodingError):
        decode_shuffle_proof(group, missing, "proof")
    with pytest.raises(EncodingError, match=r"proof\.t_hat\[1\]"):
        decode_shuffle_proof(group, {**obj, "t_hat": [obj["t_hat"][0], "00", "00"]}, "proof")
    with pytest.raises(EncodingError, match=r"proof\.s_hat\[0\]"):
        decode_shuffle_proof(group, {**obj, "s_hat": ["ff" * 32, *obj["s_hat"][1:]]}, "proof")
    ragged = encode_items(group, outputs)
    ragged[1] = ragged[1][:1]
    with pytest.raises(EncodingError, match=r"outputs\[1\]"):
        decode_items(group, ragged, "outputs")
    with pytest.raises(ParameterError):
        shuffle(group, kp.public, [])


# -- more soundness: any element of the proof, any amount -------------------------------------


def _element_paths(proof: ShuffleProof) -> list[tuple[str, int | None, str | None]]:
    """Every single value of ``proof``: (field, index, ciphertext component)."""
    paths: list[tuple[str, int | None, str | None]] = []
    for f in dataclasses.fields(ShuffleProof):
        value = getattr(proof, f.name)
        if isinstance(value, tuple):
            for i, v in enumerate(value):
                if isinstance(v, Ciphertext):
                    paths += [(f.name, i, "alpha"), (f.name, i, "beta")]
                else:
                    paths.append((f.name, i, None))
        else:
            paths.append((f.name, None, None))
    return paths


def _moved(group: Group, value: Any, k: int, component: str | None) -> Any:
    """``value`` moved by ``k`` (1 ≤ k < q): an element times g^k, a scalar plus k."""
    if isinstance(value, Ciphertext):
        assert component is not None
        part = getattr(value, component)
        return dataclasses.replace(value, **{component: group.mul(part, group.exp_g(k))})
    if isinstance(value, Element):
        return group.mul(value, group.exp_g(k))
    return (value + k) % group.q


@settings(max_examples=40, deadline=None)
@given(data=st.data(), k=st.integers(min_value=1, max_value=TINY.q - 1))
def test_property_any_single_value_of_the_proof_moved_fails(data: st.DataObject, k: int) -> None:
    """Not only +1 at positions 0 and 1: any value (both components of a t4 ciphertext, the
    last position of every list) moved by any non-zero amount is refused."""
    kp, inputs, outputs, _, proof = _setup(TINY, 4, 2, seed="any value")
    name, index, component = data.draw(st.sampled_from(_element_paths(proof)))
    value = getattr(proof, name)
    if index is None:
        bad = dataclasses.replace(proof, **{name: _moved(TINY, value, k, component)})
    else:
        items = list(value)
        items[index] = _moved(TINY, items[index], k, component)
        bad = dataclasses.replace(proof, **{name: tuple(items)})
    err = _fails(lambda: verify_shuffle(TINY, kp.public, inputs, outputs, bad, CONTEXT, TRUSTEE))
    assert err.failures  # at least one equation named
    responses = {"s1": "t1", "s2": "t2", "s3": "t3"}
    if name in responses:
        assert err.failures == [(responses[name], None)]


@pytest.mark.parametrize("name", ["c", "c_hat", "t_hat", "s_hat", "s_prime", "t4", "s4"])
def test_a_changed_proof_field_fails_on_secp256k1(name: str) -> None:
    """The same on the production curve, at the last position of each list."""
    group = get_group("secp256k1")
    kp, inputs, outputs, _, proof = _setup(group, 3, 2, seed="secp fields")
    bad = _tampered(group, proof, name, len(getattr(proof, name)) - 1)
    _fails(lambda: verify_shuffle(group, kp.public, inputs, outputs, bad, CONTEXT, TRUSTEE))


# -- more Fiat–Shamir: the lists as wholes, the key --------------------------------------------


@pytest.mark.parametrize("which", ["inputs reversed", "outputs reversed", "inputs rotated"])
def test_the_order_of_a_whole_list_is_bound(which: str) -> None:
    """The outputs are still a re-encrypted permutation of the reordered inputs (the statement
    stays true), so only the hash of the whole list, in order, refuses the old proof."""
    kp, inputs, outputs, _, proof = _setup(TINY, 4, 2, seed="order")
    ins, outs = list(inputs), list(outputs)
    if which == "inputs reversed":
        ins.reverse()
    elif which == "outputs reversed":
        outs.reverse()
    else:
        ins = ins[1:] + ins[:1]
    _fails(lambda: verify_shuffle(TINY, kp.public, ins, outs, proof, CONTEXT, TRUSTEE))


def test_the_public_key_is_bound() -> None:
    _, inputs, outputs, _, proof = _setup(TINY, 3, 1, seed="key")
    other = keygen(TINY, DeterministicRandom("another key")).public
    _fails(lambda: verify_shuffle(TINY, other, inputs, outputs, proof, CONTEXT, TRUSTEE))


# -- the plaintext-product cross-check with a joint key ------------------------------------------


@pytest.mark.parametrize("group_name", ["tiny", "secp256k1", "modp4096"])
def test_the_product_of_the_plaintexts_survives_a_round_under_a_joint_key(group_name: str) -> None:
    """Three trustees hold shares x_1, x_2, x_3 of the joint key K = g^(x_1+x_2+x_3); each
    shuffles in turn. The product of each component's ciphertexts, decrypted by combining the
    three partial decryptions α^(x_i), is the same before and after; a replaced item changes it."""
    from plebiscite.crypto.elgamal import aggregate

    group = TINY if group_name == "tiny" else get_group(group_name)
    rng = DeterministicRandom(f"joint {group_name}")
    shares = [group.random_nonzero_scalar(rng) for _ in range(3)]
    joint = group.prod([group.exp_g(x) for x in shares])
    n, width = (3, 2) if group_name == "modp4096" else (5, 2)
    inputs = [
        tuple(encrypt(group, joint, (3 * i + k) % 7, rng=rng)[0] for k in range(width))
        for i in range(n)
    ]

    def products(items: Sequence[Item]) -> list[Element]:
        out = []
        for k in range(width):
            total = aggregate(group, [item[k] for item in items])
            partials = [group.exp(total.alpha, x) for x in shares]
            out.append(group.div(total.beta, group.prod(partials)))
        return out

    current: Sequence[Item] = inputs
    stages = []
    for trustee in (1, 2, 3):
        outs, secret = shuffle(group, joint, current, rng=rng)
        proof = prove_shuffle(group, joint, current, outs, secret, CONTEXT, trustee, rng=rng)
        stages.append(MixStage(trustee, outs, proof))
        current = outs
    final = verify_mix_round(group, joint, inputs, stages, CONTEXT)
    expected = [group.exp_g(sum((3 * i + k) % 7 for i in range(n))) for k in range(width)]
    assert products(inputs) == expected
    assert products(final) == expected
    forged = list(final)
    head = final[0][0]  # its plaintext moved by one: g·β
    forged[0] = (Ciphertext(head.alpha, group.mul(head.beta, group.generator())), *final[0][1:])
    assert products(forged) != expected  # the cross-check sees a changed item


@pytest.mark.parametrize("group_name", ["secp256k1", "modp4096"])
def test_a_copied_or_replaced_item_fails_on_the_production_groups(group_name: str) -> None:
    """The list checks of the tiny group hold on both production groups: one output copied from
    its input (not re-encrypted), or replaced by a fresh encryption of the same plaintexts."""
    group = get_group(group_name)
    kp, inputs, outputs, secret, _ = _setup(group, 3, 2, seed=f"prod {group_name}")
    copied = list(outputs)
    copied[1] = inputs[secret.permutation[1]]
    replaced = list(outputs)
    dlog = DiscreteLog(group, 10)
    ms = [decrypt(group, kp.secret, ct, dlog) for ct in outputs[2]]
    replaced[2] = tuple(encrypt(group, kp.public, m)[0] for m in ms)
    for forged in (copied, replaced):
        proof = prove_shuffle(group, kp.public, inputs, forged, secret, CONTEXT, TRUSTEE)
        err = _fails(
            lambda forged=forged, proof=proof: verify_shuffle(  # type: ignore[misc]
                group, kp.public, inputs, forged, proof, CONTEXT, TRUSTEE
            )
        )
        assert err.field == "t4"
