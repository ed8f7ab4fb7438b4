"""The sync's planner on plain data, and `watchlist sync` through its fetch step on the
FakeWiki: statuses, renames, redirects, memberships kept through an outage."""

from __future__ import annotations

from pathlib import Path

from wikitrack import store
from wikitrack.watchlist.areas import Area, AreaMember, ResolvedTitle, WatchedTitle
from wikitrack.watchlist.sync import lost_page_ids, plan_sync, sync_watchlists, titles_to_trace
from wikitrack.wiki.pages import PageInfo

from .fakewiki import FakeWiki

AREA = Area(
    "wonen",
    "Wonen",
    lemmas=(WatchedTitle("Almere Haven"), WatchedTitle("Kade"), WatchedTitle("Weg")),
    path="watchlists/wonen.toml",
)
LISTED = {"wonen": [(w.title, "", "list") for w in AREA.lemmas]}


def plan(resolved, previous=None, moved_info=None, moved_away=frozenset(), watched=frozenset()):
    by_title = {r.requested: r for r in resolved}
    return plan_sync(
        [AREA],
        LISTED,
        by_title,
        previous or {},
        moved_info=moved_info or {},
        moved_away=set(moved_away),
        watched_before=set(watched),
    )


def test_ok_missing_and_invalid_titles():
    result = plan(
        [
            ResolvedTitle("Almere Haven", "Almere Haven", 1),
            ResolvedTitle("Kade", "Kade", None),
            ResolvedTitle("Weg", "Weg", None, invalid="an interwiki link"),
        ],
        watched={1},
    )
    assert [(r.status, r.page_id, r.detail) for r in result.rows] == [
        ("ok", 1, None),
        ("missing", None, None),
        ("invalid", None, "an interwiki link"),
    ]
    assert result.pages == {1: ("Almere Haven", 0)} and result.joining == ()
    assert result.members == {"wonen": [AreaMember(1, "Almere Haven", "", "list", 0)]}


def test_a_page_moved_without_a_redirect_is_found_by_its_stored_id():
    previous = {("wonen", "Kade"): (7, 0)}
    resolved = {"Kade": ResolvedTitle("Kade", "Kade", None)}
    assert lost_page_ids(previous, resolved) == {7}
    result = plan(
        [
            ResolvedTitle("Almere Haven", "Almere Haven", 1),
            ResolvedTitle("Kade", "Kade", None),
            ResolvedTitle("Weg", "Weg", 3),
        ],
        previous,
        moved_info={7: PageInfo(7, "Kade (Almere)", 0, 70)},
    )
    kade = result.rows[1]
    assert (kade.status, kade.page_id, kade.title) == ("renamed", 7, "Kade (Almere)")
    assert result.renames == {"watchlists/wonen.toml": {"Kade": "Kade (Almere)"}}
    assert set(result.joining) == {1, 3, 7}


def test_a_redirect_stays_a_redirect_and_a_moved_page_is_a_rename():
    to_haven = ResolvedTitle("Kade", "Almere Haven", 1, redirect_from="Kade")
    resolved = [
        ResolvedTitle("Almere Haven", "Almere Haven", 1),
        to_haven,
        ResolvedTitle("Weg", "Weg (Almere)", 3, redirect_from="Weg"),
    ]
    by_title = {r.requested: r for r in resolved}
    # at the last sync 'Kade' was a redirect already, 'Weg' the page itself
    previous = {("wonen", "Kade"): (1, 1), ("wonen", "Weg"): (3, 0)}
    assert titles_to_trace(LISTED, by_title, previous) == set()
    result = plan(resolved, previous)
    kade, weg = result.rows[1], result.rows[2]
    assert kade.status == "redirect" and kade.already_listed
    assert kade.detail == (
        "Kade → Almere Haven; 'Almere Haven' is already listed in this area: remove 'Kade'"
    )
    assert weg.status == "renamed" and result.renames == {AREA.path: {"Weg": "Weg (Almere)"}}
    # the page itself wins the membership over a redirect to it
    assert [(m.page_id, m.listed_title) for m in result.members["wonen"]] == [
        (1, "Almere Haven"),
        (3, "Weg"),
    ]
    # never synced before: the move log decides
    assert titles_to_trace(LISTED, by_title, {}) == {"Kade", "Weg"}
    assert plan(resolved, moved_away={"Weg"}).rows[2].status == "renamed"
    assert plan(resolved).rows[2].status == "redirect"


def test_an_outage_keeps_the_old_membership():
    previous = {("wonen", "Kade"): (7, 1)}
    result = plan(
        [
            ResolvedTitle("Almere Haven", "Almere Haven", 1),
            ResolvedTitle("Kade", "Kade", None),
            ResolvedTitle("Weg", "Weg", None),
        ],
        previous,
        moved_info={7: PageInfo(7, "", 0, None, missing=True)},
    )
    assert result.rows[1].status == "missing"
    assert AreaMember(7, "Kade", "", "kept", 1) in result.members["wonen"]


def test_sync_on_the_fake_wiki_stores_areas_and_watches_the_pages(tmp_path: Path):
    wiki = FakeWiki()
    pieter = wiki.actor("Pieter Bakker")
    pieter.edit("Almere Haven", "Een stadsdeel.", "nieuw")
    pieter.edit("Kade", "Een kade.", "nieuw")
    path = tmp_path / "wonen.toml"
    path.write_text('name = "Wonen"\n\n[[lemma]]\ntitle = "Kade"\n', encoding="utf-8")
    area = Area("wonen", "Wonen", lemmas=(WatchedTitle("Kade"),), path=str(path))
    db = store.open_db(tmp_path / "wikitrack.db")
    first = sync_watchlists(db, wiki, [area])
    assert [r["status"] for r in first.rows] == ["ok"] and wiki.watched >= {"Kade", "Overleg:Kade"}
    wiki.actor("Beheerder").move("Kade", "Kade (Almere)", "preciezer")
    again = sync_watchlists(db, wiki, [area], fix_titles=True)
    (row,) = again.rows
    assert (row["status"], row["title"]) == ("renamed", "Kade (Almere)")
    assert again.fixed_files == [str(path)] and 'title = "Kade (Almere)"' in path.read_text()
    assert store.area_members(db, "wonen") == {"Kade": (2, "Kade (Almere)", "list")}
