"""Exponential ElGamal over any :class:`~plebiscite.crypto.group.Group` (DESIGN §3).

Under a public key ``K = g^x`` a message ``m`` (a small non-negative integer: a count) with
randomness ``r`` encrypts to ``Enc(m; r) = (α, β) = (g^r, g^m·K^r)``. Ciphertexts multiply
component-wise, which adds the messages: ``Enc(m1; r1)·Enc(m2; r2) = Enc(m1 + m2; r1 + r2)``.
Decryption yields ``g^m = β·α^(−x)``; the count ``m`` itself is recovered with a bounded discrete
logarithm (:class:`DiscreteLog`).

The identity may appear in a ciphertext only where the caller allows it: a ballot's ciphertext
refuses it, an aggregate allows it (the empty aggregate is ``(1, 1)``, and two ballots with
``r2 = −r1`` aggregate to ``α = 1``).
"""

from __future__ import annotations

import math
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from plebiscite.crypto import rand
from plebiscite.crypto.group import Element, Group
from plebiscite.errors import EncodingError, ParameterError

__all__ = [
    "Ciphertext",
    "DiscreteLog",
    "KeyPair",
    "add",
    "aggregate",
    "decode_ciphertext",
    "decrypt",
    "decrypt_to_element",
    "encode_ciphertext",
    "encrypt",
    "keygen",
]


@dataclass(frozen=True)
class Ciphertext:
    """An exponential ElGamal ciphertext ``(α, β) = (g^r, g^m·K^r)``."""

    alpha: Element
    beta: Element


@dataclass(frozen=True)
class KeyPair:
    """A secret exponent ``x`` in ``[1, q)`` and its public key ``K = g^x`` (repr hides ``x``)."""

    secret: int
    public: Element

    def __repr__(self) -> str:
        return f"KeyPair(secret=<hidden>, public={self.public!r})"


def keygen(group: Group, rng: rand.Random | None = None) -> KeyPair:
    """A fresh key pair: ``x`` uniform in ``[1, q)``, ``K = g^x``."""
    x = group.random_nonzero_scalar(rng)
    return KeyPair(secret=x, public=group.exp_g_secret(x))


def encrypt(
    group: Group,
    public_key: Element,
    m: int,
    r: int | None = None,
    rng: rand.Random | None = None,
) -> tuple[Ciphertext, int]:
    """Encrypt ``m`` under ``public_key``; return the ciphertext and the randomness ``r`` used.

    ``r`` is taken as given (reduced mod q) when supplied, otherwise drawn uniformly from
    ``[1, q)``. The message and the randomness are secrets: they go through the backend's
    constant-time exponentiations.
    """
    if isinstance(m, bool) or not isinstance(m, int) or m < 0:
        raise ParameterError(f"encrypt: the message must be a non-negative integer, got {m!r}")
    group.check_element(public_key, "encrypt: public key")
    r = group.random_nonzero_scalar(rng) if r is None else r % group.q
    alpha = group.exp_g_secret(r)
    # g^m as g^(m+1)·g^(-1): the exponent is never 0, so no backend takes a shortcut whose
    # timing would tell m = 0 from m = 1; the three factors of β in one product, so no step
    # meets g^m alone (the identity when m = 0)
    g_m1 = group.exp_g_secret(m + 1)
    beta = group.prod([g_m1, group.inv(group.generator()), group.exp_secret(public_key, r)])
    return Ciphertext(alpha, beta), r


def add(group: Group, a: Ciphertext, b: Ciphertext) -> Ciphertext:
    """The homomorphic sum: ``(α_a·α_b, β_a·β_b)`` encrypts ``m_a + m_b``."""
    return Ciphertext(group.mul(a.alpha, b.alpha), group.mul(a.beta, b.beta))


def aggregate(group: Group, ciphertexts: Iterable[Ciphertext]) -> Ciphertext:
    """The homomorphic sum of ``ciphertexts``; ``(1, 1)`` (an encryption of 0) for none."""
    alpha = group.identity()
    beta = group.identity()
    for ct in ciphertexts:
        alpha = group.mul(alpha, ct.alpha)
        beta = group.mul(beta, ct.beta)
    return Ciphertext(alpha, beta)


def decrypt_to_element(group: Group, secret: int, ct: Ciphertext) -> Element:
    """``g^m = β·α^(−x)`` for the secret key ``x`` (constant-time exponentiation)."""
    return group.div(ct.beta, group.exp_secret(ct.alpha, secret))


def decrypt(group: Group, secret: int, ct: Ciphertext, dlog: DiscreteLog) -> int:
    """The message ``m`` of ``ct``, recovered with the bounded discrete log ``dlog``."""
    if dlog.group is not group:
        raise ParameterError("decrypt: the discrete-log table belongs to another group")
    return dlog.solve(decrypt_to_element(group, secret, ct))


class DiscreteLog:
    """Baby-step giant-step discrete logarithms to the base g for exponents in ``[0, maximum]``.

    The table of ``s = ⌈√(maximum + 1)⌉`` baby steps ``g^j`` is built once, lazily, on the first
    :meth:`solve` (thread-safe); each solve then takes at most ``s`` giant steps. Asking for the
    logarithm of an element whose exponent lies beyond ``maximum`` raises :class:`ParameterError`.
    """

    def __init__(self, group: Group, maximum: int) -> None:
        if isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 0:
            raise ParameterError(f"DiscreteLog: maximum must be a non-negative integer: {maximum}")
        if maximum >= group.q:
            raise ParameterError("DiscreteLog: maximum must be below the group order")
        self.group = group
        self.maximum = maximum
        self._steps = math.isqrt(maximum) + 1  # s with s*s > maximum
        self._table: dict[bytes, int] | None = None
        self._giant: Element | None = None
        self._lock = threading.Lock()

    def _build(self) -> tuple[dict[bytes, int], Element]:
        with self._lock:
            if self._table is None or self._giant is None:
                group = self.group
                g = group.generator()
                table: dict[bytes, int] = {}
                acc = group.identity()
                for j in range(self._steps):
                    table.setdefault(group.encode(acc), j)
                    acc = group.mul(acc, g)
                self._giant = group.inv(group.exp_g(self._steps))  # g^(−s)
                self._table = table
            return self._table, self._giant

    def solve(self, element: Element) -> int:
        """The ``m`` in ``[0, maximum]`` with ``g^m = element``."""
        table, giant = self._build()
        group = self.group
        y = element
        for i in range(self._steps):
            j = table.get(group.encode(y))
            if j is not None:
                m = i * self._steps + j
                if m <= self.maximum:
                    return m
                break
            y = group.mul(y, giant)
        raise ParameterError(
            f"discrete log: the element is not g^m for any m in [0, {self.maximum}]"
        )


def encode_ciphertext(group: Group, ct: Ciphertext) -> dict[str, str]:
    """The JSON form ``{"alpha": hex, "beta": hex}`` (the group's strict element encoding)."""
    return {"alpha": group.to_hex(ct.alpha), "beta": group.to_hex(ct.beta)}


def decode_ciphertext(group: Group, obj: object, role: str, *, allow_identity: bool) -> Ciphertext:
    """Parse ``{"alpha": hex, "beta": hex}`` strictly, validating both elements.

    ``allow_identity`` is the caller's choice: ``False`` for a ballot's ciphertext, ``True`` for
    an aggregate. Missing or extra keys, non-hex text and invalid elements are refused, naming
    ``role`` and the field.
    """
    if not isinstance(obj, Mapping):
        raise EncodingError.of(role, "a ciphertext must be an object with alpha and beta")
    keys = set(obj)
    if keys != {"alpha", "beta"}:
        raise EncodingError.of(
            role,
            f"a ciphertext has exactly the fields alpha and beta, got {sorted(map(str, keys))}",
        )
    alpha = group.from_hex(obj["alpha"], f"{role}.alpha", allow_identity=allow_identity)
    beta = group.from_hex(obj["beta"], f"{role}.beta", allow_identity=allow_identity)
    return Ciphertext(alpha, beta)
