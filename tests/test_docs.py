"""Every command has help with an example, and is in the README."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from wikitrack.cli.commands import cli

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def iter_commands(group: click.Group, prefix: str = ""):
    for name, cmd in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        yield full, cmd
        if isinstance(cmd, click.Group):
            yield from iter_commands(cmd, full + " ")


COMMANDS = list(iter_commands(cli))


@pytest.mark.parametrize("name,cmd", COMMANDS, ids=[n for n, _ in COMMANDS])
def test_command_has_help_with_example_and_is_in_readme(name, cmd):
    assert cmd.help and cmd.get_short_help_str(), f"{name} has no help"
    assert not cmd.get_short_help_str(limit=62).endswith("..."), f"{name}: one line too long"
    assert "Example: wikitrack" in cmd.help, f"{name} help lacks an example"
    assert f"wikitrack {name}" in README, f"'wikitrack {name}' is not in README.md"


def test_root_help_lists_every_command():
    from click.testing import CliRunner

    out = CliRunner().invoke(cli, ["--help"]).output
    for name in cli.commands:
        assert name in out
