"""Our own data classes. The wiki adapter returns these; nothing outside wiki.py sees pywikibot."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields
from enum import Enum
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
    "Baseline",
    "LemmaStatus",
    "Lemma",
    "PageEvent",
    "CheckedRevision",
    "PageSave",
    "StoredHistory",
    "SeenRevision",
    "AreaMember",
    "Correction",
    "CorrectionEvent",
    "ReviewRequest",
    "ReviewEvent",
    "StoredRevision",
    "WebLemma",
    "WebRequestStep",
    "WebRequest",
    "WebCorrection",
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


# -- watchlists, check and sync: lemmas as the store holds them, and what a check saves ----------


class Baseline(Enum):
    """Where a watched page's news starts."""

    NONE = "none"  # never checked: the next check records its current revision, reports nothing
    PENDING = "pending"  # a talk page found after its article was checked: news since the last run
    DONE = "done"  # checked: every revision after `last_revid` is news


LemmaStatus = Literal["ok", "deleted"]


@dataclass(frozen=True)
class Lemma:
    """A watched page (an article, or the talk page of one: `subject_id`), by page ID."""

    page_id: int
    title: str
    namespace: int = 0
    status: LemmaStatus = "ok"
    subject_id: int | None = None
    talk_id: int | None = None
    last_revid: int | None = None
    baseline: Baseline = Baseline.NONE
    baseline_at: str | None = None  # when it was baselined (None while NONE or PENDING)
    checked_at: str | None = None
    last_error: str | None = None


@dataclass(frozen=True)
class PageEvent:
    """A move, deletion or restore seen in prop=info, with its log entry when one was found;
    `status` / `title` are the lemma's new ones, `checked` marks the page as checked."""

    page_id: int
    kind: Literal["moved", "deleted", "restored"]
    details: dict[str, Any]
    log: LogEvent | None
    timestamp: str
    status: LemmaStatus | None = None
    title: str | None = None
    checked: bool = False


@dataclass(frozen=True)
class CheckedRevision:
    """A new revision as a check stores it."""

    revision: Revision
    title: str
    size_delta: int
    is_team: bool
    bot: bool
    # The SHA1 of its parent when the check read it (the first new revision's parent is often
    # never stored itself: a baseline): a later revert to that text is then still known.
    parent_sha1: str = ""


@dataclass(frozen=True)
class PageSave:
    """One page's new revisions, their changes (revid, changes, timestamp), the reverts among
    them (reverting revid -> undone revids) and its new check state: saved all at once."""

    page_id: int
    title: str
    revisions: tuple[CheckedRevision, ...]
    changes: tuple[tuple[int, tuple[Change, ...], str], ...]
    reverts: dict[int, list[int]]
    last_revid: int
    baseline_at: str | None


@dataclass(frozen=True)
class StoredHistory:
    """A page's latest stored revisions (revid, sha1), newest first, who made them (and the
    parent of the first new revision), and which stored revisions were reverted."""

    sha1s: tuple[tuple[int, str], ...] = ()
    users: dict[int, str] = field(default_factory=dict)
    reverted: frozenset[int] = frozenset()


@dataclass(frozen=True)
class SeenRevision:
    """A revision as the database knows it (`timestamp` empty for a bare baseline)."""

    revid: int
    page_id: int
    title: str
    timestamp: str = ""


@dataclass(frozen=True)
class AreaMember:
    """A page's membership of an area: the title listed for it, and how it was reached."""

    page_id: int
    listed_title: str
    note: str = ""
    source: str = "list"
    via_redirect: int | None = 0


# -- corrections, review requests and their trails ------------------------------------------------
# What store/corrections.py and store/reviews.py return; the store decodes its JSON columns
# (sources, guideline, details) at its boundary, so no caller sees storage formats.

CorrectionStatus = Literal[
    "proposed",
    "approved",
    "rejected",
    "withdrawn",
    "applied",
    "verified",
    "reverted",
    "overwritten",
]
ReviewStatus = Literal["open", "assigned", "done", "declined", "withdrawn"]
Route = Literal["article", "talk"]


class _ByName(Mapping[str, Any]):
    """Read access by field name (`row["title"]`, `row.get("due")`, `{**row}`) for the callers
    that still treat store rows as mappings (web templates, mails, health); new code uses
    attributes."""

    def __getitem__(self, name: str) -> Any:
        if name not in self._names():
            raise KeyError(name)
        return getattr(self, name)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names())

    def __len__(self) -> int:
        return len(self._names())

    def _names(self) -> tuple[str, ...]:
        return tuple(f.name for f in fields(self))  # type: ignore[arg-type]

    def as_dict(self) -> dict[str, Any]:
        """The fields as plain JSON-ready data (tuples become lists), in column order."""
        return {k: _plain(getattr(self, k)) for k in self._names()}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@dataclass(frozen=True)
class Correction(_ByName):
    """One entry of the corrections log, as stored (fields in the table's column order).

    `guideline` holds the last guideline check's findings, personal data masked."""

    id: int
    page_id: int
    title: str
    area: str
    proposed_by: str
    what: str
    find: str
    proposed: str
    sources: tuple[str, ...]
    via: Route
    base_revid: int | None
    status: CorrectionStatus
    override_reason: str | None
    override_by: str | None
    applied_revid: int | None
    applied_account: str | None
    talk_section: str | None
    created: str
    updated: str
    guideline: tuple[dict[str, Any], ...] = ()


@dataclass(frozen=True)
class CorrectionEvent(_ByName):
    """One step in a correction's append-only trail; `details` keeps what it changed."""

    id: int
    correction_id: int
    at: str
    actor: str
    from_status: str
    to_status: str
    note: str
    action: str | None = None
    details: dict[str, Any] | None = None


@dataclass(frozen=True)
class ReviewRequest(_ByName):
    """Policy staff ask the desk to look at a lemma (fields in the table's column order)."""

    id: int
    page_id: int | None
    title: str
    area: str
    requested_by: str
    reason: str
    due: str | None
    status: ReviewStatus
    assignee: str | None
    outcome: str | None
    correction_id: int | None
    source: str
    created: str
    updated: str


@dataclass(frozen=True)
class ReviewEvent(_ByName):
    """One step in a review request's append-only trail."""

    id: int
    request_id: int
    at: str
    actor: str
    from_status: str
    to_status: str
    note: str


@dataclass(frozen=True)
class StoredRevision:
    """What a check stored about one revision, as a correction's outcome needs it."""

    revid: int
    user: str
    timestamp: str
    reverted_by: int | None


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
    """One line of `doctor`: what was checked, whether it holds, and what to do. A warning
    holds (exit 0) but wants a look: a failed last run, no backup yet."""

    check: str
    ok: bool
    message: str
    warning: bool = False


__all__ += ["RunSummary", "DatabaseState", "Check"]


# -- the web view ---------------------------------------------------------------------------------
# What the store hands the web view (store functions `web_*`): only the fields a page shows.


@dataclass(frozen=True)
class WebLemma:
    """A watched page found by its title; a talk page names its article (`subject_title`)."""

    page_id: int
    title: str
    subject_id: int | None = None
    subject_title: str | None = None


@dataclass(frozen=True)
class WebRequestStep:
    """One step in a review request's trail; no `from_status` for the step that filed it."""

    at: str
    actor: str
    from_status: str | None
    to_status: str
    note: str = ""


@dataclass(frozen=True)
class WebRequest:
    """A review request with its trail; `overdue` is filled in by the page for today."""

    id: int
    title: str
    area: str
    requested_by: str
    reason: str
    due: str | None
    status: str
    assignee: str | None
    outcome: str | None
    created: str
    events: tuple[WebRequestStep, ...] = ()
    overdue: bool = False


@dataclass(frozen=True)
class WebCorrection:
    """A correction as a lemma page lists it; `guideline` holds the masked findings."""

    id: int
    status: str
    what: str
    updated: str
    guideline: tuple[dict[str, Any], ...] = ()


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

    @functools.cached_property
    def identity(self) -> str:
        """What makes this change the same news however often a check finds it: its page, its
        revision (or log entry, and time), its kind and its details; not its row or the run
        that stored it last. A hash, to be stored and compared (computed once: a nightly asks
        it of every change for every recipient)."""
        key: list[Any] = [self.page_id, self.revid, self.log_id, self.timestamp, self.kind]
        key += [self.category, self.details]
        text = json.dumps(key, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


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
