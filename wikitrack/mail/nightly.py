"""`wikitrack nightly`'s mail, made for cron: the window, tonight's snapshot, the plan, save, send.

After the check (`app.reporting.nightly_run`), one walk in one direction: `plan_window` picks
the check runs not mailed yet; `read_night` reads from the store, once, everything the window's
messages need (changes, areas, recipients and what each was told, review requests, guideline
findings, health, facts, the worklist) into an immutable `planner.Night`; `planner.
plan_mailings` (pure) decides the messages; `store.mailings.save_window` writes them in one
transaction; `send_pending` sends them; then the backup.

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
from wikitrack.corrections.workflow import overdue_reviews, waiting_with_findings
from wikitrack.errors import WikitrackError
from wikitrack.facts.notices import FactState, current_facts, register_facts
from wikitrack.health.sweep import HealthSection, latest_section, monthly_health
from wikitrack.mail.messages import MailError, MailServerUnreachable, plan_recipients
from wikitrack.mail.outbox import Mailing
from wikitrack.mail.planner import Night, Recipient, first_run_of, plan_mailings
from wikitrack.report.rendering import TIMEZONE
from wikitrack.store import mailings
from wikitrack.store import worklist_items as items_store
from wikitrack.watchlist.areas import Area

__all__ = [
    "NightlyResult",
    "plan_window",
    "read_night",
    "queue_mailings",
    "send_pending",
    "run_nightly",
]


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


def read_night(
    db: Database,
    config: Config,
    areas: Sequence[Area],
    window: tuple[int, int],
    now: datetime,
    *,
    api_url: str,
    problems: Sequence[str] = (),
) -> Night:
    """Everything the window's messages need, read once: what they share, then each
    recipient's own (its earlier messages first: they say which older runs it still needs)."""
    draft = Night(window=window, now=now, names={a.slug: a.name for a in areas}, api_url=api_url)
    day_start = draft.day_start
    earlier = {
        address: (slugs, tuple(mailings.recent_mailings(db, address, day_start)))
        for address, slugs in plan_recipients(areas, config.mail.desk).items()
    }
    firsts = {window[0]} | {first_run_of(window, e) for _, e in earlier.values()}
    changes = {f: tuple(store.iter_changes(db, runs=(f, window[1]))) for f in sorted(firsts)}
    waiting = tuple(waiting_with_findings(db))
    recipients = tuple(
        _read_recipient(db, config, draft, address, slugs, mine, changes, bool(waiting))
        for address, (slugs, mine) in earlier.items()
    )
    return Night(
        window=window,
        now=now,
        names=draft.names,
        api_url=api_url,
        area_names=tuple(store.area_names(db)),
        recipients=recipients,
        changes=changes,
        window_starts={f: store.run_window_start(db, f) for f in firsts},
        overdue=tuple(overdue_reviews(db, now.astimezone(TIMEZONE).date())),
        waiting=waiting,
        logged_team_revids=frozenset(store.logged_team_revids(db)),
        activity=store.activity_by_area(db, now=now, tz=TIMEZONE),  # the same for everyone
        problems=tuple(problems),
        facts=_facts_tonight(db, config, areas, now),
        worklist=tuple(items_store.list_items(db, states=("open", "claimed"))),
    )


def _read_recipient(
    db: Database,
    config: Config,
    night: Night,
    address: str,
    slugs: list[str] | None,
    earlier: tuple[Mailing, ...],
    changes: dict[int, tuple[StoredChange, ...]],
    any_waiting: bool,
) -> Recipient:
    first = first_run_of(night.window, earlier)
    candidates = changes[first]
    if slugs is not None:
        wanted = set(slugs)
        candidates = tuple(c for c in candidates if wanted.intersection(c.areas))
    mailed = mailings.mailed_identities(db, address, [c.identity for c in candidates])
    return Recipient(
        address=address,
        slugs=None if slugs is None else tuple(slugs),
        earlier=earlier,
        told_guideline=frozenset(mailings.told_guideline(db, address) if any_waiting else ()),
        told_facts=tuple(mailings.told_facts(db, address)),
        mailed=frozenset(mailed),
        health=_health(db, config, night, slugs, earlier),
    )


def _health(
    db: Database, config: Config, night: Night, slugs: list[str] | None, earlier: Sequence[Mailing]
) -> HealthSection | None:
    """The monthly health section, when a message tonight should carry it."""
    health = monthly_health(db, config, slugs, night.now, api_url=night.api_url)
    if health is None and any("health" in m.reminders for m in earlier if m.undelivered):
        # The month's section was never delivered: the message replacing it carries it.
        health = latest_section(
            db, config, areas=slugs, max_age_days=31, now=night.now, api_url=night.api_url
        )
    return health


def _facts_tonight(db: Database, config: Config, areas: Sequence[Area], now: datetime) -> FactState:
    facts = register_facts(config.watchlists_dir, areas)
    slugs = [a.slug for a in areas]
    return current_facts(db, slugs, facts, now.astimezone(TIMEZONE).date())


def queue_mailings(
    db: Database,
    config: Config,
    areas: Sequence[Area],
    window: tuple[int, int],
    now: datetime,
    problems: Sequence[str] = (),
    *,
    api_url: str,
) -> int:
    """Write the window and at most one message per recipient, in one transaction.

    A recipient's message covers this window and every earlier one not yet delivered to them
    (those messages are superseded). Reminders (overdue review requests of their areas; for
    the desk also `problems`, such as a watchlist file that does not parse) go out when no
    message of today already holds them. A correction's guideline findings are told once, and
    again only when they change; so are the facts register's differences and aged figures.
    """
    night = read_night(db, config, areas, window, now, api_url=api_url, problems=problems)
    plan = plan_mailings(config, night)
    mailings.save_window(db, window, list(plan.messages), list(plan.superseded))
    return len(plan.messages)


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
    *,
    api_url: str,
) -> NightlyResult:
    """Report and mail what check runs up to `last_run` found (the check itself ran before).

    `problems` (file:line: what) go to the desk, once a day. `api_url`: the wiki's, for the
    links (the caller resolves it: `app.context.wiki_api_url`).
    """
    now = now or datetime.now(UTC)
    result = NightlyResult()
    window = plan_window(db, last_run, now)
    if window is not None:
        result.window = window
        result.queued = queue_mailings(db, config, areas, window, now, problems, api_url=api_url)
    send_pending(db, send, result)
    if config.backup.nightly:  # after check and mail, so the backup holds both
        from wikitrack.store.backups import backup_configured

        try:
            backup_configured(config)
        except (WikitrackError, OSError) as e:  # the mails went out: a failed backup is partial
            result.backup_error = str(e)
    return result
