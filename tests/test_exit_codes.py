"""Exit codes as documented: 2 for configuration, 1 for failure, 3 only for a partial run; and
`serve` leaves nothing behind, however it ends."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikitrack.cli.commands import App, cli

from .test_mail import free_port


def test_an_account_without_a_pywikibot_dir_is_a_configuration_error(tmp_path: Path):
    cfg = tmp_path / "wikitrack.toml"
    cfg.write_text(
        '[wiki]\nurl = "https://nl.wikipedia.org/w/api.php"\nuser = "Anouk-GemeenteAlmere"\n'
        'pywikibot_dir = ""\n',
        encoding="utf-8",
    )
    for args in (["check"], ["nightly"], ["doctor"], ["watchlist", "sync"]):
        result = CliRunner().invoke(cli, args, obj=App(config_path=cfg))
        assert result.exit_code == 2, (args, result.output)
        assert f"{cfg}:4: [wiki] user is set but pywikibot_dir is empty" in result.output


def test_a_missing_password_file_is_a_configuration_error(tmp_path: Path):
    from wikitrack.errors import ConfigError
    from wikitrack.wiki.adapter import WikiClient

    (tmp_path / "user-config.py").write_text("family = 'wikipedia'\n")
    client = WikiClient("http://127.0.0.1:9/api.php", user="X", pywikibot_dir=tmp_path)
    with pytest.raises(ConfigError, match="user-password.cfg not found") as e:
        client.login()
    assert e.value.exit_code == 2


@pytest.fixture
def web_app(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A config with one web user, and an environment whose temp dir the test can inspect."""
    cfg = tmp_path / "wikitrack.toml"
    cfg.write_text(
        '[database]\npath = "wikitrack.db"\n[[people]]\nname = "J. Smit"\nrole = "desk"\n',
        encoding="utf-8",
    )
    added = CliRunner().invoke(
        cli,
        ["web-user", "add", "jsmit", "--name", "J. Smit", "--password-stdin"],
        obj=App(config_path=cfg),
        input="een-lang-wachtwoord\n",
    )
    assert added.exit_code == 0, added.output
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    import os

    return cfg, dict(os.environ, TMPDIR=str(tmp))


def _serve(cfg: Path, env: dict[str, str], port: int) -> subprocess.Popen[str]:
    wikitrack = str(Path(sys.executable).with_name("wikitrack"))
    return subprocess.Popen(
        [wikitrack, "--config", str(cfg), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_serve_on_a_busy_port_fails_cleanly_and_leaves_no_temp_dir(web_app):
    cfg, env = web_app
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        proc = _serve(cfg, env, port)
        out, err = proc.communicate(timeout=60)
    assert proc.returncode in (1, 2)
    assert "serving" not in err
    assert f"cannot serve on 127.0.0.1:{port}" in err and "Traceback" not in err
    assert list(Path(env["TMPDIR"]).iterdir()) == []


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_serve_stops_on_a_signal_and_removes_its_temp_dir(web_app, sig):
    cfg, env = web_app
    port = free_port()
    proc = _serve(cfg, env, port)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/-/login", timeout=1)  # noqa: S310
            break
        except OSError:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.2)
    assert [p.name.startswith("wikitrack-web-") for p in Path(env["TMPDIR"]).iterdir()] == [True]
    proc.send_signal(sig)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == 0, err
    assert "serving" in err and "Traceback" not in err
    assert list(Path(env["TMPDIR"]).iterdir()) == []
    with pytest.raises(OSError):  # Datasette stopped too
        urllib.request.urlopen(f"http://127.0.0.1:{port}/-/login", timeout=1)  # noqa: S310
