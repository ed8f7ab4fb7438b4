"""`check_once` through its fetch step, against the FakeWiki: no MediaWiki, fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikitrack import store
from wikitrack.app.context import Context
from wikitrack.app.watching import check_once
from wikitrack.errors import WikiError
from wikitrack.watchlist.areas import Area, WatchedTitle
from wikitrack.watchlist.sync import sync_watchlists

from .fakewiki import FakeWiki

ARTICLE = """{{{{Infobox plaats
| plaats = {name}
| inwoners = 1.000
}}}}
'''{name}''' ligt in [[Almere]].

== Geschiedenis ==
De wijk werd gebouwd in 1990 en groeide daarna snel, met scholen, winkels en een park.
Er is een school en een supermarkt, en aan de rand van de wijk ligt een sportpark.

[[Categorie:Wijk in Almere]]
"""


def project(root: Path, wiki: FakeWiki, titles: list[str]) -> Context:
    """A config, a watchlist of `titles` and a database, on the fake wiki; synced."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "watchlists").mkdir(exist_ok=True)
    (root / "watchlists" / "test.toml").write_text(
        'name = "Test"\n' + "".join(f'[[lemma]]\ntitle = "{t}"\n' for t in titles),
        encoding="utf-8",
    )
    (root / "wikitrack.toml").write_text(
        '[database]\npath = "wikitrack.db"\n[wiki]\nurl = "http://fake.example/api.php"\n',
        encoding="utf-8",
    )
    ctx = Context(config_path=root / "wikitrack.toml", quiet=True, wiki_factory=lambda c: wiki)
    area = Area("test", "Test", lemmas=tuple(WatchedTitle(t) for t in titles))
    sync_watchlists(ctx.db, wiki, [area])
    return ctx


def stored(ctx: Context) -> list[tuple]:
    return [(c.title, c.kind, c.category, c.user) for c in store.iter_changes(ctx.db)]


@pytest.fixture
def wiki() -> FakeWiki:
    wiki = FakeWiki()
    pieter = wiki.actor("Pieter Bakker")
    for name in ("Haven", "Buiten", "Poort"):
        pieter.edit(name, ARTICLE.format(name=name), "nieuw")
    return wiki


def test_baseline_then_every_new_revision_once(tmp_path: Path, wiki: FakeWiki):
    ctx = project(tmp_path, wiki, ["Haven", "Buiten", "Poort"])
    first = check_once(ctx)
    assert (first.result.baselined, first.result.revisions, first.errors) == (3, 0, [])
    kees, anon = wiki.actor("Kees Jansen"), wiki.actor(ip="203.0.113.9")
    kees.edit("Haven", kees.text("Haven").replace("1.000", "1.250"), "inwoners")
    kees.edit("Buiten", "{{weg|reden=NE}}\n" + kees.text("Buiten"), "nominatie")
    original = kees.text("Poort")
    anon.edit("Poort", "", "")
    kees.edit("Poort", original, "revert")
    second = check_once(ctx)
    assert second.result.revisions == 4 and second.errors == []
    found = stored(ctx)
    assert ("Haven", "template_param_changed", "fact", "Kees Jansen") in found
    assert ("Buiten", "template_added", "nomination", "Kees Jansen") in found
    assert ("Poort", "blanked", "", "203.0.113.9") in found
    # the revert restores what was there: one change, nothing "added"
    assert [c for c in found if c[3] == "Kees Jansen" and c[0] == "Poort"] == [
        ("Poort", "revert", "", "Kees Jansen")
    ]
    assert check_once(ctx).result.revisions == 0
    assert stored(ctx) == found


def test_moves_deletions_and_restores_are_events_with_their_log(tmp_path: Path, wiki: FakeWiki):
    ctx = project(tmp_path, wiki, ["Haven", "Buiten"])
    check_once(ctx)
    admin = wiki.actor("Beheerder")
    admin.move("Haven", "Haven (Almere)", "preciezer")
    admin.delete("Buiten", "weg ermee")
    check_once(ctx)
    admin.undelete("Buiten", "toch relevant")
    check_once(ctx)
    events = [c for c in store.iter_changes(ctx.db) if c.category == "event"]
    assert [(c.kind, c.details["user"], c.details["comment"]) for c in events] == [
        ("moved", "Beheerder", "preciezer"),
        ("deleted", "Beheerder", "weg ermee"),
        ("restored", "Beheerder", "toch relevant"),
    ]
    assert store.lemma_by_title(ctx.db, "Haven (Almere)") is not None


def test_a_delete_and_restore_between_two_checks_are_two_page_events(
    tmp_path: Path, wiki: FakeWiki
):
    """prop=info shows the page as it was (MediaWiki gives it back its ID): only the deletion
    log tells. Seen once: a later check, or one more, records nothing again."""
    ctx = project(tmp_path, wiki, ["Haven", "Buiten"])
    check_once(ctx)
    admin = wiki.actor("Beheerder")
    admin.delete("Buiten", "grote bewerking weg")
    admin.undelete("Buiten", "zonder de grote bewerking")
    done = check_once(ctx)
    assert done.result.events == 2 and done.errors == []
    assert "2 page events" in done.result.summary()
    events = [(c.title, c.kind, c.details["comment"]) for c in store.iter_changes(ctx.db)]
    assert events == [
        ("Buiten", "deleted", "grote bewerking weg"),
        ("Buiten", "restored", "zonder de grote bewerking"),
    ]
    lemma = store.lemma_by_title(ctx.db, "Buiten")
    assert lemma is not None and lemma.status == "ok"
    assert check_once(ctx).result.events == 0
    # A deletion seen while the page is gone is recorded once, not again from the log.
    admin.delete("Haven", "weg")
    assert check_once(ctx).result.events == 1
    admin.undelete("Haven", "terug")
    assert check_once(ctx).result.events == 1
    assert check_once(ctx).result.events == 0
    kinds = [c.kind for c in store.iter_changes(ctx.db) if c.title == "Haven"]
    assert kinds == ["deleted", "restored"]


def test_the_watchlist_path_stores_what_the_batched_path_stores(tmp_path: Path, wiki: FakeWiki):
    via_watchlist = project(tmp_path / "a", wiki, ["Haven", "Buiten", "Poort"])
    batched = project(tmp_path / "b", wiki, ["Haven", "Buiten", "Poort"])
    assert wiki.watched  # sync watched the lemmas with the account
    for ctx in (via_watchlist, batched):
        check_once(ctx)
    pieter = wiki.actor("Pieter Bakker")
    for i in range(3):
        pieter.edit("Haven", pieter.text("Haven") + f"\nRegel {i}.", f"regel {i}")
    pieter.edit("Overleg:Poort", "== Vraag ==\nKlopt dit? ~~~~", "vraag")
    one = check_once(via_watchlist)
    other = check_once(batched, use_watchlist=False)
    assert one.result.via_watchlist == 1 and other.result.via_watchlist == 0
    assert stored(via_watchlist) == stored(batched)
    assert ("Overleg:Poort", "page_created", "", "Pieter Bakker") in stored(batched)


def test_an_edit_after_the_watchlist_was_read_sends_the_page_down_the_list_path(
    tmp_path: Path, wiki: FakeWiki
):
    """Pages are diffed while prop=info is asked; prop=info then shows a newer revision than
    the watchlist did, and the work done ahead is dropped, not saved short of that edit."""
    ctx = project(tmp_path, wiki, ["Haven", "Buiten"])
    check_once(ctx)
    pieter, kees = wiki.actor("Pieter Bakker"), wiki.actor("Kees Jansen")
    pieter.edit("Haven", pieter.text("Haven").replace("1990", "1991"), "jaartal")
    pieter.edit("Buiten", pieter.text("Buiten") + "\nNieuw.", "aanvulling")
    read_watchlist = wiki.fetch_watchlist_revisions

    def and_then_an_edit(since: str):
        found = read_watchlist(since)
        kees.edit("Haven", kees.text("Haven").replace("1.000", "1.250"), "inwoners")
        return found

    wiki.fetch_watchlist_revisions = and_then_an_edit  # type: ignore[method-assign]
    wiki.calls.clear()
    done = check_once(ctx)
    calls = [method for method, _ in wiki.calls]
    # both pages' texts were fetched (and diffed) before prop=info answered
    assert calls.index("fetch_revision_texts") < calls.index("fetch_page_info")
    # Buiten's work ahead was used; only Haven's texts were fetched again, after its listing
    fetched = [set(args) for method, args in wiki.calls if method == "fetch_revision_texts"]
    buiten = {r.revid for r in wiki.iter_revisions(wiki.page("Buiten").page_id)}
    assert len(fetched) == 2 and fetched[0] & buiten and not fetched[1] & buiten
    assert done.errors == [] and done.result.revisions == 3
    assert done.result.via_watchlist == 1  # Buiten; Haven was listed
    found = stored(ctx)
    assert ("Haven", "section_edited", "", "Pieter Bakker") in found
    assert ("Haven", "template_param_changed", "fact", "Kees Jansen") in found
    again = check_once(ctx)
    assert again.result.revisions == 0


def test_a_failed_fetch_is_partial_and_the_next_run_catches_up(tmp_path: Path, wiki: FakeWiki):
    ctx = project(tmp_path, wiki, ["Haven", "Buiten"])
    check_once(ctx)
    pieter = wiki.actor("Pieter Bakker")
    pieter.edit("Haven", pieter.text("Haven").replace("1990", "1991"), "jaartal")
    wiki.fail("fetch_revision_texts")
    failed = check_once(ctx)
    assert failed.result.status == "partial"
    assert failed.errors[0].startswith("Haven (page ") and "simulated outage" in failed.errors[0]
    assert stored(ctx) == []
    retried = check_once(ctx)
    assert retried.errors == [] and [k for _, k, _, _ in stored(ctx)] == ["section_edited"]


def test_a_failed_text_group_costs_its_own_pages_only(tmp_path: Path):
    """Texts are fetched group by group beside the diff: a group that fails fails its pages,
    the other groups are saved, and the next run stores what failed."""
    wiki = FakeWiki(batch_size=4)
    pieter = wiki.actor("Pieter Bakker")
    names = [f"Wijk {i}" for i in range(12)]
    for name in names:
        pieter.edit(name, ARTICLE.format(name=name), "nieuw")
    ctx = project(tmp_path, wiki, names)
    check_once(ctx)
    for name in names:
        pieter.edit(name, pieter.text(name).replace("1990", "1991"), "jaartal")
    read_texts = wiki.fetch_revision_texts
    calls = []

    def second_group_fails(revids):
        calls.append(revids)
        if len(calls) == 2:
            raise WikiError("API request query failed: simulated outage")
        return read_texts(revids)

    wiki.fetch_revision_texts = second_group_fails  # type: ignore[method-assign]
    failed = check_once(ctx, use_watchlist=False)
    assert len(calls) > 2
    lost = len({r for r in calls[1]}) // 2  # each page: its new revision and the parent
    assert len(failed.errors) == lost and failed.result.revisions == 12 - lost
    assert all("simulated outage" in e for e in failed.errors)
    wiki.fetch_revision_texts = read_texts  # type: ignore[method-assign]
    retried = check_once(ctx)
    assert retried.errors == [] and retried.result.revisions == lost
    assert len([c for c in stored(ctx) if c[1] == "section_edited"]) == 12


def test_an_interrupted_run_is_recorded_as_failed_and_the_next_run_catches_up(
    tmp_path: Path, wiki: FakeWiki
):
    ctx = project(tmp_path, wiki, ["Haven", "Buiten"])
    check_once(ctx)
    pieter = wiki.actor("Pieter Bakker")
    pieter.edit("Haven", pieter.text("Haven").replace("1990", "1991"), "jaartal")
    wiki.fail("fetch_page_info", KeyboardInterrupt())  # type: ignore[arg-type]
    with pytest.raises(KeyboardInterrupt):
        check_once(ctx)
    run = ctx.db.execute("SELECT status, errors FROM check_runs ORDER BY id DESC").fetchone()
    assert run[0] == "failed" and "interrupted" in run[1]
    again = check_once(ctx)
    assert again.errors == [] and again.result.revisions == 1


def test_an_unknown_area_is_refused(tmp_path: Path, wiki: FakeWiki):
    from wikitrack.errors import InputError

    ctx = project(tmp_path, wiki, ["Haven"])
    with pytest.raises(InputError):
        check_once(ctx, area="bestaat-niet")
