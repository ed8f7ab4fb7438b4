from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikitrack.cli.commands import App, cli
from wikitrack.sandbox import Sandbox

from .conftest import write_config


def php_servers_of(sb: Sandbox) -> list[str]:
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if "php -S" in line and f":{sb.port} " in line]


@pytest.mark.wiki  # starts a MediaWiki of its own
def test_start_twice_is_harmless_and_stop_leaves_no_php(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    cfg = write_config(tmp_path, tmp_path / "sb")
    runner = CliRunner()
    first = runner.invoke(cli, ["sandbox", "start"], obj=App(config_path=cfg))
    assert first.exit_code == 0, first.output
    sb = Sandbox(tmp_path / "sb")
    assert sb.is_running() and php_servers_of(sb)
    second = runner.invoke(cli, ["sandbox", "start"], obj=App(config_path=cfg))
    assert second.exit_code == 0 and "already running" in second.output
    status = runner.invoke(cli, ["sandbox", "status", "--json"], obj=App(config_path=cfg))
    assert '"running": true' in status.output and "Anouk-GemeenteAlmere" in status.output
    assert "botpassword" not in status.output.lower()
    marker = tmp_path / "sb" / "marker"
    marker.write_text("x")
    reset = runner.invoke(cli, ["sandbox", "reset"], obj=App(config_path=cfg))
    assert reset.exit_code == 0 and "fresh sandbox running" in reset.output
    assert not marker.exists() and sb.is_running()
    stop = runner.invoke(cli, ["sandbox", "stop"], obj=App(config_path=cfg))
    assert stop.exit_code == 0 and "stopped" in stop.output
    assert php_servers_of(sb) == [] and not sb.is_running()
    assert (tmp_path / "sb" / "secrets.json").stat().st_mode & 0o077 == 0
    assert (tmp_path / "sb" / "pywikibot" / "user-password.cfg").stat().st_mode & 0o077 == 0


def test_doctor_against_a_wiki_that_is_down_answers_fast(workdir: Path):
    (workdir / "wikitrack.toml").write_text(
        '[wiki]\nurl = "http://127.0.0.1:9/api.php"\nuser = "X"\npywikibot_dir = "pwb"\n'
    )
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["doctor"], obj=App())
    assert time.monotonic() - started < 15
    assert result.exit_code == 1
    assert "[FAIL] wiki: the wiki at http://127.0.0.1:9/api.php is unreachable" in result.output


def test_doctor_on_the_sandbox_is_all_ok(app: App):
    assert app.db  # creates the database, as "wikitrack init" does
    result = CliRunner().invoke(cli, ["doctor"], obj=app)
    assert result.exit_code == 0, result.output
    assert "logged in as Anouk-GemeenteAlmere; batch size 500" in result.output
    secret = (Path(app.config.sandbox_dir) / "secrets.json").read_text()
    import json

    for acc in json.loads(secret).values():
        assert acc["botpassword"] not in result.output


def test_simulated_day_runs(sandbox: Sandbox):
    done = sandbox.simulate()
    assert any("infobox" in line for line in done)
    assert any("moved" in line or "skipped move" in line for line in done)


@pytest.mark.wiki  # starts a MediaWiki of its own
def test_the_demo_day_is_detected_on_a_fresh_sandbox(tmp_path: Path, monkeypatch):
    """The README's main job: seeded lemmas, a simulated day, and check finding all of it."""
    import json
    import shutil

    from .conftest import ROOT

    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "watchlists", tmp_path / "watchlists")
    shutil.copytree(ROOT / "facts", tmp_path / "facts")
    cfg = write_config(tmp_path, tmp_path / "sb")
    runner = CliRunner()
    try:
        for args in (
            ["sandbox", "start"],
            ["watchlist", "sync"],
            ["check"],
            ["sandbox", "simulate"],
            ["check"],
        ):
            result = runner.invoke(cli, args, obj=App(config_path=cfg))
            assert result.exit_code == 0, (args, result.output)
        assert "pages via the watchlist" in result.output
        changes = json.loads(
            runner.invoke(cli, ["changes", "--json"], obj=App(config_path=cfg)).output
        )
        # the demo ends with the facts register: the simulated day dated the population 2025
        facts = runner.invoke(cli, ["facts", "check", "--json"], obj=App(config_path=cfg))
        assert facts.exit_code == 3, facts.output
        rows = {r["id"]: r for r in json.loads(facts.output)["facts"]}
        assert rows["almere-inwoners"]["wiki_date"] == "2025-01-01"
    finally:
        Sandbox(tmp_path / "sb").stop()
    by_kind: dict[str, list[dict]] = {}
    for c in changes:
        by_kind.setdefault(c["kind"], []).append(c)
    assert by_kind["template_param_changed"][0]["details"]["param"] == "inwoners"
    assert by_kind["blanked"][0]["reverted"] and by_kind["blanked"][0]["anon"]
    assert by_kind["moved"][0]["details"]["new"] == "Glazen Huis (paviljoen)"
    assert by_kind["deleted"][0]["title"] == "Universiteit van Amsterdam Almere"
    assert {"nomination", "maintenance"} <= {c["category"] for c in by_kind["template_added"]}
    assert by_kind["talk_section_added"] and by_kind["talk_reply"]
