"""One check run: which watched pages changed, every new revision, diffed against its parent.

Requests, for N watched pages (talk pages included), K of them changed, R new revisions and a
batch size b (50, or 500 with apihighlimits):

    ceil(N/b) prop=info + K revision listings + ceil((R+K)/b) content by revid + a few constant

(the content requests a few more: their first groups are smaller, so the diff starts sooner).
The watchlist path lists no history: it takes the revisions from the account's watchlist.

Requests go one at a time, as the wiki asks of tools, but the wait for them overlaps with the
diff, which runs in worker processes: the texts of the pages whose new revisions the watchlist
lists in an unbroken chain are fetched first, then diffed while prop=info is asked
(`plan_ahead`); the other pages' texts are fetched group by group while the group before is
diffed.

Shape: fetch, plan, save. What the wiki says and what the store holds go as plain data into
pure planners (`plan_page`: which path a page takes; `plan_events`: its moves, deletions and
restores; `plan_save`: its revisions, changes and reverts), and the store saves the plans.

Crash safety: a page's new revisions, their changes and its new `last_revid` are written
together (the pages of one content request in one transaction), and every change has an ID
derived from its revision, so a run killed at any point and started again stores each change
exactly once. A lock file keeps a second run out.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, Protocol

from sqlite_utils import Database

if TYPE_CHECKING:
    from rich.progress import Progress as RichBar

from wikitrack import store
from wikitrack.check.describe import plural
from wikitrack.check.diff import (
    DiffRules,
    clear_parse_caches,
    coarse_change,
    diff_revision,
    find_reverts,
    revert_change,
)
from wikitrack.check.pool import BoundedPool
from wikitrack.check.records import (
    Baseline,
    Change,
    CheckedRevision,
    Lemma,
    PageEvent,
    PageSave,
    StoredHistory,
)
from wikitrack.errors import CheckInterrupted, InputError, LockHeld, OverBudget, WikiError
from wikitrack.wiki.identity import IdentityWiki, verify_wiki
from wikitrack.wiki.pages import LogEvent, PageInfo, Revision
from wikitrack.wiki.ports import EventLog
from wikitrack.wiki.sitefacts import normalize_title

__all__ = [
    "CheckResult",
    "run_check",
    "check_lock",
    "BoundedDiffer",
    "Progress",
    "PagePlan",
    "PageWork",
    "EventPlan",
    "plan_page",
    "plan_events",
    "plan_log_events",
    "plan_talk_pages",
    "plan_save",
    "complete_event",
    "split_listing",
    "watchlist_window",
]

WATCHLIST_MAX_AGE = timedelta(days=29)  # recent changes reach 30 days back on Wikimedia
PARSE_TIMEOUT_S = 30.0
PARSE_MEMORY_BYTES = 2 * 1024**3
GROUP_TEXT_BYTES = 32 * 1024**2  # texts of one fetch group; two groups are held at once
AHEAD_TEXT_BYTES = 64 * 1024**2  # texts fetched before prop=info answered, held until saved
HISTORY = 15  # revisions whose SHA1s tell a revert (the wiki's own revert detection uses 15)
RETRY_SINGLY = 8  # revisions of a page whose diff failed that are diffed again one by one


class Progress(Protocol):
    def start(self, total: int, label: str) -> None: ...

    def advance(self, n: int = 1) -> None: ...


class NullProgress:
    def start(self, total: int, label: str) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


class RichProgress:
    """`Progress` over a rich progress bar (the terminal's: `Context.progress`). Here, beside
    the protocol, so that check's calls on it stay inside check."""

    def __init__(self, progress: RichBar):
        self.progress = progress
        self.task: Any = None

    def start(self, total: int, label: str) -> None:
        self.task = self.progress.add_task(label, total=total)

    def advance(self, n: int = 1) -> None:
        if self.task is not None:
            self.progress.advance(self.task, n)


class CheckWiki(IdentityWiki, EventLog, Protocol):
    requests: int

    @property
    def batch_size(self) -> int: ...

    def fetch_page_info(self, page_ids: Sequence[int]) -> dict[int, PageInfo]: ...

    def iter_revisions(self, page_id: int, per_request: int = 50) -> Iterator[Revision]: ...

    def fetch_revision_texts(self, revids: Sequence[int]) -> dict[int, tuple[str | None, str]]: ...

    def fetch_watchlist_revisions(self, since: str) -> list[Revision]: ...

    def fetch_deletion_log(self, since: str) -> list[LogEvent]: ...

    @property
    def logged_in(self) -> bool: ...

    def fetch_user_groups(self, users: Sequence[str]) -> dict[str, frozenset[str]]: ...


@dataclass
class CheckResult:
    run_id: int = 0
    pages: int = 0
    baselined: int = 0
    revisions: int = 0
    changes: int = 0
    events: int = 0
    requests: int = 0
    seconds: float = 0.0
    info_seconds: float = 0.0  # asking prop=info whether each page changed
    fetch_seconds: float = 0.0  # fetching the revisions' texts (overlaps the diff)
    diff_seconds: float = 0.0  # diffing them (in the worker processes, waited for)
    wait_seconds: float = 0.0  # waiting for texts the diff needed next (not overlapped)
    via_watchlist: int = 0
    coarse: int = 0  # revisions over the parse bounds, stored with a coarse change
    saved: int = 0  # pages stored so far (new revisions, or a baseline or date): kept on Ctrl-C
    errors: list[str] = field(default_factory=list)
    latest_texts: dict[int, str | None] = field(default_factory=dict)  # pages with new revisions

    @property
    def status(self) -> str:
        return "partial" if self.errors else "ok"

    def summary(self) -> str:
        return (
            f"{plural(self.pages, 'page')} checked, {self.baselined} baselined, "
            f"{plural(self.revisions, 'new revision')}, {plural(self.changes, 'change')}, "
            f"{plural(self.events, 'page event')}, {plural(self.requests, 'request')}, "
            f"{self.seconds:.2f} s (page info {self.info_seconds:.2f} s, "
            f"texts {self.fetch_seconds:.2f} s, diff {self.diff_seconds:.2f} s, "
            f"waiting for texts {self.wait_seconds:.2f} s)"
            + (
                f", {plural(self.via_watchlist, 'page')} via the watchlist"
                if self.via_watchlist
                else ""
            )
            + (
                f", {plural(self.coarse, 'revision')} too large to compare in detail"
                if self.coarse
                else ""
            )
            + (f", {plural(len(self.errors), 'error')}" if self.errors else "")
        )


@contextmanager
def check_lock(db_path: Path) -> Iterator[None]:
    """Hold `<db>.lock` for the run; a second run gets LockHeld at once."""
    lock_path = Path(str(db_path) + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 64, 0).decode(errors="replace").strip() or "?"
            raise LockHeld(f"another wikitrack run holds {lock_path} (pid {holder})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)


# -- parsing bounded in time and memory ----------------------------------------------------------


DiffPair = tuple[str | None, str]


@contextmanager
def request_lane() -> Iterator[ThreadPoolExecutor]:
    """One thread that makes the wiki's requests, one at a time, while the caller diffs. On the
    way out (an error, Ctrl-C) the requests still queued are dropped, so nobody waits for them;
    the one in flight finishes."""
    lane = ThreadPoolExecutor(max_workers=1, thread_name_prefix="wikitrack-wiki")
    try:
        yield lane
    finally:
        lane.shutdown(wait=True, cancel_futures=True)


def _diff_chain(pairs: list[DiffPair], rules: DiffRules, talk: bool) -> list[list[Change]]:
    clear_parse_caches()  # the caches serve this page's chain; another page shares nothing
    return [diff_revision(o, n, rules=rules, talk=talk) for o, n in pairs]


class BoundedDiffer(BoundedPool):
    """Runs `diff_revision` in child processes that are killed past a time limit and capped in
    memory: pathological pages have hung mwparserfromhell or blown its memory.

    Pages are diffed on up to `workers` processes at once (the work is CPU-bound); all
    revisions of one page go to one worker, whose parse cache then serves the whole chain.
    """

    unit = "revision"

    def __init__(
        self,
        timeout: float = PARSE_TIMEOUT_S,
        memory: int = PARSE_MEMORY_BYTES,
        workers: int | None = None,
    ):
        super().__init__(_diff_chain, timeout=timeout, memory=memory, workers=workers)

    def diff_pages(
        self, pages: dict[Any, tuple[list[DiffPair], bool]], rules: DiffRules
    ) -> dict[Any, list[list[Change]] | WikiError]:
        """Diff every page's (parent, child) pairs; a page that fails gets a WikiError."""
        results = self.map(
            {key: (pairs, rules, talk) for key, (pairs, talk) in pages.items()},
            units={key: len(pairs) for key, (pairs, _) in pages.items()},
        )
        return {
            key: value if isinstance(value, WikiError) else [list(v) for v in value]
            for key, value in results.items()
        }

    def diff_or_describe(
        self, pages: dict[Any, tuple[list[DiffPair], bool]], rules: DiffRules
    ) -> PageDiffs:
        """Like `diff_pages`, but a revision that cannot be diffed within the bounds gets a
        coarse change (`coarse_change`: its size, the sections it touched) instead of failing
        its page: it is stored, so one pathological edit costs one run its time limit, not
        every run after it. A failed page's revisions (up to RETRY_SINGLY of them) are first
        diffed again one by one, so only the one at fault, and those after it that the
        parser must read it for, become coarse."""
        found = self.diff_pages(pages, rules)
        failed = {k: v for k, v in found.items() if isinstance(v, WikiError)}
        singles = {
            (key, i): ([pair], pages[key][1])
            for key in failed
            if len(pages[key][0]) > 1
            for i, pair in enumerate(pages[key][0][:RETRY_SINGLY])
        }
        again = self.diff_pages(singles, rules) if singles else {}
        out: PageDiffs = {}
        for key, result in found.items():
            if not isinstance(result, WikiError):
                out[key] = result
                continue
            out[key] = [
                _alone_or_coarse(again.get((key, i), result), pair)
                for i, pair in enumerate(pages[key][0])
            ]
        return out

    def diff(self, old: str | None, new: str, rules: DiffRules, talk: bool) -> list[Change]:
        result = self.diff_pages({0: ([(old, new)], talk)}, rules)[0]
        if isinstance(result, WikiError):
            raise result
        return result[0]


def _is_coarse(changes: Sequence[Change]) -> bool:
    return any(c.kind in ("too_large", "not_compared") for c in changes)


def _alone_or_coarse(result: list[list[Change]] | WikiError, pair: DiffPair) -> list[Change]:
    """A revision's changes diffed alone, or its coarse change when that failed too."""
    if not isinstance(result, WikiError):
        return result[0]
    return [coarse_change(*pair, "too_large" if isinstance(result, OverBudget) else "not_compared")]


# -- the plan: what to do with each page, decided on plain data ----------------------------------


@dataclass(frozen=True)
class EventPlan:
    """A page event to record, and how to find its log entry: among the entries of `log_type`
    for `log_title`, the latest with `action` (or, for a move, with `target` as its target)."""

    event: PageEvent
    log_type: str
    log_title: str
    action: str | None = None
    target: str | None = None


PageAction = Literal["missing", "baseline", "unchanged", "watchlist", "list"]


@dataclass(frozen=True)
class PagePlan:
    """What a check does with one page: nothing (`missing`), record its current revision
    (`baseline`) or its check (`unchanged`), take its new revisions from the watchlist
    (`watchlist`, in `new`), or list its history (`list`: also what is `since` or later)."""

    lemma: Lemma
    info: PageInfo
    action: PageAction
    new: tuple[Revision, ...] = ()
    since: str | None = None


@dataclass(frozen=True)
class PageWork:
    """A page with new revisions (oldest first) and older known ones (for reverts)."""

    lemma: Lemma
    info: PageInfo
    new: tuple[Revision, ...]
    history: tuple[Revision, ...] = ()


def plan_talk_pages(lemmas: Sequence[Lemma], infos: dict[int, PageInfo]) -> dict[int, Lemma]:
    """Talk pages of watched articles not yet tracked: talk page ID -> its article."""
    known = {lemma.page_id for lemma in lemmas}
    out = {}
    for lemma in lemmas:
        info = infos.get(lemma.page_id)
        if info and info.talk_id and info.talk_id not in known and not lemma.subject_id:
            out[info.talk_id] = lemma
    return out


def plan_events(lemma: Lemma, info: PageInfo) -> list[EventPlan]:
    """Moves, deletions and restores that prop=info shows against the stored lemma. A page
    keeps its ID when moved; a deleted page's ID comes back as missing."""
    pid = lemma.page_id
    if info.missing:
        if lemma.status == "deleted":
            return []
        deleted = PageEvent(pid, "deleted", {"title": lemma.title}, None, "", "deleted", None, True)
        return [EventPlan(deleted, "delete", lemma.title, action="delete")]
    out = []
    if lemma.status == "deleted":
        restored = PageEvent(pid, "restored", {"title": info.title}, None, "", status="ok")
        out.append(EventPlan(restored, "delete", info.title, action="restore"))
    if info.title and lemma.title and info.title != lemma.title:
        details = {"old": lemma.title, "new": info.title}
        moved = PageEvent(pid, "moved", details, None, "", title=info.title)
        out.append(EventPlan(moved, "move", lemma.title, target=info.title))
    return out


def plan_log_events(
    lemmas: Sequence[Lemma], entries: Sequence[LogEvent], known: set[int]
) -> list[PageEvent]:
    """The deletions and restores in the wiki's log (`entries`, oldest first) of watched
    pages that no stored event holds yet (`known`: log IDs already stored), as page events.

    A page deleted and restored between two checks looks unchanged to prop=info (MediaWiki
    gives it back its ID, and a selective restore may even bring back the revision the check
    saw last): only the log tells. These events leave the lemma's status to `plan_events`,
    which compares it with what prop=info says now. An entry is matched by page ID; by title
    only when it names no page (another page of that title is another page)."""
    by_id = {lemma.page_id: lemma for lemma in lemmas}
    by_title = {normalize_title(lemma.title): lemma for lemma in lemmas}
    kinds: dict[str, Literal["deleted", "restored"]] = {
        "delete": "deleted",
        "restore": "restored",
    }
    out = []
    for entry in entries:
        if entry.page_id:
            lemma = by_id.get(entry.page_id)
        else:
            lemma = by_title.get(normalize_title(entry.title))
        if lemma is None or entry.log_id in known or entry.action not in kinds:
            continue
        details = {"title": entry.title, "user": entry.user, "comment": entry.comment}
        out.append(PageEvent(lemma.page_id, kinds[entry.action], details, entry, entry.timestamp))
    return out


def complete_event(plan: EventPlan, entries: Sequence[LogEvent], now: str) -> PageEvent:
    """The planned event with who did it, why and when, from its log entry when one matches
    (else now, by nobody known)."""
    entry = next(
        (
            e
            for e in entries
            if (
                e.action == plan.action
                if plan.action
                else e.params.get("target_title") == plan.target
            )
        ),
        None,
    )
    details = {
        **plan.event.details,
        "user": entry.user if entry else "",
        "comment": entry.comment if entry else "",
    }
    return replace(
        plan.event, details=details, log=entry, timestamp=entry.timestamp if entry else now
    )


def watchlist_window(
    previous_start: str | None, now: datetime, since: str | None, logged_in: bool
) -> str | None:
    """From when to ask the account's watchlist for new revisions, or None when that path does
    not apply: not logged in, a history request (--since), no earlier run, or an earlier run
    older than the wiki's recent changes."""
    if since or not logged_in or previous_start is None:
        return None
    started = datetime.strptime(previous_start, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    if now - started > WATCHLIST_MAX_AGE:
        return None
    # Overlap the previous window: revisions are keyed by revid, so overlap costs nothing.
    return (started - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%SZ")


def revisions_by_page(revisions: Iterable[Revision]) -> dict[int, list[Revision]]:
    out: dict[int, list[Revision]] = {}
    for rev in sorted(revisions, key=lambda r: r.revid):
        out.setdefault(rev.page_id, []).append(rev)
    return out


def plan_page(
    lemma: Lemma,
    info: PageInfo,
    watched: dict[int, list[Revision]] | None,
    *,
    since: str | None,
    previous_start: str | None,
    now: str,
) -> PagePlan:
    """What to do with one page, from its stored state and what the wiki said.

    A page never checked is baselined (its history is not news) unless `since` asks for
    history. The watchlist serves a page only when it provably has every new revision; any
    other changed page has its history listed. A PENDING page (a talk page new since the
    previous run) reports what happened after that run began.
    """
    if info.missing:
        return PagePlan(lemma, info, "missing")
    if lemma.baseline is Baseline.NONE and not since:
        return PagePlan(lemma, info, "baseline")
    if info.last_revid == lemma.last_revid and not since:
        return PagePlan(lemma, info, "unchanged")
    chain = _revision_chain(watched, lemma.page_id, lemma.last_revid, info.last_revid)
    if chain:
        return PagePlan(lemma, info, "watchlist", new=tuple(chain))
    pending_since = None
    if lemma.baseline is Baseline.PENDING:
        pending_since = previous_start or now
    return PagePlan(lemma, info, "list", since=since or pending_since)


def split_listing(plan: PagePlan, revisions: Sequence[Revision]) -> PageWork:
    """The listed revisions (oldest first) split into new ones and older known ones."""
    is_new = _new_predicate(plan.lemma.last_revid, plan.since)
    return PageWork(
        plan.lemma,
        plan.info,
        tuple(r for r in revisions if is_new(r)),
        tuple(r for r in revisions if not is_new(r)),
    )


def _revision_chain(
    watched: dict[int, list[Revision]] | None,
    page_id: int,
    last_seen: int | None,
    latest: int | None,
) -> list[Revision] | None:
    """The page's new revisions from the watchlist, only when they provably are all of them:
    each one's parent is the one before, from the last seen revision up to prop=info's latest.
    Anything else (a page not watched, a gap) sends the page down the batched path."""
    chain = _linked_chain(watched, page_id, last_seen)
    if not chain or latest is None or chain[-1].revid != latest:
        return None
    return chain


def _linked_chain(
    watched: dict[int, list[Revision]] | None, page_id: int, last_seen: int | None
) -> list[Revision] | None:
    """The watchlist's revisions of the page after the last seen one, when each one's parent
    is the one before; None for a gap or nothing new."""
    if watched is None or last_seen is None:
        return None
    chain = [r for r in watched.get(page_id, []) if r.revid > last_seen]
    if not chain:
        return None
    parent = last_seen
    for rev in chain:
        if rev.parent_id != parent:
            return None
        parent = rev.revid
    return chain


def plan_ahead(
    lemmas: Sequence[Lemma],
    watched: dict[int, list[Revision]] | None,
    text_budget: int = AHEAD_TEXT_BYTES,
) -> list[PageWork]:
    """The pages worth fetching and diffing before prop=info has answered: those whose new
    revisions the watchlist lists as an unbroken chain from the last seen revision. prop=info
    then only has to confirm that the chain ends at the page's latest revision (`plan_page`);
    where it does not, the work is dropped. Their texts are held until then, so they stay
    within `text_budget` bytes (by the sizes the watchlist gave); the other pages wait.

    Each carries the info the chain presumes (the page as stored, at the chain's end)."""
    out: list[PageWork] = []
    used = 0
    for lemma in lemmas:
        chain = _linked_chain(watched, lemma.page_id, lemma.last_revid)
        if not chain:
            continue
        need = sum(r.size for r in chain) + chain[0].size
        if used + need > text_budget:
            continue
        used += need
        presumed = PageInfo(lemma.page_id, lemma.title, lemma.namespace, chain[-1].revid)
        out.append(PageWork(lemma, presumed, tuple(chain)))
    return out


def is_ahead_usable(ahead: PageWork, work: PageWork) -> bool:
    """Whether a page diffed ahead is what the plan wants: the same revisions, diffed as the
    same kind of page (a move may have turned an article into a talk page)."""
    return [r.revid for r in ahead.new] == [r.revid for r in work.new] and bool(
        ahead.lemma.namespace % 2
    ) == bool(work.info.namespace % 2)


def _take_revisions(
    revisions: Iterator[Revision], is_new: Callable[[Revision], bool]
) -> list[Revision]:
    """The new revisions and HISTORY older ones, oldest first."""
    out: list[Revision] = []
    older = 0
    for rev in revisions:
        out.append(rev)
        if not is_new(rev):
            older += 1
            if older > HISTORY:
                break
    out.reverse()
    return out


def _new_predicate(last_seen: int | None, since: str | None) -> Callable[[Revision], bool]:
    def is_new(r: Revision) -> bool:
        if since and r.timestamp >= since:
            return True
        return last_seen is not None and r.revid > last_seen or (last_seen is None and not since)

    return is_new


def _groups(
    items: Sequence[PageWork], budget: int, text_budget: int = GROUP_TEXT_BYTES
) -> Iterator[list[PageWork]]:
    """Pages in groups whose revisions (plus one parent each) fit one content request, and
    whose texts (by the sizes the wiki listed) stay within `text_budget` bytes: two groups'
    texts are held at once (one diffed, the next fetched), and lemmas run to hundreds of KB.

    The first groups are a quarter and a half of `budget`: nothing can be diffed before the
    first group's texts are in, so a small first group starts the diff sooner."""
    limit = max(1, budget // 4)
    group: list[PageWork] = []
    used = used_bytes = 0
    for w in items:
        need = len(w.new) + 1
        need_bytes = sum(r.size for r in w.new) + (w.new[0].size if w.new else 0)
        if group and (used + need > limit or used_bytes + need_bytes > text_budget):
            yield group
            group, used, used_bytes = [], 0, 0
            limit = min(budget, limit * 2)
        group.append(w)
        used += need
        used_bytes += need_bytes
    if group:
        yield group


Texts = dict[int, tuple[str | None, str]]
Diffs = list[list[Change]]  # a page's changes, one list per new revision
PageDiffs = dict[Any, Diffs | WikiError]


def _users(work: Sequence[PageWork]) -> list[str]:
    return sorted({r.user for w in work for r in w.new})


def _unavailable(rev: Revision, texts: Texts) -> str | None:
    """Why a revision cannot be diffed (its text or its parent's is hidden), or None."""
    if texts.get(rev.revid, (None, ""))[0] is None:
        return "revision text hidden or deleted"
    if rev.parent_id and texts.get(rev.parent_id, (None, ""))[0] is None:
        return "parent revision text unavailable"
    return None


def _diff_pairs(w: PageWork, texts: Texts) -> list[DiffPair]:
    """(parent text, text) of each new revision that can be diffed, oldest first."""
    return [
        (texts[r.parent_id][0] if r.parent_id else None, texts[r.revid][0] or "")
        for r in w.new
        if _unavailable(r, texts) is None
    ]


def plan_save(
    w: PageWork,
    texts: Texts,
    diffs: list[list[Change]],
    stored: StoredHistory,
    *,
    groups: dict[str, frozenset[str]],
    team_users: frozenset[str],
    now: str,
) -> PageSave:
    """What to store for a page: its new revisions, each one's changes (a revert is one act),
    and its new check state. `diffs` are the changes of the revisions that could be diffed."""
    new = [r if r.sha1 else replace(r, sha1=texts.get(r.revid, (None, ""))[1]) for r in w.new]
    ordered = _known_history(w, new, texts, stored)
    reverts = find_reverts(ordered, {r.revid for r in new}, HISTORY)
    users = {**stored.users, **{r.revid: r.user for r in (*w.history, *new)}}
    found = _changes_of(new, texts, diffs, ordered, reverts, users, set(stored.reverted))
    sizes = {r.revid: r.size for r in (*w.history, *w.new)}
    revisions = tuple(
        CheckedRevision(
            rev,
            title=w.info.title,
            size_delta=rev.size - (_parent_size(rev, sizes, texts) or 0),
            is_team=rev.user in team_users,
            bot="bot" in groups.get(rev.user, frozenset()),
            parent_sha1=texts.get(rev.parent_id, (None, ""))[1] if rev.parent_id else "",
        )
        for rev in new
    )
    return PageSave(
        page_id=w.lemma.page_id,
        title=w.info.title,
        revisions=revisions,
        changes=tuple(
            (rev.revid, tuple(f), rev.timestamp) for rev, f in zip(new, found, strict=True)
        ),
        reverts=reverts,
        last_revid=new[-1].revid,
        baseline_at=now if w.lemma.baseline is Baseline.PENDING else w.lemma.baseline_at,
    )


def _known_history(
    w: PageWork, new: list[Revision], texts: Texts, stored: StoredHistory
) -> list[tuple[int, str]]:
    """The page's history as far as known, oldest first: stored revisions, the listing's
    older ones, the fetched parent, and the new ones; SHA1s equal to an earlier one mark
    reverts."""
    history = dict(stored.sha1s)
    history.update({r.revid: r.sha1 for r in w.history})
    first_parent = new[0].parent_id
    if first_parent and first_parent in texts and first_parent not in history:
        history[first_parent] = texts[first_parent][1]
    history.update({r.revid: r.sha1 for r in new})
    return sorted(history.items())


def _changes_of(
    new: list[Revision],
    texts: Texts,
    diffs: list[list[Change]],
    ordered: list[tuple[int, str]],
    reverts: dict[int, list[int]],
    users: dict[int, str],
    undone_before: set[int],  # grows in time order
) -> list[list[Change]]:
    pending = iter(diffs)
    out = []
    for rev in new:
        reason = _unavailable(rev, texts)
        found = [Change("text_unavailable", {"reason": reason})] if reason else next(pending)
        if rev.revid in reverts:
            revert = revert_change(ordered, rev.revid, reverts[rev.revid], users)
            # Going back to an earlier version is one act: what it restores is not new. Unless
            # the edit that first made that version had itself been reverted (vandalism put
            # back): then what it does (a blanking, say) is the news, and the diff says it.
            origin = next(r for r, sha1 in ordered if sha1 == rev.sha1)
            if origin not in undone_before:
                found = [revert]
            undone_before.update(reverts[rev.revid])
        out.append(found)
    return out


def _parent_size(rev: Revision, sizes: dict[int, int], texts: Texts) -> int | None:
    parent_size = sizes.get(rev.parent_id)
    if parent_size is None and rev.parent_id in texts:
        parent_size = len((texts[rev.parent_id][0] or "").encode("utf-8"))
    return parent_size


# -- the run: fetch, plan, save -----------------------------------------------------------------


def run_check(
    db: Database,
    wiki: CheckWiki,
    *,
    team_users: frozenset[str] = frozenset(),
    rules: DiffRules | None = None,
    area: str | None = None,
    since: str | None = None,
    progress: Progress | None = None,
    differ: BoundedDiffer | None = None,
    on_page_saved: Callable[[int], None] | None = None,
    use_watchlist: bool = True,
) -> CheckResult:
    """Check every watched page (of `area`) once. Raises InputError when nothing is watched.

    The diff runs in a forkserver child, which imports the caller's main module: a script
    calling this needs the usual `if __name__ == "__main__":` guard.
    """
    run = _CheckRun(db, wiki, rules or DiffRules(), team_users, since, progress or NullProgress())
    run.on_page_saved = on_page_saved
    lemmas = store.watched_lemmas(db, area)
    if not lemmas:
        raise InputError(
            "no watched lemmas"
            + (f" in area '{area}'" if area else "")
            + ": run 'wikitrack watchlist sync' first"
        )
    previous_start = store.last_run_started(db)
    run.result.run_id = store.start_run(db, area=area, since=since, method="batched")
    own_differ = differ is None
    differ = differ or BoundedDiffer()
    try:
        differ.start()
        run.check(lemmas, previous_start, use_watchlist, differ)
    except WikiError as e:
        run.finish(failure=e)
        raise
    except KeyboardInterrupt:
        # What was saved stays (each page whole); the run says it did not finish.
        run.finish(failure=WikiError("interrupted before the end (Ctrl-C)"))
        raise CheckInterrupted(run.result.saved) from None
    finally:
        if own_differ:
            differ.close()
    run.finish()
    return run.result


class _CheckRun:
    """One check run's fetch and save steps around the pure planners above."""

    def __init__(
        self,
        db: Database,
        wiki: CheckWiki,
        rules: DiffRules,
        team_users: frozenset[str],
        since: str | None,
        progress: Progress,
    ):
        self.db, self.wiki, self.rules, self.team_users = db, wiki, rules, team_users
        self.since, self.progress = since, progress
        self.on_page_saved: Callable[[int], None] | None = None
        self.result = CheckResult()
        # Pages diffed while prop=info was asked: the work, and its texts and diffs (or why not).
        self.ahead: dict[int, tuple[PageWork, Texts | WikiError, Diffs | WikiError]] = {}
        self.user_groups: dict[str, frozenset[str]] = {}
        self.started = time.monotonic()
        self.start_requests = wiki.requests

    def check(
        self,
        lemmas: list[Lemma],
        previous_start: str | None,
        use_watchlist: bool,
        differ: BoundedDiffer,
    ) -> None:
        watched = self._watchlist(previous_start) if use_watchlist else None
        infos = self._fetch_info_and_diff_ahead(lemmas, watched, differ)
        # Before anything is written: a replaced wiki would make every page a phantom event.
        verify_wiki(self.db, self.wiki, infos)
        lemmas = lemmas + self._track_talk_pages(lemmas, infos)
        self.result.pages = len(lemmas)
        self.progress.start(len(lemmas), "checking")
        now = store.now_iso()
        plans = [
            plan_page(
                lemma,
                infos[lemma.page_id],
                watched,
                since=self.since,
                previous_start=previous_start,
                now=now,
            )
            for lemma in self._record_events(lemmas, infos, previous_start)
        ]
        self._diff_and_save(self._collect_work(plans), differ)

    def fail(self, lemma: Lemma, error: WikiError, *, record: bool = False) -> None:
        self.result.errors.append(f"{lemma.title} (page {lemma.page_id}): {error}")
        if record:
            store.record_page_error(self.db, lemma.page_id, str(error))

    def _track_talk_pages(self, lemmas: list[Lemma], infos: dict[int, PageInfo]) -> list[Lemma]:
        """Talk pages of watched articles, tracked from now on (a new one counts as new in
        full when its article was checked before: its revisions since then are news)."""
        wanted = plan_talk_pages(lemmas, infos)
        if not wanted:
            return []
        talk_infos = self.wiki.fetch_page_info(sorted(wanted))
        out = []
        for talk_id, article in wanted.items():
            info = talk_infos[talk_id]
            if info.missing:
                continue
            infos[talk_id] = info
            pending = bool(article.last_revid)
            out.append(store.track_talk_page(self.db, info, article.page_id, pending=pending))
        return out

    def _watchlist(self, previous_start: str | None) -> dict[int, list[Revision]] | None:
        """New revisions of every watched page from the account's watchlist, by page ID, or
        None when that path does not apply."""
        logged_in = self.wiki.logged_in
        window = watchlist_window(previous_start, datetime.now(UTC), self.since, logged_in)
        if window is None:
            return None
        try:
            return revisions_by_page(self.wiki.fetch_watchlist_revisions(window))
        except WikiError:
            return None  # the batched path still finds everything

    def _record_events(
        self, lemmas: list[Lemma], infos: dict[int, PageInfo], previous_start: str | None
    ) -> list[Lemma]:
        """Save each page's moves, deletions and restores (also those between two checks
        that prop=info cannot show, from the deletion log); the pages whose log could not
        be read drop out of this run."""
        kept = []
        for lemma in lemmas:
            try:
                for plan in plan_events(lemma, infos[lemma.page_id]):
                    entries = self.wiki.fetch_log_events(
                        log_type=plan.log_type, title=plan.log_title, limit=5
                    )
                    event = complete_event(plan, entries, store.now_iso())
                    store.save_page_event(self.db, event, self.result.run_id)
                    self.result.events += 1
            except WikiError as e:
                self.fail(lemma, e)
                continue
            kept.append(lemma)
        self._record_deletion_log(kept, previous_start)
        return kept

    def _record_deletion_log(self, lemmas: list[Lemma], previous_start: str | None) -> None:
        """Deletions and restores of watched pages since the previous run began that no
        stored event holds (a page deleted and restored in between). A log that cannot be
        read is an error of the run, not of any page."""
        if previous_start is None or not lemmas:
            return
        try:
            entries = self.wiki.fetch_deletion_log(previous_start)
        except WikiError as e:
            self.result.errors.append(f"deletion log: {e}")
            return
        known = store.known_log_ids(self.db, [e.log_id for e in entries])
        for event in plan_log_events(lemmas, entries, known):
            store.save_page_event(self.db, event, self.result.run_id)
            self.result.events += 1

    def _collect_work(self, plans: list[PagePlan]) -> list[PageWork]:
        """The pages with new revisions; the others' check is recorded (in one transaction
        for the many pages that only need a date, not one commit per page)."""
        work: list[PageWork] = []
        unchanged, baseline, caught_up = [], [], []
        for plan in plans:
            lemma, info = plan.lemma, plan.info
            found = None
            if plan.action == "watchlist":
                self.result.via_watchlist += 1
                work.append(PageWork(lemma, info, plan.new))
                continue
            if plan.action == "list":
                found = self._list(plan)
            if found is not None and found.new:
                work.append(found)
                continue
            if found is not None:
                caught_up.append(
                    (lemma.page_id, info.last_revid, lemma.baseline is Baseline.PENDING)
                )
            elif plan.action == "baseline":
                baseline.append((lemma.page_id, info.last_revid, info.title))
                self.result.baselined += 1
            elif plan.action == "unchanged":
                unchanged.append(lemma.page_id)
            self.progress.advance()
        store.mark_checked(self.db, unchanged, baseline, caught_up)
        self.result.saved += len(baseline) + len(caught_up)
        return work

    def _list(self, plan: PagePlan) -> PageWork | None:
        is_new = _new_predicate(plan.lemma.last_revid, plan.since)
        try:
            listed = _take_revisions(self.wiki.iter_revisions(plan.lemma.page_id), is_new)
        except WikiError as e:
            self.fail(plan.lemma, e, record=True)
            return None
        return split_listing(plan, listed)

    def _fetch_info_and_diff_ahead(
        self, lemmas: list[Lemma], watched: dict[int, list[Revision]] | None, differ: BoundedDiffer
    ) -> dict[int, PageInfo]:
        """prop=info of every page and, while the wiki answers it, the diffs of the pages
        `plan_ahead` picks. Still one request at a time (the wiki's etiquette): one thread
        makes the requests, texts first, while this one waits for the diff processes."""
        ahead = plan_ahead(lemmas, watched)
        batches = list(_groups(ahead, self.wiki.batch_size))
        with request_lane() as lane:
            jobs = [lane.submit(self._fetch_texts, group) for group in batches]
            users = lane.submit(self.wiki.fetch_user_groups, _users(ahead)) if ahead else None
            infos = lane.submit(self._fetch_info, [lemma.page_id for lemma in lemmas])
            for group, job in zip(batches, jobs, strict=True):
                texts = self._wait(job)
                diffs = texts if isinstance(texts, WikiError) else self._diff(group, texts, differ)
                for w in group:
                    done = diffs if isinstance(diffs, WikiError) else diffs[w.lemma.page_id]
                    self.ahead[w.lemma.page_id] = (w, texts, done)
            if users is not None:
                self.user_groups.update(users.result())
            return infos.result()

    def _fetch_info(self, page_ids: list[int]) -> dict[int, PageInfo]:
        t0 = time.monotonic()
        try:
            return self.wiki.fetch_page_info(page_ids)
        finally:
            self.result.info_seconds += time.monotonic() - t0

    def _wait(self, job: Future[Texts | WikiError]) -> Texts | WikiError:
        t0 = time.monotonic()
        try:
            return job.result()
        finally:
            self.result.wait_seconds += time.monotonic() - t0

    def _diff(self, group: list[PageWork], texts: Texts, differ: BoundedDiffer) -> PageDiffs:
        t0 = time.monotonic()
        try:
            return differ.diff_or_describe(
                {
                    w.lemma.page_id: (_diff_pairs(w, texts), bool(w.info.namespace % 2))
                    for w in group
                },
                self.rules,
            )
        finally:
            self.result.diff_seconds += time.monotonic() - t0

    def _diff_and_save(self, work: list[PageWork], differ: BoundedDiffer) -> None:
        """Save the pages diffed ahead, then the others: each group's texts are fetched while
        the group before is diffed and saved. Still one request at a time: only the wait for
        the wiki overlaps with the parsing, which runs in the differ's processes."""
        ready = [w for w in work if self._diffed_ahead(w)]
        rest = [w for w in work if not self._diffed_ahead(w)]
        for group in _groups(ready, self.wiki.batch_size, text_budget=AHEAD_TEXT_BYTES):
            self._save_ahead(group)
        self.ahead.clear()  # the work that turned out unusable: its texts need not stay
        if not rest:
            return
        users = [u for u in _users(rest) if u not in self.user_groups]
        batches = list(_groups(rest, self.wiki.batch_size))
        with request_lane() as lane:
            pending = lane.submit(self._fetch_texts, batches[0])
            user_groups = lane.submit(self.wiki.fetch_user_groups, users)  # after those texts
            for i, group in enumerate(batches):
                texts = self._wait(pending)
                if i + 1 < len(batches):
                    pending = lane.submit(self._fetch_texts, batches[i + 1])
                if isinstance(texts, WikiError):
                    self._fail_group(group, texts)
                    continue
                diffs = self._diff(group, texts, differ)
                self.user_groups.update(user_groups.result())
                self._save(group, texts, diffs, self.user_groups)

    def _diffed_ahead(self, w: PageWork) -> bool:
        ahead = self.ahead.get(w.lemma.page_id)
        return ahead is not None and is_ahead_usable(ahead[0], w)

    def _save_ahead(self, group: list[PageWork]) -> None:
        """Save pages diffed ahead (the plan's work, with the info prop=info gave)."""
        texts: Texts = {}
        diffs: PageDiffs = {}
        for w in group:
            _, fetched, found = self.ahead.pop(w.lemma.page_id)
            if isinstance(fetched, WikiError):
                self._fail_group([w], fetched)
                continue
            texts.update(fetched)
            diffs[w.lemma.page_id] = found
        saved = [w for w in group if w.lemma.page_id in diffs]
        if saved:
            self._save(saved, texts, diffs, self.user_groups)

    def _fail_group(self, group: list[PageWork], error: WikiError) -> None:
        for w in group:
            self.fail(w.lemma, error)
        self.progress.advance(len(group))

    def _fetch_texts(self, group: list[PageWork]) -> Texts | WikiError:
        """The texts of a group's new revisions and of the first one's parent (run in the
        fetcher thread; a WikiError is returned, to fail only this group's pages)."""
        wanted = [r.revid for w in group for r in w.new]
        wanted += [w.new[0].parent_id for w in group if w.new[0].parent_id]
        t0 = time.monotonic()
        try:
            return self.wiki.fetch_revision_texts(wanted)
        except WikiError as e:
            return e
        finally:
            self.result.fetch_seconds += time.monotonic() - t0

    def _save(
        self,
        group: list[PageWork],
        texts: Texts,
        diffs: PageDiffs,
        groups: dict[str, frozenset[str]],
    ) -> None:
        """Save the group's pages in one transaction. A caller watching the saves
        (`on_page_saved`, as tests that stop a run mid-way do) gets one per page, so each
        call marks a page that is durably stored."""
        saves = []
        for w in group:
            found = diffs[w.lemma.page_id]
            if isinstance(found, WikiError):
                self.fail(w.lemma, found, record=True)
                self.progress.advance()
                continue
            stored = store.page_history(self.db, w.lemma.page_id, HISTORY, w.new[0].parent_id)
            plan = plan_save(
                w,
                texts,
                found,
                stored,
                groups=groups,
                team_users=self.team_users,
                now=store.now_iso(),
            )
            saves.append((w, plan))
        batches = [saves] if self.on_page_saved is None else [[s] for s in saves]
        for batch in batches:
            self.result.changes += store.save_checked_pages(
                self.db, [plan for _, plan in batch], self.result.run_id
            )
            self.result.coarse += sum(
                1 for _, plan in batch for _, found, _ in plan.changes if _is_coarse(found)
            )
            self.result.saved += len(batch)
            for w, _ in batch:
                self.result.revisions += len(w.new)
                self.result.latest_texts[w.lemma.page_id] = texts.get(w.new[-1].revid, (None, ""))[
                    0
                ]
                if self.on_page_saved:
                    self.on_page_saved(w.lemma.page_id)
                self.progress.advance()

    def finish(self, failure: WikiError | None = None) -> None:
        result = self.result
        if failure is not None:
            result.errors.append(str(failure))
        result.requests = self.wiki.requests - self.start_requests
        result.seconds = time.monotonic() - self.started
        if failure is not None:
            store.finish_run(
                self.db,
                result.run_id,
                status="failed",
                errors=result.errors,
                requests=result.requests,
                seconds=result.seconds,
            )
            return
        store.finish_run(
            self.db,
            result.run_id,
            method="watchlist" if result.via_watchlist else "batched",
            status=result.status,
            lemmas=result.pages,
            revisions=result.revisions,
            changes=result.changes,
            requests=result.requests,
            seconds=round(result.seconds, 3),
            errors=result.errors,
        )
