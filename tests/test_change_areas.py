"""A change belongs to the areas of its page, or of its article for a talk page: one view
(migration m013) says it for the store, the report, the nightly mail and the chart. Plain data
in a fresh database, no wiki."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from wikitrack import store
from wikitrack.models import Area, Change, Revision


def _db(tmp_path: Path):
    db = store.open_db(tmp_path / "wikitrack.db")
    store.save_areas(db, [Area("bestuur", "Bestuur"), Area("sport", "Sport"), Area("zorg", "Zorg")])
    pages = {
        1: {"title": "Almere", "namespace": 0, "subject_id": None},
        101: {"title": "Overleg:Almere", "namespace": 1, "subject_id": 1},
        2: {"title": "Almere City FC", "namespace": 0, "subject_id": None},
        102: {"title": "Overleg:Almere City FC", "namespace": 1, "subject_id": 2},
    }
    members = {
        "bestuur": [{"page_id": 1, "listed_title": "Almere", "source": "list"}],
        "sport": [
            {"page_id": 1, "listed_title": "Almere", "source": "list"},
            {"page_id": 2, "listed_title": "Almere City FC", "source": "list"},
        ],
        # a talk page listed in an area of its own keeps that area too
        "zorg": [{"page_id": 102, "listed_title": "Overleg:Almere City FC", "source": "list"}],
    }
    store.save_resolved_lemmas(db, members, pages)
    run = store.start_run(db, area=None, since=None, method="batched")
    for revid, page_id, ts in [
        (10, 1, "2026-11-24T10:00:00Z"),
        (11, 101, "2026-11-24T11:00:00Z"),
        (12, 102, "2026-11-24T12:00:00Z"),
    ]:
        rev = Revision(revid, page_id, revid - 1, ts, "Pieter Bakker", anon=revid == 11)
        row = store.revision_row(rev, title="", size_delta=3, is_team=False, bot=False, run_id=run)
        two = [Change("text_changed", {"words": []}), Change("link_added", {"targets": ["X"]})]
        store.save_page_revisions(
            db,
            page_id=page_id,
            run_id=run,
            revisions=[row],
            changes=[(revid, two, ts)],
            reverts={},
            lemma_update={},
        )
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
    from wikitrack.context import Context
    from wikitrack.usecases import build_report, list_changes

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
