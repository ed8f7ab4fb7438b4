"""Mail set-up that can be checked before the first night: `doctor` talks to the real SMTP server
(aiosmtpd) without sending, a missing [mail] section is said plainly, and `nightly --mail-dir`
writes the mails as files."""

from __future__ import annotations

from email import message_from_bytes, policy
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikitrack.cli.commands import App, cli
from wikitrack.sandbox import Sandbox

from .conftest import write_config
from .test_mail import free_port, mail_config, smtp, tls_smtp  # noqa: F401 (fixtures)


def doctor_mail_line(cfg: Path) -> str:
    result = CliRunner().invoke(cli, ["doctor"], obj=App(config_path=cfg))
    lines = [line for line in result.output.splitlines() if "] mail:" in line]
    assert len(lines) == 1, result.output
    return lines[0]


def dead_wiki_config(tmp_path: Path, mail: str) -> Path:
    cfg = tmp_path / "wikitrack.toml"
    cfg.write_text(f'[wiki]\nurl = "http://127.0.0.1:{free_port()}/api.php"\n{mail}')
    return cfg


def test_doctor_checks_a_plain_mail_server_and_sends_nothing(smtp, tmp_path: Path):  # noqa: F811
    inbox, port = smtp
    cfg = dead_wiki_config(tmp_path, mail_config(port))
    assert doctor_mail_line(cfg) == (
        f"[ok ] mail: 127.0.0.1:{port}: connect, EHLO ok (nothing sent)"
    )
    assert inbox.messages == []


def test_doctor_checks_starttls_and_the_login(
    tls_smtp,  # noqa: F811
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
):
    inbox, port, cert, logins = tls_smtp
    mail = f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsecurity = "starttls"\nca_file = "{cert}"\n'
    cfg = dead_wiki_config(tmp_path, mail)
    monkeypatch.setenv("WIKITRACK_SMTP_USER", "desk")
    monkeypatch.setenv("WIKITRACK_SMTP_PASSWORD", "s3cret-smtp")
    assert doctor_mail_line(cfg) == (
        f"[ok ] mail: 127.0.0.1:{port}: connect, EHLO, STARTTLS, login ok (nothing sent)"
    )
    assert logins == [(b"desk", True)] and inbox.messages == []


def test_doctor_says_when_the_mail_server_is_down(tmp_path: Path):
    dead = free_port()
    cfg = dead_wiki_config(tmp_path, mail_config(dead))
    assert doctor_mail_line(cfg) == (
        f"[FAIL] mail: mail server 127.0.0.1:{dead} unreachable (Connection refused)"
    )


def test_without_a_mail_section_nothing_tries_localhost(tmp_path: Path):
    cfg = dead_wiki_config(tmp_path, "")
    assert doctor_mail_line(cfg).startswith("[ok ] mail: mail not configured: add a [mail]")
    result = CliRunner().invoke(cli, ["nightly"], obj=App(config_path=cfg))
    assert result.exit_code == 2
    assert result.output.startswith("Error: mail not configured: add a [mail] section")
    db = App(config_path=cfg).db
    assert db.execute("SELECT count(*) FROM check_runs").fetchone()[0] == 0  # nothing ran


@pytest.mark.wiki
def test_nightly_mail_dir_writes_eml_files_instead_of_sending(sandbox: Sandbox, workdir: Path):
    for f in (workdir / "watchlists").glob("*.toml"):
        if f.stem != "zorg":
            f.unlink()
    cfg = write_config(workdir, sandbox.dir, extra='\n[mail]\ndesk = ["redactie@almere.example"]\n')
    cfg.write_text(cfg.read_text().replace("[mail]\n", "[mail]\nport = 9\n"))  # never used
    runner = CliRunner()
    for args in (["watchlist", "sync"], ["check"]):
        assert runner.invoke(cli, args, obj=App(config_path=cfg)).exit_code == 0
    sandbox.actor("Kees Jansen").edit(
        "Flevoziekenhuis", None, "voorbeeld", append="\nEen voorbeeldzin."
    )
    out = workdir / "mails"
    for _ in range(2):  # the second run has nothing new: no more files
        result = runner.invoke(cli, ["nightly", "--mail-dir", str(out)], obj=App(config_path=cfg))
        assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.eml"))
    got = {message_from_bytes(f.read_bytes(), policy=policy.default)["To"]: f for f in files}
    assert sorted(got) == ["redactie@almere.example", "zorg@almere.example"]
    assert len(files) == 2 and all(f.name.endswith(f"-{to}.eml") for to, f in got.items())
    msg = message_from_bytes(got["zorg@almere.example"].read_bytes(), policy=policy.default)
    assert "voorbeeld" in msg.get_body(("plain",)).get_content()


def test_the_sandbox_config_writes_mails_to_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The sandbox's contacts are made up: `init --sandbox` sends its mails to files."""
    monkeypatch.chdir(tmp_path)
    assert CliRunner().invoke(cli, ["init", "--sandbox"], obj=App()).exit_code == 0
    assert doctor_mail_line(tmp_path / "wikitrack.toml") == (
        f"[ok ] mail: written as .eml files to {tmp_path / 'mails'} ([mail] dir), not sent"
    )


@pytest.mark.wiki
def test_nightly_follows_mail_dir_in_the_config(sandbox: Sandbox, workdir: Path):
    for f in (workdir / "watchlists").glob("*.toml"):
        if f.stem != "zorg":
            f.unlink()
    extra = '\n[mail]\nport = 9\ndir = "uit"\ndesk = ["redactie@almere.example"]\n'
    cfg = write_config(workdir, sandbox.dir, extra=extra)
    runner = CliRunner()
    for args in (["watchlist", "sync"], ["check"]):
        assert runner.invoke(cli, args, obj=App(config_path=cfg)).exit_code == 0
    sandbox.actor("Kees Jansen").edit("Flevoziekenhuis", None, "uit", append="\nNog een zin.")
    result = runner.invoke(cli, ["nightly"], obj=App(config_path=cfg))
    assert result.exit_code == 0, result.output
    assert len(list((workdir / "uit").glob("*.eml"))) == 2  # zorg and the desk; port 9 unused
