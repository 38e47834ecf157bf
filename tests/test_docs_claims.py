"""What the documents claim about the code agrees with the code."""

from __future__ import annotations

import re
from pathlib import Path

from plebiscite.demo.scenario import DEMO_KDF_N
from plebiscite.model.authoring import load_definition

ROOT = Path(__file__).parents[1]


def test_example_kdf_comment_names_the_costs_in_use() -> None:
    """Every scrypt cost the example's [kdf] comment names is the example's own or the demo's."""
    text = (ROOT / "examples" / "referendum.toml").read_text(encoding="utf-8")
    comment = text[: text.index("[kdf]")].rsplit("\n\n", 1)[-1]
    named = {int(n) for n in re.findall(r"\b(\d{4,6})\b", comment)}
    example_n = load_definition(ROOT / "examples" / "referendum.toml").kdf.n
    assert named, "the [kdf] comment names no cost"
    assert named <= {example_n, DEMO_KDF_N}, named
    if "demo" in comment:
        assert DEMO_KDF_N in named, "the comment speaks of the demo without its cost"


def test_spec_marks_nothing_pending_that_exists() -> None:
    """The spec marks no section 'implementation pending': the voter client is written."""
    spec = (ROOT / "docs" / "spec.md").read_text(encoding="utf-8")
    assert (ROOT / "src" / "plebiscite" / "booth" / "client.py").exists()
    assert "implementation pending" not in spec
    section = spec[spec.index("## 11.") :].split("\n### ", 1)[0]
    assert "booth/" in section
