"""The corrections log: pure rules on plain data, then the workflow on the sandbox."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from wikitrack.cli import App, cli
from wikitrack.corrections import apply_to_text, check_proposal, next_status, outcome_after
from wikitrack.errors import InputError
from wikitrack.sandbox import TEAM_USER, Sandbox


def test_state_machine_refuses_invalid_transitions_with_a_hint():
    assert next_status(1, "proposed", "approve") == "approved"
    assert next_status(1, "approved", "apply") == "applied"
    with pytest.raises(InputError, match="correction 7 is rejected: cannot apply it"):
        next_status(7, "rejected", "apply")
    with pytest.raises(InputError, match="possible now: apply, rebase, record, withdraw"):
        next_status(7, "approved", "approve")


def test_own_area_rule_sources_and_override():
    base = dict(
        title="Almere", lemma_areas=["bestuur", "wonen"], override_reason=None, override_by=None
    )
    assert check_proposal(area="bestuur", sources=["https://cbs.nl"], **base) == []
    problems = check_proposal(area="sport", sources=[], **base)
    assert len(problems) == 2 and "at least one source" in problems[0]
    assert "not on the watchlist of area 'sport'" in problems[1]
    overridden = dict(base, override_reason="raakt sportbeleid", override_by="A. de Vries")
    assert check_proposal(area="sport", sources=["https://cbs.nl"], **overridden) == []
    assert "is not a URL" in check_proposal(area="bestuur", sources=["cbs"], **base)[0]


def test_apply_replaces_exactly_one_occurrence_and_outcomes():
    assert apply_to_text("a 1 b", "1", "2", 1) == "a 2 b"
    with pytest.raises(InputError, match="occurs 2 times"):
        apply_to_text("1 1", "1", "2", 1)
    with pytest.raises(InputError, match="no --find text"):
        apply_to_text("x", "", "2", 1)
    assert (
        outcome_after("applied", reverted=True, latest_text="", proposed="x", via="article")
        == "revert"
    )
    assert (
        outcome_after("verified", reverted=False, latest_text="gone", proposed="x", via="article")
        == "overwrite"
    )
    assert (
        outcome_after("applied", reverted=False, latest_text="x", proposed="x", via="article")
        == "verify"
    )
    assert (
        outcome_after("verified", reverted=False, latest_text=None, proposed="x", via="talk")
        is None
    )


@pytest.fixture
def lemma(app: App, sandbox: Sandbox, workdir: Path) -> str:
    """A fresh lemma on the 'bestuur' watchlist, synced and baselined."""
    title = f"Wijkraad Almere {uuid.uuid4().hex[:6]}"
    sandbox.actor("Pieter Bakker").edit(
        title, "{{Infobox gemeenteraad\n| zetels = 11\n}}\nDe wijkraad telt 11 leden.", "nieuw"
    )
    path = workdir / "watchlists" / "bestuur.toml"
    path.write_text(path.read_text() + f'\n[[lemma]]\ntitle = "{title}"\n')
    for args in (["watchlist", "sync"], ["check"]):
        result = CliRunner().invoke(cli, args, obj=app)
        assert result.exit_code == 0, result.output
    return title


def run(app: App, *args: str):
    return CliRunner().invoke(cli, list(args), obj=app)


def propose(app: App, title: str, *extra: str):
    return run(
        app,
        "correction",
        "propose",
        title,
        "--by",
        "J. Smit",
        "--what",
        "aantal leden klopt niet",
        "--find",
        "telt 11 leden",
        "--proposed",
        "telt 13 leden",
        "--source",
        "https://www.almere.nl/wijkraad",
        *extra,
    )


def test_propose_approve_apply_verify_and_trail(app: App, sandbox: Sandbox, lemma: str):
    assert propose(app, lemma, "--area", "bestuur").output == "correction 1 proposed\n"
    assert run(app, "correction", "approve", "1", "--by", "A. de Vries").exit_code == 0
    dry = run(app, "correction", "apply", "1", "--by", "A. de Vries", "--dry-run")
    assert (
        "-De wijkraad telt 11 leden." in dry.output and "+De wijkraad telt 13 leden." in dry.output
    )
    assert run(app, "correction", "list", "--json").output.count('"approved"') == 1
    applied = run(app, "correction", "apply", "1", "--by", "A. de Vries", "--yes")
    assert applied.exit_code == 0, applied.output
    revid = int(applied.output.split()[-1])
    rev = app.wiki.fetch_revisions_by_id([revid])[revid]
    assert rev.user == TEAM_USER
    assert "Correctie #1 namens Gemeente Almere" in rev.comment
    assert run(app, "check").exit_code == 0
    shown = json.loads(run(app, "correction", "show", "1", "--json").output)[0]
    assert shown["status"] == "verified"
    steps = [(e["actor"], e["from_status"], e["to_status"]) for e in shown["events"]]
    assert steps == [
        ("J. Smit", "", "proposed"),
        ("A. de Vries", "proposed", "approved"),
        ("A. de Vries", "approved", "applied"),
        ("wikitrack check", "applied", "verified"),
    ]
    assert all(e["at"] for e in shown["events"])
    # the trail is append-only, even for hand-written SQL
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        app.db.execute("UPDATE correction_events SET actor = 'x'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        app.db.execute("DELETE FROM correction_events")
    csv_out = run(app, "correction", "export", "--format", "csv").output
    assert csv_out.splitlines()[0].startswith("id,title,area,status")
    assert len(csv_out.splitlines()) == 5


def test_out_of_area_is_refused_unless_an_editor_overrides(app: App, lemma: str):
    refused = propose(app, lemma, "--area", "sport")
    assert refused.exit_code == 2 and "not on the watchlist of area 'sport'" in refused.output
    assert app.db.table("corrections").count == 0
    ok = propose(
        app,
        lemma,
        "--area",
        "sport",
        "--override-reason",
        "raakt het sportpark",
        "--editor",
        "A. de Vries",
    )
    assert ok.exit_code == 0, ok.output
    shown = json.loads(run(app, "correction", "show", "1", "--json").output)[0]
    assert shown["override_reason"] == "raakt het sportpark"
    assert "override by A. de Vries: raakt het sportpark" in shown["events"][0]["note"]


def test_bad_input_changes_nothing(app: App, lemma: str):
    assert (
        run(
            app,
            "correction",
            "propose",
            "Bestaat Niet",
            "--area",
            "bestuur",
            "--by",
            "x",
            "--what",
            "x",
            "--proposed",
            "y",
            "--source",
            "https://x.nl",
        ).exit_code
        == 2
    )
    no_source = run(
        app,
        "correction",
        "propose",
        lemma,
        "--area",
        "bestuur",
        "--by",
        "x",
        "--what",
        "x",
        "--proposed",
        "y",
    )
    assert no_source.exit_code == 2 and "at least one source" in no_source.output
    assert run(app, "correction", "approve", "99", "--by", "x").output.endswith(
        "no correction with ID 99\n"
    )
    propose(app, lemma, "--area", "bestuur")
    propose(app, lemma, "--area", "bestuur")
    assert run(app, "correction", "withdraw", "2", "--by", "J. Smit").output == (
        "correction 2 withdrawn\n"
    )
    run(app, "correction", "reject", "1", "--by", "A. de Vries")
    before = list(app.db.query("SELECT * FROM correction_events"))
    for args in (["apply", "1", "--by", "x", "--yes"], ["approve", "1", "--by", "x"]):
        result = run(app, "correction", *args)
        assert result.exit_code == 2 and "is rejected" in result.output
    assert list(app.db.query("SELECT * FROM correction_events")) == before


def test_apply_after_another_edit_is_refused_until_rebased(app: App, sandbox: Sandbox, lemma: str):
    propose(app, lemma, "--area", "bestuur")
    run(app, "correction", "approve", "1", "--by", "A. de Vries")
    kees = sandbox.actor("Kees Jansen")
    kees.edit(lemma, kees.text(lemma) + "\n\nOpgericht in 2015.", "aanvulling")
    refused = run(app, "correction", "apply", "1", "--by", "A. de Vries", "--yes")
    assert refused.exit_code == 2
    assert f"'{lemma}' changed since the proposal" in refused.output
    assert "correction rebase 1" in refused.output
    assert run(app, "correction", "rebase", "1", "--by", "A. de Vries").exit_code == 0
    assert run(app, "correction", "apply", "1", "--by", "A. de Vries", "--yes").exit_code == 0


def test_record_checks_the_revision_on_the_wiki(app: App, sandbox: Sandbox, lemma: str):
    propose(app, lemma, "--area", "bestuur")
    run(app, "correction", "approve", "1", "--by", "A. de Vries")
    other = sandbox.actor("Kees Jansen").edit(lemma, "Iets anders.", "x")
    wrong = run(app, "correction", "record", "1", "--revid", str(other), "--by", "A")
    assert wrong.exit_code == 2 and "'Kees Jansen' is not a configured team account" in wrong.output
    assert (
        "does not exist"
        in run(app, "correction", "record", "1", "--revid", "99999999", "--by", "A").output
    )
    mine = app.wiki.edit(lemma, "De wijkraad telt 13 leden.", "Correctie #1 namens Gemeente Almere")
    assert run(app, "correction", "record", "1", "--revid", str(mine), "--by", "A").exit_code == 0


def test_audit_and_report_find_unlogged_team_edits_and_reverted_corrections(
    app: App, sandbox: Sandbox, lemma: str
):
    propose(app, lemma, "--area", "bestuur")
    run(app, "correction", "approve", "1", "--by", "A. de Vries")
    assert run(app, "correction", "apply", "1", "--by", "A. de Vries", "--yes").exit_code == 0
    pieter = sandbox.actor("Pieter Bakker")
    pieter.edit(lemma, pieter.text(lemma).replace("13 leden", "11 leden"), "terug")
    unlogged = app.wiki.edit(lemma, pieter.text(lemma) + "\nExtra zin.", "kleine aanvulling")
    assert run(app, "check").exit_code == 0
    assert json.loads(run(app, "correction", "show", "1", "--json").output)[0]["status"] in (
        "reverted",
        "overwritten",
    )
    audited = run(app, "audit", "--json")
    assert audited.exit_code == 3
    findings = {(f["finding"], f["revid"]) for f in json.loads(audited.output)}
    assert ("no_correction", unlogged) in findings
    assert ("no_disclosure", unlogged) in findings
    report = run(app, "report", "--last-run").output
    assert "Bewerking door een teamaccount zonder gelogde correctie" in report
    assert "Correctie teruggedraaid of overschreven" in report
    assert "Correctie #1 is" in report


def test_talk_route_posts_an_edit_request_and_check_follows_replies(
    app: App, sandbox: Sandbox, lemma: str
):
    propose(app, lemma, "--area", "bestuur", "--via", "talk")
    run(app, "correction", "approve", "1", "--by", "A. de Vries")
    applied = run(app, "correction", "apply", "1", "--by", "A. de Vries", "--yes")
    assert applied.exit_code == 0, applied.output
    talk = sandbox.actor("Pieter Bakker").text(f"Overleg:{lemma}")
    assert "== Verzoek om correctie (#1): aantal leden klopt niet ==" in talk
    assert "Namens de Gemeente Almere" in talk
    pieter = sandbox.actor("Pieter Bakker")
    pieter.edit(f"Overleg:{lemma}", talk + "\n:Aangepast, dank voor de bron. ~~~~", "reactie")
    assert run(app, "check").exit_code == 0
    report = run(app, "report", "--last-run").output
    assert f"Overleg:{lemma}" in report and "Aangepast, dank voor de bron." in report
