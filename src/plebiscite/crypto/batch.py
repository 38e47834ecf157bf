"""Batch verification of group equations by the small-exponent test, with bisection on failure.

A proof's verifier checks its challenge, elements and scalars itself and then hands its group
equations here. Each equation says ``∏ bases[i]^exponents[i] = 1``. :meth:`BatchVerifier.check`
draws a fresh 64-bit weight ``w_e`` from :mod:`secrets` for every equation, folds all equations
into one product ``∏_e (∏_i b_ei^x_ei)^w_e``, merges equal bases (g, the election key and the
verification keys appear in almost every equation: their exponents are summed mod q) and
evaluates it with ONE :meth:`Group.multi_exp`. If every equation holds, so does the product; if
any fails, the product is the identity with probability at most 2^-64.

On failure the items (the equations that share a label) are bisected, each half folded again
with new weights, until single items remain; a single item is checked equation by equation
without weights, exactly as a one-at-a-time verifier would. The verdict for each item is thus
the same however the work is split: one batch, many batches, or none.

The weights come from the operating system's CSPRNG only; they are never derived from the data
being verified and nothing in a record or on the command line can choose them.

The first fold of :meth:`BatchVerifier.check` (every item at once) also vouches for the subgroup
membership of the proof commitments among its bases (:meth:`BatchVerifier.uncovered`): each is
raised to minus its equation's own weight, so on modp4096 a commitment outside the order-q
subgroup makes the product differ from 1 but with probability 2^-64 (docs/spec.md §3.2,
"Commitments' membership from the proof batch").
"""

from __future__ import annotations

import importlib
import secrets
import struct
from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from plebiscite.crypto.group import Element, Group

__all__ = ["BatchVerifier", "Equation", "equation_holds", "system_weights"]

_WEIGHT_BITS = 64


class Equation(NamedTuple):
    """One group equation: ``∏ bases[i]^exponents[i]`` must be the identity."""

    bases: tuple[Element, ...]
    exponents: tuple[int, ...]


def equation_holds(group: Group, equation: Equation) -> bool:
    """Whether ``equation`` holds, evaluated directly (one multi-exponentiation, no weights)."""
    return group.is_identity(group.multi_exp(equation.bases, equation.exponents))


def _system_weight() -> int:
    return 1 + secrets.randbelow((1 << _WEIGHT_BITS) - 1)


def system_weights(count: int) -> list[int]:
    """``count`` weights uniform in [1, 2^64 − 1], like :func:`_system_weight`, from one read of
    the OS CSPRNG (a zero, probability 2^-64, is drawn again)."""
    raw = secrets.token_bytes(8 * count)
    weights = list(struct.unpack(f">{count}Q", raw))
    while 0 in weights:
        weights[weights.index(0)] = _system_weight()
    return weights


def _load_compiled() -> Callable[[list[Equation], list[int]], tuple[list[Any], list[int]]] | None:
    """``fold_by_object`` of the compiled helper (``batch_fold.c``, built by ``make setup``:
    scripts/build_native.py), or None where it is not built."""
    try:
        module = importlib.import_module("plebiscite.crypto._batch_fold")
    except ImportError:
        return None
    fold: Callable[[list[Equation], list[int]], tuple[list[Any], list[int]]]
    fold = module.fold_by_object
    return fold


#: the compiled first step of the fold, when built; None runs :func:`fold_by_object`
_COMPILED: Callable[[list[Equation], list[int]], tuple[list[Any], list[int]]] | None
_COMPILED = _load_compiled()


def fold_by_object(
    equations: list[Equation], weights: list[int]
) -> tuple[list[Element], list[int]]:
    """Every base object of ``equations`` in the order first met and, for each, the sum of
    ``weight × exponent`` over the terms where that very object appears (merged by identity, no
    hashing of points, not reduced). The reference of ``batch_fold.c``."""
    by_id: dict[int, int] = {}
    objects: dict[int, Element] = {}
    get = by_id.get
    for (eq_bases, eq_exps), w in zip(equations, weights, strict=True):
        for base, exponent in zip(eq_bases, eq_exps, strict=True):
            key = id(base)
            total = get(key)
            if total is None:
                objects[key] = base
                by_id[key] = w * exponent
            else:
                by_id[key] = total + w * exponent
    return list(objects.values()), list(by_id.values())


class BatchVerifier:
    """Collects labelled group equations and checks them together.

    ``add(label, bases, exponents)`` records one equation; the equations added under one label
    form one item (a proof adds all its equations under its own label). :meth:`check` returns
    the labels of the failing items in the order they were first added: an empty list when
    everything holds.
    """

    def __init__(self, group: Group, *, _weight_source: Callable[[], int] | None = None) -> None:
        self.group = group
        self._weight = _weight_source if _weight_source is not None else _system_weight
        self._items: dict[str, list[Equation]] = {}
        self.multi_exps = 0  #: multi-exponentiations evaluated so far (for tests and benchmarks)
        #: the ids of the base objects of the first fold over every item, when it held
        self._vouched: set[int] = set()

    def __len__(self) -> int:
        """The number of items (distinct labels) recorded."""
        return len(self._items)

    def add(self, label: str, bases: Sequence[Element], exponents: Sequence[int]) -> None:
        """Record the equation ``∏ bases[i]^exponents[i] = 1`` under ``label``."""
        if len(bases) != len(exponents):
            raise ValueError(
                f"batch equation {label!r}: {len(bases)} bases but {len(exponents)} exponents"
            )
        self._items.setdefault(label, []).append(Equation(tuple(bases), tuple(exponents)))

    def add_equations(self, label: str, equations: Sequence[Equation]) -> None:
        """Record several equations under ``label``."""
        for eq in equations:
            bases, exponents = eq
            if (
                type(eq) is Equation
                and type(bases) is tuple
                and type(exponents) is tuple
                and len(bases) == len(exponents)
            ):
                self._items.setdefault(label, []).append(eq)  # already in the stored form
            else:
                self.add(label, bases, exponents)

    def check(self) -> list[str]:
        """The labels of the items with a failing equation, in the order first added."""
        labels = list(self._items)
        self._vouched = set()
        if not labels:
            return []
        failed: set[str] = set()
        self._bisect(labels, failed, first=True)
        return [label for label in labels if label in failed]

    def uncovered(self, commitments: Sequence[Element]) -> list[Element]:
        """The elements of ``commitments`` (proof commitments, each a term of exactly one
        equation with exponent −1) that the last :meth:`check` does not vouch for: all of them
        unless its first fold, over every item at once, held; then those that were not base
        objects of it (docs/spec.md §3.2, "Commitments' membership from the proof batch")."""
        vouched = self._vouched
        if not vouched:
            return list(commitments)
        return [a for a in commitments if id(a) not in vouched]

    def _bisect(self, labels: list[str], failed: set[str], *, first: bool = False) -> None:
        if len(labels) == 1:
            label = labels[0]
            if not all(self._direct(eq) for eq in self._items[label]):
                failed.add(label)
            return
        if self._folded_holds(labels, first=first):
            return
        mid = len(labels) // 2
        self._bisect(labels[:mid], failed)
        self._bisect(labels[mid:], failed)

    def _direct(self, equation: Equation) -> bool:
        self.multi_exps += 1
        return equation_holds(self.group, equation)

    def _weights(self, count: int) -> list[int]:
        """``count`` fresh weights: from the OS CSPRNG in one read unless a source was given."""
        if self._weight is not _system_weight:
            return [self._weight() for _ in range(count)]
        return system_weights(count)

    def _folded_holds(self, labels: list[str], *, first: bool = False) -> bool:
        """Whether the items of ``labels`` hold, folded with fresh weights; ``first``: they are
        every item, and when they hold, their base objects are kept (:meth:`uncovered`)."""
        q = self.group.q
        items = self._items
        equations = [eq for label in labels for eq in items[label]]
        # merge equal bases in two steps: first the same objects (by id, no hashing of points),
        # then equal points among the distinct objects; exponents are reduced mod q once, at the
        # end (the sum is the same modulo q)
        weights = self._weights(len(equations))
        fold = _COMPILED if _COMPILED is not None else fold_by_object
        objects, totals = fold(equations, weights)
        merged: dict[Element, int] = {}
        get = merged.get
        for base, total in zip(objects, totals, strict=True):
            merged[base] = get(base, 0) + total
        # an identity base or a zero exponent adds nothing: Group.multi_exp leaves such terms
        # out itself, so they are not looked for here
        bases = list(merged)
        exps = [total % q for total in merged.values()]
        if any(exps):
            self.multi_exps += 1
            if not self.group.is_identity(self.group.multi_exp(bases, exps)):
                return False
        if first and self._weight is _system_weight:
            # a commitment's term: minus its equation's weight, applied by ModpGroup.multi_exp
            # as the inverse of a power with that short exponent (spec §3.2); kept by object, so
            # objects outlive the check in self._items and an id cannot be reused meanwhile
            self._vouched = {id(base) for base in objects}
        return True
