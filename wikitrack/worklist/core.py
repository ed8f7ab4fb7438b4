"""Worklist items, pure: signals -> items, their identity, states, rules and ranking. No I/O."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from wikitrack.check.records import StoredChange
from wikitrack.config import Person
from wikitrack.errors import InputError
from wikitrack.health.stored import StoredFinding
from wikitrack.report.rendering import WikiLinks, priority_kind
from wikitrack.wiki.sitefacts import nomination_deadline
from wikitrack.worklist.items import (
    CLOSING_OUTCOMES,
    OUTCOMES,
    STATES,
    Closing,
    Event,
    Item,
    Signal,
)

__all__ = [
    "STATES",
    "OUTCOMES",
    "CLOSING_OUTCOMES",
    "WEIGHTS",
    "Signal",
    "Item",
    "Event",
    "Closing",
    "change_signals",
    "health_signals",
    "review_signals",
    "guideline_signals",
    "fact_signals",
    "settle_changes",
    "settle_snapshot",
    "rank",
    "is_item_overdue",
    "check_claim",
    "check_done",
    "check_reopen",
    "check_reassign",
    "require_desk",
]

# How much an item weighs when deadlines are equal: the report's order of "Eerst bekijken".
WEIGHTS: dict[str, float] = {
    "nomination": 10.0,
    "blanked": 9.0,
    "large_removal": 8.0,
    "correction": 7.0,
    "fact": 6.0,
    "facts": 6.0,
    "talk": 5.0,
    "review": 5.0,
    "guideline": 4.0,
    "health": 3.0,
}


def _change_key(kind: str, c: StoredChange) -> str:
    where = f"r{c.revid}" if c.revid else f"log{c.log_id or c.id}"
    return f"change:{kind}:{c.page_id}:{where}"


def change_signals(
    changes: Iterable[StoredChange], links: WikiLinks, lang: str = "nl"
) -> list[Signal]:
    """The changes that ask for action, by the report's rule (`report.priority_kind`): one
    signal per kind and revision, described as the report does in `lang` (staff read it). A
    reverted change asks nothing (the folded revert)."""
    from wikitrack.check.describe import describe_change

    out: dict[str, Signal] = {}
    for c in changes:
        kind = priority_kind(c)
        if not kind:
            continue
        deadline = None
        if kind == "nomination":
            deadline = nomination_deadline(str(c.details.get("template", "")), c.timestamp)
        origin = {"change": c.id, "revid": c.revid, "log_id": c.log_id, "user": c.actor}
        if c.revid:
            origin["diff"] = links.query(diff=c.revid, oldid=c.parent_id or "prev")
        if kind == "nomination":
            origin["template"] = str(c.details.get("template", ""))
        key = _change_key(kind, c)
        out.setdefault(
            key,
            Signal(
                key=key,
                kind=kind,
                source="change",
                title=c.title,
                areas=tuple(c.areas),
                text=describe_change(c.kind, c.details, c.category, lang),
                appeared=c.timestamp,
                page_id=c.page_id,
                weight=WEIGHTS.get(kind, 1.0),
                deadline=deadline,
                origin=origin,
            ),
        )
    return list(out.values())


def _merged(signals: Iterable[Signal]) -> list[Signal]:
    """Signals of one key (a finding stored once per area of its lemma) as one, areas joined."""
    out: dict[str, Signal] = {}
    for s in signals:
        if s.key in out:
            areas = tuple(sorted(set(out[s.key].areas) | set(s.areas)))
            out[s.key] = replace(out[s.key], areas=areas)
        else:
            out[s.key] = s
    return list(out.values())


# Health findings that another source's items already stand for: a fact that differs (facts
# check's items, by fact ID), an open review request and a correction (their own items).
COVERED_HEALTH_KINDS = frozenset({"fact", "review", "correction"})


def health_signals(
    rows: Iterable[StoredFinding], now: str, nominated: frozenset[int] = frozenset()
) -> list[Signal]:
    """A health run's findings (`store.health_findings.health_rows`); a finding's own key names it.
    Not those another source covers (`COVERED_HEALTH_KINDS`), nor a nomination on a page in
    `nominated` (the page's nomination change is an item already)."""
    rows = [
        r
        for r in rows
        if r.kind not in COVERED_HEALTH_KINDS
        and not (r.kind == "nomination" and r.page_id in nominated)
    ]
    return _merged(
        Signal(
            key=f"health:{r.page_id}:{r.key}",
            kind="health",
            source="health",
            title=r.title,
            areas=(r.area,),
            text=f"{r.kind}: {_detail_text(r.details)}".rstrip(": "),
            appeared=r.since or now,
            page_id=r.page_id,
            weight=WEIGHTS["health"] + float(r.weight or 0) / 10,
            origin={"finding": r.key, "run": r.run_id, "health_kind": r.kind},
        )
        for r in rows
    )


def _detail_text(details: Any) -> str:
    if isinstance(details, dict):
        return ", ".join(f"{k}={v}" for k, v in sorted(details.items()) if isinstance(v, str | int))
    return str(details or "")


def review_signals(reviews: Iterable[dict[str, Any]]) -> list[Signal]:
    """Review requests still open or assigned."""
    return [
        Signal(
            key=f"review:{r['id']}",
            kind="review",
            source="review",
            title=r["title"],
            areas=(r["area"],),
            text=f"#{r['id']} {r['requested_by']}: {r['reason']}",  # the kind says what it is
            appeared=r["created"],
            page_id=r.get("page_id"),
            weight=WEIGHTS["review"],
            deadline=r.get("due") or None,
            origin={"review": r["id"]},
        )
        for r in reviews
        if r["status"] in ("open", "assigned")
    ]


def guideline_signals(corrections: Iterable[dict[str, Any]], now: str) -> list[Signal]:
    """Corrections waiting with guideline findings (`workflow.waiting_with_findings`)."""
    return [
        Signal(
            key=f"guideline:{c['id']}",
            kind="guideline",
            source="guideline",
            title=c["title"],
            areas=(c["area"],),
            text=f"#{c['id']}: "
            + ", ".join(sorted({str(f.get("rule", "")) for f in c.get("guideline") or []})),
            appeared=c.get("updated") or now,
            page_id=c.get("page_id"),
            weight=WEIGHTS["guideline"],
            origin={"correction": c["id"]},
        )
        for c in corrections
    ]


def fact_signals(results: Iterable[Any], now: str) -> list[Signal]:
    """Facts that differ (`facts.classify.FactResult`s whose status is a difference)."""
    return [
        Signal(
            key=f"facts:{r.fact.id}",
            kind="facts",
            source="facts",
            title=r.fact.lemma,
            areas=(r.fact.area,),
            text=f"{r.fact.id}: {r.fact.value} {r.fact.unit}".rstrip()
            + f" ≠ {r.wiki or '-'} ({r.status})",
            appeared=now,
            weight=WEIGHTS["facts"],
            origin={"fact": r.fact.id, "status": r.status, "revid": r.revid},
        )
        for r in results
    ]


def settle_changes(
    items: Iterable[Item], reverted: set[int], withdrawn: Callable[[Item], bool]
) -> list[Closing]:
    """Open items from changes whose change went away on the wiki: its revision was reverted
    (the vandalism undone by others), or, for a nomination, its template removed since
    (`withdrawn`)."""
    out = []
    for item in items:
        if item.source != "change" or item.state == "done":
            continue
        revid = item.origin.get("revid")
        if revid in reverted:
            out.append(Closing(item.id, "undone", f"revision {revid} was reverted on the wiki"))
        elif item.kind == "nomination" and withdrawn(item):
            out.append(Closing(item.id, "undone", "the nomination was withdrawn on the wiki"))
    return out


def settle_snapshot(
    items: Iterable[Item], current: set[str], covered: Callable[[Item], bool], note: str
) -> list[Closing]:
    """Open items of a source that a fresh look (a health run, a facts check, the review
    requests) no longer finds: solved on the wiki. `covered`: whether that look saw the item's
    lemma at all (a run over one area says nothing of the others)."""
    return [
        Closing(i.id, "solved", note)
        for i in items
        if i.state != "done" and i.key not in current and covered(i)
    ]


def rank(items: Iterable[Item]) -> list[Item]:
    """Most urgent first: the nearest deadline, then the heaviest, then the oldest."""
    return sorted(items, key=lambda i: (i.deadline or "9999-12-31", -i.weight, i.appeared, i.id))


def is_item_overdue(item: Item, today: date, unclaimed_days: int) -> bool:
    """Unclaimed for more than `unclaimed_days`, or a deadline within three days (not done)."""
    if item.state == "done":
        return False
    if item.deadline and date.fromisoformat(item.deadline[:10]) <= today + timedelta(days=3):
        return True
    appeared = date.fromisoformat(item.appeared[:10])
    return item.state == "open" and (today - appeared).days > unclaimed_days


def require_desk(person: Person, item_id: int | None = None) -> None:
    """Only desk editors claim and close; policy staff see their areas' items and state."""
    if not person.is_desk:
        what = f"item #{item_id}" if item_id is not None else "worklist items"
        raise InputError(
            f"{person.name} is policy staff: only desk editors claim, close or reassign "
            f"{what} (policy staff see them with 'wikitrack worklist')"
        )


def check_claim(item: Item, person: Person, *, take_over: bool, reason: str) -> str | None:
    """The holder `person` must take over from (None: nobody), or InputError."""
    require_desk(person, item.id)
    if item.state == "done":
        raise InputError(
            f"item #{item.id} is done ({item.outcome_text}); 'wikitrack worklist reopen "
            f"{item.id}' first"
        )
    if item.state == "claimed" and item.holder != person.name:
        if not take_over:
            raise InputError(
                f"item #{item.id} is claimed by {item.holder} (since {item.claimed}); "
                "take it over with --take-over --reason TEXT"
            )
        if not reason.strip():
            raise InputError(f"item #{item.id}: --take-over needs --reason (why you take it over)")
        return item.holder
    return None


def check_done(
    item: Item,
    person: Person,
    outcome: str,
    *,
    ref: int | None,
    note: str,
    ref_title: str | None = None,
) -> None:
    """InputError unless `person` may close `item` with `outcome` (and its reference `ref`,
    about the lemma `ref_title`)."""
    require_desk(person, item.id)
    if item.state == "done":
        raise InputError(f"item #{item.id} is done already ({item.outcome_text})")
    if item.state == "claimed" and item.holder != person.name:
        raise InputError(
            f"item #{item.id} is claimed by {item.holder}: they close it, or you take it over "
            "first ('worklist claim --take-over')"
        )
    if outcome not in CLOSING_OUTCOMES:
        raise InputError(f"unknown outcome '{outcome}' (choose: {', '.join(CLOSING_OUTCOMES)})")
    needs = {"correction": "--correction N", "review": "--review N"}
    if outcome in needs and ref is None:
        raise InputError(f"outcome '{outcome}' needs {needs[outcome]}")
    if outcome == "no_action" and not note.strip():
        raise InputError("outcome 'no_action' needs --note with the reason")
    if outcome in needs and ref_title is not None and ref_title != item.title:
        raise InputError(
            f"{outcome} #{ref} is about '{ref_title}', not about item #{item.id}'s lemma "
            f"'{item.title}'"
        )


def check_reopen(item: Item, person: Person) -> None:
    require_desk(person, item.id)
    if item.state != "done":
        raise InputError(f"item #{item.id} is {item.state}, not done: nothing to reopen")


def check_reassign(item: Item, person: Person, to: Person) -> None:
    require_desk(person, item.id)
    if not to.is_desk:
        raise InputError(f"{to.name} is policy staff: items go to desk editors only")
    if item.state == "done":
        raise InputError(f"item #{item.id} is done ({item.outcome_text}); reopen it first")


def filter_items(
    items: Sequence[Item],
    *,
    areas: Sequence[str] = (),
    holder: str | None = None,
    states: Sequence[str] = (),
    kinds: Sequence[str] = (),
) -> list[Item]:
    """The items of these areas, holder, states and kinds (each: any, when empty)."""
    return [
        i
        for i in items
        if (not areas or set(areas) & set(i.areas))
        and (holder is None or i.holder == holder)
        and (not states or i.state in states)
        and (not kinds or i.kind in kinds)
    ]
