"""`wikitrack nightly`: check, then report, then mail, made for cron.

The window of a nightly run is a range of check runs: everything detected since the previous
nightly window, whatever the revisions' own timestamps. The window and its messages are written
in one transaction before anything is sent; each message then goes pending -> sending -> sent
(or failed, and the next run tries it again). A message found in "sending" was interrupted
mid-send: it is reported and never sent again, so no window is ever mailed twice.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_string, policy
from email.message import EmailMessage
from typing import Any

from sqlite_utils import Database

from . import store
from .config import Config
from .health_run import monthly_health
from .mail import MailError, build_message, plan_recipients
from .models import Area
from .report import STRINGS, format_time, render_html, render_text
from .reporting import make_report

__all__ = ["NightlyResult", "plan_window", "queue_mailings", "send_pending"]


@dataclass
class NightlyResult:
    window: tuple[int, int] | None = None
    queued: int = 0
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)


def plan_window(db: Database, last_run: int, now: datetime) -> tuple[int, int] | None:
    """(first, last) check run of this window, or None when no run is new since the last."""
    row = db.execute("SELECT max(last_run) FROM nightly_windows").fetchone()
    if row and row[0] is not None:
        first = int(row[0]) + 1
    else:
        # The first nightly mails the last day's runs, not all of history.
        since = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        found = db.execute("SELECT min(id) FROM check_runs WHERE started >= ?", [since]).fetchone()
        first = int(found[0]) if found and found[0] is not None else last_run
    return (first, last_run) if first <= last_run else None


def _subject(config: Config, names: Sequence[str], now: datetime, full: bool) -> str:
    s = STRINGS[config.language]
    date = format_time(now.strftime("%Y-%m-%dT%H:%M:%SZ"), config.language).rsplit(" ", 1)[0]
    scope = (
        ("volledig overzicht" if config.language == "nl" else "full digest")
        if full
        else ", ".join(names)
    )
    return f"{s['title']}: {scope} – {date}"


def queue_mailings(
    db: Database, config: Config, areas: Sequence[Area], window: tuple[int, int], now: datetime
) -> int:
    """Write the window and one message per recipient, in one transaction."""
    names = {a.slug: a.name for a in areas}
    messages = []
    for recipient, slugs in plan_recipients(areas, config.mail.desk).items():
        report = make_report(db, config, runs=window, areas=slugs, now=now)
        health = monthly_health(db, config, slugs, now)  # on [health] mail_day only
        if report.empty and health is None and not config.mail.send_empty:
            continue
        chosen = list(names) if slugs is None else slugs
        text, html = render_text(report), render_html(report)
        msg = build_message(
            sender=config.mail.sender,
            recipient=recipient,
            subject=_subject(config, [names[s] for s in chosen if s in names], now, slugs is None),
            text=health.attach(text, "text") if health else text,
            html=health.attach(html, "html") if health else html,
            lang=config.language,
        )
        messages.append((recipient, chosen, msg))
    created = store.now_iso()
    with db.atomic():
        db.table("nightly_windows").insert(
            {
                "created": created,
                "first_run": window[0],
                "last_run": window[1],
                "mailings": len(messages),
            }
        )
        for recipient, chosen, msg in messages:
            db.table("mailings").insert(
                {
                    "created": created,
                    "first_run": window[0],
                    "last_run": window[1],
                    "recipient": recipient,
                    "areas": json.dumps(chosen),
                    "subject": msg["Subject"],
                    "message": msg.as_string(),
                    "status": "pending",
                    "attempts": 0,
                }
            )
    return len(messages)


def send_pending(db: Database, send: Callable[[EmailMessage], None], result: NightlyResult) -> None:
    """Send every pending or failed message, oldest first."""
    for row in db.query("SELECT id, recipient, subject FROM mailings WHERE status = 'sending'"):
        result.uncertain.append(f"{row['recipient']}: '{row['subject']}' (message {row['id']})")
        db.table("mailings").update(row["id"], {"status": "unknown"})
    rows = list(
        db.query("SELECT * FROM mailings WHERE status IN ('pending', 'failed') ORDER BY id")
    )
    for row in rows:
        db.table("mailings").update(
            row["id"], {"status": "sending", "attempts": row["attempts"] + 1}
        )
        msg: Any = message_from_string(row["message"], policy=policy.default)
        try:
            send(msg)
        except MailError as e:
            db.table("mailings").update(row["id"], {"status": "failed", "error": str(e)})
            result.failed.append(str(e))
        else:
            db.table("mailings").update(
                row["id"], {"status": "sent", "error": None, "sent_at": store.now_iso()}
            )
            result.sent.append(row["recipient"])


def run_nightly(
    db: Database,
    config: Config,
    areas: Sequence[Area],
    last_run: int,
    send: Callable[[EmailMessage], None],
    now: datetime | None = None,
) -> NightlyResult:
    """Report and mail what check runs up to `last_run` found (the check itself ran before)."""
    now = now or datetime.now(UTC)
    result = NightlyResult()
    window = plan_window(db, last_run, now)
    if window is not None:
        result.window = window
        result.queued = queue_mailings(db, config, areas, window, now)
    send_pending(db, send, result)
    return result
