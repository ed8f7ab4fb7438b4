"""The desk's worklist (issue 25): items, claims, outcomes, races, and the sandbox's day."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikitrack.app.context import wiki_api_url
from wikitrack.check.records import StoredChange
from wikitrack.cli.commands import App, cli
from wikitrack.config import Person
from wikitrack.errors import InputError
from wikitrack.health.stored import StoredFinding
from wikitrack.report.rendering import WikiLinks
from wikitrack.store import worklist_items as items_store
from wikitrack.store.db import open_db
from wikitrack.wiki.sitefacts import nomination_deadline
from wikitrack.worklist import core
from wikitrack.worklist.core import Item, Signal

from .conftest import write_config

LINKS = WikiLinks.from_api_url("http://wiki.example/w/api.php")
DESK, OTHER = Person("A. de Vries", "desk"), Person("B. Bos", "desk")
POLICY = Person("J. Smit", "policy", ("bestuur",))


def _days_ago(n: int) -> str:
    return (datetime.now(UTC) - timedelta(days=n)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _change(kind: str, revid: int, *, reverted_by: int | None = None, **more) -> StoredChange:
    return StoredChange(
        id=f"c{revid}", timestamp=_days_ago(1), page_id=7, title="Almere Jazz", kind=kind,
        revid=revid, reverted_by=reverted_by, areas=("cultuur",), **more,
    )  # fmt: skip


def test_nomination_runs_two_weeks_from_its_date():
    assert nomination_deadline("weg", "2019-03-01T10:00:00Z") == "2019-03-15"
    assert nomination_deadline("Weg", "2019-12-25") == "2020-01-08"
    assert nomination_deadline("Nuweg", "2019-03-01") is None  # speedy: no term


def test_changes_become_signals_by_the_reports_rule_and_reverted_ones_do_not():
    changes = [
        _change("template_added", 1, category="nomination", details={"template": "Weg"}),
        _change("blanked", 2),
        _change("blanked", 3, reverted_by=4),  # the folded revert
        _change("talk_section_added", 5, details={"section": "Vraag"}),
        _change("template_param_changed", 6, category="fact", details={"param": "inwoners"}),
        _change("text_changed", 8),
    ]
    signals = core.change_signals(changes, LINKS)
    assert [s.kind for s in signals] == ["nomination", "blanked", "talk", "fact"]
    nomination = signals[0]
    assert nomination.deadline == nomination_deadline("Weg", changes[0].timestamp)
    assert "diff=1" in nomination.origin["diff"]
    # the same change found again is the same signal (key), not a new one
    assert [s.key for s in core.change_signals(changes, LINKS)] == [s.key for s in signals]


def _item(**fields) -> Item:
    base = {"id": 1, "key": "k", "kind": "talk", "source": "change", "title": "Almere",
            "areas": ("bestuur",), "text": "", "appeared": _days_ago(1)}  # fmt: skip
    return Item(**{**base, **fields})


def test_rank_is_deadline_then_weight_then_age():
    soon = (date.today() + timedelta(days=2)).isoformat()
    later = (date.today() + timedelta(days=9)).isoformat()
    items = [
        _item(id=1, weight=5, appeared=_days_ago(1)),
        _item(id=2, weight=9, appeared=_days_ago(1)),
        _item(id=3, weight=5, appeared=_days_ago(3)),
        _item(id=4, weight=1, deadline=later),
        _item(id=5, weight=1, deadline=soon),
    ]
    assert [i.id for i in core.rank(items)] == [5, 4, 2, 3, 1]


def test_overdue_is_unclaimed_too_long_or_a_deadline_within_three_days():
    today = date.today()
    assert core.is_item_overdue(_item(appeared=_days_ago(5)), today, 3)
    assert not core.is_item_overdue(_item(appeared=_days_ago(2)), today, 3)
    assert not core.is_item_overdue(_item(appeared=_days_ago(5), state="claimed"), today, 3)
    soon = (today + timedelta(days=3)).isoformat()
    assert core.is_item_overdue(_item(deadline=soon, state="claimed"), today, 3)
    assert not core.is_item_overdue(_item(deadline=soon, state="done"), today, 3)


def test_claim_rules():
    with pytest.raises(InputError, match="J. Smit is policy staff"):
        core.check_claim(_item(), POLICY, take_over=False, reason="")
    held = _item(state="claimed", holder="B. Bos", claimed=_days_ago(1))
    with pytest.raises(InputError, match="claimed by B. Bos"):
        core.check_claim(held, DESK, take_over=False, reason="")
    with pytest.raises(InputError, match="--reason"):
        core.check_claim(held, DESK, take_over=True, reason=" ")
    assert core.check_claim(held, DESK, take_over=True, reason="B. Bos is ill") == "B. Bos"
    assert core.check_claim(_item(), DESK, take_over=False, reason="") is None


def test_done_rules():
    item = _item()
    with pytest.raises(InputError, match="needs --correction"):
        core.check_done(item, DESK, "correction", ref=None, note="")
    with pytest.raises(InputError, match="about 'Almere Jazz', not about"):
        core.check_done(item, DESK, "correction", ref=3, note="", ref_title="Almere Jazz")
    with pytest.raises(InputError, match="needs --note"):
        core.check_done(item, DESK, "no_action", ref=None, note="")
    core.check_done(item, DESK, "correction", ref=3, note="", ref_title="Almere")
    with pytest.raises(InputError, match="claimed by B. Bos"):
        core.check_done(
            _item(state="claimed", holder="B. Bos"), DESK, "answered", ref=None, note=""
        )


def _signal(key: str, **fields) -> Signal:
    base = {"key": key, "kind": "talk", "source": "change", "title": "Almere",
            "areas": ("bestuur",), "text": "a question", "appeared": _days_ago(1),
            "origin": {"revid": 11}}  # fmt: skip
    return Signal(**{**base, **fields})


def test_the_store_adds_each_key_once_and_keeps_the_trail(tmp_path: Path):
    db = open_db(tmp_path / "w.db")
    now = _days_ago(0)
    first = items_store.add_items(db, [_signal("a"), _signal("b")], now)
    assert len(first) == 2
    assert items_store.add_items(db, [_signal("a"), _signal("b")], now) == []
    item_id = first[0]
    assert items_store.claim_item(db, item_id, "A. de Vries", now, expected=None) is None
    assert items_store.claim_item(db, item_id, "B. Bos", now, expected=None) == "A. de Vries"
    items_store.close_items(db, [core.Closing(item_id, "undone", "reverted")], now)
    events = items_store.item_events(db, item_id)
    assert [e.action for e in events] == ["appeared", "claim", "undone"]
    # the trail is append-only: nothing deleted, nothing rewritten
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute("DELETE FROM worklist_events")
    # a signal closed by the wiki that comes back opens its item again
    assert items_store.add_items(db, [_signal("a")], now) == [item_id]
    assert items_store.get_item(db, item_id).state == "open"


def _config(tmp_path: Path) -> Path:
    return write_config(tmp_path, tmp_path / "sb")


def test_cli_claim_done_show_and_refusals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    cfg = _config(tmp_path)
    db = open_db(tmp_path / "wikitrack.db")
    db["lemmas"].insert_all(
        [{"page_id": 1, "title": "Almere", "namespace": 0},
         {"page_id": 2, "title": "Almere Jazz", "namespace": 0}]
    )  # fmt: skip
    db["areas"].insert({"slug": "bestuur", "name": "Bestuur"}, alter=True)
    db["corrections"].insert_all(
        [{"id": 3, "page_id": 2, "title": "Almere Jazz", "area": "bestuur", "status": "applied"},
         {"id": 4, "page_id": 1, "title": "Almere", "area": "bestuur", "status": "applied"}]
    )  # fmt: skip
    [item_id] = items_store.add_items(db, [_signal("a", page_id=1)], _days_ago(0))

    def run(*args: str) -> tuple[int, str]:
        result = CliRunner().invoke(cli, list(args), obj=App(config_path=cfg))
        return result.exit_code, result.output

    code, out = run("worklist", "claim", str(item_id), "--by", "J. Smit")
    assert code == 2 and "policy staff" in out
    code, out = run("worklist", "claim", "424242", "--by", "A. de Vries")
    assert code == 2 and "unknown worklist item #424242" in out
    assert run("worklist", "claim", str(item_id), "--by", "A. de Vries")[0] == 0
    code, out = run("worklist", "claim", str(item_id), "--by", "B. Bos")
    assert code == 2 and "claimed by A. de Vries" in out
    base = ["worklist", "done", str(item_id), "--by", "A. de Vries", "--outcome", "correction"]
    code, out = run(*base, "--correction", "3")
    assert code == 2 and "about 'Almere Jazz'" in out
    assert run(*base, "--correction", "4")[0] == 0
    listed = json.loads(run("worklist", "--state", "done", "--json")[1])
    assert listed[0]["outcome"] == "correction #4 (not yet verified)"
    db["corrections"].update(4, {"status": "verified"})  # as check does once it saw the edit
    listed = json.loads(run("worklist", "--state", "done", "--json")[1])
    assert listed[0]["outcome"] == "correction #4 (verified)" and listed[0]["verified"]
    code, out = run("worklist", "show", str(item_id))
    assert code == 0 and "appeared" in out and "claim" in out and "done" in out
    assert run("worklist", "reopen", str(item_id), "--by", "B. Bos", "--note", "not yet")[0] == 0
    code, out = run("worklist", "claim", str(item_id), "--by", "A. de Vries")
    code, out = run("worklist", "claim", str(item_id), "--by", "B. Bos", "--take-over",
                    "--reason", "A. is away")  # fmt: skip
    assert code == 0, out
    trail = json.loads(run("worklist", "show", str(item_id), "--json")[1])[0]["trail"]
    assert [e["action"] for e in trail][-2:] == ["claim", "take-over"]


_CLAIM = """
import os, sys, time
from click.testing import CliRunner
from wikitrack.cli.commands import App, cli
while not os.path.exists(sys.argv[3]):  # both released by one file, whatever their clocks say
    time.sleep(0.001)
r = CliRunner().invoke(cli, ["worklist", "claim", sys.argv[2], "--by", sys.argv[4]],
                       obj=App(config_path=sys.argv[1]))
print(r.exit_code, r.output.strip())
"""


def test_two_processes_claiming_at_once_exactly_one_wins(tmp_path: Path):
    cfg = _config(tmp_path)
    db = open_db(tmp_path / "wikitrack.db")
    ids = items_store.add_items(db, [_signal(f"k{n}") for n in range(5)], _days_ago(0))
    db.close()
    for item_id in ids:
        go = tmp_path / f"go-{item_id}"
        procs = [
            subprocess.Popen(
                [sys.executable, "-c", _CLAIM, str(cfg), str(item_id), str(go), name],
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                text=True,
            )  # fmt: skip
            for name in ("A. de Vries", "B. Bos")
        ]
        time.sleep(1.5)  # both have imported wikitrack and wait for the file
        go.touch()
        outs = [p.communicate(timeout=60)[0].strip() for p in procs]
        codes = sorted(int(o.split()[0]) for o in outs)
        assert codes == [0, 2], outs
        winner = next(o for o in outs if o.startswith("0")).split("claimed by ")[1]
        loser = next(o for o in outs if o.startswith("2"))
        assert f"claimed by {winner}" in loser, outs
    db = open_db(tmp_path / "wikitrack.db")
    items = items_store.list_items(db)
    assert len(items) == 5 and all(i.state == "claimed" for i in items)
    for i in items:
        claims = [e for e in items_store.item_events(db, i.id) if e.action == "claim"]
        assert len(claims) == 1 and claims[0].actor == i.holder


def test_a_revert_on_a_later_night_closes_the_item_and_a_withdrawn_nomination_too(tmp_path):
    """The blanking of a page's baseline text, reverted the next night: check sees the revert
    (the baseline's SHA1 is kept with its child, m019) and the item closes by itself."""
    from wikitrack import store
    from wikitrack.app.watching import check_once
    from wikitrack.worklist.syncing import select_worklist

    from .fakewiki import FakeWiki
    from .test_check_fake import ARTICLE, project

    wiki = FakeWiki()
    pieter = wiki.actor("Pieter Bakker")
    for name in ("Haven", "Poort"):
        pieter.edit(name, ARTICLE.format(name=name), "nieuw")
    ctx = project(tmp_path, wiki, ["Haven", "Poort"])
    check_once(ctx)
    kees, anon = wiki.actor("Kees Jansen"), wiki.actor(ip="203.0.113.9")
    original = kees.text("Poort")
    anon.edit("Poort", "weg", "")
    kees.edit("Haven", "{{weg|reden=NE}}\n" + kees.text("Haven"), "nominatie")
    check_once(ctx)
    check_once(ctx)  # nothing new: nothing added
    items = {i.kind: i for i in select_worklist(ctx)}
    assert set(items) == {"blanked", "nomination"}
    kees.edit("Poort", original, "revert")
    withdrawn = kees.text("Haven").replace("{{weg|reden=NE}}\n", "").replace("1990", "1991")
    kees.edit("Haven", withdrawn, "nominatie ingetrokken, jaartal verbeterd")
    check_once(ctx)
    blanking = next(c for c in store.iter_changes(ctx.db) if c.kind == "blanked")
    assert blanking.reverted  # failed before m019: the revert went unseen across nights
    assert select_worklist(ctx) == []
    done = {i.kind: i for i in select_worklist(ctx, states=("done",))}
    assert done["blanked"].outcome_text == "undone on the wiki"
    assert done["nomination"].outcome_text == "undone on the wiki"
    assert "withdrawn" in done["nomination"].note


def test_the_mail_the_web_and_json_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """One worklist, three views: the nightly mail of the area's contact, the web's Werklijst
    of its policy officer and `worklist --area --json` show the same items in the same state."""
    import email
    import re
    import shutil

    from wikitrack.mail import nightly
    from wikitrack.watchlist.lists import load_watchlists

    from .conftest import ROOT
    from .test_web import logged_in_client

    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "watchlists", tmp_path / "watchlists")
    cfg = _config(tmp_path)
    app = App(config_path=cfg)
    db = app.db
    areas = load_watchlists(app.config.watchlists_dir)
    db["areas"].insert_all([{"slug": a.slug, "name": a.name} for a in areas])
    sport = ("sport",)  # the area's only contact is sport@, its policy officer K. Visser
    signals = [
        _signal("n", kind="nomination", areas=sport, deadline=date.today().isoformat()),
        _signal("t", areas=sport, appeared=_days_ago(9)),
        _signal("c", kind="blanked", areas=sport),
        _signal("gone", kind="fact", areas=sport),
        _signal("other", areas=("zorg",), title="Flevoziekenhuis"),
    ]
    ids = items_store.add_items(db, signals, _days_ago(0))
    items_store.claim_item(db, ids[2], "A. de Vries", _days_ago(0), expected=None)
    items_store.close_items(db, [core.Closing(ids[3], "undone", "reverted")], _days_ago(0))

    listed = CliRunner().invoke(cli, ["worklist", "--area", "sport", "--json"], obj=app)
    from_json = {(i["id"], i["state"], i["holder"]) for i in json.loads(listed.output)}
    assert {i for i, _, _ in from_json} == {ids[0], ids[1], ids[2]}

    nightly.queue_mailings(
        db, app.config, areas, (1, 1), datetime.now(UTC), api_url=wiki_api_url(app.config)
    )
    [row] = db.query("SELECT message FROM mailings WHERE recipient = 'sport@almere.example'")
    text = next(
        p.get_content()
        for p in email.message_from_string(row["message"], policy=email.policy.default).walk()
        if p.get_content_type() == "text/plain"
    )
    lead = text.split("\n\n")[1]  # the worklist leads, right after the title
    lines = [line for line in lead.splitlines() if line.startswith("  * #")]
    from_mail = set()
    for line in lines:
        holder = re.search(r"opgepakt door ([^;)]+)", line)
        item_id = int(line.split()[1].lstrip("#").rstrip(":"))
        state = "claimed" if holder else "open"
        from_mail.add((item_id, state, holder.group(1) if holder else ""))
    assert "achterstallig" in lead and "nieuw" in lead

    client = logged_in_client(app, "kvisser", "K. Visser")
    html = client.get("/werklijst").get_data(as_text=True)
    rows = re.findall(r'data-item="(\d+)" data-state="(\w+)" data-holder="([^"]*)"', html)
    from_web = {(int(i), state, holder) for i, state, holder in rows}
    assert "opgepakt door A. de Vries" in html
    assert from_json == from_mail == from_web
    # and the policy officer cannot claim from the web
    token = re.search(r'name="csrf_token" value="([^"]+)"', html)
    form = {"csrf_token": token.group(1) if token else "", "actie": "oppakken"}
    assert client.post(f"/werklijst/{ids[0]}", data=form).status_code == 404


def test_period_figures_per_area_and_the_export_with_trails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from wikitrack.worklist.period import period_figures

    t0, t1, t3 = _days_ago(3), _days_ago(2), _days_ago(0)
    items = [
        _item(id=1, appeared=t0, claimed=t1, done=t3, state="done", outcome="answered"),
        _item(id=2, appeared=t0, claimed=_days_ago(1), state="claimed"),
        _item(id=3, appeared=t1, done=t3, state="done", outcome="undone"),
        _item(id=4, appeared=_days_ago(40), areas=("sport",)),
    ]
    [fig] = period_figures(items, ["bestuur", "sport"], _days_ago(7), _days_ago(-1))
    assert (fig.area, fig.came_in, fig.handled, fig.by_wiki) == ("bestuur", 3, 1, 1)
    assert fig.median_claim_hours == 36.0 and fig.median_done_hours == 72.0

    monkeypatch.chdir(tmp_path)
    cfg = _config(tmp_path)
    db = open_db(tmp_path / "wikitrack.db")
    [item_id] = items_store.add_items(db, [_signal("a")], _days_ago(0))
    items_store.claim_item(db, item_id, "A. de Vries", _days_ago(0), expected=None)
    args = ["correction", "export", "--worklist"]
    out = CliRunner().invoke(cli, args, obj=App(config_path=cfg))
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["corrections"] == []
    assert [e["action"] for e in data["worklist"][0]["trail"]] == ["appeared", "claim"]
    csv = CliRunner().invoke(cli, [*args, "--format", "csv", "--events"], obj=App(config_path=cfg))
    assert csv.output.splitlines()[0] == "item,title,at,actor,action,from,to,note"
    report = CliRunner().invoke(cli, ["report", "--format", "json"], obj=App(config_path=cfg))
    assert report.exit_code == 0, report.output


def test_a_desk_editor_claims_and_closes_on_the_lemma_page(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import re
    import shutil

    from .conftest import ROOT
    from .test_web import logged_in_client

    monkeypatch.chdir(tmp_path)
    shutil.copytree(ROOT / "watchlists", tmp_path / "watchlists")
    app = App(config_path=_config(tmp_path))
    db = app.db
    db["areas"].insert({"slug": "bestuur", "name": "Bestuur"})
    db["lemmas"].insert({"page_id": 1, "title": "Almere", "namespace": 0})
    db["area_lemmas"].insert({"area": "bestuur", "page_id": 1}, alter=True)
    [item_id] = items_store.add_items(db, [_signal("a", page_id=1)], _days_ago(0))
    client = logged_in_client(app, "avries", "A. de Vries")
    page = client.get("/lemma/Almere").get_data(as_text=True)
    assert f'data-item="{item_id}"' in page and "Oppakken" in page
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    form = {"csrf_token": token.group(1), "actie": "oppakken"}
    assert client.post(f"/werklijst/{item_id}", data=form).status_code == 302
    assert items_store.get_item(db, item_id).holder == "A. de Vries"
    no_token = {"actie": "afhandelen", "uitkomst": "answered"}
    assert client.post(f"/werklijst/{item_id}", data=no_token).status_code == 400  # CSRF
    form = {"csrf_token": token.group(1), "actie": "afhandelen", "uitkomst": "answered"}
    assert client.post(f"/werklijst/{item_id}", data=form).status_code == 302
    done = items_store.get_item(db, item_id)
    assert (done.state, done.outcome) == ("done", "answered")


def test_health_findings_become_items_but_not_twice():
    rows = [
        {"page_id": 7, "title": "Almere Jazz", "area": a, "kind": "dead_link", "key": "dl:x",
         "weight": 5, "details": {"url": "https://x.example"}, "since": _days_ago(4)}
        for a in ("cultuur", "sport")
    ] + [
        {"page_id": 7, "title": "Almere Jazz", "area": "cultuur", "kind": "nomination",
         "key": "nom", "weight": 80, "details": {}, "since": _days_ago(1)},
        {"page_id": 8, "title": "Almere", "area": "bestuur", "kind": "fact", "key": "f",
         "weight": 25, "details": {}, "since": _days_ago(1)},
    ]  # fmt: skip
    signals = core.health_signals([StoredFinding(**r) for r in rows], _days_ago(0), frozenset({7}))
    # one item per finding, with all its areas; the nomination and the fact are items already
    assert [(s.key, s.areas) for s in signals] == [("health:7:dl:x", ("cultuur", "sport"))]
    covered = lambda item: "cultuur" in item.areas  # noqa: E731 (a run over one area)
    items = [
        _item(id=1, key="health:7:dl:x", areas=("cultuur",)),  # still found
        _item(id=2, key="health:9:y", areas=("cultuur",)),  # gone: solved on the wiki
        _item(id=3, key="health:9:z", areas=("bestuur",)),  # another area's: not looked at
    ]
    closings = core.settle_snapshot(items, {s.key for s in signals}, covered, "gone")
    assert [(c.item_id, c.outcome) for c in closings] == [(2, "solved")]


def test_a_fact_that_differs_is_an_item_until_it_matches_again(tmp_path: Path):
    from types import SimpleNamespace

    from wikitrack.worklist.syncing import sync_after_facts

    db = open_db(tmp_path / "w.db")

    def result(fact_id: str, status: str) -> SimpleNamespace:
        fact = SimpleNamespace(id=fact_id, lemma="Almere", area="bestuur", value="1", unit="")
        return SimpleNamespace(fact=fact, status=status, wiki="2", revid=5)

    differs = [result("inwoners", "differs"), result("oppervlakte", "older")]
    assert len(sync_after_facts(db, differs, differs).added) == 2
    assert sync_after_facts(db, differs, differs).added == ()  # the same facts: no new items
    # only inwoners was checked this time, and it matches: oppervlakte stays open
    synced = sync_after_facts(db, [result("inwoners", "matches")], [])
    assert [c.outcome for c in synced.closed] == ["solved"]
    states = {i.key: i.state for i in items_store.list_items(db)}
    assert states == {"facts:inwoners": "done", "facts:oppervlakte": "open"}


def test_an_id_past_sqlites_range_is_a_clean_usage_error(tmp_path: Path):
    cfg = _config(tmp_path)
    for args in (
        ["worklist", "claim", "99999999999999999999", "--by", "A. de Vries"],
        ["worklist", "done", "1", "--by", "A. de Vries", "--outcome", "correction",
         "--correction", "99999999999999999999"],
    ):  # fmt: skip
        result = CliRunner().invoke(cli, args, obj=App(config_path=cfg))
        assert result.exit_code == 2 and "Traceback" not in result.output, result.output


def test_a_stale_reassign_or_a_second_reopen_changes_nothing(tmp_path: Path):
    """Reassign and reopen are conditional like claim and done: a reassign decided on an item
    that was closed meanwhile does not undo the close, and two reopens at once record one."""
    db = open_db(tmp_path / "wikitrack.db")
    (item_id,) = items_store.add_items(db, [_signal("stale")], _days_ago(0))
    now = _days_ago(0)
    assert items_store.claim_item(db, item_id, "A. de Vries", now, expected=None) is None
    assert items_store.finish_item(
        db, item_id, "A. de Vries", now, outcome="no_action", ref=None, note="ok",
        expected="A. de Vries",
    )  # fmt: skip
    stale = items_store.reassign_item(
        db, item_id, "B. Bos", "B. Bos", now, state="claimed", holder="A. de Vries", note=""
    )
    assert stale is False
    (item,) = [i for i in items_store.list_items(db) if i.id == item_id]
    assert item.state == "done" and item.holder == "A. de Vries"
    assert items_store.reopen_item(db, item_id, "B. Bos", now, "nog niet") is True
    assert items_store.reopen_item(db, item_id, "A. de Vries", now, "nog niet") is False
    reopens = [e for e in items_store.item_events(db, item_id) if e.action == "reopen"]
    assert len(reopens) == 1
