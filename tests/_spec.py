"""The test election's spec: what varies between the suites' elections, and its definition.

An :class:`ElectionSpec` says what varies (the districts and their voters, the trustees, the
window, the group, the title) and derives everything else the same way: the TOML an authority
would write (one yes/no question, test scrypt parameters far below the default), the
:class:`Definition` with its election id and keys, and a deterministic BIP-340 key for every
named party seeded by the spec's ``namespace``. :mod:`_builder` plays the election it describes
(and re-exports it: suites import both from there).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey, VerifyingKey
from plebiscite.model.authoring import definition_from_toml
from plebiscite.model.definition import Definition

__all__ = ["ElectionSpec", "timestamp"]

_TOML = """{mode}
title = {title}
group = "{group}"
min_district_size = {min_size}
allow_small_districts = true
allow_early_close = true
{max_age}
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
opens = {opens}
closes = {closes}

[trustees]
n = {n}
k = {k}

{members}

# test parameters only: far below the default
[kdf]
algorithm = "scrypt"
n = 16
r = 1
p = 1
allow_weak = true
"""


def timestamp(moment: int | str | datetime) -> str:
    """An RFC 3339 UTC time for the TOML: as given (text), or from UTC seconds or a datetime."""
    if isinstance(moment, str):
        return moment
    if isinstance(moment, int):
        moment = datetime.fromtimestamp(moment, UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(frozen=True)
class ElectionSpec:
    """What a test election is made of; every other value is derived from it."""

    #: seeds every key: two suites with different namespaces never share a key
    namespace: str
    election_id: bytes
    #: registered voters per district, in the definition's order
    registered: Mapping[str, int]
    #: the title as a TOML value (a quoted string or an inline table of translations)
    title: str = '"Test referendum"'
    n: int = 3
    k: int = 2
    #: the window: RFC 3339 text, UTC seconds or a datetime
    opens: int | str | datetime = "2030-01-01T08:00:00Z"
    closes: int | str | datetime = "2030-01-02T08:00:00Z"
    group: str = "secp256k1"
    min_size: int = 1
    #: the trustees' (id, name) in order; default ``t1, Trustee 1`` …
    trustee_names: Sequence[tuple[str, str]] = field(default=())
    #: the district names; default ``District <id>``
    district_names: Mapping[str, str] = field(default_factory=dict)
    #: seconds a ballot may be posted after the head it names; None: the definition's default
    max_ballot_age: int | None = None
    #: the election mode (docs/spec.md §16.2): "revote" or "fake-credentials"
    coercion: str = "revote"
    #: in the mode fake-credentials: how many registrars, and the anonymity-set size β
    registrars: int = 2
    anonymity: int = 4

    @property
    def fake_credentials(self) -> bool:
        return self.coercion == "fake-credentials"

    def registrar_key(self, j: int) -> SigningKey:
        """Registrar ``j``'s signing key (from 1), in the mode fake-credentials."""
        return self.key(f"registrar {j}")

    def designated_secret(self, district: str, position: int) -> int:
        """The designated-verifier secret v of the voter at ``position`` of ``district``'s roll
        (made by her device at registration, spec §16.3), below secp256k1's and modp4096's q."""
        source = DeterministicRandom(f"{self.namespace} designated {district} {position}")
        return 1 + source.randbelow((1 << 250) - 1)

    def key(self, name: str) -> SigningKey:
        """The deterministic key of the party ``name`` ("authority", "ca", "trustee 1" …)."""
        return SigningKey.generate(DeterministicRandom(f"{self.namespace} {name}"))

    def voter(self, district: str, i: int) -> SigningKey:
        """Voter ``i`` of ``district``'s credential key."""
        return self.key(f"voter {district} {i}")

    def trustees(self) -> list[tuple[str, str]]:
        """The trustees' (id, name), in order."""
        return list(self.trustee_names) or [(f"t{i}", f"Trustee {i}") for i in range(1, self.n + 1)]

    def trustee_key(self, position: int) -> SigningKey:
        """The deterministic identity key of trustee ``position`` (from 1)."""
        return self.key(f"trustee {position}")

    def toml(self, fingerprints: Sequence[str] | None = None) -> str:
        """The TOML an authority would write: no election id, no keys. ``fingerprints`` are the
        trustees' (default: those of :meth:`trustee_key`)."""
        if fingerprints is None:
            fingerprints = [self.trustee_key(i).public.fingerprint() for i in range(1, self.n + 1)]
        districts = "\n".join(
            f'[[districts]]\nid = "{d}"\nname = "{self.district_names.get(d, f"District {d}")}"\n'
            f"registered = {count}\n"
            for d, count in self.registered.items()
        )
        members = "\n".join(
            f'[[trustees.members]]\nid = "{tid}"\nname = "{name}"\nfingerprint = "{fp}"\n'
            for (tid, name), fp in zip(self.trustees(), fingerprints, strict=True)
        )
        mode = ""
        if self.fake_credentials:
            mode = f'coercion = "fake-credentials"\nanonymity = {self.anonymity}\n'
            members += "".join(
                f'\n[[registrars]]\nid = "r{j}"\nname = "Registrar {j}"\n'
                f'key = "{self.registrar_key(j).public.hex()}"\n'
                for j in range(1, self.registrars + 1)
            )
        return _TOML.format(
            mode=mode,
            title=self.title,
            group=self.group,
            min_size=self.min_size,
            districts=districts,
            opens=timestamp(self.opens),
            closes=timestamp(self.closes),
            n=self.n,
            k=self.k,
            members=members,
            max_age=""
            if self.max_ballot_age is None
            else f"max_ballot_age = {self.max_ballot_age}\n",
        )

    def definition(
        self,
        fingerprints: Sequence[str] | None = None,
        *,
        board: VerifyingKey | None = None,
        authority: VerifyingKey | None = None,
        credential_authority: VerifyingKey | None = None,
    ) -> Definition:
        """The definition with its election id and the three keys (default: the spec's
        ``key("board")``, ``key("authority")``, ``key("ca")``)."""
        base = definition_from_toml(self.toml(fingerprints), f"{self.namespace}.toml")
        return base.with_election_id(self.election_id).with_keys(
            board=board or self.key("board").public,
            authority=authority or self.key("authority").public,
            credential_authority=credential_authority or self.key("ca").public,
        )
