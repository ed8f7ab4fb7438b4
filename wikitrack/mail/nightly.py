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
  recipient, so a second run on the same day sends nothing;
- a change a recipient was mailed is never mailed to them again, however a later check found it
  a second time (`check --since`, a page diffed anew): each message records the identities of
  its changes (`StoredChange.identity`), and the next messages leave those out;
- a fact of the facts register that differs from the page, or our own figure that aged, is told
  to its area's contacts once per state, and a difference that is gone once more (good news);
  see `facts.notices` for where tonight's state comes from (no wiki request).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email import message_from_string, policy
from email.message import EmailMessage
from typing import Any

from sqlite_utils import Database

from wikitrack import store
from wikitrack.check.records import StoredChange
from wikitrack.config import Config
from wikitrack.errors import WikitrackError
from wikitrack.facts.notices import (
    FactsSection,
    FactState,
    current_facts,
    plan_fact_notices,
    register_facts,
)
from wikitrack.health.sweep import HealthSection, latest_section, monthly_health
from wikitrack.mail.messages import MailError, MailServerUnreachable, build_message, plan_recipients
from wikitrack.mail.outbox import Mailing
from wikitrack.report.from_store import make_report
from wikitrack.report.rendering import (
    STRINGS,
    TIMEZONE,
    Report,
    format_time,
    render_html,
    render_text,
    summarise,
)
from wikitrack.store import mailings
from wikitrack.store.mailings import NewMailing
from wikitrack.watchlist.areas import Area

# A whole message, both parts encoded, stays under this: mail servers refuse big messages and
# nobody reads a thousand changes in a mail. Beyond MAIL_MAX_ENTRIES entries (fewer when they
# are long) the report is summarised per lemma and points to `wikitrack report`.
MAIL_MAX_BYTES = 1_000_000
MAIL_MAX_ENTRIES = 300

__all__ = ["NightlyResult", "plan_window", "queue_mailings", "send_pending", "run_nightly"]


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
    previous = mailings.last_window_run(db)
    if previous is not None:
        first = previous + 1
    else:
        # The first nightly mails the last day's runs, not all of history.
        since = (now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
        found = mailings.first_run_since(db, since)
        first = found if found is not None else last_run
    return (first, last_run) if first <= last_run else None


def _subject(config: Config, names: Sequence[str], now: datetime, full: bool) -> str:
    s = STRINGS[config.language]
    date = format_time(now.strftime("%Y-%m-%dT%H:%M:%SZ"), config.language).rsplit(" ", 1)[0]
    scope = s["full_digest"] if full else ", ".join(names)
    return f"{s['title']}: {scope} – {date}"


def _day_start(now: datetime) -> str:
    """Midnight of `now`'s day in Amsterdam as a UTC timestamp: reminders are daily."""
    local = now.astimezone(TIMEZONE).replace(hour=0, minute=0, second=0, microsecond=0)
    return local.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _message(
    config: Config,
    recipient: str,
    subject: str,
    health: HealthSection | None,
    report: Report,
    *,
    facts: FactsSection | None = None,
    worklist: Any = None,
) -> EmailMessage:
    """The message of `report`, the facts and the health section added at its end."""
    text, html = render_text(report), render_html(report)
    for section in (facts, health):
        if section is not None:
            text, html = section.attach(text, "text"), section.attach(html, "html")
    if worklist is not None:  # the worklist leads the mail (issue 25)
        text, html = worklist.attach(text, "text"), worklist.attach(html, "html")
    return build_message(
        sender=config.mail.sender,
        recipient=recipient,
        subject=subject,
        text=text,
        html=html,
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


@dataclass(frozen=True)
class _Night:
    """What every recipient's message of one window shares, read once."""

    window: tuple[int, int]
    now: datetime
    names: dict[str, str]
    overdue: list[dict[str, Any]]
    waiting: list[dict[str, Any]]
    day_start: str
    activity: dict[str, list[int]]
    problems: Sequence[str]
    api_url: str | None
    changes: list[StoredChange]  # of the window's check runs: read once, for every recipient
    facts: FactState = FactState()  # the facts register tonight, of every area
    worklist: tuple[Any, ...] = ()  # the worklist's items not done (issue 25), read once


@dataclass(frozen=True)
class _Reminders:
    """What a message reminds of besides changes, each not yet told today (or, for guideline
    findings, not yet told at all)."""

    due: list[dict[str, Any]]
    notices: list[str]
    findings: list[dict[str, Any]]

    def keys(self, health: HealthSection | None) -> tuple[str, ...]:
        from wikitrack.corrections.workflow import guideline_key

        keys = [f"review:{r['id']}" for r in self.due] + [f"problem:{p}" for p in self.notices]
        keys += ["health"] if health else []
        return tuple(keys + [guideline_key(c) for c in self.findings])


def _reminders(
    db: Database, night: _Night, recipient: str, slugs: list[str] | None, reminded: set[str]
) -> _Reminders:
    from wikitrack.corrections.workflow import guideline_key

    def mine(item: dict[str, Any]) -> bool:
        return slugs is None or item["area"] in slugs

    told = mailings.told_guideline(db, recipient) if night.waiting else set()
    return _Reminders(
        due=[r for r in night.overdue if mine(r) and f"review:{r['id']}" not in reminded],
        notices=[
            p for p in (night.problems if slugs is None else ()) if f"problem:{p}" not in reminded
        ],
        findings=[c for c in night.waiting if mine(c) and guideline_key(c) not in told],
    )


def _health(
    db: Database,
    config: Config,
    night: _Night,
    slugs: list[str] | None,
    backlog: list[Mailing],
    reminded: set[str],
) -> HealthSection | None:
    """The monthly health section, when a message today should carry it."""
    api_url = night.api_url or config.wiki_url  # a resolved config's wiki_url is its API URL
    health = monthly_health(db, config, slugs, night.now, api_url=api_url)
    if health is None and any("health" in m.reminders for m in backlog):
        # The month's section was never delivered: the message replacing it carries it.
        health = latest_section(
            db, config, areas=slugs, max_age_days=31, now=night.now, api_url=api_url
        )
    if health is not None and "health" in reminded:
        return None  # today's earlier mail held it already
    return health


def _news(
    db: Database, night: _Night, recipient: str, slugs: list[str] | None, first: int
) -> list[StoredChange]:
    """The changes of runs `first` up to the window's last in the recipient's areas that no
    message to them told of before."""
    changes = night.changes
    if first != night.window[0]:  # with a backlog: from its first run on
        changes = list(store.iter_changes(db, runs=(first, night.window[1])))
    if slugs is not None:
        wanted = set(slugs)
        changes = [c for c in changes if wanted.intersection(c.areas)]
    told = mailings.mailed_identities(db, recipient, [c.identity for c in changes])
    return [c for c in changes if c.identity not in told] if told else changes


def _plan_message(
    db: Database,
    config: Config,
    night: _Night,
    recipient: str,
    slugs: list[str] | None,
    earlier: list[Mailing],
) -> NewMailing | None:
    """One recipient's message: this window and their undelivered ones, with reminders, and
    only the changes not mailed to them before; None when there is nothing to say (or only an
    empty report already sent today)."""
    backlog = [m for m in earlier if m.status in ("pending", "failed")]
    today = [m for m in earlier if m not in backlog and m.created >= night.day_start]
    reminded = {k for m in today for k in m.reminders}
    reminders = _reminders(db, night, recipient, slugs, reminded)
    first = min([night.window[0], *(m.first_run for m in backlog)])
    news = _news(db, night, recipient, slugs, first)
    report = make_report(
        db,
        config,
        runs=(first, night.window[1]),
        areas=slugs,
        now=night.now,
        api_url=night.api_url,
        overdue=reminders.due,
        notices=reminders.notices,
        guideline=reminders.findings,
        activity=night.activity,
        changes=news,
    )
    health = _health(db, config, night, slugs, backlog, reminded)
    told = mailings.told_facts(db, recipient)
    facts = FactsSection.of(plan_fact_notices(night.facts.of(slugs), told), config.language)
    worklist = _worklist(config, night, slugs, earlier)
    quiet = worklist is None or not worklist.items  # open items are worth a mail, once a day
    if report.empty and not (health or facts) and (today or (quiet and not config.mail.send_empty)):
        return None
    chosen = list(night.names) if slugs is None else slugs
    named = [night.names[s] for s in chosen if s in night.names]
    subject = _subject(config, named, night.now, slugs is None)
    build = functools.partial(
        _message, config, recipient, subject, health, facts=facts, worklist=worklist
    )
    since = store.run_window_start(db, first)[:10] or night.now.strftime("%Y-%m-%d")
    msg = _fitting_message(report, since, build)
    return NewMailing(
        recipient,
        tuple(chosen),
        msg["Subject"],
        msg.as_string(),
        first,
        reminders.keys(health) + (facts.keys() if facts else ()),
        changes=tuple(c.identity for c in news),
    )


def _facts_tonight(db: Database, config: Config, areas: Sequence[Area], now: datetime) -> FactState:
    facts = register_facts(config.watchlists_dir, areas)
    slugs = [a.slug for a in areas]
    return current_facts(db, slugs, facts, now.astimezone(TIMEZONE).date())


# -- the worklist's section (issue 25) ----------------------------------------------------------


def _worklist(
    config: Config, night: _Night, slugs: list[str] | None, earlier: list[Mailing]
) -> Any:
    """The worklist section that leads a recipient's message (None: no items at all). New is
    what the worklist took in since the recipient's last mail sent today, else since yesterday."""
    from datetime import timedelta

    from wikitrack.worklist.digest import WorklistSection

    if not night.worklist:
        return None
    sent = [m.created for m in earlier if m.status == "sent"]
    yesterday = (night.now - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    return WorklistSection.of(
        night.worklist,
        slugs,
        lang=config.language,
        today=night.now.astimezone(TIMEZONE).date(),
        since=max(sent, default=yesterday),
        unclaimed_days=config.worklist_unclaimed_days,
    )


def _open_items(db: Database) -> tuple[Any, ...]:
    from wikitrack.store import worklist_items as items_store

    return tuple(items_store.list_items(db, states=("open", "claimed")))


def queue_mailings(
    db: Database,
    config: Config,
    areas: Sequence[Area],
    window: tuple[int, int],
    now: datetime,
    problems: Sequence[str] = (),
    api_url: str | None = None,
) -> int:
    """Write the window and at most one message per recipient, in one transaction.

    A recipient's message covers this window and every earlier one not yet delivered to them
    (those messages are superseded). Reminders (overdue review requests of their areas; for
    the desk also `problems`, such as a watchlist file that does not parse) go out when no
    message of today already holds them. A correction's guideline findings are told once, and
    again only when they change; so are the facts register's differences and aged figures.
    """
    from wikitrack.corrections.workflow import overdue_reviews, waiting_with_findings

    night = _Night(
        window=window,
        now=now,
        names={a.slug: a.name for a in areas},
        overdue=overdue_reviews(db, now.astimezone(TIMEZONE).date()),
        waiting=waiting_with_findings(db),
        day_start=_day_start(now),
        activity=store.activity_by_area(db, now=now, tz=TIMEZONE),  # the same for everyone
        problems=problems,
        api_url=api_url,
        changes=list(store.iter_changes(db, runs=window)),
        facts=_facts_tonight(db, config, areas, now),
        worklist=_open_items(db),
    )
    messages, superseded = [], []
    for recipient, slugs in plan_recipients(areas, config.mail.desk).items():
        earlier = mailings.recent_mailings(db, recipient, night.day_start)
        superseded += [m.id for m in earlier if m.status in ("pending", "failed")]
        message = _plan_message(db, config, night, recipient, slugs, earlier)
        if message is not None:
            messages.append(message)
    mailings.save_window(db, window, messages, superseded)
    return len(messages)


def send_pending(
    db: Database, send: Callable[[EmailMessage], object], result: NightlyResult
) -> None:
    """Send every pending or failed message, oldest first."""
    for m in mailings.mark_interrupted(db):
        result.uncertain.append(f"{m.recipient}: '{m.subject}' (message {m.id})")
    pending = mailings.pending_mailings(db)
    for i, mailing in enumerate(pending):
        mailings.mark_sending(db, mailing)
        msg: Any = message_from_string(mailing.message, policy=policy.default)
        try:
            send(msg)
        except MailServerUnreachable as e:
            # One line for a server that is down, not one per recipient.
            mailings.mark_failed(db, [kept.id for kept in pending[i:]], str(e))
            result.failed.append(f"{e}: {len(pending) - i} mail(s) kept for the next run")
            return
        except MailError as e:
            mailings.mark_failed(db, [mailing.id], str(e))
            result.failed.append(str(e))
        else:
            mailings.mark_sent(db, mailing.id)
            result.sent.append(mailing.recipient)


def run_nightly(
    db: Database,
    config: Config,
    areas: Sequence[Area],
    last_run: int,
    send: Callable[[EmailMessage], object],
    now: datetime | None = None,
    problems: Sequence[str] = (),
    api_url: str | None = None,
) -> NightlyResult:
    """Report and mail what check runs up to `last_run` found (the check itself ran before).

    `problems` (file:line: what) go to the desk, once a day.
    """
    now = now or datetime.now(UTC)
    result = NightlyResult()
    window = plan_window(db, last_run, now)
    if window is not None:
        result.window = window
        result.queued = queue_mailings(db, config, areas, window, now, problems, api_url)
    send_pending(db, send, result)
    if config.backup.nightly:  # after check and mail, so the backup holds both
        from wikitrack.store.backups import backup_configured

        try:
            backup_configured(config)
        except (WikitrackError, OSError) as e:  # the mails went out: a failed backup is partial
            result.backup_error = str(e)
    return result
