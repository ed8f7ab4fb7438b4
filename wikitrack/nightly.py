"""`wikitrack nightly`: check, then report, then mail, made for cron.

The window of a nightly run is a range of check runs: everything detected since the previous
nightly window, whatever the revisions' own timestamps. The window and its messages are written
in one transaction before anything is sent; each message then goes pending -> sending -> sent
(or failed). A message found in "sending" was interrupted mid-send: it is reported and never
sent again, so no window is ever mailed twice.

Mail rules:

- one message per recipient per run at most; nothing new for a recipient, no message;
- a recipient's undelivered messages (the server was down) are not sent one by one: the next
  run replaces them ("superseded") with one message covering every window not yet delivered;
- an overdue review request is reminded of at most once a day (Europe/Amsterdam) per
  recipient, so a second run on the same day sends nothing.
"""

from __future__ import annotations

import functools
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
from .errors import WikitrackError
from .health_run import latest_section, monthly_health
from .mail import MailError, MailServerUnreachable, build_message, plan_recipients
from .models import Area
from .report import STRINGS, TIMEZONE, Report, format_time, render_html, render_text, summarise
from .reporting import make_report

# A whole message, both parts encoded, stays under this: mail servers refuse big messages and
# nobody reads a thousand changes in a mail. Beyond MAIL_MAX_ENTRIES entries (fewer when they
# are long) the report is summarised per lemma and points to `wikitrack report`.
MAIL_MAX_BYTES = 1_000_000
MAIL_MAX_ENTRIES = 300

__all__ = ["NightlyResult", "plan_window", "queue_mailings", "send_pending"]


@dataclass
class NightlyResult:
    window: tuple[int, int] | None = None
    queued: int = 0
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    uncertain: list[str] = field(default_factory=list)
    backup_error: str = ""


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


def _day_start(now: datetime) -> str:
    """Midnight of `now`'s day in Amsterdam as a UTC timestamp: reminders are daily."""
    local = now.astimezone(TIMEZONE).replace(hour=0, minute=0, second=0, microsecond=0)
    return local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _mailed(db: Database, recipient: str, day_start: str) -> list[dict[str, Any]]:
    """The recipient's undelivered messages and today's: years of sent mail are not read."""
    return list(
        db.query(
            "SELECT id, created, first_run, status, reminders FROM mailings "
            "WHERE recipient = ? AND status != 'superseded' "
            "AND (status IN ('pending', 'failed') OR created >= ?) ORDER BY id",
            [recipient, day_start],
        )
    )


def _told_guideline(db: Database, recipient: str) -> set[str]:
    """Which states of guideline findings (`guideline_key`) a recipient was ever told, in any
    delivered message: they are told once, however old the message (read only when some
    correction waits with findings)."""
    rows = db.query(
        "SELECT reminders FROM mailings WHERE recipient = ? "
        "AND status NOT IN ('pending', 'failed', 'superseded') AND reminders LIKE ?",
        [recipient, '%"guideline:%'],
    )
    return {
        k for r in rows for k in json.loads(r["reminders"] or "[]") if k.startswith("guideline:")
    }


def _message(
    config: Config, recipient: str, subject: str, health: Any, report: Report
) -> EmailMessage:
    text, html = render_text(report), render_html(report)
    return build_message(
        sender=config.mail.sender,
        recipient=recipient,
        subject=subject,
        text=health.attach(text, "text") if health else text,
        html=health.attach(html, "html") if health else html,
        lang=config.language,
    )


def _fitting_message(
    report: Report, since: str, build: Callable[[Report], EmailMessage]
) -> EmailMessage:
    """The message with as much of the report written out as fits MAIL_MAX_BYTES (encoded,
    both parts); the rest summarised per lemma, with a note where to read all of it."""
    cap = MAIL_MAX_ENTRIES
    while True:
        msg = build(summarise(report, cap, since))
        if cap == 0 or len(msg.as_bytes()) < MAIL_MAX_BYTES:
            return msg
        cap //= 2


def queue_mailings(
    db: Database,
    config: Config,
    areas: Sequence[Area],
    window: tuple[int, int],
    now: datetime,
    problems: Sequence[str] = (),
) -> int:
    """Write the window and at most one message per recipient, in one transaction.

    A recipient's message covers this window and every earlier one not yet delivered to them
    (those messages are superseded). Reminders (overdue review requests of their areas; for
    the desk also `problems`, such as a watchlist file that does not parse) go out when no
    message of today already holds them. A correction's guideline findings are told once, and
    again only when they change.
    """
    from .workflow import guideline_key, overdue_reviews, waiting_with_findings

    names = {a.slug: a.name for a in areas}
    overdue = overdue_reviews(db, now.astimezone(TIMEZONE).date())
    waiting = waiting_with_findings(db)
    day_start = _day_start(now)
    activity = store.activity_by_area(db, now=now, tz=TIMEZONE)  # once: the same for everyone
    messages, superseded = [], []
    for recipient, slugs in plan_recipients(areas, config.mail.desk).items():
        earlier = _mailed(db, recipient, day_start)
        backlog = [m for m in earlier if m["status"] in ("pending", "failed")]
        today = [m for m in earlier if m not in backlog and m["created"] >= day_start]
        reminded = {k for m in today for k in json.loads(m["reminders"] or "[]")}
        told = _told_guideline(db, recipient) if waiting else set()
        findings = [
            c
            for c in waiting
            if (slugs is None or c["area"] in slugs) and guideline_key(c) not in told
        ]
        due = [
            r
            for r in overdue
            if (slugs is None or r["area"] in slugs) and f"review:{r['id']}" not in reminded
        ]
        notices = [p for p in (problems if slugs is None else ()) if f"problem:{p}" not in reminded]
        first = min([window[0], *(m["first_run"] for m in backlog)])
        report = make_report(
            db,
            config,
            runs=(first, window[1]),
            areas=slugs,
            now=now,
            overdue=due,
            notices=notices,
            guideline=findings,
            activity=activity,
        )
        health = monthly_health(db, config, slugs, now)  # on [health] mail_day only
        if health is None and any("health" in json.loads(m["reminders"] or "[]") for m in backlog):
            # The month's section was never delivered: the message replacing it carries it.
            health = latest_section(db, config, areas=slugs, max_age_days=31, now=now)
        if health is not None and "health" in reminded:
            health = None  # today's earlier mail held it already
        superseded += [m["id"] for m in backlog]
        if report.empty and health is None and (today or not config.mail.send_empty):
            continue
        chosen = list(names) if slugs is None else slugs
        subject = _subject(config, [names[s] for s in chosen if s in names], now, slugs is None)

        build = functools.partial(_message, config, recipient, subject, health)
        since = store.run_window_start(db, first)[:10] or now.strftime("%Y-%m-%d")
        msg = _fitting_message(report, since, build)
        keys = [f"review:{r['id']}" for r in due] + [f"problem:{p}" for p in notices]
        keys += ["health"] if health else []
        keys += [guideline_key(c) for c in findings]
        messages.append((recipient, chosen, msg, first, keys))
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
        for mid in superseded:
            db.table("mailings").update(mid, {"status": "superseded"})
        for recipient, chosen, msg, first, keys in messages:
            db.table("mailings").insert(
                {
                    "created": created,
                    "first_run": first,
                    "last_run": window[1],
                    "recipient": recipient,
                    "areas": json.dumps(chosen),
                    "subject": msg["Subject"],
                    "message": msg.as_string(),
                    "status": "pending",
                    "attempts": 0,
                    "reminders": json.dumps(keys),
                }
            )
    return len(messages)


def send_pending(
    db: Database, send: Callable[[EmailMessage], object], result: NightlyResult
) -> None:
    """Send every pending or failed message, oldest first."""
    for row in db.query("SELECT id, recipient, subject FROM mailings WHERE status = 'sending'"):
        result.uncertain.append(f"{row['recipient']}: '{row['subject']}' (message {row['id']})")
        db.table("mailings").update(row["id"], {"status": "unknown"})
    rows = list(
        db.query("SELECT * FROM mailings WHERE status IN ('pending', 'failed') ORDER BY id")
    )
    for i, row in enumerate(rows):
        db.table("mailings").update(
            row["id"], {"status": "sending", "attempts": row["attempts"] + 1}
        )
        msg: Any = message_from_string(row["message"], policy=policy.default)
        try:
            send(msg)
        except MailServerUnreachable as e:
            # One line for a server that is down, not one per recipient.
            for kept in rows[i:]:
                db.table("mailings").update(kept["id"], {"status": "failed", "error": str(e)})
            result.failed.append(f"{e}: {len(rows) - i} mail(s) kept for the next run")
            return
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
    send: Callable[[EmailMessage], object],
    now: datetime | None = None,
    problems: Sequence[str] = (),
) -> NightlyResult:
    """Report and mail what check runs up to `last_run` found (the check itself ran before).

    `problems` (file:line: what) go to the desk, once a day.
    """
    now = now or datetime.now(UTC)
    result = NightlyResult()
    window = plan_window(db, last_run, now)
    if window is not None:
        result.window = window
        result.queued = queue_mailings(db, config, areas, window, now, problems)
    send_pending(db, send, result)
    if config.backup.nightly:  # after check and mail, so the backup holds both
        from .backup import backup_configured

        try:
            backup_configured(config)
        except (WikitrackError, OSError) as e:  # the mails went out: a failed backup is partial
            result.backup_error = str(e)
    return result
