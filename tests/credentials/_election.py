"""A small election for the credential tests: three districts, tiny scrypt parameters."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.model.authoring import definition_from_toml
from plebiscite.model.codec import JSONObject
from plebiscite.model.definition import Definition
from plebiscite.model.entry import GENESIS_PREV, Entry
from plebiscite.model.roll import FINAL_KIND, ROLL_KIND, chunk_bodies, final_body, merkle_root

ELECTION_ID = bytes.fromhex("00112233445566778899aabbccddeeff")

#: registered voters per district, in the definition's order
REGISTERED = {"north": 7, "south": 3, "east-1": 5}

TOML = """
title = { en = "Test referendum", uk = "Тестовий референдум" }
min_district_size = 1
allow_small_districts = true

[[questions]]
id = "q"
text = "Do you agree?"
min = 1
max = 1

[[questions.options]]
id = "yes"
label = "Yes"

[[questions.options]]
id = "no"
label = "No"

{districts}

[window]
opens = 2030-01-01T08:00:00Z
closes = 2030-01-02T08:00:00Z

[trustees]
n = 1
k = 1

[[trustees.members]]
id = "t1"
name = "Trustee"
fingerprint = "{fingerprint}"

# test parameters only: far below the default
[kdf]
algorithm = "scrypt"
n = 16
r = 1
p = 1
allow_weak = true
"""


def toml_text(registered: dict[str, int] = REGISTERED) -> str:
    """The test definition's TOML (no election id, no keys)."""
    districts = "\n".join(
        f'[[districts]]\nid = "{d}"\nname = "District {d}"\nregistered = {n}\n'
        for d, n in registered.items()
    )
    fingerprint = key("trustee").public.fingerprint()
    return TOML.replace("{districts}", districts).replace("{fingerprint}", fingerprint)


def key(name: str) -> SigningKey:
    """A deterministic test key."""
    return SigningKey.generate(DeterministicRandom(f"credentials test key {name}"))


def definition(
    ca: VerifyingKey | None = None, registered: dict[str, int] = REGISTERED
) -> Definition:
    """The test definition with its election id and all three keys."""
    base = definition_from_toml(toml_text(registered), "test.toml").with_election_id(ELECTION_ID)
    return base.with_keys(
        board=key("board").public,
        authority=key("authority").public,
        credential_authority=ca or key("ca").public,
    )


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
