"""One function per command: what the command does, apart from parsing and rendering.

Each takes the `Context` (config, database, wiki opened on first use) and the command's
arguments as plain values, and returns a result object (a frozen dataclass or a list of
domain objects) that `cli.py` renders; none prints, and none imports click. Errors are our own
exceptions (`errors.py`), which the CLI turns into messages and exit codes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Literal

from . import store, webusers, workflow
from .backup import BackupResult
from .context import Context
from .corrections import AuditFinding, plan_audit_findings
from .errors import EXIT_PARTIAL, InputError, WikiError, WikitrackError
from .guideline import Finding
from .models import Check, Correction, CorrectionEvent, ReviewRequest
from .report import wiki_links

__all__ = ["Context"]


# -- set-up: init, doctor, backup, restore, sandbox, serve, web users ---------------------------


@dataclass(frozen=True)
class FreshDatabase:
    """A database started anew; the old one kept aside (None when there was none)."""

    path: Path
    kept: Path | None


@dataclass(frozen=True)
class InitResult:
    config_path: Path
    wrote: bool  # False: an existing config was kept
    fresh: FreshDatabase | None  # with --reset-db
    db_path: Path
    schema: int


def init_config(ctx: Context, *, sandbox: bool, force: bool, reset_db: bool) -> InitResult:
    """Write the starter config (unless one exists) and create or migrate the database."""
    from .config import render_starter_config
    from .migrations import schema_version

    path = ctx.config_path or Path("wikitrack.toml")
    wrote = force or not path.exists()
    if wrote:
        path.write_text(render_starter_config(sandbox=sandbox), encoding="utf-8")
    ctx.config_path = path
    ctx.reload()
    fresh = reset_database(ctx) if reset_db else None
    return InitResult(path, wrote, fresh, ctx.config.db_path, schema_version(ctx.db))


def reset_database(ctx: Context) -> FreshDatabase:
    """Move the database aside and create a fresh one (nothing is deleted)."""
    from .store import move_aside

    ctx.close_db()
    kept = move_aside(ctx.config.db_path)
    _ = ctx.db
    return FreshDatabase(ctx.config.db_path, kept)


def versions(config_path: Path | None) -> dict[str, str]:
    """Versions of wikitrack, its main libraries, SQLite, the schema and the database's schema
    (when the config can be read)."""
    from .backup import installed_versions
    from .config import load_config
    from .errors import WikitrackError

    try:
        db_path = load_config(config_path).db_path
    except WikitrackError:
        return installed_versions(None)
    return installed_versions(db_path)


@dataclass(frozen=True)
class DoctorResult:
    checks: list[Check]

    @property
    def exit_code(self) -> int:
        return 0 if all(c.ok for c in self.checks) else 1


def doctor_checks(ctx: Context) -> DoctorResult:
    from .doctor import run_doctor

    return DoctorResult(
        run_doctor(ctx.config, make_wiki_unlogged=partial(ctx.make_wiki, login=False))
    )


def backup_database(ctx: Context, directory: Path | None) -> BackupResult:
    from .backup import backup_configured

    return backup_configured(ctx.config, directory)


@dataclass(frozen=True)
class RestoreResult:
    source: Path
    db_path: Path
    kept: list[Path]  # the replaced database and web users file, kept aside
    checks: list[Check]  # the restored database as doctor sees it


def restore_database(ctx: Context, source: Path) -> RestoreResult:
    """Restore a backup under the run lock, then open (and so migrate) the database."""
    from .backup import restore_backup
    from .check import check_lock
    from .doctor import database_checks

    config = ctx.config
    with check_lock(config.db_path):
        ctx.close_db()
        kept = restore_backup(source, config.db_path, files=[config.base_dir / "web-users.json"])
        _ = ctx.db  # opening applies the migrations
    return RestoreResult(source, config.db_path, kept, database_checks(config))


def start_sandbox(ctx: Context, say: Callable[[str], None]) -> tuple[str, bool]:
    """(URL, whether it was started now); the wiki target moves with the sandbox's port."""
    sandbox = ctx.sandbox()
    started = sandbox.start(say)
    ctx.reload()
    return sandbox.url, started


def reset_sandbox(ctx: Context, say: Callable[[str], None]) -> str:
    sandbox = ctx.sandbox()
    sandbox.reset(say)
    ctx.reload()
    return str(sandbox.url)


def sandbox_status(ctx: Context) -> dict[str, Any]:
    """URL, accounts and data dir of the sandbox (secrets stay in their 0600 file)."""
    st = ctx.sandbox().status()
    return {
        "running": st.running,
        "url": st.url if st.port else "",
        "api": st.api_url if st.port else "",
        "data_dir": str(st.data_dir),
        "accounts": ", ".join(f"{u} ({r})" for u, r in st.accounts.items()),
        "secrets": str(st.data_dir / "secrets.json") + " (mode 0600)",
    }


def simulate_sandbox(ctx: Context) -> list[str]:
    """A realistic day of activity on the sandbox; one line per thing done."""
    sandbox = ctx.sandbox()
    if not sandbox.is_running():
        raise WikiError("the sandbox is not running: 'wikitrack sandbox start'")
    return list(sandbox.simulate())


def stop_sandbox(ctx: Context) -> bool:
    """Whether it was running (and is stopped now)."""
    return ctx.sandbox().stop()


def serve_web(ctx: Context, *, host: str, port: int, on_ready: Callable[[], None]) -> None:
    """Run the web view until it stops; the database is created and migrated first."""
    from .web import serve

    _ = ctx.db  # the server opens the database after this process has migrated it
    code = serve(ctx.config, host=host, port=port, on_ready=on_ready)
    if code != 0:
        raise WikitrackError(f"the web server stopped with exit code {code}")


@dataclass(frozen=True)
class WebUserStep:
    """A web login after one step: what was `done` to it, the file that keeps it."""

    login: str
    done: Literal["saved", "enabled", "disabled", "removed", "password"]
    path: Path
    person: str = ""


def web_users_file(ctx: Context) -> Path:
    return ctx.config.base_dir / "web-users.json"


def add_web_user(ctx: Context, login: str, name: str, password: str) -> WebUserStep:
    path = web_users_file(ctx)
    user = webusers.add_user(path, ctx.config.people, login, name, password)
    return WebUserStep(user.login, "saved", path, user.person)


def list_web_users(ctx: Context) -> list[str]:
    """One line per login: person, role, areas, disabled or not (never a hash)."""
    return webusers.describe_users(web_users_file(ctx), ctx.config.people)


def disable_web_user(ctx: Context, login: str, *, enable: bool) -> WebUserStep:
    webusers.set_disabled(web_users_file(ctx), login, not enable)
    return WebUserStep(login, "enabled" if enable else "disabled", web_users_file(ctx))


def remove_web_user(ctx: Context, login: str) -> WebUserStep:
    webusers.remove_user(web_users_file(ctx), login)
    return WebUserStep(login, "removed", web_users_file(ctx))


def set_web_user_password(ctx: Context, login: str, password: str) -> WebUserStep:
    webusers.set_password(web_users_file(ctx), login, password)
    return WebUserStep(login, "password", web_users_file(ctx))


# -- watchlists, check and sync ------------------------------------------------------------------


# -- changes, reports, health and nightly --------------------------------------------------------


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
    cid, findings = workflow.propose_correction(ctx, proposal)
    return CorrectionStep(cid, "proposed", tuple(findings))


def approve_correction(
    ctx: Context, correction_id: int, *, by: str, note: str = "", accept_warnings: bool = False
) -> CorrectionStep:
    findings = workflow.approve_correction(
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
    return workflow.prepare_rebase(ctx, correction_id, by=by)


def rebase_correction(
    ctx: Context, plan: workflow.PlannedRebase, *, by: str, note: str = ""
) -> CorrectionStep:
    new = workflow.finish_rebase(ctx.db, ctx.config, plan, by=by, note=note)
    return CorrectionStep(plan.correction.id, new)


def edit_correction(
    ctx: Context, correction_id: int, *, by: str, note: str = "", **changes: Any
) -> CorrectionStep:
    new = workflow.edit_correction(ctx, correction_id, by=by, note=note, **changes)
    return CorrectionStep(correction_id, new)


def plan_apply(
    ctx: Context, correction_id: int, *, by: str, override_guideline: str | None = None
) -> workflow.PlannedEdit:
    """The edit `apply` would make, to show (and confirm) before it is made."""
    return workflow.prepare_apply(ctx, correction_id, by=by, override_guideline=override_guideline)


def apply_correction(ctx: Context, plan: workflow.PlannedEdit, *, by: str) -> CorrectionStep:
    revid = workflow.finish_apply(ctx, plan, by=by)
    return CorrectionStep(plan.correction.id, "applied", revid=revid)


def record_correction(ctx: Context, correction_id: int, revid: int, *, by: str) -> CorrectionStep:
    workflow.record_edit(ctx, correction_id, revid, by=by)
    return CorrectionStep(correction_id, "applied", revid=revid)


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
    ctx: Context, *, lemma: str, area: str, by: str, reason: str, due: str | None
) -> ReviewStep:
    rid = workflow.request_review(
        ctx.db, ctx.config, lemma=lemma, area=area, by=by, reason=reason, due=due
    )
    return ReviewStep(rid, "open")


def list_reviews(
    ctx: Context, *, status: str | None = None, area: str | None = None
) -> list[ReviewRequest]:
    return list(store.iter_reviews(ctx.db, status=status, area=area))


def assign_review(ctx: Context, request_id: int, *, to: str, by: str | None) -> ReviewStep:
    """Assign to a desk editor; by default they take it themselves."""
    new = workflow.review_transition(
        ctx.db, ctx.config, request_id, "assign", by=by or to, note=f"assigned to {to}", assignee=to
    )
    return ReviewStep(request_id, new, assignee=to)


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
