"""The corrections workflow on the FakeWiki and a temporary database: no MediaWiki.

Propose, approve (four eyes), apply through the applying person's own team account, verify
by the next check; the guideline check refusing personal data; a rebase when the lemma
changed; the steps of a review request. The use cases are the application's own
(`app.correcting`), the context the CLI's, the wiki `tests/fakewiki.py`'s."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikitrack import store
from wikitrack.app import correcting
from wikitrack.app.context import Context
from wikitrack.app.watching import check_once
from wikitrack.config import Config
from wikitrack.corrections import workflow
from wikitrack.corrections.entries import Correction
from wikitrack.corrections.workflow import Proposal
from wikitrack.errors import InputError, WikiError
from wikitrack.watchlist.areas import Area, WatchedTitle
from wikitrack.watchlist.sync import sync_watchlists
from wikitrack.wiki.ports import (
    AuditWiki,
    CorrectionsScope,
    CorrectionsWiki,
    FactsScope,
    HealthWiki,
    Wiki,
)

from .conftest import PEOPLE
from .fakewiki import FakePage, FakeWiki

TITLE = "Wijkraad Almere"
ARTICLE = "{{Infobox gemeenteraad\n| zetels = 11\n}}\nDe wijkraad telt 11 leden.\n"
# a clean proposal: its number has a <ref>, so the guideline check finds nothing
PROPOSED = (
    "telt 13 leden<ref>{{Citeer web|url=https://www.almere.nl/wijkraad|titel=Wijkraad}}</ref>"
)
TEAM = (
    '[[team_accounts]]\nuser = "Anouk-GemeenteAlmere"\nperson = "A. de Vries"\n'
    '[[team_accounts]]\nuser = "Bram-GemeenteAlmere"\nperson = "B. Bos"\n'
)


@pytest.fixture
def wiki() -> FakeWiki:
    wiki = FakeWiki()
    wiki.actor("Pieter Bakker").edit(TITLE, ARTICLE, "nieuw")
    wiki.actor("Pieter Bakker").edit("Weerwater", "Een meer in [[Almere]].", "nieuw")
    return wiki


@pytest.fixture
def ctx(tmp_path: Path, wiki: FakeWiki) -> Context:
    """A config with [[people]] and two team accounts, the area 'bestuur' watching TITLE,
    synced and checked once (the baseline). The wiki is reached as the context's account, as
    a WikiClient is: `use_account` switches it."""
    (tmp_path / "watchlists").mkdir()
    (tmp_path / "watchlists" / "bestuur.toml").write_text(
        f'name = "Bestuur"\n\n[[lemma]]\ntitle = "{TITLE}"\n', encoding="utf-8"
    )
    (tmp_path / "wikitrack.toml").write_text(
        '[database]\npath = "wikitrack.db"\n[wiki]\nurl = "http://fake.example/api.php"\n'
        + TEAM
        + PEOPLE,
        encoding="utf-8",
    )

    def reach_as(config: Config) -> FakeWiki:
        wiki.user = config.wiki_user or wiki.user
        return wiki

    ctx = Context(config_path=tmp_path / "wikitrack.toml", quiet=True, wiki_factory=reach_as)
    sync_watchlists(ctx.db, wiki, [Area("bestuur", "Bestuur", lemmas=(WatchedTitle(TITLE),))])
    assert check_once(ctx).result.baselined == 1
    return ctx


def proposal(**changes: object) -> Proposal:
    fields: dict = dict(
        lemma=TITLE,
        area="bestuur",
        by="J. Smit",
        what="aantal leden klopt niet",
        proposed=PROPOSED,
        sources=("https://www.almere.nl/wijkraad",),
        find="telt 11 leden",
    )
    return Proposal(**(fields | changes))


def approved(ctx: Context, **changes: object) -> int:
    cid = correcting.propose_correction(ctx, proposal(**changes)).correction_id
    correcting.approve_correction(ctx, cid, by="A. de Vries")
    return cid


def correction(ctx: Context, cid: int) -> Correction:
    c = store.get_correction(ctx.db, cid)
    assert c is not None
    return c


def lemma(wiki: FakeWiki) -> FakePage:
    page = wiki.page(TITLE)
    assert page is not None
    return page


def steps(ctx: Context, cid: int) -> list[tuple[str, str, str]]:
    return [(e.actor, e.from_status, e.to_status) for e in store.correction_events(ctx.db, cid)]


def edits(wiki: FakeWiki) -> list[str]:
    return [args for method, args in wiki.calls if method == "edit"]


def test_the_fake_wiki_and_the_context_fill_the_ports(ctx: Context, wiki: FakeWiki):
    # mypy checks these assignments against the protocols (as for WikiClient in make_wiki)
    whole: Wiki = wiki
    parts: tuple[CorrectionsWiki, AuditWiki, HealthWiki] = (wiki, wiki, wiki)
    scopes: tuple[CorrectionsScope, FactsScope] = (ctx, ctx)
    assert whole is parts[0] is ctx.wiki and scopes[0].wiki is wiki


# -- propose ------------------------------------------------------------------------------------


def test_a_proposal_is_based_on_the_current_revision(ctx: Context, wiki: FakeWiki):
    step = correcting.propose_correction(ctx, proposal())
    assert (step.correction_id, step.status, step.findings, step.same_as) == (1, "proposed", (), ())
    c = correction(ctx, 1)
    assert (c.title, c.status, c.proposed_by, c.find) == (
        TITLE,
        "proposed",
        "J. Smit",
        "telt 11 leden",
    )
    assert c.base_revid == lemma(wiki).latest.revision.revid
    assert steps(ctx, 1) == [("J. Smit", "", "proposed")]
    assert edits(wiki) == []  # proposing never writes to the wiki


def test_the_same_proposal_again_names_the_open_one(ctx: Context):
    correcting.propose_correction(ctx, proposal())
    again = correcting.propose_correction(ctx, proposal(by="B. Bos"))
    assert again.same_as == (1,)


def test_a_find_text_the_lemma_lacks_is_refused_and_nothing_stored(ctx: Context):
    with pytest.raises(InputError, match=f"proposal for '{TITLE}' refused") as refused:
        correcting.propose_correction(ctx, proposal(find="telt 12 leden"))
    assert any("--find occurs 0 times" in p for p in refused.value.problems)
    assert list(store.iter_corrections(ctx.db)) == []


def test_a_proposer_outside_the_area_is_refused(ctx: Context):
    with pytest.raises(InputError) as refused:
        correcting.propose_correction(ctx, proposal(by="K. Visser"))
    assert any("K. Visser does not work for area 'bestuur'" in p for p in refused.value.problems)
    assert list(store.iter_corrections(ctx.db)) == []


def test_a_lemma_the_wiki_lacks_is_told_from_one_not_synced(ctx: Context, wiki: FakeWiki):
    with pytest.raises(InputError, match="'Bestaat Niet' does not exist on the wiki"):
        correcting.propose_correction(ctx, proposal(lemma="Bestaat Niet"))
    assert ("resolve_titles", ["Bestaat Niet"]) in wiki.calls
    with pytest.raises(InputError, match="unknown lemma 'Weerwater': not on any synced"):
        correcting.propose_correction(ctx, proposal(lemma="Weerwater"))


@pytest.mark.parametrize(
    "personal",
    ["bel 06-12345678", "mail jan.jansen@gmail.com", "BSN 111222333", "NL91ABNA0417164300"],
)
def test_the_guideline_refuses_personal_data_before_anything_is_stored(ctx: Context, personal: str):
    with pytest.raises(InputError, match="holds personal data") as refused:
        correcting.propose_correction(ctx, proposal(proposed=f"{PROPOSED} ({personal})"))
    assert refused.value.problems and all("STOP" in p for p in refused.value.problems)
    assert list(store.iter_corrections(ctx.db)) == []


def test_personal_data_in_an_approval_note_is_refused(ctx: Context):
    cid = correcting.propose_correction(ctx, proposal()).correction_id
    with pytest.raises(InputError, match="--note refused: it holds personal data"):
        correcting.approve_correction(ctx, cid, by="A. de Vries", note="bel 06-12345678")
    assert correction(ctx, cid).status == "proposed"


# -- approve: four eyes -------------------------------------------------------------------------


def test_the_proposer_may_not_approve_their_own_correction(ctx: Context):
    cid = correcting.propose_correction(ctx, proposal(by="B. Bos")).correction_id
    with pytest.raises(InputError, match="B. Bos proposed correction 1 and cannot approve it"):
        correcting.approve_correction(ctx, cid, by="B. Bos")
    assert steps(ctx, cid) == [("B. Bos", "", "proposed")]


def test_only_a_desk_editor_approves(ctx: Context):
    cid = correcting.propose_correction(ctx, proposal()).correction_id
    with pytest.raises(InputError, match="J. Smit proposed correction 1 and cannot approve"):
        correcting.approve_correction(ctx, cid, by="J. Smit")
    with pytest.raises(InputError, match="only desk editors approve corrections"):
        correcting.approve_correction(ctx, cid, by="K. Visser")
    step = correcting.approve_correction(ctx, cid, by="A. de Vries")
    assert (step.status, steps(ctx, cid)[-1]) == (
        "approved",
        ("A. de Vries", "proposed", "approved"),
    )


def test_a_warning_needs_accepting_and_the_trail_says_so(ctx: Context):
    cid = correcting.propose_correction(
        ctx, proposal(proposed="telt 13 leden<ref>CBS</ref> prachtige")
    ).correction_id
    with pytest.raises(InputError, match="has guideline warnings"):
        correcting.approve_correction(ctx, cid, by="A. de Vries")
    correcting.approve_correction(ctx, cid, by="A. de Vries", accept_warnings=True)
    assert store.correction_events(ctx.db, cid)[-1].note == "approve (accepted 1 warning)"


# -- apply through the team account, verify ------------------------------------------------------


def test_apply_edits_through_the_appliers_own_team_account(ctx: Context, wiki: FakeWiki):
    cid = approved(ctx)
    plan = correcting.plan_apply(ctx, cid, by="B. Bos")
    assert wiki.user == "Bram-GemeenteAlmere" and ctx.wiki.user == "Bram-GemeenteAlmere"
    assert "-De wijkraad telt 11 leden." in plan.diff
    assert f"+De wijkraad {PROPOSED}." in plan.diff
    assert edits(wiki) == []  # planning shows the edit, it does not make it
    step = correcting.apply_correction(ctx, plan, by="B. Bos")
    latest = lemma(wiki).latest
    assert step.revid == latest.revision.revid and latest.revision.user == "Bram-GemeenteAlmere"
    assert "Correctie #1 namens Gemeente Almere" in latest.revision.comment
    assert latest.text == ARTICLE.replace("telt 11 leden", PROPOSED)
    c = correction(ctx, cid)
    assert (c.status, c.applied_revid, c.applied_account) == (
        "applied",
        step.revid,
        "Bram-GemeenteAlmere",
    )


def test_a_desk_editor_without_an_account_of_their_own_is_refused(ctx: Context, wiki: FakeWiki):
    cid = approved(ctx)
    with pytest.raises(InputError, match="S. Bouali has no team account of their own"):
        correcting.plan_apply(ctx, cid, by="S. Bouali")
    with pytest.raises(InputError, match="only desk editors apply corrections"):
        correcting.plan_apply(ctx, cid, by="J. Smit")
    assert edits(wiki) == [] and correction(ctx, cid).status == "approved"


def test_the_next_check_verifies_an_applied_correction(ctx: Context):
    cid = approved(ctx)
    correcting.apply_correction(
        ctx, correcting.plan_apply(ctx, cid, by="A. de Vries"), by="A. de Vries"
    )
    assert check_once(ctx).outcomes == (f"correction {cid} ({TITLE}): verified",)
    assert steps(ctx, cid) == [
        ("J. Smit", "", "proposed"),
        ("A. de Vries", "proposed", "approved"),
        ("A. de Vries", "approved", "applied"),
        ("wikitrack check", "applied", "verified"),
    ]


def test_an_edit_in_between_plan_and_apply_is_a_conflict(ctx: Context, wiki: FakeWiki):
    cid = approved(ctx)
    plan = correcting.plan_apply(ctx, cid, by="A. de Vries")
    kees = wiki.actor("Kees Jansen")
    kees.edit(TITLE, kees.text(TITLE) + "\nOpgericht in 2015.", "aanvulling")
    with pytest.raises(WikiError, match="editconflict"):
        correcting.apply_correction(ctx, plan, by="A. de Vries")
    assert correction(ctx, cid).status == "approved"


def test_the_talk_route_posts_a_request_on_the_talk_page(ctx: Context, wiki: FakeWiki):
    cid = approved(ctx, via="talk")
    correcting.apply_correction(
        ctx, correcting.plan_apply(ctx, cid, by="A. de Vries"), by="A. de Vries"
    )
    talk = wiki.page(f"Overleg:{TITLE}")
    assert talk is not None and talk.latest.revision.user == "Anouk-GemeenteAlmere"
    assert "== Verzoek om correctie (#1): aantal leden klopt niet ==" in talk.text
    assert lemma(wiki).text == ARTICLE  # the lemma untouched


def test_record_links_a_team_accounts_hand_made_edit_only(ctx: Context, wiki: FakeWiki):
    cid = approved(ctx)
    other = wiki.actor("Kees Jansen").edit(TITLE, "Iets anders.", "x")
    with pytest.raises(InputError, match="'Kees Jansen' is not a configured team account"):
        correcting.record_correction(ctx, cid, other, by="A. de Vries")
    with pytest.raises(InputError, match="revision 999 does not exist"):
        correcting.record_correction(ctx, cid, 999, by="A. de Vries")
    mine = wiki.edit(TITLE, "De wijkraad telt 13 leden.", "Correctie #1 namens Gemeente Almere")
    assert correcting.record_correction(ctx, cid, mine, by="B. Bos").status == "applied"
    assert correction(ctx, cid).applied_revid == mine


# -- rebase -------------------------------------------------------------------------------------


def test_a_changed_lemma_is_refused_until_rebased(ctx: Context, wiki: FakeWiki):
    cid = approved(ctx)
    base = correction(ctx, cid).base_revid
    kees = wiki.actor("Kees Jansen")
    now = kees.edit(TITLE, kees.text(TITLE) + "\nOpgericht in 2015.", "aanvulling")
    with pytest.raises(InputError, match=f"'{TITLE}' changed since the proposal"):
        correcting.plan_apply(ctx, cid, by="A. de Vries")
    plan = correcting.plan_rebase(ctx, cid, by="A. de Vries")
    assert (plan.base_revid, plan.revid) == (base, now) and "+Opgericht in 2015." in plan.diff
    assert (
        correcting.rebase_correction(ctx, plan, by="A. de Vries", note="gezien").status
        == "approved"
    )
    rebased = store.correction_events(ctx.db, cid)[-1]
    assert rebased.note == f"rebased from revision {base} onto {now}: gezien"
    correcting.apply_correction(
        ctx, correcting.plan_apply(ctx, cid, by="A. de Vries"), by="A. de Vries"
    )
    text = lemma(wiki).text
    assert PROPOSED in text and "Opgericht in 2015." in text


def test_a_rebase_is_refused_when_the_find_text_is_gone_or_nothing_changed(
    ctx: Context, wiki: FakeWiki
):
    cid = approved(ctx)
    with pytest.raises(InputError, match="is already based on the current revision"):
        correcting.plan_rebase(ctx, cid, by="A. de Vries")
    kees = wiki.actor("Kees Jansen")
    kees.edit(TITLE, kees.text(TITLE).replace("telt 11 leden", "telt 12 leden"), "bijgewerkt")
    with pytest.raises(InputError, match="cannot be rebased onto revision"):
        correcting.plan_rebase(ctx, cid, by="A. de Vries")
    assert steps(ctx, cid)[-1] == ("A. de Vries", "proposed", "approved")


# -- review requests ----------------------------------------------------------------------------


def request(ctx: Context, reason: str = "Klopt het aantal zetels nog?", **how: object) -> int:
    fields: dict = dict(lemma=TITLE, area="bestuur", by="J. Smit", reason=reason, due=None)
    return correcting.request_review(ctx, **(fields | how)).request_id


def test_a_review_request_is_assigned_and_closed_with_its_outcome(ctx: Context):
    rid = request(ctx)
    with pytest.raises(InputError, match="only desk editors assign review requests"):
        correcting.assign_review(ctx, rid, to="A. de Vries", by="J. Smit")
    assigned = correcting.assign_review(ctx, rid, to="a. de vries", by=None)
    assert (assigned.status, assigned.assignee) == ("assigned", "A. de Vries")
    cid = correcting.propose_correction(ctx, proposal()).correction_id
    closed = correcting.close_review(ctx, rid, outcome="gecorrigeerd", correction_id=cid)
    assert closed.status == "done"
    trail = correcting.show_review(ctx, rid)
    assert (trail.review.outcome, trail.review.correction_id) == ("gecorrigeerd", cid)
    assert [(e.actor, e.from_status, e.to_status) for e in trail.events] == [
        ("J. Smit", "", "open"),
        ("A. de Vries", "open", "assigned"),
        ("A. de Vries", "assigned", "done"),
    ]
    with pytest.raises(InputError, match=f"review request {rid} is done: cannot assign it"):
        correcting.assign_review(ctx, rid, to="B. Bos", by="B. Bos")


def test_a_review_request_is_declined_withdrawn_or_refused_twice(ctx: Context):
    first = request(ctx)
    with pytest.raises(InputError, match=f"review request {first} on '{TITLE}' is still open"):
        request(ctx)
    second = request(ctx, force=True)
    assert (
        correcting.close_review(ctx, first, outcome="geen fout", declined=True, by="B. Bos").status
        == "declined"
    )
    assert workflow.withdraw_review(ctx.db, ctx.config, second, by="J. Smit") == "withdrawn"
    with pytest.raises(InputError, match="K. Visser does not work for area 'bestuur'"):
        request(ctx, by="K. Visser")
    with pytest.raises(InputError, match="--reason refused: it holds personal data"):
        request(ctx, reason="bel mij op 06-12345678")
    statuses = {r.id: r.status for r in correcting.list_reviews(ctx)}
    assert statuses == {first: "declined", second: "withdrawn"}
