"""What each page shows, as plain data: functions over the database and the config, no Flask,
so they can be called and measured without a server (benchmarks/bench_history.py does).

They read the store through the app's use cases (`app.browsing`, the facts register's and
health's through `app.factcheck` and `app.browsing`), as the CLI does.

Every page is bounded, however many years of history the database keeps: Mijn terrein shows
the newest `CHANGES_PER_AREA` changes of each area in the period, a lemma page that lemma's
changes, Mijn verzoeken `REQUESTS_PER_PAGE` requests a page, open ones first.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlite_utils import Database

from wikitrack.app.browsing import (
    list_area_names,
    list_article_titles,
    list_flagged_corrections,
    list_lemma_areas,
    list_lemma_corrections,
    list_logged_team_revids,
    list_talk_titles,
    make_page_context,
    read_area_changes,
    read_area_health,
    read_recent_changes,
    read_request_page,
    read_web_requests,
)
from wikitrack.app.context import Context, wiki_api_url
from wikitrack.app.factcheck import read_fact_items
from wikitrack.check.records import StoredChange
from wikitrack.config import Config
from wikitrack.corrections.reviews import is_overdue
from wikitrack.facts.notices import FactItem
from wikitrack.health.overview import AreaHealth, HealthItem
from wikitrack.report.rendering import TIMEZONE, Entry, Report, make_report
from wikitrack.web.views import WebCorrection, WebLemma, WebRequest
from wikitrack.wiki.sitefacts import normalize_title

__all__ = [
    "CHANGES_PER_AREA",
    "LemmaPage",
    "area_report",
    "facts_of",
    "health_of",
    "lemma_choices",
    "lemma_content",
    "request_cards",
    "REQUESTS_PER_PAGE",
    "RequestPage",
    "request_page",
]

CHANGES_PER_AREA = 40
REQUESTS_PER_PAGE = 50
STAMP = "%Y-%m-%dT%H:%M:%SZ"


@dataclass(frozen=True)
class LemmaPage:
    """A lemma page: the lemma, the names of the viewer's areas that watch it, and what
    happened to it."""

    lemma: WebLemma
    areas: tuple[str, ...]
    entries: tuple[Entry, ...]
    wiki_url: str
    corrections: tuple[WebCorrection, ...]
    requests: tuple[WebRequest, ...]
    health_items: tuple[HealthItem, ...]  # the facts register's are in `facts`, with links
    facts: tuple[FactItem, ...] = ()
    # per entry, the talk page it was made on ('' for the lemma itself)
    talk_titles: tuple[str, ...] = ()

    @property
    def marked_entries(self) -> list[tuple[Entry, str]]:
        """(entry, talk page title or '') newest first, as the page lists them."""
        talk = self.talk_titles or ("",) * len(self.entries)
        return list(zip(self.entries, talk, strict=True))[::-1]


@dataclass(frozen=True)
class RequestPage:
    """One page of Mijn verzoeken / Alle verzoeken: its cards, its number (from 1), how many
    pages and requests there are."""

    cards: tuple[WebRequest, ...]
    number: int
    pages: int
    total: int


def _report(
    ctx: Context,
    rows: list[StoredChange],
    slugs: Collection[str],
    *,
    since: str,
    now: datetime,
    priorities: bool = True,
) -> Report:
    """The report of `rows` for `slugs` (as `report.rendering.make_report` builds it), with the
    overdue requests and guideline findings among its priorities when `priorities`."""
    now_ts = now.strftime(STAMP)
    return make_report(
        rows,
        [(slug, name) for slug, name in list_area_names(ctx) if slug in slugs],
        api_url=wiki_api_url(ctx.config),
        lang=ctx.config.language,
        window=(since, now_ts),
        now=now_ts,
        **(_priority_sources(ctx, slugs, now) if priorities else {}),
    )


def _priority_sources(ctx: Context, slugs: Collection[str], now: datetime) -> dict[str, Any]:
    """What the corrections log and review requests add to a report's priorities."""
    active, _ = request_cards(
        ctx.db, list(slugs), today=now.astimezone(TIMEZONE).date(), closed_limit=0
    )
    return {
        "logged_team_revids": list_logged_team_revids(ctx),
        "overdue": [asdict(r) for r in sorted(active, key=lambda r: r.id) if r.overdue],
        "guideline": list_flagged_corrections(ctx),
    }


def area_report(
    db: Database,
    config: Config,
    slugs: Sequence[str],
    *,
    since: str,
    now: datetime,
    per_area: int = CHANGES_PER_AREA,
) -> tuple[Report, bool]:
    """Mijn terrein's report of the areas since `since`, and whether it was capped."""
    ctx = make_page_context(db, config)
    rows, capped = read_recent_changes(ctx, slugs, since, per_area)
    return _report(ctx, rows, slugs, since=since, now=now), capped


def health_of(db: Database, config: Config, slugs: Sequence[str]) -> list[AreaHealth]:
    """Per area, what the newest `wikitrack health` run over it found."""
    return read_area_health(make_page_context(db, config), slugs)


def facts_of(
    db: Database, config: Config, slugs: Collection[str], today: date, title: str | None = None
) -> list[FactItem]:
    """The facts register's findings in the areas (of one lemma): differences from the newest
    health run over each area, figures aged by `today` from the register (`facts.notices`)."""
    state = read_fact_items(make_page_context(db, config), sorted(slugs), today)
    wanted = normalize_title(title) if title else None
    return [i for i in state.items if wanted is None or normalize_title(i.title) == wanted]


def lemma_choices(db: Database, slugs: Sequence[str]) -> dict[str, list[str]]:
    """The review form's choices: per area, the titles of its watched articles."""
    ctx = make_page_context(db)
    return {slug: list_article_titles(ctx, slug) for slug in slugs}


def request_cards(
    db: Database,
    areas: Sequence[str],
    *,
    today: date,
    requested_by: str | None = None,
    title: str | None = None,
    closed_limit: int = -1,
) -> tuple[list[WebRequest], int]:
    """The review requests a viewer sees, open ones first, each marked when overdue; and how
    many closed ones were left out."""
    found, hidden = read_web_requests(
        make_page_context(db),
        areas,
        requested_by=requested_by,
        title=title,
        closed_limit=closed_limit,
    )
    return [replace(r, overdue=is_overdue(r.status, r.due, today)) for r in found], hidden


def request_page(
    db: Database,
    areas: Sequence[str],
    *,
    today: date,
    requested_by: str | None = None,
    number: int = 1,
    per_page: int = REQUESTS_PER_PAGE,
) -> RequestPage:
    """Page `number` of the requests a viewer sees, open ones first, each marked when overdue;
    a number past the last page shows the last."""
    number = max(number, 1)
    found, total = read_request_page(
        make_page_context(db),
        areas,
        requested_by=requested_by,
        offset=(number - 1) * per_page,
        limit=per_page,
    )
    pages = max(1, -(-total // per_page))
    if number > pages:
        return request_page(
            db, areas, today=today, requested_by=requested_by, number=pages, per_page=per_page
        )
    cards = tuple(replace(r, overdue=is_overdue(r.status, r.due, today)) for r in found)
    return RequestPage(cards, number, pages, total)


def lemma_content(
    db: Database,
    config: Config,
    lemma: WebLemma,
    areas: Sequence[tuple[str, str]],
    *,
    requested_by: str | None,
    now: datetime,
    since: str,
) -> LemmaPage | None:
    """The lemma page of an article for a viewer of `areas` ((slug, name); None when none of
    them watches it): its changes in the first of those areas since `since`, with its talk
    pages' changes and health findings there, and the corrections and requests of the
    viewer's areas."""
    ctx = make_page_context(db, config)
    watched = set(list_lemma_areas(ctx, lemma.page_id))
    mine = [slug for slug, _ in areas if slug in watched]
    if not mine:
        return None
    pages = {lemma.title, *list_talk_titles(ctx, lemma.page_id)}
    rows = read_area_changes(ctx, mine[0], since, pages)
    report = _report(ctx, rows, mine[:1], since=since, now=now, priorities=False)
    lemmas = [lem for a in report.areas for lem in a.lemmas]
    entries = sorted(
        ((e, lem.title) for lem in lemmas if lem.title in pages for e in lem.entries),
        key=lambda pair: pair[0].revid or 0,
    )
    health = health_of(db, config, mine[:1])
    viewed = [slug for slug, _ in areas]
    today = now.astimezone(TIMEZONE).date()
    cards, _ = request_cards(db, viewed, today=today, requested_by=requested_by, title=lemma.title)
    return LemmaPage(
        lemma=lemma,
        areas=tuple(name for slug, name in areas if slug in watched),
        entries=tuple(e for e, _ in entries),
        talk_titles=tuple("" if page == lemma.title else page for _, page in entries),
        wiki_url=next((lem.url for lem in lemmas if lem.title == lemma.title), ""),
        corrections=tuple(list_lemma_corrections(ctx, lemma.title, viewed)),
        requests=tuple(sorted(cards, key=lambda r: r.id)),
        health_items=tuple(
            item
            for a in health
            for e in a.lemmas
            if e.title == lemma.title
            for item in e.items
            if item.kind not in ("fact", "fact_aged")
        ),
        facts=tuple(facts_of(db, config, mine, today, lemma.title)),
    )
