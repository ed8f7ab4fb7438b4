"""What the wiki adapter returns: page info, revisions, log events, page texts, the site's
identity."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
