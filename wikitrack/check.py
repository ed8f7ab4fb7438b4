"""One check run: which watched pages changed, every new revision, diffed against its parent.

Requests, for N watched pages (talk pages included), K of them changed, R new revisions and a
batch size b (50, or 500 with apihighlimits):

    ceil(N/b) prop=info + K revision listings + ceil((R+K)/b) content by revid + a few constant

Crash safety: a page's new revisions, their changes and its new `last_revid` are written in one
transaction, and every change has an ID derived from its revision, so a run killed at any point
and started again stores each change exactly once. A lock file keeps a second run out.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from sqlite_utils import Database

from . import store
from .bounded import BoundedPool
from .describe import plural
from .diff import DiffRules, clear_parse_caches, diff_revision, find_reverts, revert_change
from .errors import InputError, LockHeld, WikiError
from .identity import IdentityWiki, verify_wiki
from .models import Change, LogEvent, PageInfo, Revision

__all__ = ["CheckResult", "run_check", "check_lock", "BoundedDiffer", "Progress"]

WATCHLIST_MAX_AGE = timedelta(days=29)  # recent changes reach 30 days back on Wikimedia
PARSE_TIMEOUT_S = 30.0
PARSE_MEMORY_BYTES = 2 * 1024**3
HISTORY = 15  # revisions whose SHA1s tell a revert (the wiki's own revert detection uses 15)


class Progress(Protocol):
    def start(self, total: int, label: str) -> None: ...

    def advance(self, n: int = 1) -> None: ...


class NullProgress:
    def start(self, total: int, label: str) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


class EventLog(Protocol):
    def fetch_log_events(
        self,
        *,
        log_type: str,
        title: str | None = None,
        page_id: int | None = None,
        since: str | None = None,
        limit: int = 50,
    ) -> list[LogEvent]: ...


class CheckWiki(IdentityWiki, EventLog, Protocol):
    requests: int

    @property
    def batch_size(self) -> int: ...

    def fetch_page_info(self, page_ids: Sequence[int]) -> dict[int, PageInfo]: ...

    def iter_revisions(self, page_id: int, per_request: int = 50) -> Iterator[Revision]: ...

    def fetch_revision_texts(self, revids: Sequence[int]) -> dict[int, tuple[str | None, str]]: ...

    def fetch_watchlist_revisions(self, since: str) -> list[Revision]: ...

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
    fetch_seconds: float = 0.0  # fetching the revisions' texts
    diff_seconds: float = 0.0  # diffing them (in the worker processes, waited for)
    via_watchlist: int = 0
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
            f"{self.seconds:.2f} s (texts {self.fetch_seconds:.2f} s, "
            f"diff {self.diff_seconds:.2f} s)"
            + (
                f", {plural(self.via_watchlist, 'page')} via the watchlist"
                if self.via_watchlist
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

    def diff(self, old: str | None, new: str, rules: DiffRules, talk: bool) -> list[Change]:
        result = self.diff_pages({0: ([(old, new)], talk)}, rules)[0]
        if isinstance(result, WikiError):
            raise result
        return result[0]


# -- the run ------------------------------------------------------------------------------------


@dataclass
class _PageWork:
    lemma: dict[str, Any]
    info: PageInfo
    new: list[Revision]  # oldest first
    history: list[Revision]  # older known revisions, oldest first (for reverts)


def _groups(items: Sequence[_PageWork], budget: int) -> Iterator[list[_PageWork]]:
    """Pages in groups whose revisions (plus one parent each) fit one content request."""
    group: list[_PageWork] = []
    used = 0
    for w in items:
        need = len(w.new) + 1
        if group and used + need > budget:
            yield group
            group, used = [], 0
        group.append(w)
        used += need
    if group:
        yield group


def _save_event(
    db: Database,
    event: LogEvent | None,
    *,
    page_id: int,
    kind: str,
    details: dict[str, Any],
    run_id: int,
    lemma_update: dict[str, Any],
) -> None:
    """A page event with who did it, why and when, taken from its log entry when found."""
    store.save_page_event(
        db,
        event=event,
        page_id=page_id,
        kind=kind,
        details={
            **details,
            "user": event.user if event else "",
            "comment": event.comment if event else "",
        },
        timestamp=event.timestamp if event else store.now_iso(),
        run_id=run_id,
        lemma_update=lemma_update,
    )


def _page_events(
    db: Database, wiki: CheckWiki, lemma: dict[str, Any], info: PageInfo, run_id: int
) -> int:
    """Moves, deletions and restores seen in prop=info, with their log entries."""
    pid = lemma["page_id"]
    if info.missing:
        if lemma["status"] == "deleted":
            return 0
        events = wiki.fetch_log_events(log_type="delete", title=lemma["title"], limit=5)
        _save_event(
            db,
            next((e for e in events if e.action == "delete"), None),
            page_id=pid,
            kind="deleted",
            details={"title": lemma["title"]},
            run_id=run_id,
            lemma_update={"status": "deleted", "checked_at": store.now_iso()},
        )
        return 1
    count = 0
    if lemma["status"] == "deleted":
        events = wiki.fetch_log_events(log_type="delete", title=info.title, limit=5)
        _save_event(
            db,
            next((e for e in events if e.action == "restore"), None),
            page_id=pid,
            kind="restored",
            details={"title": info.title},
            run_id=run_id,
            lemma_update={"status": "ok"},
        )
        count += 1
    if info.title and lemma["title"] and info.title != lemma["title"]:
        events = wiki.fetch_log_events(log_type="move", title=lemma["title"], limit=5)
        _save_event(
            db,
            next((e for e in events if e.params.get("target_title") == info.title), None),
            page_id=pid,
            kind="moved",
            details={"old": lemma["title"], "new": info.title},
            run_id=run_id,
            lemma_update={"title": info.title},
        )
        count += 1
    return count


def _discover_talk_pages(
    db: Database, wiki: CheckWiki, lemmas: list[dict[str, Any]], infos: dict[int, PageInfo]
) -> list[dict[str, Any]]:
    """Talk pages of watched articles not yet tracked (new ones count as new in full)."""
    known = {lem["page_id"] for lem in lemmas}
    new_talk = {}
    for lem in lemmas:
        info = infos.get(lem["page_id"])
        if info and info.talk_id and info.talk_id not in known and not lem["subject_id"]:
            new_talk[info.talk_id] = lem
    if not new_talk:
        return []
    talk_infos = wiki.fetch_page_info(sorted(new_talk))
    rows = []
    for talk_id, article in new_talk.items():
        info = talk_infos[talk_id]
        if info.missing:
            continue
        infos[talk_id] = info
        row: dict[str, Any] = {
            "page_id": talk_id,
            "title": info.title,
            "namespace": info.namespace,
            "subject_id": article["page_id"],
            "status": "ok",
        }
        known_row = db.execute(
            "SELECT last_revid FROM lemmas WHERE page_id = ?", [talk_id]
        ).fetchone()
        if known_row is None or known_row[0] is None:
            # A talk page we never saw: new since the article's last check when the article
            # was checked before (its revisions since then are new), else baselined now.
            row["last_revid"] = None
            row["baseline_at"] = "pending" if article["last_revid"] else None
        # A talk page we followed before (listed itself until now) keeps its check state.
        db.table("lemmas").upsert(row, pk="page_id")
        db.table("lemmas").update(article["page_id"], {"talk_id": talk_id})
        rows.append(dict(db.table("lemmas").get(talk_id)))
    return rows


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
    rules = rules or DiffRules()
    progress = progress or NullProgress()
    result = CheckResult()
    started = time.monotonic()
    start_requests = wiki.requests
    lemmas = list(store.iter_lemmas(db, area))
    if not lemmas:
        raise InputError(
            "no watched lemmas"
            + (f" in area '{area}'" if area else "")
            + ": run 'wikitrack watchlist sync' first"
        )
    previous_run = store.last_finished_run(db)
    run_id = store.start_run(db, area=area, since=since, method="batched")
    result.run_id = run_id
    own_differ = differ is None
    differ = differ or BoundedDiffer()
    try:
        differ.start()
        infos = wiki.fetch_page_info([lem["page_id"] for lem in lemmas])
        # Before anything is written: a replaced wiki would make every page a phantom event.
        verify_wiki(db, wiki, infos)
        lemmas += _discover_talk_pages(db, wiki, lemmas, infos)
        result.pages = len(lemmas)
        watched = _watchlist_revisions(db, wiki, since) if use_watchlist else None
        progress.start(len(lemmas), "checking")
        work: list[_PageWork] = []
        unchanged: list[int] = []
        baseline: list[tuple[int, int | None, str]] = []
        for lem in lemmas:
            info = infos[lem["page_id"]]
            try:
                result.events += _page_events(db, wiki, lem, info, run_id)
            except WikiError as e:
                result.errors.append(f"{lem['title']} (page {lem['page_id']}): {e}")
                continue
            if info.missing:
                progress.advance()
                continue
            if lem["last_revid"] is None and lem["baseline_at"] != "pending" and not since:
                baseline.append((lem["page_id"], info.last_revid, info.title))
                result.baselined += 1
                progress.advance()
                continue
            if info.last_revid == lem["last_revid"] and not since:
                unchanged.append(lem["page_id"])
                progress.advance()
                continue
            chain = _revision_chain(watched, lem["page_id"], lem["last_revid"], info.last_revid)
            if chain:
                work.append(_PageWork(lem, info, chain, []))
                result.via_watchlist += 1
                continue
            pending_since = None
            if lem["baseline_at"] == "pending" and lem["last_revid"] is None:
                # A page new since the previous run: only what happened after that run began.
                pending_since = previous_run["started"] if previous_run else store.now_iso()
            is_new = _new_predicate(lem["last_revid"], since or pending_since)
            try:
                revs = _take_revisions(wiki.iter_revisions(lem["page_id"]), is_new)
            except WikiError as e:
                result.errors.append(f"{lem['title']} (page {lem['page_id']}): {e}")
                db.table("lemmas").update(lem["page_id"], {"last_error": str(e)})
                progress.advance()
                continue
            new = [r for r in revs if is_new(r)]
            history = [r for r in revs if not is_new(r)]
            if not new:
                now = store.now_iso()
                db.table("lemmas").update(
                    lem["page_id"],
                    {"last_revid": info.last_revid, "checked_at": now}
                    | ({"baseline_at": now} if lem["baseline_at"] == "pending" else {}),
                )
                progress.advance()
                continue
            work.append(_PageWork(lem, info, new, history))

        # One transaction for the many pages that only need a date, not one commit per page.
        store.mark_checked(db, unchanged, baseline)
        groups = {}
        if work:
            users = {r.user for w in work for r in w.new}
            groups = wiki.fetch_user_groups(sorted(users))
        for group in _groups(work, wiki.batch_size):
            wanted = [r.revid for w in group for r in w.new]
            wanted += [w.new[0].parent_id for w in group if w.new[0].parent_id]
            t0 = time.monotonic()
            try:
                texts = wiki.fetch_revision_texts(wanted)
            except WikiError as e:
                for w in group:
                    result.errors.append(f"{w.lemma['title']} (page {w.lemma['page_id']}): {e}")
                progress.advance(len(group))
                continue
            t1 = time.monotonic()
            result.fetch_seconds += t1 - t0
            diffs = differ.diff_pages(
                {
                    w.lemma["page_id"]: (_diff_pairs(w, texts), bool(w.info.namespace % 2))
                    for w in group
                },
                rules,
            )
            result.diff_seconds += time.monotonic() - t1
            for w in group:
                try:
                    found = diffs[w.lemma["page_id"]]
                    if isinstance(found, WikiError):
                        raise found
                    n_changes = _save_page(db, w, texts, found, groups, team_users, run_id)
                except WikiError as e:
                    result.errors.append(f"{w.lemma['title']} (page {w.lemma['page_id']}): {e}")
                    db.table("lemmas").update(w.lemma["page_id"], {"last_error": str(e)})
                else:
                    result.revisions += len(w.new)
                    result.changes += n_changes
                    result.latest_texts[w.lemma["page_id"]] = texts.get(
                        w.new[-1].revid, (None, "")
                    )[0]
                    if on_page_saved:
                        on_page_saved(w.lemma["page_id"])
                progress.advance()
    except WikiError as e:
        result.errors.append(str(e))
        result.requests = wiki.requests - start_requests
        result.seconds = time.monotonic() - started
        store.finish_run(
            db,
            run_id,
            status="failed",
            errors=result.errors,
            requests=result.requests,
            seconds=result.seconds,
        )
        raise
    finally:
        if own_differ:
            differ.close()
    result.requests = wiki.requests - start_requests
    result.seconds = time.monotonic() - started
    store.finish_run(
        db,
        run_id,
        method="watchlist" if result.via_watchlist else "batched",
        status=result.status,
        lemmas=result.pages,
        revisions=result.revisions,
        changes=result.changes,
        requests=result.requests,
        seconds=round(result.seconds, 3),
        errors=result.errors,
    )
    return result


def _watchlist_revisions(
    db: Database, wiki: CheckWiki, since: str | None
) -> dict[int, list[Revision]] | None:
    """New revisions of every watched page from the account's watchlist, by page ID, or None
    when that path does not apply: not logged in, a history request (--since), no earlier run,
    or an earlier run older than the wiki's recent changes."""
    if since or not wiki.logged_in:
        return None
    previous = store.last_finished_run(db)
    if previous is None:
        return None
    started = datetime.strptime(previous["started"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    if datetime.now(UTC) - started > WATCHLIST_MAX_AGE:
        return None
    # Overlap the previous window: revisions are keyed by revid, so overlap costs nothing.
    window = (started - timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        revisions = wiki.fetch_watchlist_revisions(window)
    except WikiError:
        return None  # the batched path still finds everything
    out: dict[int, list[Revision]] = {}
    for rev in sorted(revisions, key=lambda r: r.revid):
        out.setdefault(rev.page_id, []).append(rev)
    return out


def _revision_chain(
    watched: dict[int, list[Revision]] | None,
    page_id: int,
    last_seen: int | None,
    latest: int | None,
) -> list[Revision] | None:
    """The page's new revisions from the watchlist, only when they provably are all of them:
    each one's parent is the one before, from the last seen revision up to prop=info's latest.
    Anything else (a page not watched, a gap) sends the page down the batched path."""
    if watched is None or last_seen is None or latest is None:
        return None
    chain = [r for r in watched.get(page_id, []) if r.revid > last_seen]
    if not chain or chain[-1].revid != latest:
        return None
    parent = last_seen
    for rev in chain:
        if rev.parent_id != parent:
            return None
        parent = rev.revid
    return chain


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


def _unavailable(rev: Revision, texts: dict[int, tuple[str | None, str]]) -> str | None:
    """Why a revision cannot be diffed (its text or its parent's is hidden), or None."""
    if texts.get(rev.revid, (None, ""))[0] is None:
        return "revision text hidden or deleted"
    if rev.parent_id and texts.get(rev.parent_id, (None, ""))[0] is None:
        return "parent revision text unavailable"
    return None


def _diff_pairs(w: _PageWork, texts: dict[int, tuple[str | None, str]]) -> list[DiffPair]:
    """(parent text, text) of each new revision that can be diffed, oldest first."""
    return [
        (texts[r.parent_id][0] if r.parent_id else None, texts[r.revid][0] or "")
        for r in w.new
        if _unavailable(r, texts) is None
    ]


def _save_page(
    db: Database,
    w: _PageWork,
    texts: dict[int, tuple[str | None, str]],
    diffs: list[list[Change]],
    groups: dict[str, frozenset[str]],
    team_users: frozenset[str],
    run_id: int,
) -> int:
    rows, changes = [], []
    sizes = {r.revid: r.size for r in w.history + w.new}
    new = [r if r.sha1 else replace(r, sha1=texts.get(r.revid, (None, ""))[1]) for r in w.new]
    # The page's history as far as known: stored revisions, the listing's older ones, the
    # fetched parent, and the new ones; SHA1s equal to an earlier one mark reverts.
    history = dict(store.known_sha1s(db, w.lemma["page_id"], HISTORY))
    history.update({r.revid: r.sha1 for r in w.history})
    first_parent = new[0].parent_id
    if first_parent and first_parent in texts and first_parent not in history:
        history[first_parent] = texts[first_parent][1]
    history.update({r.revid: r.sha1 for r in new})
    ordered = sorted(history.items())
    reverts = find_reverts(ordered, {r.revid for r in new}, HISTORY)
    users = store.revision_users(db, [u for undone in reverts.values() for u in undone])
    undone_before = store.reverted_revids(db, w.lemma["page_id"])  # grows in time order
    users.update({r.revid: r.user for r in w.history + new})
    pending = iter(diffs)
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
        changes.append((rev.revid, found, rev.timestamp))
        parent_size = sizes.get(rev.parent_id)
        if parent_size is None and rev.parent_id in texts:
            parent_size = len((texts[rev.parent_id][0] or "").encode("utf-8"))
        delta = rev.size - (parent_size or 0)
        rows.append(
            store.revision_row(
                rev,
                title=w.info.title,
                size_delta=delta,
                is_team=rev.user in team_users,
                bot="bot" in groups.get(rev.user, frozenset()),
                run_id=run_id,
            )
        )
    return store.save_page_revisions(
        db,
        page_id=w.lemma["page_id"],
        run_id=run_id,
        revisions=rows,
        changes=changes,
        reverts=reverts,
        lemma_update={
            "last_revid": new[-1].revid,
            "checked_at": store.now_iso(),
            "title": w.info.title,
            "last_error": None,
            "baseline_at": w.lemma["baseline_at"]
            if w.lemma["baseline_at"] != "pending"
            else store.now_iso(),
            "redirect_target": None,
        },
    )
