"""A wiki that does not answer: the error says what to do, and a person at a terminal is told
what wikitrack waits for; cron gets neither progress nor waiting lines."""

from __future__ import annotations

import io
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.console import Console

from wikitrack.cli.commands import App, cli
from wikitrack.wiki import adapter

from .test_mail import free_port


def _config_with_one_lemma(workdir: Path, url: str) -> Path:
    cfg = workdir / "wikitrack.toml"
    cfg.write_text(f'[wiki]\nurl = "{url}"\n')
    db = App(config_path=cfg).db
    db.table("areas").insert({"slug": "bestuur", "name": "Bestuur"})
    db.table("lemmas").insert({"page_id": 1, "title": "Almere", "namespace": 0, "status": "ok"})
    db.table("area_lemmas").insert({"area": "bestuur", "page_id": 1, "listed_title": "Almere"})
    return cfg


def test_a_refused_connection_names_the_fix(workdir: Path):
    """The hint names the config file in use, not a `wikitrack.toml` somewhere else."""
    url = f"http://127.0.0.1:{free_port()}/api.php"
    cfg = _config_with_one_lemma(workdir, url)
    cfg = cfg.rename(workdir / "desk.toml")
    result = CliRunner().invoke(cli, ["check"], obj=App(config_path=cfg))
    assert result.exit_code == 1
    assert result.output == (
        f"Error: the wiki at {url} is unreachable: Connection refused; check [wiki] url in "
        f"{cfg} and the network, or start the sandbox with 'wikitrack sandbox start'\n"
    )


def test_a_remote_wiki_is_not_sent_to_the_sandbox():
    hint = adapter.unreachable_hint("https://nl.wikipedia.org/w/api.php", "/etc/wikitrack.toml")
    assert hint == "check [wiki] url in /etc/wikitrack.toml and the network"


@pytest.fixture
def silent_wiki():
    """A server that takes the connection and never answers."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen()
        yield f"http://127.0.0.1:{s.getsockname()[1]}/api.php"


@pytest.mark.parametrize(
    "terminal,args,shown",
    [(True, ["check"], True), (True, ["check", "--quiet"], False), (False, ["check"], False)],
    ids=["terminal", "quiet", "cron"],
)
def test_a_long_wait_is_explained_on_a_terminal_only(
    silent_wiki: str, workdir: Path, monkeypatch: pytest.MonkeyPatch, terminal, args, shown
):
    monkeypatch.setattr(adapter, "SLOW_AFTER", 0.3)
    cfg = _config_with_one_lemma(workdir, silent_wiki)
    buf = io.StringIO()
    app = App(
        config_path=cfg,
        wiki_factory=lambda c: adapter.WikiClient(c.wiki_url, probe_timeout=2),
        stderr=Console(file=buf, force_terminal=terminal, width=200),
    )
    result = CliRunner().invoke(cli, args, obj=app)
    assert result.exit_code == 1
    assert "unreachable: no answer within 2 s" in result.output
    waited = f"waiting for the wiki at {silent_wiki} to answer (at most 2 s)..."
    assert (waited in buf.getvalue()) == shown
