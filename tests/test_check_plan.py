"""The check's planners on plain data: which path each page takes, its events, and what is
saved for it (reverts, sizes, baselines). No wiki, no database."""

from __future__ import annotations

from datetime import UTC, datetime

from wikitrack.check.pipeline import (
    PagePlan,
    PageWork,
    _groups,
    complete_event,
    is_ahead_usable,
    plan_ahead,
    plan_events,
    plan_log_events,
    plan_page,
    plan_save,
    plan_talk_pages,
    split_listing,
    watchlist_window,
)
from wikitrack.check.records import Baseline, Change, Lemma, StoredHistory
from wikitrack.wiki.pages import LogEvent, PageInfo, Revision

NOW = "2026-11-25T06:00:00Z"
SEEN = Lemma(
    1, "Almere", last_revid=100, baseline=Baseline.DONE, baseline_at="2026-11-01T00:00:00Z"
)


def info(last_revid: int | None = 102, title: str = "Almere", **kw) -> PageInfo:
    return PageInfo(
        page_id=kw.pop("page_id", 1), title=title, namespace=0, last_revid=last_revid, **kw
    )


def rev(
    revid: int, parent: int, sha1: str = "", user: str = "Pieter", ts: str = NOW, **kw
) -> Revision:
    return Revision(revid, kw.pop("page_id", 1), parent, ts, user, sha1=sha1, **kw)


def plan(lemma: Lemma, page: PageInfo, watched=None, since=None, previous=None) -> PagePlan:
    return plan_page(lemma, page, watched, since=since, previous_start=previous, now=NOW)


def test_each_page_takes_one_path():
    assert plan(SEEN, info(missing=True)).action == "missing"
    assert plan(Lemma(1, "Almere"), info()).action == "baseline"
    assert plan(Lemma(1, "Almere"), info(), since="2000-01-01T00:00:00Z").action == "list"
    assert plan(SEEN, info(100)).action == "unchanged"
    assert plan(SEEN, info(100), since="2026-11-20T00:00:00Z").action == "list"
    assert plan(SEEN, info(102)).action == "list"


def test_the_watchlist_serves_a_page_only_with_every_new_revision():
    chain = [rev(101, 100), rev(102, 101)]
    taken = plan(SEEN, info(102), watched={1: chain})
    assert taken.action == "watchlist" and taken.new == tuple(chain)
    gap = plan(SEEN, info(102), watched={1: [rev(102, 101)]})  # 101 is missing
    assert gap.action == "list"
    short = plan(SEEN, info(103), watched={1: chain})  # prop=info knows a newer one
    assert short.action == "list"
    assert plan(SEEN, info(102), watched={}).action == "list"


def test_a_pending_talk_page_reports_what_came_after_the_previous_run():
    pending = Lemma(2, "Overleg:Almere", namespace=1, subject_id=1, baseline=Baseline.PENDING)
    page = info(7, "Overleg:Almere", page_id=2)
    assert plan(pending, page, previous="2026-11-24T06:00:00Z").since == "2026-11-24T06:00:00Z"
    assert plan(pending, page).since == NOW
    listed = [rev(5, 0, ts="2026-11-23T00:00:00Z"), rev(7, 5, ts="2026-11-24T07:00:00Z")]
    work = split_listing(plan(pending, page, previous="2026-11-24T06:00:00Z"), listed)
    assert [r.revid for r in work.new] == [7] and [r.revid for r in work.history] == [5]


def test_talk_pages_of_articles_are_tracked_once():
    article = Lemma(1, "Almere", talk_id=None, last_revid=100, baseline=Baseline.DONE)
    talk = Lemma(2, "Overleg:Almere", namespace=1, subject_id=1)
    infos = {1: info(talk_id=2), 2: info(page_id=2, title="Overleg:Almere")}
    assert plan_talk_pages([article], infos) == {2: article}
    assert plan_talk_pages([article, talk], infos) == {}


def test_events_from_prop_info_and_their_log_entries():
    (deleted,) = plan_events(SEEN, info(missing=True))
    assert (deleted.event.kind, deleted.log_type, deleted.action) == ("deleted", "delete", "delete")
    assert plan_events(Lemma(1, "Almere", status="deleted"), info(missing=True)) == []
    restored, moved = plan_events(Lemma(1, "Almere", status="deleted"), info(title="Almere (stad)"))
    assert restored.event.kind == "restored" and restored.event.status == "ok"
    assert moved.log_title == "Almere" and moved.target == "Almere (stad)"
    entries = [
        LogEvent(
            8,
            "move",
            "move",
            1,
            "Almere",
            "2026-11-24T10:00:00Z",
            "Beheerder",
            "preciezer",
            {"target_title": "Elders"},
        ),
        LogEvent(
            9,
            "move",
            "move",
            1,
            "Almere",
            "2026-11-24T11:00:00Z",
            "Beheerder",
            "preciezer",
            {"target_title": "Almere (stad)"},
        ),
    ]
    event = complete_event(moved, entries, NOW)
    assert event.log == entries[1] and event.timestamp == "2026-11-24T11:00:00Z"
    assert event.details == {
        "old": "Almere",
        "new": "Almere (stad)",
        "user": "Beheerder",
        "comment": "preciezer",
    }
    unknown = complete_event(moved, [], NOW)
    assert unknown.log is None and unknown.timestamp == NOW and unknown.details["user"] == ""


def test_the_watchlist_window_overlaps_the_previous_run_and_stays_within_30_days():
    now = datetime(2026, 11, 25, 6, 0, tzinfo=UTC)
    assert watchlist_window("2026-11-24T06:00:00Z", now, None, True) == "2026-11-24T05:50:00Z"
    assert watchlist_window("2026-10-01T06:00:00Z", now, None, True) is None
    assert watchlist_window("2026-11-24T06:00:00Z", now, "2026-01-01T00:00:00Z", True) is None
    assert watchlist_window("2026-11-24T06:00:00Z", now, None, False) is None
    assert watchlist_window(None, now, None, True) is None


def test_a_revert_is_one_change_and_sizes_come_from_the_parent():
    work = PageWork(
        SEEN,
        info(103),
        (rev(101, 100, "b", size=10, user="203.0.113.9"), rev(102, 101, "a", size=40)),
    )
    texts = {100: ("a" * 40, "a"), 101: ("b" * 10, "b"), 102: ("a" * 40, "a")}
    blanked = [Change("large_removal", {"bytes": 30})]
    stored = StoredHistory(sha1s=((100, "a"),), users={100: "Kees"})
    save = plan_save(
        work,
        texts,
        [blanked, [Change("text_changed")]],
        stored,
        groups={"Pieter": frozenset({"bot"})},
        team_users=frozenset(),
        now=NOW,
    )
    assert save.reverts == {102: [101]}
    assert [c for _, c, _ in save.changes] == [
        tuple(blanked),
        (Change("revert", {"restored": 100, "undid": [101], "users": ["203.0.113.9"]}),),
    ]
    assert [r.size_delta for r in save.revisions] == [-30, 30]
    assert [r.bot for r in save.revisions] == [False, True]
    assert save.last_revid == 102 and save.baseline_at == SEEN.baseline_at


def test_putting_back_reverted_vandalism_is_not_a_revert_and_hidden_text_is_said():
    work = PageWork(SEEN, info(102), (rev(102, 101, "v"),))
    texts = {101: ("x", "x"), 102: (None, "v")}
    stored = StoredHistory(sha1s=((101, "x"), (100, "v"), (99, "o")), reverted=frozenset({100}))
    save = plan_save(work, texts, [], stored, groups={}, team_users=frozenset(), now=NOW)
    assert save.reverts == {102: [101]}  # back to 100, which had been reverted: no revert
    (only,) = save.changes
    assert only[1] == (Change("text_unavailable", {"reason": "revision text hidden or deleted"}),)


def test_a_pending_page_is_baselined_when_saved():
    pending = Lemma(2, "Overleg:Almere", namespace=1, baseline=Baseline.PENDING)
    work = PageWork(pending, info(7, page_id=2), (rev(7, 0, "t", page_id=2, size=5),))
    save = plan_save(
        work,
        {7: ("vraag", "t")},
        [[Change("talk_section_added")]],
        StoredHistory(),
        groups={},
        team_users=frozenset({"Pieter"}),
        now=NOW,
    )
    assert save.baseline_at == NOW and save.revisions[0].is_team
    assert save.revisions[0].size_delta == 5


def test_pages_diffed_ahead_are_those_with_an_unbroken_chain_in_the_watchlist():
    chained = [rev(101, 100, size=10), rev(102, 101, size=20)]
    gap = Lemma(2, "Haven", last_revid=200, baseline=Baseline.DONE)
    new = Lemma(3, "Poort")  # never checked: baselined, nothing to diff
    watched = {1: chained, 2: [rev(202, 201, page_id=2)], 3: [rev(300, 0, page_id=3)]}
    ahead = plan_ahead([SEEN, gap, new], watched)
    assert [(w.lemma.page_id, [r.revid for r in w.new]) for w in ahead] == [(1, [101, 102])]
    # what prop=info will have to confirm: the page as stored, at the chain's end
    assert ahead[0].info == PageInfo(1, "Almere", 0, 102)
    assert plan_ahead([SEEN], None) == []
    # texts are held until prop=info answers: beyond the budget a page waits for it
    assert plan_ahead([SEEN], watched, text_budget=39) == []
    assert len(plan_ahead([SEEN], watched, text_budget=40)) == 1


def test_a_page_diffed_ahead_is_used_only_for_the_same_revisions_and_kind_of_page():
    ahead = plan_ahead([SEEN], {1: [rev(101, 100), rev(102, 101)]})[0]
    planned = plan(SEEN, info(102), watched={1: [rev(101, 100), rev(102, 101)]})
    assert planned.action == "watchlist"
    assert is_ahead_usable(ahead, PageWork(SEEN, planned.info, planned.new))
    # an edit after the watchlist was read: prop=info's latest is newer, the page is listed
    assert plan(SEEN, info(103), watched={1: [rev(101, 100), rev(102, 101)]}).action == "list"
    assert not is_ahead_usable(ahead, PageWork(SEEN, info(103), (rev(101, 100),)))
    # moved into a talk namespace meanwhile: diffed as an article, so diffed again
    moved = PageInfo(1, "Overleg:Almere", 1, 102)
    assert not is_ahead_usable(ahead, PageWork(SEEN, moved, planned.new))


def test_text_groups_start_small_and_stay_within_their_bytes():
    pages = [
        PageWork(Lemma(i, f"P{i}"), info(page_id=i), (rev(10 * i, 1, page_id=i, size=1000),))
        for i in range(1, 41)
    ]
    sizes = [len(g) for g in _groups(pages, 40)]
    assert sizes == [5, 10, 20, 5]  # each page needs 2 texts: 10, 20, then 40 a group
    assert sum(sizes) == 40
    by_bytes = [len(g) for g in _groups(pages, 500, text_budget=4000)]
    assert by_bytes == [2] * 20  # 2,000 bytes a page (its revision and the parent's)


def test_the_deletion_log_gives_the_events_prop_info_cannot_show():
    lemmas = [Lemma(1, "Almere"), Lemma(2, "Overleg:Almere")]

    def entry(log_id: int, action: str, page_id: int, title: str = "Almere") -> LogEvent:
        at = f"2000-01-01T00:00:{log_id:02d}Z"
        return LogEvent(log_id, "delete", action, page_id, title, at, "Beheerder", "reden")

    entries = [
        entry(1, "delete", 1),
        entry(2, "restore", 1),
        entry(3, "delete", 9, "Almere"),  # another page of that title: not ours
        entry(4, "restore", 0, "almere"),  # no page named: by title
        entry(5, "revision", 1),  # revision deletion: not a page event
        entry(6, "delete", 2, "Overleg:Almere"),
    ]
    events = plan_log_events(lemmas, entries, known={6})
    assert [(e.page_id, e.kind, e.log.log_id if e.log else None) for e in events] == [
        (1, "deleted", 1),
        (1, "restored", 2),
        (1, "restored", 4),
    ]
    assert events[0].status is None and events[0].timestamp == "2000-01-01T00:00:01Z"
    assert events[0].details == {"title": "Almere", "user": "Beheerder", "comment": "reden"}
