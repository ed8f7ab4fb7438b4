"""What each page shows, as plain data: functions over the database and the config, no Flask,
so they can be called and measured without a server (benchmarks/bench_history.py does).

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

from wikitrack import store
from wikitrack.check.records import StoredChange
from wikitrack.config import Config
from wikitrack.corrections.reviews import is_overdue
from wikitrack.facts.notices import FactItem
from wikitrack.health.overview import AreaHealth, HealthItem
from wikitrack.report.rendering import TIMEZONE, Entry, Report, make_report
from wikitrack.web.views import WebCorrection, WebLemma, WebRequest

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
    db: Database,
    config: Config,
    rows: list[StoredChange],
    slugs: Collection[str],
    *,
    since: str,
    now: datetime,
    priorities: bool = True,
) -> Report:
    """The report of `rows` for `slugs` (as `reporting.make_report` builds it), with the
    overdue requests and guideline findings among its priorities when `priorities`."""
    from wikitrack.app.context import wiki_api_url

    now_ts = now.strftime(STAMP)
    return make_report(
        rows,
        [(slug, name) for slug, name in store.area_names(db) if slug in slugs],
        api_url=wiki_api_url(config),
        lang=config.language,
        window=(since, now_ts),
        now=now_ts,
        **(_priority_sources(db, slugs, now) if priorities else {}),
    )


def _priority_sources(db: Database, slugs: Collection[str], now: datetime) -> dict[str, Any]:
    """What the corrections log and review requests add to a report's priorities."""
    from wikitrack.corrections.workflow import waiting_with_findings

    active, _ = request_cards(
        db, list(slugs), today=now.astimezone(TIMEZONE).date(), closed_limit=0
    )
    return {
        "logged_team_revids": store.logged_team_revids(db),
        "overdue": [asdict(r) for r in sorted(active, key=lambda r: r.id) if r.overdue],
        "guideline": waiting_with_findings(db),
    }


def _recent_rows(
    db: Database, slugs: Sequence[str], since: str, per_area: int
) -> tuple[list[StoredChange], bool]:
    """The stored changes since `since` of the areas, at most about `per_area` newest each
    (all of one moment are kept), oldest first; and whether any area had more. Two or more
    busy areas share one read from the oldest of their cut-offs; any other area is read alone."""
    cutoffs = {slug: store.changes.web_changes_cutoff(db, slug, since, per_area) for slug in slugs}
    busy = {slug: cutoff for slug, cutoff in cutoffs.items() if cutoff is not None}
    shared = busy if len(busy) > 1 else {}
    reads = [(slug, cutoffs[slug] or since) for slug in slugs if slug not in shared]
    if shared:
        reads.append(("", min(shared.values())))
    by_id: dict[str, StoredChange] = {}
    for slug, start in reads:
        for row in store.iter_changes(db, area=slug or None, since=start):
            if slug or _in_window(row, shared):
                by_id.setdefault(row.id, row)
    rows = list(by_id.values())
    if len(reads) > 1:
        rows.sort(key=lambda r: (r.timestamp, r.revid or 0, r.id))
    return rows, bool(busy)


def _in_window(row: StoredChange, cutoffs: dict[str, str]) -> bool:
    """Whether a change is among the newest of one of the areas it belongs to."""
    return any(a in cutoffs and row.timestamp >= cutoffs[a] for a in row.areas)


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
    rows, capped = _recent_rows(db, slugs, since, per_area)
    return _report(db, config, rows, slugs, since=since, now=now), capped


def health_of(db: Database, config: Config, slugs: Sequence[str]) -> list[AreaHealth]:
    """Per area, what the newest `wikitrack health` run over it found."""
    from wikitrack.app.context import wiki_api_url
    from wikitrack.health.sweep import latest_section

    api_url = wiki_api_url(config)
    sections = (latest_section(db, config, areas=[slug], api_url=api_url) for slug in slugs)
    return [a for s in sections if s is not None for a in s.report.areas]


def facts_of(
    db: Database, config: Config, slugs: Collection[str], today: date, title: str | None = None
) -> list[FactItem]:
    """The facts register's findings in the areas (of one lemma): differences from the newest
    health run over each area, figures aged by `today` from the register (`facts.notices`)."""
    from wikitrack.facts.notices import current_facts, register_facts
    from wikitrack.wiki.sitefacts import normalize_title

    facts = register_facts(config.watchlists_dir)
    state = current_facts(db, sorted(slugs), facts, today)
    wanted = normalize_title(title) if title else None
    return [i for i in state.items if wanted is None or normalize_title(i.title) == wanted]


def lemma_choices(db: Database, slugs: Sequence[str]) -> dict[str, list[str]]:
    """The review form's choices: per area, the titles of its watched articles."""
    return {
        slug: [r.title for r in store.iter_lemmas(db, slug, include_talk=False)] for slug in slugs
    }


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
    found, hidden = store.review_requests.web_requests(
        db, areas, requested_by=requested_by, title=title, closed_limit=closed_limit
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
    found, total = store.review_requests.web_request_page(
        db, areas, requested_by=requested_by, offset=(number - 1) * per_page, limit=per_page
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
    watched = set(store.lemma_areas(db, lemma.page_id))
    mine = [slug for slug, _ in areas if slug in watched]
    if not mine:
        return None
    pages = {lemma.title, *store.lemmas.web_talk_titles(db, lemma.page_id)}
    rows = [r for r in store.iter_changes(db, area=mine[0], since=since) if r.title in pages]
    report = _report(db, config, rows, mine[:1], since=since, now=now, priorities=False)
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
        corrections=tuple(store.correction_log.web_corrections(db, lemma.title, viewed)),
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
