"""Change rows written as the store's columns once were (`"anon": 0`, JSON text in `reverts`
and `tags`), as `StoredChange`s: older report tests keep their inputs, the report takes only
our dataclass."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

from wikitrack.check.records import EDIT_FLAGS, StoredChange
from wikitrack.report import rendering


def stored_change(row: dict[str, Any]) -> StoredChange:
    def listed(value: Any) -> tuple[Any, ...]:
        return tuple(json.loads(value) if isinstance(value, str) else value or ())

    return StoredChange(
        id=row["id"],
        timestamp=row["timestamp"],
        page_id=row["page_id"],
        title=row["title"],
        namespace=row.get("namespace", 0),
        kind=row["kind"],
        category=row.get("category") or "",
        details=row.get("details") or {},
        revid=row.get("revid"),
        log_id=row.get("log_id"),
        parent_id=row.get("parent_id"),
        user=row.get("user") or "",
        comment=row.get("comment") or "",
        flags=tuple(f for f in EDIT_FLAGS if row.get("is_team" if f == "team" else f)),
        size_delta=row.get("size_delta"),
        reverted_by=row.get("reverted_by"),
        reverts=listed(row.get("reverts")),
        tags=listed(row.get("tags")),
        areas=tuple(row.get("areas") or ()),
    )


def build_report(
    rows: Iterable[dict[str, Any]], areas: Sequence[tuple[str, str]], **kw: Any
) -> rendering.Report:
    return rendering.make_report([stored_change(r) for r in rows], areas, **kw)
