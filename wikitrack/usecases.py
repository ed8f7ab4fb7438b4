"""One function per command: what the command does, apart from parsing and rendering.

Each takes the `Context` (config, database, wiki opened on first use) and the command's
arguments as plain values, and returns a result object (a frozen dataclass or a list of
domain objects) that `cli.py` renders; none prints, and none imports click. Errors are our own
exceptions (`errors.py`), which the CLI turns into messages and exit codes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path
from typing import Any

from . import store
from .context import Context, wiki_api_url
from .errors import ConfigError, InputError
from .health_report import HealthReport
from .health_run import HealthRun, HealthSection
from .models import StoredChange
from .nightly import NightlyResult
from .report import Report
from .store import health as health_store

__all__ = [
    "Context",
    "list_changes",
    "ReportResult",
    "build_report",
    "HealthResult",
    "run_health",
    "NightlyOutcome",
    "nightly_run",
]


# -- set-up: init, doctor, backup, restore, sandbox, serve, web users ---------------------------


# -- watchlists, check and sync ------------------------------------------------------------------


# -- changes, reports, health and nightly --------------------------------------------------------

REPORT_DAYS = 1  # `wikitrack report` without --since or --last-run: the last 24 hours


def list_changes(
    ctx: Context, *, area: str | None = None, since: str | None = None, kind: str | None = None
) -> list[StoredChange]:
    """`wikitrack changes`: the stored changes, oldest first (`since`: ISO UTC)."""
    return list(store.iter_changes(ctx.db, area=area, since=since, kind=kind))


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
    from .health_run import latest_section
    from .reporting import make_report
    from .watchlist import find_area, load_watchlists

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
    report = make_report(
        ctx.db, ctx.config, since=since, runs=runs, areas=chosen, now=now, api_url=api_url
    )
    if not with_health:
        return ReportResult(report)
    section = latest_section(ctx.db, ctx.config, areas=chosen, api_url=api_url)
    if section is None:
        raise InputError("no stored health run yet: run 'wikitrack health' first")
    return ReportResult(report, section)


@dataclass(frozen=True)
class HealthResult:
    """A stored `wikitrack health` run and its report."""

    run: HealthRun
    report: HealthReport


def run_health(
    ctx: Context,
    *,
    area: str | None = None,
    lemma: str | None = None,
    on_page: Callable[[int], None] = lambda n: None,
) -> HealthResult:
    """`wikitrack health`: read the watched lemmas (of one area, or one lemma: not both) now,
    store what is wrong, and report it."""
    from .health_run import make_health_report
    from .health_run import run_health as run
    from .watchlist import find_area, load_watchlists

    if area:
        find_area(load_watchlists(ctx.config.watchlists_dir), area)
    result = run(ctx.db, ctx.wiki, ctx.config, area=area, lemma=lemma, on_page=on_page)
    stored = health_store.get_health_run(ctx.db, result.run_id)
    report = make_health_report(ctx.db, ctx.config, stored, api_url=wiki_api_url(ctx.config))
    return HealthResult(result, report)


@dataclass(frozen=True)
class NightlyOutcome:
    """A nightly run: its check, its mails, and every problem to report (exit code 3)."""

    check: Any
    mail: NightlyResult
    mail_dir: Path | None
    problems: tuple[str, ...]


def nightly_run(
    ctx: Context, *, check: Callable[[], Any], mail_dir: Path | None = None
) -> NightlyOutcome:
    """`wikitrack nightly`: check (`check`, under the lock), then report and mail every area's
    contacts; mails go to .eml files in `mail_dir` (or [mail] dir) instead when given."""
    from .check import check_lock
    from .mail import save_message, send_message
    from .nightly import run_nightly
    from .watchlist import validate_watchlists

    config = ctx.config
    if mail_dir is None and config.mail.dir:
        mail_dir = Path(config.mail.dir)
    if mail_dir is None and not config.mail.configured:
        raise ConfigError(
            f"mail not configured: add a [mail] section to {config.path or 'wikitrack.toml'}, "
            "or write the mails to files with --mail-dir DIR"
        )
    send = partial(save_message, mail_dir) if mail_dir else partial(send_message, config.mail)
    areas, broken = validate_watchlists(config.watchlists_dir)
    with check_lock(config.db_path):
        checked = check()
        mail = run_nightly(
            ctx.db,
            config,
            areas,
            checked.run_id,
            send=send,
            problems=broken,
            api_url=wiki_api_url(config),
        )
    problems = broken + checked.errors + mail.failed
    problems += [f"mail: interrupted while sending, not resent: {u}" for u in mail.uncertain]
    problems += [f"backup: {mail.backup_error}"] if mail.backup_error else []
    return NightlyOutcome(checked, mail, mail_dir, tuple(problems))


# -- corrections, reviews and audit --------------------------------------------------------------
