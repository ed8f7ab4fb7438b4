"""The worklist in a report of a period: per area how many items came in, how many the desk
handled (and the wiki undid by itself), and the median time to claim and to done. Pure."""

from __future__ import annotations

import html
import json
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from wikitrack.texts import texts
from wikitrack.worklist.core import CLOSING_OUTCOMES, Item

__all__ = ["AreaFigures", "WorklistPeriod", "period_figures"]


@dataclass(frozen=True)
class AreaFigures:
    area: str
    came_in: int
    handled: int
    by_wiki: int
    median_claim_hours: float | None
    median_done_hours: float | None

    def as_dict(self) -> dict[str, object]:
        return dict(vars(self))


def _hours(start: str, end: str | None) -> float | None:
    if not end:
        return None
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    return (datetime.strptime(end, fmt) - datetime.strptime(start, fmt)).total_seconds() / 3600


def _median(values: Sequence[float | None]) -> float | None:
    known = [v for v in values if v is not None and v >= 0]
    return round(statistics.median(known), 1) if known else None


def period_figures(
    items: Sequence[Item], areas: Sequence[str], since: str, until: str
) -> list[AreaFigures]:
    """Per area (in `areas`' order): items that appeared in [since, until], items done in it by
    the desk and by the wiki itself, and the median hours from appearing to claim and to done
    of the items claimed or done by the desk in it."""
    out = []
    for area in areas:
        mine = [i for i in items if area in i.areas]
        came = [i for i in mine if since <= i.appeared <= until]
        done = [i for i in mine if i.done and since <= i.done <= until]
        desk = [i for i in done if i.outcome in CLOSING_OUTCOMES]
        claimed = [i for i in mine if i.claimed and since <= i.claimed <= until]
        if not (came or done or claimed):
            continue
        out.append(
            AreaFigures(
                area=area,
                came_in=len(came),
                handled=len(desk),
                by_wiki=len(done) - len(desk),
                median_claim_hours=_median([_hours(i.appeared, i.claimed) for i in claimed]),
                median_done_hours=_median([_hours(i.appeared, i.done) for i in desk]),
            )
        )
    return out


@dataclass(frozen=True)
class WorklistPeriod:
    """The section, with area display names, to attach to a rendered report."""

    figures: tuple[AreaFigures, ...]
    names: dict[str, str]
    lang: str

    def _lines(self) -> list[str]:
        s = texts(self.lang, "worklist")
        none = s["period_none"]
        return [
            s["period_line"].format(
                area=self.names.get(f.area, f.area),
                came_in=f.came_in,
                handled=f.handled,
                by_wiki=f.by_wiki,
                claim=none if f.median_claim_hours is None else f"{f.median_claim_hours:g}",
                done=none if f.median_done_hours is None else f"{f.median_done_hours:g}",
            )
            for f in self.figures
        ]

    def attach(self, rendered: str, fmt: str) -> str:
        if not self.figures:
            return rendered
        heading = texts(self.lang, "worklist")["period_heading"]
        if fmt == "json":
            data = json.loads(rendered)
            data["worklist"] = [f.as_dict() for f in self.figures]
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if fmt == "html":
            items = "".join(f"<li>{html.escape(line)}</li>" for line in self._lines())
            part = (
                f'<section id="werklijst"><h2>{html.escape(heading)}</h2><ul>{items}</ul></section>'
            )
            head, sep, tail = rendered.rpartition("</body>")
            return head + part + sep + tail if sep else rendered + part
        bullet = "- " if fmt == "markdown" else "  "
        title = f"## {heading}" if fmt == "markdown" else f"{heading}:"
        lines = [title, *(bullet + line for line in self._lines())]
        return rendered.rstrip("\n") + "\n\n" + "\n".join(lines) + "\n"
