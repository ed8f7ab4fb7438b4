"""The nightly mail planner: tonight's snapshot in, the messages to store out (pure).

`mail.nightly` reads everything a window's messages need from the store once, into a `Night`
(what every message shares) holding a `Recipient` each (what one person's message depends on:
their earlier messages, what they were told before, their health section). `plan_mailings`
decides from that alone, without a database or a clock: which recipients get a message, what
it says, what it reminds of, and which undelivered messages it replaces. The rules are those of
`mail.nightly`'s docstring; each is tested on plain data in tests/test_mail_planner.py.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from typing import TYPE_CHECKING, Any

from wikitrack.check.records import StoredChange
from wikitrack.config import Config
from wikitrack.corrections.guideline import guideline_key
from wikitrack.facts.notices import FactsSection, FactState, plan_fact_notices
from wikitrack.mail.messages import build_message
from wikitrack.mail.outbox import Mailing, NewMailing
from wikitrack.report.rendering import (
    STRINGS,
    TIMEZONE,
    Report,
    format_time,
    make_report,
    render_html,
    render_text,
    report_period,
    summarise,
)
from wikitrack.worklist.digest import WorklistSection

if TYPE_CHECKING:
    from wikitrack.health.sweep import HealthSection
    from wikitrack.worklist.core import Item

# A whole message, both parts encoded, stays under this: mail servers refuse big messages and
# nobody reads a thousand changes in a mail. Beyond MAIL_MAX_ENTRIES entries (fewer when they
# are long) the report is summarised per lemma and points to `wikitrack report`.
MAIL_MAX_BYTES = 1_000_000
MAIL_MAX_ENTRIES = 300

__all__ = [
    "MAIL_MAX_BYTES",
    "MAIL_MAX_ENTRIES",
    "MailPlan",
    "Night",
    "Recipient",
    "first_run_of",
    "plan_mailings",
]


@dataclass(frozen=True)
class Recipient:
    """One address tonight, read once: its areas (None: the desk's full digest), its messages
    undelivered or of today, and what it was told before."""

    address: str
    slugs: tuple[str, ...] | None
    earlier: tuple[Mailing, ...] = ()
    told_guideline: frozenset[str] = frozenset()  # guideline keys in delivered messages
    told_facts: tuple[str, ...] = ()  # fact keys in delivered messages, oldest first
    mailed: frozenset[str] = frozenset()  # identities of tonight's changes mailed to it before
    health: HealthSection | None = None  # the monthly section, or one a lost message held

    @property
    def backlog(self) -> tuple[Mailing, ...]:
        """Its undelivered messages: tonight's message replaces them."""
        return tuple(m for m in self.earlier if m.undelivered)


@dataclass(frozen=True)
class Night:
    """What every message of one window shares, read once from the store."""

    window: tuple[int, int]
    now: datetime
    names: Mapping[str, str]  # the areas watched tonight: slug -> name, in the watchlists' order
    api_url: str
    area_names: tuple[tuple[str, str], ...] = ()  # every stored area, as reports list them
    recipients: tuple[Recipient, ...] = ()
    # The stored changes of runs `first` up to the window's last, by `first`: the window's own
    # and those of each first run of a backlog.
    changes: Mapping[int, tuple[StoredChange, ...]] = field(default_factory=dict)
    window_starts: Mapping[int, str] = field(default_factory=dict)  # by first run
    overdue: tuple[dict[str, Any], ...] = ()  # review requests past their due date
    waiting: tuple[dict[str, Any], ...] = ()  # corrections waiting with guideline findings
    logged_team_revids: frozenset[int] = frozenset()
    activity: Mapping[str, list[int]] = field(default_factory=dict)  # the 30-day chart
    problems: tuple[str, ...] = ()  # file:line: what, for the desk
    facts: FactState = FactState()  # the facts register tonight, of every area
    worklist: tuple[Item, ...] = ()  # the worklist's items not done

    @property
    def day_start(self) -> str:
        """Midnight of tonight's day in Amsterdam as a UTC timestamp: reminders are daily."""
        local = self.now.astimezone(TIMEZONE).replace(hour=0, minute=0, second=0, microsecond=0)
        return _iso(local.astimezone(UTC))


@dataclass(frozen=True)
class MailPlan:
    """What to store in one transaction: the new messages and the ones they replace."""

    messages: tuple[NewMailing, ...]
    superseded: tuple[int, ...]


def first_run_of(window: tuple[int, int], earlier: Sequence[Mailing]) -> int:
    """The first check run a recipient's message covers: the window's, or its backlog's."""
    return min([window[0], *(m.first_run for m in earlier if m.undelivered)])


def plan_mailings(config: Config, night: Night) -> MailPlan:
    """At most one message per recipient, each covering this window and the recipient's
    undelivered ones (which it supersedes)."""
    messages, superseded = [], []
    for recipient in night.recipients:
        superseded += [m.id for m in recipient.backlog]
        message = _plan_message(config, night, recipient)
        if message is not None:
            messages.append(message)
    return MailPlan(tuple(messages), tuple(superseded))


@dataclass(frozen=True)
class _Reminders:
    """What a message reminds of besides changes, each not yet told today (or, for guideline
    findings, not yet told at all)."""

    due: list[dict[str, Any]]
    notices: list[str]
    findings: list[dict[str, Any]]

    def keys(self, health: HealthSection | None) -> tuple[str, ...]:
        keys = [f"review:{r['id']}" for r in self.due] + [f"problem:{p}" for p in self.notices]
        keys += ["health"] if health else []
        return tuple(keys + [guideline_key(c) for c in self.findings])


def _reminders(night: Night, recipient: Recipient, reminded: set[str]) -> _Reminders:
    slugs = recipient.slugs

    def mine(item: Mapping[str, Any]) -> bool:
        return slugs is None or item["area"] in slugs

    desk = slugs is None
    return _Reminders(
        due=[r for r in night.overdue if mine(r) and f"review:{r['id']}" not in reminded],
        notices=[p for p in (night.problems if desk else ()) if f"problem:{p}" not in reminded],
        findings=[
            c for c in night.waiting if mine(c) and guideline_key(c) not in recipient.told_guideline
        ],
    )


def _news(night: Night, recipient: Recipient, first: int) -> list[StoredChange]:
    """The changes of runs `first` up to the window's last in the recipient's areas that no
    message to them told of before."""
    changes: Sequence[StoredChange] = night.changes.get(first, ())
    if recipient.slugs is not None:
        wanted = set(recipient.slugs)
        changes = [c for c in changes if wanted.intersection(c.areas)]
    return [c for c in changes if c.identity not in recipient.mailed]


def _report(
    config: Config, night: Night, recipient: Recipient, first: int, news: list[StoredChange],
    reminders: _Reminders,
) -> Report:  # fmt: skip
    slugs = recipient.slugs
    chosen = [(s, n) for s, n in night.area_names if slugs is None or s in slugs]
    window = report_period(night.window_starts.get(first, ""), news, night.now)
    return make_report(
        news,
        chosen,
        api_url=night.api_url,
        lang=config.language,
        window=window,
        now=window[1],
        activity=dict(night.activity),
        logged_team_revids=set(night.logged_team_revids),
        overdue=reminders.due,
        notices=reminders.notices,
        guideline=reminders.findings,
    )


def _plan_message(config: Config, night: Night, recipient: Recipient) -> NewMailing | None:
    """One recipient's message: this window and their undelivered ones, with reminders, and
    only the changes not mailed to them before; None when there is nothing to say (or only an
    empty report already sent today)."""
    backlog = recipient.backlog
    day_start = night.day_start
    today = [m for m in recipient.earlier if m not in backlog and m.created >= day_start]
    reminded = {k for m in today for k in m.reminders}
    reminders = _reminders(night, recipient, reminded)
    first = first_run_of(night.window, recipient.earlier)
    news = _news(night, recipient, first)
    report = _report(config, night, recipient, first, news, reminders)
    health = None if "health" in reminded else recipient.health  # today's earlier mail held it
    facts = FactsSection.of(
        plan_fact_notices(night.facts.of(recipient.slugs), recipient.told_facts), config.language
    )
    worklist = _worklist(config, night, recipient)
    quiet = worklist is None or not worklist.items  # open items are worth a mail, once a day
    if report.empty and not (health or facts) and (today or (quiet and not config.mail.send_empty)):
        return None
    chosen = list(night.names) if recipient.slugs is None else list(recipient.slugs)
    named = [night.names[s] for s in chosen if s in night.names]
    subject = _subject(config, named, night.now, recipient.slugs is None)
    build = functools.partial(
        _message, config, recipient.address, subject, health, facts=facts, worklist=worklist
    )
    since = night.window_starts.get(first, "")[:10] or night.now.strftime("%Y-%m-%d")
    msg = _fitting_message(report, since, build)
    return NewMailing(
        recipient.address,
        tuple(chosen),
        msg["Subject"],
        msg.as_string(),
        first,
        reminders.keys(health) + (facts.keys() if facts else ()),
        changes=tuple(c.identity for c in news),
    )


def _worklist(config: Config, night: Night, recipient: Recipient) -> WorklistSection | None:
    """The worklist section that leads a recipient's message (None: no items at all). New is
    what the worklist took in since the recipient's last mail sent today, else since yesterday."""
    if not night.worklist:
        return None
    sent = [m.created for m in recipient.earlier if m.status == "sent"]
    yesterday = _iso(night.now - timedelta(days=1))
    slugs = None if recipient.slugs is None else list(recipient.slugs)
    return WorklistSection.of(
        night.worklist,
        slugs,
        lang=config.language,
        today=night.now.astimezone(TIMEZONE).date(),
        since=max(sent, default=yesterday),
        unclaimed_days=config.worklist_unclaimed_days,
    )


def _subject(config: Config, names: Sequence[str], now: datetime, full: bool) -> str:
    s = STRINGS[config.language]
    date = format_time(_iso(now), config.language).rsplit(" ", 1)[0]
    scope = s["full_digest"] if full else ", ".join(names)
    return f"{s['title']}: {scope} – {date}"


def _message(
    config: Config,
    recipient: str,
    subject: str,
    health: HealthSection | None,
    report: Report,
    *,
    facts: FactsSection | None = None,
    worklist: WorklistSection | None = None,
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


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
