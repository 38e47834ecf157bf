"""A small election for the credential tests: three districts, tiny scrypt parameters."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence

from _builder import ElectionSpec
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.model.codec import JSONObject
from plebiscite.model.definition import Definition
from plebiscite.model.entry import GENESIS_PREV, Entry
from plebiscite.model.roll import FINAL_KIND, ROLL_KIND, chunk_bodies, final_body, merkle_root

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


def key(name: str) -> SigningKey:
    """A deterministic test key."""
    return SPEC.key(name)


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
    """Entries linked into one chain with increasing times."""
    out: list[Entry] = []
    for index, (kind, body) in enumerate(items):
        prev = out[-1].hash if out else GENESIS_PREV
        out.append(Entry.create(index, 1_000 + index, kind, body, prev))
    return out


def roll_items(
    rolls: dict[str, Sequence[bytes]],
    *,
    chunk_size: int = 2,
    ca: SigningKey | None = None,
    counts: dict[str, int] | None = None,
) -> list[tuple[str, JSONObject]]:
    """Roll chunks for ``rolls`` (district -> keys in order), signed by the CA, then the final
    entry signed by ``ca`` (the CA by default)."""
    items: list[tuple[str, JSONObject]] = []
    for district, keys in rolls.items():
        bodies = chunk_bodies(district, keys, chunk_size, key=key("ca"), election_id=ELECTION_ID)
        items += [(ROLL_KIND, body) for body in bodies]
    listed = [
        (d, (counts or {}).get(d, len(keys)), merkle_root(d, keys)) for d, keys in rolls.items()
    ]
    items.append((FINAL_KIND, final_body(ca or key("ca"), ELECTION_ID, listed)))
    return items


def honest_rolls() -> dict[str, list[bytes]]:
    """Valid keys for every district, as many as registered."""
    return {d: fake_keys(d, n) for d, n in REGISTERED.items()}


def manifest_item(defn: Definition | None = None) -> tuple[str, JSONObject]:
    """The manifest entry of the test election."""
    return ("manifest", (defn or definition()).to_manifest())
