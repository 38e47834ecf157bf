"""The web booth's cryptography (JavaScript) is the same protocol as the Python voter client.

Runs Node's test runner on ``web/test/*.test.mjs`` against the COMMITTED bundle
``src/plebiscite/server/static/booth/booth-crypto.js`` (no npm at test time): JavaScript
reproduces Python's ballots, proofs, tracking hashes, credential keys and signatures byte for byte
from ``tests/vectors/js`` and verifies Python's. Then the other direction: Python's
``check_ballot`` / ``check_challenge`` judge ballots and challenges that the bundle built with
fresh randomness, tampered copies and edge cases, and must reach the bundle's own verdict on each.
Also: the vector files are what ``scripts/js_vectors.py`` produces now, and the bundle was built
from the sources in ``web/`` as they are (its banner records their digest).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from plebiscite.crypto.elgamal import decode_ciphertext
from plebiscite.crypto.secp256k1 import SECP256K1
from plebiscite.errors import ProofError, RecordError
from plebiscite.model.ballot import BallotParams, check_ballot, check_challenge
from plebiscite.model.coercion.ballot import check_credential_ballot
from plebiscite.model.coercion.challenge import check_credential_challenge
from plebiscite.model.coercion.codec import decode_credential_ballot

ROOT = Path(__file__).resolve().parents[1]
WEB = ROOT / "web"
BUNDLE = ROOT / "src" / "plebiscite" / "server" / "static" / "booth" / "booth-crypto.js"
VECTORS = ROOT / "tests" / "vectors" / "js"
NODE = shutil.which("node")
MIN_NODE = 20


def _node_major() -> int:
    assert NODE is not None
    out = subprocess.run([NODE, "--version"], capture_output=True, text=True, check=True)
    return int(out.stdout.strip().lstrip("v").split(".")[0])


@pytest.fixture(scope="module")
def node() -> str:
    if NODE is None:
        pytest.fail(
            f"Node.js {MIN_NODE} or newer is needed on PATH, and none is installed", pytrace=False
        )
    if _node_major() < MIN_NODE:
        pytest.fail(f"Node.js {MIN_NODE} or newer is needed, found {_node_major()}", pytrace=False)
    return NODE


def _js_vectors_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("js_vectors", ROOT / "scripts" / "js_vectors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["js_vectors"] = module
    spec.loader.exec_module(module)
    return module


def test_vector_files_are_what_the_python_code_produces() -> None:
    files = _js_vectors_module().build_all()
    assert sorted(files) == sorted(p.name for p in VECTORS.glob("*.json"))
    for name, text in files.items():
        assert (VECTORS / name).read_text(encoding="utf-8") == text, (
            f"tests/vectors/js/{name} is stale: run scripts/js_vectors.py"
        )


def _sources_digest() -> str:
    """The digest web/build.mjs writes into the bundle's banner (``sourcesDigest``)."""
    crypto = sorted(p.name for p in (WEB / "src" / "crypto").glob("*.js"))
    paths = ["build.mjs", "package-lock.json", "package.json"] + [f"src/crypto/{n}" for n in crypto]
    outer = hashlib.sha256()
    for path in paths:
        inner = hashlib.sha256((WEB / path).read_bytes()).hexdigest()
        outer.update(f"{path}\n{inner}\n".encode())
    return outer.hexdigest()


def test_bundle_was_built_from_the_current_sources() -> None:
    head = BUNDLE.read_text(encoding="utf-8").split("\n", 2)
    match = re.fullmatch(r"// sources-sha256: ([0-9a-f]{64})", head[1])
    assert match, "the bundle's second line must record its sources' digest"
    assert match.group(1) == _sources_digest(), (
        "booth-crypto.js was not built from web/ as it is: run scripts/build_booth.sh"
    )


def test_bundle_is_a_standalone_module() -> None:
    text = BUNDLE.read_text(encoding="utf-8")
    assert not re.search(r"^\s*import\s", text, re.MULTILINE), "the bundle imports a module"
    assert "require(" not in text and '"node:' not in text and "'node:" not in text
    assert "Math.random" not in text
    assert re.search(r"^export \{", text, re.MULTILINE)


def test_lockfile_pins_exact_versions() -> None:
    package = json.loads((WEB / "package.json").read_text(encoding="utf-8"))
    for section in ("dependencies", "devDependencies"):
        for name, version in package[section].items():
            assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned: {version}"
    lock = json.loads((WEB / "package-lock.json").read_text(encoding="utf-8"))
    assert (
        lock["packages"]["node_modules/@noble/curves"]["version"]
        == (package["dependencies"]["@noble/curves"])
    )
    assert all("integrity" in v for k, v in lock["packages"].items() if k)


def test_javascript_vector_suite(node: str) -> None:
    files = sorted(str(p) for p in (WEB / "test").glob("*.test.mjs"))
    assert len(files) >= 6
    run = subprocess.run(
        [node, "--test", *files], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    summary = "\n".join(line for line in run.stdout.splitlines() if line.startswith("# "))
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert re.search(r"^# fail 0$", run.stdout, re.MULTILINE), summary
    passed = re.search(r"^# pass (\d+)$", run.stdout, re.MULTILINE)
    assert passed and int(passed.group(1)) >= 25, summary


def _params(raw: dict[str, Any]) -> BallotParams:
    return BallotParams.from_manifest(
        SECP256K1,
        SECP256K1.from_hex(raw["joint_key"], "joint key"),
        bytes.fromhex(raw["election_ctx"]),
        [tuple(q) for q in raw["questions"]],
        raw["districts"],
    )


def _emitted(node: str, script: str) -> list[dict[str, Any]]:
    """The items a ``web/test/emit*.mjs`` script prints, each with the bundle's verdict."""
    run = subprocess.run(
        [node, str(WEB / "test" / script)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    items: list[dict[str, Any]] = json.loads(run.stdout)["items"]
    return items


def _same_verdicts(
    items: list[dict[str, Any]], judge: Callable[[dict[str, Any]], None], fresh_min: int
) -> int:
    """Python's ``judge`` accepts exactly the items the bundle accepted, every fresh one among
    them; returns how many items both refused."""
    accepted = 0
    for item in items:
        try:
            judge(item)
            python_ok, why = True, ""
        except (RecordError, ProofError) as exc:
            python_ok, why = False, str(exc)
        assert python_ok == item["js"]["ok"], (
            f"{item.get('kind', 'ballot')} {item['label']}: Python "
            f"{'accepts' if python_ok else 'refuses'} ({why}), the bundle "
            f"{'accepts' if item['js']['ok'] else 'refuses'} ({item['js']['error']})"
        )
        accepted += python_ok
    fresh = [i for i in items if i["label"].endswith(": fresh")]
    assert len(fresh) >= fresh_min and all(i["js"]["ok"] for i in fresh)
    assert accepted == len(fresh)
    return len(items) - accepted


def test_python_reaches_the_bundles_verdict_on_its_ballots(node: str) -> None:
    raw = json.loads((VECTORS / "ballots.json").read_text(encoding="utf-8"))["params"]
    params = {name: _params(p) for name, p in raw.items()}

    def judge(item: dict[str, Any]) -> None:
        check = check_ballot if item["kind"] == "ballot" else check_challenge
        check(params[item["params"]], item["body"], item["label"])

    assert _same_verdicts(_emitted(node, "emit.mjs"), judge, 16) >= 100


def test_python_reaches_the_bundles_verdict_on_its_ballots_of_the_mode(node: str) -> None:
    """Ballots and challenges of the fake-credentials mode that the bundle built with fresh
    randomness (real, fake and unrelated credentials) pass Python's decoder and check (spec
    §16.5: the board's check and V12's for a ballot, V10's for a challenge), and Python refuses
    exactly the tampered copies the bundle refuses."""
    raw = json.loads((VECTORS / "coercion.json").read_text(encoding="utf-8"))
    params = _params(raw["params"])
    rolls = {
        d: [decode_ciphertext(SECP256K1, ct, f"roll {d}", allow_identity=False) for ct in cts]
        for d, cts in raw["rolls"].items()
    }

    def judge(item: dict[str, Any]) -> None:
        if item["kind"] == "challenge":
            check_credential_challenge(
                params, rolls.__getitem__, item["anonymity"], item["body"], item["label"]
            )
            return
        ballot = decode_credential_ballot(params, item["body"], item["label"])
        check_credential_ballot(
            params, rolls[item["district"]], ballot, anonymity=item["anonymity"]
        )

    items = _emitted(node, "emit-coercion.mjs")
    assert sum(i["kind"] == "challenge" for i in items) >= 6 * 25
    assert _same_verdicts(items, judge, 12) >= 230
