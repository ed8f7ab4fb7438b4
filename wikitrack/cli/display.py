"""The texts of the watchlist, check, changes, report, health and nightly commands (pure).

Like output.py's `show_*`: a use case's result (and `fmt` under the output options) in, the
text `cli.renders` prints out, as `output.Part`s where stderr or --quiet matter. Problems go to
stderr as `error: ...` lines, what cron mails.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict
from typing import TYPE_CHECKING

from wikitrack.check.describe import plural
from wikitrack.cli.output import Part, render_rows

if TYPE_CHECKING:
    from wikitrack.app.reporting import ChangeList, HealthResult, NightlyOutcome, WrittenReport
    from wikitrack.app.watching import AreaSummary, CheckOnce, EditedList, ShownArea, SyncDone
    from wikitrack.watchlist.lists import Area

__all__ = [
    "show_problems",
    "show_areas",
    "show_area",
    "show_added",
    "show_removed",
    "show_imported",
    "show_validated",
    "show_sync",
    "show_check",
    "show_changes",
    "show_report",
    "show_health",
    "show_nightly",
]


def _line(text: str, *, err: bool = False, chatter: bool = False) -> Part:
    return Part(f"{text}\n", err=err, chatter=chatter)


def show_problems(problems: Iterable[str]) -> list[Part]:
    """Each problem on stderr (never left out: cron mails them)."""
    return [_line(f"error: {p}", err=True) for p in problems]


# -- watchlists -----------------------------------------------------------------------------------


def show_areas(areas: list[AreaSummary], fmt: str) -> str:
    return render_rows([asdict(a) for a in areas], fmt)


def show_area(shown: ShownArea, fmt: str) -> str:
    title = None if fmt != "table" else f"{shown.name} ({shown.slug})"
    return render_rows([asdict(w) for w in shown.lemmas], fmt, title=title)


def show_added(edited: EditedList) -> list[Part]:
    added = plural(len(edited.titles) - len(edited.skipped), "title")
    skipped = [_line(f"already listed: {s}", err=True) for s in edited.skipped]
    return [*skipped, _line(f"added {added} to {edited.area}")]


def show_removed(edited: EditedList) -> str:
    return f"removed {plural(len(edited.titles), 'title')} from {edited.area}\n"


def show_imported(edited: EditedList) -> str:
    added, found = len(edited.titles) - len(edited.skipped), plural(len(edited.titles), "title")
    return f"added {added} of {found} from {edited.category} to {edited.area}\n"


def show_validated(areas: list[Area]) -> str:
    n = sum(len(a.lemmas) for a in areas)
    return f"{len(areas)} areas, {n} listed lemmas: all valid\n"


_SYNC_COLUMNS = ["area", "listed_title", "status", "page_id", "title", "detail"]


def show_sync(done: SyncDone, fmt: str) -> str | list[Part]:
    """JSON: the rows with the request counts; --nl/--csv: the rows; a terminal: the titles
    that are not ok, a count per status, the files whose titles were fixed."""
    r = done.result
    if fmt == "json":
        payload = {
            "rows": r.rows,
            "resolve_requests": r.resolve_requests,
            "requests": r.requests,
            "fixed_files": r.fixed_files,
        }
        return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    if fmt != "table":
        return render_rows(r.rows, fmt)
    notable = [row for row in r.rows if row["status"] != "ok"]
    counts = (
        f"{plural(len(r.rows), 'title')}: {r.count('ok')} ok, "
        f"{plural(r.count('redirect'), 'redirect')}, {r.count('renamed')} renamed, "
        f"{r.count('missing')} missing, {r.count('invalid')} invalid"
    )
    shown = [Part(render_rows(notable, "table", columns=_SYNC_COLUMNS) if notable else "")]
    shown += [
        _line(counts, chatter=True),
        *(_line(f"updated titles in {p}") for p in r.fixed_files),
    ]
    if done.verbose:
        titles = plural(len({row["listed_title"] for row in r.rows}), "title")
        shown.append(
            _line(
                f"{plural(r.resolve_requests, 'API request')} to resolve {titles} "
                f"(batch size {done.batch_size}); {r.requests} in all"
            )
        )
    return shown


# -- check, changes, report, health, nightly ------------------------------------------------------


def _outcomes(outcomes: Iterable[str]) -> list[Part]:
    """The corrections whose status the check changed, on stderr (left out under --quiet)."""
    return [_line(line, err=True, chatter=True) for line in outcomes]


def show_check(once: CheckOnce) -> list[Part]:
    summary = _line(once.result.summary(), chatter=True)
    return [*_outcomes(once.outcomes), summary, *show_problems(once.errors)]


def show_changes(listed: ChangeList, fmt: str) -> str:
    from wikitrack.report.rendering import change_row

    full = fmt != "table"
    return render_rows([change_row(c, listed.language, full=full) for c in listed.changes], fmt)


def show_report(written: WrittenReport, fmt: str = "") -> list[Part]:
    """The report on stdout, or the file it went to (`fmt`: the report's, already applied)."""
    if written.path:
        return [_line(f"wrote {written.path}", chatter=True)]
    return [Part(written.text)]


def show_health(done: HealthResult, fmt: str) -> list[Part]:
    """Rows under --json/--nl/--csv; else the ranked list, left out under --quiet (the run is
    stored for the mails)."""
    from wikitrack.health.overview import overview_rows, render_health

    if fmt != "table":
        shown = [Part(render_rows(overview_rows(done.report), fmt))]
    else:
        shown = [Part(render_health(done.report, "text", empty_note=True), chatter=True)]
    if done.verbose:
        shown.append(_line(f"{done.run.summary()} (batch size {done.batch_size})", err=True))
    return [*shown, *show_problems(done.run.errors)]


def show_nightly(done: NightlyOutcome) -> list[Part]:
    """Quiet on success: the outcomes of corrections, a summary on a terminal, the problems."""
    shown = _outcomes(done.check.outcomes)
    if done.on_terminal:
        how = f"written to {done.mail_dir}" if done.mail_dir else "sent"
        mails = plural(len(done.mail.sent), "mail")
        shown.append(_line(f"{done.check.result.summary()}; {mails} {how}", err=True))
    return [*shown, *show_problems(done.problems)]
