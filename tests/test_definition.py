"""The election definition: the example, the manifest round trip, and every validation rule.

Each rule is tested by changing the example TOML and checking that the problem names the field
path and the line of the change, and that :class:`DefinitionError` reports it in that form.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plebiscite.crypto.credential import HKDF_SHA256, KdfParams
from plebiscite.crypto.encoding import canonical_bytes
from plebiscite.crypto.groups import GROUP_NAMES
from plebiscite.crypto.rand import DeterministicRandom
from plebiscite.crypto.signatures import SigningKey
from plebiscite.errors import DefinitionError
from plebiscite.model.authoring import definition_from_toml, load_definition, update_toml, validate
from plebiscite.model.definition import (
    KDF_MIN_N,
    UNDETERMINED_LANGUAGE,
    Definition,
    Keys,
    Text,
    Window,
    new_election_id,
)

EXAMPLE = Path(__file__).parents[1] / "examples" / "referendum.toml"
TEXT = EXAMPLE.read_text(encoding="utf-8")
FILE = "def.toml"
HKDF_BLOCK = '[kdf]\nalgorithm = "hkdf-sha256"\n'
SCRYPT_BLOCK = '[kdf]\nalgorithm = "scrypt"\nn = 16384\nr = 8\np = 1\n'
#: the example with the key derivation of older elections, scrypt at the floor's cost
SCRYPT_TEXT = TEXT.replace(HKDF_BLOCK, SCRYPT_BLOCK)


def changed(old: str, new: str, text: str = TEXT) -> str:
    """``text`` with the one occurrence of ``old`` replaced by ``new``."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``needle``."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not found {occurrence} times"
    return hits[occurrence - 1]


def check_problem(text: str, path: str, fragment: str, needle: str, occurrence: int = 1) -> None:
    """The problem at ``path`` says ``fragment`` and names the line of ``needle``."""
    result = validate(text, FILE)
    assert result.definition is None
    matches = [p for p in result.problems if p.path == path]
    assert matches, f"no problem at {path}; got {[str(p) for p in result.problems]}"
    problem = matches[0]
    assert fragment in problem.message, problem.message
    assert problem.line == line_of(text, needle, occurrence), str(problem)
    with pytest.raises(DefinitionError) as error:
        definition_from_toml(text, FILE)
    assert f"{FILE}:{problem.line}: {path}: " in str(error.value)


def demo_keys(seed: int = 7) -> Keys:
    rng = DeterministicRandom(seed)
    return Keys(*(SigningKey.generate(rng).public for _ in range(3)))


def complete(text: str = TEXT) -> Definition:
    """The definition of ``text`` with an election id and all three keys written in."""
    filled = update_toml(text, election_id=bytes(range(16)), keys=demo_keys())
    return definition_from_toml(filled, FILE)


# ------------------------------------------------------------------------------- the example


def test_example_loads() -> None:
    definition = load_definition(EXAMPLE)
    assert definition.election_id is None
    assert not definition.keys.complete
    assert definition.group == "secp256k1"
    assert [d.id for d in definition.districts] == ["donetsk", "luhansk", "zaporizhzhia", "kherson"]
    assert [d.registered for d in definition.districts] == [600, 550, 500, 450]
    assert definition.total_registered == 2100
    (question,) = definition.questions
    assert (question.min, question.max) == (1, 1)
    assert question.option_ids == ("yes", "no")
    assert question.options[0].label.languages == ("en", "uk", "ru")
    assert question.options[0].label.get("uk") == "Так"
    assert question.options[1].label.get("ru") == "Нет"
    assert definition.district("kherson").name.get("uk") == "Херсон"
    assert definition.window.duration == timedelta(days=5)
    assert definition.window.opens == datetime(2026, 9, 23, 5, 0, tzinfo=UTC)
    assert (definition.trustees.n, definition.trustees.k) == (5, 3)
    assert len(definition.trustees.members) == 5
    assert (definition.kdf.algorithm, definition.kdf.n) == ("hkdf-sha256", None)
    scrypt = definition_from_toml(SCRYPT_TEXT, FILE).kdf
    assert (scrypt.algorithm, scrypt.n, scrypt.r, scrypt.p) == ("scrypt", KDF_MIN_N, 8, 1)
    assert definition.min_district_size == 100
    assert definition.warnings() == ()
    assert validate(TEXT, EXAMPLE).warnings == ()


def test_example_fingerprints_are_the_documented_demonstration_keys() -> None:
    definition = load_definition(EXAMPLE)
    for member in definition.trustees.members:
        phrase = f"plebiscite example trustee {member.id}".encode()
        key = SigningKey(hashlib.sha256(phrase).digest())
        assert key.public.fingerprint() == member.fingerprint


def test_load_names_a_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.toml"
    with pytest.raises(DefinitionError, match=r"nowhere\.toml: cannot read"):
        load_definition(missing)


# ------------------------------------------------------------------------------ the manifest


def test_manifest_round_trip() -> None:
    definition = complete()
    body = definition.to_manifest()
    assert Definition.from_manifest(body) == definition
    assert Definition.from_manifest(body).to_manifest() == body
    through_json = json.loads(json.dumps(body, ensure_ascii=False))
    assert Definition.from_manifest(through_json) == definition
    assert canonical_bytes(body)  # every value is one the canonical encoding takes


def test_manifest_fields_are_explicit() -> None:
    definition = complete()
    body = definition.to_manifest()
    assert set(body) == {
        "election_id",
        "title",
        "group",
        "questions",
        "districts",
        "window",
        "trustees",
        "kdf",
        "min_district_size",
        "allow_small_districts",
        "allow_early_close",
        "keys",
        "booth_hash",
    }
    assert body["election_id"] == bytes(range(16)).hex()
    assert body["allow_early_close"] is definition.allow_early_close
    assert body["group"] == "secp256k1"
    assert body["window"] == {
        "opens": int(datetime(2026, 9, 23, 5, tzinfo=UTC).timestamp()) * 1_000_000,
        "closes": int(datetime(2026, 9, 28, 5, tzinfo=UTC).timestamp()) * 1_000_000,
    }
    assert body["keys"]["board"] == demo_keys().board.hex()
    assert body["kdf"] == {"algorithm": "hkdf-sha256"}
    assert body["booth_hash"] is None
    assert body["questions"][0]["options"][0] == {
        "id": "yes",
        "label": {"en": "Yes", "uk": "Так", "ru": "Да"},
    }


def test_manifest_needs_election_id_and_keys() -> None:
    definition = load_definition(EXAMPLE)
    with pytest.raises(DefinitionError) as error:
        definition.to_manifest()
    message = str(error.value)
    for name in ("election_id", "keys.board", "keys.authority", "keys.credential_authority"):
        assert name in message
    partial = definition.with_election_id(new_election_id()).with_keys(board=demo_keys().board)
    with pytest.raises(DefinitionError, match=r"keys\.authority") as error:
        partial.to_manifest()
    assert "election_id" not in str(error.value)


def _manifest() -> dict[str, object]:
    return complete().to_manifest()


def test_from_manifest_refuses_unknown_missing_and_mistyped_fields() -> None:
    body: dict[str, object] = _manifest()
    body["extra"] = 1
    del body["booth_hash"]
    body["districts"][1]["registered"] = 550.0
    body["window"]["opens"] = "2026-09-23T05:00:00Z"
    body["trustees"]["k"] = True
    with pytest.raises(DefinitionError) as error:
        Definition.from_manifest(body)
    message = str(error.value)
    assert "(5 problems)" in message
    assert "manifest: extra: unknown field" in message
    assert "manifest: booth_hash: missing" in message
    assert "manifest: districts[1].registered: expected an integer, got a float" in message
    assert "manifest: window.opens: expected an integer, got a string" in message
    assert "manifest: trustees.k: expected an integer, got a boolean" in message


def test_from_manifest_needs_translation_tables_and_every_key() -> None:
    body = _manifest()
    body["title"] = "Referendum"
    body["keys"]["authority"] = None
    body["kdf"] = {"algorithm": "scrypt", "n": 16384, "r": 8, "p": 1}
    with pytest.raises(DefinitionError) as error:
        Definition.from_manifest(body)
    message = str(error.value)
    assert "manifest: title: expected a table of translations" in message
    assert "manifest: keys.authority: expected a BIP-340 x-only public key" in message
    assert "manifest: kdf.allow_weak: missing" in message


def test_from_manifest_refuses_a_body_that_is_not_a_table() -> None:
    with pytest.raises(DefinitionError, match="expected a table, got an array"):
        Definition.from_manifest([])


# ------------------------------------------------------------------------- validation rules

# (old text, new text, field path, fragment of the message, needle on the expected line, which)
RULES = [
    ('id = "donetsk"', 'id = "Donetsk"', "districts[0].id", "is not an id", 'id = "Donetsk"', 1),
    ('id = "yes"', 'id = ""', "questions[0].options[0].id", "must not be empty", 'id = ""', 1),
    (
        'id = "kherson"',
        'id = "luhansk"',
        "districts[3].id",
        "duplicate district id 'luhansk' (also at districts[1].id)",
        'id = "luhansk"',
        2,
    ),
    (
        'id = "no"',
        'id = "yes"',
        "questions[0].options[1].id",
        "duplicate option id",
        'id = "yes"',
        2,
    ),
    (
        'id = "bar"',
        'id = "observers"',
        "trustees.members[1].id",
        "duplicate trustee id",
        'id = "observers"',
        2,
    ),
    (
        "377aeaf4cc7b39d7d9f61d2c2b44bf8ce7d49feda34ade72de5fb61ac306eb92",
        "c78ae0134c57bacb4ebfea65169107a3481c1798959c3a77b9ac798813c9dc2c",
        "trustees.members[1].fingerprint",
        "duplicate fingerprint",
        "c78ae0134c57bacb4ebfea65169107a3481c1798959c3a77b9ac798813c9dc2c",
        2,
    ),
    (
        "377aeaf4cc7b39d7d9f61d2c2b44bf8ce7d49feda34ade72de5fb61ac306eb92",
        "377AEAF4CC7B39D7D9F61D2C2B44BF8CE7D49FEDA34ADE72DE5FB61AC306EB92",
        "trustees.members[1].fingerprint",
        "64 lowercase hex characters",
        "377AEAF4",
        1,
    ),
    (
        "min = 1\nmax = 1",
        "min = 1\nmax = 3",
        "questions[0].max",
        "more than the 2 option(s)",
        "max = 3",
        1,
    ),
    (
        "min = 1\nmax = 1",
        "min = 2\nmax = 1",
        "questions[0].min",
        "min = 2 is more than max = 1",
        "min = 2",
        1,
    ),
    ("min = 1\nmax = 1", "min = -1\nmax = 1", "questions[0].min", "at least 0", "min = -1", 1),
    ("min = 1\nmax = 1", "min = 0\nmax = 0", "questions[0].max", "at least 1", "max = 0", 1),
    (
        "registered = 600",
        "registered = 0",
        "districts[0].registered",
        "at least 1",
        "registered = 0",
        1,
    ),
    (
        "registered = 600",
        'registered = "600"',
        "districts[0].registered",
        "expected an integer, got a string",
        'registered = "600"',
        1,
    ),
    (
        "registered = 450",
        "registered = 99",
        "districts[3].registered",
        "below min_district_size = 100",
        "registered = 99",
        1,
    ),
    (
        "min_district_size = 100",
        "min_district_size = 50",
        "min_district_size",
        "allow_small_districts = true",
        "min_district_size = 50",
        1,
    ),
    (
        "closes = 2026-09-28T08:00:00+03:00",
        "closes = 2026-09-23T08:00:00+03:00",
        "window.closes",
        "close after it opens",
        "closes = ",
        1,
    ),
    (
        "opens = 2026-09-23T08:00:00+03:00",
        "opens = 2026-09-23T08:00:00",
        "window.opens",
        "without an offset",
        "opens = ",
        1,
    ),
    (
        "opens = 2026-09-23T08:00:00+03:00",
        "opens = 2026-09-23",
        "window.opens",
        "got a date",
        "opens = ",
        1,
    ),
    (
        "opens = 2026-09-23T08:00:00+03:00",
        'opens = "23.09.2026 08:00"',
        "window.opens",
        "not an RFC 3339 timestamp",
        "opens = ",
        1,
    ),
    (
        "opens = 2026-09-23T08:00:00+03:00",
        'opens = "2026-09-23T08:00:00"',
        "window.opens",
        "not an RFC 3339 timestamp with an offset",
        "opens = ",
        1,
    ),
    ("k = 3", "k = 6", "trustees.k", "k = 6 is more than n = 5", "k = 6", 1),
    ("k = 3", "k = 0", "trustees.k", "at least 1", "k = 0", 1),
    (
        "n = 5",
        "n = 4",
        "trustees.members",
        "n = 4 trustees, but 5 member(s)",
        "[[trustees.members]]",
        1,
    ),
    ("n = 5", "n = true", "trustees.n", "expected an integer, got a boolean", "n = true", 1),
    (
        'group = "secp256k1"',
        'group = "p256"',
        "group",
        "unknown group 'p256'; known groups: " + ", ".join(GROUP_NAMES),
        'group = "p256"',
        1,
    ),
    (
        'algorithm = "scrypt"',
        'algorithm = "argon2"',
        "kdf.algorithm",
        "unknown KDF 'argon2'",
        "argon2",
        1,
    ),
    ("n = 16384", "n = 20000", "kdf.n", "power of two", "n = 20000", 1),
    ("n = 16384", "n = 8192", "kdf.n", "set allow_weak = true", "n = 8192", 1),
    ("n = 16384\nr = 8", "n = 16777216\nr = 32", "kdf.n", "MiB per derivation", "n = 16777216", 1),
    ("p = 1", "p = 0", "kdf.p", "at least 1", "p = 0", 1),
    ("r = 8", "r = 33", "kdf.r", "at most 32", "r = 33", 1),  # record.md: r in [1, 32]
    (
        'en = "Yes"',
        'en = "  "',
        "questions[0].options[0].label.en",
        "must not be empty",
        'en = "  "',
        1,
    ),
    (
        'en = "Yes"',
        'EN = "Yes"',
        "questions[0].options[0].label.EN",
        "is not a language tag",
        'EN = "Yes"',
        1,
    ),
    (
        'label = { en = "No", uk = "Ні", ru = "Нет" }',
        "label = 2",
        "questions[0].options[1].label",
        "expected a string or a table of translations",
        "label = 2",
        1,
    ),
    (
        "registered = 600",
        "registered = 600\nregistred = 5",
        "districts[0].registred",
        "unknown field; known fields: id, name, registered",
        "registred",
        1,
    ),
    ("registered = 550\n", "", "districts[1].registered", "missing", "[[districts]]", 2),
    ("title = {", "# title = {", "title", "missing", "", 0),
    (
        "[kdf]",
        '[kdf]\nelection_id = "ABC"',
        "kdf.election_id",
        "unknown field",
        'election_id = "ABC"',
        1,
    ),
    (
        'group = "secp256k1"',
        'group = "secp256k1"\nelection_id = "0011"',
        "election_id",
        "32 lowercase hex characters (16 bytes)",
        "election_id",
        1,
    ),
    (
        'group = "secp256k1"',
        'group = "secp256k1"\nbooth_hash = "xyz"',
        "booth_hash",
        "64 lowercase hex characters",
        "booth_hash",
        1,
    ),
    (
        "[kdf]",
        '[keys]\nboard = "' + "ff" * 32 + '"\n\n[kdf]',
        "keys.board",
        "not the x-coordinate of a secp256k1 point",
        "board = ",
        1,
    ),
    (
        "[kdf]",
        '[keys]\nauthority = "abcd"\n\n[kdf]',
        "keys.authority",
        "64 lowercase hex characters",
        "authority = ",
        1,
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "path", "fragment", "needle", "occurrence"),
    RULES,
    ids=[f"{rule[2]}:{rule[3][:30]}" for rule in RULES],
)
def test_rule(old: str, new: str, path: str, fragment: str, needle: str, occurrence: int) -> None:
    text = changed(old, new, SCRYPT_TEXT if path.startswith("kdf.") else TEXT)
    if occurrence == 0:  # a top-level field missing altogether: no line to name
        result = validate(text, FILE)
        (problem,) = [p for p in result.problems if p.path == path]
        assert fragment in problem.message and problem.line is None
        assert f"{FILE}: {path}: {fragment}" in str(problem)
        return
    check_problem(text, path, fragment, needle, occurrence)


EXTRA_QUESTION = """
[[questions]]
id = "{qid}"
text = "A second question"
min = 0
max = 1
options = [
  {{ id = "a", label = "A" }},
  {{ id = "{second}", label = "B" }},
]
"""


def test_question_ids_are_unique_and_arrays_inline_are_located() -> None:
    text = TEXT + EXTRA_QUESTION.format(qid="proposal", second="Bad")
    check_problem(text, "questions[1].id", "duplicate question id 'proposal'", 'id = "proposal"', 2)
    check_problem(text, "questions[1].options[1].id", "'Bad' is not an id", 'id = "Bad"', 1)


def test_a_question_needs_options() -> None:
    text = TEXT + EXTRA_QUESTION.replace(
        'options = [\n  {{ id = "a", label = "A" }},\n  {{ id = "{second}", label = "B" }},\n]',
        "options = []",
    ).format(qid="second")
    check_problem(text, "questions[1].options", "needs at least one of options", "options = []")


def test_a_plain_string_text_is_recorded_as_undetermined_language() -> None:
    text = TEXT + EXTRA_QUESTION.format(qid="second", second="b")
    definition = definition_from_toml(text, FILE)
    question = definition.question("second")
    assert question.text == Text.plain("A second question")
    assert question.text.languages == (UNDETERMINED_LANGUAGE,)
    assert question.options[1].label.get("en") == "B"


def test_rfc3339_strings_and_toml_datetimes_give_the_same_window() -> None:
    text = changed("opens = 2026-09-23T08:00:00+03:00", 'opens = "2026-09-23T05:00:00Z"')
    assert definition_from_toml(text).window == definition_from_toml(TEXT).window


def test_toml_syntax_errors_name_the_line() -> None:
    text = changed("registered = 500", "registered = = 500")
    result = validate(text, FILE)
    (problem,) = result.problems
    assert problem.line == line_of(text, "registered = = 500")
    assert problem.message == "not valid TOML: Invalid value (column 14)"
    assert str(problem) == f"{FILE}:{problem.line}: not valid TOML: Invalid value (column 14)"


def test_several_errors_are_reported_together() -> None:
    text = changed("registered = 600", "registered = 0")
    text = changed('id = "luhansk"', 'id = "Luhansk"', text)
    text = changed("k = 3", "k = 9", text)
    text = changed('group = "secp256k1"', 'group = "ed25519"', text)
    with pytest.raises(DefinitionError) as error:
        definition_from_toml(text, FILE)
    message = str(error.value)
    assert message.startswith(f"{FILE}: the election definition is not valid (4 problems):")
    for path, needle in [
        ("districts[0].registered", "registered = 0"),
        ("districts[1].id", 'id = "Luhansk"'),
        ("trustees.k", "k = 9"),
        ("group", 'group = "ed25519"'),
    ]:
        assert f"{FILE}:{line_of(text, needle)}: {path}: " in message


# -------------------------------------------------------------------------------- overrides


def test_small_districts_override_gives_a_loud_warning() -> None:
    text = changed(
        "min_district_size = 100", "min_district_size = 20\nallow_small_districts = true"
    )
    text = changed("registered = 450", "registered = 40", text)
    result = validate(text, FILE)
    assert result.ok
    (warning,) = result.warnings
    assert warning.path == "min_district_size"
    assert warning.line == line_of(text, "min_district_size = 20")
    assert warning.message.startswith("WARNING: min_district_size = 20 is below 100")
    definition = result.result()
    assert definition.warnings() == (f"min_district_size: {warning.message}",)
    # the override is part of the manifest, so every verifier sees the same warning
    filled = update_toml(text, election_id=bytes(16), keys=demo_keys())
    body = definition_from_toml(filled).to_manifest()
    assert body["allow_small_districts"] is True
    assert Definition.from_manifest(body).warnings() == definition.warnings()


def test_small_districts_override_still_refuses_districts_below_the_minimum() -> None:
    text = changed(
        "min_district_size = 100", "min_district_size = 20\nallow_small_districts = true"
    )
    text = changed("registered = 450", "registered = 19", text)
    check_problem(text, "districts[3].registered", "below min_district_size = 20", "= 19")


def test_weak_kdf_override_gives_a_warning() -> None:
    text = changed("p = 1", "p = 1\nallow_weak = true", SCRYPT_TEXT)
    text = changed("n = 16384", "n = 1024", text)
    result = validate(text, FILE)
    (warning,) = result.warnings
    assert warning.path == "kdf.n"
    assert warning.line == line_of(text, "n = 1024")
    assert "WARNING: scrypt n = 1024" in warning.message


def test_kdf_hkdf_takes_no_parameters_and_scrypt_keeps_its_manifest_form() -> None:
    text = changed(HKDF_BLOCK, HKDF_BLOCK + "n = 16384\n")
    check_problem(text, "kdf.n", "unknown field; known fields: algorithm", "n = 16384")
    scrypt = definition_from_toml(SCRYPT_TEXT, FILE)
    assert scrypt.kdf.derivation() == KdfParams(n=16384, r=8, p=1)
    no_algorithm = definition_from_toml(SCRYPT_TEXT.replace('algorithm = "scrypt"\n', ""), FILE)
    assert no_algorithm.kdf == scrypt.kdf  # scrypt's parameters alone mean scrypt, as before
    ready = complete(SCRYPT_TEXT)
    body = ready.to_manifest()
    assert body["kdf"] == {"algorithm": "scrypt", "n": 16384, "r": 8, "p": 1, "allow_weak": False}
    assert Definition.from_manifest(body) == ready
    hkdf = complete().to_manifest()
    assert Definition.from_manifest(hkdf).kdf.derivation() is HKDF_SHA256
    for bad in ({"algorithm": "hkdf-sha256", "n": 16384}, {}, {"algorithm": "argon2"}):
        with pytest.raises(DefinitionError, match=r"manifest: kdf\."):
            Definition.from_manifest({**hkdf, "kdf": bad})


def test_defaults_apply_when_optional_fields_are_left_out() -> None:
    text = changed('group = "secp256k1"\n', "")
    text = changed("min_district_size = 100\n", "", text)
    start = text.index("[kdf]")
    text = text[:start]
    definition = definition_from_toml(text, FILE)
    assert definition.group == "secp256k1"
    assert definition.min_district_size == 100
    assert definition.kdf.algorithm == "hkdf-sha256" and definition.kdf.n is None
    assert definition.booth_hash is None


# ------------------------------------------------------------------------------ write-back


def test_update_toml_writes_id_and_keys_and_keeps_comments() -> None:
    keys = demo_keys()
    election_id = new_election_id(DeterministicRandom(1))
    filled = update_toml(TEXT, election_id=election_id, keys=keys)
    assert [line for line in TEXT.splitlines() if line.startswith("#")] == [
        line for line in filled.splitlines() if line.startswith("#")
    ]
    definition = definition_from_toml(filled)
    assert definition.election_id == election_id
    assert definition.keys == keys
    # written again: the lines are replaced, not repeated
    other = demo_keys(8)
    again = update_toml(filled, election_id=bytes(16), keys=Keys(board=other.board))
    assert again.count("election_id =") == 1 and again.count("board =") == 1
    reread = definition_from_toml(again)
    assert reread.election_id == bytes(16)
    assert reread.keys == Keys(other.board, keys.authority, keys.credential_authority)


def test_update_toml_adds_missing_keys_inside_an_existing_table() -> None:
    keys = demo_keys()
    partial = update_toml(TEXT, keys=Keys(board=keys.board))
    full = update_toml(partial, keys=Keys(authority=keys.authority))
    assert full.count("\n[keys]\n") == 1
    assert definition_from_toml(full).keys == Keys(keys.board, keys.authority, None)


def test_update_toml_refuses_keys_written_inline() -> None:
    board = demo_keys().board
    assert board is not None
    text = changed(
        'group = "secp256k1"', f'group = "secp256k1"\nkeys = {{ board = "{board.hex()}" }}'
    )
    assert definition_from_toml(text).keys.board == board
    with pytest.raises(DefinitionError, match=r"\[keys\] table"):
        update_toml(text, keys=demo_keys())


# --------------------------------------------------------------------------------- values


def test_window_contains_is_half_open() -> None:
    window = Window(10, 20)
    assert not window.contains(9)
    assert window.contains(10) and window.contains(19)
    assert not window.contains(20)


def test_text_falls_back_to_the_first_language() -> None:
    text = Text((("en", "Yes"), ("uk", "Так")))
    assert text.get("uk") == "Так"
    assert text.get("de") == "Yes"
    assert str(text) == "Yes"


# ------------------------------------------------------------------------------ robustness

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3)
    ),
    max_leaves=6,
)


def _leaves(value: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if isinstance(value, dict):
        return [path] + [leaf for k, v in value.items() for leaf in _leaves(v, (*path, k))]
    if isinstance(value, list):
        return [path] + [leaf for i, v in enumerate(value) for leaf in _leaves(v, (*path, i))]
    return [path]


MANIFEST = complete().to_manifest()
MANIFEST_PATHS = [p for p in _leaves(MANIFEST) if p]


@settings(max_examples=300, deadline=None)
@given(where=st.sampled_from(MANIFEST_PATHS), replacement=json_values)
def test_from_manifest_refuses_any_change_with_a_definition_error(
    where: tuple[object, ...], replacement: object
) -> None:
    body = json.loads(json.dumps(MANIFEST))
    target = body
    for part in where[:-1]:
        target = target[part]
    target[where[-1]] = replacement
    try:
        definition = Definition.from_manifest(body)
    except DefinitionError:
        return
    # a change that is still valid must round-trip to the changed body
    assert definition.to_manifest() == body


@settings(max_examples=200, deadline=None)
@given(start=st.integers(0, len(TEXT) - 1), length=st.integers(1, 40))
def test_validate_reports_problems_for_any_cut_of_the_text(start: int, length: int) -> None:
    text = TEXT[:start] + TEXT[start + length :]
    result = validate(text, FILE)
    assert (result.definition is None) == bool(result.problems)
    for problem in result.problems:
        assert problem.line is None or 1 <= problem.line <= text.count("\n") + 1


def test_the_readme_example_runs(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    readme = (EXAMPLE.parent / "README.md").read_text(encoding="utf-8")
    code = readme.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(EXAMPLE.parents[1])
    namespace: dict[str, object] = {}
    exec(compile(code, "examples/README.md", "exec"), namespace)
    assert namespace["definition"] == load_definition(EXAMPLE)
    assert capsys.readouterr().out == ""  # the example has no problems and no warnings


# ------------------------------------------------------------------- independent checkers

CHECKERS = """
[[checkers]]
name = { en = "Citizens' observers", uk = "Громадські спостерігачі" }
url = "https://observers.example/challenge-checker/"

[[checkers]]
name = "University lab"
url = "http://checker.lab.example:8080/check"
"""


def test_checkers_are_optional_and_absent_from_the_manifest_by_default() -> None:
    definition = complete()
    assert definition.checkers == ()
    body = definition.to_manifest()
    assert "checkers" not in body  # a manifest from before the field keeps its bytes
    assert Definition.from_manifest(body).to_manifest() == body


def test_checkers_travel_through_the_manifest() -> None:
    definition = complete(TEXT + CHECKERS)
    assert [c.url for c in definition.checkers] == [
        "https://observers.example/challenge-checker/",
        "http://checker.lab.example:8080/check",
    ]
    assert definition.checkers[0].name.get("uk") == "Громадські спостерігачі"
    body = definition.to_manifest()
    assert body["checkers"] == [
        {
            "name": {"en": "Citizens' observers", "uk": "Громадські спостерігачі"},
            "url": "https://observers.example/challenge-checker/",
        },
        {"name": {"und": "University lab"}, "url": "http://checker.lab.example:8080/check"},
    ]
    assert Definition.from_manifest(body) == definition
    assert Definition.from_manifest(json.loads(json.dumps(body))).to_manifest() == body
    assert canonical_bytes(body)


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("ftp://observers.example/", "is not an http(s) URL"),
        ("https://observers.example/?x=1", "is not an http(s) URL"),
        ("https://observers.example/#top", "is not an http(s) URL"),
        ("https://user@observers.example/", "is not an http(s) URL"),
        ('https://observers.example/"><script>', "is not an http(s) URL"),
        ("javascript:alert(1)", "is not an http(s) URL"),
        ("https:///nohost", "is not an http(s) URL"),
        ("https://observers.example/" + "a" * 300, "is not an http(s) URL"),
    ],
)
def test_a_checker_url_is_validated(url: str, fragment: str) -> None:
    body = complete(TEXT + CHECKERS).to_manifest()
    body["checkers"][1]["url"] = url
    with pytest.raises(DefinitionError) as error:
        Definition.from_manifest(body)
    assert f"manifest: checkers[1].url: {url!r} {fragment}" in str(error.value)


def test_checkers_are_unique_named_few_and_without_unknown_fields() -> None:
    body = complete(TEXT + CHECKERS).to_manifest()
    body["checkers"][1]["url"] = body["checkers"][0]["url"]
    body["checkers"][0]["note"] = "x"
    del body["checkers"][1]["name"]
    with pytest.raises(DefinitionError) as error:
        Definition.from_manifest(body)
    message = str(error.value)
    assert "manifest: checkers[0].note: unknown field" in message
    assert "manifest: checkers[1].name: missing" in message
    assert "manifest: checkers[1].url: duplicate challenge checker url" in message
    many = complete(TEXT + CHECKERS).to_manifest()
    many["checkers"] = [
        {"name": {"en": f"c{i}"}, "url": f"https://c{i}.example/"} for i in range(17)
    ]
    with pytest.raises(DefinitionError, match=r"checkers: at most 16 challenge checkers, got 17"):
        Definition.from_manifest(many)
    empty = complete(TEXT + CHECKERS).to_manifest()
    empty["checkers"] = []
    with pytest.raises(DefinitionError, match="checkers: needs at least one"):
        Definition.from_manifest(empty)


def test_the_verifier_never_imports_the_toml_authoring_side() -> None:
    import subprocess
    import sys

    code = (
        "import sys, plebiscite.verify.command, plebiscite.model.definition\n"
        "print(sorted(m for m in sys.modules if m in ('plebiscite.model.authoring', 'tomllib')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
