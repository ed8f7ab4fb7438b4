"""Facts files: one TOML file per policy area under `facts/`, beside `watchlists/`. Pure.

A file `facts/<area>.toml` holds the area's official figures, one table a fact::

    max_age_months = 24                         # optional: when our own figures need an update

    [[fact]]
    id = "almere-inwoners"                      # unique over all areas
    lemma = "Almere"                            # on the area's watchlist
    template = "Infobox plaats in Nederland"    # where the fact sits: an infobox parameter...
    template_aliases = ["Infobox Nederlandse plaats"]   # optional: old names, redirects
    parameter = "inwoners"
    parameter_aliases = ["inwonertal"]          # optional
    date_parameter = "peildatum"                # optional: where the page dates the figure
    wikidata = false                            # optional: an empty parameter shows Wikidata
    value = 226786
    unit = "inwoners"                           # optional, one of values.UNITS
    compare = "number"                          # exact | number | date | name
    tolerance = 0                               # optional, numbers only
    reference_date = 2025-01-01                 # a date, or "2025" / "2025-01"
    source = "https://www.cbs.nl/..."
    note = "CBS, bevolking op 1 januari"        # optional

    [[fact]]                                    # ...or a text pattern in a named section
    id = "almere-raadszetels"
    lemma = "Almere"
    section = "Bestuur"
    pattern = "telt {value} zetels"             # {value} once; {date} optional

Every problem is reported with file:line, all in one run; edits (the CSV import) go through
tomlkit so comments and order survive.
"""

from __future__ import annotations

import csv
import io
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from wikitrack.errors import InputError
from wikitrack.facts.values import COMPARE_MODES, UNITS, FactDate, parse_date, parse_number
from wikitrack.watchlist.areas import Area
from wikitrack.watchlist.lists import _WatchlistFile as _TomlFile
from wikitrack.wiki.sitefacts import invalid_title_reason, normalize_title

__all__ = [
    "Fact",
    "FACT_KEYS",
    "facts_dir_for",
    "parse_facts",
    "validate_fact_files",
    "load_facts",
    "import_csv",
]

FACT_KEYS: tuple[str, ...] = (
    "id",
    "lemma",
    "template",
    "template_aliases",
    "parameter",
    "parameter_aliases",
    "date_parameter",
    "wikidata",
    "section",
    "pattern",
    "value",
    "unit",
    "compare",
    "tolerance",
    "reference_date",
    "source",
    "note",
)
_LIST_KEYS = {"template_aliases", "parameter_aliases"}
# An official figure older than this (months) is flagged to its area: the register ages too.
DEFAULT_MAX_AGE_MONTHS = 24
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_URL = re.compile(r"^https?://[^\s/?#]+\.[^\s/?#]+(?:[/?#]\S*)?$")
_PARAM = re.compile(r"^[^|{}\[\]=\n]+$")


@dataclass(frozen=True)
class Fact:
    """One official fact of an area, and where on its lemma the wiki states it."""

    id: str
    area: str
    lemma: str
    value: str
    reference_date: FactDate
    source: str
    compare: str = "exact"
    unit: str = ""
    tolerance: Decimal = Decimal(0)
    template: str = ""
    template_aliases: tuple[str, ...] = ()
    parameter: str = ""
    parameter_aliases: tuple[str, ...] = ()
    date_parameter: str = ""
    wikidata: bool = False
    section: str = ""
    pattern: str = ""
    note: str = ""
    path: str = ""
    line: int = 0
    max_age_months: int = 24  # our own figure needs an update when its date is older

    @property
    def where(self) -> str:
        """Where the fact sits, for people: 'Infobox X | inwoners' or 'section Bestuur'."""
        if self.template:
            return f"{self.template} | {self.parameter}"
        return f"section {self.section}: {self.pattern}"


def facts_dir_for(watchlists_dir: Path) -> Path:
    """`facts/` lives beside `watchlists/`."""
    return watchlists_dir.parent / "facts"


# -- one fact -----------------------------------------------------------------------------------

Report = Callable[[str, str], None]  # (key, message)


def _text(entry: dict[str, Any], key: str, report: Report, required: bool = False) -> str:
    value = entry.get(key, "")
    if not isinstance(value, str):
        report(key, f"'{key}' must be text")
        return ""
    if required and not value.strip():
        report(key, f"'{key}' is required")
    return value.strip()


def _texts(entry: dict[str, Any], key: str, report: Report) -> tuple[str, ...]:
    value = entry.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        report(key, f"'{key}' must be a list of names")
        return ()
    return tuple(v.strip() for v in value)


def _reference_date(entry: dict[str, Any], report: Report) -> FactDate | None:
    raw = entry.get("reference_date")
    if raw is None or raw == "":
        report("reference_date", "'reference_date' is required (a date such as 2025-01-01)")
        return None
    if isinstance(raw, datetime) or not isinstance(raw, (date, str)):
        report("reference_date", "'reference_date' must be a date (2025-01-01, '2025-01', '2025')")
        return None
    if isinstance(raw, date):
        return FactDate(raw.year, raw.month, raw.day)
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", raw.strip()):
        report("reference_date", f"'{raw}' is not a date (write 2025-01-01, '2025-01' or '2025')")
        return None
    found = parse_date(raw) if len(raw.strip()) == 10 else _year_month(raw.strip())
    if found is None:
        report("reference_date", f"'{raw}' is not a date")
    return found


def _year_month(raw: str) -> FactDate | None:
    parts = [int(p) for p in raw.split("-")]
    if len(parts) == 2 and not 1 <= parts[1] <= 12:
        return None
    return FactDate(*parts)


def _value(entry: dict[str, Any], report: Report) -> tuple[str, str]:
    """(value as text, compare mode); the mode defaults to number for a TOML number."""
    raw = entry.get("value")
    mode = entry.get("compare")
    if mode is None:
        mode = "number" if isinstance(raw, (int, float)) and not isinstance(raw, bool) else "exact"
    if mode not in COMPARE_MODES:
        report("compare", f"'compare' must be one of {', '.join(COMPARE_MODES)}, not {mode!r}")
        mode = "exact"
    if isinstance(raw, bool) or not isinstance(raw, (str, int, float)) or str(raw).strip() == "":
        report("value", "'value' is required: the official value, as text or a number")
        return "", mode
    text = str(raw).strip()
    if isinstance(raw, float):
        text = text.replace(".", ",")  # 248.77 in TOML is the Dutch 248,77
    if mode == "number" and parse_number(text) is None:
        report("value", f"'value' {text!r} is not a number (write 218000, '218.000' or '248,77')")
    if mode == "date" and parse_date(text) is None:
        report("value", f"'value' {text!r} is not a date")
    return text, mode


def _tolerance(entry: dict[str, Any], mode: str, report: Report) -> Decimal:
    raw = entry.get("tolerance", 0)
    if isinstance(raw, bool) or not isinstance(raw, (int, float, str)):
        report("tolerance", "'tolerance' must be a number")
        return Decimal(0)
    try:
        tol = Decimal(str(raw).replace(",", "."))
    except InvalidOperation:
        report("tolerance", f"'tolerance' {raw!r} is not a number")
        return Decimal(0)
    if tol < 0:
        report("tolerance", "'tolerance' cannot be negative")
    if tol and mode != "number":
        report("tolerance", "'tolerance' applies to compare = \"number\" only")
    return tol


def _location(entry: dict[str, Any], report: Report) -> dict[str, Any]:
    """The template and parameter, or the section and pattern (exactly one of the two)."""
    loc: dict[str, Any] = {k: _text(entry, k, report) for k in ("template", "parameter")}
    loc |= {k: _text(entry, k, report) for k in ("date_parameter", "section", "pattern")}
    loc |= {k: _texts(entry, k, report) for k in sorted(_LIST_KEYS)}
    wikidata = entry.get("wikidata", False)
    if not isinstance(wikidata, bool):
        report("wikidata", "'wikidata' must be true or false")
        wikidata = False
    loc["wikidata"] = wikidata
    by_template = bool(loc["template"] or loc["parameter"])
    by_text = bool(loc["section"] or loc["pattern"])
    if by_template == by_text:
        report("template", "give either 'template' and 'parameter' or 'section' and 'pattern'")
    elif by_template:
        _check_template(loc, report)
    else:
        _check_pattern(loc, report)
    return loc


def _check_template(loc: dict[str, Any], report: Report) -> None:
    for name in (loc["template"], *loc["template_aliases"]):
        if not name or invalid_title_reason(name):
            report("template", f"'template' {name!r} is not a template name")
    for key in ("parameter", "date_parameter"):
        for name in (loc[key], *(loc["parameter_aliases"] if key == "parameter" else ())):
            if (name or key == "parameter") and not _PARAM.match(name):
                report(key, f"'{key}' {name!r} is not a parameter name")


def _check_pattern(loc: dict[str, Any], report: Report) -> None:
    if not loc["section"]:
        report("section", "'section' is required with 'pattern': the heading it sits under")
    if loc["pattern"].count("{value}") != 1:
        report("pattern", "'pattern' must hold {value} exactly once")
    if loc["pattern"].count("{date}") > 1:
        report("pattern", "'pattern' may hold {date} once")
    for key in ("template_aliases", "parameter_aliases", "date_parameter", "wikidata"):
        if loc[key]:
            report(key, f"'{key}' belongs to a template fact, not to a pattern")


def parse_fact(entry: dict[str, Any], area: str, report: Report, where: tuple[str, int]) -> Fact:
    """One fact from its table (or CSV row); every problem goes to `report`."""
    for key in entry:
        if key not in FACT_KEYS:
            report(key, f"unknown key '{key}'")
    fact_id = _text(entry, "id", report, required=True)
    if fact_id and not _SLUG.match(fact_id):
        report("id", f"'id' {fact_id!r} must be a slug (a-z, 0-9, '-')")
    lemma = _text(entry, "lemma", report, required=True)
    if lemma and (reason := invalid_title_reason(lemma)):
        report("lemma", f"invalid lemma {lemma!r}: {reason}")
    value, mode = _value(entry, report)
    unit = _text(entry, "unit", report)
    if unit not in UNITS:
        report("unit", f"unknown unit {unit!r} (known: {', '.join(u for u in UNITS if u)})")
    source = _text(entry, "source", report, required=True)
    if source and not _URL.match(source):
        report("source", f"'source' {source!r} is not a web address (https://...)")
    ref = _reference_date(entry, report)
    return Fact(
        id=fact_id,
        area=area,
        lemma=normalize_title(lemma) if lemma else "",
        value=value,
        reference_date=ref or FactDate(1),
        source=source,
        compare=mode,
        unit=unit,
        tolerance=_tolerance(entry, mode, report),
        note=_text(entry, "note", report),
        path=where[0],
        line=where[1],
        **_location(entry, report),
    )


# -- one file and all of them -------------------------------------------------------------------


def parse_facts(path: Path, text: str, area: Area | None) -> tuple[list[Fact], list[str]]:
    """The facts of one file and every problem in it; `area` is the watchlist of the file's
    area (None: no such area, itself a problem)."""
    file = _TomlFile(path, text)
    if area is None:
        file.problem(1, f"unknown area '{path.stem}': there is no watchlists/{path.stem}.toml")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        return [], [f"{path}:{m.group(1) if m else 1}: malformed TOML: {e}"]
    for key in data:
        if key not in ("fact", "max_age_months"):
            file.problem(file.key_line(key), f"unknown key '{key}' (facts are [[fact]] tables)")
    age = data.get("max_age_months", DEFAULT_MAX_AGE_MONTHS)
    if isinstance(age, bool) or not isinstance(age, int) or not 1 <= age <= 240:
        file.problem(file.key_line("max_age_months"), "'max_age_months' must be 1 to 240")
        age = DEFAULT_MAX_AGE_MONTHS
    facts = []
    for line, entry in file.iter_tables(data, "fact", set(FACT_KEYS), "a fact must be a table"):
        fact = parse_fact(entry, path.stem, _at(file, line), (str(path), line))
        _check_on_watchlist(fact, area, _at(file, line))
        facts.append(replace(fact, max_age_months=age))
    return facts, file.problems


def _at(file: _TomlFile, line: int) -> Report:
    return lambda key, message: file.problem(file.key_line(key, line), message)


def _check_on_watchlist(fact: Fact, area: Area | None, report: Report) -> None:
    """A fact is about a lemma of its own area. Offline this is the watchlist's listed titles;
    an area that also takes a category's members is checked against the store at `check`."""
    if area is None or not fact.lemma or area.categories:
        return
    if fact.lemma not in {t.title for t in area.lemmas}:
        report("lemma", f"lemma '{fact.lemma}' is not on the watchlist of area '{area.slug}'")


def _fact_files(directory: Path) -> list[Path]:
    return sorted(directory.glob("*.toml")) if directory.is_dir() else []


def validate_fact_files(directory: Path, areas: Sequence[Area]) -> tuple[list[Fact], list[str]]:
    """Every fact of every file, and every problem (file:line), ids unique over all files.
    No facts directory is no facts, not an error."""
    by_slug = {a.slug: a for a in areas}
    facts: list[Fact] = []
    problems: list[str] = []
    seen: dict[str, Fact] = {}
    for path in _fact_files(directory):
        found, bad = parse_facts(path, path.read_text(encoding="utf-8"), by_slug.get(path.stem))
        problems.extend(bad)
        for fact in found:
            first = seen.get(fact.id)
            if fact.id and first:
                problems.append(
                    f"{path}:{fact.line}: duplicate fact id '{fact.id}' "
                    f"(first at {first.path}:{first.line})"
                )
                continue
            seen[fact.id] = fact
            facts.append(fact)
    return facts, problems


def load_facts(directory: Path, areas: Sequence[Area]) -> list[Fact]:
    """Every fact, or InputError listing every problem."""
    facts, problems = validate_fact_files(directory, areas)
    if problems:
        raise InputError(f"{directory}: {len(problems)} problem(s) in the facts files", problems)
    return facts


# -- the CSV import -----------------------------------------------------------------------------


def _row_entry(row: dict[str, str]) -> dict[str, Any]:
    """A CSV row as a fact table: empty cells left out, lists split on ';', booleans read."""
    entry: dict[str, Any] = {}
    for key, cell in row.items():
        cell = (cell or "").strip()
        if key is None or not cell:
            continue
        key = key.strip()
        if key in _LIST_KEYS:
            entry[key] = [c.strip() for c in cell.split(";") if c.strip()]
        elif key == "wikidata":
            entry[key] = {"true": True, "ja": True, "false": False, "nee": False}.get(
                cell.lower(), cell
            )
        elif key == "reference_date" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
            entry[key] = _iso_date(cell) or cell
        elif key == "value" and cell.isdigit() and not (row.get("compare") or "").strip():
            entry[key] = int(cell)  # a bare figure is a number, as in TOML
        else:
            entry[key] = cell
    return entry


def _iso_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def parse_csv_rows(
    name: str, text: str, area: Area
) -> tuple[list[tuple[int, dict[str, Any]]], list[str]]:
    """(row number, fact table) of each row, and every problem as 'FILE:row N: ...'."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    problems = [f"{name}:row 1: unknown column '{h}'" for h in header if h.strip() not in FACT_KEYS]
    for needed in ("id", "lemma", "value", "reference_date", "source"):
        if needed not in [h.strip() for h in header]:
            problems.append(f"{name}:row 1: the column '{needed}' is missing")
    if problems:
        return [], problems
    rows = []
    for number, row in enumerate(reader, start=2):
        if None in row:
            problems.append(f"{name}:row {number}: more cells than columns")
            continue
        entry = _row_entry(row)

        def report(key: str, message: str, n: int = number) -> None:
            problems.append(f"{name}:row {n}: {message}")

        fact = parse_fact(entry, area.slug, report, (name, number))
        _check_on_watchlist(fact, area, report)
        rows.append((number, entry))
    if not rows and not problems:
        problems.append(f"{name}: no rows")
    return rows, problems


def import_csv(
    path: Path, text: str, area: Area, csv_name: str, csv_text: str
) -> tuple[str, int, int]:
    """The facts file `text` with the CSV's rows merged in: a row whose id the file has
    updates that fact's keys, a new id is appended. Returns (new text, added, updated).
    Any bad row raises InputError naming every one, and nothing is merged."""
    rows, problems = parse_csv_rows(csv_name, csv_text, area)
    if problems:
        raise InputError(f"{csv_name}: {len(problems)} bad row(s); nothing imported", problems)
    import tomlkit  # lazy: keeps start-up free of tomlkit (only `facts import` edits)

    doc = tomlkit.parse(text)
    tables = doc.get("fact")
    if tables is None:
        tables = tomlkit.aot()
        doc.append("fact", tables)
    by_id = {str(t.get("id", "")): t for t in tables}
    added = updated = 0
    for _, entry in rows:
        table = by_id.get(entry["id"])
        if table is None:
            table = tomlkit.table()
            if len(tables):
                tables[-1].add(tomlkit.nl())
            tables.append(table)
            by_id[entry["id"]] = table
            added += 1
        else:
            updated += 1
        _fill(table, entry)
    new = tomlkit.dumps(doc)
    _, bad = parse_facts(path, new, area)
    if bad:
        raise InputError(f"{path}: the import would make the facts file invalid", bad)
    return new, added, updated


def _fill(table: Any, entry: dict[str, Any]) -> None:
    for key in FACT_KEYS:
        if key in entry:
            table[key] = entry[key]
