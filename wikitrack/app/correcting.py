"""Use cases of the corrections log, review requests and the audit.

Each takes the `Context` and the command's arguments as plain values and returns a result
object that the CLI (and the web) render; none prints, none imports click."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wikitrack import store
from wikitrack.app.context import Context, verify_own_wiki
from wikitrack.corrections import workflow
from wikitrack.corrections.entries import Correction, CorrectionEvent, ReviewEvent, ReviewRequest
from wikitrack.corrections.guideline import Finding
from wikitrack.corrections.redaction import Redaction
from wikitrack.corrections.rules import AuditFinding, plan_audit_findings
from wikitrack.errors import (
    EXIT_PARTIAL,
    ConfigError,
    InputError,
)
from wikitrack.report.rendering import wiki_links
from wikitrack.wiki.sitefacts import typed_title

if TYPE_CHECKING:  # check imports the diff workers; only the type is needed here
    pass


# -- corrections, reviews and audit --------------------------------------------------------------
# The commands `correction ...`, `review ...` and `audit`. The rules are in `corrections` and
# `reviews` (pure); `workflow` reads and writes the store and the wiki for them.


@dataclass(frozen=True)
class CorrectionStep:
    """A correction after one step: its status now and the guideline check's findings (the
    exact words, for the terminal only; the log keeps them masked)."""

    correction_id: int
    status: str
    findings: tuple[Finding, ...] = ()
    revid: int | None = None  # the revision of an applied or recorded edit
    same_as: tuple[int, ...] = ()  # open corrections that make the very same change


@dataclass(frozen=True)
class CorrectionTrail:
    """A correction with every step of its trail."""

    correction: Correction
    events: tuple[CorrectionEvent, ...]


@dataclass(frozen=True)
class ReviewStep:
    """A review request after one step."""

    request_id: int
    status: str
    assignee: str | None = None  # set by `assign`, to say to whom


def propose_correction(ctx: Context, proposal: workflow.Proposal) -> CorrectionStep:
    proposal = replace(proposal, lemma=typed_title(proposal.lemma))
    cid, findings, same = workflow.log_proposal(ctx, proposal)
    return CorrectionStep(cid, "proposed", tuple(findings), same_as=tuple(same))


def approve_correction(
    ctx: Context, correction_id: int, *, by: str, note: str = "", accept_warnings: bool = False
) -> CorrectionStep:
    findings = workflow.log_approval(
        ctx,
        correction_id,
        by=by,
        note=note,
        accept_warnings=accept_warnings,
    )
    return CorrectionStep(correction_id, "approved", tuple(findings))


def transition_correction(
    ctx: Context, correction_id: int, action: str, *, by: str, note: str = ""
) -> CorrectionStep:
    """reject, withdraw: a step that needs nothing from the wiki."""
    new = workflow.transition(ctx.db, ctx.config, correction_id, action, by=by, note=note)
    return CorrectionStep(correction_id, new)


def check_correction(ctx: Context, correction_id: int) -> tuple[Finding, ...]:
    """The guideline check against the lemma's current text (exact words, terminal only)."""
    return tuple(workflow.guideline_of(ctx, correction_id))


def plan_rebase(ctx: Context, correction_id: int, *, by: str) -> workflow.PlannedRebase:
    """The lemma's edits since the base revision (read from the wiki), to confirm."""
    verify_own_wiki(ctx)
    return workflow.prepare_rebase(ctx, correction_id, by=by)


def rebase_correction(
    ctx: Context, plan: workflow.PlannedRebase, *, by: str, note: str = ""
) -> CorrectionStep:
    new = workflow.finish_rebase(ctx.db, ctx.config, plan, by=by, note=note)
    return CorrectionStep(plan.correction.id, new)


def edit_correction(
    ctx: Context, correction_id: int, *, by: str, note: str = "", **changes: Any
) -> CorrectionStep:
    new = workflow.log_edit(ctx, correction_id, by=by, note=note, **changes)
    return CorrectionStep(correction_id, new)


def plan_apply(
    ctx: Context, correction_id: int, *, by: str, override_guideline: str | None = None
) -> workflow.PlannedEdit:
    """The edit `apply` would make, to show (and confirm) before it is made: through the
    applying person's own team account, which the wiki is reached as from here on."""
    if ctx.wiki_target.missing:  # a config without a wiki is refused before anything else
        raise ConfigError(ctx.wiki_target.missing)
    ctx.use_account(workflow.applying_account(ctx, correction_id, by=by).user)
    verify_own_wiki(ctx)
    return workflow.prepare_apply(ctx, correction_id, by=by, override_guideline=override_guideline)


def apply_correction(ctx: Context, plan: workflow.PlannedEdit, *, by: str) -> CorrectionStep:
    revid = workflow.finish_apply(ctx, plan, by=by)
    return CorrectionStep(plan.correction.id, "applied", revid=revid)


def record_correction(ctx: Context, correction_id: int, revid: int, *, by: str) -> CorrectionStep:
    verify_own_wiki(ctx)
    workflow.record_edit(ctx, correction_id, revid, by=by)
    return CorrectionStep(correction_id, "applied", revid=revid)


@dataclass(frozen=True)
class Redacted:
    """`correction redact`: where the text was replaced, whether the WAL was emptied, and
    how long older backups keep it (they expire by the retention rule)."""

    correction_id: int
    redaction: Redaction
    wal_emptied: bool
    backups: int  # backups the retention rule removes in time
    keep_weeks: int
    also_in: tuple[int, ...] = ()  # other corrections that hold the same text
    by_hand: tuple[Path, ...] = ()  # copies of the database nothing removes: by hand


def redact_correction(
    ctx: Context, correction_id: int, *, by: str, text: str, reason: str
) -> Redacted:
    from wikitrack.store.backups import copies_kept_by_hand, list_backups

    redaction, emptied = workflow.redact_text(ctx, correction_id, by=by, text=text, reason=reason)
    config = ctx.config
    by_hand = copies_kept_by_hand(config.db_path, config.backup.dir)
    pruned = [b for b in list_backups(config.backup.dir) if b.path not in by_hand]
    return Redacted(
        correction_id,
        redaction,
        emptied,
        len(pruned),
        config.backup.keep_weekly,
        tuple(store.corrections_holding(ctx.db, text)),
        tuple(by_hand),
    )


def list_corrections(
    ctx: Context, *, status: str | None = None, area: str | None = None
) -> list[Correction]:
    return list(store.iter_corrections(ctx.db, status=status, area=area))


def show_correction(ctx: Context, correction_id: int) -> CorrectionTrail:
    c = store.get_correction(ctx.db, correction_id)
    if c is None:
        raise InputError(f"no correction with ID {correction_id}")
    return CorrectionTrail(c, tuple(store.correction_events(ctx.db, correction_id)))


def export_corrections(ctx: Context) -> list[CorrectionTrail]:
    """Every correction with its trail, for accountability requests."""
    return [
        CorrectionTrail(c, tuple(store.correction_events(ctx.db, c.id)))
        for c in store.iter_corrections(ctx.db)
    ]


def audit_team_edits(ctx: Context, *, since: str | None) -> list[AuditFinding]:
    """Reconcile every contribution of every team account with the log: read the log, fetch
    the team's edits from the wiki, plan the findings (pure: `corrections.plan_audit_findings`)."""
    users = [a.user for a in ctx.config.team_accounts]
    if not users:
        raise InputError("no team accounts configured ([[team_accounts]] in the config)")
    verify_own_wiki(ctx)
    log = workflow.read_audit_log(ctx.db)
    edits = workflow.fetch_team_edits(ctx.wiki, users, since, list(log.logged))
    return plan_audit_findings(log, edits, users, wiki_links(ctx.wiki.api_url)[0])


@dataclass(frozen=True)
class GuidelineCheck:
    """`correction check`: the findings (exact words, terminal only) of one correction."""

    correction_id: int
    findings: tuple[Finding, ...]


@dataclass(frozen=True)
class Audit:
    """The audit's findings; any finding makes the run partial (exit 3, so cron mails it)."""

    findings: list[AuditFinding]

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.findings else 0


def request_review(
    ctx: Context,
    *,
    lemma: str,
    area: str,
    by: str,
    reason: str,
    due: str | None,
    force: bool = False,
    today: date | None = None,
    source: str = "cli",
) -> ReviewStep:
    """File a review request. A lemma typed on the command line may be a pasted URL; the web
    form's is one of the stored titles it offered, taken as it is."""
    rid = workflow.log_review_request(
        ctx.db,
        ctx.config,
        lemma=typed_title(lemma) if source == "cli" else lemma,
        area=area,
        by=by,
        reason=reason,
        due=due,
        today=today,
        source=source,
        force=force,
    )
    return ReviewStep(rid, "open")


def find_personal_data(ctx: Context, text: str) -> list[Finding]:
    """The guideline's personal-data hard stops in a typed text (the web form says so before
    the workflow refuses it)."""
    return workflow.personal_data_in(ctx.config, text)


def withdraw_review_request(ctx: Context, request_id: int, *, by: str) -> ReviewStep:
    """The requester takes back their own open request."""
    return ReviewStep(request_id, workflow.withdraw_review(ctx.db, ctx.config, request_id, by=by))


def edit_review_request(
    ctx: Context,
    request_id: int,
    *,
    by: str,
    reason: str,
    due: str | None,
    today: date | None = None,
) -> ReviewStep:
    """The requester changes the reason or due date of their own open request."""
    new = workflow.edit_review(
        ctx.db, ctx.config, request_id, by=by, reason=reason, due=due, today=today
    )
    return ReviewStep(request_id, new)


def list_reviews(
    ctx: Context, *, status: str | None = None, area: str | None = None
) -> list[ReviewRequest]:
    return list(store.iter_reviews(ctx.db, status=status, area=area))


@dataclass(frozen=True)
class ReviewTrail:
    """A review request with every step of its trail."""

    review: ReviewRequest
    events: tuple[ReviewEvent, ...]


def show_review(ctx: Context, request_id: int) -> ReviewTrail:
    r = store.get_review(ctx.db, request_id)
    if r is None:
        raise InputError(f"no review request with ID {request_id}")
    return ReviewTrail(r, tuple(store.review_events(ctx.db, request_id)))


def assign_review(ctx: Context, request_id: int, *, to: str, by: str | None) -> ReviewStep:
    """Assign to a desk editor; by default they take it themselves. The trail and the answer
    name the person as [[people]] writes them, not as typed."""
    from wikitrack.config import find_person

    name = find_person(ctx.config.people, to).name
    new = workflow.review_transition(
        ctx.db,
        ctx.config,
        request_id,
        "assign",
        by=by or name,
        note=f"assigned to {name}",
        assignee=name,
    )
    return ReviewStep(request_id, new, assignee=name)


def close_review(
    ctx: Context,
    request_id: int,
    *,
    outcome: str,
    correction_id: int | None = None,
    declined: bool = False,
    by: str = "",
) -> ReviewStep:
    """Close as done or declined; by default its assignee closes it."""
    current = store.get_review(ctx.db, request_id)
    by = by or (current.assignee if current else "") or ""
    if current and not by:
        raise InputError(f"review request {request_id} has no assignee: say who closes it (--by)")
    new = workflow.review_transition(
        ctx.db,
        ctx.config,
        request_id,
        "decline" if declined else "close",
        by=by,
        note=outcome,
        outcome=outcome,
        correction_id=correction_id,
    )
    return ReviewStep(request_id, new)
