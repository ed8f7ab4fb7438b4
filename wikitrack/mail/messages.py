"""Build and send mail. Messages are plain `email.message.EmailMessage`: a text part and an HTML
alternative. SMTP credentials come from the environment variables named in the config."""

from __future__ import annotations

import os
import re
import smtplib
import ssl
from collections.abc import Sequence
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from pathlib import Path

from wikitrack.config import MailConfig
from wikitrack.errors import WikitrackError
from wikitrack.files import write_atomically
from wikitrack.watchlist.areas import Area

__all__ = [
    "MailError",
    "MailServerUnreachable",
    "plan_recipients",
    "build_message",
    "check_mail_server",
    "send_message",
    "save_message",
]


class MailError(WikitrackError):
    pass


class MailServerUnreachable(MailError):
    """The mail server did not take a connection: no message can go out this run."""


def plan_recipients(areas: Sequence[Area], desk: Sequence[str]) -> dict[str, list[str] | None]:
    """Each address and the areas it receives: one mail per person with all of their areas.
    The editorial desk gets the full digest (None: every area)."""
    out: dict[str, list[str] | None] = {}
    for area in areas:
        for contact in area.contacts:
            key = contact.strip().lower()
            if out.get(key, []) is not None:
                out.setdefault(key, [])
                current = out[key]
                assert current is not None
                if area.slug not in current:
                    current.append(area.slug)
    for address in desk:
        out[address.strip().lower()] = None
    return out


def build_message(
    *, sender: str, recipient: str, subject: str, text: str, html: str, lang: str = "nl"
) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = recipient
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=False)
    msg["Message-ID"] = make_msgid(domain=sender.rsplit("@", 1)[-1] or "wikitrack")
    msg["Content-Language"] = lang
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(text)
    msg.add_alternative(html, subtype="html")
    return msg


def _open_smtp(config: MailConfig) -> smtplib.SMTP:
    """A connection that has said EHLO, is encrypted as configured and logged in when the
    environment has credentials. A password never goes over an unencrypted connection."""
    user = os.environ.get(config.username_env, "")
    password = os.environ.get(config.password_env, "")
    if user and config.security == "none":
        raise MailError(
            f"refusing to send the SMTP password to {config.host} unencrypted: set "
            "[mail] security to starttls or ssl"
        )
    try:
        context = ssl.create_default_context(cafile=config.ca_file or None)
    except OSError as e:
        raise MailError(f"[mail] ca_file {config.ca_file}: {e.strerror or e}") from e
    try:
        if config.security == "ssl":
            smtp: smtplib.SMTP = smtplib.SMTP_SSL(
                config.host, config.port, timeout=30, context=context
            )
        else:
            smtp = smtplib.SMTP(config.host, config.port, timeout=30)
    except ssl.SSLError as e:
        raise MailError(f"TLS with {config.host}:{config.port} failed: {e}") from e
    except (OSError, smtplib.SMTPConnectError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else e
        raise MailServerUnreachable(
            f"mail server {config.host}:{config.port} unreachable ({reason})"
        ) from e
    try:
        smtp.ehlo()
        if config.security == "starttls":
            smtp.starttls(context=context)
            smtp.ehlo()
        if user:
            smtp.login(user, password)
    except (OSError, smtplib.SMTPException) as e:
        smtp.close()
        raise MailError(f"{config.host}:{config.port}: {e}") from e
    return smtp


def check_mail_server(config: MailConfig) -> str:
    """Connect, EHLO, encrypt and log in as configured, then quit: nothing is sent.

    Returns what was checked; raises MailError saying what failed.
    """
    smtp = _open_smtp(config)
    try:
        smtp.quit()
    except (OSError, smtplib.SMTPException):
        smtp.close()
    steps = ["connect", "EHLO"]
    steps += {"starttls": ["STARTTLS"], "ssl": ["SSL"]}.get(config.security, [])
    if os.environ.get(config.username_env, ""):
        steps.append("login")
    return f"{config.host}:{config.port}: " + ", ".join(steps) + " ok (nothing sent)"


def send_message(config: MailConfig, msg: EmailMessage) -> None:
    """Send over SMTP (plain, STARTTLS or SSL); log in when the environment has credentials.

    A password is never sent over an unencrypted connection, and never appears in an error.
    """
    smtp = _open_smtp(config)
    try:
        with smtp:
            smtp.send_message(msg)
    except (OSError, smtplib.SMTPException) as e:
        raise MailError(
            f"sending to {msg['To']} via {config.host}:{config.port} failed: {e}"
        ) from e


def save_message(directory: Path, msg: EmailMessage) -> Path:
    """Write `msg` as an .eml file into `directory` instead of sending it (a preview, tests).

    The file name comes from the time and the recipient, reduced to safe characters: an
    address from a watchlist never chooses the path.
    """
    directory.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    who = re.sub(r"[^A-Za-z0-9@._-]", "_", str(msg["To"]))[:100].lstrip(".")
    path = directory / f"{stamp}-{who}.eml"
    n = 1
    while path.exists():
        n += 1
        path = directory / f"{stamp}-{who}-{n}.eml"
    try:
        write_atomically(path, msg.as_string())
    except OSError as e:
        raise MailError(f"cannot write {path}: {e.strerror or e}") from e
    return path
