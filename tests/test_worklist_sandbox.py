"""Acceptance of issue 25 on a fresh sandbox: the simulated day's signals become worklist items,
a second check adds nothing, and the day after, a revert on the wiki closes its item."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikitrack.cli.commands import App, cli
from wikitrack.sandbox import Sandbox

from .conftest import ROOT, write_config


def _items(cfg: Path, *args: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["worklist", *args, "--json"], obj=App(config_path=cfg))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.mark.wiki  # starts a MediaWiki of its own: the days change its pages
def test_a_simulated_day_and_the_day_after_on_the_worklist(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "watchlists", tmp_path / "watchlists")
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    cfg = write_config(tmp_path, tmp_path / "sb")
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(cli, list(args), obj=App(config_path=cfg))
        assert result.exit_code == 0, (args, result.output)
        return result.output

    try:
        for args in (["sandbox", "start"], ["watchlist", "sync"], ["check"]):
            run(*args)
        assert _items(cfg, "--state", "open", "--state", "claimed", "--state", "done") == []
        run("sandbox", "simulate")
        run("check")
        first = _items(cfg)
        by = {(i["kind"], i["title"]) for i in first}
        assert ("nomination", "Almere Jazz") in by
        assert ("blanked", "Museum De Paviljoens") in by  # nobody reverted it
        assert ("fact", "Almere") in by  # the infobox's population
        assert ("talk", "Overleg:Almere") in by  # the new talk-page section
        assert not any(i["title"] == "Yanmar Stadion" for i in first)  # the folded revert
        nomination = next(i for i in first if i["kind"] == "nomination")
        assert nomination["deadline"]  # a {{weg}} runs two weeks
        run("check")
        assert _items(cfg) == first  # the same signals are the same items: nothing added
        run("sandbox", "simulate", "--day", "2")
        run("check")
        done = _items(cfg, "--state", "done")
    finally:
        Sandbox(tmp_path / "sb").stop()
    assert [(i["kind"], i["title"], i["outcome"]) for i in done] == [
        ("blanked", "Museum De Paviljoens", "undone on the wiki")
    ]
