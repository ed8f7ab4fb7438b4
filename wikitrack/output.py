"""One renderer: rows -> a table on a terminal, or JSON / newline-delimited JSON / CSV."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["FORMATS", "render_rows"]

FORMATS = ("table", "json", "nl", "csv")


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
) -> str:
    """Render rows; returns the text (the table is printed to `console` when given)."""
    rows = list(rows)
    cols = list(columns or (rows[0].keys() if rows else []))
    picked = [{c: r.get(c) for c in cols} for r in rows]
    if fmt == "json":
        return json.dumps(picked, ensure_ascii=False, indent=2) + "\n"
    if fmt == "nl":
        return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in picked)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=cols, lineterminator="\n")
        writer.writeheader()
        for r in picked:
            writer.writerow({k: _csv_cell(v) for k, v in r.items()})
        return buf.getvalue()
    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for r in picked:
        # markup=False semantics: wiki text must never be read as rich markup
        table.add_row(*[_escape(_cell(v)) for v in r.values()])
    out = console or Console(width=160)
    with out.capture() as cap:
        out.print(table)
    return cap.get()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
