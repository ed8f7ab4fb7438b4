"""The corrections log: pure rules on plain data, then the workflow on the sandbox."""

from __future__ import annotations

import csv
import io
import json
import shlex
import sqlite3
import uuid
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from wikitrack.cli.commands import App, cli
from wikitrack.config import Person, find_person, load_config, render_starter_config
from wikitrack.corrections.rules import (
    SUMMARY_LIMIT,
    apply_to_text,
    check_proposal,
    edit_summary,
    next_status,
    outcome_after,
)
from wikitrack.errors import ConfigError, InputError
from wikitrack.sandbox import TEAM_USER, Sandbox

from .test_docs import iter_commands


def test_state_machine_refuses_invalid_transitions_with_a_hint():
    assert next_status(1, "proposed", "approve") == "approved"
    assert next_status(1, "approved", "apply") == "applied"
    with pytest.raises(InputError, match="correction 7 is rejected: cannot apply it"):
        next_status(7, "rejected", "apply")
    with pytest.raises(
        InputError,
        match=r"possible now: wikitrack correction apply\|edit\|rebase\|record\|withdraw 7",
    ):
        next_status(7, "approved", "approve")
    # the hint names only commands people run; verify/revert/overwrite are check's findings
    with pytest.raises(InputError) as applied:
        next_status(7, "applied", "approve")
    assert "'wikitrack check' follows it" in str(applied.value)
    assert "verify" not in str(applied.value) and "overwrite" not in str(applied.value)


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
    with pytest.raises(InputError, match="no --find text") as no_find:
        apply_to_text("x", "", "2", 1)
    # the hint names real commands: apply has no --via option
    assert "wikitrack correction edit 1 --via talk" in str(no_find.value)
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


# a clean proposal: its number has a <ref>, so the guideline check finds nothing
PROPOSED = (
    "telt 13 leden<ref>{{Citeer web|url=https://www.almere.nl/wijkraad|titel=Wijkraad}}</ref>"
)


def propose(
    app: App,
    title: str,
    *extra: str,
    by: str = "J. Smit",
    what: str = "aantal leden klopt niet",
    find: str | None = "telt 11 leden",
    proposed: str | None = PROPOSED,
):
    """`correction propose`; `extra` adds options such as --area (find=None: no --find;
    proposed=None: no --proposed, for --delete)."""
    finding = ["--find", find] if find is not None else []
    finding += ["--proposed", proposed] if proposed is not None else []
    return run(
        app,
        "correction",
        "propose",
        title,
        "--by",
        by,
        "--what",
        what,
        *finding,
        "--source",
        "https://www.almere.nl/wijkraad",
        *extra,
    )


def test_propose_approve_apply_verify_and_trail(app: App, sandbox: Sandbox, lemma: str):
    assert propose(app, lemma, "--area", "bestuur").output == "correction 1 proposed\n"
    assert run(app, "correction", "approve", "1", "--by", "A. de Vries").exit_code == 0
    dry = run(app, "correction", "apply", "1", "--by", "A. de Vries", "--dry-run")
    assert "-De wijkraad telt 11 leden." in dry.output and f"+De wijkraad {PROPOSED}." in dry.output
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
    events_csv = run(app, "correction", "export", "--format", "csv", "--events").output
    assert events_csv.splitlines()[0].startswith("correction_id,title,at,actor,action")
    assert len(events_csv.splitlines()) == 5


def test_out_of_area_is_refused_unless_an_editor_overrides(app: App, lemma: str):
    refused = propose(app, lemma, "--area", "sport", by="K. Visser")
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
        by="K. Visser",
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
            "J. Smit",
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
        "J. Smit",
        "--what",
        "x",
        "--find",
        "telt 11 leden",
        "--proposed",
        "y",
    )
    assert no_source.exit_code == 2 and "at least one source" in no_source.output
    assert run(app, "correction", "approve", "99", "--by", "A. de Vries").output.endswith(
        "no correction with ID 99\n"
    )
    propose(app, lemma, "--area", "bestuur")
    propose(app, lemma, "--area", "bestuur")
    assert run(app, "correction", "withdraw", "2", "--by", "J. Smit").output == (
        "correction 2 withdrawn\n"
    )
    run(app, "correction", "reject", "1", "--by", "A. de Vries")
    before = list(app.db.query("SELECT * FROM correction_events"))
    for args in (
        ["apply", "1", "--by", "A. de Vries", "--yes"],
        ["approve", "1", "--by", "A. de Vries"],
    ):
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
    rebased = run(app, "correction", "rebase", "1", "--by", "A. de Vries", "--note", "gezien")
    assert rebased.exit_code == 1 and "+Opgericht in 2015." in rebased.output  # not confirmed
    rebased = run(app, "correction", "rebase", "1", "--by", "A. de Vries", "--note", "gezien")
    rebased = CliRunner().invoke(
        cli,
        ["correction", "rebase", "1", "--by", "A. de Vries", "--note", "gezien"],
        obj=app,
        input="y\n",
    )
    assert rebased.exit_code == 0, rebased.output
    assert "+Opgericht in 2015." in rebased.output
    base = json.loads(run(app, "correction", "show", "1", "--json").output)[0]
    rebase_event = base["events"][-1]
    assert rebase_event["note"].startswith("rebased from revision ")
    assert rebase_event["note"].endswith(f"onto {base['base_revid']}: gezien")
    assert run(app, "correction", "apply", "1", "--by", "A. de Vries", "--yes").exit_code == 0


def test_record_checks_the_revision_on_the_wiki(app: App, sandbox: Sandbox, lemma: str):
    propose(app, lemma, "--area", "bestuur")
    run(app, "correction", "approve", "1", "--by", "A. de Vries")
    other = sandbox.actor("Kees Jansen").edit(lemma, "Iets anders.", "x")
    wrong = run(app, "correction", "record", "1", "--revid", str(other), "--by", "A. de Vries")
    assert wrong.exit_code == 2 and "'Kees Jansen' is not a configured team account" in wrong.output
    assert (
        "does not exist"
        in run(app, "correction", "record", "1", "--revid", "99999999", "--by", "B. Bos").output
    )
    mine = app.wiki.edit(lemma, "De wijkraad telt 13 leden.", "Correctie #1 namens Gemeente Almere")
    by_staff = run(app, "correction", "record", "1", "--revid", str(mine), "--by", "J. Smit")
    assert by_staff.exit_code == 2 and "only desk editors record" in by_staff.output
    recorded = run(app, "correction", "record", "1", "--revid", str(mine), "--by", "B. Bos")
    assert recorded.exit_code == 0


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


# -- issue 12: corrections you can defend ----------------------------------------------------


def events_of(app: App, cid: int) -> list[dict]:
    return json.loads(run(app, "correction", "show", str(cid), "--json").output)[0]["events"]


def test_people_in_the_config_are_validated_with_file_and_line(tmp_path: Path):
    path = tmp_path / "wikitrack.toml"
    path.write_text(
        '[[people]]\nname = "A. de Vries"\nrole = "desk"\n\n'
        '[[people]]\nname = "J. Smit"\nrole = "policy"\nareas = ["bestuur"]\n\n'
        '[[people]]\nname = "P. Jansen"\nrole = "baas"\nareas = ["bestuur"]\n\n'
        '[[people]]\nname = "j.  smit"\nrole = "policy"\nareas = ["bestuur"]\n\n'
        '[[people]]\nname = "K. Visser"\nrole = "policy"\nareas = ["spotr"]\n\n'
        '[[people]]\nname = "L. Lont"\nrole = "policy"\nnickname = "ll"\n',
        encoding="utf-8",
    )
    with pytest.raises(ConfigError) as err:
        load_config(path)
    message = str(err.value)
    assert f"{path}:10: role of 'P. Jansen' must be \"desk\"" in message
    assert f"{path}:15: 'j. smit' is listed twice (first at line 5)" in message
    assert f"{path}:25: 'L. Lont' is policy staff without areas" in message
    assert f"{path}:28: unknown key 'nickname' in [people]" in message
    path.write_text(
        '[[people]]\nname = " A.  de Vries "\nrole = "desk"\n'
        '[[people]]\nname = "J. Smit"\nrole = "policy"\nareas = ["bestuur"]\n'
    )
    people = load_config(path).people
    assert people[0] == Person(name="A. de Vries", role="desk", areas=(), line=1)
    assert find_person(people, "j. smit").name == "J. Smit"
    with pytest.raises(InputError, match="unknown person 'Jan'.*known: A. de Vries, J. Smit"):
        find_person(people, "Jan")


def test_four_eyes_and_known_people_on_the_sandbox(app: App, lemma: str):
    """Acceptance: an unknown --by is refused; a proposer cannot approve their own correction;
    desk editors approve and override, never the proposer."""
    unknown = propose(app, lemma, "--area", "bestuur", by="Iemand Anders")
    assert unknown.exit_code == 2 and "unknown person 'Iemand Anders'" in unknown.output
    assert app.db.table("corrections").count == 0
    # B. Bos is a desk editor who works for 'bestuur': may propose, not approve it himself
    assert propose(app, lemma, "--area", "bestuur", by="B. Bos").exit_code == 0
    before = list(app.db.query("SELECT * FROM correction_events"))
    own = run(app, "correction", "approve", "1", "--by", "B. Bos")
    assert own.exit_code == 2
    assert "B. Bos proposed correction 1 and cannot approve it: four eyes" in own.output
    staff = run(app, "correction", "approve", "1", "--by", "J. Smit")
    assert staff.exit_code == 2 and "only desk editors approve" in staff.output
    nobody = run(app, "correction", "approve", "1", "--by", "X. Onbekend")
    assert nobody.exit_code == 2 and "unknown person 'X. Onbekend'" in nobody.output
    assert list(app.db.query("SELECT * FROM correction_events")) == before
    assert app.db.table("corrections").get(1)["status"] == "proposed"
    # the own-area override: a desk editor other than the proposer
    outside = propose(
        app,
        "Almere City FC",
        "--area",
        "bestuur",
        "--override-reason",
        "de club huurt van de gemeente",
        "--editor",
        "B. Bos",
        by="B. Bos",
    )
    assert outside.exit_code == 2
    assert "--editor B. Bos is the proposer: another desk editor must override" in outside.output
    assert propose(app, lemma, "--area", "bestuur", by="B. Bos").exit_code == 0
    # withdraw: the proposer or a desk editor, not someone else's staff
    other = run(app, "correction", "withdraw", "2", "--by", "K. Visser")
    assert other.exit_code == 2 and "only its proposer (B. Bos) or a desk editor" in other.output
    assert run(app, "correction", "approve", "1", "--by", "A. de Vries").exit_code == 0
    assert events_of(app, 1)[-1]["actor"] == "A. de Vries"


def test_override_editor_is_a_desk_editor_other_than_the_proposer(app: App, lemma: str):
    def outside(editor: str, by: str):
        return propose(
            app,
            lemma,
            "--area",
            "sport",
            "--override-reason",
            "sportpark",
            "--editor",
            editor,
            by=by,
        )

    staff = outside("J. Smit", "K. Visser")
    assert staff.exit_code == 2
    assert "--editor J. Smit is policy staff: only a desk editor overrides" in staff.output
    assert "K. Visser" not in [r["proposed_by"] for r in app.db.table("corrections").rows]
    ok = outside("a. de vries", "K. Visser")  # names are matched like people write them
    assert ok.exit_code == 0, ok.output
    assert app.db.table("corrections").get(1)["override_by"] == "A. de Vries"


def test_proposal_right_after_an_applied_correction_uses_the_wikis_revision(app: App, lemma: str):
    """Acceptance: no false conflict; the base is the wiki's latest revision, not check's."""
    propose(app, lemma, "--area", "bestuur")
    run(app, "correction", "approve", "1", "--by", "A. de Vries")
    applied = run(app, "correction", "apply", "1", "--by", "A. de Vries", "--yes")
    revid = int(applied.output.split()[-1])
    requests = app.wiki.requests
    second = run(
        app,
        "correction",
        "propose",
        lemma,
        "--area",
        "bestuur",
        "--by",
        "J. Smit",
        "--what",
        "zetels",
        "--find",
        "zetels = 11",
        "--proposed",
        "zetels = 13",
        "--source",
        "https://www.almere.nl/wijkraad",
    )
    assert second.output == "correction 2 proposed\n"
    assert app.wiki.requests - requests == 1  # one request: the lemma's current revision
    assert app.db.table("corrections").get(2)["base_revid"] == revid
    assert run(app, "correction", "approve", "2", "--by", "B. Bos").exit_code == 0
    again = run(app, "correction", "apply", "2", "--by", "B. Bos", "--yes")
    assert again.exit_code == 0, again.output
    _, latest = app.wiki.text_of(app.db.table("corrections").get(2)["page_id"])
    assert again.output.endswith(f"applied as revision {latest}\n")


def test_find_is_checked_at_propose_with_its_count(app: App, sandbox: Sandbox, lemma: str):
    """Acceptance: --find with 0 or 2 matches (or none for an article edit) is refused at
    propose, saying how often it occurs; nothing is written."""
    pieter = sandbox.actor("Pieter Bakker")
    pieter.edit(lemma, pieter.text(lemma) + "\nDe wijkraad vergadert 11 keer.", "aanvulling")

    def attempt(*args: str):
        return propose(app, lemma, "--area", "bestuur", *args, what="x", find=None, proposed="13")

    zero = attempt("--find", "telt 12 leden")
    assert zero.exit_code == 2
    assert "--find occurs 0 times in the current text of" in zero.output
    assert "copy it from the article's wikitext" in zero.output
    two = attempt("--find", "11")
    assert two.exit_code == 2 and "--find occurs 3 times" in two.output
    assert "it must occur exactly once: make it longer" in two.output
    missing = attempt()
    assert missing.exit_code == 2 and "an article edit needs --find" in missing.output
    assert "--via talk" in missing.output
    assert app.db.table("corrections").count == 0
    # the talk route only quotes it: there --find is optional
    assert attempt("--via", "talk").exit_code == 0
    assert attempt("--find", "telt 11 leden").exit_code == 0


def test_edit_keeps_before_and_after_and_sends_an_approval_back(
    app: App, sandbox: Sandbox, lemma: str
):
    propose(app, lemma, "--area", "bestuur")
    assert run(app, "correction", "approve", "1", "--by", "A. de Vries").exit_code == 0
    stranger = run(app, "correction", "edit", "1", "--by", "K. Visser", "--what", "x")
    assert stranger.exit_code == 2 and "only its proposer (J. Smit)" in stranger.output
    bad = run(app, "correction", "edit", "1", "--by", "J. Smit", "--find", "bestaat niet")
    assert bad.exit_code == 2 and "--find occurs 0 times" in bad.output
    nothing = run(app, "correction", "edit", "1", "--by", "J. Smit", "--find", "telt 11 leden")
    assert nothing.exit_code == 2 and "nothing to change" in nothing.output
    edited = run(
        app,
        "correction",
        "edit",
        "1",
        "--by",
        "J. Smit",
        "--proposed",
        "telt 15 leden",
        "--source",
        "https://a.example/1",
        "--source",
        "https://b.example/2",
        "--note",
        "nieuwe telling",
    )
    assert edited.output == "correction 1 edited, now proposed\n"
    c = app.db.table("corrections").get(1)
    assert c["status"] == "proposed" and c["proposed"] == "telt 15 leden"
    event = events_of(app, 1)[-1]
    assert (event["action"], event["from_status"], event["to_status"]) == (
        "edit",
        "approved",
        "proposed",
    )
    assert event["note"] == "edited proposed, sources: nieuwe telling"
    assert event["details"]["before"] == {
        "proposed": PROPOSED,
        "sources": ["https://www.almere.nl/wijkraad"],
    }
    assert event["details"]["after"] == {
        "proposed": "telt 15 leden",
        "sources": ["https://a.example/1", "https://b.example/2"],
    }
    # a desk editor who edits the words becomes an author: four eyes again
    run(app, "correction", "edit", "1", "--by", "A. de Vries", "--what", "leden geteld")
    own = run(app, "correction", "approve", "1", "--by", "A. de Vries")
    assert own.exit_code == 2 and "A. de Vries edited correction 1 and cannot approve" in own.output
    # 15 is a new number without <ref>: the guideline warns, the approver accepts it
    warned = run(app, "correction", "approve", "1", "--by", "B. Bos")
    assert warned.exit_code == 2 and "unsourced_number: 15" in warned.output
    accepted = run(app, "correction", "approve", "1", "--by", "B. Bos", "--accept-warnings")
    assert accepted.exit_code == 0, accepted.output
    assert events_of(app, 1)[-1]["details"]["accepted_warnings"][0].startswith(
        "warning unsourced_number: 15"
    )
    applied = run(app, "correction", "apply", "1", "--by", "B. Bos", "--yes")
    assert applied.exit_code == 0, applied.output
    assert "telt 15 leden" in sandbox.actor("Kees Jansen").text(lemma)
    late = run(app, "correction", "edit", "1", "--by", "J. Smit", "--what", "y")
    assert late.exit_code == 2 and "is applied: cannot edit it" in late.output


def test_summary_carries_the_first_source_within_the_wikis_limit():
    summary = edit_summary(3, "inwonertal", "Anouk", "nl", "https://www.cbs.nl/almere")
    assert summary == (
        "Correctie #3 namens Gemeente Almere (bewerkt door Anouk): inwonertal "
        "(bron: https://www.cbs.nl/almere)"
    )
    long_url = "https://www.cbs.nl/" + "x" * 300
    long = edit_summary(3, "woord " * 200, "Anouk", "nl", long_url)
    assert len(long) <= SUMMARY_LIMIT and long.endswith(f"(bron: {long_url})")
    assert "…" in long
    huge_url = "https://www.cbs.nl/" + "x" * 600
    huge = edit_summary(3, "inwonertal", "Anouk", "en", huge_url)
    assert len(huge) <= SUMMARY_LIMIT and "x" * 10 not in huge  # never a cut URL
    assert huge.startswith("Correction #3")


def test_sources_reach_the_wiki_on_both_routes(app: App, sandbox: Sandbox, lemma: str):
    sources = ("--source", "https://www.almere.nl/wijkraad", "--source", "https://cbs.nl/b")
    propose(app, lemma, "--area", "bestuur", "--source", "https://cbs.nl/b")
    propose(app, lemma, "--area", "bestuur", "--via", "talk", "--source", "https://cbs.nl/b")
    for cid in ("1", "2"):
        assert run(app, "correction", "approve", cid, "--by", "A. de Vries").exit_code == 0
        applied = run(app, "correction", "apply", cid, "--by", "A. de Vries", "--yes")
        assert applied.exit_code == 0, applied.output
        revid = int(applied.output.split()[-1])
        comment = app.wiki.fetch_revisions_by_id([revid])[revid].comment
        assert comment.endswith("(bron: https://www.almere.nl/wijkraad)"), comment
    talk = sandbox.actor("Pieter Bakker").text(f"Overleg:{lemma}")
    assert "* https://www.almere.nl/wijkraad\n* https://cbs.nl/b" in talk
    assert "telt 11 leden" in talk  # the text it is about
    assert sources  # both sources given


def test_csv_export_has_every_field_in_its_own_column(app: App, lemma: str):
    """Acceptance: read back with the csv module, a correction with an override and two
    sources has every field, one column each."""
    propose(
        app,
        lemma,
        "--area",
        "sport",
        "--override-reason",
        "raakt het sportpark",
        "--editor",
        "A. de Vries",
        "--source",
        "https://www.sport.almere.nl/b",
        by="K. Visser",
    )
    run(app, "correction", "approve", "1", "--by", "B. Bos")
    applied = run(app, "correction", "apply", "1", "--by", "A. de Vries", "--yes")
    revid = int(applied.output.split()[-1])
    out = run(app, "correction", "export", "--format", "csv").output
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 1
    row = rows[0]
    stored = app.db.table("corrections").get(1)
    assert set(stored) <= set(row)  # every stored field has its column
    expected = {
        "id": "1",
        "title": lemma,
        "area": "sport",
        "status": "applied",
        "proposed_by": "K. Visser",
        "what": "aantal leden klopt niet",
        "find": "telt 11 leden",
        "proposed": PROPOSED,
        "sources": "https://www.almere.nl/wijkraad\nhttps://www.sport.almere.nl/b",
        "via": "article",
        "base_revid": str(stored["base_revid"]),
        "override_reason": "raakt het sportpark",
        "override_by": "A. de Vries",
        "approved_by": "B. Bos",
        "applied_by": "A. de Vries",
        "applied_revid": str(revid),
        "applied_account": TEAM_USER,
    }
    assert {k: row[k] for k in expected} == expected
    assert row["approved_at"] and row["applied_at"] and row["created"]
    events = list(
        csv.DictReader(
            io.StringIO(run(app, "correction", "export", "--format", "csv", "--events").output)
        )
    )
    assert [(e["correction_id"], e["actor"], e["action"]) for e in events] == [
        ("1", "K. Visser", "propose"),
        ("1", "B. Bos", "approve"),
        ("1", "A. de Vries", "apply"),
    ]
    shown = run(app, "correction", "show", "1").output
    assert "override_by      A. de Vries\n" in shown and "approved_by      B. Bos\n" in shown
    assert "https://www.almere.nl/wijkraad\n                 https://www.sport" in shown
    data = json.loads(run(app, "correction", "export").output)[0]
    assert data["sources"] == expected["sources"].split("\n")
    assert data["override_reason"] == "raakt het sportpark" and len(data["events"]) == 3


def test_reviews_link_the_right_correction_and_refuse_a_past_due_date(app: App, lemma: str):
    def request(title: str, *extra: str):
        return run(
            app,
            "review",
            "request",
            title,
            "--area",
            "bestuur",
            "--by",
            "J. Smit",
            "--reason",
            "klopt dit?",
            *extra,
        )

    past = request(lemma, "--due", "2020-01-01")
    assert past.exit_code == 2 and "--due 2020-01-01 is in the past" in past.output
    assert app.db.table("review_requests").count == 0
    # the database refuses it too, for the web form
    with pytest.raises(sqlite3.IntegrityError, match="streefdatum ligt in het verleden"):
        app.db.execute(
            "INSERT INTO review_requests (title, area, requested_by, reason, due) "
            "VALUES (?, 'bestuur', 'J. Smit', 'x', '2020-01-01')",
            [lemma],
        )
    far = request(lemma, "--due", "9999-12-31")
    assert far.exit_code == 2 and "--due 9999-12-31 is more than 366 days ahead" in far.output
    assert request(lemma, "--due", "+30d").exit_code == 0
    assert request("Almere").exit_code == 0
    assert propose(app, lemma, "--area", "bestuur").exit_code == 0
    wrong = run(
        app, "review", "close", "2", "--outcome", "ok", "--correction", "1", "--by", "B. Bos"
    )
    assert wrong.exit_code == 2
    assert f"correction 1 is about '{lemma}', review request 2 about 'Almere'" in wrong.output
    staff = run(app, "review", "assign", "1", "--to", "J. Smit", "--by", "A. de Vries")
    assert staff.exit_code == 2 and "only desk editors take review requests" in staff.output
    assert run(app, "review", "assign", "1", "--to", "A. de Vries").exit_code == 0
    right = run(app, "review", "close", "1", "--outcome", "gecorrigeerd", "--correction", "1")
    assert right.output == "review request 1 done\n"
    assert app.db.table("review_requests").get(1)["correction_id"] == 1
    unassigned = run(app, "review", "close", "2", "--outcome", "ok")
    assert unassigned.exit_code == 2 and "say who closes it (--by)" in unassigned.output


def test_audit_findings_have_date_diff_link_and_next_step(app: App, sandbox: Sandbox, lemma: str):
    propose(app, lemma, "--area", "bestuur")
    run(app, "correction", "approve", "1", "--by", "A. de Vries")
    kees = sandbox.actor("Kees Jansen")
    unlogged = app.wiki.edit(lemma, kees.text(lemma) + "\nExtra.", "kleine aanvulling")
    audited = run(app, "audit", "--json")
    assert audited.exit_code == 3
    findings = [f for f in json.loads(audited.output) if f["revid"] == unlogged]
    no_correction = next(f for f in findings if f["finding"] == "no_correction")
    assert no_correction["date"].startswith("20") and no_correction["correction"] == 1
    assert no_correction["diff_url"].endswith(f"index.php?diff=prev&oldid={unlogged}")
    assert (
        f"wikitrack correction record 1 --revid {unlogged} --by NAME"
        in (no_correction["next_step"])
    )
    no_disclosure = next(f for f in findings if f["finding"] == "no_disclosure")
    assert "Terms of Use" in no_disclosure["next_step"]
    table = run(app, "audit").output
    assert "next_step" in table and "diff_url" in table


def _example(cmd: click.Command) -> list[str]:
    """The command line of a help text's `Example:`, without a shell redirection."""
    text = " ".join((cmd.help or "").split("Example: ", 1)[1].split())
    return shlex.split(text.split(" > ")[0])[1:]


LOG_COMMANDS = [
    (name, cmd)
    for name, cmd in iter_commands(cli)
    if name.split()[0] in ("correction", "review", "audit") and not isinstance(cmd, click.Group)
]


@pytest.mark.parametrize("name,cmd", LOG_COMMANDS, ids=[n for n, _ in LOG_COMMANDS])
def test_examples_of_the_log_commands_parse_and_name_starter_people(name, cmd):
    """Every example's options exist and its people are in `wikitrack init`'s config."""
    args = _example(cmd)
    assert " ".join(args).startswith(name)
    ctx = cli.make_context("wikitrack", list(args), resilient_parsing=False)
    group: click.Group = cli
    with ctx:
        while isinstance(group, click.Group):
            sub_name, sub, rest = group.resolve_command(ctx, args)
            assert sub is not None
            args = rest
            ctx = sub.make_context(sub_name, list(args), parent=ctx)
            group = sub  # type: ignore[assignment]
    starter = render_starter_config(sandbox=True)
    for option in ("by", "to", "editor"):
        person = ctx.params.get(option)
        if person:
            assert f'name = "{person}"' in starter, f"{name}: {person} is not a starter person"


def test_log_examples_without_ids_run_on_the_sandbox(app: App, lemma: str):
    for name in ("correction list", "correction export", "review list", "audit"):
        cmd = dict(LOG_COMMANDS)[name]
        result = run(app, *_example(cmd))
        assert result.exit_code in (0, 3), (name, result.output)


# -- issue 17: the guideline on every correction ---------------------------------------------


def propose_text(app: App, lemma: str, proposed: str):
    return propose(app, lemma, "--area", "bestuur", what="aanvulling", proposed=proposed)


def test_a_hard_stop_is_refused_at_apply_unless_a_desk_editor_overrides(app: App, lemma: str):
    """Acceptance (issue 17): a hard stop stops apply; only a desk editor's override with a
    reason lets it through, and the reason is in the trail. (Personal data never gets this
    far: it is refused at propose, issue 28, tests/test_privacy.py.)"""
    proposed = propose_text(
        app, lemma, "telt 11 leden volgens een vertrouwelijk rapport<ref>x</ref>"
    )
    assert proposed.exit_code == 0
    assert "STOP confidential: vertrouwelijk" in proposed.output  # shown at once
    approved = run(app, "correction", "approve", "1", "--by", "A. de Vries")
    assert approved.exit_code == 0 and "STOP confidential" in approved.output
    refused = run(app, "correction", "apply", "1", "--by", "A. de Vries", "--yes")
    assert refused.exit_code == 2
    assert "breaks the guideline and is not applied" in refused.output
    assert "STOP confidential: vertrouwelijk" in refused.output
    assert "--override-guideline" in refused.output
    assert app.db.table("corrections").get(1)["status"] == "approved"
    staff = run(
        app, "correction", "apply", "1", "--by", "J. Smit", "--yes", "--override-guideline", "x"
    )
    assert staff.exit_code == 2 and "only desk editors apply" in staff.output
    applied = run(
        app,
        "correction",
        "apply",
        "1",
        "--by",
        "A. de Vries",
        "--yes",
        "--override-guideline",
        "het rapport is openbaar sinds de raadsvergadering",
    )
    assert applied.exit_code == 0, applied.output
    event = events_of(app, 1)[-1]
    assert "guideline overridden: het rapport is openbaar" in event["note"]
    assert event["details"]["stops"][0].startswith("STOP confidential: vertrouwelijk")
    export = run(app, "correction", "export", "--format", "csv").output
    row = next(csv.DictReader(io.StringIO(export)))
    assert "STOP confidential: vertrouwelijk" in row["guideline"]


def test_onze_prachtige_stad_needs_accept_warnings_and_a_clean_one_passes_silently(
    app: App, lemma: str
):
    warned = propose_text(app, lemma, "telt 11 leden in onze prachtige stad<ref>x</ref>")
    assert warned.exit_code == 0
    assert "warning first_person: onze" in warned.output
    assert "warning promotional: prachtige" in warned.output
    refused = run(app, "correction", "approve", "1", "--by", "A. de Vries")
    assert refused.exit_code == 2 and "--accept-warnings" in refused.output
    assert "first_person: onze" in refused.output and "promotional: prachtige" in refused.output
    assert app.db.table("corrections").get(1)["status"] == "proposed"
    shown = run(app, "correction", "show", "1").output
    assert "warning promotional: prachtige" in shown
    checked = run(app, "correction", "check", "1").output
    assert "warning first_person: onze" in checked
    ok = run(app, "correction", "approve", "1", "--by", "A. de Vries", "--accept-warnings")
    assert ok.exit_code == 0
    accepted = events_of(app, 1)[-1]
    assert accepted["note"] == "approve (accepted 2 warnings)"
    assert len(accepted["details"]["accepted_warnings"]) == 2
    # a clean proposal: nothing but the usual line, at every step
    assert propose(app, lemma, "--area", "bestuur").output == "correction 2 proposed\n"
    assert run(app, "correction", "approve", "2", "--by", "B. Bos").output == (
        "correction 2 approved\n"
    )
    assert run(app, "correction", "check", "2").output == ("correction 2: no guideline findings\n")


def test_what_is_checked_and_personal_data_is_kept_masked(app: App, lemma: str):
    """--what goes verbatim into the public edit summary: an e-mail address in it is a hard
    stop, refused before anything is stored (issue 28). The terminal shows the exact words at
    each check; the log keeps a name masked."""
    refused = propose(
        app,
        lemma,
        "--area",
        "bestuur",
        what="gemeld door jan.smit@gmail.com",
        proposed="telt 13 leden, zegt wethouder Piet Jansen<ref>x</ref>",
    )
    assert refused.exit_code == 2, refused.output
    assert "STOP email: jan.smit@gmail.com" in refused.output
    assert "(in the edit summary)" in refused.output
    assert app.db.table("corrections").count == 0
    proposed = propose(
        app,
        lemma,
        "--area",
        "bestuur",
        what="gemeld door de wijkraad",
        proposed="telt 13 leden, zegt wethouder Piet Jansen<ref>x</ref>",
    )
    assert proposed.exit_code == 0, proposed.output
    assert "warning person_name: Piet Jansen" in proposed.output
    stored = json.loads(run(app, "correction", "show", "1", "--json").output)[0]["guideline"]
    assert [(f["rule"], f["words"]) for f in stored] == [("person_name", ["P.J."])]
    approved = run(app, "correction", "approve", "1", "--by", "A. de Vries", "--accept-warnings")
    assert "warning person_name: Piet Jansen" in approved.output
    assert events_of(app, 1)[-1]["details"]["accepted_warnings"][0].startswith(
        "warning person_name: P.J."
    )
