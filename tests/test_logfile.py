"""The log file: every command that touches the wiki or the database logs its start, outcome,
counts and errors, tracebacks included; the terminal gets one clean line."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from wikitrack.cli.commands import App
from wikitrack.sandbox import Sandbox

from .conftest import ROOT, write_config
from .test_mail import free_port, invoker, mail_config


@pytest.fixture
def synced(sandbox: Sandbox, workdir: Path):
    for f in (workdir / "watchlists").glob("*.toml"):
        if f.stem != "zorg":
            f.unlink()
    cfg = write_config(workdir, sandbox.dir, extra=mail_config(free_port()))
    run = invoker(cfg)
    assert run("watchlist", "sync").exit_code == 0
    return cfg, run, workdir / "wikitrack.log"


def test_a_plain_check_logs_start_outcome_and_counts(synced):
    cfg, run, log = synced
    assert run("check", "--quiet").exit_code == 0
    text = log.read_text()
    assert "check: start" in text
    assert re.search(r"check run 1: \d+ pages checked, \d+ baselined", text)
    assert "check: ok" in text


@pytest.mark.parametrize("command", ["check", "nightly"])
def test_an_unreachable_wiki_is_logged_with_its_traceback(synced, command: str):
    cfg, run, log = synced
    dead = free_port()
    cfg.write_text(
        cfg.read_text().replace('url = "sandbox"', f'url = "http://127.0.0.1:{dead}/api.php"')
    )
    result = run(command)
    assert result.exit_code == 1
    assert "unreachable" in result.output and "Traceback" not in result.output
    text = log.read_text()
    assert f"{command}: exit 1" in text and "Connection refused" in text
    assert "Traceback (most recent call last)" in text


def test_an_unexpected_error_shows_one_line_and_logs_the_traceback(synced):
    cfg, _, log = synced

    def broken_wiki(config):
        raise RuntimeError("the adapter broke")

    from click.testing import CliRunner

    from wikitrack.cli.commands import cli

    result = CliRunner().invoke(
        cli, ["watchlist", "sync"], obj=App(config_path=cfg, wiki_factory=broken_wiki)
    )
    assert result.exit_code == 1
    assert result.output == (
        f"Error: unexpected RuntimeError: the adapter broke (traceback in {log})\n"
    )
    text = log.read_text()
    assert "watchlist sync: exit 1" in text and "Traceback (most recent call last)" in text


def test_the_log_is_rotated(synced, monkeypatch: pytest.MonkeyPatch):
    from wikitrack import logfile

    cfg, run, log = synced
    monkeypatch.setattr(logfile, "MAX_BYTES", 400)
    moved = cfg.parent / "sub" / "wikitrack.log"  # a new path opens a new handler
    cfg.write_text(f'log_file = "{moved}"\n' + cfg.read_text())
    for _ in range(6):
        assert run("review", "list").exit_code == 0
    assert moved.exists() and Path(f"{moved}.1").exists()
    assert moved.stat().st_size <= 400 + 200


def test_the_log_is_not_committed():
    ignored = subprocess.run(
        ["git", "check-ignore", "wikitrack.log", "wikitrack.log.1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ignored.stdout.split() == ["wikitrack.log", "wikitrack.log.1"]


def test_the_log_is_private_and_keeps_no_free_text(tmp_path: Path):
    """The log names people and lemmas (0600), and never what a correction or request says:
    that text may hold personal data."""
    from click.testing import CliRunner

    from wikitrack.cli.commands import cli

    cfg = tmp_path / "wikitrack.toml"
    cfg.write_text(f'[wiki]\nurl = "http://127.0.0.1:{free_port()}/api.php"\n')
    result = CliRunner().invoke(
        cli,
        [
            "review",
            "request",
            "Almere",
            "--area",
            "x",
            "--by",
            "J. Smit",
            "--reason",
            "BSN 111222333",
        ],
        obj=App(config_path=cfg),
    )
    assert result.exit_code == 2
    log = tmp_path / "wikitrack.log"
    assert (log.stat().st_mode & 0o777) == 0o600
    text = log.read_text()
    assert '"reason": "(given)"' in text and '"by": "J. Smit"' in text
    assert "111222333" not in text


def test_a_log_that_cannot_be_written_is_named_or_quiet(tmp_path: Path):
    from click.testing import CliRunner

    from wikitrack.cli.commands import cli

    (tmp_path / "a-file").write_text("")
    cfg = tmp_path / "wikitrack.toml"
    cfg.write_text('log_file = "a-file/wikitrack.log"\n')
    result = CliRunner().invoke(cli, ["changes"], obj=App(config_path=cfg))
    assert result.exit_code == 2
    assert "log_file" in result.output and "a-file/wikitrack.log" in result.output
    # A full disk under the log: the command still works and stderr stays clean for cron.
    cfg.write_text('log_file = "/dev/full"\n')
    result = subprocess.run(
        [str(ROOT / ".venv/bin/wikitrack"), "--config", str(cfg), "changes", "--json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
