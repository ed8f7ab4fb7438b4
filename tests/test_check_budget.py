"""One pathological edit must not stall every check: a revision whose structural diff goes over
its time or memory budget is stored with a coarse, honest description (its size, the sections
it touched, "too large to compare in detail") and never diffed again; the run goes on.
Against the FakeWiki, with a diff that hangs on a marked revision."""

from __future__ import annotations

import time
from pathlib import Path

from wikitrack import store
from wikitrack.app.watching import check_once
from wikitrack.check.describe import describe_change
from wikitrack.check.diff import coarse_change, touched_sections
from wikitrack.check.pipeline import BoundedDiffer, _diff_chain, run_check
from wikitrack.check.pool import BoundedPool

from .fakewiki import FakeWiki
from .test_check_fake import ARTICLE, project

MARKER = "{{Stopt de parser}}"  # what `_stalling_chain` hangs on, as a pathological page does


def _stalling_chain(pairs, rules, talk):
    """The diff of `BoundedDiffer`, hanging (as mwparserfromhell has on some pages, its issue
    190) on a text with MARKER: the test decides which revision is too much, not the clock."""
    if any(MARKER in new for _, new in pairs):
        time.sleep(120)
    return _diff_chain(pairs, rules, talk)


class StallingDiffer(BoundedDiffer):
    def __init__(self) -> None:
        BoundedPool.__init__(self, _stalling_chain, timeout=3.0)


def test_a_revision_too_large_to_diff_is_stored_coarsely_and_never_retried(tmp_path: Path):
    wiki = FakeWiki()
    pieter = wiki.actor("Pieter Bakker")
    for name in ("Haven", "Buiten"):
        pieter.edit(name, ARTICLE.format(name=name), "nieuw")
    ctx = project(tmp_path, wiki, ["Haven", "Buiten"])
    assert check_once(ctx).result.baselined == 2
    kees = wiki.actor("Kees Jansen")
    kees.edit("Haven", kees.text("Haven").replace("1.000", "1.250"), "inwoners")  # ordinary
    appendix = "== Bijlage ==\n" + MARKER + "\n" + "| rij | met | cellen |\n" * 7000
    huge = kees.text("Haven") + appendix
    assert len(huge.encode()) > 149_000
    kees.edit("Haven", huge, "bijlage")
    kees.edit("Buiten", kees.text("Buiten").replace("1.000", "1.100"), "inwoners")

    with StallingDiffer() as differ:
        done = run_check(ctx.db, wiki, differ=differ)
        assert done.errors == [] and done.status == "ok"
        assert done.revisions == 3
        assert "1 revision too large to compare in detail" in done.summary()
        changes = {(c.title, c.kind): c for c in store.iter_changes(ctx.db)}
        # The edit before the large one is diffed in full, and the other page.
        assert ("Haven", "template_param_changed") in changes
        assert ("Buiten", "template_param_changed") in changes
        coarse = changes[("Haven", "too_large")]
        assert coarse.details["sections"] == ["Bijlage"]
        assert coarse.details["chars"] == len(huge) and coarse.details["delta"] > 140_000
        line = describe_change(coarse.kind, coarse.details)
        assert line.startswith("Te groot om in detail te vergelijken") and "Bijlage" in line
        english = describe_change(coarse.kind, coarse.details, lang="en")
        assert english.startswith("Too large to compare in detail")
        lemma = store.lemma_by_title(ctx.db, "Haven")
        assert lemma is not None and lemma.last_error is None

        again = run_check(ctx.db, wiki, differ=differ)  # never retried: it is stored
        assert again.errors == [] and again.revisions == 0


def test_touched_sections_are_found_by_a_line_scan():
    old = "Intro.\n== A ==\neen\n== B ==\ntwee\n== B ==\ndrie\n=== Weg ===\nx\n"
    new = "Intro.\n== A ==\neen\n== B ==\ntwee\n== B ==\nvier\n== Nieuw ==\ny\n"
    assert touched_sections(old, new) == ["B", "Nieuw", "Weg"]
    assert touched_sections("a", "b") == [""]  # the lead
    # A line of 200,000 '=' is no heading, and costs no regex time.
    assert touched_sections("", "=" * 200_000 + "\n") == [""]
    many = "".join(f"== S{i} ==\n{i}\n" for i in range(30))
    change = coarse_change(None, many)
    assert len(change.details["sections"]) == 10 and change.details["more_sections"] == 20
