"""The election mode in the definition (docs/spec.md §16.2–§16.3): `coercion = "revote"` is the
default and absent from the manifest, so existing manifests keep their bytes; the mode
fake-credentials states β and lists its registrars (id, name, BIP-340 key), in TOML and in the
manifest, and round-trips; every misuse of the fields is refused with its path and line."""

from __future__ import annotations

import pytest

from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import DefinitionError
from plebiscite.model.authoring import definition_from_toml, validate
from plebiscite.model.definition import Definition, Registrar
from test_definition import TEXT, complete, line_of


def _keys(count: int, seed: int = 11) -> list[str]:
    rng = DeterministicRandom(seed)
    return [SigningKey.generate(rng).public.hex() for _ in range(count)]


def _registrars(count: int) -> str:
    return "".join(
        f'\n[[registrars]]\nid = "r{j}"\nname = "Registrar {j}"\nkey = "{key}"\n'
        for j, key in enumerate(_keys(count), 1)
    )


#: the example in the mode fake-credentials with β = 32 and two registrars
FAKE_TEXT = 'coercion = "fake-credentials"\nanonymity = 32\n' + TEXT + _registrars(2)


def _problems(text: str) -> list[str]:
    return [f"{p.path}: {p.message}" for p in validate(text, "def.toml").problems]


def test_revote_is_the_default_and_absent_from_the_manifest() -> None:
    definition = complete()
    assert (definition.coercion, definition.anonymity) == ("revote", 64)
    body = definition.to_manifest()
    assert "coercion" not in body and "anonymity" not in body
    assert Definition.from_manifest(body).to_manifest() == body
    explicit = complete('coercion = "revote"\n' + TEXT)
    assert explicit == definition  # said or not, the same definition and manifest


def test_the_mode_fake_credentials_reads_and_round_trips() -> None:
    definition = complete(FAKE_TEXT)
    assert definition.fake_credentials and definition.anonymity == 32
    assert [(r.id, r.name, r.key.hex()) for r in definition.registrars] == [
        (f"r{j}", f"Registrar {j}", key) for j, key in enumerate(_keys(2), 1)
    ]
    body = definition.to_manifest()
    assert (body["coercion"], body["anonymity"]) == ("fake-credentials", 32)
    assert body["registrars"] == [
        {"id": r.id, "name": r.name, "key": r.key.hex()} for r in definition.registrars
    ]
    assert Definition.from_manifest(body) == definition
    assert Definition.from_manifest(body).to_manifest() == body
    assert all(isinstance(r, Registrar) for r in definition.registrars)


def test_beta_defaults_in_toml_but_a_manifest_states_it() -> None:
    definition = complete('coercion = "fake-credentials"\n' + TEXT + _registrars(1))
    assert definition.anonymity == 64 and len(definition.registrars) == 1
    body = definition.to_manifest()
    del body["anonymity"]
    with pytest.raises(DefinitionError, match="anonymity: a manifest of the mode"):
        Definition.from_manifest(body)


@pytest.mark.parametrize(
    ("head", "fragment"),
    [
        ('coercion = "fake-credentials"\n', "registrars: the mode fake-credentials needs"),
        ('coercion = "panic"\n', "coercion: unknown mode 'panic'"),
        ("coercion = 1\n", "coercion: unknown mode an integer"),
        ("anonymity = 16\n", "anonymity: belongs to the mode fake-credentials only"),
        ('coercion = "fake-credentials"\nanonymity = 1\n', "anonymity: must be at least 2"),
        ('coercion = "fake-credentials"\nanonymity = 2048\n', "anonymity: must be at most 1024"),
    ],
)
def test_bad_modes_are_refused_with_the_field(head: str, fragment: str) -> None:
    problems = _problems(head + TEXT)
    assert any(fragment in p for p in problems), problems
    with pytest.raises(DefinitionError):
        definition_from_toml(head + TEXT)


@pytest.mark.parametrize(
    ("old", "new", "path", "fragment"),
    [
        ('id = "r2"', 'id = "r1"', "registrars[1].id", "duplicate registrar id 'r1'"),
        ('id = "r2"', 'id = "R 2"', "registrars[1].id", "is not an id"),
        ('name = "Registrar 2"', "name = 2", "registrars[1].name", "expected a string"),
        (_keys(2)[1], _keys(2)[0], "registrars[1].key", "duplicate registrar key"),
        (_keys(2)[1], "00" * 32, "registrars[1].key", "not the x-coordinate"),
        (_keys(2)[1], "AB" * 32, "registrars[1].key", "lowercase hex"),
    ],
)
def test_bad_registrars_are_refused_at_their_line(
    old: str, new: str, path: str, fragment: str
) -> None:
    text = FAKE_TEXT.replace(old, new)
    problems = [p for p in validate(text, "def.toml").problems if p.path == path]
    assert problems and fragment in problems[0].message, problems
    assert problems[0].line == line_of(text, new, text.count(new))  # the changed (last) line


def test_registrars_belong_to_the_mode_and_are_bounded() -> None:
    problems = _problems(TEXT + _registrars(1))
    assert any("registrars: belongs to the mode fake-credentials only" in p for p in problems)
    too_many = 'coercion = "fake-credentials"\n' + TEXT + _registrars(17)
    assert any("registrars: at most 16 registrars, got 17" in p for p in _problems(too_many))
    body = complete(FAKE_TEXT).to_manifest()
    with pytest.raises(DefinitionError, match="registrars: needs at least one"):
        Definition.from_manifest({**body, "registrars": []})
    with pytest.raises(DefinitionError, match=r"registrars\[0\]: missing|registrars\[0\].key"):
        Definition.from_manifest({**body, "registrars": [{"id": "r1", "name": "R"}]})


def test_a_manifest_never_says_revote() -> None:
    body = complete().to_manifest()
    with pytest.raises(DefinitionError, match="has no coercion field"):
        Definition.from_manifest({**body, "coercion": "revote"})
    with pytest.raises(DefinitionError, match="belongs to the mode fake-credentials"):
        Definition.from_manifest({**body, "anonymity": 64})
