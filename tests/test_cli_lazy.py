"""The command line loads a command's module only when that command runs.

``plebiscite --help`` still lists every command with its help (each module is imported for it);
``plebiscite verify`` imports the verifier and none of the modules that produce a record.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from plebiscite.cli import COMMANDS, app

# what ``plebiscite verify`` must not import: the parties, the demo, the server, the forensics,
# the ElectionGuard reader, and the modp4096 group unless a record asks for it
NOT_FOR_VERIFY = (
    "plebiscite.demo",
    "plebiscite.server",
    "plebiscite.forensics",
    "plebiscite.interop",
    "plebiscite.booth",
    "plebiscite.authority",
    "plebiscite.ceremony",
    "plebiscite.credentials.issue",
    "plebiscite.crypto.modp",
)


def _modules_after(*args: str) -> list[str]:
    """The plebiscite modules imported by ``plebiscite ARGS`` in a fresh interpreter."""
    code = (
        "import json, sys\n"
        "from plebiscite.cli import main\n"
        f"sys.argv[1:] = {list(args)!r}\n"
        "try:\n"
        "    main()\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('plebiscite'))),"
        " file=sys.stderr)\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=False
    )
    loaded: list[str] = json.loads(run.stderr.strip().splitlines()[-1])
    return loaded


def test_help_lists_every_command_with_its_help() -> None:
    result = CliRunner().invoke(app, ["--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for name in COMMANDS:
        listed = [line for line in lines if line.strip("│ ").startswith(name + " ")]
        assert listed, f"{name} is not listed"
        assert len(listed[0].strip("│ ")) > len(name) + 10, f"{name} is listed without its help"


def test_every_named_command_resolves() -> None:
    result = CliRunner().invoke(app, ["nonsense-command"])
    assert result.exit_code == 2
    for name in COMMANDS:
        result = CliRunner().invoke(app, [name, "--help"])
        assert result.exit_code == 0, (name, result.output)
        assert "Usage:" in result.output


def test_a_typo_is_answered_with_the_nearest_command() -> None:
    result = CliRunner().invoke(app, ["verfy"])
    assert result.exit_code == 2
    assert "verify" in result.output


def test_verify_imports_none_of_the_record_producers(tmp_path: Path) -> None:
    loaded = _modules_after("verify", "--help")
    assert "plebiscite.verify.launch" in loaded
    assert "plebiscite.rules.checker" not in loaded  # the verifier is imported when it runs
    assert [m for m in loaded if m.startswith(NOT_FOR_VERIFY)] == []
    loaded = _modules_after("verify", str(tmp_path / "no record"), "--json", "--workers", "1")
    assert "plebiscite.verify.command" in loaded
    assert [m for m in loaded if m.startswith(NOT_FOR_VERIFY)] == []
    assert "plebiscite.demo.command" in _modules_after("demo", "--help")


def _subcommands_in_fresh_interpreter(group: str) -> list[str]:
    """The subcommands ``plebiscite GROUP`` knows when GROUP is the only command asked for."""
    code = (
        "import json, typer\n"
        "from plebiscite.cli import app\n"
        "root = typer.main.get_command(app)\n"
        f"command = root.commands[{group!r}]\n"
        "print(json.dumps(sorted(getattr(command, 'commands', {}))))\n"
    )
    run = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=300, check=True
    )
    names: list[str] = json.loads(run.stdout.strip().splitlines()[-1])
    return names


def test_each_group_has_all_its_subcommands_when_loaded_alone() -> None:
    # a group whose commands are added by several modules (trustee decrypt, mix, tag,
    # cosign-close join election's trustee group) must have them all when it is the only
    # command loaded, as it is when a user types it
    import typer

    from plebiscite import cli

    everything = typer.main.get_command(cli.app)
    for name in COMMANDS:
        everything.commands[name]  # type: ignore[attr-defined]  # load every module
    groups = {
        name: sorted(getattr(everything.commands[name], "commands", {}))  # type: ignore[attr-defined]
        for name in COMMANDS
    }
    assert "decrypt" in groups["trustee"] and "tag" in groups["authority"]
    for name, expected in groups.items():
        if expected:
            assert _subcommands_in_fresh_interpreter(name) == expected, name


def test_no_help_shows_a_flag_as_taking_a_value() -> None:
    """A flag (``--json``, ``--help``) takes no value, and no `--help` of any command or
    subcommand shows one after it (typer 0.29 shows ``<bool>`` there, which reads as
    ``--json true``: a usage error)."""
    import typer

    from plebiscite import cli

    root = typer.main.get_command(cli.app)
    paths: list[list[str]] = [[]]
    for name in COMMANDS:
        command = root.commands[name]  # type: ignore[attr-defined]
        paths.append([name])
        paths += [[name, sub] for sub in sorted(getattr(command, "commands", {}))]
    assert len(paths) > 40
    for path in paths:
        result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
        assert result.exit_code == 0, (path, result.output)
        assert "--help" in result.output
        assert "<bool>" not in result.output, (path, result.output)
