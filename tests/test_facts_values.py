"""Dutch numbers, dates and names as nl.wikipedia writes them (issue 24): every way a page
writes a figure or a date compares equal to every other way, and different values differ.
The pairs are generated from the formats REFERENCE.md lists, several hundred of them."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest

from wikitrack.facts.values import (
    FactDate,
    compare_values,
    format_date,
    format_number,
    name_candidates,
    parse_date,
    parse_number,
    unit_in,
)

NUMBERS = [Decimal(n) for n in ("7", "45", "999", "1000", "82245", "218000", "226786", "1234567")]
DECIMALS = [Decimal(n) for n in ("248.77", "0.5", "1234.25", "765.30")]
SPACES = [".", " ", "\u00a0", "\u202f", "&nbsp;"]


def _grouped(n: Decimal, sep: str) -> str:
    integer, _, frac = f"{n:f}".partition(".")
    groups = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    return sep.join(groups) + (f",{frac}" if frac else "")


def number_writings(n: Decimal) -> list[str]:
    """Every way a page writes `n`: grouped by a dot or a space of four kinds, bare,
    formatnum (machine notation), with a ref, a comment, a unit, approximately."""
    plain = _grouped(n, "")
    machine = f"{n:f}"
    out = [_grouped(n, s) for s in SPACES] + [plain, "{{formatnum:" + machine + "}}"]
    out += [
        plain + "<ref>{{Citeer web|url=https://www.cbs.nl|titel=CBS|datum=2024}}</ref>",
        _grouped(n, ".") + '<ref name="cbs" />',
        _grouped(n, ".") + "<!-- CBS -->",
        _grouped(n, ".") + " inwoners",
        "ca. " + _grouped(n, "."),
        "'''" + _grouped(n, "\u00a0") + "'''",
    ]
    return list(dict.fromkeys(out))


def number_pairs() -> list[tuple[str, str]]:
    pairs = []
    for n in NUMBERS + DECIMALS:
        pairs += list(itertools.product(number_writings(n)[:3], number_writings(n)))
    return pairs


@pytest.mark.parametrize(("ours", "page"), number_pairs())
def test_every_writing_of_a_number_compares_equal(ours: str, page: str) -> None:
    assert compare_values("number", ours, page).equal, (ours, page)


@pytest.mark.parametrize("n", NUMBERS + DECIMALS)
def test_a_different_number_differs_in_every_writing(n: Decimal) -> None:
    other = n + 1
    for page in number_writings(other):
        assert not compare_values("number", _grouped(n, "."), page).equal, page


def test_number_pairs_are_several_hundred() -> None:
    assert len(number_pairs()) > 200


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("218.000", Decimal(218000)),
        ("248,77 km²", Decimal("248.77")),
        ("{{formatnum:248.77}}", Decimal("248.77")),
        ("−12", Decimal(-12)),
        ("1.234.567,89", Decimal("1234567.89")),
        ("[[Inwoners|218.000]]", Decimal(218000)),
        ("218.000.", Decimal(218000)),
    ],
)
def test_parse_number_reads_the_dutch_way(text: str, value: Decimal) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["248.77", "1,000.5", "", "onbekend", "12.34.5"])
def test_what_is_not_a_dutch_number_is_none_never_a_guess(text: str) -> None:
    assert parse_number(text) is None


def test_a_tolerance_allows_a_margin() -> None:
    assert compare_values("number", "218000", "218.400", Decimal(500)).equal
    assert not compare_values("number", "218000", "218.600", Decimal(500)).equal


def test_a_page_text_that_is_no_number_differs_and_says_why() -> None:
    cmp = compare_values("number", "218000", "onbekend")
    assert not cmp.equal and "not a number" in cmp.reason


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("248,77 km²", "km²"),
        ("248,77 km2", "km²"),
        ("248,77 km<sup>2</sup>", "km²"),
        ("500 ha", "ha"),
        ("12%", "%"),
        ("218.000", None),
        ("218.000 inwoners", "inwoners"),
    ],
)
def test_unit_after_the_figure(text: str, unit: str | None) -> None:
    assert unit_in(text) == unit


DATES = [FactDate(2025, 1, 1), FactDate(2024, 3, 15), FactDate(1984, 12, 31), FactDate(2023, 5, 9)]
LONG = "januari februari maart april mei juni juli augustus september oktober november december"
SHORT = "jan feb mrt apr mei jun jul aug sep okt nov dec"


def date_writings(d: FactDate) -> list[str]:
    assert d.month and d.day
    long, short = LONG.split()[d.month - 1], SHORT.split()[d.month - 1]
    return [
        f"{d.day} {long} {d.year}",
        f"{d.day} {short}. {d.year}",
        f"{d.day} {short} {d.year}",
        f"{d.day} {long.capitalize()} {d.year}",
        f"{d.year}-{d.month:02d}-{d.day:02d}",
        f"{d.day}-{d.month}-{d.year}",
        f"{d.day:02d}-{d.month:02d}-{d.year}",
        f"{{{{Datum|{d.year}|{d.month}|{d.day}}}}}",
        f"{{{{dts|{d.day}|{d.month}|{d.year}}}}}",
        f"{{{{datum|{d.day} {long} {d.year}}}}}",
        f"[[{d.day} {long}]] [[{d.year}]]",
        f"{d.day} {long} {d.year}<ref>CBS</ref>",
    ]


def date_pairs() -> list[tuple[str, str]]:
    return [p for d in DATES for p in itertools.product(date_writings(d), date_writings(d))]


@pytest.mark.parametrize(("ours", "page"), date_pairs())
def test_every_writing_of_a_date_compares_equal(ours: str, page: str) -> None:
    assert compare_values("date", ours, page).equal, (ours, page)


@pytest.mark.parametrize("d", DATES)
def test_a_different_date_differs(d: FactDate) -> None:
    other = FactDate(d.year, d.month, (d.day or 1) % 28 + 1)
    for page in date_writings(other):
        assert not compare_values("date", d.iso(), page).equal, page


def test_dates_compare_at_the_precision_both_have() -> None:
    assert FactDate(2024).older_than(FactDate(2025, 1, 1))
    assert not FactDate(2025).older_than(FactDate(2025, 1, 1))
    assert FactDate(2024, 12).older_than(FactDate(2025))
    assert parse_date("januari 2025") == FactDate(2025, 1)
    assert parse_date("2025") == FactDate(2025)
    assert parse_date("31 februari 2025") is None
    assert parse_date("geen datum") is None


@pytest.mark.parametrize(
    "raw", ["{{dts|31|2|2025}}", "{{Datum|2025|13|1}}", "{{dts|x|y}} 2025", "{{dts|1|smarch|2025}}"]
)
def test_a_date_template_that_cannot_be_read_is_no_date_not_its_year(raw: str) -> None:
    assert parse_date(raw) is None


def test_a_date_template_may_name_its_month() -> None:
    assert parse_date("{{dts|1|januari|2025}}") == FactDate(2025, 1, 1)
    assert parse_date("{{dts|2025|jan.|31}}") == FactDate(2025, 1, 31)


@pytest.mark.parametrize(
    "page",
    [
        "[[Hein Verbeek]]",
        "[[Hein Verbeek|H. Verbeek]]",
        "[[H. Verbeek (burgemeester)|Hein Verbeek]]",
        "Hein Verbeek",
        "'''Hein Verbeek'''",
        "[[Hein Verbeek]]<ref>{{Citeer web|url=https://x.nl|titel=College}}</ref>",
        "[[Hein Verbeek]] ([[VVD]])",
        "Hein  Verbeek<!-- sinds 2024 -->",
        "hein verbeek",
    ],
)
def test_names_compare_through_links_refs_and_markup(page: str) -> None:
    assert compare_values("name", "Hein Verbeek", page).equal, page


def test_a_different_name_differs() -> None:
    assert not compare_values("name", "Hein Verbeek", "[[Hein van der Loo]]").equal
    assert "hein verbeek" in name_candidates("[[Hein Verbeek|H. Verbeek]]")


def test_exact_strips_refs_and_comments_only() -> None:
    assert compare_values("exact", "1300-1365", "1300-1365<ref>PostNL</ref>").equal
    assert not compare_values("exact", "1300-1365", "1300-1366").equal


@pytest.mark.parametrize(
    ("like", "expected"),
    [
        ("218.000", "226.786"),
        ("218 000", "226 786"),
        ("218\u00a0000", "226\u00a0786"),
        ("218\u202f000", "226\u202f786"),
        ("218&nbsp;000", "226&nbsp;786"),
        ("218000", "226786"),
        ("{{formatnum:218000}}", "{{formatnum:226786}}"),
        ("45", "226.786"),
    ],
)
def test_format_number_writes_the_way_the_page_writes(like: str, expected: str) -> None:
    assert format_number(Decimal(226786), like) == expected
    assert parse_number(expected) == Decimal(226786)


def test_format_number_keeps_decimals_with_a_comma() -> None:
    assert format_number(Decimal("248.77"), "765,30") == "248,77"
    assert format_number(Decimal("1248.77"), "{{formatnum:1}}") == "{{formatnum:1248.77}}"


@pytest.mark.parametrize(
    ("like", "expected"),
    [
        ("1 januari 2023", "1 januari 2025"),
        ("1 jan. 2023", "1 jan. 2025"),
        ("1 jan 2023", "1 jan 2025"),
        ("2023-01-01", "2025-01-01"),
        ("1-1-2023", "1-1-2025"),
        ("{{Datum|2023|1|1}}", "{{Datum|2025|1|1}}"),
        ("{{dts|1|1|2023}}", "{{dts|1|1|2025}}"),
        ("2023", "2025"),
    ],
)
def test_format_date_writes_the_way_the_page_writes(like: str, expected: str) -> None:
    assert format_date(FactDate(2025, 1, 1), like) == expected
    assert parse_date(expected) is not None
