"""Is the wiki still the database's own? Plain data: revisions an administrator deleted are not
a replaced wiki; revisions above the newest ID the wiki ever handed out are."""

from __future__ import annotations

from wikitrack.wiki.identity import SeenRevision, history_conflicts
from wikitrack.wiki.pages import PageInfo, Revision

SEEN = [
    SeenRevision(revid=900, page_id=1, title="Almere", timestamp="2026-11-20T10:00:00Z"),
    SeenRevision(revid=901, page_id=2, title="Almere Stad", timestamp="2026-11-20T11:00:00Z"),
    SeenRevision(revid=800, page_id=3, title="Almere Haven", timestamp="2026-11-01T11:00:00Z"),
]
# Pages 1 and 2 lost their latest revision (vandalism deleted); page 3 is as we saw it.
INFOS = {
    1: PageInfo(page_id=1, title="Almere", namespace=0, last_revid=850),
    2: PageInfo(page_id=2, title="Almere Stad", namespace=0, last_revid=860),
    3: PageInfo(page_id=3, title="Almere Haven", namespace=0, last_revid=800),
}
FOUND = {800: Revision(800, 3, 799, "2026-11-01T11:00:00Z", "Kees")}


def test_deleted_revisions_on_a_living_wiki_are_no_conflict():
    assert history_conflicts(SEEN, FOUND, INFOS, newest_revid=12_345) == {}
    assert history_conflicts(SEEN, FOUND, INFOS) == {}  # newest unknown: no judgement


def test_revisions_the_wiki_never_handed_out_mean_another_wiki():
    conflicts = history_conflicts(SEEN, FOUND, INFOS, newest_revid=870)
    assert sorted(conflicts) == [1, 2]
    assert "'Almere' had revision 900" in conflicts[1]


def test_a_revision_on_another_page_or_at_another_time_is_a_conflict():
    moved = {**FOUND, 900: Revision(900, 7, 899, "2026-11-20T10:00:00Z", "Kees")}
    retimed = {**FOUND, 901: Revision(901, 2, 899, "2020-01-01T00:00:00Z", "Kees")}
    assert 1 in history_conflicts(SEEN, moved, INFOS, newest_revid=12_345)
    assert 2 in history_conflicts(SEEN, retimed, INFOS, newest_revid=12_345)
