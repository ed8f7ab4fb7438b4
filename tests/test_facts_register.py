"""The facts files (issue 24): format, offline validation with file:line, the CSV import."""

from __future__ import annotations

from pathlib import Path

import pytest

from wikitrack.errors import InputError
from wikitrack.facts.register import import_csv, load_facts, parse_facts, validate_fact_files
from wikitrack.facts.values import FactDate
from wikitrack.watchlist.areas import Area, CategoryRule, WatchedTitle

BESTUUR = Area(
    slug="bestuur",
    name="Bestuur",
    lemmas=(WatchedTitle("Almere"), WatchedTitle("Gemeenteraad van Almere")),
)

GOOD = """\
# Officiële cijfers van het terrein bestuur
[[fact]]
id = "almere-inwoners"
lemma = "Almere"
template = "Infobox plaats in Nederland"
template_aliases = ["Infobox Nederlandse plaats"]
parameter = "inwoners"
parameter_aliases = ["inwonertal"]
date_parameter = "peildatum"
value = 226786
unit = "inwoners"
reference_date = 2025-01-01
source = "https://www.cbs.nl/nl-nl/cijfers"   # CBS StatLine

[[fact]]
id = "raad-zetels"
lemma = "gemeenteraad van Almere"
section = "Samenstelling"
pattern = "telt {value} zetels"
value = "45"
compare = "number"
reference_date = "2022"
source = "https://www.almere.nl/bestuur"
note = "verkiezingen 2022"
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / "facts" / name
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_parses() -> None:
    facts, problems = parse_facts(Path("facts/bestuur.toml"), GOOD, BESTUUR)
    assert problems == []
    inwoners, zetels = facts
    assert inwoners.compare == "number" and inwoners.value == "226786"
    assert inwoners.reference_date == FactDate(2025, 1, 1)
    assert inwoners.template_aliases == ("Infobox Nederlandse plaats",)
    assert inwoners.line == 2 and inwoners.area == "bestuur"
    assert zetels.lemma == "Gemeenteraad van Almere" and zetels.reference_date == FactDate(2022)


BAD_CASES = [
    ('value = "twee"\ncompare = "number"', 3, "is not a number"),
    ('value = "1 smarch 2025"\ncompare = "date"', 3, "is not a date"),
    ('value = "x"\ncompare = "fuzzy"', 4, "'compare' must be one of"),
    ('value = 5\nunit = "furlong"', 4, "unknown unit 'furlong'"),
    ("value = 5\ncolour = 1", 4, "unknown key 'colour'"),
    ('value = 5\nsource = "www.cbs.nl"', 4, "is not a web address"),
    ('value = 5\nreference_date = "1-1-2025"', 4, "is not a date (write 2025-01-01"),
    ('value = 5\nreference_date = "2025-13"', 4, "is not a date"),
    ("value = 5\ntolerance = -1", 4, "cannot be negative"),
    ('value = "x"\ntolerance = 2', 4, "applies to compare"),
    ('value = 5\nsection = "Bestuur"', 6, "give either 'template'"),
]


@pytest.mark.parametrize(("lines", "line", "message"), BAD_CASES)
def test_each_malformed_field_is_reported_with_its_line(
    lines: str, line: int, message: str
) -> None:
    head = '[[fact]]\nid = "f"\n'
    rest = lines.split("\n")
    keys = {ln.split(" =")[0] for ln in rest}
    tail = [
        ln
        for ln in (
            'lemma = "Almere"',
            'template = "Infobox plaats in Nederland"',
            'parameter = "inwoners"',
            "reference_date = 2025-01-01",
            'source = "https://www.cbs.nl/x"',
        )
        if ln.split(" =")[0] not in keys
    ]
    text = head + "\n".join(rest + tail) + "\n"
    _, problems = parse_facts(Path("facts/bestuur.toml"), text, BESTUUR)
    assert any(p.startswith(f"facts/bestuur.toml:{line}: ") and message in p for p in problems), (
        problems
    )


def test_unknown_area_and_lemma_off_the_watchlist(tmp_path: Path) -> None:
    _write(tmp_path, "sport.toml", GOOD.replace('"Almere"', '"Almere Poort"'))
    _write(tmp_path, "bestuur.toml", GOOD.replace('lemma = "Almere"', 'lemma = "Lelystad"'))
    _, problems = validate_fact_files(tmp_path / "facts", [BESTUUR])
    joined = "\n".join(problems)
    assert f"{tmp_path}/facts/sport.toml:1: unknown area 'sport'" in joined
    assert f"{tmp_path}/facts/bestuur.toml:4: lemma 'Lelystad' is not on the watchlist" in joined
    with pytest.raises(InputError) as e:
        load_facts(tmp_path / "facts", [BESTUUR])
    assert e.value.exit_code == 2


def test_an_area_with_category_rules_leaves_the_lemma_to_the_store() -> None:
    wide = Area(slug="bestuur", name="B", categories=(CategoryRule("Almere"),))
    _, problems = parse_facts(Path("facts/bestuur.toml"), GOOD, wide)
    assert problems == []


def test_ids_are_unique_over_all_files(tmp_path: Path) -> None:
    _write(tmp_path, "bestuur.toml", GOOD)
    _write(tmp_path, "wonen.toml", GOOD)
    wonen = Area(slug="wonen", name="Wonen", lemmas=BESTUUR.lemmas)
    _, problems = validate_fact_files(tmp_path / "facts", [BESTUUR, wonen])
    assert any("wonen.toml:2: duplicate fact id 'almere-inwoners'" in p for p in problems)


def test_malformed_toml_names_the_line() -> None:
    _, problems = parse_facts(Path("facts/bestuur.toml"), "[[fact]]\nid = \n", BESTUUR)
    assert problems[0].startswith("facts/bestuur.toml:2: malformed TOML")


def test_no_facts_directory_is_no_facts(tmp_path: Path) -> None:
    assert validate_fact_files(tmp_path / "facts", [BESTUUR]) == ([], [])


CSV_GOOD = """\
id,lemma,template,parameter,value,unit,reference_date,source
almere-inwoners,Almere,Infobox plaats in Nederland,inwoners,230000,inwoners,2026-01-01,https://www.cbs.nl/2026
raad-inwoners,Gemeenteraad van Almere,Infobox gemeenteraad,inwoners,230000,,2026-01-01,https://www.cbs.nl/2026
"""


def test_csv_import_updates_and_appends_keeping_comments() -> None:
    path = Path("facts/bestuur.toml")
    new, added, updated = import_csv(path, GOOD, BESTUUR, "cijfers.csv", CSV_GOOD)
    assert (added, updated) == (1, 1)
    assert "# Officiële cijfers van het terrein bestuur" in new
    assert "# CBS StatLine" not in new or "2026" in new
    facts, problems = parse_facts(path, new, BESTUUR)
    assert problems == []
    by_id = {f.id: f for f in facts}
    assert by_id["almere-inwoners"].value == "230000"
    assert by_id["almere-inwoners"].reference_date == FactDate(2026, 1, 1)
    assert by_id["almere-inwoners"].date_parameter == "peildatum"  # kept from the file
    assert by_id["raad-inwoners"].compare == "number"


def test_csv_with_bad_rows_names_each_row_and_imports_nothing() -> None:
    bad = CSV_GOOD + (
        "x-1,Lelystad,Infobox gemeente,inwoners,5,,2026-01-01,https://www.cbs.nl\n"
        "x-2,Almere,Infobox gemeente,inwoners,veel,,2026-01-01,https://www.cbs.nl\n"
        "x-3,Almere,Infobox gemeente,inwoners,5,,1 januari,https://www.cbs.nl\n"
        "x-4,Almere,Infobox gemeente,inwoners,5,,2026-01-01,ftp:nope\n"
    )
    bad = bad.replace(
        "x-2,Almere,Infobox gemeente,inwoners,veel,,",
        "x-2,Almere,Infobox gemeente,inwoners,veel,km²,",
    )
    with pytest.raises(InputError) as e:
        import_csv(Path("facts/bestuur.toml"), GOOD, BESTUUR, "cijfers.csv", bad)
    problems = e.value.problems
    assert any(p.startswith("cijfers.csv:row 4: lemma 'Lelystad'") for p in problems), problems
    assert any(p.startswith("cijfers.csv:row 6: ") and "not a date" in p for p in problems)
    assert any(p.startswith("cijfers.csv:row 7: ") and "web address" in p for p in problems)
    assert "nothing imported" in str(e.value) and e.value.exit_code == 2


def test_csv_with_a_missing_or_unknown_column_is_refused() -> None:
    with pytest.raises(InputError) as e:
        import_csv(
            Path("facts/bestuur.toml"), GOOD, BESTUUR, "c.csv", "id,lemma,colour\na,Almere,x\n"
        )
    assert "c.csv:row 1: unknown column 'colour'" in e.value.problems
    assert "c.csv:row 1: the column 'source' is missing" in e.value.problems
