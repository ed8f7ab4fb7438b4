"""Use cases of reading what changed: changes, reports, health and nightly.

Each takes the `Context` and the command's arguments as plain values and returns a result
object that the CLI (and the web) render; none prints, none imports click."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlite_utils import Database

from wikitrack import store
from wikitrack.app.context import Context, log_problems, parse_since, verify_own_wiki, wiki_api_url
from wikitrack.app.triage import sync_worklist_after_health, worklist_period
from wikitrack.app.watching import CheckOnce, check_once
from wikitrack.check.records import StoredChange
from wikitrack.config import Config
from wikitrack.errors import (
    EXIT_PARTIAL,
    ConfigError,
    InputError,
)
from wikitrack.report.rendering import REPORT_DAYS, Report
from wikitrack.store import health_findings as health_store
from wikitrack.wiki.sitefacts import typed_title

if TYPE_CHECKING:  # lazy: keeps start-up free of mwparserfromhell (health, mail's notices)
    from wikitrack.health.overview import HealthReport
    from wikitrack.health.sweep import HealthRun, HealthSection
    from wikitrack.mail.nightly import NightlyResult


# -- changes, reports, health and nightly --------------------------------------------------------


def list_changes(
    ctx: Context, *, area: str | None = None, since: str | None = None, kind: str | None = None
) -> list[StoredChange]:
    """`wikitrack changes`: the stored changes, oldest first (`since`: ISO UTC)."""
    return list(store.iter_changes(ctx.db, area=area, since=since, kind=kind))


@dataclass(frozen=True)
class ChangeList:
    """Stored changes, and the language their rows are described in."""

    changes: list[StoredChange]
    language: str


def find_changes(
    ctx: Context, *, area: str | None, since: str | None, kind: str | None
) -> ChangeList:
    """`wikitrack changes` (`since` as --since takes it)."""
    found = list_changes(ctx, area=area, since=parse_since(since), kind=kind)
    return ChangeList(found, ctx.config.language)


def report_from_store(
    db: Database,
    config: Config,
    *,
    since: str | None = None,
    runs: tuple[int, int] | None = None,
    areas: Sequence[str] | None = None,
    now: datetime | None = None,
    api_url: str | None = None,
) -> Report:
    """The report of the changes since a date, or detected by a range of check runs, with the
    overdue review requests and the corrections waiting with guideline findings: everything
    read here, then `make_report` (pure). `api_url`: the wiki's, for links (default: the
    config's, the sandbox resolved)."""
    from wikitrack.corrections.workflow import overdue_reviews, waiting_with_findings
    from wikitrack.report.rendering import TIMEZONE, make_report, report_period

    now = now or datetime.now(UTC)
    chosen = [(slug, name) for slug, name in store.area_names(db) if areas is None or slug in areas]
    changes = list(store.iter_changes(db, since=since, runs=runs))
    start = since or (store.run_window_start(db, runs[0]) if runs else "")
    window = report_period(start, changes, now)
    return make_report(
        changes,
        chosen,
        api_url=wiki_api_url(config) if api_url is None else api_url,
        lang=config.language,
        window=window,
        now=window[1],
        activity=store.activity_by_area(db, now=now, tz=TIMEZONE),
        logged_team_revids=store.logged_team_revids(db),
        overdue=overdue_reviews(db, now.astimezone(TIMEZONE).date()),
        guideline=waiting_with_findings(db),
    )


@dataclass(frozen=True)
class ReportResult:
    """A change report, and the last health run's section when asked for."""

    report: Report
    health: HealthSection | None = None


def build_report(
    ctx: Context,
    *,
    since: str | None = None,
    last_run: bool = False,
    areas: Sequence[str] = (),
    with_health: bool = False,
    now: datetime | None = None,
) -> ReportResult:
    """`wikitrack report`: changes since `since` (ISO UTC), or of the last check run
    (`last_run`, not with `since`), or of the last REPORT_DAYS; `areas` must be known (every
    area when empty)."""
    from wikitrack.watchlist.lists import find_area, load_watchlists

    known = load_watchlists(ctx.config.watchlists_dir) if areas else []
    for slug in areas:
        find_area(known, slug)
    runs = None
    if last_run:
        rid = store.last_run_id(ctx.db)
        if rid is None:
            raise InputError("no finished check run yet: run 'wikitrack check' first")
        runs = (rid, rid)
    now = now or datetime.now(UTC)
    if not runs and not since:
        since = (now - timedelta(days=REPORT_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
    chosen = list(areas) or None
    api_url = wiki_api_url(ctx.config)
    report = report_from_store(
        ctx.db, ctx.config, since=since, runs=runs, areas=chosen, now=now, api_url=api_url
    )
    if not with_health:
        return ReportResult(report)
    from wikitrack.health.sweep import latest_section  # lazy: only --health reads health

    section = latest_section(ctx.db, ctx.config, areas=chosen, api_url=api_url)
    if section is None:
        raise InputError("no stored health run yet: run 'wikitrack health' first")
    return ReportResult(report, section)


@dataclass(frozen=True)
class WrittenReport:
    """A rendered report, and the file it was written to (None: it goes to stdout)."""

    text: str
    path: Path | None


def write_report(
    ctx: Context, *, fmt: str, output: Path | None, since: str | None, **how: Any
) -> WrittenReport:
    """`wikitrack report`: `build_report` (`since` as --since takes it) in the format `fmt`,
    with the health section when asked, written atomically into `output` when given."""
    from wikitrack.files import write_atomically
    from wikitrack.report.rendering import render

    result = build_report(ctx, since=parse_since(since), **how)
    text = render(result.report, fmt)
    if result.health:
        text = result.health.attach(text, fmt)
    text = worklist_period(ctx, text, fmt, since=parse_since(since), **how)
    if output:
        write_atomically(output, text)
    return WrittenReport(text, output)


@dataclass(frozen=True)
class HealthResult:
    """A stored `wikitrack health` run and its report."""

    run: HealthRun
    report: HealthReport
    batch_size: int = 0
    verbose: bool = False

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.run.errors else 0


def run_health(
    ctx: Context,
    *,
    area: str | None = None,
    lemma: str | None = None,
    on_page: Callable[[int], None] | None = None,
    verbose: bool = False,
) -> HealthResult:
    """`wikitrack health`: read the watched lemmas (of one area, or one lemma: not both) now,
    store what is wrong, and report it; without `on_page`, a terminal shows the progress."""
    from wikitrack.health.sweep import make_health_report
    from wikitrack.health.sweep import sweep_health as run
    from wikitrack.watchlist.lists import find_area, load_watchlists

    if area:
        find_area(load_watchlists(ctx.config.watchlists_dir), area)
    lemma = typed_title(lemma) if lemma else lemma
    verify_own_wiki(ctx)  # page IDs of another wiki name other pages
    with ctx.progress() as progress:
        task = progress.add_task("health", total=None)
        on_page = on_page or partial(progress.advance, task)
        result = run(ctx.db, ctx.wiki, ctx.config, area=area, lemma=lemma, on_page=on_page)
    sync_worklist_after_health(ctx, result.run_id)
    stored = health_store.get_health_run(ctx.db, result.run_id)
    report = make_health_report(ctx.db, ctx.config, stored, api_url=wiki_api_url(ctx.config))
    return HealthResult(result, report, ctx.wiki.batch_size, verbose)


@dataclass(frozen=True)
class NightlyOutcome:
    """A nightly run: its check, its mails, and every problem to report (exit code 3)."""

    check: CheckOnce
    mail: NightlyResult
    mail_dir: Path | None
    problems: tuple[str, ...]
    on_terminal: bool = False  # a summary line on stderr then

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.problems else 0


def _mail_sender(ctx: Context, mail_dir: Path | None) -> tuple[Callable[..., Any], Path | None]:
    """How nightly sends: .eml files in `mail_dir` (or [mail] dir), else the [mail] server."""
    from wikitrack.mail.messages import save_message, send_message

    config = ctx.config
    if mail_dir is None and config.mail.dir:
        mail_dir = Path(config.mail.dir)
    if mail_dir is None and not config.mail.configured:
        raise ConfigError(
            f"mail not configured: add a [mail] section to {config.path or 'wikitrack.toml'}, "
            "or write the mails to files with --mail-dir DIR"
        )
    send = partial(save_message, mail_dir) if mail_dir else partial(send_message, config.mail)
    return send, mail_dir


def nightly_run(ctx: Context, *, mail_dir: Path | None = None) -> NightlyOutcome:
    """`wikitrack nightly`: check (with the outcomes of corrections) and mail every area's
    contacts under one lock; mails go to .eml files in `mail_dir` (or [mail] dir) instead when
    given. A broken watchlist stops neither the other areas' check nor their mail."""
    from wikitrack.check.pipeline import check_lock
    from wikitrack.mail.nightly import run_nightly

    config = ctx.config
    send, mail_dir = _mail_sender(ctx, mail_dir)
    with check_lock(config.db_path):
        checked = check_once(ctx, lock=False)
        mail = run_nightly(
            ctx.db,
            config,
            list(checked.areas),
            checked.result.run_id,
            send=send,
            problems=list(checked.problems),
            api_url=wiki_api_url(config),
        )
    ctx.log.info(
        "nightly window %s: %d queued, %d sent, %d failed",
        *(mail.window, mail.queued, len(mail.sent), len(mail.failed)),
    )
    problems = checked.errors + mail.failed
    problems += [f"mail: interrupted while sending, not resent: {u}" for u in mail.uncertain]
    problems += [f"backup: {mail.backup_error}"] if mail.backup_error else []
    log_problems(ctx, problems)
    on_terminal = not ctx.quiet and ctx.stderr.is_terminal
    return NightlyOutcome(checked, mail, mail_dir, tuple(problems), on_terminal)
