"""One function per command: what the command does, apart from parsing and rendering.

Each takes the `Context` (config, database, wiki opened on first use) and the command's
arguments as plain values, and returns a result object (a frozen dataclass or a list of
domain objects) that `cli.py` renders; none prints, and none imports click. Errors are our own
exceptions (`errors.py`), which the CLI turns into messages and exit codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .context import Context

__all__ = ["Context"]


# -- set-up: init, doctor, backup, restore, sandbox, serve, web users ---------------------------


# -- watchlists, check and sync ------------------------------------------------------------------

__all__ += ["CheckOnce", "check_once", "usable_areas", "load_areas"]


def load_areas(ctx: Context) -> list[Any]:
    """Every area of the watchlists directory (a broken file is an error)."""
    from .watchlist import load_watchlists

    return load_watchlists(ctx.config.watchlists_dir)


def usable_areas(ctx: Context) -> tuple[list[Any], list[str]]:
    """The areas whose files parse, and every problem (file:line): one broken watchlist must
    not stop the other areas' check and mail."""
    from .watchlist import validate_watchlists

    return validate_watchlists(ctx.config.watchlists_dir)


@dataclass(frozen=True)
class CheckOnce:
    """A check run, the outcomes of corrections it changed (one line each) and the problems
    of watchlists that could not be read (the other areas were checked)."""

    result: Any  # check.CheckResult
    outcomes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def errors(self) -> list[str]:
        return [*self.problems, *self.result.errors]


def check_once(
    ctx: Context,
    *,
    area: str | None = None,
    since: str | None = None,
    use_watchlist: bool = True,
    whole_page: bool = False,
    lock: bool = True,
) -> CheckOnce:
    """Check the watched lemmas (of `area`) once with the configured rules, then update the
    outcomes of applied corrections from what it saw. Holds the check lock unless the caller
    holds it already (`lock=False`, as `nightly` does around check and mail)."""
    from contextlib import nullcontext

    from .check import check_lock

    areas, problems = usable_areas(ctx)
    if area:
        _require_area(areas, problems, area)
    with check_lock(ctx.config.db_path) if lock else nullcontext():
        once = _check_and_update(ctx, area, since, use_watchlist, whole_page)
    return CheckOnce(once.result, once.outcomes, tuple(problems))


def _require_area(areas: list[Any], problems: list[str], area: str) -> None:
    """InputError unless `area` is one of the readable areas (naming its file's problems)."""
    from .errors import InputError
    from .watchlist import find_area

    if area not in {a.slug for a in areas}:
        own = [p for p in problems if Path(p.split(":", 1)[0]).stem == area]
        if own:
            raise InputError(f"the watchlist of area '{area}' cannot be read", own)
    find_area(areas, area)


def _check_and_update(
    ctx: Context, area: str | None, since: str | None, use_watchlist: bool, whole_page: bool
) -> CheckOnce:
    from .check import BoundedDiffer, run_check
    from .context import RichProgress
    from .diff import DiffRules
    from .workflow import update_outcomes

    config = ctx.config
    rules = DiffRules.from_lists(config.nomination_templates, config.maintenance_templates)
    if whole_page:  # the old way, for benchmarks/bench_check.py to compare
        rules = DiffRules(rules.nominations, rules.maintenance, whole_page=True)
    differ = BoundedDiffer(timeout=config.parse_timeout)
    try:
        with ctx.progress() as progress:
            result = run_check(
                ctx.db,
                ctx.wiki,
                team_users=config.team_user_names(),
                rules=rules,
                area=area,
                since=since,
                progress=RichProgress(progress),
                differ=differ,
                use_watchlist=use_watchlist,
            )
    finally:
        differ.close()
    outcomes = update_outcomes(ctx.db, result.latest_texts, result.run_id)
    for line in outcomes:
        ctx.log.info("correction: %s", line)
    ctx.log.info("check run %s: %s", result.run_id, result.summary())
    return CheckOnce(result, tuple(outcomes))


__all__ += [
    "AreaSummary",
    "ShownLemma",
    "ShownArea",
    "EditedList",
    "list_watchlists",
    "show_watchlist",
    "add_to_watchlist",
    "remove_from_watchlist",
    "import_category",
    "validate_all_watchlists",
    "sync_all_watchlists",
]


@dataclass(frozen=True)
class AreaSummary:
    """A policy area with its lemma counts (listed in the file, synced to page IDs)."""

    area: str
    name: str
    listed: int
    categories: int
    synced: int
    contacts: str


def list_watchlists(ctx: Context) -> list[AreaSummary]:
    from .store import area_counts

    synced = area_counts(ctx.db)
    return [
        AreaSummary(
            a.slug,
            a.name,
            len(a.lemmas),
            len(a.categories),
            synced.get(a.slug, 0),
            ", ".join(a.contacts),
        )
        for a in load_areas(ctx)
    ]


@dataclass(frozen=True)
class ShownLemma:
    """A title of an area: listed in its file, or added by a category rule (or kept)."""

    title: str
    page_id: int | None
    current_title: str
    note: str
    unverified: bool
    source: str


@dataclass(frozen=True)
class ShownArea:
    slug: str
    name: str
    lemmas: tuple[ShownLemma, ...]


def show_watchlist(ctx: Context, area: str) -> ShownArea:
    """The area's listed titles with their page IDs, then the titles the sync added."""
    from .store import area_members
    from .watchlist import find_area

    a = find_area(load_areas(ctx), area)
    synced = area_members(ctx.db, a.slug)
    rows = []
    for w in a.lemmas:
        page_id, title, _ = synced.pop(w.title, (None, "", ""))
        rows.append(ShownLemma(w.title, page_id, title, w.note, w.unverified, "list"))
    for listed, (page_id, title, source) in synced.items():
        rows.append(ShownLemma(listed, page_id, title, "", False, source))
    return ShownArea(a.slug, a.name, tuple(rows))


@dataclass(frozen=True)
class EditedList:
    """Titles asked to be added to (or removed from) an area's file, and those skipped."""

    area: str
    titles: tuple[str, ...]
    skipped: tuple[str, ...] = ()


def _edit_file(ctx: Context, area: str, edit: Any) -> list[str]:
    """Rewrite the area's file with `edit(path, text) -> (text, skipped)`, atomically."""
    from .files import write_atomically
    from .watchlist import find_area

    path = Path(find_area(load_areas(ctx), area).path)
    new, skipped = edit(path, path.read_text(encoding="utf-8"))
    write_atomically(path, new)
    return list(skipped)


def add_to_watchlist(ctx: Context, area: str, titles: Sequence[str], note: str) -> EditedList:
    """Add titles to the area's file, keeping its comments and order."""
    from .watchlist import add_titles

    skipped = _edit_file(ctx, area, lambda p, t: add_titles(p, t, titles, note))
    return EditedList(area, tuple(titles), tuple(skipped))


def remove_from_watchlist(ctx: Context, area: str, titles: Sequence[str]) -> EditedList:
    from .watchlist import remove_titles

    _edit_file(ctx, area, lambda p, t: remove_titles(p, t, titles))
    return EditedList(area, tuple(titles))


def import_category(ctx: Context, area: str, category: str, depth: int) -> EditedList:
    """Add the category's articles (`depth` levels of subcategories) to the area's file."""
    from .errors import InputError
    from .watchlist import add_titles, find_area

    find_area(load_areas(ctx), area)
    titles = list(ctx.wiki.iter_category_members(category, depth))
    if not titles:
        raise InputError(f"category '{category}' has no articles (or does not exist)")
    note = f"uit categorie {category}"
    skipped = _edit_file(ctx, area, lambda p, t: add_titles(p, t, titles, note))
    return EditedList(area, tuple(titles), tuple(skipped))


def validate_all_watchlists(ctx: Context) -> list[Any]:
    """Every area, when all files are valid; else InputError with every problem."""
    from .describe import plural
    from .errors import InputError

    areas, problems = usable_areas(ctx)
    if problems:
        raise InputError(
            f"{plural(len(problems), 'problem')} in {ctx.config.watchlists_dir}", problems
        )
    return areas


def sync_all_watchlists(ctx: Context, *, fix_titles: bool = False) -> Any:
    """Resolve every area's titles and store the areas (a `sync.SyncResult`)."""
    from .sync import sync_watchlists

    result = sync_watchlists(ctx.db, ctx.wiki, load_areas(ctx), fix_titles=fix_titles)
    statuses = {s: result.count(s) for s in sorted({r["status"] for r in result.rows})}
    ctx.log.info("sync: %d titles %s, %d requests", len(result.rows), statuses, result.requests)
    return result


# -- changes, reports, health and nightly --------------------------------------------------------


# -- corrections, reviews and audit --------------------------------------------------------------
