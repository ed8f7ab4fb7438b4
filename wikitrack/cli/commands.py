"""The command line: parse options, call one use case in `app`, render. The only click importer.

Dependencies travel in `ctx.obj` (an `App`), so tests call
`CliRunner().invoke(cli, args, obj=App(...))`.

Every command has one shape: decorators, then one or two lines.

    @command(correction, "approve", "correction_id", "by", "note",
             show=output.show_correction_step)
    @click.option("--accept-warnings", is_flag=True, help="...")   # its own options
    def correction_approve(app: App, correction_id: int, **how: Any) -> CorrectionStep:
        return correcting.approve_correction(app, correction_id, **how)  # one use case

- `group(name)` / `command(parent, name, ...)`: the help text comes from `helptexts.HELP` by the
  command's path ("correction approve").
- An option or argument that several commands take is declared once in `OPTIONS` and named
  in `command(...)` (or `@options(...)` further down), in the order --help shows them; "output"
  is --json/--nl/--csv/--table, passed on as `fmt`; "quiet" is --quiet after the command.
- The command returns its use case's result; `show=` (via `renders`) prints `show(result)` or
  `show(result, fmt)`, a pure function in `output` (`display` for watchlists, check, report,
  health and nightly), and exits with the result's `exit_code`. A success line that --quiet
  drops is an `output.Text(shown, chatter)`, or `quiet=True`; text that goes to stderr too, or
  mixes, is a list of `output.Part`s.
- `call(parent, name, use_case, *shared, show=...)` is such a command in one line when its body
  would only pass its parameters on; `option(path, *decls)` takes its help from
  `clihelp.OPTION_HELP` when the declaration would not fit on one line.
- Parameter names are what the log records (`Context.describe_command`): keep them.
- Only a command that asks (confirm, password) prints before its use case is done.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from wikitrack.app.context import Context, require_known_area
from wikitrack.check.describe import CHANGE_KINDS, plural
from wikitrack.cli import display, output
from wikitrack.cli import fact_views as facts_show
from wikitrack.cli import worklist_views as worklist_show
from wikitrack.cli.helptexts import HELP, OPTION_HELP
from wikitrack.cli.output import FORMAT_HELP, FORMATS
from wikitrack.corrections.reviews import REVIEW_STATUSES
from wikitrack.corrections.rules import STATUSES as CORRECTION_STATUSES
from wikitrack.errors import EXIT_INTERRUPTED, CheckInterrupted
from wikitrack.report.rendering import FORMATS as REPORT_FORMATS

if TYPE_CHECKING:
    from wikitrack.app import admin, correcting, factcheck, reporting, triage, watching
    from wikitrack.store.backups import BackupResult
else:  # lazy: a command imports only its own family of use cases (start-up, issue 27)

    class _UseCases:
        """An `app` module, imported when one of its use cases is first called: a command's
        body, or `call(...)`'s, names `admin.doctor_checks` long before (or without) running
        it."""

        def __init__(self, name: str):
            self._module = f"wikitrack.app.{name}"

        def __getattr__(self, attr: str) -> Any:
            if attr.startswith("_"):  # copy, pickle and friends ask for these: not use cases
                raise AttributeError(attr)

            def later(*args: Any, **kwargs: Any) -> Any:
                import importlib

                return getattr(importlib.import_module(self._module), attr)(*args, **kwargs)

            return later

    admin, correcting, factcheck, reporting, triage, watching = map(
        _UseCases, ("admin", "correcting", "factcheck", "reporting", "triage", "watching")
    )

__all__ = ["cli", "App"]

# Tests and older callers know the context as the CLI's App.
App = Context


class WikitrackGroup(click.Group):
    """Turns our own exceptions into a clean message and their exit code, and logs every
    command's outcome; a traceback goes to the log file, never to the terminal."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            result = super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException) as e:
            message = e.format_message() if isinstance(e, click.ClickException) else ""
            _log_outcome(ctx, e.exit_code, message)
            raise
        except CheckInterrupted as e:
            _log_outcome(ctx, EXIT_INTERRUPTED, f"interrupted, {plural(e.saved, 'page')} saved")
            click.echo(output.show_check_interrupted(e.saved), err=True, nl=False)
            ctx.exit(EXIT_INTERRUPTED)
        except (click.Abort, KeyboardInterrupt):
            _log_outcome(ctx, 1, "interrupted")
            raise
        except Exception as e:
            app = ctx.find_object(App)
            code, line = app.failed(e) if app else (1, f"unexpected {type(e).__name__}: {e}")
            click.echo(f"Error: {line}", err=True)
            ctx.exit(code)
        _log_outcome(ctx, 0)
        return result


def _log_outcome(ctx: click.Context, code: int, message: str = "") -> None:
    if app := ctx.find_object(App):
        app.log_outcome(code, message)


def _print_versions(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    path = ctx.params.get("config_path") or os.environ.get("WIKITRACK_CONFIG")
    click.echo(output.show_versions(admin.versions(Path(path) if path else None)), nl=False)
    ctx.exit()


pass_app = click.make_pass_decorator(App)


def _describe_command() -> tuple[str, dict[str, Any]]:
    ctx = click.get_current_context(silent=True)
    return (ctx.command_path, dict(ctx.params)) if ctx else ("wikitrack", {})


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(App).quiet = True


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--json / --nl / --csv / --table, which `renders` passes on as `fmt`."""
    for flag, text in reversed(FORMAT_HELP.items()):
        fn = click.option(f"--{flag}", f"as_{flag}", is_flag=True, help=text)(fn)
    return fn


def _choose_format(kwargs: dict[str, Any]) -> None:
    """The --json/--nl/--csv/--table flags in `kwargs` as `fmt`; more than one is refused,
    not silently ranked."""
    if "as_table" in kwargs:
        chosen = [f"--{f}" for f in FORMATS if kwargs.pop(f"as_{f}")]
        if len(chosen) > 1:
            raise click.UsageError(f"choose one output format, not {' and '.join(chosen)}")
        kwargs["fmt"] = chosen[0][2:] if chosen else "table"


def renders(
    show: Callable[..., output.Shown], *, quiet: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., None]]:
    """Print `show(result)` (`show(result, fmt)` under output_options) of the command's result,
    then exit with its `exit_code`. Its `output.Part`s go to stdout or stderr, in order; chatter
    is left out under --quiet (`quiet=True`: all of a plain str). None prints nothing more."""

    def decorate(fn: Callable[..., Any]) -> Callable[..., None]:
        @functools.wraps(fn)
        def wrapper(app: App, *args: Any, **kwargs: Any) -> None:
            _choose_format(kwargs)
            result = fn(app, *args, **kwargs)
            if result is None:
                return
            text = show(result, kwargs["fmt"]) if "fmt" in kwargs else show(result)
            for part in output.parts(text, quiet=quiet):
                if part.text and not (part.chatter and app.quiet):
                    click.echo(part.text, nl=False, err=part.err)
            if code := getattr(result, "exit_code", 0):
                raise click.exceptions.Exit(code)

        return wrapper

    return decorate


def option(path: str, *decls: str, **attrs: Any) -> Callable[[Any], Any]:
    """A click.option whose help is OPTION_HELP["<path> <its last flag>"]."""
    return click.option(*decls, help=OPTION_HELP[f"{path} {decls[-1]}"], **attrs)


FILE, DIRECTORY = click.Path(path_type=Path), click.Path(file_okay=False, path_type=Path)


def area_option(text: str, **attrs: Any) -> Callable[[Any], Any]:
    """--area, and the one check of it: an unknown area is refused naming the known ones
    (exit 2), never answered with a silent empty listing. Checked once parsing is done, so
    the log's start line has every parameter."""

    def decorate(fn: Callable[..., Any]) -> Any:
        @functools.wraps(fn)  # keeps the click parameters attached so far
        def checked(*args: Any, **kwargs: Any) -> Any:
            given = kwargs.get("area") or ()
            app = click.get_current_context().ensure_object(App)
            for area in given if isinstance(given, tuple) else (given,):
                require_known_area(app, area)
            return fn(*args, **kwargs)

        return click.option("--area", help=text, **attrs)(checked)

    return decorate


# Options and arguments that several commands take, declared once; `options(*names)` attaches
# them in the order named. One command's own option stays a click.option next to it.
OPTIONS: dict[str, Callable[[Any], Any]] = {
    "lemma": click.argument("lemma"),
    "correction_id": click.argument("correction_id", type=int),
    "request_id": click.argument("request_id", type=int),
    "login": click.argument("login"),
    "area": area_option("The policy area (a person's own).", required=True),
    "area_filter": area_option("Only this area."),
    "by": click.option("--by", "by", required=True, help="Who does this: a person in [[people]]."),
    "note": click.option("--note", default="", help="A note for the trail."),
    "yes": click.option("--yes", is_flag=True, help="Do not ask for confirmation (scripts)."),
    "since": click.option("--since", help="Only from this date on (YYYY-MM-DD)."),
    "password_stdin": option("web-user", "--password-stdin", is_flag=True),
    "output": output_options,
    # Cron lines put --quiet after the command as often as before it: both work.
    "quiet": option(
        "COMMAND", "-q", "--quiet", is_flag=True, expose_value=False, callback=_set_quiet
    ),
}


def options(*names: str | Callable[[Any], Any]) -> Callable[[Any], Any]:
    """`@options("correction_id", "by")`: the OPTIONS of these names (or decorators given
    as such), as if stacked in this order."""

    def decorate(fn: Any) -> Any:
        chosen = [OPTIONS[n] if isinstance(n, str) else n for n in reversed(names)]
        return functools.reduce(lambda f, option: option(f), chosen, fn)

    return decorate


def tell(app: App, text: str, *, err: bool = False) -> None:
    """A line of progress or of success, left out under --quiet (errors are never)."""
    if not app.quiet:
        click.echo(text, err=err)


@click.group(cls=WikitrackGroup, help=HELP["wikitrack"])
@option("wikitrack", "config_path", "--config", type=FILE, envvar="WIKITRACK_CONFIG")
@click.option("-q", "--quiet", is_flag=True, help="Only errors (for cron).")
# --version is not eager: it reads --config when that comes first.
@option("wikitrack", "--version", is_flag=True, expose_value=False, callback=_print_versions)
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, quiet: bool) -> None:
    if ctx.obj is None:
        ctx.obj = App(config_path=config_path, quiet=quiet)
    elif quiet:
        ctx.obj.quiet = True
    ctx.obj.describe_command = _describe_command


def group(name: str) -> click.Group:
    """A command group of `cli`, its help from HELP[name]."""
    made = click.Group(name, help=HELP[name])
    cli.add_command(made)
    return made


def command(
    parent: click.Group,
    name: str,
    *shared: str | Callable[[Any], Any],
    show: Callable[..., output.Shown] | None = None,
    quiet: bool = False,
) -> Callable[[Callable[..., Any]], click.Command]:
    """A command in the one shape: help from HELP by its path, the `shared` OPTIONS first (the
    command's own click.options follow, below this line), the App passed in and, with `show`,
    the result rendered (`renders`)."""
    path = name if parent is cli else f"{parent.name} {name}"

    def decorate(fn: Callable[..., Any]) -> click.Command:
        if show is not None:
            fn = renders(show, quiet=quiet)(fn)
        return parent.command(name, help=HELP[path])(options(*shared)(pass_app(fn)))

    return decorate


def call(
    parent: click.Group, name: str, use_case: Callable[..., Any], *shared: str, **how: Any
) -> None:
    """A command of only `shared` OPTIONS whose body would be `return use_case(app, **its
    parameters)`; the output format goes to `show` only."""
    command(parent, name, *shared, **how)(lambda app, fmt="", **params: use_case(app, **params))


# -- init / doctor, backup and restore ------------------------------------------------------------


@command(cli, "init", show=output.show_init)
@click.option("--sandbox", is_flag=True, help="Configure for the local sandbox wiki.")
@click.option("--force", is_flag=True, help="Overwrite an existing config file.")
@option("init", "--reset-db", is_flag=True)
def init(app: App, sandbox: bool, force: bool, reset_db: bool) -> admin.InitResult:
    return admin.init_config(app, sandbox=sandbox, force=force, reset_db=reset_db)


call(cli, "doctor", admin.doctor_checks, show=output.show_doctor)


@command(cli, "backup", show=output.show_backup, quiet=True)
@option("backup", "directory", "--to", type=DIRECTORY)
def backup(app: App, directory: Path | None) -> BackupResult:
    return admin.backup_database(app, directory)


@command(cli, "restore", show=output.show_restore)
@click.argument("source", type=FILE)
def restore(app: App, source: Path) -> admin.RestoreResult:
    return admin.restore_database(app, source)


# -- sandbox --------------------------------------------------------------------------------------

sandbox = group("sandbox")


def _progress(app: App) -> Callable[[str], None]:
    return lambda step: tell(app, f"  {step}", err=True)


@command(sandbox, "start", "quiet", show=output.show_sandbox_start)
def sandbox_start(app: App) -> tuple[str, bool]:
    return admin.start_sandbox(app, _progress(app))


call(sandbox, "stop", admin.stop_sandbox, show=output.show_sandbox_stop)
call(sandbox, "status", admin.sandbox_status, "output", show=output.show_record)


@command(sandbox, "reset", "quiet")
@option("sandbox reset", "--reset-db/--keep-db", default=None)
def sandbox_reset(app: App, reset_db: bool | None) -> None:
    click.echo(output.show_sandbox_reset(admin.reset_sandbox(app, _progress(app))), nl=False)
    db_path: Path = app.config.db_path
    if reset_db is None and db_path.exists() and sys.stdin.isatty():
        question = f"{db_path} describes the old sandbox; start a fresh database?"
        reset_db = click.confirm(question, default=True)
    fresh = admin.reset_database(app) if reset_db else None
    stale = db_path if not reset_db and db_path.exists() else None
    click.echo(output.show_sandbox_database(fresh, stale), nl=False)


@command(sandbox, "simulate", "quiet", show=output.show_simulation, quiet=True)
@click.option("--day", type=click.IntRange(1, 2), default=1, help="1, or 2: the day after.")
def sandbox_simulate(app: App, day: int) -> list[str]:
    return admin.simulate_sandbox(app, day)


# -- watchlists -----------------------------------------------------------------------------------

watchlist = group("watchlist")
OPTIONS["area_name"] = click.argument("area")
OPTIONS["titles"] = click.argument("titles", nargs=-1, required=True)


call(watchlist, "list", watching.list_watchlists, "output", show=display.show_areas)
call(watchlist, "show", watching.show_watchlist, "area_name", "output", show=display.show_area)
call(watchlist, "validate", watching.validate_all_watchlists, show=display.show_validated)


@command(watchlist, "add", "area_name", "titles", show=display.show_added)
@click.option("--note", default="", help="Why these lemmas are watched.")
def watchlist_add(app: App, area: str, titles: tuple[str, ...], note: str) -> watching.EditedList:
    return watching.add_to_watchlist(app, area, titles, note)


@command(watchlist, "remove", "area_name", "titles", show=display.show_removed)
def watchlist_remove(app: App, area: str, titles: tuple[str, ...]) -> watching.EditedList:
    return watching.remove_from_watchlist(app, area, titles)


@command(watchlist, "import-category", "quiet", "area_name", show=display.show_imported)
@click.argument("category")
@click.option("--depth", default=0, type=click.IntRange(0, 5), help="Subcategory levels.")
def watchlist_import_category(app: App, **how: Any) -> watching.EditedList:
    return watching.import_category(app, **how)


@command(watchlist, "sync", "quiet", show=display.show_sync)
@click.option("--fix-titles", is_flag=True, help="Write renamed lemmas' new titles to the files.")
@click.option("-v", "--verbose", is_flag=True, help="Also print the request count.")
@options("output")
def watchlist_sync(app: App, fix_titles: bool, verbose: bool, fmt: str) -> watching.SyncDone:
    return watching.sync_all_watchlists(app, fix_titles=fix_titles, verbose=verbose)


# -- check, changes, report, health and nightly ---------------------------------------------------

OPTIONS["area_lemmas"] = area_option("Only the lemmas of this area.")


@command(cli, "check", "quiet", "area_lemmas", show=display.show_check)
@click.option("--since", help="Also report history since this date (YYYY-MM-DD).")
@option("check", "--method", type=click.Choice(["auto", "batched"]), default="auto")
@click.option("--whole-page", is_flag=True, hidden=True, help="Parse each text as one tree.")
def check(app: App, method: str, **how: Any) -> watching.CheckOnce:
    return watching.check_once(app, use_watchlist=method == "auto", **how)


@command(cli, "changes", show=display.show_changes)
@area_option("Only changes to lemmas of this area.")
@click.option("--since", help="Only changes from this date on (YYYY-MM-DD).")
@option("changes", "--kind", type=click.Choice(CHANGE_KINDS))
@options("output")
def changes(app: App, fmt: str, **which: Any) -> reporting.ChangeList:
    return reporting.find_changes(app, **which)


@command(cli, "report", show=display.show_report)
@click.option("--since", help="Changes from this date on (YYYY-MM-DD).")
@click.option("--last-run", is_flag=True, help="Changes found by the last check run.")
@area_option("Only this area (repeatable).", multiple=True)
@option("report", "fmt", "--format", type=click.Choice(REPORT_FORMATS), default="text")
@click.option("--output", type=FILE, help="Write to this file.")
@click.option("--health", "with_health", is_flag=True, help="Add the last 'health' run.")
def report(app: App, since: str | None, last_run: bool, area: tuple[str, ...], **how: Any) -> Any:
    if since and last_run:
        raise click.UsageError("choose --since or --last-run, not both")
    return reporting.write_report(app, since=since, last_run=last_run, areas=area, **how)


@command(cli, "health", "quiet", "area_lemmas", show=display.show_health)
@click.option("--lemma", help="Only this lemma (a watched title).")
@click.option("-v", "--verbose", is_flag=True, help="Also print the request counts (stderr).")
@options("output")
def health(app: App, area: str | None, lemma: str | None, verbose: bool, fmt: str) -> Any:
    if area and lemma:
        raise click.UsageError("choose --area or --lemma, not both")
    return reporting.run_health(app, area=area, lemma=lemma, verbose=verbose)


@command(cli, "nightly", "quiet", show=display.show_nightly)
@option("nightly", "--mail-dir", type=DIRECTORY)
def nightly(app: App, mail_dir: Path | None) -> reporting.NightlyOutcome:
    return reporting.nightly_run(app, mail_dir=mail_dir)


# -- corrections ----------------------------------------------------------------------------------

correction = group("correction")


@command(correction, "propose", "lemma", "area", "by", show=output.show_correction_step)
@click.option("--what", required=True, help="What is wrong on the wiki.")
@click.option("--proposed", default="", help="The new text or wikitext.")
@click.option("--delete", is_flag=True, help="Remove the --find text (instead of --proposed).")
@click.option("--find", default="", help="The exact text in the article that --proposed replaces.")
@click.option("--source", "sources", multiple=True, help="A source URL (at least one).")
@option("correction propose", "--via", type=click.Choice(["article", "talk"]), default="article")
@click.option("--override-reason", help="Editor's reason to accept a lemma outside the area.")
@click.option("--editor", "override_by", help="The desk editor who overrides the own-area rule.")
def correction_propose(app: App, **fields: Any) -> correcting.CorrectionStep:
    from wikitrack.corrections.workflow import Proposal

    return correcting.propose_correction(app, Proposal(**fields))


@command(correction, "approve", "correction_id", "by", "note", show=output.show_correction_step)
@click.option("--accept-warnings", is_flag=True, help="Approve despite guideline warnings.")
def correction_approve(app: App, correction_id: int, **how: Any) -> correcting.CorrectionStep:
    return correcting.approve_correction(app, correction_id, **how)


def _transition_command(action: str) -> None:
    @command(correction, action, "correction_id", "by", "note", show=output.show_correction_step)
    def transition(app: App, correction_id: int, by: str, note: str) -> correcting.CorrectionStep:
        return correcting.transition_correction(app, correction_id, action, by=by, note=note)


_transition_command("reject")
_transition_command("withdraw")


@command(correction, "check", "correction_id", show=output.show_guideline_check)
def correction_check(app: App, correction_id: int) -> correcting.GuidelineCheck:
    return correcting.GuidelineCheck(correction_id, correcting.check_correction(app, correction_id))


def _confirm_or_exit(shown: str, question: str, yes: bool) -> None:
    """Show what is about to happen; go on after a yes (or with --yes), else exit 1 with
    nothing written."""
    click.echo(shown, nl=False)
    if not yes and not click.confirm(question, default=False):
        raise click.exceptions.Exit(1)


@command(correction, "rebase", "correction_id", "by", "note", "yes", show=output.show_rebased)
def correction_rebase(
    app: App, correction_id: int, by: str, note: str, yes: bool
) -> correcting.CorrectionStep:
    plan = correcting.plan_rebase(app, correction_id, by=by)
    _confirm_or_exit(output.show_rebase_plan(plan), f"Rebase onto revision {plan.revid}?", yes)
    return replace(correcting.rebase_correction(app, plan, by=by, note=note), revid=plan.revid)


@command(correction, "edit", "correction_id", "by", show=output.show_correction_edited)
@click.option("--what", help="What is wrong on the wiki.")
@click.option("--find", help="The exact text in the article that --proposed replaces.")
@click.option("--proposed", help="The new text or wikitext.")
@click.option("--delete", is_flag=True, help="Remove the --find text (instead of --proposed).")
@click.option("--source", "sources", multiple=True, help="Source URLs (replace all of them).")
@click.option("--via", type=click.Choice(["article", "talk"]), help="Change the route.")
@options("note")
def correction_edit(
    app: App, correction_id: int, sources: tuple[str, ...], **changes: Any
) -> correcting.CorrectionStep:
    return correcting.edit_correction(app, correction_id, sources=list(sources) or None, **changes)


@command(correction, "apply", "correction_id", "by", "yes", show=output.show_correction_step)
@click.option("--dry-run", is_flag=True, help="Only show the edit.")
@click.option("--override-guideline", help="Why a hard stop of the guideline may pass.")
def correction_apply(
    app: App, correction_id: int, by: str, yes: bool, dry_run: bool, override_guideline: str | None
) -> correcting.CorrectionStep | None:
    plan = correcting.plan_apply(app, correction_id, by=by, override_guideline=override_guideline)
    if dry_run:
        click.echo(output.show_apply_plan(plan), nl=False)
        return None
    _confirm_or_exit(output.show_apply_plan(plan), "Save this edit?", yes)
    return correcting.apply_correction(app, plan, by=by)


@command(correction, "record", "correction_id", show=output.show_correction_step)
@click.option("--revid", type=int, required=True, help="The revision made by hand.")
@options("by")
def correction_record(
    app: App, correction_id: int, revid: int, by: str
) -> correcting.CorrectionStep:
    return correcting.record_correction(app, correction_id, revid, by=by)


@command(correction, "redact", "correction_id", "by", show=output.show_redacted)
@click.option("--text", required=True, help="The exact text to remove (personal data).")
@click.option("--reason", required=True, help="Why, for the trail (an erasure request).")
def correction_redact(app: App, correction_id: int, **how: Any) -> correcting.Redacted:
    return correcting.redact_correction(app, correction_id, **how)


def _list_command(parent: click.Group, statuses: Sequence[str]) -> None:
    """`GROUP list` with --status, --area and the output options; the use case is
    `usecases.list_<group>s`, a terminal shows `output.LIST_COLUMNS[group]`."""
    name = parent.name or ""
    status = click.option("--status", type=click.Choice(list(statuses)))
    show = functools.partial(output.show_records, table_columns=output.LIST_COLUMNS[name])

    @command(parent, "list", status, "area_filter", "output", show=show)
    def listing(app: App, status: str | None, area: str | None, fmt: str) -> list[Any]:
        return list(getattr(correcting, f"list_{name}s")(app, status=status, area=area))


_list_command(correction, CORRECTION_STATUSES)


@command(correction, "show", "correction_id", "output", show=output.show_correction_trail)
def correction_show(app: App, correction_id: int, fmt: str) -> correcting.CorrectionTrail:
    return correcting.show_correction(app, correction_id)


@command(correction, "export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="json")
@click.option("--events", is_flag=True, help="CSV: one row per event instead of per correction.")
@click.option("--worklist", is_flag=True, help="With the worklist: every item and its trail.")
def correction_export(app: App, fmt: str, events: bool, worklist: bool) -> None:
    shown = output.show_export(correcting.export_corrections(app), fmt, events=events)
    if worklist:  # issue 25: the worklist's items with their trails
        shown = worklist_show.show_worklist_export(
            shown, triage.export_worklist(app), fmt, events=events
        )
    click.echo(shown, nl=False)


@command(cli, "audit", "quiet", "since", "output", show=output.show_audit)
def audit(app: App, since: str | None, fmt: str) -> correcting.Audit:
    done = correcting.Audit(correcting.audit_team_edits(app, since=watching.parse_since(since)))
    app.log.info("audit: %s", plural(len(done.findings), "finding"))
    return done


# -- review requests ------------------------------------------------------------------------------

review = group("review")


@command(review, "request", "lemma", "area", "by", show=output.show_review_filed)
@click.option("--reason", required=True, help="Why the desk should look.")
@click.option("--due", help="Due date: YYYY-MM-DD, or +14d / +2w from today; at most a year ahead.")
@click.option("--force", is_flag=True, help="File it even when an open request says the same.")
def review_request(app: App, **fields: Any) -> correcting.ReviewStep:
    return correcting.request_review(app, **fields)


_list_command(review, REVIEW_STATUSES)


@command(review, "assign", "request_id", show=output.show_review_step)
@click.option("--to", "to", required=True, help="The desk editor who takes it.")
@click.option("--by", "by", default=None, help="The desk editor who assigns (default: --to).")
def review_assign(app: App, request_id: int, to: str, by: str | None) -> correcting.ReviewStep:
    return correcting.assign_review(app, request_id, to=to, by=by)


@command(review, "show", "request_id", "output", show=output.show_review_trail)
def review_show(app: App, request_id: int, fmt: str) -> correcting.ReviewTrail:
    return correcting.show_review(app, request_id)


@command(review, "close", "request_id", show=output.show_review_step)
@click.option("--outcome", required=True, help="What the desk did or decided.")
@click.option("--correction", "correction_id", type=int, help="The lemma's correction it led to.")
@click.option("--declined", is_flag=True, help="Close as declined instead of done.")
@click.option("--by", "by", default="", help="The desk editor who closes it (default: assignee).")
def review_close(app: App, request_id: int, **fields: Any) -> correcting.ReviewStep:
    return correcting.close_review(app, request_id, **fields)


# -- web view ------------------------------------------------------------------------------------


@command(cli, "serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port.")
def serve(app: App, host: str, port: int) -> None:
    say_serving = functools.partial(tell, app, output.show_serving(host, port), err=True)
    admin.serve_web(app, host=host, port=port, on_ready=say_serving)


web_user = group("web-user")


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@command(web_user, "add", "login", show=output.show_web_user)
@click.option("--name", required=True, help="The person, as [[people]] in the config names them.")
@options("password_stdin")
def web_user_add(app: App, login: str, name: str, password_stdin: bool) -> admin.WebUserStep:
    return admin.add_web_user(app, login, name, _read_password(password_stdin))


call(web_user, "list", admin.list_web_users, show=output.show_web_users)


@command(web_user, "disable", "login", show=output.show_web_user)
@click.option("--enable", is_flag=True, help="Enable the login again.")
def web_user_disable(app: App, login: str, enable: bool) -> admin.WebUserStep:
    return admin.disable_web_user(app, login, enable=enable)


call(web_user, "remove", admin.remove_web_user, "login", show=output.show_web_user)


@command(web_user, "passwd", "login", "password_stdin", show=output.show_web_user)
def web_user_passwd(app: App, login: str, password_stdin: bool) -> admin.WebUserStep:
    return admin.set_web_user_password(app, login, _read_password(password_stdin))


# -- the facts register (issue 24) ---------------------------------------------------------------

facts = group("facts")
call(facts, "validate", factcheck.validate_facts, show=facts_show.show_facts_validated)


@command(facts, "list", "area_filter", show=facts_show.show_facts)
@click.option("--lemma", help="Only the facts about this lemma.")
@options("output")
def facts_list(app: App, area: str | None, lemma: str | None, fmt: str) -> list[Any]:
    return factcheck.list_facts(app, area=area, lemma=lemma)


@command(facts, "import", show=facts_show.show_facts_imported)
@click.argument("area")
@click.argument("csv_path", metavar="FILE.csv", type=FILE)
def facts_import(app: App, area: str, csv_path: Path) -> Any:
    return factcheck.import_facts(app, area=area, csv_path=csv_path)


@command(facts, "check", "quiet", "area_filter", show=facts_show.show_facts_check)
@click.option("--lemma", help="Only the facts about this lemma.")
@options("output")
def facts_check(app: App, area: str | None, lemma: str | None, fmt: str) -> Any:
    return factcheck.check_facts(app, area=area, lemma=lemma)


@command(facts, "propose", "by", show=facts_show.show_facts_proposed)
@click.option("--fact", "fact_id", help="Only this fact (its id).")
@area_option("Every difference of this area.")
@option("correction propose", "--via", type=click.Choice(["article", "talk"]), default="article")
def facts_propose(app: App, by: str, fact_id: str | None, area: str | None, via: str) -> Any:
    return factcheck.propose_facts(app, by=by, fact_id=fact_id, area=area, via=via)


# -- the worklist (issue 25) ----------------------------------------------------------------------

from wikitrack.worklist.core import CLOSING_OUTCOMES, STATES, WEIGHTS  # noqa: E402


@cli.group("worklist", help=HELP["worklist"], invoke_without_command=True)
@click.option("--area", "areas", multiple=True, help="Only items of this area (repeatable).")
@click.option("--mine", is_flag=True, help="Only the items held by --by.")
@click.option("--by", default=None, help="Who asks (with --mine): a person in [[people]].")
@click.option(
    "--state", "states", multiple=True, type=click.Choice(STATES), help="Only this state."
)
@click.option(
    "--kind", "kinds", multiple=True, type=click.Choice(sorted(WEIGHTS)), help="Only this kind."
)
@options("output")
@click.pass_context
def worklist(ctx: click.Context, **how: Any) -> None:
    if ctx.invoked_subcommand is None:
        for area in how["areas"]:
            require_known_area(ctx.ensure_object(App), area)
        _worklist_list(ctx.ensure_object(App), **how)


@renders(worklist_show.show_items)
def _worklist_list(app: App, fmt: str, **how: Any) -> list[Any]:
    return triage.list_worklist(app, **how)


_NUMBER = click.IntRange(1, 999_999_999)  # an ID: never past what SQLite holds
_ITEM = click.argument("item_id", type=_NUMBER)


@command(worklist, "claim", _ITEM, "by", show=worklist_show.show_step)
@click.option("--take-over", is_flag=True, help="Take the item over from whoever holds it.")
@click.option("--reason", default="", help="Why you take it over (with --take-over).")
def worklist_claim(app: App, item_id: int, **how: Any) -> Any:
    return triage.claim_worklist_item(app, item_id, **how)


@command(worklist, "done", _ITEM, "by", "note", show=worklist_show.show_step)
@click.option(
    "--outcome", required=True, type=click.Choice(CLOSING_OUTCOMES), help="What came of it."
)
@click.option("--correction", type=_NUMBER, help="The correction it led to (outcome correction).")
@click.option("--review", type=_NUMBER, help="The review request it led to (outcome review).")
def worklist_done(app: App, item_id: int, **how: Any) -> Any:
    return triage.finish_worklist_item(app, item_id, **how)


@command(worklist, "show", _ITEM, "output", show=worklist_show.show_trail)
def worklist_show_item(app: App, item_id: int, fmt: str) -> Any:
    return triage.show_worklist_item(app, item_id)


@command(worklist, "reopen", _ITEM, "by", "note", show=worklist_show.show_step)
def worklist_reopen(app: App, item_id: int, **how: Any) -> Any:
    return triage.reopen_worklist_item(app, item_id, **how)


@command(worklist, "reassign", _ITEM, "by", "note", show=worklist_show.show_step)
@click.option("--to", "to", required=True, help="The desk editor who gets it.")
def worklist_reassign(app: App, item_id: int, **how: Any) -> Any:
    return triage.reassign_worklist_item(app, item_id, **how)


if __name__ == "__main__":  # pragma: no cover
    cli(obj=None)
