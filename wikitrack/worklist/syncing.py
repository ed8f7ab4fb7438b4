"""The worklist's shell: sync items from the night's signals, and the use cases of the
`worklist` commands (the CLI and the web call these). SQL lives in `store.worklist`."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from wikitrack import store
from wikitrack.config import Config, find_person
from wikitrack.errors import InputError
from wikitrack.report.rendering import WikiLinks
from wikitrack.store import worklist_items as items_store
from wikitrack.store.db import now_iso
from wikitrack.worklist import core
from wikitrack.worklist.core import Closing, Event, Item, Signal

if TYPE_CHECKING:  # lazy: keeps --help free of sqlite-utils (issue 27)
    from sqlite_utils import Database

__all__ = [
    "Scope",
    "Synced",
    "ItemStep",
    "ItemTrail",
    "sync_after_check",
    "sync_after_health",
    "sync_after_facts",
    "select_worklist",
    "claim",
    "finish",
    "reopen",
    "reassign",
    "show",
    "export",
]


class Scope(Protocol):
    """What the use cases need: the CLI's `Context`, or the web's request (`web`)."""

    @property
    def db(self) -> Database: ...

    @property
    def config(self) -> Config: ...


@dataclass(frozen=True)
class Synced:
    """What a sync did: items that came in (or back) and items closed by themselves."""

    added: tuple[int, ...] = ()
    closed: tuple[Closing, ...] = ()

    def summary(self) -> str:
        return f"worklist: {len(self.added)} new, {len(self.closed)} closed by the wiki"


def _apply(db: Database, signals: Sequence[Signal], closings: Sequence[Closing]) -> Synced:
    now = now_iso()
    added = items_store.add_items(db, signals, now)
    items_store.close_items(db, closings, now)
    return Synced(tuple(added), tuple(closings))


def _snapshot(db: Database, source: str, signals: Sequence[Signal], note: str) -> list[Closing]:
    items = items_store.list_items(db, states=("open", "claimed"), sources=(source,))
    return core.settle_snapshot(items, {s.key for s in signals}, lambda _: True, note)


def sync_after_check(db: Database, run_id: int, api_url: str, lang: str = "nl") -> Synced:
    """At the end of `check`: the run's changes that ask for action, the open review requests
    and the corrections waiting with guideline findings become items; items whose change was
    reverted, whose nomination was withdrawn, whose request was closed go. Idempotent."""
    from wikitrack.corrections.workflow import waiting_with_findings

    now = now_iso()
    links = WikiLinks.from_api_url(api_url)
    signals = core.change_signals(store.iter_changes(db, run_id=run_id), links, lang)
    reviews = core.review_signals(r.as_dict() for r in store.iter_reviews(db))
    guideline = core.guideline_signals(waiting_with_findings(db), now)
    changed = items_store.list_items(db, states=("open", "claimed"), sources=("change",))
    revids = [int(i.origin["revid"]) for i in changed if i.origin.get("revid")]
    reverted = items_store.reverted_among(db, revids)

    def withdrawn(item: Item) -> bool:
        template = str(item.origin.get("template", ""))
        return item.page_id is not None and items_store.nomination_removed(
            db, item.page_id, template, item.appeared
        )

    closings = core.settle_changes(changed, reverted, withdrawn)
    closings += _snapshot(db, "review", reviews, "the review request was closed")
    closings += _snapshot(
        db, "guideline", guideline, "the correction no longer waits with guideline findings"
    )
    return _apply(db, [*signals, *reviews, *guideline], closings)


def sync_after_health(db: Database, run_id: int) -> Synced:
    """At the end of `health`: its findings become items; a finding it no longer sees on a
    lemma it looked at is solved on the wiki."""
    from wikitrack.store import health_findings as health_store

    run = health_store.get_health_run(db, run_id)
    rows = health_store.health_rows(db, run_id)
    nominated = frozenset(
        i.page_id
        for i in items_store.list_items(db, sources=("change",))
        if i.kind == "nomination" and i.page_id is not None
    )
    signals = core.health_signals(rows, now_iso(), nominated)
    scope = run.scope or "all"

    def covered(item: Item) -> bool:
        if scope.startswith("area:"):
            return scope.removeprefix("area:") in item.areas
        if scope.startswith("lemma:"):
            return item.title == scope.removeprefix("lemma:")
        return True

    items = items_store.list_items(db, states=("open", "claimed"), sources=("health",))
    closings = core.settle_snapshot(
        items, {s.key for s in signals}, covered, "the health run no longer finds it"
    )
    return _apply(db, signals, closings)


def sync_after_facts(db: Database, results: Iterable[Any], differences: Iterable[Any]) -> Synced:
    """At the end of `facts check`: facts that differ become items; a fact that matches again
    closes its item."""
    signals = core.fact_signals(differences, now_iso())
    checked = {f"facts:{r.fact.id}" for r in results}
    items = items_store.list_items(db, states=("open", "claimed"), sources=("facts",))
    closings = core.settle_snapshot(
        items, {s.key for s in signals}, lambda i: i.key in checked, "the fact matches again"
    )
    return _apply(db, signals, closings)


# -- the commands' use cases ----------------------------------------------------------------------


def select_worklist(
    ctx: Scope,
    *,
    areas: Sequence[str] = (),
    mine: bool = False,
    by: str | None = None,
    states: Sequence[str] = (),
    kinds: Sequence[str] = (),
) -> list[Item]:
    """The items, most urgent first; without --state, those not done."""
    holder = None
    if mine:
        if not by:
            raise InputError("--mine needs --by NAME (whose items)")
        holder = find_person(ctx.config.people, by).name
    items = items_store.list_items(ctx.db, states=tuple(states) or ("open", "claimed"))
    return core.rank(core.filter_items(items, areas=areas, holder=holder, kinds=kinds))


def _item(ctx: Scope, item_id: int) -> Item:
    item = items_store.get_item(ctx.db, item_id)
    if item is None:
        raise InputError(f"unknown worklist item #{item_id} (see 'wikitrack worklist')")
    return item


@dataclass(frozen=True)
class ItemStep:
    """An item after a step, and the line that says what happened."""

    item: Item
    message: str


@dataclass(frozen=True)
class ItemTrail:
    item: Item
    events: tuple[Event, ...]


def claim(
    ctx: Scope, item_id: int, *, by: str, take_over: bool = False, reason: str = ""
) -> ItemStep:
    """`worklist claim`: the item is `by`'s; a race lost is told who won (exit 2)."""
    person = find_person(ctx.config.people, by)
    item = _item(ctx, item_id)
    expected = core.check_claim(item, person, take_over=take_over, reason=reason)
    if item.state == "claimed" and item.holder == person.name:
        return ItemStep(item, f"item #{item_id} is yours already")
    lost_to = items_store.claim_item(
        ctx.db, item_id, person.name, now_iso(), expected=expected, note=reason
    )
    if lost_to is not None:
        raise InputError(f"item #{item_id} changed meanwhile: claimed by {lost_to}")
    return ItemStep(_item(ctx, item_id), f"item #{item_id} claimed by {person.name}")


def finish(
    ctx: Scope,
    item_id: int,
    *,
    by: str,
    outcome: str,
    correction: int | None = None,
    review: int | None = None,
    note: str = "",
) -> ItemStep:
    """`worklist done`: close the item with an outcome (a correction or review request about
    the item's own lemma)."""
    person = find_person(ctx.config.people, by)
    item = _item(ctx, item_id)
    ref = correction if outcome == "correction" else review if outcome == "review" else None
    ref_title = None
    if outcome in ("correction", "review") and ref is not None:
        ref_title = items_store.lemma_of(ctx.db, outcome, ref)
        if ref_title is None:
            raise InputError(f"unknown {outcome} #{ref}")
    core.check_done(item, person, outcome, ref=ref, note=note, ref_title=ref_title)
    done = items_store.finish_item(
        ctx.db, item_id, person.name, now_iso(), outcome=outcome, ref=ref, note=note,
        expected=item.holder,
    )  # fmt: skip
    if not done:
        now = _item(ctx, item_id)
        raise InputError(f"item #{item_id} changed meanwhile: {now.state} ({now.holder or '-'})")
    after = _item(ctx, item_id)
    return ItemStep(after, f"item #{item_id} done: {after.outcome_text}")


def reopen(ctx: Scope, item_id: int, *, by: str, note: str = "") -> ItemStep:
    person = find_person(ctx.config.people, by)
    item = _item(ctx, item_id)
    core.check_reopen(item, person)
    if not items_store.reopen_item(ctx.db, item_id, person.name, now_iso(), note):
        now = _item(ctx, item_id)
        raise InputError(f"item #{item_id} changed meanwhile: {now.state} ({now.holder or '-'})")
    return ItemStep(_item(ctx, item_id), f"item #{item_id} open again")


def reassign(ctx: Scope, item_id: int, *, by: str, to: str, note: str = "") -> ItemStep:
    person, target = find_person(ctx.config.people, by), find_person(ctx.config.people, to)
    item = _item(ctx, item_id)
    core.check_reassign(item, person, target)
    moved = items_store.reassign_item(
        ctx.db,
        item_id,
        person.name,
        target.name,
        now_iso(),
        state=item.state,
        holder=item.holder,
        note=note,
    )
    if not moved:
        now = _item(ctx, item_id)
        raise InputError(f"item #{item_id} changed meanwhile: {now.state} ({now.holder or '-'})")
    return ItemStep(_item(ctx, item_id), f"item #{item_id} now with {target.name}")


def show(ctx: Scope, item_id: int) -> ItemTrail:
    """`worklist show`: the item and its trail."""
    return ItemTrail(_item(ctx, item_id), tuple(items_store.item_events(ctx.db, item_id)))


def export(ctx: Scope) -> list[ItemTrail]:
    """Every item, done ones included, with its trail: what the municipality did about what."""
    return [
        ItemTrail(i, tuple(items_store.item_events(ctx.db, i.id)))
        for i in items_store.list_items(ctx.db)
    ]
