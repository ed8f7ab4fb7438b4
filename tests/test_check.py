"""`wikitrack check` against the sandbox: a scripted scenario with every kind of change."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikitrack.check.diff import DiffRules
from wikitrack.check.pipeline import BoundedDiffer, check_lock
from wikitrack.cli.commands import App, cli
from wikitrack.errors import WikiError
from wikitrack.sandbox import TEAM_USER, Sandbox

from .conftest import write_config

ARTICLE = """{{{{Infobox plaats in Nederland
| plaats = {name}
| inwoners = 1.000
}}}}
'''{name}''' ligt in [[Almere]].<ref>{{{{Citeer web|url=https://a.example|titel=Bron A}}}}</ref>

== Geschiedenis ==
De wijk werd gebouwd in 1990 en groeide snel.

== Voorzieningen ==
Er is een school en een supermarkt.

== Referenties ==
<references />

[[Categorie:Wijk in Almere]]
"""


def invoke(app: App, *args: str):
    result = CliRunner().invoke(cli, list(args), obj=app)
    return result


@pytest.fixture
def scenario(app: App, sandbox: Sandbox, workdir: Path):
    """Fresh pages in a fresh area, synced and baselined."""
    tag = uuid.uuid4().hex[:6]
    names = {k: f"Testwijk {k} {tag}" for k in ("feit", "weg", "move", "del", "redir", "blank")}
    pieter = sandbox.actor("Pieter Bakker")
    for name in names.values():
        pieter.edit(name, ARTICLE.format(name=name), "nieuw")
    pieter.edit(f"Overleg:{names['feit']}", "== Inwoners ==\nKlopt dit? ~~~~\n", "vraag")
    for f in (workdir / "watchlists").glob("*.toml"):
        f.unlink()
    (workdir / "watchlists" / "test.toml").write_text(
        'name = "Test"\ncontacts = ["t@almere.example"]\n'
        + "".join(f'[[lemma]]\ntitle = "{n}"\n' for n in names.values())
    )
    assert invoke(app, "watchlist", "sync").exit_code == 0
    result = invoke(app, "check")
    assert result.exit_code == 0, result.output
    assert "0 new revisions" in result.output
    return names


def test_every_kind_event_and_revert_is_detected(app: App, sandbox: Sandbox, scenario):
    n = scenario
    pieter, kees = sandbox.actor("Pieter Bakker"), sandbox.actor("Kees Jansen")
    fatima, admin = sandbox.actor("Fatima El Amrani"), sandbox.actor("Beheerder")
    anon = sandbox.actor(ip="203.0.113.9")
    text = pieter.text(n["feit"])
    text = text.replace("inwoners = 1.000", "inwoners = 1.250")
    pieter.edit(n["feit"], text, "inwoners")
    text = text.replace("== Voorzieningen ==", "== Faciliteiten ==")
    text = text.replace("gebouwd in 1990", "gebouwd in 1991")
    text = text.replace("[[Categorie:Wijk in Almere]]", "[[Categorie:Almere]]")
    text = text.replace(
        "snel.",
        "snel.<ref>{{Citeer web|url=https://b.example|titel=Bron B}}</ref>"
        " Zie [[Almere Stad]] en [https://c.example de site].",
    )
    text = text.replace("<ref>{{Citeer web|url=https://a.example|titel=Bron A}}</ref>", "")
    text = text.replace(
        "== Referenties ==", "== Sport ==\nEr is een sportpark.\n\n== Referenties =="
    )
    fatima.edit(n["feit"], text, "uitgebreid")
    fatima.edit(
        n["feit"],
        text.replace("== Sport ==\nEr is een sportpark.\n\n", "") + "{{feit}}",
        "sport weg, feit gevraagd",
    )
    kees.edit(n["weg"], "{{weg|reden=NE}}\n" + kees.text(n["weg"]), "nominatie")
    original = pieter.text(n["blank"])
    anon.edit(n["blank"], "", "")
    pieter.edit(n["blank"], original, "revert")
    long = pieter.text(n["redir"]) + "\n== Lang ==\n" + "Een lange zin over de wijk. " * 50
    pieter.edit(n["redir"], long, "lang")
    anon.edit(n["redir"], long.split("== Lang ==")[0] + "Kort.", "")  # not a revert
    pieter.edit(n["redir"], "#DOORVERWIJZING [[Almere]]", "samengevoegd")
    app.wiki.edit(n["weg"], kees.text(n["weg"]) + "\nExtra.", "test namens Gemeente Almere")
    admin.move(n["move"], n["move"] + " (Almere)", "preciezer")
    admin.delete(n["del"], "test")
    pieter.edit(
        f"Overleg:{n['feit']}",
        pieter.text(f"Overleg:{n['feit']}") + ":Ja, zie CBS. ~~~~\n",
        "antwoord",
    )
    anon.edit(
        f"Overleg:{n['feit']}", "Wie schreef dit? ~~~~", "", section="new", sectiontitle="Auteur"
    )

    result = invoke(app, "check")
    assert result.exit_code == 0, result.output
    changes = json.loads(invoke(app, "changes", "--json").output)
    kinds = {c["kind"] for c in changes}
    for kind in (
        "template_param_changed",
        "template_added",
        "section_added",
        "section_removed",
        "section_renamed",
        "section_edited",
        "reference_added",
        "reference_removed",
        "category_added",
        "category_removed",
        "link_added",
        "external_link_added",
        "large_removal",
        "blanked",
        "redirected",
        "moved",
        "deleted",
        "talk_section_added",
        "talk_reply",
    ):
        assert kind in kinds, kind
    cats = {(c["kind"], c["category"]) for c in changes}
    assert ("template_added", "nomination") in cats and ("template_added", "maintenance") in cats
    fact = next(c for c in changes if c["kind"] == "template_param_changed")
    assert fact["details"]["old"] == "1.000" and fact["details"]["new"] == "1.250"
    blank = next(c for c in changes if c["kind"] == "blanked")
    assert blank["reverted"] and blank["anon"] and blank["user"] == "203.0.113.9"
    # the revert restores what was there: one `revert`, no sections or references "added"
    rows = [(c["kind"], c["user"], c["reverted"]) for c in changes if c["title"] == n["blank"]]
    assert rows == [("blanked", "203.0.113.9", True), ("revert", "Pieter Bakker", False)]
    revert = next(c for c in changes if c["title"] == n["blank"] and c["kind"] == "revert")
    assert revert["details"]["undid"] == [blank["revid"]]
    assert revert["details"]["users"] == ["203.0.113.9"]
    parent = app.db.execute(
        "SELECT parent_id FROM revisions WHERE revid = ?", [blank["revid"]]
    ).fetchone()[0]
    assert revert["details"]["restored"] == parent
    moved = next(c for c in changes if c["kind"] == "moved")
    assert moved["details"]["new"] == n["move"] + " (Almere)" and moved["user"] == "Beheerder"
    team = [c for c in changes if c["team"]]
    assert team and all(c["user"] == TEAM_USER for c in team)
    # restore after deletion is an event too
    admin.undelete(n["del"], "toch relevant")
    invoke(app, "check")
    kinds = {c["kind"] for c in json.loads(invoke(app, "changes", "--json").output)}
    assert "restored" in kinds
    # a second check finds nothing new and stores nothing twice
    before = app.db["changes"].count
    assert "0 new revisions" in invoke(app, "check").output
    assert app.db["changes"].count == before


CRASH = """
import os, signal, sys
from wikitrack.cli.commands import App
from wikitrack.check.pipeline import run_check
app = App(config_path=sys.argv[1])
saved = []
def crash(page_id):
    saved.append(page_id)
    if len(saved) == 2:
        os.kill(os.getpid(), signal.SIGKILL)
run_check(app.db, app.wiki, on_page_saved=crash)
"""


def test_kill_9_mid_check_then_rerun_equals_an_uninterrupted_run(
    app: App, sandbox: Sandbox, scenario, workdir: Path
):
    pieter = sandbox.actor("Pieter Bakker")
    for name in list(scenario.values())[:4]:
        for i in range(2):
            pieter.edit(name, pieter.text(name) + f"\nRegel {i}.", f"regel {i}")
    app.db.conn.close()
    twin = workdir / "twin"
    twin.mkdir()
    shutil.copy(workdir / "wikitrack.db", twin / "wikitrack.db")
    shutil.copytree(workdir / "watchlists", twin / "watchlists")
    twin_cfg = write_config(twin, sandbox.dir)
    crashed = subprocess.run(
        [sys.executable, "-c", CRASH, str(workdir / "wikitrack.toml")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert crashed.returncode == -9, crashed.stderr
    for cfg in (workdir / "wikitrack.toml", twin_cfg):
        result = invoke(App(config_path=cfg), "check")
        assert result.exit_code == 0, result.output

    def stored(cfg: Path) -> list[tuple]:
        db = App(config_path=cfg).db
        return [
            tuple(r)
            for r in db.execute(
                "SELECT id, revid, kind, category, details FROM changes ORDER BY id"
            ).fetchall()
        ]

    assert stored(workdir / "wikitrack.toml") == stored(twin_cfg)
    assert len(stored(twin_cfg)) >= 8


def test_a_delete_and_restore_between_two_checks_are_two_page_events(
    app: App, sandbox: Sandbox, scenario
):
    """As after the 149 KB edit: the page deleted and restored without the edit before the
    next check. prop=info shows it as the check saw it last (same ID, same latest revision);
    the deletion log tells, and the report shows both."""
    title = scenario["del"]
    admin, kees = sandbox.actor("Beheerder"), sandbox.actor("Kees Jansen")
    seen = admin.call(action="query", prop="revisions", titles=title, rvprop="timestamp")
    kept = seen["query"]["pages"][0]["revisions"][0]["timestamp"]
    # undelete picks revisions by their timestamp, to the second: the large edit must not
    # share the second of the revision kept, or it is restored with it
    while kept == time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()):
        time.sleep(0.2)
    kees.edit(title, kees.text(title) + "\n" + "Lange tekst. " * 2000, "veel")
    admin.delete(title, "grote bewerking weg")
    restore = {"timestamps": kept, "reason": "zonder de grote bewerking"}
    admin.call("POST", action="undelete", title=title, token=admin.csrf(), **restore)
    result = invoke(app, "check")
    assert result.exit_code == 0, result.output
    assert "2 page events" in result.output and "0 new revisions" in result.output
    changes = json.loads(invoke(app, "changes", "--json").output)
    assert [(c["kind"], c["user"]) for c in changes if c["title"] == title] == [
        ("deleted", "Beheerder"),
        ("restored", "Beheerder"),
    ]
    report = invoke(app, "report", "--since", "2000-01-01").output
    assert "Verwijderd door Beheerder: grote bewerking weg" in report
    assert "Teruggeplaatst door Beheerder: zonder de grote bewerking" in report
    assert "0 page events" in invoke(app, "check").output


def test_a_second_run_exits_11_while_one_holds_the_lock(app: App):
    with check_lock(app.config.db_path):
        result = invoke(app, "check")
    assert result.exit_code == 11
    assert "another wikitrack run holds" in result.output


def test_pathological_pages_are_bounded_in_time_and_memory():
    differ = BoundedDiffer(timeout=0.5)
    huge = "{{a|" * 20000 + "x" + "}}" * 20000
    with pytest.raises(WikiError, match="longer than|parser"):
        differ.diff("x", huge * 5, DiffRules(), False)
    differ.close()
    small = BoundedDiffer(memory=200 * 1024**2)
    with pytest.raises(WikiError):
        small.diff("x", "[[a]] " * 3_000_000, DiffRules(), False)
    small.close()
    ok = BoundedDiffer()
    assert ok.diff("a", "a b", DiffRules(), False)[0].kind == "text_changed"
    ok.close()


def test_a_page_that_cannot_be_parsed_in_time_is_stored_coarsely_not_retried(
    app: App, sandbox: Sandbox, scenario, workdir: Path
):
    """A revision over its parse budget is described by its size and sections ("too large to
    compare in detail") and the run goes on: before, it failed its page (exit 3) and was
    tried again at every check, for as long as the edit stayed in the page's history."""
    title = scenario["feit"]
    pieter = sandbox.actor("Pieter Bakker")
    pieter.edit(title, pieter.text(title).replace("1.000", "1.500"), "inwoners")
    slow = write_config(workdir, sandbox.dir, extra="[check]\nparse_timeout = 0.000001\n")
    checked = invoke(App(config_path=slow), "check")
    assert checked.exit_code == 0, checked.output
    status = App(config_path=slow).db.execute("SELECT status FROM check_runs ORDER BY id DESC")
    assert status.fetchone()[0] == "ok"
    fine = write_config(workdir, sandbox.dir)
    again = invoke(App(config_path=fine), "check")
    assert again.exit_code == 0, again.output
    assert "0 new revisions" in again.output
    changes = json.loads(invoke(App(config_path=fine), "changes", "--json").output)
    mine = [c for c in changes if c["title"] == title]
    assert [c["kind"] for c in mine] == ["too_large"]
    assert mine[0]["details"]["delta"] == 0 and mine[0]["details"]["sections"] == [""]


def test_first_run_with_since_reports_history(app: App, workdir: Path):
    for f in (workdir / "watchlists").glob("*.toml"):
        if f.stem != "zorg":
            f.unlink()
    assert invoke(app, "watchlist", "sync").exit_code == 0
    result = invoke(app, "check", "--since", "2000-01-01")
    assert result.exit_code == 0, result.output
    changes = json.loads(invoke(app, "changes", "--json").output)
    assert {c["title"] for c in changes if c["kind"] == "page_created"} >= {
        "Flevoziekenhuis",
        "GGD Flevoland",
        "Zorggroep Almere",
    }
    assert invoke(app, "check", "--since", "someday").exit_code == 2


def test_check_against_a_dead_wiki_fails_fast_with_the_reason(workdir: Path):
    import time

    (workdir / "wikitrack.toml").write_text('[wiki]\nurl = "http://127.0.0.1:9/api.php"\n')
    db = App(config_path=workdir / "wikitrack.toml").db
    db.table("areas").insert({"slug": "bestuur", "name": "Bestuur"})
    db.table("lemmas").insert({"page_id": 1, "title": "Almere", "namespace": 0, "status": "ok"})
    db.table("area_lemmas").insert({"area": "bestuur", "page_id": 1, "listed_title": "Almere"})
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["check"], obj=App(config_path=workdir / "wikitrack.toml"))
    assert time.monotonic() - started < 15
    assert result.exit_code == 1
    assert "the wiki at http://127.0.0.1:9/api.php is unreachable" in result.output


def test_a_revision_the_watchlist_does_not_show_is_found_by_prop_info(
    app: App, sandbox: Sandbox, scenario
):
    """Imported revisions (importDump.php here, Special:Import on a real wiki) never reach
    recent changes, so the watchlist does not show them; prop=info's latest revision does, which
    is why check asks it for every page even when the watchlist serves the others."""
    from datetime import UTC, datetime

    from wikitrack.sandbox.seed import SeedPage, build_dump

    pieter = sandbox.actor("Pieter Bakker")
    edited = scenario["weg"]
    pieter.edit(edited, pieter.text(edited).replace("1990", "1991"), "jaartal")
    imported = scenario["feit"]
    text = ARTICLE.format(name=imported).replace("1.000", "2.500")
    now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    sandbox.import_pages(build_dump([SeedPage(imported, 0, text, timestamp=now)]))
    result = invoke(app, "check")
    assert result.exit_code == 0, result.output
    assert "2 new revisions" in result.output and "1 page via the watchlist" in result.output
    changes = json.loads(invoke(app, "changes", "--json").output)
    assert {(c["title"], c["kind"]) for c in changes} >= {
        (imported, "template_param_changed"),
        (edited, "section_edited"),
    }
