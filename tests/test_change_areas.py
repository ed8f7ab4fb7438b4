"""A change belongs to the areas of its page, or of its article for a talk page: one view
(migration m014) says it for the store, the report, the nightly mail and the chart. Plain data
in a fresh database, no wiki."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from wikitrack import store
from wikitrack.check.records import Change, CheckedRevision, PageSave
from wikitrack.watchlist.areas import Area, AreaMember
from wikitrack.wiki.pages import PageInfo, Revision


def _db(tmp_path: Path):
    db = store.open_db(tmp_path / "wikitrack.db")
    store.save_areas(db, [Area("bestuur", "Bestuur"), Area("sport", "Sport"), Area("zorg", "Zorg")])
    titles = {
        1: "Almere",
        101: "Overleg:Almere",
        2: "Almere City FC",
        102: "Overleg:Almere City FC",
    }
    pages = {1: ("Almere", 0), 2: ("Almere City FC", 0), 102: ("Overleg:Almere City FC", 1)}
    members = {
        "bestuur": [AreaMember(1, "Almere")],
        "sport": [AreaMember(1, "Almere"), AreaMember(2, "Almere City FC")],
        # a talk page listed in an area of its own keeps that area too
        "zorg": [AreaMember(102, "Overleg:Almere City FC")],
    }
    store.save_resolved_lemmas(db, members, pages)
    for talk_id, subject_id in [(101, 1), (102, 2)]:
        info = PageInfo(talk_id, titles[talk_id], 1, last_revid=None)
        store.track_talk_page(db, info, subject_id, pending=False)
    run = store.start_run(db, area=None, since=None, method="batched")
    for revid, page_id, ts in [
        (10, 1, "2026-11-24T10:00:00Z"),
        (11, 101, "2026-11-24T11:00:00Z"),
        (12, 102, "2026-11-24T12:00:00Z"),
    ]:
        rev = Revision(revid, page_id, revid - 1, ts, "Pieter Bakker", anon=revid == 11)
        checked = CheckedRevision(rev, titles[page_id], size_delta=3, is_team=False, bot=False)
        two = (Change("text_changed", {"words": []}), Change("link_added", {"targets": ["X"]}))
        save = PageSave(page_id, titles[page_id], (checked,), ((revid, two, ts),), {}, revid, None)
        store.save_checked_pages(db, [save], run)
    return db


def test_a_talk_page_change_belongs_to_its_articles_areas(tmp_path: Path):
    db = _db(tmp_path)
    changes = list(store.iter_changes(db))
    assert [(c.revid, c.areas) for c in changes] == [
        (10, ("bestuur", "sport")),
        (10, ("bestuur", "sport")),
        (11, ("bestuur", "sport")),
        (11, ("bestuur", "sport")),
        (12, ("sport", "zorg")),
        (12, ("sport", "zorg")),
    ]
    assert (
        changes[2].flags == ("anon",)
        and changes[0].flags == ()
        and changes[2].title == "Overleg:Almere"
    )
    assert {c.revid for c in store.iter_area_changes(db, "zorg")} == {12}
    assert {c.revid for c in store.iter_area_changes(db, "bestuur", "2026-11-24T10:30:00Z")} == {11}
    assert store.page_areas(db)[101] == ["bestuur", "sport"]


def test_the_chart_counts_each_revision_once_per_area(tmp_path: Path):
    db = _db(tmp_path)
    activity = store.activity_by_area(db, now=datetime(2026, 11, 25, 6, 0, tzinfo=UTC), tz=UTC)
    assert {area: sum(days) for area, days in activity.items()} == {
        "bestuur": 2,
        "sport": 3,
        "zorg": 1,
    }


def test_report_use_case_defaults_to_the_last_day(tmp_path: Path):
    from wikitrack.app.context import Context
    from wikitrack.app.reporting import build_report, list_changes

    _db(tmp_path).close()
    (tmp_path / "wikitrack.toml").write_text('[wiki]\nurl = "https://nl.wikipedia.org/w/api.php"\n')
    ctx = Context(config_path=tmp_path / "wikitrack.toml")
    result = build_report(ctx, now=datetime(2026, 11, 25, 10, 30, tzinfo=UTC))
    assert result.health is None
    assert result.report.window == "24 nov 2026 11:30 – 25 nov 2026 11:30"  # 24 h back, Amsterdam
    bestuur = next(a for a in result.report.areas if a.slug == "bestuur")
    assert [lem.title for lem in bestuur.lemmas] == ["Overleg:Almere"]  # 11:00 UTC, not 10:00
    assert bestuur.lemmas[0].url == "https://nl.wikipedia.org/w/index.php?title=Overleg%3AAlmere"
    assert [c.revid for c in list_changes(ctx, area="zorg")] == [12, 12]
