"""Use cases of watching: watchlists, the check and sync.

Each takes the `Context` and the command's arguments as plain values and returns a result
object that the CLI (and the web) render; none prints, none imports click."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from wikitrack.app.context import (
    Context,
    _require_area,
    check_workers,
    load_areas,
    log_problems,
    parse_since,
    usable_areas,
)
from wikitrack.app.triage import sync_worklist_after_check
from wikitrack.errors import (
    EXIT_PARTIAL,
    CheckInterrupted,
    InputError,
)
from wikitrack.watchlist.areas import Area

if TYPE_CHECKING:  # check imports the diff workers; only the type is needed here
    from wikitrack.check.pipeline import CheckResult


# -- watchlists, check and sync ------------------------------------------------------------------


@dataclass(frozen=True)
class CheckOnce:
    """A check run, the outcomes of corrections it changed (one line each) and the problems
    of watchlists that could not be read (the other areas were checked)."""

    result: CheckResult
    outcomes: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()
    areas: tuple[Area, ...] = ()  # the areas whose files could be read

    @property
    def errors(self) -> list[str]:
        return [*self.problems, *self.result.errors]

    @property
    def exit_code(self) -> int:
        return EXIT_PARTIAL if self.errors else 0


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
    holds it already (`lock=False`, as `nightly` does around check and mail); then the caller
    also logs the problems. `since`: as --since takes it."""
    from contextlib import nullcontext

    from wikitrack.check.pipeline import check_lock

    areas, problems = usable_areas(ctx)
    if area:
        _require_area(areas, problems, area)
    with check_lock(ctx.config.db_path) if lock else nullcontext():
        once = _check_and_update(ctx, area, parse_since(since), use_watchlist, whole_page)
    done = CheckOnce(once.result, once.outcomes, tuple(problems), tuple(areas))
    if lock:
        log_problems(ctx, done.errors)
    return done


def _check_and_update(
    ctx: Context, area: str | None, since: str | None, use_watchlist: bool, whole_page: bool
) -> CheckOnce:
    from wikitrack.check.diff import DiffRules
    from wikitrack.check.pipeline import BoundedDiffer, RichProgress, run_check
    from wikitrack.corrections.workflow import update_outcomes

    config = ctx.config
    rules = DiffRules.from_lists(config.nomination_templates, config.maintenance_templates)
    if whole_page:  # the old way, for benchmarks/bench_check.py to compare
        rules = DiffRules(rules.nominations, rules.maintenance, whole_page=True)
    differ = BoundedDiffer(timeout=config.parse_timeout, workers=check_workers(config))
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
    except KeyboardInterrupt as e:
        # Ctrl-C while the wiki was being opened, before the run began: nothing was saved.
        raise e if isinstance(e, CheckInterrupted) else CheckInterrupted(0) from None
    finally:
        differ.close()
    try:
        outcomes = update_outcomes(ctx.db, result.latest_texts, result.run_id)
    except KeyboardInterrupt:  # the run itself is stored whole
        raise CheckInterrupted(result.saved) from None
    for line in outcomes:
        ctx.log.info("correction: %s", line)
    ctx.log.info("check run %s: %s", result.run_id, result.summary())
    sync_worklist_after_check(ctx, result.run_id)
    return CheckOnce(result, tuple(outcomes))


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
    from wikitrack.store import area_counts

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
    from wikitrack.store import area_members
    from wikitrack.watchlist.lists import find_area

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
    category: str = ""  # import-category: where the titles came from


def _edit_file(ctx: Context, area: str, edit: Any) -> list[str]:
    """Rewrite the area's file with `edit(path, text) -> (text, skipped)`, atomically."""
    from wikitrack.files import write_atomically
    from wikitrack.watchlist.lists import find_area

    path = Path(find_area(load_areas(ctx), area).path)
    new, skipped = edit(path, path.read_text(encoding="utf-8"))
    write_atomically(path, new)
    return list(skipped)


def add_to_watchlist(ctx: Context, area: str, titles: Sequence[str], note: str) -> EditedList:
    """Add titles to the area's file, keeping its comments and order."""
    from wikitrack.watchlist.lists import add_titles

    skipped = _edit_file(ctx, area, lambda p, t: add_titles(p, t, titles, note))
    return EditedList(area, tuple(titles), tuple(skipped))


def remove_from_watchlist(ctx: Context, area: str, titles: Sequence[str]) -> EditedList:
    from wikitrack.watchlist.lists import remove_titles

    _edit_file(ctx, area, lambda p, t: remove_titles(p, t, titles))
    return EditedList(area, tuple(titles))


def import_category(ctx: Context, area: str, category: str, depth: int) -> EditedList:
    """Add the category's articles (`depth` levels of subcategories) to the area's file."""
    from wikitrack.watchlist.lists import add_titles, find_area

    find_area(load_areas(ctx), area)
    titles = list(ctx.wiki.iter_category_members(category, depth))
    if not titles:
        raise InputError(f"category '{category}' has no articles (or does not exist)")
    note = f"uit categorie {category}"
    skipped = _edit_file(ctx, area, lambda p, t: add_titles(p, t, titles, note))
    return EditedList(area, tuple(titles), tuple(skipped), category)


def validate_all_watchlists(ctx: Context) -> list[Any]:
    """Every area, when all files are valid; else InputError with every problem."""
    from wikitrack.check.describe import plural

    areas, problems = usable_areas(ctx)
    if problems:
        raise InputError(
            f"{plural(len(problems), 'problem')} in {ctx.config.watchlists_dir}", problems
        )
    return areas


@dataclass(frozen=True)
class SyncDone:
    """A sync (`sync.SyncResult`), the wiki's batch size and whether to tell the requests."""

    result: Any
    batch_size: int
    verbose: bool = False


def sync_all_watchlists(
    ctx: Context, *, fix_titles: bool = False, verbose: bool = False
) -> SyncDone:
    """Resolve every area's titles and store the areas."""
    from wikitrack.watchlist.sync import sync_watchlists

    result = sync_watchlists(ctx.db, ctx.wiki, load_areas(ctx), fix_titles=fix_titles)
    statuses = {s: result.count(s) for s in sorted({r["status"] for r in result.rows})}
    ctx.log.info("sync: %d titles %s, %d requests", len(result.rows), statuses, result.requests)
    return SyncDone(result, ctx.wiki.batch_size, verbose)
