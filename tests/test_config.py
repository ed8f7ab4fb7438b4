from __future__ import annotations

import os
from pathlib import Path

from click.testing import CliRunner

from wikitrack.cli.commands import App, cli


def test_malformed_config_names_file_and_line_and_creates_nothing(workdir: Path):
    (workdir / "wikitrack.toml").write_text('[database]\npath = "x.db"\n[wiki\nurl = "x"\n')
    result = CliRunner().invoke(cli, ["watchlist", "list"], obj=App())
    assert result.exit_code == 2
    assert "wikitrack.toml:3: malformed TOML" in result.output
    assert not (workdir / "x.db").exists() and not (workdir / "wikitrack.db").exists()


def test_unknown_keys_and_bad_values_are_all_reported(workdir: Path):
    (workdir / "wikitrack.toml").write_text(
        '[database]\npath = "x.db"\ncolour = 1\n[report]\nlanguage = "fr"\n[wiki]\nurl = "ftp:x"\n'
    )
    result = CliRunner().invoke(cli, ["watchlist", "list"], obj=App())
    assert result.exit_code == 2
    assert "wikitrack.toml:3: unknown key 'colour' in [database]" in result.output
    assert "wikitrack.toml:5: language must be one of nl, en" in result.output
    assert "wikitrack.toml:7: url must be an API URL" in result.output


def test_a_key_where_a_table_belongs_is_reported_not_a_crash(workdir: Path):
    (workdir / "wikitrack.toml").write_text('mail = 3\n[[database]]\npath = "x.db"\n')
    result = CliRunner().invoke(cli, ["watchlist", "list"], obj=App())
    assert result.exit_code == 2, result.output
    assert "wikitrack.toml:1: 'mail' must be a table" in result.output
    assert "wikitrack.toml:2: 'database' must be a table" in result.output
    assert not (workdir / "x.db").exists() and not (workdir / "wikitrack.db").exists()


def test_init_writes_a_loadable_config_and_database(workdir: Path):
    result = CliRunner().invoke(cli, ["init", "--sandbox"], obj=App())
    assert result.exit_code == 0, result.output
    assert (workdir / "wikitrack.db").exists()
    from wikitrack.store.migrations import SCHEMA_VERSION

    assert f"schema version {SCHEMA_VERSION}" in result.output
    again = CliRunner().invoke(cli, ["init"], obj=App())
    assert "keeping it" in again.output


def test_explicit_missing_config_is_an_error(workdir: Path):
    result = CliRunner().invoke(cli, ["--config", "nope.toml", "watchlist", "list"])
    assert result.exit_code == 2 and "nope.toml: config file not found" in result.output
    env = CliRunner(env={"WIKITRACK_CONFIG": "other.toml"})
    assert "other.toml" in env.invoke(cli, ["watchlist", "list"]).output
    assert os.environ.get("WIKITRACK_CONFIG") is None


def test_health_settings_are_validated_with_file_and_line(workdir: Path):
    (workdir / "wikitrack.toml").write_text(
        '[health]\ntalk_days = "veel"\nmail_day = 40\n[health.weights]\nnomination = 5\n'
        "bron = 3\ndead_link = -1\n"
    )
    result = CliRunner().invoke(cli, ["watchlist", "list"], obj=App())
    assert result.exit_code == 2
    assert "wikitrack.toml:2: 'talk_days' must be a number" in result.output
    assert "wikitrack.toml:3: 'mail_day' must be between 0 and 31" in result.output
    assert "wikitrack.toml:6: unknown kind 'bron'" in result.output
    assert "wikitrack.toml:7: weight of 'dead_link' must be a number of 0 or more" in result.output


def test_the_starter_config_holds_the_health_defaults(workdir: Path):
    from wikitrack.config import HealthConfig, load_config, render_starter_config
    from wikitrack.health.kinds import DEFAULT_WEIGHTS

    (workdir / "wikitrack.toml").write_text(render_starter_config(sandbox=True))
    health = load_config(workdir / "wikitrack.toml").health
    assert dict(health.weights) == DEFAULT_WEIGHTS
    assert (health.talk_days, health.mail_day) == (HealthConfig.talk_days, HealthConfig.mail_day)
