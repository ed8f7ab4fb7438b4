"""One renderer: rows -> a table on a terminal, or JSON / newline-delimited JSON / CSV.

Every command that lists rows renders them here (`render_rows`); `FORMATS` are the formats
`cli.output_options` offers (a report's own formats are `report.FORMATS`: text, markdown,
html and json, a document rather than rows).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any, Literal

from wikitrack.check.describe import plural
from wikitrack.corrections.redaction import MARKER

if TYPE_CHECKING:
    from pathlib import Path

    from rich.console import Console  # lazy: keeps --help free of rich (issue 27)

    from wikitrack.app.admin import (
        DoctorResult,
        FreshDatabase,
        InitResult,
        RestoreResult,
        WebUserStep,
    )
    from wikitrack.app.correcting import (
        Audit,
        CorrectionStep,
        CorrectionTrail,
        GuidelineCheck,
        Redacted,
        ReviewStep,
        ReviewTrail,
    )
    from wikitrack.check.records import Check
    from wikitrack.corrections.guideline import Finding
    from wikitrack.corrections.workflow import PlannedEdit, PlannedRebase
    from wikitrack.store.backups import BackupResult

__all__ = [
    "FORMATS",
    "FORMAT_HELP",
    "Format",
    "Text",
    "Part",
    "parts",
    "render_rows",
    "render_fields",
]

Format = Literal["table", "json", "nl", "csv"]
# Each format with the help of its flag (--json, ...), in the order --help lists them.
FORMAT_HELP: dict[Format, str] = {
    "json": "Output a JSON array.",
    "nl": "Output newline-delimited JSON.",
    "csv": "Output CSV.",
    "table": "Output a table (default).",
}
FORMATS: tuple[Format, ...] = tuple(FORMAT_HELP)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


# A spreadsheet runs a cell that starts with one of these as a formula; titles, edit summaries
# and proposed texts come from the wiki or from people, so such a cell gets a leading quote.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# A control character (a NUL byte in a reason typed before input was checked) never reaches a
# CSV file raw: it shows as its Unicode picture (NUL as U+2400), a C1 control as U+FFFD.
_CSV_CONTROLS = {
    **{c: chr(0x2400 + c) for c in range(0x20) if chr(c) not in "\t\n"},
    0x7F: "\u2421",
    **{c: "\ufffd" for c in range(0x80, 0xA0)},
}


def _csv_cell(value: Any) -> str:
    text = _cell(value).replace("\r\n", "\n").translate(_CSV_CONTROLS)
    if isinstance(value, str) and text.startswith(_FORMULA_START):
        return "'" + text
    return text


def render_rows(
    rows: Iterable[dict[str, Any]],
    fmt: str,
    *,
    columns: Sequence[str] | None = None,
    console: Console | None = None,
    title: str | None = None,
    table_columns: Sequence[str] | None = None,
) -> str:
    """Render rows; returns the text (the table is printed to `console` when given).

    `columns` picks the columns for every format; `table_columns` only for the table (a
    terminal shows fewer columns than an export); `title` heads the table only."""
    rows = list(rows)
    if fmt == "table" and table_columns is not None:
        columns = table_columns
    cols = list(columns or (rows[0].keys() if rows else []))
    picked = [{c: r.get(c) for c in cols} for r in rows]
    if fmt == "table":
        return _table(picked, cols, title, console)
    return _RENDERERS[fmt](picked, cols)


def render_fields(row: dict[str, Any]) -> str:
    """One record as aligned `name value` lines (a status on a terminal)."""
    width = max((len(k) for k in row), default=0)
    return "".join(f"{k:{max(width, 9)}} {_cell(v)}\n" for k, v in row.items())


def _json(rows: list[dict[str, Any]], cols: list[str]) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def _nl(rows: list[dict[str, Any]], cols: list[str]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def _csv(rows: list[dict[str, Any]], cols: list[str]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: _csv_cell(v) for k, v in r.items()})
    return buf.getvalue()


_RENDERERS: dict[str, Callable[[list[dict[str, Any]], list[str]], str]] = {
    "json": _json,
    "nl": _nl,
    "csv": _csv,
}


def _table(
    rows: list[dict[str, Any]], cols: list[str], title: str | None, console: Console | None
) -> str:
    from rich.console import Console  # lazy: keeps --help free of rich (issue 27)
    from rich.table import Table

    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for r in rows:
        # markup=False semantics: wiki text must never be read as rich markup
        table.add_row(*[_escape(_cell(v)) for v in r.values()])
    out = console or Console(width=160)
    with out.capture() as cap:
        out.print(table)
    return cap.get()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


# -- set-up commands: results -> text (pure) ------------------------------------------------------


def lines(*parts: str | Iterable[str]) -> str:
    """Lines joined into a command's text, each ending in a newline."""
    flat = [p for part in parts for p in ([part] if isinstance(part, str) else part)]
    return "".join(f"{line}\n" for line in flat)


def show_checks(checks: Iterable[Check]) -> list[str]:
    return [f"[{_check_mark(c)}] {c.check}: {c.message}" for c in checks]


def _check_mark(check: Check) -> str:
    return "FAIL" if not check.ok else "warn" if check.warning else "ok "


def show_fresh_database(fresh: FreshDatabase | None) -> list[str]:
    if fresh is None:
        return []
    kept = [f"old database kept as {fresh.kept}"] if fresh.kept else []
    return [*kept, f"fresh database {fresh.path}"]


def show_init(done: InitResult) -> str:
    path = done.config_path
    return lines(
        f"wrote {path}" if done.wrote else f"{path} exists; keeping it (--force overwrites)",
        show_fresh_database(done.fresh),
        f"database {done.db_path} at schema version {done.schema}",
    )


def show_doctor(done: DoctorResult) -> str:
    return lines(show_checks(done.checks))


def show_backup(done: BackupResult) -> str:
    return lines(
        f"backup {done.backup.path}: {sum(done.tables.values())} rows, integrity ok",
        [f"removed old backup {old.path}" for old in done.removed],
    )


def _restored_logins(done: RestoreResult) -> list[str]:
    if done.logins is not None:
        return [
            f"kept the current {done.logins}: the logins are not the database's history, so "
            "no removed or disabled login and no older password comes back"
        ]
    return (
        ["restored web-users.json from the backup (there was none)"] if done.logins_restored else []
    )


def show_restore(done: RestoreResult) -> str:
    redone = (
        [f"applied again the {done.redactions} redaction(s) made after this backup (AVG)"]
        if done.redactions
        else []
    )
    not_redone = (
        [
            f"warning: {len(done.not_redone)} redaction(s) made after this backup were not "
            "applied again (AVG):",
            *(f"  {why}" for why in done.not_redone),
        ]
        if done.not_redone
        else []
    )
    return lines(
        [f"kept the previous {p.name.split('.before-restore-')[0]} as {p}" for p in done.kept],
        f"restored {done.source} into {done.db_path}",
        redone,
        not_redone,
        _restored_logins(done),
        show_checks(done.checks),
    )


def show_redacted(done: Redacted) -> str:
    r = done.redaction
    wal = (
        []
        if done.wal_emptied
        else [
            "warning: a reader (the web view?) keeps the database's WAL file open: the old "
            "bytes leave it at the next checkpoint, when nobody reads the database"
        ]
    )
    backups = (
        [
            f"{done.backups} older backup(s) still hold the text until the retention rule "
            f"removes them (at most {done.keep_weeks} weeks); 'wikitrack restore' applies "
            "this redaction again"
        ]
        if done.backups
        else []
    )
    by_hand = (
        [
            f"{len(done.by_hand)} copy(ies) of the database still hold the text and are never "
            "removed automatically: remove them by hand",
            *(f"  {path}" for path in done.by_hand),
        ]
        if done.by_hand
        else []
    )
    others = (
        [
            f"correction(s) {', '.join(map(str, done.also_in))} hold the same text: redact "
            f"them too ('wikitrack correction redact {done.also_in[0]} ...')"
        ]
        if done.also_in
        else []
    )
    return lines(
        f"correction {done.correction_id}: replaced the text in {len(r.places)} place(s) by "
        f"'{MARKER}'; the trail keeps its keyed hash (redaction {r.id[:12]})",
        [f"  {place}" for place in r.places],
        others,
        wal,
        backups,
        by_hand,
    )


def show_record(row: dict[str, Any], fmt: str) -> str:
    """One record: `name value` lines on a terminal, else like any rows."""
    return render_fields(row) if fmt == "table" else render_rows([row], fmt)


# -- commands' texts: results -> text (pure) -----------------------------------------------------
# A `show_*` function takes a use case's result (and `fmt` under output_options) and returns the
# text `cli.renders` prints: a str, or a `Text` when part of it is chatter for --quiet to drop.


@dataclass(frozen=True)
class Text:
    """A command's text: `shown` always, `chatter` (a success line) left out under --quiet."""

    shown: str
    chatter: str = ""


@dataclass(frozen=True)
class Part:
    """One piece of a command's text, printed in order: on stderr with `err`, left out under
    --quiet with `chatter`. A `show_*` function may return a list of them."""

    text: str
    err: bool = False
    chatter: bool = False


Shown = str | Text | Sequence[Part]


def parts(text: Shown, *, quiet: bool = False) -> list[Part]:
    """A command's text as parts; a plain str is all chatter when `quiet`."""
    if isinstance(text, str):
        return [Part(text, chatter=quiet)]
    if isinstance(text, Text):
        return [Part(text.shown), Part(text.chatter, chatter=True)]
    return list(text)


def show_versions(versions: dict[str, str]) -> str:
    return lines(f"{name} {version}" for name, version in versions.items())


def show_sandbox_start(started: tuple[str, bool]) -> str:
    url, now = started
    return lines(
        f"sandbox running at {url}" if now else f"sandbox already running at {url}; nothing to do"
    )


def show_sandbox_stop(stopped: bool) -> str:
    return lines("sandbox stopped" if stopped else "sandbox was not running")


def show_sandbox_reset(url: str) -> str:
    return lines(f"fresh sandbox running at {url}")


def show_sandbox_database(fresh: FreshDatabase | None, stale: Path | None) -> str:
    """After a sandbox reset: the fresh database, or the old one that describes a gone wiki."""
    if stale is None:
        return lines(show_fresh_database(fresh))
    return lines(
        f"{stale} still describes the old sandbox: 'wikitrack init --reset-db' starts a fresh one"
    )


def show_simulation(done: Iterable[str]) -> str:
    return lines(f"- {line}" for line in done)


def show_findings(findings: Iterable[Finding]) -> list[str]:
    """The guideline check's findings with the exact words, one line each (nothing when
    clean); only the terminal sees them, the log keeps them masked."""
    return [f.line() for f in findings]


def show_correction_step(step: CorrectionStep) -> str:
    revision = f" as revision {step.revid}" if step.revid is not None else ""
    same = [
        f"warning: correction {other} is open and makes the very same change; withdraw the "
        f"one filed twice ('wikitrack correction withdraw {step.correction_id} --by NAME')"
        for other in step.same_as
    ]
    return lines(
        f"correction {step.correction_id} {step.status}{revision}",
        show_findings(step.findings),
        same,
    )


def show_correction_edited(step: CorrectionStep) -> str:
    return lines(f"correction {step.correction_id} edited, now {step.status}")


def show_rebased(step: CorrectionStep) -> str:
    return lines(f"correction {step.correction_id} {step.status}, based on revision {step.revid}")


def show_guideline_check(done: GuidelineCheck) -> Text:
    no_findings = (
        [] if done.findings else [f"correction {done.correction_id}: no guideline findings"]
    )
    return Text(lines(show_findings(done.findings)), lines(no_findings))


def show_rebase_plan(plan: PlannedRebase) -> str:
    return lines(plan.diff or f"(no text changes between {plan.base_revid} and {plan.revid})")


def show_apply_plan(plan: PlannedEdit) -> str:
    return lines(f"page: {plan.title}\nsummary: {plan.summary}\n{plan.diff}")


# The columns a terminal shows of `correction list` and `review list` (an export has all).
LIST_COLUMNS = {
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
        "outcome",
        "correction_id",
        "source",
    ],
}


def show_records(records: Iterable[Any], fmt: str, *, table_columns: Sequence[str]) -> str:
    """Domain objects (with `as_dict`) as rows; a terminal shows `table_columns`."""
    return render_rows([r.as_dict() for r in records], fmt, table_columns=table_columns)


_EVENT_COLUMNS = ["at", "actor", "action", "from_status", "to_status", "note"]


def show_correction_trail(trail: CorrectionTrail, fmt: str) -> str:
    """One correction: its fields as `name value` lines (one source a line), then its trail
    as a table; other formats get one record with its events."""
    from wikitrack.corrections.rules import export_row

    events = [e.as_dict() for e in trail.events]
    if fmt != "table":
        return render_rows([{**trail.correction.as_dict(), "events": events}], fmt)
    fields = export_row(trail.correction, trail.events).items()
    shown = [_field_line(key, value) for key, value in fields if value not in (None, "")]
    return lines(shown) + render_rows(events, fmt, columns=_EVENT_COLUMNS)


def _field_line(key: str, value: Any) -> str:
    """`name value`, a value of several lines (one source a line) indented under itself."""
    return f"{key:16} " + str(value).replace("\n", "\n" + " " * 17)


def show_export(trails: Sequence[CorrectionTrail], fmt: str, *, events: bool) -> str:
    """Every correction for accountability: JSON with everything, or CSV by correction (or by
    event with `events`)."""
    from wikitrack.corrections.rules import (
        EVENT_COLUMNS,
        EXPORT_COLUMNS,
        export_event_row,
        export_row,
    )

    if fmt == "json":
        return json.dumps([_export_json(t) for t in trails], ensure_ascii=False, indent=2) + "\n"
    if events:
        rows = [export_event_row(t.correction, e) for t in trails for e in t.events]
        return render_rows(rows, "csv", columns=EVENT_COLUMNS)
    rows = [export_row(t.correction, t.events) for t in trails]
    return render_rows(rows, "csv", columns=EXPORT_COLUMNS)


def _export_json(trail: CorrectionTrail) -> dict[str, Any]:
    """Everything about one correction: every field, its sources as a list, its trail."""
    from wikitrack.corrections.rules import export_row

    return {
        **export_row(trail.correction, trail.events),
        "sources": list(trail.correction.sources),
        "events": [e.as_dict() for e in trail.events],
    }


_AUDIT_COLUMNS = ["date", "finding", "title", "user", "correction", "next_step", "diff_url"]


def show_audit(done: Audit, fmt: str) -> Text:
    findings = [f.as_dict() for f in done.findings]
    if not findings:
        rows = "" if fmt == "table" else render_rows([], fmt)
        return Text(rows, lines("audit: every team edit is logged"))
    return Text(render_rows(findings, fmt, table_columns=_AUDIT_COLUMNS))


_REVIEW_EVENT_COLUMNS = ["at", "actor", "from_status", "to_status", "note"]


def show_review_trail(trail: ReviewTrail, fmt: str) -> str:
    """One review request: its fields as `name value` lines, then its trail as a table;
    other formats get one record with its events."""
    events = [e.as_dict() for e in trail.events]
    if fmt != "table":
        return render_rows([{**trail.review.as_dict(), "events": events}], fmt)
    fields = trail.review.as_dict().items()
    shown = [_field_line(key, value) for key, value in fields if value not in (None, "")]
    return lines(shown) + render_rows(events, fmt, columns=_REVIEW_EVENT_COLUMNS)


def show_review_filed(step: ReviewStep) -> str:
    return lines(f"review request {step.request_id} filed")


def show_review_step(step: ReviewStep) -> str:
    to = f" to {step.assignee}" if step.assignee else ""
    return lines(f"review request {step.request_id} {step.status}{to}")


def show_check_interrupted(saved: int) -> str:
    """Ctrl-C during check: what was kept, and that nothing is lost."""
    saved_pages = plural(saved, "page")
    return lines(f"interrupted: {saved_pages} saved; the next check continues from there")


def show_serving(host: str, port: int) -> str:
    return f"serving http://{host}:{port}/ (Ctrl-C stops)"


_WEB_USER_DONE = {
    "saved": "web user {login} ({person}) saved in {path}",
    "enabled": "web user {login} enabled",
    "disabled": "web user {login} disabled",
    "removed": "web user {login} removed",
    "password": "password of web user {login} changed",
}


def show_web_user(step: WebUserStep) -> str:
    return lines(_WEB_USER_DONE[step.done].format(**asdict(step)))


def show_web_users(described: list[str]) -> str:
    return lines(described or ["no web users"])
