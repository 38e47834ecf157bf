"""A small election for the credential tests: three districts, tiny scrypt parameters; its
rolls made by the test election builder's credentials phase."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from _builder import Chain, ElectionBuilder, ElectionSpec
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.model.codec import JSONObject
from plebiscite.model.definition import Definition
from plebiscite.model.entry import Entry
from plebiscite.model.roll import final_body

ELECTION_ID = bytes.fromhex("00112233445566778899aabbccddeeff")

#: registered voters per district, in the definition's order
REGISTERED = {"north": 7, "south": 3, "east-1": 5}

#: the election of this suite: one trustee, three districts, a translated title
SPEC = ElectionSpec(
    "credentials test key",
    ELECTION_ID,
    REGISTERED,
    title='{ en = "Test referendum", uk = "Тестовий референдум" }',
    n=1,
    k=1,
    trustee_names=[("t1", "Trustee")],
)


#: a deterministic test key of the party ``name``
key = SPEC.key


def toml_text(registered: dict[str, int] = REGISTERED) -> str:
    """The test definition's TOML (no election id, no keys)."""
    spec = dataclasses.replace(SPEC, registered=registered)
    return spec.toml([key("trustee").public.fingerprint()])


def definition(
    ca: VerifyingKey | None = None, registered: dict[str, int] = REGISTERED
) -> Definition:
    """The test definition with its election id and all three keys."""
    spec = dataclasses.replace(SPEC, registered=registered)
    return spec.definition([key("trustee").public.fingerprint()], credential_authority=ca)


def fake_keys(district: str, count: int, seed: str = "") -> list[bytes]:
    """``count`` distinct valid x-only keys (not derived from credentials)."""
    rng = DeterministicRandom(f"roll {district} {seed}")
    return [SigningKey.generate(rng).public.xonly for _ in range(count)]


def chain(items: Iterable[tuple[str, JSONObject]]) -> list[Entry]:
    """Entries linked into one chain with increasing times (the builder's :class:`Chain`)."""
    linked = Chain(key("board"), ELECTION_ID, 999)
    for kind, body in items:
        linked.post(kind, body, step=1)
    return linked.entries()


class _RollBuilder(ElectionBuilder):
    """The builder's credentials phase over given keys, its final entry listing ``counts``
    (default: the keys') signed by ``ca``."""

    def __init__(
        self, rolls: dict[str, Sequence[bytes]], ca: SigningKey, counts: dict[str, int]
    ) -> None:
        super().__init__(SPEC, Chain(key("board"), ELECTION_ID, 0), seed="credentials roll")
        self.rolls, self.ca, self.counts = rolls, ca, counts

    def roll_keys(self) -> dict[str, list[bytes]]:
        return {d: list(keys) for d, keys in self.rolls.items()}

    def roll_final(self, listed: Sequence[tuple[str, int, bytes]]) -> JSONObject:
        listed = [(d, self.counts.get(d, count), root) for d, count, root in listed]
        return final_body(self.ca, ELECTION_ID, listed, self.rng)


def roll_items(
    rolls: dict[str, Sequence[bytes]],
    *,
    chunk_size: int = 2,
    ca: SigningKey | None = None,
    counts: dict[str, int] | None = None,
) -> list[tuple[str, JSONObject]]:
    """Roll chunks for ``rolls`` (district -> keys in order), signed by the CA, then the final
    entry signed by ``ca`` (the CA by default)."""
    builder = _RollBuilder(rolls, ca or key("ca"), counts or {})
    builder.roll_chunk = chunk_size
    builder.credentials()
    return [(e.kind, e.body) for e in builder.entries]


def honest_rolls() -> dict[str, list[bytes]]:
    """Valid keys for every district, as many as registered."""
    return {d: fake_keys(d, n) for d, n in REGISTERED.items()}


def manifest_item(defn: Definition | None = None) -> tuple[str, JSONObject]:
    """The manifest entry of the test election."""
    return ("manifest", (defn or definition()).to_manifest())
