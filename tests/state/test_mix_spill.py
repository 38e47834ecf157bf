"""The prover's columns on disk (plebiscite.state.mix_spill): the proof made over them is the one
made in memory for the same seed, the secret columns are sealed, the directory is private and
removed when done."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

import pytest
from cryptography.exceptions import InvalidTag
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plebiscite.crypto.elgamal import Ciphertext
from plebiscite.crypto.group import Group
from plebiscite.crypto.groups import get_group
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.shuffle import (
    ColumnGenerators,
    Item,
    elements_bytes,
    items_bytes,
    prove_columns,
    prove_shuffle,
    shuffle,
    shuffle_columns,
    shuffle_generators,
)
from plebiscite.crypto.shuffle_columns import (
    PROVER_CHUNK,
    Column,
    chunked,
    elements_bytes_of,
    items_bytes_of,
)
from plebiscite.errors import ParameterError
from plebiscite.state.mix_spill import DiskColumns

CONTEXT = b"spill test context"


def _items(group: Group, n: int, width: int) -> list[Item]:
    return [
        tuple(
            Ciphertext(group.exp_g(3 * i + k + 1), group.exp_g(5 * i + k + 2)) for k in range(width)
        )
        for i in range(n)
    ]


T = TypeVar("T")


def _fill(column: Column[T], values: Sequence[T]) -> Column[T]:
    for chunk in chunked(values, PROVER_CHUNK):
        column.append(chunk)
    return column


def _all(column: Column[T]) -> list[T]:
    return [value for chunk in column.chunks() for value in chunk]


@pytest.mark.parametrize(
    ("name", "n", "width"), [("secp256k1", PROVER_CHUNK + 7, 2), ("modp4096", 5, 1)]
)
def test_the_proof_on_disk_is_the_proof_in_memory(
    name: str, n: int, width: int, tmp_path: Path
) -> None:
    group = get_group(name)
    key = group.exp_g(77)
    inputs = _items(group, n, width)
    rng = DeterministicRandom(b"seed")
    outputs, secret = shuffle(group, key, inputs, rng)
    proof = prove_shuffle(group, key, inputs, outputs, secret, CONTEXT, 2, rng=rng)

    gens = shuffle_generators(group, CONTEXT, n)
    rng = DeterministicRandom(b"seed")
    with DiskColumns(group, tmp_path / "spill") as columns:
        assert (tmp_path / "spill").stat().st_mode & 0o777 == 0o700
        column_in = _fill(columns.column("inputs", "items", width), inputs)
        hs = _fill(columns.column("hs", "elements"), gens.hs)
        column_out, witness = shuffle_columns(group, key, column_in, width, columns, rng)
        on_disk = prove_columns(
            group,
            key,
            column_in,
            column_out,
            witness,
            CONTEXT,
            2,
            ColumnGenerators(gens.seed, gens.h, hs),
            columns,
            rng,
        )
        assert _all(column_out) == outputs
        assert list(witness.permutation) == list(secret.permutation)
        assert tuple(_all(witness.randomness)) == secret.randomness
        for field in ("c", "c_hat", "t_hat", "s_hat", "s_prime"):
            assert tuple(_all(getattr(on_disk, field))) == getattr(proof, field), field
        for field in ("t1", "t2", "t3", "t4", "s1", "s2", "s3", "s4"):
            assert getattr(on_disk, field) == getattr(proof, field), field
        assert column_out[n - 1] == outputs[n - 1]
    assert not (tmp_path / "spill").exists()


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(values=st.lists(st.integers(min_value=0, max_value=2**256 - 2**32), min_size=1, max_size=40))
def test_a_secret_column_is_sealed_and_reads_back(values: list[int], tmp_path: Path) -> None:
    group = get_group("secp256k1")
    values = [v % group.q for v in values]
    directory = tmp_path / f"spill-{os.urandom(4).hex()}"
    with DiskColumns(group, directory) as columns:
        column = columns.column("r", "scalars", secret=True)
        column.append(values)
        (path,) = directory.iterdir()
        raw = path.read_bytes()
        assert path.stat().st_mode & 0o777 == 0o600
        assert not any(group.encode_scalar(v) in raw for v in values if v > 2**64)
        assert _all(column) == values
        with pytest.raises(ParameterError):
            column[0]  # a secret column is read in its chunks only


def test_an_altered_secret_chunk_is_refused(tmp_path: Path) -> None:
    group = get_group("secp256k1")
    with DiskColumns(group, tmp_path / "spill") as columns:
        column = columns.column("r", "scalars", secret=True)
        column.append(list(range(1, PROVER_CHUNK + 1)))
        column.append([5, 6])
        (path,) = (tmp_path / "spill").iterdir()
        data = bytearray(path.read_bytes())
        data[3] ^= 1
        path.write_bytes(bytes(data))
        with pytest.raises(InvalidTag):
            list(column.chunks())


def test_a_chunk_after_a_short_one_is_refused(tmp_path: Path) -> None:
    group = get_group("secp256k1")
    with DiskColumns(group, tmp_path / "spill") as columns:
        column = columns.column("s", "scalars")
        column.append([1, 2])
        with pytest.raises(ParameterError, match="after a short one"):
            column.append([3])


@settings(max_examples=25, deadline=None)
@given(
    exponents=st.lists(st.integers(min_value=1, max_value=2**64), min_size=0, max_size=12),
    width=st.integers(min_value=1, max_value=3),
)
def test_the_digests_from_encodings_equal_those_of_the_elements(
    exponents: list[int], width: int
) -> None:
    """What a column on disk gives a digest (items_bytes_of, elements_bytes_of of the stored
    encodings) is items_bytes / elements_bytes of the decoded values."""
    group = get_group("secp256k1")
    elements = [group.exp_g(e) for e in exponents]
    assert elements_bytes_of([group.encode(e) for e in elements]) == elements_bytes(group, elements)
    usable = len(elements) - len(elements) % (2 * width)
    items = [
        tuple(Ciphertext(elements[i + 2 * k], elements[i + 2 * k + 1]) for k in range(width))
        for i in range(0, usable, 2 * width)
    ]
    flat = [group.encode(e) for e in elements[:usable]]
    assert items_bytes_of(flat, width) == items_bytes(group, items, width)
