"""Parsing piece by piece finds exactly what parsing the whole page finds (plain data)."""

from __future__ import annotations

import pytest

from tests.revision_pairs import OLD, iter_revision_pairs, large_page
from wikitrack.check.diff import DiffRules, _pieces, diff_revision

WHOLE = DiffRules(whole_page=True)


@pytest.mark.parametrize(
    ("base", "steps", "seeds"),
    [
        (OLD, 40, range(5)),
        (large_page(12), 30, range(4)),
        (large_page(12, spanning=True), 20, range(2)),
        (large_page(150), 4, range(1)),  # about 100 KB
    ],
    ids=["almere", "medium", "spanning", "large"],
)
def test_pieces_find_the_same_changes_as_the_whole_page(base, steps, seeds):
    pieces_used = 0
    for seed in seeds:
        for old, new in iter_revision_pairs(base, steps, seed):
            for talk in (False, True):
                assert diff_revision(old, new, talk=talk) == diff_revision(
                    old, new, rules=WHOLE, talk=talk
                ), (seed, talk, old, new)
            pieces_used += _pieces(old) is not None and _pieces(new) is not None
    if "Navigatie" not in base:  # the spanning page must take the whole-page way every time
        assert pieces_used >= steps * len(seeds) // 3
    else:
        assert pieces_used == 0


def test_a_construct_around_a_heading_sends_the_page_to_one_parse():
    assert _pieces(OLD) is not None
    for opener in ("{{Navigatie\n", "<!--\n", "<div>\n", '{| class="wikitable"\n'):
        assert _pieces(OLD.replace("== Bestuur ==", opener + "== Bestuur ==")) is None
