"""Use cases of the web view's pages: what Mijn terrein, a lemma page, Mijn verzoeken and the
review form read (issue 27: the web is a second shell over `app`, as the CLI is; it reads the
store through here, never itself).

Each takes the `Context` and plain values and returns plain data or our own dataclasses; the
web's `content` composes them into its pages. A page's Context holds the web's config (its
wiki already resolved) and the request's database, and never reaches the wiki."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlite_utils import Database

from wikitrack import store
from wikitrack.app.context import Context, wiki_api_url
from wikitrack.check.records import StoredChange
from wikitrack.config import Config
from wikitrack.corrections.entries import ReviewRequest
from wikitrack.health.overview import AreaHealth
from wikitrack.web.views import WebCorrection, WebLemma, WebRequest

__all__ = [
    "make_page_context",
    "open_page_database",
    "list_area_names",
    "read_recent_changes",
    "read_area_changes",
    "find_web_lemma",
    "list_lemma_areas",
    "list_talk_titles",
    "list_article_titles",
    "read_web_requests",
    "read_request_page",
    "find_review",
    "list_lemma_corrections",
    "list_logged_team_revids",
    "list_flagged_corrections",
    "read_area_health",
]


def make_page_context(db: Database | None = None, config: Config | None = None) -> Context:
    """The Context of one web request over its open database. `config` is the web's own,
    its wiki already resolved (`serve` did that); a read that needs only the database, or a
    check that needs only the config, leaves the other out."""
    return Context(_config=config, _db=db)


def open_page_database(config: Config) -> Database:
    """The database of one request: it must exist (`wikitrack init` made it), never created by
    a page."""
    return store.open_db(config.db_path, create=False)


def list_area_names(ctx: Context) -> list[tuple[str, str]]:
    """(slug, name) of every area in the store, by slug."""
    return store.area_names(ctx.db)


def read_recent_changes(
    ctx: Context, slugs: Sequence[str], since: str, per_area: int
) -> tuple[list[StoredChange], bool]:
    """The stored changes since `since` of the areas, at most about `per_area` newest each
    (all of one moment are kept), oldest first; and whether any area had more. Two or more
    busy areas share one read from the oldest of their cut-offs; any other area is read alone."""
    db = ctx.db
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


def read_area_changes(
    ctx: Context, area: str, since: str, titles: Collection[str]
) -> list[StoredChange]:
    """The stored changes of `area` since `since` to the pages `titles`, oldest first."""
    return [r for r in store.iter_changes(ctx.db, area=area, since=since) if r.title in titles]


def find_web_lemma(ctx: Context, title: str) -> WebLemma | None:
    """The watched page called `title`, with its article's title when it is a talk page."""
    return store.lemmas.web_lemma(ctx.db, title)


def list_lemma_areas(ctx: Context, page_id: int) -> list[str]:
    """The slugs of the areas that watch a page."""
    return store.lemma_areas(ctx.db, page_id)


def list_talk_titles(ctx: Context, page_id: int) -> list[str]:
    """The titles of the talk pages that follow the article `page_id`."""
    return store.lemmas.web_talk_titles(ctx.db, page_id)


def list_article_titles(ctx: Context, slug: str) -> list[str]:
    """The titles of an area's watched articles (its talk pages left out)."""
    return [r.title for r in store.iter_lemmas(ctx.db, slug, include_talk=False)]


def read_web_requests(
    ctx: Context,
    areas: Sequence[str],
    *,
    requested_by: str | None = None,
    title: str | None = None,
    closed_limit: int = -1,
) -> tuple[list[WebRequest], int]:
    """The review requests of the areas with their trails, open ones first; and how many
    closed ones were left out."""
    return store.review_requests.web_requests(
        ctx.db, areas, requested_by=requested_by, title=title, closed_limit=closed_limit
    )


def read_request_page(
    ctx: Context, areas: Sequence[str], *, requested_by: str | None, offset: int, limit: int
) -> tuple[list[WebRequest], int]:
    """`limit` review requests of the areas from `offset`, open ones first; and how many
    there are."""
    return store.review_requests.web_request_page(
        ctx.db, areas, requested_by=requested_by, offset=offset, limit=limit
    )


def find_review(ctx: Context, request_id: int) -> ReviewRequest | None:
    """The review request as it stands now (None when there is none of that number)."""
    return store.get_review(ctx.db, request_id)


def list_lemma_corrections(ctx: Context, title: str, areas: Sequence[str]) -> list[WebCorrection]:
    """The corrections of the lemma `title` in `areas`, oldest first."""
    return store.correction_log.web_corrections(ctx.db, title, areas)


def list_logged_team_revids(ctx: Context) -> set[int]:
    """The revisions our team accounts made through the corrections log (a report tells them
    apart from other edits)."""
    return store.logged_team_revids(ctx.db)


def list_flagged_corrections(ctx: Context) -> list[dict[str, Any]]:
    """Corrections not yet applied whose last guideline check found something, as the report
    takes them among its priorities."""
    from wikitrack.corrections.workflow import waiting_with_findings

    return waiting_with_findings(ctx.db)


def read_area_health(ctx: Context, slugs: Sequence[str]) -> list[AreaHealth]:
    """Per area, what the newest `wikitrack health` run over it found."""
    from wikitrack.health.sweep import latest_section

    api_url = wiki_api_url(ctx.config)
    sections = (latest_section(ctx.db, ctx.config, areas=[slug], api_url=api_url) for slug in slugs)
    return [a for s in sections if s is not None for a in s.report.areas]
