"""What each caller needs from the wiki, as typing protocols: the ports of the wiki adapter.

A use case names the narrowest port it needs, so a test can hand it `tests/fakewiki.py`'s
FakeWiki (or anything else that fills the port) and mypy checks both sides: `WikiClient`
(`adapter`, behind `app.context.make_wiki`) fills `Wiki`, the whole port, and so every part of
it. The check pipeline's and the sync's ports (`check.pipeline.CheckWiki`,
`watchlist.sync.WikiReader`) are built on `IdentityWiki` and `EventLog` from here.

The `...Scope` protocols say what the corrections workflow and the facts register need from
their caller (the database, the config and the wiki): the application's `Context` fills them,
so these lower layers never import `app`. Pure typing: nothing here talks to a wiki, and
pywikibot is never imported.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from wikitrack.config import Config
from wikitrack.watchlist.areas import ResolvedTitle
from wikitrack.wiki.pages import LogEvent, PageInfo, PageText, Revision, SiteIdentity

if TYPE_CHECKING:  # lazy: the ports are types; the store opens sqlite-utils
    from sqlite_utils import Database

__all__ = [
    "IdentityWiki",
    "EventLog",
    "CorrectionsWiki",
    "AuditWiki",
    "FactsWiki",
    "HealthWiki",
    "DoctorWiki",
    "Wiki",
    "CorrectionsScope",
    "FactsScope",
]


class IdentityWiki(Protocol):
    """What `identity.verify_wiki` asks to tell the database's own wiki from another."""

    api_url: str

    @property
    def batch_size(self) -> int: ...

    def site_identity(self) -> SiteIdentity: ...

    def fetch_revisions_by_id(self, revids: Sequence[int]) -> dict[int, Revision]: ...

    def fetch_page_info(self, page_ids: Sequence[int]) -> dict[int, PageInfo]: ...

    def newest_revid(self) -> int | None: ...


class EventLog(Protocol):
    """The wiki's log (moves, deletions): what check, sync and health read of it."""

    def fetch_log_events(
        self,
        *,
        log_type: str,
        title: str | None = None,
        page_id: int | None = None,
        since: str | None = None,
        limit: int = 50,
    ) -> list[LogEvent]: ...


class CorrectionsWiki(Protocol):
    """The corrections workflow (`corrections.workflow`): a lemma's current text and its base
    revision's, titles resolved for a proposal, and the edit through the team account it is
    logged in as (`user`)."""

    user: str

    def text_of(self, page_id: int) -> tuple[str, int]: ...

    def resolve_titles(self, titles: Sequence[str]) -> list[ResolvedTitle]: ...

    def fetch_revision_texts(self, revids: Sequence[int]) -> dict[int, tuple[str | None, str]]: ...

    def fetch_revisions_by_id(self, revids: Sequence[int]) -> dict[int, Revision]: ...

    def edit(
        self,
        title: str,
        text: str,
        summary: str,
        *,
        base_revid: int | None = None,
        minor: bool = False,
        section: str | None = None,
        section_title: str | None = None,
    ) -> int: ...


class AuditWiki(Protocol):
    """The audit (`workflow.fetch_team_edits`): the team accounts' contributions."""

    def iter_user_contribs(
        self, users: Sequence[str], since: str | None = None
    ) -> Iterator[tuple[str, Revision]]: ...

    def fetch_revisions_by_id(self, revids: Sequence[int]) -> dict[int, Revision]: ...


class FactsWiki(CorrectionsWiki, Protocol):
    """The facts register (`facts.checking`): current texts in batches, with the requests
    they took; `facts propose` goes on through the corrections workflow, so its port too."""

    requests: int

    @property
    def batch_size(self) -> int: ...

    def fetch_current_texts(self, page_ids: Sequence[int]) -> dict[int, PageText]: ...


class HealthWiki(EventLog, Protocol):
    """Health's sweep (`health.sweep`): current texts, histories for the age of a dated
    template, a deleted page's log entry, and the requests all that took."""

    requests: int

    def fetch_current_texts(self, page_ids: Sequence[int]) -> dict[int, PageText]: ...

    def iter_revisions(self, page_id: int, per_request: int = 50) -> Iterator[Revision]: ...

    def fetch_revision_texts(self, revids: Sequence[int]) -> dict[int, tuple[str | None, str]]: ...


class DoctorWiki(Protocol):
    """`wikitrack doctor` (`app.doctor`): where the wiki is, and whether its account logs in."""

    api_url: str
    user: str

    @property
    def batch_size(self) -> int: ...

    def login(self) -> str: ...


class Wiki(IdentityWiki, FactsWiki, HealthWiki, AuditWiki, DoctorWiki, Protocol):
    """The whole port: everything the adapter offers, what `Context.wiki` is."""

    on_wait: Callable[[str], None] | None

    @property
    def logged_in(self) -> bool: ...

    def rights(self) -> frozenset[str]: ...

    def fetch_watchlist_revisions(self, since: str) -> list[Revision]: ...

    def fetch_deletion_log(self, since: str, limit: int = 20_000) -> list[LogEvent]: ...

    def fetch_user_groups(self, users: Iterable[str]) -> dict[str, frozenset[str]]: ...

    def iter_category_members(
        self, category: str, depth: int = 0, exclude: Iterable[str] = ()
    ) -> Iterator[str]: ...

    def watch(self, titles: Sequence[str]) -> int: ...


class CorrectionsScope(Protocol):
    """What the corrections workflow needs from its caller: the application's `Context`."""

    @property
    def db(self) -> Database: ...

    @property
    def config(self) -> Config: ...

    @property
    def wiki(self) -> CorrectionsWiki: ...


class FactsScope(CorrectionsScope, Protocol):
    """What the facts register needs from its caller: the application's `Context`."""

    @property
    def wiki(self) -> FactsWiki: ...
