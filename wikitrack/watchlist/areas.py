"""Watchlist data: an area, its listed titles and category rules, and what a title resolved to."""

from __future__ import annotations

from dataclasses import dataclass


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
class AreaMember:
    """A page's membership of an area: the title listed for it, and how it was reached."""

    page_id: int
    listed_title: str
    note: str = ""
    source: str = "list"
    via_redirect: int | None = 0
