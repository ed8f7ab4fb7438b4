"""Mijn terrein: the report's own descriptions of the newest changes of the viewer's areas in
the last 30 days, what the newest health run found there, and the facts register's findings."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from wikitrack.report.rendering import TIMEZONE
from wikitrack.web.common import CHANGES_DAYS, db, page, since_days, state, text, viewer
from wikitrack.web.content import CHANGES_PER_AREA, area_report, facts_of, health_of

__all__ = ["my_area"]


def my_area() -> Any:
    slugs = sorted(viewer().slugs)
    config = state().config
    now = datetime.now(UTC).replace(microsecond=0)
    report, capped = area_report(db(), config, slugs, since=since_days(), now=now)
    return page(
        "mijn-terrein.html",
        report=report,
        days=CHANGES_DAYS,
        health=health_of(db(), config, slugs),
        facts=facts_of(db(), config, slugs, now.astimezone(TIMEZONE).date()),
        capped=text("changes_capped", n=CHANGES_PER_AREA) if capped else "",
    )
