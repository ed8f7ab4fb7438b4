"""Due dates of review requests: ISO dates or days and weeks from today, never in the past and
at most a year ahead. Every date here is relative to a `today` the test chooses, so the tests
hold whatever the clock says."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from wikitrack.corrections.reviews import MAX_DUE_DAYS, DueError, parse_due

TODAYS = [date(2026, 12, 4), date(2031, 2, 28), date(2040, 12, 31), date.today()]


@pytest.mark.parametrize("today", TODAYS)
@pytest.mark.parametrize(
    "text,days",
    [("+0d", 0), ("+14d", 14), ("+14", 14), ("+2w", 14), (" +1d ", 1), ("+52w", 364)],
)
def test_relative_due_dates_count_from_today(today: date, text: str, days: int):
    assert parse_due(text, today) == (today + timedelta(days=days)).isoformat()


@pytest.mark.parametrize("today", TODAYS)
def test_iso_due_dates_from_today_to_a_year_ahead(today: date):
    assert parse_due(today.isoformat(), today) == today.isoformat()
    last = today + timedelta(days=MAX_DUE_DAYS)
    assert parse_due(last.isoformat(), today) == last.isoformat()


@pytest.mark.parametrize("today", TODAYS)
@pytest.mark.parametrize(
    "text,problem",
    [
        ("morgen", "invalid"),
        ("2026-02-30", "invalid"),
        ("31-12-2026", "invalid"),
        ("+3m", "invalid"),
        ("-1d", "invalid"),
        ("+１d", "invalid"),  # a fullwidth digit
        ("+9999d", "invalid"),
        ("9999-12-31", "far"),
        ("+53w", "far"),
        ("2001-01-01", "past"),
    ],
)
def test_unusable_due_dates_say_why(today: date, text: str, problem: str):
    with pytest.raises(DueError) as caught:
        parse_due(text, today)
    assert caught.value.problem == problem
    assert text.strip() in str(caught.value)


def test_yesterday_is_past_and_empty_is_none():
    today = date(2030, 6, 1)
    with pytest.raises(DueError, match="in the past"):
        parse_due((today - timedelta(days=1)).isoformat(), today)
    assert parse_due("", today) is None and parse_due(None, today) is None
