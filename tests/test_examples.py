"""Every `Example:` line of every command's help goes through click's parser, and the safe ones
run against the sandbox, so an example in --help can never rot."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from wikitrack.cli.commands import App, cli
from wikitrack.sandbox import Sandbox

from .conftest import write_config
from .test_docs import iter_commands
from .test_mail import mail_config


def examples_of(cmd: click.Command) -> list[str]:
    """The command lines after 'Example:' (a paragraph may wrap), shell redirection removed."""
    out = []
    for m in re.finditer(r"Example: (wikitrack\b.*?)(?:\n\s*\n|\Z)", cmd.help or "", re.S):
        words = shlex.split(" ".join(m.group(1).split()))
        if ">" in words:
            words = words[: words.index(">")]
        out.append(words[1:])
    return out


EXAMPLES = sorted(
    {
        (name, tuple(words))
        for name, cmd in [("", cli), *iter_commands(cli)]
        for words in examples_of(cmd)
    }
)


def parse_chain(args: list[str]) -> click.Context:
    """Parse like `wikitrack ARGS` would, down to the last subcommand, without running it."""
    cmd: click.Command | None = cli
    name: str | None = "wikitrack"
    parent = None
    while isinstance(cmd, click.Group):
        parent = click.Context(cmd, info_name=name, parent=parent)
        # A group stops at its first positional: the rest starts with the subcommand.
        rest = click.Command.parse_args(cmd, parent, list(args))
        if not rest and cmd.invoke_without_command:  # `wikitrack worklist --json`: the group
            return parent
        name, cmd, args = cmd.resolve_command(parent, rest)
    assert cmd is not None
    return cmd.make_context(name, list(args), parent=parent)


def test_every_command_has_an_example_that_is_found():
    names = {name for name, _ in EXAMPLES}
    assert names >= {name for name, _ in iter_commands(cli)} | {""}


@pytest.mark.parametrize("name,words", EXAMPLES, ids=[" ".join(w) for _, w in EXAMPLES])
def test_example_parses(name: str, words: tuple[str, ...]):
    ctx = parse_chain(list(words))
    if name:
        assert ctx.command_path.startswith(f"wikitrack {name}"), "it runs another command"


# Examples that are safe to run here, in this order, with the exit codes they may end with.
# Not run: sandbox stop/reset/simulate (the session's wiki), serve (blocks), web-user add and
# passwd (prompt), correction apply (edits the wiki). An ID that does not exist must end in a
# clean usage error (2), never a traceback.
RUN_ORDER = {
    "init": {0},
    "doctor": {0, 1},
    "sandbox": {0},
    "sandbox start": {0},
    "sandbox status": {0},
    "watchlist validate": {0},
    "watchlist": {0},
    "watchlist list": {0},
    "watchlist show": {0},
    "watchlist add": {0},
    "watchlist remove": {0},
    "watchlist import-category": {0},
    "watchlist sync": {0},
    "check": {0},
    "": {0},
    "changes": {0},
    "report": {0},
    "nightly": {0},
    "review request": {0},
    "review": {0},
    "review list": {0},
    "review show": {0, 2},
    "review assign": {0, 2},
    "review close": {0, 2},
    "correction propose": {0},
    "correction": {0},
    "correction list": {0},
    "correction show": {0, 2},
    "correction approve": {0, 2},
    "correction reject": {0, 2},
    "correction withdraw": {0, 2},
    "correction rebase": {0, 2},
    "correction record": {0, 2},
    "correction redact": {0, 2},
    "correction export": {0},
    "audit": {0, 3},
    "web-user": {0},
    "web-user list": {0},
    "web-user disable": {0, 2},
    "web-user remove": {0, 2},
    "facts": {0},
    "facts validate": {0},
    "facts list": {0},
    "facts import": {2},  # its example's CSV is not there: a clean usage error
    "facts check": {0, 3},
    "facts propose": {0, 2},
    "worklist": {0},
    "worklist claim": {2},  # no item 999999: a clean usage error
    "worklist done": {2},
    "worklist show": {2},
    "worklist reopen": {2},
    "worklist reassign": {2},
}


@pytest.mark.wiki
def test_safe_examples_run_against_the_sandbox(
    sandbox: Sandbox, workdir: Path, monkeypatch: pytest.MonkeyPatch
):
    from aiosmtpd.controller import Controller

    from .test_mail import Inbox, free_port

    controller = Controller(Inbox(), hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        cfg = write_config(workdir, sandbox.dir, extra=mail_config(controller.port))
        monkeypatch.setenv("WIKITRACK_CONFIG", str(cfg))
        runner = CliRunner()
        by_name: dict[str, list[tuple[str, ...]]] = {}
        for name, words in EXAMPLES:
            by_name.setdefault(name, []).append(words)
        ran = []
        for name, allowed in RUN_ORDER.items():
            for words in by_name.get(name, []):
                args = [str(cfg) if w == "/etc/wikitrack.toml" else w for w in words]
                result = runner.invoke(cli, args, obj=App(config_path=cfg))
                assert result.exit_code in allowed, (words, result.output)
                assert "Traceback" not in result.output, (words, result.output)
                ran.append(name)
        assert {"", "check", "nightly", "watchlist sync"} <= set(ran)
    finally:
        controller.stop()


def readme_commands() -> list[str]:
    """Every `wikitrack ...` command in the README's code blocks (indented or fenced; in a
    cron line or a systemd unit too), continuations joined; table rows are synopses."""
    from .test_docs import README

    found, fenced, lines = [], False, README.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            fenced = not fenced
        elif (fenced or line.startswith("    ")) and not line.strip().startswith(("|", "#")):
            full = line.strip().removeprefix("ExecStart=")
            while full.endswith("\\") and i + 1 < len(lines):
                i += 1
                full = full[:-1] + " " + lines[i].strip()
            for part in re.split(r"&&|;|\|", full):
                words = shlex.split(part, comments=True)
                if words and (words[0] == "wikitrack" or words[0].endswith("/bin/wikitrack")):
                    found.append(shlex.join(["wikitrack", *words[1:]]))
        i += 1
    return found


README_COMMANDS = readme_commands()


def test_the_readme_has_commands_to_check():
    assert len(README_COMMANDS) >= 10 and "wikitrack --quiet nightly" in README_COMMANDS


@pytest.mark.parametrize("line", README_COMMANDS)
def test_readme_command_parses(line: str):
    """The README's commands as a reader would paste them (its main job, `bash scripts/demo.sh`,
    runs in test_sandbox.py)."""
    parse_chain(shlex.split(line)[1:])
