"""The corrections workflow over the store and the wiki: the shell around `corrections` (pure).

Every team edit is traceable to a person (the account's owner in the config), an area and an
approval; `audit` finds the team edits nobody logged. The decisions are in `corrections` and
`reviews` (pure, on our `Correction` and `ReviewRequest`); this module reads what they need
from the store and the wiki, and saves what they decide.
"""

from __future__ import annotations

import difflib
import secrets
import sqlite3
import uuid
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from wikitrack import store
from wikitrack.check.describe import plural
from wikitrack.check.records import Lemma, StoredRevision
from wikitrack.config import Config, Person, TeamAccount, find_person, own_account
from wikitrack.corrections.entries import Correction, ReviewRequest
from wikitrack.corrections.guideline import (
    STOP,
    WARNING,
    Finding,
    check_text,
    guideline_key,
    mask_finding,
    personal_data,
    rules_for,
)
from wikitrack.corrections.redaction import (
    Redaction,
    RedactionsFile,
    check_redaction,
    digest,
    find_by_digest,
    redact_place,
    redactions_file,
)
from wikitrack.corrections.reviews import (
    DuplicateRequest,
    check_desk,
    check_linked_correction,
    check_requester,
    check_withdrawer,
    find_duplicate,
    is_overdue,
    next_review_status,
    parse_due,
    typed_text,
)
from wikitrack.corrections.rules import (
    AuditLog,
    TeamEdits,
    apply_to_text,
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
from wikitrack.errors import InputError, StorageError
from wikitrack.report.rendering import TIMEZONE
from wikitrack.watchlist.lists import check_known_area
from wikitrack.wiki.ports import AuditWiki, CorrectionsScope
from wikitrack.wiki.sitefacts import DISCLOSURE_MARKER, normalize_title, talk_title

if TYPE_CHECKING:  # lazy: keeps --help free of sqlite-utils (issue 27)
    from sqlite_utils import Database

__all__ = [
    "Proposal",
    "log_proposal",
    "transition",
    "log_edit",
    "log_approval",
    "check_guideline",
    "guideline_of",
    "guideline_key",
    "waiting_with_findings",
    "prepare_rebase",
    "finish_rebase",
    "PlannedRebase",
    "applying_account",
    "prepare_apply",
    "finish_apply",
    "record_edit",
    "update_outcomes",
    "read_audit_log",
    "fetch_team_edits",
    "team_account",
    "PlannedEdit",
    "log_review_request",
    "review_transition",
    "overdue_reviews",
    "redact_text",
    "reapply_redactions",
    "check_redactions_file",
    "refuse_personal_notes",
    "personal_data_in",
]


def _correction_or_fail(db: Database, correction_id: int) -> Correction:
    c = store.get_correction(db, correction_id)
    if c is None:
        raise InputError(f"no correction with ID {correction_id}")
    return c


def _allowed(
    db: Database, config: Config, correction_id: int, action: str, by: str
) -> tuple[Correction, Person, str]:
    """(correction, person, next status) once `by` may take `action` now; InputError
    otherwise, before anything is read from the wiki or written."""
    c = _correction_or_fail(db, correction_id)
    person = find_person(config.people, by)
    new = next_status(correction_id, c.status, action)
    check_actor(action, person, c, store.correction_events(db, correction_id))
    return c, person, new


def _where(title: str, revid: int) -> str:
    return f"the current text of '{title}' (revision {revid})"


def _check_known_area(db: Database, area: str) -> None:
    check_known_area(area, [a for a, _ in store.area_names(db)])


def _guideline_findings(ctx: CorrectionsScope, c: Correction, lemma_text: str) -> list[Finding]:
    """The guideline check on what would reach the wiki: the proposed text, or the whole
    talk-page request, and the edit summary's own words (`--what`, the first source)."""
    db, config = ctx.db, ctx.config
    rules = rules_for(config.language, config.guideline)
    if c.via == "talk":
        text = talk_request(c, _request_signer(config, ctx.wiki.user))[1]
        # the request names who we are on purpose: the disclosure is no colleague's privacy
        lemma_text += "\n" + "\n".join(a.person for a in config.team_accounts)
    else:
        text = c.proposed
    return check_text(
        text,
        rules=rules,
        via=c.via,
        lemma_text=lemma_text,
        sources=list(c.sources),
        public_names=store.lemma_titles(db),
        summary=" ".join([c.what, *c.sources[:1]]),
    )


def _request_signer(config: Config, user: str) -> str:
    return next((a.person for a in config.team_accounts if a.user == user), DISCLOSURE_MARKER)


def check_guideline(ctx: CorrectionsScope, c: Correction, lemma_text: str) -> list[Finding]:
    """The guideline check (`_guideline_findings`), its findings stored with the correction
    with personal data masked (see `guideline.mask_finding`); the exact words are returned,
    for the terminal only."""
    findings = _guideline_findings(ctx, c, lemma_text)
    store.save_guideline_findings(ctx.db, c.id, [asdict(mask_finding(f)) for f in findings])
    return findings


def _refuse_personal_data(
    ctx: CorrectionsScope, draft: Correction, lemma_text: str, what: str
) -> None:
    """InputError, before anything is stored, when the text holds personal data (a BSN, an
    IBAN, a mobile number, a personal e-mail address): the log is kept for years and may
    never hold it (AVG), so the person retypes it. The exact words go to the terminal only."""
    found = personal_data(_guideline_findings(ctx, draft, lemma_text))
    if found:
        raise InputError(
            f"{what} refused: it holds personal data, which the corrections log may not keep "
            "(AVG); nothing was stored. Retype it without them (a functional address such as "
            "info@... is fine; [guideline] functional_mail in the config adds others)",
            [f.line() for f in found],
            private=True,
        )


def personal_data_in(config: Config, text: str) -> list[Finding]:
    """The guideline's personal-data hard stops (BSN, IBAN, mobile number, personal e-mail
    address) that `text` holds."""
    rules = rules_for(config.language, config.guideline)
    return personal_data(check_text(text, rules=rules, via="talk")) if text else []


def refuse_personal_notes(config: Config, **texts: str | None) -> None:
    """InputError when a note (or an override's reason, a review request's reason or
    outcome) holds personal data, before anything is stored: the trail keeps notes for good,
    as it keeps proposals."""
    for name, text in texts.items():
        found = personal_data_in(config, text or "")
        if found:
            raise InputError(
                f"--{name.replace('_', '-')} refused: it holds personal data, which the "
                "log may not keep (AVG); nothing was stored. Retype it without them",
                [f.line() for f in found],
                private=True,
            )


def guideline_of(ctx: CorrectionsScope, correction_id: int) -> list[Finding]:
    """`correction check`: the guideline check against the lemma's current text."""
    db = ctx.db
    c = _correction_or_fail(db, correction_id)
    text, _ = ctx.wiki.text_of(c.page_id)
    return check_guideline(ctx, c, text)


def log_approval(
    ctx: CorrectionsScope,
    correction_id: int,
    *,
    by: str,
    note: str = "",
    accept_warnings: bool = False,
) -> list[Finding]:
    """Approve after the guideline check: warnings need `accept_warnings`, which the event
    records (personal data masked); hard stops are shown here and refused at apply."""
    db, config = ctx.db, ctx.config
    c, person, new = _allowed(db, config, correction_id, "approve", by)
    refuse_personal_notes(config, note=note)
    text, _ = ctx.wiki.text_of(c.page_id)
    findings = check_guideline(ctx, c, text)
    warnings = [f for f in findings if f.level == WARNING]
    if warnings and not accept_warnings:
        raise InputError(
            f"correction {correction_id} has guideline warnings; approve with "
            "--accept-warnings once you have read them",
            [f.line() for f in warnings],
            private=True,  # the exact words, for the terminal only
        )
    accepted = [mask_finding(f).line() for f in warnings]
    _save_correction_step(
        db,
        c,
        person,
        new,
        (note or "approve")
        + (f" (accepted {plural(len(accepted), 'warning')})" if accepted else ""),
        action="approve",
        details={"accepted_warnings": accepted} if accepted else None,
    )
    return findings


# -- propose: parse, validate, build, save ----------------------------------------------------


@dataclass(frozen=True)
class Proposal:
    """A proposal as its proposer gives it (`correction propose`), before any check."""

    lemma: str
    area: str
    by: str
    what: str
    proposed: str
    sources: tuple[str, ...]
    find: str = ""
    via: str = "article"
    override_reason: str | None = None
    override_by: str | None = None
    delete: bool = False  # remove the --find text: --proposed stays empty


def _proposed_lemma(ctx: CorrectionsScope, title: str) -> Lemma:
    row = store.lemma_by_title(ctx.db, title)
    if row is not None and row.namespace == 0:
        return row
    if row is None:
        # Sync stores no page for a title the wiki lacks: "sync first" would send the desk
        # round in a circle. One request tells the two apart.
        found = ctx.wiki.resolve_titles([title])
        if found and found[0].page_id is None and not found[0].invalid:
            raise InputError(
                f"'{normalize_title(title)}' does not exist on the wiki (watchlist sync "
                "reports it as missing): correct its title in the watchlist, or propose on "
                "the page it was moved to"
            )
    raise InputError(
        f"unknown lemma '{title}': not on any synced watchlist ('wikitrack watchlist sync' first)"
    )


def _proposal_problems(
    p: Proposal,
    *,
    title: str,
    lemma_areas: list[str],
    proposer: Person,
    editor: Person | None,
    text: str,
    revid: int,
) -> list[str]:
    """Every reason to refuse the proposal at once (empty: accepted); `editor` is the desk
    editor overriding the own-area rule, when the lemma is outside the area."""
    problems = check_proposer(proposer, p.area, editor)
    problems += check_proposal(
        title=title,
        area=p.area,
        lemma_areas=lemma_areas,
        sources=p.sources,
        override_reason=p.override_reason,
        override_by=p.override_by,
    )
    problems += check_find(p.find, text, via=p.via, proposed=p.proposed, where=_where(title, revid))
    return problems


def _new_correction(
    p: Proposal, lemma: Lemma, proposer: Person, editor: Person | None, revid: int
) -> dict[str, Any]:
    """The stored fields of an accepted proposal; an override only when it was needed."""
    return {
        "page_id": lemma.page_id,
        "title": lemma.title,
        "area": p.area,
        "proposed_by": proposer.name,
        "what": p.what,
        "find": p.find,
        "proposed": p.proposed,
        "sources": [s.strip() for s in p.sources if s.strip()],
        "via": p.via,
        "base_revid": revid,
        "override_reason": p.override_reason if editor else None,
        "override_by": editor.name if editor else None,
    }


def _check_texts(p: Proposal) -> None:
    """--what and either --proposed or --delete (which removes the --find text)."""
    if not p.what.strip():
        raise InputError("--what must not be empty")
    if p.delete and p.proposed:
        raise InputError("give --proposed or --delete, not both")
    if p.delete and not p.find:
        raise InputError("--delete removes the --find text: give --find too")
    if not p.delete and not p.proposed.strip():
        raise InputError(
            "--proposed must not be empty; to remove the --find text, give --delete instead"
        )


def _draft(fields: dict[str, Any]) -> Correction:
    """A correction not stored yet, for the checks that come before storing."""
    return Correction(
        **{
            **fields,
            "sources": tuple(fields["sources"]),
            "id": 0,
            "status": "proposed",
            "applied_revid": None,
            "applied_account": None,
            "talk_section": None,
            "created": "",
            "updated": "",
        }
    )


def same_open_corrections(db: Database, c: Correction) -> list[int]:
    """Open corrections (proposed or approved) other than `c` that make the very same change
    to the same page: most likely one was filed twice."""
    return [
        other.id
        for status in ("proposed", "approved")
        for other in store.iter_corrections(db, status=status)
        if other.id != c.id
        and other.page_id == c.page_id
        and (other.find, other.proposed, other.via) == (c.find, c.proposed, c.via)
    ]


def log_proposal(ctx: CorrectionsScope, p: Proposal) -> tuple[int, list[Finding], list[int]]:
    """Store a proposal, or refuse it (InputError) with every reason at once; its ID, the
    guideline check's findings (exact words, for the terminal) and the open corrections it
    repeats (a warning, like a second review request).

    The base revision is the lemma's current revision on the wiki (one request), and --find
    is checked against that text, so a bad proposal is refused now rather than at apply.
    Personal data is refused before anything is stored (`_refuse_personal_data`).
    """
    db, config = ctx.db, ctx.config
    lemma = _proposed_lemma(ctx, p.lemma)
    _check_texts(p)
    refuse_personal_notes(config, override_reason=p.override_reason)
    proposer = find_person(config.people, p.by)
    editor = find_person(config.people, p.override_by) if p.override_by else None
    _check_known_area(db, p.area)
    areas = store.lemma_areas(db, lemma.page_id)
    overriding = editor if p.area not in areas else None
    text, revid = ctx.wiki.text_of(lemma.page_id)
    problems = _proposal_problems(
        p,
        title=lemma.title,
        lemma_areas=areas,
        proposer=proposer,
        editor=overriding,
        text=text,
        revid=revid,
    )
    if problems:
        raise InputError(f"proposal for '{lemma.title}' refused", problems)
    fields = _new_correction(p, lemma, proposer, overriding, revid)
    _refuse_personal_data(ctx, _draft(fields), text, f"proposal for '{lemma.title}'")
    cid = store.insert_correction(
        db,
        fields,
        actor=proposer.name,
        note=f"override by {overriding.name}: {p.override_reason}" if overriding else "",
    )
    c = _correction_or_fail(db, cid)
    return cid, check_guideline(ctx, c, text), same_open_corrections(db, c)


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
    refuse_personal_notes(config, note=note)
    _save_correction_step(db, c, person, new, note or action, action=action, **fields)
    return new


def _save_step(
    save: Callable[..., None],
    db: Database,
    row_id: int,
    actor: str,
    from_status: str,
    to_status: str,
    note: str,
    **fields: Any,
) -> None:
    """A correction's or a review request's new status and its event, through `save`."""
    save(db, row_id, actor=actor, from_status=from_status, to_status=to_status, note=note, **fields)


def _save_correction_step(
    db: Database, c: Correction, person: Person, new: str, note: str, **fields: Any
) -> None:
    _save_step(store.update_correction, db, c.id, person.name, c.status, new, note, **fields)


def _edit_problems(c: Correction, merged: dict[str, Any], text: str, revid: int) -> list[str]:
    """An edited proposal meets the rules of a new one (the own-area decision was taken at
    propose: the lemma and area do not change); an empty --proposed removes the --find text
    (`--delete`), so it needs one."""
    problems = check_sources(merged["sources"])
    problems += check_find(
        merged["find"],
        text,
        via=merged["via"],
        proposed=merged["proposed"],
        where=_where(c.title, revid),
    )
    if not merged["what"].strip():
        problems.append("--what must not be empty")
    if not merged["proposed"].strip() and not merged["find"]:
        problems.append("an empty --proposed (--delete) removes the --find text: give --find")
    return problems


def log_edit(
    ctx: CorrectionsScope,
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
    db, config = ctx.db, ctx.config
    c, person, new = _allowed(db, config, correction_id, "edit", by)
    refuse_personal_notes(config, note=note)
    if changes.get("sources") is not None:
        changes["sources"] = tuple(s.strip() for s in changes["sources"] if s.strip())
    if changes.get("proposed") == "":
        raise InputError(
            "--proposed must not be empty; to remove the --find text, give --delete instead"
        )
    if changes.pop("delete", False):
        if changes.get("proposed"):
            raise InputError("give --proposed or --delete, not both")
        changes["proposed"] = ""
    text, revid = ctx.wiki.text_of(c.page_id)
    before, after = plan_edit(c, {**changes, "base_revid": revid})
    problems = _edit_problems(c, {**c.as_dict(), **after}, text, revid)
    if problems:
        raise InputError(f"edit of correction {correction_id} refused", problems)
    _refuse_personal_data(ctx, replace(c, **after), text, f"edit of correction {correction_id}")
    changed = ", ".join(k for k in after if k != "base_revid")
    _save_correction_step(
        db,
        c,
        person,
        new,
        f"edited {changed}" + (f": {note}" if note else ""),
        action="edit",
        details={"before": before, "after": after},
        **after,
    )
    check_guideline(ctx, _correction_or_fail(db, correction_id), text)
    return new


@dataclass(frozen=True)
class PlannedRebase:
    """What `correction rebase` will accept: the lemma's edits since the proposal."""

    correction: Correction
    base_revid: int
    revid: int
    diff: str


def _unified_diff(old: str, new: str, old_name: str, new_name: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), old_name, new_name, n=1
        )
    )


def prepare_rebase(ctx: CorrectionsScope, correction_id: int, *, by: str) -> PlannedRebase:
    """The diff between the base and the current revision, for a desk editor to review;
    refused when --find no longer fits the current text (edit the correction then)."""
    db, config = ctx.db, ctx.config
    c, _, _ = _allowed(db, config, correction_id, "rebase", by)
    base = c.base_revid or 0
    text, revid = ctx.wiki.text_of(c.page_id)
    if revid == base:
        raise InputError(
            f"correction {correction_id} is already based on the current revision {revid}"
        )
    old = ctx.wiki.fetch_revision_texts([base]).get(base, (None, ""))[0]
    problems = check_find(
        c.find, text, via=c.via, proposed=c.proposed, where=_where(c.title, revid)
    )
    if problems:
        raise InputError(
            f"correction {correction_id} cannot be rebased onto revision {revid}; change it "
            f"with 'wikitrack correction edit {correction_id}'",
            problems,
        )
    names = (f"{c.title} (revision {base}, the base)", f"{c.title} (revision {revid}, now)")
    return PlannedRebase(c, base, revid, _unified_diff(old or "", text, *names))


def finish_rebase(
    db: Database, config: Config, plan: PlannedRebase, *, by: str, note: str = ""
) -> str:
    """Record the new base; the event keeps both revision numbers, whatever the note."""
    numbers = f"rebased from revision {plan.base_revid} onto {plan.revid}"
    return transition(
        db,
        config,
        plan.correction.id,
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

    correction: Correction
    title: str
    new_text: str
    summary: str
    diff: str
    base_revid: int
    section_title: str | None = None
    guideline_override: str | None = None
    stops: tuple[str, ...] = ()  # as the trail keeps them: personal data masked


def _summary(config: Config, c: Correction, person: str) -> str:
    return edit_summary(c.id, c.what, person, config.language, c.sources[0] if c.sources else "")


def _guideline_stops(
    ctx: CorrectionsScope,
    c: Correction,
    lemma_text: str,
    person: Person,
    override: str | None,
) -> tuple[str, ...]:
    """The hard stops of the guideline check, masked for the trail; InputError (with the
    exact words) unless a desk editor other than the proposer overrides them with a reason."""
    db = ctx.db
    stops = [f for f in check_guideline(ctx, c, lemma_text) if f.level == STOP]
    if stops and not (override and override.strip()):
        raise InputError(
            f"correction {c.id} breaks the guideline and is not applied; a desk editor may "
            '--override-guideline "REASON" (recorded in the trail)',
            [f.line() for f in stops],
            private=True,  # the exact words, for the terminal only
        )
    if stops and person.name in authors(c, store.correction_events(db, c.id)):
        raise InputError(
            f"{person.name} wrote correction {c.id}: another desk editor must override the "
            "guideline (four eyes)"
        )
    return tuple(mask_finding(f).line() for f in stops)


def applying_account(ctx: CorrectionsScope, correction_id: int, *, by: str) -> TeamAccount:
    """The account `by` applies the correction through: their own team account, never a
    colleague's (nl.wikipedia's accounts are personal); InputError with the fix when they may
    not apply it or have none. Nothing is read from the wiki."""
    config = ctx.config
    _, person, _ = _allowed(ctx.db, config, correction_id, "apply", by)
    account = own_account(config, person)
    if account is None:
        others = ", ".join(a.person for a in config.team_accounts) or "nobody yet"
        where = config.path or "the config"
        raise InputError(
            f"{person.name} has no team account of their own, and nobody edits through a "
            "colleague's personal account (nl.wikipedia's rule). Create a personal account on "
            "the wiki (disclosed on its user page) with a BotPassword, add it to pywikibot's "
            f'password file and to {where} as [[team_accounts]] user = "..." person = '
            f'"{person.name}"; or let a desk editor with an account apply it ({others})'
        )
    return account


def prepare_apply(
    ctx: CorrectionsScope,
    correction_id: int,
    *,
    by: str,
    override_guideline: str | None = None,
) -> PlannedEdit:
    """Plan the edit through `by`'s own account (`applying_account`; `ctx.wiki` must be
    logged in as it); refuse when `by` is no desk editor, the lemma changed since the base
    revision, or the text breaks the guideline without a desk editor's override."""
    db, config = ctx.db, ctx.config
    c, person, _ = _allowed(db, config, correction_id, "apply", by)
    account = applying_account(ctx, correction_id, by=by)
    if ctx.wiki.user != account.user:
        raise InputError(f"the wiki is reached as {ctx.wiki.user}, not as {account.user}")
    current, revid = ctx.wiki.text_of(c.page_id)
    refuse_personal_notes(config, override_guideline=override_guideline)
    stops = _guideline_stops(ctx, c, current, person, override_guideline)
    override = override_guideline if stops else None
    summary = _summary(config, c, person.name)
    if c.via == "talk":
        section_title, text = talk_request(c, person.name)
        diff = "\n".join(f"+ {line}" for line in text.splitlines())
        return PlannedEdit(
            c, talk_title(c.title), text, summary, diff, 0, section_title, override, stops
        )
    if revid != c.base_revid:
        raise InputError(
            f"correction {correction_id}: '{c.title}' changed since the proposal (base "
            f"revision {c.base_revid}, now {revid}); review the new version and run "
            f"'wikitrack correction rebase {correction_id} --by NAME' first"
        )
    new_text = apply_to_text(current, c.find, c.proposed, correction_id)
    diff = _unified_diff(current, new_text, f"{c.title} (revision {revid})", "after correction")
    return PlannedEdit(c, c.title, new_text, summary, diff, revid, None, override, stops)


def finish_apply(ctx: CorrectionsScope, plan: PlannedEdit, *, by: str) -> int:
    """Make the planned edit through the team account and record it."""
    db, config = ctx.db, ctx.config
    if plan.section_title is not None:
        new_revid = ctx.wiki.edit(
            plan.title, plan.new_text, plan.summary, section="new", section_title=plan.section_title
        )
    else:
        new_revid = ctx.wiki.edit(
            plan.title, plan.new_text, plan.summary, base_revid=plan.base_revid
        )
    override = plan.guideline_override
    transition(
        db,
        config,
        plan.correction.id,
        "apply",
        by=by,
        note=f"revision {new_revid} as {ctx.wiki.user}"
        + (f"; guideline overridden: {override}" if override else ""),
        details={"guideline_override": override, "stops": list(plan.stops)} if override else None,
        applied_revid=new_revid,
        applied_account=ctx.wiki.user,
        talk_section=plan.section_title,
    )
    return int(new_revid)


def record_edit(ctx: CorrectionsScope, correction_id: int, revid: int, *, by: str) -> None:
    """Link a hand-made edit: revision `revid` must exist, be on the lemma (or its talk
    page, for the talk route) and be made by a team account."""
    db, config = ctx.db, ctx.config
    c, _, _ = _allowed(db, config, correction_id, "record", by)
    rev = ctx.wiki.fetch_revisions_by_id([revid]).get(revid)
    if rev is None:
        raise InputError(f"revision {revid} does not exist on the ctx.wiki")
    if rev.page_id not in {c.page_id, _talk_page(db, c)}:
        raise InputError(f"revision {revid} is not on '{c.title}' (it is on page {rev.page_id})")
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


def _talk_page(db: Database, c: Correction) -> int | None:
    """The talk page of the correction's lemma, found by title as the lemma is stored now."""
    lemma = store.lemma_by_title(db, c.title)
    return lemma.talk_id if lemma else None


# -- outcomes after a check ---------------------------------------------------------------------

_OUTCOME_NOTES = {
    "revert": "reverted by revision {reverted_by}",
    "overwrite": "the corrected text is gone from the latest revision",
    "verify": "revision {revid} seen on the wiki",
}


def update_outcomes(
    db: Database, latest_texts: dict[int, str | None], run_id: int | None
) -> list[str]:
    """After a check: verify applied corrections the check has seen, and mark reverted or
    overwritten ones. Returns one line per change of status."""
    lines = []
    for c in [
        *store.iter_corrections(db, status="applied"),
        *store.iter_corrections(db, status="verified"),
    ]:
        seen = store.stored_revision(db, c.applied_revid)
        if seen is None:
            continue
        action = outcome_after(
            c.status,
            reverted=bool(seen.reverted_by),
            latest_text=latest_texts.get(c.page_id),
            proposed=c.proposed,
            via=c.via,
            find=c.find,
        )
        if action is None:
            continue
        new = next_status(c.id, c.status, action)
        store.update_correction(
            db,
            c.id,
            actor="wikitrack check",
            from_status=c.status,
            to_status=new,
            note=_OUTCOME_NOTES[action].format(reverted_by=seen.reverted_by, revid=c.applied_revid),
            action=action,
        )
        if action in ("revert", "overwrite"):
            _save_undoing(db, c, action, new, seen, run_id)
        lines.append(f"correction {c.id} ({c.title}): {new}")
    return lines


def _save_undoing(
    db: Database, c: Correction, action: str, new: str, seen: StoredRevision, run_id: int | None
) -> None:
    """The revert or overwrite as a change, for reports. A revert names its revision and so
    its author; an overwrite is only known from the latest text, so it names no one rather
    than a guess."""
    undoing = seen.reverted_by if action == "revert" else store.latest_revid(db, c.page_id)
    rev = store.stored_revision(db, undoing)
    store.save_correction_change(
        db,
        correction=c,
        kind=f"correction_{new}",
        revid=undoing,
        run_id=run_id,
        user=rev.user if rev and action == "revert" else "",
        timestamp=rev.timestamp if rev else None,
    )


# -- audit: read the log, fetch the team's edits; corrections.plan_audit_findings plans ------


def read_audit_log(db: Database) -> AuditLog:
    """What the audit reconciles the wiki's contributions with, from the database alone:
    corrections by applied revision, approved corrections by page (and talk page), every
    watched page ID and the reverted corrections."""
    corrections = list(store.iter_corrections(db))
    # an unlogged edit on a page with an approved correction is most likely that correction
    approved: dict[int, Correction] = {}
    for c in corrections:
        if c.status == "approved":
            for page_id in (c.page_id, _talk_page(db, c)):
                if page_id:
                    approved.setdefault(page_id, c)
    return AuditLog(
        logged={c.applied_revid: c for c in corrections if c.applied_revid},
        approved=approved,
        watched=frozenset(store.watched_page_ids(db)),
        reverted=tuple(c for c in corrections if c.status == "reverted"),
    )


def fetch_team_edits(
    wiki: AuditWiki,
    users: Sequence[str],
    since: str | None,
    logged: Sequence[int],
    progress: Callable[[int], None] = lambda n: None,
) -> TeamEdits:
    """Every contribution of the team accounts since `since`, and the logged revisions that
    are not among them (by ID: deleted, or by someone else)."""
    contribs = []
    for title, rev in wiki.iter_user_contribs(list(users), since):
        contribs.append((title, rev))
        progress(1)
    seen = {rev.revid for _, rev in contribs}
    missing = [revid for revid in logged if revid not in seen]
    found = wiki.fetch_revisions_by_id(missing) if missing else {}
    return TeamEdits(contribs=tuple(contribs), logged_revisions=dict(found))


# -- review requests ------------------------------------------------------------------------------


def log_review_request(
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
    force: bool = False,
) -> int:
    """File a review request for a watched lemma of `area` (clear English errors first; the
    database triggers are the backstop that the web form meets). A request that says what an
    open one of the lemma says is refused (DuplicateRequest) unless `force`."""
    person = find_person(config.people, by)
    _check_known_area(db, area)
    check_requester(person, area)
    row = store.lemma_by_title(db, lemma)
    if row is None or area not in store.lemma_areas(db, row.page_id):
        raise InputError(f"'{normalize_title(lemma)}' is not on the watchlist of area '{area}'")
    reason = typed_text(reason, "--reason")
    refuse_personal_notes(config, reason=reason)
    due = parse_due(due, today or datetime.now(TIMEZONE).date())
    twin = None if force else find_duplicate(reason, store.open_reviews_of(db, row.title))
    if twin is not None:
        raise DuplicateRequest(
            f"review request {twin.id} on '{twin.title}' is still {twin.status} with the same "
            "reason: add --force to file it again",
            twin.id,
        )
    return store.insert_review(
        db, title=row.title, area=area, by=person.name, reason=reason, due=due, source=source
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
    about the request's lemma. An assignee must be a desk editor too, and named."""
    r = _review_or_fail(db, request_id)
    person = find_person(config.people, by)
    check_desk(person, f"{action} review requests")
    if action == "assign":
        if not (fields.get("assignee") or "").strip():
            raise InputError(f"review request {request_id}: say who takes it (--to)")
        assignee = find_person(config.people, fields["assignee"])
        check_desk(assignee, "take review requests")
        fields["assignee"] = assignee.name  # as [[people]] writes it, never as typed
        note = f"assigned to {assignee.name}"
    if "outcome" in fields:
        fields["outcome"] = note = typed_text(fields["outcome"] or "", "--outcome")
    refuse_personal_notes(config, outcome=fields.get("outcome"), note=note)
    if fields.get("correction_id"):
        cid = fields["correction_id"]
        check_linked_correction(r, store.get_correction(db, cid), cid)
    new = next_review_status(request_id, r.status, action)
    _save_step(
        store.update_review, db, request_id, person.name, r.status, new, note or action, **fields
    )
    return new


def withdraw_review(db: Database, config: Config, request_id: int, *, by: str) -> str:
    """The requester takes back their own open request (the desk declines one instead)."""
    r = _review_or_fail(db, request_id)
    person = find_person(config.people, by)
    check_withdrawer(person, r, "withdraw")
    new = next_review_status(request_id, r.status, "withdraw")
    _save_step(store.update_review, db, request_id, person.name, r.status, new, "withdrawn")
    return new


def edit_review(
    db: Database,
    config: Config,
    request_id: int,
    *,
    by: str,
    reason: str,
    due: str | None,
    today: date | None = None,
) -> str:
    """The requester changes the reason or due date of their own open request; the trail keeps
    what they were (an event open -> open)."""
    r = _review_or_fail(db, request_id)
    person = find_person(config.people, by)
    check_withdrawer(person, r, "edit")
    new = next_review_status(request_id, r.status, "edit")
    was = {"reason": r.reason, "due": r.due or None}
    # A due date left as it was stays, even once it has passed: an overdue request is the one
    # its requester most wants to update.
    kept = (due or "").strip() == (r.due or "")
    changed = {
        "reason": typed_text(reason, "--reason"),
        "due": was["due"] if kept else parse_due(due, today or datetime.now(TIMEZONE).date()),
    }
    refuse_personal_notes(config, reason=changed["reason"])
    fields = {k: v for k, v in changed.items() if v != was[k]}
    if not fields:
        raise InputError(f"review request {request_id}: the reason and due date are unchanged")
    note = "edited " + "; ".join(f"{k} (was: {was[k] or 'none'})" for k in fields)
    _save_step(store.update_review, db, request_id, person.name, r.status, new, note, **fields)
    return new


def _review_or_fail(db: Database, request_id: int) -> ReviewRequest:
    r = store.get_review(db, request_id)
    if r is None:
        raise InputError(f"no review request with ID {request_id}")
    return r


def waiting_with_findings(db: Database) -> list[dict[str, Any]]:
    """Corrections not yet applied whose last guideline check found something, as the report
    takes them (plain data)."""
    return [
        c.as_dict()
        for status in ("proposed", "approved")
        for c in store.iter_corrections(db, status=status)
        if c.guideline
    ]


def overdue_reviews(db: Database, today: date) -> list[dict[str, Any]]:
    """Review requests past their due date and still open, as the report takes them."""
    return [r.as_dict() for r in store.iter_reviews(db) if is_overdue(r.status, r.due, today)]


# -- redaction (AVG): the rules and the hash in `redaction`, the rewrite in the store ----------


def redact_text(
    ctx: CorrectionsScope, correction_id: int, *, by: str, text: str, reason: str
) -> tuple[Redaction, bool]:
    """Replace `text` by the marker in every stored value of the correction, its events and
    wherever it travelled (`store.places_with`), as one event by a desk editor; the
    redaction (with the keyed hash, never the text) goes into the redactions file first, so a
    restore re-applies it whatever happens next. Also returns whether the WAL was emptied."""
    db, config = ctx.db, ctx.config
    c = _correction_or_fail(db, correction_id)
    person = find_person(config.people, by)
    check_desk(person, "redact corrections")
    check_redaction(text, reason)
    refuse_personal_notes(config, reason=reason)
    places = store.places_with(db, correction_id, text)
    if not places:
        raise InputError(
            f"correction {correction_id} does not hold that text; give it exactly as "
            f"'wikitrack correction show {correction_id}' shows it (capitals and spaces too)"
        )
    file = redactions_file(config.db_path)
    key, salt = file.key(), secrets.token_hex(16)
    redaction = Redaction(
        id=uuid.uuid4().hex,
        correction_id=correction_id,
        at=store.now_iso(),
        actor=person.name,
        reason=reason.strip(),
        salt=salt,
        digest=digest(key, salt, text),
        length=len(text),
        places=tuple(p.name for p in places),
    )
    file.add(redaction)
    rewritten = [redact_place(p, text) for p in places]
    return redaction, store.save_redaction(db, redaction, rewritten, c.status)


def check_redactions_file(ctx: CorrectionsScope) -> None:
    """Before a restore: StorageError when the live database records a redaction that the
    redactions file lacks (the file was lost or replaced), since the restored backup would
    then bring back personal data erased since. A database too damaged to read is no
    witness: the file is all there is."""
    try:
        recorded = store.file_redaction_ids(ctx.config.db_path)  # not migrated: kept as it is
    except sqlite3.Error:
        return
    file = redactions_file(ctx.config.db_path)
    lost = recorded - {r.id for r in file.redactions()}
    if lost:
        raise StorageError(
            f"{file.path} lacks {len(lost)} redaction(s) the database records: a restored "
            "backup would bring back personal data erased since (AVG). Put the file back from "
            "where it was kept, then restore"
        )


def reapply_redactions(db: Database, file: RedactionsFile) -> tuple[list[Redaction], list[str]]:
    """After a restore, on the restored database `db` before it is put in place: every
    redaction in the redactions file that it lacks, applied again wherever its text is found
    (by its keyed hash) in the correction or the places the redaction recorded. Returns the
    redactions applied and, one line each, those that could not be and why."""
    pending = [r for r in file.redactions() if r.id not in store.redaction_ids(db)]
    done, skipped = [], []
    for r in pending:
        c = store.get_correction(db, r.correction_id)
        if c is None:
            skipped.append(
                f"redaction {r.id[:12]} (correction {r.correction_id}): the backup predates the "
                "correction, so it holds none of its values; look for the text in the backup's "
                "other tables by hand"
            )
            continue
        looked = [*store.correction_places(db, r.correction_id), *store.places_named(db, r.places)]
        text = find_by_digest([p.strings() for p in looked], file.key(), r)
        if text is None:
            skipped.append(
                f"redaction {r.id[:12]} (correction {r.correction_id}): the text is in none of "
                f"the {len(looked)} place(s) this backup has of the {len(r.places)} it was "
                "removed from (the backup predates it there)"
            )
            continue
        places = store.places_with(db, r.correction_id, text)
        again = replace(r, places=tuple(p.name for p in places))
        store.save_redaction(db, again, [redact_place(p, text) for p in places], c.status)
        done.append(again)
    return done, skipped
