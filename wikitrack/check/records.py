"""What a check run reads and keeps: lemmas, revisions seen and stored, changes, page events,
runs."""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Literal

from wikitrack.wiki.pages import LogEvent, Revision


@dataclass(frozen=True)
class Change:
    """One structural change found by the diff: a kind and its details (plain data)."""

    kind: str
    details: dict[str, Any] = field(default_factory=dict)
    category: str = ""  # "nomination", "maintenance", or "" for ordinary changes


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
class StoredRevision:
    """What a check stored about one revision, as a correction's outcome needs it."""

    revid: int
    user: str
    timestamp: str
    reverted_by: int | None


@dataclass(frozen=True)
class RunSummary:
    """A check run as doctor shows it."""

    id: int
    started: str
    finished: str  # "" while it runs, or when it was killed
    status: str


@dataclass(frozen=True)
class Check:
    """One line of `doctor`: what was checked, whether it holds, and what to do. A warning
    holds (exit 0) but wants a look: a failed last run, no backup yet."""

    check: str
    ok: bool
    message: str
    warning: bool = False


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
