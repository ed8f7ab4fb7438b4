"""Build a report from the store: the shell around the pure `report` module."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from sqlite_utils import Database

from wikitrack import store
from wikitrack.check.records import StoredChange
from wikitrack.config import Config
from wikitrack.report.rendering import TIMEZONE, Report, assemble_report

__all__ = ["make_report"]


def make_report(
    db: Database,
    config: Config,
    *,
    since: str | None = None,
    runs: tuple[int, int] | None = None,
    areas: list[str] | None = None,
    now: datetime | None = None,
    api_url: str | None = None,
    overdue: list[dict[str, Any]] | None = None,
    notices: Sequence[str] = (),
    guideline: list[dict[str, Any]] | None = None,
    activity: dict[str, list[int]] | None = None,
    changes: Sequence[StoredChange] | None = None,
) -> Report:
    """The report for changes since a date, or detected by a range of check runs.

    `api_url`: the wiki's API, for links (the caller resolves it; default: the context's
    resolution of the config). `overdue`: the overdue review requests to remind of (default:
    every one). `notices`: problems for the reader to fix first, such as
    "watchlists/zorg.toml:7: malformed TOML". `guideline`: corrections waiting with guideline
    findings (default: every one). `activity`: the 30-day chart (`store.activity_by_area`),
    when the caller makes several reports of one moment (default: read here). `changes`: the
    stored changes of `since` or `runs`, when the caller read them already (default: read here).
    """
    now = now or datetime.now(UTC)
    chosen = [(slug, name) for slug, name in store.area_names(db) if areas is None or slug in areas]
    if changes is None:
        changes = list(store.iter_changes(db, since=since, runs=runs))
    # The period is what was watched: since the date asked for, or since the check run before
    # the window began. Never the oldest revision's date: a check may store old history.
    window_start = since or (store.run_window_start(db, runs[0]) if runs else "")
    if not window_start and changes:
        window_start = min(c.timestamp for c in changes)
    now_ts = now.strftime("%Y-%m-%dT%H:%M:%SZ")
    hooks = _workflow_hooks(db, now, with_overdue=overdue is None, with_guideline=guideline is None)
    if api_url is None:
        from wikitrack.app.context import wiki_api_url

        api_url = wiki_api_url(config)
    return assemble_report(
        changes,
        chosen,
        api_url=api_url,
        lang=config.language,
        window=(window_start, now_ts),
        now=now_ts,
        activity=activity
        if activity is not None
        else store.activity_by_area(db, now=now, tz=TIMEZONE),
        logged_team_revids=hooks.get("logged_team_revids"),
        overdue=hooks.get("overdue", []) if overdue is None else overdue,
        notices=notices,
        guideline=hooks.get("guideline", []) if guideline is None else guideline,
    )


def _workflow_hooks(
    db: Database, now: datetime, *, with_overdue: bool, with_guideline: bool
) -> dict[str, Any]:
    """What the corrections log and review requests add to a report."""
    from wikitrack.corrections.workflow import overdue_reviews, waiting_with_findings

    today = now.astimezone(TIMEZONE).date()
    hooks: dict[str, Any] = {"logged_team_revids": store.logged_team_revids(db)}
    if with_overdue:
        hooks["overdue"] = overdue_reviews(db, today)
    if with_guideline:
        hooks["guideline"] = waiting_with_findings(db)
    return hooks
