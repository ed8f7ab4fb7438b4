"""The command line: parse options, call one core function, render. The only click importer.

Dependencies travel in `ctx.obj` (an `App`), so tests call
`CliRunner().invoke(cli, args, obj=App(...))`.
"""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

from . import output, usecases
from .backup import BackupResult
from .context import Context
from .corrections import STATUSES as CORRECTION_STATUSES
from .describe import CHANGE_KINDS, plural
from .errors import EXIT_PARTIAL, ConfigError, WikitrackError
from .output import FORMAT_HELP, FORMATS, render_rows
from .report import FORMATS as REPORT_FORMATS
from .reviews import REVIEW_STATUSES

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
    for name, version in usecases.versions(Path(path) if path else None).items():
        click.echo(f"{name} {version}")
    ctx.exit()


pass_app = click.make_pass_decorator(App)


def _describe_command() -> tuple[str, dict[str, Any]]:
    ctx = click.get_current_context(silent=True)
    return (ctx.command_path, dict(ctx.params)) if ctx else ("wikitrack", {})


def _set_quiet(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(App).quiet = True


# Cron lines put --quiet after the command as often as before it: both work.
quiet_option = click.option(
    "-q",
    "--quiet",
    is_flag=True,
    expose_value=False,
    callback=_set_quiet,
    help="Only errors (for cron); same as 'wikitrack --quiet COMMAND'.",
)


def output_options(fn: Callable[..., Any]) -> Callable[..., Any]:
    """--json / --nl / --csv / --table, passed on as `fmt`; more than one is refused, not
    silently ranked."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        chosen = [f"--{f}" for f in FORMATS if kwargs.pop(f"as_{f}")]
        if len(chosen) > 1:
            raise click.UsageError(f"choose one output format, not {' and '.join(chosen)}")
        return fn(*args, fmt=chosen[0][2:] if chosen else "table", **kwargs)

    for flag, text in reversed(FORMAT_HELP.items()):
        wrapper = click.option(f"--{flag}", f"as_{flag}", is_flag=True, help=text)(wrapper)
    return wrapper


def renders(
    show: Callable[..., str], *, quiet: bool = False
) -> Callable[[Callable[..., Any]], Callable[..., None]]:
    """The command returns its use case's result; `show(result)` (`show(result, fmt)` under
    output_options) turns it into text (output.py, pure), printed here; a result's
    `exit_code` becomes the command's. `quiet=True`: nothing printed under --quiet.

        @cli.command()
        @output_options
        @pass_app
        @renders(output.show_things)
        def things(app: App, fmt: str) -> list[Thing]:
            return usecases.list_things(app)
    """

    def decorate(fn: Callable[..., Any]) -> Callable[..., None]:
        @functools.wraps(fn)
        def wrapper(app: App, *args: Any, **kwargs: Any) -> None:
            result = fn(app, *args, **kwargs)
            text = show(result, kwargs["fmt"]) if "fmt" in kwargs else show(result)
            if not (quiet and app.quiet):
                click.echo(text, nl=False)
            if code := getattr(result, "exit_code", 0):
                raise click.exceptions.Exit(code)

        return wrapper

    return decorate


def emit(rows: list[dict[str, Any]], fmt: str, **how: Any) -> None:
    """Rows in the chosen format: `output.render_rows` (columns, title, table_columns)."""
    click.echo(render_rows(rows, fmt, **how), nl=False)


def say(app: App, text: str, *, err: bool = False) -> None:
    """A line of progress or of success, left out under --quiet (errors are never)."""
    if not app.quiet:
        click.echo(text, err=err)


@click.group(cls=WikitrackGroup)
@click.option(
    "--config",
    "config_path",
    type=click.Path(path_type=Path),
    envvar="WIKITRACK_CONFIG",
    help="Config file (default ./wikitrack.toml).",
)
@click.option("-q", "--quiet", is_flag=True, help="Only errors (for cron).")
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    callback=_print_versions,  # not eager: it reads --config when that comes first
    help="Versions of wikitrack, its main libraries, SQLite and the schema.",
)
@click.pass_context
def cli(ctx: click.Context, config_path: Path | None, quiet: bool) -> None:
    """Watch Almere's Wikipedia lemmas per policy area.

    Reports what changed, logs corrections, takes review requests.

    Example: wikitrack --config /etc/wikitrack.toml check --quiet
    """
    if ctx.obj is None:
        ctx.obj = App(config_path=config_path, quiet=quiet)
    elif quiet:
        ctx.obj.quiet = True
    ctx.obj.describe_command = _describe_command


# -- init / doctor --------------------------------------------------------------------------------


@cli.command()
@click.option("--sandbox", is_flag=True, help="Configure for the local sandbox wiki.")
@click.option("--force", is_flag=True, help="Overwrite an existing config file.")
@click.option(
    "--reset-db",
    is_flag=True,
    help="Move the database aside (kept as <name>.replaced-<time>) and start a fresh one.",
)
@pass_app
@renders(output.show_init)
def init(app: App, sandbox: bool, force: bool, reset_db: bool) -> usecases.InitResult:
    """Write a commented starter config and create the database.

    After the wiki was replaced (another wiki, a sandbox reset), --reset-db starts a fresh
    database for it.

    Example: wikitrack init --sandbox
    """
    return usecases.init_config(app, sandbox=sandbox, force=force, reset_db=reset_db)


@cli.command()
@pass_app
@renders(output.show_doctor)
def doctor(app: App) -> usecases.DoctorResult:
    """Check config, database, wiki and login; say how to fix.

    Also checks the watchlists, the credentials and the team accounts.

    Example: wikitrack doctor
    """
    return usecases.doctor_checks(app)


# -- backup and restore ---------------------------------------------------------------------------


@cli.command()
@click.option(
    "--to",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    help="Backup directory (default: [backup] dir, ./backups).",
)
@pass_app
@renders(output.show_backup, quiet=True)
def backup(app: App, directory: Path | None) -> BackupResult:
    """Back up the database, config and web users, verified.

    A consistent copy even while check runs (SQLite's online backup API), checked with
    PRAGMA integrity_check, in a directory named by the UTC date and time. Old backups go by
    the [backup] keep_daily and keep_weekly rules.

    Example: wikitrack backup --to /srv/backup/wikitrack
    """
    return usecases.backup_database(app, directory)


@cli.command()
@click.argument("source", type=click.Path(path_type=Path))
@pass_app
@renders(output.show_restore)
def restore(app: App, source: Path) -> usecases.RestoreResult:
    """Restore a backup; the current database is kept aside.

    SOURCE is a backup directory or its wikitrack.db. Refused while another run holds the
    lock. The web users file is restored too; the backup's config is not (copy it by hand on a
    new server). Then the migrations run and the schema and latest run are shown.

    Example: wikitrack restore /srv/backup/wikitrack/2026-11-25T053012Z
    """
    return usecases.restore_database(app, source)


# -- sandbox --------------------------------------------------------------------------------------


@cli.group()
def sandbox() -> None:
    """Run a local MediaWiki for tests, the demo and training.

    Example: wikitrack sandbox start
    """


def _progress(app: App) -> Callable[[str], None]:
    return lambda step: say(app, f"  {step}", err=True)


@sandbox.command("start")
@quiet_option
@pass_app
def sandbox_start(app: App) -> None:
    """Start the sandbox wiki (install and seed it the first time).

    Example: wikitrack sandbox start
    """
    url, started = usecases.start_sandbox(app, _progress(app))
    click.echo(
        f"sandbox running at {url}"
        if started
        else f"sandbox already running at {url}; nothing to do"
    )


@sandbox.command("stop")
@pass_app
def sandbox_stop(app: App) -> None:
    """Stop the sandbox wiki; no PHP process of it remains.

    Example: wikitrack sandbox stop
    """
    click.echo("sandbox stopped" if app.sandbox().stop() else "sandbox was not running")


@sandbox.command("status")
@output_options
@pass_app
@renders(output.show_record)
def sandbox_status(app: App, fmt: str) -> dict[str, Any]:
    """Show URL, accounts and data dir of the sandbox.

    Example: wikitrack sandbox status --json
    """
    return usecases.sandbox_status(app)


@sandbox.command("reset")
@quiet_option
@click.option(
    "--reset-db/--keep-db",
    default=None,
    help="Also start a fresh database (the old one is kept aside); asked on a terminal.",
)
@pass_app
def sandbox_reset(app: App, reset_db: bool | None) -> None:
    """Throw the sandbox away and start a freshly seeded one.

    The database then describes a wiki that is gone: --reset-db starts a fresh one with it.

    Example: wikitrack sandbox reset --reset-db
    """
    click.echo(f"fresh sandbox running at {usecases.reset_sandbox(app, _progress(app))}")
    db_path: Path = app.config.db_path
    if reset_db is None and db_path.exists() and sys.stdin.isatty():
        reset_db = click.confirm(
            f"{db_path} describes the old sandbox; start a fresh database?", default=True
        )
    if reset_db:
        click.echo(output.lines(output.show_fresh_database(usecases.reset_database(app))), nl=False)
    elif db_path.exists():
        click.echo(
            f"{db_path} still describes the old sandbox: 'wikitrack init --reset-db' "
            "starts a fresh one"
        )


@sandbox.command("simulate")
@quiet_option
@pass_app
def sandbox_simulate(app: App) -> None:
    """Make a realistic day of activity on the sandbox.

    Edits by several users, logged-out edits, a move, a deletion, a talk-page section.

    Example: wikitrack sandbox simulate
    """
    for line in usecases.simulate_sandbox(app):
        say(app, f"- {line}")


# -- watchlists -----------------------------------------------------------------------------------


@cli.group()
def watchlist() -> None:
    """Edit and sync the watchlists, one TOML file per policy area.

    Example: wikitrack watchlist list
    """


def _areas(app: App) -> list[Any]:
    from .usecases import load_areas

    return load_areas(app)


@watchlist.command("list")
@output_options
@pass_app
def watchlist_list(app: App, fmt: str) -> None:
    """List policy areas with their lemma counts.

    Example: wikitrack watchlist list --csv
    """
    from dataclasses import asdict

    from .usecases import list_watchlists

    emit([asdict(a) for a in list_watchlists(app)], fmt)


@watchlist.command("show")
@click.argument("area")
@output_options
@pass_app
def watchlist_show(app: App, area: str, fmt: str) -> None:
    """Show the lemmas of one area, with their page IDs.

    Example: wikitrack watchlist show verkeer
    """
    from dataclasses import asdict

    from .usecases import show_watchlist

    shown = show_watchlist(app, area)
    title = None if fmt != "table" else f"{shown.name} ({shown.slug})"
    emit([asdict(w) for w in shown.lemmas], fmt, title=title)


@watchlist.command("add")
@click.argument("area")
@click.argument("titles", nargs=-1, required=True)
@click.option("--note", default="", help="Why these lemmas are watched.")
@pass_app
def watchlist_add(app: App, area: str, titles: tuple[str, ...], note: str) -> None:
    """Add lemma titles to an area's watchlist file.

    The file keeps its comments and order.

    Example: wikitrack watchlist add verkeer "Station Almere Oostvaarders" --note "nieuw"
    """
    from .usecases import add_to_watchlist

    edited = add_to_watchlist(app, area, titles, note)
    for s in edited.skipped:
        click.echo(f"already listed: {s}", err=True)
    click.echo(f"added {plural(len(titles) - len(edited.skipped), 'title')} to {area}")


@watchlist.command("remove")
@click.argument("area")
@click.argument("titles", nargs=-1, required=True)
@pass_app
def watchlist_remove(app: App, area: str, titles: tuple[str, ...]) -> None:
    """Remove lemma titles from an area's file.

    Example: wikitrack watchlist remove verkeer "Station Almere Poort"
    """
    from .usecases import remove_from_watchlist

    remove_from_watchlist(app, area, titles)
    click.echo(f"removed {plural(len(titles), 'title')} from {area}")


@watchlist.command("import-category")
@quiet_option
@click.argument("area")
@click.argument("category")
@click.option("--depth", default=0, type=click.IntRange(0, 5), help="Subcategory levels.")
@pass_app
def watchlist_import_category(app: App, area: str, category: str, depth: int) -> None:
    """Add a wiki category's articles to an area's file.

    Example: wikitrack watchlist import-category wonen "Stadsdeel van Almere" --depth 1
    """
    from .usecases import import_category

    edited = import_category(app, area, category, depth)
    added, found = len(edited.titles) - len(edited.skipped), plural(len(edited.titles), "title")
    click.echo(f"added {added} of {found} from {category} to {area}")


@watchlist.command("validate")
@pass_app
def watchlist_validate(app: App) -> None:
    """Check every watchlist offline, reporting all problems.

    Syntax, duplicates, invalid titles and unknown keys, each with file:line.

    Example: wikitrack watchlist validate
    """
    from .usecases import validate_all_watchlists

    areas = validate_all_watchlists(app)
    n = sum(len(a.lemmas) for a in areas)
    click.echo(f"{len(areas)} areas, {n} listed lemmas: all valid")


@watchlist.command("sync")
@quiet_option
@click.option("--fix-titles", is_flag=True, help="Write renamed lemmas' new titles to the files.")
@click.option("-v", "--verbose", is_flag=True, help="Also print the request count.")
@output_options
@pass_app
def watchlist_sync(app: App, fix_titles: bool, verbose: bool, fmt: str) -> None:
    """Resolve titles to page IDs in batches; store the areas.

    Follows redirects, reports missing and renamed lemmas.

    Example: wikitrack watchlist sync --fix-titles -v
    """
    from .usecases import sync_all_watchlists

    result = sync_all_watchlists(app, fix_titles=fix_titles)
    if fmt != "table":
        payload = {
            "rows": result.rows,
            "resolve_requests": result.resolve_requests,
            "requests": result.requests,
            "fixed_files": result.fixed_files,
        }
        output = json.dumps(payload, ensure_ascii=False, indent=2) if fmt == "json" else None
        click.echo(output or render_rows(result.rows, fmt), nl=fmt == "json")
        return
    _echo_sync_table(app, result, verbose)


def _echo_sync_table(app: App, result: Any, verbose: bool) -> None:
    notable = [r for r in result.rows if r["status"] != "ok"]
    if notable:
        columns = ["area", "listed_title", "status", "page_id", "title", "detail"]
        emit(notable, "table", columns=columns)
    if not app.quiet:
        click.echo(
            f"{plural(len(result.rows), 'title')}: {result.count('ok')} ok, "
            f"{plural(result.count('redirect'), 'redirect')}, "
            f"{result.count('renamed')} renamed, {result.count('missing')} missing, "
            f"{result.count('invalid')} invalid"
        )
    for path in result.fixed_files:
        click.echo(f"updated titles in {path}")
    if verbose:
        click.echo(
            f"{plural(result.resolve_requests, 'API request')} to resolve "
            f"{plural(len({r['listed_title'] for r in result.rows}), 'title')} "
            f"(batch size {app.wiki.batch_size}); {result.requests} in all"
        )


# -- check and changes ----------------------------------------------------------------------------


@cli.command()
@quiet_option
@click.option("--area", help="Only the lemmas of this area.")
@click.option("--since", help="Also report history since this date (YYYY-MM-DD).")
@click.option(
    "--method",
    type=click.Choice(["auto", "batched"]),
    default="auto",
    help="auto: the account's watchlist where it provably has every revision, else batched.",
)
@click.option("--whole-page", is_flag=True, hidden=True, help="Parse each text as one tree.")
@pass_app
def check(app: App, area: str | None, since: str | None, method: str, whole_page: bool) -> None:
    """Find and diff every new revision of the watched lemmas.

    Talk pages are watched too.

    Exit codes: 0 ok, 3 some lemmas failed, 11 another run is busy, 1 failure, 2 usage.
    Example: wikitrack check --quiet
    """
    from .usecases import check_once

    once = check_once(
        app,
        area=area,
        since=_parse_since(since),
        use_watchlist=method == "auto",
        whole_page=whole_page,
    )
    _echo_outcomes(app, once.outcomes)
    if not app.quiet:
        click.echo(once.result.summary())
    _exit_partial_on(app, once.errors)


def _usable_areas(app: App) -> tuple[list[Any], list[str]]:
    """The areas whose files parse, and every problem (file:line): one broken watchlist must
    not stop the other areas' check and mail."""
    from .usecases import usable_areas

    return usable_areas(app)


def _exit_partial_on(app: App, problems: list[str], *, log: bool = True) -> None:
    """Each problem on stderr (what cron mails) and in the log; exit 3 when there are any."""
    for p in problems:
        click.echo(f"error: {p}", err=True)
        if log:
            app.log.error(p)
    if problems:
        raise click.exceptions.Exit(EXIT_PARTIAL)


def _echo_outcomes(app: App, outcomes: tuple[str, ...]) -> None:
    """The corrections whose status the check changed, on stderr."""
    if not app.quiet:
        for line in outcomes:
            click.echo(line, err=True)


def _run_check(app: App) -> Any:
    """One check run, with the outcomes of corrections (the caller holds the lock)."""
    from .usecases import check_once

    once = check_once(app, lock=False)
    _echo_outcomes(app, once.outcomes)
    return once.result


def _parse_since(since: str | None) -> str | None:
    if not since:
        return None
    from datetime import datetime

    for fmt in ("%Y-%m-%d", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S"):
        try:
            return datetime.strptime(since, fmt).strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            continue
    raise ConfigError(f"--since '{since}' is not a date (YYYY-MM-DD)")


@cli.command()
@click.option("--area", help="Only changes to lemmas of this area.")
@click.option("--since", help="Only changes from this date on (YYYY-MM-DD).")
@click.option(
    "--kind",
    type=click.Choice(CHANGE_KINDS),
    help="Only this kind (e.g. template_param_changed, moved, revert).",
)
@output_options
@pass_app
def changes(app: App, area: str | None, since: str | None, kind: str | None, fmt: str) -> None:
    """List stored changes.

    Example: wikitrack changes --area bestuur --since 2026-11-01 --json
    """
    from .report import change_row
    from .usecases import list_changes

    found = list_changes(app, area=area, since=_parse_since(since), kind=kind)
    emit([change_row(c, app.config.language, full=fmt != "table") for c in found], fmt)


@cli.command()
@click.option("--since", help="Changes from this date on (YYYY-MM-DD).")
@click.option("--last-run", is_flag=True, help="Changes found by the last check run.")
@click.option("--area", multiple=True, help="Only this area (repeatable).")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(REPORT_FORMATS),
    default="text",
    help="Output format.",
)
@click.option("--output", type=click.Path(path_type=Path), help="Write to this file.")
@click.option("--health", "with_health", is_flag=True, help="Add the last 'health' run.")
@pass_app
def report(
    app: App,
    since: str | None,
    last_run: bool,
    area: tuple[str, ...],
    fmt: str,
    output: Path | None,
    with_health: bool,
) -> None:
    """The change report per area and lemma (Dutch by default).

    It starts with what to act on first.

    Without --since or --last-run: the last 24 hours. --health adds the last stored
    'wikitrack health' run, with its trend.
    Example: wikitrack report --last-run --format html --output rapport.html
    """
    from .report import render
    from .usecases import build_report

    if since and last_run:
        raise click.UsageError("choose --since or --last-run, not both")
    result = build_report(
        app, since=_parse_since(since), last_run=last_run, areas=area, with_health=with_health
    )
    text = render(result.report, fmt)
    _write_or_echo(app, output, result.health.attach(text, fmt) if result.health else text)


def _write_or_echo(app: App, output: Path | None, text: str) -> None:
    """`text` into the file `output` (saying so), or on stdout."""
    if output:
        from .files import write_atomically

        write_atomically(output, text)
        if not app.quiet:
            click.echo(f"wrote {output}")
    else:
        click.echo(text, nl=False)


@cli.command()
@quiet_option
@click.option("--area", help="Only the lemmas of this area.")
@click.option("--lemma", help="Only this lemma (a watched title).")
@click.option("-v", "--verbose", is_flag=True, help="Also print the request counts (stderr).")
@output_options
@pass_app
def health(app: App, area: str | None, lemma: str | None, verbose: bool, fmt: str) -> None:
    """What is wrong on the watched lemmas now, most urgent first.

    Old reference dates in infoboxes, maintenance and deletion templates with their age,
    unanswered talk-page sections and our own waiting edit requests, sections without
    references, dead links, open corrections and review requests. Weights: [health.weights].
    Without --json/--nl/--csv it prints the ranked list in plain language with links
    (nothing with --quiet). Each run is stored for the trend and the monthly mail.
    Exit code 3 when a page could not be parsed within [check] parse_timeout.

    Example: wikitrack health --area bestuur -v
    """
    from .health_report import health_rows, render_health
    from .usecases import run_health

    if area and lemma:
        raise click.UsageError("choose --area or --lemma, not both")
    with app.progress() as progress:
        task = progress.add_task("health", total=None)
        on_page = functools.partial(progress.advance, task)
        result = run_health(app, area=area, lemma=lemma, on_page=on_page)
    if fmt != "table":
        emit(health_rows(result.report), fmt)
    elif not app.quiet:  # under cron the run is stored for the mails; errors still go to stderr
        click.echo(render_health(result.report, "text", empty_note=True), nl=False)
    if verbose:
        click.echo(f"{result.run.summary()} (batch size {app.wiki.batch_size})", err=True)
    _exit_partial_on(app, result.run.errors, log=False)


@cli.command()
@quiet_option
@click.option(
    "--mail-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write the mails as .eml files into this folder instead of sending them.",
)
@pass_app
def nightly(app: App, mail_dir: Path | None) -> None:
    """For cron: check, report, and mail every area's contacts.

    Each contact gets one mail with all of their areas.

    The editorial desk ([mail] desk) gets the full digest. Quiet on success, errors on stderr,
    details in the log file; exit codes as for check (3 also when a mail could not be sent:
    the next run sends it). --mail-dir (or [mail] dir, as in the sandbox's config) writes .eml
    files instead of sending (a preview; they count as delivered).
    Example: wikitrack --quiet nightly

    Example: wikitrack nightly --mail-dir voorbeeld-mails
    """
    from .usecases import nightly_run

    outcome = nightly_run(app, check=functools.partial(_run_check, app), mail_dir=mail_dir)
    mail = outcome.mail
    app.log.info(
        "nightly window %s: %d queued, %d sent, %d failed",
        *(mail.window, mail.queued, len(mail.sent), len(mail.failed)),
    )
    if not app.quiet and app.stderr.is_terminal:
        how = f"written to {outcome.mail_dir}" if outcome.mail_dir else "sent"
        click.echo(f"{outcome.check.summary()}; {plural(len(mail.sent), 'mail')} {how}", err=True)
    _exit_partial_on(app, list(outcome.problems))


# -- corrections ----------------------------------------------------------------------------------


@cli.group()
def correction() -> None:
    """The corrections log: propose, approve, apply, verify.

    Every step is traced: proposed -> approved -> applied -> verified.

    Example: wikitrack correction list --status approved
    """


def _lemma_area_by(role: str, verb: str) -> Callable[..., Any]:
    """LEMMA --area --by: a person of the area asks something about a lemma."""

    def decorate(fn: Callable[..., Any]) -> Any:
        fn = click.option("--by", "by", required=True, help=f"Who {verb} (a person of the area).")(
            fn
        )
        fn = click.option("--area", required=True, help=f"The {role} policy area.")(fn)
        return click.argument("lemma")(fn)

    return decorate


@correction.command("propose")
@_lemma_area_by("proposer's own", "proposes")
@click.option("--what", required=True, help="What is wrong on the wiki.")
@click.option("--proposed", required=True, help="The new text or wikitext.")
@click.option("--find", default="", help="The exact text in the article that --proposed replaces.")
@click.option("--source", "sources", multiple=True, help="A source URL (at least one).")
@click.option(
    "--via",
    type=click.Choice(["article", "talk"]),
    default="article",
    help="Edit the article, or post an edit request on its talk page.",
)
@click.option("--override-reason", help="Editor's reason to accept a lemma outside the area.")
@click.option("--editor", "override_by", help="The desk editor who overrides the own-area rule.")
@pass_app
def correction_propose(app: App, **options: Any) -> None:
    """Propose a correction of a lemma on your own area's watchlist.

    --by names a person of the area from [[people]] in the config. The lemma's current
    revision on the wiki becomes the base, and --find must occur exactly once in it.

    Example: wikitrack correction propose Almere --area bestuur --by "J. Smit"
    --what "inwonertal verouderd" --find "218.000" --proposed "226.786"
    --source https://www.cbs.nl/almere
    """
    from .usecases import propose_correction
    from .workflow import Proposal

    step = propose_correction(app, Proposal(**options))
    click.echo(f"correction {step.correction_id} proposed")
    _echo_guideline(step.findings)


def _echo_guideline(findings: Sequence[Any]) -> None:
    """The guideline check's findings with the exact words, one line each (nothing when
    clean); only the terminal sees them, the log keeps them masked."""
    for f in findings:
        click.echo(f.line())


def _transition_command(action: str, doc: str) -> None:
    @correction.command(action, help=doc)
    @click.argument("correction_id", type=int)
    @click.option("--by", "by", required=True, help="Who does this (a person in [[people]]).")
    @click.option("--note", default="", help="A note for the trail.")
    @pass_app
    def command(app: App, correction_id: int, by: str, note: str) -> None:
        from .usecases import transition_correction

        step = transition_correction(app, correction_id, action, by=by, note=note)
        click.echo(f"correction {correction_id} {step.status}")


@correction.command("approve")
@click.argument("correction_id", type=int)
@click.option("--by", "by", required=True, help="The desk editor who approves.")
@click.option("--note", default="", help="A note for the trail.")
@click.option("--accept-warnings", is_flag=True, help="Approve despite guideline warnings.")
@pass_app
def correction_approve(
    app: App, correction_id: int, by: str, note: str, accept_warnings: bool
) -> None:
    """Approve a proposed correction.

    A desk editor approves; never its proposer or editors. The guideline check runs again;
    warnings need --accept-warnings, which the trail records.

    Example: wikitrack correction approve 12 --by "A. de Vries"
    """
    from .usecases import approve_correction

    step = approve_correction(app, correction_id, by=by, note=note, accept_warnings=accept_warnings)
    click.echo(f"correction {correction_id} approved")
    _echo_guideline(step.findings)


@correction.command("check")
@click.argument("correction_id", type=int)
@pass_app
def correction_check(app: App, correction_id: int) -> None:
    """Run the guideline check on a correction's text.

    Hard stops (personal data, confidential material) block apply; warnings (first person,
    promotion, unsourced numbers, arguing, names) need approve --accept-warnings.

    Example: wikitrack correction check 12
    """
    from .usecases import check_correction

    findings = check_correction(app, correction_id)
    _echo_guideline(findings)
    if not findings and not app.quiet:
        click.echo(f"correction {correction_id}: no guideline findings")


_transition_command(
    "reject",
    "Reject a proposed correction (a desk editor).\n\nExample: wikitrack correction "
    'reject 12 --by "A. de Vries" --note "geen onafhankelijke bron"',
)
_transition_command(
    "withdraw",
    "Withdraw a correction before it is applied.\n\nIts proposer or a desk editor may.\n\n"
    'Example: wikitrack correction withdraw 12 --by "J. Smit"',
)


def _confirm_or_exit(question: str, yes: bool) -> None:
    """Go on after a yes (or with --yes); exit 1, nothing written, otherwise."""
    if not yes and not click.confirm(question, default=False):
        raise click.exceptions.Exit(1)


@correction.command("rebase")
@click.argument("correction_id", type=int)
@click.option("--by", "by", required=True, help="The desk editor who reviewed the changes.")
@click.option("--note", default="", help="A note for the trail.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (scripts).")
@pass_app
def correction_rebase(app: App, correction_id: int, by: str, note: str, yes: bool) -> None:
    """Take the lemma's current revision as the new base.

    Shows what changed on the wiki since the base revision, then asks to confirm. The event
    keeps both revision numbers.

    Example: wikitrack correction rebase 12 --by "A. de Vries"
    """
    from .usecases import plan_rebase, rebase_correction

    plan = plan_rebase(app, correction_id, by=by)
    click.echo(plan.diff or f"(no text changes between {plan.base_revid} and {plan.revid})")
    _confirm_or_exit(f"Rebase onto revision {plan.revid}?", yes)
    step = rebase_correction(app, plan, by=by, note=note)
    click.echo(f"correction {correction_id} {step.status}, based on revision {plan.revid}")


@correction.command("edit")
@click.argument("correction_id", type=int)
@click.option("--by", "by", required=True, help="Its proposer or a desk editor.")
@click.option("--what", help="What is wrong on the wiki.")
@click.option("--find", help="The exact text in the article that --proposed replaces.")
@click.option("--proposed", help="The new text or wikitext.")
@click.option("--source", "sources", multiple=True, help="Source URLs (replace all of them).")
@click.option("--via", type=click.Choice(["article", "talk"]), help="Change the route.")
@click.option("--note", default="", help="A note for the trail.")
@pass_app
def correction_edit(
    app: App, correction_id: int, by: str, note: str, sources: tuple[str, ...], **changes: Any
) -> None:
    """Change a correction before it is applied.

    The event keeps before and after; an approved correction goes back to proposed.

    Example: wikitrack correction edit 12 --by "J. Smit" --find "telt 11 leden"
    """
    from .usecases import edit_correction

    step = edit_correction(
        app, correction_id, by=by, note=note, sources=list(sources) or None, **changes
    )
    click.echo(f"correction {correction_id} edited, now {step.status}")


@correction.command("apply")
@click.argument("correction_id", type=int)
@click.option("--by", "by", required=True, help="The desk editor who applies it.")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (scripts).")
@click.option("--dry-run", is_flag=True, help="Only show the edit.")
@click.option("--override-guideline", help="Why a hard stop of the guideline may pass.")
@pass_app
def correction_apply(
    app: App,
    correction_id: int,
    by: str,
    yes: bool,
    dry_run: bool,
    override_guideline: str | None,
) -> None:
    """Edit the lemma through the team account (or ask on talk).

    Shows the diff and the edit summary, which names the correction and discloses that the
    edit is made for the municipality. Example: wikitrack correction apply 12 --by "A. de Vries"
    """
    from .usecases import apply_correction, plan_apply

    plan = plan_apply(app, correction_id, by=by, override_guideline=override_guideline)
    click.echo(f"page: {plan.title}\nsummary: {plan.summary}\n{plan.diff}")
    if dry_run:
        return
    _confirm_or_exit("Save this edit?", yes)
    step = apply_correction(app, plan, by=by)
    click.echo(f"correction {correction_id} applied as revision {step.revid}")


@correction.command("record")
@click.argument("correction_id", type=int)
@click.option("--revid", type=int, required=True, help="The revision made by hand.")
@click.option("--by", "by", required=True, help="The desk editor who records it.")
@pass_app
def correction_record(app: App, correction_id: int, revid: int, by: str) -> None:
    """Link an edit made by hand, checked on the wiki.

    The revision must be a team account's edit of that lemma.

    Example: wikitrack correction record 12 --revid 123456 --by "A. de Vries"
    """
    from .usecases import record_correction

    step = record_correction(app, correction_id, revid, by=by)
    click.echo(f"correction {correction_id} applied as revision {step.revid}")


def _list_command(group: click.Group, statuses: Sequence[str], doc: str) -> None:
    """`GROUP list` with --status, --area and the output options; the use case is
    `usecases.list_<group>s`, the table shows `_<GROUP>_COLUMNS`."""
    name = group.name or ""

    @group.command("list", help=doc)
    @click.option("--status", type=click.Choice(list(statuses)))
    @click.option("--area", help="Only this area.")
    @output_options
    @pass_app
    def command(app: App, status: str | None, area: str | None, fmt: str) -> None:
        from . import usecases

        records = getattr(usecases, f"list_{name}s")(app, status=status, area=area)
        rows = [r.as_dict() for r in records]
        columns = _LIST_COLUMNS[name] if fmt == "table" else None
        emit(rows, fmt, columns=columns)


_LIST_COLUMNS = {
    "correction": [
        "id",
        "status",
        "title",
        "area",
        "proposed_by",
        "what",
        "via",
        "applied_revid",
        "updated",
    ],
    "review": [
        "id",
        "status",
        "title",
        "area",
        "requested_by",
        "reason",
        "due",
        "assignee",
        "source",
    ],
}
_list_command(
    correction,
    CORRECTION_STATUSES,
    "List corrections.\n\nExample: wikitrack correction list --status applied --json",
)


@correction.command("show")
@click.argument("correction_id", type=int)
@output_options
@pass_app
def correction_show(app: App, correction_id: int, fmt: str) -> None:
    """Show one correction with every step: who, when, from -> to.

    Example: wikitrack correction show 12
    """
    from .corrections import export_row
    from .usecases import show_correction

    trail = show_correction(app, correction_id)
    events = [e.as_dict() for e in trail.events]
    if fmt != "table":
        emit([{**trail.correction.as_dict(), "events": events}], fmt)
        return
    for key, value in export_row(trail.correction, trail.events).items():
        if value not in (None, ""):
            lines = str(value).replace("\n", "\n" + " " * 17)  # one source a line
            click.echo(f"{key:16} {lines}")
    emit(events, fmt, columns=["at", "actor", "action", "from_status", "to_status", "note"])


@correction.command("export")
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="json")
@click.option("--events", is_flag=True, help="CSV: one row per event instead of per correction.")
@pass_app
def correction_export(app: App, fmt: str, events: bool) -> None:
    """Every correction with its trail, for accountability.

    For requests under the Wet open overheid (Woo), for example. The CSV has one row per
    correction and one column per field (sources one per line); --events gives one row per
    event. The JSON has everything, the events included.

    Example: wikitrack correction export --format csv > correcties.csv
    """
    from .corrections import EVENT_COLUMNS, EXPORT_COLUMNS, export_event_row, export_row
    from .usecases import export_corrections

    trails = export_corrections(app)
    if fmt == "json":
        click.echo(json.dumps([_export_json(t) for t in trails], ensure_ascii=False, indent=2))
    elif events:
        rows = [export_event_row(t.correction, e) for t in trails for e in t.events]
        click.echo(render_rows(rows, "csv", columns=EVENT_COLUMNS), nl=False)
    else:
        rows = [export_row(t.correction, t.events) for t in trails]
        click.echo(render_rows(rows, "csv", columns=EXPORT_COLUMNS), nl=False)


def _export_json(trail: Any) -> dict[str, Any]:
    """Everything about one correction: every field, its sources as a list, its trail."""
    from .corrections import export_row

    return {
        **export_row(trail.correction, trail.events),
        "sources": list(trail.correction.sources),
        "events": [e.as_dict() for e in trail.events],
    }


@cli.command()
@quiet_option
@click.option("--since", help="Only contributions from this date on (YYYY-MM-DD).")
@output_options
@pass_app
def audit(app: App, since: str | None, fmt: str) -> None:
    """Reconcile the team accounts' edits with the corrections log.

    Finds edits without a correction, applied corrections whose revision is missing or by
    someone else, edits outside the lemma's areas or on unwatched pages, summaries without the
    disclosure, and reverted corrections, each with its date, a diff link and the next step.
    Exits 3 when anything is found, so cron mails it.

    Example: wikitrack audit --since 2026-01-01
    """
    from .usecases import audit_team_edits

    findings = [f.as_dict() for f in audit_team_edits(app, since=_parse_since(since))]
    app.log.info("audit: %s", plural(len(findings), "finding"))
    if findings or fmt != "table":
        cols = ["date", "finding", "title", "user", "correction", "next_step", "diff_url"]
        emit(findings, fmt, columns=cols if fmt == "table" else None)
    if not findings and not app.quiet:
        click.echo("audit: every team edit is logged")
    if findings:
        raise click.exceptions.Exit(EXIT_PARTIAL)


# -- review requests ------------------------------------------------------------------------------


@cli.group()
def review() -> None:
    """Review requests: staff ask the desk to look at a lemma.

    Policy staff can also use the web form (wikitrack serve).

    Example: wikitrack review list --status open
    """


@review.command("request")
@_lemma_area_by("requester's", "asks")
@click.option("--reason", required=True, help="Why the desk should look.")
@click.option("--due", help="Due date (YYYY-MM-DD), today or later.")
@pass_app
def review_request(app: App, lemma: str, area: str, by: str, reason: str, due: str | None) -> None:
    """Ask the desk to review a watched lemma.

    Example: wikitrack review request Almere --area bestuur --by "J. Smit"
    --reason "inwonertal lijkt verouderd" --due 2026-12-01
    """
    from .usecases import request_review

    step = request_review(app, lemma=lemma, area=area, by=by, reason=reason, due=due)
    click.echo(f"review request {step.request_id} filed")


_list_command(
    review,
    REVIEW_STATUSES,
    "List review requests (from the CLI and the web form alike).\n\n"
    "Example: wikitrack review list --status open --json",
)


@review.command("assign")
@click.argument("request_id", type=int)
@click.option("--to", "to", required=True, help="The desk editor who takes it.")
@click.option("--by", "by", default=None, help="The desk editor who assigns (default: --to).")
@pass_app
def review_assign(app: App, request_id: int, to: str, by: str | None) -> None:
    """Assign a review request to an editor.

    Example: wikitrack review assign 3 --to "A. de Vries"
    """
    from .usecases import assign_review

    assign_review(app, request_id, to=to, by=by)
    click.echo(f"review request {request_id} assigned to {to}")


@review.command("close")
@click.argument("request_id", type=int)
@click.option("--outcome", required=True, help="What the desk did or decided.")
@click.option("--correction", "correction_id", type=int, help="The lemma's correction it led to.")
@click.option("--declined", is_flag=True, help="Close as declined instead of done.")
@click.option("--by", "by", default="", help="The desk editor who closes it (default: assignee).")
@pass_app
def review_close(app: App, request_id: int, **options: Any) -> None:
    """Close a review request as done or declined.

    The outcome is recorded; --correction links the correction it led to.

    Example: wikitrack review close 3 --outcome "gecorrigeerd" --correction 12
    """
    from .usecases import close_review

    step = close_review(app, request_id, **options)
    click.echo(f"review request {request_id} {step.status}")


# -- web view ------------------------------------------------------------------------------------


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind.")
@click.option("--port", default=8001, show_default=True, type=int, help="Port.")
@pass_app
def serve(app: App, host: str, port: int) -> None:
    """Serve the Dutch web view for policy staff.

    Log in, "Mijn terrein" (the changes of your areas), "Review aanvragen" and "Mijn
    verzoeken"; logged-in staff only, each person sees their own areas.

    Example: wikitrack serve --port 8001
    """
    from .web import serve

    def say_serving() -> None:
        if not app.quiet:
            click.echo(f"serving http://{host}:{port}/ (Ctrl-C stops)", err=True)

    app.db  # noqa: B018 (create and migrate the database before the server opens it)
    code = serve(app.config, host=host, port=port, on_ready=say_serving)
    if code != 0:
        raise WikitrackError(f"the web server stopped with exit code {code}")


@cli.group("web-user")
def web_user() -> None:
    """Logins for the web view, each for a person of [[people]].

    Password hashes live in web-users.json, mode 0600; no command shows them.

    Example: wikitrack web-user list
    """


def _users_file(app: App) -> Path:
    return app.config.base_dir / "web-users.json"


def _read_password(password_stdin: bool) -> str:
    if password_stdin:
        import sys

        return sys.stdin.readline().rstrip("\n")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=True))


@web_user.command("add")
@click.argument("login")
@click.option("--name", required=True, help="The person, as [[people]] in the config names them.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_app
def web_user_add(app: App, login: str, name: str, password_stdin: bool) -> None:
    """Add a login for a person of [[people]]; asks for the password.

    The password is never taken from the command line.

    Example: wikitrack web-user add jsmit --name "J. Smit"
    """
    from .webusers import add_user

    user = add_user(
        _users_file(app), app.config.people, login, name, _read_password(password_stdin)
    )
    click.echo(f"web user {user.login} ({user.person}) saved in {_users_file(app)}")


@web_user.command("list")
@pass_app
def web_user_list(app: App) -> None:
    """The logins with their person, role and areas.

    Disabled logins are marked; no hash is ever shown.

    Example: wikitrack web-user list
    """
    from .webusers import describe_users

    lines = describe_users(_users_file(app), app.config.people)
    click.echo("\n".join(lines) if lines else "no web users")


@web_user.command("disable")
@click.argument("login")
@click.option("--enable", is_flag=True, help="Enable the login again.")
@pass_app
def web_user_disable(app: App, login: str, enable: bool) -> None:
    """Disable a login; its sessions end at once.

    --enable undoes it.

    Example: wikitrack web-user disable jsmit
    """
    from .webusers import set_disabled

    set_disabled(_users_file(app), login, not enable)
    click.echo(f"web user {login} {'enabled' if enable else 'disabled'}")


@web_user.command("remove")
@click.argument("login")
@pass_app
def web_user_remove(app: App, login: str) -> None:
    """Remove a login for good.

    Example: wikitrack web-user remove jsmit
    """
    from .webusers import remove_user

    remove_user(_users_file(app), login)
    click.echo(f"web user {login} removed")


@web_user.command("passwd")
@click.argument("login")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@pass_app
def web_user_passwd(app: App, login: str, password_stdin: bool) -> None:
    """Set a new password (the login's open sessions end).

    Example: wikitrack web-user passwd jsmit
    """
    from .webusers import set_password

    set_password(_users_file(app), login, _read_password(password_stdin))
    click.echo(f"password of web user {login} changed")


if __name__ == "__main__":  # pragma: no cover
    cli(obj=None)
