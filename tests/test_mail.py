"""nightly against the sandbox, delivering to a real SMTP server (aiosmtpd) in the test process."""

from __future__ import annotations

import socket
import uuid
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from click.testing import CliRunner

from wikitrack.cli.commands import App, cli
from wikitrack.sandbox import Sandbox

from .conftest import write_config


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def smtp():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


def mail_config(port: int) -> str:
    return (
        f'\n[mail]\nhost = "127.0.0.1"\nport = {port}\nsender = "wikitrack@almere.example"\n'
        'desk = ["redactie@almere.example"]\n'
    )


def invoker(cfg: Path):
    """`run(*args)`: the CLI with a fresh App on `cfg`, as each cron run starts anew."""
    runner = CliRunner()

    def run(*args: str):
        return runner.invoke(cli, list(args), obj=App(config_path=cfg))

    return run


def test_nightly_mails_each_contact_once_escaped_and_never_twice(
    smtp, sandbox: Sandbox, workdir: Path
):
    inbox, port = smtp
    tag = uuid.uuid4().hex[:6]
    title = f"Tom & Jerry {tag}"
    pieter = sandbox.actor("Pieter Bakker")
    pieter.edit(title, "{{Infobox plaats in Nederland\n| inwoners = 5\n}}\nEen wijk.", "nieuw")
    for name in ("bestuur", "sport"):
        path = workdir / "watchlists" / f"{name}.toml"
        path.write_text(path.read_text() + f'\n[[lemma]]\ntitle = "{title}"\n')
    cfg = write_config(workdir, sandbox.dir, extra=mail_config(port))
    run = invoker(cfg)
    assert run("watchlist", "sync").exit_code == 0
    assert run("check").exit_code == 0  # baseline
    text = pieter.text(title).replace("inwoners = 5", "inwoners = 6")
    sandbox.actor(ip="203.0.113.50").edit(title, text, "<script>alert(1)</script>")
    result = run("nightly")
    assert result.exit_code == 0, result.output
    assert result.output == ""  # quiet on success
    got = {tuple(rcpt): msg for rcpt, msg in inbox.messages}
    # bestuur@ is a contact of bestuur and of sport: one mail with both; sport@ one; desk one
    assert set(got) >= {
        ("bestuur@almere.example",),
        ("sport@almere.example",),
        ("redactie@almere.example",),
    }
    assert len(inbox.messages) == len(got)
    bestuur = got[("bestuur@almere.example",)]
    assert bestuur["Subject"].startswith("Wikipedia-wijzigingen: Bestuur & organisatie, Sport")
    plain = bestuur.get_body(("plain",)).get_content()
    html = bestuur.get_body(("html",)).get_content()
    assert plain.count(f"* {title}") == 2 and "Infobox: inwoners 5 → 6" in plain
    assert "<script>alert(1)</script>" in plain  # plain text is inert
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Tom &amp; Jerry" in html
    assert "volledig overzicht" in got[("redactie@almere.example",)]["Subject"]
    statuses = {r[0] for r in App(config_path=cfg).db.execute("SELECT status FROM mailings")}
    assert statuses == {"sent"}
    before = len(inbox.messages)
    again = run("nightly")
    assert again.exit_code == 0, again.output
    assert len(inbox.messages) == before  # the same window is never mailed twice


def test_a_failed_send_is_retried_by_the_next_run(smtp, sandbox: Sandbox, workdir: Path):
    inbox, port = smtp
    dead = free_port()
    for f in (workdir / "watchlists").glob("*.toml"):
        if f.stem != "zorg":
            f.unlink()
    cfg = write_config(workdir, sandbox.dir, extra=mail_config(dead))
    runner = CliRunner()
    assert runner.invoke(cli, ["watchlist", "sync"], obj=App(config_path=cfg)).exit_code == 0
    assert runner.invoke(cli, ["check"], obj=App(config_path=cfg)).exit_code == 0
    sandbox.actor("Fatima El Amrani").edit(
        "GGD Flevoland", None, "aanvulling", append="\nDe GGD werkt samen met de gemeente."
    )
    failed = runner.invoke(cli, ["nightly"], obj=App(config_path=cfg))
    assert failed.exit_code == 3
    assert f"mail server 127.0.0.1:{dead} unreachable" in failed.output
    assert inbox.messages == []
    cfg.write_text(cfg.read_text().replace(f"port = {dead}", f"port = {port}"))
    retried = runner.invoke(cli, ["nightly"], obj=App(config_path=cfg))
    assert retried.exit_code == 0, retried.output
    recipients = sorted(r[0] for r, _ in inbox.messages)
    assert recipients == ["redactie@almere.example", "zorg@almere.example"]


@pytest.fixture
def tls_smtp(tmp_path: Path):
    """A real SMTP server that requires STARTTLS and a login, with a throwaway certificate."""
    import ssl
    import subprocess

    from aiosmtpd.smtp import AuthResult, LoginPassword

    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            str(key),
            "-out",
            str(cert),
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
        ],
        check=True,
        capture_output=True,
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
            b"desk",
            b"s3cret-smtp",
        )
        logins.append((auth_data.login, ok))
        return AuthResult(success=ok)

    inbox = Inbox()
    controller = Controller(
        inbox,
        hostname="127.0.0.1",
        port=free_port(),
        tls_context=context,
        require_starttls=True,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=True,
    )
    controller.start()
    yield inbox, controller.port, cert, logins
    controller.stop()


def test_starttls_with_login_from_the_environment(tls_smtp, monkeypatch):
    from email.message import EmailMessage

    from wikitrack.config import MailConfig
    from wikitrack.mail.messages import MailError, send_message

    inbox, port, cert, logins = tls_smtp
    msg = EmailMessage()
    msg["From"], msg["To"], msg["Subject"] = "w@almere.example", "r@almere.example", "Test"
    msg.set_content("hallo")
    config = MailConfig(host="127.0.0.1", port=port, security="starttls", ca_file=str(cert))
    monkeypatch.setenv("WIKITRACK_SMTP_USER", "desk")
    monkeypatch.setenv("WIKITRACK_SMTP_PASSWORD", "s3cret-smtp")
    send_message(config, msg)
    assert logins == [(b"desk", True)] and len(inbox.messages) == 1
    plain = MailConfig(host="127.0.0.1", port=port, security="none")
    with pytest.raises(MailError, match="unencrypted"):
        send_message(plain, msg)
    untrusted = MailConfig(host="127.0.0.1", port=port, security="starttls")
    with pytest.raises(MailError, match="CERTIFICATE_VERIFY_FAILED|certificate verify"):
        send_message(untrusted, msg)
