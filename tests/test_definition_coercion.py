"""The election mode in the definition (docs/spec.md §16.2): `coercion = "revote"` is the default
and absent from the manifest, so existing manifests keep their bytes; the fields of the mode
fake-credentials have their manifest form but the mode is refused, with a message saying why,
until its registration, ballots and tally can be run and verified."""

from __future__ import annotations

import dataclasses

import pytest

from plebiscite.errors import DefinitionError
from plebiscite.model.authoring import definition_from_toml, validate
from plebiscite.model.definition import Definition
from test_definition import TEXT, complete


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


def test_the_manifest_form_of_the_mode_fake_credentials() -> None:
    definition = dataclasses.replace(complete(), coercion="fake-credentials", anonymity=32)
    body = definition.to_manifest()
    assert (body["coercion"], body["anonymity"]) == ("fake-credentials", 32)
    with pytest.raises(DefinitionError, match="not yet built"):
        Definition.from_manifest(body)


@pytest.mark.parametrize(
    ("head", "fragment"),
    [
        ('coercion = "fake-credentials"\n', "coercion: the mode fake-credentials is specified"),
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


def test_a_manifest_never_says_revote() -> None:
    body = complete().to_manifest()
    with pytest.raises(DefinitionError, match="has no coercion field"):
        Definition.from_manifest({**body, "coercion": "revote"})
    with pytest.raises(DefinitionError, match="belongs to the mode fake-credentials"):
        Definition.from_manifest({**body, "anonymity": 64})
