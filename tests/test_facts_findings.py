"""The facts register in lemma health (issue 24): differences and our own aged figures become
findings with their weight. Dates are relative to today, so the tests hold for years."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from wikitrack.facts.classify import classify
from wikitrack.facts.findings import fact_findings, is_aged
from wikitrack.facts.locate import locate_fact
from wikitrack.facts.register import Fact, parse_facts
from wikitrack.facts.values import FactDate
from wikitrack.health.kinds import DEFAULT_WEIGHTS, KINDS
from wikitrack.health.overview import describe_finding

PAGE = "{{Infobox plaats in Nederland\n| inwoners = 218.000\n| peildatum = 1 januari 2023\n}}"


def fact(ref: date, value: int = 226786, months: int = 24) -> Fact:
    return Fact(
        id="almere-inwoners",
        area="bestuur",
        lemma="Almere",
        value=str(value),
        reference_date=FactDate(ref.year, ref.month, ref.day),
        source="https://www.cbs.nl/x",
        compare="number",
        template="Infobox plaats in Nederland",
        parameter="inwoners",
        date_parameter="peildatum",
        max_age_months=months,
    )


def test_our_figure_ages_after_the_areas_max_age() -> None:
    today = date.today()
    assert not is_aged(fact(today - timedelta(days=30)), today)
    assert is_aged(fact(today - timedelta(days=800)), today)
    assert not is_aged(fact(today - timedelta(days=800), months=36), today)
    year_only = replace(fact(today), reference_date=FactDate(today.year - 3))
    assert is_aged(year_only, today)


def test_a_difference_and_an_aged_figure_are_findings_with_weight() -> None:
    today = date.today()
    old = fact(today - timedelta(days=900))
    found = fact_findings([classify(old, locate_fact(old, PAGE))], today)
    assert [f.kind for f in found] == ["fact", "fact_aged"]
    assert found[0].key == "fact:almere-inwoners"
    assert (found[0].details["wiki"], found[0].details["status"]) == ("218.000", "older")
    assert {"fact", "fact_aged"} <= set(KINDS)
    assert DEFAULT_WEIGHTS["fact"] > DEFAULT_WEIGHTS["fact_aged"]
    nl = describe_finding("fact", found[0].details, "nl")
    assert "wikitrack facts propose --fact almere-inwoners" in nl and "https://www.cbs.nl/x" in nl
    en = describe_finding("fact_aged", found[1].details, "en")
    assert "older than 24 months" in en and "facts/bestuur.toml" in en


def test_a_matching_current_fact_is_no_finding() -> None:
    today = date.today()
    same = fact(today - timedelta(days=10), value=218000)
    assert fact_findings([classify(same, locate_fact(same, PAGE))], today) == []


def test_max_age_months_is_a_file_setting(tmp_path: Path) -> None:
    text = "max_age_months = 0\n"
    _, problems = parse_facts(Path("facts/bestuur.toml"), text, None)
    assert "facts/bestuur.toml:1: 'max_age_months' must be 1 to 240" in problems
