"""The corrections workflow over the store and the wiki: the shell around `corrections` (pure).

Every team edit is traceable to a person (the account's owner in the config), an area and an
approval; `audit` finds the team edits nobody logged.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

from sqlite_utils import Database

from . import store
from .config import Config, Person, TeamAccount, find_person
from .corrections import (
    apply_to_text,
    audit_next_step,
    authors,
    check_actor,
    check_find,
    check_proposal,
    check_proposer,
    check_sources,
    edit_summary,
    next_status,
    outcome_after,
    plan_edit,
    talk_request,
)
from .errors import InputError
from .guideline import STOP, WARNING, Finding, check_text, mask_finding, rules_for
from .report import TIMEZONE, wiki_links
from .reviews import (
    check_desk,
    check_due,
    check_linked_correction,
    check_requester,
    next_review_status,
)
from .wikifacts import DISCLOSURE_MARKER

__all__ = [
    "propose_correction",
    "transition",
    "edit_correction",
    "approve_correction",
    "check_guideline",
    "guideline_of",
    "guideline_key",
    "waiting_with_findings",
    "prepare_rebase",
    "finish_rebase",
    "PlannedRebase",
    "prepare_apply",
    "finish_apply",
    "record_edit",
    "update_outcomes",
    "audit_team_edits",
    "team_account",
    "PlannedEdit",
]


def _correction_or_fail(db: Database, correction_id: int) -> dict[str, Any]:
    c = store.get_correction(db, correction_id)
    if c is None:
        raise InputError(f"no correction with ID {correction_id}")
    return c


def _allowed(
    db: Database, config: Config, correction_id: int, action: str, by: str
) -> tuple[dict[str, Any], Person, str]:
    """(correction, person, next status) once `by` may take `action` now; InputError
    otherwise, before anything is read from the wiki or written."""
    c = _correction_or_fail(db, correction_id)
    person = find_person(config.people, by)
    new = next_status(correction_id, c["status"], action)
    check_actor(action, person, c, store.correction_events(db, correction_id))
    return c, person, new


def _where(title: str, revid: int) -> str:
    return f"the current text of '{title}' (revision {revid})"


def check_guideline(
    db: Database, wiki: Any, config: Config, c: dict[str, Any], lemma_text: str
) -> list[Finding]:
    """The guideline check on what would reach the wiki: the proposed text, or the whole
    talk-page request, and the edit summary's own words (`--what`, the first source).

    The findings are stored with the correction with personal data masked (see
    `guideline.mask_finding`); the exact words are returned, for the terminal only."""
    rules = rules_for(config.language, config.guideline)
    if c["via"] == "talk":
        person = next(
            (a.person for a in config.team_accounts if a.user == wiki.user), DISCLOSURE_MARKER
        )
        text = talk_request(c, person)[1]
        # the request names who we are on purpose: the disclosure is no colleague's privacy
        lemma_text += "\n" + "\n".join(a.person for a in config.team_accounts)
    else:
        text = c["proposed"]
    findings = check_text(
        text,
        rules=rules,
        via=c["via"],
        lemma_text=lemma_text,
        sources=c["sources"],
        public_names=[r["title"] for r in db.query("SELECT title FROM lemmas")],
        summary=" ".join([c["what"], *c["sources"][:1]]),
    )
    store.save_guideline_findings(db, c["id"], [asdict(mask_finding(f)) for f in findings])
    return findings


def guideline_of(db: Database, wiki: Any, config: Config, correction_id: int) -> list[Finding]:
    """`correction check`: the guideline check against the lemma's current text."""
    c = _correction_or_fail(db, correction_id)
    text, _ = wiki.text_of(c["page_id"])
    return check_guideline(db, wiki, config, c, text)


def approve_correction(
    db: Database,
    wiki: Any,
    config: Config,
    correction_id: int,
    *,
    by: str,
    note: str = "",
    accept_warnings: bool = False,
) -> list[Finding]:
    """Approve after the guideline check: warnings need `accept_warnings`, which the event
    records (personal data masked); hard stops are shown here and refused at apply."""
    c, person, new = _allowed(db, config, correction_id, "approve", by)
    text, _ = wiki.text_of(c["page_id"])
    findings = check_guideline(db, wiki, config, c, text)
    warnings = [f for f in findings if f.level == WARNING]
    if warnings and not accept_warnings:
        raise InputError(
            f"correction {correction_id} has guideline warnings; approve with "
            "--accept-warnings once you have read them",
            [f.line() for f in warnings],
            private=True,  # the exact words, for the terminal only
        )
    accepted = [mask_finding(f).line() for f in warnings]
    store.update_correction(
        db,
        correction_id,
        actor=person.name,
        from_status=c["status"],
        to_status=new,
        note=(note or "approve") + (f" (accepted {len(accepted)} warnings)" if accepted else ""),
        action="approve",
        details={"accepted_warnings": accepted} if accepted else None,
    )
    return findings


def propose_correction(
    db: Database,
    wiki: Any,
    config: Config,
    *,
    lemma: str,
    area: str,
    by: str,
    what: str,
    proposed: str,
    sources: Sequence[str],
    find: str = "",
    via: str = "article",
    override_reason: str | None = None,
    override_by: str | None = None,
) -> tuple[int, list[Finding]]:
    """Store a proposal, or refuse it (InputError) with every reason at once; its ID and
    the guideline check's findings (exact words, for the terminal).

    The base revision is the lemma's current revision on the wiki (one request), and --find
    is checked against that text, so a bad proposal is refused now rather than at apply.
    """
    row = store.lemma_by_title(db, lemma)
    if row is None or row["namespace"] != 0:
        raise InputError(
            f"unknown lemma '{lemma}': not on any synced watchlist "
            "('wikitrack watchlist sync' first)"
        )
    if not what.strip() or not proposed.strip():
        raise InputError("--what and --proposed must not be empty")
    proposer = find_person(config.people, by)
    editor = find_person(config.people, override_by) if override_by else None
    known_areas = [a for a, _ in store.area_names(db)]
    if area not in known_areas:
        raise InputError(f"unknown area '{area}' (known areas: {', '.join(known_areas)})")
    areas = store.lemma_areas(db, row["page_id"])
    overridden = area not in areas
    problems = check_proposer(proposer, area, editor if overridden else None)
    problems += check_proposal(
        title=row["title"],
        area=area,
        lemma_areas=areas,
        sources=sources,
        override_reason=override_reason,
        override_by=override_by,
    )
    text, revid = wiki.text_of(row["page_id"])
    problems += check_find(
        find, text, via=via, proposed=proposed, where=_where(row["title"], revid)
    )
    if problems:
        raise InputError(f"proposal for '{row['title']}' refused", problems)
    note = f"override by {editor.name}: {override_reason}" if overridden and editor else ""
    cid = store.insert_correction(
        db,
        {
            "page_id": row["page_id"],
            "title": row["title"],
            "area": area,
            "proposed_by": proposer.name,
            "what": what,
            "find": find,
            "proposed": proposed,
            "sources": [s.strip() for s in sources if s.strip()],
            "via": via,
            "base_revid": revid,
            "override_reason": override_reason if overridden else None,
            "override_by": editor.name if overridden and editor else None,
        },
        actor=proposer.name,
        note=note,
    )
    return cid, check_guideline(db, wiki, config, _correction_or_fail(db, cid), text)


def transition(
    db: Database,
    config: Config,
    correction_id: int,
    action: str,
    *,
    by: str,
    note: str = "",
    **fields: Any,
) -> str:
    """Approve, reject or withdraw: the person must be allowed to (see `corrections`)."""
    c, person, new = _allowed(db, config, correction_id, action, by)
    store.update_correction(
        db,
        correction_id,
        actor=person.name,
        from_status=c["status"],
        to_status=new,
        note=note or action,
        action=action,
        **fields,
    )
    return new


def edit_correction(
    db: Database,
    wiki: Any,
    config: Config,
    correction_id: int,
    *,
    by: str,
    note: str = "",
    **changes: Any,
) -> str:
    """Change what, find, proposed text, sources or route before the correction is applied.

    The edited proposal meets the same rules as a new one against the lemma's current text,
    which becomes its base; the event keeps before and after. An approved correction goes
    back to proposed, since its approval was for other words.
    """
    c, person, new = _allowed(db, config, correction_id, "edit", by)
    if changes.get("sources") is not None:
        changes["sources"] = [s.strip() for s in changes["sources"] if s.strip()]
    text, revid = wiki.text_of(c["page_id"])
    before, after = plan_edit(c, {**changes, "base_revid": revid})
    merged = {**c, **after}
    # the own-area decision was taken at propose; the lemma and area do not change
    problems = check_sources(merged["sources"])
    problems += check_find(
        merged["find"],
        text,
        via=merged["via"],
        proposed=merged["proposed"],
        where=_where(c["title"], revid),
    )
    if not merged["what"].strip() or not merged["proposed"].strip():
        problems.append("--what and --proposed must not be empty")
    if problems:
        raise InputError(f"edit of correction {correction_id} refused", problems)
    changed = ", ".join(k for k in after if k != "base_revid")
    store.update_correction(
        db,
        correction_id,
        actor=person.name,
        from_status=c["status"],
        to_status=new,
        note=f"edited {changed}" + (f": {note}" if note else ""),
        action="edit",
        details={"before": before, "after": after},
        **after,
    )
    check_guideline(db, wiki, config, _correction_or_fail(db, correction_id), text)
    return new


@dataclass(frozen=True)
class PlannedRebase:
    """What `correction rebase` will accept: the lemma's edits since the proposal."""

    correction: dict[str, Any]
    base_revid: int
    revid: int
    diff: str


def _unified_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name, n=1
        )
    )


def prepare_rebase(
    db: Database, wiki: Any, config: Config, correction_id: int, *, by: str
) -> PlannedRebase:
    """The diff between the base and the current revision, for a desk editor to review;
    refused when --find no longer fits the current text (edit the correction then)."""
    c, _, _ = _allowed(db, config, correction_id, "rebase", by)
    text, revid = wiki.text_of(c["page_id"])
    if revid == c["base_revid"]:
        raise InputError(
            f"correction {correction_id} is already based on the current revision {revid}"
        )
    old = wiki.fetch_revision_texts([c["base_revid"]]).get(c["base_revid"], (None, ""))[0]
    problems = check_find(
        c["find"], text, via=c["via"], proposed=c["proposed"], where=_where(c["title"], revid)
    )
    if problems:
        raise InputError(
            f"correction {correction_id} cannot be rebased onto revision {revid}; change it "
            f"with 'wikitrack correction edit {correction_id}'",
            problems,
        )
    diff = _unified_diff(
        old if old is not None else "",
        text,
        f"{c['title']} (revision {c['base_revid']}, the base)",
        f"{c['title']} (revision {revid}, now)",
    )
    return PlannedRebase(c, c["base_revid"], revid, diff)


def finish_rebase(
    db: Database, config: Config, plan: PlannedRebase, *, by: str, note: str = ""
) -> str:
    """Record the new base; the event keeps both revision numbers, whatever the note."""
    c = plan.correction
    numbers = f"rebased from revision {plan.base_revid} onto {plan.revid}"
    return transition(
        db,
        config,
        c["id"],
        "rebase",
        by=by,
        note=f"{numbers}: {note}" if note else numbers,
        details={"before": {"base_revid": plan.base_revid}, "after": {"base_revid": plan.revid}},
        base_revid=plan.revid,
    )


def team_account(config: Config, user: str) -> TeamAccount:
    for account in config.team_accounts:
        if account.user == user:
            return account
    raise InputError(
        f"'{user}' is not a configured team account ([[team_accounts]] lists "
        f"{', '.join(a.user for a in config.team_accounts) or 'none'})"
    )


@dataclass(frozen=True)
class PlannedEdit:
    """What `correction apply` will do, shown before it does it."""

    correction: dict[str, Any]
    title: str
    new_text: str
    summary: str
    diff: str
    base_revid: int
    section_title: str | None = None
    guideline_override: str | None = None
    stops: tuple[str, ...] = ()  # as the trail keeps them: personal data masked


def _summary(config: Config, c: dict[str, Any], person: str) -> str:
    first_source = c["sources"][0] if c["sources"] else ""
    return edit_summary(c["id"], c["what"], person, config.language, first_source)


def _guideline_stops(
    db: Database,
    wiki: Any,
    config: Config,
    c: dict[str, Any],
    lemma_text: str,
    person: Person,
    override: str | None,
) -> tuple[str, ...]:
    """The hard stops of the guideline check, masked for the trail; InputError (with the
    exact words) unless a desk editor other than the proposer overrides them with a reason."""
    stops = [f for f in check_guideline(db, wiki, config, c, lemma_text) if f.level == STOP]
    if stops and not (override and override.strip()):
        raise InputError(
            f"correction {c['id']} breaks the guideline and is not applied; a desk editor may "
            '--override-guideline "REASON" (recorded in the trail)',
            [f.line() for f in stops],
            private=True,  # the exact words, for the terminal only
        )
    if stops and person.name in authors(c, store.correction_events(db, c["id"])):
        raise InputError(
            f"{person.name} wrote correction {c['id']}: another desk editor must override the "
            "guideline (four eyes)"
        )
    return tuple(mask_finding(f).line() for f in stops)


def prepare_apply(
    db: Database,
    wiki: Any,
    config: Config,
    correction_id: int,
    *,
    by: str,
    override_guideline: str | None = None,
) -> PlannedEdit:
    """Plan the edit; refuse when `by` is no desk editor, the lemma changed since the base
    revision, or the text breaks the guideline without a desk editor's override."""
    c, person, _ = _allowed(db, config, correction_id, "apply", by)
    account = team_account(config, wiki.user)
    current, revid = wiki.text_of(c["page_id"])
    stops = _guideline_stops(db, wiki, config, c, current, person, override_guideline)
    override = override_guideline if stops else None
    if c["via"] == "talk":
        section_title, text = talk_request(c, account.person)
        summary = _summary(config, c, account.person)
        return PlannedEdit(
            c,
            f"Overleg:{c['title']}",
            text,
            summary,
            "\n".join(f"+ {line}" for line in text.splitlines()),
            0,
            section_title,
            override,
            stops,
        )
    if revid != c["base_revid"]:
        raise InputError(
            f"correction {correction_id}: '{c['title']}' changed since the proposal (base "
            f"revision {c['base_revid']}, now {revid}); review the new version and run "
            f"'wikitrack correction rebase {correction_id} --by NAME' first"
        )
    new_text = apply_to_text(current, c["find"], c["proposed"], correction_id)
    diff = _unified_diff(current, new_text, f"{c['title']} (revision {revid})", "after correction")
    summary = _summary(config, c, account.person)
    return PlannedEdit(c, c["title"], new_text, summary, diff, revid, None, override, stops)


def finish_apply(db: Database, wiki: Any, config: Config, plan: PlannedEdit, *, by: str) -> int:
    """Make the planned edit through the team account and record it."""
    c = plan.correction
    if plan.section_title is not None:
        new_revid = wiki.edit(
            plan.title, plan.new_text, plan.summary, section="new", section_title=plan.section_title
        )
    else:
        new_revid = wiki.edit(plan.title, plan.new_text, plan.summary, base_revid=plan.base_revid)
    override = (
        f"; guideline overridden: {plan.guideline_override}" if plan.guideline_override else ""
    )
    transition(
        db,
        config,
        c["id"],
        "apply",
        by=by,
        note=f"revision {new_revid} as {wiki.user}{override}",
        details={"guideline_override": plan.guideline_override, "stops": list(plan.stops)}
        if plan.guideline_override
        else None,
        applied_revid=new_revid,
        applied_account=wiki.user,
        talk_section=plan.section_title,
    )
    return int(new_revid)


def record_edit(
    db: Database, wiki: Any, config: Config, correction_id: int, revid: int, *, by: str
) -> None:
    """Link a hand-made edit: revision `revid` must exist, be on the lemma (or its talk
    page, for the talk route) and be made by a team account."""
    c, _, _ = _allowed(db, config, correction_id, "record", by)
    rev = wiki.fetch_revisions_by_id([revid]).get(revid)
    if rev is None:
        raise InputError(f"revision {revid} does not exist on the wiki")
    lemma = store.lemma_by_title(db, c["title"]) or {}
    allowed = {c["page_id"], lemma.get("talk_id")}
    if rev.page_id not in allowed:
        raise InputError(f"revision {revid} is not on '{c['title']}' (it is on page {rev.page_id})")
    team_account(config, rev.user)
    transition(
        db,
        config,
        correction_id,
        "record",
        by=by,
        note=f"revision {revid} by {rev.user}",
        applied_revid=revid,
        applied_account=rev.user,
    )


def update_outcomes(
    db: Database, latest_texts: dict[int, str | None], run_id: int | None
) -> list[str]:
    """After a check: verify applied corrections the check has seen, and mark reverted or
    overwritten ones. Returns one line per change of status."""
    lines = []
    for c in list(store.iter_corrections(db, status="applied")) + list(
        store.iter_corrections(db, status="verified")
    ):
        revid = c["applied_revid"]
        seen = db.execute("SELECT reverted_by FROM revisions WHERE revid = ?", [revid]).fetchone()
        if seen is None:
            continue
        action = outcome_after(
            c["status"],
            reverted=bool(seen[0]),
            latest_text=latest_texts.get(c["page_id"]),
            proposed=c["proposed"],
            via=c["via"],
        )
        if action is None:
            continue
        new = next_status(c["id"], c["status"], action)
        note = {
            "revert": f"reverted by revision {seen[0]}",
            "overwrite": "the corrected text is gone from the latest revision",
            "verify": f"revision {revid} seen on the wiki",
        }[action]
        store.update_correction(
            db,
            c["id"],
            actor="wikitrack check",
            from_status=c["status"],
            to_status=new,
            note=note,
            action=action,
        )
        if action in ("revert", "overwrite"):
            # A revert names its revision and so its author; an overwrite is only known from
            # the latest text, so it names no one rather than a guess.
            undoing = seen[0] if action == "revert" else _latest_revid(db, c["page_id"])
            rev = db.execute(
                "SELECT user, timestamp FROM revisions WHERE revid = ?", [undoing]
            ).fetchone()
            store.save_correction_change(
                db,
                correction=c,
                kind=f"correction_{new}",
                revid=undoing,
                run_id=run_id,
                user=rev[0] if rev and action == "revert" else "",
                timestamp=rev[1] if rev else None,
            )
        lines.append(f"correction {c['id']} ({c['title']}): {new}")
    return lines


def _latest_revid(db: Database, page_id: int) -> int | None:
    row = db.execute("SELECT last_revid FROM lemmas WHERE page_id = ?", [page_id]).fetchone()
    return row[0] if row else None


def plan_audit(
    db: Database,
) -> tuple[dict[int, dict[str, Any]], dict[int, dict[str, Any]], set[int]]:
    """What the audit reconciles the wiki's contributions with, from the database alone:
    corrections by applied revision, approved corrections by page (and talk page), and every
    watched page ID."""
    corrections = list(store.iter_corrections(db))
    logged = {c["applied_revid"]: c for c in corrections if c["applied_revid"]}
    # an unlogged edit on a page with an approved correction is most likely that correction
    approved: dict[int, dict[str, Any]] = {}
    for c in corrections:
        if c["status"] == "approved":
            lemma = store.lemma_by_title(db, c["title"]) or {}
            for page_id in (c["page_id"], lemma.get("talk_id")):
                if page_id:
                    approved.setdefault(page_id, c)
    watched = {
        r["page_id"]
        for r in db.query(
            "SELECT page_id FROM area_lemmas UNION SELECT talk_id FROM lemmas l JOIN area_lemmas "
            "a USING (page_id) WHERE talk_id IS NOT NULL"
        )
    }
    return logged, approved, watched


def audit_team_edits(
    db: Database,
    wiki: Any,
    config: Config,
    *,
    since: str | None,
    progress: Callable[[int], None] = lambda n: None,
) -> list[dict[str, Any]]:
    """Reconcile every contribution of every team account with the log. Each finding has
    its date, a link to the diff on the wiki and the next step to take."""
    users = [a.user for a in config.team_accounts]
    if not users:
        raise InputError("no team accounts configured ([[team_accounts]] in the config)")
    logged, approved, watched = plan_audit(db)
    index = wiki_links(wiki.api_url)[0]
    findings: list[dict[str, Any]] = []
    seen: set[int] = set()

    def finding(
        kind: str,
        revid: int | None,
        title: str,
        user: str,
        detail: str,
        correction: dict[str, Any] | None = None,
        date: str = "",
    ) -> None:
        facts = {
            "finding": kind,
            "date": date,
            "revid": revid,
            "title": title,
            "user": user,
            "correction": correction["id"] if correction else None,
            "detail": detail,
            "diff_url": f"{index}?{urlencode({'diff': 'prev', 'oldid': revid})}" if revid else "",
        }
        findings.append({**facts, "next_step": audit_next_step(facts)})

    for title, rev in wiki.iter_user_contribs(users, since):
        seen.add(rev.revid)
        progress(1)
        logged_c = logged.get(rev.revid)
        if logged_c is None:
            finding(
                "no_correction",
                rev.revid,
                title,
                rev.user,
                f"edit without a logged correction: {rev.comment}",
                approved.get(rev.page_id),
                rev.timestamp,
            )
        elif logged_c["override_reason"]:
            finding(
                "outside_area",
                rev.revid,
                title,
                rev.user,
                f"outside area '{logged_c['area']}' (override by {logged_c['override_by']}: "
                f"{logged_c['override_reason']})",
                logged_c,
                rev.timestamp,
            )
        if rev.page_id not in watched:
            finding(
                "unwatched_page",
                rev.revid,
                title,
                rev.user,
                "edit on a page no watchlist contains",
                date=rev.timestamp,
            )
        if DISCLOSURE_MARKER.lower() not in rev.comment.lower():
            finding(
                "no_disclosure",
                rev.revid,
                title,
                rev.user,
                f"summary lacks '{DISCLOSURE_MARKER}': {rev.comment}",
                date=rev.timestamp,
            )
    missing = [revid for revid in logged if revid not in seen]
    found = wiki.fetch_revisions_by_id(missing) if missing else {}
    for revid in missing:
        c = logged[revid]
        rev = found.get(revid)
        if rev is None:
            finding(
                "revision_missing",
                revid,
                c["title"],
                c["applied_account"] or "",
                "correction marked applied, but its revision does not exist",
                c,
                c["updated"],
            )
        elif rev.user not in users:
            finding(
                "not_a_team_edit",
                revid,
                c["title"],
                rev.user,
                "correction marked applied, but the revision is by someone else",
                c,
                rev.timestamp,
            )
    for c in store.iter_corrections(db, status="reverted"):
        finding(
            "correction_reverted",
            c["applied_revid"],
            c["title"],
            c["applied_account"] or "",
            f"correction {c['id']} was reverted: {c['what']}",
            c,
            c["updated"],
        )
    return findings


# -- review requests ------------------------------------------------------------------------------


def request_review(
    db: Database,
    config: Config,
    *,
    lemma: str,
    area: str,
    by: str,
    reason: str,
    due: str | None,
    today: date | None = None,
    source: str = "cli",
) -> int:
    """File a review request for a watched lemma of `area` (clear English errors first; the
    database triggers are the backstop that the web form meets)."""
    from .wikifacts import normalize_title

    person = find_person(config.people, by)
    known = [a for a, _ in store.area_names(db)]
    if area not in known:
        raise InputError(f"unknown area '{area}' (known areas: {', '.join(known)})")
    check_requester(person, area)
    row = store.lemma_by_title(db, lemma)
    if row is None or area not in store.lemma_areas(db, row["page_id"]):
        raise InputError(f"'{normalize_title(lemma)}' is not on the watchlist of area '{area}'")
    if not reason.strip():
        raise InputError("--reason must not be empty")
    check_due(due, today or datetime.now(TIMEZONE).date())
    return store.insert_review(
        db, title=row["title"], area=area, by=person.name, reason=reason, due=due, source=source
    )


def review_transition(
    db: Database,
    config: Config,
    request_id: int,
    action: str,
    *,
    by: str,
    note: str = "",
    **fields: Any,
) -> str:
    """Assign, close or decline a request: done by desk editors; a linked correction must be
    about the request's lemma. An assignee must be a desk editor too."""
    r = store.get_review(db, request_id)
    if r is None:
        raise InputError(f"no review request with ID {request_id}")
    person = find_person(config.people, by)
    check_desk(person, f"{action} review requests")
    if fields.get("assignee"):
        assignee = find_person(config.people, fields["assignee"])
        check_desk(assignee, "take review requests")
        fields["assignee"] = assignee.name
    if fields.get("correction_id"):
        cid = fields["correction_id"]
        check_linked_correction(r, store.get_correction(db, cid), cid)
    new = next_review_status(request_id, r["status"], action)
    store.update_review(
        db,
        request_id,
        actor=person.name,
        from_status=r["status"],
        to_status=new,
        note=note or action,
        **fields,
    )
    return new


def waiting_with_findings(db: Database) -> list[dict[str, Any]]:
    """Corrections not yet applied whose last guideline check found something."""
    return [
        c
        for status in ("proposed", "approved")
        for c in store.iter_corrections(db, status=status)
        if c["guideline"]
    ]


def guideline_key(correction: dict[str, Any]) -> str:
    """Names a correction's findings as they stand: a mail tells them once, and again only
    when an edit changes them."""
    rules = sorted({f"{f['level']}:{f['rule']}" for f in correction["guideline"]})
    return f"guideline:{correction['id']}:{','.join(rules)}"


def overdue_reviews(db: Database, today: Any) -> list[dict[str, Any]]:
    from .reviews import is_overdue

    return [r for r in store.iter_reviews(db) if is_overdue(r["status"], r["due"], today)]
