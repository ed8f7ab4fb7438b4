"""The audit's plan on plain data: the log's corrections and the team's edits in, findings out
(each with its date, diff link and next step). No wiki, no database."""

from __future__ import annotations

from dataclasses import replace

from wikitrack.corrections.entries import Correction
from wikitrack.corrections.rules import AuditLog, TeamEdits, plan_audit_findings
from wikitrack.wiki.pages import Revision

INDEX = "https://nl.wikipedia.org/w/index.php"
TEAM = ["Almere-redactie"]
SUMMARY = "Correctie #1 (namens Gemeente Almere) (bewerkt door J. Smit): inwonertal"


def correction(cid: int = 1, **fields) -> Correction:
    base = Correction(
        id=cid,
        page_id=10,
        title="Almere",
        area="bestuur",
        proposed_by="J. Smit",
        what="inwonertal",
        find="218.000",
        proposed="226.786",
        sources=("https://www.cbs.nl",),
        via="article",
        base_revid=100,
        status="applied",
        override_reason=None,
        override_by=None,
        applied_revid=101,
        applied_account="Almere-redactie",
        talk_section=None,
        created="2026-11-01T10:00:00Z",
        updated="2026-11-02T10:00:00Z",
    )
    return replace(base, **fields)


def edit(revid: int, page_id: int = 10, user: str = "Almere-redactie", comment: str = SUMMARY):
    return Revision(
        revid, page_id, revid - 1, f"2026-11-0{revid % 9 + 1}T12:00:00Z", user, comment=comment
    )


def plan(log: AuditLog, *contribs: tuple[str, Revision], logged_revisions=None):
    edits = TeamEdits(contribs=contribs, logged_revisions=logged_revisions or {})
    return plan_audit_findings(log, edits, TEAM, INDEX)


def test_a_logged_edit_on_a_watched_page_with_the_disclosure_is_clean():
    c = correction()
    log = AuditLog(logged={101: c}, approved={}, watched=frozenset({10}))
    assert plan(log, ("Almere", edit(101))) == []


def test_an_unlogged_edit_is_found_with_date_diff_link_and_next_step():
    log = AuditLog(logged={}, approved={}, watched=frozenset({10}))
    (found,) = plan(log, ("Almere", edit(105)))
    assert found.finding == "no_correction"
    assert found.date == edit(105).timestamp
    assert found.diff_url == f"{INDEX}?diff=prev&oldid=105"
    assert 'wikitrack correction propose "Almere"' in found.next_step
    assert found.correction is None


def test_an_unlogged_edit_on_a_page_with_an_approved_correction_names_it():
    approved = correction(7, status="approved", applied_revid=None)
    log = AuditLog(logged={}, approved={10: approved}, watched=frozenset({10}))
    (found,) = plan(log, ("Almere", edit(105)))
    assert found.correction == 7
    assert (
        found.next_step
        == "if this is correction 7: 'wikitrack correction record 7 --revid 105 --by NAME'"
    )


def test_override_unwatched_page_and_missing_disclosure_are_each_a_finding():
    c = correction(override_reason="raakt sportbeleid", override_by="A. de Vries")
    log = AuditLog(logged={101: c}, approved={}, watched=frozenset())
    found = plan(log, ("Almere", edit(101, comment="inwonertal bijgewerkt")))
    assert [f.finding for f in found] == ["outside_area", "unwatched_page", "no_disclosure"]
    assert "override by A. de Vries: raakt sportbeleid" in found[0].detail


def test_logged_revisions_missing_or_by_someone_else_and_reverted_corrections():
    gone, other = correction(1, applied_revid=201), correction(2, applied_revid=202)
    reverted = correction(3, status="reverted", applied_revid=203)
    log = AuditLog(
        logged={201: gone, 202: other, 203: reverted},
        approved={},
        watched=frozenset({10}),
        reverted=(reverted,),
    )
    found = plan(
        log,
        ("Almere", edit(203)),
        logged_revisions={202: edit(202, user="Iemand anders")},
    )
    assert [(f.finding, f.correction) for f in found] == [
        ("revision_missing", 1),
        ("not_a_team_edit", 2),
        ("correction_reverted", 3),
    ]
    assert found[0].date == gone.updated and found[1].user == "Iemand anders"
    assert list(found[2].as_dict()) == [
        "finding",
        "date",
        "revid",
        "title",
        "user",
        "correction",
        "detail",
        "diff_url",
        "next_step",
    ]
