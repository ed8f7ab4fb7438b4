"""Use cases of the desk's worklist (issue 25).

Each takes the `Context` and the command's arguments as plain values and returns a result
object that the CLI (and the web) render; none prints, none imports click."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from wikitrack import store
from wikitrack.app.context import Context, wiki_api_url
from wikitrack.report.rendering import REPORT_DAYS

if TYPE_CHECKING:  # check imports the diff workers; only the type is needed here
    pass


# -- the worklist (issue 25) ----------------------------------------------------------------------
# The use cases live in `worklist.run`; these are the names the CLI, the web and the other
# commands call. Items are synced at the end of check, health and facts check.


def sync_worklist_after_check(ctx: Context, run_id: int) -> None:
    from wikitrack.worklist.syncing import sync_after_check

    synced = sync_after_check(ctx.db, run_id, wiki_api_url(ctx.config), ctx.config.language)
    ctx.log.info("%s", synced.summary())


def sync_worklist_after_health(ctx: Context, run_id: int) -> None:
    from wikitrack.worklist.syncing import sync_after_health

    ctx.log.info("%s", sync_after_health(ctx.db, run_id).summary())


def sync_worklist_after_facts(ctx: Context, done: Any) -> None:
    from wikitrack.worklist.syncing import sync_after_facts

    ctx.log.info("%s", sync_after_facts(ctx.db, done.results, done.differences).summary())


def list_worklist(ctx: Context, **how: Any) -> list[Any]:
    from wikitrack.worklist.syncing import select_worklist as listed

    return listed(ctx, **how)


def claim_worklist_item(ctx: Context, item_id: int, **how: Any) -> Any:
    from wikitrack.worklist.syncing import claim

    return claim(ctx, item_id, **how)


def finish_worklist_item(ctx: Context, item_id: int, **how: Any) -> Any:
    from wikitrack.worklist.syncing import finish

    return finish(ctx, item_id, **how)


def reopen_worklist_item(ctx: Context, item_id: int, **how: Any) -> Any:
    from wikitrack.worklist.syncing import reopen

    return reopen(ctx, item_id, **how)


def reassign_worklist_item(ctx: Context, item_id: int, **how: Any) -> Any:
    from wikitrack.worklist.syncing import reassign

    return reassign(ctx, item_id, **how)


def find_worklist_item(ctx: Context, item_id: int) -> Any:
    """The item (`worklist.core.Item`), or None when there is none of that number (the web's
    404)."""
    from wikitrack.store import worklist_items

    return worklist_items.get_item(ctx.db, item_id)


def show_worklist_item(ctx: Context, item_id: int) -> Any:
    from wikitrack.worklist.syncing import show

    return show(ctx, item_id)


def export_worklist(ctx: Context) -> list[Any]:
    """Every worklist item with its trail, for `correction export --worklist`."""
    from wikitrack.worklist.syncing import export

    return export(ctx)


def worklist_period(ctx: Context, text: str, fmt: str, *, since: str | None, **how: Any) -> str:
    """A rendered report with the worklist's figures of its period per area (nothing when no
    item came in, was claimed or was done in it)."""
    from wikitrack.store import worklist_items as items_store
    from wikitrack.worklist.period import WorklistPeriod, period_figures

    now = datetime.now(UTC)
    start = since or (now - timedelta(days=REPORT_DAYS)).strftime("%Y-%m-%dT%H:%M:%SZ")
    if how.get("last_run") and (rid := store.last_run_id(ctx.db)) is not None:
        start = store.run_window_start(ctx.db, rid) or start
    names = dict(store.area_names(ctx.db))
    areas = list(how.get("areas") or ()) or list(names)
    figures = period_figures(
        items_store.list_items(ctx.db), areas, start, now.strftime("%Y-%m-%dT%H:%M:%SZ")
    )
    return WorklistPeriod(tuple(figures), names, ctx.config.language).attach(text, fmt)
