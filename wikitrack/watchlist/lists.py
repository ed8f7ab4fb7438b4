"""Watchlists: one TOML file per policy area under `watchlists/`. Pure: parse, validate, edit.

A file looks like this::

    name = "Verkeer & vervoer"
    description = "Spoor, wegen, bruggen."
    contacts = ["verkeer@almere.example"]

    [[lemma]]
    title = "Station Almere Centrum"
    note = "why we watch it"          # optional
    unverified = true                 # optional: not yet checked on the wiki

    [[category]]                      # optional: members join the area at sync
    name = "Stadsdeel van Almere"
    depth = 0
    exclude = ["Almere Pampus"]

Every problem is reported with file:line, all in one run. Edits go through tomlkit so comments
and order survive, and are written atomically (a temp file renamed over the original).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from wikitrack.errors import InputError
from wikitrack.watchlist.areas import Area, CategoryRule, WatchedTitle
from wikitrack.wiki.sitefacts import invalid_title_reason, normalize_title, typed_title

__all__ = [
    "load_watchlists",
    "validate_watchlists",
    "parse_watchlist",
    "find_area",
    "check_known_area",
    "add_titles",
    "remove_titles",
    "replace_titles",
]

_TOP_KEYS = {"name", "description", "contacts", "lemma", "category"}
_LEMMA_KEYS = {"title", "note", "unverified"}
_CATEGORY_KEYS = {"name", "depth", "exclude"}
_SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _header_lines(text: str, table: str) -> list[int]:
    pattern = re.compile(r"^\s*\[\[\s*" + re.escape(table) + r"\s*\]\]\s*(#.*)?$")
    return [i + 1 for i, line in enumerate(text.splitlines()) if pattern.match(line)]


@functools.lru_cache(maxsize=4)
def _lines(text: str) -> tuple[str, ...]:
    """The file's lines, split once per file: a watchlist may list thousands of lemmas and
    each is looked up by line."""
    return tuple(text.splitlines())


@functools.cache
def _key_pattern(key: str) -> re.Pattern[str]:
    return re.compile(r"^\s*\"?" + re.escape(key) + r"\"?\s*=")


def _key_line(text: str, key: str, start: int = 1) -> int:
    """First line at or after `start` that sets `key`; `start` itself if none does."""
    key_re = _key_pattern(key)
    lines = _lines(text)
    for i in range(max(start - 1, 0), len(lines)):
        if i > start - 1 and lines[i].lstrip().startswith("["):
            break
        if key_re.match(lines[i]):
            return i + 1
    return start


@dataclass(frozen=True)
class _WatchlistFile:
    """One watchlist file being parsed, and every problem found in it so far."""

    path: Path
    text: str
    problems: list[str] = field(default_factory=list)

    def problem(self, line: int, message: str) -> None:
        self.problems.append(f"{self.path}:{line}: {message}")

    def key_line(self, key: str, start: int = 1) -> int:
        return _key_line(self.text, key, start)

    def iter_tables(
        self, data: dict[str, Any], table: str, allowed: set[str], not_a_table: str
    ) -> Iterator[tuple[int, dict[str, Any]]]:
        """(header line, entry) of each [[table]]; an entry that is no table, an unknown key
        and a `table` that is no array of tables are problems."""
        raw = data.get(table, [])
        headers = _header_lines(self.text, table)
        if not isinstance(raw, list):
            self.problem(self.key_line(table), f"use [[{table}]] tables")
            return
        for i, entry in enumerate(raw):
            line = headers[i] if i < len(headers) else 1
            if not isinstance(entry, dict):
                self.problem(line, not_a_table)
                continue
            for key in entry:
                if key not in allowed:
                    self.problem(self.key_line(key, line), f"unknown key '{key}' in [[{table}]]")
            yield line, entry


def parse_watchlist(path: Path, text: str) -> tuple[Area | None, list[str]]:
    """Parse one file. Returns the area (None when unusable) and every problem found."""
    file = _WatchlistFile(path, text)
    slug = path.stem
    if not _SLUG.match(slug):
        file.problem(1, f"file name must be a slug (a-z, 0-9, '-'), not '{slug}'")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = re.search(r"line (\d+)", str(e))
        return None, [f"{path}:{m.group(1) if m else 1}: malformed TOML: {e}"]
    name, description, contacts = _parse_head(data, file, slug)
    area = Area(
        slug=slug,
        name=name,
        description=description,
        contacts=contacts,
        lemmas=_parse_lemmas(data, file),
        categories=_parse_categories(data, file),
        path=str(path),
    )
    return area, file.problems


def _parse_head(
    data: dict[str, Any], file: _WatchlistFile, slug: str
) -> tuple[str, str, tuple[str, ...]]:
    """The area's (name, description, contacts); the slug names an area without a name."""
    for key in data:
        if key not in _TOP_KEYS:
            file.problem(file.key_line(key), f"unknown key '{key}'")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        file.problem(file.key_line("name"), "'name' (the area's display name) is required")
        name = slug
    description = data.get("description", "")
    if not isinstance(description, str):
        file.problem(file.key_line("description"), "'description' must be text")
        description = ""
    contacts = data.get("contacts", [])
    if not isinstance(contacts, list) or not all(isinstance(c, str) for c in contacts):
        file.problem(file.key_line("contacts"), "'contacts' must be a list of mail addresses")
        contacts = []
    for c in contacts:
        if not _EMAIL.match(c):
            file.problem(file.key_line("contacts"), f"'{c}' is not a mail address")
    return name.strip(), description, tuple(contacts)


def _parse_lemmas(data: dict[str, Any], file: _WatchlistFile) -> tuple[WatchedTitle, ...]:
    lemmas: list[WatchedTitle] = []
    seen: dict[str, int] = {}  # normalised title -> line of its first listing
    not_a_table = "a lemma must be a table with a title"
    for line, entry in file.iter_tables(data, "lemma", _LEMMA_KEYS, not_a_table):
        lemma = _parse_lemma(entry, line, file, seen)
        if lemma is not None:
            seen[lemma.title] = lemma.line
            lemmas.append(lemma)
    return tuple(lemmas)


def _parse_lemma(
    entry: dict[str, Any], line: int, file: _WatchlistFile, seen: dict[str, int]
) -> WatchedTitle | None:
    """One [[lemma]] table at `line`; None when its title is missing, invalid or listed before."""
    title = entry.get("title")
    tline = file.key_line("title", line)
    if not isinstance(title, str):
        file.problem(line, "lemma without a title")
        return None
    reason = invalid_title_reason(title)
    if reason:
        file.problem(tline, f"invalid title {title!r}: {reason}")
        return None
    norm = normalize_title(title)
    if norm in seen:
        file.problem(tline, f"duplicate title '{title}' (first at line {seen[norm]})")
        return None
    note = entry.get("note", "")
    unverified = entry.get("unverified", False)
    if not isinstance(note, str):
        file.problem(file.key_line("note", line), "'note' must be text")
        note = ""
    if not isinstance(unverified, bool):
        file.problem(file.key_line("unverified", line), "'unverified' must be true or false")
        unverified = False
    return WatchedTitle(title=norm, note=note, unverified=unverified, line=tline)


def _parse_categories(data: dict[str, Any], file: _WatchlistFile) -> tuple[CategoryRule, ...]:
    rules: list[CategoryRule] = []
    not_a_table = "a category rule must be a table"
    for line, entry in file.iter_tables(data, "category", _CATEGORY_KEYS, not_a_table):
        rule = _parse_category(entry, line, file)
        if rule is not None:
            rules.append(rule)
    return tuple(rules)


def _parse_category(entry: dict[str, Any], line: int, file: _WatchlistFile) -> CategoryRule | None:
    """One [[category]] table at `line`; None without a valid category name."""
    cat = entry.get("name")
    depth = entry.get("depth", 0)
    exclude = entry.get("exclude", [])
    if not isinstance(cat, str) or invalid_title_reason(cat):
        file.problem(file.key_line("name", line), "category rule needs a valid 'name'")
        return None
    if not isinstance(depth, int) or isinstance(depth, bool) or not 0 <= depth <= 5:
        file.problem(file.key_line("depth", line), "'depth' must be a whole number from 0 to 5")
        depth = 0
    if not isinstance(exclude, list) or not all(isinstance(x, str) for x in exclude):
        file.problem(file.key_line("exclude", line), "'exclude' must be a list of titles")
        exclude = []
    return CategoryRule(category=cat, depth=depth, exclude=tuple(exclude), line=line)


def _watchlist_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise InputError(f"{directory}: watchlist directory not found")
    return sorted(directory.glob("*.toml"))


def validate_watchlists(directory: Path) -> tuple[list[Area], list[str]]:
    """Every area that parsed, and every problem in every file (offline)."""
    areas, problems = [], []
    files = _watchlist_files(directory)
    if not files:
        problems.append(f"{directory}: no watchlists (*.toml)")
    for path in files:
        area, found = parse_watchlist(path, path.read_text(encoding="utf-8"))
        problems.extend(found)
        if area:
            areas.append(area)
    return areas, problems


def load_watchlists(directory: Path) -> list[Area]:
    """All areas, or InputError listing every problem."""
    areas, problems = validate_watchlists(directory)
    if problems:
        raise InputError(f"{directory}: {len(problems)} problem(s) in the watchlists", problems)
    return areas


def find_area(areas: Sequence[Area], slug: str) -> Area:
    check_known_area(slug, [a.slug for a in areas])
    return next(a for a in areas if a.slug == slug)


def check_known_area(slug: str, known: Sequence[str]) -> None:
    """InputError naming the known areas (in their order) unless `slug` is one of them: the
    one message every command gives for an unknown --area."""
    if slug not in known:
        raise InputError(f"unknown area '{slug}' (known areas: {', '.join(known) or 'none'})")


# -- editing ------------------------------------------------------------------------------------


def _check_result(path: Path, text: str) -> None:
    _, problems = parse_watchlist(path, text)
    if problems:
        raise InputError(f"{path}: the edit would make the watchlist invalid", problems)


def add_titles(
    path: Path, text: str, titles: Iterable[str], note: str = ""
) -> tuple[str, list[str]]:
    """Append [[lemma]] tables for new titles; returns (new text, titles already present)."""
    import tomlkit  # lazy: keeps start-up free of tomlkit (only edits need it)

    doc = tomlkit.parse(text)
    lemmas = doc.get("lemma")
    if lemmas is None:
        lemmas = tomlkit.aot()
        doc.append("lemma", lemmas)
    present = {normalize_title(str(t.get("title", ""))) for t in lemmas}
    problems, skipped = [], []
    for typed in titles:
        try:
            title = typed_title(typed)  # a pasted nl.wikipedia URL names its title
        except InputError as e:
            problems.append(str(e))
            continue
        reason = invalid_title_reason(title)
        if reason:
            problems.append(f"invalid title {title!r}: {reason}")
            continue
        norm = normalize_title(title)
        if norm in present:
            skipped.append(norm)
            continue
        present.add(norm)
        if len(lemmas):
            lemmas[-1].add(tomlkit.nl())  # a blank line between tables, as people write them
        table = tomlkit.table()
        table["title"] = norm
        if note:
            table["note"] = note
        lemmas.append(table)
    if problems:
        raise InputError(f"{path}: nothing added", problems)
    new = tomlkit.dumps(doc)
    _check_result(path, new)
    return new, skipped


def remove_titles(path: Path, text: str, titles: Iterable[str]) -> tuple[str, list[str]]:
    """Drop the [[lemma]] tables of `titles`; returns (new text, titles not found)."""
    import tomlkit  # lazy: keeps start-up free of tomlkit (only edits need it)

    doc = tomlkit.parse(text)
    lemmas: Any = doc.get("lemma", [])
    wanted = {normalize_title(typed_title(t)): t for t in titles}
    found = set()
    for i in reversed(range(len(lemmas))):
        norm = normalize_title(str(lemmas[i].get("title", "")))
        if norm in wanted:
            found.add(norm)
            del lemmas[i]
    missing = [t for n, t in wanted.items() if n not in found]
    if missing:
        raise InputError(f"{path}: not on this watchlist: {', '.join(missing)}; nothing removed")
    # The blank line that parted the last table from a removed one stays with it: drop it.
    return tomlkit.dumps(doc).rstrip() + "\n", []


def replace_titles(path: Path, text: str, renames: dict[str, str]) -> tuple[str, dict[str, str]]:
    """Rename lemma titles (old → new), keeping notes, comments and order.

    A rename whose new title is already listed in the file (or taken by another rename) is
    refused, not written: the file must still validate. Returns (new text, {old title: why a
    rename was refused}).
    """
    import tomlkit  # lazy: keeps start-up free of tomlkit (only edits need it)

    doc = tomlkit.parse(text)
    tables: Any = doc.get("lemma", [])
    present = {normalize_title(str(t.get("title", ""))) for t in tables}
    wanted = {normalize_title(k): normalize_title(v) for k, v in renames.items()}
    refused: dict[str, str] = {}
    for table in tables:
        old = normalize_title(str(table.get("title", "")))
        new = wanted.get(old)
        if new is None or new == old:
            continue
        if new in present:
            refused[old] = f"'{new}' is already listed in {path.name}"
            continue
        present.discard(old)
        present.add(new)
        table["title"] = new
    result = tomlkit.dumps(doc)
    _check_result(path, result)
    return result, refused
