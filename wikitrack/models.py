"""Our own data classes. The wiki adapter returns these; nothing outside wiki.py sees pywikibot."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "WatchedTitle",
    "CategoryRule",
    "Area",
    "ResolvedTitle",
    "PageInfo",
    "Revision",
    "LogEvent",
    "Change",
    "PageText",
    "SiteIdentity",
]


@dataclass(frozen=True)
class WatchedTitle:
    """One lemma as listed in a watchlist file; `line` points back into the file."""

    title: str
    note: str = ""
    unverified: bool = False
    line: int = 0


@dataclass(frozen=True)
class CategoryRule:
    category: str
    depth: int = 0
    exclude: tuple[str, ...] = ()
    line: int = 0


@dataclass(frozen=True)
class Area:
    """A policy area (beleidsterrein) and its watchlist."""

    slug: str
    name: str
    description: str = ""
    contacts: tuple[str, ...] = ()
    lemmas: tuple[WatchedTitle, ...] = ()
    categories: tuple[CategoryRule, ...] = ()
    path: str = ""


@dataclass(frozen=True)
class ResolvedTitle:
    """What the wiki says a listed title is today.

    `page_id` is None when the page does not exist; `redirect_from` is set when the listed title
    is a redirect and `title` is its target.
    """

    requested: str
    title: str
    page_id: int | None
    namespace: int = 0
    redirect_from: str | None = None
    invalid: str | None = None


@dataclass(frozen=True)
class PageInfo:
    page_id: int
    title: str
    namespace: int
    last_revid: int | None
    redirect: bool = False
    missing: bool = False
    talk_id: int | None = None
    length: int = 0


@dataclass(frozen=True)
class Revision:
    revid: int
    page_id: int
    parent_id: int
    timestamp: str
    user: str
    userid: int = 0
    anon: bool = False
    temp: bool = False
    minor: bool = False
    size: int = 0
    comment: str = ""
    tags: tuple[str, ...] = ()
    sha1: str = ""
    text: str | None = None
    user_hidden: bool = False


@dataclass(frozen=True)
class LogEvent:
    log_id: int
    type: str
    action: str
    page_id: int
    title: str
    timestamp: str
    user: str
    comment: str = ""
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Change:
    """One structural change found by the diff: a kind and its details (plain data)."""

    kind: str
    details: dict[str, Any] = field(default_factory=dict)
    category: str = ""  # "nomination", "maintenance", or "" for ordinary changes


@dataclass(frozen=True)
class PageText:
    """A page's current wikitext and its latest revision; `missing` when the ID is gone."""

    page_id: int
    title: str
    namespace: int
    revid: int | None
    timestamp: str
    text: str | None
    missing: bool = False
    talk_id: int | None = None


@dataclass(frozen=True)
class SiteIdentity:
    """Which wiki answers: siteinfo's wikiid (its database name) and server."""

    wikiid: str
    server: str
    sitename: str = ""


# -- set-up: the database file and doctor's checks ------------------------------------------------


@dataclass(frozen=True)
class RunSummary:
    """A check run as doctor shows it."""

    id: int
    started: str
    finished: str  # "" while it runs, or when it was killed
    status: str


@dataclass(frozen=True)
class DatabaseState:
    """What the database file holds, read without migrating it."""

    schema: int
    problems: tuple[str, ...]  # from PRAGMA integrity_check; empty when sound
    newer: tuple[str, ...]  # migrations of a newer wikitrack
    latest_run: RunSummary | None
    run_unreadable: str = ""  # why the latest run could not be read (a damaged table)


@dataclass(frozen=True)
class Check:
    """One line of `doctor`: what was checked, whether it holds, and what to do."""

    check: str
    ok: bool
    message: str


__all__ += ["RunSummary", "DatabaseState", "Check"]
