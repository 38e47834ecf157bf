"""What the documents claim about the code agrees with the code."""

from __future__ import annotations

import re
from pathlib import Path

from plebiscite.demo.scenario import DEMO_KDF_N
from plebiscite.model.authoring import load_definition
from plebiscite.model.definition import KDF_MIN_N

ROOT = Path(__file__).parents[1]


def test_example_kdf_comment_names_the_derivation_in_use() -> None:
    """The example's [kdf] comment names the derivation the example uses; a scrypt cost it
    names is the definition's floor or the demo's ``--kdf-n`` example."""
    text = (ROOT / "examples" / "referendum.toml").read_text(encoding="utf-8")
    comment = text[: text.index("[kdf]")].rsplit("\n\n", 1)[-1]
    kdf = load_definition(ROOT / "examples" / "referendum.toml").kdf
    assert kdf.algorithm.upper() in comment.upper(), comment
    named = {int(n) for n in re.findall(r"\b(\d{4,6})\b", comment)}
    assert named <= {KDF_MIN_N, DEMO_KDF_N}, named
    assert "spec.md §8.3" in comment, "the comment does not say where the reasoning is"


def test_spec_marks_nothing_pending_that_exists() -> None:
    """The spec marks no section 'implementation pending': the voter client is written."""
    spec = (ROOT / "docs" / "spec.md").read_text(encoding="utf-8")
    assert (ROOT / "src" / "plebiscite" / "booth" / "client.py").exists()
    assert "implementation pending" not in spec
    section = spec[spec.index("## 11.") :].split("\n### ", 1)[0]
    assert "booth/" in section
