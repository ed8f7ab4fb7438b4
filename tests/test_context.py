"""The context resolves `[wiki] url = "sandbox"` into a plain wiki target once, at start-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wikitrack.app.context import Context, WikiTarget, make_wiki
from wikitrack.errors import WikiError


def _config(tmp_path: Path, wiki: str) -> Path:
    path = tmp_path / "wikitrack.toml"
    path.write_text(f'{wiki}\n[sandbox]\ndir = "wiki"\n', encoding="utf-8")
    return path


def test_a_sandbox_config_becomes_a_plain_wiki_target(tmp_path: Path):
    (tmp_path / "wiki").mkdir()
    (tmp_path / "wiki" / "state.json").write_text(json.dumps({"port": 8123}))
    ctx = Context(config_path=_config(tmp_path, '[wiki]\nurl = "sandbox"'))
    assert ctx.config.wiki_url == "http://127.0.0.1:8123/api.php"
    assert not ctx.config.uses_sandbox
    target = ctx.wiki_target
    assert target.user == "Anouk-GemeenteAlmere"
    assert target.pywikibot_dir == (tmp_path / "wiki" / "pywikibot").resolve()
    assert ctx.article_url == "http://127.0.0.1:8123/index.php?title="
    # Not running (no server answers): said when the wiki is opened, not before.
    assert "is not running: 'wikitrack sandbox start'" in target.unavailable
    with pytest.raises(WikiError, match="is not running"):
        make_wiki(target)


def test_a_real_wiki_is_its_own_target(tmp_path: Path):
    api = "https://nl.wikipedia.org/w/api.php"
    ctx = Context(config_path=_config(tmp_path, f'[wiki]\nurl = "{api}"'))
    assert ctx.wiki_target == WikiTarget(
        api,
        article_url="https://nl.wikipedia.org/w/index.php?title=",
        index_url="https://nl.wikipedia.org/w/index.php",
        config_file=str(ctx.config.path),
    )
    assert ctx.config.wiki_url == api


def test_check_leaves_a_core_to_a_wiki_on_this_machine(tmp_path: Path):
    from wikitrack.app.context import check_workers

    (tmp_path / "wiki").mkdir()
    (tmp_path / "wiki" / "state.json").write_text(json.dumps({"port": 8123}))
    sandbox = Context(config_path=_config(tmp_path, '[wiki]\nurl = "sandbox"')).config
    remote = Context(
        config_path=_config(tmp_path, '[wiki]\nurl = "https://nl.wikipedia.org/w/api.php"')
    ).config
    assert [check_workers(sandbox, cores) for cores in (1, 2, 3, 8)] == [1, 1, 2, 2]
    assert [check_workers(remote, cores) for cores in (1, 2, 3, 8)] == [1, 2, 2, 2]


@pytest.mark.parametrize("wiki", ["", '[wiki]\ncontact = "desk@almere.example"'])
def test_a_config_without_a_wiki_url_never_opens_the_live_wiki(tmp_path: Path, wiki: str):
    """A missing [wiki] (or [wiki] url) is a configuration error naming the file, never
    https://nl.wikipedia.org by default: wikitrack edits."""
    from wikitrack.errors import ConfigError

    path = _config(tmp_path, wiki)
    target = Context(config_path=path).wiki_target
    with pytest.raises(ConfigError, match=rf"^{path}:?\d*: no \[wiki\] (section|url), so no wiki"):
        make_wiki(target, login=False)


def test_without_a_config_file_no_wiki_is_opened(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from wikitrack.errors import ConfigError

    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="no wikitrack.toml in .*'wikitrack init' writes one"):
        make_wiki(Context().wiki_target, login=False)


@pytest.mark.parametrize(
    "args",
    [["check"], ["health"], ["audit"], ["correction", "apply", "1", "--by", "A", "--dry-run"]]
    + [["doctor"]],
)
def test_commands_on_a_config_without_wiki_exit_2_naming_the_file(tmp_path: Path, args: list[str]):
    from click.testing import CliRunner

    from wikitrack.cli.commands import cli

    path = _config(
        tmp_path,
        '[[team_accounts]]\nuser = "A"\nperson = "A"\n[[people]]\nname = "A"\nrole = "desk"',
    )
    (tmp_path / "watchlists").mkdir()
    result = CliRunner().invoke(cli, args, obj=Context(config_path=path))
    assert f"{path}: no [wiki] section" in result.output
    assert "nl.wikipedia.org" in result.output  # the line to add, not a request to it
    assert result.exit_code == (1 if args == ["doctor"] else 2)


@pytest.mark.parametrize("sandbox", [False, True])
def test_the_starter_configs_name_their_wiki(tmp_path: Path, sandbox: bool):
    """What `wikitrack init` writes says [wiki] url explicitly, so it keeps working."""
    from wikitrack.config import NL_WIKIPEDIA_API, load_config, render_starter_config

    path = tmp_path / "wikitrack.toml"
    path.write_text(render_starter_config(sandbox=sandbox), encoding="utf-8")
    config = load_config(path)
    assert config.wiki_missing == ""
    assert config.wiki_url == ("sandbox" if sandbox else NL_WIKIPEDIA_API)
