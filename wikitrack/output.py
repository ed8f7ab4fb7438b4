"""One renderer: rows -> a table on a terminal, or JSON / newline-delimited JSON / CSV.

Every command that lists rows renders them here (`cli.emit`); `FORMATS` are the formats
`cli.output_options` offers (a report's own formats are `report.FORMATS`: text, markdown,
html and json, a document rather than rows).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Literal

from rich.console import Console
from rich.table import Table

if TYPE_CHECKING:
    from .backup import BackupResult
    from .models import Check
    from .usecases import DoctorResult, FreshDatabase, InitResult, RestoreResult

__all__ = ["FORMATS", "FORMAT_HELP", "Format", "render_rows", "render_fields"]

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


def _csv_cell(value: Any) -> str:
    text = _cell(value)
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
    return [f"[{'ok ' if c.ok else 'FAIL'}] {c.check}: {c.message}" for c in checks]


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


def show_restore(done: RestoreResult) -> str:
    return lines(
        [f"kept the previous {p.name.split('.before-restore-')[0]} as {p}" for p in done.kept],
        f"restored {done.source} into {done.db_path}",
        show_checks(done.checks),
    )


def show_record(row: dict[str, Any], fmt: str) -> str:
    """One record: `name value` lines on a terminal, else like any rows."""
    return render_fields(row) if fmt == "table" else render_rows([row], fmt)
