"""Our own data classes. The wiki adapter returns these; nothing outside wiki.py sees pywikibot."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

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
    "StoredChange",
    "Mailing",
    "MailingStatus",
    "EditFlag",
    "EDIT_FLAGS",
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


# -- changes, reports, mail and nightly ----------------------------------------------------------

MailingStatus = Literal["pending", "sending", "sent", "failed", "superseded", "unknown"]
# What a revision's editor was: logged out, a temporary account, a bot, one of our team
# accounts; and whether the editor marked the edit minor.
EditFlag = Literal["anon", "temp", "bot", "team", "minor"]
EDIT_FLAGS: tuple[EditFlag, ...] = ("anon", "temp", "bot", "team", "minor")


@dataclass(frozen=True)
class StoredChange:
    """One stored change with its revision (None fields for a page event), its lemma and the
    areas it belongs to: those of its page, or of its article for a talk page."""

    id: str
    timestamp: str
    page_id: int
    title: str
    kind: str
    details: dict[str, Any] = field(default_factory=dict)
    category: str = ""
    namespace: int = 0
    revid: int | None = None
    log_id: int | None = None
    parent_id: int | None = None
    user: str = ""
    comment: str = ""
    flags: tuple[EditFlag, ...] = ()  # in the order of EDIT_FLAGS
    size_delta: int | None = None
    reverted_by: int | None = None
    reverts: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()

    @property
    def reverted(self) -> bool:
        return self.reverted_by is not None and self.reverted_by != 0

    @property
    def actor(self) -> str:
        """Who made it: the revision's user, or the log entry's for a page event."""
        return self.user or str(self.details.get("user", "") or "")


@dataclass(frozen=True)
class Mailing:
    """One message of a nightly window, as stored: it goes pending -> sending -> sent (or
    failed, retried; superseded by a wider one; unknown when a send was interrupted)."""

    id: int
    created: str
    first_run: int
    last_run: int
    recipient: str
    subject: str
    status: MailingStatus
    areas: tuple[str, ...] = ()
    message: str = ""
    attempts: int = 0
    error: str = ""
    reminders: tuple[str, ...] = ()
