"""The one renderer: CSV cells that a spreadsheet would run as a formula are defused."""

from __future__ import annotations

import csv
import io

from wikitrack.cli.output import render_rows


def test_csv_defuses_formulas_but_keeps_numbers():
    rows = [
        {"title": '=HYPERLINK("http://x")', "comment": "+1 bron", "size": -42, "user": "@kees"},
        {"title": "Almere", "comment": "-", "size": 7, "user": "Kees"},
    ]
    back = list(csv.DictReader(io.StringIO(render_rows(rows, "csv"))))
    assert back[0] == {
        "title": '\'=HYPERLINK("http://x")',
        "comment": "'+1 bron",
        "size": "-42",  # a number stays a number
        "user": "'@kees",
    }
    assert back[1] == {"title": "Almere", "comment": "'-", "size": "7", "user": "Kees"}
    assert '"title": "=HYPERLINK' in render_rows(rows, "json").replace("\\", "")  # JSON as is


def test_a_terminal_shows_fewer_columns_than_an_export():
    from wikitrack.cli.output import render_fields

    rows = [{"id": 1, "title": "Almere", "note": "long"}]
    assert "note" not in render_rows(rows, "table", table_columns=["id", "title"])
    assert '"note": "long"' in render_rows(rows, "json", table_columns=["id", "title"])
    assert render_fields({"running": True, "url": "http://x"}) == (
        "running   True\nurl       http://x\n"
    )
