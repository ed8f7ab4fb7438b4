"""The corrections workflow over the store and the wiki: the shell around `corrections` (pure).

Every team edit is traceable to a person (the account's owner in the config), an area and an
approval; `audit` finds the team edits nobody logged.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from . import store
from .config import Config, TeamAccount
from .corrections import (
    apply_to_text,
    check_proposal,
    edit_summary,
    next_status,
    outcome_after,
    talk_request,
)
from .errors import InputError
from .wikifacts import DISCLOSURE_MARKER

__all__ = [
    "propose_correction",
    "transition",
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


def propose_correction(
    db: Database,
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
) -> int:
    """Store a proposal, or refuse it (InputError) with every reason at once."""
    row = store.lemma_by_title(db, lemma)
    if row is None or row["namespace"] != 0:
        raise InputError(
            f"unknown lemma '{lemma}': not on any synced watchlist "
            "('wikitrack watchlist sync' first)"
        )
    if not by.strip() or not what.strip() or not proposed.strip():
        raise InputError("--by, --what and --proposed must not be empty")
    areas = store.lemma_areas(db, row["page_id"])
    known_areas = [a for a, _ in store.area_names(db)]
    if area not in known_areas:
        raise InputError(f"unknown area '{area}' (known areas: {', '.join(known_areas)})")
    problems = check_proposal(
        title=row["title"],
        area=area,
        lemma_areas=areas,
        sources=sources,
        override_reason=override_reason,
        override_by=override_by,
    )
    if problems:
        raise InputError(f"proposal for '{row['title']}' refused", problems)
    overridden = area not in areas
    note = f"override by {override_by}: {override_reason}" if overridden else ""
    return store.insert_correction(
        db,
        {
            "page_id": row["page_id"],
            "title": row["title"],
            "area": area,
            "proposed_by": by,
            "what": what,
            "find": find,
            "proposed": proposed,
            "sources": [s.strip() for s in sources if s.strip()],
            "via": via,
            "base_revid": row["last_revid"],
            "override_reason": override_reason if overridden else None,
            "override_by": override_by if overridden else None,
        },
        actor=by,
        note=note,
    )


def transition(
    db: Database, correction_id: int, action: str, *, by: str, note: str = "", **fields: Any
) -> str:
    c = _correction_or_fail(db, correction_id)
    new = next_status(correction_id, c["status"], action)
    store.update_correction(
        db,
        correction_id,
        actor=by,
        from_status=c["status"],
        to_status=new,
        note=note or action,
        **fields,
    )
    return new


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


def prepare_apply(db: Database, wiki: Any, config: Config, correction_id: int) -> PlannedEdit:
    """Plan the edit; refuse when the lemma changed since the base revision."""
    c = _correction_or_fail(db, correction_id)
    next_status(correction_id, c["status"], "apply")
    account = team_account(config, wiki.user)
    if c["via"] == "talk":
        section_title, text = talk_request(c, account.person)
        summary = edit_summary(correction_id, c["what"], account.person, config.language)
        return PlannedEdit(
            c,
            f"Overleg:{c['title']}",
            text,
            summary,
            "\n".join(f"+ {line}" for line in text.splitlines()),
            0,
            section_title,
        )
    current, revid = wiki.text_of(c["page_id"])
    if revid != c["base_revid"]:
        raise InputError(
            f"correction {correction_id}: '{c['title']}' changed since the proposal (base "
            f"revision {c['base_revid']}, now {revid}); review the new version and run "
            f"'wikitrack correction rebase {correction_id} --by NAME' first"
        )
    new_text = apply_to_text(current, c["find"], c["proposed"], correction_id)
    diff = "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True),
            new_text.splitlines(keepends=True),
            f"{c['title']} (revision {revid})",
            "after correction",
            n=1,
        )
    )
    summary = edit_summary(correction_id, c["what"], account.person, config.language)
    return PlannedEdit(c, c["title"], new_text, summary, diff, revid)


def finish_apply(db: Database, wiki: Any, plan: PlannedEdit, *, by: str) -> int:
    """Make the planned edit through the team account and record it."""
    c = plan.correction
    if plan.section_title is not None:
        new_revid = wiki.edit(
            plan.title, plan.new_text, plan.summary, section="new", section_title=plan.section_title
        )
    else:
        new_revid = wiki.edit(plan.title, plan.new_text, plan.summary, base_revid=plan.base_revid)
    transition(
        db,
        c["id"],
        "apply",
        by=by,
        note=f"revision {new_revid} as {wiki.user}",
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
    c = _correction_or_fail(db, correction_id)
    next_status(correction_id, c["status"], "record")
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
            db, c["id"], actor="wikitrack check", from_status=c["status"], to_status=new, note=note
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


def audit_team_edits(
    db: Database,
    wiki: Any,
    config: Config,
    *,
    since: str | None,
    progress: Callable[[int], None] = lambda n: None,
) -> list[dict[str, Any]]:
    """Reconcile every contribution of every team account with the log."""
    users = [a.user for a in config.team_accounts]
    if not users:
        raise InputError("no team accounts configured ([[team_accounts]] in the config)")
    logged = {c["applied_revid"]: c for c in store.iter_corrections(db) if c["applied_revid"]}
    watched = {
        r["page_id"]
        for r in db.query(
            "SELECT page_id FROM area_lemmas UNION SELECT talk_id FROM lemmas l JOIN area_lemmas "
            "a USING (page_id) WHERE talk_id IS NOT NULL"
        )
    }
    findings: list[dict[str, Any]] = []
    seen: set[int] = set()

    def finding(
        kind: str,
        revid: int | None,
        title: str,
        user: str,
        detail: str,
        correction: int | None = None,
    ) -> None:
        findings.append(
            {
                "finding": kind,
                "revid": revid,
                "title": title,
                "user": user,
                "correction": correction,
                "detail": detail,
            }
        )

    for title, rev in wiki.iter_user_contribs(users, since):
        seen.add(rev.revid)
        progress(1)
        c = logged.get(rev.revid)
        if c is None:
            finding(
                "no_correction",
                rev.revid,
                title,
                rev.user,
                f"edit without a logged correction: {rev.comment}",
            )
        elif c["override_reason"]:
            finding(
                "outside_area",
                rev.revid,
                title,
                rev.user,
                f"outside area '{c['area']}' (override by {c['override_by']}: "
                f"{c['override_reason']})",
                c["id"],
            )
        if rev.page_id not in watched:
            finding(
                "unwatched_page", rev.revid, title, rev.user, "edit on a page no watchlist contains"
            )
        if DISCLOSURE_MARKER.lower() not in rev.comment.lower():
            finding(
                "no_disclosure",
                rev.revid,
                title,
                rev.user,
                f"summary lacks '{DISCLOSURE_MARKER}': {rev.comment}",
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
                c["id"],
            )
        elif rev.user not in users:
            finding(
                "not_a_team_edit",
                revid,
                c["title"],
                rev.user,
                "correction marked applied, but the revision is by someone else",
                c["id"],
            )
        elif since and rev.timestamp < since:
            continue
    for c in store.iter_corrections(db, status="reverted"):
        finding(
            "correction_reverted",
            c["applied_revid"],
            c["title"],
            c["applied_account"] or "",
            f"correction {c['id']} was reverted: {c['what']}",
            c["id"],
        )
    return findings


# -- review requests ------------------------------------------------------------------------------


def request_review(
    db: Database, *, lemma: str, area: str, by: str, reason: str, due: str | None
) -> int:
    """File a review request for a watched lemma of `area` (clear English errors first; the
    database triggers are the backstop that the web form meets)."""
    from .wikifacts import normalize_title

    known = [a for a, _ in store.area_names(db)]
    if area not in known:
        raise InputError(f"unknown area '{area}' (known areas: {', '.join(known)})")
    row = store.lemma_by_title(db, lemma)
    if row is None or area not in store.lemma_areas(db, row["page_id"]):
        raise InputError(f"'{normalize_title(lemma)}' is not on the watchlist of area '{area}'")
    if not reason.strip():
        raise InputError("--reason must not be empty")
    if due:
        from datetime import date

        try:
            date.fromisoformat(due)
        except ValueError:
            raise InputError(f"--due '{due}' is not a date (YYYY-MM-DD)") from None
    return store.insert_review(db, title=row["title"], area=area, by=by, reason=reason, due=due)


def review_transition(
    db: Database, request_id: int, action: str, *, by: str, note: str = "", **fields: Any
) -> str:
    from .reviews import next_review_status

    r = store.get_review(db, request_id)
    if r is None:
        raise InputError(f"no review request with ID {request_id}")
    if fields.get("correction_id") and store.get_correction(db, fields["correction_id"]) is None:
        raise InputError(f"no correction with ID {fields['correction_id']}")
    new = next_review_status(request_id, r["status"], action)
    store.update_review(
        db,
        request_id,
        actor=by,
        from_status=r["status"],
        to_status=new,
        note=note or action,
        **fields,
    )
    return new


def overdue_reviews(db: Database, today: Any) -> list[dict[str, Any]]:
    from .reviews import is_overdue

    return [r for r in store.iter_reviews(db) if is_overdue(r["status"], r["due"], today)]
