"""The texts of the watchlist, check, report, health and nightly commands, on plain data."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from wikitrack.app.reporting import WrittenReport
from wikitrack.app.watching import CheckOnce, EditedList, SyncDone
from wikitrack.cli.display import show_added, show_check, show_report, show_sync
from wikitrack.cli.output import Part, Text, parts


def test_parts_keep_text_order_and_mark_chatter() -> None:
    assert parts("done\n") == [Part("done\n")]
    assert parts("done\n", quiet=True) == [Part("done\n", chatter=True)]
    assert parts(Text("a", "b")) == [Part("a"), Part("b", chatter=True)]


def test_added_titles_name_the_skipped_ones_on_stderr_first() -> None:
    edited = EditedList("verkeer", ("A", "B"), ("B",))
    assert show_added(edited) == [
        Part("already listed: B\n", err=True),
        Part("added 1 title to verkeer\n"),
    ]


@dataclass
class _Checked:
    errors: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return "2 lemmas checked"


def test_check_outcomes_and_summary_are_chatter_problems_are_not() -> None:
    once = CheckOnce(_Checked(["Foo: timeout"]), ("correction 3: verified",), ("x.toml:1: bad",))
    assert show_check(once) == [
        Part("correction 3: verified\n", err=True, chatter=True),
        Part("2 lemmas checked\n", chatter=True),
        Part("error: x.toml:1: bad\n", err=True),
        Part("error: Foo: timeout\n", err=True),
    ]
    assert once.exit_code == 3


def test_report_says_where_it_was_written_or_is_the_text() -> None:
    assert show_report(WrittenReport("<html/>", Path("r.html"))) == [
        Part("wrote r.html\n", chatter=True)
    ]
    assert show_report(WrittenReport("rapport\n", None)) == [Part("rapport\n")]


@dataclass
class _Synced:
    rows: list[dict[str, object]]
    resolve_requests: int = 1
    requests: int = 2
    fixed_files: list[str] = field(default_factory=list)

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r["status"] == status)


def test_sync_json_has_the_request_counts_and_one_newline() -> None:
    done = SyncDone(_Synced([{"status": "ok", "listed_title": "A"}]), batch_size=50)
    text = show_sync(done, "json")
    assert isinstance(text, str) and text.endswith("}\n") and '"requests": 2' in text
    table = parts(show_sync(done, "table"))
    assert table[0] == Part("")  # every title ok: no table
    assert table[1].chatter and "1 title: 1 ok" in table[1].text
