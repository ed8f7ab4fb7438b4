"""The FakeWiki keeps the wiki's rules the core depends on, and fits our own protocols."""

from __future__ import annotations

import pytest

from wikitrack.check.pipeline import CheckWiki
from wikitrack.errors import WikiError
from wikitrack.watchlist.sync import WikiReader
from wikitrack.wiki.identity import IdentityWiki

from .fakewiki import FakeWiki


def test_it_implements_our_wiki_protocols() -> None:
    wiki = FakeWiki()
    as_check: CheckWiki = wiki  # mypy checks these assignments against the protocols
    as_sync: WikiReader = wiki
    as_identity: IdentityWiki = wiki
    assert as_check is as_sync is as_identity


def test_a_moved_page_keeps_its_id_and_a_deleted_one_is_missing() -> None:
    wiki = FakeWiki()
    pieter = wiki.actor("Pieter Bakker")
    first = pieter.edit("Weerwater", "Een meer.", "nieuw")
    pieter.edit("Overleg:Weerwater", "Vraag? ~~~~", "vraag")
    page_id = pieter.page_id("Weerwater")
    assert page_id is not None
    wiki.actor("Beheerder").move("Weerwater", "Weerwater (meer)", "preciezer")
    info = wiki.fetch_page_info([page_id])[page_id]
    assert info.title == "Weerwater (meer)" and info.talk_id == pieter.page_id(
        "Overleg:Weerwater (meer)"
    )
    resolved = wiki.resolve_titles(["Weerwater"])[0]
    assert resolved.page_id == page_id and resolved.redirect_from == "Weerwater"
    (move,) = [e for e in wiki.fetch_log_events(log_type="move", title="Weerwater")]
    assert move.params["target_title"] == "Weerwater (meer)" and move.user == "Beheerder"
    wiki.actor("Beheerder").delete("Weerwater (meer)", "weg")
    assert wiki.fetch_page_info([page_id])[page_id].missing
    assert wiki.fetch_revision_texts([first]) == {}
    wiki.actor("Beheerder").undelete("Weerwater (meer)")
    assert wiki.fetch_revision_texts([first])[first][0] == "Een meer."


def test_revisions_texts_watchlist_and_requests() -> None:
    wiki = FakeWiki(batch_size=2)
    anon = wiki.actor(ip="203.0.113.9")
    a = anon.edit("Almere", "Een stad.", "")
    b = anon.edit("Almere", "Een grote stad.", "groter")
    assert [r.revid for r in wiki.iter_revisions(wiki.actor().page_id("Almere") or 0)] == [b, a]
    wiki.hide_text(a)
    assert wiki.fetch_revision_texts([a, b])[a][0] is None
    before = wiki.requests
    wiki.fetch_revision_texts([a, b, 99, 100, 101])
    assert wiki.requests - before == 3
    wiki.watch(["Almere"])
    watched = wiki.fetch_watchlist_revisions("2000-01-01T00:00:00Z")
    assert [r.revid for r in watched] == [a, b] and all(r.sha1 == "" for r in watched)
    assert watched[1].parent_id == a and watched[1].anon


def test_a_queued_failure_raises_once() -> None:
    wiki = FakeWiki()
    wiki.fail("fetch_page_info")
    with pytest.raises(WikiError, match="simulated outage"):
        wiki.fetch_page_info([1])
    assert wiki.fetch_page_info([1])[1].missing


def test_category_members_follow_the_page_text() -> None:
    wiki = FakeWiki()
    wiki.actor().edit("Almere Haven", "Wijk.\n[[Categorie:Stadsdeel van Almere]]")
    wiki.actor().edit("Categorie:Wijk in Almere Haven", "[[Categorie:Stadsdeel van Almere]]")
    wiki.actor().edit("De Werven", "Wijk.\n[[Categorie:Wijk in Almere Haven]]")
    assert list(wiki.iter_category_members("Stadsdeel van Almere")) == ["Almere Haven"]
    assert sorted(wiki.iter_category_members("Stadsdeel van Almere", depth=1)) == [
        "Almere Haven",
        "De Werven",
    ]
